// Policy comparison: the same I/Os through the same platform under each dispatch policy, one row per policy —
// throughput, latency p50/p99, host core time the storage functions took, PCIe and network bytes, and where
// each function ran. The study's tables are built from these rows.
import { runDpu, type DpuRun, type IoRequest, type Workload } from './dpu.js';
import type { PlatformConfig, Placement } from './platform.js';
import type { DispatchPolicy } from './policy.js';

export interface PolicyRow {
  policy: string;
  gbPerSec: number;
  p50Us: number;
  p99Us: number;
  /** Host cores the storage functions kept busy on average over the run. */
  hostCores: number;
  pcieGb: number;
  networkGb: number;
  /** Share of stages per placement. */
  share: Record<Placement, number>;
}

/** One run as a comparison row. */
export function policyRow(r: DpuRun): PolicyRow {
  const count = (w: Placement) => Object.values(r.placements).reduce((n, x) => n + x[w], 0);
  const total = count('engine') + count('arm') + count('host');
  return {
    policy: r.policy,
    gbPerSec: r.bytesPerSec / 1e9,
    p50Us: r.latency.p50 / 1000,
    p99Us: r.latency.p99 / 1000,
    hostCores: r.elapsedNs > 0 ? r.hostCoreNs / r.elapsedNs : 0,
    pcieGb: r.pcieBytes / 1e9,
    networkGb: r.networkBytes / 1e9,
    share: { engine: total ? count('engine') / total : 0, arm: total ? count('arm') / total : 0, host: total ? count('host') / total : 0 },
  };
}

export function comparePolicies(requests: readonly IoRequest[], platform: PlatformConfig, workload: Workload, policies: readonly DispatchPolicy[]): { rows: PolicyRow[]; runs: DpuRun[] } {
  const runs = policies.map((p) => runDpu(requests, platform, workload, p));
  return { rows: runs.map(policyRow), runs };
}
