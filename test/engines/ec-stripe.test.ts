// The simulated EC stripe stages against the reference stages (src/ref/ec-stripe.ts) and ISA-L: encode of
// payloads from 0 bytes to the stage's maximum (and one above it), reconstruct of stripes with every kind of
// loss up to m (data, parity, none) and of malformed inputs (each header rule), with gaps and backpressure.
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatedEcStripe } from '../../src/engines/ec-stripe.js';
import { isalEcEncode, isalEcMatrix } from '../../src/oracle/isal.js';
import { fragmentLength, headerBytes, reconstructInput, stripeEncode, stripeEncodeStage, stripeReconstructStage } from '../../src/ref/ec-stripe.js';
import { Rng } from '../../src/util/rng.js';

const CONFIGS = [
  { k: 8, m: 2, dataBytes: 16, maxBytes: 65809 },
  { k: 3, m: 2, dataBytes: 8, maxBytes: 1000 },
  { k: 1, m: 1, dataBytes: 64, maxBytes: 100 },
  { k: 32, m: 8, dataBytes: 8, maxBytes: 5000 },
  { k: 4, m: 4, dataBytes: 32, maxBytes: 1024 },
  // double buffered: two stages in turn (packets leave in order)
  { k: 4, m: 2, dataBytes: 64, maxBytes: 3000, buffers: 2 },
];
const DRIVES = [{}, { gap: 0.3, seed: 5 }, { backpressure: 0.5, seed: 6 }, { gap: 0.2, backpressure: 0.4, seed: 7 }];

const stages: SimulatedEcStripe[] = [];
afterAll(() => stages.forEach((s) => s.close()));
async function stage(raw: Record<string, unknown>): Promise<SimulatedEcStripe> {
  const s = await SimulatedEcStripe.create(raw);
  stages.push(s);
  return s;
}
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function sizes(c: { k: number; dataBytes: number; maxBytes: number }, rng: Rng): number[] {
  const unit = 64 * c.k;
  return [...new Set([0, 1, c.dataBytes - 1, c.dataBytes + 1, unit - 1, unit, unit + 1, rng.int(2, c.maxBytes), c.maxBytes - 1, c.maxBytes])]
    .filter((n) => n >= 0 && n <= c.maxBytes);
}

