// Fuzz: the inflate reference gives zlib's verdict, both ways, on hostile raw deflate streams. Seeds are zlib's
// own streams of varied data (corpus text, markup, digits and binary slices, zeros, random bytes, repeated blocks,
// 0..40-byte inputs, up to 64 KiB) at levels 1, 6 and 9 with every strategy, stored streams (zlib level 0 and
// hand-made multi-block ones) and hand-made dynamic blocks whose code sets are complete, incomplete,
// over-subscribed, single-code, empty or lack end-of-block, with repeat codes that cross the literal/distance
// boundary, start with code 16 or overrun the lengths. Each case mutates a seed one way (see KINDS); zlib
// (inflateInit2(-15) + inflate(Z_FINISH)) and the reference decode it with the same output bound, and must agree:
// both accept with identical output and input consumed, both reject, or both stop at the bound. A second test
// pins each edge class (as one small stream) to zlib's verdict and output and to the reference's verdict code.
// The seeds, mutations and the comparison are in ./inflate-hostile.ts, shared with the engine's fuzz test.
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/data/corpus.js';
import { zlibInflate } from '../../src/oracle/zlib.js';
import { inflateRaw } from '../../src/ref/inflate.js';
import { Rng } from '../../src/util/rng.js';
import {
  Bits, buildSeeds, canonical, CL_ORDER, compareWithZlib, completeLengths, countsByKind, describeDisagreements, DIST_EXTRA,
  hex, hostileCases, judge, KINDS, OUTCOMES, totalOf,
} from './inflate-hostile.js';

const SEED = Number(process.env.INFLATE_FUZZ_SEED ?? 20);
const CASES_PER_KIND = 2500;
const MAX_OUTPUT = 1 << 18;

// ---- the edge classes one by one ---------------------------------------------------------------------------

type ClSym = [symbol: number, extra: number, bits: number];

/** Run-length the lengths as deflate does: literal lengths, zero runs as 17/18. */
function plainCls(all: readonly number[]): ClSym[] {
  const cls: ClSym[] = [];
  for (let i = 0; i < all.length;) {
    let run = 0;
    while (all[i + run] === 0 && i + run < all.length) run++;
    if (run >= 11) { const t = Math.min(run, 138); cls.push([18, t - 11, 7]); i += t; }
    else if (run >= 3) { cls.push([17, run - 3, 3]); i += run; }
    else { cls.push([all[i], 0, 0]); i++; }
  }
  return cls;
}

interface DynamicSpec {
  lit: Record<number, number>; nlen: number; dist: Record<number, number>; ndist: number;
  /** The code-length symbols (default: plainCls of the lengths). */
  cls?: (all: number[]) => ClSym[];
  /** The code-length code's lengths (default: a complete code over the symbols used). */
  clLens?: (used: number[]) => number[];
  /** Symbols after the header: numbers are literal/length symbols, [d, extra] a distance symbol and its extra value. */
  body: (number | [number, number])[];
  tail?: (w: Bits) => void;
}

function dynamicBlock(o: DynamicSpec): Uint8Array {
  const lit = Array.from({ length: o.nlen }, (_, i) => o.lit[i] ?? 0);
  const dist = Array.from({ length: o.ndist }, (_, i) => o.dist[i] ?? 0);
  const all = [...lit, ...dist];
  const cls = o.cls ? o.cls(all) : plainCls(all);
  const used = [...new Set(cls.map((c) => c[0]))].sort((a, b) => a - b);
  let clLens = new Array<number>(19).fill(0);
  if (o.clLens) clLens = o.clLens(used);
  else {
    const ls = completeLengths(new Rng(7), Math.max(2, used.length), 7).sort((a, b) => a - b);
    [...used, ...[0, 1, 2].filter((x) => !used.includes(x))].forEach((sym, i) => { if (i < ls.length) clLens[sym] = ls[i]; });
  }
  let ncode = 19;
  while (ncode > 4 && clLens[CL_ORDER[ncode - 1]] === 0) ncode--;
  const w = new Bits();
  w.put(1, 1); w.put(2, 2); w.put(o.nlen - 257, 5); w.put(o.ndist - 1, 5); w.put(ncode - 4, 4);
  for (let i = 0; i < ncode; i++) w.put(clLens[CL_ORDER[i]], 3);
  const clc = canonical(clLens);
  for (const [sym, v, n] of cls) { w.huff(clc[sym], clLens[sym]); w.put(v, n); }
  const lc = canonical(lit), dc = canonical(dist);
  for (const b of o.body) {
    if (typeof b === 'number') {
      w.huff(lc[b] ?? 0, lit[b] ?? 1);
    } else {
      w.huff(dc[b[0]] ?? 0, dist[b[0]] ?? 1);
      w.put(b[1], DIST_EXTRA[b[0]] ?? 0);
    }
  }
  o.tail?.(w);
  return w.bytes();
}

