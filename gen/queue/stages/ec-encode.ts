// Queue engine stage: The EC encode stage (flag bit 1): the output made a k+m stripe, in request order.
import { orderedBypass } from '../ordered-bypass.js';
import type { QueueContext } from './context.js';

export function ecEncodeStage(c: QueueContext): void {
  const { W, fifo, ENC, ecEnc, v } = c;
  v.comment('the scatter data: the stage output, or (erasure-coded requests) the stripe the encode stage makes of it');
  const take = v.wire('w_take', 1, 'ws_valid && !ws_cqe && wr_ready', 'the write side takes a scatter beat now');
  if (!ENC) {
    v.assign('x_ready', `${take}`);
    const valid = v.wire('sc_valid', 1, 'x_valid');
    v.wire('sc_data', 8 * W, 'x_data');
    v.wire('sc_keep', W, 'x_keep');
    v.wire('sc_last', 1, 'x_last');
    v.wire('sc_bad', 1, "1'b0", 'no encode stage');
    v.wire('sc_fire', 1, `${valid} && ${take}`);
    return;
  }
  // erasure-coded outputs through the stripe encode stage, the others around it, in request order
  const bypass = orderedBypass({
    out: 'sc', dataBytes: W,
    input: { valid: 'x_valid', data: 'x_data', keep: 'x_keep', last: 'x_last' },
    through: 'x_ecenc',
    stage: { inReady: 'ece_in_ready', valid: 'ece_valid', data: 'ece_data', keep: 'ece_keep', last: 'ece_last' },
    leaving: { valid: 'wo_valid', through: 'wo_ecenc' },
    downReady: 'w_take',
  });
  const woPop = v.wire('wo_pop', 1);
  const wo = fifo('wo', 1, 'oo_push', 'e_ec_encode', `${woPop}`, true, 'per scattering request, in order: its output is erasure coded');
  const woEcenc = v.wire('wo_ecenc', 1, `${wo.head}`);
  const ece = { data: v.wire('ece_data', 8 * W), keep: v.wire('ece_keep', W), inReady: v.wire('ece_in_ready', 1), valid: v.wire('ece_valid', 1),
    last: v.wire('ece_last', 1), bad: v.wire('ece_bad', 1) };
  v.instance(ecEnc!.top, 'encode', {
    clk: 'clk', rst: 'rst',
    s_axis_tdata: 'x_data', s_axis_tkeep: 'x_keep', s_axis_tvalid: bypass.stageInValid, s_axis_tready: ece.inReady, s_axis_tlast: 'x_last',
    m_axis_tdata: ece.data, m_axis_tkeep: ece.keep, m_axis_tvalid: ece.valid, m_axis_tready: bypass.stageReady, m_axis_tlast: ece.last,
    m_axis_tuser: ece.bad,
  });
  v.comment(`ordered bypass (gen/queue/ordered-bypass.ts): a request that is not erasure coded is at the head of both FIFOs at
once (its output and scatter end together)`);
  v.assign('x_ready', bypass.inReady);
  const sc = bypass.declare(v);
  v.wire('sc_bad', 1, `${woEcenc} && ${ece.bad}`);
  v.wire('sc_fire', 1, `${sc.valid} && ${take}`);
  v.assign(woPop, bypass.leave);
}
