// Trace replay: the block store returns what was last written (the payload regenerated from versions), the
// sample traces are the generator's output, each sample replays through the default datapath with no mismatch
// (degraded reads included), and an injected hardware fault is caught and named by its trace line.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { datapathQueueParams, validateDatapathConfig } from '../../gen/datapath/config.js';
import { DEFAULT_DATAPATH_FILE } from '../../gen/defaults.js';
import { BlockStore } from '../../src/trace/block-store.js';
import { SECTOR_BYTES, synthesizedPayload } from '../../src/trace/payload.js';
import { readTrace } from '../../src/trace/read.js';
import type { TraceRecord } from '../../src/trace/record.js';
import { DEFAULT_REPLAY_OPTIONS, replayTrace } from '../../src/trace/replay.js';
import { SAMPLE_TRACES, sampleTrace } from '../../src/trace/samples.js';
import { projectRoot } from '../../src/util/paths.js';

const root = projectRoot();
const defaultParams = () => datapathQueueParams(validateDatapathConfig(JSON.parse(readFileSync(path.join(root, DEFAULT_DATAPATH_FILE), 'utf8'))));

async function records(file: string, limit: number): Promise<TraceRecord[]> {
  const out: TraceRecord[] = [];
  for await (const r of readTrace(path.join(root, file))) {
    if (out.length === limit) break;
    out.push(r);
  }
  return out;
}

async function* iterate<T>(xs: T[]): AsyncGenerator<T> {
  yield* xs;
}

describe('block store and payloads', () => {
  it('regenerates what was last written, sector by sector; unwritten sectors hold the pre-trace data', () => {
    const payload = synthesizedPayload(5, 50);
    const store = new BlockStore(4096, payload);
    const before = store.unit('d', 3);
    expect(before).toEqual(store.unit('d', 3)); // deterministic
    store.write('d', 3 * 4096 + 1000, 20); // widened to sector 1 of unit 3 (bytes 512..1023)
    const after = store.unit('d', 3);
    const changed = Array.from({ length: 8 }, (_, s) => Buffer.compare(Buffer.from(after.subarray(s * 512, s * 512 + 512)), Buffer.from(before.subarray(s * 512, s * 512 + 512))) !== 0);
    expect(changed).toEqual([false, true, false, false, false, false, false, false]);
    expect(store.unit('other', 3)).not.toEqual(before); // devices differ
    store.write('d', 3 * 4096, 4096);
    expect(store.unit('d', 3)).not.toEqual(after); // a rewrite is new data
    expect(store.unitsOf(4095, 2)).toEqual([0, 1]);
    expect(store.writtenSectors).toBe(8);
  });

  it('makes sectors with the zeros fio-style compressibility asks for', () => {
    for (const pct of [0, 25, 50, 100]) {
      const s = synthesizedPayload(1, pct).sector('x', 42, 1);
      expect(s.length).toBe(SECTOR_BYTES);
      const zeros = s.subarray(Math.round(SECTOR_BYTES * (100 - pct) / 100));
      expect(zeros.every((b) => b === 0), `${pct}%`).toBe(true);
    }
  });
});

describe('sample traces', () => {
  it.each(SAMPLE_TRACES)('$file is the seeded generator\'s output', (spec) => {
    expect(readFileSync(path.join(root, spec.file), 'utf8') === sampleTrace(spec), `${spec.file} is stale: run npm run dpuforge -- trace samples`).toBe(true);
  });
});

describe('replay through the default datapath', () => {
  it.each([
    [SAMPLE_TRACES[0].file, { lose: 2 }],
    [SAMPLE_TRACES[1].file, { lose: 1, clockMhz: 250 }],
    [SAMPLE_TRACES[2].file, { unitBytes: 4096 }],
  ] as [string, Partial<typeof DEFAULT_REPLAY_OPTIONS> & { clockMhz?: number }][])('%s %o: every request bit-exact, none lost', async (file, opts) => {
    const recs = await records(file, 250);
    const options = { ...DEFAULT_REPLAY_OPTIONS, payload: synthesizedPayload(1, 50), ...opts };
    const r = await replayTrace(iterate(recs), defaultParams(), options);
    expect(r.mismatches, r.firstMismatch ? JSON.stringify(r.firstMismatch) : '').toBe(0);
    expect(r.records).toBe(recs.length);
    expect(r.reads + r.writes).toBe(recs.length);
    // one device request per unit each I/O touches, all completed
    const units = recs.reduce((n, x) => n + new BlockStore(options.unitBytes, options.payload).unitsOf(x.offset, x.length).length, 0);
    expect(r.requests).toBe(units);
    expect(r.unitBytesMoved).toBe(units * options.unitBytes);
    expect(r.latencies.length).toBe(recs.length);
    expect(r.degradedReads).toBe(opts.lose ? recs.filter((x) => x.op === 'read').reduce((n, x) => n + new BlockStore(options.unitBytes, options.payload).unitsOf(x.offset, x.length).length, 0) : 0);
    expect(r.compressedBytes).toBeGreaterThan(0);
    expect(r.compressedInput / r.compressedBytes).toBeGreaterThan(1.5); // half of every sector is zeros
  });

  it('catches an injected hardware fault (one flipped bit) and names the request that exposed it', async () => {
    const recs = await records(SAMPLE_TRACES[2].file, 60);
    const r = await replayTrace(iterate(recs), { ...defaultParams(), testFlipBitAfter: 7 }, { ...DEFAULT_REPLAY_OPTIONS, payload: synthesizedPayload(1, 50) });
    expect(r.mismatches).toBe(1);
    const m = r.firstMismatch!;
    const rec = recs.find((x) => x.line === m.line)!;
    expect(rec, `trace line ${m.line}`).toBeDefined();
    expect([rec.device, rec.op]).toEqual([m.device, m.kind]);
    expect(m.offset).toBeGreaterThanOrEqual(Math.floor(rec.offset / DEFAULT_REPLAY_OPTIONS.unitBytes) * DEFAULT_REPLAY_OPTIONS.unitBytes);
    expect(m.offset).toBeLessThan(rec.offset + rec.length);
    expect(m.what).toMatch(/destination byte 0 is 0x[0-9a-f]+, software pipeline 0x[0-9a-f]+/);
  });

  it('refuses replay options the datapath cannot honor, by name', async () => {
    const opts = { ...DEFAULT_REPLAY_OPTIONS, payload: synthesizedPayload(1, 50) };
    await expect(replayTrace(iterate([]), defaultParams(), { ...opts, lose: 3 })).rejects.toThrow('--lose 3: an 8+2 stripe survives at most 2 lost fragments');
    await expect(replayTrace(iterate([]), defaultParams(), { ...opts, unitBytes: 1000 })).rejects.toThrow('unit of 1000 bytes: expected a multiple of 512 in 512..65536');
    await expect(replayTrace(iterate([]), { ...defaultParams(), erasureCoding: 'none' }, { ...opts, lose: 1 })).rejects.toThrow('--lose 1: the datapath has no EC reconstruct stage');
  });
});
