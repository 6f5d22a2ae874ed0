// Gate-level designs: a generated design synthesized by Yosys for iCE40 and written back as a netlist of the
// vendor's cells (SB_LUT4, SB_DFF*, SB_CARRY, SB_RAM40_4K), with the cell models Yosys ships, as a design the
// simulation bridge builds like any other — same top, same ports — so the RTL's bit-exact tests run
// unchanged on what synthesis made of it.
import { runYosys } from '@yowasp/yosys';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { GeneratedDesign } from '../../gen/core/design.js';
import { projectRoot } from '../util/paths.js';
import { SynthError } from './yosys.js';

export type GateLevelTarget = 'ice40';

/** Yosys' iCE40 cell models; port defaults off (Verilator does not take default values on ports). */
function ice40CellModels(): string {
  const req = createRequire(import.meta.url);
  const dir = path.dirname(req.resolve('@yowasp/yosys'));
  return `\`define NO_ICE40_DEFAULT_ASSIGNMENTS\n/* verilator lint_off TIMESCALEMOD */\n${readFileSync(path.join(dir, 'share/ice40/cells_sim.v'), 'utf8')}`;
}

export async function gateLevelDesign(design: GeneratedDesign, target: GateLevelTarget = 'ice40'): Promise<GeneratedDesign> {
  const files: Record<string, string> = {};
  for (const f of design.files) files[f.name] = f.content;
  for (const lib of design.libFiles) files[path.basename(lib)] = readFileSync(path.join(projectRoot(), lib), 'utf8');
  let log = '';
  const dec = new TextDecoder();
  let out: Record<string, unknown>;
  try {
    out = (await runYosys(['-p', `read_verilog -sv ${Object.keys(files).join(' ')}; synth_ice40 -top ${design.top}; write_verilog -noattr netlist.v`], files,
      { stdout: (b) => { if (b) log += dec.decode(b, { stream: true }); }, stderr: (b) => { if (b) log += dec.decode(b, { stream: true }); } })) as Record<string, unknown>;
  } catch {
    throw new SynthError(`${design.top}: yosys could not synthesize it for a gate-level netlist: ${log.split('\n').filter((l) => /ERROR/.test(l)).join(' ')}`);
  }
  return {
    ...design,
    generator: `${design.generator} (gate level, ${target})`,
    files: [{ name: `${design.top}.netlist.v`, content: String(out['netlist.v']) }, { name: 'ice40_cells_sim.v', content: ice40CellModels() }],
    libFiles: [],
  };
}

/** A load transform (src/engines/load-engine.ts) that simulates an engine as synthesized for the target. */
export function gateLevel(target: GateLevelTarget = 'ice40'): (rtl: GeneratedDesign) => Promise<GeneratedDesign> {
  return (rtl) => gateLevelDesign(rtl, target);
}
