// Queue engine stage: Fetch: the arbiter picks a queue with submission entries (round robin or weighted) and reads
// one entry; fetches and gathers share the DMA read side; the entry beats are collected for dispatch.
import { SQE_BYTES } from '../../../src/spec/queue.js';
import { fifoBlock } from '../../core/verilog.js';
import type { QueueContext } from './context.js';

export function fetchStage(c: QueueContext): string {
  const { p, W, Q, QB, R, RB, RC, SB, fifo, DECR } = c;
  return `// ---- Fetch: pick a queue with entries, read one submission entry
reg  [${QB - 1}:0] arb_queue_reg;        // the queue whose turn it is
${p.arbitration === 'weighted' ? 'reg  [7:0]  arb_used_reg;                // fetches in this turn\n' : ''}reg  [${RC - 1}:0] in_flight_reg;         // requests fetched and not completed
wire [${Q - 1}:0] pending;
genvar q;
generate
    for (q = 0; q < ${Q}; q = q + 1) begin : queue_state
        assign pending[q] = entries_reg[q] != 16'd0 && sq_head_reg[q] != sq_tail_reg[q];
    end
endgenerate
// the first pending queue at or after the turn's queue
reg  [${QB - 1}:0] pick_queue;
reg         pick_found;
always @* begin : pick
    integer i;
    reg [${QB}:0] cand;
    pick_found = 1'b0;
    pick_queue = ${QB}'d0;
    for (i = ${Q - 1}; i >= 0; i = i - 1) begin
        cand = {1'b0, arb_queue_reg} + i[${QB}:0];
        if (cand >= ${QB + 1}'d${Q}) cand = cand - ${QB + 1}'d${Q};
        if (pending[cand[${QB - 1}:0]]) begin
            pick_found = 1'b1;
            pick_queue = cand[${QB - 1}:0];
        end
    end
end
wire        fetch_cmd_valid;
wire        fetch_go;
wire [15:0] fetch_head = sq_head_reg[pick_queue];
wire [15:0] fetch_next = (fetch_head + 16'd1 == entries_reg[pick_queue]) ? 16'd0 : fetch_head + 16'd1;
wire [63:0] fetch_addr = sq_base_reg[pick_queue] + {41'd0, fetch_head, 7'd0};
assign fetch_cmd_valid = pick_found && in_flight_reg != ${RC}'d${R};

// ---- Read commands: fetches and gathers share the DMA's read side; a kind FIFO routes the packets back
wire        gather_cmd_valid;
wire [127:0] gather_cmd;
wire        rd_use_gather = gather_cmd_valid;      // gathers first: they finish requests already in flight
assign rd_cmd_valid = gather_cmd_valid || fetch_cmd_valid;
assign rd_cmd_data = rd_use_gather ? gather_cmd : {8'd0, 8'd1, 16'd0, 32'd${SQE_BYTES}, fetch_addr};
wire        rd_cmd_fire = rd_cmd_valid && rd_cmd_ready;
assign fetch_go = rd_cmd_fire && !rd_use_gather;
wire        gather_go = rd_cmd_fire && rd_use_gather;
wire        gather_first = gather_go && g_seg_reg == 3'd0;   // a packet's first gather: its data may come before the rest is issued
wire        rk_push = fetch_go || gather_first;
wire        rk_pop;
${fifoBlock({ name: 'rk', width: 1, depthBits: RB + 1, push: 'rk_push', data: 'fetch_go', pop: 'rk_pop', count: true, what: 'per read packet (fetches and gathers in flight): 1 = submission entry, 0 = gathered data' })}
wire        rk_entry = rk_head;

wire        fr_pop;
${fifo('fetched', QB + 16, 'fetch_go', '{pick_queue, fetch_next}', 'fr_pop', false, 'fetched requests, in order: {queue, submission head after the fetch}')}
wire [${QB - 1}:0] fr_queue = fetched_head[${QB + 15}:16];
wire [15:0] fr_head = fetched_head[15:0];

// ---- Submission entries: ${SB} beats gathered, then into a FIFO (room for every fetch in flight, so the read
// stream never waits on dispatch)
reg  [${1023 - 8 * W}:0] sqe_acc_reg;      // the beats so far (the last one goes straight in)
wire        dispatch_take;               // dispatch is done with the head entry
wire        rd_is_entry = rk_valid && rk_entry;
wire        rd_is_data = rk_valid && !rk_entry;
wire        data_in_ready;               // the data path takes the beat of in_* (the gathered stream${DECR ? ', or decrypted' : ''})
wire        gathered_ready;              // ... and so takes the gathered beat
assign rd_ready = rd_is_entry || (rd_is_data && gathered_ready);
wire        rd_fire = rd_valid && rd_ready;
assign rk_pop = rd_fire && rd_last;
wire [1023:0] sqe_in = {rd_data, sqe_acc_reg};
wire        sqe_push = rd_fire && rd_is_entry && rd_last;
always @(posedge clk) begin
    if (rd_fire && rd_is_entry) sqe_acc_reg <= sqe_in[1023:${8 * W}];
end
${fifo('sqe', 1024, 'sqe_push', 'sqe_in', 'dispatch_take', true, 'submission entries waiting for dispatch')}
wire [1023:0] sqe = sqe_head;
/* verilator lint_off UNUSEDSIGNAL */
wire [243:0] sqe_reserved = {sqe[31:28], sqe[63:48]${Array.from({ length: 7 }, (_, i) => `, sqe[${128 + 128 * i + 96} +: 32]`).join('')}};
/* verilator lint_on UNUSEDSIGNAL */

`;
}
