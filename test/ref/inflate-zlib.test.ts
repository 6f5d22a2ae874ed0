// Fuzz: the inflate reference gives zlib's verdict, both ways, on hostile raw deflate streams. Seeds are zlib's
// own streams of varied data (corpus text, markup, digits and binary slices, zeros, random bytes, repeated blocks,
// 0..40-byte inputs, up to 64 KiB) at levels 1, 6 and 9 with every strategy, stored streams (zlib level 0 and
// hand-made multi-block ones) and hand-made dynamic blocks whose code sets are complete, incomplete,
// over-subscribed, single-code, empty or lack end-of-block, with repeat codes that cross the literal/distance
// boundary, start with code 16 or overrun the lengths. Each case mutates a seed one way (see KINDS); zlib
// (inflateInit2(-15) + inflate(Z_FINISH)) and the reference decode it with the same output bound, and must agree:
// both accept with identical output and input consumed, both reject, or both stop at the bound. A second test
// pins each edge class (as one small stream) to zlib's verdict and output and to the reference's verdict code.
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/data/corpus.js';
import { zlibCompress, zlibInflate, type ZlibInflateResult, type ZlibStrategy } from '../../src/oracle/zlib.js';
import { inflateRaw, type InflateResult } from '../../src/ref/inflate.js';
import { Rng } from '../../src/util/rng.js';

const SEED = Number(process.env.INFLATE_FUZZ_SEED ?? 20);
const CASES_PER_KIND = 2500;
const MAX_OUTPUT = 1 << 18;

const KINDS = ['bit-flip', 'byte-set', 'truncate', 'extend', 'splice', 'random', 'btype', 'bfinal', 'hlit', 'hdist',
  'hclen', 'stored-len', 'distance', 'built-dynamic'] as const;
type Kind = (typeof KINDS)[number];
type Outcome = 'accepted' | 'rejected' | 'bound' | 'disagree';

const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

function getBits(s: Uint8Array, pos: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) v |= ((s[(pos + i) >> 3] >> ((pos + i) & 7)) & 1) << i;
  return v;
}
function setBits(s: Uint8Array, pos: number, n: number, v: number): void {
  for (let i = 0; i < n; i++) {
    const p = pos + i;
    s[p >> 3] = (s[p >> 3] & ~(1 << (p & 7))) | (((v >> i) & 1) << (p & 7));
  }
}

/** A deflate bit writer: fields LSB-first, Huffman codes MSB-first (RFC 1951 3.1.1). */
class Bits {
  private readonly bits: number[] = [];
  put(value: number, n: number): void { for (let i = 0; i < n; i++) this.bits.push((value >> i) & 1); }
  huff(code: number, n: number): void { for (let i = n - 1; i >= 0; i--) this.bits.push((code >> i) & 1); }
  align(): void { while (this.bits.length & 7) this.bits.push(0); }
  get size(): number { return this.bits.length; }
  bytes(): Uint8Array {
    const out = new Uint8Array(Math.ceil(this.bits.length / 8));
    this.bits.forEach((b, i) => { out[i >> 3] |= b << (i & 7); });
    return out;
  }
}

/** Canonical codes for a set of lengths (RFC 1951 3.2.2); over-subscribed sets get wrapped codes (still bits). */
function canonical(lengths: readonly number[]): number[] {
  const count = new Array<number>(16).fill(0);
  for (const l of lengths) if (l) count[l]++;
  const next = new Array<number>(16).fill(0);
  let code = 0;
  for (let b = 1; b <= 15; b++) { code = (code + count[b - 1]) << 1; next[b] = code; }
  return lengths.map((l) => (l ? next[l]++ & ((1 << l) - 1) : 0));
}

/** Decoder for the scanner (valid streams only). */
class Code {
  readonly count = new Uint16Array(16);
  readonly symbols: Uint16Array;
  constructor(lengths: ArrayLike<number>) {
    for (let i = 0; i < lengths.length; i++) this.count[lengths[i]]++;
    this.count[0] = 0;
    const offs = new Uint16Array(16);
    for (let l = 1; l < 15; l++) offs[l + 1] = offs[l] + this.count[l];
    this.symbols = new Uint16Array(lengths.length);
    for (let i = 0; i < lengths.length; i++) if (lengths[i]) this.symbols[offs[lengths[i]]++] = i;
  }
}

