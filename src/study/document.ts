// The study report as a document: sections of paragraphs, bullet lists, tables and charts, built from one run's
// StudyReport (parameters, machine, measured inputs, engine figures, results). Every sentence with a number is
// computed from the report, so the text cannot drift from the figures. render.ts writes it as Markdown and HTML.
import type { ArmFactor } from '../runtime/arm-factors.js';
import type { EngineFigures } from '../runtime/engine-rates.js';
import type { StorageFunction } from '../runtime/platform.js';
import { CARRIED } from './experiments.js';
import type { StudyResult, SweepSeries } from './results.js';
import type { SetupRow } from './figures.js';
import type { Measured } from './measure.js';
import type { StudyParams } from './params.js';
import { barChart, lineChart, scatterChart } from './svg.js';

export interface StudyReport {
  tool: string;
  params: StudyParams;
  measured: Measured;
  engines: Record<StorageFunction, EngineFigures>;
  armFactors: Record<StorageFunction, ArmFactor>;
  result: StudyResult;
}

export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: (string | number)[][] }
  | { kind: 'chart'; title: string; svg: string };

export interface Section {
  title: string;
  level: 2 | 3;
  blocks: Block[];
}

const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d }) : '—');
const pc = (x: number) => `${f(x * 100, 1)}%`;
const times = (a: number, b: number) => `${f(a / b, 1)}x`;

function setupTable(rows: readonly SetupRow[]): Block {
  return {
    kind: 'table',
    head: ['setup', 'policy', 'GB/s', 'p50 µs', 'p99 µs', 'host cores busy', 'ARM cores busy', 'stages on engines / ARM / host'],
    rows: rows.map((r) => [r.setup, r.policy, f(r.gbPerSec, 3), f(r.p50Us, 1), f(r.p99Us, 1), f(r.hostCoresBusy), pc(r.armBusy), `${pc(r.share.engine)} / ${pc(r.share.arm)} / ${pc(r.share.host)}`]),
  };
}

