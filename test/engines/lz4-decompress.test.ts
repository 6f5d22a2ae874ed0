// The simulated LZ4 decompressor: decodes liblz4 blocks (fast and HC levels) over random, compressible, text
// and binary data from 0 B to 1 MiB with random gaps and backpressure; crafted streams (overlapping matches,
// long literal runs, 64 KiB offsets); and a fuzz run of 12,000 mutated and built blocks judged against liblz4's
// LZ4_decompress_safe itself (verdict and output; the reference's too), within a cycle bound, never writing past
// the output bound.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatedLz4Decompressor } from '../../src/engines/lz4.js';
import { liblz4Compress, type Lz4Level } from '../../src/oracle/lz4.js';
import { lz4DecodeBlock, lz4EncodeSequences } from '../../src/ref/lz4.js';
import { loadCorpus } from '../../src/data/corpus.js';
import { compareWithLiblz4, KINDS, mutate, noCounts, parseFields, randomSequenceBlock, totalOf, type Counts, type Kind } from '../ref/lz4-hostile.js';
import { Rng } from '../../src/util/rng.js';

const engines: SimulatedLz4Decompressor[] = [];
afterAll(() => engines.forEach((e) => e.close()));
async function engine(raw: Record<string, unknown>): Promise<SimulatedLz4Decompressor> {
  const e = await SimulatedLz4Decompressor.create(raw);
  engines.push(e);
  return e;
}

/** Test data of the kinds the issue names: random, highly compressible, text, binary. */
function corpus(rng: Rng): { name: string; data: Uint8Array }[] {
  const text = new TextEncoder().encode(
    'The quick brown fox jumps over the lazy dog. Storage engines compress logs, tables and objects; '.repeat(200) +
    Array.from({ length: 300 }, (_, i) => `line ${i}: value=${(i * 7919) % 1000} status=${i % 3 ? 'ok' : 'retry'}\n`).join(''));
  const binary = new Uint8Array(readFileSync(process.execPath).subarray(0, 200_000));
  const runs = new Uint8Array(50_000);
  for (let i = 0; i < runs.length; i += 1 + (i % 97)) runs.fill(i & 0xff, i, i + (i % 97));
  return [
    { name: 'empty', data: new Uint8Array(0) },
    { name: '1 byte', data: rng.bytes(1) },
    { name: 'random 3000', data: rng.bytes(3000) },
    { name: 'zeros 64 KiB', data: new Uint8Array(65536) },
    { name: 'runs', data: runs },
    { name: 'text', data: text },
    { name: 'binary (node executable)', data: binary },
    { name: '1 MiB mixed', data: Uint8Array.from({ length: 1 << 20 }, (_, i) => (i % 4096 < 2048 ? text[i % text.length] : (i * 2654435761) >>> 24)) },
  ];
}

const LEVELS: Lz4Level[] = [{ mode: 'fast', acceleration: 1 }, { mode: 'fast', acceleration: 16 }, { mode: 'hc', level: 9 }];

