// The study's fixed experiment set, run on the runtime model: per-function engine vs core throughput, the policy
// comparison (DPU with engines vs multicore-only DPU vs host only) on each trace, a load sweep, inline vs
// look-aside engines, what the ARM cores are best used for, area vs throughput, and three design proposals, each
// a claim with the experiment that tests it. Returns plain data (the JSON the reports are written from); nothing
// here reads a clock or a random source other than the seeded trace load, so the same inputs give the same result.
import { percentile } from '../util/percentile.js';
import { comparePolicies } from '../runtime/compare.js';
import { runDpu, stagesOf, type IoRequest } from '../runtime/dpu.js';
import type { PlatformConfig, StorageFunction } from '../runtime/platform.js';
import { armOnly, engineFallback, enginesOnly, hostOnly, loadAware, loadAwareDpu, policyByName, sizeThreshold, type DispatchPolicy } from '../runtime/policy.js';
import type { TableRow } from '../synth/table.js';
import type { StudyInputs } from './inputs.js';
import type { StudyParams } from './params.js';
import { setupRow, round, type SetupRow } from './figures.js';
import { proposals } from './proposals.js';
import type { AreaRow, FunctionRow, LineRateSizing, SensitivityRow, StudyResult, SweepSeries, TraceStats } from './results.js';
import { atOfferedLoad, engineInputBytesPerCycle, studyPlatform, workloadOf } from './platforms.js';

function traceStats(name: string, file: string, rs: readonly IoRequest[], speedup: number): TraceStats {
  const sizes = rs.map((r) => r.bytes);
  return {
    name, file, ios: rs.length,
    readShare: round(rs.filter((r) => r.op === 'read').length / rs.length),
    meanKiB: round(sizes.reduce((a, b) => a + b, 0) / rs.length / 1024, 1),
    p50KiB: round(percentile(sizes, 50) / 1024, 1),
    smallShare: round(sizes.filter((s) => s <= 4096).length / rs.length),
    largeShare: round(sizes.filter((s) => s > 65536).length / rs.length),
    speedup: round(speedup, 4),
  };
}

/** The per-function figures: one engine against one core, and what line rate takes. */
function functionRows(p: StudyParams, inp: StudyInputs): FunctionRow[] {
  const lineGBs = p.network.gbps / 8;
  // each function's input bytes per plain byte (the stages after compression take the compressed bytes)
  const MiB = 1 << 20;
  const platform = studyPlatform(p, inp, { engines: 1 });
  const stages = [...stagesOf({ op: 'write', bytes: MiB, arrivalNs: 0 }, platform, workloadOf(p)).stages, ...stagesOf({ op: 'read', bytes: MiB, arrivalNs: 0, degraded: true }, platform, workloadOf(p)).stages];
  return p.functions.map((fn) => {
    const e = inp.engines[fn];
    const engineGBs = (engineInputBytesPerCycle(inp, fn) * p.clockMhz) / 1000;
    const hostCoreGBs = inp.measured.software.rates[fn] / 1e9;
    const armCoreGBs = hostCoreGBs * inp.armFactors[fn].factor;
    const inputGBs = (lineGBs * stages.find((x) => x.fn === fn)!.bytes) / MiB;
    const n = Math.ceil(inputGBs / engineGBs);
    return {
      fn, engine: e.top,
      engineGBs: round(engineGBs), hostCoreGBs: round(hostCoreGBs), armCoreGBs: round(armCoreGBs),
      hostCoresPerEngine: round(engineGBs / hostCoreGBs, 1), armCoresPerEngine: round(engineGBs / armCoreGBs, 1),
      luts: e.luts, brams: e.brams, enginesForLineRate: n, lutsForLineRate: n * e.luts,
    };
  });
}

/** Policy and setup comparison at one offered load. */
function compareSetups(p: StudyParams, inp: StudyInputs, requests: IoRequest[], own: readonly DispatchPolicy[]): SetupRow[] {
  const w = workloadOf(p);
  const dpu = studyPlatform(p, inp, { engines: 1 });
  const withEngines: DispatchPolicy[] = [enginesOnly, sizeThreshold(p.sizeThresholdBytes), engineFallback(p.fallbackQueue), loadAwareDpu, loadAware, ...p.extraPolicies.map(policyByName), ...own];
  return [...comparePolicies(requests, dpu, w, withEngines).runs.map((r) => setupRow('DPU with engines', r)), ...withoutEngines(p, inp, requests, 'host only')];
}

