// Queue engine stage: The host interface: the DMA engine every host access goes through, the queue registers and the
// register writes on s_ctrl.
import type { QueueContext } from './context.js';

export function hostInterfaceStage(c: QueueContext): string {
  const { p, W, Q, QB, dma } = c;
  return `// ---- DMA engine: every host memory access
wire [127:0]      rd_cmd_data, wr_cmd_data;
wire              rd_cmd_valid, rd_cmd_ready, wr_cmd_valid, wr_cmd_ready;
wire [${8 * W - 1}:0] rd_data, wr_data;
wire [${W - 1}:0] rd_keep, wr_keep;
wire              rd_valid, rd_ready, rd_last, rd_error, wr_valid, wr_ready, wr_last;
wire [31:0]       done_data;
wire              done_valid;
${dma.top} dma (
    .clk(clk), .rst(rst),
    .s_rd_cmd_tdata(rd_cmd_data), .s_rd_cmd_tvalid(rd_cmd_valid), .s_rd_cmd_tready(rd_cmd_ready),
    .m_rd_data_tdata(rd_data), .m_rd_data_tkeep(rd_keep), .m_rd_data_tvalid(rd_valid), .m_rd_data_tready(rd_ready),
    .m_rd_data_tlast(rd_last), .m_rd_data_tuser(rd_error),
    .s_wr_cmd_tdata(wr_cmd_data), .s_wr_cmd_tvalid(wr_cmd_valid), .s_wr_cmd_tready(wr_cmd_ready),
    .s_wr_data_tdata(wr_data), .s_wr_data_tkeep(wr_keep), .s_wr_data_tvalid(wr_valid), .s_wr_data_tready(wr_ready),
    .s_wr_data_tlast(wr_last),
    .m_wr_done_tdata(done_data), .m_wr_done_tvalid(done_valid), .m_wr_done_tready(1'b1),
${['awid', 'awaddr', 'awlen', 'awsize', 'awburst', 'awvalid', 'awready', 'wdata', 'wstrb', 'wlast', 'wvalid', 'wready',
    'bid', 'bresp', 'bvalid', 'bready', 'arid', 'araddr', 'arlen', 'arsize', 'arburst', 'arvalid', 'arready',
    'rid', 'rdata', 'rresp', 'rlast', 'rvalid', 'rready'].map((s) => `.m_axi_${s}(m_axi_${s})`).join(', ').replace(/(([^,]*,){6})/g, '$1\n   ').replace(/^/, '    ')}
);

// ---- Registers
reg  [63:0] sq_base_reg [0:QUEUES-1];
reg  [63:0] cq_base_reg [0:QUEUES-1];
reg  [15:0] entries_reg [0:QUEUES-1];
reg  [15:0] sq_tail_reg [0:QUEUES-1];     // host's doorbell
reg  [15:0] sq_head_reg [0:QUEUES-1];     // next entry to fetch
reg  [15:0] cq_head_reg [0:QUEUES-1];     // host's doorbell
reg  [15:0] cq_tail_reg [0:QUEUES-1];     // next completion slot
reg         cq_phase_reg [0:QUEUES-1];
${p.arbitration === 'weighted' ? 'reg  [7:0]  weight_reg [0:QUEUES-1];\n' : ''}assign s_ctrl_tready = 1'b1;
wire        ctrl_fire = s_ctrl_tvalid;
wire [15:0] ctrl_reg = s_ctrl_tdata[15:0];
wire [63:0] ctrl_value = s_ctrl_tdata[127:64];
/* verilator lint_off UNUSEDSIGNAL */
wire [47:0] ctrl_unused = s_ctrl_tdata[63:16];
/* verilator lint_on UNUSEDSIGNAL */
wire [${QB - 1}:0] ctrl_queue = ctrl_reg[${QB + 2}:3];
wire        ctrl_queue_ok = ctrl_reg[15:3] < 13'd${Q};

`;
}
