// Queue engine stage: Input routing: where each gathered packet goes (CRC, compressor, decompressor, reconstruct,
// scatter) and when the input may move.
import type { QueueContext } from './context.js';
import { encryptFirstBypass } from './compress.js';
import { reconstructBypass } from './decompress.js';

export function inputRoutingStage(c: QueueContext): string {
  const { p, fifo, REC, ENCF } = c;
  return `wire        oo_valid;
wire        oo_comp, oo_dec;             // the next output packet is the compressor's / the decompressor's
wire        direct_ready = out_ready && oo_valid && !oo_comp && !oo_dec${ENCF ? ' && !oo_xf' : ''};
${p.decompression === 'lz4' ? `wire        crc_in_fire;
wire        crc_in_last;
${fifo('cs', 1, 'gather_first', 'e_decompress', 'crc_in_fire && crc_in_last', false, "the CRC engine's input per moving request: the gathered data (0) or the decompressor's output (1)")}
wire        cs_dec = cs_head;` : `wire        cs_dec = 1'b0;  // no decompression stage: the CRC always takes the gathered data`}
wire        crc_takes_input = crc_in_ready && !cs_dec;
${p.compression === 'lz4' ? 'wire        comp_in_ready;\n' : ''}${p.decompression === 'lz4' ? 'wire        dec_in_ready;\n' : ''}// what a gathered beat needs besides the CRC (when the CRC takes it)
${ENCF ? `wire        xf_in_ready;
wire        ci_valid, ci_xts;            // the compressor's next input comes from the encrypt stage (1) or in_* (0)
` : ''}wire        in_next_ready = ${ENCF ? 'op_encf ? xf_in_ready : ' : ''}${p.compression === 'lz4' ? `op_compress ? ${ENCF ? encryptFirstBypass(c).aroundReady : 'comp_in_ready'} : ` : ''}(!op_scatter || direct_ready);
${REC ? `// reconstructing requests (flag bit 1 on opcode 4) go through the stripe stage before the decompressor; the
// decompressor takes its requests in order, from the stage or straight from the gather (a FIFO says which)
wire        di_pop;
wire        rec_in_ready;
${fifo('di', 1, 'gather_first && e_decompress', 'e_ec_rec', 'di_pop', false, 'per decompressing request: its input comes from the reconstruct stage (1) or the gather (0)')}
wire        di_rec = di_head;
` : ''}assign data_in_ready = ${p.decompression === 'lz4' ? `op_decompress ? ${REC ? `(${reconstructBypass(c).inReady})` : 'dec_in_ready'} : ` : ''}crc_takes_input && in_next_ready;
wire        data_fire = in_valid && data_in_ready;
assign op_pop = data_fire && in_last;
wire [31:0] crc_value;
wire        crc_valid;
/* verilator lint_off UNUSEDSIGNAL */
wire        crc_last, crc_keep_error;   // one beat per packet; tkeep is always contiguous here
/* verilator lint_on UNUSEDSIGNAL */
wire        result_pop;
`;
}
