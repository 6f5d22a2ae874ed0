// The simulated skip-ahead greedy LZ4 compressor: its blocks equal the TS design model's byte for byte and decode
// with liblz4 to the input, over random, compressible, text and binary data, 0 B up to the block size, unaligned
// tails, at fixed and at randomly drawn parameter sets, with random gaps and backpressure; oversized and malformed
// blocks give their verdict; the table-epoch wrap keeps it exact; bad parameters are refused by name.
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/data/corpus.js';
import { SimulatedGreedyLz4Compressor } from '../../src/engines/lz4-compress-greedy.js';
import { liblz4Decompress } from '../../src/oracle/lz4.js';
import { lz4GreedyCompress } from '../../src/ref/lz4-compress-greedy.js';
import { Rng } from '../../src/util/rng.js';

const engines: SimulatedGreedyLz4Compressor[] = [];
afterAll(() => engines.forEach((e) => e.close()));
async function engine(raw: Record<string, unknown>): Promise<SimulatedGreedyLz4Compressor> {
  const e = await SimulatedGreedyLz4Compressor.create(raw);
  engines.push(e);
  return e;
}

/** Parameter sets drawn at random (seeded): every beat width, small windows so a block fills them. */
function drawnParams(count: number): Record<string, unknown>[] {
  const rng = new Rng(2026);
  return Array.from({ length: count }, () => {
    const beatBytes = [4, 8, 16][rng.int(0, 2)];
    return { beatBytes, loadBytes: beatBytes << rng.int(0, 2), hashBits: rng.int(8, 13), windowBytes: 1 << rng.int(8, 12), backwardBytes: rng.int(0, 4) };
  });
}

async function checkBlocks(e: SimulatedGreedyLz4Compressor, blocks: Uint8Array[]): Promise<void> {
  for (const [i, drive] of [{}, { gap: 0.3, backpressure: 0.3, seed: 4 }].entries()) {
    const run = e.compress(blocks, drive);
    for (const [k, b] of blocks.entries()) {
      const got = run.blocks[k];
      expect(got.error, `block ${k} (${b.length} B), drive ${i}`).toBe(0);
      const model = lz4GreedyCompress(e.compressorDesign, b);
      expect(Buffer.from(got.data).equals(Buffer.from(model)), `block ${k} (${b.length} B) vs model, drive ${i}`).toBe(true);
      const back = await liblz4Decompress(got.data, Math.max(1, b.length));
      expect(back && Buffer.from(back).equals(Buffer.from(b)), `block ${k} liblz4 round trip`).toBe(true);
    }
  }
}

describe.each([
  {},
  { beatBytes: 4, hashBits: 10, windowBytes: 4096, backwardBytes: 0 },
  { beatBytes: 16, hashBits: 12, windowBytes: 8192, backwardBytes: 2, historyMemory: 'registers' },
  { beatBytes: 8, loadBytes: 64, hashBits: 11, windowBytes: 16384 },
  // two block buffers: the next block loads while one is compressed
  { beatBytes: 8, loadBytes: 16, hashBits: 10, windowBytes: 2048, loadSlots: 2 },
  // literals up to 4 a cycle
  { beatBytes: 4, loadBytes: 4, hashBits: 9, windowBytes: 1024, literalBytes: 4 },
  { beatBytes: 8, loadBytes: 64, hashBits: 10, windowBytes: 4096, loadSlots: 2, literalBytes: 4 },
  ...drawnParams(2),
])('greedy LZ4 compressor %o', (raw) => {
  it('equals the design model byte for byte, and liblz4 decodes it', async () => {
    const e = await engine(raw);
    const max = e.params.windowBytes;
    const rng = new Rng(max + e.params.beatBytes);
    const text = new TextEncoder().encode('the cat sat on the mat; the cat sat on the hat. abcabcabd '.repeat(1200));
    const runs = Uint8Array.from({ length: max }, (_, i) => (i % 97 < 40 ? 7 : rng.int(0, 3)));
    await checkBlocks(e, [
      new Uint8Array(0), Uint8Array.of(5), rng.bytes(11), rng.bytes(12), new Uint8Array(13), rng.bytes(Math.min(1000, max)),
      text.subarray(0, max), text.subarray(0, max - 3), new Uint8Array(max).fill(9), runs, rng.bytes(max),
      ...(await loadCorpus(max)).map((f) => f.data.subarray(0, max - rng.int(0, 7))),
    ]);
  });
});

