// Verilator build driver: compiles a generated design and its bridge (sim/native) into a Node-API addon
// (model.node), cached by a hash of the RTL, the port description, the build options, the bridge sources
// and the Verilator version. Build failures surface Verilator's own messages.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderTemplate } from './template.js';
import type { GeneratedDesign, StreamPort } from '../gen/core/design.js';
import { projectRoot } from '../src/util/paths.js';
import { runTool } from '../src/util/run-tool.js';
import { cachedBuild, contentHash } from '../src/util/build-cache.js';

/** Bump when the build recipe changes in a way the hashed inputs do not show. */
export const BUILD_DRIVER_VERSION = '1';

export type OptLevel = 'fast-build' | 'fast-sim';

export interface BuildOptions {
  /** fast-build: -O1, quick compile for tests (default). fast-sim: -O3 for benchmarks. */
  opt?: OptLevel;
  /** Build with VCD tracing support (slower model; tracing still off until traceOpen). */
  trace?: boolean;
}

export class BuildError extends Error {
  constructor(readonly top: string, readonly tool: string, readonly output: string) {
    super(`${tool} failed to build ${top}:\n${output.trim()}`);
    this.name = 'BuildError';
  }
}

export interface BuiltModel {
  top: string;
  dir: string;
  addon: string;
  ports: GeneratedDesign['ports'];
  trace: boolean;
}

let verilatorVersion: string | undefined;
async function getVerilatorVersion(): Promise<string> {
  if (verilatorVersion) return verilatorVersion;
  const r = await runTool('verilator', ['--version']);
  if (!r.ok) throw new BuildError('(any design)', 'verilator', `${r.failure}: run \`bash scripts/setup.sh\` (Debian package verilator)`);
  verilatorVersion = r.stdout.trim();
  return verilatorVersion;
}

const NATIVE_DIR = () => path.join(projectRoot(), 'sim/native');
const NODE_INCLUDE = '/usr/include/node';

/** Render a C++ template in sim/native for a design's ports. */
function nativeSource(template: string, design: GeneratedDesign, extra: Record<string, unknown> = {}): string {
  const tpl = readFileSync(path.join(NATIVE_DIR(), template), 'utf8');
  const view = (s: StreamPort) => ({ ...s, keepBytes: s.keep ? Math.ceil(s.dataBytes / 8) : 0, userBytes: Math.ceil(s.userBits / 8) });
  return renderTemplate(tpl, {
    top: design.top,
    clock: design.ports.clock,
    reset: design.ports.reset,
    ins: design.ports.streams.filter((s) => s.dir === 'in').map(view),
    outs: design.ports.streams.filter((s) => s.dir === 'out').map(view),
    mems: design.ports.memories ?? [],
    ...extra,
  });
}

function optFlags(opt: OptLevel): string {
  return opt === 'fast-sim' ? 'OPT_FAST=-O3 OPT_SLOW=-O1 OPT_GLOBAL=-O2' : 'OPT_FAST=-O1 OPT_SLOW=-O0 OPT_GLOBAL=-O1';
}

/** Distil Verilator/compiler output to the lines a user needs (errors first). */
function summarizeOutput(out: string): string {
  const lines = out.split('\n');
  const errors = lines.filter((l) => /%Error|%Warning|error:/.test(l));
  return (errors.length ? errors : lines.slice(-30)).slice(0, 40).join('\n');
}

interface VerilateJob {
  /** Cache namespace and output file name. */
  kind: 'models' | 'plain-bench' | 'fuzz-harness';
  output: string;
  /** The C++ main/bridge source and any extra sources whose bytes affect the build. */
  mainSource: string;
  hashedExtras: (string | Uint8Array)[];
  /** Link a shared object (Node addon) rather than an executable. */
  shared: boolean;
  /**
   * Build with these make variables (each `NAME=value` one argument, so values may hold spaces) in place of the
   * opt level's, Verilator writing the makefile and make run after it; and these -LDFLAGS.
   */
  make?: { vars: string[]; ldflags: string };
  /** Verilator configuration files (.vlt) to pass before the RTL. */
  configFiles?: { name: string; content: string }[];
}

