// A small command-line parser: positionals, `--name value`, `--name=value`, and boolean switches.
export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string>;
  switches: Set<string>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parse argv; `switchNames` take no value (e.g. help). Every other --option takes one. */
export function parseArgs(argv: readonly string[], switchNames: readonly string[] = ['help']): ParsedArgs {
  const out: ParsedArgs = { positionals: [], options: new Map(), switches: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h') { out.switches.add('help'); continue; }
    if (a === '-o') {
      if (i + 1 >= argv.length) throw new UsageError('-o needs a directory');
      out.options.set('out', argv[++i]);
      continue;
    }
    if (!a.startsWith('--')) { out.positionals.push(a); continue; }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (switchNames.includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      out.switches.add(name);
      continue;
    }
    let value: string;
    if (eq >= 0) value = a.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
      value = argv[++i];
    }
    if (out.options.has(name)) throw new UsageError(`--${name} is given twice`);
    out.options.set(name, value);
  }
  return out;
}

/** kebab-case flag → camelCase parameter (bytes-per-cycle → bytesPerCycle). */
export function camelCase(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A numeric option in [min, max], or the default. */
export function numberOption(args: ParsedArgs, name: string, dflt: number, min: number, max: number): number {
  const raw = args.options.get(name);
  if (raw === undefined) return dflt;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max) throw new UsageError(`--${name} ${raw}: expected a number ${min}..${max}`);
  return v;
}
