// Hostile raw deflate streams for the tests that judge decoders against zlib (test/ref/inflate-zlib.test.ts for
// the reference, test/engines/inflate.test.ts for the engine): seed streams (zlib's own at levels 1, 6 and 9 with
// every strategy over corpus slices, zeros, random bytes, repeated blocks and 0..40-byte inputs; stored streams,
// zlib level 0 and hand-made), mutated one way each by kind (see KINDS; 'built-dynamic' makes a dynamic block
// from random code sets instead), and the comparison with zlib (inflateInit2(-15) + inflate(Z_FINISH)) counted by
// outcome: both accept with the same output and input consumed, both reject, both stop at the output bound. A
// decoder under test (the engine) must also give the reference's verdict and output, so it is judged against zlib
// and against the reference, and the reference against zlib, on every stream.
import { zlibCompress, zlibInflate, type ZlibInflateResult, type ZlibStrategy } from '../../src/oracle/zlib.js';
import { inflateRaw, type InflateLimits, type InflateResult } from '../../src/ref/inflate.js';
import type { Rng } from '../../src/util/rng.js';

export const KINDS = ['bit-flip', 'byte-set', 'truncate', 'extend', 'splice', 'random', 'btype', 'bfinal', 'hlit', 'hdist',
  'hclen', 'stored-len', 'distance', 'built-dynamic'] as const;
export type Kind = (typeof KINDS)[number];
export type Outcome = 'accepted' | 'rejected' | 'bound' | 'disagree';

export const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
export const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
export const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
export const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
export const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

export const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
export const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

export function getBits(s: Uint8Array, pos: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) v |= ((s[(pos + i) >> 3] >> ((pos + i) & 7)) & 1) << i;
  return v;
}
export function setBits(s: Uint8Array, pos: number, n: number, v: number): void {
  for (let i = 0; i < n; i++) {
    const p = pos + i;
    s[p >> 3] = (s[p >> 3] & ~(1 << (p & 7))) | (((v >> i) & 1) << (p & 7));
  }
}

