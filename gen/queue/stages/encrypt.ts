// Queue engine stage: The encrypt stage after the compressor (flag bit 2): outputs padded to whole blocks and
// encrypted, in request order.
import { orderedBypass } from '../ordered-bypass.js';
import type { QueueContext } from './context.js';

export function encryptStage(c: QueueContext): string {
  const { W, fifo, ENC, ENCB, xtsEnc, blockPadded, xtsInstance, xtsVerdicts } = c;
  // encrypting outputs through the XTS engine, the others around it, in request order
  const bypass = orderedBypass({
    out: 'x', dataBytes: W,
    input: { valid: 'out_valid', data: 'out_data', keep: 'out_keep', last: 'out_last' },
    through: 'oo_encrypt',
    stage: { inReady: 'xe_in_ready', valid: 'xe_valid', data: 'xe_data', keep: 'xe_keep', last: 'xe_last' },
    leaving: { valid: 'xw_valid', through: 'xw_encrypt' },
    downReady: 'x_ready',
  });
  return `${ENCB ? `// ---- Encrypt stage (flag bit 2): an encrypting request's output (the gathered data or its LZ4 block) is
// zero-padded to whole 16-byte blocks and encrypted; other outputs pass straight through; x_* carries both on,
// in request order
wire        xw_pop;
${fifo('xw', ENC ? 2 : 1, 'oo_push', ENC ? '{e_encrypt, e_ec_encode}' : 'e_encrypt', 'xw_pop', true, `per scattering request, leaving the stage: {encrypted${ENC ? ', erasure coded' : ''}}`)}
wire        xw_encrypt = xw_head[${ENC ? 1 : 0}];${ENC ? '\nwire        x_ecenc = xw_head[0];' : ''}
${blockPadded('out')}
${xtsInstance(xtsEnc!, 'encrypt', 'xe', 'enc', { data: 'out_data_zeroed', keep: 'out_keep_blocks', valid: bypass.stageInValid, last: 'out_last', user: 'oo_xts_user' })}
wire        x_ready;
// ordered bypass (gen/queue/ordered-bypass.ts): an output going around is at the head of both FIFOs at once
assign out_ready = ${bypass.inReady};
${bypass.text}
assign xe_ready = ${bypass.stageReady};
wire        xe_fire = xe_valid && xe_ready;
assign xw_pop = ${bypass.leave};
// the engine's verdict per encrypting request (a slot out of range or without a key: an empty output)
${xtsVerdicts('xv', 'xe', 'encrypting')}
` : `// no encrypt stage: the output goes straight on
wire        x_valid = out_valid;
wire [${8 * W - 1}:0] x_data = out_data;
wire [${W - 1}:0] x_keep = out_keep;
wire        x_last = out_last;
wire        x_ready;
assign out_ready = x_ready;${ENC ? '\nwire        x_ecenc = oo_ecenc;' : ''}
`}`;
}
