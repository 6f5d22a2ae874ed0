// Queue engine stage: Write commands: scatters and completion entries share the DMA write side, one packet at a
// time.
import { CQE_BYTES } from '../../../src/spec/queue.js';
import { bitsFor } from '../../core/verilog.js';
import type { QueueContext } from './context.js';

export function writeCommandsStage(c: QueueContext): void {
  const { W, RB, fifo, v } = c;
  v.comment(`---- Write commands: scatters (data from the data path) and completion entries (data from here); one
packet's commands stay together, and a source FIFO tells the data side whose packet comes next`);
  const cqeValid = v.wire('cqe_cmd_valid', 1);
  const cqeCmd = v.wire('cqe_cmd', 128);
  const lock = v.reg('wlock_reg', 1, "inside a scatter packet's commands");
  const useScatter = v.wire('w_use_scatter', 1, `${lock} || (sg_valid && !${cqeValid})`, 'completions first, between packets');
  const eop = v.wire('scatter_eop', 1, 'sg_last');
  v.assign('wr_cmd_valid', `${useScatter} ? sg_valid : ${cqeValid}`);
  v.comment('scatter tag: bit 15 = 0, bit 0 = last segment of the request; completion tag: bit 15 = 1');
  v.assign('wr_cmd_data', `${useScatter}
    ? {8'd0, 7'd0, ${eop}, 15'd0, ${eop}, sg_segment}
    : ${cqeCmd}`);
  const cmdFire = v.wire('wr_cmd_fire', 1, 'wr_cmd_valid && wr_cmd_ready');
  const scatterGo = v.wire('w_scatter_go', 1, `${cmdFire} && ${useScatter}`, 'a scatter segment to the DMA');
  v.assign('sg_pop', `${scatterGo}`);
  const cqeGo = v.wire('cqe_go', 1, `${cmdFire} && !${useScatter}`);
  const wsPush = v.wire('ws_push', 1, `(${scatterGo} && sg_first) || ${cqeGo}`, "a packet's first command");
  const wsPop = v.wire('ws_pop', 1);
  v.block(`always @(posedge clk) begin
    if (${scatterGo}) ${lock} <= !${eop};
    if (rst) ${lock} <= 1'b0;
end`);
  const ws = v.fifo({ name: 'ws', width: 1, depthBits: RB + 1, push: `${wsPush}`, data: `${cqeGo}`, pop: `${wsPop}`, count: true,
    what: 'per write packet: 1 = completion entry, 0 = scatter data' });
  const wsCqe = v.wire('ws_cqe', 1, `${ws.head}`);
  const beats = CQE_BYTES / W;
  const BB = Math.max(1, bitsFor(beats - 1));
  v.comment(`completion entry data: ${beats > 1 ? `${beats} beats` : 'one beat'} from a small FIFO filled when the command is issued`);
  const cqeBytes = v.wire('cqe_bytes', 128);
  const beat = v.reg('cq_beat_reg', BB);
  const beatLast = v.wire('cqe_beat_last', 1);
  // the write side's handshake (the scatter stage drives wr_valid)
  const wrFire = v.wire('wr_fire', 1, 'wr_valid && wr_ready');
  const dataPop = v.wire('cq_data_pop', 1, `${wrFire} && ${wsCqe} && ${beatLast}`);
  const cqData = fifo('cq_data', 128, `${cqeGo}`, `${cqeBytes}`, `${dataPop}`, false, 'completion entries being written');
  const headBytes = v.wire('cqe_head_bytes', 128, `${cqData.head}`);
  if (beats > 1) {
    v.assign(beatLast, `${beat} == ${BB}'d${beats - 1}`);
    v.wire('cqe_beat', 8 * W, `${headBytes}[${beat} * ${8 * W} +: ${8 * W}]`);
  } else {
    v.assign(beatLast, "1'b1");
    v.wire('cqe_beat', 8 * W, W === 16 ? `${headBytes}` : `{${8 * W - 128}'d0, ${headBytes}}`);
  }
}
