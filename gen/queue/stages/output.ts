// Queue engine stage: The output side: in request order, the next scatter packet from a stage or straight from the
// input; output byte counts, verdicts and the CRC results per request.
import { popcountBlock } from '../../core/verilog.js';
import type { QueueContext } from './context.js';

export function outputStage(c: QueueContext): string {
  const { p, W, fifo, ENCF, ENCB, XUB, OO_EC, CW_OUT } = c;
  return `wire        out_fire;
wire        out_last;
wire        oo_push = gather_first && e_ndst != 8'd0;
wire        oo_pop = out_fire && out_last;
${fifo('oo', (ENCB ? 1 + XUB : 0) + (ENCF ? 1 : 0) + (OO_EC ? 3 : 2), 'oo_push', `{${ENCB ? 'e_encrypt, e_xts_user, ' : ''}${ENCF ? 'e_encrypt && !e_compress, ' : ''}${OO_EC ? 'e_ec_encode, ' : ''}e_decompress, e_compress}`, 'oo_pop', true,
    `the output side: per scattering request (pushed when its first gather is issued): {${ENCB ? 'encrypted, XTS request tuser, ' : ''}${ENCF ? 'from the encrypt stage, ' : ''}${OO_EC ? 'erasure coded, ' : ''}decompressed, compressed}`, true)}
${ENCB ? `wire        oo_encrypt;\nwire [${XUB - 1}:0] oo_xts_user;\n` : ''}${ENCF ? 'wire        oo_xf;\n' : ''}${OO_EC ? 'wire        oo_ecenc;\n' : ''}assign {${ENCB ? 'oo_encrypt, oo_xts_user, ' : ''}${ENCF ? 'oo_xf, ' : ''}${OO_EC ? 'oo_ecenc, ' : ''}oo_dec, oo_comp} = oo_head;
// output bytes per packet (the completion reports them), and the stage's verdict
reg  [31:0] out_bytes_reg;
wire [${W - 1}:0] out_keep;
${popcountBlock('out_keep_count', 'out_keep', W)}
wire [31:0] out_total = out_bytes_reg + {${32 - CW_OUT}'d0, out_keep_count};
wire        out_refused = ${[p.compression === 'lz4' ? "(oo_comp && comp_verdict != 2'd0)" : '', p.decompression === 'lz4' ? "(oo_dec && dec_verdict != 3'd0)" : ''].filter(Boolean).join(' || ') || "1'b0"};
always @(posedge clk) begin
    if (out_fire) out_bytes_reg <= out_last ? 32'd0 : out_total;
    if (rst) out_bytes_reg <= 32'd0;
end
wire        ol_pop;
${ENCB ? `// an encrypted output is its blocks: the length padded to a multiple of 16
wire [31:0] out_reported = oo_encrypt ? {out_total[31:4] + {27'd0, |out_total[3:0]}, 4'd0} : out_total;
` : `wire [31:0] out_reported = out_total;
`}${fifo('ol', 33, 'oo_pop', '{out_refused, out_reported}', 'ol_pop', true, 'per scattering request: {the stage refused the block, output bytes (encrypted: padded)}')}
wire [31:0] ol_bytes = ol_head[31:0];
wire        ol_refused = ol_head[32];
// read errors per packet, in order, paired with each CRC as it leaves the engine; the pairs wait in a FIFO
// with room for every request in flight, so the CRC engine never waits on completions
wire        crc_fire = crc_valid;         // always taken (room by construction)
${fifo('rerr', 1, 'g_fire && rd_last', 'rd_error', 'crc_fire', false, 'per gathered packet: a read answered an error')}
${fifo('res', 33, 'crc_fire', '{rerr_head, crc_value}', 'result_pop', true, 'per moving request: {read error, CRC32C}')}
wire        result_valid = res_valid;
wire        result_error = res_head[32];
wire [31:0] result_crc = res_head[31:0];
// the scatter beat on offer: a stage's, or the gathered beat passing straight through
wire        direct_valid = in_valid && op_scatter && !op_compress && !op_decompress${ENCF ? ' && !op_encf' : ''} && crc_takes_input;
wire        out_valid = oo_valid && (${ENCF ? 'oo_xf ? xf_valid && !xk_comp : ' : ''}${p.compression === 'lz4' ? 'oo_comp ? comp_valid : ' : ''}${p.decompression === 'lz4' ? 'oo_dec ? dec_valid && cs_dec && crc_in_ready : ' : ''}direct_valid);
wire [${8 * W - 1}:0] out_data = ${ENCF ? 'oo_xf ? xf_data : ' : ''}${p.compression === 'lz4' ? 'oo_comp ? comp_data : ' : ''}${p.decompression === 'lz4' ? 'oo_dec ? dec_data : ' : ''}in_data;
assign out_keep = ${ENCF ? 'oo_xf ? xf_keep : ' : ''}${p.compression === 'lz4' ? 'oo_comp ? comp_keep : ' : ''}${p.decompression === 'lz4' ? 'oo_dec ? dec_keep : ' : ''}in_keep;
assign out_last = ${ENCF ? 'oo_xf ? xf_last : ' : ''}${p.compression === 'lz4' ? 'oo_comp ? comp_last : ' : ''}${p.decompression === 'lz4' ? 'oo_dec ? dec_last : ' : ''}in_last;

`;
}