/** The dynamic block of make(k) for the first k (0..7) that makes it end on a byte boundary. */
function endingOnByte(make: (k: number) => DynamicSpec): Uint8Array {
  for (let k = 0; k < 8; k++) {
    let bits = 0;
    const s = dynamicBlock({ ...make(k), tail: (w) => { bits = w.size; } });
    if (bits % 8 === 0) return s;
  }
  throw new Error('endingOnByte: no k ends on a byte boundary');
}

/** A fixed-Huffman block: literal/length symbols 0..287 and distance symbols 0..31 with their extra values. */
function fixedBlock(body: (number | [number, number])[], tail?: (w: Bits) => void): Uint8Array {
  const w = new Bits();
  w.put(1, 1); w.put(1, 2);
  for (const b of body) {
    if (typeof b !== 'number') { w.huff(b[0], 5); w.put(b[1], DIST_EXTRA[b[0]] ?? 0); }
    else if (b < 144) w.huff(0x30 + b, 8);
    else if (b < 256) w.huff(0x190 + b - 144, 9);
    else if (b < 280) w.huff(b - 256, 7);
    else w.huff(0xc0 + b - 280, 8);
  }
  tail?.(w);
  return w.bytes();
}

const A = 97, EOB = 256;
/** literal/length code 'a', end-of-block, length 3 (257) and length 4 (258), two bits each */
const LIT4 = { [A]: 2, [EOB]: 2, 257: 2, 258: 2 };
const txt = (s: string) => new TextEncoder().encode(s);

/** The classes where a decoder could plausibly differ from zlib, each as a small stream: what zlib does
 *  with it (its output when it accepts) and the reference's verdict code. */
