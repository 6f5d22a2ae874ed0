// Synthesis by parts, for designs too large to synthesize whole on this machine (the line-rate datapath: 64
// compressor engines, two 4-lane XTS engines): every distinct generated module (one per file) that is
// instantiated by its own name is synthesized once, out of context, with the other such modules as black boxes,
// and the whole design's resources are the sum over the hierarchy, each part counted once per instance (the
// instance counts come from Yosys' hierarchy of the unsynthesized design). Each part's result is cached under the
// hash of everything its run reads, so a long run resumes where it stopped and a part shared with another design
// (an engine of the synthesis table) is not synthesized twice. What this leaves out: optimization across a
// part's boundary (constant inputs, unused outputs), which whole-design synthesis could do.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GeneratedDesign } from '../../gen/core/design.js';
import { cacheRoot } from '../util/paths.js';
import { addResources, designFiles, parseStatJson, pickYosys, runScript, synthesizeModule, SynthError, type Resources, type SynthTarget, type YosysChoice } from './yosys.js';

export interface PartResult {
  /** The module synthesized (its own cells; its parts' instances not included). */
  module: string;
  /** Instances in the whole design. */
  instances: number;
  resources: Resources;
  seconds: number;
  /** The result came from the cache. */
  cached: boolean;
}

export interface PartsResult {
  top: string;
  yosys: string;
  parts: PartResult[];
  /** Every part times its instances. */
  total: Resources;
  seconds: number;
}

const plain = (name: string) => name.replace(/^\\/, '');
/** The file of a module: its own name, or a parameterized one's ($paramod\\name\\PARAM=...) base name. */
function fileOf(module: string, files: Record<string, string>): string {
  const base = module.startsWith('$paramod') ? module.split('\\')[1] : module;
  const file = `${base}.v`;
  if (files[file] === undefined) throw new SynthError(`module ${module}: no file ${file} among the design's files`);
  return file;
}
const moduleOf = (file: string) => file.replace(/\.s?v$/, '');

function sum(parts: readonly PartResult[]): Resources {
  const t: Resources = { luts: 0, ffs: 0, brams: 0, urams: 0, dsps: 0, lutrams: 0, cells: {} };
  for (const p of parts) addResources(t, p.resources, p.instances);
  return t;
}

/** Instances of each module in the design (the top: 1), from Yosys' hierarchy before synthesis. */
async function instanceCounts(top: string, files: Record<string, string>, which: 'wasm' | 'native'): Promise<{ counts: Map<string, number>; children: Map<string, Map<string, number>> }> {
  const script = [`read_verilog -sv ${Object.keys(files).join(' ')}`, `hierarchy -check -top ${top}`, 'tee -o stat.json stat -json'].join('; ');
  const { out } = await runScript(which, script, files, ['stat.json']).catch((err: Error & { log?: string }) => {
    throw new SynthError(`${top}: yosys could not read the design's hierarchy: ${(err.log ?? '').split('\n').filter((l) => /ERROR/.test(l)).join(' ') || err.message}`);
  });
  const stat = parseStatJson(top, String(out['stat.json']));
  const children = new Map<string, Map<string, number>>();
  for (const [name, m] of Object.entries(stat.modules)) {
    const kids = new Map<string, number>();
    for (const [type, n] of Object.entries(m.num_cells_by_type ?? {})) if (stat.modules[type] || stat.modules[`\\${plain(type)}`]) kids.set(plain(type), n);
    children.set(plain(name), kids);
  }
  const counts = new Map<string, number>();
  const walk = (name: string, times: number, depth: number) => {
    if (depth > 64) throw new SynthError(`${top}: the hierarchy is deeper than 64 levels`);
    counts.set(name, (counts.get(name) ?? 0) + times);
    for (const [kid, n] of children.get(name) ?? []) walk(kid, times * n, depth + 1);
  };
  walk(top, 1, 0);
  return { counts, children };
}

/**
 * Synthesize `design` part by part (see the header). `log` hears each part as it starts, with its place in the
 * run, and whether it came from the cache.
 */
export async function synthesizeByParts(design: GeneratedDesign, target: SynthTarget, options: { yosys?: YosysChoice; log?: (s: string) => void } = {}): Promise<PartsResult> {
  const t0 = Date.now();
  const files = designFiles(design);
  const yosys = await pickYosys(design.top, options.yosys);
  const { counts, children } = await instanceCounts(design.top, files, yosys.which);
  // the parts: generated modules instantiated by their own name (one with parameters set by its parent is a
  // $paramod and stays inside its parent's run)
  const generated = design.files.map((f) => f.name);
  const partFiles = generated.filter((f) => counts.has(moduleOf(f)));
  const dir = path.join(cacheRoot(), 'synth-parts');
  mkdirSync(dir, { recursive: true });
  const parts: PartResult[] = [];
  for (const [i, file] of partFiles.entries()) {
    const module = moduleOf(file);
    // what this part's run reads: its file, the files of the modules under it down to other parts (black boxes),
    // so that its cache key changes only with what it is made of
    const boxes: Record<string, string> = {};
    const own: Record<string, string> = { [file]: files[file] };
    const visit = (name: string, depth: number) => {
      if (depth > 64) throw new SynthError(`${design.top}: the hierarchy is deeper than 64 levels`);
      for (const kid of (children.get(name) ?? new Map()).keys()) {
        const kidFile = fileOf(kid, files);
        if (partFiles.includes(kidFile)) boxes[kidFile] = files[kidFile];
        else if (!own[kidFile]) {
          own[kidFile] = files[kidFile];
          visit(kid, depth + 1);
        }
      }
    };
    visit(module, 0);
    const key = createHash('sha256').update(JSON.stringify({ target, yosys: yosys.name, module, own, boxes })).digest('hex').slice(0, 24);
    const cached = path.join(dir, `${module}-${key}.json`);
    let resources: Resources;
    let seconds: number;
    let hit = false;
    if (existsSync(cached)) {
      ({ resources, seconds } = JSON.parse(readFileSync(cached, 'utf8')) as { resources: Resources; seconds: number });
      hit = true;
    } else {
      options.log?.(`${design.top}: part ${i + 1}/${partFiles.length} ${module} (${counts.get(module)} instance${counts.get(module) === 1 ? '' : 's'})`);
      const r = await synthesizeModule(module, own, target, { yosys: options.yosys, blackboxes: boxes });
      resources = r.total;
      // (the black boxes' instances are cells of their module's name: counted as parts, not here)
      for (const f of partFiles) delete resources.cells[moduleOf(f)];
      seconds = r.seconds;
      writeFileSync(cached, JSON.stringify({ module, target, yosys: yosys.name, resources, seconds }));
    }
    parts.push({ module, instances: counts.get(module)!, resources, seconds, cached: hit });
  }
  return { top: design.top, yosys: yosys.name, parts, total: sum(parts), seconds: (Date.now() - t0) / 1000 };
}
