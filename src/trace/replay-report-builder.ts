// The replay's figures: counts and bytes of the trace I/Os planned, unit requests submitted and completed,
// latency per trace I/O, queue occupancy per poll, compression ratio, throughput over time; with the checker's
// mismatches and the session's clock, the ReplayReport.
import type { PlannedIo, UnitRequest } from './replay-plan.js';

export interface Mismatch {
  /** Trace line of the I/O, its device and the unit's byte offset on it. */
  line: number;
  device: string;
  offset: number;
  kind: 'read' | 'write';
  cid: number;
  queue: number;
  /** Cycle of the completion (replay cycles: the simulation's, less the idle time a timed replay skipped). */
  cycle: number;
  /** The same cycle on the model's own clock (a VCD shows it at time 10 x this). */
  modelCycle: number;
  what: string;
}

/** Where a mismatch was: a Mismatch but for what was wrong. */
export type MismatchLocation = Omit<Mismatch, 'what'>;

export interface ReplayReport {
  device: string;
  records: number;
  reads: number;
  writes: number;
  /** Trace bytes (what the I/Os asked for) by direction. */
  readBytes: number;
  writeBytes: number;
  /** Device requests (units) and the plain bytes they moved. */
  requests: number;
  unitBytesMoved: number;
  /** Bytes of compressed output the write path reported, over the plain bytes it took. */
  compressedBytes: number;
  compressedInput: number;
  cycles: number;
  /** Idle cycles a timed replay skipped (nothing in flight until the next arrival). */
  skippedIdleCycles: number;
  /** Per trace I/O, cycles from its arrival (timed) or first submission to its last unit's completion. */
  latencies: number[];
  /** Device requests in flight, sampled at each poll: mean (weighted by cycles) and max. */
  occupancyMean: number;
  occupancyMax: number;
  /** Completion cycles and plain bytes, for throughput over time. */
  timeline: { cycle: number; bytes: number }[];
  mismatches: number;
  firstMismatch?: Mismatch;
  degradedReads: number;
  wallSeconds: number;
}

/** A trace I/O's units in progress: how many are left, when the first was submitted, when the last completed. */
interface IoProgress {
  pending: number;
  submitted: number;
  done: number;
}

/** How the replay ended: the session's clock, the checker's count, the wall time. */
export interface ReplayEnd {
  endCycle: number;
  skippedIdleCycles: number;
  mismatches: number;
  firstMismatch?: Mismatch;
  wallSeconds: number;
}

export class ReplayReportBuilder {
  private recordCount = 0;
  private reads = 0;
  private writes = 0;
  private readBytes = 0;
  private writeBytes = 0;
  private requests = 0;
  private unitBytesMoved = 0;
  private compressedBytes = 0;
  private compressedInput = 0;
  private degradedReads = 0;
  private readonly latencies: number[] = [];
  private readonly timeline: { cycle: number; bytes: number }[] = [];
  private occupancyArea = 0;
  private occupancyMax = 0;
  private readonly progress = new Map<PlannedIo, IoProgress>();

  /** `compressedWrites`: the write path compresses (its completions report the compressed bytes). */
  constructor(private readonly device: string, private readonly unitBytes: number, private readonly compressedWrites: boolean) {}

  /** Trace records planned so far. */
  get records(): number {
    return this.recordCount;
  }

  planned(io: PlannedIo): void {
    const r = io.record;
    this.recordCount++;
    if (r.op === 'read') { this.reads++; this.readBytes += r.length; } else { this.writes++; this.writeBytes += r.length; }
    for (const unit of io.units) if (unit.degraded) this.degradedReads++;
    if (io.units.length) this.progress.set(io, { pending: io.units.length, submitted: -1, done: 0 });
  }

  submitted(unit: UnitRequest, cycle: number): void {
    const p = this.progress.get(unit.io)!;
    if (p.submitted < 0) p.submitted = cycle;
    this.requests++;
  }

  polled(inFlight: number, cycles: number): void {
    this.occupancyArea += inFlight * cycles;
    this.occupancyMax = Math.max(this.occupancyMax, inFlight);
  }

  /** A unit's completion at replay cycle `cycle`, its result as the device reported it. */
  completed(unit: UnitRequest, result: bigint, cycle: number): void {
    const U = this.unitBytes;
    if (unit.kind === 'write' && this.compressedWrites) {
      this.compressedBytes += Number(result >> 32n);
      this.compressedInput += U;
    }
    this.unitBytesMoved += U;
    this.timeline.push({ cycle, bytes: U });
    const p = this.progress.get(unit.io)!;
    p.pending--;
    p.done = Math.max(p.done, cycle);
    if (p.pending === 0) {
      this.latencies.push(p.done - (unit.io.arrival >= 0 ? unit.io.arrival : p.submitted));
      this.progress.delete(unit.io);
    }
  }

  report(end: ReplayEnd): ReplayReport {
    const cycles = end.endCycle - end.skippedIdleCycles;
    const report: ReplayReport = {
      device: this.device, records: this.recordCount, reads: this.reads, writes: this.writes, readBytes: this.readBytes, writeBytes: this.writeBytes,
      requests: this.requests, unitBytesMoved: this.unitBytesMoved, compressedBytes: this.compressedBytes, compressedInput: this.compressedInput,
      cycles, skippedIdleCycles: end.skippedIdleCycles, latencies: this.latencies, occupancyMean: cycles ? this.occupancyArea / cycles : 0,
      occupancyMax: this.occupancyMax, timeline: this.timeline, mismatches: end.mismatches, degradedReads: this.degradedReads, wallSeconds: end.wallSeconds,
    };
    if (end.firstMismatch) report.firstMismatch = end.firstMismatch;
    return report;
  }
}
