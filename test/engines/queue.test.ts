// The queue engine with its host driver, checked request by request against the software pipeline
// (src/ref/queue-pipeline.ts): many requests over several queues with random scatter-gather layouts, sizes and
// host latencies; each completion once, in its queue, with the right command id, status and CRC32C; the
// destination bytes written and nothing else touched; bad entries complete with their status while the other
// queues run; a full completion ring holds the device back instead of losing completions; arbitration order;
// erasure-coded writes (stripes) and degraded reads (reconstruct, then decompress).
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatedQueueDevice, type Completion } from '../../src/driver/queue-driver.js';
import { runClosedLoop } from '../../src/driver/closed-loop.js';
import { percentile } from '../../src/util/percentile.js';
import { pipelineStagesFor, runRequest, type PipelineStages, type QueueRequest, type QueueSegment } from '../../src/ref/queue-pipeline.js';
import { queueCompressorParams } from '../../gen/queue/params.js';
import { queueHasEncode, queueHasReconstruct } from '../../src/spec/queue.js';
import { fragmentLength, reconstructInput, stripeEncode } from '../../src/ref/ec-stripe.js';
import { designOf } from '../../gen/lz4/compress-params.js';
import { lz4DesignCompress } from '../../src/ref/lz4-compress.js';
import { lz4DecodeBlock } from '../../src/ref/lz4.js';
import { SimStallError, type MemoryTiming } from '../../sim/model.js';
import { Rng } from '../../src/util/rng.js';

const MEM = 1 << 22;
const DATA = 1 << 20; // sources live in [1 MiB, 2 MiB), destinations in [2 MiB, 4 MiB)
const devices: SimulatedQueueDevice[] = [];
afterAll(() => devices.forEach((d) => d.close()));
async function device(raw: Record<string, unknown>): Promise<SimulatedQueueDevice> {
  const d = await SimulatedQueueDevice.create(raw, { memoryBytes: MEM });
  devices.push(d);
  return d;
}

/** The device's data path as software: the twins of the stages it has. */
const stagesOf = (d: SimulatedQueueDevice): PipelineStages => pipelineStagesFor(d.params);

/**
 * Degraded reads for the reconstruct stage: stripes of LZ4 blocks (of text) with up to m fragments lost, each
 * as the stage's input (header + survivors) in host memory below the data area; one in six has a bad header.
 */
const STRIPES = 0x90000;
function stripesIn(mem: Uint8Array, rng: Rng, k: number, m: number): { addr: number; length: number; plain: number }[] {
  const text = mem.subarray(DATA + DATA / 2, 2 * DATA);
  const design = designOf(queueCompressorParams(16));
  return Array.from({ length: 12 }, (_, i) => {
    const plain = rng.int(1, 7000);
    const block = lz4DesignCompress(design, text.subarray(i * 900, i * 900 + plain));
    const lost = new Set<number>();
    for (let n = rng.int(0, m); lost.size < n;) lost.add(rng.int(0, k + m - 1));
    const input = reconstructInput(stripeEncode(block, k, m), block.length, k, m, [...lost]);
    if (i % 6 === 5) input[4] ^= 0x20; // L no longer a multiple of 64
    mem.set(input, STRIPES + i * 0x8000);
    return { addr: STRIPES + i * 0x8000, length: input.length, plain };
  });
}

/** LZ4 blocks in host memory for the read path: good ones (of text, up to 7,000 bytes) and a few corrupt ones. */
const BLOCKS = DATA + 0x80000;
function blocksIn(mem: Uint8Array, rng: Rng): { addr: number; length: number; plain: number }[] {
  const text = mem.subarray(DATA + DATA / 2, 2 * DATA);
  const design = designOf(queueCompressorParams(16));
  return Array.from({ length: 16 }, (_, i) => {
    const plain = rng.int(1, 7000); // fits a destination slot (8 KiB)
    let block = lz4DesignCompress(design, text.subarray(i * 1000, i * 1000 + plain));
    if (i % 5 === 4) { block = Uint8Array.from(block); block[rng.int(0, block.length - 1)] ^= 0x40; } // corrupt
    if (i % 7 === 6) block = block.subarray(0, Math.max(1, block.length >> 1)); // truncated
    mem.set(block, BLOCKS + i * 0x8000);
    return { addr: BLOCKS + i * 0x8000, length: block.length, plain };
  });
}

