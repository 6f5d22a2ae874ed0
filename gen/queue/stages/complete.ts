// Queue engine stage: Completion: write done beats, completion entries in request order with their final status,
// interrupts, and the queue state.
import { CQE_BYTES, CQE_FIELDS } from '../../../src/spec/queue.js';
import { STATUS_BITS } from '../layout.js';
import type { QueueContext } from './context.js';

export function completeStage(c: QueueContext): string {
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
  return `// ---- Write done beats: scatters finish requests; completion entries raise interrupts
wire        done_is_cqe = done_data[15];
wire        done_req_last = done_data[0];
wire [1:0]  done_error = done_data[17:16];   // {length mismatch, bus error}
reg  [1:0]  scatter_err_reg;             // errors in the current request's scatter so far
wire        sd_pop;
wire        scatter_done = done_valid && !done_is_cqe && done_req_last;
always @(posedge clk) begin
    if (done_valid && !done_is_cqe) scatter_err_reg <= done_req_last ? 2'd0 : scatter_err_reg | done_error;
    if (rst) scatter_err_reg <= 2'd0;
end
${fifo('sd', 2, 'scatter_done', 'scatter_err_reg | done_error', 'sd_pop', true, 'per finished scatter: {length mismatch, bus error}')}
wire        irq_ready;

// ---- Complete: in request order, once the data is written and the CRC known, when the ring has room
wire        result_ready_now = result_valid;
wire        need_result = rq_moves;
wire        need_scatter = rq_scatters;
wire        cq_room = (cq_tail_reg[rq_queue] + 16'd1 == entries_reg[rq_queue] ? 16'd0 : cq_tail_reg[rq_queue] + 16'd1) != cq_head_reg[rq_queue];
// a scattering request completes once its data is written and its whole output has passed (a longer output than
// its destinations is still being dropped by the DMA when the scatter reports done)
wire        complete_ready = rq_valid && (!need_result || result_ready_now) && cq_room${REC ? ' && (!rq_rec || rv_valid)' : ''}${ENCR ? ' && (!rq_enc || xv_valid)' : ''}${DECR ? ' && (!rq_dec || dv_valid)' : ''}
                          && (!need_scatter || (sd_valid && ol_valid && wl_valid));
assign ol_pop = cqe_go && need_scatter;
// a compressed output shorter than its destinations leaves the DMA's length check unmet: that is expected

wire        scatter_failed = sd_head[0] || (sd_head[1] && !rq_variable);
wire        too_small = rq_variable && wl_bytes > rq_capacity;
assign wl_pop = cqe_go && need_scatter;${ENCR ? '\nassign xv_pop = cqe_go && rq_enc;' : ''}${DECR ? '\nassign dv_pop = cqe_go && rq_dec;' : ''}${CRYPT && !(ENCR && DECR) ? `
/* verilator lint_off UNUSEDSIGNAL */
wire        rq_crypt_unused = ${ENCR ? 'rq_dec' : 'rq_enc'};   // that stage is not built: never set
/* verilator lint_on UNUSEDSIGNAL */` : ''}${REC ? '\nassign rv_pop = cqe_go && rq_rec;' : `
/* verilator lint_off UNUSEDSIGNAL */
wire        rq_rec_unused = rq_rec;   // no reconstruct stage: never set
/* verilator lint_on UNUSEDSIGNAL */`}
assign cqe_cmd_valid = complete_ready;
assign rq_pop = cqe_go;
assign result_pop = cqe_go && need_result;
assign sd_pop = cqe_go && need_scatter;
wire [3:0]  final_status = rq_status != ${status('success')} ? rq_status
                         : ((need_result && result_error) || (need_scatter && scatter_failed)) ? ${status('transferError')}
${CRYPT ? `                         : (${[ENCR ? '(rq_enc && xv_bad)' : '', DECR ? '(rq_dec && dv_bad)' : ''].filter(Boolean).join(' || ')}) ? ${status('keyRefused')}
` : ''}                         : ((need_scatter && wl_bad)${REC ? ' || (rq_rec && rv_bad)' : ''}) ? ${status('badStripe')}
                         : (need_scatter && ol_refused) ? ${status('corruptLz4')}
                         : (need_scatter && too_small) ? ${status('destinationTooSmall')}
                         : (need_result && rq_verify && result_crc != rq_expected_crc) ? ${status('crcMismatch')} : STATUS_SUCCESS;
wire [15:0] cq_tail = cq_tail_reg[rq_queue];
assign cqe_cmd = {8'd0, 7'd0, 1'b1, 16'h8000, 32'd${CQE_BYTES}, cq_base_reg[rq_queue] + {44'd0, cq_tail, 4'd0}};
assign cqe_bytes = {${cqePacked}};
// interrupts: one per completion entry written (its done beat), in order
reg  [${RB}:0] irq_count_reg;            // entries written, interrupts not yet sent
wire        irq_go = irq_count_reg != ${RB + 1}'d0 && irq_ready;
${fifo('irq', QB, 'cqe_go', 'rq_queue', 'irq_go', false, 'queues of completion entries being written, in order')}
always @(posedge clk) begin
    irq_count_reg <= irq_count_reg + {${RB}'d0, done_valid && done_is_cqe} - {${RB}'d0, irq_go};
    if (rst) irq_count_reg <= ${RB + 1}'d0;
end
dpf_skid_buffer #(
    .WIDTH(32)
) irq_buffer (
    .clk(clk),
    .rst(rst),
    .s_data({${32 - QB}'d0, irq_head}),
    .s_valid(irq_count_reg != ${RB + 1}'d0),
    .s_ready(irq_ready),
    .m_data(m_irq_tdata),
    .m_valid(m_irq_tvalid),
    .m_ready(m_irq_tready)
);
/* verilator lint_off UNUSEDSIGNAL */
wire [27:0] done_unused = {done_data[31:18], done_data[14:1]};  // reserved bits and the tag's middle
/* verilator lint_on UNUSEDSIGNAL */

// ---- Queue state: register writes, fetches, completions
always @(posedge clk) begin : queue_registers
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
    end
end

endmodule
`;
}
