// Queue engine stage: Write commands: scatters and completion entries share the DMA write side, one packet at a
// time.
import { CQE_BYTES } from '../../../src/spec/queue.js';
import { bitsFor, fifoBlock } from '../../core/verilog.js';
import type { QueueContext } from './context.js';

export function writeCommandsStage(c: QueueContext): string {
  const { W, RB, fifo } = c;
  return `// ---- Write commands: scatters (data from the data path) and completion entries (data from here); one
// packet's commands stay together, and a source FIFO tells the data side whose packet comes next
wire        cqe_cmd_valid;
wire [127:0] cqe_cmd;
reg         wlock_reg;                   // inside a scatter packet's commands
wire        w_use_scatter = wlock_reg || (scatter_cmd_valid && !cqe_cmd_valid);  // completions first, between packets
wire        scatter_eop = disp_last_dst;
assign wr_cmd_valid = w_use_scatter ? scatter_cmd_valid : cqe_cmd_valid;
// scatter tag: bit 15 = 0, bit 0 = last segment of the request; completion tag: bit 15 = 1
assign wr_cmd_data = w_use_scatter
    ? {8'd0, 7'd0, scatter_eop, 15'd0, scatter_eop, seg_len[s_index[2:0]], seg_addr[s_index[2:0]]}
    : cqe_cmd;
wire        wr_cmd_fire = wr_cmd_valid && wr_cmd_ready;
assign scatter_go = wr_cmd_fire && w_use_scatter;
wire        cqe_go = wr_cmd_fire && !w_use_scatter;
wire        ws_push = (scatter_go && s_seg_reg == 3'd0) || cqe_go;   // a packet's first command
wire        ws_pop;
always @(posedge clk) begin
    if (scatter_go) wlock_reg <= !scatter_eop;
    if (rst) wlock_reg <= 1'b0;
end
${fifoBlock({ name: 'ws', width: 1, depthBits: RB + 1, push: 'ws_push', data: 'cqe_go', pop: 'ws_pop', count: true, what: 'per write packet: 1 = completion entry, 0 = scatter data' })}
wire        ws_cqe = ws_head;
// completion entry data: ${CQE_BYTES / W > 1 ? `${CQE_BYTES / W} beats` : 'one beat'} from a small FIFO filled when the command is issued
wire [127:0] cqe_bytes;
reg  [${Math.max(1, bitsFor(CQE_BYTES / W - 1)) - 1}:0] cq_beat_reg;
wire        cqe_beat_last;
wire        cq_data_pop = wr_fire && ws_cqe && cqe_beat_last;
${fifo('cq_data', 128, 'cqe_go', 'cqe_bytes', 'cq_data_pop', false, 'completion entries being written')}
wire [127:0] cqe_head_bytes = cq_data_head;
${CQE_BYTES / W > 1
    ? `assign cqe_beat_last = cq_beat_reg == ${Math.max(1, bitsFor(CQE_BYTES / W - 1))}'d${CQE_BYTES / W - 1};
wire [${8 * W - 1}:0] cqe_beat = cqe_head_bytes[cq_beat_reg * ${8 * W} +: ${8 * W}];`
    : `assign cqe_beat_last = 1'b1;
wire [${8 * W - 1}:0] cqe_beat = ${W === 16 ? 'cqe_head_bytes' : `{${8 * W - 128}'d0, cqe_head_bytes}`};`}
`;
}
