// A simulated design: loads a built model (sim/verilator-build.ts) and drives it with batches of beats per
// stream port through the native bridge. One run() call covers a whole batch; it returns the output beats
// with their cycle stamps, or throws a SimStallError that says what the design was waiting for. A design's
// AXI4 master ports are served by host memories inside the bridge (contents set and read with memory(), faults
// injected with memory().injectFaults()).
import { createRequire } from 'node:module';
import type { AxiMasterPort, GeneratedDesign, StreamPort } from '../gen/core/design.js';
import type { Beats, ReceivedBeats } from './stream.js';
import { buildModel, type BuildOptions, type BuiltModel } from './verilator-build.js';

interface NativeRunResult {
  status: number;
  cycles: number;
  startCycle: number;
  outs: (ReceivedBeats & { validAtEnd: boolean })[];
  ins: { accepted: number; readyAtEnd: boolean }[];
  mems: (MemoryStats & { violations: string[] })[];
}

/** Host memory timing behind an AXI4 master port, for one run. */
export interface MemoryTiming {
  /** Cycles from a read address accepted to its first data beat (default 20). */
  readLatency?: number;
  /** Cycles from a write burst's last data beat to its response (default 20). */
  writeLatency?: number;
  /** Bytes per cycle each direction may move (default: one beat per cycle). */
  bytesPerCycle?: number;
  /** Read bursts the host accepts before their data has all returned (default 16). */
  maxReads?: number;
  /** Write bursts the host accepts before they are answered (default 16). */
  maxWrites?: number;
}

export interface MemoryStats {
  readBursts: number;
  readBeats: number;
  writeBursts: number;
  writeBeats: number;
  /** Most read bursts in flight at once during the run. */
  maxReadsInFlight: number;
  readsInFlight: number;
  writesInFlight: number;
  /** Read and write bursts answered with an error response (outside the memory, or an injected fault). */
  readErrors: number;
  writeErrors: number;
  /** Read beats returned with an injected bit flip. */
  flippedBeats: number;
}

/** AXI4 response codes (xRESP). */
export const AXI_RESP = { OKAY: 0, EXOKAY: 1, SLVERR: 2, DECERR: 3 } as const;
export type AxiErrorResponse = 'SLVERR' | 'DECERR';

/**
 * A fault the host memory injects until the faults are replaced or cleared: every read and/or write burst touching
 * [addr, addr + length) answers the error (a read's data beats are zeros, a write's bytes are dropped), or one bit
 * of the byte at addr is flipped in every read beat that covers it (the memory's contents stay as they are).
 */
export type MemoryFault =
  | { kind: 'error'; addr: number; length: number; reads?: AxiErrorResponse; writes?: AxiErrorResponse }
  | { kind: 'bit-flip'; addr: number; bit: number };

/** The contents of the host memory behind one AXI4 master port (byte addresses from 0). */
export interface HostMemory {
  readonly size: number;
  resize(bytes: number): void;
  write(addr: number, data: Uint8Array): void;
  read(addr: number, length: number): Uint8Array;
  /** Replace the injected faults with these (they stay for later runs). */
  injectFaults(faults: readonly MemoryFault[]): void;
  /** Remove every injected fault. */
  clearFaults(): void;
}

export class AxiProtocolError extends Error {
  constructor(top: string, port: string, violations: string[]) {
    super(`${top}.${port} broke the AXI4 rules the host memory checks:\n  ${violations.join('\n  ')}`);
    this.name = 'AxiProtocolError';
  }
}

interface NativeAddon {
  traceable: boolean;
  create(seed: number): unknown;
  destroy(h: unknown): void;
  reset(h: unknown, cycles: number): void;
  run(h: unknown, ins: unknown[], outs: unknown[], opts: unknown): NativeRunResult;
  traceOpen(h: unknown, path: string): boolean;
  traceClose(h: unknown): void;
  memResize(h: unknown, k: number, bytes: number): void;
  memWrite(h: unknown, k: number, addr: number, data: Uint8Array): void;
  memRead(h: unknown, k: number, addr: number, length: number): Uint8Array;
  memFaults(h: unknown, k: number, errors: { addr: number; length: number; readResp: number; writeResp: number }[], flips: { addr: number; mask: number }[]): void;
}

