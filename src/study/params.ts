// The study's fixed parameters: the DPU it models (a BlueField-2-class card with our default engines at a stated
// clock), the loads it offers and the traces it replays. Every figure of docs/study/ follows from these, the
// synthesis table and the software rates measured on this machine; the report prints them all.
import { SAMPLE_TRACES } from '../trace/samples.js';
import { STORAGE_FUNCTIONS, type StorageFunction } from '../runtime/platform.js';
import { policyByName } from '../runtime/policy.js';

export interface StudyTrace {
  /** A name for the tables. */
  name: string;
  /** The trace file, relative to the project root. */
  file: string;
}

export interface StudyParams {
  /** Engine clock, MHz: synth_xilinx gives no timing, so a stated UltraScale+ clock (Vivado would confirm it). */
  clockMhz: number;
  /** Fixed cycles per request on an engine (descriptor, pipeline fill). */
  engineOverheadCycles: number;
  armCores: number;
  /** The larger multicore DPU the study also tries (cores only, no engines). */
  bigArmCores: number;
  hostCores: number;
  /** Per call of a software kernel on a core, ns. */
  softwareOverheadNs: number;
  /** ARM core time per I/O for the control path, ns (in the "what ARM cores are for" experiment). */
  controlNs: number;
  requestLatencyNs: { submit: number; complete: number };
  pcie: { gbps: number; latencyNs: number };
  network: { gbps: number; latencyNs: number };
  ec: { k: number; m: number };
  /** Look-aside engines: an ARM core's time per call, and the DPU memory they read and write through. */
  lookAside: { callNs: number; memoryGbps: number };
  /** The storage functions every I/O passes (an encrypted, compressed, erasure-coded volume). */
  functions: StorageFunction[];
  /** Offered load (plain bytes, Gb/s) of the policy tables, and of the load sweep. */
  offeredGbps: number;
  sweepGbps: number[];
  /** Fraction of reads that find fragments lost. */
  degradedReads: number;
  /** Records of each trace the model replays. */
  records: number;
  /** Seeds: degraded reads (trace load). */
  seed: number;
  /** The size threshold (bytes) and the fallback queue limit of the mixed policies. */
  sizeThresholdBytes: number;
  fallbackQueue: number;
  /** More dispatch policies for the DPU with engines, by name (policyByName) ... */
  extraPolicies: string[];
  /** ... and a user's own: JavaScript modules whose default export is a DispatchPolicy (paths as given). */
  policyModules: string[];
  traces: StudyTrace[];
  /**
   * The data the compression figures are measured on (software and simulated engines): the trace replay's
   * synthesized sectors, `compressPercent` zeros after random bytes, `dataBytes` of them.
   */
  compressPercent: number;
  dataBytes: number;
  /** Software measurement: block size (bytes) and minimum time per figure (ms). */
  softwareBlockBytes: number;
  softwareMinMs: number;
}

const sample = (i: number) => SAMPLE_TRACES[i].file;

export const DEFAULT_STUDY_PARAMS: StudyParams = {
  clockMhz: 250,
  engineOverheadCycles: 64,
  armCores: 8,
  bigArmCores: 16,
  hostCores: 32,
  softwareOverheadNs: 1000,
  controlNs: 2000,
  requestLatencyNs: { submit: 1000, complete: 500 },
  pcie: { gbps: 200, latencyNs: 900 },
  network: { gbps: 100, latencyNs: 5000 },
  ec: { k: 8, m: 2 },
  lookAside: { callNs: 1500, memoryGbps: 200 },
  functions: ['crc32c', 'compress', 'encrypt', 'ec-encode', 'ec-reconstruct', 'decrypt', 'decompress'],
  offeredGbps: 16,
  sweepGbps: [4, 8, 16, 24, 32, 48],
  degradedReads: 0.05,
  records: 2000,
  seed: 1,
  sizeThresholdBytes: 8192,
  fallbackQueue: 4,
  extraPolicies: [],
  policyModules: [],
  traces: [
    { name: 'alibaba', file: sample(0) },
    { name: 'msr', file: sample(1) },
    { name: 'fio', file: sample(2) },
  ],
  compressPercent: 50,
  dataBytes: 262144,
  softwareBlockBytes: 16384,
  softwareMinMs: 500,
};

export class StudyParamError extends Error {
  override name = 'StudyParamError';
}

/** Check the parameters the study itself uses (the platform's own checks run when it is built). */
export function validateStudyParams(p: StudyParams): void {
  const pos = (what: string, v: number) => { if (!(v > 0) || !Number.isFinite(v)) throw new StudyParamError(`${what} = ${v}: must be a positive number`); };
  pos('clockMhz', p.clockMhz);
  pos('offeredGbps', p.offeredGbps);
  p.sweepGbps.forEach((g, i) => pos(`sweepGbps[${i}]`, g));
  if (!Number.isInteger(p.records) || p.records < 1) throw new StudyParamError(`records = ${p.records}: must be a whole number, 1 or more`);
  if (p.traces.length < 2) throw new StudyParamError(`traces: ${p.traces.length} given; the policy comparison needs at least two (with different size mixes)`);
  if (!p.functions.length) throw new StudyParamError('functions: none given');
  for (const fn of p.functions) if (!STORAGE_FUNCTIONS.includes(fn)) throw new StudyParamError(`functions: '${fn}' is not a storage function (${STORAGE_FUNCTIONS.join(', ')})`);
  pos('armCores', p.armCores);
  pos('hostCores', p.hostCores);
  for (const name of p.extraPolicies) {
    try {
      policyByName(name);
    } catch (err) {
      throw new StudyParamError((err as Error).message);
    }
  }
  if (!Number.isInteger(p.compressPercent) || p.compressPercent < 0 || p.compressPercent > 100) throw new StudyParamError(`compressPercent = ${p.compressPercent}: must be a whole number in 0..100`);
  if (!Number.isInteger(p.dataBytes) || p.dataBytes < 65536) throw new StudyParamError(`dataBytes = ${p.dataBytes}: must be a whole number, 65536 or more`);
}
