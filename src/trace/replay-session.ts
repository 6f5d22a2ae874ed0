// The replay's simulation: the simulated queue device, its rings and per-request host-memory slots. Takes unit
// requests from a source, submits each (at its arrival cycle, when timed) as slots and ring room allow, polls,
// and hands every completion back with its replay cycle; skips idle time, and writes the VCD window asked for.
import type { QueueParams } from '../spec/queue.js';
import type { MemoryTiming } from '../../sim/model.js';
import { SimulatedQueueDevice, type Completion } from '../driver/queue-driver.js';
import type { QueueRequest } from '../ref/queue-pipeline.js';
import { ReplayError } from './replay-error.js';

/** What the session needs of a unit request. */
export interface SessionUnit {
  queue: number;
  /** The request, its first source and destination segments giving the lengths (the session sets addresses). */
  request: QueueRequest;
  /** The bytes placed at the source segment. */
  source: Uint8Array;
  /** Cycle before which it is not submitted (-1: at once). */
  arrival: number;
}

/** Where the session gets its unit requests: each call gives the next trace I/O's (maybe none), undefined at the end. */
export interface UnitSource<U extends SessionUnit> {
  next(): Promise<readonly U[] | undefined>;
}

/** One completion as the host reaped it. */
export interface ReapedUnit<U extends SessionUnit> {
  unit: U;
  cid: number;
  completion: Completion;
  /** Replay cycle of the completion (the simulation's, less the idle time skipped). */
  cycle: number;
  /** The request's destination segment in host memory, its first `length` bytes. */
  destination: (length: number) => Uint8Array;
}

/** What the session tells as it runs. */
export interface SessionEvents<U extends SessionUnit> {
  submitted(unit: U, cycle: number): void;
  /** A poll ran `cycles` cycles with `inFlight` requests outstanding. */
  polled(inFlight: number, cycles: number): void;
  reaped(reaped: ReapedUnit<U>): void;
}

export interface SessionOptions {
  /** Entries per submission ring. */
  ringEntries: number;
  /** Host memory a request's source and destination segments take at most. */
  sourceBytes: number;
  destinationBytes: number;
  /** Volume keys to load, slot by slot (encrypting datapaths). */
  keys?: readonly Uint8Array[];
  /** Cycles per host poll, and the host memory's timing. */
  pollCycles: number;
  timing: MemoryTiming;
  /** Write a VCD of replay cycles [fromCycle, toCycle]. */
  vcd?: { file: string; fromCycle: number; toCycle: number };
}

/** The session's clock at the end of a run. */
export interface SessionClock {
  /** Replay cycles: simulated and skipped. */
  endCycle: number;
  /** Idle cycles skipped (nothing in flight until the next arrival). */
  skippedIdleCycles: number;
}

const SQ_BASE = 0x100000;
const CQ_BASE = 0x200000;
const SLOT_BASE = 0x400000;
const round4k = (n: number) => Math.ceil(n / 4096) * 4096;

export class ReplaySession<U extends SessionUnit> {
  private readonly slots: number;
  private readonly slotBytes: number;
  private readonly freeSlots: number[];
  private readonly inFlight = new Map<string, { unit: U; cid: number; slot: number }>();
  private readonly nextCid: number[];
  private readonly waiting: U[] = [];
  private exhausted = false;
  private tracing: 'before' | 'on' | 'done';
  /** Replay cycles so far (the device's clock, plus the idle time skipped). */
  private now = 0;
  private skippedIdleCycles = 0;

  private constructor(private readonly device: SimulatedQueueDevice, queues: number, private readonly options: SessionOptions) {
    this.slots = queues * (options.ringEntries - 1);
    this.slotBytes = ReplaySession.slotBytes(options);
    this.freeSlots = Array.from({ length: this.slots }, (_, i) => this.slots - 1 - i);
    this.nextCid = new Array<number>(queues).fill(0);
    this.tracing = options.vcd ? 'before' : 'done';
  }

  private static slotBytes(options: SessionOptions): number {
    return round4k(options.sourceBytes) + round4k(options.destinationBytes);
  }

  /** Build (or take from the cache) the device `params` describe, set up its queues and load the keys. */
  static async open<U extends SessionUnit>(params: QueueParams, options: SessionOptions): Promise<ReplaySession<U>> {
    const E = options.ringEntries;
    const slots = params.queues * (E - 1);
    const dev = await SimulatedQueueDevice.create({ ...params }, { memoryBytes: SLOT_BASE + slots * ReplaySession.slotBytes(options), ...(options.vcd ? { trace: true } : {}) });
    try {
      for (let q = 0; q < params.queues; q++) dev.setupQueue(q, E, SQ_BASE + q * E * 128, CQ_BASE + q * E * 16);
      if (options.keys) {
        const statuses = dev.loadKeys(options.keys.map((key, slot) => ({ slot, key })));
        if (statuses.some((x) => x !== 0)) throw new ReplayError(`the device refused the volume keys (statuses ${statuses.join(', ')})`);
      }
    } catch (err) {
      dev.close();
      throw err;
    }
    return new ReplaySession<U>(dev, params.queues, options);
  }

