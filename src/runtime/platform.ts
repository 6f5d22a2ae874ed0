// What the runtime model simulates: a storage DPU between a host (PCIe) and the network, with engines per
// storage function, ARM cores and host cores, and the functions each I/O needs on its way. Every rate is a
// parameter: the study fills them from our simulated engines (bytes/cycle at a clock), from measuring the
// real libraries on this machine (bytes/s on one x86 core), and from a cited ARM-versus-x86 factor.

/** The storage functions an I/O passes, in write-path order (reads run the inverse ones in reverse). */
export const STORAGE_FUNCTIONS = ['crc32c', 'compress', 'encrypt', 'ec-encode', 'ec-reconstruct', 'decrypt', 'decompress'] as const;
export type StorageFunction = (typeof STORAGE_FUNCTIONS)[number];

/** Where a stage runs: a hardware engine of its function, an ARM core of the DPU, or a host core. */
export type Placement = 'engine' | 'arm' | 'host';
export const PLACEMENTS: readonly Placement[] = ['engine', 'arm', 'host'];

export interface LinkConfig {
  /** Gigabits per second, one direction. */
  gbps: number;
  /** One-way latency, ns. */
  latencyNs: number;
  /** The network's traffic goes over the PCIe link's two directions (storage nodes that are host memory). */
  viaPcie?: boolean;
}

export interface EngineConfig {
  count: number;
  /** Input bytes per cycle of one engine (from simulating the generated RTL). */
  bytesPerCycle: number;
  /** Fixed cycles per request (pipeline fill, descriptor handling). */
  overheadCycles: number;
  /** The engine takes its whole input before it puts out anything (the EC stripe stages do). */
  storeAndForward?: boolean;
  /** Engines that name the same pool share its servers: one pipeline taking the requests of several functions in turn. */
  pool?: string;
}

export interface PlatformConfig {
  /** The engines' clock (Fmax from synthesis when known, else a stated clock). */
  clockMhz: number;
  engines: Partial<Record<StorageFunction, EngineConfig>>;
  armCores: number;
  hostCores: number;
  /** Bytes/s of one host (x86) core per function: measured with the real libraries on this machine. */
  software: Partial<Record<StorageFunction, number>>;
  /** An ARM core's speed relative to the host core (a cited, published ratio; arm-factors.ts) ... */
  armFactor: number;
  /** ... and per function where the sources give one (overrides armFactor). */
  armFactors?: Partial<Record<StorageFunction, number>>;
  /** Per-request software overhead on a core (submission, completion, cache misses), ns. */
  softwareOverheadNs: number;
  /**
   * ARM core time per I/O for the control path (parse the command, look up metadata, place the fragments), ns,
   * before the I/O's first stage. Absent or 0: the model leaves the control path out.
   */
  controlNs?: number;
  /** Requests the device works on at once (from submission to completion); more wait their turn ... */
  maxInFlight?: number;
  /** ... in arrival order ('fifo', the default), or per submission queue, the queues taken in turn ('round-robin'). */
  admission?: 'fifo' | 'round-robin';
  /** Latency every I/O pays whatever runs it, ns: before its first stage (submission) and after its last (completion). */
  requestLatencyNs?: { submit: number; complete: number };
  pcie: LinkConfig;
  network: LinkConfig;
  /** The EC code: a write sends k+m fragments, a read fetches k (and rebuilds lost ones). */
  ec: { k: number; m: number };
  /** Compression ratio of the data (input / output), for the bytes after the compress stage. */
  compressionRatio: number;
  /**
   * How engines attach: inline on the DMA path (data streams through them), or look-aside (an ARM core calls the
   * engine: `callNs` of an ARM core per stage, and the engine reads its input from and writes its output to DPU
   * memory — two passes of the bytes over `memoryGbps`). Inline with `cutThrough`, engines and links pass data on
   * as it comes (a stage starts as its input starts arriving and ends no sooner than its input has), as the
   * generated datapath streams it; without, each stage waits for its whole input (store and forward).
   */
  engineAttach: { mode: 'inline'; cutThrough?: boolean } | { mode: 'look-aside'; callNs: number; memoryGbps: number };
}

export class PlatformError extends Error {
  override name = 'PlatformError';
}

const positive = (what: string, v: number) => {
  if (!(v > 0) || !Number.isFinite(v)) throw new PlatformError(`${what} = ${v}: must be a positive number`);
};
const count = (what: string, v: number) => {
  if (!Number.isInteger(v) || v < 0) throw new PlatformError(`${what} = ${v}: must be a whole number, 0 or more`);
};

