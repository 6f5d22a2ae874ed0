// Queue engine stage: The read path stages: EC reconstruct (flag bit 1 on opcode 4) and the LZ4 decompressor, whose
// output feeds the CRC and the scatter.
import { orderedBypass, type OrderedBypass } from '../ordered-bypass.js';
import type { QueueContext } from './context.js';

/** Reconstructing requests through the stripe stage before the decompressor, the others around it, in order. */
export function reconstructBypass(c: QueueContext): OrderedBypass {
  return orderedBypass({
    out: 'dec_in', dataBytes: c.W,
    input: { valid: 'in_valid && op_decompress', data: 'in_data', keep: 'in_keep', last: 'in_last' },
    through: 'op_rec',
    stage: { inReady: 'rec_in_ready', valid: 'rec_valid', data: 'rec_data', keep: 'rec_keep', last: 'rec_last' },
    leaving: { through: 'di_rec' },
    downReady: 'dec_in_ready',
  });
}

export function decompressStage(c: QueueContext): string {
  const { p, W, dec, fifo, REC, ecRec } = c;
  const bypass = reconstructBypass(c);
  return `${p.decompression === 'lz4' ? `wire [${8 * W - 1}:0] dec_data;
wire [${W - 1}:0] dec_keep;
wire        dec_valid, dec_last;
wire [2:0]  dec_verdict;
// the decompressor's beat goes to the CRC and to the scatter at once
wire        dec_ready = cs_dec && crc_in_ready && out_ready && oo_valid && oo_dec;
${REC ? `// the reconstruct stage: gathered stripe in, payload out to the decompressor; its verdicts wait for completion
wire [${8 * W - 1}:0] rec_data;
wire [${W - 1}:0] rec_keep;
wire        rec_valid, rec_last, rec_bad;
wire        rec_ready = ${bypass.stageReady};
${ecRec!.top} reconstruct (
    .clk(clk), .rst(rst),
    .s_axis_tdata(in_data), .s_axis_tkeep(in_keep), .s_axis_tvalid(${bypass.stageInValid}),
    .s_axis_tready(rec_in_ready), .s_axis_tlast(in_last),
    .m_axis_tdata(rec_data), .m_axis_tkeep(rec_keep), .m_axis_tvalid(rec_valid), .m_axis_tready(rec_ready),
    .m_axis_tlast(rec_last), .m_axis_tuser(rec_bad)
);
wire        rv_pop;
wire        rec_done = rec_valid && rec_ready && rec_last;
${fifo('rv', 1, 'rec_done', 'rec_bad', 'rv_pop', true, 'per reconstructing request: the stage refused its input')}
wire        rv_bad = rv_head;
// ordered bypass (gen/queue/ordered-bypass.ts): the decompressor's input, from the stage or around it
${bypass.text}
assign di_pop = ${bypass.leave};
` : ''}${dec!.top} decompressor (
    .clk(clk), .rst(rst),
    .s_axis_tdata(${REC ? 'dec_in_data' : 'in_data'}), .s_axis_tkeep(${REC ? 'dec_in_keep' : 'in_keep'}), .s_axis_tvalid(${REC ? 'dec_in_valid' : 'in_valid && op_decompress'}),
    .s_axis_tready(dec_in_ready), .s_axis_tlast(${REC ? 'dec_in_last' : 'in_last'}),
    .m_axis_tdata(dec_data), .m_axis_tkeep(dec_keep), .m_axis_tvalid(dec_valid), .m_axis_tready(dec_ready),
    .m_axis_tlast(dec_last), .m_axis_tuser(dec_verdict)
);
wire        crc_in_valid = cs_dec ? dec_valid && out_ready && oo_valid && oo_dec : in_valid && !op_decompress && in_next_ready;
assign crc_in_last = cs_dec ? dec_last : in_last;
assign crc_in_fire = crc_in_valid && crc_in_ready;` : `wire        crc_in_valid = in_valid && in_next_ready;`}
`;
}
