// The AES reference kernel (FIPS-197), AES-128 and AES-256: S-boxes computed from GF(2^8) (polynomial 0x11b),
// key expansion, the round steps one by one on a 16-byte column-major state, the cipher and the standard
// (not the equivalent) inverse cipher built from them, and AesCipher, a table-driven in-place block cipher
// with the same round structure for the modes (XTS) that push megabytes through it.

export class AesError extends Error {
  override name = 'AesError';
}

/** Multiply by x (0x02) in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (0x11b). */
export function xtime(a: number): number {
  a &= 0xff;
  return ((a << 1) ^ (a & 0x80 ? 0x11b : 0)) & 0xff;
}

/** The product a·b in GF(2^8) modulo 0x11b (shift and add: b's bits select xtime powers of a). */
export function gmul(a: number, b: number): number {
  a &= 0xff;
  b &= 0xff;
  let p = 0;
  while (b) {
    if (b & 1) p ^= a;
    a = xtime(a);
    b >>= 1;
  }
  return p;
}

const rotl8 = (x: number, n: number) => ((x << n) | (x >> (8 - n))) & 0xff;

function computeSboxes(): { sbox: number[]; inv: number[] } {
  // The multiplicative inverse by exponentiation: a^254 = a^-1 for a != 0 (and 0 maps to 0).
  const inverse = (a: number) => {
    let r = 1;
    let base = a;
    for (let e = 254; e; e >>= 1) {
      if (e & 1) r = gmul(r, base);
      base = gmul(base, base);
    }
    return a === 0 ? 0 : r;
  };
  const sbox = new Array<number>(256);
  const inv = new Array<number>(256);
  for (let a = 0; a < 256; a++) {
    const b = inverse(a);
    // The affine transform: b ^ (b <<< 1) ^ (b <<< 2) ^ (b <<< 3) ^ (b <<< 4) ^ 0x63.
    const s = b ^ rotl8(b, 1) ^ rotl8(b, 2) ^ rotl8(b, 3) ^ rotl8(b, 4) ^ 0x63;
    sbox[a] = s;
    inv[s] = a;
  }
  return { sbox, inv };
}

const boxes = computeSboxes();
/** SubBytes: 256 entries, computed at load from the GF(2^8) inverse and the affine transform. */
export const SBOX: readonly number[] = Object.freeze(boxes.sbox);
/** InvSubBytes: the inverse permutation of SBOX. */
export const INV_SBOX: readonly number[] = Object.freeze(boxes.inv);

function checkBlock(what: string, b: Uint8Array): void {
  if (b.length !== 16) throw new AesError(`AES ${what} is ${b.length} bytes: expected 16`);
}

/** Key expansion: Nr + 1 round keys of 16 bytes (Nr = 10 for a 16-byte key, 14 for a 32-byte key). */
export function expandKey(key: Uint8Array): Uint8Array[] {
  const nk = key.length / 4;
  if (key.length !== 16 && key.length !== 32) {
    throw new AesError(`AES key is ${key.length} bytes: dpuforge supports 16 (AES-128) or 32 (AES-256)`);
  }
  const nr = nk + 6;
  const words = 4 * (nr + 1);
  const w = new Uint8Array(4 * words);
  w.set(key);
  let rcon = 1;
  for (let i = nk; i < words; i++) {
    let t0 = w[4 * i - 4], t1 = w[4 * i - 3], t2 = w[4 * i - 2], t3 = w[4 * i - 1];
    if (i % nk === 0) {
      // RotWord, SubWord, then Rcon into the first byte.
      [t0, t1, t2, t3] = [SBOX[t1] ^ rcon, SBOX[t2], SBOX[t3], SBOX[t0]];
      rcon = xtime(rcon);
    } else if (nk > 6 && i % nk === 4) {
      [t0, t1, t2, t3] = [SBOX[t0], SBOX[t1], SBOX[t2], SBOX[t3]];
    }
    const p = 4 * (i - nk);
    w[4 * i] = w[p] ^ t0;
    w[4 * i + 1] = w[p + 1] ^ t1;
    w[4 * i + 2] = w[p + 2] ^ t2;
    w[4 * i + 3] = w[p + 3] ^ t3;
  }
  const keys: Uint8Array[] = [];
  for (let r = 0; r <= nr; r++) keys.push(w.slice(16 * r, 16 * r + 16));
  return keys;
}

