// Host driver for the simulated queue engine (gen/queue): sets up queue pairs in host memory, writes
// submission entries, rings doorbells, runs the device until the completions it can post are in, and reaps
// them by phase bit, as an NVMe host driver would. Requests have the same shape as the software pipeline's
// (src/ref/queue-pipeline.ts), so results compare request by request.
import { queueGenerator } from '../../gen/queue/queue.js';
import { CQE_BYTES, CQE_FIELDS, CRYPTO_CONTEXT, MAX_SEGMENTS, QUEUE_FLAGS, QUEUE_REGISTERS, SQE_BYTES, SQE_FIELDS, SQE_SEGMENT, type QueueParams } from '../spec/queue.js';
import { xtsKeyLoadBeats, type XtsKeyLoad } from '../engines/xts.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import type { HostMemory, LoadOptions, MemoryStats, MemoryTiming, SimModel } from '../../sim/model.js';
import { loadEngine } from '../engines/load-engine.js';
import { concatBytes } from '../../sim/stream.js';
import type { StreamDrive } from '../../sim/stream.js';
import type { QueueRequest } from '../ref/queue-pipeline.js';

export interface Completion {
  /** Cycle of the completion's interrupt (absolute model cycle). */
  cycle: number;
  queue: number;
  cid: number;
  status: number;
  result: bigint;
  /** Submission head the device reported. */
  sqHead: number;
}

export interface DeviceRun {
  /** Completions reaped after this run, queue by queue in ring order. */
  completions: Completion[];
  /** Queues named by the interrupt beats, in order. */
  interrupts: number[];
  /** Model cycle the run started at (its doorbells were seen then). */
  startCycle: number;
  cycles: number;
  memory: MemoryStats;
}

interface QueueState {
  entries: number;
  sqBase: number;
  cqBase: number;
  sqTail: number;
  cqHead: number;
  phase: number;
  outstanding: number;
}

/**
 * How the host acknowledges what it reaped: holdCompletionHeads (all queues, or the ones listed) is a host that
 * has stopped telling the device its completion head (it has stopped reaping those rings as far as the device can
 * tell), so their rings fill; tests use it to fill rings and to stall one queue while the others run.
 */
export interface HostReaping {
  holdCompletionHeads?: boolean | readonly number[];
}

export class QueueFullError extends Error {
  constructor(queue: number, entries: number) {
    super(`queue ${queue}: the submission ring (${entries} entries, ${entries - 1} usable) is full; run the device to reap completions first`);
    this.name = 'QueueFullError';
  }
}

/** A key load for the XTS stages (k_axis): Key1 || Key2 into a slot, or clear the slot (the XTS engine's shape). */
export type QueueKeyLoad = XtsKeyLoad;

export class QueueRequestError extends Error {
  override name = 'QueueRequestError';
}

export class SimulatedQueueDevice {
  private readonly queues = new Map<number, QueueState>();
  private ctrl: Uint8Array[] = [];
  /** The keys the device's XTS stages hold, as the host loaded them (slot -> Key1 || Key2). */
  readonly keys = new Map<number, Uint8Array>();

  private constructor(readonly params: QueueParams, readonly design: GeneratedDesign, readonly model: SimModel) {}

  static async create(raw: Readonly<Record<string, unknown>>, options: LoadOptions = {}): Promise<SimulatedQueueDevice> {
    const { params, design, model } = await loadEngine(queueGenerator, raw, options);
    return new SimulatedQueueDevice(params, design, model);
  }

  get memory(): HostMemory {
    return this.model.memory('m_axi');
  }

  private register(queue: number, index: number, value: bigint): void {
    const b = new Uint8Array(16);
    const v = new DataView(b.buffer);
    v.setUint16(0, queue * 8 + index, true);
    v.setBigUint64(8, value, true);
    this.ctrl.push(b);
  }

  /** Set up queue pair `queue` with rings of `entries` at sqBase and cqBase (host addresses). */
  setupQueue(queue: number, entries: number, sqBase: number, cqBase: number, weight = 1): void {
    if (!Number.isInteger(queue) || queue < 0 || queue >= this.params.queues) throw new Error(`queue ${queue} does not exist (the device has ${this.params.queues})`);
    if (!Number.isInteger(entries) || entries < 2 || entries > 65535) throw new Error(`queue ${queue}: ${entries} entries is outside 2..65535`);
    if (sqBase % SQE_BYTES || cqBase % CQE_BYTES) throw new Error(`queue ${queue}: ring addresses must be aligned to their entries (${SQE_BYTES} and ${CQE_BYTES} bytes)`);
    if (sqBase + entries * SQE_BYTES > this.memory.size || cqBase + entries * CQE_BYTES > this.memory.size) throw new Error(`queue ${queue}: rings do not fit in host memory`);
    this.memory.write(cqBase, new Uint8Array(entries * CQE_BYTES)); // phase bits 0: nothing posted
    this.register(queue, QUEUE_REGISTERS.sqBase, BigInt(sqBase));
    this.register(queue, QUEUE_REGISTERS.cqBase, BigInt(cqBase));
    this.register(queue, QUEUE_REGISTERS.weight, BigInt(weight));
    this.register(queue, QUEUE_REGISTERS.entries, BigInt(entries));
    this.queues.set(queue, { entries, sqBase, cqBase, sqTail: 0, cqHead: 0, phase: 1, outstanding: 0 });
  }

