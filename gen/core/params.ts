// Parameter schemas for generators: each parameter declares its type, legal range and meaning. validateParams
// turns raw input (JSON, CLI flags) into typed values or throws a ParamError that names the generator, the
// parameter, the bad value and what is allowed. The same schema drives `dpuforge gen <engine> --help`.

export type ParamSpec =
  | { kind: 'int'; doc: string; min: number; max: number; default?: number }
  | { kind: 'enum'; doc: string; values: readonly string[]; default?: string }
  | { kind: 'bool'; doc: string; default?: boolean }
  /** An unsigned integer up to 64 bits, written as a number or a (hex) string; no default = optional. */
  | { kind: 'u64'; doc: string; default?: bigint };

// A spec without a default is optional: its value is undefined unless given.
export type ParamSchema = Readonly<Record<string, ParamSpec>>;

export type ParamValue = number | string | boolean | bigint | undefined;

export class ParamError extends Error {
  constructor(readonly generator: string, readonly param: string, message: string) {
    super(`${generator}: parameter '${param}' ${message}`);
    this.name = 'ParamError';
  }
}

/** A spec's allowed values in words, for errors and help. */
export function describeAllowed(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'int': return `an integer ${spec.min}..${spec.max}`;
    case 'enum': return `one of ${spec.values.join(', ')}`;
    case 'bool': return 'true or false';
    case 'u64': return 'an unsigned integer up to 64 bits (decimal or 0x hex)';
  }
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'bigint' ? '0x' + v.toString(16) : String(v);
}

function parseOne(gen: string, name: string, spec: ParamSpec, raw: unknown): ParamValue {
  const bad = (why = '') => new ParamError(gen, name, `= ${show(raw)} is not allowed${why}: expected ${describeAllowed(spec)}`);
  switch (spec.kind) {
    case 'int': {
      const n = typeof raw === 'string' && /^-?(0x[0-9a-f]+|\d+)$/i.test(raw.trim()) ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isInteger(n)) throw bad();
      if (n < spec.min || n > spec.max) throw bad(' (out of range)');
      return n;
    }
    case 'enum':
      if (typeof raw !== 'string' || !spec.values.includes(raw)) throw bad();
      return raw;
    case 'bool':
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      throw bad();
    case 'u64': {
      let v: bigint;
      try {
        if (typeof raw === 'bigint') v = raw;
        else if (typeof raw === 'number' && Number.isSafeInteger(raw)) v = BigInt(raw);
        else if (typeof raw === 'string' && /^(0x[0-9a-f_]+|\d+)$/i.test(raw.trim())) v = BigInt(raw.trim().replace(/_/g, ''));
        else throw bad();
      } catch (e) {
        if (e instanceof ParamError) throw e;
        throw bad();
      }
      if (v < 0n || v >= 1n << 64n) throw bad(' (out of range)');
      return v;
    }
  }
}

/**
 * Check raw parameters against a schema: unknown names are refused (with the known ones listed), missing
 * ones take their defaults, each value is parsed and range-checked. Returns values in schema order.
 */
export function validateParams(gen: string, schema: ParamSchema, raw: Readonly<Record<string, unknown>>): Record<string, ParamValue> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ParamError(gen, '(all)', 'must be given as an object of name → value');
  }
  for (const name of Object.keys(raw)) {
    if (!(name in schema)) {
      throw new ParamError(gen, name, `is unknown; ${gen} takes: ${Object.keys(schema).join(', ')}`);
    }
  }
  const out: Record<string, ParamValue> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const v = raw[name];
    out[name] = v === undefined ? spec.default : parseOne(gen, name, spec, v);
  }
  return out;
}

/** camelCase parameter name → CLI flag, e.g. bytesPerCycle → --bytes-per-cycle. */
export function flagName(param: string): string {
  return '--' + param.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/** Canonical JSON of parameters: schema order, bigints as hex strings, undefined dropped. Deterministic. */
export function canonicalParams(schema: ParamSchema, params: Readonly<Record<string, unknown>>): string {
  const obj: Record<string, unknown> = {};
  for (const name of Object.keys(schema)) {
    const v = params[name];
    if (v === undefined) continue;
    obj[name] = typeof v === 'bigint' ? '0x' + v.toString(16) : v;
  }
  return JSON.stringify(obj);
}
