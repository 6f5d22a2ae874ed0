// Trace-driven load for the runtime model: each record of a block trace (Alibaba, MSR Cambridge, fio through
// src/trace/read.ts) becomes one I/O of its size at its arrival time, optionally sped up (a trace recorded on
// one volume, replayed as the load of many); a chosen fraction of reads are degraded (some fragments lost).
import type { TraceRecord } from '../trace/record.js';
import { Rng } from '../util/rng.js';
import type { IoRequest } from './dpu.js';

export interface TraceLoadOptions {
  /** Arrival times divided by this (1 = as recorded). */
  speedup: number;
  /** Fraction of reads that find fragments lost. */
  degradedReads: number;
  seed: number;
  /** Stop after this many records. */
  limit?: number;
}

export async function ioRequestsFromTrace(records: AsyncIterable<TraceRecord>, o: TraceLoadOptions): Promise<IoRequest[]> {
  if (!(o.speedup > 0)) throw new RangeError(`speedup ${o.speedup}: must be positive`);
  if (!(o.degradedReads >= 0 && o.degradedReads <= 1)) throw new RangeError(`degradedReads ${o.degradedReads}: must be a fraction in 0..1`);
  const rng = new Rng(o.seed);
  const out: IoRequest[] = [];
  for await (const r of records) {
    if (o.limit !== undefined && out.length >= o.limit) break;
    if (r.length === 0) continue; // an I/O of no bytes moves nothing
    const degraded = r.op === 'read' && rng.float() < o.degradedReads;
    out.push({ op: r.op, bytes: r.length, arrivalNs: (r.timeUs * 1000) / o.speedup, ...(degraded ? { degraded } : {}) });
  }
  return out;
}
