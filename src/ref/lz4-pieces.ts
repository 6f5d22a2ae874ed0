// What each engine writes when one block is compressed in pieces (the greedy design with subBlockBytes: each piece
// scanned by its own engine, src/ref/lz4-compress-greedy.ts), and what it tells the engine of the piece before it:
// the engines' contract, from which their outputs, concatenated in piece order, are the block's LZ4 bytes.
//
//   A piece's matches are its own (positions in the piece, candidates in it). The sequence a piece's last
//   literals start (its trailing literals, then the next pieces' leading literals, up to the next match in the
//   block or its end) is written by that piece's engine up to its own literals: the token (literal length
//   counted across the pieces, match length of the next match), the literal length's extra bytes, its own
//   literals. The engine of the piece holding that next match writes its own leading literals, the offset and
//   the match length's extra bytes (no token). A piece with no match writes only its literals (the first piece:
//   the token before them). So each engine needs, from the piece after it (unless it is the block's last), its
//   downstream info: {a match follows, literals before it (counted from that piece's start, through pieces
//   without a match), its length}, and sends its own upstream: its first match, or (none) its length plus
//   what it got from downstream.
import { checkGreedyDesign, greedyPieceMatches, type Lz4GreedyDesign } from './lz4-compress-greedy.js';
import { pushLz4Match, pushLz4Token } from './lz4.js';

/** What a piece tells the engine of the piece before it. */
export interface PieceInfo {
  /** A match follows in the block (else the literals run to its end: the last sequence). */
  match: boolean;
  /** Literals from the piece's start to that match (or to the block's end). */
  literals: number;
  /** The match's length (0 when none follows). */
  matchLength: number;
}

export interface PieceOutput {
  /** The piece's place: the block's first, its last (both for a block of one piece). */
  first: boolean;
  last: boolean;
  /** Its bytes in the block: [from, to). */
  from: number;
  to: number;
  /** Bytes of the block past the piece that its scan limits see: min(n - to, 8). */
  tail: number;
  /** What the engine writes. */
  bytes: Uint8Array;
  /** What it tells the engine of the piece before it (unused for the first piece). */
  upstream: PieceInfo;
  /** What it got from the piece after it (absent for the last piece). */
  downstream?: PieceInfo;
}

/** Each piece's output and infos, last piece first (each engine's info comes from the one after it). */
export function lz4GreedyPieces(design: Lz4GreedyDesign, data: Uint8Array): PieceOutput[] {
  checkGreedyDesign(design);
  const n = data.length;
  const size = design.subBlockBytes || Math.max(n, 1);
  const count = Math.max(1, Math.ceil(n / size));
  const pieces: PieceOutput[] = [];
  let downstream: PieceInfo | undefined;
  for (let k = count - 1; k >= 0; k--) {
    const from = k * size;
    const to = Math.min(n, from + size);
    const first = k === 0;
    const last = k === count - 1;
    const matches = greedyPieceMatches(design, data, from, to);
    const out: number[] = [];
    let anchor = from;
    matches.forEach((m, i) => {
      // the first match of a piece after the first: its token was written upstream
      if (i > 0 || first) pushLz4Token(out, m.start - anchor, m.length);
      for (let b = anchor; b < m.start; b++) out.push(data[b]);
      pushLz4Match(out, m.offset, m.length);
      anchor = m.start + m.length;
    });
    // the trailing literals: the sequence they start is this piece's to write, unless a piece before it started
    // the run (no match here, not the first piece)
    if (matches.length || first) {
      const literals = to - anchor + (downstream?.literals ?? 0);
      pushLz4Token(out, literals, downstream?.match ? downstream.matchLength : 0);
    }
    for (let b = anchor; b < to; b++) out.push(data[b]);
    const upstream: PieceInfo = matches.length
      ? { match: true, literals: matches[0].start - from, matchLength: matches[0].length }
      : { match: downstream?.match ?? false, literals: to - from + (downstream?.literals ?? 0), matchLength: downstream?.matchLength ?? 0 };
    pieces.unshift({ first, last, from, to, tail: Math.min(n - to, 8), bytes: Uint8Array.from(out), upstream, ...(downstream ? { downstream } : {}) });
    downstream = upstream;
  }
  return pieces;
}
