// The simulated erasure-coding engine against ISA-L and the TS reference: encode for both ISA-L matrices over
// (k, m) from 1+1 to 16+4 and fragment sizes 0 B .. 1 MiB, reconstruction of every erasure pattern up to m for
// small k+m (random patterns for large), random gaps and backpressure, exact full-rate cycle counts, framing
// error flags, and clear errors.
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatedEcEngine, SimulatedReedSolomon, stripesToBeats } from '../../src/engines/ec.js';
import { isalEcEncode, isalEcMatrix } from '../../src/oracle/isal.js';
import { EcError, erasurePatternCount, erasurePatterns, ReedSolomon, type MatrixKind } from '../../src/ref/ec.js';
import { Rng } from '../../src/util/rng.js';
import { EC_FIXED_VARIANTS, EC_RUNTIME_VARIANTS } from './ec-variants.js';

const engines: SimulatedEcEngine[] = [];
afterAll(() => engines.forEach((e) => e.close()));
async function engine(v: Record<string, unknown>): Promise<SimulatedEcEngine> {
  const e = await SimulatedEcEngine.create(v);
  engines.push(e);
  return e;
}

const hex = (frags: readonly Uint8Array[]) => frags.map((f) => Buffer.from(f).toString('hex'));

/** ISA-L's parity for a stripe: its own matrix, its own ec_encode_data. */
async function isalParity(kind: MatrixKind, k: number, m: number, data: readonly Uint8Array[]): Promise<Uint8Array[]> {
  if (data[0].length === 0) return Array.from({ length: m }, () => new Uint8Array(0));
  const matrix = await isalEcMatrix(kind, k, m);
  return isalEcEncode(matrix.subarray(k * k), m, k, data);
}

function sizesFor(W: number, rng: Rng): number[] {
  return [...new Set([0, 1, W - 1, W + 1, 3 * W, 4096, rng.int(2, 700)].filter((n) => n >= 0))];
}

describe.each(EC_RUNTIME_VARIANTS)('EC engine (runtime coefficients) %o', (v) => {
  it.each(['cauchy', 'rs'] as const)('encodes bit-exact with ISA-L and the TS reference (%s matrix)', async (kind) => {
    const e = await engine(v);
    const { k, m, bytesPerCycle: W } = v;
    const rng = new Rng(k * 100 + m + (kind === 'rs' ? 7 : 0));
    const hw = new SimulatedReedSolomon(e, k, m, kind);
    const ref = new ReedSolomon(k, m, kind);
    const drives = [{}, { gap: 0.3, seed: 1 }, { backpressure: 0.5, seed: 2 }, { gap: 0.2, backpressure: 0.3, seed: 3 }];
    for (const [i, len] of sizesFor(W, rng).entries()) {
      const data = Array.from({ length: k }, () => rng.bytes(len));
      hw.drive = drives[i % drives.length];
      const parity = hw.encode(data);
      expect(hex(parity), `len ${len}`).toEqual(hex(ref.encode(data)));
      expect(hex(parity), `len ${len} vs ISA-L`).toEqual(hex(await isalParity(kind, k, m, data)));
    }
  });

  it.each(['cauchy', 'rs'] as const)('reconstructs every erasure pattern up to m, random ones for large k+m (%s matrix)', async (kind) => {
    const e = await engine(v);
    const { k, m } = v;
    const rng = new Rng(k * 31 + m);
    const hw = new SimulatedReedSolomon(e, k, m, kind, { gap: 0.2, backpressure: 0.2, seed: 9 });
    const ref = new ReedSolomon(k, m, kind);
    const data = Array.from({ length: k }, () => rng.bytes(53));
    const all = [...data, ...ref.encode(data)];
    const exhaustive = k + m <= 12;
    const patterns = exhaustive
      ? [...erasurePatterns(k + m, m)]
      : Array.from({ length: 60 }, () => {
        const s = new Set<number>();
        const n = rng.int(1, m);
        while (s.size < n) s.add(rng.int(0, k + m - 1));
        return [...s];
      });
    if (exhaustive) expect(patterns).toHaveLength(erasurePatternCount(k + m, m));
    let recovered = 0;
    for (const erased of patterns) {
      const frags = all.map((f, i) => (erased.includes(i) ? undefined : f));
      let singular: string | undefined;
      try { ref.plan(erased); } catch (err) { singular = (err as Error).message; }
      if (singular) {
        // not recoverable with this matrix: the hardware path refuses with the same message
        expect(() => hw.reconstruct(frags, erased)).toThrow(singular);
        continue;
      }
      expect(hex(hw.reconstruct(frags, erased)), `erased [${erased}]`).toEqual(hex(erased.map((i) => all[i])));
      recovered++;
    }
    if (kind === 'cauchy') expect(recovered).toBe(patterns.length);
  });

  it('streams stripes back to back at one beat per cycle: cycles = beats + latency + R - 1', async () => {
    const e = await engine(v);
    const { k, m, bytesPerCycle: W } = v;
    const hw = new SimulatedReedSolomon(e, k, m, 'cauchy');
    hw.encode(Array.from({ length: k }, () => new Uint8Array(1))); // load the parity rows
    const rng = new Rng(4);
    const stripes = Array.from({ length: 6 }, () => { const len = rng.int(1, 4 * W); return Array.from({ length: k }, () => rng.bytes(len)); });
    const run = e.process(stripes);
    const stallPerRow = Math.max(0, m - k); // R > k: the output needs R cycles per k-beat row
    const rows = stripes.reduce((n, s) => n + Math.ceil(s[0].length / W), 0);
    expect(run.cycles).toBe(run.beats + e.design.latencyCycles + m - 1 + stallPerRow * (rows - 1));
    const ref = new ReedSolomon(k, m, 'cauchy');
    stripes.forEach((s, i) => expect(hex(run.outputs[i])).toEqual(hex(ref.encode(s))));
  });
});

