// The build driver and the bridge on small hand-written designs: Verilator errors surface as messages, builds
// are cached and safe when raced, a design that never responds ends in a stall error, and the bridge keeps
// AXI-Stream rules (tvalid held until accepted) under random gaps and backpressure; the host memory behind an
// AXI4 master port serves reads after its latency and refuses bursts that break the rules it checks.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxiProtocolError, SimModel, SimStallError } from '../../sim/model.js';
import { packetsToBeats, beatsToPackets } from '../../sim/stream.js';
import { BuildError, buildModel, buildPlainBench } from '../../sim/verilator-build.js';
import { runTool } from '../../src/util/run-tool.js';
import { Rng } from '../../src/util/rng.js';
import { axiProbeDesign, brokenDesign, passDesign, stuckDesign } from './designs.js';

describe('build driver', () => {
  let cache: string;
  const saved = process.env.DPUFORGE_CACHE;
  beforeAll(() => {
    cache = mkdtempSync(path.join(os.tmpdir(), 'dpuforge-cache-test-'));
    process.env.DPUFORGE_CACHE = cache;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.DPUFORGE_CACHE;
    else process.env.DPUFORGE_CACHE = saved;
    rmSync(cache, { recursive: true, force: true });
  });

  it('reports Verilator\'s own error message for RTL that does not compile', async () => {
    const err = await buildModel(brokenDesign).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BuildError);
    expect((err as Error).message).toMatch(/verilator failed to build dpf_test_broken:\n%Error: .*dpf_test_broken\.v:\d+:\d+: syntax error/);
    expect((err as Error).stack).toBeDefined();
    // nothing half-built is left in the cache
    expect(readdirSync(path.join(cache, 'models'))).toEqual([]);
  });

  it('builds once when several builders race for the same design, and reuses the cache', async () => {
    const [a, b] = await Promise.all([buildModel(passDesign), buildModel(passDesign)]);
    expect(a.dir).toBe(b.dir);
    expect(existsSync(a.addon)).toBe(true);
    expect(readdirSync(path.join(cache, 'models'))).toEqual([path.basename(a.dir)]);
    const t0 = Date.now();
    const again = await buildModel(passDesign);
    expect(again.dir).toBe(a.dir);
    expect(Date.now() - t0).toBeLessThan(2000); // a cache hit does not compile (seconds) again
  });
});

