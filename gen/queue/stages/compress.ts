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

export function compressStage(c: QueueContext): string {
  const { p, W, comp, fifo, ENCF, xtsEnc, XUB, blockPadded, xtsInstance, xtsVerdicts } = c;
  const bypass = encryptFirstBypass(c);
  return `${p.compression === 'lz4' ? `wire [${8 * W - 1}:0] comp_data;
wire [${W - 1}:0] comp_keep;
wire        comp_valid, comp_last;
wire [1:0]  comp_verdict;
wire        comp_ready = out_ready && oo_valid && oo_comp;
${ENCF ? `// ---- Encrypt stage at the compressor's input (encryptAt 'before-compress', flag bit 2): the gathered plaintext
// (after the CRC, which takes it at the same time) is zero-padded to 16-byte blocks and encrypted; the ciphertext
// goes on to the compressor (opcode 3), which cannot shrink it, or (a copy) straight to the output
wire        fu_pop;
${fifo('fu', XUB, 'gather_first', 'e_xts_user', 'fu_pop', false, 'per gathered packet: the XTS request tuser')}
assign fu_pop = data_fire && in_last;
wire        xk_pop;
${fifo('xk', 1, 'gather_first && e_encrypt', 'e_compress', 'xk_pop', true, 'per request through the encrypt stage, leaving it: to the compressor (1) or the output (0)')}
wire        xk_comp = xk_head;
wire        ci_pop;
${fifo('ci', 1, 'gather_first && e_compress', 'e_encrypt', 'ci_pop', true, "per compressing request: the compressor's input comes from the encrypt stage", true)}
assign ci_xts = ci_head;
${blockPadded('in')}
${xtsInstance(xtsEnc!, 'encrypt', 'xf', 'enc', { data: 'in_data_zeroed', keep: 'in_keep_blocks', valid: 'in_valid && op_encf && crc_takes_input', last: 'in_last', user: 'fu_head' }, false)}
// ordered bypass (gen/queue/ordered-bypass.ts): the compressor's input, in request order: the stage's ciphertext
// or in_*; the stage's output goes to the compressor or (a copy) to the output side, as the xk FIFO says
${bypass.text}
assign xf_ready = xk_valid && (xk_comp ? ${bypass.stageReady} : out_ready && oo_valid && oo_xf);
wire        xf_fire = xf_valid && xf_ready;
assign xk_pop = xf_fire && xf_last;
assign ci_pop = ${bypass.leave};
// the engine's verdict per encrypting request (a slot out of range or without a key: an empty output)
${xtsVerdicts('xv', 'xf', 'encrypting')}
` : ''}${comp!.top} compressor (
    .clk(clk), .rst(rst),
    .s_axis_tdata(${ENCF ? 'comp_in_data' : 'in_data'}), .s_axis_tkeep(${ENCF ? 'comp_in_keep' : 'in_keep'}), .s_axis_tvalid(${ENCF ? 'comp_in_valid' : 'in_valid && op_compress && crc_takes_input'}),
    .s_axis_tready(comp_in_ready), .s_axis_tlast(${ENCF ? 'comp_in_last' : 'in_last'}),
    .m_axis_tdata(comp_data), .m_axis_tkeep(comp_keep), .m_axis_tvalid(comp_valid), .m_axis_tready(comp_ready),
    .m_axis_tlast(comp_last), .m_axis_tuser(comp_verdict)
);` : ''}
`;
}
