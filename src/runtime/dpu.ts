// The DPU runtime model: I/Os arrive (from a trace, or open-loop), each passes its storage functions in order —
// a write from host memory over PCIe through CRC32C, compression, encryption and EC encode out to k+m storage
// nodes; a read from k nodes through reconstruct (when degraded), decryption, decompression and CRC32C to host
// memory — with each stage placed by a dispatch policy on an engine, an ARM core or a host core. Data crosses
// PCIe whenever a stage runs on the other side of it. Figures: throughput, latency percentiles, per-resource
// utilization, PCIe and network bytes, host core time, and where each function ran. With `controlNs`, every I/O
// first takes that much of an ARM core (the control path), whatever runs its data. `DpuModel` is one run's state;
// `runDpu` builds one and runs it.
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

/** Where the data of the hop before stands: still streaming in until `end`, or (undefined) all here now. */
type Upstream = { end: number } | undefined;

/** One I/O on its way through the model: its index, the request, its stages and its bytes on the network. */
interface Io {
  id: number;
  r: IoRequest;
  stages: Stage[];
  wireBytes: number;
}

/**
 * The runtime model of one run: the platform's pools on one simulator, the admission state and the figures as
 * fields. `run` takes the I/Os once; `runDpu` is the usual way in.
 */
export class DpuModel {
  private readonly sim = new Simulator();
  private readonly engines = new Map<StorageFunction, ServerPool>();
  private readonly arm: ServerPool | undefined;
  private readonly host: ServerPool | undefined;
  private readonly toDpu: ServerPool;
  private readonly toHost: ServerPool;
  private readonly netOut: ServerPool;
  private readonly netIn: ServerPool;
  private readonly memory: ServerPool | undefined;
  private readonly attach: PlatformConfig['engineAttach'];
  /** Cut-through: inline engines and links pass data on as it comes, as the generated datapath streams it. */
  private readonly cutThrough: boolean;
  private ran = false;

  // the figures
  private readonly placements: DpuRun['placements'] = {};
  private pcieBytes = 0;
  private networkBytes = 0;
  private dpuMemoryBytes = 0;
  /** Per request (by index): arrival to done, ns. */
  private latencies: number[] = [];
  private done = 0;
  private bytes = 0;
  /** Tasks handed to the policy and not yet run, by request/stage. */
  private readonly open = new Map<string, Task>();

  // admission: the device takes at most maxInFlight requests at a time (from submission to completion); the rest
  // wait in arrival order, or per submission queue with the queues taken in turn (round robin, one request per turn)
  private readonly limit: number;
  private readonly roundRobin: boolean;
  private inFlight = 0;
  /** Per queue: its waiting requests, and the index of the first not yet taken (no shifting on a hot path). */
  private readonly waiting = new Map<number, { items: (() => void)[]; head: number }>();
  private readonly queueIds: number[] = [];
  /** The queue served last: the next turn goes to the queues after it. */
  private lastServed = -1;
  // time with at least one request in the device (a trace's idle gaps left out)
  private present = 0;
  private busySince = 0;
  private activeNs = 0;

  constructor(private readonly platform: PlatformConfig, private readonly workload: Workload, private readonly policy: DispatchPolicy) {
    // everything but the functions the I/Os need (checked by `run`, which knows them)
    validatePlatform(platform, []);
    const sim = this.sim;
    // engines that name the same pool share its servers (one pipeline taking the requests of several functions)
    const shared = new Map<string, ServerPool>();
    for (const [fn, e] of Object.entries(platform.engines)) {
      if (e!.count === 0) continue;
      const pool = e!.pool ? shared.get(e!.pool) ?? new ServerPool(sim, `${e!.pool} (${fn} engines)`, e!.count) : new ServerPool(sim, `${fn} engines`, e!.count);
      if (e!.pool) shared.set(e!.pool, pool);
      this.engines.set(fn as StorageFunction, pool);
    }
    this.arm = platform.armCores ? new ServerPool(sim, 'ARM cores', platform.armCores) : undefined;
    this.host = platform.hostCores ? new ServerPool(sim, 'host cores', platform.hostCores) : undefined;
    this.toDpu = new ServerPool(sim, 'PCIe host->DPU', 1);
    this.toHost = new ServerPool(sim, 'PCIe DPU->host', 1);
    // (a network that is the PCIe link itself: the cycle-accurate replay's storage nodes are host memory)
    this.netOut = platform.network.viaPcie ? this.toHost : new ServerPool(sim, 'network out', 1);
    this.netIn = platform.network.viaPcie ? this.toDpu : new ServerPool(sim, 'network in', 1);
    this.attach = platform.engineAttach;
    this.memory = this.attach.mode === 'look-aside' ? new ServerPool(sim, 'DPU memory', 1) : undefined;
    this.cutThrough = this.attach.mode === 'inline' && this.attach.cutThrough === true;
    this.limit = platform.maxInFlight ?? Infinity;
    this.roundRobin = platform.admission === 'round-robin';
  }

