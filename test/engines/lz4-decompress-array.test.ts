// The simulated LZ4 decompressor engine array: every block's verdict equals the reference decoder's (with the
// engines' window and output bound) and, when it decodes, its output equals the reference's and liblz4's; blocks
// leave in the order they came (arrays of 1 to 4 engines, engines of 1 to 16 bytes per cycle, streams of 8 to 64
// bytes; liblz4 blocks, the greedy compressor's blocks and hostile ones: truncated, bad offsets, over the bound,
// flipped bytes; gaps and backpressure); an engine whose FIFOs are 2 words deep waits, losing nothing; several
// engines decode at once (exact cycles); bad parameters are refused by name.
import { afterAll, describe, expect, it } from 'vitest';
import { withParameters } from '../../gen/core/with-parameters.js';
import { loadCorpus } from '../../src/data/corpus.js';
import { SimulatedLz4Decompressor } from '../../src/engines/lz4.js';
import { liblz4Compress } from '../../src/oracle/lz4.js';
import { DEFAULT_LZ4_GREEDY_DESIGN, lz4GreedyCompress } from '../../src/ref/lz4-compress-greedy.js';
import { lz4DecodeBlock, lz4EncodeSequences } from '../../src/ref/lz4.js';
import { Rng } from '../../src/util/rng.js';
import { encodedPieces } from './encoded-pieces.js';

const arrays: SimulatedLz4Decompressor[] = [];
afterAll(() => arrays.forEach((a) => a.close()));
async function array(raw: Record<string, unknown>, settings?: Record<string, number>): Promise<SimulatedLz4Decompressor> {
  const a = await SimulatedLz4Decompressor.createArray(raw, settings ? { transform: withParameters(settings) } : {});
  arrays.push(a);
  return a;
}

/** Good and hostile LZ4 blocks of pieces of the corpus up to `max` decoded bytes. */
async function blocksOf(max: number, count: number, rng: Rng): Promise<Uint8Array[]> {
  const out = await encodedPieces(max, count, rng, [(p) => liblz4Compress(p), (p) => lz4GreedyCompress(DEFAULT_LZ4_GREEDY_DESIGN, p)]);
  // a bad offset and a block over the output bound
  out.push(lz4EncodeSequences([{ literals: Uint8Array.of(1, 2, 3), offset: 9, matchLength: 8 }, { literals: new Uint8Array(5) }]));
  out.push(lz4EncodeSequences([{ literals: Uint8Array.of(7), offset: 1, matchLength: max + 100 }, { literals: new Uint8Array(5) }]));
  return out;
}

function check(a: SimulatedLz4Decompressor, blocks: Uint8Array[], run: ReturnType<SimulatedLz4Decompressor['decompress']>, what: string) {
  expect(run.results.length).toBe(blocks.length);
  blocks.forEach((b, k) => {
    const ref = lz4DecodeBlock(b, a.limits);
    const got = run.results[k];
    expect(got.error, `${what}: block ${k} (${b.length} B) verdict`).toBe(ref.error);
    if (ref.error === 0) expect(Buffer.from(got.output).equals(Buffer.from(ref.output)), `${what}: block ${k} output`).toBe(true);
  });
}

describe.each([
  { engines: 1, dataBytes: 16, bytesPerCycle: 8, windowBytes: 65536, maxOutputBytes: 4096 },
  { engines: 2, dataBytes: 64, bytesPerCycle: 8, windowBytes: 65536, maxOutputBytes: 4096 },
  { engines: 3, dataBytes: 8, bytesPerCycle: 1, windowBytes: 4096, maxOutputBytes: 2048 },
  { engines: 4, dataBytes: 64, bytesPerCycle: 16, windowBytes: 65536, maxOutputBytes: 8192 },
])('LZ4 decompressor array %o', (raw) => {
  it('gives each block the reference decoder\'s verdict and output, in input order', async () => {
    const a = await array(raw);
    const rng = new Rng(raw.engines * 10 + raw.bytesPerCycle);
    const blocks = await blocksOf(raw.maxOutputBytes, 30, rng);
    for (const [i, drive] of [{}, { gap: 0.4, backpressure: 0.5, seed: 3 }].entries()) check(a, blocks, a.decompress(blocks, drive), `drive ${i}`);
  });
});

describe('LZ4 decompressor array behaviour', () => {
  it('waits, losing nothing, with 2-word input and output FIFOs and heavy backpressure', async () => {
    const raw = { engines: 3, dataBytes: 32, bytesPerCycle: 8, windowBytes: 65536, maxOutputBytes: 4096 };
    const a = await array(raw, { INPUT_FIFO_DEPTH_BITS: 1, OUTPUT_FIFO_DEPTH_BITS: 1 });
    const blocks = await blocksOf(raw.maxOutputBytes, 16, new Rng(77));
    check(a, blocks, a.decompress(blocks, { gap: 0.1, backpressure: 0.8, seed: 5 }), '2-word FIFOs');
  });

  it('decodes on several engines at once (exact cycles: 4 engines take under half the cycles of 1)', async () => {
    const params = { dataBytes: 64, bytesPerCycle: 8, windowBytes: 65536, maxOutputBytes: 16384 };
    const one = await array({ ...params, engines: 1 });
    const four = await array({ ...params, engines: 4 });
    const xml = (await loadCorpus(1 << 18)).find((f) => f.name.startsWith('xml'))!.data;
    const blocks = await Promise.all(Array.from({ length: 16 }, (_, i) => liblz4Compress(xml.subarray(i * 16384, (i + 1) * 16384))));
    const r1 = one.decompress(blocks);
    const r4 = four.decompress(blocks);
    check(four, blocks, r4, '4 engines');
    expect(r4.cycles, `${r4.cycles} cycles on 4 engines vs ${r1.cycles} on 1`).toBeLessThan(r1.cycles / 2);
  });

  it('refuses bad parameters by name', async () => {
    await expect(SimulatedLz4Decompressor.createArray({ engines: 65 })).rejects.toThrow(/gen\/lz4-decompress-array: parameter 'engines' = 65 .*1\.\.64/);
    await expect(SimulatedLz4Decompressor.createArray({ dataBytes: 24 })).rejects.toThrow("gen/lz4-decompress-array: parameter 'dataBytes' = 24 is not a power of two");
    await expect(SimulatedLz4Decompressor.createArray({ dataBytes: 8, bytesPerCycle: 16 })).rejects.toThrow("gen/lz4-decompress-array: parameter 'dataBytes' = 8 is below bytesPerCycle (16)");
    await expect(SimulatedLz4Decompressor.createArray({ bytesPerCycle: 3 })).rejects.toThrow(/'bytesPerCycle' = 3 is not a power of two/);
  });
});
