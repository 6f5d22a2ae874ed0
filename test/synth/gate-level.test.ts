// Gate-level re-simulation: the iCE40 netlist Yosys makes of an engine (vendor cells, with the cell models Yosys
// ships) runs the same bit-exact checks as the RTL — the CRC engine, an EC engine and the LZ4 decompressor in
// small configurations — and agrees with the RTL output for output, cycle for cycle.
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatedCrcEngine } from '../../src/engines/crc.js';
import { SimulatedEcEngine, SimulatedReedSolomon } from '../../src/engines/ec.js';
import { SimulatedLz4Decompressor } from '../../src/engines/lz4.js';
import { catalogueModel, crc } from '../../src/ref/crc.js';
import { ReedSolomon } from '../../src/ref/ec.js';
import { lz4DecodeBlock } from '../../src/ref/lz4.js';
import { lz4DesignCompress } from '../../src/ref/lz4-compress.js';
import { designOf } from '../../gen/lz4/compress-params.js';
import { Rng } from '../../src/util/rng.js';
import { gateLevel } from '../../src/synth/gate-level.js';

const closers: { close(): void }[] = [];
afterAll(() => closers.forEach((c) => c.close()));
function keep<T extends { close(): void }>(x: T): T {
  closers.push(x);
  return x;
}

describe('gate-level netlists (iCE40 cells) against the RTL and the references', () => {
  it('CRC32C engine, 4 bytes per cycle', async () => {
    const raw = { bytesPerCycle: 4, model: 'crc32c' };
    const rtl = keep(await SimulatedCrcEngine.create(raw));
    const gl = keep(await SimulatedCrcEngine.create(raw, { transform: gateLevel('ice40') }));
    expect(gl.design.files[0].content).toMatch(/SB_LUT4/);
    const rng = new Rng(8);
    const messages = [0, 1, 3, 4, 5, 63, 200, 1000].map((n) => rng.bytes(n));
    const model = catalogueModel('crc32c')!;
    const drive = { gap: 0.2, backpressure: 0.3, seed: 4 };
    const a = rtl.run(messages, drive);
    const b = gl.run(messages, drive);
    expect(b.crcs).toEqual(messages.map((m) => crc(model, m)));
    expect(b.crcs).toEqual(a.crcs);
    expect(b.cycles).toBe(a.cycles);
  });

  it('EC engine, 3+2 with runtime coefficients, 4 bytes per cycle: encode and reconstruct', async () => {
    const raw = { k: 3, m: 2, bytesPerCycle: 4, coefficients: 'runtime' };
    const engines = [keep(await SimulatedEcEngine.create(raw)), keep(await SimulatedEcEngine.create(raw, { transform: gateLevel('ice40') }))];
    const ref = new ReedSolomon(3, 2, 'cauchy');
    const rng = new Rng(9);
    const data = Array.from({ length: 3 }, () => rng.bytes(37));
    const parity = ref.encode(data);
    for (const e of engines) {
      const rs = new SimulatedReedSolomon(e, 3, 2, 'cauchy', { gap: 0.2, seed: 2 });
      expect(rs.encode(data)).toEqual(parity);
      const all = [...data, ...parity];
      expect(rs.reconstruct(all.map((f, i) => (i === 0 || i === 3 ? undefined : f)), [0, 3])).toEqual([data[0], parity[0]]);
    }
  });

  it('LZ4 decompressor, 4 bytes per cycle, 256-byte window: good and corrupt blocks', async () => {
    const raw = { bytesPerCycle: 4, windowBytes: 256, maxOutputBytes: 2048 };
    const rtl = keep(await SimulatedLz4Decompressor.create(raw));
    const gl = keep(await SimulatedLz4Decompressor.create(raw, { transform: gateLevel('ice40') }));
    const text = new TextEncoder().encode('a netlist must decode what the RTL decodes, a netlist must decode what the RTL decodes; 0123456789 '.repeat(8));
    const design = designOf({ lanes: 4, hashBits: 8, hashBanks: 4, windowBytes: 256, backwardBytes: 0, historyMemory: 'registers' });
    const good = lz4DesignCompress(design, text);
    const corrupt = Uint8Array.from(good);
    corrupt[5] ^= 0xff;
    const blocks = [good, corrupt, good.subarray(0, good.length - 3), new Uint8Array([0x10, 0x41])];
    const a = rtl.decompress(blocks, { backpressure: 0.3, seed: 5 });
    const b = gl.decompress(blocks, { backpressure: 0.3, seed: 5 });
    blocks.forEach((blk, i) => {
      const want = lz4DecodeBlock(blk, rtl.limits);
      expect(b.results[i].error, `block ${i}`).toBe(want.error);
      if (!want.error) expect(Buffer.from(b.results[i].output).equals(Buffer.from(want.output))).toBe(true);
      expect(b.results[i]).toEqual(a.results[i]);
    });
    expect(b.cycles).toBe(a.cycles);
  });
});
