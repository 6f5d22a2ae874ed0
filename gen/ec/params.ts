// Parameters of the Reed-Solomon erasure-coding engine generator, with validation that names the bad
// parameter and its legal range.
import { ParamError, validateParams, type ParamSchema } from '../core/params.js';
import { GF_MAX_FRAGMENTS, type MatrixKind } from '../../src/ref/ec.js';

export const EC_GENERATOR = 'gen/ec';

export interface EcEngineParams {
  /** Data fragments per stripe (inputs per stripe row). */
  k: number;
  /** Output rows the engine can produce per stripe row: parity fragments (encode) or erasures (reconstruct). */
  m: number;
  /** Bytes per beat on both streams; each beat carries one fragment's chunk. */
  bytesPerCycle: number;
  /** runtime: coefficient rows loaded over s_coef_axis (encode and reconstruct); fixed: an ISA-L parity matrix baked in. */
  coefficients: 'runtime' | 'fixed';
  /** For fixed coefficients: which ISA-L matrix's parity rows. */
  matrix?: MatrixKind;
}

export const ecSchema: ParamSchema = {
  k: { kind: 'int', min: 1, max: 255, default: 10, doc: 'data fragments per stripe (k); k+m <= 256' },
  m: { kind: 'int', min: 1, max: 16, default: 4, doc: 'output rows per stripe: parity fragments (m), or the most erasures reconstruct handles' },
  bytesPerCycle: { kind: 'int', min: 1, max: 128, default: 64,
    doc: 'bytes per beat; each beat carries one fragment\'s chunk, one beat per cycle sustained when m <= k' },
  coefficients: { kind: 'enum', values: ['runtime', 'fixed'], default: 'runtime',
    doc: 'runtime: coefficient rows loaded over s_coef_axis (encode and reconstruct); fixed: parity rows of an ISA-L matrix built in (encode only)' },
  matrix: { kind: 'enum', values: ['cauchy', 'rs'], doc: 'fixed coefficients only: ISA-L matrix (cauchy = gf_gen_cauchy1_matrix, rs = gf_gen_rs_matrix; default cauchy)' },
};

export function validateEcParams(raw: Readonly<Record<string, unknown>>): EcEngineParams {
  const v = validateParams(EC_GENERATOR, ecSchema, raw);
  const k = v.k as number;
  const m = v.m as number;
  if (k + m > GF_MAX_FRAGMENTS) {
    throw new ParamError(EC_GENERATOR, 'm', `= ${m} with k = ${k} gives k+m = ${k + m}, beyond GF(2^8)'s limit of ${GF_MAX_FRAGMENTS} fragments: allowed m <= ${GF_MAX_FRAGMENTS - k}`);
  }
  const coefficients = v.coefficients as 'runtime' | 'fixed';
  let matrix = v.matrix as MatrixKind | undefined;
  if (coefficients === 'runtime' && matrix !== undefined) {
    throw new ParamError(EC_GENERATOR, 'matrix', 'applies only with coefficients=fixed (with runtime coefficients the host loads any matrix)');
  }
  if (coefficients === 'fixed') matrix ??= 'cauchy';
  return { k, m, bytesPerCycle: v.bytesPerCycle as number, coefficients, ...(matrix ? { matrix } : {}) };
}
