// The default configurations whose RTL is checked in under hw/generated (a test fails when it is stale).
import type { GeneratedDesign } from './core/design.js';
import { findGenerator } from './index.js';

export const DEFAULT_CONFIGS: readonly { engine: string; params: Record<string, unknown> }[] = [
  { engine: 'crc', params: { bytesPerCycle: 64, model: 'crc32c' } },
  { engine: 'crc', params: { bytesPerCycle: 64, model: 'crc64-nvme' } },
  { engine: 'ec', params: { k: 10, m: 4, bytesPerCycle: 64, coefficients: 'runtime' } },
  { engine: 'ec', params: { k: 10, m: 4, bytesPerCycle: 64, coefficients: 'fixed', matrix: 'cauchy' } },
  { engine: 'lz4-decompress', params: { bytesPerCycle: 8, windowBytes: 65536 } },
  { engine: 'lz4-compress', params: { lanes: 16, hashBits: 14, hashBanks: 64, windowBytes: 65536, backwardBytes: 4 } },
  { engine: 'lz4-compress-parallel', params: { lanes: 16, hashBits: 14, hashBanks: 64, windowBytes: 65536, backwardBytes: 4, entryBytes: 16, sequencesPerCycle: 2 } },
  { engine: 'inflate', params: { bytesPerCycle: 8, windowBytes: 32768 } },
  { engine: 'dma', params: { dataBytes: 16, maxBurstBeats: 16, maxReadBursts: 8, maxWriteBursts: 8 } },
  { engine: 'queue', params: { queues: 4, dataBytes: 16, maxRequests: 8, arbitration: 'round-robin', maxBurstBeats: 16, maxReadBursts: 8, maxWriteBursts: 8 } },
  { engine: 'deflate', params: { lanes: 16, hashBits: 14, hashBanks: 64, windowBytes: 32768, backwardBytes: 4 } },
];

export const GENERATED_DIR = 'hw/generated';

export function defaultDesigns(): GeneratedDesign[] {
  return DEFAULT_CONFIGS.map(({ engine, params }) => {
    const g = findGenerator(engine);
    return g.emit(g.validate(params));
  });
}
