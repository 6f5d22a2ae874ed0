// The figures the study's tables are made of: one row per setup run (throughput, latency, host and ARM core
// use, where the stages ran), rounded once here so every table and the JSON carry the same numbers.
import { policyRow } from '../runtime/compare.js';
import type { DpuRun } from '../runtime/dpu.js';
import type { Placement } from '../runtime/platform.js';

export interface SetupRow {
  setup: string;
  policy: string;
  gbPerSec: number;
  p50Us: number;
  p99Us: number;
  hostCoresBusy: number;
  armBusy: number;
  share: Record<Placement, number>;
}

export const round = (x: number, d = 3) => Number(x.toFixed(d));

/** a against b, in percent. */
export const pct = (a: number, b: number) => round(((a - b) / b) * 100, 1);

/** A run as a table row of a setup: compare.ts's row of it, rounded, with the ARM cores' utilization. */
export function setupRow(setup: string, r: DpuRun): SetupRow {
  const x = policyRow(r);
  return {
    setup, policy: x.policy,
    gbPerSec: round(x.gbPerSec),
    p50Us: round(x.p50Us, 2),
    p99Us: round(x.p99Us, 2),
    hostCoresBusy: round(x.hostCores, 2),
    armBusy: round(r.pools.find((pool) => pool.name === 'ARM cores')?.utilization ?? 0),
    share: { engine: round(x.share.engine), arm: round(x.share.arm), host: round(x.share.host) },
  };
}
