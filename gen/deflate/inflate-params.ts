// Parameters of the inflate (RFC 1951) engine generator, with validation that names the bad parameter.
import { ParamError, validateParams, type ParamSchema } from '../core/params.js';

export const INFLATE_GENERATOR = 'gen/inflate';

export interface InflateParams {
  /** Output bytes per cycle for copies and stored blocks (and input bytes per beat); a power of two. */
  bytesPerCycle: number;
  /** History kept: the farthest distance followed (deflate needs 32768). Power of two. */
  windowBytes: number;
  /** Largest output one stream may decode to; more ends with error 7, nothing written past it. */
  maxOutputBytes: number;
  historyMemory: 'bram' | 'registers';
}

export const inflateSchema: ParamSchema = {
  bytesPerCycle: { kind: 'int', min: 1, max: 32, default: 8, doc: 'output bytes per cycle for copies and stored data, input bytes per beat (a power of two)' },
  windowBytes: { kind: 'int', min: 2, max: 32768, default: 32768, doc: 'history window in bytes (power of two, >= 2 x bytes per cycle); deflate distances reach 32768 back' },
  maxOutputBytes: { kind: 'int', min: 256, max: 1 << 26, default: 4 << 20, doc: 'largest decoded stream; larger streams end with error 7, nothing written past it' },
  historyMemory: { kind: 'enum', values: ['bram', 'registers'], default: 'bram', doc: 'history storage hint for synthesis (ram_style): block RAM or registers' },
};

const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;

export function validateInflateParams(raw: Readonly<Record<string, unknown>>): InflateParams {
  const v = validateParams(INFLATE_GENERATOR, inflateSchema, raw);
  const W = v.bytesPerCycle as number;
  const H = v.windowBytes as number;
  if (!isPow2(W)) throw new ParamError(INFLATE_GENERATOR, 'bytesPerCycle', `= ${W} is not a power of two: allowed 1, 2, 4, 8, 16, 32`);
  if (!isPow2(H)) throw new ParamError(INFLATE_GENERATOR, 'windowBytes', `= ${H} is not a power of two: allowed 2^n up to 32768`);
  if (H < 2 * W) throw new ParamError(INFLATE_GENERATOR, 'windowBytes', `= ${H} is smaller than 2 x bytesPerCycle (${2 * W})`);
  return { bytesPerCycle: W, windowBytes: H, maxOutputBytes: v.maxOutputBytes as number, historyMemory: v.historyMemory as 'bram' | 'registers' };
}
