// Bit-exact software model of dpuforge's deflate compressor: the LZ4 compressor's match finder
// (src/ref/lz4-compress.ts, with matches capped at deflate's 258 bytes and distances at the window) followed
// by one fixed-Huffman block (RFC 1951 3.2.6): BFINAL = 1, BTYPE = 01, a code per literal or length/distance
// pair, end-of-block, zero bits to the byte boundary. The hardware deflate engine produces exactly these bytes.
import { lz4DesignSequences, type Lz4CompressorDesign } from './lz4-compress.js';
import type { Lz4Sequence } from './lz4.js';

export const DEFLATE_MAX_MATCH = 258;
export const DEFLATE_WINDOW = 32768;

const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/** The fixed literal/length code of a symbol: [code, bits] (the code is sent most significant bit first). */
export function fixedLitLenCode(sym: number): [number, number] {
  if (sym < 144) return [0x30 + sym, 8];
  if (sym < 256) return [0x190 + sym - 144, 9];
  if (sym < 280) return [sym - 256, 7];
  return [0xc0 + sym - 280, 8];
}

/** Length 3..258 → [symbol 257..285, extra bits value, extra bit count]. */
export function lengthSymbol(len: number): [number, number, number] {
  let k = LEN_BASE.length - 1;
  while (LEN_BASE[k] > len) k--;
  return [257 + k, len - LEN_BASE[k], LEN_EXTRA[k]];
}

/** Distance 1..32768 → [code 0..29, extra bits value, extra bit count]. */
export function distanceCode(dist: number): [number, number, number] {
  let k = DIST_BASE.length - 1;
  while (DIST_BASE[k] > dist) k--;
  return [k, dist - DIST_BASE[k], DIST_EXTRA[k]];
}

class BitWriter {
  private readonly bytes: number[] = [];
  private acc = 0;
  private n = 0;
  /** value's n low bits, least significant first (header fields, extra bits) */
  bits(value: number, n: number): void {
    for (let i = 0; i < n; i++) this.bit((value >> i) & 1);
  }
  /** a Huffman code, most significant bit first */
  code(code: number, n: number): void {
    for (let i = n - 1; i >= 0; i--) this.bit((code >> i) & 1);
  }
  private bit(b: number): void {
    this.acc |= b << this.n;
    if (++this.n === 8) { this.bytes.push(this.acc); this.acc = 0; this.n = 0; }
  }
  finish(): Uint8Array {
    if (this.n) this.bytes.push(this.acc);
    return Uint8Array.from(this.bytes);
  }
}

/** The deflate compressor design: the match finder's parameters (windowBytes at most 32768). */
export function deflateDesign(design: Lz4CompressorDesign): Lz4CompressorDesign {
  return { ...design, windowBytes: Math.min(design.windowBytes, DEFLATE_WINDOW), maxMatch: DEFLATE_MAX_MATCH };
}

/** One raw deflate stream (a single fixed-Huffman block), exactly as the hardware deflate engine makes it. */
export function deflateDesignCompress(design: Lz4CompressorDesign, data: Uint8Array): Uint8Array {
  return fixedHuffmanBlock(lz4DesignSequences(deflateDesign(design), data));
}

/** A raw deflate stream of one final fixed-Huffman block holding these sequences (match lengths 3..258,
 * distances 1..32768 here, as deflate allows). */
export function fixedHuffmanBlock(sequences: Iterable<Lz4Sequence>): Uint8Array {
  const w = new BitWriter();
  w.bits(1, 1); // BFINAL
  w.bits(1, 2); // BTYPE = 01, fixed Huffman
  const lit = (b: number) => w.code(...fixedLitLenCode(b));
  for (const s of sequences) {
    s.literals.forEach(lit);
    if (s.offset === undefined) continue;
    const [sym, lextra, lbits] = lengthSymbol(s.matchLength!);
    w.code(...fixedLitLenCode(sym));
    w.bits(lextra, lbits);
    const [dcode, dextra, dbits] = distanceCode(s.offset);
    w.code(dcode, 5);
    w.bits(dextra, dbits);
  }
  w.code(...fixedLitLenCode(256));
  return w.finish();
}
