// `dpuforge sim <engine> [params] --stim FILE`: run a stimulus file through a generated design on Verilator
// and print every output beat with its cycle; for the CRC engine each result is checked against the TS
// reference. Options: --gap P, --backpressure P, --seed N, --stall-limit N, --vcd FILE.
import { findGenerator } from '../../gen/index.js';
import type { CrcEngineParams } from '../../gen/crc/params.js';
import { SimModel } from '../../sim/model.js';
import { readStimulusFile } from '../../sim/stimulus.js';
import { readLE } from '../../sim/stream.js';
import { CrcKernel, formatCrc } from '../ref/crc.js';
import { formatTable } from '../report/table.js';
import { numberOption, parseArgs, UsageError } from './args.js';
import { paramsFromArgs } from './params-from-args.js';

const SIM_OPTIONS = ['stim', 'gap', 'backpressure', 'seed', 'stall-limit', 'vcd'];

export async function simCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const engine = args.positionals[0];
  if (!engine || args.switches.has('help')) {
    console.log('dpuforge sim <engine> [engine parameters] --stim FILE [--gap P] [--backpressure P] [--seed N] [--stall-limit N] [--vcd FILE]');
    console.log('Stimulus format: lines "text ASCII", "packet HEX", "beat HEX [last]", "# comment" (see sim/stimulus.ts).');
    return engine ? 0 : 2;
  }
  const stimFile = args.options.get('stim');
  if (!stimFile) throw new UsageError('--stim FILE is required');
  const g = findGenerator(engine);
  const params = g.validate(paramsFromArgs(g, args, SIM_OPTIONS));
  const design = g.emit(params);
  const input = design.ports.streams.find((s) => s.dir === 'in')!;
  const output = design.ports.streams.find((s) => s.dir === 'out')!;
  const stim = readStimulusFile(stimFile, input.dataBytes);
  const vcd = args.options.get('vcd');
  const model = await SimModel.load(design, { trace: vcd !== undefined });
  if (vcd) model.traceTo(vcd);
  const r = model.run(
    { [input.prefix]: { beats: stim.beats, gap: numberOption(args, 'gap', 0, 0, 0.99) } },
    { [output.prefix]: { expectLast: stim.packets.length, backpressure: numberOption(args, 'backpressure', 0, 0, 0.99) } },
    { seed: numberOption(args, 'seed', 1, 0, 2 ** 52), stallLimit: numberOption(args, 'stall-limit', 10_000, 1, 1e12) },
  );
  model.close();
  const out = r.outputs[output.prefix];
  const rows: (string | number)[][] = [];
  const crcParams = engine === 'crc' ? (params as CrcEngineParams) : undefined;
  const kernel = crcParams ? new CrcKernel(crcParams.model) : undefined;
  let mismatches = 0;
  for (let i = 0; i < out.count; i++) {
    const value = readLE(out.data, i * output.dataBytes, output.dataBytes);
    const ub = Math.ceil(output.userBits / 8);
    const user = ub ? '0x' + readLE(out.user, i * ub, ub).toString(16) : '-';
    const row: (string | number)[] = [i, out.cycle[i], '0x' + value.toString(16).padStart(output.dataBytes * 2, '0'), user];
    if (kernel && crcParams) {
      const want = kernel.crc(stim.packets[i]);
      const ok = want === value && !out.user[i];
      if (!ok) mismatches++;
      row.push(stim.packets[i].length, formatCrc(want, crcParams.model.width), ok ? 'ok' : 'MISMATCH');
    }
    rows.push(row);
  }
  const headers = ['beat', 'cycle', `${output.prefix}_tdata`, 'tuser', ...(kernel ? ['packet bytes', 'reference', 'check'] : [])];
  console.log(formatTable(headers, rows));
  console.log(`${design.top}: ${stim.packets.length} packets, ${stim.beats.count} beats in, ${out.count} beats out, ${r.cycles} cycles${vcd ? `, VCD: ${vcd}` : ''}`);
  return mismatches ? 1 : 0;
}