describe('EC engine, large fragments', () => {
  it('10+4 at 64 B/beat: 1 MiB fragments, bit-exact with ISA-L, 64 source bytes per cycle', async () => {
    const e = await engine({ k: 10, m: 4, bytesPerCycle: 64 });
    const rng = new Rng(77);
    const data = Array.from({ length: 10 }, () => rng.bytes(1 << 20));
    const hw = new SimulatedReedSolomon(e, 10, 4, 'cauchy');
    hw.encode([new Uint8Array(1), ...Array.from({ length: 9 }, () => new Uint8Array(1))]);
    const run = e.process([data], { gap: 0.05, backpressure: 0.05, seed: 5 });
    expect(hex(run.outputs[0])).toEqual(hex(await isalParity('cauchy', 10, 4, data)));
    const full = e.process([data]);
    expect(full.bytes / full.cycles).toBeGreaterThan(63.99);
  });
});

describe.each(EC_FIXED_VARIANTS)('EC engine (fixed coefficients) %o', (v) => {
  it('encodes bit-exact with ISA-L', async () => {
    const e = await engine(v);
    const { k, m, bytesPerCycle: W } = v;
    const kind = v.matrix!;
    const hw = new SimulatedReedSolomon(e, k, m, kind, { gap: 0.25, backpressure: 0.25, seed: 3 });
    const rng = new Rng(k + m);
    for (const len of sizesFor(W, rng)) {
      const data = Array.from({ length: k }, () => rng.bytes(len));
      expect(hex(hw.encode(data)), `len ${len}`).toEqual(hex(await isalParity(kind, k, m, data)));
    }
  });

  it('refuses to reconstruct or to load rows, naming why', async () => {
    const e = await engine(v);
    const hw = new SimulatedReedSolomon(e, v.k, v.m, v.matrix!);
    expect(() => hw.reconstruct([], [0])).toThrow(/has fixed parity coefficients and cannot reconstruct: generate with coefficients=runtime/);
    expect(() => e.loadRows(new Uint8Array(v.k), 1)).toThrow(/has fixed coefficients/);
    expect(() => new SimulatedReedSolomon(e, v.k, v.m, v.matrix === 'rs' ? 'cauchy' : 'rs')).toThrow(/cannot encode/);
  });
});

