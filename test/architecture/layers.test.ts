// The layer order of docs/architecture.md, enforced: dependency-cruiser (rules in .dependency-cruiser.cjs) finds
// no upward import, no import cycle and no module outside a layer on the tree, and no two components (folders
// under src/ and gen/, with their subfolders) import each other, directly or round a loop. The rules are also run on small synthetic trees with an upward import and a
// cycle, to show they fail where they must.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/paths.js';

interface Cruise {
  modules: { source: string; dependencies: { resolved: string }[] }[];
  summary: { violations: { rule: { name: string }; from: string; to: string; cycle?: { name: string }[] }[]; totalCruised: number };
}

const root = projectRoot();
const CONFIG = path.join(root, '.dependency-cruiser.cjs');

function cruise(cwd: string, dirs: string[]): Cruise {
  const bin = path.join(root, 'node_modules/.bin/depcruise');
  const out = execFileSync(bin, [...dirs, '--config', CONFIG, '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out) as Cruise;
}

/**
 * A module's component: its folder under src/ or gen/ (gen/queue/stages belongs to gen/queue), or sim, or bench.
 */
const component = (f: string) => (/^(src|gen)\//.test(f) ? f.split('/').slice(0, 2).join('/') : f.split('/')[0]);

/** Components in import cycles with other components: each strongly connected set of two or more. */
function folderCycles(c: Cruise): string[][] {
  const inTree = (f: string) => /^(src|gen|sim|bench)\//.test(f);
  const graph = new Map<string, Set<string>>();
  for (const m of c.modules.filter((x) => inTree(x.source))) {
    const from = component(m.source);
    const edges = graph.get(from) ?? graph.set(from, new Set()).get(from)!;
    for (const d of m.dependencies.filter((x) => inTree(x.resolved))) if (component(d.resolved) !== from) edges.add(component(d.resolved));
  }
  // Tarjan's strongly connected components
  let next = 0;
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next); low.set(v, next); next++; stack.push(v); onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1) cycles.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

const probes: string[] = [];
afterAll(() => { for (const d of probes) rmSync(d, { recursive: true, force: true }); });

/** A throwaway tree of the given files (path → source) with the project's tsconfig. */
function probeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dpf-layers-'));
  probes.push(dir);
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

describe('layers (dependency-cruiser)', () => {
  it('the tree has no upward import, no cycle, no module outside a layer and no folder cycle', () => {
    const c = cruise(root, ['src', 'gen', 'sim', 'bench']);
    expect(c.summary.totalCruised).toBeGreaterThan(150);
    expect(c.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
    expect(folderCycles(c)).toEqual([]);
  });

  it('fails on a deliberately added upward import, naming the rule and both modules', () => {
    const dir = probeTree({
      'src/ref/kernel.ts': "import { main } from '../cli/main.js';\nexport const k = main;\n",
      'src/cli/main.ts': 'export const main = 1;\n',
      'gen/crc/generate.ts': "import { replay } from '../../src/trace/replay.js';\nexport const g = replay;\n",
      'src/trace/replay.ts': 'export const replay = 2;\n',
    });
    const c = cruise(dir, ['src', 'gen']);
    expect(c.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort()).toEqual([
      'no-upward-from-gen: gen/crc/generate.ts -> src/trace/replay.ts',
      'no-upward-from-spec-ref: src/ref/kernel.ts -> src/cli/main.ts',
    ]);
  });

  it('fails on an import cycle inside one layer and on two folders importing each other', () => {
    const dir = probeTree({
      'src/study/a.ts': "import { b } from './b.js';\nexport const a = b;\n",
      'src/study/b.ts': "import type { T } from './a.js';\nexport const b = 1;\nexport type U = T;\n",
      'gen/lz4/x.ts': "import { y } from '../deflate/y.js';\nexport const x = y;\n",
      'gen/deflate/y.ts': 'export const y = 1;\n',
      'gen/deflate/z.ts': "import { x } from '../lz4/x.js';\nexport const z = x;\n",
    });
    const c = cruise(dir, ['src', 'gen']);
    // the type-only import closes the cycle too: types are a dependency like any other
    const cycles = c.summary.violations.filter((v) => v.rule.name === 'no-circular');
    expect(cycles.map((v) => [v.from, ...(v.cycle ?? []).map((m) => m.name)].sort())).toEqual([['src/study/a.ts', 'src/study/a.ts', 'src/study/b.ts']]);
    expect(folderCycles(c)).toEqual([['gen/deflate', 'gen/lz4']]);
  });
});
