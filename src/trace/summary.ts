// A trace's shape in one pass: I/O counts and bytes by direction, devices, time span and size spread — what an
// architect checks before replaying it (and what the sample-trace generator is checked against).
import type { TraceRecord } from './record.js';

export interface TraceSummary {
  records: number;
  reads: number;
  writes: number;
  readBytes: number;
  writeBytes: number;
  devices: number;
  /** Microseconds from the first record to the last. */
  spanUs: number;
  /** I/O sizes: smallest, largest, and how many are at most 4 KiB, 4-64 KiB, above 64 KiB. */
  minLength: number;
  maxLength: number;
  sizeBuckets: { upTo4k: number; upTo64k: number; above64k: number };
}

export class TraceSummarizer {
  private readonly devices = new Set<string>();
  readonly s: TraceSummary = {
    records: 0, reads: 0, writes: 0, readBytes: 0, writeBytes: 0, devices: 0, spanUs: 0,
    minLength: Infinity, maxLength: 0, sizeBuckets: { upTo4k: 0, upTo64k: 0, above64k: 0 },
  };

  add(r: TraceRecord): void {
    const s = this.s;
    s.records++;
    if (r.op === 'read') { s.reads++; s.readBytes += r.length; } else { s.writes++; s.writeBytes += r.length; }
    // device names repeat: a bounded set even for long traces (one entry per volume)
    this.devices.add(r.device);
    s.devices = this.devices.size;
    s.spanUs = Math.max(s.spanUs, r.timeUs);
    s.minLength = Math.min(s.minLength, r.length);
    s.maxLength = Math.max(s.maxLength, r.length);
    if (r.length <= 4096) s.sizeBuckets.upTo4k++;
    else if (r.length <= 65536) s.sizeBuckets.upTo64k++;
    else s.sizeBuckets.above64k++;
  }
}
