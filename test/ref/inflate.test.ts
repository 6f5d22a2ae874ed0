// The inflate reference against zlib: zlib's own streams at levels 0..9 and every strategy (stored, fixed and
// dynamic blocks) decode to the input; on thousands of mutated streams the reference accepts exactly the
// streams zlib accepts, with the same output; the zlib and gzip wrappers check their trailers.
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/data/corpus.js';
import { zlibCompress, zlibInflate, type ZlibStrategy } from '../../src/oracle/zlib.js';
import { adler32, inflateRaw, unwrapGzip, unwrapZlib, WrapperError } from '../../src/ref/inflate.js';
import { Rng } from '../../src/util/rng.js';

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** A deflate bit writer: fields LSB-first, Huffman codes MSB-first (RFC 1951 3.1.1). */
class Bits {
  private readonly bits: number[] = [];
  put(value: number, n: number): void { for (let i = 0; i < n; i++) this.bits.push((value >> i) & 1); }
  huff(code: number, n: number): void { for (let i = n - 1; i >= 0; i--) this.bits.push((code >> i) & 1); }
  bytes(): Uint8Array {
    const out = new Uint8Array(Math.ceil(this.bits.length / 8));
    this.bits.forEach((b, i) => { out[i >> 3] |= b << (i & 7); });
    return out;
  }
}

describe('inflate reference', () => {
  it('decodes zlib output at levels 0..9 and all strategies on the corpus', async () => {
    const rng = new Rng(1);
    const inputs = [new Uint8Array(0), rng.bytes(1), ...(await loadCorpus(150_000)).map((f) => f.data)];
    for (const data of inputs) {
      for (let level = 0; level <= 9; level++) {
        const s = await zlibCompress(data, level);
        const r = inflateRaw(s);
        expect(r.error, `level ${level}, ${data.length} B`).toBe(0);
        expect(same(r.output, data)).toBe(true);
        expect(r.consumed).toBe(s.length);
      }
      for (const strategy of ['filtered', 'huffman-only', 'rle', 'fixed'] as ZlibStrategy[]) {
        const r = inflateRaw(await zlibCompress(data, 6, 'raw', strategy));
        expect(r.error, strategy).toBe(0);
        expect(same(r.output, data)).toBe(true);
      }
    }
  });

  it('accepts exactly the mutated streams zlib accepts, with the same output', async () => {
    const rng = new Rng(2);
    const text = new TextEncoder().encode('deflate hostile input: abracadabra, abracadabra! '.repeat(40));
    const seeds = await Promise.all([zlibCompress(text, 9), zlibCompress(text, 1, 'raw', 'fixed'), zlibCompress(rng.bytes(300), 0), zlibCompress(text, 6, 'raw', 'huffman-only')]);
    let accepted = 0, rejected = 0;
    for (let t = 0; t < 2000; t++) {
      const m = Uint8Array.from(seeds[t % seeds.length]);
      for (let f = rng.int(1, 3); f > 0; f--) m[rng.int(0, m.length - 1)] ^= 1 << rng.int(0, 7);
      const cut = t % 5 === 0 ? m.subarray(0, rng.int(0, m.length)) : m;
      const lib = await zlibInflate(cut, 1 << 20);
      const ours = inflateRaw(cut, { maxOutput: 1 << 20, window: 32768 });
      if (lib === 'invalid') {
        expect(ours.error, `mutation ${t}: zlib rejects`).not.toBe(0);
        rejected++;
      } else if (lib !== 'too-long') {
        expect(ours.error, `mutation ${t}: zlib accepts`).toBe(0);
        expect(same(ours.output, lib.output), `mutation ${t}`).toBe(true);
        expect(ours.consumed).toBe(lib.consumed);
        accepted++;
      }
    }
    expect(accepted).toBeGreaterThan(50);
    expect(rejected).toBeGreaterThan(500);
  });

  it('gives the documented verdicts on hand-made streams', () => {
    expect(inflateRaw(new Uint8Array(0)).error).toBe(1);
    expect(inflateRaw(Uint8Array.of(0x07)).error).toBe(2); // final, type 3
    expect(inflateRaw(Uint8Array.of(0x01, 0x01, 0x00, 0x00, 0x00)).error).toBe(3); // stored, LEN 1, NLEN 0
    expect(inflateRaw(Uint8Array.of(0x01, 0x01, 0x00, 0xfe, 0xff, 0x41))).toMatchObject({ error: 0, consumed: 6 });
    // fixed block: literal 'a', then length 3 with distance code 30 (defined by the fixed code, invalid)
    const w = new Bits();
    w.put(1, 1); w.put(1, 2); // BFINAL, BTYPE=01
    w.huff(0x30 + 0x61, 8); // 'a'
    w.huff(1, 7); // 257: length 3
    w.huff(30, 5); // distance code 30
    expect(inflateRaw(w.bytes()).error).toBe(5);
    const ok = new Bits();
    ok.put(1, 1); ok.put(1, 2); ok.huff(0x30 + 0x61, 8); ok.huff(1, 7); ok.huff(0, 5); ok.huff(0, 7); // 'a', copy 3 at 1, end
    expect(inflateRaw(ok.bytes())).toMatchObject({ error: 0, output: new TextEncoder().encode('aaaa') });
    expect(inflateRaw(Uint8Array.of(0x01, 0x04, 0x00, 0xfb, 0xff, 1, 2, 3, 4), { maxOutput: 3, window: 32768 }).error).toBe(7);
  });

  it('refuses distances beyond the window it keeps', async () => {
    const data = new Rng(3).bytes(5000);
    const twice = new Uint8Array(10000);
    twice.set(data); twice.set(data, 5000);
    const s = await zlibCompress(twice, 9);
    expect(inflateRaw(s, { maxOutput: 1 << 20, window: 32768 }).error).toBe(0);
    expect(inflateRaw(s, { maxOutput: 1 << 20, window: 4096 }).error).toBe(6);
  });
});

describe('zlib and gzip wrappers', () => {
  it('unwrap zlib and gzip streams and check their trailers', async () => {
    const data = new TextEncoder().encode('wrapped '.repeat(1000));
    const inflate = (raw: Uint8Array) => inflateRaw(raw);
    expect(same(unwrapZlib(await zlibCompress(data, 6, 'zlib'), inflate), data)).toBe(true);
    expect(same(unwrapGzip(await zlibCompress(data, 6, 'gzip'), inflate), data)).toBe(true);
    const z = await zlibCompress(data, 6, 'zlib');
    z[z.length - 1] ^= 1;
    expect(() => unwrapZlib(z, inflate)).toThrow('zlib: Adler-32 mismatch: the decoded bytes differ from what was compressed');
    const g = await zlibCompress(data, 6, 'gzip');
    g[g.length - 6] ^= 1;
    expect(() => unwrapGzip(g, inflate)).toThrow(/gzip: CRC-32 mismatch/);
    expect(() => unwrapGzip(Uint8Array.of(0x1f, 0x8c, ...new Uint8Array(20)), inflate)).toThrow(WrapperError);
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
  });
});
