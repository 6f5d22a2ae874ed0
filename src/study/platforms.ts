// The platforms the study compares, built from its parameters and inputs: a DPU with one engine per function
// (our default engines at the stated clock), the same DPU with its engines attached look-aside or store and
// forward, a multicore DPU with ARM cores only, and the host alone. Also the offered-load scaling of a trace.
import type { IoRequest, Workload } from '../runtime/dpu.js';
import type { PlatformConfig, StorageFunction } from '../runtime/platform.js';
import type { StudyInputs } from './inputs.js';
import type { StudyParams } from './params.js';

/** An engine's input bytes per cycle for a function. */
export const engineInputBytesPerCycle = (inp: StudyInputs, fn: StorageFunction): number => inp.engines[fn].bytesPerCycle;
/** The data's compression ratio, as the simulated compressor reached it. */
export const compressionRatio = (inp: StudyInputs): number => inp.measured.compression.compressionRatio;

export interface PlatformChoice {
  /** Engines per function (0: none: a multicore DPU), or a count per function. */
  engines: number | Partial<Record<StorageFunction, number>>;
  armCores?: number;
  attach?: PlatformConfig['engineAttach'];
  controlNs?: number;
}

export function studyPlatform(p: StudyParams, inp: StudyInputs, c: PlatformChoice): PlatformConfig {
  const engines: PlatformConfig['engines'] = {};
  for (const fn of p.functions) {
    const count = typeof c.engines === 'number' ? c.engines : c.engines[fn] ?? 0;
    if (count > 0) engines[fn] = { count, bytesPerCycle: engineInputBytesPerCycle(inp, fn), overheadCycles: p.engineOverheadCycles };
  }
  return {
    clockMhz: p.clockMhz,
    engines,
    armCores: c.armCores ?? p.armCores,
    hostCores: p.hostCores,
    software: { ...inp.measured.software.rates },
    // every function has its own cited factor; the general one is never used
    armFactor: 1,
    armFactors: Object.fromEntries(Object.entries(inp.armFactors).map(([fn, a]) => [fn, a.factor])),
    softwareOverheadNs: p.softwareOverheadNs,
    requestLatencyNs: p.requestLatencyNs,
    ...(c.controlNs ? { controlNs: c.controlNs } : {}),
    pcie: { ...p.pcie },
    network: { ...p.network },
    ec: { ...p.ec },
    compressionRatio: compressionRatio(inp),
    engineAttach: c.attach ?? { mode: 'inline', cutThrough: true },
  };
}

export const workloadOf = (p: StudyParams, drop: readonly StorageFunction[] = []): Workload => ({ functions: p.functions.filter((f) => !drop.includes(f)) });

/** The trace's I/Os sped up (or slowed) so that they offer `gbps` of plain bytes over the trace's span. */
export function atOfferedLoad(requests: readonly IoRequest[], gbps: number): { requests: IoRequest[]; speedup: number } {
  const first = Math.min(...requests.map((r) => r.arrivalNs));
  const last = Math.max(...requests.map((r) => r.arrivalNs));
  const bytes = requests.reduce((n, r) => n + r.bytes, 0);
  // a trace whose I/Os all arrive at once offers any load: keep its times
  const speedup = last > first ? ((gbps / 8) * (last - first)) / bytes : 1;
  return { requests: requests.map((r) => ({ ...r, arrivalNs: (r.arrivalNs - first) / speedup })), speedup };
}
