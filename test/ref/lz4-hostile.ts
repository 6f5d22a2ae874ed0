// Hostile LZ4 blocks for the tests that judge decoders against liblz4 (test/ref/lz4.test.ts for the reference,
// test/engines/lz4-decompress.test.ts for the engine): mutations of liblz4's blocks by kind, blocks built from
// random sequences near the block's and the output's end, and the comparison with LZ4_decompress_safe, counted
// by outcome. The only difference allowed is a match at offset 0, which liblz4 accepts (it writes zeros) and the
// format does not.
import { liblz4Decompress } from '../../src/oracle/lz4.js';
import { lz4DecodeBlock, lz4EncodeSequences, type Lz4DecodeResult } from '../../src/ref/lz4.js';
import type { Rng } from '../../src/util/rng.js';

// The LZ4 fields of a (valid) block: for each sequence, where its token, length bytes and offset are, and how
// much output comes before its match.
export interface Fields { token: number; lengthBytes: number[]; offsetAt?: number; opAtMatch: number }
export function parseFields(b: Uint8Array): Fields[] {
  const seqs: Fields[] = [];
  let ip = 0, op = 0;
  while (ip < b.length) {
    const f: Fields = { token: ip, lengthBytes: [], opAtMatch: 0 };
    seqs.push(f);
    const token = b[ip++];
    const run = (n: number) => { if (n === 15) for (let x = 255; x === 255 && ip < b.length; ip++) { x = b[ip]; n += x; f.lengthBytes.push(ip); } return n; };
    const lit = run(token >> 4);
    ip += lit; op += lit;
    if (ip + 2 > b.length) break;
    f.offsetAt = ip;
    f.opAtMatch = op;
    ip += 2;
    op += run(token & 15) + 4;
  }
  return seqs;
}

/** The first match the lenient decoder refuses for its offset (0 or before the output's start), if any. */
export function firstBadOffset(b: Uint8Array): number | undefined {
  for (const f of parseFields(b)) {
    if (f.offsetAt === undefined) return undefined;
    const offset = b[f.offsetAt] | (b[f.offsetAt + 1] << 8);
    if (offset === 0 || offset > f.opAtMatch) return offset;
  }
  return undefined;
}

export const KINDS = ['bit flip', 'byte set', 'truncate', 'extend', 'splice', 'random bytes', 'length field', 'offset'] as const;
export type Kind = (typeof KINDS)[number];

// Half the edits land near the block's end, where the end-of-block rules decide.
export function mutate(kind: Kind, rng: Rng, base: Uint8Array, other: Uint8Array): Uint8Array {
  const m = Uint8Array.from(base);
  const fields = parseFields(base);
  const nearEnd = rng.float() < 0.5;
  const at = nearEnd ? rng.int(Math.max(0, m.length - 24), m.length - 1) : rng.int(0, m.length - 1);
  const field = (list: Fields[]) => (nearEnd ? list[list.length - 1 - rng.int(0, Math.min(2, list.length - 1))] : rng.pick(list));
  switch (kind) {
    case 'bit flip': m[at] ^= 1 << rng.int(0, 7); return m;
    case 'byte set': m[at] = (m[at] + rng.int(1, 255)) & 255; return m;
    case 'truncate': { // often just after a sequence's literals, which leaves a block the lenient rules accept
      const clean = fields.filter((f) => f.offsetAt !== undefined);
      return m.subarray(0, clean.length && rng.float() < 0.4 ? field(clean).offsetAt! : at);
    }
    case 'extend': return Uint8Array.from([...m, ...rng.bytes(rng.int(1, 40))]);
    case 'splice': { // anywhere, or one block's sequences up to a token, then another's from one of its tokens
      if (rng.float() < 0.5) return Uint8Array.from([...m.subarray(0, at), ...other.subarray(rng.int(0, other.length))]);
      return Uint8Array.from([...m.subarray(0, field(fields).token), ...other.subarray(rng.pick(parseFields(other)).token)]);
    }
    case 'random bytes': return rng.bytes(rng.int(1, 80));
    case 'length field': {
      const f = field(fields);
      const i = f.lengthBytes.length && rng.float() < 0.4 ? rng.pick(f.lengthBytes) : f.token;
      if (i === f.token) {
        const hi = rng.float() < 0.5;
        const nib = hi ? m[i] >> 4 : m[i] & 15;
        const v = rng.pick([nib - 1, nib + 1, 15, 0, rng.int(0, 15)]) & 15;
        m[i] = hi ? (v << 4) | (m[i] & 15) : (m[i] & 0xf0) | v;
        return m;
      }
      const how = rng.int(0, 3); // a 255-run byte: set to 255 (the run goes on), end the run, add or drop a byte
      if (how === 0) { m[i] = 255; return m; }
      if (how === 1) { m[i] = rng.pick([0, 1, 254, (m[i] + 1) & 255, (m[i] + 255) & 255]); return m; }
      if (how === 2) return Uint8Array.from([...m.subarray(0, i), 255, ...m.subarray(i)]);
      return Uint8Array.from([...m.subarray(0, i), ...m.subarray(i + 1)]);
    }
    case 'offset': {
      const f = field(fields.filter((x) => x.offsetAt !== undefined));
      const op = f.opAtMatch;
      const offset = rng.pick([0, 1, Math.min(65535, op + rng.int(1, 40)), 65535, op, Math.min(op, rng.pick([7, 8])), rng.int(1, Math.max(1, op))]);
      m[f.offsetAt!] = offset & 255;
      m[f.offsetAt! + 1] = offset >> 8;
      return m;
    }
  }
}

