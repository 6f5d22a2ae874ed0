// The DMA engine against the host-memory model: gather lists read into packets and packets scattered by write
// lists equal the memory's bytes, at any alignment and length (0 too), across widths, burst limits and host
// timings (latency, bandwidth, outstanding limits), with stream gaps and backpressure; every burst obeys the
// AXI rules the memory checks (a violation fails the run); bus errors and packets whose length disagrees
// with their segments get their status while the next commands stay right; injected faults (error responses on
// a range, a bit flipped in read data) reach the packets and write statuses they touch, and only those.
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatedDma, type ScatterJob, type Segment } from '../../src/engines/dma.js';
import type { MemoryTiming } from '../../sim/model.js';
import { Rng } from '../../src/util/rng.js';

const MEM = 1 << 21;
const engines: SimulatedDma[] = [];
afterAll(() => engines.forEach((e) => e.close()));
async function engine(raw: Record<string, unknown>): Promise<SimulatedDma> {
  const e = await SimulatedDma.create(raw, { memoryBytes: MEM });
  engines.push(e);
  return e;
}

/** Random gather lists in the lower MiB and scatter jobs into disjoint 4 KiB slots of the upper MiB. */
function workload(rng: Rng, lists: number, maxLength: number): { gathers: Segment[][]; scatters: ScatterJob[] } {
  const gathers = Array.from({ length: lists }, () => Array.from({ length: rng.int(0, 4) }, () => {
    const length = rng.int(0, 1) ? rng.int(0, 40) : rng.int(0, maxLength);
    return { addr: rng.int(0, (1 << 20) - length), length };
  }));
  let slot = 0;
  const scatters = Array.from({ length: lists }, () => {
    const segments = Array.from({ length: rng.int(0, 4) }, () => {
      const length = rng.int(0, 1) ? rng.int(0, 40) : rng.int(0, maxLength);
      return { addr: (1 << 20) + 4096 * slot++ + rng.int(0, 4095 - length), length };
    });
    return { segments, data: rng.bytes(segments.reduce((n, s) => n + s.length, 0)) };
  });
  return { gathers, scatters };
}

function expectMemoryMatches(e: SimulatedDma, before: Uint8Array, gathers: Segment[][], scatters: ScatterJob[], run: ReturnType<SimulatedDma['run']>) {
  gathers.forEach((g, i) => {
    const want = Buffer.concat(g.map((s) => before.subarray(s.addr, s.addr + s.length)));
    expect(run.reads[i].error, `gather ${i}`).toBe(false);
    expect(Buffer.from(run.reads[i].data).equals(want), `gather ${i} (${g.length} segments, ${want.length} B)`).toBe(true);
  });
  const after = e.memory.read(0, MEM);
  const expected = Uint8Array.from(before);
  for (const j of scatters) {
    let at = 0;
    for (const s of j.segments) { expected.set(j.data.subarray(at, at + s.length), s.addr); at += s.length; }
  }
  // the whole memory: the scattered bytes landed and nothing else changed
  expect(Buffer.from(after).equals(Buffer.from(expected))).toBe(true);
  expect(run.writes.map((w) => w.tag)).toEqual(run.writes.map((_, i) => i));
  expect(run.writes.every((w) => w.status === 0)).toBe(true);
}

