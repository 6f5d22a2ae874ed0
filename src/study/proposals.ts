// The study's three design proposals, each a claim with the experiment that tests it and a verdict computed from
// that experiment's figures in the same run: fuse the write path into one cut-through pass; compress before
// erasure coding; an adaptive dispatch on the DPU beating the static placements at p99.
import { runDpu, stagesOf, type IoRequest } from '../runtime/dpu.js';
import { enginesOnly } from '../runtime/policy.js';
import type { Proposal, StudyResult, SweepSeries } from './results.js';
import { pct, round } from './figures.js';
import type { StudyInputs } from './inputs.js';
import type { StudyParams } from './params.js';
import { compressionRatio, studyPlatform, workloadOf } from './platforms.js';

export function proposals(p: StudyParams, inp: StudyInputs, attach: StudyResult['attach'], loads: Record<string, IoRequest[]>, sweeps: SweepSeries[]): Proposal[] {
  const out: Proposal[] = [];
  // 1. fuse the write path into one cut-through pass on the DMA path
  {
    const rows = attach.flatMap((a) => a.rows.map((r) => [a.trace, r.setup, r.gbPerSec, r.p50Us, r.p99Us, r.dpuMemoryBytesPerByte, r.armBusy]));
    const gains = attach.map((a) => {
      const [fused, saf, la] = a.rows;
      return { trace: a.trace, vsSaf: pct(fused.p50Us, saf.p50Us), vsLa: pct(fused.p50Us, la.p50Us), fused, la };
    });
    const holds = gains.every((g) => g.vsSaf < 0 && g.vsLa < 0 && g.fused.dpuMemoryBytesPerByte === 0 && g.la.dpuMemoryBytesPerByte > 0);
    out.push({
      id: 'fused-pass', title: 'Fuse CRC32C → compress → encrypt → EC into one cut-through pass on the DMA path',
      claim: 'Streaming each I/O through the engines in one pass (each engine starts on the first bytes of the one before) gives lower p50 latency than running the stages one after another, and moves no bytes through DPU memory, where look-aside engines move each stage\'s input and output.',
      experiment: `Engines only, one engine per function, at ${p.offeredGbps} Gb/s offered on each trace: inline cut-through vs inline store and forward per stage vs look-aside (an ARM call of ${p.lookAside.callNs} ns per stage, DPU memory at ${p.lookAside.memoryGbps} Gb/s).`,
      table: { head: ['trace', 'engines attached', 'GB/s', 'p50 µs', 'p99 µs', 'DPU memory bytes per byte', 'ARM busy'], rows },
      holds,
      verdict: gains.map((g) => `${g.trace}: p50 ${g.vsSaf}% vs store and forward, ${g.vsLa}% vs look-aside; look-aside moves ${g.la.dpuMemoryBytesPerByte} bytes of DPU memory per byte`).join('; ') + '.',
    });
  }
  // 2. compress before erasure coding: fewer bytes to code and to send
  {
    const w = workloadOf(p);
    const noCompress = workloadOf(p, ['compress', 'decompress']);
    const dpu = studyPlatform(p, inp, { engines: 1 });
    const rows: (string | number)[][] = [];
    const ratios: number[] = [];
    const ecRatios: number[] = [];
    const p99s: string[] = [];
    /** Bytes the EC stages code, per plain byte. */
    const ecBytes = (rs: readonly IoRequest[], wl: typeof w) => rs.reduce((n, r) => n + stagesOf(r, dpu, wl).stages.filter((x) => x.fn === 'ec-encode' || x.fn === 'ec-reconstruct').reduce((a, x) => a + x.bytes, 0), 0);
    for (const [trace, rs] of Object.entries(loads)) {
      const a = runDpu(rs, dpu, w, enginesOnly);
      const b = runDpu(rs, dpu, noCompress, enginesOnly);
      const ea = ecBytes(rs, w);
      const eb = ecBytes(rs, noCompress);
      rows.push([trace, 'compress, then EC', round(a.networkBytes / a.bytes), round(ea / a.bytes), round(a.latency.p99 / 1000, 2)]);
      rows.push([trace, 'EC without compression', round(b.networkBytes / b.bytes), round(eb / b.bytes), round(b.latency.p99 / 1000, 2)]);
      ratios.push(b.networkBytes / a.networkBytes);
      ecRatios.push(eb / ea);
      p99s.push(`${trace} ${round(a.latency.p99 / 1000, 1)} vs ${round(b.latency.p99 / 1000, 1)} µs`);
    }
    const near = (x: number) => Math.abs(x - compressionRatio(inp)) / compressionRatio(inp) < 0.05;
    out.push({
      id: 'compress-before-ec', title: 'Compress before erasure coding',
      claim: `Compressing before the EC ${p.ec.k}+${p.ec.m} encode divides the network bytes of every I/O and the bytes the EC engine codes by the compression ratio (${round(compressionRatio(inp), 2)} on the study's data, by the simulated compressor), since the code is computed over compressed fragments.`,
      experiment: `Engines only, at ${p.offeredGbps} Gb/s offered: the full path vs the same path without compression; network bytes per plain byte (writes send k+m fragments, reads fetch k), bytes the EC stages code per plain byte, and p99.`,
      table: { head: ['trace', 'path', 'network bytes per plain byte', 'EC bytes per plain byte', 'p99 µs'], rows },
      holds: ratios.every(near) && ecRatios.every(near),
      verdict: `network bytes fall by ${ratios.map((r) => round(r, 2)).join(' / ')}x and EC bytes by ${ecRatios.map((r) => round(r, 2)).join(' / ')}x on ${Object.keys(loads).join(' / ')} (compression ratio ${round(compressionRatio(inp), 2)}). The cost is the compressor: with one engine, p99 with compression vs without is ${p99s.join(', ')} — compression needs its own sizing (section 1).`,
    });
  }
  // 3. an adaptive policy beats the static ones at p99, on the same DPU
  {
    const rows: (string | number)[][] = [];
    let wins = 0;
    let points = 0;
    const traces = [...new Set(sweeps.map((s) => s.trace))];
    const statics = ['engines-only', `size-threshold-${p.sizeThresholdBytes}`, `multicore DPU, ${p.armCores} ARM cores`];
    const gains: number[] = [];
    for (const trace of traces) {
      const s = (name: string) => sweeps.find((x) => x.trace === trace && x.setup === name)!;
      const la = s('load-aware-dpu');
      p.sweepGbps.forEach((g, i) => {
        const st = statics.map((n) => s(n).points[i].p99Us);
        const best = Math.min(...st);
        const win = la.points[i].p99Us < best;
        points++;
        if (win) { wins++; gains.push(pct(la.points[i].p99Us, best)); }
        rows.push([trace, g, ...st, la.points[i].p99Us, win ? 'yes' : 'no']);
      });
    }
    out.push({
      id: 'adaptive-policy', title: 'An adaptive (load-aware) dispatch on the DPU',
      claim: `Placing each stage on the engine or ARM core where it would finish first (counting the queue there) gives a lower p99 than each static placement on the same DPU — all on engines, small I/Os on ARM cores (size threshold ${p.sizeThresholdBytes} B), all on the ${p.armCores} ARM cores — at every load of the sweep, without using a host core.`,
      experiment: `The load sweep (${p.sweepGbps.join(', ')} Gb/s offered) on ${traces.join(' and ')}: p99 of the three static placements and of load-aware-dpu.`,
      table: { head: ['trace', 'offered Gb/s', 'engines-only p99 µs', `size-threshold-${p.sizeThresholdBytes} p99 µs`, `${p.armCores} ARM cores p99 µs`, 'load-aware-dpu p99 µs', 'adaptive lowest'], rows },
      holds: wins === points,
      verdict: `load-aware-dpu has the lowest p99 at ${wins} of ${points} points${gains.length ? ` (${Math.min(...gains)}% to ${Math.max(...gains)}% against the best static one)` : ''}.`,
    });
  }
  return out;
}

