// Queue engine stage: The encrypt stage after the compressor (flag bit 2): outputs padded to whole blocks and
// encrypted, in request order.
import { orderedBypass } from '../ordered-bypass.js';
import type { QueueContext } from './context.js';

export function encryptStage(c: QueueContext): void {
  const { W, fifo, ENC, ENCB, xtsEnc, blockPadded, xtsInstance, xtsVerdicts, v } = c;
  if (!ENCB) {
    v.comment('no encrypt stage: the output goes straight on');
    v.wire('x_valid', 1, 'out_valid');
    v.wire('x_data', 8 * W, 'out_data');
    v.wire('x_keep', W, 'out_keep');
    v.wire('x_last', 1, 'out_last');
    const ready = v.wire('x_ready', 1);
    v.assign('out_ready', `${ready}`);
    if (ENC) v.wire('x_ecenc', 1, 'oo_ecenc');
    return;
  }
  // encrypting outputs through the XTS engine, the others around it, in request order
  const bypass = orderedBypass({
    out: 'x', dataBytes: W,
    input: { valid: 'out_valid', data: 'out_data', keep: 'out_keep', last: 'out_last' },
    through: 'oo_encrypt',
    stage: { inReady: 'xe_in_ready', valid: 'xe_valid', data: 'xe_data', keep: 'xe_keep', last: 'xe_last' },
    leaving: { valid: 'xw_valid', through: 'xw_encrypt' },
    downReady: 'x_ready',
  });
  v.comment(`---- Encrypt stage (flag bit 2): an encrypting request's output (the gathered data or its LZ4 block) is
zero-padded to whole 16-byte blocks and encrypted; other outputs pass straight through; x_* carries both on,
in request order`);
  const xwPop = v.wire('xw_pop', 1);
  const xw = fifo('xw', ENC ? 2 : 1, 'oo_push', ENC ? '{e_encrypt, e_ec_encode}' : 'e_encrypt', `${xwPop}`, true,
    `per scattering request, leaving the stage: {encrypted${ENC ? ', erasure coded' : ''}}`);
  v.wire('xw_encrypt', 1, `${xw.head}[${ENC ? 1 : 0}]`);
  if (ENC) v.wire('x_ecenc', 1, `${xw.head}[0]`);
  const padded = blockPadded('out');
  const xe = xtsInstance(xtsEnc!, 'encrypt', 'xe', 'enc',
    { data: `${padded.data}`, keep: `${padded.keep}`, valid: bypass.stageInValid, last: 'out_last', user: 'oo_xts_user' });
  v.wire('x_ready', 1);
  v.comment('ordered bypass (gen/queue/ordered-bypass.ts): an output going around is at the head of both FIFOs at once');
  v.assign('out_ready', bypass.inReady);
  bypass.declare(v);
  v.assign(xe.ready, bypass.stageReady);
  v.wire('xe_fire', 1, `${xe.valid} && ${xe.ready}`);
  v.assign(xwPop, bypass.leave);
  v.comment("the engine's verdict per encrypting request (a slot out of range or without a key: an empty output)");
  xtsVerdicts('xv', 'xe', 'encrypting');
}