function setupSection(r: StudyReport): Section[] {
  const { params: p, measured, engines, armFactors, result } = r;
  const m = measured.machine;
  const fns = p.functions;
  return [
    {
      title: 'Setup', level: 2, blocks: [
        { kind: 'p', text: `Machine: ${m.cpu}, ${m.logicalCores} logical cores, ${m.memoryGiB} GiB; ${m.os}; Node ${m.node}; ${m.openssl}. The software rates below were measured on it.` },
        {
          kind: 'list', items: [
            `DPU: one engine per function at ${p.clockMhz} MHz (a stated UltraScale+ clock: Yosys gives no timing for it; \`dpuforge vivado\` writes the scripts that would confirm it), ${p.engineOverheadCycles} cycles per request; ${p.armCores} ARM cores (BlueField-2 class; a ${p.bigArmCores}-core multicore DPU is tried too); ${p.hostCores} host cores.`,
            `Links: PCIe ${p.pcie.gbps} Gb/s each way, ${p.pcie.latencyNs} ns; network ${p.network.gbps} Gb/s, ${p.network.latencyNs} ns to the storage nodes; EC ${p.ec.k}+${p.ec.m} (a write sends ${p.ec.k + p.ec.m} fragments, a read fetches ${p.ec.k}).`,
            `Each I/O passes ${fns.join(', ')} (writes: CRC32C, compress, encrypt, EC encode; reads: reconstruct when degraded (${pc(p.degradedReads)} of reads), decrypt, decompress, CRC32C); submission ${p.requestLatencyNs.submit} ns and completion ${p.requestLatencyNs.complete} ns per I/O; ${p.softwareOverheadNs} ns per software call on a core.`,
            `Engines attach inline on the DMA path with cut-through unless said otherwise; look-aside: an ARM call of ${p.lookAside.callNs} ns per stage, the engine reading and writing DPU memory at ${p.lookAside.memoryGbps} Gb/s.`,
            `Load: each trace's first ${p.records} I/Os, its arrival times scaled so it offers ${p.offeredGbps} Gb/s of plain bytes (the load sweep: ${p.sweepGbps.join(', ')} Gb/s); seed ${p.seed} (degraded reads and the study's data).`,
            `Data: the trace replay's synthesized sectors, ${p.compressPercent}% zeros after random bytes, ${f(p.dataBytes / 1024, 0)} KiB; the compression ratio ${f(measured.compression.compressionRatio, 3)} is our simulated LZ4 compressor's on it.`,
          ],
        },
        {
          kind: 'table', head: ['trace', 'file', 'I/Os', 'reads', 'mean KiB', 'p50 KiB', '≤ 4 KiB', '> 64 KiB', 'speed-up to the offered load'],
          rows: result.traces.map((t) => [t.name, `\`${t.file}\``, t.ios, pc(t.readShare), f(t.meanKiB, 1), f(t.p50KiB, 1), pc(t.smallShare), pc(t.largeShare), f(t.speedup, 2)]),
        },
        { kind: 'p', text: 'Software (one host core, measured with the real libraries) and the ARM cores\' factor against it (published figures, docs/arm-factors.md):' },
        {
          kind: 'table', head: ['function', 'host core GB/s', 'how measured', 'ARM factor', 'confidence', 'source'],
          rows: fns.map((fn) => [fn, f(measured.software.rates[fn] / 1e9, 3), measured.software.how[fn], f(armFactors[fn].factor), armFactors[fn].confidence, armFactors[fn].source]),
        },
        { kind: 'p', text: `Engines (the synthesis table's default rows, docs/synthesis.md; the LZ4 engines' rates simulated on the study's data: ${measured.compression.how}):` },
        {
          kind: 'table', head: ['function', 'module', 'input bytes/cycle', `GB/s at ${p.clockMhz} MHz`, 'LUTs', 'FFs', 'BRAM', 'DSP'],
          rows: fns.map((fn) => [fn, `\`${engines[fn].top}\``, f(engines[fn].bytesPerCycle), f((engines[fn].bytesPerCycle * p.clockMhz) / 1000, 3), f(engines[fn].luts, 0), f(engines[fn].ffs, 0), f(engines[fn].brams, 1), f(engines[fn].dsps, 0)]),
        },
      ],
    },
  ];
}

function functionSection(r: StudyReport): Section {
  const rows = r.result.functions;
  const most = rows.reduce((a, b) => (b.armCoresPerEngine > a.armCoresPerEngine ? b : a));
  const least = rows.reduce((a, b) => (b.armCoresPerEngine < a.armCoresPerEngine ? b : a));
  const hostBeats = rows.filter((x) => x.hostCoresPerEngine < 1).map((x) => x.fn);
  const several = rows.filter((x) => x.enginesForLineRate > 1);
  const lineLuts = rows.reduce((n, x) => n + x.lutsForLineRate, 0);
  const lz = rows.find((x) => x.fn === 'compress');
  return {
    title: '1. Per-function throughput and cores-equivalent', level: 2, blocks: [
      { kind: 'p', text: 'One engine against one core of each kind, per function (input bytes), and how many cores one engine replaces; the last two columns size the engines for the network\'s line rate (the plain bytes of a host writing at line rate; the stages after compression see the compressed bytes).' },
      {
        kind: 'table', head: ['function', 'engine GB/s', 'host core GB/s', 'ARM core GB/s', 'host cores per engine', 'ARM cores per engine', 'engine LUTs', 'engines for line rate', 'LUTs for line rate'],
        rows: rows.map((x) => [x.fn, f(x.engineGBs, 3), f(x.hostCoreGBs, 3), f(x.armCoreGBs, 3), f(x.hostCoresPerEngine, 1), f(x.armCoresPerEngine, 1), f(x.luts, 0), x.enginesForLineRate, f(x.lutsForLineRate, 0)]),
      },
      { kind: 'chart', title: 'Engine vs core throughput per function', svg: barChart({ title: 'One engine vs one core (GB/s, log scale)', categories: rows.map((x) => x.fn), series: [{ name: 'engine', values: rows.map((x) => x.engineGBs) }, { name: 'host core', values: rows.map((x) => x.hostCoreGBs) }, { name: 'ARM core', values: rows.map((x) => x.armCoreGBs) }], xLabel: 'function', yLabel: 'GB/s', log: true }) },
      {
        kind: 'list', items: [
          `One engine replaces the most ARM cores for ${most.fn} (${f(most.armCoresPerEngine, 1)}) and the fewest for ${least.fn} (${f(least.armCoresPerEngine, 1)}).`,
          hostBeats.length ? `One host core outruns one engine at ${r.params.clockMhz} MHz for: ${hostBeats.join(', ')} — those engines pay for themselves by freeing the host's cores, not by speed.` : 'One engine outruns one host core for every function.',
          several.length ? `Line rate takes more than one engine for: ${several.map((x) => `${x.fn} (${x.enginesForLineRate})`).join(', ')}.` : 'One engine per function carries line rate.',
          lz ? `Carrying ${r.params.network.gbps} Gb/s of writes through compression takes ${lz.enginesForLineRate} compressors (${f(lz.lutsForLineRate, 0)} LUTs); all functions together ${f(lineLuts, 0)} LUTs at this clock.` : '',
        ].filter(Boolean),
      },
    ],
  };
}

