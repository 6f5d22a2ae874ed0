// LZ4 block format reference: a decoder with the accept/reject rules and error codes of the hardware
// decompressor (gen/lz4) or of liblz4, and a sequence encoder for building test streams by hand (long literal runs,
// overlapping matches, far offsets, hostile lengths).
//
// Block format: sequences of token (high nibble literal length, low nibble match length − 4; 15 = more
// length bytes follow, each 255 continues), literals, 2-byte little-endian offset, extra match-length bytes.
// The last sequence has literals only.
//
// Two rule sets (Lz4DecodeLimits.rules):
// - 'lenient' (the hardware today): a block is good when every sequence parses, every offset reaches into the
//   block's output and the window, and the output stays within maxOutput (verdicts 1-6).
// - 'liblz4' (the default): the same, and also liblz4 1.9.4's LZ4_decompress_safe end-of-block rules (verdict 7),
//   so that a block decodes here exactly when liblz4 decodes it with dstCapacity = maxOutput, to the same bytes —
//   but for a match at offset 0, which liblz4 accepts (it writes zeros) and the format and this decoder do not.
//   With N the block's length and O = maxOutput, a sequence followed by a match (token at t, literals ending at
//   litEnd, output op before it, its match ending at output matchEnd) must pass liblz4's literal step, by
//     (A) its shortcut: literal nibble < 15, op <= O - 32 and N >= t + 18, or
//     (B) its general check: op + literals <= O - 12 and N >= litEnd + 8;
//   a long match length (nibble 15) whose bytes end at mlEnd needs N >= mlEnd + 4; and matchEnd <= O - 5 (the
//   last 5 output bytes are literals) — except when (A) holds with a match nibble < 15 and an offset >= 8: the
//   shortcut copies that match without the check. With O = 0 the only good block is the single byte 0x00.
//   (Read from lz4.c 1.9.4, LZ4_decompress_generic, and checked against the library: test/ref/lz4.test.ts.) The
//   format's own rules — the last match starts 12 or more bytes before the end of the output, the last 5 bytes are
//   literals — are what an encoder keeps; they imply these whenever O >= the decoded size.

/** The hardware's verdicts (m_axis_tuser of the final beat; the generators list them). 0 = the block decoded. */
export const LZ4_ERRORS = {
  1: 'truncated: the block ends inside a sequence (a length, the literals or the offset)',
  2: 'bad offset: zero, or reaching before the start of the block\'s output',
  3: 'offset beyond the engine\'s history window',
  4: 'output bound exceeded: the block decodes to more bytes than allowed',
  5: 'the block ends with a match (its last sequence must be literals only)',
  6: 'empty block: no token at all (an empty input is encoded as the single byte 0x00)',
} as const;

/** The reference decoder's verdicts: the hardware's, and 7 for liblz4's end-of-block rules (rules 'liblz4' only). */
export const LZ4_VERDICTS = {
  ...LZ4_ERRORS,
  7: 'breaks liblz4\'s end-of-block rules: a sequence with a match comes too near the end of the block or of the output bound (liblz4 wants the last 5 output bytes, and the block\'s last bytes, to be literals)',
} as const;

export type Lz4ErrorCode = keyof typeof LZ4_VERDICTS;

export interface Lz4DecodeResult {
  /** Decoded bytes (on error: what was produced before the error was found). */
  output: Uint8Array;
  /** 0 when the block is valid, else an LZ4_VERDICTS code. */
  error: 0 | Lz4ErrorCode;
}

export interface Lz4DecodeLimits {
  /** Largest output a block may decode to. */
  maxOutput: number;
  /** Largest offset the decoder can reach back (its history size). */
  window: number;
  /** 'liblz4' (default): also liblz4's end-of-block rules (verdict 7); 'lenient': the hardware's rules today. */
  rules?: 'liblz4' | 'lenient';
}

