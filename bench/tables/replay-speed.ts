// Bench table 10: trace replay speed. Each sample trace through the default datapath at its arrival times
// (250 MHz, 16 KiB units, reads losing 2 of 10 fragments), every request checked: records/s of wall time,
// simulated cycles/s, unit bytes/cycle and latency p50/p99.
import path from 'node:path';
import { defaultDatapathParams } from '../../gen/defaults.js';
import { queueGenerator } from '../../gen/queue/queue.js';
import { readTrace } from '../../src/trace/read.js';
import { SAMPLE_TRACES } from '../../src/trace/samples.js';
import { synthesizedPayload } from '../../src/trace/payload.js';
import { DEFAULT_REPLAY_OPTIONS, latencySummary, replayTrace } from '../../src/trace/replay.js';
import { projectRoot } from '../../src/util/paths.js';
import type { BenchTable } from './table.js';

/**
 * Trace replay speed: each sample trace through the default datapath at its arrival times (250 MHz), reads
 * losing 2 fragments; wall time includes the software pipeline's checks (the model is built beforehand).
 */
async function replaySpeed() {
  const params = queueGenerator.validate(defaultDatapathParams());
  const rows = [];
  for (const t of SAMPLE_TRACES) {
    const r = await replayTrace(readTrace(path.join(projectRoot(), t.file)), params, { ...DEFAULT_REPLAY_OPTIONS, payload: synthesizedPayload(1, 50), lose: 2, clockMhz: 250 });
    if (r.mismatches) throw new Error(`replay bench: ${t.file} has ${r.mismatches} mismatches`);
    const lat = latencySummary(r);
    rows.push({ file: t.file, records: r.records, requests: r.requests, cycles: r.cycles, wallSeconds: r.wallSeconds, recordsPerSec: r.records / r.wallSeconds, cyclesPerSec: r.cycles / r.wallSeconds, bytesPerCycle: r.unitBytesMoved / r.cycles, p50: lat.p50, p99: lat.p99 });
  }
  return rows;
}

export type ReplayRow = Awaited<ReturnType<typeof replaySpeed>>[number];

export async function replaySpeedTable(): Promise<BenchTable<ReplayRow[]>> {
  const rs = await replaySpeed();
  return {
    id: '10',
    title: [
      '\n10. Trace replay: each sample trace through the default datapath at its arrival times (250 MHz; 16 KiB units; reads',
      '    lose 2 of 10 fragments), every request checked; wall time includes the software pipeline and the checks',
    ],
    table: {
      headers: ['trace', 'records', 'unit requests', 'simulated cycles', 'wall (s)', 'records/s', 'simulated cycles/s', 'unit bytes/cycle', 'latency p50 (cycles)', 'latency p99 (cycles)'],
      rows: rs.map((r) => [r.file, r.records, r.requests, r.cycles, r.wallSeconds, Math.round(r.recordsPerSec), Math.round(r.cyclesPerSec), r.bytesPerCycle, r.p50, r.p99]),
    },
    json: { replay: rs },
    data: rs,
  };
}