let lastBlocks: { addr: number; length: number; plain: number }[] = [];
let lastStripes: { addr: number; length: number; plain: number }[] = [];
function setup(d: SimulatedQueueDevice, entries: number, weights: number[] = []): Uint8Array {
  const before = new Rng(entries).bytes(MEM);
  before.fill(0, 0, DATA);
  // the upper half of the source area is compressible (text with variations)
  const text = new TextEncoder().encode('storage requests move blocks; compression saves bytes on every block it sees. ');
  for (let i = DATA + DATA / 2; i < 2 * DATA; i++) before[i] = (i * 7919) % 97 === 0 ? before[i] : text[i % text.length];
  lastBlocks = blocksIn(before, new Rng(entries + 1));
  lastStripes = queueHasReconstruct(d.params) ? stripesIn(before, new Rng(entries + 2), d.params.ecK, d.params.ecM) : [];
  d.memory.write(0, before);
  for (let q = 0; q < d.params.queues; q++) d.setupQueue(q, entries, 0x1000 + q * 0x4000, 0x80000 + q * 0x1000, weights[q] ?? 1);
  return before;
}

/**
 * A random good request: 1-3 sources, 0-3 destinations (0 only for crc32c), lengths adding up; with a
 * compression stage, a third are opcode 3 with room for the LZ4 worst case (now and then too little).
 */
function randomRequest(rng: Rng, cid: number, slot: () => number, compress = false, decompress = false, ec?: { encode: boolean; reconstruct: boolean; k: number; m: number }): QueueRequest {
  if (ec?.reconstruct && rng.int(0, 4) === 0) {
    // a degraded read: header + survivors in one or two segments
    const s = lastStripes[rng.int(0, lastStripes.length - 1)];
    const cut = rng.int(0, 1) ? rng.int(1, s.length - 1) : s.length;
    const src = cut < s.length ? [{ addr: s.addr, length: cut }, { addr: s.addr + cut, length: s.length - cut }] : [{ addr: s.addr, length: s.length }];
    return { opcode: 4, cid, src, dst: [{ addr: slot() + rng.int(0, 3), length: rng.int(0, 7) ? s.plain : Math.max(1, s.plain >> 2) }], erasureCoded: true };
  }
  if (ec?.encode && rng.int(0, 2) === 0) {
    // an erasure-coded write (compressed or not): room for the stripe of the worst case, now and then too little
    const length = rng.int(1, 4000);
    const src = [{ addr: DATA + rng.int(0, DATA - length), length }];
    const opcode = compress && rng.int(0, 1) ? 3 : 1;
    const stripe = (ec.k + ec.m) * fragmentLength(opcode === 3 ? length + Math.ceil(length / 255) + 16 : length, ec.k);
    const room = rng.int(0, 5) ? stripe : Math.max(1, stripe >> 2);
    const parts = Math.min(rng.int(1, 3), room);
    const dst = Array.from({ length: parts }, (_, k) => ({ addr: slot() + rng.int(0, 3), length: k < parts - 1 ? Math.floor(room / parts) : room - Math.floor(room / parts) * (parts - 1) }));
    return { opcode, cid, src, dst, erasureCoded: true };
  }
  if (decompress && rng.int(0, 3) === 0) {
    const b = lastBlocks[rng.int(0, lastBlocks.length - 1)];
    const cut = b.length > 1 && rng.int(0, 1) ? rng.int(1, b.length - 1) : b.length;
    const src = cut < b.length ? [{ addr: b.addr, length: cut }, { addr: b.addr + cut, length: b.length - cut }] : [{ addr: b.addr, length: b.length }];
    const room = rng.int(0, 7) ? b.plain : Math.max(1, b.plain >> 2);
    return { opcode: 4, cid, src, dst: [{ addr: slot() + rng.int(0, 3), length: room }] };
  }
  const src = Array.from({ length: rng.int(1, 3) }, () => {
    const length = rng.int(0, 3) ? rng.int(1, 2000) : rng.int(1, 20);
    return { addr: DATA + rng.int(0, DATA - length), length };
  });
  const total = src.reduce((n, s) => n + s.length, 0);
  if (compress && rng.int(0, 2) === 0) {
    const room = rng.int(0, 5) ? total + Math.ceil(total / 255) + 16 : Math.max(1, total >> 3);
    const parts = Math.min(rng.int(1, 3), room);
    const dst = Array.from({ length: parts }, (_, k) => ({ addr: slot() + rng.int(0, 3), length: k < parts - 1 ? Math.floor(room / parts) : room - Math.floor(room / parts) * (parts - 1) }));
    return { opcode: 3, cid, src, dst };
  }
  const ndst = Math.min(rng.int(0, 3), total);
  const dst: QueueSegment[] = [];
  let left = total;
  for (let k = 0; k < ndst; k++) {
    const length = k === ndst - 1 ? left : rng.int(1, left - (ndst - 1 - k));
    left -= length;
    dst.push({ addr: slot() + rng.int(0, 3), length });
  }
  return { opcode: dst.length ? rng.int(1, 2) : 2, cid, src, dst };
}