async function verilate(design: GeneratedDesign, job: VerilateJob, opt: OptLevel, trace: boolean): Promise<string> {
  const version = await getVerilatorVersion();
  const libSources = design.libFiles.map((f) => readFileSync(path.join(projectRoot(), f)));
  const key = contentHash([
    BUILD_DRIVER_VERSION, version, process.version, job.kind, opt, String(trace), design.top, JSON.stringify(design.ports),
    ...design.files.flatMap((f) => [f.name, f.content]), ...design.libFiles, ...libSources, job.mainSource, ...job.hashedExtras,
    ...(job.make ? [JSON.stringify(job.make)] : []), ...(job.configFiles ?? []).flatMap((f) => [f.name, f.content]),
  ]);
  return cachedBuild(job.kind, `${design.top}-${key}`, async (tmp) => {
    const rtl: string[] = [];
    for (const f of design.files) {
      writeFileSync(path.join(tmp, f.name), f.content);
      rtl.push(path.join(tmp, f.name));
    }
    for (const f of design.libFiles) rtl.push(path.join(projectRoot(), f));
    const configs = (job.configFiles ?? []).map((f) => { writeFileSync(path.join(tmp, f.name), f.content); return path.join(tmp, f.name); });
    writeFileSync(path.join(tmp, 'main.cpp'), job.mainSource);
    const cflags = ['-std=c++17', `-I${NATIVE_DIR()}`];
    if (job.shared) cflags.push('-fPIC', '-fvisibility=hidden', '-fno-gnu-unique', `-I${NODE_INCLUDE}`);
    const args = [
      '--cc', '--exe', ...(job.make ? [] : ['--build', '-j', '1']),
      '--top-module', design.top,
      '-Mdir', path.join(tmp, 'obj'),
      '-Wno-fatal', '--x-assign', 'unique', '--x-initial', 'unique',
      '-CFLAGS', cflags.join(' '),
      ...(job.shared ? ['-LDFLAGS', '-shared -fvisibility=hidden'] : []),
      ...(job.make ? ['-LDFLAGS', job.make.ldflags] : ['-MAKEFLAGS', optFlags(opt)]),
      '-o', path.join(tmp, job.output),
      ...(trace ? ['--trace'] : []),
      ...configs, ...rtl, path.join(tmp, 'main.cpp'),
    ];
    const r = await runTool('verilator', args, { cwd: tmp });
    if (!r.ok) throw new BuildError(design.top, 'verilator', summarizeOutput(r.all) || r.failure || '');
    if (job.make) {
      const m = await runTool('make', ['-C', path.join(tmp, 'obj'), '-f', `V${design.top}.mk`, '-j', '1', ...job.make.vars], { cwd: tmp });
      if (!m.ok) throw new BuildError(design.top, 'make', summarizeOutput(m.all) || m.failure || '');
    }
    if (!existsSync(path.join(tmp, job.output))) throw new BuildError(design.top, 'verilator', `no ${job.output} was produced`);
    // Keep the generated C++ for reading, drop the object files (most of the space).
    for (const f of readdirSync(path.join(tmp, 'obj'))) {
      if (/\.(o|a|d)$/.test(f)) rmSync(path.join(tmp, 'obj', f));
    }
  });
}

/** Build (or fetch from the cache) the Node-API simulation model of a design. */
export async function buildModel(design: GeneratedDesign, options: BuildOptions = {}): Promise<BuiltModel> {
  const opt = options.opt ?? 'fast-build';
  const trace = options.trace ?? false;
  if (!existsSync(path.join(NODE_INCLUDE, 'node_api.h'))) {
    throw new BuildError(design.top, 'build driver', `Node-API headers not found in ${NODE_INCLUDE} (they come with the Debian nodejs package)`);
  }
  const dir = await verilate(design, {
    kind: 'models', output: 'model.node', shared: true,
    mainSource: nativeSource('bridge.cpp.ejs', design),
    hashedExtras: ['dpf_bridge.h', 'dpf_ports.h', 'dpf_axi_memory.h'].map((f) => readFileSync(path.join(NATIVE_DIR(), f))),
  }, opt, trace);
  return { top: design.top, dir, addon: path.join(dir, 'model.node'), ports: design.ports, trace };
}

