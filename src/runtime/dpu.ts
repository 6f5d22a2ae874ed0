// The DPU runtime model: I/Os arrive (from a trace, or open-loop), each passes its storage functions in order —
// a write from host memory over PCIe through CRC32C, compression, encryption and EC encode out to k+m storage
// nodes; a read from k nodes through reconstruct (when degraded), decryption, decompression and CRC32C to host
// memory — with each stage placed by a dispatch policy on an engine, an ARM core or a host core. Data crosses
// PCIe whenever a stage runs on the other side of it. Figures: throughput, latency percentiles, per-resource
// utilization, PCIe and network bytes, host core time, and where each function ran. With `controlNs`, every I/O
// first takes that much of an ARM core (the control path), whatever runs its data.
import { percentile } from '../util/percentile.js';
import { type PlatformConfig, PLACEMENTS, PlatformError, serviceNs, sideOf, type Placement, type StorageFunction, validatePlatform } from './platform.js';
import type { DispatchPolicy, PlacementOption, Task } from './policy.js';
import { ServerPool, type PoolStats } from './server-pool.js';
import { Simulator } from './simulator.js';

export interface IoRequest {
  op: 'read' | 'write';
  /** Plain bytes the host writes or reads. */
  bytes: number;
  arrivalNs: number;
  /** A read that finds data fragments lost and rebuilds them. */
  degraded?: boolean;
  /** The submission queue it comes on (with `admission: 'round-robin'`). */
  queue?: number;
}

/** The functions the datapath applies (the rest are skipped): the default datapath has no encryption. */
export interface Workload {
  functions: readonly StorageFunction[];
}

export interface DpuRun {
  policy: string;
  requests: number;
  bytes: number;
  elapsedNs: number;
  /** Plain bytes per second over the run. */
  bytesPerSec: number;
  /** Time with at least one request in the device (ns), and plain bytes per second of it. */
  activeNs: number;
  activeBytesPerSec: number;
  latency: { p50: number; p99: number; mean: number };
  /** Each request's latency (ns), by its index. */
  latencies: number[];
  pools: PoolStats[];
  /** Stages run per function and placement. */
  placements: Record<string, Record<Placement, number>>;
  pcieBytes: number;
  networkBytes: number;
  /** Bytes look-aside engines moved through DPU memory (0 inline). */
  dpuMemoryBytes: number;
  /** Host core time the storage functions took (ns): what offload frees. */
  hostCoreNs: number;
}

export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

interface Stage {
  fn: StorageFunction;
  bytes: number;
}

/** The stages of an I/O and the bytes each takes; `wire`: bytes on the network. */
export function stagesOf(r: IoRequest, p: PlatformConfig, w: Workload): { stages: Stage[]; wireBytes: number } {
  const has = (fn: StorageFunction) => w.functions.includes(fn);
  // the stored form is compressed when the path compresses (a write) or decompresses (a read)
  const stored = has(r.op === 'write' ? 'compress' : 'decompress') ? Math.ceil(r.bytes / p.compressionRatio) : r.bytes;
  const { k, m } = p.ec;
  if (r.op === 'write') {
    const stages: Stage[] = [];
    if (has('crc32c')) stages.push({ fn: 'crc32c', bytes: r.bytes });
    if (has('compress')) stages.push({ fn: 'compress', bytes: r.bytes });
    if (has('encrypt')) stages.push({ fn: 'encrypt', bytes: stored });
    if (has('ec-encode')) stages.push({ fn: 'ec-encode', bytes: stored });
    return { stages, wireBytes: has('ec-encode') ? Math.ceil((stored * (k + m)) / k) : stored };
  }
  const stages: Stage[] = [];
  if (r.degraded && has('ec-reconstruct')) stages.push({ fn: 'ec-reconstruct', bytes: stored });
  if (has('decrypt')) stages.push({ fn: 'decrypt', bytes: stored });
  if (has('decompress')) stages.push({ fn: 'decompress', bytes: stored });
  if (has('crc32c')) stages.push({ fn: 'crc32c', bytes: r.bytes });
  return { stages, wireBytes: stored };
}

