// A pool of identical servers with one FIFO queue in front (c servers: an M/x/c station when arrivals are
// Poisson): engines of one function, ARM cores, host cores, or a link (one server whose service time is
// bytes / bandwidth). Keeps the figures queueing theory predicts, so the core can be checked against it:
// utilization, mean wait in the queue, mean time in the station, longest queue.
import type { Simulator } from './simulator.js';

export interface PoolStats {
  name: string;
  servers: number;
  /** Jobs finished. */
  served: number;
  /** Busy server-time over (servers x elapsed time). */
  utilization: number;
  /** Mean time a job waited for a server (ns). */
  meanWait: number;
  /** Mean time from arrival to finish (ns). */
  meanResponse: number;
  maxQueue: number;
}

/** A service time, or one decided when the job reaches a server (from its start time). */
export type Service = number | ((start: number) => number);

interface Waiting {
  arrival: number;
  service: Service;
  done: (finish: number) => void;
  started?: (start: number, end: number) => void;
  /** What the job counts for in the backlog while it waits. */
  estimate: number;
}

export class ServerPool {
  private busy = 0;
  private queue: Waiting[] = [];
  private head = 0;
  /** Service time of finished jobs, and the start times of the running ones. */
  private busyTime = 0;
  private running = new Map<number, { start: number; end: number }>();
  /** Service time of the jobs waiting (a service decided at the start counts as its estimate until then). */
  private queuedWork = 0;
  private nextId = 0;
  private waitSum = 0;
  private waitCount = 0;
  private responseSum = 0;
  private served = 0;
  private maxQueue = 0;
  private readonly start: number;

  constructor(private readonly sim: Simulator, readonly name: string, readonly servers: number) {
    if (!Number.isInteger(servers) || servers < 1) throw new RangeError(`${name}: ${servers} servers; a pool has at least one`);
    this.start = sim.now;
  }

  /** Jobs waiting for a server now. */
  get queued(): number {
    return this.queue.length - this.head;
  }

  /** Servers working now. */
  get working(): number {
    return this.busy;
  }

  /** Work not done yet (ns of service): the waiting jobs' and what the running ones still need. */
  get backlogNs(): number {
    let left = this.queuedWork;
    for (const r of this.running.values()) left += Math.max(0, r.end - this.sim.now);
    return left;
  }

  /** Busy server-time so far (ns). */
  get busyNs(): number {
    let t = this.busyTime;
    for (const r of this.running.values()) t += this.sim.now - r.start;
    return t;
  }

  /**
   * A job that needs `service` ns of one server; `started` runs when it reaches a server (with its start and
   * end), `done` when it finishes. A service decided at the start counts as `estimate` in the backlog until then.
   */
  submit(service: Service, done: (finish: number) => void, started?: (start: number, end: number) => void, estimate = 0): void {
    if (typeof service === 'number') check(this.name, service);
    const job = { arrival: this.sim.now, service, done, started, estimate: typeof service === 'number' ? service : estimate };
    if (this.busy < this.servers) this.begin(job);
    else {
      this.queuedWork += job.estimate;
      this.queue.push(job);
      this.maxQueue = Math.max(this.maxQueue, this.queued);
    }
  }

  private begin(job: Waiting): void {
    this.busy++;
    this.waitSum += this.sim.now - job.arrival;
    this.waitCount++;
    const id = this.nextId++;
    const service = typeof job.service === 'number' ? job.service : check(this.name, job.service(this.sim.now));
    this.running.set(id, { start: this.sim.now, end: this.sim.now + service });
    job.started?.(this.sim.now, this.sim.now + service);
    this.sim.after(service, () => {
      this.busy--;
      this.running.delete(id);
      this.busyTime += service;
      this.served++;
      this.responseSum += this.sim.now - job.arrival;
      if (this.head < this.queue.length) {
        const next = this.queue[this.head++];
        this.queuedWork -= next.estimate;
        if (this.head > 1024 && this.head * 2 > this.queue.length) { this.queue = this.queue.slice(this.head); this.head = 0; }
        this.begin(next);
      }
      job.done(this.sim.now);
    });
  }

  stats(): PoolStats {
    const elapsed = this.sim.now - this.start;
    return {
      name: this.name, servers: this.servers, served: this.served,
      // busy time up to now: finished services, and the running ones so far
      utilization: elapsed > 0 ? (this.busyTime + [...this.running.values()].reduce((n, r) => n + this.sim.now - r.start, 0)) / (this.servers * elapsed) : 0,
      // the wait of every job that has reached a server
      meanWait: this.waitCount ? this.waitSum / this.waitCount : 0,
      meanResponse: this.served ? this.responseSum / this.served : 0,
      maxQueue: this.maxQueue,
    };
  }
}

function check(name: string, service: number): number {
  if (!(service >= 0) || !Number.isFinite(service)) throw new RangeError(`${name}: a service time of ${service} ns`);
  return service;
}
