// The LZ4 compressor array in piece mode (one block over several engines): every block's output equals the greedy
// design model with subBlockBytes = the engines' buffer, byte for byte, and liblz4 decodes it; blocks leave in the
// order they came (arrays of 1 to 4 engines, 16- and 64-byte streams, blocks from 0 B to the array's limit cut at
// and around the piece seams, text, random data whose match-less pieces chain their info through every engine,
// zeros; gaps and backpressure); a block past the limit or with a short beat inside is refused by name while the
// blocks around it complete; an empty last beat after a full piece ends the block there; one block compresses on
// several engines at once (exact cycles).
import { afterAll, describe, expect, it } from 'vitest';
import { maxPiecesPerBlock } from '../../gen/lz4/compress-piece-array.js';
import { SimulatedGreedyLz4Compressor } from '../../src/engines/lz4-compress-greedy.js';
import { loadCorpus } from '../../src/data/corpus.js';
import { liblz4Decompress } from '../../src/oracle/lz4.js';
import { lz4GreedyCompress } from '../../src/ref/lz4-compress-greedy.js';
import { beatsToPackets, keepBytesFor, readLE, type Beats } from '../../sim/stream.js';
import { Rng } from '../../src/util/rng.js';
import { corpusPieces } from './encoded-pieces.js';

const arrays: SimulatedGreedyLz4Compressor[] = [];
afterAll(() => arrays.forEach((a) => a.close()));
async function array(raw: Record<string, unknown>): Promise<SimulatedGreedyLz4Compressor> {
  const a = await SimulatedGreedyLz4Compressor.createArray({ ...raw, pieces: true });
  arrays.push(a);
  return a;
}

async function expectModel(a: SimulatedGreedyLz4Compressor, got: { data: Uint8Array; error: number }, b: Uint8Array, what: string) {
  expect(got.error, `${what}: verdict`).toBe(0);
  const model = lz4GreedyCompress(a.compressorDesign, b);
  expect(Buffer.from(got.data).equals(Buffer.from(model)), `${what} (${b.length} B) vs model`).toBe(true);
  const back = await liblz4Decompress(got.data, Math.max(1, b.length));
  expect(back && Buffer.from(back).equals(Buffer.from(b)), `${what}: liblz4 round trip`).toBe(true);
}

describe.each([
  { engines: 1, dataBytes: 16, beatBytes: 4, hashBits: 8, windowBytes: 256 },
  { engines: 2, dataBytes: 16, beatBytes: 4, hashBits: 8, windowBytes: 256, backwardBytes: 2 },
  { engines: 3, dataBytes: 64, beatBytes: 8, hashBits: 10, windowBytes: 1024 },
  { engines: 4, dataBytes: 16, beatBytes: 8, hashBits: 9, windowBytes: 512 },
  { engines: 3, dataBytes: 64, beatBytes: 8, hashBits: 10, windowBytes: 1024, literalBytes: 4 },
])('LZ4 compressor array in piece mode %o', (raw) => {
  it('equals the design model block by block, in input order, and liblz4 decodes every block', async () => {
    const a = await array(raw);
    const P = raw.windowBytes;
    const max = maxPiecesPerBlock(raw.engines, P) * P;
    const rng = new Rng(raw.engines * 1000 + P);
    const text = (await loadCorpus(1 << 16)).map((f) => f.data);
    const seams = [P - 1, P, P + 1, P + 7, P + 8, P + 9, P + 12, P + 13, 2 * P - 3, 2 * P, max - 5, max].filter((n) => n <= max);
    const blocks = [
      ...seams.map((n, i) => text[i % text.length].subarray(0, n)),
      rng.bytes(max), rng.bytes(Math.max(0, max - 3)), new Uint8Array(max), new Uint8Array(0), Uint8Array.of(7),
      ...(await corpusPieces(max, 16, rng)),
    ];
    for (const [i, drive] of [{}, { gap: 0.4, backpressure: 0.5, seed: 7 }].entries()) {
      const run = a.compress(blocks, drive);
      expect(run.blocks.length).toBe(blocks.length);
      for (const [k, b] of blocks.entries()) await expectModel(a, run.blocks[k], b, `block ${k}, drive ${i}`);
    }
  });
});

/** Beats of a block with beat k's byte count and tlast as given (the data is the block's, in order). */
function rawBeats(dataBytes: number, packets: { bytes: Uint8Array; counts: number[] }[]): Beats {
  const kb = keepBytesFor(dataBytes);
  const rows = packets.flatMap((p) => {
    let at = 0;
    return p.counts.map((c, k) => {
      const row = { data: p.bytes.subarray(at, at + c), count: c, last: k === p.counts.length - 1 };
      at += c;
      return row;
    });
  });
  const data = new Uint8Array(rows.length * dataBytes);
  const keep = new Uint8Array(rows.length * kb);
  const last = new Uint8Array(rows.length);
  rows.forEach((r, i) => {
    data.set(r.data, i * dataBytes);
    for (let b = 0; b < r.count; b++) keep[i * kb + (b >> 3)] |= 1 << (b & 7);
    last[i] = r.last ? 1 : 0;
  });
  return { count: rows.length, data, keep, last };
}

const full = (n: number, d: number) => Array.from({ length: Math.ceil(n / d) }, (_, k) => Math.min(d, n - k * d));

