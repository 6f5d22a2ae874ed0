// The simulated LZ4 compressor: its blocks equal the TS design model's byte for byte and decode with liblz4
// to the input, over random, compressible, text and binary data, 0 B up to the block size, several design
// points, with random gaps and backpressure; oversized and malformed blocks give their verdict.
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/data/corpus.js';
import { SimulatedLz4Compressor } from '../../src/engines/lz4-compress.js';
import { liblz4Decompress } from '../../src/oracle/lz4.js';
import { lz4DesignCompress } from '../../src/ref/lz4-compress.js';
import { Rng } from '../../src/util/rng.js';

const engines: SimulatedLz4Compressor[] = [];
afterAll(() => engines.forEach((e) => e.close()));
async function engine(raw: Record<string, unknown>): Promise<SimulatedLz4Compressor> {
  const e = await SimulatedLz4Compressor.create(raw);
  engines.push(e);
  return e;
}

describe.each([
  { windowBytes: 65536 },
  { lanes: 1, hashBits: 10, hashBanks: 1, windowBytes: 4096, backwardBytes: 0 },
  { lanes: 8, hashBits: 12, hashBanks: 8, windowBytes: 8192, backwardBytes: 2 },
])('LZ4 compressor %o', (raw) => {
  it('equals the design model byte for byte, and liblz4 decodes it', async () => {
    const e = await engine(raw);
    const max = e.params.windowBytes;
    const rng = new Rng(max);
    const text = new TextEncoder().encode('the cat sat on the mat; the cat sat on the hat. abcabcabd '.repeat(200));
    const blocks = [
      new Uint8Array(0), Uint8Array.of(5), rng.bytes(11), rng.bytes(12), new Uint8Array(13), rng.bytes(1000),
      text.subarray(0, Math.min(text.length, max)), new Uint8Array(max).fill(9),
      ...(await loadCorpus(max)).map((f) => f.data.subarray(0, max)),
    ];
    for (const [i, drive] of [{}, { gap: 0.3, backpressure: 0.3, seed: 4 }].entries()) {
      const run = e.compress(blocks, drive);
      for (const [k, b] of blocks.entries()) {
        const got = run.blocks[k];
        expect(got.error, `block ${k} (${b.length} B), drive ${i}`).toBe(0);
        const model = lz4DesignCompress(e.compressorDesign, b);
        expect(Buffer.from(got.data).equals(Buffer.from(model)), `block ${k} (${b.length} B) vs model, drive ${i}`).toBe(true);
        const back = await liblz4Decompress(got.data, Math.max(1, b.length));
        expect(back && Buffer.from(back).equals(Buffer.from(b)), `block ${k} liblz4 round trip`).toBe(true);
      }
    }
  });
});

describe('LZ4 compressor parameters', () => {
  it('refuses bad parameters by name', async () => {
    await expect(SimulatedLz4Compressor.create({ lanes: 3 })).rejects.toThrow("gen/lz4-compress: parameter 'lanes' = 3 is not a power of two");
    await expect(SimulatedLz4Compressor.create({ hashBits: 8, hashBanks: 512 })).rejects.toThrow(/'hashBanks' = 512 .*1\.\.256/);
    await expect(SimulatedLz4Compressor.create({ hashBits: 8, hashBanks: 256, windowBytes: 100 })).rejects.toThrow("gen/lz4-compress: parameter 'windowBytes' = 100 is not a power of two");
    await expect(SimulatedLz4Compressor.create({ backwardBytes: 5 })).rejects.toThrow(/'backwardBytes' = 5 .*0\.\.4/);
  });
});

describe('LZ4 compressor verdicts', () => {
  it('refuses a block larger than its buffer and a short beat inside a block, then compresses the next block', async () => {
    const e = await engine({ lanes: 4, hashBits: 8, hashBanks: 4, windowBytes: 256 });
    const ok = new TextEncoder().encode('fine fine fine fine fine fine');
    const big = new Uint8Array(300);
    const r = e.compress([big, ok]);
    expect(r.blocks[0]).toEqual({ data: new Uint8Array(0), error: 1 });
    expect(r.blocks[1].error).toBe(0);
    expect(Buffer.from(r.blocks[1].data)).toEqual(Buffer.from(lz4DesignCompress(e.compressorDesign, ok)));
    const short = e.model.run({ s_axis: { beats: { count: 2, data: new Uint8Array(8), keep: Uint8Array.of(0x3, 0xf), last: Uint8Array.of(0, 1) } } }, { m_axis: { expectLast: 1 } });
    expect(Array.from(short.outputs.m_axis.user)).toEqual([2]);
  });
});

describe('LZ4 compressor epochs', () => {
  it('stays equal to the model across the table-epoch wrap (300 blocks; the table is cleared after 256)', async () => {
    const e = await engine({ lanes: 4, hashBits: 8, hashBanks: 4, windowBytes: 1024 });
    const rng = new Rng(300);
    const text = new TextEncoder().encode('epoch wrap test: the same words again and again, the same words. ');
    const blocks = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? rng.bytes(rng.int(0, 200)) : text.subarray(0, rng.int(20, text.length))));
    const run = e.compress(blocks, { gap: 0.1, seed: 3 });
    run.blocks.forEach((b, i) => {
      expect(b.error).toBe(0);
      expect(Buffer.from(b.data).equals(Buffer.from(lz4DesignCompress(e.compressorDesign, blocks[i]))), `block ${i}`).toBe(true);
    });
  });
});
