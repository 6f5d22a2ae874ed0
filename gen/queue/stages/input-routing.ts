// Queue engine stage: Input routing: where each gathered packet goes (CRC, compressor, decompressor, reconstruct,
// scatter) and when the input may move.
import type { QueueContext } from './context.js';
import { encryptFirstBypass } from './compress.js';
import { reconstructBypass } from './decompress.js';

export function inputRoutingStage(c: QueueContext): void {
  const { p, fifo, REC, ENCF, v } = c;
  const lz4 = (x: 'compression' | 'decompression') => p[x] === 'lz4';
  const ooValid = v.wire('oo_valid', 1);
  const ooComp = v.wire('oo_comp', 1, undefined, "the next output packet is the compressor's");
  const ooDec = v.wire('oo_dec', 1, undefined, "the next output packet is the decompressor's");
  const ooXf = ENCF ? v.wire('oo_xf', 1, undefined, 'the next output packet comes from the encrypt stage') : undefined;
  const directReady = v.wire('direct_ready', 1, `out_ready && ${ooValid} && !${ooComp} && !${ooDec}${ooXf ? ` && !${ooXf}` : ''}`);
  let csDec;
  if (lz4('decompression')) {
    const fire = v.wire('crc_in_fire', 1);
    const last = v.wire('crc_in_last', 1);
    const cs = fifo('cs', 1, 'gather_first', 'e_decompress', `${fire} && ${last}`, false,
      "the CRC engine's input per moving request: the gathered data (0) or the decompressor's output (1)");
    csDec = v.wire('cs_dec', 1, `${cs.head}`);
  } else {
    csDec = v.wire('cs_dec', 1, "1'b0", 'no decompression stage: the CRC always takes the gathered data');
  }
  const takes = v.wire('crc_takes_input', 1, `crc_in_ready && !${csDec}`);
  if (lz4('compression')) v.wire('comp_in_ready', 1);
  if (lz4('decompression')) v.wire('dec_in_ready', 1);
  v.comment('what a gathered beat needs besides the CRC (when the CRC takes it)');
  if (ENCF) {
    v.wire('xf_in_ready', 1);
    v.wire('ci_valid', 1);
    v.wire('ci_xts', 1, undefined, "the compressor's next input comes from the encrypt stage (1) or in_* (0)");
  }
  const nextReady = v.wire('in_next_ready', 1, `${ENCF ? 'op_encf ? xf_in_ready : ' : ''}${lz4('compression')
    ? `op_compress ? ${ENCF ? encryptFirstBypass(c).aroundReady : 'comp_in_ready'} : ` : ''}(!op_scatter || ${directReady})`);
  if (REC) {
    v.comment(`reconstructing requests (flag bit 1 on opcode 4) go through the stripe stage before the decompressor; the
decompressor takes its requests in order, from the stage or straight from the gather (a FIFO says which)`);
    const diPop = v.wire('di_pop', 1);
    v.wire('rec_in_ready', 1);
    const di = fifo('di', 1, 'gather_first && e_decompress', 'e_ec_rec', `${diPop}`, false,
      'per decompressing request: its input comes from the reconstruct stage (1) or the gather (0)');
    v.wire('di_rec', 1, `${di.head}`);
  }
  v.assign('data_in_ready', `${lz4('decompression') ? `op_decompress ? ${REC ? `(${reconstructBypass(c).inReady})` : 'dec_in_ready'} : ` : ''}${takes} && ${nextReady}`);
  const fire = v.wire('data_fire', 1, 'in_valid && data_in_ready');
  v.assign('op_pop', `${fire} && in_last`);
  v.wire('crc_value', 32);
  v.wire('crc_valid', 1);
  v.unused('one CRC beat per packet; tkeep is always contiguous here', () => {
    v.wire('crc_last', 1);
    v.wire('crc_keep_error', 1);
  });
  v.wire('result_pop', 1);
}