interface BlockInfo { bit: number; type: number; hlitBit?: number; lenByte?: number }
interface MatchInfo { op: number; dcode: number; extraBit: number }
interface Seed { stream: Uint8Array; blocks: BlockInfo[]; matches: MatchInfo[]; what: string }

/** Walk a valid stream: where each block header, dynamic-header field and stored LEN is, and the matches whose
 *  distance extra bits can point before the output start (op below the code's largest distance). */
function scan(s: Uint8Array): { blocks: BlockInfo[]; matches: MatchInfo[] } {
  let pos = 0, op = 0;
  const bits = (n: number) => { const v = getBits(s, pos, n); pos += n; return v; };
  const decode = (c: Code) => {
    let code = 0, first = 0, index = 0;
    for (let len = 1; len <= 15; len++) {
      code |= bits(1);
      const count = c.count[len];
      if (code - first < count) return c.symbols[index + code - first];
      index += count; first = (first + count) << 1; code <<= 1;
    }
    throw new Error('scan: bad code in a seed stream');
  };
  const blocks: BlockInfo[] = [], matches: MatchInfo[] = [];
  for (;;) {
    const b: BlockInfo = { bit: pos, type: 0 };
    blocks.push(b);
    const final = bits(1);
    b.type = bits(2);
    if (b.type === 0) {
      pos = (pos + 7) & ~7;
      b.lenByte = pos >> 3;
      const len = bits(16);
      pos += 16 + 8 * len;
      op += len;
    } else {
      let lit: Code, dist: Code;
      if (b.type === 1) {
        const l = new Uint8Array(288);
        l.fill(8, 0, 144); l.fill(9, 144, 256); l.fill(7, 256, 280); l.fill(8, 280, 288);
        lit = new Code(l); dist = new Code(new Uint8Array(30).fill(5));
      } else {
        b.hlitBit = pos;
        const nlen = bits(5) + 257, ndist = bits(5) + 1, ncode = bits(4) + 4;
        const cl = new Uint8Array(19);
        for (let i = 0; i < ncode; i++) cl[CL_ORDER[i]] = bits(3);
        const clc = new Code(cl);
        const lengths = new Uint8Array(nlen + ndist);
        for (let i = 0; i < nlen + ndist;) {
          const sym = decode(clc);
          if (sym < 16) { lengths[i++] = sym; continue; }
          const val = sym === 16 ? lengths[i - 1] : 0;
          const rep = sym === 16 ? 3 + bits(2) : sym === 17 ? 3 + bits(3) : 11 + bits(7);
          lengths.fill(val, i, i + rep);
          i += rep;
        }
        lit = new Code(lengths.subarray(0, nlen)); dist = new Code(lengths.subarray(nlen));
      }
      for (;;) {
        const sym = decode(lit);
        if (sym < 256) { op++; continue; }
        if (sym === 256) break;
        const len = LEN_BASE[sym - 257] + bits(LEN_EXTRA[sym - 257]);
        const dc = decode(dist);
        const e = DIST_EXTRA[dc];
        if (e > 0 && op < DIST_BASE[dc] + (1 << e) - 1) matches.push({ op, dcode: dc, extraBit: pos });
        pos += e;
        op += len;
      }
    }
    if (final) return { blocks, matches };
  }
}

// ---- seed data -----------------------------------------------------------------------------------------

function randomSize(rng: Rng): number {
  const r = rng.float();
  return r < 0.35 ? rng.int(0, 40) : r < 0.8 ? rng.int(41, 4096) : rng.int(4097, 65536);
}

