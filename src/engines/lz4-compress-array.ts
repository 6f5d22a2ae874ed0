// Host API of the simulated LZ4 compressor engine array (gen/lz4/compress-array.ts): blocks in, LZ4 blocks out in
// the same order, each equal to its TS model lz4GreedyCompress byte for byte.
import { arrayEngineParams, lz4CompressArrayGenerator, type Lz4CompressArrayParams } from '../../gen/lz4/compress-array.js';
import { greedyDesignOf } from '../../gen/lz4/compress-params.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import type { SimModel } from '../../sim/model.js';
import type { StreamDrive } from '../../sim/stream.js';
import type { Lz4GreedyDesign } from '../ref/lz4-compress-greedy.js';
import { loadEngine, type EngineLoadOptions } from './load-engine.js';
import type { Lz4CompressRun } from './lz4-compress.js';
import { runPackets } from './packet-run.js';

export class SimulatedLz4CompressorArray {
  private constructor(readonly params: Lz4CompressArrayParams, readonly design: GeneratedDesign, readonly model: SimModel) {}

  static async create(raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}): Promise<SimulatedLz4CompressorArray> {
    // the engines clear their hash tables for 2^hashBits cycles after reset
    const { params, design, model } = await loadEngine(lz4CompressArrayGenerator, raw, options, (p) => (1 << p.hashBits) + 4);
    return new SimulatedLz4CompressorArray(params, design, model);
  }

  /** The design every engine implements (what lz4GreedyCompress takes). */
  get compressorDesign(): Lz4GreedyDesign {
    return greedyDesignOf(arrayEngineParams(this.params));
  }

  compress(blocks: readonly Uint8Array[], drive: StreamDrive = {}): Lz4CompressRun {
    // the merge waits on the oldest block's engine: allow 200k cycles without an output transfer
    const { packets, verdicts, ...rest } = runPackets(this.model, blocks, drive, 200_000);
    return { blocks: packets.map((data, i) => ({ data, error: Number(verdicts[i]) })), ...rest };
  }

  close(): void {
    this.model.close();
  }
}
