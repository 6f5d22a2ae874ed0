// The AES and XTS-AES reference kernels: FIPS-197's worked examples (S-box, key expansion, one round step by
// step, the Appendix C ciphertexts), IEEE 1619-2007 Annex B vectors typed in as published and checked against
// Node's OpenSSL too, and agreement with Node crypto (AES-ECB, AES-XTS) on seeded random keys, tweaks and
// lengths, ciphertext stealing included; the error cases name the problem.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  addRoundKey, AesCipher, aesDecryptBlock, aesEncryptBlock, AesError, expandKey, gmul, INV_SBOX, invMixColumns,
  invShiftRows, invSubBytes, mixColumns, SBOX, shiftRows, subBytes, xtime,
} from '../../src/ref/aes.js';
import {
  mulAlpha, tweakOf, xtsDecrypt, xtsDecryptUnit, xtsEncrypt, xtsEncryptUnit, XtsError,
} from '../../src/ref/xts.js';
import { opensslXts } from '../../src/oracle/openssl.js';
import { Rng } from '../../src/util/rng.js';
import { XTS_VECTORS as VECTORS } from './ieee1619-xts-vectors.js';

const unhex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function nodeEcb(encrypt: boolean, key: Uint8Array, block: Uint8Array): Uint8Array {
  const alg = `aes-${key.length * 8}-ecb`;
  const c = encrypt ? createCipheriv(alg, key, null) : createDecipheriv(alg, key, null);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(block), c.final()]));
}

/** One data unit through Node's OpenSSL AES-XTS (the IV is the 16-byte tweak value). */
const nodeXts = (encrypt: boolean, key: Uint8Array, dataUnit: bigint, data: Uint8Array): Uint8Array =>
  opensslXts(encrypt ? 'encrypt' : 'decrypt', key, dataUnit, Math.max(1, data.length), data);

/** Key1 || Key2 with distinct halves. */
function xtsKey(rng: Rng, bytes: 32 | 64): Uint8Array {
  for (;;) {
    const k = rng.bytes(bytes);
    if (hex(k.subarray(0, bytes / 2)) !== hex(k.subarray(bytes / 2))) return k;
  }
}
const u64 = (rng: Rng) => (BigInt(rng.u32()) << 32n) | BigInt(rng.u32());
const u128 = (rng: Rng) => (u64(rng) << 64n) | u64(rng);

/** Carry-less multiply then reduce by 0x11b, bit by bit: an independent definition of the AES field product. */
function slowMul(a: number, b: number): number {
  let p = 0;
  for (let i = 0; i < 8; i++) if ((b >> i) & 1) p ^= a << i;
  for (let bit = 15; bit >= 8; bit--) if ((p >> bit) & 1) p ^= 0x11b << (bit - 8);
  return p;
}

describe('AES field and S-box', () => {
  it('gmul is the product mod 0x11b for all 65536 pairs; FIPS-197 4.2 examples', () => {
    for (let a = 0; a < 256; a++) for (let b = 0; b < 256; b++) expect(gmul(a, b)).toBe(slowMul(a, b));
    expect(gmul(0x57, 0x83)).toBe(0xc1);
    expect(gmul(0x57, 0x13)).toBe(0xfe);
    expect([0x57, 0xae, 0x47, 0x8e].map(xtime)).toEqual([0xae, 0x47, 0x8e, 0x07]);
  });

  it('SBOX and INV_SBOX are 256-entry plain arrays, inverse permutations, with the FIPS-197 entries', () => {
    expect(Array.isArray(SBOX)).toBe(true);
    expect(SBOX.length).toBe(256);
    expect(INV_SBOX.length).toBe(256);
    expect(SBOX[0x00]).toBe(0x63);
    expect(SBOX[0x53]).toBe(0xed);
    expect(SBOX[0xff]).toBe(0x16);
    expect(INV_SBOX[0x00]).toBe(0x52);
    for (let x = 0; x < 256; x++) {
      expect(INV_SBOX[SBOX[x]]).toBe(x);
      expect(SBOX[INV_SBOX[x]]).toBe(x);
    }
    expect(new Set(SBOX).size).toBe(256);
  });
});