function seedData(rng: Rng, corpus: Uint8Array[], n: number): { data: Uint8Array; what: string } {
  const kind = rng.pick(['corpus', 'zeros', 'random', 'repeat', 'mixed'] as const);
  if (kind === 'zeros') return { data: new Uint8Array(n).fill(rng.int(0, 3) === 0 ? rng.int(0, 255) : 0), what: 'zeros' };
  if (kind === 'random') return { data: rng.bytes(n), what: 'random' };
  if (kind === 'corpus') {
    const f = rng.pick(corpus);
    const at = rng.int(0, Math.max(0, f.length - n));
    return { data: f.slice(at, at + n), what: 'corpus' };
  }
  if (kind === 'repeat') {
    // a block repeated: the first match's distance is its period, so distance edits can reach before the start
    const p = rng.int(1, Math.max(1, Math.min(n, 20000)));
    const block = rng.int(0, 1) ? rng.bytes(p) : seedData(rng, corpus, p).data;
    const data = new Uint8Array(n);
    for (let i = 0; i < n; i++) data[i] = block[i % p];
    return { data, what: `repeat ${p}` };
  }
  const data = new Uint8Array(n);
  for (let at = 0; at < n;) {
    const m = Math.min(n - at, rng.int(1, 2000));
    data.set(seedData(rng, corpus, m).data.subarray(0, m), at);
    at += m;
  }
  return { data, what: 'mixed' };
}

/** Stored blocks by hand: the data split into 1..4 blocks, some of them empty. */
function storedStream(rng: Rng, data: Uint8Array): Uint8Array {
  const cuts = [0, ...Array.from({ length: rng.int(0, 3) }, () => rng.int(0, data.length)).sort((a, b) => a - b), data.length];
  const w = new Bits();
  for (let i = 0; i + 1 < cuts.length; i++) {
    w.put(i + 2 === cuts.length ? 1 : 0, 1); w.put(0, 2); w.align();
    const len = cuts[i + 1] - cuts[i];
    w.put(len, 16); w.put(~len & 0xffff, 16);
    for (let j = cuts[i]; j < cuts[i + 1]; j++) w.put(data[j], 8);
  }
  return w.bytes();
}

// ---- hand-made dynamic blocks ----------------------------------------------------------------------------

/** Lengths of a random complete prefix code with k >= 2 leaves, none longer than maxLen. */
function completeLengths(rng: Rng, k: number, maxLen: number): number[] {
  const leaves = [1, 1];
  while (leaves.length < k) {
    const open = leaves.flatMap((l, i) => (l < maxLen ? [i] : []));
    if (!open.length) break;
    const i = rng.pick(open);
    leaves[i]++;
    leaves.push(leaves[i]);
  }
  return leaves;
}

function shuffle<T>(rng: Rng, a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) { const j = rng.int(0, i); [a[i], a[j]] = [a[j], a[i]]; }
  return a;
}

/** A length set over n symbols in one of the shapes zlib treats differently. */
function codeSet(rng: Rng, n: number, usable: number, must: number | undefined, maxLen: number): { lengths: number[]; shape: string } {
  const lengths = new Array<number>(n).fill(0);
  const shape = rng.pick(['complete', 'complete', 'complete', 'single1', 'single', 'incomplete', 'over', 'zeros', 'two'] as const);
  if (shape === 'zeros') return { lengths, shape };
  const symbols = shuffle(rng, Array.from({ length: usable }, (_, i) => i).filter((s) => s !== must));
  if (must !== undefined && rng.int(0, 15) > 0) symbols.unshift(must); // now and then the end-of-block code is missing
  if (shape === 'single1' || shape === 'single') {
    lengths[symbols[0]] = shape === 'single1' ? 1 : rng.int(1, maxLen);
    return { lengths, shape };
  }
  const k = shape === 'two' ? 2 : Math.min(symbols.length, rng.int(0, 3) ? rng.int(2, 24) : rng.int(2, usable));
  const ls = shuffle(rng, completeLengths(rng, Math.max(2, k), maxLen));
  if (shape === 'incomplete') ls.pop();
  if (shape === 'over') ls.push(rng.int(1, maxLen));
  ls.forEach((l, i) => { if (i < symbols.length) lengths[symbols[i]] = l; });
  return { lengths, shape };
}

/** One dynamic block (sometimes two in a row) built from random code sets, encoded with random run-length
 *  choices, then symbols from those codes, mostly ending with end-of-block; distances sometimes reach before the
 *  output start; now and then a few random bytes follow. */
