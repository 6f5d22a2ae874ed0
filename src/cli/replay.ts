// `dpuforge replay TRACE [--datapath CONFIG] ...`: a block trace (Alibaba, MSR Cambridge, fio iolog) through
// the simulated datapath a config describes, every request checked bit-exact against the software pipeline,
// with a result table: requests, bytes, cycles, bytes/cycle, latency percentiles, queue occupancy, compression
// ratio and mismatches (the first one named by trace line, device and offset).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { datapathQueueParams, validateDatapathConfig } from '../../gen/datapath/config.js';
import { DEFAULT_DATAPATH_FILE } from '../../gen/defaults.js';
import { projectRoot } from '../util/paths.js';
import { readTrace, newStats } from '../trace/read.js';
import { TRACE_FORMATS, type TraceFormat } from '../trace/formats.js';
import { filePayload, synthesizedPayload } from '../trace/payload.js';
import { DEFAULT_REPLAY_OPTIONS, latencySummary, replayTrace, type ReplayReport } from '../trace/replay.js';
import { formatTable } from '../report/table.js';
import { SAMPLE_TRACES } from '../trace/samples.js';
import { numberOption, parseArgs, UsageError } from './args.js';

const HELP = `dpuforge replay TRACE [options]
  --datapath CONFIG       datapath config (default ${DEFAULT_DATAPATH_FILE})
  --format F              alibaba, msr, fio or auto (default auto)
  --skip-bad-lines        count malformed trace lines instead of stopping at the first
  --unit BYTES            compression unit: I/Os are done in whole units (default ${DEFAULT_REPLAY_OPTIONS.unitBytes})
  --compress-percent P    synthesized write data: P% of each sector zeros (default 50)
  --data FILE[,FILE...]   take write data from these files instead
  --seed N                seed of the data and of the replay's choices (default 1)
  --lose N                fragments each read loses, rebuilt by the EC reconstruct stage (default 0)
  --clock-mhz F           honor the trace's arrival times at this clock (default: as fast as the rings take)
  --latency CYCLES        host memory latency (default ${DEFAULT_REPLAY_OPTIONS.timing.readLatency})
  --limit N               replay the first N records only
  --inject-fault N        test only: the datapath flips one bit of the N-th packet it writes (the check must catch it)`;

export async function replayCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['help', 'skip-bad-lines']);
  if (args.switches.has('help')) { console.log(HELP); return 0; }
  const known = ['datapath', 'format', 'unit', 'compress-percent', 'data', 'seed', 'lose', 'clock-mhz', 'latency', 'limit', 'inject-fault'];
  for (const k of args.options.keys()) if (!known.includes(k)) throw new UsageError(`replay: unknown option --${k}\n\n${HELP}`);
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError(`replay needs a trace file\n\n${HELP}`);
  if (extra.length) throw new UsageError(`replay takes one trace file; also given: ${extra.join(' ')}`);
  const format = (args.options.get('format') ?? 'auto') as TraceFormat | 'auto';
  if (format !== 'auto' && !TRACE_FORMATS.includes(format)) throw new UsageError(`--format ${format}: expected ${TRACE_FORMATS.join(', ')} or auto`);
  const configFile = args.options.get('datapath') ?? path.join(projectRoot(), DEFAULT_DATAPATH_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(configFile, 'utf8'));
  } catch (err) {
    throw new UsageError(`datapath config ${configFile}: ${(err as Error).message}`);
  }
  const params = { ...datapathQueueParams(validateDatapathConfig(raw)), testFlipBitAfter: numberOption(args, 'inject-fault', 0, 0, 0x7fffffff) };
  const seed = numberOption(args, 'seed', 1, 0, 2 ** 32 - 1);
  const dataFiles = args.options.get('data');
  let payload;
  if (dataFiles) {
    const parts = dataFiles.split(',').map((f) => {
      try { return readFileSync(f); } catch (err) { throw new UsageError(`--data ${f}: ${(err as Error).message}`); }
    });
    payload = filePayload(seed, new Uint8Array(Buffer.concat(parts)), dataFiles);
  } else {
    payload = synthesizedPayload(seed, numberOption(args, 'compress-percent', 50, 0, 100));
  }
  const clock = args.options.has('clock-mhz') ? numberOption(args, 'clock-mhz', 250, 1, 10_000) : undefined;
  const latency = numberOption(args, 'latency', DEFAULT_REPLAY_OPTIONS.timing.readLatency, 0, 100_000);
  const stats = newStats(file);
  const tty = process.stdout.isTTY === true;
  const progress = (records: number, cycles: number) => {
    const line = `replay: ${records.toLocaleString('en-US')} records, ${cycles.toLocaleString('en-US')} cycles`;
    if (tty) process.stdout.write(`\r${line}`);
    else if (records % 5000 === 0 || records === 0) console.log(line);
  };
  const report = await replayTrace(readTrace(file, { format, badLines: args.switches.has('skip-bad-lines') ? 'skip' : 'stop' }, stats), params, {
    ...DEFAULT_REPLAY_OPTIONS,
    unitBytes: numberOption(args, 'unit', DEFAULT_REPLAY_OPTIONS.unitBytes, 512, 65536),
    payload, seed, lose: numberOption(args, 'lose', 0, 0, 16), clockMhz: clock,
    timing: { readLatency: latency, writeLatency: latency },
    limit: args.options.has('limit') ? numberOption(args, 'limit', 0, 1, Number.MAX_SAFE_INTEGER) : undefined,
    onProgress: progress,
  });
  if (tty) process.stdout.write('\n');
  printReplay(file, stats.format ?? format, payload.describe(), report, stats.skipped);
  return report.mismatches === 0 ? 0 : 1;
}

