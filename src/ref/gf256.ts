// GF(2^8) arithmetic over ISA-L's field: polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11d), generator 2.
// Log/exp tables for multiply, divide and inverse; matrices as row-major Uint8Arrays.

export const GF_POLY = 0x11d;

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= GF_POLY;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
}

export function gfMul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]];
}

export function gfInv(a: number): number {
  if (a === 0) throw new RangeError('GF(2^8): 0 has no inverse');
  return EXP[255 - LOG[a]];
}

export function gfDiv(a: number, b: number): number {
  return gfMul(a, gfInv(b));
}

/** a^n for n >= 0 (0^0 = 1). */
export function gfPow(a: number, n: number): number {
  if (n === 0) return 1;
  return a === 0 ? 0 : EXP[(LOG[a] * n) % 255];
}

/** The 256-entry product table of one coefficient (what ISA-L's tables expand to, bytewise). */
export function gfMulTable(c: number): Uint8Array {
  const t = new Uint8Array(256);
  for (let x = 0; x < 256; x++) t[x] = gfMul(c, x);
  return t;
}

/**
 * The 8×8 bit matrix of multiplication by c, as 8 column bytes: column i = c·x^i. The hardware multiplies a
 * byte d by c as the XOR of the columns selected by d's bits.
 */
export function gfMulColumns(c: number): number[] {
  const cols: number[] = [];
  let v = c;
  for (let i = 0; i < 8; i++) {
    cols.push(v);
    v = gfMul(v, 2);
  }
  return cols;
}

export class SingularMatrixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SingularMatrixError';
  }
}

/** Invert an n×n matrix (row-major) by Gauss-Jordan elimination, as ISA-L's gf_invert_matrix does. */
export function gfInvertMatrix(m: Uint8Array, n: number): Uint8Array {
  if (m.length !== n * n) throw new RangeError(`gfInvertMatrix: expected ${n * n} entries, got ${m.length}`);
  const a = Uint8Array.from(m);
  const inv = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let col = 0; col < n; col++) {
    // find a pivot row at or below the diagonal and swap it up
    let pivot = col;
    while (pivot < n && a[pivot * n + col] === 0) pivot++;
    if (pivot === n) throw new SingularMatrixError(`matrix is singular (no pivot in column ${col})`);
    if (pivot !== col) {
      for (let j = 0; j < n; j++) {
        [a[col * n + j], a[pivot * n + j]] = [a[pivot * n + j], a[col * n + j]];
        [inv[col * n + j], inv[pivot * n + j]] = [inv[pivot * n + j], inv[col * n + j]];
      }
    }
    const s = gfInv(a[col * n + col]);
    for (let j = 0; j < n; j++) {
      a[col * n + j] = gfMul(a[col * n + j], s);
      inv[col * n + j] = gfMul(inv[col * n + j], s);
    }
    for (let r = 0; r < n; r++) {
      const f = a[r * n + col];
      if (r === col || f === 0) continue;
      for (let j = 0; j < n; j++) {
        a[r * n + j] ^= gfMul(f, a[col * n + j]);
        inv[r * n + j] ^= gfMul(f, inv[col * n + j]);
      }
    }
  }
  return inv;
}

/** Multiply (r×n)·(n×c) matrices, row-major. */
export function gfMatMul(a: Uint8Array, b: Uint8Array, r: number, n: number, c: number): Uint8Array {
  const out = new Uint8Array(r * c);
  for (let i = 0; i < r; i++) {
    for (let k = 0; k < n; k++) {
      const f = a[i * n + k];
      if (!f) continue;
      for (let j = 0; j < c; j++) out[i * c + j] ^= gfMul(f, b[k * c + j]);
    }
  }
  return out;
}
