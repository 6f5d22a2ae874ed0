// Synthesis and place and route with the npm WebAssembly Yosys and nextpnr: resources per target for a small
// CRC engine, block RAM for an EC stripe stage and the UltraScale+ memory kinds (UltraRAM, LUT RAM); iCE40 Fmax;
// logic depth in LUT levels; and the clear errors: test-only broken designs
// (a latch, conflicting drivers, an undriven net, block RAM that cannot be block RAM), a missing input file,
// an unknown target and a design too large for the part.
import { describe, expect, it } from 'vitest';
import type { GeneratedDesign } from '../../gen/core/design.js';
import { crcGenerator } from '../../gen/crc/generate.js';
import { ecStripeGenerator } from '../../gen/ec/stripe.js';
import { placeAndRoute } from '../../src/synth/nextpnr.js';
import { designPorts, oocWrapper } from '../../src/synth/ooc-wrapper.js';
import { logicDepth, synthesize, type SynthTarget } from '../../src/synth/yosys.js';
import { lz4CompressGreedyGenerator } from '../../gen/lz4/compress-greedy.js';
import { lz4CompressArrayGenerator } from '../../gen/lz4/compress-array.js';
import { synthesizeByParts } from '../../src/synth/parts.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const crc = (w: number) => crcGenerator.emit(crcGenerator.validate({ bytesPerCycle: w, model: 'crc32c' }));

/** A hand-written, deliberately broken one-module design (test only). */
function broken(top: string, body: string): GeneratedDesign {
  return { generator: 'test', version: '0', paramsJson: '{}', top, files: [{ name: `${top}.v`, content: `module ${top} ${body}\nendmodule\n` }], libFiles: [], ports: { clock: 'clk', reset: 'rst', streams: [] }, latencyCycles: 0 };
}

