// The simulated deflate compressor: its streams equal the design model's byte for byte, zlib and the inflate
// engine decode them to the input, over all kinds of data with gaps and backpressure; bad input gives its
// verdict; bad parameters are refused by name.
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/data/corpus.js';
import { SimulatedDeflater } from '../../src/engines/deflate.js';
import { SimulatedInflater } from '../../src/engines/inflate.js';
import { zlibInflate } from '../../src/oracle/zlib.js';
import { deflateDesignCompress } from '../../src/ref/deflate-compress.js';
import { Rng } from '../../src/util/rng.js';

const engines: { close(): void }[] = [];
afterAll(() => engines.forEach((e) => e.close()));

describe.each([
  {},
  { lanes: 1, hashBits: 10, hashBanks: 1, windowBytes: 4096, backwardBytes: 0 },
  { lanes: 8, hashBits: 12, hashBanks: 8, windowBytes: 1024, backwardBytes: 2 },
])('deflate engine %o', (raw) => {
  it('equals the design model byte for byte; zlib and the inflate engine decode it', async () => {
    const e = await SimulatedDeflater.create(raw);
    const inf = await SimulatedInflater.create({ bytesPerCycle: 8 });
    engines.push(e, inf);
    const max = e.params.windowBytes;
    const rng = new Rng(max);
    const text = new TextEncoder().encode('the rain in spain stays mainly in the plain; '.repeat(300));
    const inputs = [new Uint8Array(0), Uint8Array.of(9), rng.bytes(13), new Uint8Array(max).fill(0), text.subarray(0, max), rng.bytes(Math.min(max, 5000)),
      ...(await loadCorpus(max)).map((f) => f.data.subarray(0, max))];
    const run = e.deflate(inputs, { gap: 0.2, backpressure: 0.2, seed: 9 });
    const back = inf.inflate(run.streams.map((s) => s.data));
    for (const [i, data] of inputs.entries()) {
      const got = run.streams[i];
      expect(got.error, `input ${i}`).toBe(0);
      expect(Buffer.from(got.data).equals(Buffer.from(deflateDesignCompress(e.compressorDesign, data))), `input ${i} (${data.length} B) vs model`).toBe(true);
      const lib = await zlibInflate(got.data, Math.max(1, data.length));
      expect(lib !== 'invalid' && lib !== 'too-long' && Buffer.from(lib.output).equals(Buffer.from(data)), `input ${i} zlib`).toBe(true);
      expect(back.results[i].error).toBe(0);
      expect(Buffer.from(back.results[i].output).equals(Buffer.from(data)), `input ${i} inflate engine`).toBe(true);
    }
  });
});

describe('deflate engine parameters and verdicts', () => {
  it('refuses a window beyond 32768 by name, and a stream larger than its buffer', async () => {
    await expect(SimulatedDeflater.create({ windowBytes: 65536 })).rejects.toThrow("gen/deflate: parameter 'windowBytes' = 65536 is beyond deflate's 32768-byte window: allowed 64..32768");
    const e = await SimulatedDeflater.create({ lanes: 4, hashBits: 8, hashBanks: 4, windowBytes: 256 });
    engines.push(e);
    const r = e.deflate([new Uint8Array(300), Uint8Array.of(1, 2, 3)]);
    expect(r.streams[0]).toEqual({ data: new Uint8Array(0), error: 1 });
    expect(r.streams[1].error).toBe(0);
  });
});

describe('deflate engine epochs', () => {
  it('stays equal to the model across the table-epoch wrap (300 streams)', async () => {
    const e = await SimulatedDeflater.create({ lanes: 4, hashBits: 8, hashBanks: 4, windowBytes: 1024 });
    engines.push(e);
    const rng = new Rng(301);
    const text = new TextEncoder().encode('epoch wrap test for deflate, the same words again and again. ');
    const inputs = Array.from({ length: 300 }, (_, i) => (i % 4 === 0 ? rng.bytes(rng.int(0, 100)) : text.subarray(0, rng.int(10, text.length))));
    const run = e.deflate(inputs);
    run.streams.forEach((st, i) => {
      expect(st.error).toBe(0);
      expect(Buffer.from(st.data).equals(Buffer.from(deflateDesignCompress(e.compressorDesign, inputs[i]))), `stream ${i}`).toBe(true);
    });
  });
});