describe.each(CONFIGS)('EC stripe stage %o', (c) => {
  it('encodes payloads of 0 B to the maximum bit-exact with the reference, its parity equal to ISA-L\'s; refuses one above', async () => {
    const s = await stage({ mode: 'encode', ...c });
    const rng = new Rng(c.k * 31 + c.m);
    const payloads = sizes(c, rng).map((n) => rng.bytes(n));
    payloads.push(rng.bytes(c.maxBytes + 1), new Uint8Array(c.dataBytes * 3).fill(7));
    for (const [i, drive] of DRIVES.entries()) {
      const batch = i === 0 ? payloads : payloads.filter((_, j) => j % DRIVES.length === i);
      const run = s.run(batch, drive);
      expect(run.results.length).toBe(batch.length);
      batch.forEach((p, j) => {
        const want = stripeEncodeStage(p, c.k, c.m, c.maxBytes);
        expect(run.results[j].error, `payload ${p.length} B`).toBe(want.error);
        expect(hex(run.results[j].output), `payload ${p.length} B`).toBe(hex(want.output));
      });
    }
    // ISA-L, its own Cauchy matrix: the parity half of one stripe
    const p = rng.bytes(Math.min(c.maxBytes, 3 * 64 * c.k - 5));
    const L = fragmentLength(p.length, c.k);
    const stripe = s.run([p]).results[0].output;
    const data = Array.from({ length: c.k }, (_, i) => stripe.subarray(i * L, (i + 1) * L));
    const matrix = await isalEcMatrix('cauchy', c.k, c.m);
    const parity = await isalEcEncode(matrix.subarray(c.k * c.k), c.m, c.k, data);
    parity.forEach((f, r) => expect(hex(stripe.subarray((c.k + r) * L, (c.k + r + 1) * L)), `parity ${r}`).toBe(hex(f)));
  });

  it('reconstructs payloads with up to m fragments lost (data, parity or none), bit-exact', async () => {
    const s = await stage({ mode: 'reconstruct', ...c });
    const rng = new Rng(c.k * 17 + c.m + 1);
    const inputs: Uint8Array[] = [];
    const payloads: Uint8Array[] = [];
    for (const n of sizes(c, rng)) {
      const payload = rng.bytes(n);
      const stripe = stripeEncode(payload, c.k, c.m);
      const lost = new Set<number>();
      const count = rng.int(0, c.m);
      while (lost.size < count) lost.add(rng.int(0, c.k + c.m - 1));
      // one in three loses only data fragments (the most work for the engine)
      if (rng.int(0, 2) === 0) { lost.clear(); while (lost.size < Math.min(c.m, c.k)) lost.add(rng.int(0, c.k - 1)); }
      inputs.push(reconstructInput(stripe, n, c.k, c.m, [...lost]));
      payloads.push(payload);
    }
    for (const [i, drive] of DRIVES.entries()) {
      const pick = (_: unknown, j: number) => i === 0 || j % DRIVES.length === i;
      const batch = inputs.filter(pick);
      const want = payloads.filter(pick);
      const run = s.run(batch, drive);
      batch.forEach((input, j) => {
        expect(stripeReconstructStage(input, c.k, c.m, c.maxBytes).output, 'the reference itself').toEqual(want[j]);
        expect(run.results[j].error, `payload ${want[j].length} B`).toBe(false);
        expect(hex(run.results[j].output), `payload ${want[j].length} B`).toBe(hex(want[j]));
      });
    }
  });

  it('refuses malformed inputs (each header rule, lengths) with an empty packet and tuser, and goes on', async () => {
    const s = await stage({ mode: 'reconstruct', ...c });
    const rng = new Rng(c.k + 99);
    const n = Math.min(c.maxBytes, 64 * c.k + 3);
    const good = reconstructInput(stripeEncode(rng.bytes(n), c.k, c.m), n, c.k, c.m, [0]);
    const H = headerBytes(c.k, c.m);
    const edit = (f: (v: DataView, b: Uint8Array) => void) => { const b = good.slice(); f(new DataView(b.buffer), b); return b; };
    const bad: [string, Uint8Array][] = [
      ['n above k*L', edit((v) => v.setUint32(0, c.k * v.getUint32(4, true) + 1, true))],
      ['L not a multiple of 64', edit((v) => v.setUint32(4, v.getUint32(4, true) + 1, true))],
      ['L above the buffer', edit((v) => v.setUint32(4, fragmentLength(c.maxBytes, c.k) + 64, true))],
      ['more lost than m', edit((v) => v.setUint32(8, c.k > c.m ? 2 ** (c.m + 1) - 1 : 0, true))],
      ['one fragment short', good.slice(0, good.length - 64)],
      ['one fragment long', new Uint8Array([...good, ...new Uint8Array(64)])],
      ['header only', good.slice(0, H)],
      ['shorter than the header', good.slice(0, 64 >= H ? 0 : 64)],
    ];
    if (c.k < 32) bad.push(['a lost bit at k', edit((v) => v.setUint32(8, 1 << c.k, true))]);
    const cases = bad.filter(([, b]) => stripeReconstructStage(b, c.k, c.m, c.maxBytes).error);
    expect(cases.length, 'every case but those the config cannot express is bad by the reference').toBeGreaterThanOrEqual(bad.length - 1);
    const batch = cases.flatMap(([, b]) => [b, good]);
    const run = s.run(batch, { gap: 0.1, backpressure: 0.2, seed: 3 });
    cases.forEach(([what], i) => {
      expect(run.results[2 * i].error, what).toBe(true);
      expect(run.results[2 * i].output.length, what).toBe(0);
      expect(run.results[2 * i + 1].error, `the good stripe after "${what}"`).toBe(false);
      expect(hex(run.results[2 * i + 1].output)).toBe(hex(stripeReconstructStage(good, c.k, c.m, c.maxBytes).output));
    });
  });
});

describe('EC stripe stage, double buffered', () => {
  it('fills one buffer while the other codes and sends (exact cycles: 8 stripes in under 3/4 of one buffer\'s cycles), the same bytes', async () => {
    const c = { mode: 'encode', k: 4, m: 2, dataBytes: 64, maxBytes: 3000 };
    const one = await stage(c);
    const two = await stage({ ...c, buffers: 2 });
    const rng = new Rng(77);
    const payloads = Array.from({ length: 8 }, () => rng.bytes(2900));
    const r1 = one.run(payloads);
    const r2 = two.run(payloads);
    payloads.forEach((p, i) => expect(hex(r2.results[i].output), `stripe ${i}`).toBe(hex(stripeEncodeStage(p, 4, 2, 3000).output)));
    expect(r2.cycles, `${r2.cycles} cycles with two buffers vs ${r1.cycles} with one`).toBeLessThan(0.75 * r1.cycles);
  });
});
