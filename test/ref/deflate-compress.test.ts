// The deflate compressor design model: its streams inflate with zlib and with the reference to the exact input
// over all kinds of data and sizes; the code tables agree with RFC 1951; the ratio is reported by the bench.
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/data/corpus.js';
import { zlibInflate } from '../../src/oracle/zlib.js';
import { deflateDesignCompress, distanceCode, fixedLitLenCode, lengthSymbol } from '../../src/ref/deflate-compress.js';
import { DEFAULT_LZ4_COMPRESSOR_DESIGN } from '../../src/ref/lz4-compress.js';
import { inflateRaw } from '../../src/ref/inflate.js';
import { Rng } from '../../src/util/rng.js';

describe('deflate compressor design model', () => {
  it('code tables follow RFC 1951', () => {
    expect(fixedLitLenCode(0)).toEqual([0x30, 8]);
    expect(fixedLitLenCode(144)).toEqual([0x190, 9]);
    expect(fixedLitLenCode(256)).toEqual([0, 7]);
    expect(fixedLitLenCode(280)).toEqual([0xc0, 8]);
    expect(lengthSymbol(3)).toEqual([257, 0, 0]);
    expect(lengthSymbol(12)).toEqual([265, 1, 1]);
    expect(lengthSymbol(257)).toEqual([284, 30, 5]);
    expect(lengthSymbol(258)).toEqual([285, 0, 0]);
    expect(distanceCode(1)).toEqual([0, 0, 0]);
    expect(distanceCode(5)).toEqual([4, 0, 1]);
    expect(distanceCode(32768)).toEqual([29, 8191, 13]);
  });

  it.each([
    DEFAULT_LZ4_COMPRESSOR_DESIGN,
    { positionsPerCycle: 1, hashBits: 10, hashBanks: 1, windowBytes: 4096, backwardBytes: 0 },
    { positionsPerCycle: 8, hashBits: 12, hashBanks: 8, windowBytes: 1024, backwardBytes: 4 },
  ])('streams inflate to the input with zlib and the reference (%o)', async (design) => {
    const rng = new Rng(3);
    const text = new TextEncoder().encode('deflate me: the rain in spain stays mainly in the plain. '.repeat(100));
    const inputs = [new Uint8Array(0), Uint8Array.of(1), rng.bytes(20), new Uint8Array(70_000), text, ...(await loadCorpus(100_000)).map((f) => f.data)];
    for (const data of inputs) {
      const stream = deflateDesignCompress(design, data);
      const lib = await zlibInflate(stream, Math.max(1, data.length));
      expect(lib !== 'invalid' && lib !== 'too-long' && Buffer.from(lib.output).equals(Buffer.from(data)), `zlib, ${data.length} B`).toBe(true);
      const ref = inflateRaw(stream);
      expect(ref.error).toBe(0);
      expect(Buffer.from(ref.output).equals(Buffer.from(data))).toBe(true);
      expect(ref.consumed).toBe(stream.length);
    }
  });
});