function policySection(r: StudyReport): Section {
  const withEngines = r.result.policies[0].rows.filter((x) => x.setup === 'DPU with engines').map((x) => x.policy);
  const blocks: Block[] = [
    { kind: 'p', text: `The same I/Os at ${r.params.offeredGbps} Gb/s offered through: the DPU with engines under ${withEngines.length} dispatch policies (${withEngines.join(', ')}), a multicore DPU with ${r.params.armCores} and with ${r.params.bigArmCores} ARM cores and no engines, and the host alone. "host cores busy" is the host core time the storage functions took, averaged over the run: what offload frees.` },
  ];
  for (const t of r.result.policies) {
    const by = (policy: string, setup?: string) => t.rows.find((x) => x.policy === policy && (!setup || x.setup.startsWith(setup)))!;
    const eng = by('engines-only');
    const host = by('host-only');
    const arm = by('arm-cores-only', 'multicore');
    const la = by('load-aware-dpu');
    blocks.push({ kind: 'p', text: `**${t.trace}**` }, setupTable(t.rows), {
      kind: 'list', items: [
        `Host only keeps ${f(host.hostCoresBusy)} host cores busy; the DPU setups keep none (load-aware, which may use host cores, ${f(by('load-aware').hostCoresBusy)}).`,
        `p99: engines-only ${f(eng.p99Us, 1)} µs, the ${r.params.armCores}-core multicore DPU ${f(arm.p99Us, 1)} µs (${times(arm.p99Us, eng.p99Us)}), load-aware on the DPU ${f(la.p99Us, 1)} µs, host only ${f(host.p99Us, 1)} µs.`,
      ],
    });
  }
  blocks.push({ kind: 'p', text: `At the network's line rate (${r.params.network.gbps} Gb/s of plain bytes offered): a DPU with engines sized for it on each trace (from section 1's bandwidth sizing, an engine added where the busiest pool is until engines alone carry ${f(CARRIED * 100, 0)}% of the offered bytes: per-request cycles and cut-through count, which bandwidth alone misses), the DPU with one engine per function, the multicore DPUs and the host alone.` });
  blocks.push({
    kind: 'table', head: ['trace', ...r.params.functions, 'LUTs', 'carries line rate'],
    rows: r.result.lineRate.map((t) => [t.trace, ...r.params.functions.map((fn) => t.sizing.counts[fn] ?? 0), f(t.sizing.luts, 0), t.sizing.carried ? 'yes' : `no (search stopped after ${t.sizing.steps} runs)`]),
  });
  for (const t of r.result.lineRate) {
    const offered = t.offeredGbps / 8;
    const carried = t.rows.filter((x) => x.gbPerSec >= CARRIED * offered);
    const host = t.rows[t.rows.length - 1];
    blocks.push({ kind: 'p', text: `**${t.trace}** at ${t.offeredGbps} Gb/s (${f(offered, 2)} GB/s)` }, setupTable(t.rows), {
      kind: 'list', items: [
        `Carrying at least ${f(CARRIED * 100, 0)}% of the offered bytes: ${carried.length ? carried.map((x) => `${x.setup} (${x.policy})`).join('; ') : 'none of the setups'}.`,
        `The host alone keeps ${f(host.hostCoresBusy)} of its cores busy at this rate: the cores a DPU that carries it frees.`,
      ],
    });
  }
  const lr = r.result.lineRate;
  if (lr.length) {
    // short legend names: the setup's kind, and the policy where the setup runs more than one
    const short = (setup: string) => setup.replace(/^DPU, engines sized.*/, 'sized DPU').replace(/^DPU, one engine.*/, '1-engine DPU').replace(/^multicore DPU, /, '').replace(/^host only.*/, 'host only');
    const names = lr[0].rows.map((x) => (x.setup.startsWith('DPU') ? `${short(x.setup)}, ${x.policy}` : short(x.setup)));
    blocks.push({ kind: 'chart', title: 'GB/s carried at line rate', svg: barChart({ title: `GB/s carried at ${lr[0].offeredGbps} Gb/s offered`, categories: lr.map((t) => t.trace), series: names.map((name, i) => ({ name, values: lr.map((t) => t.rows[i].gbPerSec) })), xLabel: 'trace', yLabel: 'GB/s carried' }) });
  }
  const traces = r.result.policies.map((t) => t.trace);
  const setups = r.result.policies[0].rows.map((x) => (x.setup === 'DPU with engines' ? x.policy : x.setup));
  blocks.push({ kind: 'chart', title: 'p99 latency per setup', svg: barChart({ title: `p99 latency at ${r.params.offeredGbps} Gb/s offered (µs, log scale)`, categories: traces, series: setups.map((s, i) => ({ name: s, values: r.result.policies.map((t) => t.rows[i].p99Us) })), xLabel: 'trace', yLabel: 'p99 µs', log: true }) });
  return { title: '2. DPU with engines vs multicore DPU vs host only', level: 2, blocks };
}