const EDGE_CASES: { name: string; stream: Uint8Array; zlib: Uint8Array | 'invalid'; ours: number }[] = [
  { name: 'distance code with no codes, only literals', zlib: txt('aa'), ours: 0,
    stream: dynamicBlock({ lit: { [A]: 1, [EOB]: 1 }, nlen: 257, dist: {}, ndist: 1, body: [A, A, EOB] }) },
  { name: 'distance code with no codes, a length code then padding', zlib: 'invalid', ours: 5,
    stream: dynamicBlock({ lit: LIT4, nlen: 259, dist: {}, ndist: 1, body: [A, 257], tail: (w) => w.put(0, 8) }) },
  { name: 'one distance code of one bit (incomplete), used', zlib: txt('aaaa'), ours: 0,
    stream: dynamicBlock({ lit: LIT4, nlen: 259, dist: { 0: 1 }, ndist: 1, body: [A, 257, [0, 0], EOB] }) },
  { name: 'one distance code of one bit, its undefined pattern', zlib: 'invalid', ours: 5,
    stream: dynamicBlock({ lit: LIT4, nlen: 259, dist: { 0: 1 }, ndist: 1, body: [A, 257], tail: (w) => w.put(0xffff, 16) }) },
  { name: 'one distance code of two bits', zlib: 'invalid', ours: 4,
    stream: dynamicBlock({ lit: LIT4, nlen: 259, dist: { 0: 2 }, ndist: 1, body: [A, EOB] }) },
  { name: 'incomplete distance code with two codes', zlib: 'invalid', ours: 4,
    stream: dynamicBlock({ lit: LIT4, nlen: 259, dist: { 0: 1, 1: 2 }, ndist: 2, body: [A, EOB] }) },
  { name: 'only end-of-block, one bit (incomplete)', zlib: txt(''), ours: 0,
    stream: dynamicBlock({ lit: { [EOB]: 1 }, nlen: 257, dist: {}, ndist: 1, body: [EOB] }) },
  { name: 'only end-of-block, two bits (incomplete, longest code not one bit)', zlib: 'invalid', ours: 4,
    stream: dynamicBlock({ lit: { [EOB]: 2 }, nlen: 257, dist: {}, ndist: 1, body: [EOB] }) },
  { name: 'over-subscribed literal/length code', zlib: 'invalid', ours: 4,
    stream: dynamicBlock({ lit: { ...LIT4, 98: 2 }, nlen: 259, dist: { 0: 1, 1: 1 }, ndist: 2, body: [A, EOB] }) },
  { name: 'no end-of-block code', zlib: 'invalid', ours: 4,
    stream: dynamicBlock({ lit: { [A]: 1, 98: 1 }, nlen: 257, dist: {}, ndist: 1, body: [A] }) },
  { name: 'HLIT 30 (287 literal/length codes)', zlib: 'invalid', ours: 4,
    stream: dynamicBlock({ lit: LIT4, nlen: 287, dist: { 0: 1, 1: 1 }, ndist: 2, body: [A, EOB] }) },
  { name: 'HLIT 31 (288 literal/length codes)', zlib: 'invalid', ours: 4,
    stream: dynamicBlock({ lit: LIT4, nlen: 288, dist: { 0: 1, 1: 1 }, ndist: 2, body: [A, EOB] }) },
  { name: 'HLIT 29 (286 codes, the most allowed)', zlib: txt('aaaa'), ours: 0,
    stream: dynamicBlock({ lit: LIT4, nlen: 286, dist: { 0: 1, 1: 1 }, ndist: 2, body: [A, 257, [0, 0], EOB] }) },
  { name: 'HDIST 30 (31 distance codes)', zlib: 'invalid', ours: 4,
    stream: dynamicBlock({ lit: LIT4, nlen: 259, dist: { 0: 1, 1: 1 }, ndist: 31, body: [A, EOB] }) },
  { name: 'HDIST 31 (32 distance codes)', zlib: 'invalid', ours: 4,
    stream: dynamicBlock({ lit: LIT4, nlen: 259, dist: { 0: 1, 1: 1 }, ndist: 32, body: [A, EOB] }) },
  { name: 'HDIST 29 (30 codes, the most allowed) with distance code 29', zlib: 'invalid', ours: 6,
    stream: dynamicBlock({ lit: LIT4, nlen: 259, dist: { 0: 1, 29: 1 }, ndist: 30, body: [A, 257, [29, 0], EOB] }) },
  { name: 'code 16 repeating across the literal/distance boundary', zlib: txt('aaaaa'), ours: 0,
    stream: dynamicBlock({ lit: LIT4, nlen: 259, dist: { 0: 2, 1: 2, 2: 2, 3: 2 }, ndist: 4,
      cls: (all) => [...plainCls(all.slice(0, 259)), [16, 1, 2]], body: [A, 258, [0, 0], EOB] }) },
  { name: 'code 18 zeros across the literal/distance boundary', zlib: txt('aa'), ours: 0,
    stream: dynamicBlock({ lit: { [A]: 1, [EOB]: 1 }, nlen: 270, dist: {}, ndist: 5,
      cls: (all) => [...plainCls(all.slice(0, 257)), [18, 18 - 11, 7]], body: [A, A, EOB] }) },
  { name: 'code 16 first (no previous length)', zlib: 'invalid', ours: 4,
    stream: dynamicBlock({ lit: LIT4, nlen: 259, dist: { 0: 1, 1: 1 }, ndist: 2,
      cls: (all) => [[16, 0, 2], ...plainCls(all.slice(3))], body: [A, EOB] }) },
  { name: 'a zero repeat past the last length (4 zeros where 3 are left)', zlib: 'invalid', ours: 4,
    stream: dynamicBlock({ lit: LIT4, nlen: 259, dist: { 0: 1, 1: 1 }, ndist: 5,
      cls: (all) => [...plainCls(all.slice(0, 261)), [17, 1, 3]], body: [A, EOB] }) },
  { name: 'code-length code of one 1-bit code (incomplete)', zlib: 'invalid', ours: 4,
    stream: dynamicBlock({ lit: LIT4, nlen: 259, dist: { 0: 1, 1: 1 }, ndist: 2, clLens: () => { const l = new Array<number>(19).fill(0); l[2] = 1; return l; }, body: [A, EOB] }) },
  { name: 'code-length code with no codes', zlib: 'invalid', ours: 4,
    stream: dynamicBlock({ lit: LIT4, nlen: 259, dist: {}, ndist: 1, clLens: () => new Array<number>(19).fill(0), cls: () => [], body: [], tail: (w) => w.put(0, 300) }) },
  // both reject, for different reasons: zlib needs one bit to look up a distance code with no codes (so a cut
  // stream is truncated to it), and decides an undefined pattern of a one-bit code from that bit alone, where the
  // reference (and the engine) tries up to 15 bits
  { name: 'distance code with no codes, the stream ends right after a length code', zlib: 'invalid', ours: 5,
    stream: endingOnByte((k) => ({ lit: { [A]: 1, 98: 2, [EOB]: 3, 257: 3 }, nlen: 258, dist: {}, ndist: 1, body: [...new Array<number>(k).fill(A), 257] })) },
  { name: 'one-bit literal/length code, its undefined pattern, then under 15 bits', zlib: 'invalid', ours: 1,
    stream: dynamicBlock({ lit: { [EOB]: 1 }, nlen: 257, dist: {}, ndist: 1, body: [], tail: (w) => w.put(1, 1) }) },
  { name: 'fixed: literal/length 286', zlib: 'invalid', ours: 5, stream: fixedBlock([A, 286, EOB]) },
  { name: 'fixed: literal/length 287', zlib: 'invalid', ours: 5, stream: fixedBlock([A, 287, EOB]) },
  { name: 'fixed: distance code 30', zlib: 'invalid', ours: 5, stream: fixedBlock([A, 257, [30, 0], EOB]) },
  { name: 'fixed: distance code 31', zlib: 'invalid', ours: 5, stream: fixedBlock([A, 257, [31, 0], EOB]) },
  { name: 'fixed: distance exactly the output so far', zlib: txt('abcabc'), ours: 0, stream: fixedBlock([A, 98, 99, 257, [2, 0], EOB]) },
  { name: 'fixed: distance one past the output start', zlib: 'invalid', ours: 6, stream: fixedBlock([A, 98, 99, 257, [3, 0], EOB]) },
  { name: 'fixed: distance past the start with extra bits', zlib: 'invalid', ours: 6, stream: fixedBlock([A, 98, 99, 98, 257, [4, 1], EOB]) },
  { name: 'bytes after the final block', zlib: txt('a'), ours: 0, stream: fixedBlock([A, EOB], (w) => w.put(0xdeadbeef, 32)) },
  { name: 'ends before end-of-block', zlib: 'invalid', ours: 1, stream: fixedBlock([A, 98]).subarray(0, 2) },
  { name: 'non-final block, then nothing', zlib: 'invalid', ours: 1, stream: Uint8Array.of(0x02, 0x00) },
  { name: 'block type 3', zlib: 'invalid', ours: 2, stream: Uint8Array.of(0x07, 0x00) },
  { name: 'stored: LEN 0', zlib: txt(''), ours: 0, stream: Uint8Array.of(0x01, 0x00, 0x00, 0xff, 0xff) },
  { name: 'stored: NLEN not the complement', zlib: 'invalid', ours: 3, stream: Uint8Array.of(0x01, 0x01, 0x00, 0xff, 0xff, 0x61) },
  { name: 'stored: LEN past the end', zlib: 'invalid', ours: 1, stream: Uint8Array.of(0x01, 0x02, 0x00, 0xfd, 0xff, 0x61) },
];


