// Queue engine stage: The output side: in request order, the next scatter packet from a stage or straight from the
// input; output byte counts, verdicts and the CRC results per request.
import type { QueueContext } from './context.js';

export function outputStage(c: QueueContext): void {
  const { p, W, fifo, ENCF, ENCB, XUB, OO_EC, CW_OUT, v } = c;
  const lz4 = (x: 'compression' | 'decompression') => p[x] === 'lz4';
  const outFire = v.wire('out_fire', 1);
  const outLast = v.wire('out_last', 1);
  const push = v.wire('oo_push', 1, "gather_first && e_ndst != 8'd0");
  const pop = v.wire('oo_pop', 1, `${outFire} && ${outLast}`);
  const oo = fifo('oo', (ENCB ? 1 + XUB : 0) + (ENCF ? 1 : 0) + (OO_EC ? 3 : 2), `${push}`,
    `{${ENCB ? 'e_encrypt, e_xts_user, ' : ''}${ENCF ? 'e_encrypt && !e_compress, ' : ''}${OO_EC ? 'e_ec_encode, ' : ''}e_decompress, e_compress}`, `${pop}`, true,
    `the output side: per scattering request (pushed when its first gather is issued): {${ENCB ? 'encrypted, XTS request tuser, ' : ''}${ENCF ? 'from the encrypt stage, ' : ''}${OO_EC ? 'erasure coded, ' : ''}decompressed, compressed}`,
    v.get('oo_valid'));
  const fields: string[] = [];
  if (ENCB) fields.push(`${v.wire('oo_encrypt', 1)}`, `${v.wire('oo_xts_user', XUB)}`);
  if (ENCF) fields.push(`${v.get('oo_xf')}`);
  if (OO_EC) fields.push(`${v.wire('oo_ecenc', 1)}`);
  v.assign([...fields, 'oo_dec', 'oo_comp'], `${oo.head}`);
  v.comment("output bytes per packet (the completion reports them), and the stage's verdict");
  const bytes = v.reg('out_bytes_reg', 32);
  const keep = v.wire('out_keep', W);
  const count = v.popcount('out_keep_count', keep, W);
  const total = v.wire('out_total', 32, `${bytes} + {${32 - CW_OUT}'d0, ${count}}`);
  const refused = v.wire('out_refused', 1, [lz4('compression') ? "(oo_comp && comp_verdict != 2'd0)" : '', lz4('decompression') ? "(oo_dec && dec_verdict != 3'd0)" : '']
    .filter(Boolean).join(' || ') || "1'b0");
  v.block(`always @(posedge clk) begin
    if (${outFire}) ${bytes} <= ${outLast} ? 32'd0 : ${total};
    if (rst) ${bytes} <= 32'd0;
end`);
  const olPop = v.wire('ol_pop', 1);
  if (ENCB) v.comment('an encrypted output is its blocks: the length padded to a multiple of 16');
  const reported = v.wire('out_reported', 32, ENCB ? `oo_encrypt ? {${total}[31:4] + {27'd0, |${total}[3:0]}, 4'd0} : ${total}` : `${total}`);
  const ol = fifo('ol', 33, `${pop}`, `{${refused}, ${reported}}`, `${olPop}`, true,
    'per scattering request: {the stage refused the block, output bytes (encrypted: padded)}');
  v.wire('ol_bytes', 32, `${ol.head}[31:0]`);
  v.wire('ol_refused', 1, `${ol.head}[32]`);
  v.comment(`read errors per packet, in order, paired with each CRC as it leaves the engine; the pairs wait in a FIFO
with room for every request in flight, so the CRC engine never waits on completions`);
  const crcFire = v.wire('crc_fire', 1, 'crc_valid', 'always taken (room by construction)');
  const rerr = fifo('rerr', 1, 'g_fire && rd_last', 'rd_error', `${crcFire}`, false, 'per gathered packet: a read answered an error');
  const res = fifo('res', 33, `${crcFire}`, `{${rerr.head}, crc_value}`, 'result_pop', true, 'per moving request: {read error, CRC32C}');
  v.wire('result_valid', 1, `${res.valid}`);
  v.wire('result_error', 1, `${res.head}[32]`);
  v.wire('result_crc', 32, `${res.head}[31:0]`);
  v.comment('the scatter beat on offer: a stage\'s, or the gathered beat passing straight through');
  const direct = v.wire('direct_valid', 1, `in_valid && op_scatter && !op_compress && !op_decompress${ENCF ? ' && !op_encf' : ''} && crc_takes_input`);
  const pick = (xf: string, comp: string, dec: string, direct: string) =>
    `${ENCF ? `oo_xf ? ${xf} : ` : ''}${lz4('compression') ? `oo_comp ? ${comp} : ` : ''}${lz4('decompression') ? `oo_dec ? ${dec} : ` : ''}${direct}`;
  v.wire('out_valid', 1, `oo_valid && (${pick('xf_valid && !xk_comp', 'comp_valid', 'dec_valid && cs_dec && crc_in_ready', `${direct}`)})`);
  v.wire('out_data', 8 * W, pick('xf_data', 'comp_data', 'dec_data', 'in_data'));
  v.assign(keep, pick('xf_keep', 'comp_keep', 'dec_keep', 'in_keep'));
  v.assign(outLast, pick('xf_last', 'comp_last', 'dec_last', 'in_last'));
  v.blank();
}