function sweepSection(r: StudyReport): Section {
  const blocks: Block[] = [{ kind: 'p', text: 'Offered load against what each setup carries and its p99, on the first two traces.' }];
  const traces = [...new Set(r.result.sweep.map((s) => s.trace))];
  for (const trace of traces) {
    const ss = r.result.sweep.filter((s) => s.trace === trace);
    blocks.push(
      { kind: 'p', text: `**${trace}**: GB/s carried / p99 µs` },
      { kind: 'table', head: ['offered Gb/s', ...ss.map((s) => s.setup)], rows: r.params.sweepGbps.map((g, i) => [g, ...ss.map((s) => `${f(s.points[i].gbPerSec, 2)} / ${f(s.points[i].p99Us, 0)}`)]) },
      { kind: 'chart', title: `${trace}: throughput`, svg: lineChart({ title: `${trace}: GB/s carried vs offered`, x: r.params.sweepGbps, series: ss.map((s) => ({ name: s.setup, values: s.points.map((q) => q.gbPerSec) })), xLabel: 'offered Gb/s', yLabel: 'GB/s carried' }) },
      { kind: 'chart', title: `${trace}: p99`, svg: lineChart({ title: `${trace}: p99 vs offered load (µs, log scale)`, x: r.params.sweepGbps, series: ss.map((s) => ({ name: s.setup, values: s.points.map((q) => q.p99Us) })), xLabel: 'offered Gb/s', yLabel: 'p99 µs', log: true }) },
    );
    const cap = (s: SweepSeries) => Math.max(...s.points.map((q) => q.gbPerSec));
    const top = r.params.sweepGbps[r.params.sweepGbps.length - 1];
    blocks.push({ kind: 'list', items: ss.map((s) => `${s.setup}: carries at most ${f(cap(s), 2)} GB/s of the ${f(top / 8, 2)} GB/s offered at ${top} Gb/s; p99 there ${f(s.points[s.points.length - 1].p99Us, 0)} µs.`) });
  }
  return { title: '3. Load sweep', level: 2, blocks };
}

