// RFC 1951 inflate reference: stored, fixed and dynamic blocks, with exactly zlib's rules for which streams
// are valid (the hardware inflate engine will mirror this decoder and its verdict codes), plus an output bound
// and a history window as a hardware engine has them. Also the zlib (RFC 1950) and gzip (RFC 1952) wrappers.
// test/ref/inflate-zlib.test.ts holds it to zlib's accept/reject verdict and output on tens of thousands of
// mutated streams and on each edge class (incomplete one-code and empty codes, HLIT > 286, HDIST > 30, repeats
// across the literal/distance boundary or past the end, code 16 first, symbols 286-287 and 30-31, distances
// before the output start, bytes after the final block, cut streams), zlib's permissive cases included (a
// literal/length or distance code of one one-bit code is accepted, the rest of its bit patterns invalid).
// The verdict codes are ours. zlib gives a different reason for two kinds of rejected stream, both cut right
// at a code: an undefined pattern of a one-bit code followed by fewer than 15 bits is truncated (1) here and an
// invalid code to zlib, which decides from the one bit; a length code whose block has no distance codes, with
// the stream ending right after it, is an invalid code (5) here and truncated to zlib, which reads a bit first.
import { crc, catalogueModel } from './crc.js';

export const INFLATE_ERRORS = {
  1: 'truncated: the stream ends before its final block is complete',
  2: 'invalid block type (3)',
  3: 'stored block length check failed (LEN is not the complement of NLEN)',
  4: 'invalid Huffman code lengths (too many symbols, over-subscribed or incomplete set, bad repeat, no end-of-block code)',
  5: 'invalid code: a bit pattern or symbol that the block\'s codes do not define (literal/length 286-287, distance 30-31)',
  6: 'distance too far back (before the start of the output, or beyond the window)',
  7: 'output bound exceeded',
} as const;

export type InflateErrorCode = keyof typeof INFLATE_ERRORS;

export interface InflateResult {
  output: Uint8Array;
  error: 0 | InflateErrorCode;
  /** Input bytes used (the final block's last byte included); on error, how far decoding got. */
  consumed: number;
}

export interface InflateLimits {
  maxOutput: number;
  /** Farthest distance the decoder can reach (deflate needs 32768). */
  window: number;
}

const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

class Truncated extends Error {}
class Invalid extends Error {
  constructor(readonly code: InflateErrorCode) {
    super(INFLATE_ERRORS[code]);
  }
}

/** A canonical Huffman code (RFC 1951 3.2.2) decoded bit by bit. */
class Huffman {
  readonly counts = new Uint16Array(16);
  readonly symbols: Uint16Array;
  readonly empty: boolean;

  /**
   * zlib's acceptance rule (inftrees.c): over-subscribed is invalid; incomplete is invalid unless the longest
   * code is 1 bit and this is not the code-length code. An all-zero set is accepted (decoding from it fails).
   */
  constructor(lengths: ArrayLike<number>, isCodeLengthCode: boolean) {
    let max = 0;
    for (let i = 0; i < lengths.length; i++) {
      this.counts[lengths[i]]++;
      if (lengths[i] > max) max = lengths[i];
    }
    this.counts[0] = 0;
    this.empty = max === 0;
    let left = 1;
    for (let len = 1; len <= 15; len++) {
      left = 2 * left - this.counts[len];
      if (left < 0) throw new Invalid(4);
    }
    if (!this.empty && left > 0 && (isCodeLengthCode || max !== 1)) throw new Invalid(4);
    const offs = new Uint16Array(16);
    for (let len = 1; len < 15; len++) offs[len + 1] = offs[len] + this.counts[len];
    this.symbols = new Uint16Array(lengths.length);
    for (let i = 0; i < lengths.length; i++) if (lengths[i]) this.symbols[offs[lengths[i]]++] = i;
  }
}

