// Replaying a block trace through the simulated datapath: every trace I/O becomes device requests over the
// units (compression blocks) it touches — a write rewrites each unit whole with its new data (read-modify-write,
// as compressed block storage does), a read fetches each unit through the read path — posted by the host
// driver over the queues, and every completion and every destination byte is checked against the software
// pipeline (src/ref/queue-pipeline.ts) as it is reaped. Data come from the block store (what was last written
// where), so a read of written data goes through reconstruct (or decrypt), decompress and verify. With both XTS
// stages, each trace device is a volume with its own key slot and the unit's first sector is the tweak.
import { queueHasEncode, queueHasReconstruct, QUEUE_OPCODES, type QueueParams } from '../spec/queue.js';
import { xtsKeyBytes } from '../../gen/xts/params.js';
import type { MemoryTiming } from '../../sim/model.js';
import { SimulatedQueueDevice, type Completion } from '../driver/queue-driver.js';
import { percentile } from '../util/percentile.js';
import { fragmentLength, headerBytes, reconstructInput, stripeEncode } from '../ref/ec-stripe.js';
import { padded16, pipelineStagesFor, runRequest, type CryptContext, type QueueOutcome, type QueueRequest } from '../ref/queue-pipeline.js';
import { Rng } from '../util/rng.js';
import { catalogueModel, crc } from '../ref/crc.js';
import { deviceQueues } from './device-queues.js';
import { BlockStore } from './block-store.js';
import type { PayloadSource } from './payload.js';
import type { TraceRecord } from './record.js';

export interface ReplayOptions {
  /** Bytes per unit (compression block): a multiple of 512 up to 64 KiB. */
  unitBytes: number;
  payload: PayloadSource;
  /** Seed of the choices the replay makes (which fragments a degraded read loses). */
  seed: number;
  /** Fragments each read loses (datapaths with EC reconstruct): the read path rebuilds them. */
  lose: number;
  /** Honor the trace's arrival times at this clock (MHz); without it, requests go as fast as the rings take them. */
  clockMhz?: number;
  /** Host memory timing (latency, bandwidth, requests in flight). */
  timing: MemoryTiming;
  /** Cycles per host poll (the host reaps and submits between polls). */
  pollCycles: number;
  /** Entries per submission ring. */
  ringEntries: number;
  /** Stop after this many trace records. */
  limit?: number;
  /** Called every so often with the records taken and the cycles simulated. */
  onProgress?: (records: number, cycles: number) => void;
  /** Write a VCD of the replay's cycles [fromCycle, toCycle] (replay cycles, as mismatches give them). */
  vcd?: { file: string; fromCycle: number; toCycle: number };
}

export const DEFAULT_REPLAY_OPTIONS = { unitBytes: 16384, seed: 1, lose: 0, pollCycles: 64, ringEntries: 32, timing: { readLatency: 100, writeLatency: 100 } } as const;

export interface Mismatch {
  /** Trace line of the I/O, its device and the unit's byte offset on it. */
  line: number;
  device: string;
  offset: number;
  kind: 'read' | 'write';
  cid: number;
  queue: number;
  /** Cycle of the completion (replay cycles: the simulation's, less the idle time a timed replay skipped). */
  cycle: number;
  /** The same cycle on the model's own clock (a VCD shows it at time 10 x this). */
  modelCycle: number;
  what: string;
}

export interface ReplayReport {
  device: string;
  records: number;
  reads: number;
  writes: number;
  /** Trace bytes (what the I/Os asked for) by direction. */
  readBytes: number;
  writeBytes: number;
  /** Device requests (units) and the plain bytes they moved. */
  requests: number;
  unitBytesMoved: number;
  /** Bytes of compressed output the write path reported, over the plain bytes it took. */
  compressedBytes: number;
  compressedInput: number;
  cycles: number;
  /** Idle cycles a timed replay skipped (nothing in flight until the next arrival). */
  skippedIdleCycles: number;
  /** Per trace I/O, cycles from its arrival (timed) or first submission to its last unit's completion. */
  latencies: number[];
  /** Device requests in flight, sampled at each poll: mean (weighted by cycles) and max. */
  occupancyMean: number;
  occupancyMax: number;
  /** Completion cycles and plain bytes, for throughput over time. */
  timeline: { cycle: number; bytes: number }[];
  mismatches: number;
  firstMismatch?: Mismatch;
  degradedReads: number;
  wallSeconds: number;
}