function checkRoundKeys(roundKeys: readonly Uint8Array[]): void {
  if ((roundKeys.length !== 11 && roundKeys.length !== 15) || roundKeys.some((k) => k.length !== 16)) {
    throw new AesError(
      `AES round keys: expected 11 (AES-128) or 15 (AES-256) round keys of 16 bytes, got ${roundKeys.length} ` +
        `of ${[...new Set(roundKeys.map((k) => k.length))].join('/') || 0} bytes`,
    );
  }
}

// The round steps. The state is 16 bytes in FIPS-197 input order: byte i is state[row i % 4][column i / 4].
// Each step returns a new array and leaves its argument alone.

export function subBytes(state: Uint8Array): Uint8Array {
  checkBlock('state', state);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = SBOX[state[i]];
  return out;
}

export function invSubBytes(state: Uint8Array): Uint8Array {
  checkBlock('state', state);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = INV_SBOX[state[i]];
  return out;
}

/** Row r rotates left by r columns: out[r][c] = in[r][(c + r) % 4]. */
export function shiftRows(state: Uint8Array): Uint8Array {
  checkBlock('state', state);
  const out = new Uint8Array(16);
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) out[4 * c + r] = state[4 * ((c + r) % 4) + r];
  return out;
}

/** Row r rotates right by r columns: out[r][(c + r) % 4] = in[r][c]. */
export function invShiftRows(state: Uint8Array): Uint8Array {
  checkBlock('state', state);
  const out = new Uint8Array(16);
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) out[4 * ((c + r) % 4) + r] = state[4 * c + r];
  return out;
}

function mixWith(state: Uint8Array, m: readonly number[]): Uint8Array {
  const out = new Uint8Array(16);
  for (let c = 0; c < 4; c++) {
    for (let r = 0; r < 4; r++) {
      let v = 0;
      for (let k = 0; k < 4; k++) v ^= gmul(m[(k - r + 4) % 4], state[4 * c + k]);
      out[4 * c + r] = v;
    }
  }
  return out;
}

/** Each column times the circulant matrix with first row (02 03 01 01). */
export function mixColumns(state: Uint8Array): Uint8Array {
  checkBlock('state', state);
  return mixWith(state, [0x02, 0x03, 0x01, 0x01]);
}

/** Each column times the circulant matrix with first row (0e 0b 0d 09). */
export function invMixColumns(state: Uint8Array): Uint8Array {
  checkBlock('state', state);
  return mixWith(state, [0x0e, 0x0b, 0x0d, 0x09]);
}

export function addRoundKey(state: Uint8Array, roundKey: Uint8Array): Uint8Array {
  checkBlock('state', state);
  checkBlock('round key', roundKey);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = state[i] ^ roundKey[i];
  return out;
}

/** The cipher (FIPS-197 5.1), step by step. */
export function aesEncryptBlock(roundKeys: readonly Uint8Array[], block: Uint8Array): Uint8Array {
  checkRoundKeys(roundKeys);
  checkBlock('block', block);
  const nr = roundKeys.length - 1;
  let s = addRoundKey(block, roundKeys[0]);
  for (let r = 1; r < nr; r++) s = addRoundKey(mixColumns(shiftRows(subBytes(s))), roundKeys[r]);
  return addRoundKey(shiftRows(subBytes(s)), roundKeys[nr]);
}

/** The inverse cipher (FIPS-197 5.3): the same round keys in reverse order, InvMixColumns after AddRoundKey. */
export function aesDecryptBlock(roundKeys: readonly Uint8Array[], block: Uint8Array): Uint8Array {
  checkRoundKeys(roundKeys);
  checkBlock('block', block);
  const nr = roundKeys.length - 1;
  let s = addRoundKey(block, roundKeys[nr]);
  for (let r = nr - 1; r >= 1; r--) s = invMixColumns(addRoundKey(invSubBytes(invShiftRows(s)), roundKeys[r]));
  return addRoundKey(invSubBytes(invShiftRows(s)), roundKeys[0]);
}

// Tables for AesCipher. A column is a 32-bit word with row 0 in the top byte. TE[r][x] is the MixColumns
// column contributed by S-box output SBOX[x] sitting in row r; IM[r][x] the InvMixColumns column of byte x in
// row r (no S-box: the inverse cipher mixes after adding the round key).
function columnTables(m: readonly number[], sub: readonly number[] | null): Uint32Array[] {
  const t = [0, 1, 2, 3].map(() => new Uint32Array(256));
  for (let x = 0; x < 256; x++) {
    const v = sub ? sub[x] : x;
    for (let r = 0; r < 4; r++) {
      let word = 0;
      for (let row = 0; row < 4; row++) word = (word << 8) | gmul(m[(r - row + 4) % 4], v);
      t[r][x] = word >>> 0;
    }
  }
  return t;
}
const [TE0, TE1, TE2, TE3] = columnTables([0x02, 0x03, 0x01, 0x01], SBOX);
const [IM0, IM1, IM2, IM3] = columnTables([0x0e, 0x0b, 0x0d, 0x09], null);
const S8 = Uint8Array.from(SBOX);
const IS8 = Uint8Array.from(INV_SBOX);