describe('bridge', () => {
  it('ends a run on a design that never accepts input with a stall error naming the wait', async () => {
    const model = await SimModel.load(stuckDesign);
    const beats = packetsToBeats([new Uint8Array(8)], 4, false);
    let err: unknown;
    try {
      model.run({ s_axis: { beats } }, { m_axis: { expectLast: 1 } }, { stallLimit: 500 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SimStallError);
    expect((err as SimStallError).message).toBe(
      'dpf_test_stuck is stuck: no stream transfer for 500 cycles (cycles 4..504). ' +
      's_axis: 0 of 2 beats accepted, waiting on s_axis_tready (low at the end); ' +
      'm_axis: 0 of 1 packets (tlast) received, waiting on m_axis_tvalid (low at the end).');
    expect((err as SimStallError).cycle).toBe(504);
    model.close();
  });

  it('bounds a run with maxCycles', async () => {
    const model = await SimModel.load(passDesign);
    const beats = packetsToBeats([new Uint8Array(400)], 4, false);
    expect(() => model.run({ s_axis: { beats } }, { m_axis: { expectLast: 1 } }, { maxCycles: 10 })).toThrow(/dpf_test_pass did not finish within 10 cycles/);
    model.close();
  });

  it('passes every beat through in order under random gaps and backpressure', async () => {
    const model = await SimModel.load(passDesign);
    const rng = new Rng(3);
    const packets = Array.from({ length: 50 }, () => rng.bytes(4 * rng.int(1, 9)));
    for (const [gap, bp, seed] of [[0, 0, 1], [0.5, 0.5, 2], [0.9, 0.1, 3], [0.1, 0.9, 4]]) {
      const r = model.run({ s_axis: { beats: packetsToBeats(packets, 4, false), gap } }, { m_axis: { expectLast: packets.length, backpressure: bp } }, { seed });
      const out = r.outputs.m_axis;
      expect(beatsToPackets(out, 4)).toEqual(packets);
      // cycle stamps strictly increase: one beat per handshake
      for (let i = 1; i < out.count; i++) expect(out.cycle[i]).toBeGreaterThan(out.cycle[i - 1]);
      if (gap === 0 && bp === 0) expect(r.cycles).toBe(out.count + 1);
    }
    model.close();
  });

  it('is deterministic: the same seed gives the same cycle stamps, another seed others', async () => {
    const model = await SimModel.load(passDesign);
    const beats = packetsToBeats([new Rng(1).bytes(400)], 4, false);
    const stamps = (seed: number) => {
      const r = model.run({ s_axis: { beats, gap: 0.4 } }, { m_axis: { expectLast: 1, backpressure: 0.4 } }, { seed });
      return Array.from(r.outputs.m_axis.cycle, (c) => c - r.startCycle);
    };
    const a = stamps(77);
    expect(a).toHaveLength(100);
    expect(stamps(77)).toEqual(a);
    expect(stamps(78)).not.toEqual(a);
    model.close();
  });

  it('refuses bad drive descriptions by name', async () => {
    const model = await SimModel.load(passDesign);
    expect(() => model.run({ s_axi: { beats: { count: 0, data: new Uint8Array(0) } } }, {})).toThrow(/dpf_test_pass has no stream port 's_axi' \(ports: s_axis, m_axis\)/);
    expect(() => model.run({ s_axis: { beats: { count: 3, data: new Uint8Array(8) } } }, {})).toThrow(/dpf_test_pass.s_axis: 3 beats need 12 data bytes, got 8/);
    expect(() => model.run({ s_axis: { beats: { count: 1, data: new Uint8Array(4), keep: new Uint8Array(1) } } }, {})).toThrow(/has no tkeep/);
    model.close();
    expect(() => model.reset()).toThrow(/model is closed/);
  });
});

describe('plain C++ benchmark testbench', () => {
  it('builds for a design and streams one beat per cycle through it', async () => {
    const exe = await buildPlainBench(passDesign, 4, 'fast-build');
    const r = await runTool(exe, ['1000']);
    expect(r.ok).toBe(true);
    const out = JSON.parse(r.stdout) as { cycles: number; seconds: number; outBeats: number };
    expect(out.cycles).toBe(1000);
    // the registered pass-through shows each beat one cycle after it enters
    expect(out.outBeats).toBe(999);
  });
});

describe('host memory behind an AXI4 master port', () => {
  it('serves reads after the configured latency and reports bursts that break the AXI rules', async () => {
    const m = await SimModel.load(axiProbeDesign, { memoryBytes: 1 << 16 });
    try {
      const mem = m.memory('m_axi');
      expect(mem.size).toBe(1 << 16);
      const bytes = new Rng(4).bytes(1 << 16);
      mem.write(0, bytes);
      expect(Buffer.from(mem.read(100, 8)).equals(Buffer.from(bytes.subarray(100, 108)))).toBe(true);
      const addr = (a: number) => ({ count: 1, data: Uint8Array.of(a & 255, (a >> 8) & 255, (a >> 16) & 255, a >>> 24), last: Uint8Array.of(1) });
      // a 4-beat burst at 0x200: the last beat is bytes 0x20c..0x20f, back after the read latency
      for (const latency of [1, 60]) {
        const r = m.run({ s_axis: { beats: addr(0x200) } }, { m_axis: { expectLast: 1 } }, { memories: { m_axi: { readLatency: latency } } });
        expect(Buffer.from(r.outputs.m_axis.data).equals(Buffer.from(bytes.subarray(0x20c, 0x210)))).toBe(true);
        expect(r.cycles).toBeGreaterThan(latency);
        expect(r.memories.m_axi).toMatchObject({ readBursts: 1, readBeats: 4, writeBursts: 0 });
      }
      expect(() => m.run({ s_axis: { beats: addr(0x1ff8) } }, { m_axis: { expectLast: 1 } })).toThrow(AxiProtocolError);
      expect(() => m.run({ s_axis: { beats: addr(0x1ff8) } }, { m_axis: { expectLast: 1 } })).toThrow(/m_axi broke the AXI4 rules .*\n.*read burst at 0x1ff8 \(4 beats\): crosses a 4 KiB boundary/);
      expect(() => m.run({ s_axis: { beats: addr(0x302) } }, { m_axis: { expectLast: 1 } })).toThrow(/read burst at 0x302 \(4 beats\): start not aligned to the 4-byte bus/);
      expect(() => m.memory('s_axi')).toThrow("dpf_test_axi_probe has no AXI4 master port 's_axi' (ports: m_axi)");
      expect(() => mem.write((1 << 16) - 2, new Uint8Array(4))).toThrow(/range outside the host memory/);
    } finally {
      m.close();
    }
  });
});
