// `dpuforge study` end to end: gather the inputs (measure, or read back), run the experiment set, and write
// docs/study/ — study.md, a standalone study.html with SVG charts, and study.json with every figure, the
// parameters, the machine and the measured inputs (the file `--measured` reads back).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DispatchPolicy } from '../runtime/policy.js';
import { readSynthesisTable } from '../runtime/engine-rates.js';
import { projectRoot } from '../util/paths.js';
import { studyDocument, type StudyReport } from './document.js';
import { runStudy } from './experiments.js';
import { gatherInputs } from './inputs.js';
import { StudyParamError, validateStudyParams, type StudyParams } from './params.js';
import { renderHtml, renderMarkdown } from './render.js';

export interface StudyOptions {
  /** Reuse the measured inputs (and machine record) of an earlier study.json. */
  measuredFile?: string;
  /** The synthesis table's JSON (default docs/synthesis.json). */
  synthesisFile?: string;
}

/** A user's dispatch policy: a JavaScript module whose default export has a name and a dispatch function. */
export async function loadPolicyModule(file: string): Promise<DispatchPolicy> {
  const abs = path.resolve(file);
  if (!existsSync(abs)) throw new StudyParamError(`policy module ${file}: no such file`);
  let mod: { default?: Partial<DispatchPolicy> };
  try {
    mod = (await import(pathToFileURL(abs).href)) as { default?: Partial<DispatchPolicy> };
  } catch (err) {
    throw new StudyParamError(`policy module ${file}: cannot be loaded (${(err as Error).message})`);
  }
  const pol = mod.default;
  if (!pol || typeof pol.name !== 'string' || !pol.name || typeof pol.dispatch !== 'function') {
    throw new StudyParamError(`policy module ${file}: its default export must be a dispatch policy ({ name: string, dispatch(task, view, run) }, see src/runtime/policy.ts)`);
  }
  return pol as DispatchPolicy;
}

export async function study(p: StudyParams, o: StudyOptions = {}): Promise<StudyReport> {
  validateStudyParams(p);
  const own = await Promise.all(p.policyModules.map(loadPolicyModule));
  const synthesisFile = o.synthesisFile ?? path.join(projectRoot(), 'docs/synthesis.json');
  const synthesis = readSynthesisTable(synthesisFile);
  const inp = await gatherInputs(p, { rows: synthesis, file: synthesisFile }, { measuredFile: o.measuredFile });
  const version = (JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return { tool: `dpuforge ${version}`, params: p, measured: inp.measured, engines: inp.engines, armFactors: inp.armFactors, result: runStudy(p, inp, synthesis, own) };
}

/** Write the three files; returns their paths. */
export function writeStudy(r: StudyReport, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const doc = studyDocument(r);
  const files: [string, string][] = [['study.md', renderMarkdown(doc)], ['study.html', renderHtml(doc)], ['study.json', `${JSON.stringify(r, null, 1)}\n`]];
  return files.map(([name, text]) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  });
}
