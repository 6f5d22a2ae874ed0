// `dpuforge datapath [CONFIG] [-o DIR]`: check a datapath config file (default hw/datapath.json) and write the
// Verilog of the datapath it describes (queue engine, DMA, stages), with a summary of what was built.
import path from 'node:path';
import { datapathQueueParams } from '../../gen/datapath/config.js';
import { DEFAULT_DATAPATH_FILE } from '../../gen/defaults.js';
import { queueGenerator } from '../../gen/queue/queue.js';
import { readDatapathFile } from './datapath-file.js';
import { parseArgs } from './args.js';
import { writeDesign } from './gen.js';

export async function datapathCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['help', 'with-lib']);
  if (args.switches.has('help')) {
    console.log(`dpuforge datapath [CONFIG] [-o DIR] [--with-lib]   Verilog of the datapath a config file describes (default ${DEFAULT_DATAPATH_FILE})`);
    return 0;
  }
  const { config } = readDatapathFile(args.positionals[0]);
  const design = queueGenerator.emit(datapathQueueParams(config));
  const dir = args.options.get('out') ?? '.';
  const written = writeDesign(design, dir, args.switches.has('with-lib'));
  // EC stages show their code, e.g. ec-encode 8+2; XTS stages their cipher, e.g. encrypt XTS-AES-256
  const named = (path: string[]) => path.map((s) => (s.startsWith('ec-') && config.ec ? `${s} ${config.ec.k}+${config.ec.m}`
    : (s === 'encrypt' || s === 'decrypt') && config.xts ? `${s} XTS-AES-${config.xts.keyBits}` : s)).join(' -> ');
  console.log(`datapath ${design.top}: ${config.queues} queue pairs, ${config.dataBytes}-byte DMA; write path ${named(config.writePath)}; read path ${named(config.readPath) || '(none)'}`);
  for (const w of written) console.log(`wrote ${w}`);
  return 0;
}
