// Queue engine stage: Fetch: the arbiter picks a queue with submission entries (round robin or weighted) and reads
// one entry; fetches and gathers share the DMA read side; the entry beats are collected for dispatch.
import { SQE_BYTES } from '../../../src/spec/queue.js';
import type { QueueContext } from './context.js';

export function fetchStage(c: QueueContext): void {
  const { p, W, Q, QB, R, RB, RC, SB, fifo, DECR, v } = c;
  v.comment('---- Fetch: pick a queue with entries, read one submission entry');
  const turn = v.reg('arb_queue_reg', QB, 'the queue whose turn it is');
  if (p.arbitration === 'weighted') v.reg('arb_used_reg', 8, 'fetches in this turn');
  const inFlight = v.reg('in_flight_reg', RC, 'requests fetched and not completed');
  v.comment(`a queue is fetched from only while its completion ring has room for every request of it in flight and one
more: a completion never waits on its ring, so a host that stops reaping one queue stalls that queue alone (the
completions leave in request order: one waiting on its ring would hold every queue's behind it)`);
  const queued = v.regArray('queue_in_flight_reg', RC, 'QUEUES', 'per queue: requests fetched whose completion entry is not yet issued');
  const used = v.wireArray('cq_used', 17, 'QUEUES', 'completion entries posted and not yet reaped');
  const room = v.vector('cq_room_to_fetch', Q);
  const pending = v.vector('pending', Q);
  v.block(`genvar q;
generate
    for (q = 0; q < ${Q}; q = q + 1) begin : queue_state
        assign ${used}[q] = {1'b0, cq_tail_reg[q]} - {1'b0, cq_head_reg[q]}
                          + (cq_tail_reg[q] >= cq_head_reg[q] ? 17'd0 : {1'b0, entries_reg[q]});
        assign ${room}[q] = ${used}[q] + {${17 - RC}'d0, ${queued}[q]} + 17'd2 <= {1'b0, entries_reg[q]};
        assign ${pending}[q] = entries_reg[q] != 16'd0 && sq_head_reg[q] != sq_tail_reg[q] && ${room}[q];
    end
endgenerate`, [pending, room]);
  v.comment('the first pending queue at or after the turn\'s queue');
  const pick = v.reg('pick_queue', QB);
  const found = v.reg('pick_found', 1);
  v.block(`always @* begin : pick
    integer i;
    reg [${QB}:0] cand;
    ${found} = 1'b0;
    ${pick} = ${QB}'d0;
    for (i = ${Q - 1}; i >= 0; i = i - 1) begin
        cand = {1'b0, ${turn}} + i[${QB}:0];
        if (cand >= ${QB + 1}'d${Q}) cand = cand - ${QB + 1}'d${Q};
        if (${pending}[cand[${QB - 1}:0]]) begin
            ${found} = 1'b1;
            ${pick} = cand[${QB - 1}:0];
        end
    end
end`);
  const fetchValid = v.wire('fetch_cmd_valid', 1);
  const fetchGo = v.wire('fetch_go', 1);
  const head = v.wire('fetch_head', 16, `sq_head_reg[${pick}]`);
  const next = v.wire('fetch_next', 16, `(${head} + 16'd1 == entries_reg[${pick}]) ? 16'd0 : ${head} + 16'd1`);
  const addr = v.wire('fetch_addr', 64, `sq_base_reg[${pick}] + {41'd0, ${head}, 7'd0}`);
  v.assign(fetchValid, `${found} && ${inFlight} != ${RC}'d${R}`);
  v.blank();

  v.comment('---- Read commands: fetches and gathers share the DMA\'s read side; a kind FIFO routes the packets back');
  const gatherValid = v.wire('gather_cmd_valid', 1);
  const gatherCmd = v.wire('gather_cmd', 128);
  const useGather = v.wire('rd_use_gather', 1, `${gatherValid}`, 'gathers first: they finish requests already in flight');
  v.assign('rd_cmd_valid', `${gatherValid} || ${fetchValid}`);
  v.assign('rd_cmd_data', `${useGather} ? ${gatherCmd} : {8'd0, 8'd1, 16'd0, 32'd${SQE_BYTES}, ${addr}}`);
  const fire = v.wire('rd_cmd_fire', 1, 'rd_cmd_valid && rd_cmd_ready');
  v.assign(fetchGo, `${fire} && !${useGather}`);
  const gatherGo = v.wire('gather_go', 1, `${fire} && ${useGather}`);
  // g_seg_reg is the dispatch stage's; declared here, where the read side first needs it
  const gSeg = v.reg('g_seg_reg', 3, 'segment being gathered');
  v.wire('gather_first', 1, `${gatherGo} && ${gSeg} == 3'd0`, "a packet's first gather: its data may come before the rest is issued");
  const rkPush = v.wire('rk_push', 1, `${fetchGo} || gather_first`);
  const rkPop = v.wire('rk_pop', 1);
  const rk = v.fifo({ name: 'rk', width: 1, depthBits: RB + 1, push: `${rkPush}`, data: `${fetchGo}`, pop: `${rkPop}`, count: true,
    what: 'per read packet (fetches and gathers in flight): 1 = submission entry, 0 = gathered data' });
  const rkEntry = v.wire('rk_entry', 1, `${rk.head}`);
  v.blank();

  const frPop = v.wire('fr_pop', 1);
  const fetched = fifo('fetched', QB + 16, `${fetchGo}`, `{${pick}, ${next}}`, `${frPop}`, false, 'fetched requests, in order: {queue, submission head after the fetch}');
  v.wire('fr_queue', QB, `${fetched.head}[${QB + 15}:16]`);
  v.wire('fr_head', 16, `${fetched.head}[15:0]`);
  v.blank();

  v.comment(`---- Submission entries: ${SB} beats gathered, then into a FIFO (room for every fetch in flight, so the read
stream never waits on dispatch)`);
  // (at 128-byte beats an entry is one beat: nothing to gather)
  const acc = SB > 1 ? v.reg('sqe_acc_reg', 1024 - 8 * W, 'the beats so far (the last one goes straight in)') : undefined;
  const take = v.wire('dispatch_take', 1, undefined, 'dispatch is done with the head entry');
  const isEntry = v.wire('rd_is_entry', 1, `${rk.valid} && ${rkEntry}`);
  const isData = v.wire('rd_is_data', 1, `${rk.valid} && !${rkEntry}`);
  v.wire('data_in_ready', 1, undefined, `the data path takes the beat of in_* (the gathered stream${DECR ? ', or decrypted' : ''})`);
  const gatheredReady = v.wire('gathered_ready', 1, undefined, '... and so takes the gathered beat');
  v.assign('rd_ready', `${isEntry} || (${isData} && ${gatheredReady})`);
  const rdFire = v.wire('rd_fire', 1, 'rd_valid && rd_ready');
  v.assign(rkPop, `${rdFire} && rd_last`);
  const sqeIn = v.wire('sqe_in', 1024, acc ? `{rd_data, ${acc}}` : 'rd_data');
  const sqePush = v.wire('sqe_push', 1, `${rdFire} && ${isEntry} && rd_last`);
  if (acc) {
    v.block(`always @(posedge clk) begin
    if (${rdFire} && ${isEntry}) ${acc} <= ${sqeIn}[1023:${8 * W}];
end`);
  }
  const entries = fifo('sqe', 1024, `${sqePush}`, `${sqeIn}`, `${take}`, true, 'submission entries waiting for dispatch');
  const sqe = v.wire('sqe', 1024, `${entries.head}`);
  v.unused('the entry\'s reserved bytes', () =>
    v.wire('sqe_reserved', 244, `{${sqe}[31:28], ${sqe}[63:48]${Array.from({ length: 7 }, (_, i) => `, ${sqe}[${128 + 128 * i + 96} +: 32]`).join('')}}`));
  v.blank();
}