function attachSection(r: StudyReport): Section {
  const blocks: Block[] = [{ kind: 'p', text: `Engines only, at ${r.params.offeredGbps} Gb/s offered: engines inline on the DMA path (the data streams through them, each starting on the first bytes of the one before, as our generated datapath does; or each waiting for its whole input), against look-aside engines that an ARM core calls per stage, reading their input from and writing their output to DPU memory.` }];
  for (const a of r.result.attach) {
    blocks.push({ kind: 'p', text: `**${a.trace}**` }, {
      kind: 'table', head: ['engines attached', 'GB/s', 'p50 µs', 'p99 µs', 'DPU memory bytes per plain byte', 'ARM cores busy'],
      rows: a.rows.map((x) => [x.setup, f(x.gbPerSec, 3), f(x.p50Us, 1), f(x.p99Us, 1), f(x.dpuMemoryBytesPerByte, 2), pc(x.armBusy)]),
    });
  }
  return { title: '4. Inline vs look-aside engines', level: 2, blocks };
}

function armSection(r: StudyReport): Section {
  const { lone, threshold, control } = r.result.arm;
  const p = r.params;
  const first = lone[0];
  const armBeats = r.result.functions.filter((x) => x.armCoresPerEngine < 1).map((x) => x.fn);
  const engOnly = threshold.rows[0];
  const bestSmall = threshold.rows.reduce((a, b) => (b.smallP50Us < a.smallP50Us ? b : a));
  const dpuCtl = control.rows[0];
  const armCtl = control.rows[control.rows.length - 1];
  const sweepTrace = r.result.sweep[0]?.trace;
  const s = (name: string) => r.result.sweep.find((x) => x.trace === sweepTrace && x.setup === name);
  const fb = s(`engine-fallback-${p.fallbackQueue}`);
  const eo = s('engines-only');
  const last = p.sweepGbps.length - 1;
  return {
    title: '5. What the ARM cores are best used for', level: 2, blocks: [
      { kind: 'p', text: 'A lone write (no queueing) through all its stages, per size, on each kind of resource:' },
      { kind: 'table', head: ['write bytes', 'engines µs', 'ARM cores µs', 'host cores µs'], rows: lone.map((x) => [f(x.bytes, 0), f(x.engineUs, 1), f(x.armUs, 1), f(x.hostUs, 1)]) },
      { kind: 'p', text: `Small I/Os on ARM cores (size threshold), ${threshold.trace} at ${p.offeredGbps} Gb/s:` },
      {
        kind: 'table', head: ['policy', 'p50 µs of I/Os ≤ 4 KiB', 'p50 µs', 'p99 µs', 'ARM cores busy'],
        rows: threshold.rows.map((x) => [x.policy, f(x.smallP50Us, 1), f(x.p50Us, 1), f(x.p99Us, 1), pc(x.armBusy)]),
      },
      { kind: 'p', text: `The control path (${f(control.controlNs, 0)} ns of an ARM core per I/O: parse the command, look up metadata, place the fragments), ${control.trace} at ${p.offeredGbps} Gb/s:` },
      setupTable(control.rows),
      {
        kind: 'list', items: [
          `A lone ${f(first.bytes, 0)}-byte write takes ${f(first.engineUs, 1)} µs on engines, ${f(first.armUs, 1)} on ARM cores, ${f(first.hostUs, 1)} on host cores; one ARM core outruns one engine only for: ${armBeats.length ? armBeats.join(', ') : 'no function'} (section 1).`,
          `Small I/Os: moving them off the engines changes the p50 of I/Os ≤ 4 KiB from ${f(engOnly.smallP50Us, 1)} µs (engines only) to ${f(bestSmall.smallP50Us, 1)} µs (${bestSmall.policy})${bestSmall.smallP50Us < engOnly.smallP50Us && first.armUs > first.engineUs ? ' — the gain is the engines\' queue the small I/Os skip, not the ARM cores\' speed, since alone they are slower on ARM cores' : ''}.`,
          `Control path: ${p.armCores} cores at ${f(control.controlNs, 0)} ns per I/O carry up to ${f(control.iopsCapacity / 1e6, 2)} M IOPS; with the engines moving the data they are ${pc(dpuCtl.armBusy)} busy at this load, against ${pc(armCtl.armBusy)} when they also move the data (multicore DPU), whose p99 is ${f(armCtl.p99Us, 1)} µs against ${f(dpuCtl.p99Us, 1)}.`,
          fb && eo ? `Fallback: when the engines queue, sending the overflow to the ARM cores (engine-fallback-${p.fallbackQueue}) carries ${f(fb.points[last].gbPerSec, 2)} GB/s at ${p.sweepGbps[last]} Gb/s offered on ${sweepTrace} where engines only carry ${f(eo.points[last].gbPerSec, 2)}, at p99 ${f(fb.points[last].p99Us, 0)} µs against ${f(eo.points[last].p99Us, 0)}.` : '',
        ].filter(Boolean),
      },
    ],
  };
}