  /** Run the I/Os (once per model) and return the run's figures. */
  run(requests: readonly IoRequest[]): DpuRun {
    if (this.ran) throw new RuntimeError('a DpuModel runs once: make a new one for another run');
    this.ran = true;
    const { platform, sim } = this;
    const needed = [...new Set(requests.flatMap((r) => stagesOf(r, platform, this.workload).stages.map((s) => s.fn)))];
    validatePlatform(platform, needed);
    this.latencies = new Array<number>(requests.length);
    requests.forEach((r, id) => {
      if (!(r.bytes > 0) || !(r.arrivalNs >= 0)) throw new RuntimeError(`request ${id}: ${r.bytes} bytes at ${r.arrivalNs} ns (bytes must be positive, arrival not negative)`);
      sim.at(r.arrivalNs, () => this.admit(r.queue ?? 0, () => sim.after(platform.requestLatencyNs?.submit ?? 0, () => this.start(id, r))));
    });
    sim.run();
    if (this.open.size) {
      const first = this.open.values().next().value!;
      throw new RuntimeError(`policy '${this.policy.name}' dropped ${this.open.size} task${this.open.size > 1 ? 's' : ''}: never ran request ${first.request}'s ${first.fn} stage (a task must run exactly once)`);
    }
    if (this.done !== requests.length) throw new RuntimeError(`${requests.length - this.done} of ${requests.length} requests did not complete (a runtime bug)`);
    const first = requests.reduce((t, r) => Math.min(t, r.arrivalNs), Infinity);
    const elapsedNs = requests.length ? sim.now - first : 0;
    const { bytes, latencies, activeNs, arm, host, memory } = this;
    return {
      policy: this.policy.name, requests: requests.length, bytes, elapsedNs, latencies,
      bytesPerSec: elapsedNs > 0 ? (bytes * 1e9) / elapsedNs : 0,
      activeNs, activeBytesPerSec: activeNs > 0 ? (bytes * 1e9) / activeNs : 0,
      latency: latencies.length ? { p50: percentile(latencies, 50), p99: percentile(latencies, 99), mean: latencies.reduce((a, b) => a + b, 0) / latencies.length } : { p50: 0, p99: 0, mean: 0 },
      pools: [...new Set(this.engines.values()), ...(arm ? [arm] : []), ...(host ? [host] : []), this.toDpu, this.toHost, ...(platform.network.viaPcie ? [] : [this.netOut, this.netIn]), ...(memory ? [memory] : [])].map((x) => x.stats()),
      placements: this.placements, pcieBytes: this.pcieBytes, networkBytes: this.networkBytes, dpuMemoryBytes: this.dpuMemoryBytes, hostCoreNs: host?.busyNs ?? 0,
    };
  }

  /** An I/O arrives on its submission queue: into the device now if there is room, else it waits its turn. */
  private admit(queue: number, go: () => void): void {
    if (this.present++ === 0) this.busySince = this.sim.now;
    const q = this.roundRobin ? queue : 0;
    if (!this.waiting.has(q)) {
      this.waiting.set(q, { items: [], head: 0 });
      this.queueIds.push(q);
    }
    if (this.inFlight < this.limit) {
      // served at once: its queue has had its turn
      this.lastServed = q;
      this.inFlight++;
      go();
      return;
    }
    this.waiting.get(q)!.items.push(go);
  }