/**
 * Build a plain C++ Verilator testbench for the design (sim/native/plain-bench.cpp.ejs): the baseline that
 * `npm run bench` compares the TS-driven bridge with. Returns the executable's path.
 */
export async function buildPlainBench(design: GeneratedDesign, beatsPerPacket: number, opt: OptLevel = 'fast-sim'): Promise<string> {
  const maxBytes = Math.max(...design.ports.streams.map((s) => s.dataBytes));
  const dir = await verilate(design, {
    kind: 'plain-bench', output: 'plain-bench', shared: false,
    mainSource: nativeSource('plain-bench.cpp.ejs', design, { beatsPerPacket, maxBytes }),
    hashedExtras: [readFileSync(path.join(NATIVE_DIR(), 'dpf_ports.h'))],
  }, opt, false);
  return path.join(dir, 'plain-bench');
}

/** The compiler libFuzzer comes with (Debian's clang-14 and libclang-rt-14-dev). */
export const FUZZ_CXX = 'clang++-14';

export interface FuzzHarnessOptions {
  /** Which judge the harness uses: liblz4 for LZ4 blocks, zlib for raw deflate streams. */
  engine: 'lz4-decompress' | 'inflate';
  /** The engine's output bound (its MAX_OUTPUT_BYTES), the library's output capacity. */
  maxOutput: number;
  /** A C++ expression in n (input bytes) and MAX_OUTPUT: unthrottled cycles before an input is called a hang. */
  cycleBound: string;
  cycleBoundWhy: string;
  /** The top module's FSM state register (at most 4 bits), whose transitions the harness counts for libFuzzer. */
  stateSignal: string;
  /** A deliberately broken build that flips one output byte, to show the judge catches a wrong engine. */
  corruptOutput?: boolean;
}

/**
 * Build a libFuzzer harness around the design (sim/native/fuzz-harness.cpp.ejs and dpf_fuzz_judge.h): the
 * model and harness compiled by clang with -fsanitize=fuzzer-no-link (edge coverage and compare tracing), the
 * Verilator runtime without, linked with libFuzzer, liblz4 and zlib; the FSM state register readable (a .vlt
 * file: public_flat_rd) for the harness's transition counters. Returns the executable's path.
 */
export async function buildFuzzHarness(design: GeneratedDesign, options: FuzzHarnessOptions): Promise<string> {
  const cxx = await runTool(FUZZ_CXX, ['--version']);
  if (!cxx.ok) throw new BuildError(design.top, FUZZ_CXX, `${cxx.failure}: run \`bash scripts/setup.sh\` (Debian packages clang-14, libclang-rt-14-dev)`);
  const dir = await verilate(design, {
    kind: 'fuzz-harness', output: 'fuzz-harness', shared: false,
    mainSource: nativeSource('fuzz-harness.cpp.ejs', design, { corruptOutput: false, ...options }),
    hashedExtras: [FUZZ_CXX, ...['dpf_ports.h', 'dpf_fuzz_judge.h'].map((f) => readFileSync(path.join(NATIVE_DIR(), f)))],
    configFiles: [{ name: 'fuzz.vlt', content: `\`verilator_config\npublic_flat_rd -module "${design.top}" -var "${options.stateSignal}"\n` }],
    make: {
      vars: [`CXX=${FUZZ_CXX}`, `LINK=${FUZZ_CXX}`, 'OPT_FAST=-O2 -fsanitize=fuzzer-no-link', 'OPT_SLOW=-O1', 'OPT_GLOBAL=-O2'],
      ldflags: '-fsanitize=fuzzer -llz4 -lz',
    },
  }, 'fast-sim', false);
  return path.join(dir, 'fuzz-harness');
}
