// Writing Verilog through handles: a builder declares each signal once — a wire with or without its value, a reg,
// a register array, a name declared elsewhere (a port, a localparam) — and hands back a Signal; declarations line
// up in columns, instances get one aligned `.port(expression)` a line, and the common blocks (a FIFO, a popcount)
// are builder calls that return the handles of what they declare. Every expression the builder writes (a wire's
// value, an assign, an instance connection) is checked: a name in it that is not declared yet is an error, as is
// a name declared twice or an assign to a wire the builder did not declare. Always and generate blocks are
// written as given (`block`); the names they read are the builder's declarations.

/** A declared signal: its name (what it prints as) and width. */
export class Signal {
  constructor(readonly name: string, readonly width: number) {}

  toString(): string {
    return this.name;
  }

  /** Bit i. */
  bit(i: number | string): string {
    return `${this.name}[${i}]`;
  }

  /** `width` bits from `lsb` (a number or a localparam). */
  slice(lsb: number | string, width: number): string {
    return width === 1 ? this.bit(lsb) : `${this.name}[${lsb} +: ${width}]`;
  }
}

/** A FIFO in registers (VerilogBuilder.fifo): its oldest entry, and with a count, its count and valid. */
export interface Fifo {
  head: Signal;
  count?: Signal;
  valid?: Signal;
}

export interface FifoSpec {
  /** Prefix of its signals: <name>_mem, <name>_rd_reg, <name>_wr_reg, <name>_head, and with `count`
   * <name>_count_reg and <name>_valid. */
  name: string;
  width: number;
  /** 2^depthBits entries. */
  depthBits: number;
  /** Verilog conditions and the entry pushed. */
  push: string;
  data: string;
  pop: string;
  /** Keep a count of the entries (else the user knows there is one when it pops). */
  count: boolean;
  /** What an entry is, for the comment above the block. */
  what: string;
  /** <name>_valid, declared earlier (used before this block): assigned here. */
  valid?: Signal;
}

/** Column where the declared name starts (after `wire [w:0] `). */
const TYPE_COLUMN = 12;

/** Verilog words an expression may hold that are not signal names. */
const KEYWORDS = new Set(['begin', 'end', 'if', 'else', 'for', 'integer', 'signed', 'unsigned']);

