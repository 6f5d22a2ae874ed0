// The figures the study's tables are made of: one row per setup run (throughput, latency, host and ARM core
// use, where the stages ran), rounded once here so every table and the JSON carry the same numbers.
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

export function setupRow(setup: string, r: DpuRun): SetupRow {
  const count = (w: Placement) => Object.values(r.placements).reduce((n, x) => n + x[w], 0);
  const total = count('engine') + count('arm') + count('host') || 1;
  return {
    setup, policy: r.policy,
    gbPerSec: round(r.bytesPerSec / 1e9),
    p50Us: round(r.latency.p50 / 1000, 2),
    p99Us: round(r.latency.p99 / 1000, 2),
    hostCoresBusy: round(r.elapsedNs > 0 ? r.hostCoreNs / r.elapsedNs : 0, 2),
    armBusy: round(r.pools.find((x) => x.name === 'ARM cores')?.utilization ?? 0),
    share: { engine: round(count('engine') / total), arm: round(count('arm') / total), host: round(count('host') / total) },
  };
}
