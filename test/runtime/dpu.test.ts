// The DPU runtime model: an I/O's stages and bytes; exact latency of a lone write and read (PCIe + services +
// network, computed by hand from the platform's rates); placements and host core time per policy; and the
// errors: unknown policy, a policy that drops or duplicates a task or places one where it cannot run, and a
// platform with nowhere to run a needed function.
import { describe, expect, it } from 'vitest';
import { runDpu, RuntimeError, stagesOf, type IoRequest } from '../../src/runtime/dpu.js';
import { PlatformError, type PlatformConfig } from '../../src/runtime/platform.js';
import { armOnly, enginesOnly, hostOnly, loadAware, loadAwareDpu, policyByName, sizeThreshold, type DispatchPolicy } from '../../src/runtime/policy.js';
import { exponential } from '../../src/runtime/arrivals.js';
import { BLUEFIELD2_A72 } from '../../src/runtime/arm-factors.js';
import { Rng } from '../../src/util/rng.js';

const platform = (over: Partial<PlatformConfig> = {}): PlatformConfig => ({
  clockMhz: 250,
  engines: { crc32c: { count: 1, bytesPerCycle: 16, overheadCycles: 0 }, compress: { count: 1, bytesPerCycle: 8, overheadCycles: 0 }, 'ec-encode': { count: 1, bytesPerCycle: 16, overheadCycles: 0 } },
  armCores: 8, hostCores: 4, armFactor: 0.5, softwareOverheadNs: 0,
  software: { crc32c: 8e9, compress: 0.5e9, 'ec-encode': 4e9 },
  pcie: { gbps: 128, latencyNs: 500 }, network: { gbps: 100, latencyNs: 2000 },
  ec: { k: 8, m: 2 }, compressionRatio: 2, engineAttach: { mode: 'inline' },
  ...over,
});
const WRITE = { functions: ['crc32c', 'compress', 'ec-encode'] as const };

