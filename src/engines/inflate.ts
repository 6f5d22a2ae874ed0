// Host API of the simulated inflate engine (one engine, or an engine array): raw deflate streams in, decoded bytes, verdict and bytes used out —
// the same shape as the reference inflateRaw, so the two are compared stream by stream.
import { inflateGenerator } from '../../gen/deflate/inflate.js';
import { inflateArrayGenerator } from '../../gen/deflate/inflate-array.js';
import type { InflateParams } from '../../gen/deflate/inflate-params.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import type { SimModel } from '../../sim/model.js';
import { runPackets } from './packet-run.js';
import type { InflateErrorCode, InflateResult } from '../ref/inflate.js';
import type { StreamDrive } from '../../sim/stream.js';
import { loadEngine, type EngineLoadOptions } from './load-engine.js';

export interface InflateRun {
  results: InflateResult[];
  cycles: number;
  outputBytes: number;
  inputBytes: number;
}

export class SimulatedInflater {
  /** stallLimit: cycles without a transfer before a run is called hung. */
  private constructor(readonly params: InflateParams, readonly design: GeneratedDesign, readonly model: SimModel, private readonly stallLimit = 20_000) {}

  static async create(raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}): Promise<SimulatedInflater> {
    const { params, design, model } = await loadEngine(inflateGenerator, raw, options);
    return new SimulatedInflater(params, design, model);
  }

  /**
   * An engine array (gen/deflate/inflate-array.ts: `engines`, `dataBytes` beside the engine's parameters), driven
   * the same way: every stream gets the single engine's verdict, output and bytes used, in order.
   */
  static async createArray(raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}): Promise<SimulatedInflater> {
    const { params, design, model } = await loadEngine(inflateArrayGenerator, raw, options);
    // the merge waits on the oldest stream's engine while the others finish theirs
    return new SimulatedInflater(params, design, model, 200_000);
  }

  get limits(): { maxOutput: number; window: number } {
    return { maxOutput: this.params.maxOutputBytes, window: this.params.windowBytes };
  }

  inflate(streams: readonly Uint8Array[], drive: StreamDrive = {}): InflateRun {
    const { packets, verdicts, cycles, inputBytes, outputBytes } = runPackets(this.model, streams, drive, this.stallLimit);
    // tuser of the last beat: {input bytes the deflate data used (32 bits), verdict (3 bits)}
    const results = packets.map((output, i) => ({ output, error: Number(verdicts[i] & 7n) as 0 | InflateErrorCode, consumed: Number(verdicts[i] >> 3n) }));
    return { results, cycles, outputBytes, inputBytes };
  }

  close(): void {
    this.model.close();
  }
}