describe('inflate reference against zlib on hostile streams', () => {
  it(`gives zlib's verdict on ${CASES_PER_KIND * KINDS.length} mutated streams (seed ${SEED})`, async () => {
    const t0 = Date.now();
    const rng = new Rng(SEED);
    const corpus = (await loadCorpus(1 << 20)).map((f) => f.data);
    const set = await buildSeeds(rng, corpus);
    const { seeds, by } = set;
    for (const s of seeds) expect(inflateRaw(s.stream).error, s.what).toBe(0);
    for (const [k, v] of Object.entries(by)) expect(v.length, `seeds with ${k}`).toBeGreaterThan(5);

    const counts = countsByKind();
    const run = await compareWithZlib(hostileCases(rng, set, CASES_PER_KIND), counts, { maxOutput: MAX_OUTPUT, window: 32768 });
    const { disagreements } = run;

    const total = totalOf(Object.values(counts));
    const row = (k: string, c: typeof total) => `  ${k.padEnd(14)} ${String(OUTCOMES.reduce((n, o) => n + c[o], 0)).padStart(6)} ${String(c.accepted).padStart(12)} ${String(c.rejected).padStart(12)} ${String(c.bound).padStart(11)} ${String(c.disagree).padStart(9)}`;
    const lines = [`inflate vs zlib, seed ${SEED}, ${seeds.length} seed streams, ${run.cases} cases, output bound ${MAX_OUTPUT}:`,
      `  ${'kind'.padEnd(14)} ${'cases'.padStart(6)} ${'both accept'.padStart(12)} ${'both reject'.padStart(12)} ${'both bound'.padStart(11)} ${'disagree'.padStart(9)}`,
      ...KINDS.map((k) => row(k, counts[k])), row('total', total),
      `  reference verdicts: ${[...run.referenceVerdicts].sort((a, b) => a[0] - b[0]).map(([e, n]) => `${e}: ${n}`).join(', ')}; asked zlib again at the bound: ${run.requeried}; ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      ...describeDisagreements(disagreements).map((l) => `  ${l}`)];
    console.log(lines.join('\n'));

    for (const k of KINDS) expect(counts[k].accepted + counts[k].rejected + counts[k].bound + counts[k].disagree, k).toBeGreaterThanOrEqual(300);
    expect(total.accepted, 'some mutated streams are still valid').toBeGreaterThan(500);
    expect(total.rejected).toBeGreaterThan(3000);
    expect(disagreements.map((d) => `${d.kind}: ${d.why}: ${hex(d.stream.subarray(0, 64))}`)).toEqual([]);
  });
  it('agrees with zlib on each edge class (incomplete and empty codes, HLIT/HDIST limits, repeats, bad symbols, distances, trailing bytes)', async () => {
    for (const c of EDGE_CASES) {
      const lib = await zlibInflate(c.stream, MAX_OUTPUT, 'raw');
      const ours = inflateRaw(c.stream, { maxOutput: MAX_OUTPUT, window: 32768 });
      const what = `${c.name}: ${hex(c.stream)}`;
      if (c.zlib === 'invalid') expect(lib, what).toBe('invalid');
      else expect(lib === 'invalid' || lib === 'too-long' ? lib : hex(lib.output), what).toBe(hex(c.zlib));
      expect(ours.error, what).toBe(c.ours);
      expect(judge(lib, ours).outcome, what).not.toBe('disagree');
    }
  });
});