  /**
   * Load (or clear) XTS key slots through k_axis; returns the device's status per load (0 loaded, 1 slot out of
   * range, 2 Key1 equals Key2) and keeps `keys` as the device holds them. The device takes a load once the
   * requests in flight have drained, so a host loads keys between runs.
   */
  loadKeys(loads: readonly QueueKeyLoad[]): number[] {
    if (this.params.encryption === 'none') throw new QueueRequestError(`this queue engine (${this.design.top}) has no encryption stage: set encryption to encrypt, decrypt or both`);
    const beats = xtsKeyLoadBeats(loads, this.params.xtsKeyBits, (why) => new QueueRequestError(why));
    if (loads.length === 0) return [];
    const r = this.model.run({ k_axis: { beats } }, { ks_axis: { expectLast: loads.length }, m_irq: { expectLast: 0 } }, { stallLimit: 2000 });
    const statuses = Array.from(r.outputs.ks_axis.data);
    loads.forEach((k, i) => {
      if (statuses[i] !== 0) return;
      if (k.clear) this.keys.delete(k.slot);
      else this.keys.set(k.slot, Uint8Array.from(k.key!));
    });
    return statuses;
  }

  /** Room in a queue's submission ring. */
  room(queue: number): number {
    const q = this.state(queue);
    return q.entries - 1 - q.outstanding;
  }

  /** Write a submission entry at the queue's tail; the doorbell rings with the next run. */
  submit(queue: number, r: QueueRequest): void {
    const q = this.state(queue);
    if (this.room(queue) <= 0) throw new QueueFullError(queue, q.entries);
    // the entry has room for 7 segments: beyond that only the counts are written (the device refuses it)
    const segs = [...r.src, ...r.dst];
    const e = new Uint8Array(SQE_BYTES);
    const v = new DataView(e.buffer);
    e[SQE_FIELDS.opcode.byte] = r.opcode;
    e[SQE_FIELDS.sources.byte] = r.src.length;
    e[SQE_FIELDS.destinations.byte] = r.dst.length;
    const c = r.crypt;
    e[SQE_FIELDS.flags.byte] = (r.verifyCrc !== undefined ? QUEUE_FLAGS.verify : 0) | (r.erasureCoded ? QUEUE_FLAGS.erasureCoding : 0)
      | (c?.encrypt ? QUEUE_FLAGS.encrypt : 0) | (c?.decrypt ? QUEUE_FLAGS.decrypt : 0);
    v.setUint16(SQE_FIELDS.commandId.byte, r.cid, true);
    if (r.verifyCrc !== undefined) v.setUint32(SQE_FIELDS.expectedCrc.byte, r.verifyCrc, true);
    v.setUint32(SQE_FIELDS.length.byte, r.length ?? r.src.reduce((n, s) => n + s.length, 0), true);
    segs.slice(0, MAX_SEGMENTS).forEach((s, i) => {
      const at = SQE_SEGMENT.first + SQE_SEGMENT.bytes * i;
      v.setBigUint64(at + SQE_SEGMENT.address.byte, BigInt(s.addr), true);
      v.setUint32(at + SQE_SEGMENT.length.byte, s.length, true);
    });
    if (c) {
      // the crypto context takes the last segment's place (the device refuses such a request with 7 segments)
      const fits = (x: number, max: number) => Number.isInteger(x) && x >= 0 && x <= max;
      if (!fits(c.slot, 255) || !fits(c.dataUnitLog2, 255) || !fits(c.payloadBytes ?? 0, 0xffffffff)) {
        throw new QueueRequestError(`request ${r.cid}: crypto context slot ${c.slot}, data-unit log2 ${c.dataUnitLog2}, payload ${c.payloadBytes} do not fit their fields (1, 1 and 4 bytes)`);
      }
      // data units the output may span (a compressed output can exceed its input by the LZ4 bound)
      const bound = (r.length ?? r.src.reduce((n, s) => n + s.length, 0)) * 1.004 + 32;
      const units = BigInt(Math.max(1, Math.ceil(bound / 2 ** Math.min(c.dataUnitLog2, 52))));
      if (typeof c.dataUnit !== 'bigint' || c.dataUnit < 0n || c.dataUnit + units - 1n >= 1n << 64n) {
        throw new QueueRequestError(`request ${r.cid}: data units ${String(c.dataUnit)}.. do not fit the engine's 64-bit data-unit numbers`);
      }
      e.fill(0, CRYPTO_CONTEXT.offset);
      v.setBigUint64(CRYPTO_CONTEXT.dataUnit, c.dataUnit, true);
      e[CRYPTO_CONTEXT.slot] = c.slot;
      e[CRYPTO_CONTEXT.dataUnitLog2] = c.dataUnitLog2;
      v.setUint32(CRYPTO_CONTEXT.payloadBytes, c.payloadBytes ?? 0, true);
    }
    this.memory.write(q.sqBase + q.sqTail * SQE_BYTES, e);
    q.sqTail = (q.sqTail + 1) % q.entries;
    q.outstanding++;
  }

