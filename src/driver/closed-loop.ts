// A closed-loop host on the queue engine: keeps `depth` requests outstanding on one queue, submitting a new one
// as each completes, polling the device every `pollCycles` cycles. Gives throughput at a queue depth and each
// request's latency (submission doorbell to completion interrupt, in cycles), and the most host-memory reads in
// flight. A device that completes nothing for `idlePolls` polls is called hung (an error naming the count).
import type { MemoryTiming } from '../../sim/model.js';
import type { QueueRequest } from '../ref/queue-pipeline.js';
import type { Completion, SimulatedQueueDevice } from './queue-driver.js';

export interface ClosedLoopResult {
  completions: (Completion & { submitted: number; latency: number })[];
  /** Cycles from the first doorbell to the last completion. */
  cycles: number;
  /** Most host-memory read bursts in flight at once (the DMA's reads outstanding, Little's law's L). */
  maxReadsInFlight: number;
}

export function runClosedLoop(
  dev: SimulatedQueueDevice, queue: number, depth: number, total: number, request: (i: number) => QueueRequest,
  pollCycles: number, timing: MemoryTiming = {}, idlePolls = 20_000,
): ClosedLoopResult {
  if (depth < 1 || depth > dev.room(queue)) throw new Error(`queue depth ${depth} is outside 1..${dev.room(queue)} (the ring's free entries)`);
  const submittedAt = new Map<number, number>(); // cid -> poll start cycle
  const pending: number[] = [];                   // cids submitted since the last poll
  const done: ClosedLoopResult['completions'] = [];
  let next = 0;
  let outstanding = 0;
  let first = -1;
  let maxReads = 0;
  let last = 0;
  // a hang guard: the device must complete something within `idlePolls` polls of the last completion
  let sinceDone = 0;
  for (let polls = 0; done.length < total; polls++, sinceDone++) {
    if (sinceDone > idlePolls) throw new Error(`closed loop: ${done.length} of ${total} requests done, none in the last ${idlePolls} polls (${idlePolls * pollCycles} cycles)`);
    while (outstanding < depth && next < total) {
      const r = request(next);
      dev.submit(queue, { ...r, cid: next & 0xffff });
      pending.push(next);
      next++;
      outstanding++;
    }
    const run = dev.poll(pollCycles, timing);
    maxReads = Math.max(maxReads, run.memory.maxReadsInFlight);
    for (const cid of pending) submittedAt.set(cid, run.startCycle);
    pending.length = 0;
    if (first < 0) first = run.startCycle;
    for (const c of run.completions) {
      const submitted = submittedAt.get(c.cid)!;
      done.push({ ...c, submitted, latency: c.cycle - submitted });
      last = Math.max(last, c.cycle);
      outstanding--;
      sinceDone = 0;
    }
  }
  return { completions: done, cycles: last - first + 1, maxReadsInFlight: maxReads };
}