const ecOf = (d: SimulatedQueueDevice) => ({ encode: queueHasEncode(d.params), reconstruct: queueHasReconstruct(d.params), k: d.params.ecK, m: d.params.ecM });

interface Sent { queue: number; r: QueueRequest; want: ReturnType<typeof runRequest> }

function check(sent: Map<string, Sent>, done: Completion[], after: Uint8Array, before: Uint8Array) {
  const expected = Uint8Array.from(before);
  const seen = new Set<string>();
  for (const c of done) {
    const key = `${c.queue}/${c.cid}`;
    const s = sent.get(key);
    expect(s, `completion for an unknown request ${key}`).toBeDefined();
    expect(seen.has(key), `request ${key} completed twice`).toBe(false);
    seen.add(key);
    expect(c.status, `request ${key} status`).toBe(s!.want.status);
    // CRC32C and bytes written (also when the destinations were too small: the output's length)
    if ([0, 7, 8].includes(s!.want.status)) expect(c.result, `request ${key} (status ${s!.want.status}, opcode ${s!.r.opcode}) CRC32C and bytes written`).toBe(s!.want.result);
    for (const w of s!.want.writes) expected.set(w.data, w.addr);
    // a corrupt block (status 9) or stripe (11): what decoded before the error may be written; how much is not defined
    if (s!.want.status === 9 || s!.want.status === 11) for (const d of s!.r.dst) expected.set(after.subarray(d.addr, d.addr + d.length), d.addr);
  }
  expect(seen.size).toBe(sent.size);
  // data area: exactly the destinations written
  let first = DATA;
  while (first < after.length && after[first] === expected[first]) first++;
  const owner = [...sent.values()].find((x) => x.r.dst.some((d) => first >= d.addr && first < d.addr + d.length));
  expect(first, `first difference at ${first} (${owner ? `destination of request ${owner.queue}/${owner.r.cid}, opcode ${owner.r.opcode}, status ${owner.want.status}` : 'no request writes there'})`).toBe(after.length);
}

