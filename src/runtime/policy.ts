// Dispatch policies: where each stage of each I/O runs. A policy is a small module behind one interface — it is
// handed a ready task and a view of the platform's load, and calls `run` exactly once with a placement, now or
// later (a policy may hold a task back). The runtime checks that: a task run twice or never is an error naming
// the policy, so a user's own policy cannot lose or duplicate work silently.
import type { Placement, StorageFunction } from './platform.js';

export interface Task {
  /** The I/O (request) and its stage. */
  request: number;
  stage: number;
  fn: StorageFunction;
  /** Bytes the stage takes. */
  bytes: number;
  /** Where the data is now. */
  side: 'dpu' | 'host';
}

/** What a policy may look at: per placement that can run the function, its load and the time it would take. */
export interface PlacementOption {
  where: Placement;
  servers: number;
  busy: number;
  queued: number;
  /** Work (ns of service) waiting or running on these servers, not yet done. */
  backlogNs: number;
  /** This task's service time there, and the PCIe transfer it needs first (0 if the data is already there). */
  serviceNs: number;
  transferNs: number;
}

export interface PlatformView {
  now: number;
  options: PlacementOption[];
}

export interface DispatchPolicy {
  readonly name: string;
  dispatch(task: Task, view: PlatformView, run: (where: Placement) => void): void;
}

const option = (view: PlatformView, where: Placement) => view.options.find((o) => o.where === where);

/** Every stage on its engine (the platform must have an engine for each function the workload needs). */
export const enginesOnly: DispatchPolicy = {
  name: 'engines-only',
  dispatch: (task, view, run) => run(option(view, 'engine') ? 'engine' : 'arm'),
};

/** Every stage on the DPU's ARM cores: a multicore DPU without engines. */
export const armOnly: DispatchPolicy = { name: 'arm-cores-only', dispatch: (_t, _v, run) => run('arm') };

/** Every stage on host cores: no DPU offload. */
export const hostOnly: DispatchPolicy = { name: 'host-only', dispatch: (_t, _v, run) => run('host') };

/** Small stages on ARM cores (an engine's per-request overhead dominates them), large ones on engines. */
export function sizeThreshold(bytes: number): DispatchPolicy {
  return {
    name: `size-threshold-${bytes}`,
    dispatch: (task, view, run) => run(task.bytes < bytes && option(view, 'arm') ? 'arm' : option(view, 'engine') ? 'engine' : 'arm'),
  };
}

/** When a stage would finish on a placement: transfer + backlog shared over the servers + service. */
const finish = (o: PlacementOption) => o.transferNs + (o.busy < o.servers ? 0 : o.backlogNs / o.servers) + o.serviceNs;
const earliest = (options: readonly PlacementOption[]) => options.reduce((a, b) => (finish(b) < finish(a) ? b : a));

/** The placement where the stage would finish first, host cores included. */
export const loadAware: DispatchPolicy = {
  name: 'load-aware',
  dispatch: (_task, view, run) => run(earliest(view.options).where),
};

/** The same on the DPU alone (engines and ARM cores): leaves the host's cores to the host. */
export const loadAwareDpu: DispatchPolicy = {
  name: 'load-aware-dpu',
  dispatch: (_task, view, run) => {
    const dpu = view.options.filter((o) => o.where !== 'host');
    run(earliest(dpu.length ? dpu : view.options).where);
  },
};

/** Engines first; a stage goes to the ARM cores when its engines already have `queueLimit` stages waiting. */
export function engineFallback(queueLimit: number): DispatchPolicy {
  return {
    name: `engine-fallback-${queueLimit}`,
    dispatch: (_task, view, run) => {
      const e = option(view, 'engine');
      run(e && (e.queued < queueLimit || !option(view, 'arm')) ? 'engine' : 'arm');
    },
  };
}

/** The policies the study compares, by name (the CLI's --policy). */
export function policyByName(name: string): DispatchPolicy {
  const fixed: Record<string, DispatchPolicy> = { [enginesOnly.name]: enginesOnly, [armOnly.name]: armOnly, [hostOnly.name]: hostOnly, [loadAware.name]: loadAware, [loadAwareDpu.name]: loadAwareDpu };
  if (fixed[name]) return fixed[name];
  const m = /^(size-threshold|engine-fallback)-(\d+)$/.exec(name);
  if (m) return m[1] === 'size-threshold' ? sizeThreshold(Number(m[2])) : engineFallback(Number(m[2]));
  throw new RangeError(`unknown policy '${name}' (policies: ${Object.keys(fixed).join(', ')}, size-threshold-BYTES, engine-fallback-QUEUED)`);
}