/** The setups without engines: the multicore DPUs (ARM cores only) and the host alone (`hostSetup` names its row). */
function withoutEngines(p: StudyParams, inp: StudyInputs, requests: IoRequest[], hostSetup: string): SetupRow[] {
  const w = workloadOf(p);
  return [
    ...[p.armCores, p.bigArmCores].map((cores) => setupRow(`multicore DPU, ${cores} ARM cores`, runDpu(requests, studyPlatform(p, inp, { engines: 0, armCores: cores }), w, armOnly))),
    setupRow(hostSetup, runDpu(requests, studyPlatform(p, inp, { engines: 0 }), w, hostOnly)),
  ];
}

/** Share of the offered bytes a setup must carry to count as carrying them. */
export const CARRIED = 0.95;
const MAX_SIZING_STEPS = 60;

/**
 * The fewest engines (greedy) that carry line rate on these I/Os, engines only: from the bandwidth sizing of
 * section 1, add one engine to the busiest pool until the run carries the offered bytes. Per-request cycles and
 * cut-through (a streaming engine is held while the one before it feeds it) both count, which bandwidth alone misses.
 */
function sizeForLineRate(p: StudyParams, inp: StudyInputs, requests: IoRequest[], start: Record<string, number>): LineRateSizing {
  const w = workloadOf(p);
  // the I/Os offer the line rate (atOfferedLoad): bytes/s to carry
  const target = (CARRIED * p.network.gbps * 1e9) / 8;
  const counts = { ...start };
  let steps = 0;
  for (;;) {
    steps++;
    const r = runDpu(requests, studyPlatform(p, inp, { engines: counts }), w, enginesOnly);
    if (r.bytesPerSec >= target || steps >= MAX_SIZING_STEPS) {
      const luts = Object.entries(counts).reduce((n, [fn, c]) => n + c * inp.engines[fn as StorageFunction].luts, 0);
      return { counts, luts, steps, carried: r.bytesPerSec >= target };
    }
    const busiest = p.functions.filter((fn) => counts[fn] > 0).reduce((a, b) => {
      const u = (fn: string) => r.pools.find((x) => x.name === `${fn} engines`)?.utilization ?? 0;
      return u(b) > u(a) ? b : a;
    });
    counts[busiest]++;
  }
}

/** At line rate: which setups carry it. */
function lineRateRows(p: StudyParams, inp: StudyInputs, requests: IoRequest[], sizing: LineRateSizing): SetupRow[] {
  const w = workloadOf(p);
  const desc = Object.entries(sizing.counts).filter(([, n]) => n > 1).map(([fn, n]) => `${n} ${fn}`).join(', ');
  const big = studyPlatform(p, inp, { engines: sizing.counts });
  const one = studyPlatform(p, inp, { engines: 1 });
  return [
    ...[enginesOnly, loadAwareDpu].map((pol) => setupRow(`DPU, engines sized for line rate (${desc || 'one each'})`, runDpu(requests, big, w, pol))),
    ...[enginesOnly, loadAwareDpu].map((pol) => setupRow('DPU, one engine per function', runDpu(requests, one, w, pol))),
    ...withoutEngines(p, inp, requests, `host only, ${p.hostCores} cores`),
  ];
}

function sweep(p: StudyParams, inp: StudyInputs, trace: string, base: IoRequest[]): SweepSeries[] {
  const w = workloadOf(p);
  const dpu = studyPlatform(p, inp, { engines: 1 });
  const setups: { setup: string; platform: PlatformConfig; policy: DispatchPolicy }[] = [
    ...[enginesOnly, sizeThreshold(p.sizeThresholdBytes), engineFallback(p.fallbackQueue), loadAwareDpu].map((policy) => ({ setup: policy.name, platform: dpu, policy })),
    { setup: `multicore DPU, ${p.armCores} ARM cores`, platform: studyPlatform(p, inp, { engines: 0 }), policy: armOnly },
  ];
  return setups.map((s) => ({
    trace, setup: s.setup,
    points: p.sweepGbps.map((g) => {
      const r = runDpu(atOfferedLoad(base, g).requests, s.platform, w, s.policy);
      return { offeredGbps: g, gbPerSec: round(r.bytesPerSec / 1e9), p99Us: round(r.latency.p99 / 1000, 2) };
    }),
  }));
}

