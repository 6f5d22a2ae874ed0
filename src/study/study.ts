// `dpuforge study` end to end: gather the inputs (measure, or read back), run the experiment set, and write
// docs/study/ — study.md, a standalone study.html with SVG charts, and study.json with every figure, the
// parameters, the machine and the measured inputs (the file `--measured` reads back).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TableRow } from '../synth/table.js';
import { projectRoot } from '../util/paths.js';
import { studyDocument, type StudyReport } from './document.js';
import { runStudy } from './experiments.js';
import { gatherInputs } from './inputs.js';
import { validateStudyParams, type StudyParams } from './params.js';
import { renderHtml, renderMarkdown } from './render.js';

export interface StudyOptions {
  /** Reuse the measured inputs (and machine record) of an earlier study.json. */
  measuredFile?: string;
  /** The synthesis table's JSON (default docs/synthesis.json). */
  synthesisFile?: string;
}

export async function study(p: StudyParams, o: StudyOptions = {}): Promise<StudyReport> {
  validateStudyParams(p);
  const synthesisFile = o.synthesisFile ?? path.join(projectRoot(), 'docs/synthesis.json');
  const inp = await gatherInputs(p, { measuredFile: o.measuredFile, synthesisFile });
  const synthesis = JSON.parse(readFileSync(synthesisFile, 'utf8')) as TableRow[];
  const version = (JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return { tool: `dpuforge ${version}`, params: p, measured: inp.measured, engines: inp.engines, armFactors: inp.armFactors, result: runStudy(p, inp, synthesis) };
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
