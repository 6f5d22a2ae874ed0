// Parameters of the AES-XTS engine generator (gen/xts/xts.ts) and the layout of its request and key ports,
// shared with the host API (src/engines/xts.ts) so that the two cannot disagree.
import { ParamError, validateParams, type ParamSchema } from '../core/params.js';

export const XTS_GENERATOR = 'gen/xts';

export interface XtsParams {
  mode: 'encrypt' | 'decrypt';
  /** AES key size: XTS-AES-128 (two 128-bit keys) or XTS-AES-256. */
  keyBits: 128 | 256;
  /** AES datapaths side by side: 16 bytes per cycle each. */
  lanes: number;
  /** unrolled: a pipeline of all rounds per lane (a block per cycle); iterative: one round unit per lane, reused. */
  rounds: 'unrolled' | 'iterative';
  /** Key slots (per-volume keys loaded ahead of the requests that name them). */
  keySlots: number;
}

export const xtsSchema: ParamSchema = {
  mode: { kind: 'enum', values: ['encrypt', 'decrypt'], default: 'encrypt', doc: 'encrypt (write path) or decrypt (read path)' },
  keyBits: { kind: 'int', min: 128, max: 256, default: 256, doc: 'AES key bits: 128 (XTS-AES-128, 32-byte XTS keys) or 256 (XTS-AES-256, 64-byte keys)' },
  lanes: { kind: 'int', min: 1, max: 8, default: 4, doc: 'AES datapaths in parallel, 16 bytes per cycle each: 1, 2, 4 or 8 (16/32/64/128 bytes per beat)' },
  rounds: { kind: 'enum', values: ['unrolled', 'iterative'], default: 'unrolled', doc: 'unrolled: one block per lane per cycle; iterative: one round per cycle (about 1/(rounds+1) the rate, a fraction of the area)' },
  keySlots: { kind: 'int', min: 1, max: 16, default: 4, doc: 'key slots (per-volume keys) the engine holds' },
};

export function validateXtsParams(raw: Readonly<Record<string, unknown>>): XtsParams {
  const p = validateParams(XTS_GENERATOR, xtsSchema, raw) as unknown as XtsParams;
  if (p.keyBits !== 128 && p.keyBits !== 256) throw new ParamError(XTS_GENERATOR, 'keyBits', `= ${p.keyBits} is not allowed: expected 128 or 256 (AES-192 is not part of XTS-AES)`);
  if ((p.lanes & (p.lanes - 1)) !== 0) throw new ParamError(XTS_GENERATOR, 'lanes', `= ${p.lanes} is not allowed: expected 1, 2, 4 or 8 (a power of two)`);
  return { ...p };
}

/** AES rounds for the key size. */
export const aesRounds = (p: Pick<XtsParams, 'keyBits'>) => (p.keyBits === 128 ? 10 : 14);
/** Bytes per stream beat. */
export const xtsBeatBytes = (p: Pick<XtsParams, 'lanes'>) => 16 * p.lanes;
/** Bytes of an XTS key (Key1 || Key2). */
export const xtsKeyBytes = (p: Pick<XtsParams, 'keyBits'>) => p.keyBits / 4;

/**
 * s_axis tuser, on a packet's first beat (little-endian bytes): 0 key slot, 1-2 data-unit size in 16-byte
 * blocks, 3-10 the first data unit's number (the tweak of data unit j of the request is that number + j). The
 * engine slices it, its host API packs it, the queue engine builds it from a submission entry: all from this.
 */
export const XTS_REQUEST_USER = {
  slot: { byte: 0, bits: 8 },
  unitBlocks: { byte: 1, bits: 16 },
  firstDataUnit: { byte: 3, bits: 64 },
} as const;
export const XTS_REQUEST_USER_BITS = 88;

/** The request tuser packed from each field's Verilog value (highest field first). */
export function xtsRequestUserConcat(value: Record<keyof typeof XTS_REQUEST_USER, string>): string {
  const fields = (Object.keys(XTS_REQUEST_USER) as (keyof typeof XTS_REQUEST_USER)[]).sort((a, b) => XTS_REQUEST_USER[b].byte - XTS_REQUEST_USER[a].byte);
  let at = XTS_REQUEST_USER_BITS;
  for (const f of fields) {
    const { byte, bits } = XTS_REQUEST_USER[f];
    if (8 * byte + bits !== at) throw new Error(`XTS request tuser: field ${f} does not end where the next starts`);
    at = 8 * byte;
  }
  return `{${fields.map((f) => value[f]).join(', ')}}`;
}
/** k_axis tuser: bits 0-6 key slot, bit 7 clear the slot (zeroize) instead of loading it. */
export const XTS_KEY_USER_BITS = 8;

/** m_axis tuser on a packet's last beat. */
export const XTS_STATUS = {
  0: 'done',
  1: 'key slot out of range',
  2: 'no key loaded in the slot',
  3: 'data-unit size is 0 or not a multiple of the beat (16 x lanes bytes)',
  4: 'length is not a multiple of 16 bytes (this engine has no ciphertext stealing)',
  5: 'a beat before the last was not full',
} as const;

/** ks_axis tdata: the result of a key load or clear. */
export const XTS_KEY_STATUS = {
  0: 'loaded (or cleared)',
  1: 'key slot out of range',
  2: 'Key1 equals Key2 (XTS requires different halves; the slot is left as it was)',
} as const;
