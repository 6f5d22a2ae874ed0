// The runtime model's inputs: trace records become I/Os at their arrival times (sped up, some reads degraded);
// engine figures come from the synthesis table's JSON, and a missing row is named.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ioRequestsFromTrace } from '../../src/runtime/trace-requests.js';
import { DEFAULT_ENGINE_ROWS, engineFigures } from '../../src/runtime/engine-rates.js';
import { readTrace } from '../../src/trace/read.js';
import { SAMPLE_TRACES } from '../../src/trace/samples.js';
import { projectRoot } from '../../src/util/paths.js';
import type { TraceRecord } from '../../src/trace/record.js';

describe('runtime model inputs', () => {
  it('turns a sample trace into I/Os at its arrival times, sped up, with the chosen share of degraded reads', async () => {
    const file = path.join(projectRoot(), SAMPLE_TRACES[1].file);
    const recs: TraceRecord[] = [];
    for await (const r of readTrace(file)) { if (recs.length === 300) break; recs.push(r); }
    const slow = await ioRequestsFromTrace(readTrace(file), { speedup: 1, degradedReads: 0, seed: 1, limit: 300 });
    const fast = await ioRequestsFromTrace(readTrace(file), { speedup: 10, degradedReads: 0.5, seed: 1, limit: 300 });
    const kept = recs.filter((r) => r.length > 0);
    expect(slow.length).toBe(kept.length);
    slow.forEach((q, i) => expect([q.op, q.bytes, q.arrivalNs]).toEqual([kept[i].op, kept[i].length, kept[i].timeUs * 1000]));
    fast.forEach((q, i) => expect(q.arrivalNs).toBeCloseTo(slow[i].arrivalNs / 10, 6));
    const reads = fast.filter((q) => q.op === 'read');
    const degraded = reads.filter((q) => q.degraded).length;
    expect(degraded / reads.length).toBeGreaterThan(0.35);
    expect(degraded / reads.length).toBeLessThan(0.65);
    expect(fast.some((q) => q.op === 'write' && q.degraded)).toBe(false);
    await expect(ioRequestsFromTrace(readTrace(file), { speedup: 0, degradedReads: 0, seed: 1 })).rejects.toThrow('speedup 0: must be positive');
  });

  it('reads engine figures from a synthesis table, naming a missing row', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'engine-rates-'));
    const row = (top: string, bytesPerCycle: number) => ({ engine: 'x', top, luts: 100, ffs: 50, brams: 1, urams: 0, dsps: 0, ice40: { doesNotFit: '' }, bytesPerCycle, seconds: 1 });
    const tops = [...new Set(Object.values(DEFAULT_ENGINE_ROWS))];
    const file = path.join(dir, 'synthesis.json');
    writeFileSync(file, JSON.stringify(tops.map((t, i) => row(t, 8 * (i + 1)))));
    const f = engineFigures(file);
    expect(f.crc32c).toEqual({ top: 'crc_engine_w64_crc32c', bytesPerCycle: 8 * (tops.indexOf('crc_engine_w64_crc32c') + 1), luts: 100, ffs: 50, brams: 1, dsps: 0 });
    expect(f.encrypt.top).toBe(f.decrypt.top);
    writeFileSync(file, JSON.stringify(tops.slice(1).map((t) => row(t, 8))));
    expect(() => engineFigures(file)).toThrow(`has no row for ${tops[0]}`);
    expect(() => engineFigures(path.join(dir, 'none.json'))).toThrow('does not exist: run npm run dpuforge -- synth table');
  });
});
