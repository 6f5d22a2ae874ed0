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

/**
 * An AXI4 reader with no rules of its own: each input beat is a read address for a 4-beat burst of 4-byte
 * beats; the burst's last data beat is sent out. Lets tests make the host memory see any burst.
 */
export const axiProbeDesign: GeneratedDesign = {
  generator: 'test', version: '0', paramsJson: '{}', top: 'dpf_test_axi_probe', libFiles: [], latencyCycles: 1,
  files: [{ name: 'dpf_test_axi_probe.v', content: `\`default_nettype none
module dpf_test_axi_probe (
    input  wire        clk,
    input  wire        rst,
    input  wire [31:0] s_axis_tdata,
    input  wire        s_axis_tvalid,
    output wire        s_axis_tready,
    input  wire        s_axis_tlast,
    output wire [31:0] m_axis_tdata,
    output wire        m_axis_tvalid,
    input  wire        m_axis_tready,
    output wire        m_axis_tlast,
    output wire [0:0]  m_axi_awid,
    output wire [63:0] m_axi_awaddr,
    output wire [7:0]  m_axi_awlen,
    output wire [2:0]  m_axi_awsize,
    output wire [1:0]  m_axi_awburst,
    output wire        m_axi_awvalid,
    input  wire        m_axi_awready,
    output wire [31:0] m_axi_wdata,
    output wire [3:0]  m_axi_wstrb,
    output wire        m_axi_wlast,
    output wire        m_axi_wvalid,
    input  wire        m_axi_wready,
    input  wire [0:0]  m_axi_bid,
    input  wire [1:0]  m_axi_bresp,
    input  wire        m_axi_bvalid,
    output wire        m_axi_bready,
    output wire [0:0]  m_axi_arid,
    output wire [63:0] m_axi_araddr,
    output wire [7:0]  m_axi_arlen,
    output wire [2:0]  m_axi_arsize,
    output wire [1:0]  m_axi_arburst,
    output wire        m_axi_arvalid,
    input  wire        m_axi_arready,
    input  wire [0:0]  m_axi_rid,
    input  wire [31:0] m_axi_rdata,
    input  wire [1:0]  m_axi_rresp,
    input  wire        m_axi_rlast,
    input  wire        m_axi_rvalid,
    output wire        m_axi_rready
);
/* verilator lint_off UNUSEDSIGNAL */
wire unused = &{s_axis_tlast, m_axi_awready, m_axi_wready, m_axi_bid, m_axi_bresp, m_axi_bvalid, m_axi_rid, m_axi_rresp};
/* verilator lint_on UNUSEDSIGNAL */
reg        ar_valid_reg;
reg [31:0] ar_addr_reg;
reg        out_valid_reg;
reg [31:0] out_data_reg;
assign s_axis_tready = !ar_valid_reg && !out_valid_reg;
assign m_axi_arvalid = ar_valid_reg;
assign m_axi_araddr = {32'd0, ar_addr_reg};
assign m_axi_arlen = 8'd3;
assign m_axi_arsize = 3'd2;
assign m_axi_arburst = 2'd1;
assign m_axi_arid = 1'b0;
assign m_axi_rready = !out_valid_reg;
assign m_axis_tvalid = out_valid_reg;
assign m_axis_tdata = out_data_reg;
assign m_axis_tlast = 1'b1;
assign m_axi_awid = 1'b0;
assign m_axi_awaddr = 64'd0;
assign m_axi_awlen = 8'd0;
assign m_axi_awsize = 3'd2;
assign m_axi_awburst = 2'd1;
assign m_axi_awvalid = 1'b0;
assign m_axi_wdata = 32'd0;
assign m_axi_wstrb = 4'd0;
assign m_axi_wlast = 1'b0;
assign m_axi_wvalid = 1'b0;
assign m_axi_bready = 1'b1;
always @(posedge clk) begin
    if (s_axis_tvalid && s_axis_tready) begin
        ar_valid_reg <= 1'b1;
        ar_addr_reg  <= s_axis_tdata;
    end else if (m_axi_arready) ar_valid_reg <= 1'b0;
    if (m_axi_rvalid && m_axi_rready && m_axi_rlast) begin
        out_valid_reg <= 1'b1;
        out_data_reg  <= m_axi_rdata;
    end else if (m_axis_tready) out_valid_reg <= 1'b0;
    if (rst) begin
        ar_valid_reg  <= 1'b0;
        out_valid_reg <= 1'b0;
    end
end
endmodule
` }],
  ports: {
    clock: 'clk', reset: 'rst',
    streams: [
      { prefix: 's_axis', dir: 'in', dataBytes: 4, keep: false, last: true, userBits: 0 },
      { prefix: 'm_axis', dir: 'out', dataBytes: 4, keep: false, last: true, userBits: 0 },
    ],
    memories: [{ prefix: 'm_axi', dataBytes: 4, addrBits: 64, idBits: 1 }],
  },
};
