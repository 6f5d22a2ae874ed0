// Queue engine stage: The scatter data: byte counts per request, the test-only fault, and the DMA write stream.
import { CQE_BYTES } from '../../../src/spec/queue.js';
import { bitsFor, popcountBlock } from '../../core/verilog.js';
import type { QueueContext } from './context.js';

export function scatterStage(c: QueueContext): string {
  const { p, W, fifo, CW_OUT } = c;
  return `// bytes each scattering request sends to its destinations (the stripe, when erasure coded), and the encode
// stage's verdict
reg  [31:0] sc_bytes_reg;
${popcountBlock('sc_keep_count', 'sc_keep', W)}
wire [31:0] sc_total = sc_bytes_reg + {${32 - CW_OUT}'d0, sc_keep_count};
always @(posedge clk) begin
    if (sc_fire) sc_bytes_reg <= sc_last ? 32'd0 : sc_total;
    if (rst) sc_bytes_reg <= 32'd0;
end
wire        wl_pop;
${fifo('wl', 33, 'sc_fire && sc_last', '{sc_bad, sc_total}', 'wl_pop', true, 'per scattering request: {refused by the encode stage, bytes sent to the destinations}')}
wire [31:0] wl_bytes = wl_head[31:0];
wire        wl_bad = wl_head[32];
${p.testFlipBitAfter ? `// TEST ONLY (testFlipBitAfter = ${p.testFlipBitAfter}): an injected fault flips bit 0 of the first byte of scattered packet ${p.testFlipBitAfter}
reg  [31:0] fault_packets_reg;           // scattered packets so far
reg         fault_first_reg;             // the next scatter beat starts a packet
wire        fault_flip = fault_first_reg && fault_packets_reg == 32'd${p.testFlipBitAfter - 1};
always @(posedge clk) begin
    if (sc_fire) begin
        fault_first_reg <= sc_last;
        if (sc_last) fault_packets_reg <= fault_packets_reg + 32'd1;
    end
    if (rst) begin
        fault_packets_reg <= 32'd0;
        fault_first_reg   <= 1'b1;
    end
end
wire [${8 * W - 1}:0] sc_data_out = sc_data ^ {${8 * W - 1}'d0, fault_flip};` : `wire [${8 * W - 1}:0] sc_data_out = sc_data;`}
assign wr_valid = ws_valid && (ws_cqe ? 1'b1 : sc_valid);
assign wr_data = ws_cqe ? cqe_beat : sc_data_out;
assign wr_keep = ws_cqe ? {${W}{1'b1}}${W > 16 ? ` >> ${W - 16}` : ''} : sc_keep;
assign wr_last = ws_cqe ? cqe_beat_last : sc_last;
assign out_fire = out_valid && out_ready;
wire        wr_fire = wr_valid && wr_ready;
assign ws_pop = wr_fire && wr_last;
always @(posedge clk) begin
    if (wr_fire && ws_cqe) cq_beat_reg <= cqe_beat_last ? ${Math.max(1, bitsFor(CQE_BYTES / W - 1))}'d0 : cq_beat_reg + 1'b1;
    if (rst) cq_beat_reg <= ${Math.max(1, bitsFor(CQE_BYTES / W - 1))}'d0;
end

`;
}