describe('AES (FIPS-197)', () => {
  it('Appendix A: key expansion of 2b7e1516... (AES-128) and 603deb10... (AES-256)', () => {
    const k128 = expandKey(unhex('2b7e151628aed2a6abf7158809cf4f3c'));
    expect(k128.length).toBe(11);
    expect(hex(k128[0])).toBe('2b7e151628aed2a6abf7158809cf4f3c');
    expect(hex(k128[1])).toBe('a0fafe1788542cb123a339392a6c7605');
    expect(hex(k128[10])).toBe('d014f9a8c9ee2589e13f0cc8b6630ca6'); // w[40..43]
    const k256 = expandKey(unhex('603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4'));
    expect(k256.length).toBe(15);
    expect(hex(k256[14])).toBe('fe4890d1e6188d0b046df344706c631e'); // w[56..59]
  });

  it('Appendix B: the first round step by step, the inverse steps undo each one, and the ciphertext', () => {
    const keys = expandKey(unhex('2b7e151628aed2a6abf7158809cf4f3c'));
    const input = unhex('3243f6a8885a308d313198a2e0370734');
    const start = addRoundKey(input, keys[0]);
    expect(hex(start)).toBe('193de3bea0f4e22b9ac68d2ae9f84808');
    const sb = subBytes(start);
    expect(hex(sb)).toBe('d42711aee0bf98f1b8b45de51e415230');
    const sr = shiftRows(sb);
    expect(hex(sr)).toBe('d4bf5d30e0b452aeb84111f11e2798e5');
    const mc = mixColumns(sr);
    expect(hex(mc)).toBe('046681e5e0cb199a48f8d37a2806264c');
    expect(hex(addRoundKey(mc, keys[1]))).toBe('a49c7ff2689f352b6b5bea43026a5049');
    expect(hex(invMixColumns(mc))).toBe(hex(sr));
    expect(hex(invShiftRows(sr))).toBe(hex(sb));
    expect(hex(invSubBytes(sb))).toBe(hex(start));
    expect(hex(start)).toBe('193de3bea0f4e22b9ac68d2ae9f84808'); // the steps leave their argument alone
    const ct = aesEncryptBlock(keys, input);
    expect(hex(ct)).toBe('3925841d02dc09fbdc118597196a0b32');
    expect(hex(aesDecryptBlock(keys, ct))).toBe(hex(input));
  });

  it('Appendix C: AES-128 and AES-256 example vectors, both directions', () => {
    const pt = unhex('00112233445566778899aabbccddeeff');
    const cases = [
      ['000102030405060708090a0b0c0d0e0f', '69c4e0d86a7b0430d8cdb78070b4c55a'],
      ['000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', '8ea2b7ca516745bfeafc49904b496089'],
    ];
    for (const [key, ct] of cases) {
      const keys = expandKey(unhex(key));
      expect(hex(aesEncryptBlock(keys, pt))).toBe(ct);
      expect(hex(aesDecryptBlock(keys, unhex(ct)))).toBe(hex(pt));
      const fast = new AesCipher(unhex(key));
      const buf = new Uint8Array(pt);
      fast.encryptInPlace(buf);
      expect(hex(buf)).toBe(ct);
      fast.decryptInPlace(buf);
      expect(hex(buf)).toBe(hex(pt));
    }
  });

  it('equals Node aes-128-ecb / aes-256-ecb on random keys and blocks; decrypt restores; AesCipher agrees', () => {
    const rng = new Rng(1197);
    for (let n = 0; n < 200; n++) {
      const key = rng.bytes(n % 2 ? 32 : 16);
      const keys = expandKey(key);
      const fast = new AesCipher(key);
      const block = rng.bytes(16);
      const ct = aesEncryptBlock(keys, block);
      expect(hex(ct)).toBe(hex(nodeEcb(true, key, block)));
      expect(hex(aesDecryptBlock(keys, ct))).toBe(hex(block));
      expect(hex(aesDecryptBlock(keys, block))).toBe(hex(nodeEcb(false, key, block)));
      // The in-place kernel at an unaligned offset inside a larger buffer.
      const buf = rng.bytes(40);
      const off = rng.int(0, 24);
      buf.set(block, off);
      const before = hex(buf);
      fast.encryptInPlace(buf, off);
      expect(hex(buf.subarray(off, off + 16))).toBe(hex(ct));
      fast.decryptInPlace(buf, off);
      expect(hex(buf)).toBe(before);
    }
  });

  it('errors name the key, block or round-key length', () => {
    expect(() => expandKey(new Uint8Array(24))).toThrow(AesError);
    expect(() => expandKey(new Uint8Array(24))).toThrow(
      'AES key is 24 bytes: dpuforge supports 16 (AES-128) or 32 (AES-256)',
    );
    expect(() => new AesCipher(new Uint8Array(15))).toThrow(/AES key is 15 bytes/);
    const keys = expandKey(new Uint8Array(16));
    expect(() => aesEncryptBlock(keys, new Uint8Array(15))).toThrow(/AES block is 15 bytes: expected 16/);
    expect(() => aesDecryptBlock(keys, new Uint8Array(17))).toThrow(AesError);
    expect(() => aesEncryptBlock(keys.slice(1), new Uint8Array(16))).toThrow(/expected 11 \(AES-128\) or 15/);
    expect(() => subBytes(new Uint8Array(8))).toThrow(/AES state is 8 bytes/);
  });
});

