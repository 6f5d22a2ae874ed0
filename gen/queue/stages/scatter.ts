// Queue engine stage: The scatter data: byte counts per request, the test-only fault, and the DMA write stream.
import { CQE_BYTES } from '../../../src/spec/queue.js';
import { bitsFor } from '../../core/verilog.js';
import type { QueueContext } from './context.js';

export function scatterStage(c: QueueContext): void {
  const { p, W, fifo, CW_OUT, v } = c;
  v.comment(`bytes each scattering request sends to its destinations (the stripe, when erasure coded), and the encode
stage's verdict`);
  const bytes = v.reg('sc_bytes_reg', 32);
  const count = v.popcount('sc_keep_count', 'sc_keep', W);
  const total = v.wire('sc_total', 32, `${bytes} + {${32 - CW_OUT}'d0, ${count}}`);
  v.block(`always @(posedge clk) begin
    if (sc_fire) ${bytes} <= sc_last ? 32'd0 : ${total};
    if (rst) ${bytes} <= 32'd0;
end`);
  const wlPop = v.wire('wl_pop', 1);
  const wl = fifo('wl', 33, 'sc_fire && sc_last', `{sc_bad, ${total}}`, `${wlPop}`, true,
    'per scattering request: {refused by the encode stage, bytes sent to the destinations}');
  v.wire('wl_bytes', 32, `${wl.head}[31:0]`);
  v.wire('wl_bad', 1, `${wl.head}[32]`);
  let dataOut;
  if (p.testFlipBitAfter) {
    v.comment(`TEST ONLY (testFlipBitAfter = ${p.testFlipBitAfter}): an injected fault flips bit 0 of the first byte of scattered packet ${p.testFlipBitAfter}`);
    const packets = v.reg('fault_packets_reg', 32, 'scattered packets so far');
    const first = v.reg('fault_first_reg', 1, 'the next scatter beat starts a packet');
    const flip = v.wire('fault_flip', 1, `${first} && ${packets} == 32'd${p.testFlipBitAfter - 1}`);
    v.block(`always @(posedge clk) begin
    if (sc_fire) begin
        ${first} <= sc_last;
        if (sc_last) ${packets} <= ${packets} + 32'd1;
    end
    if (rst) begin
        ${packets} <= 32'd0;
        ${first}   <= 1'b1;
    end
end`);
    dataOut = v.wire('sc_data_out', 8 * W, `sc_data ^ {${8 * W - 1}'d0, ${flip}}`);
  } else {
    dataOut = v.wire('sc_data_out', 8 * W, 'sc_data');
  }
  v.assign('wr_valid', "ws_valid && (ws_cqe ? 1'b1 : sc_valid)");
  v.assign('wr_data', `ws_cqe ? cqe_beat : ${dataOut}`);
  v.assign('wr_keep', `ws_cqe ? {${W}{1'b1}}${W > 16 ? ` >> ${W - 16}` : ''} : sc_keep`);
  v.assign('wr_last', 'ws_cqe ? cqe_beat_last : sc_last');
  v.assign('out_fire', 'out_valid && out_ready');
  v.assign('ws_pop', 'wr_fire && wr_last');
  const BB = Math.max(1, bitsFor(CQE_BYTES / W - 1));
  v.block(`always @(posedge clk) begin
    if (wr_fire && ws_cqe) cq_beat_reg <= cqe_beat_last ? ${BB}'d0 : cq_beat_reg + 1'b1;
    if (rst) cq_beat_reg <= ${BB}'d0;
end`);
  v.blank();
}