describe('greedy LZ4 compressor verdicts', () => {
  it.each([1, 2])('refuses a block larger than its buffer and a short beat inside a block, then compresses the next block (%i buffers)', async (loadSlots) => {
    const e = await engine({ beatBytes: 8, hashBits: 8, windowBytes: 256, loadSlots });
    const ok = new TextEncoder().encode('fine fine fine fine fine fine');
    const r = e.compress([new Uint8Array(300), ok]);
    expect(r.blocks[0]).toEqual({ data: new Uint8Array(0), error: 1 });
    expect(r.blocks[1].error).toBe(0);
    expect(Buffer.from(r.blocks[1].data)).toEqual(Buffer.from(lz4GreedyCompress(e.compressorDesign, ok)));
    const short = e.model.run({ s_axis: { beats: { count: 2, data: new Uint8Array(16), keep: Uint8Array.of(0x3f, 0xff), last: Uint8Array.of(0, 1) } } }, { m_axis: { expectLast: 1 } });
    expect(Array.from(short.outputs.m_axis.user)).toEqual([2]);
  });

  it.each([1, 2])('stays equal to the model across the table-epoch wrap (300 blocks; the table is cleared after 256; %i buffers)', async (loadSlots) => {
    const e = await engine({ beatBytes: 4, hashBits: 8, windowBytes: 1024, loadSlots });
    const rng = new Rng(300);
    const text = new TextEncoder().encode('epoch wrap test: the same words again and again, the same words. ');
    const blocks = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? rng.bytes(rng.int(0, 200)) : text.subarray(0, rng.int(20, text.length))));
    const run = e.compress(blocks, { gap: 0.1, seed: 3 });
    run.blocks.forEach((b, i) => {
      expect(b.error).toBe(0);
      expect(Buffer.from(b.data).equals(Buffer.from(lz4GreedyCompress(e.compressorDesign, blocks[i]))), `block ${i}`).toBe(true);
    });
  });
});

describe('greedy LZ4 compressor parameters', () => {
  it('refuses bad parameters by name', async () => {
    await expect(SimulatedGreedyLz4Compressor.create({ beatBytes: 12 })).rejects.toThrow("gen/lz4-compress-greedy: parameter 'beatBytes' = 12 is not a power of two");
    await expect(SimulatedGreedyLz4Compressor.create({ beatBytes: 32 })).rejects.toThrow(/'beatBytes' = 32 .*4\.\.16/);
    await expect(SimulatedGreedyLz4Compressor.create({ beatBytes: 16, windowBytes: 32 })).rejects.toThrow(/'windowBytes' = 32 .*64\.\.65536/);
    await expect(SimulatedGreedyLz4Compressor.create({ windowBytes: 3000 })).rejects.toThrow("gen/lz4-compress-greedy: parameter 'windowBytes' = 3000 is not a power of two");
    await expect(SimulatedGreedyLz4Compressor.create({ backwardBytes: 5 })).rejects.toThrow(/'backwardBytes' = 5 .*0\.\.4/);
    await expect(SimulatedGreedyLz4Compressor.create({ beatBytes: 16, loadBytes: 8 })).rejects.toThrow("gen/lz4-compress-greedy: parameter 'loadBytes' = 8 is below beatBytes (16)");
    await expect(SimulatedGreedyLz4Compressor.create({ loadBytes: 64, windowBytes: 64 })).rejects.toThrow("gen/lz4-compress-greedy: parameter 'windowBytes' = 64 is below 2 x loadBytes (128)");
  });
});