describe('synthesis', () => {
  it.each(['generic', 'xilinx', 'ice40'] as SynthTarget[])('a 4-byte CRC32C engine on %s: logic and flops, no RAM', async (target) => {
    const r = await synthesize(crc(4), target);
    expect(r.total.luts).toBeGreaterThan(100);
    expect(r.total.ffs).toBeGreaterThan(100);
    expect(r.total.brams).toBe(0);
    expect(Object.keys(r.modules)).toContain('crc_engine_w4_crc32c');
    if (target === 'ice40') expect(JSON.parse(r.netlist!).modules).toHaveProperty('crc_engine_w4_crc32c');
  });

  it('measures logic depth as Yosys ltp does: the 16-byte CRC32C engine has 4 nodes (3 LUT levels), with either Yosys', async () => {
    // 4 nodes: the figure issue 19 reports from Yosys (synth -flatten; abc -lut 6; opt_clean; ltp -noff) by hand
    for (const yosys of ['wasm', 'native'] as const) {
      const d = await logicDepth(crc(16), { yosys });
      expect(d.nodes, yosys).toBe(4);
      expect(d.lutLevels).toBe(3);
      expect(d.from).toMatch(/_reg/);
    }
    // a memory stays one node (it would otherwise become flip-flops): an engine with 64 KiB buffers measures quickly
    const g = await logicDepth(lz4CompressGreedyGenerator.emit(lz4CompressGreedyGenerator.validate({})), { yosys: 'native' });
    expect(g.lutLevels).toBeGreaterThan(3);
    expect(g.seconds).toBeLessThan(120);
  });

  it('runs the native Yosys too (Debian\'s, for designs beyond the WebAssembly build), with the same kinds of figures', async () => {
    const wasm = await synthesize(crc(4), 'xilinx');
    const native = await synthesize(crc(4), 'xilinx', { yosys: 'native' });
    expect(wasm.yosys).toMatch(/^wasm 0\.\d+/);
    expect(native.yosys).toMatch(/^native 0\.\d+/);
    expect(native.total.ffs).toBe(wasm.total.ffs); // the same registers; LUT mapping differs between versions
    expect(native.total.luts).toBeGreaterThan(100);
    const pr = await placeAndRoute((await synthesize(crc(4), 'ice40', { yosys: 'native' })).netlist!, 'crc_engine_w4_crc32c', 'hx8k');
    expect(pr.fmaxMhz.clk).toBeGreaterThan(20);
  });

  it('reads the native Yosys 0.23 statistics of a design with parameterized submodules (its stat -json writes text lines into the JSON)', async () => {
    const d = ecStripeGenerator.emit(ecStripeGenerator.validate({ mode: 'encode', k: 4, m: 2, dataBytes: 8, maxBytes: 8192 }));
    const wasm = await synthesize(d, 'xilinx');
    const native = await synthesize(d, 'xilinx', { yosys: 'native' });
    expect(native.total.brams).toBe(wasm.total.brams);
    expect(native.total.brams).toBeGreaterThan(0);
    expect(native.total.ffs).toBe(wasm.total.ffs);
    expect(Object.keys(native.modules).sort()).toEqual(Object.keys(wasm.modules).sort());
  });

  it('stops a native Yosys at its memory limit with a clear error (instead of drawing the out-of-memory killer)', async () => {
    process.env.DPUFORGE_YOSYS_MEMORY_GIB = '0.05';
    try {
      await expect(synthesize(crc(4), 'xilinx', { yosys: 'native' })).rejects.toThrow(/crc_engine_w4_crc32c: out of memory: Yosys needed more than the 0.05 GiB it may use/);
    } finally {
      delete process.env.DPUFORGE_YOSYS_MEMORY_GIB;
    }
  });

  it('synthesizes a composed design by parts: each module once, counted per instance, cached (against the whole design)', async () => {
    const d = lz4CompressArrayGenerator.emit(lz4CompressArrayGenerator.validate({ engines: 3, dataBytes: 16, beatBytes: 4, hashBits: 8, windowBytes: 256, pieces: true }));
    const cache = mkdtempSync(path.join(os.tmpdir(), 'dpuforge-parts-'));
    const saved = process.env.DPUFORGE_CACHE;
    process.env.DPUFORGE_CACHE = cache;
    try {
      const heard: string[] = [];
      const p = await synthesizeByParts(d, 'xilinx', { log: (s) => heard.push(s) });
      const engine = p.parts.find((x) => x.module.startsWith('lz4_compress_greedy'))!;
      expect(p.parts.map((x) => [x.module, x.instances])).toEqual([[d.top, 1], [engine.module, 3]]);
      expect(heard).toHaveLength(2);
      // the array's own run holds its FIFOs and packer, not the engines (black boxes there)
      const own = p.parts[0].resources;
      expect(p.total.luts).toBe(own.luts + 3 * engine.resources.luts);
      expect(p.total.brams).toBe(own.brams + 3 * engine.resources.brams);
      // the whole design: the same flip-flops and block RAM; LUTs within 10% (nothing optimized across a part's edge)
      const whole = await synthesize(d, 'xilinx');
      expect([p.total.ffs, p.total.brams]).toEqual([whole.total.ffs, whole.total.brams]);
      expect(Math.abs(p.total.luts - whole.total.luts) / whole.total.luts).toBeLessThan(0.1);
      // a second run comes from the cache
      const again = await synthesizeByParts(d, 'xilinx', { log: (s) => heard.push(s) });
      expect(again.parts.every((x) => x.cached)).toBe(true);
      expect(again.total).toEqual(p.total);
      expect(heard).toHaveLength(2);
    } finally {
      if (saved === undefined) delete process.env.DPUFORGE_CACHE; else process.env.DPUFORGE_CACHE = saved;
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('places and routes the 4-byte CRC engine on an HX8K with an Fmax', async () => {
    const r = await synthesize(crc(4), 'ice40');
    const pr = await placeAndRoute(r.netlist!, r.top, 'hx8k');
    expect(pr.utilization.ICESTORM_LC.available).toBe(7680);
    expect(pr.utilization.ICESTORM_LC.used).toBeGreaterThan(200);
    expect(pr.fmaxMhz.clk).toBeGreaterThan(20);
  });

  it('places an engine with more port bits than the part has pins inside the I/O-light harness', async () => {
    const d = crc(32);
    const bits = designPorts(d).reduce((n, p) => n + p.width, 0);
    expect(bits).toBeGreaterThan(256); // HX8K ct256: 206 user I/O
    const h = oocWrapper(d);
    const r = await synthesize(h, 'ice40');
    const pr = await placeAndRoute(r.netlist!, h.top, 'hx8k');
    expect(pr.utilization.SB_IO.used).toBeLessThanOrEqual(4); // clk, rst, in_bit, out_bit
    expect(pr.utilization.ICESTORM_LC.used).toBeGreaterThan(1000);
    expect(pr.fmaxMhz.clk).toBeGreaterThan(20);
  });

  it('maps the EC stripe stage\'s buffers to block RAM on UltraScale+', async () => {
    const d = ecStripeGenerator.emit(ecStripeGenerator.validate({ mode: 'encode', k: 4, m: 2, dataBytes: 16, maxBytes: 8192 }));
    const r = await synthesize(d, 'xilinx');
    expect(r.total.brams).toBeGreaterThanOrEqual(2);
  });

  it('builds the UltraScale+ memory kinds asked for: the EC stripe buffers in UltraRAM, a stream FIFO in LUT RAM', async () => {
    const ec = (bufferMemory: string) => ecStripeGenerator.emit(ecStripeGenerator.validate({ mode: 'encode', k: 8, m: 2, dataBytes: 64, maxBytes: 65809, bufferMemory }));
    const [bram, uram] = await Promise.all([synthesize(ec('bram'), 'xilinx'), synthesize(ec('uram'), 'xilinx')]);
    expect(bram.total.urams).toBe(0);
    expect(uram.total.urams).toBeGreaterThan(0);
    expect(uram.total.brams).toBeLessThan(bram.total.brams);
    // a 64-byte-wide FIFO 32 words deep: 15 block RAMs by width, or LUT RAM
    const fifo = (kind: number): GeneratedDesign => ({
      ...broken(`fifo_k${kind}`, `(input wire clk, input wire rst, input wire [519:0] s_data, input wire s_valid, output wire s_ready,
    output wire [519:0] m_data, output wire m_valid, input wire m_ready);
dpf_stream_fifo #(.WIDTH(520), .DEPTH_BITS(5), .RAM_KIND(${kind})) f (.clk(clk), .rst(rst), .s_data(s_data), .s_valid(s_valid),
    .s_ready(s_ready), .m_data(m_data), .m_valid(m_valid), .m_ready(m_ready));`), libFiles: ['hw/lib/dpf_stream_fifo.v'] });
    const [block, lut] = await Promise.all([synthesize(fifo(0), 'xilinx'), synthesize(fifo(1), 'xilinx')]);
    expect(block.total.brams).toBeGreaterThanOrEqual(7);
    expect(block.total.lutrams).toBe(0);
    expect(lut.total.brams).toBe(0);
    expect(lut.total.lutrams).toBeGreaterThan(0);
  });

  it.each([
    ['an inferred latch', 'latchy', '(input wire en, input wire [3:0] d, output reg [3:0] q);\nalways @* if (en) q = d;', /latchy: inferred latch: signal latchy\.q/],
    ['conflicting drivers', 'multi', '(input wire a, input wire b, output wire y);\nassign y = a;\nassign y = b;', /multi: multiple conflicting drivers: multi\.[yab]\b/],
    ['an undriven net', 'undriven', '(input wire clk, output reg y);\nwire w;\nalways @(posedge clk) y <= w;', /undriven: used but never driven: undriven\.w/],
    ['block RAM that cannot be block RAM', 'asyncram', '(input wire clk, input wire we, input wire [9:0] wa, input wire [9:0] ra, input wire [15:0] wd, output wire [15:0] rd);\n(* ram_style = "block" *) reg [15:0] mem [0:1023];\nalways @(posedge clk) if (we) mem[wa] <= wd;\nassign rd = mem[ra];', /asyncram: memory asyncram\.mem is marked for block RAM but cannot be mapped to the xilinx block RAM/],
  ] as [string, string, string, RegExp][])('fails on %s, naming module and signal', async (_what, top, body, message) => {
    await expect(synthesize(broken(top, body), 'xilinx')).rejects.toThrow(message);
  });

  it('names a missing input file and an unknown target', async () => {
    await expect(synthesize({ ...crc(4), libFiles: ['hw/lib/nope.v'] }, 'generic')).rejects.toThrow(/crc_engine_w4_crc32c: input file hw\/lib\/nope\.v cannot be read/);
    await expect(synthesize(crc(4), 'ecp5' as SynthTarget)).rejects.toThrow("unknown synthesis target 'ecp5' (targets: generic, xilinx, ice40)");
  });

  it('says a design does not fit the part, naming the resources that overflowed', async () => {
    const r = await synthesize(crc(64), 'ice40');
    await expect(placeAndRoute(r.netlist!, r.top, 'hx8k')).rejects.toThrow(/crc_engine_w64_crc32c does not fit iCE40 HX8K \(ct256\): .*ICESTORM_LC \d+ used, 7680 on the part/);
  });
});
