// Host API of the simulated LZ4 block compressors (the sequential and the parallel implementation of the
// design): blocks in, LZ4 blocks out, the same call shape as the TS model lz4DesignCompress (whose output
// both must equal byte for byte).
import { designOf, type Lz4CompressParams } from '../../gen/lz4/compress-params.js';
import { lz4CompressGenerator } from '../../gen/lz4/compress.js';
import { lz4CompressParallelGenerator } from '../../gen/lz4/compress-parallel.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import type { SimModel } from '../../sim/model.js';
import { loadEngine, type EngineLoadOptions } from './load-engine.js';
import { runPackets } from './packet-run.js';
import type { Lz4CompressorDesign } from '../ref/lz4-compress.js';
import type { StreamDrive } from '../../sim/stream.js';

export interface Lz4CompressRun {
  /** Per block: the LZ4 block, and the engine's verdict (0 = compressed). */
  blocks: { data: Uint8Array; error: number }[];
  cycles: number;
  inputBytes: number;
  outputBytes: number;
}

export class SimulatedLz4Compressor {
  private constructor(readonly params: Lz4CompressParams, readonly design: GeneratedDesign, readonly model: SimModel) {}

  /** The sequential implementation (gen/lz4/compress.ts): 4 bytes per beat, about one position per cycle. */
  static async create(raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}): Promise<SimulatedLz4Compressor> {
    // the hash table is cleared for 2^hashBits cycles after reset
    const { params, design, model } = await loadEngine(lz4CompressGenerator, raw, options, (p) => (1 << p.hashBits) + 4);
    return new SimulatedLz4Compressor(params, design, model);
  }

  /** The parallel implementation (gen/lz4/compress-parallel.ts): `lanes` bytes per beat and positions per cycle. */
  static async createParallel(raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}): Promise<SimulatedLz4Compressor> {
    // the banks are cleared in parallel, 2^hashBits / hashBanks cycles after reset
    const { params, design, model } = await loadEngine(lz4CompressParallelGenerator, raw, options, (p) => (1 << p.hashBits) / p.hashBanks + 4);
    return new SimulatedLz4Compressor(params, design, model);
  }

  /** The compressor design this engine implements (what lz4DesignCompress takes). */
  get compressorDesign(): Lz4CompressorDesign {
    return designOf(this.params);
  }

  compress(blocks: readonly Uint8Array[], drive: StreamDrive = {}): Lz4CompressRun {
    // long matches keep the output quiet for a while: allow 100k cycles without a transfer
    const { packets, verdicts, ...rest } = runPackets(this.model, blocks, drive, 100_000);
    return { blocks: packets.map((data, i) => ({ data, error: Number(verdicts[i]) })), ...rest };
  }

  close(): void {
    this.model.close();
  }
}
