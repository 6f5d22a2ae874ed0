// The discrete-event core of the DPU runtime model: a clock in nanoseconds and a queue of timed events, run in
// time order (events at the same time in the order they were scheduled, so a run is deterministic).

export type EventAction = () => void;

interface Scheduled {
  time: number;
  seq: number;
  action: EventAction;
}

export class SimulationError extends Error {
  override name = 'SimulationError';
}

export class Simulator {
  private heap: Scheduled[] = [];
  private seq = 0;
  private clock = 0;
  /** Events run so far. */
  events = 0;

  /** The current simulated time (ns). */
  get now(): number {
    return this.clock;
  }

  /** Run `action` at time `now + delay` (delay >= 0, finite). */
  after(delay: number, action: EventAction): void {
    if (!(delay >= 0) || !Number.isFinite(delay)) throw new SimulationError(`an event scheduled ${delay} ns ahead: delays must be finite and not negative`);
    this.push({ time: this.clock + delay, seq: this.seq++, action });
  }

  /** Run `action` at absolute time `time` (not before now). */
  at(time: number, action: EventAction): void {
    this.after(time - this.clock, action);
  }

  /** Run events in time order until none are left or the next one is after `until`; returns the events run. */
  run(until = Infinity): number {
    let n = 0;
    while (this.heap.length && this.heap[0].time <= until) {
      const e = this.pop();
      this.clock = e.time;
      e.action();
      n++;
    }
    this.events += n;
    if (until !== Infinity && until > this.clock) this.clock = until;
    return n;
  }

  get pending(): number {
    return this.heap.length;
  }

  private less(a: Scheduled, b: Scheduled): boolean {
    return a.time < b.time || (a.time === b.time && a.seq < b.seq);
  }

  private push(e: Scheduled): void {
    const h = this.heap;
    h.push(e);
    for (let i = h.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private pop(): Scheduled {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