  /** The device's top module. */
  get deviceName(): string {
    return this.device.design.top;
  }

  /** The keys the device's XTS stages hold (slot -> key), for the software pipeline. */
  get keys(): ReadonlyMap<number, Uint8Array> {
    return this.device.keys;
  }

  /** Replay cycles so far. */
  get cycles(): number {
    return this.now;
  }

  /** Run until the source is exhausted and every request it gave has completed. */
  async run(source: UnitSource<U>, events: SessionEvents<U>): Promise<SessionClock> {
    const { pollCycles, timing, vcd } = this.options;
    for (;;) {
      await this.pull(source);
      this.submitReady(events);
      if (this.inFlight.size === 0) {
        if (this.waiting.length === 0 && this.exhausted) break;
        // timed replay with nothing in flight: skip the idle time to the next arrival
        if (this.waiting.length && this.waiting[0].arrival > this.now) {
          this.skippedIdleCycles += this.waiting[0].arrival - this.now;
          this.now = this.waiting[0].arrival;
          continue;
        }
      }
      if (this.tracing === 'before' && this.now + pollCycles >= vcd!.fromCycle) {
        this.device.model.traceTo(vcd!.file);
        this.tracing = 'on';
      }
      const run = this.device.poll(pollCycles, timing);
      events.polled(this.inFlight.size, run.cycles);
      for (const c of run.completions) {
        const key = `${c.queue}/${c.cid}`;
        const job = this.inFlight.get(key);
        if (!job) throw new ReplayError(`a completion for queue ${c.queue}, command ${c.cid} that is not in flight`);
        this.inFlight.delete(key);
        this.freeSlots.push(job.slot);
        const dst = this.dstAddr(job.slot);
        events.reaped({ unit: job.unit, cid: job.cid, completion: c, cycle: this.now + (c.cycle - run.startCycle), destination: (length) => this.device.memory.read(dst, length) });
      }
      this.now += run.cycles;
      if (this.tracing === 'on' && this.now > vcd!.toCycle) {
        this.device.model.traceStop();
        this.tracing = 'done';
      }
    }
    if (this.tracing === 'on') this.device.model.traceStop();
    return { endCycle: this.now, skippedIdleCycles: this.skippedIdleCycles };
  }

  close(): void {
    this.device.close();
  }

  private srcAddr(slot: number): number {
    return SLOT_BASE + slot * this.slotBytes;
  }

  private dstAddr(slot: number): number {
    return this.srcAddr(slot) + round4k(this.options.sourceBytes);
  }

  /** Take trace I/Os until a few rings' worth of requests wait (or the source ends). */
  private async pull(source: UnitSource<U>): Promise<void> {
    while (!this.exhausted && this.waiting.length < 4 * this.slots) {
      const units = await source.next();
      if (units === undefined) { this.exhausted = true; break; }
      for (const unit of units) this.waiting.push(unit);
    }
  }

  /** Submit waiting requests in order while slots and their queues' rings have room (timed: once arrived). */
  private submitReady(events: SessionEvents<U>): void {
    const dev = this.device;
    for (let i = 0; i < this.waiting.length;) {
      const unit = this.waiting[i];
      if (unit.arrival > this.now) break; // timed: in arrival order
      if (this.freeSlots.length === 0) break;
      if (dev.room(unit.queue) <= 0) { i++; continue; }
      this.waiting.splice(i, 1);
      const slot = this.freeSlots.pop()!;
      // place the request's data in host memory; its segments point at the slot
      const src = this.srcAddr(slot);
      const dst = this.dstAddr(slot);
      dev.memory.write(src, unit.source);
      const cid = this.nextCid[unit.queue];
      this.nextCid[unit.queue] = (cid + 1) & 0xffff;
      const request = { ...unit.request, cid, src: [{ addr: src, length: unit.request.src[0].length }], dst: [{ addr: dst, length: unit.request.dst[0].length }] };
      dev.submit(unit.queue, request);
      events.submitted(unit, this.now);
      this.inFlight.set(`${unit.queue}/${cid}`, { unit, cid, slot });
    }
  }
}