describe.each([
  { raw: {}, timing: {} },
  { raw: { dataBytes: 4, maxBurstBeats: 1, maxReadBursts: 1, maxWriteBursts: 1 }, timing: { readLatency: 7, writeLatency: 3, bytesPerCycle: 2 } },
  { raw: { dataBytes: 8, maxBurstBeats: 3, maxReadBursts: 2, maxWriteBursts: 5 }, timing: { readLatency: 1, writeLatency: 1, maxReads: 1, maxWrites: 1 } },
  { raw: { dataBytes: 32, maxBurstBeats: 256, maxReadBursts: 16, maxWriteBursts: 16 }, timing: { readLatency: 150, writeLatency: 90, maxReads: 12 } },
  { raw: { dataBytes: 64, maxBurstBeats: 64, maxReadBursts: 64, maxWriteBursts: 4 }, timing: { readLatency: 40, bytesPerCycle: 24 } },
  // many short segments in flight at once (the line-rate datapath's DMA)
  { raw: { dataBytes: 64, maxBurstBeats: 64, maxReadBursts: 16, maxWriteBursts: 16, commandsInFlight: 16 }, timing: { readLatency: 200, writeLatency: 200 } },
  // the 128-byte datapath's DMA: 4 KiB bursts are 32 beats
  { raw: { dataBytes: 128, maxBurstBeats: 32, maxReadBursts: 8, maxWriteBursts: 8 }, timing: { readLatency: 200, writeLatency: 200 } },
] as { raw: Record<string, unknown>; timing: MemoryTiming }[])('DMA engine $raw, host $timing', ({ raw, timing }) => {
  it('gathers and scatters exactly, with gaps and backpressure', async () => {
    const e = await engine(raw);
    const rng = new Rng(e.params.dataBytes * 31 + e.params.maxBurstBeats);
    const before = rng.bytes(MEM);
    e.memory.write(0, before);
    const { gathers, scatters } = workload(rng, e.params.dataBytes === 4 ? 12 : 30, 3000);
    for (const drive of [{}, { gap: 0.3, backpressure: 0.4, seed: 9 }]) {
      e.memory.write(0, before);
      const run = e.run(gathers, scatters, drive, timing);
      expectMemoryMatches(e, before, gathers, scatters, run);
      expect(run.memory.maxReadsInFlight).toBeLessThanOrEqual(Math.min(e.params.maxReadBursts, timing.maxReads ?? 16));
    }
  });
});

describe('DMA engine outstanding reads', () => {
  it('keeps up to maxReadBursts reads in flight, which hides the host latency', async () => {
    const timing = { readLatency: 200 };
    const segs = [[{ addr: 3, length: 60_000 }]];
    const cycles: number[] = [];
    for (const maxReadBursts of [1, 8]) {
      const e = await engine({ dataBytes: 16, maxBurstBeats: 16, maxReadBursts });
      const run = e.run(segs, [], {}, timing);
      expect(run.memory.maxReadsInFlight).toBe(maxReadBursts);
      cycles.push(run.cycles);
    }
    // 60,000 bytes = 3751 beats in 235 bursts: one at a time, each waits out the latency
    expect(cycles[0]).toBeGreaterThan(235 * 200);
    expect(cycles[1]).toBeLessThan(cycles[0] / 6);
  });
});

describe('DMA engine commands in flight', () => {
  it('keeps up to commandsInFlight short segments in flight each way, which hides the latency of many small transfers', async () => {
    const timing = { readLatency: 200, writeLatency: 200 };
    // 64 aligned segments of 256 bytes: one 16-beat burst each, gathered as one packet and scattered as one job
    const gather = [Array.from({ length: 64 }, (_, i) => ({ addr: 8192 * i, length: 256 }))];
    const rng = new Rng(5);
    const scatter = [{ segments: Array.from({ length: 64 }, (_, i) => ({ addr: (1 << 20) + 8192 * i, length: 256 })), data: rng.bytes(64 * 256) }];
    const reads: number[] = [];
    const writes: number[] = [];
    for (const commandsInFlight of [4, 16]) {
      const e = await engine({ dataBytes: 16, maxBurstBeats: 16, maxReadBursts: 16, maxWriteBursts: 16, commandsInFlight });
      const before = new Rng(6).bytes(MEM);
      e.memory.write(0, before);
      const r = e.run(gather, [], {}, timing);
      expectMemoryMatches(e, before, gather, [], r);
      // each segment is one burst: the segments in flight are the bursts in flight
      expect(r.memory.maxReadsInFlight).toBe(commandsInFlight);
      reads.push(r.cycles);
      e.memory.write(0, before);
      const w = e.run([], scatter, {}, timing);
      expectMemoryMatches(e, before, [], scatter, w);
      writes.push(w.cycles);
    }
    // with 4 in flight each group of 4 segments waits out the latency once: 16 x 200 cycles at least
    expect(reads[0]).toBeGreaterThan(16 * 200);
    expect(writes[0]).toBeGreaterThan(16 * 200);
    expect(reads[1]).toBeLessThan(reads[0] / 2);
    expect(writes[1]).toBeLessThan(writes[0] / 2);
  });
});