export interface InputDrive {
  beats: Beats;
  /** Probability of an idle cycle before each beat is offered (0 = full rate). */
  gap?: number;
}

export interface OutputDrive {
  /** Probability that tready is low on a cycle (0 = always ready). */
  backpressure?: number;
  /** The run ends once this many tlast beats have arrived on this port (plus all inputs consumed). */
  expectLast?: number;
}

export interface RunOptions {
  /** Seed of the gap/backpressure pattern. */
  seed?: number;
  /** Cycles without any stream transfer before the run is declared stuck (default 10,000). */
  stallLimit?: number;
  /** Upper bound on this run's cycles. */
  maxCycles?: number;
  /** With no expectLast: cycles of silence after the inputs are consumed that end the run. */
  drainCycles?: number;
  /** Host memory timing per AXI4 master port (by prefix); settings stay for later runs. */
  memories?: Record<string, MemoryTiming>;
  /**
   * Run exactly this many cycles and return what came out, finished or not (a polling host: expectLast and
   * the stall limit do not apply).
   */
  cyclesExactly?: number;
}

export interface RunResult {
  /** Cycles this run took. */
  cycles: number;
  /** Model cycle at which the run started (cycle stamps are absolute). */
  startCycle: number;
  outputs: Record<string, ReceivedBeats>;
  /** Per AXI4 master port: traffic during this run. */
  memories: Record<string, MemoryStats>;
}

export class SimStallError extends Error {
  constructor(message: string, readonly cycle: number) {
    super(message);
    this.name = 'SimStallError';
  }
}

const loaded = new Map<string, NativeAddon>();
function loadAddon(file: string): NativeAddon {
  let a = loaded.get(file);
  if (!a) {
    a = createRequire(import.meta.url)(file) as NativeAddon;
    loaded.set(file, a);
  }
  return a;
}

export interface LoadOptions extends BuildOptions {
  /** Seed for the model's random initial register values. */
  seed?: number;
  /** Reset cycles applied at load (default 4). */
  resetCycles?: number;
  /** Size of each AXI4 master port's host memory (default 16 MiB). */
  memoryBytes?: number;
}

export class SimModel {
  private handle: unknown;
  private readonly addon: NativeAddon;
  private readonly ins: StreamPort[];
  private readonly outs: StreamPort[];
  private tracing?: string;

  private readonly mems: AxiMasterPort[];
  private readonly memSizes: number[];

  private constructor(readonly built: BuiltModel, seed: number, resetCycles: number, memoryBytes: number) {
    this.addon = loadAddon(built.addon);
    this.handle = this.addon.create(seed);
    this.ins = built.ports.streams.filter((s) => s.dir === 'in');
    this.outs = built.ports.streams.filter((s) => s.dir === 'out');
    this.mems = built.ports.memories ?? [];
    this.memSizes = this.mems.map(() => memoryBytes);
    this.mems.forEach((_, k) => this.addon.memResize(this.handle, k, memoryBytes));
    this.reset(resetCycles);
  }

  /** The host memory behind an AXI4 master port. */
  memory(prefix: string): HostMemory {
    const k = this.mems.findIndex((m) => m.prefix === prefix);
    if (k < 0) throw new Error(`${this.top} has no AXI4 master port '${prefix}' (ports: ${this.mems.map((m) => m.prefix).join(', ') || 'none'})`);
    const sizes = this.memSizes;
    const addon = this.addon;
    const live = () => this.live();
    return {
      get size() { return sizes[k]; },
      resize(bytes: number) { addon.memResize(live(), k, bytes); sizes[k] = bytes; },
      write(addr: number, data: Uint8Array) { addon.memWrite(live(), k, addr, data); },
      read(addr: number, length: number) { return addon.memRead(live(), k, addr, length); },
      injectFaults: (faults: readonly MemoryFault[]) => {
        const { errors, flips } = nativeFaults(`${this.top}.${prefix}`, faults);
        addon.memFaults(live(), k, errors, flips);
      },
      clearFaults() { addon.memFaults(live(), k, [], []); },
    };
  }

