// Formal handshake proofs (sim/formal.ts, Yosys + yosys-smtbmc + z3, and Yosys's own SAT engine for the wider
// designs): the hw/lib stream primitives keep the AXI4-Stream rules and their capacity (the skid buffer its order
// too) for 20 cycles from reset; every generator's small configuration (sim/formal-suite.ts) keeps the stream and AXI
// rules on its outputs for 20 cycles (the standalone DMA for 12 here, 20 in `dpuforge formal`); k-induction closes on the CRC engine; and deliberately broken variants (a register slice whose data moves
// while stalled, a two-entry buffer that gives its first entry twice) are caught with the assertion that fails.
import { describe, expect, it } from 'vitest';
import { crcGenerator } from '../../gen/crc/generate.js';
import type { DesignPorts, GeneratedDesign } from '../../gen/core/design.js';
import { modulePortList } from '../../gen/core/verilog.js';
import { formalWrapper, FormalError, libStreamDesign, proveDesign } from '../../sim/formal.js';
import { FORMAL_EXEMPT, FORMAL_SUITE, proveCase } from '../../sim/formal-suite.js';
import { GENERATORS } from '../../gen/index.js';

/** A one-module design with s_axis/m_axis byte streams (for the broken variants). */
function handMade(top: string, body: string): GeneratedDesign {
  const ports: DesignPorts = { clock: 'clk', reset: 'rst', streams: [
    { prefix: 's_axis', dir: 'in', dataBytes: 1, keep: false, last: false, userBits: 0 },
    { prefix: 'm_axis', dir: 'out', dataBytes: 1, keep: false, last: false, userBits: 0 },
  ] };
  const content = `\`default_nettype none\n${modulePortList(top, ports, {})}\n${body}\nendmodule\n`;
  return { generator: 'test', version: '-', paramsJson: '{}', top, files: [{ name: `${top}.v`, content }], libFiles: [], latencyCycles: 1, ports };
}