describe.each([
  { raw: {}, timing: { readLatency: 40, writeLatency: 40 } },
  { raw: { queues: 3, dataBytes: 8, maxRequests: 2, maxBurstBeats: 4, maxReadBursts: 2 }, timing: { readLatency: 5, writeLatency: 1, bytesPerCycle: 4 } },
  { raw: { queues: 8, dataBytes: 64, maxRequests: 32, arbitration: 'weighted', maxReadBursts: 16, compression: 'none', decompression: 'none' }, timing: { readLatency: 300, writeLatency: 100, maxReads: 16 } },
  { raw: { erasureCoding: 'both', ecK: 4, ecM: 2 }, timing: { readLatency: 60, writeLatency: 30 } },
  // the LZ4 stages as engine arrays (each engine on its own block; blocks leave in order): 64-byte beats, and one engine each
  { raw: { queues: 3, dataBytes: 64, compressEngines: 3, decompressEngines: 2, erasureCoding: 'both', ecK: 4, ecM: 2 }, timing: { readLatency: 200, writeLatency: 100, maxReads: 16 } },
  { raw: { queues: 2, compressEngines: 1, decompressEngines: 1, decompressEngineBytes: 4 }, timing: { readLatency: 20, writeLatency: 20 } },
  // the compressor array in piece mode: a block over several engines (1 KiB pieces, requests up to 4 KiB; longer
  // compress requests complete with status 6)
  { raw: { queues: 2, dataBytes: 64, compressEngines: 4, compressPieceBytes: 1024, decompressEngines: 2 }, timing: { readLatency: 100, writeLatency: 50, maxReads: 8 } },
  // 128-byte beats: an entry is one beat; 4 KiB bursts of 32 beats
  { raw: { queues: 2, dataBytes: 128, maxBurstBeats: 32, compressEngines: 2, decompressEngines: 2, decompressEngineBytes: 16 }, timing: { readLatency: 200, writeLatency: 200 } },
] as { raw: Record<string, unknown>; timing: MemoryTiming }[])('queue engine $raw, host $timing', ({ raw, timing }) => {
  it('completes every request once, in its queue, bit-exact with the software pipeline, over several batches', async () => {
    const d = await device(raw);
    const before = setup(d, 8);
    const rng = new Rng(d.params.queues * 7 + d.params.dataBytes);
    let next = 2 * DATA;
    const slot = () => { const a = next; next += 8192; return a; };
    const sent = new Map<string, Sent>();
    const done: Completion[] = [];
    let cid = 0;
    for (let batch = 0; batch < 4; batch++) {
      for (let q = 0; q < d.params.queues; q++) {
        for (let k = rng.int(0, d.room(q)); k > 0; k--) {
          const r = randomRequest(rng, cid++, slot, d.params.compression === 'lz4', d.params.decompression === 'lz4', ecOf(d));
          sent.set(`${q}/${r.cid}`, { queue: q, r, want: runRequest(r, (a, n) => before.subarray(a, a + n), (s) => s.addr + s.length <= MEM, stagesOf(d)) });
          d.submit(q, r);
        }
      }
      const run = d.run(batch % 2 ? { gap: 0.3, backpressure: 0.3, seed: batch } : {}, timing);
      expect(run.interrupts.length).toBe(run.completions.length);
      for (let q = 0; q < d.params.queues; q++) {
        expect(run.interrupts.filter((x) => x === q).length).toBe(run.completions.filter((c) => c.queue === q).length);
      }
      done.push(...run.completions);
    }
    expect(sent.size).toBeGreaterThan(10);
    check(sent, done, d.memory.read(0, MEM), before);
  });
});

