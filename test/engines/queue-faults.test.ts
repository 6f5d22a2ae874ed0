// Faults on the queue engine's datapath (issue 20): the host memory answers some requests' source or destination
// buffers with SLVERR or DECERR, or flips a bit in the data a request reads, under random load over several
// queues. Each affected request must complete with the status the fault map and the software pipeline
// (src/ref/queue-pipeline.ts) give it — transferError for an error response, the pipeline's verdict on the
// flipped bytes (a CRC32C verify failure, or a corrupt LZ4 block on the read path) for a flip — and every other
// request with the pipeline's status, result and bytes; no run hangs, and nothing outside a request's
// destinations is written. A host that stops reaping one queue's completions: its ring is not overwritten, the
// other queues keep completing, and its requests complete once it reaps again.
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatedQueueDevice, type Completion } from '../../src/driver/queue-driver.js';
import { pipelineStagesFor, runRequest, type PipelineStages, type QueueOutcome, type QueueRequest, type QueueSegment } from '../../src/ref/queue-pipeline.js';
import { CQE_BYTES, QUEUE_OPCODES, QUEUE_STATUS_CODES } from '../../src/spec/queue.js';
import { queueCompressorParams } from '../../gen/queue/params.js';
import { designOf } from '../../gen/lz4/compress-params.js';
import { lz4DesignCompress } from '../../src/ref/lz4-compress.js';
import type { MemoryFault, MemoryStats } from '../../sim/model.js';
import { Rng } from '../../src/util/rng.js';

const MEM = 1 << 22;
const SOURCES = 1 << 20; // each request's own source buffers in [1 MiB, 2 MiB), destinations in [2 MiB, 4 MiB)
const DESTS = 2 << 20;
const BATCHES = 24;
const GAP = 256;          // between two requests' buffers: no burst of one touches a byte of another
/** A small queue engine: 4 queues, 8-byte beats, the LZ4 decompressor (the read path), no compressor. */
const CONFIG = { queues: 4, dataBytes: 8, maxRequests: 4, maxBurstBeats: 4, compression: 'none' };

const devices: SimulatedQueueDevice[] = [];
afterAll(() => devices.forEach((d) => d.close()));
/** The device's data path as software (the same for every device of CONFIG). */
let stages: PipelineStages = {};
async function device(): Promise<SimulatedQueueDevice> {
  const d = await SimulatedQueueDevice.create(CONFIG, { memoryBytes: MEM });
  devices.push(d);
  stages = pipelineStagesFor(d.params);
  return d;
}

const FAULT_KINDS = ['none', 'read SLVERR', 'read DECERR', 'write SLVERR', 'write DECERR', 'bit flip'] as const;
type FaultKind = typeof FAULT_KINDS[number];
const C = QUEUE_STATUS_CODES;
const STATUS_NAME = Object.fromEntries(Object.entries(QUEUE_STATUS_CODES).map(([name, code]) => [code, name])) as Record<number, string>;

interface Sent { queue: number; r: QueueRequest; kind: FaultKind; faults: MemoryFault[]; want: QueueOutcome }

const TEXT = new TextEncoder().encode('faults on the datapath end as a status on the request they touch, and only there. ');
const textBytes = (rng: Rng, n: number) => Uint8Array.from({ length: n }, (_, i) => (rng.int(0, 40) ? TEXT[(i + n) % TEXT.length] : rng.int(0, 255)));

/** A bump allocator over an area: each buffer GAP bytes past the one before, at a random small offset. */
function allocator(base: number, end: number, rng: Rng) {
  let next = base;
  return (length: number): number => {
    const a = next + rng.int(0, 7);
    next = a + length + GAP;
    if (next > end) throw new Error('test memory layout: area full');
    return a;
  };
}

/** Cut `length` bytes into 1..3 segments (each at least 1 byte) placed by `place`. */
function segments(rng: Rng, length: number, place: (n: number) => number): QueueSegment[] {
  const parts = Math.min(rng.int(1, 3), length);
  const out: QueueSegment[] = [];
  let left = length;
  for (let k = 0; k < parts; k++) {
    const n = k === parts - 1 ? left : rng.int(1, left - (parts - 1 - k));
    left -= n;
    out.push({ addr: place(n), length: n });
  }
  return out;
}

/**
 * A random request with its own buffers, written into `mem`: a copy, a crc32c, or a decompress of an LZ4 block of
 * text (the read path); a third verify their CRC32C (all do when the fault is a bit flip).
 */
