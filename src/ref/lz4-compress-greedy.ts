// Bit-exact model of dpuforge's area-efficient LZ4 compressor design, the "skip-ahead greedy" match finder: the
// algorithm of liblz4's fast mode (LZ4_compress_fast on a block of up to 64 KiB, acceleration 1) as a hardware
// engine runs it, one position per cycle, built to be replicated many times in an engine array.
//
//   scan     positions in order, one a cycle: hash read32(i) (LZ4's multiplicative hash) into a table of
//            2^hashBits positions (one memory, no banks); the entry is read and overwritten with i in one access
//            (a read-first block RAM), so every scanned position is inserted.
//   verify   a candidate c is a match when i - c <= min(65535, windowBytes - 1) and its 4 bytes equal i's; the
//            verdict comes `speculativeInserts` positions later (the pipeline's depth), so the positions after a
//            match's start that the pipeline has already scanned are inserted too (all inside the match: a
//            match is at least 4 bytes and speculativeInserts <= 3; like every scanned position, only those at
//            least 12 bytes before the end); their lookups are dropped.
//   extend   a match grows backwards over pending literals by at most backwardBytes while the bytes before both
//            ends agree, then forwards to at most 5 bytes before the block end (LZ4's last-literals rule);
//            matches start at least 12 bytes before the end.
//   skip     the scan goes on at the match's end: positions inside a match are not scanned (not inserted), the
//            difference from the banked parallel design (src/ref/lz4-compress.ts), which inserts every position
//            and loses ~10% of its ratio on XML to it.
//   sub-blocks  with subBlockBytes S (0: off) the block is cut every S bytes and each piece is scanned on its own,
//            as a separate engine would scan it: its own empty table, candidates and backward growth only inside
//            it, positions only while 4 bytes remain in it and matches ending at its end at the latest (LZ4's
//            end rules still apply at the block's end). The matches of all pieces make one LZ4 block: a literal
//            run may span pieces (the engine holding a piece's last literals writes the token of the sequence
//            they start, with the next piece's first match, which that engine sends back to it). Blocks of up to
//            S bytes are compressed exactly as without pieces; more pieces trade ratio for parallel engines.
// The table is empty at the start of every block. With speculativeInserts 0, unlimited backwardBytes and 2^13
// entries this is liblz4's fast-mode match finder without its acceleration skip and without the insert of the
// position two bytes before a match's end (the test compares the sizes with liblz4's on the corpus).
import { LZ4_LAST_LITERALS, LZ4_MF_LIMIT, LZ4_MIN_MATCH, lz4Hash } from './lz4-compress.js';
import { lz4EncodeSequences, type Lz4Sequence } from './lz4.js';

export interface Lz4GreedyDesign {
  /** log2 of the hash table's entries. */
  hashBits: number;
  /** The block buffer's bytes: the largest block; offsets reach at most min(65535, windowBytes - 1) back. */
  windowBytes: number;
  /** How far a found match may grow backwards over pending literals. */
  backwardBytes: number;
  /** Positions after a match's start that are scanned (and inserted) before its verdict: 0..3. */
  speculativeInserts: number;
  /** Cut a block into pieces of this many bytes, each scanned on its own (one engine each); 0 or absent: one piece. */
  subBlockBytes?: number;
}

/** The engine array's default: 2^14 entries, 4 bytes back, 2 speculative inserts (the engine's pipeline): lz4 -1's ratio on the corpus. */
export const DEFAULT_LZ4_GREEDY_DESIGN: Lz4GreedyDesign = { hashBits: 14, windowBytes: 65536, backwardBytes: 4, speculativeInserts: 2 };

/** The design's rules, as named errors. */
export function checkGreedyDesign(d: Lz4GreedyDesign): void {
  if (!Number.isInteger(d.hashBits) || d.hashBits < 8 || d.hashBits > 16) throw new RangeError(`hashBits = ${d.hashBits}: expected an integer 8..16`);
  if (!Number.isInteger(d.windowBytes) || d.windowBytes < 64 || d.windowBytes > 65536 || (d.windowBytes & (d.windowBytes - 1)) !== 0) {
    throw new RangeError(`windowBytes = ${d.windowBytes}: expected a power of two 64..65536`);
  }
  if (!Number.isInteger(d.backwardBytes) || d.backwardBytes < 0) throw new RangeError(`backwardBytes = ${d.backwardBytes}: expected an integer >= 0`);
  if (!Number.isInteger(d.speculativeInserts) || d.speculativeInserts < 0 || d.speculativeInserts > LZ4_MIN_MATCH - 1) {
    throw new RangeError(`speculativeInserts = ${d.speculativeInserts}: expected 0..${LZ4_MIN_MATCH - 1} (a match covers at least ${LZ4_MIN_MATCH} positions)`);
  }
  const sub = d.subBlockBytes ?? 0;
  if (!Number.isInteger(sub) || (sub !== 0 && (sub < 64 || sub > d.windowBytes || (sub & (sub - 1)) !== 0))) {
    throw new RangeError(`subBlockBytes = ${sub}: expected 0 (one piece) or a power of two 64..windowBytes (${d.windowBytes})`);
  }
}

