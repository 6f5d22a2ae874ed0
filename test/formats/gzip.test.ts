// Stored deflate blocks and the stored fallback, checked with zlib (the independent inflater) and the reference
// inflater; gzip members checked with the real gzip tool.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deflateOrStored, gzipMember, gzipMembers, STORED_BLOCK_MAX, storedDeflate, storedDeflateSize } from '../../src/formats/gzip.js';
import { zlibCompress, zlibInflate } from '../../src/oracle/zlib.js';
import { inflateRaw } from '../../src/ref/inflate.js';
import { DEFAULT_LZ4_COMPRESSOR_DESIGN } from '../../src/ref/lz4-compress.js';
import { deflateDesignCompress } from '../../src/ref/deflate-compress.js';
import { runTool } from '../../src/util/run-tool.js';
import { Rng } from '../../src/util/rng.js';

const rng = new Rng(0x57012ed);
const randomBytes = (n: number) => rng.bytes(n);

describe('stored deflate blocks', () => {
  it('zlib and the reference inflate them back, at the documented size, across block boundaries', async () => {
    for (const n of [0, 1, 2, 100, STORED_BLOCK_MAX - 1, STORED_BLOCK_MAX, STORED_BLOCK_MAX + 1, 2 * STORED_BLOCK_MAX, 200_000]) {
      const data = randomBytes(n);
      const s = storedDeflate(data);
      expect(s.length, `${n} B`).toBe(storedDeflateSize(n));
      expect(s.length).toBe(n + 5 * Math.max(1, Math.ceil(n / STORED_BLOCK_MAX)));
      const z = await zlibInflate(s, n + 1);
      if (typeof z === 'string') throw new Error(`zlib: ${z} for ${n} B`);
      expect(z.consumed).toBe(s.length);
      expect(Buffer.compare(z.output, data)).toBe(0);
      const r = inflateRaw(s, { maxOutput: n + 1, window: 32768 });
      expect(r.consumed).toBe(s.length);
      expect(Buffer.compare(r.output, data)).toBe(0);
    }
  });

  it('matches zlib level 0 byte for byte (zlib stores with the same block layout)', async () => {
    // zlib's level 0 splits at its own buffer size; compare where both use one block
    for (const n of [0, 1, 1000, 16000]) {
      const data = randomBytes(n);
      expect(Buffer.compare(storedDeflate(data), await zlibCompress(data, 0, 'raw')), `${n} B`).toBe(0);
    }
  });
});

describe('stored fallback', () => {
  it('keeps the engine design stream on compressible data and stores incompressible data', () => {
    const text = new TextEncoder().encode('the quick brown fox jumps over the lazy dog. '.repeat(200));
    const t = deflateOrStored(deflateDesignCompress(DEFAULT_LZ4_COMPRESSOR_DESIGN, text), text);
    expect(t.stored).toBe(false);
    expect(t.stream.length).toBeLessThan(text.length / 10);
    for (const n of [0, 1, 7, 4096, 32768]) {
      const data = randomBytes(n);
      const fixed = deflateDesignCompress(DEFAULT_LZ4_COMPRESSOR_DESIGN, data);
      const r = deflateOrStored(fixed, data);
      // fixed Huffman spends 9 bits on bytes 144..255: random data grows ~6%, stored by 5 bytes per block
      if (n >= 4096) expect(r.stored).toBe(true);
      if (n >= 1 && n <= 7) expect(r.stored).toBe(false); // a few codes beat the 5-byte stored header
      expect(r.stream.length).toBe(Math.min(fixed.length, storedDeflateSize(n)));
      expect(Buffer.compare(inflateRaw(r.stream, { maxOutput: n + 1, window: 32768 }).output, data)).toBe(0);
    }
  });

  it('gzip members (stored and compressed) concatenate into a file the gzip tool decompresses', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gzip-'));
    const parts = [randomBytes(5000), new TextEncoder().encode('abcabcabd'.repeat(1000)), new Uint8Array(0)];
    const members = parts.map((p) => gzipMember(deflateOrStored(deflateDesignCompress(DEFAULT_LZ4_COMPRESSOR_DESIGN, p), p).stream, p));
    const file = Uint8Array.from(members.flatMap((m) => [...m]));
    expect(gzipMembers(file).map((m) => m.length)).toEqual(members.map((m) => m.length));
    writeFileSync(path.join(dir, 'a.gz'), file);
    const r = await runTool('sh', ['-c', `gzip -dc '${dir}/a.gz' > '${dir}/a'`]);
    expect(r.ok, r.all).toBe(true);
    expect(Buffer.compare(readFileSync(path.join(dir, 'a')), Buffer.concat(parts))).toBe(0);
  });
});
