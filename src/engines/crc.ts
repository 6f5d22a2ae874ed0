// Host API of the simulated CRC engine: the same call shape as the reference kernel (messages in, CRC values
// out), running on the Verilated RTL. Also returns what the hardware did: cycles, result cycle stamps and
// the per-packet error flag.
import { crcGenerator } from '../../gen/crc/generate.js';
import type { CrcEngineParams } from '../../gen/crc/params.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import type { SimModel } from '../../sim/model.js';
import { loadEngine, type EngineLoadOptions } from './load-engine.js';
import { packetsToBeats, readLE, type StreamDrive } from '../../sim/stream.js';
import { firstMismatch } from '../check/compare.js';
import { traceReplay } from '../check/vcd-on-failure.js';
import { formatCrc } from '../ref/crc.js';

export interface CrcRun {
  crcs: bigint[];
  /** tuser per result: the packet broke the tkeep rule. */
  errors: boolean[];
  /** Cycle (absolute) at which each result left the engine. */
  resultCycles: number[];
  /** Cycles the whole batch took, first input to last result. */
  cycles: number;
  bytes: number;
}

export interface CrcReference {
  name: string;
  values: readonly bigint[];
}

export class CrcMismatchError extends Error {
  constructor(message: string, readonly vcd: string) {
    super(message);
    this.name = 'CrcMismatchError';
  }
}

/** Drive messages through a CRC engine model and decode the results. */
function runOn(model: SimModel, params: CrcEngineParams, messages: readonly Uint8Array[], drive: StreamDrive): CrcRun {
  const W = params.bytesPerCycle;
  const resultBytes = Math.ceil(params.model.width / 8);
  const r = model.run(
    { s_axis: { beats: packetsToBeats(messages, W), gap: drive.gap } },
    { m_axis: { expectLast: messages.length, backpressure: drive.backpressure } },
    { seed: drive.seed, stallLimit: drive.stallLimit },
  );
  const out = r.outputs.m_axis;
  const crcs: bigint[] = [];
  const errors: boolean[] = [];
  const resultCycles: number[] = [];
  for (let i = 0; i < out.count; i++) {
    crcs.push(readLE(out.data, i * resultBytes, resultBytes));
    errors.push(out.user[i] !== 0);
    resultCycles.push(out.cycle[i]);
  }
  let bytes = 0;
  for (const m of messages) bytes += m.length;
  return { crcs, errors, resultCycles, cycles: r.cycles, bytes };
}

export class SimulatedCrcEngine {
  private constructor(readonly params: CrcEngineParams, readonly design: GeneratedDesign, readonly model: SimModel) {}

  static async create(raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}): Promise<SimulatedCrcEngine> {
    const { params, design, model } = await loadEngine(crcGenerator, raw, options);
    return new SimulatedCrcEngine(params, design, model);
  }

  /** CRCs of the messages, computed by the simulated hardware. */
  run(messages: readonly Uint8Array[], drive: StreamDrive = {}): CrcRun {
    return runOn(this.model, this.params, messages, drive);
  }

  /**
   * Run and check every CRC against each reference list (e.g. the TS kernel and ISA-L). On the first difference
   * (or a tkeep error flag) the run is replayed with VCD tracing and the error names the VCD file.
   */
  async verify(messages: readonly Uint8Array[], references: readonly CrcReference[], drive: StreamDrive = {}): Promise<CrcRun> {
    const run = this.run(messages, drive);
    const width = this.params.model.width;
    const label = (i: number) => `message ${i} (${messages[i]?.length ?? 0} bytes)`;
    let problem: string | undefined;
    const flagged = run.errors.findIndex((e) => e);
    if (flagged >= 0) problem = `${label(flagged)}: the engine flagged a tkeep error`;
    for (const ref of references) {
      problem ??= firstMismatch(run.crcs, ref.values, (v) => formatCrc(v, width), label, 'hardware', ref.name)?.message;
    }
    if (problem) {
      const vcd = await traceReplay(this.design, 'crc-mismatch', (model) => {
        runOn(model, this.params, messages, drive);
      });
      throw new CrcMismatchError(`${this.design.top}: ${problem} (drive ${JSON.stringify(drive)}).\nVCD of the failing run: ${vcd}`, vcd);
    }
    return run;
  }

  close(): void {
    this.model.close();
  }
}