describe('XTS tweak arithmetic', () => {
  it('tweakOf is the 128-bit little-endian data unit number', () => {
    expect(hex(tweakOf(0n))).toBe('00'.repeat(16));
    expect(hex(tweakOf(0x3333333333n))).toBe('3333333333' + '00'.repeat(11));
    expect(hex(tweakOf(0x123456789an))).toBe('9a78563412' + '00'.repeat(11));
    expect(hex(tweakOf((1n << 128n) - 1n))).toBe('ff'.repeat(16));
    expect(() => tweakOf(-1n)).toThrow(XtsError);
    expect(() => tweakOf(1n << 128n)).toThrow(/out of range/);
  });

  it('mulAlpha shifts left by one bit across the little-endian bytes with 0x87 feedback', () => {
    const t = tweakOf(1n);
    expect(hex(mulAlpha(t))).toBe(hex(tweakOf(2n)));
    expect(hex(t)).toBe(hex(tweakOf(1n))); // a new array; the argument is unchanged
    expect(hex(mulAlpha(tweakOf(0x80n)))).toBe(hex(tweakOf(0x100n)));
    expect(hex(mulAlpha(tweakOf(1n << 127n)))).toBe(hex(tweakOf(0x87n)));
    const rng = new Rng(5);
    for (let n = 0; n < 100; n++) {
      const v = u128(rng);
      const want = ((v << 1n) & ((1n << 128n) - 1n)) ^ (v >> 127n ? 0x87n : 0n);
      expect(hex(mulAlpha(tweakOf(v)))).toBe(hex(tweakOf(want)));
    }
    expect(() => mulAlpha(new Uint8Array(8))).toThrow(/XTS tweak is 8 bytes/);
  });
});

describe('XTS-AES: IEEE 1619-2007 Annex B vectors', () => {
  it.each(VECTORS)('$name: encrypt and decrypt equal the published bytes (and Node\'s OpenSSL)', (v) => {
    const key = unhex(v.key1 + v.key2);
    const ptx = unhex(v.ptx);
    const ctx = hex(unhex(v.ctx));
    expect(ptx.length).toBe(ctx.length / 2);
    expect(hex(nodeXts(true, key, v.unit, ptx))).toBe(ctx); // the vector as typed in is OpenSSL's answer too
    expect(hex(xtsEncryptUnit(key, v.unit, ptx))).toBe(ctx);
    expect(hex(xtsEncryptUnit(key, tweakOf(v.unit), ptx))).toBe(ctx);
    expect(hex(xtsDecryptUnit(key, v.unit, unhex(ctx)))).toBe(v.ptx);
    // The same data unit as a one-unit request.
    expect(hex(xtsEncrypt(key, v.unit, 512, ptx))).toBe(ctx);
    expect(hex(xtsDecrypt(key, v.unit, 512, unhex(ctx)))).toBe(v.ptx);
  });

  it('Vector 1 (Key1 = Key2 = 0) and the like are refused, as OpenSSL refuses them', () => {
    // Vector 1 has Key1 = Key2 (all zeros), which the API refuses (as OpenSSL does), so its bytes are not
    // checked. Vectors 5-9 and 12-14 are left out: they reuse vector 4's and vector 10's keys at other data
    // unit numbers.
    const key = new Uint8Array(32);
    expect(() => xtsEncryptUnit(key, 0n, new Uint8Array(32))).toThrow(/XTS key halves are equal/);
    expect(() => nodeXts(true, key, 0n, new Uint8Array(32))).toThrow(/duplicated keys/);
  });
});

