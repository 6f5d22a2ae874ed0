// Host API of the simulated inflate engine: raw deflate streams in, decoded bytes, verdict and bytes used out —
// the same shape as the reference inflateRaw, so the two are compared stream by stream.
import { inflateGenerator } from '../../gen/deflate/inflate.js';
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
  private constructor(readonly params: InflateParams, readonly design: GeneratedDesign, readonly model: SimModel) {}

  static async create(raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}): Promise<SimulatedInflater> {
    const { params, design, model } = await loadEngine(inflateGenerator, raw, options);
    return new SimulatedInflater(params, design, model);
  }

  get limits(): { maxOutput: number; window: number } {
    return { maxOutput: this.params.maxOutputBytes, window: this.params.windowBytes };
  }

  inflate(streams: readonly Uint8Array[], drive: StreamDrive = {}): InflateRun {
    const { packets, verdicts, cycles, inputBytes, outputBytes } = runPackets(this.model, streams, drive, 20_000);
    // tuser of the last beat: {input bytes the deflate data used (32 bits), verdict (3 bits)}
    const results = packets.map((output, i) => ({ output, error: Number(verdicts[i] & 7n) as 0 | InflateErrorCode, consumed: Number(verdicts[i] >> 3n) }));
    return { results, cycles, outputBytes, inputBytes };
  }

  close(): void {
    this.model.close();
  }
}
