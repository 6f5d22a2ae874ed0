// Lint a generated design with `verilator --lint-only -Wall` (no waivers): the generated RTL must be clean.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GeneratedDesign } from '../gen/core/design.js';
import { projectRoot } from '../src/util/paths.js';
import { runTool } from '../src/util/run-tool.js';

export interface LintResult {
  ok: boolean;
  /** Verilator's messages (empty when clean). */
  output: string;
}

export async function lintDesign(design: GeneratedDesign): Promise<LintResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dpuforge-lint-'));
  try {
    const files = design.files.map((f) => {
      const p = path.join(dir, f.name);
      writeFileSync(p, f.content);
      return p;
    });
    const lib = design.libFiles.map((f) => path.join(projectRoot(), f));
    const r = await runTool('verilator', ['--lint-only', '-Wall', '--top-module', design.top, ...files, ...lib]);
    return { ok: r.ok, output: (r.all || r.failure || '').trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
