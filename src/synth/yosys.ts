// Synthesis of a generated design with Yosys (the @yowasp/yosys WebAssembly build: `npm ci` is the whole
// install): generic (technology-independent cells), xilinx (synth_xilinx for UltraScale+: an estimate of LUT,
// FF, BRAM/URAM, DSP) or ice40 (synth_ice40, a netlist for nextpnr). Reports resources per module and for the
// whole design, and fails — naming the module and signal — on what would make the hardware wrong: an inferred
// latch, conflicting drivers, a used net with no driver, or a memory marked for block RAM that the target's
// block RAM cannot implement.
import { runYosys, version as wasmVersion } from '@yowasp/yosys';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTool } from '../util/run-tool.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import { projectRoot } from '../util/paths.js';

export type SynthTarget = 'generic' | 'xilinx' | 'ice40';
export const SYNTH_TARGETS: readonly SynthTarget[] = ['generic', 'xilinx', 'ice40'];

export interface Resources {
  luts: number;
  ffs: number;
  /** Block RAMs in the target's unit: RAMB36 (a RAMB18 is half), SB_RAM40_4K. */
  brams: number;
  urams: number;
  dsps: number;
  /** LUTs used as distributed RAM (xilinx). */
  lutrams: number;
  /** Every cell, by type (generic: the gate cells). */
  cells: Record<string, number>;
}

/**
 * Which Yosys runs: the npm WebAssembly build (the default: `npm ci` is the whole install), a native one on the
 * PATH (Debian's `yosys`; no 4 GB limit, for the largest designs), or the native one when installed.
 */
export type YosysChoice = 'wasm' | 'native' | 'auto';

export interface SynthResult {
  target: SynthTarget;
  top: string;
  /** The Yosys that ran, e.g. "wasm 0.55" or "native 0.23". */
  yosys: string;
  /** Each module's own cells (its submodules' not included). */
  modules: Record<string, Resources>;
  /** The whole design (submodules counted as often as they are instantiated). */
  total: Resources;
  /** Yosys warnings that did not fail the run. */
  warnings: string[];
  /** ice40: the synthesized netlist (JSON) for place and route. */
  netlist?: string;
  seconds: number;
}

export class SynthError extends Error {}

const SCRIPTS: Record<SynthTarget, (top: string) => string[]> = {
  generic: (top) => [`synth -top ${top}`],
  // out of context (no I/O buffers): the engine as a block inside a larger design
  xilinx: (top) => [`synth_xilinx -family xcup -noiopad -top ${top}`],
  ice40: (top) => [`synth_ice40 -top ${top} -json netlist.json`],
};

function classify(target: SynthTarget, cells: Record<string, number>): Resources {
  const r: Resources = { luts: 0, ffs: 0, brams: 0, urams: 0, dsps: 0, lutrams: 0, cells: { ...cells } };
  for (const [type, n] of Object.entries(cells)) {
    if (target === 'xilinx') {
      if (/^LUT[1-6]$/.test(type)) r.luts += n;
      else if (/^FD[RSCP]E$/.test(type)) r.ffs += n;
      else if (type === 'RAMB36E2') r.brams += n;
      else if (type === 'RAMB18E2') r.brams += n / 2;
      else if (type === 'URAM288') r.urams += n;
      else if (/^DSP48E2$/.test(type)) r.dsps += n;
      else if (/^RAM(32|64|128|256|512)[XM]/.test(type)) r.lutrams += n;
    } else if (target === 'ice40') {
      if (type === 'SB_LUT4') r.luts += n;
      else if (/^SB_DFF/.test(type)) r.ffs += n;
      else if (/^SB_RAM40_4K/.test(type)) r.brams += n;
      else if (type === 'SB_MAC16') r.dsps += n;
    } else {
      if (/^\$_(S?DFF|DFFE|SDFFE|SDFFCE|ALDFF|DFFSR)/.test(type)) r.ffs += n;
      else if (/^\$_/.test(type)) r.luts += n; // gates
      else if (/^\$mem/.test(type)) r.brams += n;
    }
  }
  return r;
}

