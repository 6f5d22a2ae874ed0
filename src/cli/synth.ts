// `dpuforge synth <engine> [params] --target generic|xilinx|ice40 [--part hx8k|up5k]`: synthesize a generated
// design with Yosys and print its resources per module and in all; for ice40, place and route it with nextpnr
// and print the part's utilization and the clock's Fmax. `dpuforge synth datapath [CONFIG]` takes a datapath.
import { readFileSync } from 'node:fs';

import path from 'node:path';
import { findGenerator } from '../../gen/index.js';
import { datapathQueueParams } from '../../gen/datapath/config.js';
import { queueGenerator } from '../../gen/queue/queue.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import { logicDepth, SYNTH_TARGETS, SynthError, synthesize, type Resources, type SynthTarget } from '../synth/yosys.js';
import { ICE40_PARTS, placeAndRoute, type Ice40Part } from '../synth/nextpnr.js';
import { formatTable } from '../report/table.js';
import { oocWrapper } from '../synth/ooc-wrapper.js';
import { failedRow, tableEntries, tableMarkdown, tableRow, type TableRow } from '../synth/table.js';
import { DEPTH_NOTES, depthEntries, depthMarkdown, depthRow, topOf, type DepthRow } from '../synth/depth-table.js';
import { existsSync, writeFileSync } from 'node:fs';
import { projectRoot } from '../util/paths.js';
import { readDatapathFile } from './datapath-file.js';
import { parseArgs, UsageError } from './args.js';
import { paramsFromArgs } from './params-from-args.js';

const HELP = `dpuforge synth <engine> [params] --target ${SYNTH_TARGETS.join('|')} [--part ${Object.keys(ICE40_PARTS).join('|')}]
dpuforge synth <engine> [params] --depth
  The logic depth: 6-input LUT levels on the longest register-to-register path (Yosys: flattened generic
  synthesis with memories kept as cells, abc -lut 6, ltp -noff), the Fmax proxy measurable without Vivado.
dpuforge synth datapath [CONFIG] --target ...
  Yosys synthesis (generic cells; synth_xilinx for UltraScale+; synth_ice40), resources per module and in all;
  ice40 also places and routes with nextpnr (default part hx8k) for utilization and Fmax. Inferred latches,
  conflicting or missing drivers, and block RAM that did not come out as block RAM fail the run by name.
dpuforge synth table [-o FILE] [--only ENGINE|LABEL] [--resume]
  The resource/Fmax table of every engine at three widths and the default datapath (default docs/synthesis.md).
dpuforge synth depth-table [-o FILE] [--only ENGINE] [--resume]
  The logic depth of the line-rate datapath's engines and every default engine (default docs/depth.md).`;

export async function synthCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['help', 'resume', 'depth']);
  const [engine, configArg] = args.positionals;
  // help first: `synth table --help` must print this text, not start an hours-long table run
  if (args.switches.has('help') || !engine) { console.log(HELP); return engine || args.switches.has('help') ? 0 : 2; }
  if (engine === 'depth-table') return synthDepthTable(args.options.get('out') ?? path.join(projectRoot(), 'docs/depth.md'), args.options.get('only'), args.switches.has('resume'));
  if (engine === 'table') return synthTable(args.options.get('out') ?? path.join(projectRoot(), 'docs/synthesis.md'), args.options.get('only'), args.switches.has('resume'));
  const target = (args.options.get('target') ?? 'generic') as SynthTarget;
  if (!SYNTH_TARGETS.includes(target)) throw new UsageError(`--target ${target}: unknown synthesis target (targets: ${SYNTH_TARGETS.join(', ')})`);
  const part = (args.options.get('part') ?? 'hx8k') as Ice40Part;
  if (!(part in ICE40_PARTS)) throw new UsageError(`--part ${part}: unknown iCE40 part (parts: ${Object.keys(ICE40_PARTS).join(', ')})`);
  let design: GeneratedDesign;
  if (engine === 'datapath') {
    design = queueGenerator.emit(datapathQueueParams(readDatapathFile(configArg).config));
  } else {
    const g = findGenerator(engine);
    design = g.emit(g.validate(paramsFromArgs(g, args, ['target', 'part'])));
  }
  if (args.switches.has('depth')) {
    const d = await logicDepth(design, { yosys: 'auto' });
    console.log(`${design.top}: ${d.lutLevels} LUT levels on its longest path (${d.nodes} nodes from ${d.from}; Yosys ${d.yosys}, ${d.seconds.toFixed(1)} s)`);
    return 0;
  }
  const r = await synthesize(design, target);
  const row = (name: string, x: Resources) => [name, x.luts, x.ffs, x.brams, x.urams, x.dsps, x.lutrams];
  console.log(`${design.top}: ${target} synthesis in ${r.seconds.toFixed(1)} s`);
  console.log(formatTable([target === 'generic' ? 'module (generic cells)' : 'module', target === 'generic' ? 'gates' : 'LUTs', 'FFs', target === 'generic' ? 'memories' : 'BRAMs', 'URAMs', 'DSPs', 'LUTRAMs'],
    [...Object.entries(r.modules).map(([n, x]) => row(n, x)), row('total (whole design)', r.total)]));
  if (r.warnings.length) console.log(`${r.warnings.length} yosys warnings (none of the kinds that fail a run); first: ${r.warnings[0]}`);
  if (target === 'ice40') {
    // placed inside an I/O-light harness: the engine's ports would need far more pins than the part has
    const harness = oocWrapper(design);
    const placed = await synthesize(harness, 'ice40');
    const pr = await placeAndRoute(placed.netlist!, harness.top, part);
    console.log(`place and route on ${ICE40_PARTS[part].what} (inside an I/O-light harness) in ${pr.seconds.toFixed(1)} s: ${Object.entries(pr.utilization).map(([k, v]) => `${k} ${v.used}/${v.available}`).join(', ')}`);
    console.log(`Fmax: ${Object.entries(pr.fmaxMhz).map(([clk, f]) => `${clk} ${f.toFixed(1)} MHz`).join(', ') || 'no clock reported'}`);
  }
  return 0;
}

