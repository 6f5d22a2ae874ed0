// Queue engine stage: The write path compressor (opcode 3), with the encrypt stage at its input when encryptAt is
// before-compress.
import { orderedBypass, type OrderedBypass } from '../ordered-bypass.js';
import type { QueueContext } from './context.js';

/**
 * With the encrypt stage at the compressor's input: compressing requests that encrypt come to the compressor
 * through the stage, the others around it, in order (the stage's output for copies goes to the output side).
 */
export function encryptFirstBypass(c: QueueContext): OrderedBypass {
  return orderedBypass({
    out: 'comp_in', dataBytes: c.W,
    input: { valid: 'in_valid && op_compress', data: 'in_data', keep: 'in_keep', last: 'in_last' },
    through: 'op_encf', throughKnown: 'crc_takes_input',
    stage: { inReady: 'xf_in_ready', valid: 'xf_valid && xk_valid && xk_comp', data: 'xf_data', keep: 'xf_keep', last: 'xf_last' },
    leaving: { valid: 'ci_valid', through: 'ci_xts' },
    downReady: 'comp_in_ready',
  });
}

export function compressStage(c: QueueContext): void {
  const { p, W, comp, fifo, ENCF, xtsEnc, XUB, blockPadded, xtsInstance, xtsVerdicts, v } = c;
  if (p.compression !== 'lz4') return;
  const data = v.wire('comp_data', 8 * W);
  const keep = v.wire('comp_keep', W);
  const valid = v.wire('comp_valid', 1);
  const last = v.wire('comp_last', 1);
  const verdict = v.wire('comp_verdict', 2);
  const ready = v.wire('comp_ready', 1, 'out_ready && oo_valid && oo_comp');
  let input = { data: 'in_data', keep: 'in_keep', valid: 'in_valid && op_compress && crc_takes_input', last: 'in_last' };
  if (ENCF) {
    const bypass = encryptFirstBypass(c);
    v.comment(`---- Encrypt stage at the compressor's input (encryptAt 'before-compress', flag bit 2): the gathered plaintext
(after the CRC, which takes it at the same time) is zero-padded to 16-byte blocks and encrypted; the ciphertext
goes on to the compressor (opcode 3), which cannot shrink it, or (a copy) straight to the output`);
    const fuPop = v.wire('fu_pop', 1);
    const fu = fifo('fu', XUB, 'gather_first', 'e_xts_user', `${fuPop}`, false, 'per gathered packet: the XTS request tuser');
    v.assign(fuPop, 'data_fire && in_last');
    const xkPop = v.wire('xk_pop', 1);
    const xk = fifo('xk', 1, 'gather_first && e_encrypt', 'e_compress', `${xkPop}`, true,
      'per request through the encrypt stage, leaving it: to the compressor (1) or the output (0)');
    const xkComp = v.wire('xk_comp', 1, `${xk.head}`);
    const ciPop = v.wire('ci_pop', 1);
    const ci = fifo('ci', 1, 'gather_first && e_compress', 'e_encrypt', `${ciPop}`, true,
      "per compressing request: the compressor's input comes from the encrypt stage", v.get('ci_valid'));
    v.assign('ci_xts', `${ci.head}`);
    const padded = blockPadded('in');
    const xf = xtsInstance(xtsEnc!, 'encrypt', 'xf', 'enc',
      { data: `${padded.data}`, keep: `${padded.keep}`, valid: 'in_valid && op_encf && crc_takes_input', last: 'in_last', user: `${fu.head}` },
      v.get('xf_in_ready'));
    v.comment(`ordered bypass (gen/queue/ordered-bypass.ts): the compressor's input, in request order: the stage's ciphertext
or in_*; the stage's output goes to the compressor or (a copy) to the output side, as the xk FIFO says`);
    const merged = bypass.declare(v);
    v.assign(xf.ready, `${xk.valid} && (${xkComp} ? ${bypass.stageReady} : out_ready && oo_valid && oo_xf)`);
    const xfFire = v.wire('xf_fire', 1, `${xf.valid} && ${xf.ready}`);
    v.assign(xkPop, `${xfFire} && ${xf.last}`);
    v.assign(ciPop, bypass.leave);
    v.comment("the engine's verdict per encrypting request (a slot out of range or without a key: an empty output)");
    xtsVerdicts('xv', 'xf', 'encrypting');
    input = { data: `${merged.data}`, keep: `${merged.keep}`, valid: `${merged.valid}`, last: `${merged.last}` };
  }
  v.instance(comp!.top, 'compressor', {
    clk: 'clk', rst: 'rst',
    s_axis_tdata: input.data, s_axis_tkeep: input.keep, s_axis_tvalid: input.valid, s_axis_tready: 'comp_in_ready',
    s_axis_tlast: input.last,
    m_axis_tdata: data, m_axis_tkeep: keep, m_axis_tvalid: valid, m_axis_tready: ready, m_axis_tlast: last,
    m_axis_tuser: verdict,
  });
}
