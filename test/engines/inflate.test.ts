// The simulated inflate engine against zlib and the reference: zlib streams at levels 0..9 and every strategy
// (stored, fixed and dynamic blocks) over the corpus decode to the input with the bytes-used count; mutated
// and built hostile streams (test/ref/inflate-hostile.ts: 14 kinds, as the reference's zlib fuzz test) give zlib's
// verdict and output, and the reference's, within a cycle bound.
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/data/corpus.js';
import { SimulatedInflater } from '../../src/engines/inflate.js';
import { zlibCompress, type ZlibStrategy } from '../../src/oracle/zlib.js';
import { inflateRaw, unwrapGzip, unwrapZlib } from '../../src/ref/inflate.js';
import { fixedHuffmanBlock } from '../../src/ref/deflate-compress.js';
import type { Lz4Sequence } from '../../src/ref/lz4.js';
import { Rng } from '../../src/util/rng.js';
import { buildSeeds, compareWithZlib, countsByKind, describeDisagreements, hex, hostileCases, KINDS, OUTCOMES, totalOf, type HostileCase } from '../ref/inflate-hostile.js';

const FUZZ_SEED = Number(process.env.INFLATE_ENGINE_FUZZ_SEED ?? 7);
const FUZZ_PER_KIND = 750;
/** Seed input sizes for the engine fuzz test: 30% 0..40 B, 30% up to 4 KiB, 20% up to 60,000 B and 20% around the
 *  engine's 64 KiB output bound (60,000..70,000 B), so splices, extensions and BFINAL edits often pass it. */
const FUZZ_SEED_SIZE = (rng: Rng) => { const r = rng.float(); return r < 0.3 ? rng.int(0, 40) : r < 0.6 ? rng.int(41, 4096) : r < 0.8 ? rng.int(4097, 60000) : rng.int(60000, 70000); };

const engines: SimulatedInflater[] = [];
afterAll(() => engines.forEach((e) => e.close()));
async function engine(raw: Record<string, unknown>): Promise<SimulatedInflater> {
  const e = await SimulatedInflater.create(raw);
  engines.push(e);
  return e;
}

/** A fixed-Huffman stream: 8 literals, then n groups of a `length`-byte match at distance 1..8 followed by
 * `literalsAfter` literals. */
function fixedGroups(rng: Rng, n: number, length: number, literalsAfter: number): Uint8Array {
  const sequences: Lz4Sequence[] = [];
  let literals = rng.bytes(8);
  for (let i = 0; i < n; i++) {
    sequences.push({ literals, offset: rng.int(1, 8), matchLength: length });
    literals = rng.bytes(literalsAfter);
  }
  return fixedHuffmanBlock([...sequences, { literals }]);
}

/** Inflate one stream on the engine, check it against the reference, return the cycles it took. */
function inflateChecked(e: SimulatedInflater, stream: Uint8Array): number {
  const ref = inflateRaw(stream, e.limits);
  expect(ref.error).toBe(0);
  const run = e.inflate([stream]);
  expect(run.results[0].error).toBe(0);
  expect(Buffer.from(run.results[0].output).equals(Buffer.from(ref.output))).toBe(true);
  return run.cycles;
}

