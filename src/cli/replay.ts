// `dpuforge replay TRACE [--datapath CONFIG] ...`: a block trace (Alibaba, MSR Cambridge, fio iolog) through
// the simulated datapath a config describes, every request checked bit-exact against the software pipeline,
// with a result table: requests, bytes, cycles, bytes/cycle, latency percentiles, queue occupancy, compression
// ratio and mismatches (the first one named by trace line, device and offset).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { datapathQueueParams } from '../../gen/datapath/config.js';
import { DEFAULT_DATAPATH_FILE } from '../../gen/defaults.js';
import { projectRoot } from '../util/paths.js';
import { readTrace, newStats } from '../trace/read.js';
import { TRACE_FORMATS, type TraceFormat } from '../trace/formats.js';
import { filePayload, synthesizedPayload } from '../trace/payload.js';
import { DEFAULT_REPLAY_OPTIONS, latencySummary, replayTrace, type ReplayReport } from '../trace/replay.js';
import { formatTable } from '../report/table.js';
import { SAMPLE_TRACES } from '../trace/samples.js';
import { writeReplayReport } from '../report/replay-report.js';

/** Replay cycles a mismatch VCD covers before and after the mismatched request's completion. */
const VCD_BEFORE = 3000;
const VCD_AFTER = 200;
import { numberOption, parseArgs, UsageError } from './args.js';
import { readDatapathFile } from './datapath-file.js';

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
  --vcd FILE              on a mismatch, replay again writing a VCD of the cycles around the first one
  --report DIR            write report.json and a standalone report.html (plots of latency and throughput)
  --inject-fault N        test only: the datapath flips one bit of the N-th packet it writes (the check must catch it)`;

export async function replayCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['help', 'skip-bad-lines']);
  if (args.switches.has('help')) { console.log(HELP); return 0; }
  const known = ['datapath', 'format', 'unit', 'compress-percent', 'data', 'seed', 'lose', 'clock-mhz', 'latency', 'limit', 'inject-fault', 'vcd', 'report'];
  for (const k of args.options.keys()) if (!known.includes(k)) throw new UsageError(`replay: unknown option --${k}\n\n${HELP}`);
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError(`replay needs a trace file\n\n${HELP}`);
  if (extra.length) throw new UsageError(`replay takes one trace file; also given: ${extra.join(' ')}`);
  const format = (args.options.get('format') ?? 'auto') as TraceFormat | 'auto';
  if (format !== 'auto' && !TRACE_FORMATS.includes(format)) throw new UsageError(`--format ${format}: expected ${TRACE_FORMATS.join(', ')} or auto`);
  const { file: configFile, config } = readDatapathFile(args.options.get('datapath'));
  const params = { ...datapathQueueParams(config), testFlipBitAfter: numberOption(args, 'inject-fault', 0, 0, 0x7fffffff) };
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
  // a bar on a terminal (how much of the file is read), plain lines every 5,000 records elsewhere (CI logs)
  const progress = (records: number, cycles: number) => {
    const line = `${records.toLocaleString('en-US')} records, ${cycles.toLocaleString('en-US')} cycles`;
    if (tty) {
      const f = stats.fileBytes ? Math.min(1, stats.bytesRead / stats.fileBytes) : 0;
      const w = 30;
      process.stdout.write(`\rreplay [${'#'.repeat(Math.round(f * w)).padEnd(w, '.')}] ${(100 * f).toFixed(0).padStart(3)}%  ${line}`);
    } else if (records % 5000 === 0) console.log(`replay: ${line}`);
  };
  const badLines = args.switches.has('skip-bad-lines') ? 'skip' : 'stop';
  const options = {
    ...DEFAULT_REPLAY_OPTIONS,
    unitBytes: numberOption(args, 'unit', DEFAULT_REPLAY_OPTIONS.unitBytes, 512, 65536),
    payload, seed, lose: numberOption(args, 'lose', 0, 0, 16), clockMhz: clock,
    timing: { readLatency: latency, writeLatency: latency },
    limit: args.options.has('limit') ? numberOption(args, 'limit', 0, 1, Number.MAX_SAFE_INTEGER) : undefined,
  } as const;
  const report = await replayTrace(readTrace(file, { format, badLines }, stats), params, { ...options, onProgress: progress });
  if (tty) process.stdout.write('\n');
  printReplay(file, stats.format ?? format, payload.describe(), report, stats.skipped);
  const vcd = args.options.get('vcd');
  if (vcd && report.firstMismatch) {
    // the replay is deterministic: the same run again, traced around the first mismatch
    const at = report.firstMismatch.cycle;
    const window = { file: vcd, fromCycle: Math.max(0, at - VCD_BEFORE), toCycle: at + VCD_AFTER };
    await replayTrace(readTrace(file, { format, badLines }), params, { ...options, vcd: window });
    console.log(`VCD of replay cycles ${window.fromCycle}..${window.toCycle} around the first mismatch: ${vcd} (its completion at model cycle ${report.firstMismatch.modelCycle}, VCD time ${10 * report.firstMismatch.modelCycle})`);
  }
  const dir = args.options.get('report');
  if (dir) for (const f of writeReplayReport(dir, { trace: file, format: stats.format ?? format, data: payload.describe(), datapath: configFile, report, skippedLines: stats.skipped })) console.log(`wrote ${f}`);
  return report.mismatches === 0 ? 0 : 1;
}

/** The demo's last part: the sample Alibaba trace through the default datapath, reads losing 2 fragments. */
export async function replayDemo(problems: string[]): Promise<void> {
  const file = SAMPLE_TRACES[0].file;
  const config = datapathQueueParams(readDatapathFile().config);
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
