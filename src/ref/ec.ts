// Reed-Solomon erasure coding reference, ISA-L compatible: the two ISA-L encode matrices (gf_gen_rs_matrix,
// gf_gen_cauchy1_matrix) reproduced exactly, ec_encode_data for any coefficient rows, the decode-matrix
// builder ISA-L users write by hand (first k survivors, inverse, parity rows folded in), and a codec with
// encode/reconstruct that the simulated engine mirrors call for call.
import { gfInvertMatrix, gfMatMul, gfMul, gfMulTable, gfInv, SingularMatrixError } from './gf256.js';

export type MatrixKind = 'cauchy' | 'rs';
export const MATRIX_KINDS: readonly MatrixKind[] = ['cauchy', 'rs'];

/** Rows of a GF(2^8) code: Cauchy rows need i^j distinct and non-zero over 0..k+m-1, so k+m ≤ 256. */
export const GF_MAX_FRAGMENTS = 256;

export class EcError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EcError';
  }
}

export function checkCode(k: number, m: number): void {
  if (!Number.isInteger(k) || k < 1) throw new EcError(`k = ${k}: need at least 1 data fragment (an integer)`);
  if (!Number.isInteger(m) || m < 1) throw new EcError(`m = ${m}: need at least 1 parity fragment (an integer)`);
  if (k + m > GF_MAX_FRAGMENTS) {
    throw new EcError(`k+m = ${k}+${m} = ${k + m} exceeds GF(2^8)'s limit of ${GF_MAX_FRAGMENTS} fragments per stripe`);
  }
}

/** ISA-L gf_gen_rs_matrix: identity on top; parity row i, column j = (2^(i-k))^j. Not MDS for every (k, m). */
export function genRsMatrix(k: number, m: number): Uint8Array {
  checkCode(k, m);
  const rows = k + m;
  const a = new Uint8Array(rows * k);
  for (let i = 0; i < k; i++) a[k * i + i] = 1;
  let gen = 1;
  for (let i = k; i < rows; i++) {
    let p = 1;
    for (let j = 0; j < k; j++) {
      a[k * i + j] = p;
      p = gfMul(p, gen);
    }
    gen = gfMul(gen, 2);
  }
  return a;
}

/** ISA-L gf_gen_cauchy1_matrix: identity on top; parity row i, column j = 1 / (i xor j). Always MDS. */
export function genCauchyMatrix(k: number, m: number): Uint8Array {
  checkCode(k, m);
  const rows = k + m;
  const a = new Uint8Array(rows * k);
  for (let i = 0; i < k; i++) a[k * i + i] = 1;
  for (let i = k; i < rows; i++) for (let j = 0; j < k; j++) a[k * i + j] = gfInv(i ^ j);
  return a;
}

export function encodeMatrix(k: number, m: number, kind: MatrixKind): Uint8Array {
  if (kind === 'rs') return genRsMatrix(k, m);
  if (kind === 'cauchy') return genCauchyMatrix(k, m);
  throw new EcError(`matrix kind '${String(kind)}' is unknown: use ${MATRIX_KINDS.join(' or ')}`);
}

/** All fragments must have the same length; returns it. */
export function checkFragments(fragments: readonly (Uint8Array | undefined)[], count: number, what = 'fragments'): number {
  if (fragments.length !== count) throw new EcError(`expected ${count} ${what}, got ${fragments.length}`);
  let len = -1;
  let first = -1;
  fragments.forEach((f, i) => {
    if (!f) return;
    if (len < 0) { len = f.length; first = i; return; }
    if (f.length !== len) {
      throw new EcError(`fragment ${i} has ${f.length} bytes, fragment ${first} has ${len}: all fragments of a stripe must have equal length`);
    }
  });
  return Math.max(len, 0);
}

/**
 * ISA-L ec_encode_data: out[r] = Σ_j coeff[r][j] · data[j] over GF(2^8), for `rows` coefficient rows of k
 * entries (row-major). Works for encode (parity rows) and decode (decode rows) alike.
 */
export function ecEncodeData(coeff: Uint8Array, rows: number, k: number, data: readonly Uint8Array[]): Uint8Array[] {
  if (coeff.length !== rows * k) throw new EcError(`coefficient matrix has ${coeff.length} entries, expected ${rows}×${k}`);
  const len = checkFragments(data, k, 'source fragments');
  const out: Uint8Array[] = [];
  for (let r = 0; r < rows; r++) {
    const o = new Uint8Array(len);
    for (let j = 0; j < k; j++) {
      const c = coeff[r * k + j];
      if (c === 0) continue;
      const d = data[j];
      if (c === 1) {
        for (let b = 0; b < len; b++) o[b] ^= d[b];
      } else {
        const t = gfMulTable(c);
        for (let b = 0; b < len; b++) o[b] ^= t[d[b]];
      }
    }
    out.push(o);
  }
  return out;
}

export interface DecodePlan {
  /** Erased fragment indexes, as given (0..k-1 data, k..k+m-1 parity). */
  erased: number[];
  /** The k surviving fragments used, in index order (the first k that are not erased). */
  survivors: number[];
  /** One row of k coefficients per erased fragment: erased[e] = Σ_j rows[e][j] · fragment[survivors[j]]. */
  rows: Uint8Array;
}

