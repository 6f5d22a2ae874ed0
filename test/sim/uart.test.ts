// The UART primitives (hw/lib/dpf_uart_tx.v, dpf_uart_rx.v) back to back at 8 clock cycles per bit: every byte
// arrives, in order, without framing errors, at exactly 10 bits per byte — the link the board top will use.
import { afterAll, describe, expect, it } from 'vitest';
import type { GeneratedDesign } from '../../gen/core/design.js';
import { SimModel } from '../../sim/model.js';
import { Rng } from '../../src/util/rng.js';

const loop: GeneratedDesign = {
  generator: 'test', version: '0', paramsJson: '{}', top: 'dpf_test_uart_loop', latencyCycles: 0,
  libFiles: ['hw/lib/dpf_uart_tx.v', 'hw/lib/dpf_uart_rx.v'],
  ports: {
    clock: 'clk', reset: 'rst',
    streams: [
      { prefix: 's_axis', dir: 'in', dataBytes: 1, keep: false, last: false, userBits: 0 },
      { prefix: 'm_axis', dir: 'out', dataBytes: 1, keep: false, last: false, userBits: 1 },
    ],
  },
  files: [{
    name: 'dpf_test_uart_loop.v', content: `\`default_nettype none
module dpf_test_uart_loop (
    input  wire       clk,
    input  wire       rst,
    input  wire [7:0] s_axis_tdata,
    input  wire       s_axis_tvalid,
    output wire       s_axis_tready,
    output wire [7:0] m_axis_tdata,
    output wire       m_axis_tvalid,
    input  wire       m_axis_tready,
    output wire       m_axis_tuser
);
wire line;
dpf_uart_tx #(.CLKS_PER_BIT(8)) tx (.clk(clk), .rst(rst), .s_data(s_axis_tdata), .s_valid(s_axis_tvalid), .s_ready(s_axis_tready), .tx(line));
dpf_uart_rx #(.CLKS_PER_BIT(8)) rx (.clk(clk), .rst(rst), .rx(line), .m_data(m_axis_tdata), .m_valid(m_axis_tvalid), .m_error(m_axis_tuser));
/* verilator lint_off UNUSEDSIGNAL */
wire unused = m_axis_tready;  // a UART cannot be held back
/* verilator lint_on UNUSEDSIGNAL */
endmodule
` }],
};

let model: SimModel | undefined;
afterAll(() => model?.close());

describe('UART primitives', () => {
  it('carry every byte, in order, at 10 bits per byte', async () => {
    model = await SimModel.load(loop);
    const bytes = new Rng(3).bytes(300);
    bytes.set([0x00, 0xff, 0x55, 0xaa], 0);
    const r = model.run(
      { s_axis: { beats: { count: bytes.length, data: bytes } } },
      { m_axis: {} },
      { stallLimit: 200, drainCycles: 200 },
    );
    expect(r.outputs.m_axis.count).toBe(bytes.length);
    expect(Buffer.from(r.outputs.m_axis.data.subarray(0, bytes.length)).equals(Buffer.from(bytes))).toBe(true);
    expect(Array.from(r.outputs.m_axis.user.subarray(0, bytes.length)).every((u) => u === 0)).toBe(true);
    // back to back: 10 bits of 8 cycles per byte (the last byte lands after the synchronizer and the stop bit's middle)
    const last = r.outputs.m_axis.cycle[bytes.length - 1] - r.startCycle;
    expect(last).toBeGreaterThanOrEqual(bytes.length * 80 - 8);
    expect(last).toBeLessThan(bytes.length * 80 + 8);
  });
});
