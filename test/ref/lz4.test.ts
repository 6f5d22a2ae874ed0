// The LZ4 block reference decoder: decodes liblz4's blocks (fast and HC) to the input, agrees with
// LZ4_decompress_safe on every stream liblz4 accepts, and gives the documented verdict on hostile streams.
import { describe, expect, it } from 'vitest';
import { liblz4Compress, liblz4Decompress } from '../../src/oracle/lz4.js';
import { lz4DecodeBlock, lz4EncodeSequences } from '../../src/ref/lz4.js';
import { Rng } from '../../src/util/rng.js';

const text = new TextEncoder().encode('It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness. '.repeat(40));

describe('LZ4 reference decoder', () => {
  it('decodes liblz4 blocks at fast and HC levels', async () => {
    const rng = new Rng(1);
    const inputs = [new Uint8Array(0), rng.bytes(1), rng.bytes(100), text, new Uint8Array(70000).fill(7), rng.bytes(70000)];
    for (const data of inputs) {
      for (const level of [{ mode: 'fast', acceleration: 1 }, { mode: 'fast', acceleration: 8 }, { mode: 'hc', level: 9 }] as const) {
        const block = await liblz4Compress(data, level);
        const r = lz4DecodeBlock(block);
        expect(r.error, `${data.length} B ${JSON.stringify(level)}`).toBe(0);
        expect(Buffer.from(r.output).equals(Buffer.from(data))).toBe(true);
      }
    }
  });

  it('handles overlapping matches, long literal runs and 64 KiB offsets', () => {
    const lits = new Rng(2).bytes(70000);
    const block = lz4EncodeSequences([
      { literals: Uint8Array.of(0xab), offset: 1, matchLength: 1000 }, // run of one byte
      { literals: Uint8Array.of(1, 2, 3), offset: 3, matchLength: 20 }, // offset < length
      { literals: lits, offset: 65535, matchLength: 300 }, // long literal run, farthest offset
      { literals: Uint8Array.of(9, 9, 9, 9, 9) },
    ]);
    const r = lz4DecodeBlock(block);
    expect(r.error).toBe(0);
    expect(r.output.length).toBe(1 + 1000 + 3 + 20 + 70000 + 300 + 5);
    expect(r.output.subarray(0, 1001).every((b) => b === 0xab)).toBe(true);
    const far = r.output.length - 5 - 300;
    expect(Buffer.from(r.output.subarray(far, far + 300))).toEqual(Buffer.from(r.output.subarray(far - 65535, far - 65535 + 300)));
  });

  it.each([
    [[], 6],
    [[0x10], 1], // one literal announced, none present
    [[0xf0, 255], 1], // length continues past the end
    [[0x10, 0x41, 0x01], 1], // one offset byte
    [[0x10, 0x41, 0x00, 0x00], 2], // offset 0
    [[0x10, 0x41, 0x02, 0x00], 2], // offset before the start
    [[0x10, 0x41, 0x01, 0x00], 5], // ends after a match
    [[0x00], 0], // the empty block
  ])('%j → verdict %i', (bytes, code) => {
    expect(lz4DecodeBlock(Uint8Array.from(bytes)).error).toBe(code);
  });

  it('enforces the window and the output bound', () => {
    const far = lz4EncodeSequences([{ literals: new Uint8Array(5000), offset: 4097, matchLength: 4 }, { literals: new Uint8Array(5) }]);
    expect(lz4DecodeBlock(far, { maxOutput: 1 << 20, window: 4096 }).error).toBe(3);
    expect(lz4DecodeBlock(far, { maxOutput: 1 << 20, window: 8192 }).error).toBe(0);
    expect(lz4DecodeBlock(far, { maxOutput: 5000, window: 8192 }).error).toBe(4);
  });

  it('agrees with LZ4_decompress_safe on every mutated stream liblz4 accepts', async () => {
    const rng = new Rng(3);
    const base = await liblz4Compress(text);
    let accepted = 0;
    for (let t = 0; t < 400; t++) {
      const m = Uint8Array.from(base);
      for (let f = rng.int(1, 4); f > 0; f--) m[rng.int(0, m.length - 1)] = rng.int(0, 255);
      const cut = rng.float() < 0.3 ? m.subarray(0, rng.int(0, m.length)) : m;
      const lib = await liblz4Decompress(cut, 1 << 16);
      const ours = lz4DecodeBlock(cut, { maxOutput: 1 << 16, window: 65536 });
      if (lib) {
        accepted++;
        expect(ours.error, `mutation ${t}`).toBe(0);
        expect(Buffer.from(ours.output).equals(Buffer.from(lib))).toBe(true);
      }
    }
    expect(accepted).toBeGreaterThan(20);
  });
});
