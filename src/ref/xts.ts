// The XTS-AES reference kernel (IEEE 1619-2007): XTS-AES-128 and XTS-AES-256 over one data unit or a request
// of consecutive data units, with ciphertext stealing for a data unit that ends in a partial block. The key is
// Key1 || Key2 as OpenSSL and Node take it; the tweak of data unit i is i as a 128-bit little-endian integer.
import { AesCipher } from './aes.js';

export class XtsError extends Error {
  override name = 'XtsError';
}

export interface XtsOptions {
  /** Ciphertext stealing for a data unit of 16 bytes or more that is not a multiple of 16 (default true). */
  stealing?: boolean;
}

const TWO_128 = 1n << 128n;

/** The tweak value of data unit i: i as a 16-byte little-endian integer (0 <= i < 2^128). */
export function tweakOf(dataUnit: bigint): Uint8Array {
  if (typeof dataUnit !== 'bigint' || dataUnit < 0n || dataUnit >= TWO_128) {
    throw new XtsError(`data unit number ${String(dataUnit)} is out of range: expected a bigint 0 <= i < 2^128`);
  }
  const t = new Uint8Array(16);
  let v = dataUnit;
  for (let i = 0; i < 16; i++, v >>= 8n) t[i] = Number(v & 0xffn);
  return t;
}

/** t <- t·α in GF(2^128), t as a 128-bit little-endian integer; the x^128 carry feeds back as 0x87. */
function mulAlphaInPlace(t: Uint8Array): void {
  const carry = t[15] >> 7;
  for (let i = 15; i > 0; i--) t[i] = (t[i] << 1) | (t[i - 1] >> 7);
  t[0] = (t[0] << 1) ^ (carry ? 0x87 : 0);
}

/** The tweak times α in GF(2^128) (IEEE 1619 5.2: little-endian bytes, feedback 0x87), as a new array. */
export function mulAlpha(t: Uint8Array): Uint8Array {
  if (t.length !== 16) throw new XtsError(`XTS tweak is ${t.length} bytes: expected 16`);
  const out = new Uint8Array(t);
  mulAlphaInPlace(out);
  return out;
}

/** Key1 (data) and Key2 (tweak), expanded once per call. */
interface XtsKeys {
  data: AesCipher;
  tweak: AesCipher;
}

function xtsKeys(key: Uint8Array): XtsKeys {
  if (key.length !== 32 && key.length !== 64) {
    throw new XtsError(
      `XTS key is ${key.length} bytes: expected 32 (XTS-AES-128, two 16-byte keys) or 64 (XTS-AES-256)`,
    );
  }
  const half = key.length / 2;
  let same = true;
  for (let i = 0; i < half && same; i++) same = key[i] === key[half + i];
  if (same) {
    throw new XtsError(
      'XTS key halves are equal: Key1 must differ from Key2 (IEEE 1619; OpenSSL refuses such keys too)',
    );
  }
  return { data: new AesCipher(key.subarray(0, half)), tweak: new AesCipher(key.subarray(half)) };
}

function checkUnitLength(len: number, stealing: boolean, what: string, where = ''): void {
  if (len < 16) {
    throw new XtsError(
      `${what} of ${len} bytes is shorter than one 16-byte block: XTS needs at least one full block${where}`,
    );
  }
  if (len % 16 !== 0 && !stealing) {
    throw new XtsError(`${what} of ${len} bytes is not a multiple of 16 and ciphertext stealing is off${where}`);
  }
}

function tweakBytes(tweak: Uint8Array | bigint): Uint8Array {
  if (typeof tweak === 'bigint') return tweakOf(tweak);
  if (tweak.length !== 16) throw new XtsError(`XTS tweak is ${tweak.length} bytes: expected 16`);
  return tweak;
}

/** Scratch space for one call: the running tweak T and the saved T_{m-1} of a decryption that steals. */
interface Scratch {
  t: Uint8Array;
  saved: Uint8Array;
}

function xorBlock(buf: Uint8Array, off: number, t: Uint8Array): void {
  for (let i = 0; i < 16; i++) buf[off + i] ^= t[i];
}

/**
 * One data unit of len >= 16 bytes at buf[off..off+len), transformed in place. T_0 = E_Key2(i); block j is
 * E_Key1(P_j ^ T_j) ^ T_j (or the decryption), T_{j+1} = T_j·α. A trailing partial block of s bytes steals
 * the tail of the last full block's ciphertext (IEEE 1619 5.3.2 / 5.4.2).
 */