describe('XTS-AES equals Node crypto (OpenSSL aes-128-xts / aes-256-xts)', () => {
  const rng = new Rng(1619);
  const units = () => [0n, 1n, u64(rng), u64(rng), u128(rng), u128(rng), (1n << 128n) - 1n];

  it('whole-block data units: 16, 32, 512, 4096 and random multiples of 16 bytes', () => {
    for (const bytes of [32, 64] as const) {
      for (const unit of units()) {
        const key = xtsKey(rng, bytes);
        for (const len of [16, 32, 512, 4096, 16 * rng.int(1, 300), 16 * rng.int(1, 300)]) {
          const data = rng.bytes(len);
          const ct = xtsEncryptUnit(key, unit, data);
          expect(hex(ct), `${bytes}-byte key, unit ${unit}, ${len} bytes`).toBe(hex(nodeXts(true, key, unit, data)));
          expect(hex(xtsDecryptUnit(key, unit, ct))).toBe(hex(data));
          expect(hex(xtsDecryptUnit(key, unit, data))).toBe(hex(nodeXts(false, key, unit, data)));
          expect(hex(xtsEncryptUnit(key, unit, data, { stealing: false }))).toBe(hex(ct));
        }
      }
    }
  });

  it('ciphertext stealing: 17..31, 33, 4095, 4097 and random lengths', () => {
    const lengths = [...Array.from({ length: 15 }, (_, k) => 17 + k), 33, 47, 4095, 4097];
    for (let k = 0; k < 10; k++) lengths.push(rng.int(17, 5000));
    for (const bytes of [32, 64] as const) {
      for (const unit of units()) {
        const key = xtsKey(rng, bytes);
        for (const len of lengths) {
          const data = rng.bytes(len);
          const ct = xtsEncryptUnit(key, unit, data);
          expect(hex(ct), `${bytes}-byte key, unit ${unit}, ${len} bytes`).toBe(hex(nodeXts(true, key, unit, data)));
          expect(hex(xtsDecryptUnit(key, unit, ct))).toBe(hex(data));
          expect(hex(xtsDecryptUnit(key, unit, data))).toBe(hex(nodeXts(false, key, unit, data)));
        }
      }
    }
  });

  it('a request of several data units equals unit-by-unit Node encryption with incrementing tweaks', () => {
    const cases: [number, number][] = [ // [data unit bytes, request bytes]
      [512, 512 * 8], [512, 512 * 7 + 16], [512, 512 * 5 + 100], [4096, 4096 * 3 + 4095], [16, 16 * 9],
      [32, 32 * 4 + 17], [4096, 4096],
    ];
    // Tweak counters that carry across bytes and words of the 128-bit data unit number.
    const firsts = [0n, 0xfen, 0xfffffffffffffffen, (1n << 128n) - 20n, u64(rng), u128(rng)];
    for (const bytes of [32, 64] as const) {
      for (const first of firsts) {
        const key = xtsKey(rng, bytes);
        for (const [dub, len] of cases) {
          const data = rng.bytes(len);
          const parts: Uint8Array[] = [];
          for (let off = 0, j = 0n; off < len; off += dub, j++) {
            parts.push(nodeXts(true, key, first + j, data.subarray(off, Math.min(len, off + dub))));
          }
          const want = hex(Buffer.concat(parts));
          const ct = xtsEncrypt(key, first, dub, data);
          expect(hex(ct), `${bytes}-byte key from unit ${first}, ${len} bytes in ${dub}-byte units`).toBe(want);
          expect(hex(xtsDecrypt(key, first, dub, ct))).toBe(hex(data));
        }
      }
    }
  });

  it('megabytes at a time: 4 MiB in 4096-byte data units equal Node, and decrypt restores', () => {
    const key = xtsKey(rng, 64);
    const data = rng.bytes(4 << 20);
    const first = u64(rng);
    const ct = xtsEncrypt(key, first, 4096, data);
    const parts: Uint8Array[] = [];
    for (let off = 0, j = 0n; off < data.length; off += 4096, j++) {
      parts.push(nodeXts(true, key, first + j, data.subarray(off, off + 4096)));
    }
    expect(Buffer.compare(Buffer.from(ct), Buffer.concat(parts))).toBe(0);
    expect(Buffer.compare(Buffer.from(xtsDecrypt(key, first, 4096, ct)), Buffer.from(data))).toBe(0);
  });

  it('inputs are not modified (Buffers included) and outputs are fresh Uint8Arrays', () => {
    const key = Buffer.from(xtsKey(rng, 32));
    const data = Buffer.from(rng.bytes(1000));
    const copy = Buffer.from(data);
    const ct = xtsEncrypt(key, 7n, 512, data);
    xtsEncryptUnit(key, 7n, data);
    expect(data.equals(copy)).toBe(true);
    expect(ct).not.toBe(data);
    expect(Buffer.isBuffer(ct)).toBe(false);
    expect(xtsEncrypt(key, 7n, 512, new Uint8Array(0))).toEqual(new Uint8Array(0));
  });
});

