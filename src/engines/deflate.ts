// Host API of the simulated deflate compressor: data in, raw deflate streams out — the same call shape as the
// TS model deflateDesignCompress (whose output it must equal byte for byte); zlib/gzip framing on the host.
import { designOf, type Lz4CompressParams } from '../../gen/lz4/compress-params.js';
import { deflateGenerator } from '../../gen/deflate/deflate.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import type { LoadOptions, SimModel } from '../../sim/model.js';
import { beatsToPackets, packetsToBeats } from '../../sim/stream.js';
import type { Lz4CompressorDesign } from '../ref/lz4-compress.js';
import type { StreamDrive } from './crc.js';
import { loadEngine } from './load-engine.js';

export interface DeflateRun {
  streams: { data: Uint8Array; error: number }[];
  cycles: number;
  inputBytes: number;
  outputBytes: number;
}

export class SimulatedDeflater {
  private constructor(readonly params: Lz4CompressParams, readonly design: GeneratedDesign, readonly model: SimModel) {}

  static async create(raw: Readonly<Record<string, unknown>>, options: LoadOptions = {}): Promise<SimulatedDeflater> {
    // the hash table is cleared for 2^hashBits cycles after reset
    const { params, design, model } = await loadEngine(deflateGenerator, raw, options, (p) => (1 << p.hashBits) + 4);
    return new SimulatedDeflater(params, design, model);
  }

  /** The match finder design this engine implements (what deflateDesignCompress takes). */
  get compressorDesign(): Lz4CompressorDesign {
    return designOf(this.params);
  }

  deflate(inputs: readonly Uint8Array[], drive: StreamDrive = {}): DeflateRun {
    const r = this.model.run(
      { s_axis: { beats: packetsToBeats(inputs, 4), gap: drive.gap } },
      { m_axis: { expectLast: inputs.length, backpressure: drive.backpressure } },
      { seed: drive.seed, stallLimit: drive.stallLimit ?? 100_000 },
    );
    const out = r.outputs.m_axis;
    const packets = beatsToPackets(out, 4);
    const verdicts = Array.from(out.last).flatMap((l, i) => (l ? [out.user[i]] : []));
    return {
      streams: packets.map((data, i) => ({ data, error: verdicts[i] })),
      cycles: r.cycles,
      inputBytes: inputs.reduce((n, b) => n + b.length, 0),
      outputBytes: packets.reduce((n, b) => n + b.length, 0),
    };
  }

  close(): void {
    this.model.close();
  }
}