function unitInPlace(
  keys: XtsKeys, i: Uint8Array, buf: Uint8Array, off: number, len: number, encrypt: boolean, sc: Scratch,
): void {
  const t = sc.t;
  t.set(i);
  keys.tweak.encryptInPlace(t, 0);
  const s = len % 16;
  const full = (len - s) / 16;
  // With stealing, the last full block (m-1) and the partial block (m) are done after the loop.
  const plain = s === 0 ? full : full - 1;
  const aes = keys.data;
  let p = off;
  for (let j = 0; j < plain; j++, p += 16) {
    xorBlock(buf, p, t);
    if (encrypt) aes.encryptInPlace(buf, p);
    else aes.decryptInPlace(buf, p);
    xorBlock(buf, p, t);
    mulAlphaInPlace(t);
  }
  if (s === 0) return;
  // p is block m-1 (full), q the s-byte block m; t is T_{m-1}.
  const q = p + 16;
  if (encrypt) {
    // CC = XTS(P_{m-1}, T_{m-1}); C_m = CC[0..s); PP = P_m || CC[s..16); C_{m-1} = XTS(PP, T_m).
    xorBlock(buf, p, t);
    aes.encryptInPlace(buf, p);
    xorBlock(buf, p, t);
    swapHead(buf, p, q, s);
    mulAlphaInPlace(t);
    xorBlock(buf, p, t);
    aes.encryptInPlace(buf, p);
    xorBlock(buf, p, t);
  } else {
    // PP = XTS^-1(C_{m-1}, T_m); P_m = PP[0..s); CC = C_m || PP[s..16); P_{m-1} = XTS^-1(CC, T_{m-1}).
    sc.saved.set(t);
    mulAlphaInPlace(t);
    xorBlock(buf, p, t);
    aes.decryptInPlace(buf, p);
    xorBlock(buf, p, t);
    swapHead(buf, p, q, s);
    xorBlock(buf, p, sc.saved);
    aes.decryptInPlace(buf, p);
    xorBlock(buf, p, sc.saved);
  }
}

function swapHead(buf: Uint8Array, p: number, q: number, s: number): void {
  for (let k = 0; k < s; k++) {
    const x = buf[p + k];
    buf[p + k] = buf[q + k];
    buf[q + k] = x;
  }
}

const scratch = (): Scratch => ({ t: new Uint8Array(16), saved: new Uint8Array(16) });

function unit(
  key: Uint8Array, tweak: Uint8Array | bigint, data: Uint8Array, encrypt: boolean, opts: XtsOptions,
): Uint8Array {
  const keys = xtsKeys(key);
  const i = tweakBytes(tweak);
  checkUnitLength(data.length, opts.stealing ?? true, 'data unit');
  const out = new Uint8Array(data);
  unitInPlace(keys, i, out, 0, out.length, encrypt, scratch());
  return out;
}

/** Encrypt one data unit (>= 16 bytes); tweak is the 16-byte tweak value or the data unit number. */
export function xtsEncryptUnit(
  key: Uint8Array, tweak: Uint8Array | bigint, data: Uint8Array, opts: XtsOptions = {},
): Uint8Array {
  return unit(key, tweak, data, true, opts);
}

/** Decrypt one data unit (>= 16 bytes); tweak is the 16-byte tweak value or the data unit number. */
export function xtsDecryptUnit(
  key: Uint8Array, tweak: Uint8Array | bigint, data: Uint8Array, opts: XtsOptions = {},
): Uint8Array {
  return unit(key, tweak, data, false, opts);
}

function request(
  key: Uint8Array, firstDataUnit: bigint, dataUnitBytes: number, data: Uint8Array, encrypt: boolean, opts: XtsOptions,
): Uint8Array {
  if (!Number.isSafeInteger(dataUnitBytes) || dataUnitBytes <= 0 || dataUnitBytes % 16 !== 0) {
    throw new XtsError(`data unit size is ${dataUnitBytes} bytes: expected a positive multiple of 16`);
  }
  const keys = xtsKeys(key);
  // The data unit number advances as a 16-byte little-endian counter (no bigint work per unit).
  const i = tweakOf(firstDataUnit);
  if (data.length === 0) return new Uint8Array(0);
  const units = Math.ceil(data.length / dataUnitBytes);
  const lastLen = data.length - (units - 1) * dataUnitBytes;
  checkUnitLength(lastLen, opts.stealing ?? true, units > 1 ? 'last data unit' : 'data unit',
    ` (request of ${data.length} bytes in ${dataUnitBytes}-byte data units)`);
  const lastUnit = firstDataUnit + BigInt(units - 1);
  if (lastUnit >= TWO_128) {
    throw new XtsError(`request of ${units} data units from data unit ${firstDataUnit} runs past data unit 2^128 - 1`);
  }
  const out = new Uint8Array(data);
  const sc = scratch();
  for (let u = 0, off = 0; u < units; u++, off += dataUnitBytes) {
    unitInPlace(keys, i, out, off, Math.min(dataUnitBytes, out.length - off), encrypt, sc);
    for (let b = 0; b < 16; b++) {
      i[b] = (i[b] + 1) & 0xff;
      if (i[b] !== 0) break;
    }
  }
  return out;
}

/**
 * Encrypt a request of consecutive data units: data unit j of the request is
 * data[j·dataUnitBytes ..] with data unit number firstDataUnit + j; the last may be shorter.
 */
export function xtsEncrypt(
  key: Uint8Array, firstDataUnit: bigint, dataUnitBytes: number, data: Uint8Array, opts: XtsOptions = {},
): Uint8Array {
  return request(key, firstDataUnit, dataUnitBytes, data, true, opts);
}

/** Decrypt a request of consecutive data units (the inverse of xtsEncrypt). */
export function xtsDecrypt(
  key: Uint8Array, firstDataUnit: bigint, dataUnitBytes: number, data: Uint8Array, opts: XtsOptions = {},
): Uint8Array {
  return request(key, firstDataUnit, dataUnitBytes, data, false, opts);
}
