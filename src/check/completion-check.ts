// Checking a device's completions against the software pipeline's outcome of the same requests: status, result,
// the destination bytes, and for a read that they are the data last written. Counts the mismatches and keeps
// the first, described by whatever the caller says locates it (a trace line, a device, an offset...).
import type { QueueOutcome } from '../ref/queue-pipeline.js';

/** What a completion reported. */
export interface CompletionSeen {
  status: number;
  result: bigint;
}

/** One completion to check. */
export interface CompletionToCheck {
  seen: CompletionSeen;
  /** The request's destination segment, its first `length` bytes. */
  destination: (length: number) => Uint8Array;
  /** The software pipeline's outcome of the request. */
  want: QueueOutcome;
  /** A read: the data last written, which the destination must hold. */
  written?: Uint8Array;
}

/** What is wrong with one completion (empty: nothing). */
export function completionProblems(c: CompletionToCheck): string[] {
  const { seen, want } = c;
  const problems: string[] = [];
  if (seen.status !== want.status) problems.push(`status ${seen.status}, software pipeline ${want.status}`);
  else if (seen.result !== want.result) problems.push(`result 0x${seen.result.toString(16)} (CRC32C, bytes), software pipeline 0x${want.result.toString(16)}`);
  // destination bytes: the write's output (block or stripe), or the read's plain unit
  const expected = want.writes.length ? want.writes[0].data : new Uint8Array(0);
  const got = c.destination(expected.length);
  const diff = got.findIndex((b, i) => b !== expected[i]);
  if (diff >= 0) problems.push(`destination byte ${diff} is 0x${got[diff].toString(16)}, software pipeline 0x${expected[diff].toString(16)}`);
  if (c.written && problems.length === 0 && Buffer.compare(Buffer.from(expected), Buffer.from(c.written)) !== 0) problems.push('the software pipeline does not restore the unit written (a replay bug)');
  return problems;
}

/** Checks completions one by one, counting mismatches; the first is kept as its location and what was wrong. */
export class CompletionChecker<Location extends object> {
  mismatches = 0;
  first?: Location & { what: string };

  /** Check one completion; `locate` is asked only for the first mismatch. True when it matches. */
  check(c: CompletionToCheck, locate: () => Location): boolean {
    const problems = completionProblems(c);
    if (!problems.length) return true;
    this.mismatches++;
    this.first ??= { ...locate(), what: problems.join('; ') };
    return false;
  }
}