export const OUTCOMES = ['accepted', 'rejected by both', 'of which verdict 7', 'offset-0 class'] as const;
export type Counts = Record<(typeof OUTCOMES)[number], number>;
export const noCounts = (): Counts => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Counts;

/**
 * The reference (liblz4 rules) against LZ4_decompress_safe on each block, in batches through the oracle: counts
 * the outcome per class in `counts`, and returns what disagrees. A disagreement is allowed only when liblz4 accepts a
 * match at offset 0 that the reference refuses (verdict 2) and the two agree on the output before it.
 */
export async function compareWithLiblz4<C extends { block: Uint8Array; maxOutput: number }>(
  cases: readonly C[], counts: (c: C) => Counts, underTest?: (batch: readonly C[]) => Lz4DecodeResult[],
): Promise<string[]> {
  const problems: string[] = [];
  const BATCH = 400;
  for (let i = 0; i < cases.length; i += BATCH) {
    const batch = cases.slice(i, i + BATCH);
    const libs = await Promise.all(batch.map((c) => liblz4Decompress(c.block, c.maxOutput)));
    const tested = underTest?.(batch);
    batch.forEach((c, j) => {
      const lib = libs[j];
      const limits = { maxOutput: c.maxOutput, window: 65536 };
      const reference: Lz4DecodeResult = lz4DecodeBlock(c.block, limits);
      const ours = tested ? tested[j] : reference;
      const lenient = lz4DecodeBlock(c.block, { ...limits, rules: 'lenient' });
      const count = counts(c);
      const where = () => `block ${Buffer.from(c.block).toString('hex').slice(0, 200)} (${c.block.length} B), maxOutput ${c.maxOutput}`;
      // the strict verdict is the lenient one, or 7 in place of 0; the output is the same either way
      if (!(reference.error === lenient.error || (lenient.error === 0 && reference.error === 7)) || Buffer.compare(reference.output, lenient.output) !== 0) {
        problems.push(`${where()}: strict ${reference.error}, lenient ${lenient.error}`);
      }
      // a decoder under test gives the reference's verdict and output, whatever liblz4 says (after an error 1-6 an
      // engine may stop at its last whole output line: a prefix of the bytes the reference made before the error)
      const sameOutput = reference.error === 0 || reference.error === 7
        ? Buffer.compare(ours.output, reference.output) === 0
        : ours.output.length <= reference.output.length && Buffer.compare(ours.output, reference.output.subarray(0, ours.output.length)) === 0;
      if (tested && (ours.error !== reference.error || !sameOutput)) {
        problems.push(`${where()}: decoder verdict ${ours.error} (${ours.output.length} B), reference ${reference.error} (${reference.output.length} B)`);
      }
      if (lib && ours.error === 0) {
        count.accepted++;
        if (Buffer.compare(lib, ours.output) !== 0) problems.push(`${where()}: both accept, different output`);
      } else if (!lib && ours.error !== 0) {
        count['rejected by both']++;
        if (ours.error === 7) count['of which verdict 7']++;
      } else if (lib && ours.error === 2 && firstBadOffset(c.block) === 0 && Buffer.compare(lib.subarray(0, ours.output.length), ours.output) === 0) {
        count['offset-0 class']++; // liblz4 writes the match at offset 0 (as zeros); the format has no offset 0
      } else {
        problems.push(`${where()}: liblz4 ${lib ? `accepts (${lib.length} B)` : 'rejects'}, reference verdict ${ours.error}`);
      }
    });
  }
  return problems;
}

export const totalOf = (counts: Iterable<Counts>) => { const t = noCounts(); for (const c of counts) for (const o of OUTCOMES) t[o] += c[o]; return t; };


/**
 * A block of a few short sequences (short and long literal runs and matches, offsets below 8, at 8 and above, 0 now
 * and then), sometimes cut short, and the size it decodes to: placed so each end-of-block rule is met, missed by one
 * and passed by one often.
 */
export function randomSequenceBlock(rng: Rng): { block: Uint8Array; decoded: number } {
  const seqs = [];
  let op = 0;
  for (let n = rng.int(1, 4); n > 0; n--) {
    const literals = rng.bytes(rng.pick([rng.int(0, 16), rng.int(0, 40)]));
    op += literals.length;
    const matchLength = rng.pick([rng.int(4, 22), rng.int(4, 300)]);
    const offset = op === 0 ? 1 : rng.pick([rng.int(1, Math.min(op, 7)), rng.int(1, op), rng.int(Math.min(8, op), op), rng.int(1, op), 0]);
    seqs.push({ literals, offset: rng.float() < 0.2 ? offset : Math.max(1, offset), matchLength });
    op += matchLength;
  }
  const last = rng.int(0, 20);
  seqs.push({ literals: rng.bytes(last) });
  op += last;
  const block = lz4EncodeSequences(seqs);
  return { block: rng.float() < 0.1 ? block.subarray(0, rng.int(1, block.length)) : block, decoded: op };
}
