// The Verilog builder (gen/core/emit.ts): handles for what it declares, declarations in columns, and refusals —
// a name read before its declaration, declared twice, assigned twice or never; a module written with it (a
// FIFO, a popcount, an instance) passes `verilator --lint-only -Wall`.
import { describe, expect, it } from 'vitest';
import { fragment, identifiersOf, VerilogBuilder } from '../../gen/core/emit.js';
import { FILE_FOOTER, fileHeader, modulePortList, verilogFile } from '../../gen/core/verilog.js';
import { designPortSignals } from '../../gen/core/ports.js';
import type { DesignPorts, GeneratedDesign } from '../../gen/core/design.js';
import { lintDesign } from '../../sim/lint.js';

describe('VerilogBuilder', () => {
  it('declares in aligned columns and hands back handles that print as their names', () => {
    const b = new VerilogBuilder();
    const a = b.wire('a', 8);
    const c = b.wire('c', 1, `${a}[0]`, 'the low bit');
    const r = b.reg('count_reg', 16);
    expect(`${c}`).toBe('c');
    expect(a.slice(4, 4)).toBe('a[4 +: 4]');
    expect(a.bit(7)).toBe('a[7]');
    const lines = b.text().split('\n');
    expect(lines[0]).toBe('wire [7:0]  a;');
    expect(lines[1]).toMatch(/^wire {8}c = a\[0\]; +\/\/ the low bit$/);
    expect(lines[2]).toBe('reg  [15:0] count_reg;');
    // the names start in one column
    expect(new Set(lines.map((l) => l.search(/[a-z_]+( =|;)/)))).toEqual(new Set([12]));
    expect(r.width).toBe(16);
  });

  it('refuses a name read before it is declared, naming it and where', () => {
    const b = new VerilogBuilder();
    expect(() => b.wire('x', 1, 'y && z')).toThrow('x: y is used before it is declared');
    b.wire('y', 1);
    expect(() => b.assign('y', 'later')).toThrow('assign y: later is used before it is declared');
    expect(() => b.instance('m', 'u', { a: 'nope' })).toThrow('u.a: nope is used before it is declared');
    expect(() => b.fifo({ name: 'f', width: 1, depthBits: 2, push: 'go', data: 'y', pop: 'y', count: false, what: 'x' }))
      .toThrow('fifo f: go is used before it is declared');
  });

  it('refuses a name declared twice, an assign to an undeclared wire, a second assign', () => {
    const b = new VerilogBuilder().declaredOutside(['p']);
    const w = b.wire('w', 1);
    expect(() => b.reg('w', 1)).toThrow('w is declared twice');
    expect(() => b.wire('p', 1)).toThrow('p is declared twice');
    expect(() => b.assign('q', "1'b0")).toThrow('assign to q, which is not declared');
    b.assign(w, 'p');
    expect(() => b.assign(w, 'p')).toThrow('w is assigned twice');
    const v = b.wire('v', 1, 'p');
    expect(() => b.assign(v, 'p')).toThrow('v is assigned twice (or declared with its value)');
  });

  it('lists wires never driven; an instance connection drives a wire', () => {
    const b = new VerilogBuilder();
    b.wire('driven_by_instance', 4);
    b.wire('never', 1);
    b.instance('sub', 'u0', { y: 'driven_by_instance' });
    expect(b.unassignedWires()).toEqual(['never']);
  });

  it('reads sized literals, system functions and strings as no names; localparams through a test', () => {
    expect(identifiersOf("a + 8'd3 - 16'hBEEF + $clog2(b) + \"c d\" + 4'b10_01 + x[3:0]")).toEqual(['a', 'b', 'x']);
    const b = new VerilogBuilder().declaredOutside((n) => n.startsWith('LP_'));
    expect(() => b.wire('w', 4, 'LP_ONE + LP_TWO')).not.toThrow();
    expect(() => b.wire('u', 4, 'OTHER')).toThrow('u: OTHER is used before it is declared');
  });

  it('assigns several targets as one concatenation, the first most significant', () => {
    const b = new VerilogBuilder();
    const hi = b.wire('hi', 4);
    const lo = b.wire('lo', 4);
    const src = b.wire('src', 8, "8'h5a");
    b.assign([hi, lo], `${src}`);
    expect(b.text().split('\n').pop()).toBe('assign {hi, lo} = src;');
    expect(b.unassignedWires()).toEqual([]);
  });

  it('a fragment checks its block against the names the surrounding text declares', () => {
    const f = fragment(['s_keep'], (b) => b.popcount('keep_count', 's_keep', 8));
    expect(`${f.out}`).toBe('keep_count');
    expect(f.out.width).toBe(4);
    expect(() => fragment([], (b) => b.popcount('n', 's_keep', 8))).toThrow('n: s_keep is used before it is declared');
  });
});

/** A small module written with the builder: a counted FIFO, a popcount of the input's keep, an instance of the skid buffer. */
function builderModule(): GeneratedDesign {
  const top = 'emit_builder_probe';
  const ports: DesignPorts = {
    clock: 'clk', reset: 'rst',
    streams: [
      { prefix: 's_axis', dir: 'in', dataBytes: 4, keep: true, last: true, userBits: 0 },
      { prefix: 'm_axis', dir: 'out', dataBytes: 1, keep: false, last: true, userBits: 0 },
    ],
  };
  const b = new VerilogBuilder().declaredOutside(designPortSignals(ports));
  const count = b.popcount('keep_count', 's_axis_tkeep', 4);
  const push = b.wire('push', 1, 's_axis_tvalid && s_axis_tready');
  const pop = b.wire('pop', 1);
  const f = b.fifo({ name: 'q', width: 4, depthBits: 2, push: `${push}`, data: `{s_axis_tlast, ${count}}`, pop: `${pop}`, count: true, what: 'per beat: {last, bytes}' });
  b.assign('s_axis_tready', `${f.count} != 3'd4`);
  const outReady = b.wire('out_ready', 1);
  b.assign(pop, `${f.valid} && ${outReady}`);
  b.unused('the data bytes are not looked at, only counted', () => b.wire('data_unused', 32, 's_axis_tdata'));
  b.instance('dpf_skid_buffer', 'out_buffer', {
    clk: 'clk', rst: 'rst', s_data: `{${f.head}[3], 5'd0, ${f.head}[2:0]}`, s_valid: `${f.valid}`, s_ready: outReady,
    m_data: '{m_axis_tlast, m_axis_tdata}', m_valid: 'm_axis_tvalid', m_ready: 'm_axis_tready',
  }, { WIDTH: 9 });
  expect(b.unassignedWires()).toEqual([]);
  const header = fileHeader({ file: `${top}.v`, what: 'a test module written with the builder', generator: 'test', version: '0', paramsJson: '{}', command: 'none' });
  return {
    generator: 'test', version: '0', paramsJson: '{}', top,
    files: [verilogFile(`${top}.v`, `${header}${modulePortList(top, ports, {})}\n\n${b.text()}\n\nendmodule\n${FILE_FOOTER}`)],
    libFiles: ['hw/lib/dpf_skid_buffer.v'], ports, latencyCycles: 1,
  };
}

it('a module written with the builder (FIFO, popcount, instance) passes verilator --lint-only -Wall', async () => {
  const r = await lintDesign(builderModule());
  expect(r.output).toBe('');
  expect(r.ok).toBe(true);
});
