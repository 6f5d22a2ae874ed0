// Host API of the simulated deflate compressor: data in, raw deflate streams out — the same call shape as the
// TS model deflateDesignCompress (whose output it must equal byte for byte); zlib/gzip framing on the host.
import { designOf, type Lz4CompressParams } from '../../gen/lz4/compress-params.js';
import { deflateGenerator } from '../../gen/deflate/deflate.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import type { SimModel } from '../../sim/model.js';
import { runPackets } from './packet-run.js';
import type { Lz4CompressorDesign } from '../ref/lz4-compress.js';
import type { StreamDrive } from '../../sim/stream.js';
import { loadEngine, type EngineLoadOptions } from './load-engine.js';

export interface DeflateRun {
  streams: { data: Uint8Array; error: number }[];
  cycles: number;
  inputBytes: number;
  outputBytes: number;
}

export class SimulatedDeflater {
  private constructor(readonly params: Lz4CompressParams, readonly design: GeneratedDesign, readonly model: SimModel) {}

  static async create(raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}): Promise<SimulatedDeflater> {
    // the hash table is cleared for 2^hashBits cycles after reset
    const { params, design, model } = await loadEngine(deflateGenerator, raw, options, (p) => (1 << p.hashBits) + 4);
    return new SimulatedDeflater(params, design, model);
  }

  /** The match finder design this engine implements (what deflateDesignCompress takes). */
  get compressorDesign(): Lz4CompressorDesign {
    return designOf(this.params);
  }

  deflate(inputs: readonly Uint8Array[], drive: StreamDrive = {}): DeflateRun {
    const { packets, verdicts, ...rest } = runPackets(this.model, inputs, drive, 100_000);
    return { streams: packets.map((data, i) => ({ data, error: Number(verdicts[i]) })), ...rest };
  }

  close(): void {
    this.model.close();
  }
}
