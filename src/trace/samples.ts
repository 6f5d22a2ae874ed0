// Sample block traces written by our own seeded generator, in each reader's format, shaped like published
// cloud block workloads: small I/Os dominate (4 KiB most of all) with a tail of large ones, writes dominate the
// cloud block service (Alibaba) while the enterprise servers' volumes (MSR Cambridge) are mixed, accesses come
// in sequential runs and re-touch a small working set (so reads find written data), and arrivals are
// exponential with bursts. The checked-in files under traces/ are this generator's output (a test says so).
import { Rng } from '../util/rng.js';
import type { TraceFormat } from './formats.js';

export interface SampleSpec {
  format: TraceFormat;
  records: number;
  seed: number;
}

/** The samples checked in under traces/, and their generator settings. */
export const SAMPLE_TRACES: readonly (SampleSpec & { file: string })[] = [
  { file: 'traces/sample-alibaba.csv', format: 'alibaba', records: 2500, seed: 11 },
  { file: 'traces/sample-msr.csv', format: 'msr', records: 2500, seed: 12 },
  { file: 'traces/sample-fio.log', format: 'fio', records: 2000, seed: 13 },
];

interface Shape {
  writeFraction: number;
  /** I/O sizes in bytes with their weights. */
  sizes: [number, number][];
  devices: string[];
  /** Bytes of each device's working set. */
  span: number;
  /** Chance that an I/O continues where the device's last one ended. */
  sequential: number;
  /** Mean microseconds between arrivals, and the chance of a burst (10 I/Os 2 us apart). */
  meanGapUs: number;
  burst: number;
}

const SHAPES: Record<TraceFormat, Shape> = {
  alibaba: {
    writeFraction: 0.72, devices: ['17', '23', '101', '412'], span: 8 << 20, sequential: 0.45, meanGapUs: 120, burst: 0.05,
    sizes: [[4096, 55], [8192, 10], [16384, 9], [32768, 6], [65536, 10], [131072, 6], [262144, 3], [512 * 3, 1]],
  },
  msr: {
    writeFraction: 0.58, devices: ['hm_0', 'src1_2', 'prn_1'], span: 8 << 20, sequential: 0.35, meanGapUs: 400, burst: 0.08,
    sizes: [[4096, 50], [8192, 12], [16384, 8], [32768, 8], [65536, 17], [512, 3], [1024, 2]],
  },
  fio: {
    writeFraction: 0.5, devices: ['/dev/nvme0n1'], span: 4 << 20, sequential: 0.2, meanGapUs: 60, burst: 0.02,
    sizes: [[4096, 60], [8192, 20], [16384, 20]],
  },
};

function weighted(rng: Rng, items: [number, number][]): number {
  const total = items.reduce((n, [, w]) => n + w, 0);
  let x = rng.float() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1][0];
}

/** A sample trace's text. */
export function sampleTrace(spec: SampleSpec): string {
  const shape = SHAPES[spec.format];
  const rng = new Rng(spec.seed);
  const next = new Map<string, number>();
  const lines: string[] = [];
  if (spec.format === 'fio') lines.push('fio version 3 iolog', ...shape.devices.flatMap((d) => [`0 ${d} add`, `0 ${d} open`]));
  let us = 0;
  let burstLeft = 0;
  const t0 = spec.format === 'alibaba' ? 1_577_808_000_000_000 : 0; // Alibaba: Unix microseconds
  const filetime0 = 128_166_372_000_000_000n; // MSR: FILETIME of 2007-02-22
  for (let i = 0; i < spec.records; i++) {
    if (burstLeft > 0) { burstLeft--; us += 2; } else {
      if (rng.float() < shape.burst) burstLeft = 9;
      us += Math.max(1, Math.round(-Math.log(1 - rng.float()) * shape.meanGapUs));
    }
    const device = rng.pick(shape.devices);
    const length = weighted(rng, shape.sizes);
    const cont = next.get(device);
    const offset = cont !== undefined && cont + length <= shape.span && rng.float() < shape.sequential ? cont : rng.int(0, (shape.span - length) / 4096) * 4096;
    next.set(device, offset + length);
    const write = rng.float() < shape.writeFraction;
    if (spec.format === 'alibaba') lines.push(`${device},${write ? 'W' : 'R'},${offset},${length},${t0 + us}`);
    else if (spec.format === 'msr') {
      const [host, disk] = device.split('_');
      const response = rng.int(200, 20_000); // 100 ns ticks: 20 us .. 2 ms
      lines.push(`${filetime0 + BigInt(us) * 10n},${host},${disk},${write ? 'Write' : 'Read'},${offset},${length},${response}`);
    } else lines.push(`${us} ${device} ${write ? 'write' : 'read'} ${offset} ${length}`);
  }
  if (spec.format === 'fio') lines.push(...shape.devices.map((d) => `${us + 1} ${d} close`));
  return `${lines.join('\n')}\n`;
}
