// What every trace reader yields: one block I/O of a storage trace, in bytes and microseconds whatever the
// format's own units, and the error a malformed line raises (naming the file, the line and the field).

export type TraceOp = 'read' | 'write';

export interface TraceRecord {
  /** 1-based line of the trace file the record comes from. */
  line: number;
  /** The device (volume, disk, file) the I/O addresses, as the format names it. */
  device: string;
  op: TraceOp;
  /** Byte offset on the device. */
  offset: number;
  /** Bytes. */
  length: number;
  /** Microseconds since the trace's first read or write (fio v2 logs: the sum of the waits before it). */
  timeUs: number;
  /** The response time the trace recorded, in microseconds (MSR Cambridge only). */
  responseUs?: number;
}

export class TraceFormatError extends Error {
  constructor(readonly file: string, readonly lineNo: number, readonly field: string, readonly why: string) {
    super(`${file}:${lineNo}: ${field}: ${why}`);
    this.name = 'TraceFormatError';
  }
}

/** A line's fields, and a way to raise an error naming one of them. */
export class LineFields {
  constructor(readonly file: string, readonly lineNo: number, readonly fields: readonly string[], readonly names: readonly string[]) {}

  fail(field: string, why: string): never {
    throw new TraceFormatError(this.file, this.lineNo, `field '${field}'`, why);
  }

  /** Every field of the format is there (a line cut short names its first missing field). */
  complete(): void {
    if (this.fields.length < this.names.length) this.text(this.names[this.fields.length]);
  }

  /** The named field's text (its position in `names`); a missing one is an error. */
  text(name: string): string {
    const i = this.names.indexOf(name);
    const v = this.fields[i];
    if (v === undefined || v === '') this.fail(name, `is missing (the line has ${this.fields.length} field${this.fields.length === 1 ? '' : 's'}; the format has ${this.names.join(', ')})`);
    return v.trim();
  }

  /** A non-negative decimal integer that a double holds exactly. */
  uint(name: string): number {
    const t = this.text(name);
    if (!/^\d+$/.test(t)) this.fail(name, `'${t}' is not a non-negative integer`);
    const n = Number(t);
    if (!Number.isSafeInteger(n)) this.fail(name, `'${t}' is beyond 2^53 (too large to use exactly)`);
    return n;
  }

  /** A non-negative decimal integer of any size (timestamps in 100 ns ticks since 1601). */
  big(name: string): bigint {
    const t = this.text(name);
    if (!/^\d+$/.test(t)) this.fail(name, `'${t}' is not a non-negative integer`);
    return BigInt(t);
  }
}
