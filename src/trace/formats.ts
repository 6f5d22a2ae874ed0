// The three block-trace formats, one line at a time, with each format's units converted to bytes and
// microseconds:
//
//   alibaba  Alibaba Cloud block traces: `device_id,opcode,offset,length,timestamp`, no header; opcode R or W,
//            offset and length in bytes, timestamp in microseconds (Unix epoch).
//   msr      SNIA MSR Cambridge traces: `Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime`, no
//            header; Timestamp is a Windows FILETIME (100 ns ticks since 1601), Type Read or Write, Offset and
//            Size in bytes, ResponseTime in 100 ns ticks. The device is `Hostname_DiskNumber`.
//   fio      fio's iolog: first line `fio version 2 iolog` or `fio version 3 iolog`. v2 lines are
//            `filename action [offset length]`, v3 lines put a timestamp (microseconds since the log began)
//            first. Actions read and write carry offset and length in bytes; add, open, close, sync,
//            datasync and trim are counted and passed over; a v2 `wait` advances the clock by its offset
//            field in microseconds (as fio replays it).
import { LineFields, type TraceOp, type TraceRecord } from './record.js';

export type TraceFormat = 'alibaba' | 'msr' | 'fio';
export const TRACE_FORMATS: readonly TraceFormat[] = ['alibaba', 'msr', 'fio'];

/** A format's reader: fed every line in order, it yields a record, nothing (a line to pass over) or throws. */
export interface LineParser {
  parse(text: string, lineNo: number): TraceRecord | { ignored: string } | undefined;
}

const csv = (text: string) => text.split(',');

export function alibabaParser(file: string): LineParser {
  let t0: number | undefined;
  const names = ['device_id', 'opcode', 'offset', 'length', 'timestamp'];
  return {
    parse(text, lineNo) {
      const f = new LineFields(file, lineNo, csv(text), names);
      f.complete();
      if (f.fields.length > names.length) f.fail('timestamp', `is followed by ${f.fields.length - names.length} more field(s): an Alibaba line has ${names.length}`);
      const device = f.text('device_id');
      const code = f.text('opcode');
      if (code !== 'R' && code !== 'W') f.fail('opcode', `'${code}' is not R or W`);
      const offset = f.uint('offset');
      const length = f.uint('length');
      const ts = f.uint('timestamp');
      t0 ??= ts;
      return { line: lineNo, device, op: code === 'R' ? 'read' : 'write', offset, length, timeUs: ts - t0 };
    },
  };
}

export function msrParser(file: string): LineParser {
  let t0: bigint | undefined;
  const names = ['Timestamp', 'Hostname', 'DiskNumber', 'Type', 'Offset', 'Size', 'ResponseTime'];
  return {
    parse(text, lineNo) {
      const f = new LineFields(file, lineNo, csv(text), names);
      f.complete();
      if (f.fields.length > names.length) f.fail('ResponseTime', `is followed by ${f.fields.length - names.length} more field(s): an MSR line has ${names.length}`);
      const ts = f.big('Timestamp');
      const device = `${f.text('Hostname')}_${f.uint('DiskNumber')}`;
      const type = f.text('Type');
      const op: TraceOp | undefined = /^read$/i.test(type) ? 'read' : /^write$/i.test(type) ? 'write' : undefined;
      if (!op) f.fail('Type', `'${type}' is not Read or Write`);
      const offset = f.uint('Offset');
      const length = f.uint('Size');
      const response = f.uint('ResponseTime');
      t0 ??= ts;
      if (ts < t0) f.fail('Timestamp', `${ts} is before the first record's ${t0}: the trace is not in time order`);
      // 100 ns ticks -> microseconds (the difference fits a double exactly: traces span days, not centuries)
      return { line: lineNo, device, op: op!, offset, length, timeUs: Number(ts - t0) / 10, responseUs: response / 10 };
    },
  };
}

const FIO_HEADER = /^fio version ([23]) iolog$/;
const FIO_FILE_ACTIONS = ['add', 'open', 'close', 'sync', 'datasync', 'trim'];

export function fioParser(file: string): LineParser {
  let version: 2 | 3 | undefined;
  let clockUs = 0; // v2: the sum of the waits so far
  let t0: number | undefined; // v3: the first read or write's timestamp
  return {
    parse(text, lineNo) {
      if (version === undefined) {
        const m = FIO_HEADER.exec(text.trim());
        if (!m) throw new LineFields(file, lineNo, [], []).fail('header', `'${text.slice(0, 40)}' is not 'fio version 2 iolog' or 'fio version 3 iolog'`);
        version = Number(m[1]) as 2 | 3;
        return undefined;
      }
      const parts = text.trim().split(/\s+/);
      const names = version === 3 ? ['timestamp', 'filename', 'action', 'offset', 'length'] : ['filename', 'action', 'offset', 'length'];
      const f = new LineFields(file, lineNo, parts, names);
      const stamp = version === 3 ? f.uint('timestamp') : clockUs;
      const device = f.text('filename');
      const action = f.text('action');
      if (action === 'read' || action === 'write') {
        if (parts.length > names.length) f.fail('length', `is followed by ${parts.length - names.length} more field(s)`);
        const offset = f.uint('offset');
        const length = f.uint('length');
        if (version === 3) {
          t0 ??= stamp;
          if (stamp < t0) f.fail('timestamp', `${stamp} is before the first I/O's ${t0}: the log is not in time order`);
        }
        return { line: lineNo, device, op: action, offset, length, timeUs: version === 3 ? stamp - t0! : stamp };
      }
      if (action === 'wait') {
        if (version === 2) clockUs += f.uint('offset');
        return { ignored: 'wait' };
      }
      if (FIO_FILE_ACTIONS.includes(action)) return { ignored: action };
      return f.fail('action', `'${action}' is not an iolog action (read, write, wait, ${FIO_FILE_ACTIONS.join(', ')})`);
    },
  };
}

export function parserFor(format: TraceFormat, file: string): LineParser {
  return format === 'alibaba' ? alibabaParser(file) : format === 'msr' ? msrParser(file) : fioParser(file);
}

/** The format a trace's first non-empty line says it is in (fio by its header, the CSVs by field count). */
export function detectFormat(firstLine: string): TraceFormat | undefined {
  if (firstLine.startsWith('fio version')) return 'fio';
  const n = csv(firstLine).length;
  return n === 5 ? 'alibaba' : n === 7 ? 'msr' : undefined;
}