  /** Build (or fetch from the cache) and instantiate a model of the design, reset. */
  static async load(design: GeneratedDesign, options: LoadOptions = {}): Promise<SimModel> {
    const built = await buildModel(design, options);
    return new SimModel(built, options.seed ?? 1, options.resetCycles ?? 4, options.memoryBytes ?? 1 << 24);
  }

  get top(): string {
    return this.built.top;
  }

  reset(cycles = 4): void {
    this.addon.reset(this.live(), cycles);
  }

  /** Start writing a VCD (the model must be built with trace: true). Cycle c spans times 10c..10c+9. */
  traceTo(file: string): void {
    if (!this.addon.traceable) throw new Error(`${this.top}: this model was built without trace support; load it with { trace: true }`);
    if (!this.addon.traceOpen(this.live(), file)) throw new Error(`${this.top}: cannot open VCD file ${file}`);
    this.tracing = file;
  }

  traceStop(): void {
    this.addon.traceClose(this.live());
    this.tracing = undefined;
  }

  close(): void {
    if (this.handle !== undefined) this.addon.destroy(this.handle);
    this.handle = undefined;
  }

  run(inputs: Record<string, InputDrive>, outputs: Record<string, OutputDrive>, options: RunOptions = {}): RunResult {
    for (const name of [...Object.keys(inputs), ...Object.keys(outputs)]) {
      if (!this.built.ports.streams.some((s) => s.prefix === name)) {
        throw new Error(`${this.top} has no stream port '${name}' (ports: ${this.built.ports.streams.map((s) => s.prefix).join(', ')})`);
      }
    }
    const nativeIns = this.ins.map((port) => {
      const d = inputs[port.prefix];
      if (!d) return { count: 0 };
      checkBeats(this.top, port, d.beats);
      return { ...d.beats, gap: d.gap ?? 0 };
    });
    const nativeOuts = this.outs.map((port) => {
      const d = outputs[port.prefix] ?? {};
      return { backpressure: d.backpressure ?? 0, expectLast: d.expectLast ?? -1 };
    });
    for (const name of Object.keys(options.memories ?? {})) {
      if (!this.mems.some((m) => m.prefix === name)) throw new Error(`${this.top} has no AXI4 master port '${name}' (ports: ${this.mems.map((m) => m.prefix).join(', ') || 'none'})`);
    }
    const exact = options.cyclesExactly;
    if (exact !== undefined && (!Number.isInteger(exact) || exact < 1)) throw new Error(`${this.top}: cyclesExactly ${exact} is not a positive whole number`);
    const stallLimit = exact ?? options.stallLimit ?? 10_000;
    if (exact !== undefined) nativeOuts.forEach((o) => { o.expectLast = -1; });
    const r = this.addon.run(this.live(), nativeIns, nativeOuts, {
      seed: options.seed ?? 1, stallLimit: exact !== undefined ? exact + 1 : stallLimit, maxCycles: exact ?? options.maxCycles ?? 1e15,
      drainCycles: exact !== undefined ? exact + 1 : options.drainCycles ?? 100,
      mems: this.mems.map((m) => options.memories?.[m.prefix] ?? {}),
    });
    this.mems.forEach((m, k) => { if (r.mems[k].violations.length) throw new AxiProtocolError(this.top, m.prefix, r.mems[k].violations); });
    if (r.status !== 0 && !(exact !== undefined && r.status === 2)) throw new SimStallError(this.describeStall(r, nativeIns, nativeOuts, stallLimit), r.startCycle + r.cycles);
    const outputsByName: Record<string, ReceivedBeats> = {};
    this.outs.forEach((port, k) => { outputsByName[port.prefix] = r.outs[k]; });
    const memories: Record<string, MemoryStats> = {};
    this.mems.forEach((m, k) => { const { violations: _v, ...stats } = r.mems[k]; memories[m.prefix] = stats; });
    return { cycles: r.cycles, startCycle: r.startCycle, outputs: outputsByName, memories };
  }