/**
 * One expanded key for block-at-a-time work in place (the XTS kernel's AES): the cipher and the standard
 * inverse cipher of FIPS-197 on 32-bit column words, equal to aesEncryptBlock / aesDecryptBlock.
 */
export class AesCipher {
  readonly rounds: number;
  private readonly rk: Uint32Array;

  constructor(key: Uint8Array) {
    const keys = expandKey(key);
    this.rounds = keys.length - 1;
    this.rk = new Uint32Array(4 * keys.length);
    keys.forEach((k, r) => {
      for (let c = 0; c < 4; c++) {
        this.rk[4 * r + c] = ((k[4 * c] << 24) | (k[4 * c + 1] << 16) | (k[4 * c + 2] << 8) | k[4 * c + 3]) >>> 0;
      }
    });
  }

  /** Encrypt the 16 bytes at buf[off..off+16) in place. */
  encryptInPlace(buf: Uint8Array, off = 0): void {
    const rk = this.rk;
    let s0 = ((buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3]) ^ rk[0];
    let s1 = ((buf[off + 4] << 24) | (buf[off + 5] << 16) | (buf[off + 6] << 8) | buf[off + 7]) ^ rk[1];
    let s2 = ((buf[off + 8] << 24) | (buf[off + 9] << 16) | (buf[off + 10] << 8) | buf[off + 11]) ^ rk[2];
    let s3 = ((buf[off + 12] << 24) | (buf[off + 13] << 16) | (buf[off + 14] << 8) | buf[off + 15]) ^ rk[3];
    let k = 4;
    for (let r = 1; r < this.rounds; r++, k += 4) {
      // SubBytes + ShiftRows pick row r of column c from column c + r; MixColumns and the key follow.
      const t0 = TE0[s0 >>> 24] ^ TE1[(s1 >>> 16) & 255] ^ TE2[(s2 >>> 8) & 255] ^ TE3[s3 & 255] ^ rk[k];
      const t1 = TE0[s1 >>> 24] ^ TE1[(s2 >>> 16) & 255] ^ TE2[(s3 >>> 8) & 255] ^ TE3[s0 & 255] ^ rk[k + 1];
      const t2 = TE0[s2 >>> 24] ^ TE1[(s3 >>> 16) & 255] ^ TE2[(s0 >>> 8) & 255] ^ TE3[s1 & 255] ^ rk[k + 2];
      const t3 = TE0[s3 >>> 24] ^ TE1[(s0 >>> 16) & 255] ^ TE2[(s1 >>> 8) & 255] ^ TE3[s2 & 255] ^ rk[k + 3];
      s0 = t0; s1 = t1; s2 = t2; s3 = t3;
    }
    // The last round: SubBytes, ShiftRows, AddRoundKey (no MixColumns).
    const k0 = rk[k], k1 = rk[k + 1], k2 = rk[k + 2], k3 = rk[k + 3];
    buf[off] = S8[s0 >>> 24] ^ (k0 >>> 24);
    buf[off + 1] = S8[(s1 >>> 16) & 255] ^ (k0 >>> 16);
    buf[off + 2] = S8[(s2 >>> 8) & 255] ^ (k0 >>> 8);
    buf[off + 3] = S8[s3 & 255] ^ k0;
    buf[off + 4] = S8[s1 >>> 24] ^ (k1 >>> 24);
    buf[off + 5] = S8[(s2 >>> 16) & 255] ^ (k1 >>> 16);
    buf[off + 6] = S8[(s3 >>> 8) & 255] ^ (k1 >>> 8);
    buf[off + 7] = S8[s0 & 255] ^ k1;
    buf[off + 8] = S8[s2 >>> 24] ^ (k2 >>> 24);
    buf[off + 9] = S8[(s3 >>> 16) & 255] ^ (k2 >>> 16);
    buf[off + 10] = S8[(s0 >>> 8) & 255] ^ (k2 >>> 8);
    buf[off + 11] = S8[s1 & 255] ^ k2;
    buf[off + 12] = S8[s3 >>> 24] ^ (k3 >>> 24);
    buf[off + 13] = S8[(s0 >>> 16) & 255] ^ (k3 >>> 16);
    buf[off + 14] = S8[(s1 >>> 8) & 255] ^ (k3 >>> 8);
    buf[off + 15] = S8[s2 & 255] ^ k3;
  }