  /** An I/O leaves the device: the next waiting one (if any) comes in. */
  private release(): void {
    if (--this.present === 0) this.activeNs += this.sim.now - this.busySince;
    this.inFlight--;
    const go = this.nextWaiting();
    if (go) { this.inFlight++; go(); }
  }

  private nextWaiting(): (() => void) | undefined {
    const ids = this.queueIds;
    const from = ids.indexOf(this.lastServed) + 1;
    for (let k = 0; k < ids.length; k++) {
      const q = ids[(from + k) % ids.length];
      const w = this.waiting.get(q)!;
      if (w.head < w.items.length) {
        this.lastServed = q;
        return w.items[w.head++];
      }
    }
    return undefined;
  }

  /** An admitted I/O starts: the control path on an ARM core (if any), then its data. */
  private start(id: number, r: IoRequest): void {
    const { stages, wireBytes } = stagesOf(r, this.platform, this.workload);
    const io: Io = { id, r, stages, wireBytes };
    // the control path: an ARM core handles the command before any data moves
    if (this.platform.controlNs) this.hop(this.arm!, this.platform.controlNs, undefined, false, 0, () => this.begin(io));
    else this.begin(io);
  }

  private begin(io: Io): void {
    if (io.r.op === 'write') this.runStage(io, 0, 'host', undefined);
    else {
      // a read fetches the stored fragments from the storage nodes first
      this.networkBytes += io.wireBytes;
      this.hop(this.netIn, linkNs(this.platform.network.gbps, io.wireBytes), undefined, true, this.platform.network.latencyNs, (u) => this.runStage(io, 0, 'dpu', u));
    }
  }

  /** Stage `i` of an I/O is ready with its data on `side`: the policy places it (or, past the last, the data goes out). */
  private runStage(io: Io, i: number, side: 'dpu' | 'host', up: Upstream): void {
    const { id, r, stages, wireBytes } = io;
    const { platform } = this;
    if (i === stages.length) {
      // a write leaves the DPU for the storage nodes; a read ends in host memory
      if (r.op === 'write') {
        const send = (u: Upstream) => {
          this.networkBytes += wireBytes;
          this.hop(this.netOut, linkNs(platform.network.gbps, wireBytes), u, true, platform.network.latencyNs, (u2) => this.finish(io, u2));
        };
        if (side === 'host') this.cross('dpu', stages.length ? stages[stages.length - 1].bytes : r.bytes, up, send); else send(up);
      } else if (side === 'dpu') this.cross('host', r.bytes, up, (u) => this.finish(io, u));
      else this.finish(io, up);
      return;
    }
    const s = stages[i];
    const task: Task = { request: id, stage: i, fn: s.fn, bytes: s.bytes, side };
    const key = `${id}/${i}`;
    this.open.set(key, task);
    const options: PlacementOption[] = [];
    for (const where of PLACEMENTS) {
      const svc = serviceNs(platform, s.fn, where, s.bytes);
      const pool = this.poolOf(s.fn, where);
      if (svc === undefined || !pool) continue;
      const transferNs = sideOf(where) === side ? 0 : linkNs(platform.pcie.gbps, s.bytes) + platform.pcie.latencyNs;
      options.push({ where, servers: pool.servers, busy: pool.working, queued: pool.queued, backlogNs: pool.backlogNs, serviceNs: svc, transferNs });
    }
    let ran = false;
    this.policy.dispatch(task, { now: this.sim.now, options }, (where) => {
      if (ran) throw new RuntimeError(`policy '${this.policy.name}' ran request ${id}'s ${s.fn} stage twice (a task must run exactly once)`);
      ran = true;
      this.open.delete(key);
      this.place(io, i, side, up, where);
    });
  }

