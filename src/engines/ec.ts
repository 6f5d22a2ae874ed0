// Host API of the simulated erasure-coding engine. SimulatedEcEngine moves stripes through the RTL (loading
// coefficient rows when they change); SimulatedReedSolomon puts the ErasureCoder shape on top of it —
// encode(data) and reconstruct(fragments, erased) exactly like the TS reference, with the host computing the
// decode matrix for the erased fragments and programming it, as ISA-L users do.
import { ecGenerator } from '../../gen/ec/generate.js';
import type { EcEngineParams } from '../../gen/ec/params.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import type { SimModel } from '../../sim/model.js';
import { loadEngine, type EngineLoadOptions } from './load-engine.js';
import { keepBytesFor, keepLanes, type Beats } from '../../sim/stream.js';
import { checkFragments, EcError, ReedSolomon, type ErasureCoder, type MatrixKind } from '../ref/ec.js';
import type { StreamDrive } from '../../sim/stream.js';

export interface EcRun {
  /** Per stripe, the R output fragments. */
  outputs: Uint8Array[][];
  /** Per stripe, the engine's framing-error flag (tuser). */
  errors: boolean[];
  cycles: number;
  /** Source bytes streamed in (k × fragment length, summed over stripes). */
  bytes: number;
  /** Beats streamed in. */
  beats: number;
}

/** Stripes (k equal-length fragments each) → chunk-interleaved beats, as the generated module's header says. */
export function stripesToBeats(stripes: readonly (readonly Uint8Array[])[], k: number, W: number): Beats {
  let count = 0;
  for (const s of stripes) count += k * Math.max(1, Math.ceil(checkFragments(s, k, 'fragments in a stripe') / W));
  const kb = keepBytesFor(W);
  const data = new Uint8Array(count * W);
  const keep = new Uint8Array(count * kb);
  const last = new Uint8Array(count);
  let beat = 0;
  for (const s of stripes) {
    const len = s[0].length;
    const rows = Math.max(1, Math.ceil(len / W));
    for (let r = 0; r < rows; r++) {
      const n = Math.min(W, len - r * W);
      for (let j = 0; j < k; j++, beat++) {
        data.set(s[j].subarray(r * W, r * W + n), beat * W);
        for (let l = 0; l < n; l++) keep[beat * kb + (l >> 3)] |= 1 << (l & 7);
        if (r === rows - 1 && j === k - 1) last[beat] = 1;
      }
    }
  }
  return { count, data, keep, last };
}

export class SimulatedEcEngine {
  private loadedRows?: string;

  private constructor(readonly params: EcEngineParams, readonly design: GeneratedDesign, readonly model: SimModel) {}

  static async create(raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}): Promise<SimulatedEcEngine> {
    const { params, design, model } = await loadEngine(ecGenerator, raw, options);
    return new SimulatedEcEngine(params, design, model);
  }

  get k(): number {
    return this.params.k;
  }

  /** Program `count` coefficient rows (row-major, k bytes each) unless they are the ones loaded already. */
  loadRows(rows: Uint8Array, count: number, drive: StreamDrive = {}): void {
    if (this.params.coefficients !== 'runtime') {
      throw new EcError(`${this.design.top} has fixed coefficients (${this.params.matrix} parity rows); generate with coefficients=runtime to load rows`);
    }
    if (count < 1 || count > this.params.m) throw new EcError(`${count} coefficient rows requested; ${this.design.top} holds 1..${this.params.m}`);
    if (rows.length !== count * this.k) throw new EcError(`coefficient rows hold ${rows.length} bytes, expected ${count}×${this.k}`);
    const key = `${count}:${Buffer.from(rows).toString('hex')}`;
    if (key === this.loadedRows) return;
    const last = new Uint8Array(count);
    last[count - 1] = 1;
    this.model.run({ s_coef_axis: { beats: { count, data: rows, last }, gap: drive.gap } }, {}, { seed: drive.seed, drainCycles: 1 });
    this.loadedRows = key;
  }

  /** Rows the engine produces per stripe row: the loaded count, or m for fixed coefficients. */
  private activeRows(): number {
    if (this.params.coefficients === 'fixed') return this.params.m;
    if (!this.loadedRows) throw new EcError(`${this.design.top}: no coefficient rows loaded yet`);
    return Number(this.loadedRows.split(':')[0]);
  }

  /** Stream stripes through the engine; every stripe gives R output fragments. */
  process(stripes: readonly (readonly Uint8Array[])[], drive: StreamDrive = {}): EcRun {
    const W = this.params.bytesPerCycle;
    const R = this.activeRows();
    const beats = stripesToBeats(stripes, this.k, W);
    const r = this.model.run(
      { s_axis: { beats, gap: drive.gap } },
      { m_axis: { expectLast: stripes.length, backpressure: drive.backpressure } },
      { seed: drive.seed, stallLimit: drive.stallLimit },
    );
    const out = r.outputs.m_axis;
    const kb = keepBytesFor(W);
    const outputs: Uint8Array[][] = [];
    const errors: boolean[] = [];
    let beat = 0;
    let bytes = 0;
    for (const [si, s] of stripes.entries()) {
      const len = s[0].length;
      bytes += len * this.k;
      const rows = Math.max(1, Math.ceil(len / W));
      const frags = Array.from({ length: R }, () => new Uint8Array(len));
      let error = false;
      for (let row = 0; row < rows; row++) {
        const n = Math.min(W, len - row * W);
        for (let p = 0; p < R; p++, beat++) {
          if (beat >= out.count) throw new EcError(`${this.design.top}: stripe ${si} is missing output beats (got ${out.count} in all)`);
          const lanes = keepLanes(out.keep, beat * kb, W);
          const isLast = row === rows - 1 && p === R - 1;
          if (lanes !== Math.max(n, 0) || (out.last[beat] === 1) !== isLast) {
            throw new EcError(`${this.design.top}: stripe ${si}, output row ${row}, fragment ${p}: tkeep lanes ${lanes} / tlast ${out.last[beat]}, expected ${n} / ${isLast ? 1 : 0}`);
          }
          frags[p].set(out.data.subarray(beat * W, beat * W + n), row * W);
          error ||= out.user[beat] !== 0;
        }
      }
      outputs.push(frags);
      errors.push(error);
    }
    if (beat !== out.count) throw new EcError(`${this.design.top}: ${out.count - beat} output beats more than the stripes account for`);
    return { outputs, errors, cycles: r.cycles, bytes, beats: beats.count };
  }

  close(): void {
    this.model.close();
  }
}