function randomRequest(rng: Rng, cid: number, mem: Uint8Array, src: (n: number) => number, dst: (n: number) => number, kind: FaultKind): QueueRequest {
  const opcode = kind.startsWith('write') ? rng.pick([QUEUE_OPCODES.copy, QUEUE_OPCODES.decompress])
    : rng.pick([QUEUE_OPCODES.copy, QUEUE_OPCODES.crc32c, QUEUE_OPCODES.decompress]);
  const plain = rng.int(0, 3) ? rng.int(1, 3000) : rng.int(1, 40);
  const data = opcode === QUEUE_OPCODES.decompress ? textBytes(rng, plain) : rng.bytes(plain);
  const payload = opcode === QUEUE_OPCODES.decompress ? lz4DesignCompress(designOf(queueCompressorParams(16)), data) : data;
  const s = segments(rng, payload.length, src);
  let at = 0;
  for (const seg of s) { mem.set(payload.subarray(at, at + seg.length), seg.addr); at += seg.length; }
  const d = opcode === QUEUE_OPCODES.crc32c ? [] : opcode === QUEUE_OPCODES.decompress ? [{ addr: dst(plain), length: plain }] : segments(rng, plain, dst);
  const r: QueueRequest = { opcode, cid, src: s, dst: d };
  // the CRC32C of the data as the host sees it: the gathered bytes, or the decompressed ones
  if (kind === 'bit flip' || rng.int(0, 2) === 0) r.verifyCrc = Number(runRequest(r, (a, n) => mem.subarray(a, a + n), () => true, stages).result & 0xffffffffn);
  return r;
}

/** The faults of a request's kind, on a random part of one of its source (reads) or destination (writes) segments. */
function faultsFor(rng: Rng, r: QueueRequest, kind: FaultKind): MemoryFault[] {
  if (kind === 'none') return [];
  const seg = rng.pick(kind.startsWith('write') ? r.dst : r.src);
  const addr = seg.addr + rng.int(0, seg.length - 1);
  if (kind === 'bit flip') return [{ kind: 'bit-flip', addr, bit: rng.int(0, 7) }];
  const length = rng.int(1, seg.addr + seg.length - addr);
  const resp = kind.endsWith('SLVERR') ? 'SLVERR' : 'DECERR';
  return [kind.startsWith('read') ? { kind: 'error', addr, length, reads: resp } : { kind: 'error', addr, length, writes: resp }];
}

/** What the host reads through the faults: memory with the flips applied (errors are the fault map's part). */
function readThrough(mem: Uint8Array, faults: MemoryFault[]) {
  return (a: number, n: number) => {
    const out = Uint8Array.from(mem.subarray(a, a + n));
    for (const f of faults) if (f.kind === 'bit-flip' && f.addr >= a && f.addr < a + n) out[f.addr - a] ^= 1 << f.bit;
    return out;
  };
}

/** Expected outcome: an error response on a request's buffer is a transfer error; a flip goes through the pipeline. */
function expectedOutcome(r: QueueRequest, kind: FaultKind, faults: MemoryFault[], mem: Uint8Array): QueueOutcome {
  const want = runRequest(r, readThrough(mem, faults), () => true, stages);
  if (kind === 'none' || kind === 'bit flip') return want;
  return { status: C.transferError, result: want.result, writes: [] };
}

const RESULT_DEFINED: number[] = [C.success, C.destinationTooSmall, C.crcMismatch];

/** Destinations whose contents are not defined afterwards: those of a transfer error or a corrupt LZ4 block. */
const undefinedDestinations = (s: Sent) => s.want.status === C.transferError || s.want.status === C.corruptLz4;

/** Requests per fault kind and status name. */
function statusTable(rows: { kind: FaultKind; status: number }[]): Map<FaultKind, Map<string, number>> {
  const t = new Map<FaultKind, Map<string, number>>(FAULT_KINDS.map((k) => [k, new Map()]));
  for (const { kind, status } of rows) {
    const row = t.get(kind)!;
    const name = STATUS_NAME[status];
    row.set(name, (row.get(name) ?? 0) + 1);
  }
  return t;
}

