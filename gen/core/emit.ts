// Writing Verilog through handles: a builder declares each signal once — a wire with or without its value, a reg,
// or a name declared elsewhere (a port, a wire of another block) — and hands back a Signal; expressions are
// written with Signals, so a name is spelled once and used after its declaration, and declarations line up in
// columns. A name declared twice, or an assign to a name the builder never declared, is an error.

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

const TYPE_COLUMN = 12;

export class VerilogBuilder {
  private readonly out: string[] = [];
  private readonly signals = new Map<string, Signal>();

  private declare(kind: 'wire' | 'reg ', name: string, width: number, value: string | undefined, comment: string | undefined): Signal {
    if (this.signals.has(name)) throw new Error(`${name} is declared twice`);
    const s = new Signal(name, width);
    this.signals.set(name, s);
    const t = `${kind} ${width === 1 ? '' : `[${width - 1}:0]`}`;
    const type = t.length < TYPE_COLUMN ? t.padEnd(TYPE_COLUMN) : `${t} `;
    const decl = `${type}${name}${value === undefined ? '' : ` = ${value}`};`;
    this.out.push(comment ? `${decl}  // ${comment}` : decl);
    return s;
  }

  /** A wire, with its value when given (`wire [w-1:0] name = value;`). */
  wire(name: string, width: number, value?: string, comment?: string): Signal {
    return this.declare('wire', name, width, value, comment);
  }

  reg(name: string, width: number, comment?: string): Signal {
    return this.declare('reg ', name, width, undefined, comment);
  }

  /** A handle for a signal declared outside this builder (a port, another block's wire): nothing is written. */
  external(name: string, width: number): Signal {
    return this.signals.get(name) ?? new Signal(name, width);
  }

  /** `assign target = value;` for a wire this builder declared without a value. */
  assign(target: Signal, value: string): void {
    if (this.signals.get(target.name) !== target) throw new Error(`assign to ${target.name}, which this builder did not declare`);
    this.out.push(`assign ${target.name} = ${value};`);
  }

  comment(text: string): void {
    this.out.push(...text.split('\n').map((l) => (l ? `// ${l}` : '//')));
  }

  /** A block of Verilog written as it is (an always block, an instance). */
  raw(text: string): void {
    this.out.push(text);
  }

  text(): string {
    return this.out.join('\n');
  }
}