/** A deflate bit writer: fields LSB-first, Huffman codes MSB-first (RFC 1951 3.1.1). */
export class Bits {
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
export function canonical(lengths: readonly number[]): number[] {
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

export interface BlockInfo { bit: number; type: number; hlitBit?: number; lenByte?: number }
export interface MatchInfo { op: number; dcode: number; extraBit: number }
export interface Seed { stream: Uint8Array; blocks: BlockInfo[]; matches: MatchInfo[]; what: string }

/** Walk a valid stream: where each block header, dynamic-header field and stored LEN is, and the matches whose
 *  distance extra bits can point before the output start (op below the code's largest distance). */
export function scan(s: Uint8Array): { blocks: BlockInfo[]; matches: MatchInfo[] } {
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

export function randomSize(rng: Rng): number {
  const r = rng.float();
  return r < 0.35 ? rng.int(0, 40) : r < 0.8 ? rng.int(41, 4096) : rng.int(4097, 65536);
}

export function seedData(rng: Rng, corpus: Uint8Array[], n: number): { data: Uint8Array; what: string } {
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
export function storedStream(rng: Rng, data: Uint8Array): Uint8Array {
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
export function completeLengths(rng: Rng, k: number, maxLen: number): number[] {
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

export function shuffle<T>(rng: Rng, a: T[]): T[] {
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
export function builtDynamic(rng: Rng): Uint8Array {
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

export function mutate(rng: Rng, kind: Kind, seeds: Seed[], by: SeedSet['by']): Uint8Array {
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
// ---- seed streams ------------------------------------------------------------------------------------------

/** The seed streams and the ones with a block header, a dynamic block, a stored block and a match to aim at. */
export interface SeedSet {
  seeds: Seed[];
  by: { blocks: Seed[]; dynamic: Seed[]; stored: Seed[]; matches: Seed[] };
}

/**
 * 150 zlib streams (levels 1, 6, 9 in turn, each strategy for three in a row) and 30 stored ones (zlib level 0 and
 * by hand, alternately) of seedData inputs of size(rng) bytes (default: 35% 0..40 B, 45% up to 4 KiB, 20% up to 64 KiB).
 */
export async function buildSeeds(rng: Rng, corpus: Uint8Array[], size: (rng: Rng) => number = randomSize): Promise<SeedSet> {
  const seeds: Seed[] = [];
  const addSeed = (stream: Uint8Array, what: string) => seeds.push({ stream, what, ...scan(stream) });
  const strategies: ZlibStrategy[] = ['default', 'huffman-only', 'rle', 'fixed', 'filtered'];
  for (let i = 0; i < 150; i++) {
    const { data, what } = seedData(rng, corpus, size(rng));
    const level = [1, 6, 9][i % 3], strategy = strategies[Math.floor(i / 3) % 5];
    addSeed(await zlibCompress(data, level, 'raw', strategy), `${what} ${data.length} B level ${level} ${strategy}`);
  }
  for (let i = 0; i < 30; i++) {
    const { data, what } = seedData(rng, corpus, size(rng));
    if (i % 2) addSeed(await zlibCompress(data, 0), `${what} ${data.length} B level 0`);
    else addSeed(storedStream(rng, data), `${what} ${data.length} B stored by hand`);
  }
  return {
    seeds,
    by: {
      blocks: seeds.filter((s) => s.blocks.length),
      dynamic: seeds.filter((s) => s.blocks.some((b) => b.type === 2)),
      stored: seeds.filter((s) => s.blocks.some((b) => b.type === 0)),
      matches: seeds.filter((s) => s.matches.length),
    },
  };
}

/** casesPerKind of each kind in a seeded random order, each stream made when it is reached (so the same rng gives the same streams). */
export function* hostileCases(rng: Rng, set: SeedSet, casesPerKind: number): Generator<HostileCase> {
  const kinds: Kind[] = shuffle(rng, KINDS.flatMap((k) => new Array<Kind>(casesPerKind).fill(k)));
  for (const kind of kinds) yield { kind, stream: mutate(rng, kind, set.seeds, set.by) };
}

// ---- the comparison ----------------------------------------------------------------------------------------

export interface HostileCase { kind: Kind; stream: Uint8Array }
export const OUTCOMES = ['accepted', 'rejected', 'bound', 'disagree'] as const;
export type Counts = Record<Outcome, number>;
export const noCounts = (): Counts => ({ accepted: 0, rejected: 0, bound: 0, disagree: 0 });
export const countsByKind = (): Record<Kind, Counts> => Object.fromEntries(KINDS.map((k) => [k, noCounts()])) as Record<Kind, Counts>;
export const totalOf = (counts: Iterable<Counts>): Counts => { const t = noCounts(); for (const c of counts) for (const o of OUTCOMES) t[o] += c[o]; return t; };

export type ZlibVerdict = ZlibInflateResult | 'invalid' | 'too-long';
export interface Verdict { outcome: Outcome; why?: string }

/** One decoder's result against zlib's: both accept (same output, same input consumed), both reject (any error but
 *  7), both stop at the output bound (7), or they disagree. */
export function judge(lib: ZlibVerdict, ours: InflateResult, who = 'reference'): Verdict {
  if (lib === 'invalid') return ours.error !== 0 && ours.error !== 7 ? { outcome: 'rejected' } : { outcome: 'disagree', why: `zlib rejects, ${who} ${ours.error ? `error ${ours.error}` : 'accepts'}` };
  if (lib === 'too-long') return ours.error === 7 ? { outcome: 'bound' } : { outcome: 'disagree', why: `zlib passes the output bound, ${who} ${ours.error ? `error ${ours.error}` : 'accepts'}` };
  if (ours.error !== 0) return { outcome: 'disagree', why: `zlib accepts, ${who} error ${ours.error}` };
  if (!same(ours.output, lib.output)) return { outcome: 'disagree', why: `both accept, ${who}'s output differs` };
  if (ours.consumed !== lib.consumed) return { outcome: 'disagree', why: `both accept, ${who} consumed ${ours.consumed} vs zlib ${lib.consumed}` };
  return { outcome: 'accepted' };
}

/**
 * Where a decoder under test (writing `lineBytes`-byte output lines, as the engine does) differs from the
 * reference, or undefined: it must give the reference's verdict, and
 *   - accepted (0): the same output and input consumed;
 *   - errors 1-6: the reference's output cut to its last whole line (the engine sends whole lines only and stops
 *     at the error; the reference has written every byte before it);
 *   - output bound (7): a prefix of the reference's output (exactly maxOutput bytes) in whole lines, at most
 *     257 + lineBytes - 1 bytes short: the engine writes no byte of a match (3..258 bytes) that would pass the
 *     bound, where the reference writes the match up to the bound; a literal or stored byte stops it at the bound.
 */
export function differsFromReference(tested: InflateResult, ref: InflateResult, lineBytes: number): string | undefined {
  if (tested.error !== ref.error) return `verdict ${tested.error} (${tested.output.length} B), reference ${ref.error} (${ref.output.length} B)`;
  const n = ref.output.length, got = tested.output.length;
  if (ref.error === 0) {
    if (!same(tested.output, ref.output)) return `accepted, output ${got} B differs from the reference's ${n} B`;
    if (tested.consumed !== ref.consumed) return `accepted, consumed ${tested.consumed} vs the reference's ${ref.consumed}`;
    return undefined;
  }
  if (got > n || !same(tested.output, ref.output.subarray(0, got))) return `error ${ref.error}, output ${got} B not a prefix of the reference's ${n} B`;
  if (ref.error !== 7 && got !== n - (n % lineBytes)) return `error ${ref.error}, output ${got} B, not the reference's ${n} B cut to whole ${lineBytes}-byte lines`;
  if (ref.error === 7 && got !== n && (got % lineBytes !== 0 || n - got > 257 + lineBytes - 1)) return `error 7, output ${got} B, the reference's ${n} B`;
  return undefined;
}

/** A decoder under test: decodes a batch of streams with the reference's limits; its output comes in lines of lineBytes. */
export interface DecoderUnderTest { decode: (batch: readonly HostileCase[]) => InflateResult[]; lineBytes: number }

export interface Disagreement { kind: Kind; stream: Uint8Array; why: string }
export interface ZlibComparison {
  cases: number;
  disagreements: Disagreement[];
  /** How often each verdict code came from the reference, and from the decoder under test (the reference's when there is none). */
  referenceVerdicts: Map<number, number>;
  testedVerdicts: Map<number, number>;
  /** Streams where zlib was asked again with one more byte of room (its buffer filled as the stream ended or broke). */
  requeried: number;
  /** Streams where the decoder under test stopped short of the reference's output after an error 1-6, and at the output bound. */
  shorterAfterError: number;
  shorterAtBound: number;
}

/**
 * Each case decoded by zlib, by the reference (with `limits`) and, if given, by the decoder under test (with the same
 * limits); counts each stream's outcome by kind in `counts` (a disagreement when the
 * reference or the decoder under test disagrees with zlib, or the decoder with the reference: differsFromReference).
 * zlib requests are pipelined to the helper while the decoders run.
 */
export async function compareWithZlib(cases: Iterable<HostileCase>, counts: Record<Kind, Counts>, limits: InflateLimits,
  underTest?: DecoderUnderTest, batchSize = 200): Promise<ZlibComparison> {
  const r: ZlibComparison = { cases: 0, disagreements: [], referenceVerdicts: new Map(), testedVerdicts: new Map(), requeried: 0, shorterAfterError: 0, shorterAtBound: 0 };
  const bump = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
  const it = cases[Symbol.iterator]();
  for (;;) {
    const batch: HostileCase[] = [];
    while (batch.length < batchSize) { const n = it.next(); if (n.done) break; batch.push(n.value); }
    if (!batch.length) return r;
    const libs = batch.map((c) => zlibInflate(c.stream, limits.maxOutput, 'raw'));
    const refs = batch.map((c) => inflateRaw(c.stream, limits));
    const tested = underTest?.decode(batch) ?? refs;
    for (let i = 0; i < batch.length; i++) {
      const ref = refs[i], ours = tested[i];
      let lib = await libs[i];
      // zlib says "too long" whenever its buffer is full and the stream did not end, even when the stream is
      // broken or cut right there: ask again with room for one more byte than the decoder produced
      if (lib === 'too-long' && [ref, ours].some((x) => x.error !== 7 && x.output.length === limits.maxOutput)) {
        lib = await zlibInflate(batch[i].stream, limits.maxOutput + 1, 'raw');
        r.requeried++;
      }
      const whys: string[] = [];
      const v = judge(lib, ref);
      if (v.why) whys.push(v.why);
      let outcome = v.outcome;
      if (underTest) {
        const t = judge(lib, ours, 'decoder');
        if (t.why) whys.push(t.why);
        outcome = t.outcome;
        const d = differsFromReference(ours, ref, underTest.lineBytes);
        if (d) whys.push(`decoder ${d}`);
        else if (ours.output.length < ref.output.length) r[ref.error === 7 ? 'shorterAtBound' : 'shorterAfterError']++;
      }
      r.cases++;
      bump(r.referenceVerdicts, ref.error);
      bump(r.testedVerdicts, ours.error);
      counts[batch[i].kind][whys.length ? 'disagree' : outcome]++;
      if (whys.length) r.disagreements.push({ kind: batch[i].kind, stream: batch[i].stream, why: whys.join('; ') });
    }
  }
}

/** The disagreements by kind and reason: how many, and the smallest stream of each in hex (its first 200 bytes). */
export function describeDisagreements(ds: readonly Disagreement[]): string[] {
  const byWhy = new Map<string, { stream: Uint8Array; n: number }>();
  for (const d of ds) {
    const key = `${d.kind}: ${d.why}`, seen = byWhy.get(key);
    if (!seen || d.stream.length < seen.stream.length) byWhy.set(key, { stream: d.stream, n: (seen?.n ?? 0) + 1 });
    else seen.n++;
  }
  return [...byWhy].map(([key, d]) => `DISAGREE ${key} (${d.n}x), smallest ${d.stream.length} B: ${hex(d.stream.subarray(0, 200))}`);
}
