// Parameters of the LZ4 block decompressor generator, with validation that names the bad parameter.
import { ParamError, validateParams, type ParamSchema } from '../core/params.js';

export const LZ4D_GENERATOR = 'gen/lz4-decompress';

export interface Lz4DecompressParams {
  /** Output bytes per cycle (and input bytes per beat); a power of two. */
  bytesPerCycle: number;
  /** History the decoder keeps, in bytes: the farthest offset it can follow (LZ4 needs 65536). Power of two. */
  windowBytes: number;
  /** Largest output one block may decode to; more is refused with an error, never written. */
  maxOutputBytes: number;
  /** How synthesis should build the history: block RAM or flip-flops (a ram_style attribute; same behaviour). */
  historyMemory: 'bram' | 'registers';
  /** Verdicts: liblz4's (its end-of-block parsing rules as verdict 7; offset 0 still refused) or the format's alone. */
  rules: 'liblz4' | 'lenient';
}

export const lz4dSchema: ParamSchema = {
  bytesPerCycle: { kind: 'int', min: 1, max: 32, default: 8, doc: 'output bytes per cycle, also input bytes per beat (a power of two)' },
  windowBytes: { kind: 'int', min: 2, max: 65536, default: 65536, doc: 'history window in bytes (power of two, >= 2 x bytes per cycle); LZ4 offsets reach 65535 back' },
  maxOutputBytes: { kind: 'int', min: 256, max: 1 << 26, default: 4 << 20, doc: 'largest decoded block; larger blocks end with error 4, nothing written past it' },
  historyMemory: { kind: 'enum', values: ['bram', 'registers'], default: 'bram', doc: 'history storage hint for synthesis (ram_style): block RAM or registers' },
  rules: { kind: 'enum', values: ['liblz4', 'lenient'], default: 'liblz4',
    doc: "verdicts: 'liblz4' refuses what LZ4_decompress_safe (1.9.4) refuses, its end-of-block parsing rules as verdict 7 (MAX_OUTPUT_BYTES in the role of its output capacity; offset 0 refused as well, which liblz4 takes as zeros); 'lenient' checks only bounds, offsets and truncation" },
};

const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;

export function validateLz4dParams(raw: Readonly<Record<string, unknown>>): Lz4DecompressParams {
  const v = validateParams(LZ4D_GENERATOR, lz4dSchema, raw);
  const W = v.bytesPerCycle as number;
  const H = v.windowBytes as number;
  if (!isPow2(W)) throw new ParamError(LZ4D_GENERATOR, 'bytesPerCycle', `= ${W} is not a power of two: allowed 1, 2, 4, 8, 16, 32`);
  if (!isPow2(H)) throw new ParamError(LZ4D_GENERATOR, 'windowBytes', `= ${H} is not a power of two: allowed 2^n up to 65536`);
  if (H < 2 * W) throw new ParamError(LZ4D_GENERATOR, 'windowBytes', `= ${H} is smaller than 2 x bytesPerCycle (${2 * W}): allowed ${2 * W}..65536`);
  return { bytesPerCycle: W, windowBytes: H, maxOutputBytes: v.maxOutputBytes as number, historyMemory: v.historyMemory as 'bram' | 'registers', rules: v.rules as 'liblz4' | 'lenient' };
}