function attachRows(p: StudyParams, inp: StudyInputs, requests: IoRequest[]) {
  const w = workloadOf(p);
  const choices: [string, PlatformConfig['engineAttach']][] = [
    ['inline, cut-through (fused)', { mode: 'inline', cutThrough: true }],
    ['inline, store and forward per stage', { mode: 'inline', cutThrough: false }],
    ['look-aside (ARM calls, DPU memory)', { mode: 'look-aside', callNs: p.lookAside.callNs, memoryGbps: p.lookAside.memoryGbps }],
  ];
  return choices.map(([name, attach]) => {
    const r = runDpu(requests, studyPlatform(p, inp, { engines: 1, attach }), w, enginesOnly);
    return { ...setupRow(name, r), dpuMemoryBytesPerByte: round(r.bytes ? r.dpuMemoryBytes / r.bytes : 0) };
  });
}

/** Latency of one I/O alone (no queueing) per size: engines, ARM cores, host cores. */
function lone(p: StudyParams, inp: StudyInputs) {
  const w = workloadOf(p);
  const dpu = studyPlatform(p, inp, { engines: 1 });
  return [4096, 16384, 65536, 262144].map((bytes) => {
    const one: IoRequest[] = [{ op: 'write', bytes, arrivalNs: 0 }];
    const us = (pol: DispatchPolicy) => round(runDpu(one, dpu, w, pol).latency.p50 / 1000, 2);
    return { bytes, engineUs: us(enginesOnly), armUs: us(armOnly), hostUs: us(hostOnly) };
  });
}

function thresholdRows(p: StudyParams, inp: StudyInputs, requests: IoRequest[]) {
  const w = workloadOf(p);
  const dpu = studyPlatform(p, inp, { engines: 1 });
  const small = requests.map((r, i) => (r.bytes <= 4096 ? i : -1)).filter((i) => i >= 0);
  return [enginesOnly, ...[4096, 16384, 65536].map(sizeThreshold)].map((pol) => {
    const r = runDpu(requests, dpu, w, pol);
    return { ...setupRow('DPU with engines', r), smallP50Us: round(percentile(small.map((i) => r.latencies[i]), 50) / 1000, 2) };
  });
}

function controlRows(p: StudyParams, inp: StudyInputs, requests: IoRequest[]): SetupRow[] {
  const w = workloadOf(p);
  const withControl = studyPlatform(p, inp, { engines: 1, controlNs: p.controlNs });
  const rows = [enginesOnly, loadAwareDpu].map((pol) => setupRow('DPU with engines, control path on ARM', runDpu(requests, withControl, w, pol)));
  rows.push(setupRow(`multicore DPU, ${p.armCores} ARM cores, control path on ARM`, runDpu(requests, studyPlatform(p, inp, { engines: 0, controlNs: p.controlNs }), w, armOnly)));
  return rows;
}

function areaRows(p: StudyParams, synthesis: readonly TableRow[]): AreaRow[] {
  return synthesis
    .filter((r) => !r.error && Number.isFinite(r.bytesPerCycle) && r.luts > 0)
    .map((r) => {
      const gbPerSec = (r.bytesPerCycle * p.clockMhz) / 1000;
      return { engine: r.engine, top: r.top, ...(r.label ? { label: r.label } : {}), luts: r.luts, brams: r.brams, bytesPerCycle: round(r.bytesPerCycle, 2), gbPerSec: round(gbPerSec), gbPerSecPer100kLuts: round((gbPerSec / r.luts) * 1e5, 2) };
    });
}