describe('EC engine framing errors and bad coefficient loads', () => {
  it('flags a stripe that ends mid-row or has unequal fragment lengths, then recovers', async () => {
    const e = await engine({ k: 4, m: 2, bytesPerCycle: 8 });
    const hw = new SimulatedReedSolomon(e, 4, 2, 'cauchy');
    const ok = Array.from({ length: 4 }, (_, i) => new Uint8Array(12).fill(i + 1));
    hw.encode(ok);
    // stripe A: tlast on the 3rd beat of a row; stripe B: beat 2 of the last row shorter than the others
    const good = stripesToBeats([ok], 4, 8);
    const a = { count: 3, data: new Uint8Array(24), keep: Uint8Array.from([0xff, 0xff, 0xff]), last: Uint8Array.from([0, 0, 1]) };
    const bKeep = Uint8Array.from(good.keep!);
    bKeep[6] = 0x07; // fragment 2's second chunk: 3 bytes where the others have 4
    const cat = (...xs: Uint8Array[]) => Uint8Array.from(xs.flatMap((x) => Array.from(x)));
    const beats = {
      count: 3 + 2 * good.count,
      data: cat(a.data, good.data, good.data), keep: cat(a.keep, bKeep, good.keep!), last: cat(a.last, good.last!, good.last!),
    };
    const r = e.model.run({ s_axis: { beats } }, { m_axis: { expectLast: 3 } });
    const out = r.outputs.m_axis;
    const lastBeats = Array.from(out.last).flatMap((l, i) => (l ? [i] : []));
    expect(lastBeats.map((i) => out.user[i])).toEqual([1, 1, 0]);
  });

  it('flags stripes after a load with more than m rows, until a good load', async () => {
    const e = await engine({ k: 4, m: 2, bytesPerCycle: 8 });
    const rows = new Uint8Array(3 * 4).fill(1);
    e.model.run({ s_coef_axis: { beats: { count: 3, data: rows, last: Uint8Array.from([0, 0, 1]) } } }, {}, { drainCycles: 2 });
    const stripe = Array.from({ length: 4 }, () => new Uint8Array(8).fill(5));
    const r = e.model.run({ s_axis: { beats: stripesToBeats([stripe], 4, 8) } }, { m_axis: { expectLast: 1 } });
    expect(Array.from(r.outputs.m_axis.user)).toEqual([1, 1]);
    const hw = new SimulatedReedSolomon(e, 4, 2, 'cauchy');
    expect(hex(hw.encode(stripe))).toEqual(hex(new ReedSolomon(4, 2, 'cauchy').encode(stripe)));
  });

  it('waits for coefficients before accepting data (a clear stall, not garbage)', async () => {
    const e = await engine({ k: 4, m: 2, bytesPerCycle: 8 });
    const stripe = Array.from({ length: 4 }, () => new Uint8Array(8));
    expect(() => e.model.run({ s_axis: { beats: stripesToBeats([stripe], 4, 8) } }, { m_axis: { expectLast: 1 } }, { stallLimit: 100 }))
      .toThrow(/is stuck: .*s_axis: 0 of 4 beats accepted, waiting on s_axis_tready \(low at the end\)/);
  });
});

describe('EC clear errors', () => {
  it('more erasures than m, a singular decode matrix, unequal fragments', async () => {
    const e = await engine({ k: 10, m: 4, bytesPerCycle: 64 });
    const hw = new SimulatedReedSolomon(e, 10, 4, 'cauchy');
    const data = Array.from({ length: 10 }, () => new Uint8Array(16));
    const all = [...data, ...hw.encode(data)];
    expect(() => hw.reconstruct(all, [0, 1, 2, 3, 4])).toThrow(EcError);
    expect(() => hw.reconstruct(all, [0, 1, 2, 3, 4])).toThrow('5 erasures but only m = 4 parity fragments: at most 4 lost fragments can be recovered');
    const short = [...data.slice(0, 9), new Uint8Array(15)];
    expect(() => hw.encode(short)).toThrow('fragment 9 has 15 bytes, fragment 0 has 16: all fragments of a stripe must have equal length');
    // the rs matrix for 10+6 has singular patterns (the generator warns about it); the host names the pattern
    const e6 = await engine({ k: 10, m: 6, bytesPerCycle: 8 });
    const rs = new SimulatedReedSolomon(e6, 10, 6, 'rs');
    expect(() => rs.reconstruct(Array.from({ length: 16 }, () => new Uint8Array(4)), [0, 2, 5, 11, 12]))
      .toThrow(/^singular decode matrix: with the rs matrix for k=10, m=6, erasing \[0, 2, 5, 11, 12\]/);
  });

  it('k+m beyond the field and out-of-range parameters in the generator', async () => {
    const { ecGenerator } = await import('../../gen/ec/generate.js');
    expect(() => ecGenerator.validate({ k: 250, m: 10 })).toThrow("gen/ec: parameter 'm' = 10 with k = 250 gives k+m = 260, beyond GF(2^8)'s limit of 256 fragments: allowed m <= 6");
    expect(() => ecGenerator.validate({ k: 0 })).toThrow(/parameter 'k' = 0 is not allowed \(out of range\): expected an integer 1\.\.255/);
    expect(() => ecGenerator.validate({ m: 17 })).toThrow(/parameter 'm' = 17 .*1\.\.16/);
    expect(() => ecGenerator.validate({ matrix: 'rs' })).toThrow(/parameter 'matrix' applies only with coefficients=fixed/);
    const d = ecGenerator.emit(ecGenerator.validate({ k: 10, m: 6, coefficients: 'fixed', matrix: 'rs', bytesPerCycle: 4 }));
    expect(d.warnings?.[0]).toMatch(/the rs matrix for k=10, m=6 is not MDS: \d+ of \d+ erasure patterns/);
    expect(d.files[0].content).toContain('// WARNING: the rs matrix for k=10, m=6 is not MDS');
  });
});
