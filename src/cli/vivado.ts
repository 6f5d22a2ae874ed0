// `dpuforge vivado [CONFIG] -o DIR [--board u250|vcu118] [--clock-mhz F]`: the Vivado non-project scripts and
// RTL for a datapath config (default hw/datapath.json). Vivado is not installed here: run build.tcl where it is.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { datapathQueueParams } from '../../gen/datapath/config.js';
import { queueGenerator } from '../../gen/queue/queue.js';
import { VIVADO_BOARDS, vivadoProject, type VivadoBoard } from '../synth/vivado.js';
import { numberOption, parseArgs, UsageError } from './args.js';
import { readDatapathFile } from './datapath-file.js';

export async function vivadoCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.switches.has('help')) {
    console.log(`dpuforge vivado [CONFIG] -o DIR [--board ${Object.keys(VIVADO_BOARDS).join('|')}] [--clock-mhz F]   Vivado scripts for a datapath (not run here)`);
    return 0;
  }
  for (const k of args.options.keys()) if (!['out', 'board', 'clock-mhz'].includes(k)) throw new UsageError(`vivado: unknown option --${k}`);
  const dir = args.options.get('out');
  if (!dir) throw new UsageError('vivado needs -o DIR');
  const board = (args.options.get('board') ?? 'u250') as VivadoBoard;
  if (!(board in VIVADO_BOARDS)) throw new UsageError(`--board ${board}: unknown board (boards: ${Object.keys(VIVADO_BOARDS).join(', ')})`);
  const clock = numberOption(args, 'clock-mhz', 250, 1, 1000);
  const design = queueGenerator.emit(datapathQueueParams(readDatapathFile(args.positionals[0]).config));
  const project = vivadoProject(design, board, clock);
  for (const [name, content] of Object.entries(project.files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  console.log(`${design.top} for ${VIVADO_BOARDS[board].what} at ${clock} MHz: wrote ${Object.keys(project.files).length} files under ${dir}; run \`vivado -mode batch -source ${path.join(dir, 'build.tcl')}\` where Vivado is installed (it is not here)`);
  return 0;
}