describe('queue engine bad entries', () => {
  it('completes bad entries with their status while good ones in other queues go through', async () => {
    const d = await device({ queues: 2 });
    const before = setup(d, 16);
    const seg = (addr: number, length: number) => ({ addr, length });
    const bad: QueueRequest[] = [
      { opcode: 9, cid: 1, src: [seg(DATA, 10)], dst: [seg(2 * DATA, 10)] },                  // 1 unknown opcode
      { opcode: 2, cid: 2, src: [], dst: [] },                                                 // 2 no source
      { opcode: 1, cid: 3, src: [seg(DATA, 10)], dst: [] },                                    // 2 copy without destination
      { opcode: 1, cid: 4, src: Array.from({ length: 4 }, (_, i) => seg(DATA + 100 * i, 5)), dst: Array.from({ length: 4 }, (_, i) => seg(2 * DATA + 100 * i, 5)) }, // 2 eight segments
      { opcode: 2, cid: 5, src: [seg(DATA, 0)], dst: [] },                                     // 3 zero length
      { opcode: 1, cid: 6, src: [seg(DATA, 10), seg(DATA + 50, 0)], dst: [seg(2 * DATA, 10)] }, // 3 an empty segment
      { opcode: 1, cid: 7, src: [seg(DATA, 10)], dst: [seg(2 * DATA, 9)] },                   // 4 destinations short
      { opcode: 2, cid: 8, src: [seg(DATA, 10)], dst: [], length: 11 },                        // 4 length disagrees
      { opcode: 2, cid: 9, src: [seg(MEM - 4, 10)], dst: [] },                                 // 5 source outside memory
      { opcode: 1, cid: 10, src: [seg(DATA, 64)], dst: [seg(MEM - 32, 64)] },                  // 5 destination outside memory
      { opcode: 3, cid: 11, src: [seg(DATA, 30_000), seg(DATA + 40_000, 30_000), seg(DATA + 80_000, 10_000)], dst: [seg(2 * DATA, 70_000)] }, // 6 above 64 KiB
      { opcode: 3, cid: 12, src: [seg(DATA, 2000)], dst: [seg(2 * DATA + 500_000, 100)] },    // 7 random data: no room for its LZ4 block
      // 7 text: a short block, but still longer than 8 bytes (the scatter is done long before the output is)
      { opcode: 3, cid: 13, src: [seg(DATA + DATA / 2 + 3, 4745)], dst: [seg(2 * DATA + 600_000, 8)] },
      { opcode: 2, cid: 14, src: [seg(DATA + 7, 333)], dst: [], verifyCrc: 0x12345678 },         // 8 the data's CRC32C is not the expected one
    ];
    const good: QueueRequest[] = Array.from({ length: 6 }, (_, i) => ({ opcode: 1, cid: 100 + i, src: [seg(DATA + 1000 * i + 1, 700)], dst: [seg(2 * DATA + 8192 * i + 5, 300), seg(2 * DATA + 8192 * i + 4000, 400)] }));
    // a request that verifies its data against the right CRC32C (the per-request option) succeeds
    good[5].verifyCrc = Number(runRequest(good[5], (a, n) => before.subarray(a, a + n), () => true).result & 0xffffffffn);
    const sent = new Map<string, Sent>();
    const add = (q: number, r: QueueRequest) => {
      sent.set(`${q}/${r.cid}`, { queue: q, r, want: runRequest(r, (a, n) => before.subarray(a, a + n), (s) => s.addr + s.length <= MEM, stagesOf(d)) });
      d.submit(q, r);
    };
    bad.forEach((r) => add(0, r));
    good.forEach((r) => add(1, r));
    const run = d.run({}, { readLatency: 20 });
    expect(run.completions.filter((c) => c.queue === 0).map((c) => c.status)).toEqual([1, 2, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 7, 8]);
    expect(run.completions.filter((c) => c.queue === 1).every((c) => c.status === 0)).toBe(true);
    // what the bad destination-outside-memory request wrote inside memory is not checked
    const after = d.memory.read(0, MEM);
    after.set(before.subarray(MEM - 32), MEM - 32);
    check(sent, run.completions, after, before);
  });
});

