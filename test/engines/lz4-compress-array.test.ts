// The simulated LZ4 compressor engine array: every block's output equals the greedy design model's byte for byte
// and decodes with liblz4, blocks leave in the order they came (over arrays of 1 to 4 engines, stream widths 16 and
// 64 bytes, random block sizes from 0 B to the window with unaligned tails, gaps and backpressure); a refused block
// keeps its place and the others complete; an engine whose output FIFO is full waits, losing nothing (a 2-word FIFO
// set by an instance's parameter); several engines do work at once (exact cycles: 4 engines take a batch of
// equal blocks in well under half the cycles of one); bad parameters are refused by name.
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/data/corpus.js';
import { withParameters } from '../../gen/core/with-parameters.js';
import { SimulatedGreedyLz4Compressor } from '../../src/engines/lz4-compress-greedy.js';
import { liblz4Decompress } from '../../src/oracle/lz4.js';
import { lz4GreedyCompress } from '../../src/ref/lz4-compress-greedy.js';
import { Rng } from '../../src/util/rng.js';
import { corpusPieces } from './encoded-pieces.js';

const arrays: SimulatedGreedyLz4Compressor[] = [];
afterAll(() => arrays.forEach((a) => a.close()));
async function array(raw: Record<string, unknown>): Promise<SimulatedGreedyLz4Compressor> {
  const a = await SimulatedGreedyLz4Compressor.createArray(raw);
  arrays.push(a);
  return a;
}

describe.each([
  { engines: 1, dataBytes: 16, beatBytes: 8, hashBits: 9, windowBytes: 2048 },
  { engines: 2, dataBytes: 64, beatBytes: 8, hashBits: 10, windowBytes: 4096 },
  { engines: 3, dataBytes: 16, beatBytes: 4, hashBits: 8, windowBytes: 1024, backwardBytes: 2 },
  { engines: 4, dataBytes: 64, beatBytes: 16, hashBits: 10, windowBytes: 2048 },
])('LZ4 compressor array %o', (raw) => {
  it('equals the design model block by block, in input order, and liblz4 decodes every block', async () => {
    const a = await array(raw);
    const rng = new Rng(raw.engines * 100 + raw.dataBytes);
    const blocks = await corpusPieces(raw.windowBytes, 24, rng);
    for (const [i, drive] of [{}, { gap: 0.4, backpressure: 0.5, seed: 7 }].entries()) {
      const run = a.compress(blocks, drive);
      expect(run.blocks.length).toBe(blocks.length);
      for (const [k, b] of blocks.entries()) {
        const got = run.blocks[k];
        expect(got.error, `block ${k} (${b.length} B), drive ${i}`).toBe(0);
        const model = lz4GreedyCompress(a.compressorDesign, b);
        expect(Buffer.from(got.data).equals(Buffer.from(model)), `block ${k} (${b.length} B) vs model, drive ${i}`).toBe(true);
        const back = await liblz4Decompress(got.data, Math.max(1, b.length));
        expect(back && Buffer.from(back).equals(Buffer.from(b)), `block ${k} liblz4 round trip`).toBe(true);
      }
    }
  });
});

describe('LZ4 compressor array behaviour', () => {
  it('keeps a refused block in its place while the blocks around it complete', async () => {
    const a = await array({ engines: 3, dataBytes: 16, beatBytes: 8, hashBits: 8, windowBytes: 256 });
    const text = new TextEncoder().encode('fine fine fine fine fine fine fine fine. ');
    const blocks = [text, new Uint8Array(300), text.subarray(5), new Uint8Array(0), text];
    const run = a.compress(blocks, { gap: 0.2, backpressure: 0.3, seed: 2 });
    expect(run.blocks.map((b) => b.error)).toEqual([0, 1, 0, 0, 0]);
    expect(run.blocks[1].data.length).toBe(0);
    for (const k of [0, 2, 3, 4]) expect(Buffer.from(run.blocks[k].data)).toEqual(Buffer.from(lz4GreedyCompress(a.compressorDesign, blocks[k])));
  });

  it('waits, losing nothing, when an engine\'s output FIFO is full (OUTPUT_FIFO_DEPTH_BITS = 1, heavy backpressure)', async () => {
    const raw = { engines: 3, dataBytes: 16, beatBytes: 8, hashBits: 9, windowBytes: 2048 };
    const a = await SimulatedGreedyLz4Compressor.createArray(raw, { transform: withParameters({ OUTPUT_FIFO_DEPTH_BITS: 1 }) });
    arrays.push(a);
    const blocks = await corpusPieces(raw.windowBytes, 12, new Rng(5));
    const run = a.compress(blocks, { gap: 0.1, backpressure: 0.8, seed: 9 });
    blocks.forEach((b, k) => {
      expect(run.blocks[k].error).toBe(0);
      expect(Buffer.from(run.blocks[k].data).equals(Buffer.from(lz4GreedyCompress(a.compressorDesign, b))), `block ${k}`).toBe(true);
    });
  });

  it('compresses on several engines at once (exact cycles: 4 engines take under half the cycles of 1)', async () => {
    const params = { dataBytes: 64, beatBytes: 8, hashBits: 10, windowBytes: 4096 };
    const one = await array({ ...params, engines: 1 });
    const four = await array({ ...params, engines: 4 });
    const xml = (await loadCorpus(1 << 16)).find((f) => f.name.startsWith('xml'))!.data;
    const blocks = Array.from({ length: 16 }, (_, i) => xml.subarray(i * 4096, (i + 1) * 4096));
    const c1 = one.compress(blocks).cycles;
    const c4 = four.compress(blocks).cycles;
    expect(c4, `${c4} cycles on 4 engines vs ${c1} on 1`).toBeLessThan(c1 / 2);
  });

  it('refuses bad parameters by name', async () => {
    await expect(SimulatedGreedyLz4Compressor.createArray({ engines: 0 })).rejects.toThrow(/gen\/lz4-compress-array: parameter 'engines' = 0 .*1\.\.64/);
    await expect(SimulatedGreedyLz4Compressor.createArray({ dataBytes: 48 })).rejects.toThrow("gen/lz4-compress-array: parameter 'dataBytes' = 48 is not a power of two");
    await expect(SimulatedGreedyLz4Compressor.createArray({ dataBytes: 8, beatBytes: 16 })).rejects.toThrow("gen/lz4-compress-array: parameter 'dataBytes' = 8 is below beatBytes (16)");
    await expect(SimulatedGreedyLz4Compressor.createArray({ dataBytes: 128, windowBytes: 128 })).rejects.toThrow("gen/lz4-compress-array: parameter 'windowBytes' = 128 is below 2 x dataBytes (256)");
  });
});
