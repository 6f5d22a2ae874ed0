// Trace replay: the block store returns what was last written (the payload regenerated from versions), the
// sample traces are the generator's output, each sample replays through the default datapath with no mismatch
// (degraded reads included), and an injected hardware fault is caught and named by its trace line.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
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
import { latencyHistogram, replayHtml, throughputSeries, writeReplayReport } from '../../src/report/replay-report.js';

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

  it('replays through an encrypting datapath: per-volume keys, the sector as tweak, every request bit-exact', async () => {
    const params = datapathQueueParams(validateDatapathConfig({ writePath: ['crc32c', 'lz4-compress', 'encrypt'], readPath: ['decrypt', 'lz4-decompress', 'crc32c-verify'] }));
    const recs = await records(SAMPLE_TRACES[0].file, 150);
    const r = await replayTrace(iterate(recs), params, { ...DEFAULT_REPLAY_OPTIONS, payload: synthesizedPayload(1, 50), unitBytes: 8192 });
    expect(r.mismatches, r.firstMismatch ? JSON.stringify(r.firstMismatch) : '').toBe(0);
    expect(r.reads).toBeGreaterThan(10);
    expect(r.writes).toBeGreaterThan(10);
    expect(r.latencies.length).toBe(recs.length);
    // compression still pays: encryption comes after it (the reported bytes are whole AES blocks)
    expect(r.compressedInput / r.compressedBytes).toBeGreaterThan(1.5);
    const opts = { ...DEFAULT_REPLAY_OPTIONS, payload: synthesizedPayload(1, 50) };
    await expect(replayTrace(iterate([]), { ...params, erasureCoding: 'both' }, { ...opts, lose: 1 })).rejects.toThrow('--lose 1: the read path decrypts what it gathers');
    await expect(replayTrace(iterate([]), { ...params, encryption: 'encrypt' }, opts)).rejects.toThrow('the datapath encrypts writes but has no decrypt stage');
  });

  it('refuses replay options the datapath cannot honor, by name', async () => {
    const opts = { ...DEFAULT_REPLAY_OPTIONS, payload: synthesizedPayload(1, 50) };
    await expect(replayTrace(iterate([]), defaultParams(), { ...opts, lose: 3 })).rejects.toThrow('--lose 3: an 8+2 stripe survives at most 2 lost fragments');
    await expect(replayTrace(iterate([]), defaultParams(), { ...opts, unitBytes: 1000 })).rejects.toThrow('unit of 1000 bytes: expected a multiple of 512 in 512..65536');
    await expect(replayTrace(iterate([]), { ...defaultParams(), erasureCoding: 'none' }, { ...opts, lose: 1 })).rejects.toThrow('--lose 1: the datapath has no EC reconstruct stage');
  });
});

describe('replay reports', () => {
  it('bins latencies by powers of two and spreads throughput over the run', () => {
    expect(latencyHistogram([1, 3, 3, 9, 1000])).toEqual([
      { from: 1, to: 2, count: 1 }, { from: 2, to: 4, count: 2 }, { from: 4, to: 8, count: 0 }, { from: 8, to: 16, count: 1 },
      ...[16, 32, 64, 128, 256].map((from) => ({ from, to: 2 * from, count: 0 })), { from: 512, to: 1024, count: 1 },
    ]);
    // 16 completions: at most 16 / 8 = 2 spans of the run
    const timeline = Array.from({ length: 16 }, (_, i) => ({ cycle: i * 10, bytes: i < 8 ? 100 : 50 }));
    expect(throughputSeries(timeline, 100)).toEqual([{ cycle: 0, bytesPerCycle: 800 / 76 }, { cycle: 76, bytesPerCycle: 400 / 76 }]);
    expect(throughputSeries(timeline.slice(0, 3), 100)).toEqual([{ cycle: 0, bytesPerCycle: 300 / 21 }]);
  });

  it('writes a VCD window around the first mismatch, and JSON + standalone HTML naming it', async () => {
    // a small datapath (no compression) with the injected fault, traced
    const params = { ...datapathQueueParams(validateDatapathConfig({ queues: 2, writePath: ['crc32c'], readPath: ['crc32c-verify'] })), testFlipBitAfter: 5 };
    const recs = await records(SAMPLE_TRACES[2].file, 40);
    const opts = { ...DEFAULT_REPLAY_OPTIONS, payload: synthesizedPayload(1, 50) };
    const r = await replayTrace(iterate(recs), params, opts);
    expect(r.mismatches).toBe(1);
    const m = r.firstMismatch!;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'replay-report-'));
    const vcd = path.join(dir, 'm.vcd');
    const again = await replayTrace(iterate(recs), params, { ...opts, vcd: { file: vcd, fromCycle: m.cycle - 500, toCycle: m.cycle + 100 } });
    expect(again.firstMismatch).toEqual(m); // deterministic: the traced run is the same run
    const text = readFileSync(vcd, 'utf8');
    expect(text).toContain('$enddefinitions');
    expect(text).toMatch(new RegExp(`^#${10 * m.modelCycle}$`, 'm'));
    const files = writeReplayReport(dir, { trace: 'fio.log', format: 'fio', data: 'x', datapath: 'small', report: r, skippedLines: 0 });
    const json = JSON.parse(readFileSync(files[0], 'utf8'));
    expect([json.mismatches, json.firstMismatch.line, json.records]).toEqual([1, m.line, 40]);
    expect(json.latencyHistogram.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(40);
    const html = readFileSync(files[1], 'utf8');
    expect(html).toBe(replayHtml({ trace: 'fio.log', format: 'fio', data: 'x', datapath: 'small', report: r, skippedLines: 0 }));
    expect(html.match(/<svg /g)?.length).toBe(2);
    expect(html).toContain(`First mismatch: trace line ${m.line}, write of /dev/nvme0n1`);
    expect(html).not.toMatch(/<script|src="http/);
  });
});