/** The demo's last part: the sample Alibaba trace through the default datapath, reads losing 2 fragments. */
export async function replayDemo(problems: string[]): Promise<void> {
  const file = SAMPLE_TRACES[0].file;
  const config = datapathQueueParams(validateDatapathConfig(JSON.parse(readFileSync(path.join(projectRoot(), DEFAULT_DATAPATH_FILE), 'utf8'))));
  const payload = synthesizedPayload(1, 50);
  const stats = newStats(file);
  const report = await replayTrace(readTrace(path.join(projectRoot(), file), {}, stats), config, { ...DEFAULT_REPLAY_OPTIONS, payload, lose: 2, clockMhz: 250 });
  console.log(`\nTrace replay: ${file} (a sample written by our seeded generator, shaped like Alibaba's cloud block traces) through the`);
  console.log('default datapath at its arrival times (250 MHz), every I/O in 16 KiB units: writes CRC32C -> LZ4 -> EC 8+2, reads losing 2');
  console.log('of 10 fragments (EC reconstruct -> LZ4 -> CRC32C verify); every completion and destination byte checked against the');
  console.log('software pipeline, and every read against the data last written (npm run dpuforge -- replay --help for more)');
  printReplay(file, stats.format ?? 'auto', payload.describe(), report, stats.skipped);
  if (report.mismatches) problems.push(`replay of ${file}: ${report.mismatches} mismatches; first: ${JSON.stringify(report.firstMismatch)}`);
}

export function printReplay(file: string, format: string, data: string, r: ReplayReport, skipped: number): void {
  const lat = latencySummary(r);
  console.log(`\n${file} (${format}) through ${r.device}; write data ${data}${r.degradedReads ? `; ${r.degradedReads} unit reads rebuilt lost fragments` : ''}${skipped ? `; ${skipped} malformed lines skipped` : ''}`);
  console.log(formatTable(
    ['records', 'reads', 'writes', 'trace bytes', 'unit requests', 'unit bytes', 'cycles', 'unit bytes/cycle', 'latency p50 / p99 / max (cycles)', 'in flight mean / max', 'compression ratio', 'mismatches', 'result', 'wall'],
    [[r.records, r.reads, r.writes, r.readBytes + r.writeBytes, r.requests, r.unitBytesMoved, r.cycles, r.cycles ? r.unitBytesMoved / r.cycles : 0,
      `${lat.p50} / ${lat.p99} / ${lat.max}`, `${r.occupancyMean.toFixed(1)} / ${r.occupancyMax}`, r.compressedBytes ? (r.compressedInput / r.compressedBytes).toFixed(2) : '-',
      r.mismatches, r.mismatches === 0 ? 'PASS' : 'FAIL', `${r.wallSeconds.toFixed(1)} s`]],
  ));
  if (r.firstMismatch) {
    const m = r.firstMismatch;
    console.log(`first mismatch: trace line ${m.line}, ${m.kind} of ${m.device} at byte offset ${m.offset} (queue ${m.queue}, command ${m.cid}, cycle ${m.cycle}): ${m.what}`);
  }
}