class BitReader {
  pos = 0; // bit position
  constructor(private readonly data: Uint8Array) {}
  bit(): number {
    const byte = this.pos >> 3;
    if (byte >= this.data.length) throw new Truncated();
    const b = (this.data[byte] >> (this.pos & 7)) & 1;
    this.pos++;
    return b;
  }
  bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v |= this.bit() << i;
    return v;
  }
  alignToByte(): void {
    this.pos = (this.pos + 7) & ~7;
  }
  byte(): number {
    const i = this.pos >> 3;
    if (i >= this.data.length) throw new Truncated();
    this.pos += 8;
    return this.data[i];
  }
  /** Decode one symbol; an undefined pattern (incomplete or empty code) is error 5. */
  decode(h: Huffman): number {
    let code = 0, first = 0, index = 0;
    for (let len = 1; len <= 15; len++) {
      code |= this.bit();
      const count = h.counts[len];
      if (code - first < count) return h.symbols[index + code - first];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new Invalid(5);
  }
}

let fixed: { lit: Huffman; dist: Huffman } | undefined;
function fixedCodes(): { lit: Huffman; dist: Huffman } {
  if (!fixed) {
    const l = new Uint8Array(288);
    l.fill(8, 0, 144); l.fill(9, 144, 256); l.fill(7, 256, 280); l.fill(8, 280, 288);
    // all 32 distance codes have 5 bits; 30 and 31 decode but are invalid (error 5)
    fixed = { lit: new Huffman(l, false), dist: new Huffman(new Uint8Array(32).fill(5), false) };
  }
  return fixed;
}

/** Decode a raw deflate stream (RFC 1951) with the given limits. */
export function inflateRaw(input: Uint8Array, limits: InflateLimits = { maxOutput: 1 << 26, window: 32768 }): InflateResult {
  const br = new BitReader(input);
  let out = new Uint8Array(Math.min(limits.maxOutput, 4 * input.length + 1024));
  let op = 0;
  const put = (b: number) => {
    if (op >= limits.maxOutput) throw new Invalid(7);
    if (op === out.length) {
      const bigger = new Uint8Array(Math.min(limits.maxOutput, 2 * out.length));
      bigger.set(out);
      out = bigger;
    }
    out[op++] = b;
  };
  try {
    for (;;) {
      const final = br.bit();
      const type = br.bits(2);
      if (type === 0) {
        br.alignToByte();
        const len = br.byte() | (br.byte() << 8);
        const nlen = br.byte() | (br.byte() << 8);
        if (len !== (~nlen & 0xffff)) throw new Invalid(3);
        for (let i = 0; i < len; i++) put(br.byte());
      } else if (type === 3) {
        throw new Invalid(2);
      } else {
        let lit: Huffman, dist: Huffman;
        if (type === 1) ({ lit, dist } = fixedCodes());
        else {
          const nlen = br.bits(5) + 257;
          const ndist = br.bits(5) + 1;
          const ncode = br.bits(4) + 4;
          if (nlen > 286 || ndist > 30) throw new Invalid(4);
          const cl = new Uint8Array(19);
          for (let i = 0; i < ncode; i++) cl[CL_ORDER[i]] = br.bits(3);
          const clCode = new Huffman(cl, true);
          const lengths = new Uint8Array(nlen + ndist);
          for (let i = 0; i < nlen + ndist;) {
            // an empty code-length code reads each length as 0 from one bit, as zlib does
            const sym = clCode.empty ? (br.bit(), 0) : br.decode(clCode);
            if (sym < 16) { lengths[i++] = sym; continue; }
            let rep: number, val = 0;
            if (sym === 16) {
              if (i === 0) throw new Invalid(4);
              val = lengths[i - 1];
              rep = 3 + br.bits(2);
            } else if (sym === 17) rep = 3 + br.bits(3);
            else rep = 11 + br.bits(7);
            if (i + rep > nlen + ndist) throw new Invalid(4);
            lengths.fill(val, i, i + rep);
            i += rep;
          }
          if (lengths[256] === 0) throw new Invalid(4);
          lit = new Huffman(lengths.subarray(0, nlen), false);
          dist = new Huffman(lengths.subarray(nlen), false);
        }
        for (;;) {
          const sym = br.decode(lit);
          if (sym < 256) { put(sym); continue; }
          if (sym === 256) break;
          if (sym > 285) throw new Invalid(5);
          const len = LEN_BASE[sym - 257] + br.bits(LEN_EXTRA[sym - 257]);
          if (dist.empty) throw new Invalid(5);
          const ds = br.decode(dist);
          if (ds > 29) throw new Invalid(5);
          const d = DIST_BASE[ds] + br.bits(DIST_EXTRA[ds]);
          if (d > op || d > limits.window) throw new Invalid(6);
          for (let i = 0; i < len; i++) put(out[op - d]);
        }
      }
      if (final) break;
    }
  } catch (err) {
    const consumed = Math.min(input.length, (br.pos + 7) >> 3);
    if (err instanceof Truncated) return { output: out.slice(0, op), error: 1, consumed: input.length };
    if (err instanceof Invalid) return { output: out.slice(0, op), error: err.code, consumed };
    throw err;
  }
  return { output: out.slice(0, op), error: 0, consumed: (br.pos + 7) >> 3 };
}