/**
 * The write bursts a scatter job should cost, from the AXI rules alone: each segment's raw beats cut into bursts of up
 * to maxBurstBeats that never cross 4 KiB; a burst is sent only if the packet reaches its first byte in the segment.
 */
function expectedWriteBursts(jobs: readonly ScatterJob[], W: number, maxBurstBeats: number): { bursts: number; beats: number } {
  let bursts = 0;
  let beats = 0;
  for (const j of jobs) {
    let left = j.data.length;
    for (const s of j.segments) {
      const filled = Math.min(s.length, left);  // the segment's bytes the packet reaches
      left -= filled;
      if (s.length === 0) continue;
      let beatAddr = s.addr - (s.addr % W);
      let beatsLeft = Math.ceil(((s.addr % W) + s.length) / W);
      let firstByte = 0;  // the burst's first byte, as an index into the segment
      while (beatsLeft > 0) {
        const n = Math.min(maxBurstBeats, beatsLeft, (4096 - (beatAddr % 4096)) / W);
        if (firstByte < filled) { bursts++; beats += n; }
        const next = beatAddr + n * W;
        firstByte += next - Math.max(beatAddr, s.addr);
        beatAddr = next;
        beatsLeft -= n;
      }
    }
  }
  return { bursts, beats };
}

describe('DMA engine packets shorter than their segments', () => {
  it.each([
    { raw: { dataBytes: 64, maxBurstBeats: 64, maxReadBursts: 16, maxWriteBursts: 16, commandsInFlight: 16 }, timing: { readLatency: 200, writeLatency: 200 }, drive: {} },
    { raw: { dataBytes: 16, maxBurstBeats: 16 }, timing: { writeLatency: 30 }, drive: { gap: 0.3, backpressure: 0.4, seed: 3 } },
    { raw: { dataBytes: 8, maxBurstBeats: 3, maxWriteBursts: 2 }, timing: { writeLatency: 5, maxWrites: 2 }, drive: { gap: 0.5, seed: 4 } },
  ])('send only the bursts their bytes reach, write exactly their bytes, and end with status 2 ($raw)', async ({ raw, timing, drive }) => {
    const e = await engine(raw);
    const W = e.params.dataBytes;
    const rng = new Rng(W * 7 + e.params.maxBurstBeats);
    const before = rng.bytes(MEM);
    // one destination of a worst-case stripe's room (21,120 bytes) and a 5,000-byte output: the line-rate write path's case
    const big: ScatterJob = { segments: [{ addr: 1 << 20, length: 21_120 }], data: rng.bytes(5000) };
    // then random jobs of 1-4 segments whose packets are shorter, exact or longer (ending at any byte, at burst
    // boundaries and between segments too)
    let slot = 8;
    const jobs: ScatterJob[] = [big];
    for (let i = 0; i < 40; i++) {
      const segments = Array.from({ length: rng.int(1, 4) }, () => {
        const length = rng.int(0, 3) ? rng.int(1, 6000) : rng.int(0, 40);
        const addr = (1 << 20) + 8192 * slot++ + rng.int(0, 8191 - length);
        return { addr, length };
      });
      const room = segments.reduce((n, s) => n + s.length, 0);
      const cut = [rng.int(0, room), room - (segments.at(-1)!.length), Math.min(room, 4096 - (segments[0].addr % 4096)), room + rng.int(1, 300)][rng.int(0, 3)];
      jobs.push({ segments, data: rng.bytes(Math.max(0, cut)) });
    }
    e.memory.write(0, before);
    const run = e.run([], jobs, drive, timing);
    // memory: each segment holds the packet's bytes it reaches; nothing else changed
    const expected = Uint8Array.from(before);
    const statuses: number[] = [];
    for (const j of jobs) {
      let at = 0;
      const room = j.segments.reduce((n, s) => n + s.length, 0);
      for (const [k, s] of j.segments.entries()) {
        const n = Math.max(0, Math.min(s.length, j.data.length - at));
        expected.set(j.data.subarray(at, at + n), s.addr);
        at += n;
        statuses.push(k === j.segments.length - 1 && j.data.length !== room ? 2 : 0);
      }
    }
    expect(Buffer.from(e.memory.read(0, MEM)).equals(Buffer.from(expected))).toBe(true);
    expect(run.writes.map((w) => w.status)).toEqual(statuses);
    const want = expectedWriteBursts(jobs, W, e.params.maxBurstBeats);
    expect({ bursts: run.memory.writeBursts, beats: run.memory.writeBeats }).toEqual(want);
    // the stripe-room case alone: 5,000 bytes in a 21,120-byte destination reach ceil(5000 / W) beats' bursts
    const alone = e.run([], [big], drive, timing);
    expect(alone.memory.writeBeats).toBe(expectedWriteBursts([big], W, e.params.maxBurstBeats).beats);
    expect(alone.memory.writeBeats).toBeLessThan(Math.ceil(5000 / W) + e.params.maxBurstBeats);
  });
});