describe('XTS-AES errors name the problem', () => {
  const rng = new Rng(33);
  const key = xtsKey(rng, 32);

  it('key length and equal key halves', () => {
    expect(() => xtsEncryptUnit(new Uint8Array(48), 0n, new Uint8Array(32))).toThrow(XtsError);
    expect(() => xtsEncryptUnit(new Uint8Array(48), 0n, new Uint8Array(32))).toThrow(
      'XTS key is 48 bytes: expected 32 (XTS-AES-128, two 16-byte keys) or 64 (XTS-AES-256)',
    );
    expect(() => xtsDecrypt(new Uint8Array(16), 0n, 512, new Uint8Array(32))).toThrow(/XTS key is 16 bytes/);
    const same = new Uint8Array(64).fill(0x5a);
    for (const f of [
      () => xtsEncryptUnit(same, 0n, new Uint8Array(32)), () => xtsDecryptUnit(same, 0n, new Uint8Array(32)),
      () => xtsEncrypt(same, 0n, 512, new Uint8Array(32)), () => xtsDecrypt(same.subarray(0, 32), 0n, 512, new Uint8Array(32)),
    ]) {
      expect(f).toThrow(XtsError);
      expect(f).toThrow('XTS key halves are equal: Key1 must differ from Key2');
    }
  });

  it('data unit lengths: short units, partial blocks with stealing off', () => {
    expect(() => xtsEncryptUnit(key, 0n, new Uint8Array(33), { stealing: false })).toThrow(
      'data unit of 33 bytes is not a multiple of 16 and ciphertext stealing is off',
    );
    expect(() => xtsDecryptUnit(key, 0n, new Uint8Array(33), { stealing: false })).toThrow(XtsError);
    expect(() => xtsEncryptUnit(key, 0n, new Uint8Array(8))).toThrow(XtsError);
    expect(() => xtsEncryptUnit(key, 0n, new Uint8Array(8))).toThrow(/data unit of 8 bytes is shorter than one 16-byte block/);
    expect(() => xtsDecryptUnit(key, 0n, new Uint8Array(0))).toThrow(/data unit of 0 bytes/);
    // A request whose last data unit is too short, or partial with stealing off.
    expect(() => xtsEncrypt(key, 0n, 512, new Uint8Array(1024 + 8))).toThrow(/last data unit of 8 bytes is shorter/);
    expect(() => xtsEncrypt(key, 0n, 512, new Uint8Array(1024 + 33), { stealing: false })).toThrow(
      /last data unit of 33 bytes is not a multiple of 16 and ciphertext stealing is off/,
    );
    expect(() => xtsEncrypt(key, 0n, 512, new Uint8Array(8))).toThrow(/data unit of 8 bytes/);
  });

  it('data unit size, tweak and data unit number', () => {
    for (const dub of [100, 0, -16, 8, 16.5]) {
      expect(() => xtsEncrypt(key, 0n, dub, new Uint8Array(512))).toThrow(XtsError);
      expect(() => xtsEncrypt(key, 0n, dub, new Uint8Array(512))).toThrow(
        `data unit size is ${dub} bytes: expected a positive multiple of 16`,
      );
    }
    expect(() => xtsEncryptUnit(key, new Uint8Array(12), new Uint8Array(32))).toThrow(/XTS tweak is 12 bytes: expected 16/);
    expect(() => xtsEncryptUnit(key, -1n, new Uint8Array(32))).toThrow(/data unit number -1 is out of range/);
    expect(() => xtsEncrypt(key, 1n << 128n, 512, new Uint8Array(32))).toThrow(/out of range/);
    // The last data unit number may be 2^128 - 1 but not beyond.
    const last = (1n << 128n) - 1n;
    expect(hex(xtsEncrypt(key, last, 16, new Uint8Array(16)))).toBe(hex(nodeXts(true, key, last, new Uint8Array(16))));
    expect(() => xtsEncrypt(key, last, 16, new Uint8Array(32))).toThrow(/runs past data unit 2\^128 - 1/);
  });
});