/** The rows an earlier run of a table wrote (by top), to keep or complete; none when its JSON does not exist yet. */
function earlierRows<T extends { top: string }>(json: string, what: string): Map<string, T> {
  const kept = new Map<string, T>();
  if (!existsSync(json)) return kept;
  let earlier: unknown;
  try { earlier = JSON.parse(readFileSync(json, 'utf8')); } catch { earlier = undefined; }
  if (!Array.isArray(earlier) || earlier.some((r) => typeof r?.top !== 'string')) throw new UsageError(`${json} is not ${what}'s JSON (an array of rows): move it away or write elsewhere with -o`);
  for (const r of earlier as T[]) kept.set(r.top, r);
  return kept;
}

async function synthDepthTable(file: string, only?: string, resume = false): Promise<number> {
  const entries = depthEntries();
  const tops = entries.map(topOf);
  let todo = entries.filter((e) => !only || e.engine === only);
  if (only && !todo.length) throw new UsageError(`synth depth-table --only ${only}: no such engine in the table`);
  const json = file.replace(/\.md$/, '.json');
  const kept = only || resume ? earlierRows<DepthRow>(json, 'a depth table') : new Map<string, DepthRow>();
  if (resume) todo = todo.filter((e) => { const r = kept.get(tops[entries.indexOf(e)]); return !r || r.error; });
  for (const e of todo) {
    const top = tops[entries.indexOf(e)];
    console.log(`${top}: logic depth`);
    let row: DepthRow;
    try {
      row = await depthRow(e);
      console.log(`${top}: ${row.lutLevels} LUT levels (${row.from} to ${row.to}, ${row.seconds.toFixed(0)} s)`);
    } catch (err) {
      if (!(err instanceof SynthError)) throw err;
      row = { top, engine: e.engine, role: e.role, lutLevels: NaN, from: '', to: '', yosys: '', seconds: 0, error: err.message };
      console.log(`${top}: ${err.message}`);
    }
    kept.set(top, row);
    const rows = tops.flatMap((t) => (kept.has(t) ? [kept.get(t)!] : []));
    const missing = tops.filter((t) => !kept.has(t));
    writeFileSync(file, depthMarkdown(rows, new Date().toISOString().slice(0, 10), missing, DEPTH_NOTES));
    writeFileSync(json, `${JSON.stringify(rows, null, 2)}\n`);
  }
  // (with nothing left to run, --resume writes the text again from the JSON: e.g. after a note changed)
  if (!todo.length) {
    const rows = tops.flatMap((t) => (kept.has(t) ? [kept.get(t)!] : []));
    writeFileSync(file, depthMarkdown(rows, new Date().toISOString().slice(0, 10), tops.filter((t) => !kept.has(t)), DEPTH_NOTES));
  }
  console.log(`wrote ${file}`);
  return 0;
}

async function synthTable(file: string, only?: string, resume = false): Promise<number> {
  const entries = tableEntries();
  let todo = entries.filter((e) => !only || e.engine === only || e.label === only);
  if (!todo.length) throw new UsageError(`synth table --only ${only}: no such engine or label in the table`);
  // --only redoes some rows of an existing table and keeps the others
  const json = file.replace(/\.md$/, '.json');
  const kept = only || resume ? earlierRows<TableRow>(json, 'a synthesis table') : new Map<string, TableRow>();
  const order = entries.map((e) => { const g = findGenerator(e.engine); return g.emit(g.validate(e.params)).top; });
  // --resume: only the rows the table does not have yet (a failed row is tried again)
  if (resume) todo = todo.filter((e) => { const r = kept.get(order[entries.indexOf(e)]); return !r || r.error; });
  for (const [i, e] of todo.entries()) {
    let row: TableRow;
    try {
      row = await tableRow(e, (s) => console.log(s));
      console.log(`${row.top}: ${row.luts} LUTs, ${row.ffs} FFs, ${row.brams} BRAM, ${'fmaxMhz' in row.ice40 ? `${row.ice40.fmaxMhz} MHz on iCE40` : 'does not fit an iCE40 HX8K'} (${row.seconds.toFixed(0)} s)`);
    } catch (err) {
      if (!(err instanceof SynthError)) throw err;
      // one design synthesis cannot take does not stop the table
      row = failedRow(e, order[entries.indexOf(e)], err.message);
      console.log(`${row.top}: ${err.message}`);
    }
    kept.set(row.top, row);
    const rows = order.flatMap((t) => (kept.has(t) ? [kept.get(t)!] : []));
    const missing = todo.slice(i + 1).map((x) => order[entries.indexOf(x)]).filter((t) => !kept.has(t));
    writeFileSync(file, tableMarkdown(rows, new Date().toISOString().slice(0, 10), missing));
    writeFileSync(json, `${JSON.stringify(rows, null, 2)}\n`);
  }
  // (with nothing left to run, --resume writes the text again from the JSON: e.g. after its format changed)
  if (!todo.length) writeFileSync(file, tableMarkdown(order.flatMap((t) => (kept.has(t) ? [kept.get(t)!] : [])), new Date().toISOString().slice(0, 10)));
  console.log(`wrote ${file}`);
  return 0;
}
