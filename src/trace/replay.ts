// Replaying a block trace through the simulated datapath: every trace I/O becomes device requests over the
// units (compression blocks) it touches — a write rewrites each unit whole with its new data (read-modify-write,
// as compressed block storage does), a read fetches each unit through the read path — posted by the host
// driver over the queues, and every completion and every destination byte is checked against the software
// pipeline (src/ref/queue-pipeline.ts) as it is reaped. Data come from the block store (what was last written
// where), so a read of written data goes through reconstruct (or decrypt), decompress and verify. With both XTS
// stages, each trace device is a volume with its own key slot and the unit's first sector is the tweak.
// The parts: the planner (replay-plan.ts), the session (replay-session.ts), the checker
// (src/check/completion-check.ts) and the report builder (replay-report-builder.ts); replayTrace wires them.
import type { QueueParams } from '../spec/queue.js';
import type { MemoryTiming } from '../../sim/model.js';
import { percentile } from '../util/percentile.js';
import { pipelineStagesFor } from '../ref/queue-pipeline.js';
import { CompletionChecker } from '../check/completion-check.js';
import { BlockStore } from './block-store.js';
import type { PayloadSource } from './payload.js';
import type { TraceRecord } from './record.js';
import { ReplayPlanner, replayPathsFor, volumeKeys, type UnitRequest } from './replay-plan.js';
import { ReplaySession, type UnitSource } from './replay-session.js';
import { ReplayReportBuilder, type MismatchLocation, type ReplayReport } from './replay-report-builder.js';

export { ReplayError } from './replay-error.js';
export type { Mismatch, ReplayReport } from './replay-report-builder.js';

export interface ReplayOptions {
  /** Bytes per unit (compression block): a multiple of 512 up to 64 KiB. */
  unitBytes: number;
  payload: PayloadSource;
  /** Seed of the choices the replay makes (which fragments a degraded read loses). */
  seed: number;
  /** Fragments each read loses (datapaths with EC reconstruct): the read path rebuilds them. */
  lose: number;
  /** Honor the trace's arrival times at this clock (MHz); without it, requests go as fast as the rings take them. */
  clockMhz?: number;
  /** Host memory timing (latency, bandwidth, requests in flight). */
  timing: MemoryTiming;
  /** Cycles per host poll (the host reaps and submits between polls). */
  pollCycles: number;
  /** Entries per submission ring. */
  ringEntries: number;
  /** Stop after this many trace records. */
  limit?: number;
  /** Called every so often with the records taken and the cycles simulated. */
  onProgress?: (records: number, cycles: number) => void;
  /** Write a VCD of the replay's cycles [fromCycle, toCycle] (replay cycles, as mismatches give them). */
  vcd?: { file: string; fromCycle: number; toCycle: number };
}

export const DEFAULT_REPLAY_OPTIONS = { unitBytes: 16384, seed: 1, lose: 0, pollCycles: 64, ringEntries: 32, timing: { readLatency: 100, writeLatency: 100 } } as const;

/** Replay a trace through the datapath `params` describe; the device is built (or taken from the cache) here. */
export async function replayTrace(records: AsyncIterable<TraceRecord>, params: QueueParams, options: ReplayOptions): Promise<ReplayReport> {
  const t0 = Date.now();
  const paths = replayPathsFor(params, options.unitBytes, options.lose);
  const session = await ReplaySession.open<UnitRequest>(params, {
    ringEntries: options.ringEntries, sourceBytes: paths.sourceBytes, destinationBytes: paths.destinationBytes, pollCycles: options.pollCycles, timing: options.timing,
    ...(paths.encrypt ? { keys: volumeKeys(params, options.seed) } : {}), ...(options.vcd ? { vcd: options.vcd } : {}),
  });
  try {
    const planner = new ReplayPlanner(params, paths, pipelineStagesFor(params, session.keys), new BlockStore(paths.unitBytes, options.payload), options);
    const figures = new ReplayReportBuilder(session.deviceName, paths.unitBytes, paths.compress);
    const checker = new CompletionChecker<MismatchLocation>();
    const iter = records[Symbol.asyncIterator]();
    const units: UnitSource<UnitRequest> = {
      next: async () => {
        if (options.limit !== undefined && figures.records >= options.limit) return undefined;
        const n = await iter.next();
        if (n.done) return undefined;
        const io = planner.plan(n.value);
        figures.planned(io);
        if (figures.records % 500 === 0) options.onProgress?.(figures.records, session.cycles);
        return io.units;
      },
    };
    const clock = await session.run(units, {
      submitted: (unit, cycle) => figures.submitted(unit, cycle),
      polled: (inFlight, cycles) => figures.polled(inFlight, cycles),
      reaped: ({ unit, cid, completion: c, cycle, destination }) => {
        checker.check({ seen: c, destination, want: unit.want, ...(unit.kind === 'read' ? { written: unit.plain } : {}) }, () => (
          { line: unit.io.record.line, device: unit.io.record.device, offset: unit.unit * paths.unitBytes, kind: unit.kind, cid, queue: unit.queue, cycle, modelCycle: c.cycle }));
        figures.completed(unit, c.result, cycle);
      },
    });
    const report = figures.report({ ...clock, mismatches: checker.mismatches, firstMismatch: checker.first, wallSeconds: (Date.now() - t0) / 1000 });
    options.onProgress?.(report.records, clock.endCycle);
    return report;
  } finally {
    session.close();
  }
}

export function latencySummary(r: ReplayReport): { p50: number; p99: number; max: number } {
  if (!r.latencies.length) return { p50: 0, p99: 0, max: 0 };
  return { p50: percentile(r.latencies, 50), p99: percentile(r.latencies, 99), max: r.latencies.reduce((a, b) => Math.max(a, b), 0) };
}