const read32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

export interface Lz4GreedyStats {
  sequences: number;
  /** Positions looked up in the table (the scan's cycles), speculative ones included. */
  lookups: number;
  /** Bytes the forward extensions compared past each match's first 4. */
  extendedBytes: number;
}

/** A match the scan of one piece chose: it covers [start, start + length) and copies from start - offset. */
export interface GreedyMatch {
  start: number;
  offset: number;
  length: number;
}

/**
 * The scan of one piece [from, to) of a block of n bytes: its own empty table; positions p with p + 4 <= to and
 * p + 12 <= n; backward growth down to the piece's start or the previous match's end; matches end by to and n - 5.
 */
export function greedyPieceMatches(design: Lz4GreedyDesign, data: Uint8Array, from: number, to: number, counts = { lookups: 0, extended: 0 }): GreedyMatch[] {
  const n = data.length;
  const maxOffset = Math.min(65535, design.windowBytes - 1);
  const table = new Int32Array(1 << design.hashBits).fill(-1);
  const scanEnd = Math.min(to - LZ4_MIN_MATCH, n - LZ4_MF_LIMIT); // the last position looked up
  const matchEnd = Math.min(to, n - LZ4_LAST_LITERALS);
  const matches: GreedyMatch[] = [];
  let anchor = from; // first byte of the piece not yet covered by a match
  let i = from;
  const insert = (p: number) => { table[lz4Hash(read32(data, p), design.hashBits)] = p; };
  while (i <= scanEnd) {
    const h = lz4Hash(read32(data, i), design.hashBits);
    const c = table[h];
    table[h] = i;
    counts.lookups++;
    if (c < 0 || i - c > maxOffset || read32(data, c) !== read32(data, i)) { i++; continue; }
    let start = i;
    let src = c;
    while (start > anchor && src > from && i - start < design.backwardBytes && data[start - 1] === data[src - 1]) { start--; src--; }
    const limit = matchEnd - i;
    let fwd = LZ4_MIN_MATCH;
    while (fwd < limit && data[c + fwd] === data[i + fwd]) fwd++;
    counts.extended += fwd - LZ4_MIN_MATCH;
    // the positions the pipeline scanned before the verdict: inserted, their lookups dropped
    for (let k = 1; k <= design.speculativeInserts && i + k <= scanEnd; k++) { insert(i + k); counts.lookups++; }
    const len = fwd + (i - start);
    matches.push({ start, offset: i - c, length: len });
    anchor = i = start + len;
  }
  return matches;
}

/** The sequences the design chooses for one block. */
export function lz4GreedySequences(design: Lz4GreedyDesign, data: Uint8Array, stats?: Lz4GreedyStats): Lz4Sequence[] {
  checkGreedyDesign(design);
  const n = data.length;
  if (n > design.windowBytes) throw new RangeError(`a block of ${n} bytes is larger than the design's ${design.windowBytes}-byte window`);
  const piece = design.subBlockBytes || Math.max(n, 1);
  const counts = { lookups: 0, extended: 0 };
  const matches: GreedyMatch[] = [];
  for (let from = 0; from < n; from += piece) matches.push(...greedyPieceMatches(design, data, from, Math.min(n, from + piece), counts));
  // one block: each match's literals run from the end of the one before (across pieces)
  const seqs: Lz4Sequence[] = [];
  let anchor = 0;
  for (const m of matches) {
    seqs.push({ literals: data.subarray(anchor, m.start), offset: m.offset, matchLength: m.length });
    anchor = m.start + m.length;
  }
  seqs.push({ literals: data.subarray(anchor, n) });
  if (stats) { stats.sequences = seqs.length; stats.lookups = counts.lookups; stats.extendedBytes = counts.extended; }
  return seqs;
}

/** One LZ4 block, exactly as an engine of this design writes it. */
export function lz4GreedyCompress(design: Lz4GreedyDesign, data: Uint8Array, stats?: Lz4GreedyStats): Uint8Array {
  return lz4EncodeSequences(lz4GreedySequences(design, data, stats));
}