function areaSection(r: StudyReport): Section {
  const rows = r.result.area;
  const groups = [...new Set(rows.map((x) => x.engine))];
  return {
    title: '6. Engine area vs throughput', level: 2, blocks: [
      { kind: 'p', text: `Every engine row of the synthesis table (UltraScale+ LUTs from Yosys \`synth_xilinx\`; bytes/cycle as the table gives it), at ${r.params.clockMhz} MHz.` },
      {
        kind: 'table', head: ['engine', 'module', 'LUTs', 'BRAM', 'bytes/cycle', 'GB/s', 'GB/s per 100k LUTs'],
        rows: rows.map((x) => [x.engine, `\`${x.top}\`${x.label ? ` (${x.label})` : ''}`, f(x.luts, 0), f(x.brams, 1), f(x.bytesPerCycle, 2), f(x.gbPerSec, 2), f(x.gbPerSecPer100kLuts, 1)]),
      },
      { kind: 'chart', title: 'Area vs throughput', svg: scatterChart({ title: 'Engine LUTs vs GB/s (log-log)', groups: groups.map((g) => ({ name: g, points: rows.filter((x) => x.engine === g).map((x) => ({ x: x.luts, y: x.gbPerSec, label: `${x.top}: ${f(x.luts, 0)} LUTs, ${f(x.gbPerSec, 2)} GB/s` })) })), xLabel: 'UltraScale+ LUTs', yLabel: 'GB/s' }) },
      {
        kind: 'list', items: groups.map((g) => {
          const xs = rows.filter((x) => x.engine === g);
          const best = xs.reduce((a, b) => (b.gbPerSecPer100kLuts > a.gbPerSecPer100kLuts ? b : a));
          return `${g}: ${f(Math.min(...xs.map((x) => x.gbPerSecPer100kLuts)), 1)}-${f(Math.max(...xs.map((x) => x.gbPerSecPer100kLuts)), 1)} GB/s per 100k LUTs; the most per LUT: \`${best.top}\`.`;
        }),
      },
    ],
  };
}

