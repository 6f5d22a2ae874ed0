// Queue engine stage: Dispatch: check the submission entry (status codes), walk its gather and scatter segments, and
// queue the request and its data path operations in order.
import { COMPRESS_MAX_BYTES, CRYPTO_CONTEXT } from '../../../src/spec/queue.js';
import { PackedRecord } from '../../core/localparams.js';
import { xtsRequestUserConcat } from '../../xts/params.js';
import { STATUS_BITS } from '../layout.js';
import type { QueueContext } from './context.js';

export function dispatchStage(c: QueueContext): string {
  const { p, W, QB, R, RB, fifo, ENC, REC, opFields, ENCR, DECR, CRYPT, XUB, lp, sqeField, flag, opcode, status } = c;
  // the per-request record the completion needs, in request order
  const rq = new PackedRecord('rq', [
    { name: 'queue', bits: QB, value: 'fr_queue' },
    ...(CRYPT ? [{ name: 'enc', bits: 1, value: 'disp_ok && e_encrypt' }, { name: 'dec', bits: 1, value: 'disp_ok && e_decrypt' }] : []),
    { name: 'cid', bits: 16, value: 'e_cid' },
    { name: 'sqHead', bits: 16, value: 'fr_head' },
    { name: 'status', bits: STATUS_BITS, value: 'e_status' },
    { name: 'scatters', bits: 1, value: "disp_ok && e_ndst != 8'd0" },
    { name: 'moves', bits: 1, value: 'disp_ok' },
    { name: 'rec', bits: 1, value: 'disp_ok && e_ec_rec' },
    { name: 'variable', bits: 1, value: 'e_variable' },
    { name: 'capacity', bits: 32, value: 'dst_sum[31:0]' },
    { name: 'verify', bits: 1, value: 'e_verify' },
    { name: 'expectedCrc', bits: 32, value: 'e_expected_crc' },
  ], lp, 'Dispatched requests (an rq FIFO entry)');
  return `// ---- Dispatch: check the entry; issue its gathers and scatters, one command per cycle
wire [7:0]  e_opcode = ${sqeField('opcode')};
wire [7:0]  e_nsrc = ${sqeField('sources')};
wire [7:0]  e_ndst = ${sqeField('destinations')};
wire [15:0] e_cid = ${sqeField('commandId')};
wire [31:0] e_length = ${sqeField('length')};
wire        e_verify = ${flag('verify')};           // per-request option: verify the data against e_expected_crc
wire [31:0] e_expected_crc = ${sqeField('expectedCrc')};
wire [63:0] seg_addr [0:${lp.use('MAX_SEGMENTS')}-1];
wire [31:0] seg_len [0:MAX_SEGMENTS-1];
generate
    for (q = 0; q < MAX_SEGMENTS; q = q + 1) begin : segment
        assign seg_addr[q] = sqe[${lp.use('SQE_SEGMENTS')} + ${lp.use('SQE_SEGMENT_BITS')}*q + ${lp.use('SEG_ADDRESS')} +: 64];
        assign seg_len[q] = sqe[SQE_SEGMENTS + SQE_SEGMENT_BITS*q + ${lp.use('SEG_LENGTH')} +: 32];
    end
endgenerate
/* verilator lint_off UNUSEDSIGNAL */
wire [8:0]  e_nseg = {1'b0, e_nsrc} + {1'b0, e_ndst};
/* verilator lint_on UNUSEDSIGNAL */
// sums of the source and destination lengths, and whether any used segment is empty
reg  [35:0] src_sum, dst_sum;
reg         seg_zero;
always @* begin : sums
    integer i;
    src_sum = 36'd0;
    dst_sum = 36'd0;
    seg_zero = 1'b0;
    for (i = 0; i < MAX_SEGMENTS; i = i + 1) begin
        if (i < e_nsrc) src_sum = src_sum + {4'd0, seg_len[i]};
        else if (i < e_nseg) dst_sum = dst_sum + {4'd0, seg_len[i]};
        if (i < e_nseg && seg_len[i] == 32'd0) seg_zero = 1'b1;
    end
end
wire        e_compress = ${p.compression === 'lz4' ? `e_opcode == ${opcode('compress')}` : "1'b0"};  // opcode 3: the compression stage
wire        e_decompress = ${p.decompression === 'lz4' ? `e_opcode == ${opcode('decompress')}` : "1'b0"};  // opcode 4: the decompression stage
wire        e_ec = ${flag('erasureCoding')};               // per-request option: erasure coding
wire        e_ec_encode = ${ENC ? `e_ec && (e_opcode == ${opcode('copy')} || e_compress)` : "1'b0  /* no EC encode stage */"};
wire        e_ec_rec = ${REC ? 'e_ec && e_decompress' : "1'b0  /* no EC reconstruct stage */"};
wire        e_enc_flag = ${flag('encrypt')};         // per-request option: encrypt (flag bit 2)
wire        e_dec_flag = ${flag('decrypt')};         // per-request option: decrypt (flag bit 3)
${CRYPT ? `// the crypto context, in the last segment's place
wire [63:0] e_data_unit = sqe[${lp.use('SQE_DATA_UNIT')} +: 64];
wire [7:0]  e_key_slot = sqe[${lp.use('SQE_KEY_SLOT')} +: 8];
wire [7:0]  e_unit_log2 = sqe[${lp.use('SQE_DATA_UNIT_LOG2')} +: 8];
wire [31:0] e_payload = sqe[${lp.use('SQE_PAYLOAD_BYTES')} +: 32];
// the XTS engines' request tuser: {first data unit, data-unit size in 16-byte blocks, key slot}
wire [15:0] e_unit_blocks = 16'd1 << (e_unit_log2 - 8'd4);
wire [${XUB - 1}:0] e_xts_user = ${xtsRequestUserConcat({ slot: 'e_key_slot', unitBlocks: 'e_unit_blocks', firstDataUnit: 'e_data_unit' })};
` : ''}wire        e_encrypt = ${ENCR ? `e_enc_flag && !e_dec_flag && (e_opcode == ${opcode('copy')} || e_compress)` : "1'b0  /* no encrypt stage */"};
wire        e_decrypt = ${DECR ? `e_dec_flag && !e_enc_flag && !e_ec && (e_opcode == ${opcode('copy')} || e_decompress)` : "1'b0  /* no decrypt stage */"};
wire        e_crypt = e_encrypt || e_decrypt;
wire        e_crypt_refused = (e_enc_flag && !e_encrypt) || (e_dec_flag && !e_decrypt);
wire        e_context_bad = ${CRYPT ? `e_crypt && (e_unit_log2 < 8'd${Math.log2(W)} || e_unit_log2 > 8'd${CRYPTO_CONTEXT.maxDataUnitLog2}
                            || (e_decrypt && (e_length[3:0] != 4'd0 || e_payload == 32'd0 || e_payload > e_length
                                              || {1'b0, e_payload} + 33'd16 <= {1'b0, e_length})))` : "1'b0"};
wire        e_variable = e_compress || e_decompress || e_ec_encode || e_crypt;   // output length known only at the end
wire [3:0]  e_status = (e_opcode != ${opcode('copy')} && e_opcode != ${opcode('crc32c')} && !e_compress && !e_decompress) ? ${status('invalidOpcode')}
                     : (e_ec && !e_ec_encode && !e_ec_rec) ? ${status('noErasureCoding')}
                     : e_crypt_refused ? ${status('badEncryption')}
                     : (e_nsrc == 8'd0 || e_nseg > (e_crypt ? ${CRYPT ? `${lp.use('CRYPT_MAX_SEGMENTS')}[8:0]` : `9'd${CRYPTO_CONTEXT.maxSegments}`} : MAX_SEGMENTS[8:0]) || ((e_opcode == OP_COPY || e_variable) && e_ndst == 8'd0)) ? ${status('segmentCounts')}
                     : (e_length == 32'd0 || seg_zero) ? ${status('zeroLength')}
                     : (src_sum != {4'd0, e_length} || (e_ndst != 8'd0 && !e_variable && dst_sum != {4'd0, e_length})) ? ${status('lengthMismatch')}
                     : ((e_compress || e_ec_encode) && e_length > 32'd${COMPRESS_MAX_BYTES}) ? ${status('tooLongToCompress')}
                     : e_context_bad ? STATUS_BAD_ENCRYPTION : ${status('success')};
// gathers (read side) and scatters (write side) are issued by two walkers over the same entry, so that neither
// side waits for the other: a scatter's bursts wait for data that only the gathers bring
reg  [2:0]  g_seg_reg, s_seg_reg;        // next source / destination segment to issue
reg         g_done_reg, s_done_reg;      // this entry's gathers / scatters are all issued
wire        disp_active = sqe_valid;
wire        disp_ok = e_status == STATUS_SUCCESS;
wire        disp_last_src = {1'b0, g_seg_reg} + 4'd1 == e_nsrc[3:0];
wire [3:0]  s_index = e_nsrc[3:0] + {1'b0, s_seg_reg};
wire        disp_last_dst = s_index + 4'd1 == e_nseg[3:0];
wire        req_space;                   // room in the in-order request FIFOs
assign gather_cmd_valid = disp_active && disp_ok && !g_done_reg;
assign gather_cmd = {8'd0, 7'd0, disp_last_src, 16'd0, seg_len[g_seg_reg], seg_addr[g_seg_reg]};
wire        scatter_cmd_valid = disp_active && disp_ok && !s_done_reg && e_ndst != 8'd0;
wire        scatter_go;
wire        g_finished = g_done_reg || (gather_go && disp_last_src);
wire        s_finished = s_done_reg || e_ndst == 8'd0 || (scatter_go && disp_last_dst);
wire        disp_done = disp_active && req_space && (!disp_ok || (g_finished && s_finished));
assign dispatch_take = disp_done;
always @(posedge clk) begin
    if (gather_go) g_seg_reg <= g_seg_reg + 3'd1;
    if (scatter_go) s_seg_reg <= s_seg_reg + 3'd1;
    if (gather_go && disp_last_src) g_done_reg <= 1'b1;
    if (scatter_go && disp_last_dst) s_done_reg <= 1'b1;
    if (disp_done || rst) begin
        g_seg_reg  <= 3'd0;
        s_seg_reg  <= 3'd0;
        g_done_reg <= 1'b0;
        s_done_reg <= 1'b0;
    end
end
assign fr_pop = disp_done;

// requests in order: {queue, ${CRYPT ? 'encrypt, decrypt, ' : ''}command id, submission head, status, scatters, moves data, reconstruct, variable, capacity,
// verify, expected CRC}
wire        rq_pop;
${fifo('rq', rq.width, 'disp_done', rq.pack(), 'rq_pop', true, 'dispatched requests, in order')}
assign req_space = rq_count_reg != ${RB + 1}'d${R};
${rq.unpack('rq_head')}

wire        op_pop;
${fifo('op', opFields.length, 'gather_first', `{${opFields.map((f) => f.set).join(', ')}}`, 'op_pop', false,
    `data path operations, in order of the gathered packets: {${opFields.map((f) => f.what).join(', ')}}`)}
${opFields.map((f, i) => `wire        op_${f.name} = op_head[${opFields.length - 1 - i}];`).join('\n')}${p.compression === 'lz4' ? '' : "\nwire        op_compress = 1'b0;  // no compression stage"}${p.decompression === 'lz4' ? '' : "\nwire        op_decompress = 1'b0;  // no decompression stage"}

`;
}
