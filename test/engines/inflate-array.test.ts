// The simulated inflate engine array: every raw deflate stream gets the reference inflateRaw's verdict (with the
// engines' window and output bound) and, when it decodes, its output and the input bytes it used, equal also to
// zlib's output; streams leave in the order they came (arrays of 1 to 3 engines, engines of 4 to 16 bytes per cycle,
// streams of 16 to 64 bytes; zlib levels 1, 6, 9 and stored, the deflate design's fixed-Huffman streams, truncated
// and flipped ones; gaps and backpressure); 2-word FIFOs lose nothing; several engines decode at once (exact cycles).
import { afterAll, describe, expect, it } from 'vitest';
import { withParameters } from '../../gen/core/with-parameters.js';
import { loadCorpus } from '../../src/data/corpus.js';
import { SimulatedInflater } from '../../src/engines/inflate.js';
import { zlibCompress, zlibInflate } from '../../src/oracle/zlib.js';
import { deflateDesignCompress } from '../../src/ref/deflate-compress.js';
import { inflateRaw } from '../../src/ref/inflate.js';
import { Rng } from '../../src/util/rng.js';
import { encodedPieces } from './encoded-pieces.js';

const arrays: SimulatedInflater[] = [];
afterAll(() => arrays.forEach((a) => a.close()));
async function array(raw: Record<string, unknown>, settings?: Record<string, number>): Promise<SimulatedInflater> {
  const a = await SimulatedInflater.createArray(raw, settings ? { transform: withParameters(settings) } : {});
  arrays.push(a);
  return a;
}

const DESIGN = { positionsPerCycle: 16, hashBits: 12, hashBanks: 16, windowBytes: 32768, backwardBytes: 4 };

/** Good and hostile raw deflate streams of pieces of the corpus up to `max` decoded bytes. */
const streamsOf = (max: number, count: number, rng: Rng) => encodedPieces(max, count, rng, [
  (p) => zlibCompress(p, 1), (p) => zlibCompress(p, 6), (p) => zlibCompress(p, 9), (p) => zlibCompress(p, 0), (p) => deflateDesignCompress(DESIGN, p),
]);

async function check(a: SimulatedInflater, streams: Uint8Array[], run: ReturnType<SimulatedInflater['inflate']>, what: string) {
  expect(run.results.length).toBe(streams.length);
  for (const [k, s] of streams.entries()) {
    const ref = inflateRaw(s, a.limits);
    const got = run.results[k];
    expect(got.error, `${what}: stream ${k} (${s.length} B) verdict`).toBe(ref.error);
    if (ref.error !== 0) continue;
    expect(Buffer.from(got.output).equals(Buffer.from(ref.output)), `${what}: stream ${k} output`).toBe(true);
    expect(got.consumed, `${what}: stream ${k} bytes used`).toBe(ref.consumed);
    const z = await zlibInflate(s, a.limits.maxOutput);
    expect(typeof z === 'object' && Buffer.from(z.output).equals(Buffer.from(got.output)), `${what}: stream ${k} vs zlib`).toBe(true);
  }
}

describe.each([
  { engines: 1, dataBytes: 16, bytesPerCycle: 8, maxOutputBytes: 4096 },
  { engines: 2, dataBytes: 64, bytesPerCycle: 16, maxOutputBytes: 4096 },
  { engines: 3, dataBytes: 16, bytesPerCycle: 4, maxOutputBytes: 2048 },
])('inflate array %o', (raw) => {
  it('gives each stream the reference\'s verdict, output and bytes used (and zlib\'s output), in input order', async () => {
    const a = await array(raw);
    const streams = await streamsOf(raw.maxOutputBytes, 24, new Rng(raw.engines * 10 + raw.bytesPerCycle));
    for (const [i, drive] of [{}, { gap: 0.4, backpressure: 0.5, seed: 3 }].entries()) await check(a, streams, a.inflate(streams, drive), `drive ${i}`);
  });
});

describe('inflate array behaviour', () => {
  it('waits, losing nothing, with 2-word input and output FIFOs and heavy backpressure', async () => {
    const raw = { engines: 3, dataBytes: 32, bytesPerCycle: 8, maxOutputBytes: 4096 };
    const a = await array(raw, { INPUT_FIFO_DEPTH_BITS: 1, OUTPUT_FIFO_DEPTH_BITS: 1 });
    const streams = await streamsOf(raw.maxOutputBytes, 12, new Rng(71));
    await check(a, streams, a.inflate(streams, { gap: 0.1, backpressure: 0.8, seed: 5 }), '2-word FIFOs');
  });

  it('decodes on several engines at once (exact cycles: 3 engines take under half the cycles of 1)', async () => {
    const params = { dataBytes: 64, bytesPerCycle: 8, maxOutputBytes: 16384 };
    const one = await array({ ...params, engines: 1 });
    const three = await array({ ...params, engines: 3 });
    const xml = (await loadCorpus(1 << 18)).find((f) => f.name.startsWith('xml'))!.data;
    const streams = await Promise.all(Array.from({ length: 12 }, (_, i) => zlibCompress(xml.subarray(i * 16384, (i + 1) * 16384), 6)));
    const r1 = one.inflate(streams);
    const r3 = three.inflate(streams);
    await check(three, streams, r3, '3 engines');
    expect(r3.cycles, `${r3.cycles} cycles on 3 engines vs ${r1.cycles} on 1`).toBeLessThan(r1.cycles / 2);
  });

  it('refuses bad parameters by name', async () => {
    await expect(SimulatedInflater.createArray({ engines: 0 })).rejects.toThrow(/gen\/inflate-array: parameter 'engines' = 0 .*1\.\.64/);
    await expect(SimulatedInflater.createArray({ dataBytes: 16, bytesPerCycle: 32 })).rejects.toThrow("gen/inflate-array: parameter 'dataBytes' = 16 is below bytesPerCycle (32)");
  });
});
