// The study's results as data: the rows and series each experiment produces (src/study/experiments.ts), the
// proposals' verdicts (proposals.ts), read by the document (document.ts) and written to study.json.
import type { StorageFunction } from '../runtime/platform.js';
import type { SetupRow } from './figures.js';

export interface FunctionRow {
  fn: StorageFunction;
  engine: string;
  /** One engine's input GB/s at the clock; one host core's and one ARM core's. */
  engineGBs: number;
  hostCoreGBs: number;
  armCoreGBs: number;
  /** Cores one engine replaces. */
  hostCoresPerEngine: number;
  armCoresPerEngine: number;
  luts: number;
  brams: number;
  /** Engines (and their LUTs) to carry the network's line rate of this function's input. */
  enginesForLineRate: number;
  lutsForLineRate: number;
}

export interface TraceStats {
  name: string;
  file: string;
  ios: number;
  readShare: number;
  meanKiB: number;
  p50KiB: number;
  /** Share of I/Os of 4 KiB or less, and over 64 KiB. */
  smallShare: number;
  largeShare: number;
  /** Arrival speed-up that makes it offer the study's load. */
  speedup: number;
}

/** Engine counts that carry line rate on a trace (engines only), found by adding an engine where the busiest pool is. */
export interface LineRateSizing {
  counts: Record<string, number>;
  luts: number;
  /** Runs the search took, and whether it reached the target. */
  steps: number;
  carried: boolean;
}

export interface SweepSeries {
  trace: string;
  setup: string;
  points: { offeredGbps: number; gbPerSec: number; p99Us: number }[];
}

export interface AreaRow {
  engine: string;
  top: string;
  label?: string;
  luts: number;
  brams: number;
  bytesPerCycle: number;
  gbPerSec: number;
  gbPerSecPer100kLuts: number;
}

export interface StudyResult {
  functions: FunctionRow[];
  traces: TraceStats[];
  policies: { trace: string; rows: SetupRow[] }[];
  /** At the network's line rate: a DPU with engines sized for it, one engine per function, cores only, host only. */
  lineRate: { trace: string; offeredGbps: number; sizing: LineRateSizing; rows: SetupRow[] }[];
  sweep: SweepSeries[];
  attach: { trace: string; rows: (SetupRow & { dpuMemoryBytesPerByte: number })[] }[];
  arm: {
    lone: { bytes: number; engineUs: number; armUs: number; hostUs: number }[];
    threshold: { trace: string; rows: (SetupRow & { smallP50Us: number })[] };
    control: { trace: string; controlNs: number; iopsCapacity: number; rows: SetupRow[] };
  };
  area: AreaRow[];
  /** The same comparisons with the cited ARM factors and the stated clock moved, on one trace. */
  sensitivity: SensitivityRow[];
  proposals: Proposal[];
}

export interface SensitivityRow {
  scenario: string;
  armScale: number;
  clockMhz: number;
  /** GB/s carried at line rate. */
  lineRate: { oneEngine: number; oneEngineAdaptive: number; arm: number; bigArm: number };
  /** p99 µs at the offered load. */
  p99: { enginesOnly: number; adaptive: number; arm: number };
}

export interface Proposal {
  id: string;
  title: string;
  claim: string;
  experiment: string;
  table: { head: string[]; rows: (string | number)[][] };
  holds: boolean;
  verdict: string;
}
