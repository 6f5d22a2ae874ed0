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

export function decompressStage(c: QueueContext): void {
  const { p, W, dec, fifo, REC, ecRec, v } = c;
  if (p.decompression !== 'lz4') {
    v.wire('crc_in_valid', 1, 'in_valid && in_next_ready');
    return;
  }
  const bypass = reconstructBypass(c);
  const data = v.wire('dec_data', 8 * W);
  const keep = v.wire('dec_keep', W);
  const valid = v.wire('dec_valid', 1);
  const last = v.wire('dec_last', 1);
  const verdict = v.wire('dec_verdict', 3);
  v.comment("the decompressor's beat goes to the CRC and to the scatter at once");
  const ready = v.wire('dec_ready', 1, 'cs_dec && crc_in_ready && out_ready && oo_valid && oo_dec');
  let input = { data: 'in_data', keep: 'in_keep', valid: 'in_valid && op_decompress', last: 'in_last' };
  if (REC) {
    v.comment('the reconstruct stage: gathered stripe in, payload out to the decompressor; its verdicts wait for completion');
    const rec = { data: v.wire('rec_data', 8 * W), keep: v.wire('rec_keep', W), valid: v.wire('rec_valid', 1), last: v.wire('rec_last', 1),
      bad: v.wire('rec_bad', 1) };
    const recReady = v.wire('rec_ready', 1, bypass.stageReady);
    v.instance(ecRec!.top, 'reconstruct', {
      clk: 'clk', rst: 'rst',
      s_axis_tdata: 'in_data', s_axis_tkeep: 'in_keep', s_axis_tvalid: bypass.stageInValid, s_axis_tready: 'rec_in_ready',
      s_axis_tlast: 'in_last',
      m_axis_tdata: rec.data, m_axis_tkeep: rec.keep, m_axis_tvalid: rec.valid, m_axis_tready: recReady, m_axis_tlast: rec.last,
      m_axis_tuser: rec.bad,
    });
    const rvPop = v.wire('rv_pop', 1);
    const done = v.wire('rec_done', 1, `${rec.valid} && ${recReady} && ${rec.last}`);
    const rv = fifo('rv', 1, `${done}`, `${rec.bad}`, `${rvPop}`, true, 'per reconstructing request: the stage refused its input');
    v.wire('rv_bad', 1, `${rv.head}`);
    v.comment("ordered bypass (gen/queue/ordered-bypass.ts): the decompressor's input, from the stage or around it");
    const merged = bypass.declare(v);
    v.assign('di_pop', bypass.leave);
    input = { data: `${merged.data}`, keep: `${merged.keep}`, valid: `${merged.valid}`, last: `${merged.last}` };
  }
  v.instance(dec!.top, 'decompressor', {
    clk: 'clk', rst: 'rst',
    s_axis_tdata: input.data, s_axis_tkeep: input.keep, s_axis_tvalid: input.valid, s_axis_tready: 'dec_in_ready',
    s_axis_tlast: input.last,
    m_axis_tdata: data, m_axis_tkeep: keep, m_axis_tvalid: valid, m_axis_tready: ready, m_axis_tlast: last,
    m_axis_tuser: verdict,
  });
  const crcValid = v.wire('crc_in_valid', 1, `cs_dec ? ${valid} && out_ready && oo_valid && oo_dec : in_valid && !op_decompress && in_next_ready`);
  v.assign('crc_in_last', `cs_dec ? ${last} : in_last`);
  v.assign('crc_in_fire', `${crcValid} && crc_in_ready`);
}
