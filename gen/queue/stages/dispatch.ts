// Queue engine stage: Dispatch: check the submission entry (status codes), walk its gather and scatter segments, and
// queue the request and its data path operations in order.
import { COMPRESS_MAX_BYTES, CRYPTO_CONTEXT, queueCompressMaxBytes } from '../../../src/spec/queue.js';
import { PackedRecord } from '../../core/localparams.js';
import { xtsRequestUserConcat } from '../../xts/params.js';
import { STATUS_BITS } from '../layout.js';
import type { QueueContext } from './context.js';

export function dispatchStage(c: QueueContext): void {
  const { p, W, QB, R, RB, fifo, ENC, REC, opFields, ENCR, DECR, CRYPT, XUB, lp, sqeField, flag, opcode, status, v } = c;
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
  v.comment('---- Dispatch: check the entry; issue its gathers and scatters, one command per cycle');
  const opc = v.wire('e_opcode', 8, sqeField('opcode'));
  const nsrc = v.wire('e_nsrc', 8, sqeField('sources'));
  const ndst = v.wire('e_ndst', 8, sqeField('destinations'));
  v.wire('e_cid', 16, sqeField('commandId'));
  const length = v.wire('e_length', 32, sqeField('length'));
  v.wire('e_verify', 1, flag('verify'), 'per-request option: verify the data against e_expected_crc');
  v.wire('e_expected_crc', 32, sqeField('expectedCrc'));
  const segAddr = v.wireArray('seg_addr', 64, lp.use('MAX_SEGMENTS'));
  const segLen = v.wireArray('seg_len', 32, 'MAX_SEGMENTS');
  v.block(`generate
    for (q = 0; q < MAX_SEGMENTS; q = q + 1) begin : segment
        assign ${segAddr}[q] = sqe[${lp.use('SQE_SEGMENTS')} + ${lp.use('SQE_SEGMENT_BITS')}*q + ${lp.use('SEG_ADDRESS')} +: 64];
        assign ${segLen}[q] = sqe[SQE_SEGMENTS + SQE_SEGMENT_BITS*q + ${lp.use('SEG_LENGTH')} +: 32];
    end
endgenerate`);
  let nseg!: ReturnType<typeof v.wire>;
  v.unused('the segment count: some uses read only its low bits', () => {
    nseg = v.wire('e_nseg', 9, `{1'b0, ${nsrc}} + {1'b0, ${ndst}}`);
  });
  v.comment('sums of the source and destination lengths, and whether any used segment is empty');
  const srcSum = v.reg('src_sum', 36);
  const dstSum = v.reg('dst_sum', 36);
  const segZero = v.reg('seg_zero', 1);
  v.block(`always @* begin : sums
    integer i;
    ${srcSum} = 36'd0;
    ${dstSum} = 36'd0;
    ${segZero} = 1'b0;
    for (i = 0; i < MAX_SEGMENTS; i = i + 1) begin
        if (i < ${nsrc}) ${srcSum} = ${srcSum} + {4'd0, ${segLen}[i]};
        else if (i < ${nseg}) ${dstSum} = ${dstSum} + {4'd0, ${segLen}[i]};
        if (i < ${nseg} && ${segLen}[i] == 32'd0) ${segZero} = 1'b1;
    end
end`);
  const compress = v.wire('e_compress', 1, p.compression === 'lz4' ? `${opc} == ${opcode('compress')}` : "1'b0", 'opcode 3: the compression stage');
  const decompress = v.wire('e_decompress', 1, p.decompression === 'lz4' ? `${opc} == ${opcode('decompress')}` : "1'b0", 'opcode 4: the decompression stage');
  const ec = v.wire('e_ec', 1, flag('erasureCoding'), 'per-request option: erasure coding');
  const ecEncode = ENC
    ? v.wire('e_ec_encode', 1, `${ec} && (${opc} == ${opcode('copy')} || ${compress})`)
    : v.wire('e_ec_encode', 1, "1'b0", 'no EC encode stage');
  const ecRec = REC ? v.wire('e_ec_rec', 1, `${ec} && ${decompress}`) : v.wire('e_ec_rec', 1, "1'b0", 'no EC reconstruct stage');
  const encFlag = v.wire('e_enc_flag', 1, flag('encrypt'), 'per-request option: encrypt (flag bit 2)');
  const decFlag = v.wire('e_dec_flag', 1, flag('decrypt'), 'per-request option: decrypt (flag bit 3)');
  let unitLog2 = 'e_unit_log2';
  let payload = 'e_payload';
  if (CRYPT) {
    v.comment("the crypto context, in the last segment's place");
    const dataUnit = v.wire('e_data_unit', 64, `sqe[${lp.use('SQE_DATA_UNIT')} +: 64]`);
    const keySlot = v.wire('e_key_slot', 8, `sqe[${lp.use('SQE_KEY_SLOT')} +: 8]`);
    unitLog2 = `${v.wire('e_unit_log2', 8, `sqe[${lp.use('SQE_DATA_UNIT_LOG2')} +: 8]`)}`;
    payload = `${v.wire('e_payload', 32, `sqe[${lp.use('SQE_PAYLOAD_BYTES')} +: 32]`)}`;
    v.comment("the XTS engines' request tuser: {first data unit, data-unit size in 16-byte blocks, key slot}");
    const unitBlocks = v.wire('e_unit_blocks', 16, `16'd1 << (${unitLog2} - 8'd4)`);
    v.wire('e_xts_user', XUB, xtsRequestUserConcat({ slot: `${keySlot}`, unitBlocks: `${unitBlocks}`, firstDataUnit: `${dataUnit}` }));
  }
  const encrypt = ENCR
    ? v.wire('e_encrypt', 1, `${encFlag} && !${decFlag} && (${opc} == ${opcode('copy')} || ${compress})`)
    : v.wire('e_encrypt', 1, "1'b0", 'no encrypt stage');
  const decrypt = DECR
    ? v.wire('e_decrypt', 1, `${decFlag} && !${encFlag} && !${ec} && (${opc} == ${opcode('copy')} || ${decompress})`)
    : v.wire('e_decrypt', 1, "1'b0", 'no decrypt stage');
  const crypt = v.wire('e_crypt', 1, `${encrypt} || ${decrypt}`);
  const cryptRefused = v.wire('e_crypt_refused', 1, `(${encFlag} && !${encrypt}) || (${decFlag} && !${decrypt})`);
  const contextBad = v.wire('e_context_bad', 1, CRYPT ? `${crypt} && (${unitLog2} < 8'd${Math.log2(W)} || ${unitLog2} > 8'd${CRYPTO_CONTEXT.maxDataUnitLog2}
                            || (${decrypt} && (${length}[3:0] != 4'd0 || ${payload} == 32'd0 || ${payload} > ${length}
                                              || {1'b0, ${payload}} + 33'd16 <= {1'b0, ${length}})))` : "1'b0");
  const variable = v.wire('e_variable', 1, `${compress} || ${decompress} || ${ecEncode} || ${crypt}`, 'output length known only at the end');
  // (an array in piece mode takes blocks up to what its pieces cover)
  const compressMax = queueCompressMaxBytes(p);
  const tooLong = compressMax === COMPRESS_MAX_BYTES ? `((${compress} || ${ecEncode}) && ${length} > 32'd${COMPRESS_MAX_BYTES})`
    : `((${compress} && ${length} > 32'd${compressMax}) || (${ecEncode} && ${length} > 32'd${COMPRESS_MAX_BYTES}))`;
  const st = v.wire('e_status', 4, `(${opc} != ${opcode('copy')} && ${opc} != ${opcode('crc32c')} && !${compress} && !${decompress}) ? ${status('invalidOpcode')}
                     : (${ec} && !${ecEncode} && !${ecRec}) ? ${status('noErasureCoding')}
                     : ${cryptRefused} ? ${status('badEncryption')}
                     : (${nsrc} == 8'd0 || ${nseg} > (${crypt} ? ${CRYPT ? `${lp.use('CRYPT_MAX_SEGMENTS')}[8:0]` : `9'd${CRYPTO_CONTEXT.maxSegments}`} : MAX_SEGMENTS[8:0]) || ((${opc} == OP_COPY || ${variable}) && ${ndst} == 8'd0)) ? ${status('segmentCounts')}
                     : (${length} == 32'd0 || ${segZero}) ? ${status('zeroLength')}
                     : (${srcSum} != {4'd0, ${length}} || (${ndst} != 8'd0 && !${variable} && ${dstSum} != {4'd0, ${length}})) ? ${status('lengthMismatch')}
                     : ${tooLong} ? ${status('tooLongToCompress')}
                     : ${contextBad} ? STATUS_BAD_ENCRYPTION : ${status('success')}`);
  v.comment(`gathers (read side) and scatters (write side) are issued by two walkers over the same entry, so that neither
side waits for the other: a scatter's bursts wait for data that only the gathers bring`);
  // g_seg_reg (the next source segment to issue) is declared by the fetch stage, which reads it first
  const sSeg = v.reg('s_seg_reg', 3, 'next destination segment to issue');
  const gDone = v.reg('g_done_reg', 1, "this entry's gathers are all issued");
  const sDone = v.reg('s_done_reg', 1, "this entry's scatters are all issued");
  const active = v.wire('disp_active', 1, 'sqe_valid');
  const ok = v.wire('disp_ok', 1, `${st} == STATUS_SUCCESS`);
  const lastSrc = v.wire('disp_last_src', 1, `{1'b0, g_seg_reg} + 4'd1 == ${nsrc}[3:0]`);
  const sIndex = v.wire('s_index', 4, `${nsrc}[3:0] + {1'b0, ${sSeg}}`);
  const lastDst = v.wire('disp_last_dst', 1, `${sIndex} + 4'd1 == ${nseg}[3:0]`);
  const reqSpace = v.wire('req_space', 1, undefined, 'room in the in-order request FIFOs');
  v.assign('gather_cmd_valid', `${active} && ${ok} && !${gDone}`);
  v.assign('gather_cmd', `{8'd0, 7'd0, ${lastSrc}, 16'd0, ${segLen}[g_seg_reg], ${segAddr}[g_seg_reg]}`);
  const scatterValid = v.wire('scatter_cmd_valid', 1, `${active} && ${ok} && !${sDone} && ${ndst} != 8'd0`);
  const scatterGo = v.wire('scatter_go', 1, undefined, 'a destination segment into the scatter FIFO');
  const gFinished = v.wire('g_finished', 1, `${gDone} || (gather_go && ${lastSrc})`);
  const sFinished = v.wire('s_finished', 1, `${sDone} || ${ndst} == 8'd0 || (${scatterGo} && ${lastDst})`);
  const done = v.wire('disp_done', 1, `${active} && ${reqSpace} && (!${ok} || (${gFinished} && ${sFinished}))`);
  v.assign('dispatch_take', `${done}`);
  v.block(`always @(posedge clk) begin
    if (gather_go) g_seg_reg <= g_seg_reg + 3'd1;
    if (${scatterGo}) ${sSeg} <= ${sSeg} + 3'd1;
    if (gather_go && ${lastSrc}) ${gDone} <= 1'b1;
    if (${scatterGo} && ${lastDst}) ${sDone} <= 1'b1;
    if (${done} || rst) begin
        g_seg_reg  <= 3'd0;
        ${sSeg}  <= 3'd0;
        ${gDone} <= 1'b0;
        ${sDone} <= 1'b0;
    end
end`);
  v.assign('fr_pop', `${done}`);
  v.comment(`the scatter walker queues destination segments for the DMA write side (room for two per request in flight),
so an entry is dispatched, and its gathers go, while the write side still waits for older requests' data`);
  const sgPop = v.wire('sg_pop', 1);
  const sg = v.fifo({
    name: 'sg', width: 98, depthBits: RB + 1, push: `${scatterGo}`, pop: `${sgPop}`, count: true,
    data: `{${sSeg} == 3'd0, ${lastDst}, ${segLen}[${sIndex}[2:0]], ${segAddr}[${sIndex}[2:0]]}`,
    what: 'destination segments in request order: {first of its request, last of its request, length, address}',
  });
  v.assign(scatterGo, `${scatterValid} && ${sg.count!} != ${RB + 2}'d${2 * R}`);
  v.wire('sg_first', 1, `${sg.head}[97]`);
  v.wire('sg_last', 1, `${sg.head}[96]`);
  v.wire('sg_segment', 96, `${sg.head}[95:0]`);
  v.blank();

  v.comment(`requests in order: {queue, ${CRYPT ? 'encrypt, decrypt, ' : ''}command id, submission head, status, scatters, moves data, reconstruct, variable, capacity,
verify, expected CRC}`);
  const rqPop = v.wire('rq_pop', 1);
  const rqFifo = fifo('rq', rq.width, `${done}`, rq.pack(), `${rqPop}`, true, 'dispatched requests, in order');
  v.assign(reqSpace, `${rqFifo.count!} != ${RB + 1}'d${R}`);
  rq.unpack(v, rqFifo.head);
  v.blank();

  const opPop = v.wire('op_pop', 1);
  const op = fifo('op', opFields.length, 'gather_first', `{${opFields.map((f) => f.set).join(', ')}}`, `${opPop}`, false,
    `data path operations, in order of the gathered packets: {${opFields.map((f) => f.what).join(', ')}}`);
  opFields.forEach((f, i) => v.wire(`op_${f.name}`, 1, op.head.bit(opFields.length - 1 - i)));
  if (p.compression !== 'lz4') v.wire('op_compress', 1, "1'b0", 'no compression stage');
  if (p.decompression !== 'lz4') v.wire('op_decompress', 1, "1'b0", 'no decompression stage');
  v.blank();
}
