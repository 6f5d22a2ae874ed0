// Differential simulation: the same generated CRC RTL under Icarus Verilog and Verilator, driven by the same
// beats and the same random gap/backpressure draws, gives the same output beats at the same cycles.
import { describe, expect, it } from 'vitest';
import { crcGenerator } from '../../gen/crc/generate.js';
import { ecGenerator } from '../../gen/ec/generate.js';
import { stripesToBeats } from '../../src/engines/ec.js';
import { ReedSolomon } from '../../src/ref/ec.js';
import { runIcarus } from '../../sim/icarus.js';
import { SimModel } from '../../sim/model.js';
import { packetsToBeats } from '../../sim/stream.js';
import { Rng } from '../../src/util/rng.js';

/** Run a design under Verilator and Icarus with the same drive; every output beat must agree, cycle for cycle. */
async function expectSameUnderBoth(
  design: import('../../gen/core/design.js').GeneratedDesign,
  drive: Parameters<SimModel['run']>[0], out: Parameters<SimModel['run']>[1], seed: number,
): Promise<import('../../sim/model.js').RunResult> {
  const model = await SimModel.load(design);
  const v = model.run(drive, out, { seed });
  model.close();
  const i = await runIcarus(design, drive, out, { seed });
  expect(Array.from(i.outputs.m_axis.cycle)).toEqual(Array.from(v.outputs.m_axis.cycle));
  expect(Buffer.from(i.outputs.m_axis.data).toString('hex')).toBe(Buffer.from(v.outputs.m_axis.data).toString('hex'));
  expect(Array.from(i.outputs.m_axis.keep)).toEqual(Array.from(v.outputs.m_axis.keep));
  expect(Array.from(i.outputs.m_axis.last)).toEqual(Array.from(v.outputs.m_axis.last));
  expect(Array.from(i.outputs.m_axis.user)).toEqual(Array.from(v.outputs.m_axis.user));
  return v;
}

describe('Icarus vs Verilator', () => {
  for (const raw of [{ bytesPerCycle: 8, model: 'crc32c' }, { bytesPerCycle: 5, model: 'crc64-nvme' }]) {
    it(`agree beat for beat on ${raw.model} at ${raw.bytesPerCycle} B/cycle`, async () => {
      const design = crcGenerator.emit(crcGenerator.validate(raw));
      const rng = new Rng(77);
      const msgs = [0, 1, 7, 8, 9, 100, 333, 5].map((n) => rng.bytes(n));
      const beats = packetsToBeats(msgs, raw.bytesPerCycle);
      const drive = { s_axis: { beats, gap: 0.3 } };
      const out = { m_axis: { expectLast: msgs.length, backpressure: 0.4 } };
      const model = await SimModel.load(design);
      const v = model.run(drive, out, { seed: 99 });
      model.close();
      const i = await runIcarus(design, drive, out, { seed: 99 });
      expect(i.outputs.m_axis.count).toBe(msgs.length);
      expect(Array.from(i.outputs.m_axis.cycle)).toEqual(Array.from(v.outputs.m_axis.cycle));
      expect(Buffer.from(i.outputs.m_axis.data).toString('hex')).toBe(Buffer.from(v.outputs.m_axis.data).toString('hex'));
      expect(Array.from(i.outputs.m_axis.user)).toEqual(Array.from(v.outputs.m_axis.user));
      expect(i.cycles).toBe(v.cycles);
    });
  }

  it('agree beat for beat on the EC engine (coefficient load, then stripes)', async () => {
    const design = ecGenerator.emit(ecGenerator.validate({ k: 4, m: 2, bytesPerCycle: 8 }));
    const rs = new ReedSolomon(4, 2, 'cauchy');
    const rng = new Rng(5);
    const stripes = [3, 17, 0, 40].map((n) => Array.from({ length: 4 }, () => rng.bytes(n)));
    const drive = {
      s_coef_axis: { beats: { count: 2, data: rs.parityRows(), last: Uint8Array.from([0, 1]) } },
      s_axis: { beats: stripesToBeats(stripes, 4, 8), gap: 0.2 },
    };
    const out = { m_axis: { expectLast: stripes.length, backpressure: 0.3 } };
    const model = await SimModel.load(design);
    const v = model.run(drive, out, { seed: 11 });
    model.close();
    const i = await runIcarus(design, drive, out, { seed: 11 });
    expect(Array.from(i.outputs.m_axis.cycle)).toEqual(Array.from(v.outputs.m_axis.cycle));
    expect(Buffer.from(i.outputs.m_axis.data).toString('hex')).toBe(Buffer.from(v.outputs.m_axis.data).toString('hex'));
    expect(Array.from(i.outputs.m_axis.keep)).toEqual(Array.from(v.outputs.m_axis.keep));
    expect(Array.from(i.outputs.m_axis.last)).toEqual(Array.from(v.outputs.m_axis.last));
    // and the parity is right: first stripe's first output beat = parity 0, bytes 0..2
    expect(Buffer.from(v.outputs.m_axis.data.subarray(0, 3))).toEqual(Buffer.from(rs.encode(stripes[0])[0]));
  });
});

describe('Icarus vs Verilator on the decompressors', () => {
  it('agree beat for beat on the LZ4 decompressor', async () => {
    const { lz4DecompressGenerator } = await import('../../gen/lz4/decompress.js');
    const { lz4EncodeSequences } = await import('../../src/ref/lz4.js');
    const design = lz4DecompressGenerator.emit(lz4DecompressGenerator.validate({ bytesPerCycle: 4, windowBytes: 256, maxOutputBytes: 4096 }));
    const rng = new Rng(8);
    const blocks = [
      lz4EncodeSequences([{ literals: rng.bytes(9), offset: 3, matchLength: 20 }, { literals: rng.bytes(7), offset: 17, matchLength: 9 }, { literals: rng.bytes(5) }]),
      Uint8Array.of(0x10, 0x41, 0x00, 0x00, 0x00), // bad offset
      Uint8Array.of(0x00),
    ];
    await expectSameUnderBoth(design, { s_axis: { beats: packetsToBeats(blocks, 4), gap: 0.2 } }, { m_axis: { expectLast: blocks.length, backpressure: 0.3 } }, 21);
  });

  it('agree beat for beat on the inflate engine (fixed and dynamic blocks)', async () => {
    const { inflateGenerator } = await import('../../gen/deflate/inflate.js');
    const { zlibCompress } = await import('../../src/oracle/zlib.js');
    const design = inflateGenerator.emit(inflateGenerator.validate({ bytesPerCycle: 4, windowBytes: 256, maxOutputBytes: 4096 }));
    const text = new TextEncoder().encode('abcabcabcabd, the quick brown fox; abcabcabd');
    const streams = [await zlibCompress(text, 6, 'raw', 'fixed'), await zlibCompress(text, 9), Uint8Array.of(0x07)];
    await expectSameUnderBoth(design, { s_axis: { beats: packetsToBeats(streams, 4), gap: 0.1 } }, { m_axis: { expectLast: streams.length, backpressure: 0.2 } }, 5);
  }, 600_000);
});