/**
 * Check a platform for the functions a workload needs: numbers in range, and every needed function has
 * somewhere to run (an engine, or cores with a software rate for it).
 */
export function validatePlatform(p: PlatformConfig, needed: readonly StorageFunction[]): void {
  positive('clockMhz', p.clockMhz);
  count('armCores', p.armCores);
  count('hostCores', p.hostCores);
  positive('armFactor', p.armFactor);
  for (const [fn, f] of Object.entries(p.armFactors ?? {})) positive(`armFactors.${fn}`, f!);
  if (!(p.softwareOverheadNs >= 0)) throw new PlatformError(`softwareOverheadNs = ${p.softwareOverheadNs}: must be 0 or more`);
  if (p.controlNs !== undefined) {
    if (!(p.controlNs >= 0)) throw new PlatformError(`controlNs = ${p.controlNs}: must be 0 or more`);
    if (p.controlNs > 0 && p.armCores === 0) throw new PlatformError(`controlNs = ${p.controlNs}: the control path runs on ARM cores, and armCores = 0`);
  }
  positive('pcie.gbps', p.pcie.gbps);
  positive('network.gbps', p.network.gbps);
  positive('compressionRatio', p.compressionRatio);
  if (p.engineAttach.mode === 'look-aside') {
    if (!(p.engineAttach.callNs >= 0)) throw new PlatformError(`engineAttach.callNs = ${p.engineAttach.callNs}: must be 0 or more`);
    positive('engineAttach.memoryGbps', p.engineAttach.memoryGbps);
    if (p.armCores === 0 && Object.values(p.engines).some((e) => e!.count > 0)) throw new PlatformError('engineAttach look-aside: ARM cores call the engines, and armCores = 0');
  }
  if (!Number.isInteger(p.ec.k) || p.ec.k < 1 || !Number.isInteger(p.ec.m) || p.ec.m < 0) throw new PlatformError(`ec = ${p.ec.k}+${p.ec.m}: k must be 1 or more, m 0 or more`);
  for (const [fn, e] of Object.entries(p.engines)) {
    if (!STORAGE_FUNCTIONS.includes(fn as StorageFunction)) throw new PlatformError(`engines.${fn}: not a storage function (${STORAGE_FUNCTIONS.join(', ')})`);
    count(`engines.${fn}.count`, e!.count);
    positive(`engines.${fn}.bytesPerCycle`, e!.bytesPerCycle);
    if (!(e!.overheadCycles >= 0)) throw new PlatformError(`engines.${fn}.overheadCycles = ${e!.overheadCycles}: must be 0 or more`);
  }
  for (const [fn, r] of Object.entries(p.software)) {
    if (!STORAGE_FUNCTIONS.includes(fn as StorageFunction)) throw new PlatformError(`software.${fn}: not a storage function (${STORAGE_FUNCTIONS.join(', ')})`);
    positive(`software.${fn}`, r!);
  }
  for (const fn of needed) {
    const engines = p.engines[fn]?.count ?? 0;
    const cores = p.software[fn] ? p.armCores + p.hostCores : 0;
    if (engines === 0 && cores === 0) {
      throw new PlatformError(`'${fn}' has nowhere to run: no ${fn} engine, and ${p.software[fn] ? 'no ARM or host cores' : 'no software rate for the cores'} (give it engines, or cores and a software rate)`);
    }
  }
}

/** Service time (ns) of `bytes` of function `fn` on one server of a placement, or undefined if it cannot run there. */
export function serviceNs(p: PlatformConfig, fn: StorageFunction, where: Placement, bytes: number): number | undefined {
  if (where === 'engine') {
    const e = p.engines[fn];
    if (!e || e.count === 0) return undefined;
    return ((e.overheadCycles + bytes / e.bytesPerCycle) * 1000) / p.clockMhz;
  }
  const rate = p.software[fn];
  if (!rate || (where === 'arm' ? p.armCores : p.hostCores) === 0) return undefined;
  const bytesPerNs = (rate * (where === 'arm' ? p.armFactors?.[fn] ?? p.armFactor : 1)) / 1e9;
  return p.softwareOverheadNs + bytes / bytesPerNs;
}

/** Where a placement's data lives: engines and ARM cores work in DPU memory, host cores in host memory. */
export const sideOf = (where: Placement): 'dpu' | 'host' => (where === 'host' ? 'host' : 'dpu');
