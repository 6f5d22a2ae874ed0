// The default configurations whose RTL is checked in under hw/generated (a test fails when it is stale).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { GeneratedDesign, GeneratedFile } from './core/design.js';
import { designOutputFiles, type FileLayout } from './core/filelist.js';
import { findGenerator } from './index.js';
import { datapathQueueParams, validateDatapathConfig } from './datapath/config.js';
import { projectRoot } from '../src/util/paths.js';

/** The default datapath's config file: its queue engine is one of the defaults. */
export const DEFAULT_DATAPATH_FILE = 'hw/datapath.json';

/** The line-rate datapath's config file (64-byte beats, LZ4 engine arrays, XTS, EC): bench table 9b, the synthesis table. */
export const LINE_RATE_DATAPATH_FILE = 'hw/datapath-linerate.json';

/** The queue engine parameters of a datapath config file (a path from the project root). */
export function datapathFileParams(file: string): Record<string, unknown> {
  const raw: unknown = JSON.parse(readFileSync(path.join(projectRoot(), file), 'utf8'));
  return { ...datapathQueueParams(validateDatapathConfig(raw)) };
}

export function defaultDatapathParams(): Record<string, unknown> {
  return datapathFileParams(DEFAULT_DATAPATH_FILE);
}

export const DEFAULT_CONFIGS: readonly { engine: string; params: Record<string, unknown> }[] = [
  { engine: 'crc', params: { bytesPerCycle: 64, model: 'crc32c' } },
  { engine: 'crc', params: { bytesPerCycle: 64, model: 'crc64-nvme' } },
  { engine: 'ec', params: { k: 10, m: 4, bytesPerCycle: 64, coefficients: 'runtime' } },
  { engine: 'ec', params: { k: 10, m: 4, bytesPerCycle: 64, coefficients: 'fixed', matrix: 'cauchy' } },
  { engine: 'lz4-decompress', params: { bytesPerCycle: 8, windowBytes: 65536 } },
  { engine: 'lz4-compress', params: { lanes: 16, hashBits: 14, hashBanks: 64, windowBytes: 65536, backwardBytes: 4 } },
  { engine: 'lz4-compress-parallel', params: { lanes: 16, hashBits: 14, hashBanks: 64, windowBytes: 65536, backwardBytes: 4, entryBytes: 16, sequencesPerCycle: 2 } },
  { engine: 'inflate', params: { bytesPerCycle: 8, windowBytes: 32768 } },
  { engine: 'ec-stripe', params: { mode: 'encode', k: 8, m: 2, dataBytes: 16, maxBytes: 65809 } },
  { engine: 'ec-stripe', params: { mode: 'reconstruct', k: 8, m: 2, dataBytes: 16, maxBytes: 65809 } },
  { engine: 'board', params: {} },
  { engine: 'dma', params: { dataBytes: 16, maxBurstBeats: 16, maxReadBursts: 8, maxWriteBursts: 8 } },
  { engine: 'queue', params: defaultDatapathParams() },
  { engine: 'deflate', params: { lanes: 16, hashBits: 14, hashBanks: 64, windowBytes: 32768, backwardBytes: 4 } },
  { engine: 'xts', params: { mode: 'encrypt', keyBits: 256, lanes: 4, rounds: 'unrolled', keySlots: 4 } },
  { engine: 'xts', params: { mode: 'decrypt', keyBits: 256, lanes: 4, rounds: 'unrolled', keySlots: 4 } },
];

export const GENERATED_DIR = 'hw/generated';

export function defaultDesigns(): GeneratedDesign[] {
  return DEFAULT_CONFIGS.map(({ engine, params }) => {
    const g = findGenerator(engine);
    return g.emit(g.validate(params));
  });
}

/** Where the defaults live: hw/generated, beside hw/lib, their filelists' paths from the project root. */
export function generatedLayout(): FileLayout {
  const root = projectRoot();
  return { designDir: path.join(root, GENERATED_DIR), libDir: path.join(root, 'hw/lib'), base: root };
}

/** Every file hw/generated holds: each default design's Verilog, filelist and FuseSoC core, each name once. */
export function generatedDirFiles(): GeneratedFile[] {
  const byName = new Map<string, GeneratedFile>();
  for (const d of defaultDesigns()) for (const f of designOutputFiles(d, generatedLayout())) byName.set(f.name, f);
  return [...byName.values()];
}
