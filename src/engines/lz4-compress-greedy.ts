// Host API of the simulated skip-ahead greedy LZ4 compressor (gen/lz4/compress-greedy.ts): blocks in, LZ4 blocks
// out, the call shape of its TS model lz4GreedyCompress (whose output it must equal byte for byte).
import { greedyDesignOf, type Lz4GreedyCompressParams } from '../../gen/lz4/compress-params.js';
import { lz4CompressGreedyGenerator } from '../../gen/lz4/compress-greedy.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import type { SimModel } from '../../sim/model.js';
import type { StreamDrive } from '../../sim/stream.js';
import type { Lz4GreedyDesign } from '../ref/lz4-compress-greedy.js';
import { loadEngine, type EngineLoadOptions } from './load-engine.js';
import type { Lz4CompressRun } from './lz4-compress.js';
import { runPackets } from './packet-run.js';

export class SimulatedGreedyLz4Compressor {
  private constructor(readonly params: Lz4GreedyCompressParams, readonly design: GeneratedDesign, readonly model: SimModel) {}

  static async create(raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}): Promise<SimulatedGreedyLz4Compressor> {
    // the hash table is cleared for 2^hashBits cycles after reset
    const { params, design, model } = await loadEngine(lz4CompressGreedyGenerator, raw, options, (p) => (1 << p.hashBits) + 4);
    return new SimulatedGreedyLz4Compressor(params, design, model);
  }

  /** The design this engine implements (what lz4GreedyCompress takes). */
  get compressorDesign(): Lz4GreedyDesign {
    return greedyDesignOf(this.params);
  }

  compress(blocks: readonly Uint8Array[], drive: StreamDrive = {}): Lz4CompressRun {
    // a long match keeps the output quiet while it is extended: allow 100k cycles without a transfer
    const { packets, verdicts, ...rest } = runPackets(this.model, blocks, drive, 100_000);
    return { blocks: packets.map((data, i) => ({ data, error: Number(verdicts[i]) })), ...rest };
  }

  close(): void {
    this.model.close();
  }
}