describe('queue engine erasure coding', () => {
  it('completes bad erasure-coded requests with their status (10, 6, 7, 11) while good ones go through', async () => {
    const d = await device({ erasureCoding: 'both', ecK: 4, ecM: 2 });
    const before = setup(d, 16);
    const seg = (addr: number, length: number) => ({ addr, length });
    const text = DATA + DATA / 2;
    const good = lastStripes.find((_, i) => i % 6 !== 5)!;
    const bad: QueueRequest[] = [
      { opcode: 2, cid: 1, src: [seg(DATA, 10)], dst: [], erasureCoded: true },                    // 10 no EC stage for a crc32c
      { opcode: 1, cid: 2, src: [seg(DATA, 40_000), seg(DATA + 50_000, 30_000)], dst: [seg(2 * DATA, 200_000)], erasureCoded: true }, // 6 above 64 KiB
      { opcode: 1, cid: 3, src: [seg(DATA, 1000)], dst: [seg(2 * DATA + 300_000, 1000)], erasureCoded: true }, // 7 room for the data, not its stripe
      { opcode: 4, cid: 4, src: [seg(lastStripes[5].addr, lastStripes[5].length)], dst: [seg(2 * DATA + 400_000, 8000)], erasureCoded: true }, // 11 bad header
      { opcode: 4, cid: 5, src: [seg(good.addr, good.length - 64)], dst: [seg(2 * DATA + 500_000, 8000)], erasureCoded: true }, // 11 a fragment short
    ];
    const ok: QueueRequest[] = [
      { opcode: 3, cid: 100, src: [seg(text + 5, 3000)], dst: [seg(2 * DATA + 600_000, 3000), seg(2 * DATA + 610_000, 3000)], erasureCoded: true },
      { opcode: 1, cid: 101, src: [seg(DATA + 11, 1), seg(DATA + 99, 300)], dst: [seg(2 * DATA + 620_000, 6 * 128)], erasureCoded: true },
      { opcode: 4, cid: 102, src: [seg(good.addr, good.length)], dst: [seg(2 * DATA + 630_000, good.plain)], erasureCoded: true },
      // a stripe read with nothing lost needs no reconstruction: its first n bytes are the block
      { opcode: 4, cid: 103, src: [seg(lastBlocks[0].addr, lastBlocks[0].length)], dst: [seg(2 * DATA + 640_000, lastBlocks[0].plain)] },
    ];
    const sent = new Map<string, Sent>();
    const add = (q: number, r: QueueRequest) => {
      sent.set(`${q}/${r.cid}`, { queue: q, r, want: runRequest(r, (a, n) => before.subarray(a, a + n), (s) => s.addr + s.length <= MEM, stagesOf(d)) });
      d.submit(q, r);
    };
    bad.forEach((r) => add(0, r));
    ok.forEach((r) => add(1, r));
    const run = d.run({}, { readLatency: 20 });
    expect(run.completions.filter((c) => c.queue === 0).map((c) => c.status)).toEqual([10, 6, 7, 11, 11]);
    expect(run.completions.filter((c) => c.queue === 1).map((c) => c.status)).toEqual([0, 0, 0, 0]);
    check(sent, run.completions, d.memory.read(0, MEM), before);
    // the stripe written for the compressed request is the reference's stripe of the design model's block
    const block = stagesOf(d).compress!(before.subarray(text + 5, text + 3005));
    const stripe = stripeEncode(block, 4, 2);
    const written = d.memory.read(2 * DATA + 600_000, Math.min(3000, stripe.length));
    expect(Buffer.from(written).equals(Buffer.from(stripe.subarray(0, written.length)))).toBe(true);
    expect(Number(run.completions.find((c) => c.cid === 100)!.result >> 32n)).toBe(block.length);
  });

  it('refuses an EC config that cannot work, by name', async () => {
    await expect(SimulatedQueueDevice.create({ erasureCoding: 'reconstruct', decompression: 'none' })).rejects.toThrow("gen/queue: parameter 'erasureCoding' 'reconstruct' reconstructs stripes for the decompression stage (opcode 4), so it needs decompression 'lz4'");
  });
});