function sensitivitySection(r: StudyReport): Section {
  const rows = r.result.sensitivity;
  const p = r.params;
  const base = rows[0];
  const adaptiveWins = rows.filter((x) => x.p99.adaptive < Math.min(x.p99.enginesOnly, x.p99.arm));
  const armLine = rows.filter((x) => x.lineRate.arm >= CARRIED * (p.network.gbps / 8));
  return {
    title: '7. Sensitivity', level: 2, blocks: [
      { kind: 'p', text: `The ARM factors are cited figures of other machines, two of low confidence (Setup), and the engine clock is stated: the main comparisons again with every ARM factor halved and doubled, and the engines at 200 and 400 MHz, on ${r.result.traces[0].name} — GB/s carried at line rate (${p.network.gbps} Gb/s offered) and p99 at ${p.offeredGbps} Gb/s.` },
      {
        kind: 'table', head: ['scenario', '1 engine each, engines-only GB/s', '1 engine each, load-aware-dpu GB/s', `${p.armCores} ARM cores GB/s`, `${p.bigArmCores} ARM cores GB/s`, 'engines-only p99 µs', 'load-aware-dpu p99 µs', `${p.armCores} ARM cores p99 µs`],
        rows: rows.map((x) => [x.scenario, f(x.lineRate.oneEngine), f(x.lineRate.oneEngineAdaptive), f(x.lineRate.arm), f(x.lineRate.bigArm), f(x.p99.enginesOnly, 1), f(x.p99.adaptive, 1), f(x.p99.arm, 1)]),
      },
      {
        kind: 'list', items: [
          `load-aware-dpu has a lower p99 than both engines-only and the ${p.armCores} ARM cores in ${adaptiveWins.length} of ${rows.length} scenarios${adaptiveWins.length < rows.length ? ` (not in: ${rows.filter((x) => !adaptiveWins.includes(x)).map((x) => x.scenario).join(', ')})` : ''}.`,
          `The ${p.armCores} ARM cores alone carry line rate in ${armLine.length ? armLine.map((x) => x.scenario).join(', ') : 'none of the scenarios'}; as cited they carry ${f(base.lineRate.arm)} GB/s.`,
        ],
      },
    ],
  };
}

function proposalSections(r: StudyReport): Section[] {
  return [
    { title: '8. Design proposals', level: 2, blocks: [{ kind: 'p', text: 'Each a claim, tested by an experiment in this run; the result says whether the run supports it.' }] },
    ...r.result.proposals.map((x, i): Section => ({
      title: `8.${i + 1} ${x.title}`, level: 3, blocks: [
        { kind: 'p', text: `**Claim.** ${x.claim}` },
        { kind: 'p', text: `**Experiment.** ${x.experiment}` },
        { kind: 'table', head: x.table.head, rows: x.table.rows.map((row) => row.map((c) => (typeof c === 'number' ? f(c, 3) : c))) },
        { kind: 'p', text: `**Result: ${x.holds ? 'supported' : 'not supported'}.** ${x.verdict}` },
      ],
    })),
  ];
}

function limitsSection(): Section {
  return {
    title: 'Limits', level: 2, blocks: [{
      kind: 'list', items: [
        'The runtime model\'s engine-only figures are checked against the cycle-accurate replay of the default datapath (test/runtime/validation.test.ts, tolerances in docs/architecture.md) and its queueing core against M/M/1, M/D/1 and M/M/c; the ARM and host placements rest on the measured software rates and the cited ARM factors, not on a simulation.',
        'The ARM factors are published figures of other machines (docs/arm-factors.md), two of them estimates of low confidence; the host rates are this machine\'s, measured while it may have been busy.',
        'The engine clock is stated, not measured: synth_xilinx gives resources, not timing.',
        'The traces are the seeded samples under traces/ (shaped like the published Alibaba, MSR Cambridge and fio workloads), not the full published traces.',
      ],
    }],
  };
}

export function studyDocument(r: StudyReport): { title: string; intro: Block[]; sections: Section[] } {
  return {
    title: 'dpuforge study: where storage functions belong on a DPU',
    intro: [
      { kind: 'p', text: `Generated by \`npm run dpuforge -- study\` (${r.tool}) from the runtime model (src/runtime), the synthesis table (docs/synthesis.json) and the measurements of the same run; every number here comes from that run, and study.json holds them all. The same inputs give the same bytes except the software rates measured on the machine: \`npm run dpuforge -- study --measured docs/study/study.json\` reuses them.` },
    ],
    sections: [...setupSection(r), functionSection(r), policySection(r), sweepSection(r), attachSection(r), armSection(r), areaSection(r), sensitivitySection(r), ...proposalSections(r), limitsSection()],
  };
}