function builtDynamic(rng: Rng): Uint8Array {
  const w = new Bits();
  let op = 0;
  const blocks = rng.int(0, 4) === 0 ? 2 : 1;
  for (let b = 0; b < blocks; b++) {
    const last = b === blocks - 1;
    w.put(last ? 1 : 0, 1); w.put(2, 2);
    const nlen = rng.int(0, 9) ? rng.int(257, 286) : rng.int(287, 288);
    const ndist = rng.int(0, 9) ? rng.int(1, 30) : rng.int(31, 32);
    const lit = codeSet(rng, nlen, Math.min(nlen, 286), 256, 15);
    const dist = codeSet(rng, ndist, Math.min(ndist, 30), undefined, 15);
    const all = [...lit.lengths, ...dist.lengths];
    // run-length encode the whole sequence (repeats may cross the literal/distance boundary, as zlib's do)
    const cls: [number, number, number][] = []; // symbol, extra value, extra bits
    let i = 0;
    if (rng.int(0, 19) === 0) {
      // code 16 with no previous length, over the leading zeros when there are three or more
      let z = 0;
      while (z < 6 && all[z] === 0) z++;
      const t = rng.int(3, z >= 3 ? z : 6);
      cls.push([16, t - 3, 2]);
      if (z >= 3) i = t;
    }
    while (i < all.length) {
      let run = 1;
      while (i + run < all.length && all[i + run] === all[i]) run++;
      if (all[i] === 0 && run >= 3 && rng.int(0, 3)) {
        const r = Math.min(run, 138);
        if (r >= 11 && rng.int(0, 3)) { const t = rng.int(11, r); cls.push([18, t - 11, 7]); i += t; }
        else { const t = rng.int(3, Math.min(r, 10)); cls.push([17, t - 3, 3]); i += t; }
      } else if (i > 0 && all[i] === all[i - 1] && run >= 3 && rng.int(0, 3)) {
        const t = rng.int(3, Math.min(run, 6)); cls.push([16, t - 3, 2]); i += t;
      } else { cls.push([all[i], 0, 0]); i++; }
    }
    if (rng.int(0, 19) === 0) cls.push([18, 127, 7]); // a repeat past the end of the lengths
    const used = [...new Set(cls.map((c) => c[0]))];
    const clLens = new Array<number>(19).fill(0);
    const clShape = rng.int(0, 14);
    if (clShape === 0) { /* all zero */ } else {
      const ls = shuffle(rng, completeLengths(rng, Math.max(2, used.length), 7));
      const extra = shuffle(rng, Array.from({ length: 19 }, (_, i) => i).filter((s) => !used.includes(s)));
      [...used, ...extra].forEach((s, i) => { if (i < ls.length) clLens[s] = ls[i]; });
      if (clShape === 1) clLens[used[0]] = 0; // incomplete, or a used symbol without a code
      if (clShape === 2) clLens[extra[0] ?? 0] = rng.int(1, 7); // over-subscribed
    }
    let ncode = 19;
    while (ncode > 4 && clLens[CL_ORDER[ncode - 1]] === 0) ncode--;
    if (rng.int(0, 9) === 0) ncode = rng.int(4, 19);
    w.put(nlen - 257, 5); w.put(ndist - 1, 5); w.put(ncode - 4, 4);
    for (let i = 0; i < ncode; i++) w.put(clLens[CL_ORDER[i]], 3);
    const clCodes = canonical(clLens);
    for (const [s, v, n] of cls) { w.huff(clCodes[s], clLens[s]); w.put(v, n); }
    // the data: literals and matches from the defined symbols, then end-of-block
    const litCodes = canonical(lit.lengths), distCodes = canonical(dist.lengths);
    const lits = lit.lengths.flatMap((l, s) => (l && s < 256 ? [s] : []));
    const lens = lit.lengths.flatMap((l, s) => (l && s > 256 ? [s] : []));
    const dists = dist.lengths.flatMap((l, s) => (l ? [s] : []));
    for (let n = rng.int(0, 40); n > 0; n--) {
      if (lits.length && (!lens.length || rng.int(0, 2))) {
        const s = rng.pick(lits); w.huff(litCodes[s], lit.lengths[s]); op++;
        continue;
      }
      if (!lens.length) break;
      const s = rng.pick(lens); w.huff(litCodes[s], lit.lengths[s]);
      const e = LEN_EXTRA[s - 257] ?? 0, len = (LEN_BASE[s - 257] ?? 0) + rng.int(0, (1 << e) - 1);
      w.put(len - (LEN_BASE[s - 257] ?? 0), e);
      if (!dists.length) break;
      // a distance the output reaches when one exists and mostly, else anything the code allows
      const ok = dists.filter((d) => d < 30 && DIST_BASE[d] <= op);
      const d = ok.length && rng.int(0, 3) ? rng.pick(ok) : rng.pick(dists);
      w.huff(distCodes[d], dist.lengths[d]);
      const de = DIST_EXTRA[d] ?? 0, base = DIST_BASE[d] ?? 0;
      const v = rng.int(0, 3) && base <= op ? rng.int(0, Math.min((1 << de) - 1, op - base)) : rng.int(0, (1 << de) - 1);
      w.put(v, de);
      op += len;
    }
    if (lit.lengths[256] && rng.int(0, 19)) w.huff(litCodes[256], lit.lengths[256]);
  }
  if (rng.int(0, 4) === 0) { const t = rng.bytes(rng.int(1, 4)); for (const x of t) w.put(x, 8); }
  return w.bytes();
}