function printTable(t: Map<FaultKind, Map<string, number>>): string {
  const names = [...new Set([...t.values()].flatMap((row) => [...row.keys()]))].sort((a, b) => QUEUE_STATUS_CODES[a as keyof typeof QUEUE_STATUS_CODES] - QUEUE_STATUS_CODES[b as keyof typeof QUEUE_STATUS_CODES]);
  const head = ['fault kind', 'requests', ...names.map((n) => `${n} (${QUEUE_STATUS_CODES[n as keyof typeof QUEUE_STATUS_CODES]})`)];
  const rows = [...t].map(([kind, row]) => [kind, String([...row.values()].reduce((a, b) => a + b, 0)), ...names.map((n) => String(row.get(n) ?? 0))]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

describe('queue engine faults on the datapath', () => {
  it('ends each fault as its status on the affected request only, under random load over 4 queues; no hang, nothing written outside destinations', async () => {
    const d = await device();
    const rng = new Rng(2020);
    const before = rng.bytes(MEM);
    before.fill(0, 0, SOURCES);
    d.memory.write(0, before);
    const src = allocator(SOURCES, DESTS, rng);
    const dst = allocator(DESTS, MEM, rng);
    for (let q = 0; q < d.params.queues; q++) d.setupQueue(q, rng.int(4, 16), 0x1000 + q * 0x4000, 0x80000 + q * 0x1000);
    const sent: Sent[] = [];
    const done: Completion[] = [];
    const totals = { readErrors: 0, writeErrors: 0, flippedBeats: 0 };
    let cycles = 0;
    let cid = 0;
    for (let batch = 0; batch < BATCHES; batch++) {
      const faults: MemoryFault[] = [];
      for (let q = 0; q < d.params.queues; q++) {
        for (let k = rng.int(1, d.room(q)); k > 0; k--) {
          // faults on about half the requests, each kind alike
          const kind: FaultKind = rng.int(0, 1) ? 'none' : FAULT_KINDS[rng.int(1, FAULT_KINDS.length - 1)];
          const r = randomRequest(rng, cid++, before, src, dst, kind);
          const f = faultsFor(rng, r, kind);
          faults.push(...f);
          sent.push({ queue: q, r, kind, faults: f, want: expectedOutcome(r, kind, f, before) });
          d.submit(q, r);
        }
      }
      d.memory.write(SOURCES, before.subarray(SOURCES, DESTS));
      d.memory.injectFaults(faults);
      const timing = { readLatency: rng.int(1, 120), writeLatency: rng.int(1, 120), maxReads: rng.int(1, 16), maxWrites: rng.int(1, 16) };
      const run = d.run(batch % 2 ? { gap: 0.2, backpressure: 0.3, seed: batch } : {}, timing);
      // no hang: the run ends (a stall would throw) well within a bound on its work
      expect(run.cycles).toBeLessThan(200_000);
      done.push(...run.completions);
      cycles += run.cycles;
      for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += (run.memory as MemoryStats)[k];
    }
    d.memory.clearFaults();

    const byKey = new Map(sent.map((s) => [`${s.queue}/${s.r.cid}`, s]));
    expect(done.length).toBe(sent.length);
    const expected = Uint8Array.from(before);
    const after = d.memory.read(0, MEM);
    for (const c of done) {
      const key = `${c.queue}/${c.cid}`;
      const s = byKey.get(key)!;
      expect(s, `completion for an unknown request ${key}`).toBeDefined();
      const what = `request ${key} (${s.kind}, opcode ${s.r.opcode}${s.r.verifyCrc !== undefined ? ', verify' : ''})`;
      expect(STATUS_NAME[c.status], `${what} status`).toBe(STATUS_NAME[s.want.status]);
      // the result (CRC32C, bytes written) is defined for these; after a transfer error or a corrupt block it is not
      if (RESULT_DEFINED.includes(s.want.status)) expect(c.result, `${what} CRC32C and bytes written`).toBe(s.want.result);
      for (const w of s.want.writes) expected.set(w.data, w.addr);
      if (undefinedDestinations(s)) for (const x of s.r.dst) expected.set(after.subarray(x.addr, x.addr + x.length), x.addr);
    }
    expect(new Set(done.map((c) => `${c.queue}/${c.cid}`)).size).toBe(sent.length);
    // the whole memory: exactly the destinations written (the rings' own area aside), sources untouched by the flips
    let first = SOURCES;
    while (first < MEM && after[first] === expected[first]) first++;
    const owner = sent.find((x) => x.r.dst.some((s) => first >= s.addr && first < s.addr + s.length));
    expect(first, `first difference at ${first} (${owner ? `destination of request ${owner.queue}/${owner.r.cid}, ${owner.kind}` : 'no request writes there'})`).toBe(MEM);

    // the table of the statuses the device gave, which must be the table of those the fault map and pipeline give
    const table = statusTable(done.map((c) => ({ kind: byKey.get(`${c.queue}/${c.cid}`)!.kind, status: c.status })));
    expect(table).toEqual(statusTable(sent.map((x) => ({ kind: x.kind, status: x.want.status }))));
    console.log(`queue engine ${d.design.top}: ${sent.length} requests over ${d.params.queues} queues, ${BATCHES} batches; statuses by fault kind\n${printTable(table)}`);
    console.log(`${cycles} cycles; host memory: ${totals.readErrors} read and ${totals.writeErrors} write bursts answered an error, ${totals.flippedBeats} read beats flipped`);
    // every kind was exercised; error responses always end as a transfer error, flips as the pipeline's verdict
    for (const kind of FAULT_KINDS) expect([...table.get(kind)!.values()].reduce((a, b) => a + b, 0), kind).toBeGreaterThanOrEqual(5);
    for (const kind of ['read SLVERR', 'read DECERR', 'write SLVERR', 'write DECERR'] as const) expect([...table.get(kind)!.keys()], kind).toEqual(['transferError']);
    expect([...table.get('none')!.keys()]).toEqual(['success']);
    expect(table.get('bit flip')!.get('crcMismatch') ?? 0).toBeGreaterThanOrEqual(3);
    expect(totals.readErrors).toBeGreaterThan(0);
    expect(totals.writeErrors).toBeGreaterThan(0);
    expect(totals.flippedBeats).toBeGreaterThan(0);
  });

  it('a host that stops reaping one queue: its ring is not overwritten, the other queues keep completing, and its requests complete once it reaps again', async () => {
    const d = await device();
    const rng = new Rng(2021);
    const before = rng.bytes(MEM);
    d.memory.write(0, before);
    const CQ0 = 0x80000;
    d.setupQueue(0, 4, 0x1000, CQ0); // 3 usable entries
    for (let q = 1; q < d.params.queues; q++) d.setupQueue(q, 16, 0x1000 + q * 0x4000, 0x80000 + q * 0x1000);
    const src = allocator(SOURCES, DESTS, rng);
    const dst = allocator(DESTS, MEM, rng);
    const sent = new Map<string, Sent>();
    let cid = 0;
    const submit = (q: number) => {
      const r = randomRequest(rng, cid++, before, src, dst, 'none');
      sent.set(`${q}/${r.cid}`, { queue: q, r, kind: 'none', faults: [], want: runRequest(r, (a, n) => before.subarray(a, a + n), () => true, stages) });
      d.memory.write(SOURCES, before.subarray(SOURCES, DESTS));
      d.submit(q, r);
    };
    const checkDone = (cs: Completion[]) => {
      for (const c of cs) {
        const s = sent.get(`${c.queue}/${c.cid}`)!;
        expect(c.status, `request ${c.queue}/${c.cid}`).toBe(s.want.status);
        expect(c.result, `request ${c.queue}/${c.cid}`).toBe(s.want.result);
        for (const w of s.want.writes) expect(Buffer.from(d.memory.read(w.addr, w.data.length)).equals(Buffer.from(w.data)), `request ${c.queue}/${c.cid} bytes`).toBe(true);
      }
    };
    // queue 0's completion ring (3 usable entries) gets 2 completions the host never acknowledges: room for one more
    for (let i = 0; i < 2; i++) submit(0);
    const first = d.run({}, { readLatency: 30 }, { holdCompletionHeads: [0] });
    expect(first.completions.map((c) => c.queue)).toEqual([0, 0]);
    checkDone(first.completions);
    const ring = d.memory.read(CQ0, 4 * CQE_BYTES);
    // queue 0 gets 3 more requests, of which one has room; the other queues get 12 each
    for (let i = 0; i < 3; i++) submit(0);
    for (let q = 1; q < d.params.queues; q++) for (let i = 0; i < 12; i++) submit(q);
    const stalled = d.poll(60_000, { readLatency: 30 }, { holdCompletionHeads: [0] });
    const others = stalled.completions.filter((c) => c.queue !== 0);
    const queue0 = stalled.completions.filter((c) => c.queue === 0);
    console.log(`host stops reaping queue 0: in 60,000 cycles ${others.length} of ${12 * (d.params.queues - 1)} requests of the other queues completed, ${queue0.length} of queue 0's 3 (its ring had room for 1)`);
    // queue 0's ring: the unreaped entries as they were, the one free slot filled, nothing past it
    const now = d.memory.read(CQ0, 4 * CQE_BYTES);
    expect(Buffer.from(now.subarray(0, 2 * CQE_BYTES)).equals(Buffer.from(ring.subarray(0, 2 * CQE_BYTES)))).toBe(true);
    expect(Buffer.from(now.subarray(3 * CQE_BYTES)).equals(Buffer.from(ring.subarray(3 * CQE_BYTES)))).toBe(true);
    expect(queue0.map((c) => c.cid)).toEqual([2]);
    expect(others.length).toBe(12 * (d.params.queues - 1));
    checkDone(stalled.completions);
    // the host reaps again: queue 0's other two requests complete with their statuses
    const resumed = d.run({}, { readLatency: 30 });
    expect(resumed.completions.map((c) => `${c.queue}/${c.cid}`)).toEqual(['0/3', '0/4']);
    checkDone(resumed.completions);
  });
});