describe.each([
  { bytesPerCycle: 8 },
  { bytesPerCycle: 1, windowBytes: 65536 },
  { bytesPerCycle: 4, historyMemory: 'registers' },
  { bytesPerCycle: 16 },
  { bytesPerCycle: 32, windowBytes: 65536 },
])('LZ4 decompressor %o', (raw) => {
  it('decodes liblz4 blocks (fast and HC) to the exact input, with gaps and backpressure', async () => {
    const e = await engine(raw);
    const rng = new Rng(11);
    const items = corpus(rng).filter((c) => raw.bytesPerCycle >= 4 || c.data.length <= 65536);
    for (const [i, level] of LEVELS.entries()) {
      const blocks = await Promise.all(items.map((c) => liblz4Compress(c.data, level)));
      const run = e.decompress(blocks, [{}, { gap: 0.3, backpressure: 0.3, seed: 5 }, { backpressure: 0.6, seed: 6 }][i]);
      run.results.forEach((r, k) => {
        expect(r.error, `${items[k].name} ${JSON.stringify(level)}`).toBe(0);
        expect(Buffer.from(r.output).equals(Buffer.from(items[k].data)), `${items[k].name} ${JSON.stringify(level)}`).toBe(true);
      });
    }
  });

  it('decodes crafted blocks: overlapping matches, long literal runs, offsets reaching back 64 KiB', async () => {
    const e = await engine(raw);
    const rng = new Rng(12);
    const blocks = [
      lz4EncodeSequences([{ literals: Uint8Array.of(7), offset: 1, matchLength: 777 }, { literals: new Uint8Array(5) }]),
      lz4EncodeSequences([{ literals: Uint8Array.of(1, 2, 3), offset: 3, matchLength: 100 }, { literals: Uint8Array.of(1, 2, 3, 4, 5) }]),
      // (every block ends with 5 or more literals, as liblz4's end-of-block rules want)
      ...[2, 3, 5, 7, 9, 15, 17, 31, 33].map((off) => lz4EncodeSequences([
        { literals: rng.bytes(off + 3), offset: off, matchLength: 4 + rng.int(0, 300) }, { literals: rng.bytes(rng.int(5, 20)) }])),
      lz4EncodeSequences([{ literals: rng.bytes(70000), offset: 65535, matchLength: 1000 }, { literals: rng.bytes(7) }]),
      lz4EncodeSequences([{ literals: rng.bytes(300), offset: 300, matchLength: 19 }, { literals: new Uint8Array(0), offset: 20, matchLength: 280 }, { literals: rng.bytes(5) }]),
      Uint8Array.of(0x00),
    ];
    const run = e.decompress(blocks, { gap: 0.2, backpressure: 0.2, seed: 3 });
    run.results.forEach((r, k) => {
      const ref = lz4DecodeBlock(blocks[k], e.limits);
      expect(ref.error, `block ${k}`).toBe(0);
      expect(r.error, `block ${k}`).toBe(0);
      expect(Buffer.from(r.output).equals(Buffer.from(ref.output)), `block ${k}`).toBe(true);
    });
  });

  it('takes one cycle per short sequence (the next literals and offset ride in the match\'s last cycle)', async () => {
    const e = await engine(raw);
    const W = raw.bytesPerCycle;
    const rng = new Rng(13);
    // literals + match bytes fill at most one output line; the match nibble stays below 15 (no length byte)
    const lits = W >= 8 ? 4 : 0;
    const match = W >= 8 ? Math.min(W - lits, 18) : 4;
    const n = 2000;
    const seqs = [{ literals: rng.bytes(64), offset: 64, matchLength: 4 }];
    let pos = 68;
    for (let i = 0; i < n; i++) {
      seqs.push({ literals: rng.bytes(lits), offset: rng.int(1, Math.min(pos + lits, 65535)), matchLength: match });
      pos += lits + match;
    }
    const block = lz4EncodeSequences([...seqs, { literals: rng.bytes(5) }]);
    const run = e.decompress([block]);
    const ref = lz4DecodeBlock(block, e.limits);
    expect(ref.error).toBe(0);
    expect(run.results[0].error).toBe(0);
    expect(Buffer.from(run.results[0].output).equals(Buffer.from(ref.output))).toBe(true);
    const perSequence = Math.ceil(match / W); // the match bytes' cycles; literals, token and offset add none
    expect(run.cycles).toBeGreaterThanOrEqual(n * perSequence);
    // plus the first sequence's 64 literals and 4 match bytes, the last 5 literals and a few cycles of latency
    expect(run.cycles).toBeLessThanOrEqual(n * perSequence + Math.ceil(73 / W) + 32);
  });
});

