// Named constants of a generated module: a generator defines them (field offsets, codes) up front, the code that
// writes the Verilog asks for each by name as it uses it, and only the constants asked for are declared — in
// their groups, in aligned columns, ahead of the code — so `-Wall` finds no unused parameter and no literal is
// left unnamed.
import type { Signal, VerilogBuilder } from './emit.js';

export interface LocalparamDef {
  name: string;
  /** Bits of a sized constant (a code compared with a field of that width); none: an integer (an offset). */
  width?: number;
  value: number;
  comment?: string;
}

export class Localparams {
  private readonly groups = new Map<string, { comment: string; defs: LocalparamDef[] }>();
  private readonly byName = new Map<string, LocalparamDef>();
  private readonly used = new Set<string>();

  /** A group of constants under one comment line. */
  define(group: string, comment: string, defs: readonly LocalparamDef[]): void {
    const g = this.groups.get(group) ?? this.groups.set(group, { comment, defs: [] }).get(group)!;
    for (const d of defs) {
      if (this.byName.has(d.name)) throw new Error(`localparam ${d.name} is defined twice`);
      this.byName.set(d.name, d);
      g.defs.push(d);
    }
  }

  /** The constant's name, for use in the Verilog; it will be declared. */
  use(name: string): string {
    if (!this.byName.has(name)) throw new Error(`no localparam ${name} is defined (known: ${[...this.byName.keys()].join(', ')})`);
    this.used.add(name);
    return name;
  }

  /** True when a constant of this name is defined. */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The value of a constant (for widths and checks in the generator). */
  value(name: string): number {
    const d = this.byName.get(name);
    if (!d) throw new Error(`no localparam ${name} is defined`);
    return d.value;
  }

  /** The declarations of the constants used so far, group by group. */
  declarations(): string {
    const out: string[] = [];
    for (const g of this.groups.values()) {
      const defs = g.defs.filter((d) => this.used.has(d.name));
      if (!defs.length) continue;
      const type = (d: LocalparamDef) => (d.width ? `[${d.width - 1}:0]` : 'integer');
      const typeW = Math.max(...defs.map((d) => type(d).length));
      const nameW = Math.max(...defs.map((d) => d.name.length));
      out.push(`// ${g.comment}`);
      const value = (d: LocalparamDef) => (d.width ? `${d.width}'d${d.value}` : String(d.value));
      const valueW = Math.max(...defs.map((d) => value(d).length));
      for (const d of defs) {
        const decl = `localparam ${type(d).padEnd(typeW)} ${d.name.padEnd(nameW)} = ${value(d)};`;
        out.push(d.comment ? `${decl.padEnd(decl.length + valueW - value(d).length)}  // ${d.comment}` : decl);
      }
    }
    return out.length ? out.join('\n') + '\n\n' : '';
  }
}

/** camelCase to UPPER_SNAKE: commandId → COMMAND_ID. */
export function upperSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** One field of a packed record: its name (for `<prefix>_<name>` and the offset `<PREFIX>_<NAME>`), bits, value pushed. */
export interface PackedField {
  name: string;
  bits: number;
  value: string;
}

/**
 * A record packed into one vector (a FIFO entry), first field at the top: its width, the concatenation that packs
 * it, and the wires that unpack a vector of it, each field sliced at its named offset.
 */
export class PackedRecord {
  readonly width: number;
  private readonly offsets = new Map<string, number>();

  constructor(readonly prefix: string, readonly fields: readonly PackedField[], private readonly lp: Localparams, what: string) {
    this.width = fields.reduce((n, f) => n + f.bits, 0);
    let at = this.width;
    const defs: LocalparamDef[] = [];
    for (const f of fields) {
      at -= f.bits;
      this.offsets.set(f.name, at);
      defs.push({ name: `${prefix.toUpperCase()}_${upperSnake(f.name)}`, value: at });
    }
    lp.define(prefix, `${what}: bit offsets`, defs);
  }

  /** The concatenation that packs the record from each field's value. */
  pack(): string {
    return `{${this.fields.map((f) => f.value).join(', ')}}`;
  }

  /** The slice of a vector holding the record: its field `name`. */
  field(vector: string, name: string): string {
    const f = this.fields.find((x) => x.name === name);
    if (!f) throw new Error(`${this.prefix}: no field ${name}`);
    const off = this.lp.use(`${this.prefix.toUpperCase()}_${upperSnake(name)}`);
    return f.bits === 1 ? `${vector}[${off}]` : `${vector}[${off} +: ${f.bits}]`;
  }

  /** Wires `<prefix>_<field>` (snake case) unpacking `vector`, one per field named (all when none are named). */
  unpack(b: VerilogBuilder, vector: Signal | string, names: readonly string[] = this.fields.map((f) => f.name)): Signal[] {
    return names.map((n) => b.wire(`${this.prefix}_${upperSnake(n).toLowerCase()}`, this.fields.find((x) => x.name === n)!.bits, this.field(`${vector}`, n)));
  }
}
