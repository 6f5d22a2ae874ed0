// Queue engine stage: The encrypt stage after the compressor (flag bit 2): outputs padded to whole blocks and
// encrypted, in request order.
import type { QueueContext } from './context.js';

export function encryptStage(c: QueueContext): string {
  const { W, fifo, ENC, ENCB, xtsEnc, blockPadded, xtsInstance, xtsVerdicts } = c;
  return `${ENCB ? `// ---- Encrypt stage (flag bit 2): an encrypting request's output (the gathered data or its LZ4 block) is
// zero-padded to whole 16-byte blocks and encrypted; other outputs pass straight through; x_* carries both on,
// in request order
wire        xw_pop;
${fifo('xw', ENC ? 2 : 1, 'oo_push', ENC ? '{e_encrypt, e_ec_encode}' : 'e_encrypt', 'xw_pop', true, `per scattering request, leaving the stage: {encrypted${ENC ? ', erasure coded' : ''}}`)}
wire        xw_encrypt = xw_head[${ENC ? 1 : 0}];${ENC ? '\nwire        x_ecenc = xw_head[0];' : ''}
${blockPadded('out')}
${xtsInstance(xtsEnc!, 'encrypt', 'xe', 'enc', { data: 'out_data_zeroed', keep: 'out_keep_blocks', valid: 'out_valid && oo_encrypt', last: 'out_last', user: 'oo_xts_user' })}
wire        x_ready;
// a bypassing output is at the head of both FIFOs at once (the outputs before it have left the engine)
assign out_ready = oo_encrypt ? xe_in_ready : x_ready && xw_valid && !xw_encrypt;
wire        x_valid = xw_valid && (xw_encrypt ? xe_valid : out_valid && !oo_encrypt);
wire [${8 * W - 1}:0] x_data = xw_encrypt ? xe_data : out_data;
wire [${W - 1}:0] x_keep = xw_encrypt ? xe_keep : out_keep;
wire        x_last = xw_encrypt ? xe_last : out_last;
assign xe_ready = xw_valid && xw_encrypt && x_ready;
wire        xe_fire = xe_valid && xe_ready;
assign xw_pop = x_valid && x_ready && x_last;
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
