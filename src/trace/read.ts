// Streaming a block trace from a file: one line at a time (a multi-GB trace is never held in memory), through
// its format's parser (src/trace/formats.ts). A malformed line stops the read with an error naming the file,
// line and field, or, with `badLines: 'skip'`, is counted (the first few errors kept for the report).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { detectFormat, parserFor, TRACE_FORMATS, type TraceFormat } from './formats.js';
import { TraceFormatError, type TraceRecord } from './record.js';

export interface ReadTraceOptions {
  /** The trace's format; 'auto' (the default) tells it from the first line. */
  format?: TraceFormat | 'auto';
  /** What a malformed line does: stop the read (the default) or be skipped and counted. */
  badLines?: 'stop' | 'skip';
}

export interface TraceReadStats {
  file: string;
  format?: TraceFormat;
  lines: number;
  records: number;
  skipped: number;
  /** The first errors of skipped lines (at most 5). */
  skippedErrors: TraceFormatError[];
  /** Lines of actions that are not reads or writes (fio's open, close, trim, ...), by action. */
  ignored: Record<string, number>;
  /** Bytes of the file read so far, and its size (for progress). */
  bytesRead: number;
  fileBytes: number;
}

export class TraceReadError extends Error {}

/** Read a trace: its records in file order; `stats` fills in as it goes (complete when the iteration ends). */
export async function* readTrace(file: string, options: ReadTraceOptions = {}, stats: TraceReadStats = newStats(file)): AsyncGenerator<TraceRecord> {
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new TraceReadError(`${file}: not a file`);
    stats.fileBytes = st.size;
  } catch (err) {
    if (err instanceof TraceReadError) throw err;
    throw new TraceReadError(`cannot read trace ${file}: ${(err as Error).message}`);
  }
  const wanted = options.format ?? 'auto';
  if (wanted !== 'auto' && !TRACE_FORMATS.includes(wanted)) throw new TraceReadError(`unknown trace format '${String(wanted)}' (formats: ${TRACE_FORMATS.join(', ')}, auto)`);
  const input = createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let parser: ReturnType<typeof parserFor> | undefined;
  for await (const raw of lines) {
    stats.lines++;
    stats.bytesRead = input.bytesRead;
    const text = raw.trimEnd();
    if (text === '') continue;
    if (!parser) {
      const format = wanted === 'auto' ? detectFormat(text) : wanted;
      if (!format) throw new TraceReadError(`${file}:${stats.lines}: cannot tell the trace format from the first line (a fio log starts 'fio version 2|3 iolog'; an Alibaba line has 5 comma-separated fields, an MSR line 7); give the format`);
      stats.format = format;
      parser = parserFor(format, file);
    }
    let r: ReturnType<typeof parser.parse>;
    try {
      r = parser.parse(text, stats.lines);
    } catch (err) {
      if (!(err instanceof TraceFormatError) || options.badLines !== 'skip') throw err;
      stats.skipped++;
      if (stats.skippedErrors.length < 5) stats.skippedErrors.push(err);
      continue;
    }
    if (r === undefined) continue;
    if ('ignored' in r) {
      stats.ignored[r.ignored] = (stats.ignored[r.ignored] ?? 0) + 1;
      continue;
    }
    stats.records++;
    yield r;
  }
  if (!parser) throw new TraceReadError(`${file}: the trace is empty`);
}

export function newStats(file: string): TraceReadStats {
  return { file, lines: 0, records: 0, skipped: 0, skippedErrors: [], ignored: {}, bytesRead: 0, fileBytes: 0 };
}