/** Run the I/Os through the platform under a policy. */
export function runDpu(requests: readonly IoRequest[], platform: PlatformConfig, workload: Workload, policy: DispatchPolicy): DpuRun {
  const needed = [...new Set(requests.flatMap((r) => stagesOf(r, platform, workload).stages.map((s) => s.fn)))];
  validatePlatform(platform, needed);
  const sim = new Simulator();
  const engines = new Map<StorageFunction, ServerPool>();
  // engines that name the same pool share its servers (one pipeline taking the requests of several functions)
  const shared = new Map<string, ServerPool>();
  for (const [fn, e] of Object.entries(platform.engines)) {
    if (e!.count === 0) continue;
    const pool = e!.pool ? shared.get(e!.pool) ?? new ServerPool(sim, `${e!.pool} (${fn} engines)`, e!.count) : new ServerPool(sim, `${fn} engines`, e!.count);
    if (e!.pool) shared.set(e!.pool, pool);
    engines.set(fn as StorageFunction, pool);
  }
  const arm = platform.armCores ? new ServerPool(sim, 'ARM cores', platform.armCores) : undefined;
  const host = platform.hostCores ? new ServerPool(sim, 'host cores', platform.hostCores) : undefined;
  const toDpu = new ServerPool(sim, 'PCIe host->DPU', 1);
  const toHost = new ServerPool(sim, 'PCIe DPU->host', 1);
  // (a network that is the PCIe link itself: the cycle-accurate replay's storage nodes are host memory)
  const netOut = platform.network.viaPcie ? toHost : new ServerPool(sim, 'network out', 1);
  const netIn = platform.network.viaPcie ? toDpu : new ServerPool(sim, 'network in', 1);
  const attach = platform.engineAttach;
  const memory = attach.mode === 'look-aside' ? new ServerPool(sim, 'DPU memory', 1) : undefined;
  let dpuMemoryBytes = 0;
  const poolOf = (fn: StorageFunction, where: Placement) => (where === 'engine' ? engines.get(fn) : where === 'arm' ? arm : host);
  const linkNs = (gbps: number, bytes: number) => (bytes * 8) / gbps;
  const placements: DpuRun['placements'] = {};
  let pcieBytes = 0;
  let networkBytes = 0;
  /** Per request (by index): arrival to done, ns. */
  const latencies: number[] = new Array<number>(requests.length);
  let done = 0;
  let bytes = 0;
  // tasks handed to the policy and not yet run, by request/stage
  const open = new Map<string, Task>();

  // cut-through: inline engines and links pass data on as it comes, as the generated datapath streams it
  const cutThrough = attach.mode === 'inline' && attach.cutThrough === true;
  /** Where the data of the hop before stands: still streaming in until `end`, or (undefined) all here now. */
  type Upstream = { end: number } | undefined;
  /**
   * One hop of an I/O's data: `svc` ns on a pool, then `latency` ns on the way. A hop that streams (with
   * cut-through) lets the next one start `latency` after it starts, and that one cannot finish before its input
   * has all arrived; otherwise the next hop starts once this one's output has arrived whole.
   */
  const hop = (pool: ServerPool, svc: number, up: Upstream, streams: boolean, latency: number, next: (up: Upstream) => void): void => {
    const stream = cutThrough && streams;
    if (up && !stream) {
      sim.at(Math.max(sim.now, up.end), () => hop(pool, svc, undefined, streams, latency, next));
      return;
    }
    pool.submit(
      up ? (start) => Math.max(svc, up.end - start) : svc,
      () => { if (!stream) sim.after(latency, () => next(undefined)); },
      (_start, end) => { if (stream) sim.after(latency, () => next({ end: end + latency })); },
      svc,
    );
  };

  /** Move `n` bytes across PCIe to `side`, then continue. */
  const cross = (side: 'dpu' | 'host', n: number, up: Upstream, next: (up: Upstream) => void) => {
    pcieBytes += n;
    hop(side === 'dpu' ? toDpu : toHost, linkNs(platform.pcie.gbps, n), up, true, platform.pcie.latencyNs, next);
  };

  // the device takes at most maxInFlight requests at a time (from submission to completion); the rest wait in
  // arrival order, or per submission queue with the queues taken in turn (round robin, one request per turn)
  const limit = platform.maxInFlight ?? Infinity;
  let inFlight = 0;
  // per queue: its waiting requests, and the index of the first not yet taken (no shifting on a hot path)
  const waiting = new Map<number, { items: (() => void)[]; head: number }>();
  const queueIds: number[] = [];
  /** The queue served last: the next turn goes to the queues after it. */
  let lastServed = -1;
  const nextWaiting = (): (() => void) | undefined => {
    const from = queueIds.indexOf(lastServed) + 1;
    for (let k = 0; k < queueIds.length; k++) {
      const q = queueIds[(from + k) % queueIds.length];
      const w = waiting.get(q)!;
      if (w.head < w.items.length) {
        lastServed = q;
        return w.items[w.head++];
      }
    }
    return undefined;
  };
  const roundRobin = platform.admission === 'round-robin';
  // time with at least one request in the device (a trace's idle gaps left out)
  let present = 0;
  let busySince = 0;
  let activeNs = 0;
  const admit = (queue: number, go: () => void) => {
    if (present++ === 0) busySince = sim.now;
    const q = roundRobin ? queue : 0;
    if (!waiting.has(q)) {
      waiting.set(q, { items: [], head: 0 });
      queueIds.push(q);
    }
    if (inFlight < limit) {
      // served at once: its queue has had its turn
      lastServed = q;
      inFlight++;
      go();
      return;
    }
    waiting.get(q)!.items.push(go);
  };
  const release = () => {
    if (--present === 0) activeNs += sim.now - busySince;
    inFlight--;
    const go = nextWaiting();
    if (go) { inFlight++; go(); }
  };

  const start = (id: number, r: IoRequest) => {
    const { stages, wireBytes } = stagesOf(r, platform, workload);
    const finish = (up: Upstream) => {
      const fin = () => {
        latencies[id] = sim.now - r.arrivalNs;
        done++;
        bytes += r.bytes;
        release();
      };
      const complete = platform.requestLatencyNs?.complete ?? 0;
      sim.at(Math.max(sim.now, up ? up.end : 0) + complete, fin);
    };
    const step = (i: number, side: 'dpu' | 'host', up: Upstream) => {
      if (i === stages.length) {
        // a write leaves the DPU for the storage nodes; a read ends in host memory
        if (r.op === 'write') {
          const send = (u: Upstream) => {
            networkBytes += wireBytes;
            hop(netOut, linkNs(platform.network.gbps, wireBytes), u, true, platform.network.latencyNs, finish);
          };
          if (side === 'host') cross('dpu', stages.length ? stages[stages.length - 1].bytes : r.bytes, up, send); else send(up);
        } else if (side === 'dpu') cross('host', r.bytes, up, finish);
        else finish(up);
        return;
      }
      const s = stages[i];
      const task: Task = { request: id, stage: i, fn: s.fn, bytes: s.bytes, side };
      const key = `${id}/${i}`;
      open.set(key, task);
      const options: PlacementOption[] = [];
      for (const where of PLACEMENTS) {
        const svc = serviceNs(platform, s.fn, where, s.bytes);
        const pool = poolOf(s.fn, where);
        if (svc === undefined || !pool) continue;
        const transferNs = sideOf(where) === side ? 0 : linkNs(platform.pcie.gbps, s.bytes) + platform.pcie.latencyNs;
        options.push({ where, servers: pool.servers, busy: pool.working, queued: pool.queued, backlogNs: pool.backlogNs, serviceNs: svc, transferNs });
      }
      let ran = false;
      policy.dispatch(task, { now: sim.now, options }, (where) => {
        if (ran) throw new RuntimeError(`policy '${policy.name}' ran request ${id}'s ${s.fn} stage twice (a task must run exactly once)`);
        ran = true;
        open.delete(key);
        const svc = serviceNs(platform, s.fn, where, s.bytes);
        const pool = poolOf(s.fn, where);
        if (svc === undefined || !pool) throw new RuntimeError(`policy '${policy.name}' placed request ${id}'s ${s.fn} stage on '${where}', which has no ${where === 'engine' ? `${s.fn} engine` : `${where} cores or no software rate for ${s.fn}`}`);
        placements[s.fn] ??= { engine: 0, arm: 0, host: 0 };
        placements[s.fn][where]++;
        // an inline engine streams (unless it takes its whole input before it outputs); cores do not
        const streams = where === 'engine' && attach.mode === 'inline' && !platform.engines[s.fn]!.storeAndForward;
        const serve = (u: Upstream) => hop(pool, svc, u, streams, 0, (u2) => step(i + 1, sideOf(where), u2));
        // a look-aside engine: an ARM core issues the call, the engine reads and writes DPU memory
        const go = where !== 'engine' || attach.mode === 'inline' ? serve : (u: Upstream) => hop(arm!, attach.callNs, u, false, 0, () => {
          const moved = 2 * s.bytes;
          dpuMemoryBytes += moved;
          hop(memory!, linkNs(attach.memoryGbps, moved), undefined, false, 0, serve);
        });
        if (sideOf(where) === side) go(up); else cross(sideOf(where), s.bytes, up, go);
      });
    };
    const begin = () => {
      if (r.op === 'write') step(0, 'host', undefined);
      else {
        // a read fetches the stored fragments from the storage nodes first
        networkBytes += wireBytes;
        hop(netIn, linkNs(platform.network.gbps, wireBytes), undefined, true, platform.network.latencyNs, (u) => step(0, 'dpu', u));
      }
    };
    // the control path: an ARM core handles the command before any data moves
    if (platform.controlNs) hop(arm!, platform.controlNs, undefined, false, 0, begin);
    else begin();
  };

  requests.forEach((r, id) => {
    if (!(r.bytes > 0) || !(r.arrivalNs >= 0)) throw new RuntimeError(`request ${id}: ${r.bytes} bytes at ${r.arrivalNs} ns (bytes must be positive, arrival not negative)`);
    sim.at(r.arrivalNs, () => admit(r.queue ?? 0, () => sim.after(platform.requestLatencyNs?.submit ?? 0, () => start(id, r))));
  });
  sim.run();
  if (open.size) {
    const first = open.values().next().value!;
    throw new RuntimeError(`policy '${policy.name}' dropped ${open.size} task${open.size > 1 ? 's' : ''}: never ran request ${first.request}'s ${first.fn} stage (a task must run exactly once)`);
  }
  if (done !== requests.length) throw new RuntimeError(`${requests.length - done} of ${requests.length} requests did not complete (a runtime bug)`);
  const first = requests.reduce((t, r) => Math.min(t, r.arrivalNs), Infinity);
  const elapsedNs = requests.length ? sim.now - first : 0;
  return {
    policy: policy.name, requests: requests.length, bytes, elapsedNs, latencies,
    bytesPerSec: elapsedNs > 0 ? (bytes * 1e9) / elapsedNs : 0,
    activeNs, activeBytesPerSec: activeNs > 0 ? (bytes * 1e9) / activeNs : 0,
    latency: latencies.length ? { p50: percentile(latencies, 50), p99: percentile(latencies, 99), mean: latencies.reduce((a, b) => a + b, 0) / latencies.length } : { p50: 0, p99: 0, mean: 0 },
    pools: [...new Set(engines.values()), ...(arm ? [arm] : []), ...(host ? [host] : []), toDpu, toHost, ...(platform.network.viaPcie ? [] : [netOut, netIn]), ...(memory ? [memory] : [])].map((x) => x.stats()),
    placements, pcieBytes, networkBytes, dpuMemoryBytes, hostCoreNs: host?.busyNs ?? 0,
  };
}

export { PlatformError };
