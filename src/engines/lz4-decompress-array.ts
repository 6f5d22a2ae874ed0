// Host API of the simulated LZ4 decompressor engine array (gen/lz4/decompress-array.ts): LZ4 blocks in, decoded
// blocks and verdicts out in the same order, the call shape of the single engine (SimulatedLz4Decompressor).
import { decompressArrayEngineParams, lz4DecompressArrayGenerator, type Lz4DecompressArrayParams } from '../../gen/lz4/decompress-array.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import type { SimModel } from '../../sim/model.js';
import type { StreamDrive } from '../../sim/stream.js';
import type { Lz4ErrorCode } from '../ref/lz4.js';
import { loadEngine, type EngineLoadOptions } from './load-engine.js';
import type { Lz4DecompressRun } from './lz4.js';
import { runPackets } from './packet-run.js';

export class SimulatedLz4DecompressorArray {
  private constructor(readonly params: Lz4DecompressArrayParams, readonly design: GeneratedDesign, readonly model: SimModel) {}

  static async create(raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}): Promise<SimulatedLz4DecompressorArray> {
    const { params, design, model } = await loadEngine(lz4DecompressArrayGenerator, raw, options);
    return new SimulatedLz4DecompressorArray(params, design, model);
  }

  /** The limits every engine enforces, in the reference decoder's terms. */
  get limits(): { maxOutput: number; window: number } {
    const e = decompressArrayEngineParams(this.params);
    return { maxOutput: e.maxOutputBytes, window: e.windowBytes };
  }

  decompress(blocks: readonly Uint8Array[], drive: StreamDrive = {}): Lz4DecompressRun {
    // the merge waits on the oldest block's engine: allow 200k cycles without an output transfer
    const { packets, verdicts, cycles, inputBytes, outputBytes } = runPackets(this.model, blocks, drive, 200_000);
    const results = packets.map((output, i) => ({ output, error: Number(verdicts[i]) as 0 | Lz4ErrorCode }));
    return { results, cycles, outputBytes, inputBytes };
  }

  close(): void {
    this.model.close();
  }
}
