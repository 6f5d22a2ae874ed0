// An I/O-light harness for placing an engine on a small FPGA: the engine's wide ports would need hundreds of
// pins, so the harness drives every input from a shift register fed by one pin and folds every output into a
// pipelined XOR tree (registered at each level, so it never limits the clock) ending at one pin. Place and
// route of the harness then measures the engine itself: its logic, its registers and its Fmax.
import type { GeneratedDesign } from '../../gen/core/design.js';
import { axiMasterPortDeclarations, streamPortDeclarations } from '../../gen/core/verilog.js';

interface Port { dir: 'input' | 'output'; width: number; name: string }

/** The design's ports other than clock and reset, from the same declarations its module uses. */
export function designPorts(design: GeneratedDesign): Port[] {
  const decls = [...design.ports.streams.flatMap(streamPortDeclarations), ...(design.ports.memories ?? []).flatMap(axiMasterPortDeclarations)];
  return decls.map((d) => {
    const m = /^(input|output)\s+wire\s+(?:\[(\d+):0\])?\s*(\w+)$/.exec(d.trim());
    if (!m) throw new Error(`cannot read port declaration '${d}'`);
    return { dir: m[1] as Port['dir'], width: m[2] === undefined ? 1 : Number(m[2]) + 1, name: m[3] };
  });
}

export function oocWrapper(design: GeneratedDesign): GeneratedDesign {
  const top = `ooc_${design.top}`;
  const ports = designPorts(design);
  const inBits = ports.filter((p) => p.dir === 'input').reduce((n, p) => n + p.width, 0);
  const outBits = ports.filter((p) => p.dir === 'output').reduce((n, p) => n + p.width, 0);
  const lines: string[] = [];
  const o = (s = '') => lines.push(s);
  o(`// ${top}.v: I/O-light harness around ${design.top} for place and route (src/synth/ooc-wrapper.ts).`);
  o(`// Inputs: ${inBits} bits from a shift register fed by in_bit; outputs: ${outBits} bits XOR-folded, 4 to 1 per level, registered.`);
  o('`default_nettype none');
  o(`module ${top} (`);
  o('    input  wire clk,');
  o('    input  wire rst,');
  o('    input  wire in_bit,');
  o('    output wire out_bit');
  o(');');
  o(`reg  [${inBits - 1}:0] drive_reg;`);
  o('always @(posedge clk) begin');
  o(`    drive_reg <= ${inBits > 1 ? `{drive_reg[${inBits - 2}:0], in_bit}` : 'in_bit'};`);
  o('end');
  let at = 0;
  for (const p of ports) {
    if (p.dir === 'input') {
      o(`wire [${p.width - 1}:0] ${p.name} = drive_reg[${at + p.width - 1}:${at}];`);
      at += p.width;
    } else {
      o(`wire [${p.width - 1}:0] ${p.name};`);
    }
  }
  o(`${design.top} dut (`);
  o(`    .${design.ports.clock}(clk), .${design.ports.reset}(rst),`);
  o(ports.map((p) => `    .${p.name}(${p.name})`).join(',\n'));
  o(');');
  // the pipelined XOR tree
  let level = 0;
  let width = outBits;
  o(`wire [${outBits - 1}:0] fold0 = {${ports.filter((p) => p.dir === 'output').map((p) => p.name).join(', ')}};`);
  while (width > 1) {
    const next = Math.ceil(width / 4);
    o(`reg  [${next - 1}:0] fold${level + 1};`);
    o('always @(posedge clk) begin');
    for (let i = 0; i < next; i++) {
      const bits = Array.from({ length: Math.min(4, width - 4 * i) }, (_, j) => `fold${level}[${4 * i + j}]`);
      o(`    fold${level + 1}[${i}] <= ${bits.join(' ^ ')};`);
    }
    o('end');
    level++;
    width = next;
  }
  o(`assign out_bit = fold${level}[0];`);
  o('endmodule');
  o('`default_nettype wire');
  return {
    ...design,
    top,
    files: [...design.files, { name: `${top}.v`, content: `${lines.join('\n')}\n` }],
    ports: { clock: 'clk', reset: 'rst', streams: [] },
  };
}