  private describeStall(r: NativeRunResult, ins: { count: number }[], outs: { expectLast: number }[], stallLimit: number): string {
    const end = r.startCycle + r.cycles;
    const head = r.status === 1
      ? `${this.top} is stuck: no stream transfer for ${stallLimit} cycles (cycles ${end - stallLimit}..${end})`
      : `${this.top} did not finish within ${r.cycles} cycles (at cycle ${end})`;
    const parts: string[] = [];
    this.ins.forEach((port, k) => {
      const n = ins[k].count;
      if (!n) return;
      const acc = r.ins[k].accepted;
      parts.push(acc < n
        ? `${port.prefix}: ${acc} of ${n} beats accepted, waiting on ${port.prefix}_tready (${r.ins[k].readyAtEnd ? 'high' : 'low'} at the end)`
        : `${port.prefix}: all ${n} beats accepted`);
    });
    this.outs.forEach((port, k) => {
      const want = outs[k].expectLast;
      const got = Array.from(r.outs[k].last).filter((x) => x).length;
      if (want >= 0) {
        parts.push(got < want
          ? `${port.prefix}: ${got} of ${want} packets (tlast) received, waiting on ${port.prefix}_tvalid (${r.outs[k].validAtEnd ? 'high' : 'low'} at the end)`
          : `${port.prefix}: all ${want} packets received`);
      } else {
        parts.push(`${port.prefix}: ${r.outs[k].count} beats received`);
      }
    });
    this.mems.forEach((m, k) => {
      const st = r.mems[k];
      parts.push(`${m.prefix}: ${st.readsInFlight} read and ${st.writesInFlight} write bursts in flight`);
    });
    const where = this.tracing ? ` VCD: ${this.tracing}` : '';
    return `${head}. ${parts.join('; ')}.${where}`;
  }

  private live(): unknown {
    if (this.handle === undefined) throw new Error(`${this.top}: model is closed`);
    return this.handle;
  }
}

/** Faults as the bridge takes them, each checked (a bad one is an error naming it). */
function nativeFaults(where: string, faults: readonly MemoryFault[]) {
  const errors: { addr: number; length: number; readResp: number; writeResp: number }[] = [];
  const flips: { addr: number; mask: number }[] = [];
  const whole = (x: number) => Number.isSafeInteger(x) && x >= 0;
  for (const f of faults) {
    const bad = (why: string) => new Error(`${where}: fault ${JSON.stringify(f)}: ${why}`);
    if (!whole(f.addr)) throw bad('addr is not a whole number of bytes');
    if (f.kind === 'error') {
      if (!whole(f.length) || f.length === 0) throw bad('length is not a positive whole number');
      if (!f.reads && !f.writes) throw bad('neither reads nor writes answer an error');
      for (const r of [f.reads, f.writes]) if (r !== undefined && r !== 'SLVERR' && r !== 'DECERR') throw bad(`response ${String(r)} is not SLVERR or DECERR`);
      errors.push({ addr: f.addr, length: f.length, readResp: f.reads ? AXI_RESP[f.reads] : 0, writeResp: f.writes ? AXI_RESP[f.writes] : 0 });
    } else if (f.kind === 'bit-flip') {
      if (!Number.isInteger(f.bit) || f.bit < 0 || f.bit > 7) throw bad('bit is outside 0..7');
      flips.push({ addr: f.addr, mask: 1 << f.bit });
    } else {
      throw bad("kind is not 'error' or 'bit-flip'");
    }
  }
  return { errors, flips };
}

function checkBeats(top: string, port: StreamPort, b: Beats): void {
  const kb = Math.ceil(port.dataBytes / 8);
  const ub = Math.ceil(port.userBits / 8);
  const where = `${top}.${port.prefix}`;
  if (!Number.isInteger(b.count) || b.count < 0) throw new Error(`${where}: beat count ${b.count} is not a whole number`);
  if (b.data.length < b.count * port.dataBytes) throw new Error(`${where}: ${b.count} beats need ${b.count * port.dataBytes} data bytes, got ${b.data.length}`);
  if (b.keep && !port.keep) throw new Error(`${where} has no tkeep, but keep was given`);
  if (b.keep && b.keep.length < b.count * kb) throw new Error(`${where}: keep holds fewer than ${b.count} beats`);
  if (b.last && b.last.length < b.count) throw new Error(`${where}: last holds fewer than ${b.count} beats`);
  if (b.user && !port.userBits) throw new Error(`${where} has no tuser, but user was given`);
  if (b.user && b.user.length < b.count * ub) throw new Error(`${where}: user holds fewer than ${b.count} beats`);
}