describe('queue engine backpressure and arbitration', () => {
  it('holds completions while a completion ring is full, and loses none', async () => {
    const d = await device({ queues: 1 });
    setup(d, 4); // 3 usable entries per ring
    const req = (cid: number) => ({ opcode: 2, cid, src: [{ addr: DATA + 64 * cid, length: 100 }], dst: [] });
    [1, 2, 3].forEach((c) => d.submit(0, req(c)));
    expect(d.run().completions.map((c) => c.cid)).toEqual([1, 2, 3]);
    const ring = d.memory.read(0x80000, 64);
    [4, 5, 6].forEach((c) => d.submit(0, req(c)));
    // the device was not told the ring was reaped: it must not overwrite the three entries
    expect(() => d.run({ stallLimit: 3000 }, {}, { holdCompletionHeads: true })).toThrow(SimStallError);
    expect(Buffer.from(d.memory.read(0x80000, 64)).equals(Buffer.from(ring))).toBe(true);
    // once told, it posts the held completions
    const after = d.run();
    expect(after.completions.map((c) => c.cid)).toEqual([4, 5, 6]);
    expect(after.completions.every((c) => c.status === 0)).toBe(true);
  });

  it('fetches round robin, or by weight', async () => {
    for (const [arbitration, weights, want] of [
      ['round-robin', [1, 1], [0, 1, 0, 1, 0, 1]],
      ['weighted', [3, 1], [0, 0, 0, 1, 0, 0]],
    ] as const) {
      const d = await device({ queues: 2, maxRequests: 2, arbitration });
      setup(d, 16, [...weights]);
      for (let i = 0; i < 8; i++) for (const q of [0, 1]) d.submit(q, { opcode: 2, cid: i, src: [{ addr: DATA + 64 * i, length: 256 }], dst: [] });
      const run = d.run({}, { readLatency: 10 });
      expect(run.interrupts.slice(0, 6), arbitration).toEqual(want);
    }
  });

  it('keeps a queue depth with a polling host: each latency is doorbell to interrupt; deeper queues move more', async () => {
    const rates: number[] = [];
    for (const depth of [1, 4]) {
      const d = await device({ queues: 1, maxRequests: 8 });
      const before = setup(d, 16);
      const size = 1000;
      const req = (i: number): QueueRequest => ({ opcode: 1, cid: i, src: [{ addr: DATA + 3 + 1024 * i, length: size }], dst: [{ addr: 2 * DATA + 5 + 1024 * i, length: size }] });
      const r = runClosedLoop(d, 0, depth, 24, req, 16, { readLatency: 100, writeLatency: 100 });
      expect(r.completions.map((c) => c.cid).sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i));
      expect(r.completions.every((c) => c.status === 0 && c.latency > 200)).toBe(true);
      const after = d.memory.read(2 * DATA, 1024 * 24);
      for (let i = 0; i < 24; i++) expect(Buffer.from(after.subarray(5 + 1024 * i, 5 + 1024 * i + size)).equals(Buffer.from(before.subarray(DATA + 3 + 1024 * i, DATA + 3 + 1024 * i + size)))).toBe(true);
      expect(percentile(r.completions.map((c) => c.latency), 99)).toBeGreaterThanOrEqual(percentile(r.completions.map((c) => c.latency), 50));
      rates.push((24 * size) / r.cycles);
    }
    expect(rates[1]).toBeGreaterThan(1.5 * rates[0]);
  });

  it('refuses bad parameters and bad driver calls by name', async () => {
    await expect(SimulatedQueueDevice.create({ dataBytes: 12 })).rejects.toThrow("gen/queue: parameter 'dataBytes' = 12 is not a power of two");
    await expect(SimulatedQueueDevice.create({ queues: 17 })).rejects.toThrow(/'queues' = 17 .*1\.\.16/);
    const d = await device({ queues: 2 });
    expect(() => d.setupQueue(2, 8, 0, 0)).toThrow('queue 2 does not exist (the device has 2)');
    expect(() => d.setupQueue(0, 1, 0, 0)).toThrow('queue 0: 1 entries is outside 2..65535');
    expect(() => d.submit(1, { opcode: 2, cid: 0, src: [], dst: [] })).toThrow('queue 1 is not set up');
    d.setupQueue(0, 2, 0x1000, 0x2000);
    d.submit(0, { opcode: 2, cid: 0, src: [{ addr: DATA, length: 4 }], dst: [] });
    expect(() => d.submit(0, { opcode: 2, cid: 1, src: [{ addr: DATA, length: 4 }], dst: [] })).toThrow(/queue 0: the submission ring \(2 entries, 1 usable\) is full/);
  });
});