/** The ErasureCoder shape (same as the TS reference ReedSolomon) running on the simulated engine. */
export class SimulatedReedSolomon implements ErasureCoder {
  private readonly reference: ReedSolomon;

  constructor(readonly engine: SimulatedEcEngine, readonly k: number, readonly m: number, readonly kind: MatrixKind, public drive: StreamDrive = {}) {
    const p = engine.params;
    if (p.k !== k) throw new EcError(`${engine.design.top} takes k = ${p.k} fragments, not ${k}`);
    if (m > p.m) throw new EcError(`${engine.design.top} produces at most ${p.m} rows; m = ${m} needs a larger engine`);
    if (p.coefficients === 'fixed' && (p.matrix !== kind || p.m !== m)) {
      throw new EcError(`${engine.design.top} has fixed ${p.matrix} coefficients for m = ${p.m}; it cannot encode ${kind} with m = ${m}`);
    }
    this.reference = new ReedSolomon(k, m, kind);
  }

  private check(run: EcRun): Uint8Array[][] {
    const bad = run.errors.findIndex((e) => e);
    if (bad >= 0) throw new EcError(`${this.engine.design.top} flagged a framing error on stripe ${bad}`);
    return run.outputs;
  }

  /** Parity of many stripes in one streamed run (no gaps between stripes). */
  encodeStripes(stripes: readonly (readonly Uint8Array[])[]): Uint8Array[][] {
    for (const s of stripes) checkFragments(s, this.k, 'data fragments');
    if (this.engine.params.coefficients === 'runtime') this.engine.loadRows(this.reference.parityRows(), this.m, this.drive);
    return this.check(this.engine.process(stripes, this.drive));
  }

  encode(data: readonly Uint8Array[]): Uint8Array[] {
    return this.encodeStripes([data])[0];
  }

  reconstruct(fragments: readonly (Uint8Array | undefined)[], erased: readonly number[]): Uint8Array[] {
    if (this.engine.params.coefficients === 'fixed') {
      throw new EcError(`${this.engine.design.top} has fixed parity coefficients and cannot reconstruct: generate with coefficients=runtime`);
    }
    const plan = this.reference.plan(erased);
    checkFragments(fragments.map((f, i) => (plan.erased.includes(i) ? undefined : f)), this.k + this.m);
    const survivors = plan.survivors.map((s) => {
      const f = fragments[s];
      if (!f) throw new EcError(`fragment ${s} is needed as a survivor but was not given (and is not listed as erased)`);
      return f;
    });
    if (erased.length === 0) return [];
    this.engine.loadRows(plan.rows, erased.length, this.drive);
    return this.check(this.engine.process([survivors], this.drive))[0];
  }
}
