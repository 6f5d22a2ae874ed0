// Small hand-written designs for testing the build driver and the bridge themselves.
import type { GeneratedDesign } from '../../gen/core/design.js';

function design(top: string, body: string): GeneratedDesign {
  return {
    generator: 'test', version: '0', paramsJson: '{}', top, libFiles: [], latencyCycles: 1,
    files: [{ name: `${top}.v`, content: `\`default_nettype none\nmodule ${top} (\n${body}\nendmodule\n` }],
    ports: {
      clock: 'clk', reset: 'rst',
      streams: [
        { prefix: 's_axis', dir: 'in', dataBytes: 4, keep: false, last: true, userBits: 0 },
        { prefix: 'm_axis', dir: 'out', dataBytes: 4, keep: false, last: true, userBits: 0 },
      ],
    },
  };
}

const PORTS = `    input  wire        clk,
    input  wire        rst,
    input  wire [31:0] s_axis_tdata,
    input  wire        s_axis_tvalid,
    output wire        s_axis_tready,
    input  wire        s_axis_tlast,
    output wire [31:0] m_axis_tdata,
    output wire        m_axis_tvalid,
    input  wire        m_axis_tready,
    output wire        m_axis_tlast
);`;

/** Never accepts input: the bridge must report a stall instead of hanging. */
export const stuckDesign = design('dpf_test_stuck', `${PORTS}
/* verilator lint_off UNUSEDSIGNAL */
wire unused = &{clk, rst, s_axis_tdata, s_axis_tvalid, s_axis_tlast, m_axis_tready};
/* verilator lint_on UNUSEDSIGNAL */
assign s_axis_tready = 1'b0;
assign m_axis_tvalid = 1'b0;
assign m_axis_tdata = 32'd0;
assign m_axis_tlast = 1'b0;`);

/** A registered pass-through (one beat per cycle, no skid): a minimal correct design. */
export const passDesign = design('dpf_test_pass', `${PORTS}
reg [31:0] data_reg;
reg        valid_reg;
reg        last_reg;
assign s_axis_tready = !valid_reg || m_axis_tready;
assign m_axis_tdata = data_reg;
assign m_axis_tvalid = valid_reg;
assign m_axis_tlast = last_reg;
always @(posedge clk) begin
    if (s_axis_tready) begin
        valid_reg <= s_axis_tvalid;
        data_reg  <= s_axis_tdata;
        last_reg  <= s_axis_tlast;
    end
    if (rst) valid_reg <= 1'b0;
end`);

/** Does not compile: the build must report Verilator's message. */
export const brokenDesign = design('dpf_test_broken', `${PORTS}
assign s_axis_tready = 1'b1
assign m_axis_tvalid = undeclared_signal;`);
