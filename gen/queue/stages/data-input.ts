// Queue engine stage: The data path input: the gathered stream, decrypted first when a request asks (flag bit 3), in
// request order.
import { orderedBypass } from '../ordered-bypass.js';
import type { QueueContext } from './context.js';

export function dataInputStage(c: QueueContext): string {
  const { W, LW, dec, fifo, DECR, xtsDec, XUB, xtsInstance, xtsVerdicts } = c;
  // decrypting packets through the XTS engine, the others around it, in request order
  const bypass = orderedBypass({
    out: 'in', dataBytes: W,
    input: { valid: 'rd_valid && rd_is_data', data: 'rd_data', keep: 'rd_keep', last: 'rd_last' },
    through: 'fd_decrypt', throughKnown: 'fd_valid',
    stage: { inReady: 'xd_in_ready', valid: 'xd_valid', data: 'xd_data', keep: 'xd_keep_trim', last: 'xd_last' },
    leaving: { valid: 'fo_valid', through: 'fo_decrypt' },
    downReady: 'data_in_ready',
  });
  return `// ---- Data path: the gathered packet through the CRC32C engine and on to the scatter, directly or (opcode 3)
// through the LZ4 compressor; or (opcode 4) through the LZ4 decompressor first, the CRC32C then being of its
// output. Output packets leave in request order (an output-side FIFO of the scattering requests says where
// the next comes from); the CRC engine's input follows the requests in order too.
wire        crc_in_ready;
wire        out_ready;                   // the write side takes a scatter beat now
wire        g_fire = rd_valid && rd_is_data && gathered_ready;   // a gathered beat taken
${DECR ? `// ---- Decrypt stage (flag bit 3): a decrypting request's gathered ciphertext passes the XTS decrypt engine and
// is trimmed to its payload bytes; other packets pass straight through; in_* carries both on, in request order
wire        fd_pop, fo_pop;
${fifo('fd', 1 + XUB, 'gather_first', '{e_decrypt, e_xts_user}', 'fd_pop', true, 'per gathered packet, entering the stage: {decrypt, XTS request tuser}')}
wire        fd_decrypt = fd_head[${XUB}];
wire [${XUB - 1}:0] fd_user = fd_head[${XUB - 1}:0];
${fifo('fo', 33, 'gather_first', '{e_decrypt, e_payload}', 'fo_pop', true, 'per gathered packet, leaving the stage: {decrypt, payload bytes}')}
wire        fo_decrypt = fo_head[32];
wire [31:0] fo_payload = fo_head[31:0];
${xtsInstance(xtsDec!, 'decrypt', 'xd', 'dec', { data: 'rd_data', keep: 'rd_keep', valid: bypass.stageInValid, last: 'rd_last', user: 'fd_user' })}
// ordered bypass (gen/queue/ordered-bypass.ts): a packet going around is at the head of both FIFOs at once
assign gathered_ready = ${bypass.inReady};
assign fd_pop = g_fire && rd_last;
// trim: the plaintext is the payload; only the last beat (whose 16-byte blocks hold the payload's end) is cut
reg  [31:0] xd_bytes_reg;                // bytes of the packet passed on so far (whole beats)
wire [31:0] xd_left = fo_payload - xd_bytes_reg;
wire [${W - 1}:0] xd_keep_trim = xd_left >= 32'd${W} ? xd_keep : xd_keep & ~({${W}{1'b1}} << xd_left[${LW - 1}:0]);
${bypass.text}
assign xd_ready = ${bypass.stageReady};
wire        xd_fire = xd_valid && xd_ready;
assign fo_pop = ${bypass.leave};
always @(posedge clk) begin
    if (xd_fire) xd_bytes_reg <= xd_last ? 32'd0 : xd_bytes_reg + 32'd${W};
    if (rst) xd_bytes_reg <= 32'd0;
end
// the engine's verdict per decrypting request (a slot out of range or without a key), for its completion
${xtsVerdicts('dv', 'xd', 'decrypting')}
` : `// no decrypt stage: the gathered stream goes straight on
wire        in_valid = rd_valid && rd_is_data;
wire [${8 * W - 1}:0] in_data = rd_data;
wire [${W - 1}:0] in_keep = rd_keep;
wire        in_last = rd_last;
assign gathered_ready = data_in_ready;
`}`;
}
