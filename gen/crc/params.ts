// Parameters of the CRC engine generator: bytes per cycle and the CRC model (a catalogue preset or a custom
// Rocksoft model). Validation names the parameter and its legal range.
import { ParamError, validateParams, type ParamSchema } from '../core/params.js';
import { CRC_CATALOGUE, catalogueModel, type CrcModel } from '../../src/ref/crc.js';

export const CRC_GENERATOR = 'gen/crc';
export const MAX_BYTES_PER_CYCLE = 128;

export interface CrcEngineParams {
  /** Stream width: bytes accepted per cycle (tdata is 8× this many bits). */
  bytesPerCycle: number;
  /** The CRC computed; name is the catalogue name or "custom". */
  model: CrcModel;
}

const CUSTOM_FIELDS = ['width', 'poly', 'init', 'refIn', 'refOut', 'xorOut'] as const;

export const crcSchema: ParamSchema = {
  bytesPerCycle: { kind: 'int', min: 1, max: MAX_BYTES_PER_CYCLE, default: 64,
    doc: 'bytes per cycle on the input stream (tdata width / 8); the engine sustains one beat per cycle' },
  model: { kind: 'enum', values: [...CRC_CATALOGUE.map((m) => m.name), 'custom'], default: 'crc32c',
    doc: 'CRC model: a catalogue preset, or "custom" with width/poly/init/refIn/refOut/xorOut' },
  width: { kind: 'int', min: 1, max: 64, doc: 'custom model only: CRC width in bits' },
  poly: { kind: 'u64', doc: 'custom model only: polynomial, normal form without the top bit (e.g. 0x1edc6f41)' },
  init: { kind: 'u64', doc: 'custom model only: initial register value, normal form (default 0)' },
  refIn: { kind: 'bool', doc: 'custom model only: bytes enter LSB first (default false)' },
  refOut: { kind: 'bool', doc: 'custom model only: reflect the register before xorOut (default false)' },
  xorOut: { kind: 'u64', doc: 'custom model only: value XORed into the result (default 0)' },
};

export function validateCrcParams(raw: Readonly<Record<string, unknown>>): CrcEngineParams {
  const v = validateParams(CRC_GENERATOR, crcSchema, raw);
  const bytesPerCycle = v.bytesPerCycle as number;
  const name = v.model as string;
  if (name !== 'custom') {
    for (const f of CUSTOM_FIELDS) {
      if (v[f] !== undefined) throw new ParamError(CRC_GENERATOR, f, `applies only with model=custom (model is '${name}', which fixes it)`);
    }
    const { check: _c, usedBy: _u, ...model } = catalogueModel(name)!;
    return { bytesPerCycle, model };
  }
  const width = v.width as number | undefined;
  if (width === undefined) throw new ParamError(CRC_GENERATOR, 'width', 'is required with model=custom: an integer 1..64');
  const poly = v.poly as bigint | undefined;
  if (poly === undefined) throw new ParamError(CRC_GENERATOR, 'poly', 'is required with model=custom');
  const limit = 1n << BigInt(width);
  const fits = (field: string, value: bigint) => {
    if (value >= limit) {
      throw new ParamError(CRC_GENERATOR, field, `= 0x${value.toString(16)} does not fit in width ${width}: allowed 0..0x${(limit - 1n).toString(16)}`);
    }
    return value;
  };
  if (poly === 0n) throw new ParamError(CRC_GENERATOR, 'poly', '= 0 is not a CRC polynomial: give a non-zero value');
  return {
    bytesPerCycle,
    model: {
      name: 'custom', width, poly: fits('poly', poly),
      init: fits('init', (v.init as bigint | undefined) ?? 0n),
      refIn: (v.refIn as boolean | undefined) ?? false,
      refOut: (v.refOut as boolean | undefined) ?? false,
      xorOut: fits('xorOut', (v.xorOut as bigint | undefined) ?? 0n),
    },
  };
}
