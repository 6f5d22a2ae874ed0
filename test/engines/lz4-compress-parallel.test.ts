// The parallel LZ4 compressor: its blocks equal the TS design model's byte for byte (the same model the
// sequential engine implements) and decode with liblz4 to the input, over random, compressible, text and
// binary data, sizes 0 B up to the block size with unaligned tails, overlapping and far-reaching matches,
// several design points and widths, with random gaps and backpressure; bad blocks give their verdict.
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/data/corpus.js';
import { SimulatedLz4Compressor } from '../../src/engines/lz4-compress.js';
import { liblz4Decompress } from '../../src/oracle/lz4.js';
import { lz4DesignCompress } from '../../src/ref/lz4-compress.js';
import { Rng } from '../../src/util/rng.js';

const engines: SimulatedLz4Compressor[] = [];
afterAll(() => engines.forEach((e) => e.close()));
async function engine(raw: Record<string, unknown>): Promise<SimulatedLz4Compressor> {
  const e = await SimulatedLz4Compressor.createParallel(raw);
  engines.push(e);
  return e;
}

/** Blocks that exercise a compressor with `max`-byte blocks and `lanes`-byte beats. */
async function blocksFor(max: number, lanes: number, seed: number): Promise<Uint8Array[]> {
  const rng = new Rng(seed);
  const text = new TextEncoder().encode('the cat sat on the mat; the cat sat on the hat. abcabcabd '.repeat(1200));
  const far = rng.bytes(max);
  far.copyWithin(max - 80, 0, 64); // a match reaching back almost the whole block
  const sizes = [0, 1, 11, 12, 13, lanes - 1, lanes + 1, 2 * lanes + 17, 1000, max - 3, max];
  return [
    ...sizes.filter((n) => n <= max).map((n) => (n % 2 ? rng.bytes(n) : text.subarray(0, n))),
    new Uint8Array(max).fill(9), // one long match with offset 1
    new TextEncoder().encode('ab'.repeat(max / 2)), // offset 2, overlapping
    far,
    Uint8Array.from({ length: max }, (_, i) => (i * 7) % 251 ^ (rng.int(0, 40) === 0 ? 1 : 0)), // short matches, noise
    ...(await loadCorpus(max)).map((f) => f.data.subarray(0, max)),
  ];
}