// ---- Wrappers ----------------------------------------------------------------------------------------

export class WrapperError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WrapperError';
  }
}

export function adler32(data: Uint8Array): number {
  let a = 1, b = 0;
  for (let i = 0; i < data.length; i++) {
    a = (a + data[i]) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Strip and check a zlib (RFC 1950) wrapper around a deflate stream; `inflate` decodes the payload. */
export function unwrapZlib(stream: Uint8Array, inflate: (raw: Uint8Array) => InflateResult): Uint8Array {
  if (stream.length < 6) throw new WrapperError(`zlib: stream of ${stream.length} bytes is shorter than a header and trailer`);
  const cmf = stream[0], flg = stream[1];
  if ((cmf & 15) !== 8) throw new WrapperError(`zlib: compression method ${cmf & 15} is not deflate (8)`);
  if (cmf >> 4 > 7) throw new WrapperError(`zlib: window size code ${cmf >> 4} is over 7 (32 KiB)`);
  if (((cmf << 8) | flg) % 31 !== 0) throw new WrapperError('zlib: header check (FCHECK) failed');
  if (flg & 0x20) throw new WrapperError('zlib: preset dictionaries are not supported');
  const r = inflate(stream.subarray(2));
  if (r.error) throw new WrapperError(`zlib: deflate data: ${INFLATE_ERRORS[r.error]} (code ${r.error})`);
  const at = 2 + r.consumed;
  if (stream.length < at + 4) throw new WrapperError('zlib: truncated: the Adler-32 trailer is missing');
  const stored = ((stream[at] << 24) | (stream[at + 1] << 16) | (stream[at + 2] << 8) | stream[at + 3]) >>> 0;
  if (stored !== adler32(r.output)) throw new WrapperError('zlib: Adler-32 mismatch: the decoded bytes differ from what was compressed');
  return r.output;
}

/** Strip and check a gzip (RFC 1952) member around a deflate stream. */
export function unwrapGzip(stream: Uint8Array, inflate: (raw: Uint8Array) => InflateResult): Uint8Array {
  if (stream.length < 18) throw new WrapperError(`gzip: stream of ${stream.length} bytes is shorter than a header and trailer`);
  if (stream[0] !== 0x1f || stream[1] !== 0x8b) throw new WrapperError('gzip: bad magic (expected 1f 8b)');
  if (stream[2] !== 8) throw new WrapperError(`gzip: compression method ${stream[2]} is not deflate (8)`);
  const flg = stream[3];
  let at = 10;
  if (flg & 4) at += 2 + (stream[at] | (stream[at + 1] << 8)); // FEXTRA
  if (flg & 8) { while (at < stream.length && stream[at]) at++; at++; } // FNAME
  if (flg & 16) { while (at < stream.length && stream[at]) at++; at++; } // FCOMMENT
  if (flg & 2) at += 2; // FHCRC
  if (at > stream.length) throw new WrapperError('gzip: truncated header');
  const r = inflate(stream.subarray(at));
  if (r.error) throw new WrapperError(`gzip: deflate data: ${INFLATE_ERRORS[r.error]} (code ${r.error})`);
  const t = at + r.consumed;
  if (stream.length < t + 8) throw new WrapperError('gzip: truncated: the CRC-32/ISIZE trailer is missing');
  const dv = new DataView(stream.buffer, stream.byteOffset + t, 8);
  if (dv.getUint32(0, true) !== Number(crc(catalogueModel('crc32')!, r.output))) throw new WrapperError('gzip: CRC-32 mismatch: the decoded bytes differ from what was compressed');
  if (dv.getUint32(4, true) !== (r.output.length >>> 0)) throw new WrapperError('gzip: ISIZE mismatch');
  return r.output;
}