describe('DMA engine errors', () => {
  it.each([4, 16])('flags reads and writes outside host memory and packets that do not fit their segments; the rest stays right (%i commands in flight)', async (commandsInFlight) => {
    const e = await engine({ dataBytes: 16, commandsInFlight });
    const rng = new Rng(77);
    const before = rng.bytes(MEM);
    e.memory.write(0, before);
    const ok = (addr: number, length: number) => ({ addr, length });
    const gathers = [[ok(10, 100)], [ok(MEM - 50, 100)], [ok(5000, 33), ok(9000, 0), ok(20_000, 17)], []];
    const d = (n: number) => rng.bytes(n);
    const scatters: ScatterJob[] = [
      { segments: [ok(1 << 20, 100)], data: d(100) },                 // fine
      { segments: [ok(MEM - 10, 64)], data: d(64) },                  // beyond the memory: bus error
      { segments: [ok((1 << 20) + 4096, 50)], data: d(30) },          // packet 20 bytes short
      { segments: [ok((1 << 20) + 8192, 40)], data: d(70) },          // packet 30 bytes long: the rest is dropped
      { segments: [ok((1 << 20) + 12288, 5), ok((1 << 20) + 12400, 7)], data: d(12) },  // fine, after the bad ones
      { segments: [], data: new Uint8Array(0) },                      // an empty packet
    ];
    const run = e.run(gathers, scatters);
    expect(run.reads.map((r) => r.error)).toEqual([false, true, false, false]);
    expect(Buffer.from(run.reads[0].data).equals(Buffer.from(before.subarray(10, 110)))).toBe(true);
    expect(Buffer.from(run.reads[2].data).equals(Buffer.concat([before.subarray(5000, 5033), before.subarray(20_000, 20_017)]))).toBe(true);
    expect(run.reads[3].data.length).toBe(0);
    expect(run.writes.map((w) => w.status)).toEqual([0, 1, 2, 2, 0, 0, 0]);
    const mem = e.memory.read(0, MEM);
    expect(Buffer.from(mem.subarray(1 << 20, (1 << 20) + 100)).equals(Buffer.from(scatters[0].data))).toBe(true);
    expect(Buffer.from(mem.subarray((1 << 20) + 8192, (1 << 20) + 8232)).equals(Buffer.from(scatters[3].data.subarray(0, 40)))).toBe(true);
    expect(Buffer.from(mem.subarray((1 << 20) + 12288, (1 << 20) + 12293)).equals(Buffer.from(scatters[4].data.subarray(0, 5)))).toBe(true);
    expect(Buffer.from(mem.subarray((1 << 20) + 12400, (1 << 20) + 12407)).equals(Buffer.from(scatters[4].data.subarray(5)))).toBe(true);
  });

  it('answers injected faults: SLVERR/DECERR on reads and writes of a range, a bit flipped in read data only', async () => {
    const e = await engine({ dataBytes: 16 });
    const rng = new Rng(78);
    const before = rng.bytes(MEM);
    e.memory.write(0, before);
    const ok = (addr: number, length: number) => ({ addr, length });
    e.memory.injectFaults([
      { kind: 'error', addr: 1000, length: 1, reads: 'SLVERR' },
      { kind: 'error', addr: 3000, length: 10, reads: 'DECERR', writes: 'SLVERR' },
      { kind: 'error', addr: (1 << 20) + 4100, length: 1, writes: 'DECERR' },
      { kind: 'bit-flip', addr: 6005, bit: 3 },
    ]);
    const gathers = [[ok(900, 200)], [ok(2980, 10)], [ok(2995, 20)], [ok(6000, 40)], [ok(7000, 40)]];
    const scatters: ScatterJob[] = [
      { segments: [ok(1 << 20, 100)], data: rng.bytes(100) },            // fine
      { segments: [ok((1 << 20) + 4096, 64)], data: rng.bytes(64) },     // its burst touches the write DECERR byte
      { segments: [ok(3008, 4)], data: rng.bytes(4) },                   // write SLVERR
      { segments: [ok(6100, 8)], data: rng.bytes(8) },                   // fine
    ];
    const run = e.run(gathers, scatters);
    // a burst touching a faulted byte answers the error; gather 1 ends at 2989, in another 16-byte beat than 3000
    expect(run.reads.map((r) => r.error)).toEqual([true, false, true, false, false]);
    expect(run.writes.map((w) => w.status & 1)).toEqual([0, 1, 1, 0]);
    const flipped = Uint8Array.from(before.subarray(6000, 6040));
    flipped[5] ^= 1 << 3;
    expect(Buffer.from(run.reads[3].data).equals(Buffer.from(flipped))).toBe(true);
    expect(run.memory.readErrors).toBe(2);
    expect(run.memory.writeErrors).toBe(2);
    expect(run.memory.flippedBeats).toBe(1);
    const mem = e.memory.read(0, MEM);
    // errored writes are dropped; the flip left the contents alone
    expect(Buffer.from(mem.subarray((1 << 20) + 4096, (1 << 20) + 4160)).equals(Buffer.from(before.subarray((1 << 20) + 4096, (1 << 20) + 4160)))).toBe(true);
    expect(Buffer.from(mem.subarray(3008, 3012)).equals(Buffer.from(before.subarray(3008, 3012)))).toBe(true);
    expect(Buffer.from(mem.subarray(6000, 6040)).equals(Buffer.from(before.subarray(6000, 6040)))).toBe(true);
    expect(Buffer.from(mem.subarray(6100, 6108)).equals(Buffer.from(scatters[3].data))).toBe(true);
    // cleared: the same reads are clean
    e.memory.clearFaults();
    const clean = e.run([[ok(900, 200)], [ok(6000, 40)]], []);
    expect(clean.reads.map((r) => r.error)).toEqual([false, false]);
    expect(Buffer.from(clean.reads[0].data).equals(Buffer.from(before.subarray(900, 1100)))).toBe(true);
    expect(Buffer.from(clean.reads[1].data).equals(Buffer.from(before.subarray(6000, 6040)))).toBe(true);
    expect(clean.memory.readErrors + clean.memory.flippedBeats).toBe(0);
    expect(() => e.memory.injectFaults([{ kind: 'bit-flip', addr: 5, bit: 8 }])).toThrow(/bit is outside 0\.\.7/);
    expect(() => e.memory.injectFaults([{ kind: 'error', addr: 5, length: 4 }])).toThrow(/neither reads nor writes answer an error/);
  });

  it('refuses bad parameters and commands by name', async () => {
    await expect(SimulatedDma.create({ dataBytes: 12 })).rejects.toThrow("gen/dma: parameter 'dataBytes' = 12 is not a power of two");
    await expect(SimulatedDma.create({ maxBurstBeats: 300 })).rejects.toThrow(/'maxBurstBeats' = 300 .*1\.\.256/);
    await expect(SimulatedDma.create({ commandsInFlight: 12 })).rejects.toThrow("gen/dma: parameter 'commandsInFlight' = 12 is not a power of two");
    await expect(SimulatedDma.create({ commandsInFlight: 2 })).rejects.toThrow(/'commandsInFlight' = 2 .*4\.\.64/);
    const e = await engine({ dataBytes: 16 });
    expect(() => e.run([[{ addr: -1, length: 4 }]], [])).toThrow(/address -1 is not a non-negative integer/);
    expect(() => e.run([[{ addr: 0, length: 2 ** 32 }]], [])).toThrow(/length 4294967296 is outside 0\.\.2\^32-1/);
  });
});
