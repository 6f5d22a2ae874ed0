// Queue engine stage: The EC encode stage (flag bit 1): the output made a k+m stripe, in request order.
import { orderedBypass } from '../ordered-bypass.js';
import type { QueueContext } from './context.js';

export function ecEncodeStage(c: QueueContext): string {
  const { W, fifo, ENC, ecEnc } = c;
  // erasure-coded outputs through the stripe encode stage, the others around it, in request order
  const bypass = orderedBypass({
    out: 'sc', dataBytes: W,
    input: { valid: 'x_valid', data: 'x_data', keep: 'x_keep', last: 'x_last' },
    through: 'x_ecenc',
    stage: { inReady: 'ece_in_ready', valid: 'ece_valid', data: 'ece_data', keep: 'ece_keep', last: 'ece_last' },
    leaving: { valid: 'wo_valid', through: 'wo_ecenc' },
    downReady: 'w_take',
  });
  return `// the scatter data: the stage output, or (erasure-coded requests) the stripe the encode stage makes of it
wire        w_take = ws_valid && !ws_cqe && wr_ready;   // the write side takes a scatter beat now
${ENC ? `wire        wo_pop;
${fifo('wo', 1, 'oo_push', 'e_ec_encode', 'wo_pop', true, 'per scattering request, in order: its output is erasure coded')}
wire        wo_ecenc = wo_head;
wire [${8 * W - 1}:0] ece_data;
wire [${W - 1}:0] ece_keep;
wire        ece_in_ready, ece_valid, ece_last, ece_bad;
${ecEnc!.top} encode (
    .clk(clk), .rst(rst),
    .s_axis_tdata(x_data), .s_axis_tkeep(x_keep), .s_axis_tvalid(${bypass.stageInValid}),
    .s_axis_tready(ece_in_ready), .s_axis_tlast(x_last),
    .m_axis_tdata(ece_data), .m_axis_tkeep(ece_keep), .m_axis_tvalid(ece_valid), .m_axis_tready(${bypass.stageReady}),
    .m_axis_tlast(ece_last), .m_axis_tuser(ece_bad)
);
// ordered bypass (gen/queue/ordered-bypass.ts): a request that is not erasure coded is at the head of both FIFOs at
// once (its output and scatter end together)
assign x_ready = ${bypass.inReady};
${bypass.text}
wire        sc_bad = wo_ecenc && ece_bad;
wire        sc_fire = sc_valid && w_take;
assign wo_pop = ${bypass.leave};` : `assign x_ready = w_take;
wire        sc_valid = x_valid;
wire [${8 * W - 1}:0] sc_data = x_data;
wire [${W - 1}:0] sc_keep = x_keep;
wire        sc_last = x_last;
wire        sc_bad = 1'b0;   // no encode stage
wire        sc_fire = sc_valid && w_take;`}
`;
}