  /** The policy put stage `i` on `where`: cross PCIe if the data is on the other side, then serve it there. */
  private place(io: Io, i: number, side: 'dpu' | 'host', up: Upstream, where: Placement): void {
    const { platform, attach } = this;
    const s = io.stages[i];
    const svc = serviceNs(platform, s.fn, where, s.bytes);
    const pool = this.poolOf(s.fn, where);
    if (svc === undefined || !pool) throw new RuntimeError(`policy '${this.policy.name}' placed request ${io.id}'s ${s.fn} stage on '${where}', which has no ${where === 'engine' ? `${s.fn} engine` : `${where} cores or no software rate for ${s.fn}`}`);
    this.placements[s.fn] ??= { engine: 0, arm: 0, host: 0 };
    this.placements[s.fn][where]++;
    // an inline engine streams (unless it takes its whole input before it outputs); cores do not
    const streams = where === 'engine' && attach.mode === 'inline' && !platform.engines[s.fn]!.storeAndForward;
    const serve = (u: Upstream) => this.hop(pool, svc, u, streams, 0, (u2) => this.runStage(io, i + 1, sideOf(where), u2));
    // a look-aside engine: an ARM core issues the call, the engine reads and writes DPU memory
    const go = where !== 'engine' || attach.mode === 'inline' ? serve : (u: Upstream) => this.hop(this.arm!, attach.callNs, u, false, 0, () => {
      const moved = 2 * s.bytes;
      this.dpuMemoryBytes += moved;
      this.hop(this.memory!, linkNs(attach.memoryGbps, moved), undefined, false, 0, serve);
    });
    if (sideOf(where) === side) go(up); else this.cross(sideOf(where), s.bytes, up, go);
  }

  /** The I/O's data is all in place: it completes (after the completion latency) and leaves the device. */
  private finish(io: Io, up: Upstream): void {
    const fin = () => {
      this.latencies[io.id] = this.sim.now - io.r.arrivalNs;
      this.done++;
      this.bytes += io.r.bytes;
      this.release();
    };
    const complete = this.platform.requestLatencyNs?.complete ?? 0;
    this.sim.at(Math.max(this.sim.now, up ? up.end : 0) + complete, fin);
  }

  private poolOf(fn: StorageFunction, where: Placement): ServerPool | undefined {
    return where === 'engine' ? this.engines.get(fn) : where === 'arm' ? this.arm : this.host;
  }

  /**
   * One hop of an I/O's data: `svc` ns on a pool, then `latency` ns on the way. A hop that streams (with
   * cut-through) lets the next one start `latency` after it starts, and that one cannot finish before its input
   * has all arrived; otherwise the next hop starts once this one's output has arrived whole.
   */
  private hop(pool: ServerPool, svc: number, up: Upstream, streams: boolean, latency: number, next: (up: Upstream) => void): void {
    const sim = this.sim;
    const stream = this.cutThrough && streams;
    if (up && !stream) {
      sim.at(Math.max(sim.now, up.end), () => this.hop(pool, svc, undefined, streams, latency, next));
      return;
    }
    pool.submit(
      up ? (start) => Math.max(svc, up.end - start) : svc,
      () => { if (!stream) sim.after(latency, () => next(undefined)); },
      (_start, end) => { if (stream) sim.after(latency, () => next({ end: end + latency })); },
      svc,
    );
  }

  /** Move `n` bytes across PCIe to `side`, then continue. */
  private cross(side: 'dpu' | 'host', n: number, up: Upstream, next: (up: Upstream) => void): void {
    this.pcieBytes += n;
    this.hop(side === 'dpu' ? this.toDpu : this.toHost, linkNs(this.platform.pcie.gbps, n), up, true, this.platform.pcie.latencyNs, next);
  }
}

const linkNs = (gbps: number, bytes: number) => (bytes * 8) / gbps;

/** Run the I/Os through the platform under a policy. */
export function runDpu(requests: readonly IoRequest[], platform: PlatformConfig, workload: Workload, policy: DispatchPolicy): DpuRun {
  return new DpuModel(platform, workload, policy).run(requests);
}

export { PlatformError };
