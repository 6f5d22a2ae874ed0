// Host API of the simulated erasure-coding stripe stage (gen/ec/stripe.ts): payloads in, stripes out (encode),
// or header + survivors in, payloads out (reconstruct) — the same shape as src/ref/ec-stripe.ts's stages, so the
// two are compared packet by packet.
import { ecStripeGenerator, type EcStripeParams } from '../../gen/ec/stripe.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import type { SimModel } from '../../sim/model.js';
import { loadEngine, type EngineLoadOptions } from './load-engine.js';
import { runPackets } from './packet-run.js';
import type { StripeResult } from '../ref/ec-stripe.js';
import type { StreamDrive } from '../../sim/stream.js';

export interface EcStripeRun {
  results: StripeResult[];
  cycles: number;
  inputBytes: number;
  outputBytes: number;
}

export class SimulatedEcStripe {
  private constructor(readonly params: EcStripeParams, readonly design: GeneratedDesign, readonly model: SimModel) {}

  static async create(raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}): Promise<SimulatedEcStripe> {
    const { params, design, model } = await loadEngine(ecStripeGenerator, raw, options);
    return new SimulatedEcStripe(params, design, model);
  }

  run(inputs: readonly Uint8Array[], drive: StreamDrive = {}): EcStripeRun {
    // a packet takes about (2k + m)/k passes over its bytes; the stall bound covers the longest phase
    const stall = 64 + 4 * Math.ceil(this.params.maxBytes / this.params.dataBytes) * (this.params.k + this.params.m) / this.params.k;
    const { packets, verdicts, cycles, inputBytes, outputBytes } = runPackets(this.model, inputs, drive, Math.ceil(stall));
    return { results: packets.map((output, i) => ({ output, error: verdicts[i] !== 0n })), cycles, inputBytes, outputBytes };
  }

  close(): void {
    this.model.close();
  }
}
