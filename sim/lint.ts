// Lint a generated design with `verilator --lint-only -Wall` (no waivers): the generated RTL must be clean.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { GeneratedDesign } from '../gen/core/design.js';
import { projectRoot } from '../src/util/paths.js';

const execFileP = promisify(execFile);

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
    try {
      const r = await execFileP('verilator', ['--lint-only', '-Wall', '--top-module', design.top, ...files, ...lib], { maxBuffer: 16 << 20 });
      return { ok: true, output: (r.stdout + r.stderr).trim() };
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? e.message}`.trim() };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
