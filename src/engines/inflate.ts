// Host API of the simulated inflate engine: raw deflate streams in, decoded bytes, verdict and bytes used out —
// the same shape as the reference inflateRaw, so the two are compared stream by stream.
import { inflateGenerator } from '../../gen/deflate/inflate.js';
import type { InflateParams } from '../../gen/deflate/inflate-params.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import type { LoadOptions, SimModel } from '../../sim/model.js';
import { beatsToPackets, packetsToBeats, readLE } from '../../sim/stream.js';
import type { InflateErrorCode, InflateResult } from '../ref/inflate.js';
import type { StreamDrive } from './crc.js';
import { loadEngine } from './load-engine.js';

export interface InflateRun {
  results: InflateResult[];
  cycles: number;
  outputBytes: number;
  inputBytes: number;
}

export class SimulatedInflater {
  private constructor(readonly params: InflateParams, readonly design: GeneratedDesign, readonly model: SimModel) {}

  static async create(raw: Readonly<Record<string, unknown>>, options: LoadOptions = {}): Promise<SimulatedInflater> {
    const { params, design, model } = await loadEngine(inflateGenerator, raw, options);
    return new SimulatedInflater(params, design, model);
  }

  get limits(): { maxOutput: number; window: number } {
    return { maxOutput: this.params.maxOutputBytes, window: this.params.windowBytes };
  }

  inflate(streams: readonly Uint8Array[], drive: StreamDrive = {}): InflateRun {
    const W = this.params.bytesPerCycle;
    const r = this.model.run(
      { s_axis: { beats: packetsToBeats(streams, W), gap: drive.gap } },
      { m_axis: { expectLast: streams.length, backpressure: drive.backpressure } },
      { seed: drive.seed, stallLimit: drive.stallLimit ?? 20_000 },
    );
    const out = r.outputs.m_axis;
    const packets = beatsToPackets(out, W);
    const finals = Array.from(out.last).flatMap((l, i) => (l ? [i] : []));
    const results = packets.map((output, i) => {
      const tuser = readLE(out.user, finals[i] * 5, 5);
      return { output, error: Number(tuser & 7n) as 0 | InflateErrorCode, consumed: Number(tuser >> 3n) };
    });
    return {
      results, cycles: r.cycles,
      outputBytes: results.reduce((n, x) => n + x.output.length, 0),
      inputBytes: streams.reduce((n, s) => n + s.length, 0),
    };
  }

  close(): void {
    this.model.close();
  }
}