/** The main comparisons again with every ARM factor scaled (they are cited, some of low confidence) and at other clocks. */
function sensitivity(p: StudyParams, inp: StudyInputs, offered: IoRequest[], line: IoRequest[]): SensitivityRow[] {
  const scenarios: [string, number, number][] = [
    ['as cited, stated clock', 1, p.clockMhz],
    ['ARM cores half as fast', 0.5, p.clockMhz],
    ['ARM cores twice as fast', 2, p.clockMhz],
    ['engines at 200 MHz', 1, 200],
    ['engines at 400 MHz', 1, 400],
  ];
  const w = workloadOf(p);
  return scenarios.map(([scenario, armScale, clockMhz]) => {
    const q = { ...p, clockMhz };
    const i2: StudyInputs = { ...inp, armFactors: Object.fromEntries(Object.entries(inp.armFactors).map(([fn, a]) => [fn, { ...a, factor: a.factor * armScale }])) as StudyInputs['armFactors'] };
    const one = studyPlatform(q, i2, { engines: 1 });
    const arm = studyPlatform(q, i2, { engines: 0 });
    const big = studyPlatform(q, i2, { engines: 0, armCores: p.bigArmCores });
    const gb = (rs: IoRequest[], pl: PlatformConfig, pol: DispatchPolicy) => round(runDpu(rs, pl, w, pol).bytesPerSec / 1e9);
    const p99 = (pl: PlatformConfig, pol: DispatchPolicy) => round(runDpu(offered, pl, w, pol).latency.p99 / 1000, 2);
    return {
      scenario, armScale, clockMhz,
      lineRate: { oneEngine: gb(line, one, enginesOnly), oneEngineAdaptive: gb(line, one, loadAwareDpu), arm: gb(line, arm, armOnly), bigArm: gb(line, big, armOnly) },
      p99: { enginesOnly: p99(one, enginesOnly), adaptive: p99(one, loadAwareDpu), arm: p99(arm, armOnly) },
    };
  });
}

/** `own`: users' dispatch policies (modules loaded by study.ts), compared beside ours on the DPU with engines. */
export function runStudy(p: StudyParams, inp: StudyInputs, synthesis: readonly TableRow[], own: readonly DispatchPolicy[] = []): StudyResult {
  const loads: Record<string, IoRequest[]> = {};
  const traces: TraceStats[] = [];
  for (const t of p.traces) {
    const { requests, speedup } = atOfferedLoad(inp.traces[t.name], p.offeredGbps);
    loads[t.name] = requests;
    traces.push(traceStats(t.name, t.file, inp.traces[t.name], speedup));
  }
  const first = p.traces[0].name;
  const sweepTraces = p.traces.slice(0, 2).map((t) => t.name);
  const sweeps = sweepTraces.flatMap((t) => sweep(p, inp, t, inp.traces[t]));
  const attach = p.traces.map((t) => ({ trace: t.name, rows: attachRows(p, inp, loads[t.name]) }));
  const functions = functionRows(p, inp);
  const sized = Object.fromEntries(functions.map((x) => [x.fn, x.enginesForLineRate]));
  const lineLoads = Object.fromEntries(p.traces.map((t) => [t.name, atOfferedLoad(inp.traces[t.name], p.network.gbps).requests]));
  return {
    functions,
    traces,
    policies: p.traces.map((t) => ({ trace: t.name, rows: compareSetups(p, inp, loads[t.name], own) })),
    lineRate: p.traces.map((t) => {
      const sizing = sizeForLineRate(p, inp, lineLoads[t.name], sized);
      return { trace: t.name, offeredGbps: p.network.gbps, sizing, rows: lineRateRows(p, inp, lineLoads[t.name], sizing) };
    }),
    sweep: sweeps,
    attach,
    arm: {
      lone: lone(p, inp),
      threshold: { trace: first, rows: thresholdRows(p, inp, loads[first]) },
      control: { trace: first, controlNs: p.controlNs, iopsCapacity: Math.round((p.armCores * 1e9) / p.controlNs), rows: controlRows(p, inp, loads[first]) },
    },
    area: areaRows(p, synthesis),
    sensitivity: sensitivity(p, inp, loads[first], lineLoads[first]),
    proposals: proposals(p, inp, attach, loads, sweeps),
  };
}