describe('formal proofs of the stream handshakes', () => {
  it('the wrapper lists the properties it asserts for each output stream and memory port', () => {
    const w = formalWrapper(libStreamDesign('dpf_skid_buffer', { WIDTH: 8 }), { capacity: 2, inOrder: true });
    expect(w.properties).toEqual([
      'm_axis: tvalid held until tready, tdata stable while stalled',
      'm_axis: tvalid low in the cycle after reset',
      'm_axis: no output beat before an input beat is taken (s_axis)',
      's_axis -> m_axis: at most 2 beats inside',
      's_axis -> m_axis: beats leave in order with their data (any beat, chosen by the solver)',
    ]);
    expect(w.text).toMatch(/assume\(s_axis_tvalid && s_axis_tdata == \$past\(s_axis_tdata\)\)/);
  });

  // (the order check on the 4-entry FIFO does not finish in minutes with z3 here: the FIFO gets handshakes and capacity)
  it.each([
    ['dpf_skid_buffer', { WIDTH: 8 }, 2, true],
    ['dpf_stream_fifo', { WIDTH: 8, DEPTH_BITS: 2, USE_REGISTERS: 1 }, 6, false],
  ] as const)('hw/lib %s %o: handshakes and at most %i beats inside (in order: %s) for 20 cycles', async (module, parameters, capacity, inOrder) => {
    const r = await proveDesign(libStreamDesign(module, parameters), { depth: 20, capacity, inOrder });
    expect(r.failure).toBeUndefined();
    expect(r.bmc).toBe(true);
    expect(r.depth).toBe(20);
  }, 300_000);

  it('a generated engine (CRC32C, 4 bytes a beat): its output stream keeps the rules for 20 cycles', async () => {
    const r = await proveDesign(crcGenerator.emit(crcGenerator.validate({ bytesPerCycle: 4 })), { depth: 20 });
    expect(r.failure).toBeUndefined();
    expect(r.bmc).toBe(true);
    expect(r.properties).toHaveLength(3);
  }, 300_000);

  // every generator's small configuration (sim/formal-suite.ts: memories mapped to registers, bounded by Yosys's SAT
  // engine, z3 takes more than 15 minutes on the EC stripe; tables cut where they would take MiniSAT past 8 GB)
  it('the suite holds every generator but those with no port to prove', () => {
    const named = new Set([...FORMAL_SUITE.map((c) => c.engine), ...Object.keys(FORMAL_EXEMPT)]);
    expect(Object.keys(GENERATORS).filter((g) => !named.has(g))).toEqual([]);
  });

  it.each(FORMAL_SUITE.map((c) => [c.name, c] as const))('%s: every output keeps the rules from reset', async (_name, c) => {
    const depth = c.ciDepth?.depth ?? 20;
    const r = await proveCase(c, depth);
    console.log(`formal: ${r.top}: ${r.properties.length} properties, ${r.depth} cycles${c.ciDepth ? ` (20 in \`dpuforge formal\`: ${c.ciDepth.why})` : ''}, ${r.bmc ? 'proved' : 'FAILED'} (${r.seconds} s${r.groups ? `; ${r.groups.map((g) => `${g.group} ${g.seconds} s`).join(', ')}` : ''})`);
    expect(r.failure).toBeUndefined();
    expect(r.bmc).toBe(true);
    expect(r.depth).toBe(depth);
    expect(r.properties.length).toBeGreaterThanOrEqual(3);
  }, 1_200_000);

  it('k-induction closes on the 1-byte CRC engine (its stream rules hold for all time)', async () => {
    const r = await proveDesign(crcGenerator.emit(crcGenerator.validate({ bytesPerCycle: 1 })), { depth: 20, induction: true });
    expect(r.bmc).toBe(true);
    expect(r.induction).toBe(true);
  }, 300_000);

  it('sets the top parameters on the instance, refuses a bad name, and a cut table makes a proof fail, never pass', async () => {
    const fifo = libStreamDesign('dpf_skid_buffer', { WIDTH: 8 });
    expect(formalWrapper(fifo, { parameters: { WIDTH: 8 } }).text).toContain(`${fifo.top} #(.WIDTH(8)) dut (`);
    expect(() => formalWrapper(fifo, { parameters: { 'WIDTH)) x (': 8 } })).toThrow(FormalError);
    await expect(proveDesign(fifo, { parameters: { NO_SUCH_PARAMETER: 1 } })).rejects.toThrow(/NO_SUCH_PARAMETER/);
    // the output is a table lookup of a held register: right as built, but cut, the table's value is free in every
    // cycle and the data moves while stalled (a cut over-approximates the design)
    const lookup = handMade('table_slice', `reg [3:0] key_reg;
reg valid_reg;
function [7:0] table_of;
    input [3:0] k;
    case (k)
        4'd0: table_of = 8'h63; 4'd1: table_of = 8'h7c; 4'd2: table_of = 8'h77; 4'd3: table_of = 8'h7b;
        4'd4: table_of = 8'hf2; 4'd5: table_of = 8'h6b; 4'd6: table_of = 8'h6f; 4'd7: table_of = 8'hc5;
        4'd8: table_of = 8'h30; 4'd9: table_of = 8'h01; 4'd10: table_of = 8'h67; 4'd11: table_of = 8'h2b;
        4'd12: table_of = 8'hfe; 4'd13: table_of = 8'hd7; 4'd14: table_of = 8'hab; default: table_of = 8'h76;
    endcase
endfunction
assign s_axis_tready = !valid_reg || m_axis_tready;
assign m_axis_tdata = table_of(key_reg);
assign m_axis_tvalid = valid_reg;
always @(posedge clk) begin
    if (s_axis_tready) begin key_reg <= s_axis_tdata[3:0]; valid_reg <= s_axis_tvalid; end
    if (rst) valid_reg <= 1'b0;
end`);
    expect((await proveDesign(lookup, { depth: 20, engine: 'yosys-sat' })).bmc).toBe(true);
    const cut = await proveDesign(lookup, { depth: 20, engine: 'yosys-sat', cut: ['t:$mem_v2 r:WR_PORTS=0 %i'] });
    expect(cut.bmc).toBe(false);
    expect(cut.failure).toMatch(/Assert failed in formal_table_slice/);
  }, 300_000);

  it('catches a register slice whose data moves while the output is stalled, and a buffer that loses its order', async () => {
    // broken: the output register takes new data whenever the input offers it, stalled or not
    const moving = handMade('broken_slice', `reg [7:0] data_reg;
reg valid_reg;
assign s_axis_tready = !valid_reg || m_axis_tready;
assign m_axis_tdata = data_reg;
assign m_axis_tvalid = valid_reg;
always @(posedge clk) begin
    if (s_axis_tvalid) data_reg <= s_axis_tdata;
    if (s_axis_tready) valid_reg <= s_axis_tvalid;
    if (rst) valid_reg <= 1'b0;
end`);
    const a = await proveDesign(moving, { depth: 20 });
    expect(a.bmc).toBe(false);
    expect(a.failure).toMatch(/Assert failed in formal_broken_slice/);
    const sat = await proveDesign(moving, { depth: 20, engine: 'yosys-sat' });   // the other engine too
    expect(sat.bmc).toBe(false);
    expect(sat.failure).toMatch(/Assert failed in formal_broken_slice/);
    // broken: two entries; giving the first of two does not move the second up (the first comes out twice)
    const swapped = handMade('broken_order', `reg [7:0] a_reg, b_reg;
reg [1:0] n_reg;
assign s_axis_tready = n_reg != 2'd2;
assign m_axis_tvalid = n_reg != 2'd0;
assign m_axis_tdata = a_reg;
wire take = s_axis_tvalid && s_axis_tready;
wire give = m_axis_tvalid && m_axis_tready;
wire [1:0] n_after_give = n_reg - {1'b0, give};
always @(posedge clk) begin
    // (right: if (give) a_reg <= b_reg;)
    if (take) begin
        if (n_after_give == 2'd0) a_reg <= s_axis_tdata; else b_reg <= s_axis_tdata;
    end
    n_reg <= n_reg + {1'b0, take} - {1'b0, give};
    if (rst) n_reg <= 2'd0;
end`);
    const handshakes = await proveDesign(swapped, { depth: 20 });
    expect(handshakes.bmc).toBe(true);   // its handshakes are right ...
    const order = await proveDesign(swapped, { depth: 20, inOrder: true });
    expect(order.bmc).toBe(false);       // ... its order is not
    expect(order.failure).toMatch(/Assert failed in formal_broken_order/);
  }, 300_000);
});
