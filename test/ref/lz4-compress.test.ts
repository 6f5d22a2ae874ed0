// The LZ4 compressor design model: its blocks decode with liblz4 and the reference decoder to the exact input
// for every kind of data and size 0 B .. 1 MiB, at several design points; it keeps LZ4's end-of-block rules;
// it is deterministic; and on the corpus its ratio is within 5% of lz4 -1 at the default design point.
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/data/corpus.js';
import { liblz4Compress, liblz4Decompress } from '../../src/oracle/lz4.js';
import { DEFAULT_LZ4_COMPRESSOR_DESIGN, LZ4_LAST_LITERALS, LZ4_MF_LIMIT, lz4DesignCompress, lz4DesignSequences, type Lz4CompressorDesign } from '../../src/ref/lz4-compress.js';
import { lz4DecodeBlock } from '../../src/ref/lz4.js';
import { Rng } from '../../src/util/rng.js';

const DESIGNS: Lz4CompressorDesign[] = [
  DEFAULT_LZ4_COMPRESSOR_DESIGN,
  { positionsPerCycle: 1, hashBits: 10, hashBanks: 1, windowBytes: 4096, backwardBytes: 0 },
  { positionsPerCycle: 8, hashBits: 12, hashBanks: 8, windowBytes: 65536, backwardBytes: 8 },
  { positionsPerCycle: 32, hashBits: 16, hashBanks: 128, windowBytes: 1024, backwardBytes: 4 },
];

function samples(rng: Rng): Uint8Array[] {
  const text = new TextEncoder().encode('abcabcabd '.repeat(50) + 'the cat sat on the mat; the cat sat on the hat. '.repeat(80));
  return [
    new Uint8Array(0), Uint8Array.of(7), rng.bytes(11), rng.bytes(12), new Uint8Array(13), new Uint8Array(17).fill(1),
    text, rng.bytes(5000), new Uint8Array(100_000), Uint8Array.from({ length: 1 << 20 }, (_, i) => text[i % text.length] ^ (i % 65536 === 0 ? 1 : 0)),
  ];
}

describe.each(DESIGNS)('LZ4 compressor design %o', (design) => {
  it('blocks decode to the input with liblz4 and the reference decoder, and keep the end rules', async () => {
    const rng = new Rng(design.positionsPerCycle);
    for (const data of [...samples(rng), ...(await loadCorpus(200_000)).map((f) => f.data)]) {
      const seqs = lz4DesignSequences(design, data);
      let pos = 0;
      for (const s of seqs) {
        pos += s.literals.length;
        if (s.offset === undefined) continue;
        expect(pos + LZ4_MF_LIMIT).toBeLessThanOrEqual(data.length); // last match starts 12+ bytes before the end
        expect(s.offset).toBeLessThanOrEqual(Math.min(65535, design.windowBytes - 1));
        pos += s.matchLength!;
        expect(pos + LZ4_LAST_LITERALS).toBeLessThanOrEqual(data.length); // last 5 bytes are literals
      }
      expect(pos).toBe(data.length);
      const block = lz4DesignCompress(design, data);
      expect(Buffer.from(block)).toEqual(Buffer.from(lz4DesignCompress(design, data))); // deterministic
      const lib = await liblz4Decompress(block, Math.max(1, data.length));
      expect(lib && Buffer.from(lib).equals(Buffer.from(data)), `liblz4, ${data.length} B`).toBe(true);
      const ref = lz4DecodeBlock(block, { maxOutput: Math.max(data.length, 1), window: 65536 });
      expect(ref.error).toBe(0);
      expect(Buffer.from(ref.output).equals(Buffer.from(data))).toBe(true);
    }
  });
});

it('the default design point compresses the corpus to within 5% of lz4 -1', async () => {
  let inBytes = 0, ours = 0, lib = 0;
  for (const f of await loadCorpus()) {
    inBytes += f.data.length;
    ours += lz4DesignCompress(DEFAULT_LZ4_COMPRESSOR_DESIGN, f.data).length;
    lib += (await liblz4Compress(f.data)).length;
  }
  expect(inBytes / ours).toBeGreaterThan(0.95 * (inBytes / lib));
});