describe.each([
  {},
  { lanes: 32, hashBits: 12, hashBanks: 128, windowBytes: 4096, sequencesPerCycle: 3 },
  { lanes: 4, hashBits: 8, hashBanks: 1, windowBytes: 256, backwardBytes: 0, entryBytes: 4, sequencesPerCycle: 4 },
  { lanes: 8, hashBits: 10, hashBanks: 8, windowBytes: 1024, backwardBytes: 2, entryBytes: 5, sequencesPerCycle: 1, historyMemory: 'registers' },
  { lanes: 16, hashBits: 8, hashBanks: 256, windowBytes: 2048, backwardBytes: 1, entryBytes: 16 },
])('parallel LZ4 compressor %o', (raw) => {
  it('equals the design model byte for byte, and liblz4 decodes it', async () => {
    const e = await engine(raw);
    const max = e.params.windowBytes;
    const blocks = await blocksFor(max, e.params.lanes, max + e.params.lanes);
    for (const [i, drive] of [{}, { gap: 0.3, backpressure: 0.4, seed: 5 }].entries()) {
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

describe('parallel LZ4 compressor speed', () => {
  it('takes incompressible data at one beat per cycle, then writes its literals at one beat per cycle', async () => {
    const e = await engine({ lanes: 16, hashBits: 10, hashBanks: 16, windowBytes: 16384 });
    const block = new Rng(9).bytes(16384);
    const run = e.compress([block]);
    expect(Buffer.from(run.blocks[0].data).equals(Buffer.from(lz4DesignCompress(e.compressorDesign, block)))).toBe(true);
    // loading and scanning overlap (1024 beats), but a literal run's length precedes it in the token, so
    // the block's one run of literals is written after the scan: 1024 more beats, plus the pipeline
    expect(run.cycles).toBeGreaterThanOrEqual(2 * 1024);
    expect(run.cycles).toBeLessThan(2 * 1024 + 40);
  });
});

describe('parallel LZ4 compressor parameters', () => {
  it('refuses bad parameters by name', async () => {
    await expect(SimulatedLz4Compressor.createParallel({ lanes: 12 })).rejects.toThrow("gen/lz4-compress-parallel: parameter 'lanes' = 12 is not a power of two");
    await expect(SimulatedLz4Compressor.createParallel({ lanes: 2 })).rejects.toThrow(/'lanes' = 2 .*4\.\.32/);
    await expect(SimulatedLz4Compressor.createParallel({ lanes: 8, entryBytes: 12 })).rejects.toThrow("gen/lz4-compress-parallel: parameter 'entryBytes' = 12 exceeds lanes (8)");
    await expect(SimulatedLz4Compressor.createParallel({ lanes: 32, windowBytes: 64 })).rejects.toThrow("parameter 'windowBytes' = 64 is below 4 x lanes (128)");
    await expect(SimulatedLz4Compressor.createParallel({ hashBits: 8, hashBanks: 512 })).rejects.toThrow(/'hashBanks' = 512 .*1\.\.256/);
    await expect(SimulatedLz4Compressor.createParallel({ sequencesPerCycle: 5 })).rejects.toThrow(/'sequencesPerCycle' = 5 .*1\.\.4/);
  });
});

describe('parallel LZ4 compressor verdicts and epochs', () => {
  it('refuses a block larger than its buffer and a short beat inside a block, then compresses the next block', async () => {
    const e = await engine({ lanes: 8, hashBits: 8, hashBanks: 8, windowBytes: 256 });
    const ok = new TextEncoder().encode('fine fine fine fine fine fine fine fine fine');
    const big = new TextEncoder().encode('too big, too big '.repeat(20)); // 340 bytes: compression starts before the end is seen
    const r = e.compress([big, ok, new Uint8Array(300), ok]);
    expect(r.blocks.map((b) => b.error)).toEqual([1, 0, 1, 0]);
    for (const k of [1, 3]) expect(Buffer.from(r.blocks[k].data)).toEqual(Buffer.from(lz4DesignCompress(e.compressorDesign, ok)));
    const data = new Uint8Array(24);
    const short = e.model.run({ s_axis: { beats: { count: 3, data, keep: Uint8Array.of(0x3f, 0xff, 0xff), last: Uint8Array.of(0, 0, 1) } } }, { m_axis: { expectLast: 1 } });
    const beats = short.outputs.m_axis;
    expect(beats.user[beats.count - 1]).toBe(2);
    expect(beats.keep[beats.count - 1]).toBe(0); // the verdict beat carries no data
    const after = e.compress([ok]);
    expect(Buffer.from(after.blocks[0].data)).toEqual(Buffer.from(lz4DesignCompress(e.compressorDesign, ok)));
  });

  it('stays equal to the model across the table-epoch wrap (300 blocks; the table is cleared after 256)', async () => {
    const e = await engine({ lanes: 4, hashBits: 8, hashBanks: 4, windowBytes: 1024 });
    const rng = new Rng(301);
    const text = new TextEncoder().encode('epoch wrap test: the same words again and again, the same words. ');
    const blocks = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? rng.bytes(rng.int(0, 200)) : text.subarray(0, rng.int(20, text.length))));
    const run = e.compress(blocks, { gap: 0.1, backpressure: 0.2, seed: 3 });
    run.blocks.forEach((b, i) => {
      expect(b.error).toBe(0);
      expect(Buffer.from(b.data).equals(Buffer.from(lz4DesignCompress(e.compressorDesign, blocks[i]))), `block ${i}`).toBe(true);
    });
  });
});
