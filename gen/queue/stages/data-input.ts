// Queue engine stage: The data path input: the gathered stream, decrypted first when a request asks (flag bit 3), in
// request order.
import { orderedBypass } from '../ordered-bypass.js';
import type { QueueContext } from './context.js';

export function dataInputStage(c: QueueContext): void {
  const { W, LW, fifo, DECR, xtsDec, XUB, xtsInstance, xtsVerdicts, v } = c;
  v.comment(`---- Data path: the gathered packet through the CRC32C engine and on to the scatter, directly or (opcode 3)
through the LZ4 compressor; or (opcode 4) through the LZ4 decompressor first, the CRC32C then being of its
output. Output packets leave in request order (an output-side FIFO of the scattering requests says where
the next comes from); the CRC engine's input follows the requests in order too.`);
  v.wire('crc_in_ready', 1);
  v.wire('out_ready', 1, undefined, 'the write side takes a scatter beat now');
  const gFire = v.wire('g_fire', 1, 'rd_valid && rd_is_data && gathered_ready', 'a gathered beat taken');
  if (!DECR) {
    v.comment('no decrypt stage: the gathered stream goes straight on');
    v.wire('in_valid', 1, 'rd_valid && rd_is_data');
    v.wire('in_data', 8 * W, 'rd_data');
    v.wire('in_keep', W, 'rd_keep');
    v.wire('in_last', 1, 'rd_last');
    v.assign('gathered_ready', 'data_in_ready');
    return;
  }
  // decrypting packets through the XTS engine, the others around it, in request order
  const bypass = orderedBypass({
    out: 'in', dataBytes: W,
    input: { valid: 'rd_valid && rd_is_data', data: 'rd_data', keep: 'rd_keep', last: 'rd_last' },
    through: 'fd_decrypt', throughKnown: 'fd_valid',
    stage: { inReady: 'xd_in_ready', valid: 'xd_valid', data: 'xd_data', keep: 'xd_keep_trim', last: 'xd_last' },
    leaving: { valid: 'fo_valid', through: 'fo_decrypt' },
    downReady: 'data_in_ready',
  });
  v.comment(`---- Decrypt stage (flag bit 3): a decrypting request's gathered ciphertext passes the XTS decrypt engine and
is trimmed to its payload bytes; other packets pass straight through; in_* carries both on, in request order`);
  const fdPop = v.wire('fd_pop', 1);
  const foPop = v.wire('fo_pop', 1);
  const fd = fifo('fd', 1 + XUB, 'gather_first', '{e_decrypt, e_xts_user}', `${fdPop}`, true, 'per gathered packet, entering the stage: {decrypt, XTS request tuser}');
  v.wire('fd_decrypt', 1, `${fd.head}[${XUB}]`);
  const fdUser = v.wire('fd_user', XUB, `${fd.head}[${XUB - 1}:0]`);
  const fo = fifo('fo', 33, 'gather_first', '{e_decrypt, e_payload}', `${foPop}`, true, 'per gathered packet, leaving the stage: {decrypt, payload bytes}');
  v.wire('fo_decrypt', 1, `${fo.head}[32]`);
  const payload = v.wire('fo_payload', 32, `${fo.head}[31:0]`);
  const xd = xtsInstance(xtsDec!, 'decrypt', 'xd', 'dec', { data: 'rd_data', keep: 'rd_keep', valid: bypass.stageInValid, last: 'rd_last', user: `${fdUser}` });
  v.comment('ordered bypass (gen/queue/ordered-bypass.ts): a packet going around is at the head of both FIFOs at once');
  v.assign('gathered_ready', bypass.inReady);
  v.assign(fdPop, `${gFire} && rd_last`);
  v.comment('trim: the plaintext is the payload; only the last beat (whose 16-byte blocks hold the payload\'s end) is cut');
  const bytes = v.reg('xd_bytes_reg', 32, 'bytes of the packet passed on so far (whole beats)');
  const left = v.wire('xd_left', 32, `${payload} - ${bytes}`);
  v.wire('xd_keep_trim', W, `${left} >= 32'd${W} ? ${xd.keep} : ${xd.keep} & ~({${W}{1'b1}} << ${left}[${LW - 1}:0])`);
  bypass.declare(v);
  v.assign(xd.ready, bypass.stageReady);
  const xdFire = v.wire('xd_fire', 1, `${xd.valid} && ${xd.ready}`);
  v.assign(foPop, bypass.leave);
  v.block(`always @(posedge clk) begin
    if (${xdFire}) ${bytes} <= ${xd.last} ? 32'd0 : ${bytes} + 32'd${W};
    if (rst) ${bytes} <= 32'd0;
end`);
  v.comment('the engine\'s verdict per decrypting request (a slot out of range or without a key), for its completion');
  xtsVerdicts('dv', 'xd', 'decrypting');
}
