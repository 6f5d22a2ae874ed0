// Generator parameters from the command line: --params JSON-or-file, then one flag per schema parameter
// (--bytes-per-cycle 64), later flags overriding --params. Unknown flags are refused by name.
import { existsSync, readFileSync } from 'node:fs';
import type { AnyGenerator } from '../../gen/core/generator.js';
import { flagName } from '../../gen/core/params.js';
import { camelCase, UsageError, type ParsedArgs } from './args.js';

export function paramsFromArgs(gen: AnyGenerator, args: ParsedArgs, commandOptions: readonly string[]): Record<string, unknown> {
  let raw: Record<string, unknown> = {};
  const p = args.options.get('params');
  if (p !== undefined) {
    let text = p;
    if (!p.trim().startsWith('{')) {
      if (!existsSync(p)) throw new UsageError(`--params ${p}: not a JSON object and no such file`);
      text = readFileSync(p, 'utf8');
    }
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      throw new UsageError(`--params: invalid JSON: ${(err as Error).message}`);
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError('--params must be a JSON object');
  }
  for (const [flag, value] of args.options) {
    if (flag === 'params' || commandOptions.includes(flag)) continue;
    const name = camelCase(flag);
    if (!(name in gen.schema)) {
      const known = [...Object.keys(gen.schema).map(flagName), ...commandOptions.map((o) => '--' + o), '--params'];
      throw new UsageError(`unknown option --${flag} for engine ${gen.name}; it takes: ${known.join(', ')}`);
    }
    raw[name] = value;
  }
  return raw;
}
