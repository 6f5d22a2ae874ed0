// `dpuforge trace stats TRACE [--format F] [--skip-bad-lines]`: stream a block trace (Alibaba, MSR Cambridge or
// fio iolog) and print its shape, the lines skipped or passed over, and the read's speed and peak memory.
import { readTrace, newStats } from '../trace/read.js';
import { TraceSummarizer } from '../trace/summary.js';
import { TRACE_FORMATS, type TraceFormat } from '../trace/formats.js';
import { formatTable } from '../report/table.js';
import { parseArgs, UsageError } from './args.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { SAMPLE_TRACES, sampleTrace } from '../trace/samples.js';
import { projectRoot } from '../util/paths.js';

const HELP = `dpuforge trace stats TRACE [--format alibaba|msr|fio|auto] [--skip-bad-lines]
  Streams the trace (any size: one line at a time) and prints its I/O counts, bytes, devices, time span and
  sizes. A malformed line stops with an error naming file, line and field; --skip-bad-lines counts it instead.
dpuforge trace samples
  Rewrites the sample traces under traces/ from their seeded generator.`;

export async function traceCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['help', 'skip-bad-lines']);
  const [sub, file, ...extra] = args.positionals;
  if (args.switches.has('help') || sub === undefined) {
    console.log(HELP);
    return sub === undefined && !args.switches.has('help') ? 2 : 0;
  }
  if (sub === 'samples') {
    for (const t of SAMPLE_TRACES) {
      writeFileSync(path.join(projectRoot(), t.file), sampleTrace(t));
      console.log(`wrote ${t.file} (${t.format}, ${t.records} I/Os, seed ${t.seed})`);
    }
    return 0;
  }
  if (sub !== 'stats') throw new UsageError(`trace: unknown subcommand '${sub}' (stats, samples)`);
  if (!file) throw new UsageError('trace stats needs a trace file');
  if (extra.length) throw new UsageError(`trace stats takes one trace file; also given: ${extra.join(' ')}`);
  for (const k of args.options.keys()) if (k !== 'format') throw new UsageError(`trace stats: unknown option --${k}`);
  const format = (args.options.get('format') ?? 'auto') as TraceFormat | 'auto';
  if (format !== 'auto' && !TRACE_FORMATS.includes(format)) throw new UsageError(`--format ${format}: expected ${TRACE_FORMATS.join(', ')} or auto`);
  const t0 = process.hrtime.bigint();
  const stats = newStats(file);
  const sum = new TraceSummarizer();
  for await (const r of readTrace(file, { format, badLines: args.switches.has('skip-bad-lines') ? 'skip' : 'stop' }, stats)) sum.add(r);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const s = sum.s;
  console.log(`${file}: ${stats.format} trace, ${stats.lines.toLocaleString('en-US')} lines`);
  console.log(formatTable(['records', 'reads', 'writes', 'read bytes', 'write bytes', 'devices', 'span (s)', 'sizes (bytes)', '<=4K / <=64K / >64K', 'skipped lines', 'passed over'], [[
    s.records, s.reads, s.writes, s.readBytes, s.writeBytes, s.devices, s.spanUs / 1e6,
    s.records ? `${s.minLength}..${s.maxLength}` : '-', `${s.sizeBuckets.upTo4k} / ${s.sizeBuckets.upTo64k} / ${s.sizeBuckets.above64k}`,
    stats.skipped, Object.entries(stats.ignored).map(([k, v]) => `${k} ${v}`).join(', ') || '-',
  ]]));
  for (const e of stats.skippedErrors) console.log(`skipped ${e.message}`);
  if (stats.skipped > stats.skippedErrors.length) console.log(`(and ${stats.skipped - stats.skippedErrors.length} more skipped lines)`);
  console.log(`read in ${seconds.toFixed(2)} s (${Math.round(stats.lines / Math.max(seconds, 1e-9)).toLocaleString('en-US')} lines/s), peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  return 0;
}