/** The identifiers an expression reads: sized literals (8'd0, 4'hf), system calls ($clog2) and strings left out. */
export function identifiersOf(expr: string): string[] {
  const cleaned = expr
    .replace(/"[^"]*"/g, ' ')
    .replace(/\d*'[sS]?[bBoOdDhH][0-9a-fA-FxXzZ_?]+/g, ' ')
    .replace(/\$[A-Za-z_]\w*/g, ' ');
  return [...cleaned.matchAll(/(?<![\w.])[A-Za-z_]\w*/g)].map((m) => m[0]).filter((n) => !KEYWORDS.has(n));
}

export class VerilogBuilder {
  private readonly out: string[] = [];
  private readonly signals = new Map<string, Signal>();
  /** Names declared outside the builder (ports, localparams, parameters): readable, never declared here. */
  private readonly outside = new Set<string>();
  /** Wires declared without a value and not assigned yet. */
  private readonly unassigned = new Set<string>();
  /** Names connected alone to an instance port. */
  private readonly connected = new Set<string>();
  /** Tests for names declared outside as the design grows (its localparams). */
  private readonly outsideTests: ((name: string) => boolean)[] = [];

  /**
   * Names declared outside the builder that its expressions may read: the module's ports, localparams, parameters;
   * a list, or a test asked when a name is read (for constants defined as the design is written).
   */
  declaredOutside(names: Iterable<string> | ((name: string) => boolean)): this {
    if (typeof names === 'function') this.outsideTests.push(names);
    else for (const n of names) this.outside.add(n);
    return this;
  }

  /** True when `name` is declared (here or outside). */
  has(name: string): boolean {
    return this.signals.has(name) || this.outside.has(name) || this.outsideTests.some((t) => t(name));
  }

  /** Refuses an expression reading a name not declared before it. */
  private check(expr: string, where: string): void {
    for (const n of identifiersOf(expr)) {
      if (!this.has(n)) throw new Error(`${where}: ${n} is used before it is declared`);
    }
  }

  private declaration(kind: 'wire' | 'reg ', name: string, width: number, suffix: string, comment: string | undefined, vector = false): Signal {
    if (this.has(name)) throw new Error(`${name} is declared twice`);
    const s = new Signal(name, width);
    const t = `${kind} ${width === 1 && !vector ? '' : `[${width - 1}:0]`}`;
    const type = t.length < TYPE_COLUMN ? t.padEnd(TYPE_COLUMN) : `${t} `;
    const decl = `${type}${name}${suffix};`;
    this.out.push(comment ? `${decl.padEnd(40)}  // ${comment}` : decl);
    this.signals.set(name, s);
    return s;
  }

  /** A wire, with its value when given (`wire [w-1:0] name = value;`); without, `assign` gives it one later. */
  wire(name: string, width: number, value?: string, comment?: string): Signal {
    if (value !== undefined) this.check(value, name);
    const s = this.declaration('wire', name, width, value === undefined ? '' : ` = ${value}`, comment);
    if (value === undefined) this.unassigned.add(name);
    return s;
  }

  /** A wire that is a vector even at width 1 (`[0:0]`: its bits are selected, `x[0]`). */
  vector(name: string, width: number, value?: string, comment?: string): Signal {
    if (value !== undefined) this.check(value, name);
    const s = this.declaration('wire', name, width, value === undefined ? '' : ` = ${value}`, comment, true);
    if (value === undefined) this.unassigned.add(name);
    return s;
  }

  reg(name: string, width: number, comment?: string): Signal {
    return this.declaration('reg ', name, width, '', comment);
  }

  /** A register array of `depth` entries (a number, or an expression of localparams: `QUEUES`). */
  regArray(name: string, width: number, depth: number | string, comment?: string): Signal {
    if (typeof depth === 'string') this.check(depth, name);
    return this.declaration('reg ', name, width, ` [0:${typeof depth === 'number' ? depth - 1 : `${depth}-1`}]`, comment, true);
  }

  /** A wire array of `depth` entries, its elements assigned in a generate block. */
  wireArray(name: string, width: number, depth: number | string, comment?: string): Signal {
    if (typeof depth === 'string') this.check(depth, name);
    return this.declaration('wire', name, width, ` [0:${typeof depth === 'number' ? depth - 1 : `${depth}-1`}]`, comment);
  }

  /** The handle of a signal this builder declared (in an earlier stage, say). */
  get(name: string): Signal {
    const s = this.signals.get(name);
    if (!s) throw new Error(`${name} is not declared`);
    return s;
  }

  /** A handle for a name declared outside this builder (a port): readable from here on. */
  external(name: string, width: number): Signal {
    this.outside.add(name);
    return this.signals.get(name) ?? new Signal(name, width);
  }

  /**
   * `assign target = value;` for a wire declared without a value (here, or a port given by `external`); several
   * targets: `assign {a, b} = value;` (the first the most significant).
   */
  assign(target: Signal | string | readonly (Signal | string)[], value: string): void {
    const names = (Array.isArray(target) ? target : [target]).map((t) => `${t}`);
    for (const name of names) {
      if (!this.outside.has(name) && !this.unassigned.has(name)) {
        throw new Error(this.signals.has(name) ? `${name} is assigned twice (or declared with its value)` : `assign to ${name}, which is not declared`);
      }
    }
    this.check(value, `assign ${names.join(', ')}`);
    for (const name of names) this.unassigned.delete(name);
    this.out.push(`assign ${names.length === 1 ? names[0] : `{${names.join(', ')}}`} = ${value};`);
  }

  comment(text: string): void {
    this.out.push(...text.split('\n').map((l) => (l ? `// ${l}` : '//')));
  }

  blank(): void {
    this.out.push('');
  }

  /**
   * An always or generate block (or a lint pragma) written as it is; the names it reads are declared already;
   * `drives`: the wires it assigns (a generate block's assigns).
   */
  block(text: string, drives: readonly (Signal | string)[] = []): void {
    for (const d of drives) this.unassigned.delete(`${d}`);
    this.out.push(text);
  }

  /** Declarations between lint pragmas: signals that are unused by design (say why in `why`). */
  unused(why: string, declare: () => void): void {
    this.comment(why);
    this.out.push('/* verilator lint_off UNUSEDSIGNAL */');
    declare();
    this.out.push('/* verilator lint_on UNUSEDSIGNAL */');
  }

  /**
   * An instance: `module #(params) name (...)` with one `.port(expression)` a line, the port names in a column;
   * every connection expression reads declared names only.
   */
  instance(module: string, name: string, ports: Readonly<Record<string, string | Signal>>, params: Readonly<Record<string, string | number>> = {}): void {
    const entries = Object.entries(ports).map(([port, expr]) => [port, `${expr}`] as const);
    for (const [port, expr] of entries) this.check(expr, `${name}.${port}`);
    // a wire declared without a value and connected alone to a port may be driven by the instance (an output)
    for (const [, expr] of entries) this.connected.add(expr);
    const pw = Math.max(...entries.map(([port]) => port.length));
    const conns = entries.map(([port, expr], i) => `    .${port.padEnd(pw)} (${expr})${i < entries.length - 1 ? ',' : ''}`);
    const pe = Object.entries(params);
    const head = pe.length
      ? `${module} #(\n${pe.map(([k, v], i) => `    .${k}(${v})${i < pe.length - 1 ? ',' : ''}`).join('\n')}\n) ${name} (`
      : `${module} ${name} (`;
    this.out.push(`${head}\n${conns.join('\n')}\n);`);
  }

  /** A first-in first-out queue of 2^depthBits entries in registers, pushed and popped by the given conditions. */
  fifo(f: FifoSpec): Fifo {
    const { name: n, depthBits: B } = f;
    for (const e of [f.push, f.data, f.pop]) this.check(e, `fifo ${n}`);
    this.comment(f.what);
    this.regArray(`${n}_mem`, f.width, 1 << B);
    const rd = this.reg(`${n}_rd_reg`, B);
    const wr = this.reg(`${n}_wr_reg`, B);
    let count: Signal | undefined;
    let valid: Signal | undefined;
    if (f.count) {
      count = this.reg(`${n}_count_reg`, B + 1);
      const v = `${count} != ${B + 1}'d0`;
      if (f.valid) {
        if (f.valid.name !== `${n}_valid`) throw new Error(`fifo ${n}: its valid is ${n}_valid, not ${f.valid.name}`);
        this.assign(f.valid, v);
        valid = f.valid;
      } else {
        valid = this.wire(`${n}_valid`, 1, v);
      }
    }
    const head = this.vector(`${n}_head`, f.width, `${n}_mem[${rd}]`);
    this.block([
      'always @(posedge clk) begin',
      `    if (${f.push}) begin`,
      `        ${n}_mem[${wr}] <= ${f.data};`,
      `        ${wr} <= ${wr} + 1'b1;`,
      '    end',
      `    if (${f.pop}) ${rd} <= ${rd} + 1'b1;`,
      ...(count ? [`    ${count} <= ${count} + {${B}'d0, ${f.push}} - {${B}'d0, ${f.pop}};`] : []),
      '    if (rst) begin',
      `        ${rd} <= ${B}'d0;`,
      `        ${wr} <= ${B}'d0;`,
      ...(count ? [`        ${count} <= ${B + 1}'d0;`] : []),
      '    end',
      'end',
    ].join('\n'));
    return { head, count, valid };
  }

  /** A register `name` set (combinationally) to the number of set bits of `vector` (width bits). */
  popcount(name: string, vector: Signal | string, width: number): Signal {
    this.check(`${vector}`, name);
    let cw = 1;
    while (2 ** cw <= width) cw++;
    const sum = this.reg(name, cw);
    this.block(`always @* begin : ${name}_sum
    integer j;
    ${sum} = ${cw}'d0;
    for (j = 0; j < ${width}; j = j + 1) ${sum} = ${sum} + ${cw > 1 ? `{${cw - 1}'d0, ${vector}[j]}` : `${vector}[j]`};
end`);
    return sum;
  }

  /** The wires declared without a value, never assigned and connected to no instance port (a design has none). */
  unassignedWires(): string[] {
    return [...this.unassigned].filter((n) => !this.connected.has(n));
  }

  text(): string {
    return this.out.join('\n');
  }
}

/**
 * A block written through a builder inside a generator that writes the rest of its module as text: `reads` are
 * the names the text declares before the block (checked like any other declaration), `out` what the block hands
 * back (its Signals), `text` the block's Verilog.
 */
export function fragment<T>(reads: Iterable<string>, write: (b: VerilogBuilder) => T): { out: T; text: string } {
  const b = new VerilogBuilder().declaredOutside(reads);
  const out = write(b);
  return { out, text: b.text() };
}