// ---- mutations -------------------------------------------------------------------------------------------

function mutate(rng: Rng, kind: Kind, seeds: Seed[], by: Record<string, Seed[]>): Uint8Array {
  const any = () => rng.pick(seeds);
  switch (kind) {
    case 'bit-flip': {
      const m = Uint8Array.from(any().stream);
      if (m.length) for (let f = rng.int(1, 3); f > 0; f--) m[rng.int(0, m.length - 1)] ^= 1 << rng.int(0, 7);
      return m;
    }
    case 'byte-set': {
      const m = Uint8Array.from(any().stream);
      if (m.length) for (let f = rng.int(1, 3); f > 0; f--) m[rng.int(0, m.length - 1)] = rng.int(0, 255);
      return m;
    }
    case 'truncate': {
      const s = any().stream;
      return s.slice(0, rng.int(0, s.length - 1));
    }
    case 'extend': {
      // a complete stream then bytes after its final block, or a cut stream continued with random bytes
      const s = any().stream;
      const keep = rng.int(0, 1) ? s.length : rng.int(0, s.length);
      const tail = rng.bytes(rng.int(0, 2) ? rng.int(1, 8) : rng.int(9, 300));
      return Uint8Array.from([...s.subarray(0, keep), ...tail]);
    }
    case 'splice': {
      const a = any().stream, b = any().stream;
      return Uint8Array.from([...a.subarray(0, rng.int(0, a.length)), ...b.subarray(rng.int(0, b.length))]);
    }
    case 'random':
      return rng.bytes(rng.int(0, 3) ? rng.int(0, 64) : rng.int(65, 2000));
    case 'btype': case 'bfinal': {
      const seed = rng.pick(by.blocks);
      const m = Uint8Array.from(seed.stream);
      const b = rng.pick(seed.blocks);
      if (kind === 'btype') {
        const t = getBits(m, b.bit + 1, 2);
        setBits(m, b.bit + 1, 2, (t + rng.int(1, 3)) & 3);
        return m;
      }
      setBits(m, b.bit, 1, getBits(m, b.bit, 1) ^ 1);
      // one block's BFINAL toggled (the final block made non-final, or an earlier one final), then nothing more,
      // random bytes, or another whole stream
      const r = rng.int(0, 2);
      return r === 0 ? m : Uint8Array.from([...m, ...(r === 1 ? rng.bytes(rng.int(1, 64)) : any().stream)]);
    }
    case 'hlit': case 'hdist': case 'hclen': {
      const seed = rng.pick(by.dynamic);
      const m = Uint8Array.from(seed.stream);
      const b = rng.pick(seed.blocks.filter((x) => x.type === 2));
      const at = b.hlitBit! + (kind === 'hlit' ? 0 : kind === 'hdist' ? 5 : 10);
      const n = kind === 'hclen' ? 4 : 5;
      const old = getBits(m, at, n);
      // mostly the values at and over the limits (HLIT 29..31 = 286..288 codes, HDIST 29..31 = 30..32)
      const v = kind !== 'hclen' && rng.int(0, 1) ? rng.int(28, 31) : rng.int(0, (1 << n) - 1);
      setBits(m, at, n, v === old ? (v + 1) & ((1 << n) - 1) : v);
      return m;
    }
    case 'stored-len': {
      const seed = rng.pick(by.stored);
      const m = Uint8Array.from(seed.stream);
      const b = rng.pick(seed.blocks.filter((x) => x.type === 0));
      const at = b.lenByte!;
      const len = m[at] | (m[at + 1] << 8);
      const set = (l: number, nl: number) => { m[at] = l; m[at + 1] = l >> 8; m[at + 2] = nl; m[at + 3] = nl >> 8; };
      switch (rng.int(0, 4)) {
        case 0: { const l = Math.max(0, Math.min(65535, len + rng.int(-8, 8))); set(l, ~l); break; } // consistent, a little off
        case 1: { const l = rng.int(0, 65535); set(l, ~l); break; } // consistent, anywhere
        case 2: m[at + rng.int(0, 3)] ^= 1 << rng.int(0, 7); break; // LEN and NLEN disagree by a bit
        case 3: set(len, len); break;
        default: set(0, rng.int(0, 1) ? 0xffff : 0); break;
      }
      return m;
    }
    case 'distance': {
      const seed = rng.pick(by.matches);
      const m = Uint8Array.from(seed.stream);
      const x = rng.pick(seed.matches);
      const e = DIST_EXTRA[x.dcode], base = DIST_BASE[x.dcode], top = base + (1 << e) - 1;
      // just past the output start, exactly at it (when the code reaches it), the farthest, or anywhere in range
      const r = rng.int(0, 9);
      const d = r < 4 ? x.op + 1 : r < 6 && x.op >= base ? x.op : r < 7 ? top : rng.int(base, top);
      setBits(m, x.extraBit, e, d - base);
      return m;
    }
    case 'built-dynamic':
      return builtDynamic(rng);
  }
}

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

