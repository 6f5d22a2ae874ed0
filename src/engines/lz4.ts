// Host API of the simulated LZ4 block decompressor (one engine, or an engine array): blocks in, decoded bytes and a
// verdict per block out — the same shape as the reference decoder lz4DecodeBlock, so the two are compared block by
// block.
import { lz4DecompressGenerator } from '../../gen/lz4/decompress.js';
import { lz4DecompressArrayGenerator } from '../../gen/lz4/decompress-array.js';
import type { Lz4DecompressParams } from '../../gen/lz4/decompress-params.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import type { SimModel } from '../../sim/model.js';
import { loadEngine, type EngineLoadOptions } from './load-engine.js';
import { runPackets } from './packet-run.js';
import type { Lz4DecodeLimits, Lz4DecodeResult, Lz4ErrorCode } from '../ref/lz4.js';
import type { StreamDrive } from '../../sim/stream.js';

export interface Lz4DecompressRun {
  results: Lz4DecodeResult[];
  /** Cycles for the whole batch. */
  cycles: number;
  /** Decoded bytes in all (blocks with a verdict of 0 only count if decoded). */
  outputBytes: number;
  inputBytes: number;
}

export class SimulatedLz4Decompressor {
  /** stallLimit: cycles without a transfer before a run is called hung. */
  private constructor(readonly params: Lz4DecompressParams, readonly design: GeneratedDesign, readonly model: SimModel, private readonly stallLimit = 10_000) {}

  static async create(raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}): Promise<SimulatedLz4Decompressor> {
    const { params, design, model } = await loadEngine(lz4DecompressGenerator, raw, options);
    return new SimulatedLz4Decompressor(params, design, model);
  }

  /**
   * An engine array (gen/lz4/decompress-array.ts: `engines`, `dataBytes` beside the engine's parameters), driven
   * the same way: every block gets the single engine's verdict and output, in order.
   */
  static async createArray(raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}): Promise<SimulatedLz4Decompressor> {
    const { params, design, model } = await loadEngine(lz4DecompressArrayGenerator, raw, options);
    // the merge waits on the oldest block's engine while the others finish theirs
    return new SimulatedLz4Decompressor({ ...params, rules: params.rules ?? 'liblz4' }, design, model, 200_000);
  }

  /** The limits and rules the engine enforces, in the reference decoder's terms. */
  get limits(): Lz4DecodeLimits {
    return { maxOutput: this.params.maxOutputBytes, window: this.params.windowBytes, rules: this.params.rules };
  }

  decompress(blocks: readonly Uint8Array[], drive: StreamDrive = {}): Lz4DecompressRun {
    const { packets, verdicts, cycles, inputBytes, outputBytes } = runPackets(this.model, blocks, drive, this.stallLimit);
    const results = packets.map((output, i) => ({ output, error: Number(verdicts[i]) as 0 | Lz4ErrorCode }));
    return { results, cycles, outputBytes, inputBytes };
  }

  close(): void {
    this.model.close();
  }
}
