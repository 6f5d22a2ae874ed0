// A generated design inside a wrapper module whose instance sets some of the top's Verilog parameters (the wrapper
// has the same ports, so the simulation bridge and the tests drive it as the design itself): how a non-default
// parameter value is simulated, as an integrator's instance would set it.
import type { GeneratedDesign } from './design.js';
import { FILE_FOOTER, modulePortList, verilogFile } from './verilog.js';

export function withParameters(settings: Readonly<Record<string, number>>): (d: GeneratedDesign) => Promise<GeneratedDesign> {
  return async (d) => {
    const top = `${d.top}_set`;
    const ports = modulePortList(top, d.ports, {});
    const names = [...ports.matchAll(/^\s*(?:input|output)\s+wire\s+(?:\[[^\]]*\]\s+)?(\w+),?$/gm)].map((m) => m[1]);
    const text = ['`resetall', '`timescale 1ns / 1ps', '`default_nettype none', '', ports, '',
      `${d.top} #(`, Object.entries(settings).map(([n, v]) => `    .${n}(${v})`).join(',\n'), ') dut (',
      names.map((n) => `    .${n}(${n})`).join(',\n'), ');', '', 'endmodule', ''].join('\n');
    return { ...d, top, files: [...d.files, verilogFile(`${top}.v`, text + FILE_FOOTER)] };
  };
}