// ---- the comparison ----------------------------------------------------------------------------------------

interface Verdict { outcome: Outcome; why?: string }

function compare(lib: ZlibInflateResult | 'invalid' | 'too-long', ours: InflateResult): Verdict {
  if (lib === 'invalid') return ours.error !== 0 && ours.error !== 7 ? { outcome: 'rejected' } : { outcome: 'disagree', why: `zlib rejects, reference ${ours.error ? `error ${ours.error}` : 'accepts'}` };
  if (lib === 'too-long') return ours.error === 7 ? { outcome: 'bound' } : { outcome: 'disagree', why: `zlib passes the output bound, reference ${ours.error ? `error ${ours.error}` : 'accepts'}` };
  if (ours.error !== 0) return { outcome: 'disagree', why: `zlib accepts, reference error ${ours.error}` };
  if (!same(ours.output, lib.output)) return { outcome: 'disagree', why: 'both accept, outputs differ' };
  if (ours.consumed !== lib.consumed) return { outcome: 'disagree', why: `both accept, consumed ${ours.consumed} vs zlib ${lib.consumed}` };
  return { outcome: 'accepted' };
}

describe('inflate reference against zlib on hostile streams', () => {
  it(`gives zlib's verdict on ${CASES_PER_KIND * KINDS.length} mutated streams (seed ${SEED})`, async () => {
    const t0 = Date.now();
    const rng = new Rng(SEED);
    const corpus = (await loadCorpus(1 << 20)).map((f) => f.data);
    const seeds: Seed[] = [];
    const addSeed = (stream: Uint8Array, what: string) => seeds.push({ stream, what, ...scan(stream) });
    const strategies: ZlibStrategy[] = ['default', 'huffman-only', 'rle', 'fixed', 'filtered'];
    for (let i = 0; i < 150; i++) {
      const { data, what } = seedData(rng, corpus, randomSize(rng));
      const level = [1, 6, 9][i % 3], strategy = strategies[Math.floor(i / 3) % 5];
      addSeed(await zlibCompress(data, level, 'raw', strategy), `${what} ${data.length} B level ${level} ${strategy}`);
    }
    for (let i = 0; i < 30; i++) {
      const { data, what } = seedData(rng, corpus, randomSize(rng));
      if (i % 2) addSeed(await zlibCompress(data, 0), `${what} ${data.length} B level 0`);
      else addSeed(storedStream(rng, data), `${what} ${data.length} B stored by hand`);
    }
    for (const s of seeds) expect(inflateRaw(s.stream).error, s.what).toBe(0);
    const by = {
      blocks: seeds.filter((s) => s.blocks.length),
      dynamic: seeds.filter((s) => s.blocks.some((b) => b.type === 2)),
      stored: seeds.filter((s) => s.blocks.some((b) => b.type === 0)),
      matches: seeds.filter((s) => s.matches.length),
    };
    for (const [k, v] of Object.entries(by)) expect(v.length, `seeds with ${k}`).toBeGreaterThan(5);

    const counts = Object.fromEntries(KINDS.map((k) => [k, { accepted: 0, rejected: 0, bound: 0, disagree: 0 }])) as Record<Kind, Record<Outcome, number>>;
    const disagreements: { kind: Kind; stream: Uint8Array; why: string }[] = [];
    const ourErrors = new Map<number, number>();
    let requeried = 0;
    const cases: Kind[] = shuffle(rng, KINDS.flatMap((k) => new Array<Kind>(CASES_PER_KIND).fill(k)));
    const BATCH = 200; // zlib requests are pipelined to the helper while the reference decodes
    for (let at = 0; at < cases.length; at += BATCH) {
      const batch = cases.slice(at, at + BATCH).map((kind) => ({ kind, stream: mutate(rng, kind, seeds, by) }));
      const libs = batch.map((c) => zlibInflate(c.stream, MAX_OUTPUT, 'raw'));
      const ours = batch.map((c) => inflateRaw(c.stream, { maxOutput: MAX_OUTPUT, window: 32768 }));
      for (let i = 0; i < batch.length; i++) {
        let lib = await libs[i];
        // zlib says "too long" whenever its buffer is full and the stream did not end, even when the stream is
        // broken or cut right there: ask again with room for one more byte than the reference produced
        if (lib === 'too-long' && ours[i].error !== 7 && ours[i].output.length === MAX_OUTPUT) {
          lib = await zlibInflate(batch[i].stream, MAX_OUTPUT + 1, 'raw');
          requeried++;
        }
        const v = compare(lib, ours[i]);
        counts[batch[i].kind][v.outcome]++;
        ourErrors.set(ours[i].error, (ourErrors.get(ours[i].error) ?? 0) + 1);
        if (v.outcome === 'disagree') disagreements.push({ kind: batch[i].kind, stream: batch[i].stream, why: v.why! });
      }
    }

    const total = { accepted: 0, rejected: 0, bound: 0, disagree: 0 };
    const lines = [`inflate vs zlib, seed ${SEED}, ${seeds.length} seed streams, ${cases.length} cases, output bound ${MAX_OUTPUT}:`,
      `  ${'kind'.padEnd(14)} ${'cases'.padStart(6)} ${'both accept'.padStart(12)} ${'both reject'.padStart(12)} ${'both bound'.padStart(11)} ${'disagree'.padStart(9)}`];
    for (const k of KINDS) {
      const c = counts[k];
      for (const o of Object.keys(total) as Outcome[]) total[o] += c[o];
      lines.push(`  ${k.padEnd(14)} ${String(c.accepted + c.rejected + c.bound + c.disagree).padStart(6)} ${String(c.accepted).padStart(12)} ${String(c.rejected).padStart(12)} ${String(c.bound).padStart(11)} ${String(c.disagree).padStart(9)}`);
    }
    lines.push(`  ${'total'.padEnd(14)} ${String(cases.length).padStart(6)} ${String(total.accepted).padStart(12)} ${String(total.rejected).padStart(12)} ${String(total.bound).padStart(11)} ${String(total.disagree).padStart(9)}`);
    lines.push(`  reference verdicts: ${[...ourErrors].sort((a, b) => a[0] - b[0]).map(([e, n]) => `${e}: ${n}`).join(', ')}; asked zlib again at the bound: ${requeried}; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const byWhy = new Map<string, { kind: Kind; stream: Uint8Array; n: number }>();
    for (const d of disagreements) {
      const key = `${d.kind}: ${d.why}`, seen = byWhy.get(key);
      if (!seen || d.stream.length < seen.stream.length) byWhy.set(key, { kind: d.kind, stream: d.stream, n: (seen?.n ?? 0) + 1 });
      else seen.n++;
    }
    for (const [key, d] of byWhy) lines.push(`  DISAGREE ${key} (${d.n}x), smallest ${d.stream.length} B: ${hex(d.stream.subarray(0, 200))}`);
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
      expect(compare(lib, ours).outcome, what).not.toBe('disagree');
    }
  });
});
