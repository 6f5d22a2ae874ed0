// Queue engine stage: Completion: write done beats, completion entries in request order with their final status,
// interrupts, and the queue state.
import { CQE_BYTES, CQE_FIELDS } from '../../../src/spec/queue.js';
import { STATUS_BITS } from '../layout.js';
import type { QueueContext } from './context.js';

export function completeStage(c: QueueContext): void {
  const { p, Q, QB, RB, RC, fifo, REC, ENCR, DECR, CRYPT, status } = c;
  // the completion entry, packed from its layout (src/spec/queue.ts CQE_FIELDS), highest field first
  const cqeValue: Record<keyof typeof CQE_FIELDS, string> = {
    statusPhase: `${16 - STATUS_BITS - 1}'d0, final_status, cq_phase_reg[rq_queue]`,
    commandId: 'rq_cid',
    queue: `${16 - QB}'d0, rq_queue`,
    sqHead: 'rq_sq_head',
    bytesWritten: "need_scatter ? ol_bytes : 32'd0",
    crc: "need_result ? result_crc : 32'd0",
  };
  const cqeFields = (Object.entries(CQE_FIELDS) as [keyof typeof CQE_FIELDS, { byte: number; bits: number }][]).sort((a, b) => b[1].byte - a[1].byte);
  let cqeAt = 8 * CQE_BYTES;
  for (const [name, f] of cqeFields) {
    if (8 * f.byte + f.bits !== cqeAt) throw new Error(`completion entry layout: field ${name} does not end where the next one starts`);
    cqeAt = 8 * f.byte;
  }
  if (cqeAt !== 0) throw new Error('completion entry layout: the fields do not start at byte 0');
  const cqePacked = cqeFields.map(([name]) => cqeValue[name]).join(', ');
  const { v } = c;
  v.comment('---- Write done beats: scatters finish requests; completion entries raise interrupts');
  const isCqe = v.wire('done_is_cqe', 1, 'done_data[15]');
  const reqLast = v.wire('done_req_last', 1, 'done_data[0]');
  const doneError = v.wire('done_error', 2, 'done_data[17:16]', '{length mismatch, bus error}');
  const scErr = v.reg('scatter_err_reg', 2, "errors in the current request's scatter so far");
  const sdPop = v.wire('sd_pop', 1);
  const scDone = v.wire('scatter_done', 1, `done_valid && !${isCqe} && ${reqLast}`);
  v.block(`always @(posedge clk) begin
    if (done_valid && !${isCqe}) ${scErr} <= ${reqLast} ? 2'd0 : ${scErr} | ${doneError};
    if (rst) ${scErr} <= 2'd0;
end`);
  const sd = fifo('sd', 2, `${scDone}`, `${scErr} | ${doneError}`, `${sdPop}`, true, 'per finished scatter: {length mismatch, bus error}');
  const irqReady = v.wire('irq_ready', 1);
  v.blank();
  v.comment(`---- Complete: in request order, once the data is written and the CRC known, when the ring has room (the fetch
stage takes a queue's entries only while its ring has room for them, so this wait is a guard)`);
  const resultNow = v.wire('result_ready_now', 1, 'result_valid');
  const needResult = v.wire('need_result', 1, 'rq_moves');
  const needScatter = v.wire('need_scatter', 1, 'rq_scatters');
  const room = v.wire('cq_room', 1, '(cq_tail_reg[rq_queue] + 16\'d1 == entries_reg[rq_queue] ? 16\'d0 : cq_tail_reg[rq_queue] + 16\'d1) != cq_head_reg[rq_queue]');
  v.comment(`a scattering request completes once its data is written and its whole output has passed (a longer output than
its destinations is still being dropped by the DMA when the scatter reports done)`);
  const ready = v.wire('complete_ready', 1, `rq_valid && (!${needResult} || ${resultNow}) && ${room}${REC ? ' && (!rq_rec || rv_valid)' : ''}${ENCR ? ' && (!rq_enc || xv_valid)' : ''}${DECR ? ' && (!rq_dec || dv_valid)' : ''}
                          && (!${needScatter} || (${sd.valid} && ol_valid && wl_valid))`);
  v.assign('ol_pop', `cqe_go && ${needScatter}`);
  v.comment("a compressed output shorter than its destinations leaves the DMA's length check unmet: that is expected");
  const failed = v.wire('scatter_failed', 1, `${sd.head}[0] || (${sd.head}[1] && !rq_variable)`);
  const tooSmall = v.wire('too_small', 1, 'rq_variable && wl_bytes > rq_capacity');
  v.assign('wl_pop', `cqe_go && ${needScatter}`);
  if (ENCR) v.assign('xv_pop', 'cqe_go && rq_enc');
  if (DECR) v.assign('dv_pop', 'cqe_go && rq_dec');
  if (CRYPT && !(ENCR && DECR)) v.unused('that stage is not built: never set', () => v.wire('rq_crypt_unused', 1, ENCR ? 'rq_dec' : 'rq_enc'));
  if (REC) v.assign('rv_pop', 'cqe_go && rq_rec');
  else v.unused('no reconstruct stage: never set', () => v.wire('rq_rec_unused', 1, 'rq_rec'));
  v.assign('cqe_cmd_valid', `${ready}`);
  v.assign('rq_pop', 'cqe_go');
  v.assign('result_pop', `cqe_go && ${needResult}`);
  v.assign(sdPop, `cqe_go && ${needScatter}`);
  v.wire('final_status', STATUS_BITS, `rq_status != ${status('success')} ? rq_status
                         : ((${needResult} && result_error) || (${needScatter} && ${failed})) ? ${status('transferError')}
${CRYPT ? `                         : (${[ENCR ? '(rq_enc && xv_bad)' : '', DECR ? '(rq_dec && dv_bad)' : ''].filter(Boolean).join(' || ')}) ? ${status('keyRefused')}
` : ''}                         : ((${needScatter} && wl_bad)${REC ? ' || (rq_rec && rv_bad)' : ''}) ? ${status('badStripe')}
                         : (${needScatter} && ol_refused) ? ${status('corruptLz4')}
                         : (${needScatter} && ${tooSmall}) ? ${status('destinationTooSmall')}
                         : (${needResult} && rq_verify && result_crc != rq_expected_crc) ? ${status('crcMismatch')} : ${status('success')}`);
  const tail = v.wire('cq_tail', 16, 'cq_tail_reg[rq_queue]');
  v.assign('cqe_cmd', `{8'd0, 7'd0, 1'b1, 16'h8000, 32'd${CQE_BYTES}, cq_base_reg[rq_queue] + {44'd0, ${tail}, 4'd0}}`);
  v.assign('cqe_bytes', `{${cqePacked}}`);
  v.comment('interrupts: one per completion entry written (its done beat), in order');
  const irqCount = v.reg('irq_count_reg', RB + 1, 'entries written, interrupts not yet sent');
  const irqGo = v.wire('irq_go', 1, `${irqCount} != ${RB + 1}'d0 && ${irqReady}`);
  const irq = fifo('irq', QB, 'cqe_go', 'rq_queue', `${irqGo}`, false, 'queues of completion entries being written, in order');
  v.block(`always @(posedge clk) begin
    ${irqCount} <= ${irqCount} + {${RB}'d0, done_valid && ${isCqe}} - {${RB}'d0, ${irqGo}};
    if (rst) ${irqCount} <= ${RB + 1}'d0;
end`);
  v.instance('dpf_skid_buffer', 'irq_buffer', {
    clk: 'clk', rst: 'rst',
    s_data: `{${32 - QB}'d0, ${irq.head}}`, s_valid: `${irqCount} != ${RB + 1}'d0`, s_ready: irqReady,
    m_data: 'm_irq_tdata', m_valid: 'm_irq_tvalid', m_ready: 'm_irq_tready',
  }, { WIDTH: 32 });
  v.unused("reserved bits and the tag's middle", () => v.wire('done_unused', 28, '{done_data[31:18], done_data[14:1]}'));
  v.blank();
  v.comment('---- Queue state: register writes, fetches, completions');
  v.block(`always @(posedge clk) begin : queue_registers
    integer i;
    if (fetch_go) begin
        sq_head_reg[pick_queue] <= fetch_next;
    end
    if (cqe_go) begin
        cq_tail_reg[rq_queue] <= (cq_tail + 16'd1 == entries_reg[rq_queue]) ? 16'd0 : cq_tail + 16'd1;
        if (cq_tail + 16'd1 == entries_reg[rq_queue]) cq_phase_reg[rq_queue] <= !cq_phase_reg[rq_queue];
    end
    if (ctrl_fire && ctrl_queue_ok) begin
        case (ctrl_reg[2:0])
            3'd0: sq_base_reg[ctrl_queue] <= ctrl_value;
            3'd1: cq_base_reg[ctrl_queue] <= ctrl_value;
            3'd2: begin
                entries_reg[ctrl_queue]  <= ctrl_value[15:0];
                sq_head_reg[ctrl_queue]  <= 16'd0;
                sq_tail_reg[ctrl_queue]  <= 16'd0;
                cq_head_reg[ctrl_queue]  <= 16'd0;
                cq_tail_reg[ctrl_queue]  <= 16'd0;
                cq_phase_reg[ctrl_queue] <= 1'b1;
            end
            3'd3: sq_tail_reg[ctrl_queue] <= ctrl_value[15:0];
            3'd4: cq_head_reg[ctrl_queue] <= ctrl_value[15:0];
${p.arbitration === 'weighted' ? "            3'd5: weight_reg[ctrl_queue] <= ctrl_value[7:0];\n" : ''}            default: ;
        endcase
    end
    // the arbiter: the next turn after a fetch (weighted: after weight fetches), or when the turn's queue is idle
    if (fetch_go) begin
${p.arbitration === 'weighted' ? `        if (pick_queue != arb_queue_reg || arb_used_reg + 8'd1 >= weight_reg[pick_queue]) begin
            arb_queue_reg <= (pick_queue == ${QB}'d${Q - 1}) ? ${QB}'d0 : pick_queue + 1'b1;
            arb_used_reg  <= 8'd0;
        end else begin
            arb_used_reg <= arb_used_reg + 8'd1;
        end` : `        arb_queue_reg <= (pick_queue == ${QB}'d${Q - 1}) ? ${QB}'d0 : pick_queue + 1'b1;`}
    end
    // a request is in flight from its fetch until its completion entry is written: every per-request FIFO has
    // room for all of them
    in_flight_reg <= in_flight_reg + {${RC - 1}'d0, fetch_go} - {${RC - 1}'d0, done_valid && done_is_cqe};
    for (i = 0; i < QUEUES; i = i + 1) begin
        queue_in_flight_reg[i] <= queue_in_flight_reg[i] + {${RC - 1}'d0, fetch_go && pick_queue == i[${QB - 1}:0]}
                                                         - {${RC - 1}'d0, cqe_go && rq_queue == i[${QB - 1}:0]};
    end
    if (rst) begin
        for (i = 0; i < QUEUES; i = i + 1) begin
            entries_reg[i]  <= 16'd0;
            sq_head_reg[i]  <= 16'd0;
            sq_tail_reg[i]  <= 16'd0;
            cq_head_reg[i]  <= 16'd0;
            cq_tail_reg[i]  <= 16'd0;
            cq_phase_reg[i] <= 1'b1;${p.arbitration === 'weighted' ? "\n            weight_reg[i]   <= 8'd1;" : ''}
        end
        arb_queue_reg <= ${QB}'d0;${p.arbitration === 'weighted' ? "\n        arb_used_reg  <= 8'd0;" : ''}
        in_flight_reg <= ${RC}'d0;
        for (i = 0; i < QUEUES; i = i + 1) queue_in_flight_reg[i] <= ${RC}'d0;
    end
end`);
}