  /** Decrypt the 16 bytes at buf[off..off+16) in place (the standard inverse cipher). */
  decryptInPlace(buf: Uint8Array, off = 0): void {
    const rk = this.rk;
    let k = 4 * this.rounds;
    let s0 = ((buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3]) ^ rk[k];
    let s1 = ((buf[off + 4] << 24) | (buf[off + 5] << 16) | (buf[off + 6] << 8) | buf[off + 7]) ^ rk[k + 1];
    let s2 = ((buf[off + 8] << 24) | (buf[off + 9] << 16) | (buf[off + 10] << 8) | buf[off + 11]) ^ rk[k + 2];
    let s3 = ((buf[off + 12] << 24) | (buf[off + 13] << 16) | (buf[off + 14] << 8) | buf[off + 15]) ^ rk[k + 3];
    for (let r = this.rounds - 1; r >= 1; r--) {
      k -= 4;
      // InvShiftRows + InvSubBytes take row r of column c from column c - r; then the round key; then
      // InvMixColumns on the sum.
      const u0 = ((IS8[s0 >>> 24] << 24) | (IS8[(s3 >>> 16) & 255] << 16) | (IS8[(s2 >>> 8) & 255] << 8) | IS8[s1 & 255]) ^ rk[k];
      const u1 = ((IS8[s1 >>> 24] << 24) | (IS8[(s0 >>> 16) & 255] << 16) | (IS8[(s3 >>> 8) & 255] << 8) | IS8[s2 & 255]) ^ rk[k + 1];
      const u2 = ((IS8[s2 >>> 24] << 24) | (IS8[(s1 >>> 16) & 255] << 16) | (IS8[(s0 >>> 8) & 255] << 8) | IS8[s3 & 255]) ^ rk[k + 2];
      const u3 = ((IS8[s3 >>> 24] << 24) | (IS8[(s2 >>> 16) & 255] << 16) | (IS8[(s1 >>> 8) & 255] << 8) | IS8[s0 & 255]) ^ rk[k + 3];
      s0 = IM0[u0 >>> 24] ^ IM1[(u0 >>> 16) & 255] ^ IM2[(u0 >>> 8) & 255] ^ IM3[u0 & 255];
      s1 = IM0[u1 >>> 24] ^ IM1[(u1 >>> 16) & 255] ^ IM2[(u1 >>> 8) & 255] ^ IM3[u1 & 255];
      s2 = IM0[u2 >>> 24] ^ IM1[(u2 >>> 16) & 255] ^ IM2[(u2 >>> 8) & 255] ^ IM3[u2 & 255];
      s3 = IM0[u3 >>> 24] ^ IM1[(u3 >>> 16) & 255] ^ IM2[(u3 >>> 8) & 255] ^ IM3[u3 & 255];
    }
    // The last round: InvShiftRows, InvSubBytes, AddRoundKey with the cipher key.
    const k0 = rk[0], k1 = rk[1], k2 = rk[2], k3 = rk[3];
    buf[off] = IS8[s0 >>> 24] ^ (k0 >>> 24);
    buf[off + 1] = IS8[(s3 >>> 16) & 255] ^ (k0 >>> 16);
    buf[off + 2] = IS8[(s2 >>> 8) & 255] ^ (k0 >>> 8);
    buf[off + 3] = IS8[s1 & 255] ^ k0;
    buf[off + 4] = IS8[s1 >>> 24] ^ (k1 >>> 24);
    buf[off + 5] = IS8[(s0 >>> 16) & 255] ^ (k1 >>> 16);
    buf[off + 6] = IS8[(s3 >>> 8) & 255] ^ (k1 >>> 8);
    buf[off + 7] = IS8[s2 & 255] ^ k1;
    buf[off + 8] = IS8[s2 >>> 24] ^ (k2 >>> 24);
    buf[off + 9] = IS8[(s1 >>> 16) & 255] ^ (k2 >>> 16);
    buf[off + 10] = IS8[(s0 >>> 8) & 255] ^ (k2 >>> 8);
    buf[off + 11] = IS8[s3 & 255] ^ k2;
    buf[off + 12] = IS8[s3 >>> 24] ^ (k3 >>> 24);
    buf[off + 13] = IS8[(s2 >>> 16) & 255] ^ (k3 >>> 16);
    buf[off + 14] = IS8[(s1 >>> 8) & 255] ^ (k3 >>> 8);
    buf[off + 15] = IS8[s0 & 255] ^ k3;
  }
}