describe('DPU runtime model', () => {
  it('gives an I/O its stages: a write compresses, then codes the compressed bytes; a degraded read rebuilds first', () => {
    const p = platform();
    expect(stagesOf({ op: 'write', bytes: 4096, arrivalNs: 0 }, p, { functions: ['crc32c', 'compress', 'encrypt', 'ec-encode'] })).toEqual({
      stages: [{ fn: 'crc32c', bytes: 4096 }, { fn: 'compress', bytes: 4096 }, { fn: 'encrypt', bytes: 2048 }, { fn: 'ec-encode', bytes: 2048 }], wireBytes: 2560,
    });
    expect(stagesOf({ op: 'read', bytes: 4096, arrivalNs: 0, degraded: true }, p, { functions: ['ec-reconstruct', 'decrypt', 'decompress', 'crc32c'] }).stages.map((s) => s.fn))
      .toEqual(['ec-reconstruct', 'decrypt', 'decompress', 'crc32c']);
  });

  it('times a lone write and read exactly: PCIe, each stage\'s service, the network', () => {
    const p = platform();
    const w = runDpu([{ op: 'write', bytes: 4096, arrivalNs: 0 }], p, WRITE, enginesOnly);
    // PCIe 4096 B at 128 Gb/s = 256 ns + 500; engines at 250 MHz: 4096/16, 4096/8, 2048/16 cycles x 4 ns;
    // network: 2560 B at 100 Gb/s = 204.8 ns + 2000
    expect(w.latency.p50).toBeCloseTo(256 + 500 + 4 * (256 + 512 + 128) + 204.8 + 2000, 6);
    expect([w.pcieBytes, w.networkBytes, w.hostCoreNs, w.dpuMemoryBytes]).toEqual([4096, 2560, 0, 0]);
    // look-aside: per stage an ARM call (300 ns) and two passes of its bytes over DPU memory at 256 Gb/s
    const la = runDpu([{ op: 'write', bytes: 4096, arrivalNs: 0 }], platform({ engineAttach: { mode: 'look-aside', callNs: 300, memoryGbps: 256 } }), WRITE, enginesOnly);
    const passes = 2 * (4096 + 4096 + 2048);
    expect(la.latency.p50).toBeCloseTo(w.latency.p50 + 3 * 300 + (passes * 8) / 256, 6);
    expect(la.dpuMemoryBytes).toBe(passes);
    // cut-through (the generated datapath streams): every hop starts as its input starts arriving (the gather's
    // first bytes at 500 ns) and ends no sooner than its input; the compressor (2,048 ns from 500) is the slowest,
    // so the last bytes leave at 2,548 ns and land 2,000 ns later
    const ct = runDpu([{ op: 'write', bytes: 4096, arrivalNs: 0 }], platform({ engineAttach: { mode: 'inline', cutThrough: true } }), WRITE, enginesOnly);
    expect(ct.latency.p50).toBeCloseTo(500 + 2048 + 2000, 6);
    // an EC stage that takes its whole input first (as the stripe stage does): 512 ns from 2,548, then the network
    const engines = { ...platform().engines, 'ec-encode': { count: 1, bytesPerCycle: 16, overheadCycles: 0, storeAndForward: true } };
    const sf = runDpu([{ op: 'write', bytes: 4096, arrivalNs: 0 }], platform({ engines, engineAttach: { mode: 'inline', cutThrough: true } }), WRITE, enginesOnly);
    expect(sf.latency.p50).toBeCloseTo(2548 + 512 + 204.8 + 2000, 6);
    expect(sf.latencies).toEqual([sf.latency.p50]);
    const r = runDpu([{ op: 'read', bytes: 4096, arrivalNs: 0 }], platform({ software: { crc32c: 8e9, decompress: 2e9 } }), { functions: ['decompress', 'crc32c'] }, armOnly);
    // network 2048 B = 163.84 ns + 2000; ARM cores at half the host rates: decompress 2048 B at 1 GB/s, CRC32C
    // 4096 B at 4 GB/s; PCIe to the host 256 + 500
    expect(r.latency.p50).toBeCloseTo(163.84 + 2000 + 2048 + 1024 + 256 + 500, 6);
    expect(r.placements).toEqual({ decompress: { engine: 0, arm: 1, host: 0 }, crc32c: { engine: 0, arm: 1, host: 0 } });
    expect([r.pcieBytes, r.networkBytes]).toEqual([4096, 2048]);
    // a per-function factor overrides the general one: decompress at 0.25 of 2 GB/s takes 4,096 ns
    const f = runDpu([{ op: 'read', bytes: 4096, arrivalNs: 0 }], platform({ software: { crc32c: 8e9, decompress: 2e9 }, armFactors: { decompress: 0.25 } }), { functions: ['decompress', 'crc32c'] }, armOnly);
    expect(f.latency.p50).toBeCloseTo(r.latency.p50 + 2048, 6);
    // the control path: each I/O takes 700 ns of an ARM core before its data moves
    const c = runDpu([{ op: 'write', bytes: 4096, arrivalNs: 0 }], platform({ controlNs: 700 }), WRITE, enginesOnly);
    expect(c.latency.p50).toBeCloseTo(w.latency.p50 + 700, 6);
    expect(c.pools.find((x) => x.name === 'ARM cores')!.served).toBe(1);
    expect(Object.values(BLUEFIELD2_A72).every((a) => a.factor > 0 && a.factor < 1 && a.source.length > 20)).toBe(true);
  });

  it('keeps host cores free with engines, spends them without, and load-aware spills to cores when the engines queue, beating engines-only at p99', () => {
    const rng = new Rng(3);
    let t = 0;
    // 16 KiB writes at 2.7 GB/s offered: over the one compress engine's 2 GB/s (8 B/cycle at 250 MHz)
    const reqs: IoRequest[] = Array.from({ length: 2000 }, () => ({ op: 'write', bytes: 16384, arrivalNs: (t += exponential(rng, 6000)) }));
    const p = platform();
    const e = runDpu(reqs, p, WRITE, enginesOnly);
    const h = runDpu(reqs, p, WRITE, hostOnly);
    const a = runDpu(reqs, p, WRITE, armOnly);
    const l = runDpu(reqs, p, WRITE, loadAware);
    expect(e.hostCoreNs).toBe(0);
    expect(h.hostCoreNs).toBeGreaterThan(reqs.length * 16384 / 0.5); // the compression alone at 0.5 GB/s
    for (const r of [e, h, a, l]) expect(r.requests).toBe(2000);
    expect(e.pools.find((x) => x.name === 'compress engines')!.utilization).toBeGreaterThan(0.9);
    expect(l.latency.p99).toBeLessThan(e.latency.p99);
    expect(l.placements.compress.arm + l.placements.compress.host).toBeGreaterThan(0);
    // on the DPU alone: no host core time, and still below engines-only at p99 (the ARM cores take the overflow)
    const d = runDpu(reqs, p, WRITE, loadAwareDpu);
    expect(d.hostCoreNs).toBe(0);
    expect(d.placements.compress.arm).toBeGreaterThan(0);
    expect(d.latency.p99).toBeLessThan(e.latency.p99);
    expect(sizeThreshold(8192).name).toBe('size-threshold-8192');
  });

  it('admits waiting requests in arrival order, or per queue in turn (round robin)', () => {
    // one request at a time; queue 0 brings three writes, then queue 1 one, all at once
    const reqs: IoRequest[] = [0, 0, 0, 1].map((queue) => ({ op: 'write', bytes: 4096, arrivalNs: 0, queue }));
    const order = (admission: 'fifo' | 'round-robin') => {
      const r = runDpu(reqs, platform({ maxInFlight: 1, admission }), WRITE, enginesOnly);
      return r.latencies.map((l, i) => [l, i]).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
    };
    expect(order('fifo')).toEqual([0, 1, 2, 3]);
    // the first goes straight in; then queue 1's turn comes before queue 0's next
    expect(order('round-robin')).toEqual([0, 3, 1, 2]);
  });

  it('refuses what cannot run, by name', () => {
    const one: IoRequest[] = [{ op: 'write', bytes: 4096, arrivalNs: 0 }, { op: 'write', bytes: 4096, arrivalNs: 10 }];
    expect(() => policyByName('fastest')).toThrow("unknown policy 'fastest' (policies: engines-only, arm-cores-only, host-only, load-aware, load-aware-dpu, size-threshold-BYTES, engine-fallback-QUEUED)");
    expect(policyByName('engine-fallback-4').name).toBe('engine-fallback-4');
    const drops: DispatchPolicy = { name: 'drops', dispatch: (task, _v, run) => { if (task.request !== 1) run('engine'); } };
    expect(() => runDpu(one, platform(), WRITE, drops)).toThrow(RuntimeError);
    expect(() => runDpu(one, platform(), WRITE, drops)).toThrow("policy 'drops' dropped 1 task: never ran request 1's crc32c stage");
    const twice: DispatchPolicy = { name: 'twice', dispatch: (_t, _v, run) => { run('engine'); run('arm'); } };
    expect(() => runDpu(one, platform(), WRITE, twice)).toThrow("policy 'twice' ran request 0's crc32c stage twice");
    const nowhere: DispatchPolicy = { name: 'nowhere', dispatch: (_t, _v, run) => run('engine') };
    expect(() => runDpu(one, platform({ engines: {} }), WRITE, nowhere)).toThrow("policy 'nowhere' placed request 0's crc32c stage on 'engine', which has no crc32c engine");
    expect(() => runDpu(one, platform({ engines: {}, armCores: 0, hostCores: 0 }), WRITE, enginesOnly)).toThrow(PlatformError);
    expect(() => runDpu(one, platform({ engines: {}, armCores: 0, hostCores: 0 }), WRITE, enginesOnly)).toThrow("'crc32c' has nowhere to run: no crc32c engine, and no ARM or host cores");
    expect(() => runDpu(one, platform({ engines: {}, software: {} }), WRITE, enginesOnly)).toThrow("'crc32c' has nowhere to run: no crc32c engine, and no software rate for the cores");
    expect(() => runDpu(one, platform({ clockMhz: 0 }), WRITE, enginesOnly)).toThrow('clockMhz = 0: must be a positive number');
    expect(() => runDpu(one, platform({ armCores: 0, controlNs: 500 }), WRITE, enginesOnly)).toThrow('controlNs = 500: the control path runs on ARM cores, and armCores = 0');
    expect(() => runDpu(one, platform({ armCores: 0, engineAttach: { mode: 'look-aside', callNs: 100, memoryGbps: 100 } }), WRITE, enginesOnly)).toThrow('engineAttach look-aside: ARM cores call the engines, and armCores = 0');
  });
});