  /**
   * Ring the doorbells and run until every outstanding request has completed (the driver reaps after each
   * run, so the completion rings always have room for them), then reap.
   */
  run(drive: StreamDrive = {}, timing: MemoryTiming = {}, options: HostReaping = {}): DeviceRun {
    return this.go(drive, timing, options);
  }

  /**
   * Ring the doorbells and run exactly `cycles` cycles, then reap what completed: a polling host. With short
   * polls, a host keeps a queue depth (submit on each completion) and sees each request's latency.
   */
  poll(cycles: number, timing: MemoryTiming = {}, options: HostReaping = {}): DeviceRun {
    return this.go({}, timing, { ...options, cycles });
  }

  private go(drive: StreamDrive, timing: MemoryTiming, options: HostReaping & { cycles?: number }): DeviceRun {
    let expected = 0;
    const hold = options.holdCompletionHeads;
    for (const [id, q] of this.queues) {
      if (hold !== true && !(Array.isArray(hold) && hold.includes(id))) this.register(id, QUEUE_REGISTERS.cqHead, BigInt(q.cqHead));
      this.register(id, QUEUE_REGISTERS.sqTail, BigInt(q.sqTail));
      expected += q.outstanding;
    }
    const ctrl = this.ctrl;
    this.ctrl = [];
    const r = this.model.run(
      { s_ctrl: { beats: { count: ctrl.length, data: concatBytes(ctrl) }, gap: drive.gap } },
      // (the key port's answers: none during requests; an output left unknown would end the run on idle streams)
      { m_irq: { expectLast: expected, backpressure: drive.backpressure }, ...(this.params.encryption !== 'none' ? { ks_axis: { expectLast: 0 } } : {}) },
      {
        seed: drive.seed, stallLimit: drive.stallLimit ?? 20_000 + 4 * ((timing.readLatency ?? 0) + (timing.writeLatency ?? 0)),
        memories: { m_axi: timing }, cyclesExactly: options.cycles,
      },
    );
    const irq = r.outputs.m_irq;
    const interrupts = Array.from({ length: irq.count }, (_, i) => irq.data[4 * i] | (irq.data[4 * i + 1] << 8));
    // reap on interrupt: per queue as many entries as interrupts came (an entry may be in memory a few cycles
    // before its interrupt); interrupts come in ring order per queue, which gives each completion its cycle
    const cycles = new Map<number, number[]>();
    interrupts.forEach((q, i) => { if (!cycles.has(q)) cycles.set(q, []); cycles.get(q)!.push(irq.cycle[i]); });
    const completions = this.reap(cycles);
    return { completions, interrupts, startCycle: r.startCycle, cycles: r.cycles, memory: r.memories.m_axi };
  }

  /** Take the posted completions (phase bit = the ring's current phase) interrupts announced; advance the heads. */
  private reap(announced: Map<number, number[]>): Completion[] {
    const out: Completion[] = [];
    for (const [id, q] of this.queues) {
      const stamps = announced.get(id) ?? [];
      for (let n = 0; n < stamps.length; n++) {
        const e = this.memory.read(q.cqBase + q.cqHead * CQE_BYTES, CQE_BYTES);
        const v = new DataView(e.buffer, e.byteOffset, e.byteLength);
        const sp = v.getUint16(CQE_FIELDS.statusPhase.byte, true);
        if ((sp & 1) !== q.phase) throw new Error(`queue ${id}: an interrupt came but completion slot ${q.cqHead} holds no new entry (phase ${sp & 1}, expected ${q.phase}; ${stamps.length} interrupts for this queue; entry ${Array.from(e).map((b) => b.toString(16).padStart(2, '0')).join('')})`);
        const queue = v.getUint16(CQE_FIELDS.queue.byte, true);
        // result: {bytes written, CRC32C}, the entry's first 8 bytes
        out.push({ cycle: stamps[n], queue, cid: v.getUint16(CQE_FIELDS.commandId.byte, true), status: sp >> 1, result: v.getBigUint64(CQE_FIELDS.crc.byte, true), sqHead: v.getUint16(CQE_FIELDS.sqHead.byte, true) });
        if (queue !== id) throw new Error(`completion ring of queue ${id} holds an entry for queue ${queue}`);
        q.cqHead = (q.cqHead + 1) % q.entries;
        if (q.cqHead === 0) q.phase ^= 1;
        q.outstanding--;
      }
    }
    return out;
  }

  private state(queue: number): QueueState {
    const q = this.queues.get(queue);
    if (!q) throw new Error(`queue ${queue} is not set up`);
    return q;
  }

  close(): void {
    this.model.close();
  }
}