describe.each([{ bytesPerCycle: 8 }, { bytesPerCycle: 1 }, { bytesPerCycle: 16, historyMemory: 'registers' }, { bytesPerCycle: 32 }])('inflate engine %o', (raw) => {
  it('decodes zlib streams at every level and strategy to the input', async () => {
    const e = await engine(raw);
    const rng = new Rng(1);
    const inputs = [new Uint8Array(0), rng.bytes(1), rng.bytes(3000), ...(await loadCorpus(raw.bytesPerCycle === 1 ? 20_000 : 120_000)).map((f) => f.data)];
    const streams: Uint8Array[] = [];
    const expected: Uint8Array[] = [];
    for (const data of inputs) {
      for (let level = 0; level <= 9; level++) { streams.push(await zlibCompress(data, level)); expected.push(data); }
      for (const strategy of ['fixed', 'huffman-only', 'rle'] as ZlibStrategy[]) { streams.push(await zlibCompress(data, 6, 'raw', strategy)); expected.push(data); }
    }
    if (raw.bytesPerCycle >= 8) {
      // one 1 MiB stream (the window slides over 32 times)
      const xml = (await loadCorpus(1 << 20)).find((f) => f.name.startsWith('xml'))!.data;
      streams.push(await zlibCompress(xml, 6));
      expected.push(xml);
    }
    // a trailer after the deflate data (as in zlib and gzip framing) must be left alone and counted out
    const withTrailer = streams.map((s) => Uint8Array.from([...s, 0xde, 0xad, 0xbe, 0xef]));
    const run = e.inflate(withTrailer, { gap: 0.2, backpressure: 0.2, seed: 3 });
    run.results.forEach((r, i) => {
      expect(r.error, `stream ${i}`).toBe(0);
      expect(Buffer.from(r.output).equals(Buffer.from(expected[i])), `stream ${i}`).toBe(true);
      expect(r.consumed, `stream ${i}`).toBe(streams[i].length);
    });
  });

  it('writes the literals after a copy in the copy\'s last cycle: two cycles per (match, literal, literal)', async () => {
    const e = await engine(raw);
    const W = raw.bytesPerCycle;
    const rng = new Rng(2);
    const n = 3000;
    const cycles = inflateChecked(e, fixedGroups(rng, n, 4, 2));
    // W >= 8: the length+distance cycle, then one cycle for the 4 copied bytes and both literals;
    // W = 1: 4 copy cycles and 2 literal cycles after it. The fixed code's tables take about 700 cycles.
    const perGroup = W >= 8 ? 2 : 7;  // (the match after the literals is decoded in I_SYM)
    expect(cycles).toBeGreaterThanOrEqual(n * perGroup);
    expect(cycles).toBeLessThanOrEqual(n * perGroup + 1000);
  });

  it('writes a literal and starts the next copy in a copy\'s last cycle: one cycle per (match, literal)', async () => {
    const e = await engine(raw);
    const W = raw.bytesPerCycle;
    const rng = new Rng(4);
    const n = 3000;
    const cycles = inflateChecked(e, fixedGroups(rng, n, 5, 1));
    // W >= 8: 5 copied bytes, the literal and the next length/distance in one cycle; W = 1: 5 + 1 + 1 (decode)
    const perGroup = W >= 8 ? 1 : 7;
    expect(cycles).toBeGreaterThanOrEqual(n * perGroup);
    expect(cycles).toBeLessThanOrEqual(n * perGroup + 1000);
  });

  it('starts the next copy in a copy\'s last cycle: one cycle per back-to-back match of up to W bytes', async () => {
    const e = await engine(raw);
    const W = raw.bytesPerCycle;
    const rng = new Rng(3);
    const n = 3000;
    const len = Math.max(3, Math.min(W, 10));
    const cycles = inflateChecked(e, fixedGroups(rng, n, len, 0));
    // each match's bytes take ceil(len / W) cycles and its length/distance decode rides in the previous one's
    const perMatch = Math.ceil(len / W);
    expect(cycles).toBeGreaterThanOrEqual(n * perMatch);
    expect(cycles).toBeLessThanOrEqual(n * perMatch + 1000);
  });
});

describe('zlib and gzip framing around the engine', () => {
  it('the engine\'s bytes-used count lets the host check zlib and gzip trailers', async () => {
    const e = await engine({ bytesPerCycle: 8 });
    const data = (await loadCorpus(50_000))[0].data;
    const viaEngine = (raw: Uint8Array) => e.inflate([raw]).results[0];
    expect(Buffer.from(unwrapZlib(await zlibCompress(data, 6, 'zlib'), viaEngine)).equals(Buffer.from(data))).toBe(true);
    expect(Buffer.from(unwrapGzip(await zlibCompress(data, 9, 'gzip'), viaEngine)).equals(Buffer.from(data))).toBe(true);
    const gz = await zlibCompress(data, 1, 'gzip');
    gz[gz.length - 8] ^= 1;
    expect(() => unwrapGzip(gz, viaEngine)).toThrow(/gzip: CRC-32 mismatch/);
  });
});