export function checkErasures(k: number, m: number, erased: readonly number[]): void {
  const seen = new Set<number>();
  for (const e of erased) {
    if (!Number.isInteger(e) || e < 0 || e >= k + m) throw new EcError(`erased index ${e} is out of range: fragments are 0..${k + m - 1} (k=${k}, m=${m})`);
    if (seen.has(e)) throw new EcError(`erased index ${e} is listed twice`);
    seen.add(e);
  }
  if (erased.length > m) {
    throw new EcError(`${erased.length} erasures but only m = ${m} parity fragments: at most ${m} lost fragments can be recovered`);
  }
}

/**
 * The decode matrix for an erasure pattern, as ISA-L's examples build it: take the encode-matrix rows of the
 * first k survivors, invert; a lost data fragment's row is its row of the inverse, a lost parity fragment's
 * row is its encode row times the inverse. Throws EcError naming the pattern if the survivors' matrix is
 * singular (possible with the 'rs' matrix).
 */
export function decodePlan(k: number, m: number, matrix: Uint8Array, erased: readonly number[], kindName = 'the encode matrix'): DecodePlan {
  checkErasures(k, m, erased);
  const lost = new Set(erased);
  const survivors: number[] = [];
  for (let i = 0; i < k + m && survivors.length < k; i++) if (!lost.has(i)) survivors.push(i);
  const b = new Uint8Array(k * k);
  survivors.forEach((s, r) => b.set(matrix.subarray(s * k, s * k + k), r * k));
  let inv: Uint8Array;
  try {
    inv = gfInvertMatrix(b, k);
  } catch (err) {
    if (err instanceof SingularMatrixError) {
      throw new EcError(`singular decode matrix: with ${kindName} for k=${k}, m=${m}, erasing [${erased.join(', ')}] leaves survivors [${survivors.join(', ')}] whose rows are not invertible; this erasure pattern cannot be recovered (the Cauchy matrix has no such patterns)`);
    }
    throw err;
  }
  const rows = new Uint8Array(erased.length * k);
  erased.forEach((e, r) => {
    if (e < k) rows.set(inv.subarray(e * k, e * k + k), r * k);
    else rows.set(gfMatMul(matrix.subarray(e * k, e * k + k), inv, 1, k, k), r * k);
  });
  return { erased: [...erased], survivors, rows };
}

/** The shape every erasure coder offers (TS reference, simulated engine): swap one for the other. */
export interface ErasureCoder {
  readonly k: number;
  readonly m: number;
  readonly kind: MatrixKind;
  /** k data fragments of equal length → m parity fragments. */
  encode(data: readonly Uint8Array[]): Uint8Array[];
  /**
   * All k+m fragments (erased ones may be undefined; their contents are ignored) → the erased fragments'
   * contents, in the order of `erased`.
   */
  reconstruct(fragments: readonly (Uint8Array | undefined)[], erased: readonly number[]): Uint8Array[];
}

/** The TS reference coder. */
export class ReedSolomon implements ErasureCoder {
  readonly matrix: Uint8Array;
  constructor(readonly k: number, readonly m: number, readonly kind: MatrixKind) {
    this.matrix = encodeMatrix(k, m, kind);
  }

  /** The m×k parity rows of the encode matrix (what ISA-L's ec_init_tables is given). */
  parityRows(): Uint8Array {
    return this.matrix.slice(this.k * this.k);
  }

  plan(erased: readonly number[]): DecodePlan {
    return decodePlan(this.k, this.m, this.matrix, erased, `the ${this.kind} matrix`);
  }

  encode(data: readonly Uint8Array[]): Uint8Array[] {
    checkFragments(data, this.k, 'data fragments');
    return ecEncodeData(this.parityRows(), this.m, this.k, data);
  }

  reconstruct(fragments: readonly (Uint8Array | undefined)[], erased: readonly number[]): Uint8Array[] {
    const plan = this.plan(erased);
    checkFragments(fragments.map((f, i) => (plan.erased.includes(i) ? undefined : f)), this.k + this.m);
    const src = plan.survivors.map((s) => {
      const f = fragments[s];
      if (!f) throw new EcError(`fragment ${s} is needed as a survivor but was not given (and is not listed as erased)`);
      return f;
    });
    return ecEncodeData(plan.rows, erased.length, this.k, src);
  }
}

/** Every erasure pattern of 1..maxErasures fragments out of n (in lexicographic order). */
export function* erasurePatterns(n: number, maxErasures: number): Generator<number[]> {
  for (let size = 1; size <= maxErasures; size++) {
    const idx = Array.from({ length: size }, (_, i) => i);
    for (;;) {
      yield [...idx];
      let i = size - 1;
      while (i >= 0 && idx[i] === n - size + i) i--;
      if (i < 0) break;
      idx[i]++;
      for (let j = i + 1; j < size; j++) idx[j] = idx[j - 1] + 1;
    }
  }
}

/** Number of patterns erasurePatterns(n, maxErasures) yields. */
export function erasurePatternCount(n: number, maxErasures: number): number {
  let total = 0;
  let c = 1;
  for (let s = 1; s <= maxErasures; s++) {
    c = (c * (n - s + 1)) / s;
    total += c;
  }
  return Math.round(total);
}