/** a += b x times (resources and cells): a module's counted once per instance. */
export function addResources(a: Resources, b: Resources, times: number): void {
  a.luts += b.luts * times; a.ffs += b.ffs * times; a.brams += b.brams * times; a.urams += b.urams * times;
  a.dsps += b.dsps * times; a.lutrams += b.lutrams * times;
  for (const [t, n] of Object.entries(b.cells)) a.cells[t] = (a.cells[t] ?? 0) + n * times;
}

interface StatModule { num_cells_by_type?: Record<string, number> }

/** Yosys writes module names with a leading backslash ($paramod names keep their parameters). */
const plain = (name: string) => name.replace(/^\\/, '');

/**
 * `stat -json`'s output. Yosys 0.23 (Debian's) writes the hierarchy's text lines ("  $paramod\\… 1") into the
 * JSON's "design" object for designs with parameterized submodules; every JSON line starts with a quote or a
 * bracket, so those lines are dropped before parsing.
 */
export function parseStatJson(top: string, text: string): { modules: Record<string, StatModule> } {
  const json = text.split('\n').filter((l) => /^\s*(["{}[\]]|$)/.test(l)).join('\n');
  try {
    return JSON.parse(json) as { modules: Record<string, StatModule> };
  } catch (err) {
    throw new SynthError(`${top}: Yosys' stat -json output cannot be read: ${(err as Error).message}`);
  }
}

/** What in Yosys' log makes the hardware wrong: each is an error naming module and signal. */
function fatalWarnings(log: string): string[] {
  const out = new Set<string>();
  const name = (s: string) => s.replace(/\\/g, '').replace(/:$/, '');
  for (const line of log.split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /Latch inferred for signal `([^']+)' from process `([^']+)'/.exec(line))) out.add(`inferred latch: signal ${name(m[1])} (process ${name(m[2])})`);
    else if ((m = /multiple conflicting drivers for (\S+)/.exec(line))) out.add(`multiple conflicting drivers: ${name(m[1])}`);
    else if ((m = /Drivers conflicting with a constant (\S+) driver/.exec(line))) out.add(`a constant driver conflicts with another: ${name(m[1])}`);
    else if ((m = /[Ww]ire (\S+) is used but has no driver/.exec(line))) out.add(`used but never driven: ${name(m[1])}`);
  }
  return [...out];
}

/** The address space a native Yosys may take: DPUFORGE_YOSYS_MEMORY_GIB, else 70% of this machine's memory. */
export function nativeMemoryLimitGiB(): number {
  const env = Number(process.env.DPUFORGE_YOSYS_MEMORY_GIB);
  return Number.isFinite(env) && env > 0 ? env : Math.floor((0.7 * os.totalmem()) / 2 ** 30);
}

let nativeVersion: Promise<string | undefined> | undefined;
/** The native Yosys's version, or undefined when none is on the PATH. */
export function nativeYosys(): Promise<string | undefined> {
  nativeVersion ??= runTool('yosys', ['-V']).then((r) => (r.ok ? /Yosys ([\d.]+)/.exec(r.stdout)?.[1] ?? 'unknown' : undefined));
  return nativeVersion;
}

/** Run a script with files; returns the files it wrote (those named) and its log. Throws with the log. */
export async function runScript(which: 'wasm' | 'native', script: string, files: Record<string, string>, outputs: string[]): Promise<{ out: Record<string, string>; log: string }> {
  if (which === 'native') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dpuforge-yosys-'));
    try {
      for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
      // under an address-space limit, so that a design beyond the machine fails by itself instead of drawing the
      // kernel's out-of-memory killer onto whatever else runs
      const limit = nativeMemoryLimitGiB();
      const r = await runTool('bash', ['-c', `ulimit -v ${Math.round(limit * 2 ** 20)} && exec yosys -p "$1"`, 'yosys', script], { cwd: dir });
      if (!r.ok) {
        const oom = /bad_alloc|[Oo]ut of memory|Cannot allocate memory/.test(r.all) || /SIG(KILL|ABRT|SEGV)/.test(r.failure ?? '');
        throw Object.assign(new Error(oom ? `out of memory: Yosys needed more than the ${limit} GiB it may use (${r.failure}; set DPUFORGE_YOSYS_MEMORY_GIB to allow more)` : r.failure ?? 'yosys failed'), { log: r.all, outOfMemory: oom });
      }
      const out: Record<string, string> = {};
      for (const o of outputs) { try { out[o] = readFileSync(path.join(dir, o), 'utf8'); } catch { /* not written */ } }
      return { out, log: r.all };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  let log = '';
  const dec = new TextDecoder();
  const sink = (b: Uint8Array | null) => { if (b) log += dec.decode(b, { stream: true }); };
  try {
    const tree = (await runYosys(['-p', script], files, { stdout: sink, stderr: sink })) as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (const o of outputs) if (tree[o] !== undefined) out[o] = String(tree[o]);
    return { out, log };
  } catch (err) {
    throw Object.assign(err as Error, { log });
  }
}

/** A design's files by name: its generated files and the hw/lib files it uses. */
export function designFiles(design: GeneratedDesign): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of design.files) files[f.name] = f.content;
  for (const lib of design.libFiles) {
    try {
      files[path.basename(lib)] = readFileSync(path.join(projectRoot(), lib), 'utf8');
    } catch (err) {
      throw new SynthError(`${design.top}: input file ${lib} cannot be read: ${(err as Error).message}`);
    }
  }
  return files;
}

/** The Yosys a run uses for `choice` ('auto': the native one when installed), and how results name it. */
export async function pickYosys(top: string, choice: YosysChoice = 'wasm'): Promise<{ which: 'wasm' | 'native'; name: string }> {
  const native = choice === 'wasm' ? undefined : await nativeYosys();
  if (choice === 'native' && !native) throw new SynthError(`${top}: no native yosys on the PATH (Debian: apt-get install yosys)`);
  return native ? { which: 'native', name: `native ${native}` } : { which: 'wasm', name: `wasm ${wasmVersion}` };
}

/** A design's logic depth, the Fmax proxy measurable without Vivado. */
export interface LogicDepth {
  /** Nodes on the longest path Yosys's ltp finds (a register output, then one node per LUT). */
  nodes: number;
  /** 6-input LUT levels on that path: nodes - 1. */
  lutLevels: number;
  /** Where the path starts (a register or an input). */
  from: string;
  /** Where it ends (the last node: a LUT whose output a register or an output takes). */
  to: string;
  yosys: string;
  seconds: number;
}

/**
 * The longest register-to-register path in 6-input LUTs: flattened generic synthesis (memories kept as cells),
 * `abc -lut 6`, then `ltp -noff`, which stops at Yosys's generic flip-flops (after synth_xilinx it would run
 * through the FDRE cells).
 */
export async function logicDepth(design: GeneratedDesign, options: { yosys?: YosysChoice } = {}): Promise<LogicDepth> {
  const t0 = Date.now();
  const files = designFiles(design);
  // synth's coarse steps, then its fine ones without memory_map: a memory stays one cell (a node on a path), as block
  // RAM would, instead of becoming flip-flops and multiplexers
  const script = [`read_verilog -sv ${Object.keys(files).join(' ')}`, `hierarchy -check -top ${design.top}`, `synth -flatten -top ${design.top} -run begin:fine`,
    'opt -fast -full', 'techmap', 'opt -fast', 'abc -lut 6', 'opt_clean', 'tee -o ltp.txt ltp -noff'];
  const yosys = await pickYosys(design.top, options.yosys);
  let out: Record<string, string>;
  try {
    ({ out } = await runScript(yosys.which, script.join('; '), files, ['ltp.txt']));
  } catch (err) {
    throw new SynthError(`${design.top}: yosys failed finding the longest path: ${(err as Error).message}`);
  }
  const text = String(out['ltp.txt'] ?? '');
  const m = /Longest topological path in \S+ \(length=(\d+)\):\s*\n\s*0: (\S+(?: \[\d+\])?)/.exec(text);
  if (!m) throw new SynthError(`${design.top}: Yosys ltp reported no path (its output: ${text.trim().slice(0, 200) || 'none'})`);
  const nodes = Number(m[1]);
  const clean = (x: string) => x.replace(/^\\/, '').replace(' [', '[');
  const last = new RegExp(`\\n\\s*${nodes - 1}: (\\S+(?: \\[\\d+\\])?)`).exec(text);
  return { nodes, lutLevels: nodes - 1, from: clean(m[2]), to: last ? clean(last[1]) : '?', yosys: yosys.name, seconds: (Date.now() - t0) / 1000 };
}

/** Synthesize a design (its files and the hw/lib files it uses) for a target. */
export async function synthesize(design: GeneratedDesign, target: SynthTarget, options: { yosys?: YosysChoice } = {}): Promise<SynthResult> {
  return synthesizeModule(design.top, designFiles(design), target, options);
}

/**
 * Synthesize module `top` from `files`; `blackboxes` are read as interfaces only (their instances stay cells of
 * their module's name, counted by the caller: src/synth/parts.ts).
 */
export async function synthesizeModule(top: string, files: Record<string, string>, target: SynthTarget, options: { yosys?: YosysChoice; blackboxes?: Record<string, string> } = {}): Promise<SynthResult> {
  if (!SYNTH_TARGETS.includes(target)) throw new SynthError(`unknown synthesis target '${target}' (targets: ${SYNTH_TARGETS.join(', ')})`);
  const t0 = Date.now();
  const boxes = options.blackboxes ?? {};
  const sources = Object.keys(files).join(' ');
  const script = [
    `read_verilog -sv ${sources}`,
    ...(Object.keys(boxes).length ? [`read_verilog -sv -lib ${Object.keys(boxes).join(' ')}`] : []),
    `hierarchy -check -top ${top}`,
    // drivers are checked on the nets as written, before optimization merges them
    'proc; opt_clean; check',
    ...SCRIPTS[target](top),
    'check',
    'tee -o stat.json stat -json',
  ];
  const { which, name: version } = await pickYosys(top, options.yosys);
  let log = '';
  let out: Record<string, string>;
  try {
    ({ out, log } = await runScript(which, script.join('; '), { ...files, ...boxes }, ['stat.json', 'netlist.json']));
  } catch (err) {
    const e = err as { code?: number; message?: string; log?: string; outOfMemory?: boolean };
    log = e.log ?? '';
    if (e.outOfMemory) throw new SynthError(`${top}: ${e.message}`);
    const lines = log.split('\n').filter((l) => /ERROR/.test(l));
    // the WebAssembly build traps ("unreachable") when a design outgrows its 4 GB address space
    if (/unreachable/i.test(e.message ?? '')) throw new SynthError(`${top}: Yosys (WebAssembly) crashed on this design (${e.message}): it is likely beyond the 4 GB a WebAssembly Yosys can address; install a native yosys (the table uses it when present) or use Vivado (dpuforge vivado)`);
    const mem = /no valid mapping found for memory (\S+)/.exec(log);
    // a memory the RTL marks (* ram_style = "block" *) that the target's block RAM cannot implement
    if (mem) throw new SynthError(`${top}: memory ${mem[1].replace(/\\/g, '')} is marked for block RAM but cannot be mapped to the ${target} block RAM (read it through a register)`);
    throw new SynthError(`${top}: yosys failed${e.code !== undefined ? ` (exit ${e.code})` : ''}: ${lines.join(' ') || e.message || 'see its log'}`);
  }
  const fatal = fatalWarnings(log);
  if (fatal.length) throw new SynthError(`${top}: ${fatal.join('; ')}`);
  const stat = parseStatJson(top, String(out['stat.json']));
  const modules: Record<string, Resources> = {};
  for (const [name, m] of Object.entries(stat.modules)) modules[plain(name)] = classify(target, m.num_cells_by_type ?? {});
  // totals: walk the hierarchy from the top, a submodule cell counting its module's resources
  const total = classify(target, {});
  const walk = (name: string, times: number, depth: number) => {
    const m = modules[name];
    if (!m || depth > 64) return;
    const own: Record<string, number> = {};
    for (const [type, n] of Object.entries(m.cells)) {
      if (modules[plain(type)]) walk(plain(type), times * n, depth + 1);
      else own[type] = n;
    }
    addResources(total, classify(target, own), times);
  };
  walk(top, 1, 0);
  for (const k of Object.keys(total.cells)) if (modules[plain(k)]) delete total.cells[k];
  const warnings = log.split('\n').filter((l) => /^Warning:/.test(l)).map((l) => l.trim());
  return { target, top: top, yosys: version, modules, total, warnings, ...(target === 'ice40' ? { netlist: out['netlist.json'] } : {}), seconds: (Date.now() - t0) / 1000 };
}
