// Bit-exact software model of dpuforge's LZ4 block compressor design (the hardware engine to be generated in
// gen/lz4 implements exactly this algorithm, so its output can be compared byte for byte).
//
// The design processes W positions per cycle (a "window" of positions p..p+W-1), after Fowers et al. (FCCM
// 2015), adapted to LZ4:
//   hash     every position i with 4 bytes left hashes read32(i) (LZ4's multiplicative hash) to an entry of a
//            table split into B banks (bank = entry mod B). Each bank serves one position per window: the
//            lowest lane wins, the others neither read nor update the table (a small ratio loss).
//   lookup   a winning position reads the entry's previous position (its candidate) and writes itself. All
//            positions are inserted, inside matches too. Reads see the table as the previous window left it.
//   verify   a candidate is a match if it is within the window (offset ≤ min(65535, windowBytes - 1)) and
//            its first 4 bytes agree; the match ends at least 5 bytes before the block end (LZ4's
//            last-literals rule).
//   select   greedy, in position order: the first uncovered position with a match (and at least 12 bytes
//            before the block end) starts a sequence; positions it covers are skipped; a match may run past
//            the window into later ones.
//   extend   a chosen match first grows backwards over pending literals while the bytes before both ends
//            agree, by at most backwardBytes (LZ4's "catch up"; worth ~3% of ratio at 4 bytes), then
//            forwards (at most maxMatch bytes in all, for deflate's 258).
// The table is empty at the start of every block (the hardware uses an epoch tag instead of clearing).
import { lz4EncodeSequences, type Lz4Sequence } from './lz4.js';

export interface Lz4CompressorDesign {
  /** Positions examined per cycle. */
  positionsPerCycle: number;
  /** log2 of the hash table's entries. */
  hashBits: number;
  /** Hash table banks (each serves one position per cycle). */
  hashBanks: number;
  /** History the engine keeps; offsets reach at most min(65535, windowBytes - 1) back. */
  windowBytes: number;
  /** How far a found match may grow backwards over pending literals (table entries keep these bytes). */
  backwardBytes: number;
  /** Longest match (deflate: 258); unlimited for LZ4. */
  maxMatch?: number;
}

/** The design point the bench and tests use by default: 16 positions per cycle, ~99% of lz4 -1's ratio. */
export const DEFAULT_LZ4_COMPRESSOR_DESIGN: Lz4CompressorDesign = {
  positionsPerCycle: 16, hashBits: 14, hashBanks: 64, windowBytes: 65536, backwardBytes: 4,
};

export const LZ4_MIN_MATCH = 4;
export const LZ4_LAST_LITERALS = 5;
export const LZ4_MF_LIMIT = 12;

/** LZ4's hash of 4 bytes (little-endian) into hashBits bits. */
export function lz4Hash(word: number, hashBits: number): number {
  return Math.imul(word, 2654435761) >>> (32 - hashBits);
}

const read32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

export interface Lz4CompressStats {
  sequences: number;
  /** Table accesses lost to bank conflicts. */
  bankConflicts: number;
  /** Windows (cycles of the match finder) the block took. */
  windows: number;
}

/** The sequences the design chooses for one block. */
export function lz4DesignSequences(design: Lz4CompressorDesign, data: Uint8Array, stats?: Lz4CompressStats): Lz4Sequence[] {
  const { positionsPerCycle: W, hashBits, hashBanks: B } = design;
  const n = data.length;
  const maxOffset = Math.min(65535, design.windowBytes - 1);
  const table = new Int32Array(1 << hashBits).fill(-1);
  const seqs: Lz4Sequence[] = [];
  let anchor = 0; // first byte not yet emitted
  let covered = 0; // first position not inside a chosen match
  const bankUsed = new Int32Array(B);
  const cand = new Int32Array(W);
  let windows = 0;
  for (let p = 0; p < n; p += W) {
    windows++;
    bankUsed.fill(-1);
    // lookup and update: reads see the previous window's table; writes land after the window
    const writes: [number, number][] = [];
    for (let lane = 0; lane < W; lane++) {
      const i = p + lane;
      cand[lane] = -1;
      if (i + LZ4_MIN_MATCH > n) continue;
      const h = lz4Hash(read32(data, i), hashBits);
      const bank = h % B;
      if (bankUsed[bank] >= 0) {
        if (stats) stats.bankConflicts++;
        continue;
      }
      bankUsed[bank] = lane;
      cand[lane] = table[h];
      writes.push([h, i]);
    }
    for (const [h, i] of writes) table[h] = i;
    // select
    for (let lane = 0; lane < W; lane++) {
      const i = p + lane;
      if (i < covered || i + LZ4_MF_LIMIT > n) continue;
      const c = cand[lane];
      if (c < 0 || i - c > maxOffset) continue;
      // a match needs its first 4 bytes equal (i + 12 <= n leaves room for them)
      if (read32(data, c) !== read32(data, i)) continue;
      // grow backwards over pending literals, at most backwardBytes bytes, then forwards: at most to n - 5,
      // and to maxMatch bytes in all
      let start = i;
      let from = c;
      while (start > anchor && from > 0 && i - start < design.backwardBytes && data[start - 1] === data[from - 1]) { start--; from--; }
      const limit = Math.min(n - LZ4_LAST_LITERALS - i, (design.maxMatch ?? Infinity) - (i - start));
      let fwd = LZ4_MIN_MATCH;
      while (fwd < limit && data[c + fwd] === data[i + fwd]) fwd++;
      const len = fwd + (i - start);
      seqs.push({ literals: data.subarray(anchor, start), offset: i - c, matchLength: len });
      anchor = covered = start + len;
    }
  }
  seqs.push({ literals: data.subarray(anchor, n) });
  if (stats) { stats.sequences = seqs.length; stats.windows = windows; }
  return seqs;
}

/** One LZ4 block, exactly as the hardware compressor of this design produces it. */
export function lz4DesignCompress(design: Lz4CompressorDesign, data: Uint8Array, stats?: Lz4CompressStats): Uint8Array {
  return lz4EncodeSequences(lz4DesignSequences(design, data, stats));
}
