// Host API of the simulated skip-ahead greedy LZ4 compressor (gen/lz4/compress-greedy.ts), one engine or an engine
// array (gen/lz4/compress-array.ts): blocks in, LZ4 blocks out in the same order, the call shape of the TS model
// lz4GreedyCompress (whose output every block must equal byte for byte).
import { lz4caDesignOf, lz4CompressArrayGenerator, type Lz4CompressArrayParams } from '../../gen/lz4/compress-array.js';
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
  /**
   * compressorDesign: the design every engine implements (what lz4GreedyCompress takes); stallLimit: cycles without
   * a transfer before a run is called hung.
   */
  private constructor(
    readonly params: Lz4GreedyCompressParams | Lz4CompressArrayParams, readonly design: GeneratedDesign, readonly model: SimModel,
    readonly compressorDesign: Lz4GreedyDesign, private readonly stallLimit: number,
  ) {}

  static async create(raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}): Promise<SimulatedGreedyLz4Compressor> {
    // the hash table is cleared for 2^hashBits cycles after reset
    const { params, design, model } = await loadEngine(lz4CompressGreedyGenerator, raw, options, (p) => (1 << p.hashBits) + 4);
    // a long match keeps the output quiet while it is extended
    return new SimulatedGreedyLz4Compressor(params, design, model, greedyDesignOf(params), 100_000);
  }

  /** An engine array (`engines`, `dataBytes` beside the engine's parameters), driven the same way. */
  static async createArray(raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}): Promise<SimulatedGreedyLz4Compressor> {
    // the engines clear their hash tables for 2^hashBits cycles after reset
    const { params, design, model } = await loadEngine(lz4CompressArrayGenerator, raw, options, (p) => (1 << p.hashBits) + 4);
    // the merge waits on the oldest block's engine while the others finish theirs
    return new SimulatedGreedyLz4Compressor(params, design, model, lz4caDesignOf(params), 200_000);
  }

  compress(blocks: readonly Uint8Array[], drive: StreamDrive = {}): Lz4CompressRun {
    const { packets, verdicts, ...rest } = runPackets(this.model, blocks, drive, this.stallLimit);
    return { blocks: packets.map((data, i) => ({ data, error: Number(verdicts[i]) })), ...rest };
  }

  close(): void {
    this.model.close();
  }
}