describe('inflate engine safety', () => {
  it(`fuzz: ${FUZZ_PER_KIND * KINDS.length} hostile streams of ${KINDS.length} kinds give zlib's verdict and output (and the reference's), in bounded cycles`, async () => {
    const t0 = Date.now();
    const e = await engine({ bytesPerCycle: 8, maxOutputBytes: 1 << 16 });
    const rng = new Rng(FUZZ_SEED);
    const corpus = (await loadCorpus(1 << 20)).map((f) => f.data);
    // the reference test's seeds (zlib levels 1/6/9 x every strategy, stored by zlib and by hand), sized around the bound
    const set = await buildSeeds(rng, corpus, FUZZ_SEED_SIZE);
    const counts = countsByKind();
    let batches = 0, worst = 0;
    const decode = (batch: readonly HostileCase[]) => {
      const streams = batch.map((c) => c.stream);
      const run = e.inflate(streams, { gap: 0.1, backpressure: 0.1, seed: batches++, stallLimit: 5000 });
      // bound: a cycle per input bit and output byte, plus the code tables' building per stream
      const bound = 8 * run.inputBytes + run.outputBytes + 1500 * streams.length;
      worst = Math.max(worst, run.cycles / bound);
      expect(run.cycles).toBeLessThanOrEqual(bound);
      for (const r of run.results) expect(r.output.length).toBeLessThanOrEqual(e.limits.maxOutput);
      return run.results;
    };
    const run = await compareWithZlib(hostileCases(rng, set, FUZZ_PER_KIND), counts, e.limits, { decode, lineBytes: e.params.bytesPerCycle });
    const total = totalOf(Object.values(counts));
    const verdicts = (m: Map<number, number>) => [...m].sort((a, b) => a[0] - b[0]).map(([v, n]) => `${v}: ${n}`).join(', ');
    console.log(`inflate engine ${e.design.top} vs zlib and the reference, seed ${FUZZ_SEED}: ${run.cases} streams from ${set.seeds.length} seeds, output bound ${e.limits.maxOutput}, ` +
      `${((Date.now() - t0) / 1000).toFixed(1)} s\n  engine verdicts ${verdicts(run.testedVerdicts)}; reference ${verdicts(run.referenceVerdicts)}; ` +
      `output cut to whole lines short of the reference's: ${run.shorterAfterError} after an error 1-6, ${run.shorterAtBound} at the bound; zlib asked again at the bound: ${run.requeried}; cycles at most ${(100 * worst).toFixed(0)}% of the bound` +
      describeDisagreements(run.disagreements).map((l) => `\n  ${l}`).join(''));
    console.table({ ...counts, all: total });
    expect(run.disagreements.slice(0, 10).map((d) => `${d.kind}: ${d.why}: ${hex(d.stream.subarray(0, 64))}`)).toEqual([]);
    for (const k of KINDS) expect(OUTCOMES.reduce((n, o) => n + counts[k][o], 0), k).toBe(FUZZ_PER_KIND);
    expect(total.accepted).toBeGreaterThan(1000);
    expect(total.rejected).toBeGreaterThan(5000);
    expect(total.bound).toBeGreaterThan(50);
  }, 300_000);

  it('refuses bad parameters by name', async () => {
    await expect(SimulatedInflater.create({ bytesPerCycle: 3 })).rejects.toThrow("gen/inflate: parameter 'bytesPerCycle' = 3 is not a power of two: allowed 1, 2, 4, 8, 16, 32");
    await expect(SimulatedInflater.create({ windowBytes: 65536 })).rejects.toThrow(/'windowBytes' = 65536 is not allowed \(out of range\): expected an integer 2\.\.32768/);
    await expect(SimulatedInflater.create({ bytesPerCycle: 32, windowBytes: 32 })).rejects.toThrow(/'windowBytes' = 32 is smaller than 2 x bytesPerCycle \(64\)/);
  });

  it('stops at the output bound and the window', async () => {
    const e = await engine({ bytesPerCycle: 4, maxOutputBytes: 1000, windowBytes: 256 });
    const data = new Rng(5).bytes(600);
    const twice = Uint8Array.from([...data, ...data]);
    const [far, long] = await Promise.all([zlibCompress(twice, 9), zlibCompress(new Uint8Array(5000), 9)]);
    const r = e.inflate([far, long]);
    expect(r.results.map((x) => x.error)).toEqual([6, 7]);
    expect(r.results[1].output.length).toBeLessThanOrEqual(1000);
  });
});