interface Job {
  record: TraceRecord;
  io: IoState;
  kind: 'read' | 'write';
  unit: number;
  queue: number;
  slot: number;
  request: QueueRequest;
  want: QueueOutcome;
  /** The plain unit the request moves (checked against the destination for reads). */
  plain: Uint8Array;
  /** What the request's source segment holds: the unit, its LZ4 block, or a stripe header and survivors. */
  source: Uint8Array;
  arrival: number;
}

interface IoState {
  pending: number;
  arrival: number;
  submitted: number;
  done: number;
}

const CRC32C = catalogueModel('crc32c')!;
const SQ_BASE = 0x100000;
const CQ_BASE = 0x200000;
const SLOT_BASE = 0x400000;

export class ReplayError extends Error {}

/** Replay a trace through the datapath `params` describe; the device is built (or taken from the cache) here. */
export async function replayTrace(records: AsyncIterable<TraceRecord>, params: QueueParams, options: ReplayOptions): Promise<ReplayReport> {
  const t0 = Date.now();
  const U = options.unitBytes;
  if (!Number.isInteger(U) || U % 512 !== 0 || U < 512 || U > 65536) throw new ReplayError(`unit of ${U} bytes: expected a multiple of 512 in 512..65536 (the compression stage's block size)`);
  const compress = params.compression === 'lz4';
  const encode = queueHasEncode(params) && compress;
  const rebuild = queueHasReconstruct(params) && encode;
  if (options.lose > 0 && !rebuild) throw new ReplayError(`--lose ${options.lose}: the datapath has no EC reconstruct stage behind compression to rebuild lost fragments`);
  if (options.lose > params.ecM) throw new ReplayError(`--lose ${options.lose}: an ${params.ecK}+${params.ecM} stripe survives at most ${params.ecM} lost fragments`);
  if (compress && params.decompression !== 'lz4') throw new ReplayError('the datapath compresses writes but has no decompression stage to read them back');
  if (params.encryption === 'encrypt') throw new ReplayError('the datapath encrypts writes but has no decrypt stage to read them back');
  if (params.encryptAt === 'before-compress') throw new ReplayError('the datapath encrypts before it compresses: reading a block back takes two requests (decompress, then decrypt), which the replay does not issue; replay a datapath that compresses first');
  // both XTS stages: writes are encrypted (after compression), reads decrypted; a decrypting read does not reconstruct
  const encrypt = params.encryption === 'both';
  if (encrypt && options.lose > 0) throw new ReplayError(`--lose ${options.lose}: the read path decrypts what it gathers, before it could rebuild lost fragments, so an encrypting datapath reads whole stripes (--lose 0)`);
  const { ecK: K, ecM: M } = params;
  const bound = padded16(U + Math.ceil(U / 255) + 16); // LZ4's worst case for a unit (in whole AES blocks)
  const stripeMax = (K + M) * fragmentLength(bound, K);
  const srcBytes = Math.max(U, rebuild ? headerBytes(K, M) + K * fragmentLength(bound, K) : 0, compress ? bound : 0);
  const dstBytes = Math.max(U, encode ? stripeMax : compress ? bound : 0);
  const round = (n: number) => Math.ceil(n / 4096) * 4096;
  const slotBytes = round(srcBytes) + round(dstBytes);
  const E = options.ringEntries;
  const slots = params.queues * (E - 1);
  const dev = await SimulatedQueueDevice.create({ ...params }, { memoryBytes: SLOT_BASE + slots * slotBytes, ...(options.vcd ? { trace: true } : {}) });
  let tracing: 'before' | 'on' | 'done' = options.vcd ? 'before' : 'done';
  try {
    for (let q = 0; q < params.queues; q++) dev.setupQueue(q, E, SQ_BASE + q * E * 128, CQ_BASE + q * E * 16);
    // volume keys: one per key slot; trace device i uses slot i mod slots (devices beyond that share keys)
    if (encrypt) {
      const keyRng = new Rng(options.seed * 7919 + 1);
      const keys = Array.from({ length: params.xtsKeySlots }, () => { const k = keyRng.bytes(xtsKeyBytes({ keyBits: params.xtsKeyBits })); k[k.length / 2] = k[0] ^ 1; return k; });
      const statuses = dev.loadKeys(keys.map((key, slot) => ({ slot, key })));
      if (statuses.some((x) => x !== 0)) throw new ReplayError(`the device refused the volume keys (statuses ${statuses.join(', ')})`);
    }
    const volumeOf = new Map<string, number>();
    // the XTS context of a unit: its volume's slot, 4 KiB data units (512 B when the unit is smaller), first sector
    const unitLog2 = U % 4096 === 0 ? 12 : 9;
    const cryptOf = (device: string, unit: number): CryptContext => {
      if (!volumeOf.has(device)) volumeOf.set(device, volumeOf.size);
      return { slot: volumeOf.get(device)! % params.xtsKeySlots, dataUnitLog2: unitLog2, dataUnit: BigInt(unit) * BigInt(U / 2 ** unitLog2) };
    };
    const stages = pipelineStagesFor(params, dev.keys);
    const store = new BlockStore(U, options.payload);
    const rng = new Rng(options.seed);
    const freeSlots = Array.from({ length: slots }, (_, i) => slots - 1 - i);
    const srcAddr = (slot: number) => SLOT_BASE + slot * slotBytes;
    const dstAddr = (slot: number) => srcAddr(slot) + round(srcBytes);
    const inFlight = new Map<string, Job & { cid: number }>();
    const nextCid = new Array<number>(params.queues).fill(0);
    const report: ReplayReport = {
      device: dev.design.top, records: 0, reads: 0, writes: 0, readBytes: 0, writeBytes: 0, requests: 0, unitBytesMoved: 0,
      compressedBytes: 0, compressedInput: 0, cycles: 0, skippedIdleCycles: 0, latencies: [], occupancyMean: 0, occupancyMax: 0,
      timeline: [], mismatches: 0, degradedReads: 0, wallSeconds: 0,
    };
    let now = 0;        // simulated cycles so far (the device's clock, less the idle time skipped)
    let occupancyArea = 0;
    const waiting: Job[] = [];
    const iter = records[Symbol.asyncIterator]();
    let exhausted = false;
    const queueFor = deviceQueues(params.queues);

    // a trace record -> its unit jobs (the store changes at once for a write: later reads see it)
    const expand = (r: TraceRecord) => {
      report.records++;
      if (r.op === 'read') { report.reads++; report.readBytes += r.length; } else { report.writes++; report.writeBytes += r.length; }
      if (r.length === 0) return;
      const arrival = options.clockMhz ? Math.round(r.timeUs * options.clockMhz) : -1;
      const io: IoState = { pending: 0, arrival, submitted: -1, done: 0 };
      if (r.op === 'write') store.write(r.device, r.offset, r.length);
      for (const unit of store.unitsOf(r.offset, r.length)) {
        io.pending++;
        waiting.push(planJob(r, io, unit, arrival));
      }
    };

    const planJob = (record: TraceRecord, io: IoState, unit: number, arrival: number): Job => {
      const plain = store.unit(record.device, unit);
      const kind = record.op;
      let request: QueueRequest;
      let source: Uint8Array;
      const crypt = encrypt ? cryptOf(record.device, unit) : undefined;
      if (kind === 'write') {
        source = plain;
        request = {
          opcode: compress ? QUEUE_OPCODES.compress : QUEUE_OPCODES.copy, cid: 0, src: [{ addr: 0, length: U }],
          dst: [{ addr: 0, length: encode ? stripeMax : compress ? bound : U }], erasureCoded: encode, ...(crypt ? { crypt: { ...crypt, encrypt: true } } : {}),
        };
      } else if (crypt) {
        // what the write stored: the (compressed) unit, encrypted; a stripe read with nothing lost: its first bytes
        const payload = compress ? stages.compress!(plain) : plain;
        source = stages.encrypt!(payload, crypt).output;
        request = {
          opcode: compress ? QUEUE_OPCODES.decompress : QUEUE_OPCODES.copy, cid: 0, src: [{ addr: 0, length: source.length }], dst: [{ addr: 0, length: U }],
          crypt: { ...crypt, decrypt: true, payloadBytes: payload.length },
        };
      } else if (compress) {
        const block = stages.compress!(plain);
        if (rebuild && options.lose > 0) {
          const lost = new Set<number>();
          while (lost.size < options.lose) lost.add(rng.int(0, K + M - 1));
          source = reconstructInput(stripeEncode(block, K, M), block.length, K, M, [...lost]);
          report.degradedReads++;
        } else {
          source = block; // a stripe read with nothing lost: its first n bytes are the block
        }
        request = { opcode: QUEUE_OPCODES.decompress, cid: 0, src: [{ addr: 0, length: source.length }], dst: [{ addr: 0, length: U }], erasureCoded: rebuild && options.lose > 0 };
      } else {
        source = plain;
        request = { opcode: QUEUE_OPCODES.copy, cid: 0, src: [{ addr: 0, length: U }], dst: [{ addr: 0, length: U }] };
      }
      // a read verifies the data against the CRC32C of what was written (the CRC the write reported)
      if (kind === 'read') request.verifyCrc = Number(crc(CRC32C, plain));
      const want = runRequest(request, (_a, n) => source.subarray(0, n), () => true, stages);
      if (want.status !== 0) throw new ReplayError(`the software pipeline refuses its own ${kind} of unit ${unit} of ${record.device} (status ${want.status}): a replay bug`);
      return { record, io, kind, unit, queue: queueFor(record.device), slot: -1, request, want, plain, source, arrival };
    };

    const submitReady = () => {
      for (let i = 0; i < waiting.length;) {
        const job = waiting[i];
        if (job.arrival > now) break; // timed: in arrival order
        if (freeSlots.length === 0) break;
        if (dev.room(job.queue) <= 0) { i++; continue; }
        waiting.splice(i, 1);
        const slot = freeSlots.pop()!;
        job.slot = slot;
        // place the request's data in host memory; its segments point at the slot
        const src = srcAddr(slot);
        const dst = dstAddr(slot);
        dev.memory.write(src, job.source);
        const cid = nextCid[job.queue];
        nextCid[job.queue] = (cid + 1) & 0xffff;
        const request = { ...job.request, cid, src: [{ addr: src, length: job.request.src[0].length }], dst: [{ addr: dst, length: job.request.dst[0].length }] };
        dev.submit(job.queue, request);
        if (job.io.submitted < 0) job.io.submitted = now;
        inFlight.set(`${job.queue}/${cid}`, { ...job, cid });
        report.requests++;
      }
    };

    const check = (c: Completion, job: Job & { cid: number }, cycle: number) => {
      const dst = dstAddr(job.slot);
      const problems: string[] = [];
      if (c.status !== job.want.status) problems.push(`status ${c.status}, software pipeline ${job.want.status}`);
      else if (c.result !== job.want.result) problems.push(`result 0x${c.result.toString(16)} (CRC32C, bytes), software pipeline 0x${job.want.result.toString(16)}`);
      // destination bytes: the write's output (block or stripe), or the read's plain unit
      const want = job.want.writes.length ? job.want.writes[0].data : new Uint8Array(0);
      const got = dev.memory.read(dst, want.length);
      const diff = got.findIndex((b, i) => b !== want[i]);
      if (diff >= 0) problems.push(`destination byte ${diff} is 0x${got[diff].toString(16)}, software pipeline 0x${want[diff].toString(16)}`);
      if (job.kind === 'read' && problems.length === 0 && Buffer.compare(Buffer.from(want), Buffer.from(job.plain)) !== 0) problems.push('the software pipeline does not restore the unit written (a replay bug)');
      if (problems.length) {
        report.mismatches++;
        report.firstMismatch ??= { line: job.record.line, device: job.record.device, offset: job.unit * U, kind: job.kind, cid: job.cid, queue: job.queue, cycle, modelCycle: c.cycle, what: problems.join('; ') };
      }
      if (job.kind === 'write' && compress) {
        report.compressedBytes += Number(c.result >> 32n);
        report.compressedInput += U;
      }
    };

    const pull = async () => {
      while (!exhausted && waiting.length < 4 * slots) {
        if (options.limit !== undefined && report.records >= options.limit) { exhausted = true; break; }
        const n = await iter.next();
        if (n.done) { exhausted = true; break; }
        expand(n.value);
        if (report.records % 500 === 0) options.onProgress?.(report.records, now);
      }
    };

    let cycleBase = -1;
    for (let polls = 0; ; polls++) {
      await pull();
      submitReady();
      if (inFlight.size === 0) {
        if (waiting.length === 0 && exhausted) break;
        // timed replay with nothing in flight: skip the idle time to the next arrival
        if (waiting.length && waiting[0].arrival > now) {
          report.skippedIdleCycles += waiting[0].arrival - now;
          now = waiting[0].arrival;
          continue;
        }
      }
      if (tracing === 'before' && now + options.pollCycles >= options.vcd!.fromCycle) {
        dev.model.traceTo(options.vcd!.file);
        tracing = 'on';
      }
      const run = dev.poll(options.pollCycles, options.timing);
      if (cycleBase < 0) cycleBase = run.startCycle;
      const outstanding = inFlight.size;
      occupancyArea += outstanding * run.cycles;
      report.occupancyMax = Math.max(report.occupancyMax, outstanding);
      for (const c of run.completions) {
        const key = `${c.queue}/${c.cid}`;
        const job = inFlight.get(key);
        if (!job) throw new ReplayError(`a completion for queue ${c.queue}, command ${c.cid} that is not in flight`);
        inFlight.delete(key);
        freeSlots.push(job.slot);
        const cycle = now + (c.cycle - run.startCycle);
        check(c, job, cycle);
        report.unitBytesMoved += U;
        report.timeline.push({ cycle, bytes: U });
        job.io.pending--;
        job.io.done = Math.max(job.io.done, cycle);
        if (job.io.pending === 0) report.latencies.push(job.io.done - (job.io.arrival >= 0 ? job.io.arrival : job.io.submitted));
      }
      now += run.cycles;
      if (tracing === 'on' && now > options.vcd!.toCycle) {
        dev.model.traceStop();
        tracing = 'done';
      }
    }
    if (tracing === 'on') dev.model.traceStop();
    report.cycles = now - report.skippedIdleCycles;
    report.occupancyMean = report.cycles ? occupancyArea / report.cycles : 0;
    report.wallSeconds = (Date.now() - t0) / 1000;
    options.onProgress?.(report.records, now);
    return report;
  } finally {
    dev.close();
  }
}

export function latencySummary(r: ReplayReport): { p50: number; p99: number; max: number } {
  if (!r.latencies.length) return { p50: 0, p99: 0, max: 0 };
  return { p50: percentile(r.latencies, 50), p99: percentile(r.latencies, 99), max: r.latencies.reduce((a, b) => Math.max(a, b), 0) };
}