describe('LZ4 decompressor safety', () => {
  it('fuzz: 12,000 mutated and built blocks give liblz4\'s verdict and output (and the reference\'s), in bounded cycles', async () => {
    const t0 = Date.now();
    const rng = new Rng(99);
    // liblz4 blocks of small inputs (text, zeros, random, corpus slices, 0-40 B) at fast and HC levels, mutated by kind
    const word = new TextEncoder().encode('hostile input tests hostile input tests, again and again ');
    const inputs: Uint8Array[] = [rng.bytes(2000), new Uint8Array(5000).fill(3), Uint8Array.from({ length: 3000 }, (_, i) => word[i % word.length])];
    for (const f of await loadCorpus(1 << 20)) { const at = rng.int(0, f.data.length - 8192); inputs.push(f.data.subarray(at, at + rng.int(256, 8192))); }
    for (let n = 0; n <= 40; n += 4) inputs.push(rng.pick([rng.bytes(n), new Uint8Array(n), word.subarray(0, n)]));
    const bases: Uint8Array[] = [];
    for (const data of inputs) for (const level of LEVELS) bases.push(await liblz4Compress(data, level));
    const withMatch = bases.filter((b) => parseFields(b).some((f) => f.offsetAt !== undefined));
    const wide = await engine({ bytesPerCycle: 8, maxOutputBytes: 1 << 16 });
    const mutated: { kind: Kind; block: Uint8Array; maxOutput: number }[] = [];
    for (const kind of KINDS) {
      for (let i = 0; i < 1000; i++) mutated.push({ kind, block: mutate(kind, rng, rng.pick(kind === 'offset' || kind === 'length field' ? withMatch : bases), rng.pick(bases)), maxOutput: 1 << 16 });
    }
    // blocks built from random sequences around a small engine's output bound, where the bound's rules decide
    const narrow = await engine({ bytesPerCycle: 4, maxOutputBytes: 512, windowBytes: 512 });
    const built = Array.from({ length: 4000 }, () => ({ block: randomSequenceBlock(rng).block, maxOutput: 512 }));
    const counts = new Map<string, Counts>([...KINDS, 'built'].map((k) => [k, noCounts()]));
    const viaEngine = (e: SimulatedLz4Decompressor, seed: number) => (batch: readonly { block: Uint8Array }[]) => {
      const blocks = batch.map((c) => c.block);
      const inBytes = blocks.reduce((n, b) => n + b.length, 0);
      const run = e.decompress(blocks, { gap: 0.1, backpressure: 0.1, seed, stallLimit: 2000 });
      // bound: every cycle consumes input or writes output, plus a few per block and the output bytes
      expect(run.cycles).toBeLessThanOrEqual(2 * inBytes + run.results.reduce((n, r) => n + r.output.length, 0) + 8 * blocks.length + 2000);
      for (const r of run.results) expect(r.output.length).toBeLessThanOrEqual(e.limits.maxOutput);
      return run.results;
    };
    const problems = [
      ...await compareWithLiblz4(mutated, (c) => counts.get(c.kind)!, viaEngine(wide, 1)),
      ...await compareWithLiblz4(built, () => counts.get('built')!, viaEngine(narrow, 2)),
    ];
    console.log(`LZ4 engines vs liblz4 (and the reference): ${mutated.length} mutated liblz4 blocks on ${wide.design.top}, ${built.length} built blocks on ${narrow.design.top}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    console.table(Object.fromEntries([...counts.entries(), ['all', totalOf(counts.values())]]));
    expect(problems.slice(0, 10)).toEqual([]);
    const total = totalOf(counts.values());
    expect(total.accepted + total['rejected by both'] + total['offset-0 class']).toBe(12000);
    for (const [kind, c] of counts) expect(c['rejected by both'], kind).toBeGreaterThan(100);
    expect(total['of which verdict 7']).toBeGreaterThan(300);
    expect(total.accepted).toBeGreaterThan(3000);
  }, 300_000);

  it.each([
    ['offset 0', [0x10, 0x41, 0x00, 0x00, 0x00], 2],
    ['offset before the start', [0x10, 0x41, 0x05, 0x00, 0x00], 2],
    ['truncated offset', [0x10, 0x41, 0x01], 1],
    ['literals missing', [0x50, 1, 2], 1],
    ['ends with a match', [0x10, 0x41, 0x01, 0x00], 5],
    ['a match 5 bytes before the end (liblz4: -2; lenient: AAAAA)', [0x10, 0x41, 0x01, 0x00, 0x00], 7],
    ['empty block', [], 6],
  ])('flags %s with its code', async (_, bytes, code) => {
    const e = await engine({ bytesPerCycle: 8 });
    const r = e.decompress([Uint8Array.from(bytes), Uint8Array.of(0x30, 1, 2, 3)]);
    expect(r.results[0].error).toBe(code);
    expect(r.results[1]).toEqual({ output: Uint8Array.of(1, 2, 3), error: 0 }); // the next block is unaffected
  });

  it('stops at the output bound and at the window without writing past them', async () => {
    const e = await engine({ bytesPerCycle: 4, maxOutputBytes: 1000, windowBytes: 256 });
    const tooLong = lz4EncodeSequences([{ literals: Uint8Array.of(1), offset: 1, matchLength: 5000 }, { literals: new Uint8Array(5) }]);
    const tooFar = lz4EncodeSequences([{ literals: new Uint8Array(600), offset: 300, matchLength: 4 }, { literals: new Uint8Array(5) }]);
    const r = e.decompress([tooLong, tooFar]);
    expect(r.results.map((x) => x.error)).toEqual([4, 3]);
    expect(r.results[0].output.length).toBeLessThanOrEqual(1000);
  });

  it('refuses bad parameters by name', async () => {
    await expect(SimulatedLz4Decompressor.create({ bytesPerCycle: 6 })).rejects.toThrow("gen/lz4-decompress: parameter 'bytesPerCycle' = 6 is not a power of two: allowed 1, 2, 4, 8, 16, 32");
    await expect(SimulatedLz4Decompressor.create({ windowBytes: 1000 })).rejects.toThrow(/'windowBytes' = 1000 is not a power of two/);
    await expect(SimulatedLz4Decompressor.create({ bytesPerCycle: 32, windowBytes: 32 })).rejects.toThrow(/'windowBytes' = 32 is smaller than 2 x bytesPerCycle \(64\)/);
  });
});