/** Decode one LZ4 block with the given limits and rules (see the file header). */
export function lz4DecodeBlock(input: Uint8Array, limits: Lz4DecodeLimits = { maxOutput: 1 << 26, window: 65536 }): Lz4DecodeResult {
  let out = new Uint8Array(Math.min(limits.maxOutput, 4 * input.length + 64));
  const room = (n: number) => {
    if (op + n <= out.length) return;
    const bigger = new Uint8Array(Math.min(limits.maxOutput, Math.max(2 * out.length, op + n)));
    bigger.set(out.subarray(0, op));
    out = bigger;
  };
  let ip = 0;
  let op = 0;
  const fail = (error: Lz4ErrorCode): Lz4DecodeResult => ({ output: out.slice(0, op), error });
  if (input.length === 0) return fail(6);
  // liblz4's end-of-block rules, checked the way the hardware will check them, in one pass without knowing the
  // block's length N in advance: each sequence with a match either breaks a rule that does not depend on N
  // (`broken`), or asks for N >= some bound; `need` is the largest bound so far, compared with N at the end.
  const O = limits.maxOutput;
  let need = 0;
  let broken = O === 0 && !(input.length === 1 && input[0] === 0); // liblz4: no output room, only the empty block
  for (;;) {
    if (ip >= input.length) return fail(5); // only reachable after a match
    const t = ip;
    const opBefore = op;
    const token = input[ip++];
    let lit = token >> 4;
    if (lit === 15) {
      for (;;) {
        if (ip >= input.length) return fail(1);
        const b = input[ip++];
        lit += b;
        if (lit > limits.maxOutput) lit = limits.maxOutput + 1; // saturate, as the hardware counter does
        if (b !== 255) break;
      }
    }
    if (op + lit > limits.maxOutput) return fail(4);
    room(lit);
    for (let i = 0; i < lit; i++) {
      if (ip >= input.length) return fail(1);
      out[op++] = input[ip++];
    }
    if (ip >= input.length) {
      const strict = limits.rules !== 'lenient';
      return { output: out.slice(0, op), error: strict && (broken || input.length < need) ? 7 : 0 };
    }
    const litEnd = ip;
    if (ip + 1 >= input.length) { ip = input.length; return fail(1); }
    const offset = input[ip] | (input[ip + 1] << 8);
    ip += 2;
    if (offset === 0 || offset > op) return fail(2);
    if (offset > limits.window) return fail(3);
    let mlen = token & 15;
    if (mlen === 15) {
      for (;;) {
        if (ip >= input.length) return fail(1);
        const b = input[ip++];
        mlen += b;
        if (mlen > limits.maxOutput) mlen = limits.maxOutput + 1;
        if (b !== 255) break;
      }
    }
    mlen += 4;
    if (op + mlen > limits.maxOutput) return fail(4);
    // liblz4's rules for a sequence with a match (file header): through (A) its shortcut or (B) its general path
    const longMatch = (token & 15) === 15;
    const matchEndOk = op + mlen <= O - 5; // the last 5 output bytes must be literals, but (A) copies a short match
    const viaA = token >> 4 < 15 && opBefore <= O - 32 && (matchEndOk || (!longMatch && offset >= 8)); // at offset >= 8 unchecked
    const viaB = op <= O - 12 && matchEndOk; // op: after the literals
    if (!viaA && !viaB) broken = true;
    else need = Math.max(need, Math.min(viaA ? t + 18 : Infinity, viaB ? litEnd + 8 : Infinity));
    if (longMatch) need = Math.max(need, ip + 4); // its length bytes end 4 or more bytes before the block's end
    room(mlen);
    for (let i = 0; i < mlen; i++, op++) out[op] = out[op - offset];
  }
}

/** One LZ4 sequence: literals, then (unless it is the last) a match of `matchLength` ≥ 4 at `offset`. */
export interface Lz4Sequence {
  literals: Uint8Array;
  offset?: number;
  matchLength?: number;
}

function pushLength(out: number[], extra: number): void {
  while (extra >= 255) { out.push(255); extra -= 255; }
  out.push(extra);
}

/** A sequence's token and its literal length's extra bytes; matchLength 0: no match follows (the last sequence). */
export function pushLz4Token(out: number[], literals: number, matchLength: number): void {
  const m = matchLength ? matchLength - 4 : 0;
  if (m < 0) throw new RangeError('LZ4 match length must be at least 4');
  out.push((Math.min(literals, 15) << 4) | Math.min(m, 15));
  if (literals >= 15) pushLength(out, literals - 15);
}

/** A match's offset and its length's extra bytes (they follow the sequence's literals). */
export function pushLz4Match(out: number[], offset: number, matchLength: number): void {
  out.push(offset & 0xff, (offset >> 8) & 0xff);
  if (matchLength - 4 >= 15) pushLength(out, matchLength - 4 - 15);
}

/** Encode sequences into an LZ4 block (no validation of offsets: hostile streams are the point). */
export function lz4EncodeSequences(seqs: readonly Lz4Sequence[]): Uint8Array {
  const out: number[] = [];
  for (const s of seqs) {
    const hasMatch = s.offset !== undefined;
    const matchLength = hasMatch ? s.matchLength ?? 4 : 0;
    if (hasMatch && matchLength < 4) throw new RangeError('LZ4 match length must be at least 4');
    pushLz4Token(out, s.literals.length, matchLength);
    for (const b of s.literals) out.push(b);
    if (hasMatch) pushLz4Match(out, s.offset!, matchLength);
  }
  return Uint8Array.from(out);
}