describe('the demo on the default datapath', () => {
  it('runs the demo data set as requests through hw/datapath.json with no mismatch', async () => {
    const { datapathDemo } = await import('../../src/cli/datapath-demo.js');
    const { demoMessages } = await import('../../src/data/demo-set.js');
    const problems: string[] = [];
    const log = console.log;
    const lines: string[] = [];
    console.log = (...a: unknown[]) => { lines.push(a.join(' ')); };
    try {
      await datapathDemo(demoMessages(), problems);
    } finally {
      console.log = log;
    }
    expect(problems).toEqual([]);
    expect(lines.join('\n')).toMatch(/queue_engine_q4_w16_r8_lz4_unlz4_ec8p2 +4 +52 .* 0 +PASS/);
  });
});

describe('queue engine randomized stress', () => {
  it.each([
    [{}, 11], [{}, 12], [{ queues: 3, dataBytes: 8, maxRequests: 2, maxBurstBeats: 4, maxReadBursts: 2 }, 13],
    [{ erasureCoding: 'both', ecK: 4, ecM: 2 }, 14],
    // engine arrays of several sizes: narrow decoders behind input FIFOs, blocks leaving in order
    [{ queues: 2, dataBytes: 32, compressEngines: 2, decompressEngines: 3, decompressEngineBytes: 2, erasureCoding: 'both', ecK: 4, ecM: 2 }, 15],
  ] as [Record<string, unknown>, number][])('%o seed %i: small rings, random host timing per batch, every request right', async (raw, seed) => {
    const d = await device(raw);
    const rng = new Rng(seed);
    const before = setup(d, rng.int(2, 12), Array.from({ length: d.params.queues }, () => rng.int(1, 4)));
    const stages = stagesOf(d);
    let next = 2 * DATA;
    const slot = () => { const a = next; next += 12_000; return a; };
    const sent = new Map<string, Sent>();
    const done: Completion[] = [];
    let cid = 0;
    for (let batch = 0; batch < 8; batch++) {
      for (let q = 0; q < d.params.queues; q++) {
        for (let k = rng.int(0, d.room(q)); k > 0 && next < MEM - 200_000; k--) {
          const r = randomRequest(rng, cid++, slot, stages.compress !== undefined, stages.decompress !== undefined, ecOf(d));
          if (r.opcode === 3 && rng.int(0, 4) === 0) r.dst = [{ addr: slot(), length: rng.int(1, 40) }]; // too small, often
          if (rng.int(0, 25) === 0) r.opcode = 9;
          if (rng.int(0, 5) === 0) {
            // verify against the right CRC32C, or now and then a wrong one
            const right = Number(runRequest({ ...r, opcode: 2, dst: [], erasureCoded: false }, (a, n) => before.subarray(a, a + n), () => true).result & 0xffffffffn);
            r.verifyCrc = rng.int(0, 2) ? right : (right ^ 1) >>> 0;
          }
          sent.set(`${q}/${r.cid}`, { queue: q, r, want: runRequest(r, (a, n) => before.subarray(a, a + n), (s) => s.addr + s.length <= MEM, stages) });
          d.submit(q, r);
        }
      }
      const timing = { readLatency: rng.int(1, 300), writeLatency: rng.int(1, 300), bytesPerCycle: rng.int(4, 64), maxReads: rng.int(1, 16), maxWrites: rng.int(1, 16) };
      done.push(...d.run(batch % 2 ? { gap: 0.2, backpressure: 0.3, seed: batch } : {}, timing).completions);
    }
    check(sent, done, d.memory.read(0, MEM), before);
  });
});