describe('LZ4 compressor array in piece mode: refusals and seams', () => {
  it('refuses a block past its pieces and one with a short beat inside, by code, while the others complete', async () => {
    const raw = { engines: 3, dataBytes: 16, beatBytes: 4, hashBits: 8, windowBytes: 256 };
    const a = await array(raw);
    const text = (await loadCorpus(1 << 16))[0].data;
    const good = [text.subarray(0, 700), text.subarray(100, 868), text.subarray(5, 5)];
    const big = text.subarray(0, 3 * 256 + 40); // 4 pieces on 3 engines
    const big2 = text.subarray(0, 3 * 256 + 16); // one beat past the limit, ending there
    const short = text.subarray(0, 600);
    const shortSeam = text.subarray(0, 600);
    // the short beat: inside the first piece (beat 3 has 9 bytes), and at the start of the second piece
    const shortCounts = [16, 16, 16, 9, ...full(600 - 57, 16)];
    const seamCounts = [...full(256, 16), 5, ...full(600 - 261, 16)];
    // an empty last beat after two full pieces: the block is the 512 bytes before it
    const exact = text.subarray(1000, 1512);
    const packets = [
      { bytes: good[0], counts: full(700, 16) }, { bytes: big, counts: full(big.length, 16) }, { bytes: good[1], counts: full(768, 16) },
      { bytes: short, counts: shortCounts }, { bytes: good[2], counts: [0] }, { bytes: shortSeam, counts: seamCounts },
      { bytes: exact, counts: [...full(512, 16), 0] }, { bytes: big2, counts: full(big2.length, 16) }, { bytes: good[0], counts: full(700, 16) },
    ];
    for (const [i, drive] of [{}, { gap: 0.3, backpressure: 0.6, seed: 3 }].entries()) {
      const r = a.model.run({ s_axis: { beats: rawBeats(16, packets), gap: drive.gap } },
        { m_axis: { expectLast: packets.length, backpressure: drive.backpressure } }, { seed: drive.seed, stallLimit: 200_000 });
      const out = beatsToPackets(r.outputs.m_axis, 16);
      const verdicts = Array.from(r.outputs.m_axis.last).flatMap((l, k) => (l ? [Number(readLE(r.outputs.m_axis.user, k, 1))] : []));
      expect(verdicts, `drive ${i}`).toEqual([0, 1, 0, 2, 0, 2, 0, 1, 0]);
      for (const k of [1, 3, 5, 7]) expect(out[k].length, `refused block ${k} is one empty beat`).toBe(0);
      await expectModel(a, { data: out[0], error: 0 }, good[0], 'block 0');
      await expectModel(a, { data: out[2], error: 0 }, good[1], 'block 2');
      await expectModel(a, { data: out[4], error: 0 }, good[2], 'block 4');
      await expectModel(a, { data: out[6], error: 0 }, exact, 'block 6 (empty last beat after two pieces)');
      await expectModel(a, { data: out[8], error: 0 }, good[0], 'block 8');
    }
  });

  it('stays equal to the model across the engines\' table-epoch wrap, while the next pieces load (300 two-piece blocks)', async () => {
    // every 256 pieces an engine clears its table for 2^hashBits cycles; its second buffer and the next piece's place
    // may arrive meanwhile (a place taken only after the clear was overwritten by the next: found in the queue engine)
    const a = await array({ engines: 2, dataBytes: 16, beatBytes: 4, hashBits: 8, windowBytes: 256 });
    const text = (await loadCorpus(1 << 16))[0].data;
    const rng = new Rng(300);
    const blocks = Array.from({ length: 300 }, (_, i) => (i % 5 === 4 ? rng.bytes(rng.int(257, 512)) : text.subarray(i * 97, i * 97 + rng.int(257, 512))));
    const run = a.compress(blocks, { gap: 0.1, seed: 4 });
    expect(run.blocks.length).toBe(blocks.length);
    run.blocks.forEach((b, i) => {
      expect(b.error, `block ${i}`).toBe(0);
      expect(Buffer.from(b.data).equals(Buffer.from(lz4GreedyCompress(a.compressorDesign, blocks[i]))), `block ${i} vs model`).toBe(true);
    });
  });

  it('writes literals 4 a cycle with literalBytes 4: the same bytes, random data in well under 3/4 of the cycles (exact)', async () => {
    const params = { engines: 4, dataBytes: 64, beatBytes: 8, hashBits: 10, windowBytes: 1024 };
    const one = await array(params);
    const four = await array({ ...params, literalBytes: 4 });
    const rng = new Rng(44);
    const blocks = Array.from({ length: 8 }, () => rng.bytes(4096));
    const r1 = one.compress(blocks);
    const r4 = four.compress(blocks);
    blocks.forEach((b, i) => {
      expect(Buffer.from(r4.blocks[i].data).equals(Buffer.from(lz4GreedyCompress(four.compressorDesign, b))), `block ${i}`).toBe(true);
      expect(Buffer.from(r4.blocks[i].data).equals(Buffer.from(r1.blocks[i].data))).toBe(true);
    });
    expect(r4.cycles, `${r4.cycles} cycles with 4 literals a cycle vs ${r1.cycles} with 1`).toBeLessThan(0.75 * r1.cycles);
  });

  it('compresses one block on several engines at once (exact cycles: 4 engines take under half the cycles of 1)', async () => {
    const params = { dataBytes: 64, beatBytes: 8, hashBits: 10, windowBytes: 1024 };
    const four = await array({ ...params, engines: 4 });
    const xml = (await loadCorpus(1 << 16)).find((f) => f.name.startsWith('xml'))!.data;
    // one 4 KiB block at a time: a whole-block engine takes it alone, the piece array cuts it over four engines
    const block = xml.subarray(0, 4096);
    const wide = await SimulatedGreedyLz4Compressor.createArray({ ...params, windowBytes: 4096, engines: 1 });
    arrays.push(wide);
    const c1 = wide.compress([block]).cycles;
    const c4 = four.compress([block]).cycles;
    expect(c4, `${c4} cycles on 4 engines in pieces vs ${c1} on one engine`).toBeLessThan(c1 / 2);
  });
});
