// `dpuforge gen <engine> [params] -o DIR`: write a generated design's Verilog; `--help` lists parameters;
// `dpuforge gen --defaults` regenerates the checked-in default configurations under hw/generated.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GENERATED_DIR, generatedDirFiles } from '../../gen/defaults.js';
import { designOutputFiles } from '../../gen/core/filelist.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import { findGenerator, GENERATORS } from '../../gen/index.js';
import { describeAllowed, flagName } from '../../gen/core/params.js';
import { projectRoot } from '../util/paths.js';
import { parseArgs, UsageError } from './args.js';
import { paramsFromArgs } from './params-from-args.js';

export function engineHelp(engine: string): string {
  const g = findGenerator(engine);
  const lines = [`dpuforge gen ${g.name} [options] -o DIR     ${g.summary} (generator ${g.version})`, '', 'Parameters:'];
  for (const [name, spec] of Object.entries(g.schema)) {
    const dflt = spec.default === undefined ? '' : ` (default ${typeof spec.default === 'bigint' ? '0x' + spec.default.toString(16) : spec.default})`;
    lines.push(`  ${flagName(name).padEnd(20)} ${spec.doc}`);
    lines.push(`  ${''.padEnd(20)} ${describeAllowed(spec)}${dflt}`);
  }
  lines.push('', 'Other options:',
    '  --params JSON|FILE   parameters as a JSON object (flags override it)',
    '  -o DIR               output directory (default: current directory)',
    '  --with-lib           also copy the hw/lib primitives the design instantiates into DIR');
  return lines.join('\n');
}

function generalHelp(): string {
  return ['dpuforge gen <engine> [options] -o DIR', '', 'Engines:',
    ...Object.values(GENERATORS).map((g) => `  ${g.name.padEnd(10)} ${g.summary}`),
    '', 'dpuforge gen <engine> --help     parameters of one engine',
    `dpuforge gen --defaults          regenerate the default configurations in ${GENERATED_DIR}/`].join('\n');
}

/**
 * Write a design's Verilog, its filelist (`<top>.f`, paths from the current directory) and its FuseSoC core to
 * dir; with withLib the hw/lib primitives are copied there too (and the filelist names those copies).
 */
export function writeDesign(design: GeneratedDesign, dir: string, withLib: boolean): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const designDir = path.resolve(dir);
  const layout = { designDir, libDir: withLib ? designDir : path.join(projectRoot(), 'hw/lib'), base: process.cwd() };
  for (const f of designOutputFiles(design, layout)) {
    const p = path.join(dir, f.name);
    writeFileSync(p, f.content);
    written.push(p);
  }
  if (withLib) {
    for (const f of design.libFiles) {
      const p = path.join(dir, path.basename(f));
      copyFileSync(path.join(projectRoot(), f), p);
      written.push(p);
    }
  }
  return written;
}

export async function genCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['help', 'with-lib', 'defaults']);
  if (args.switches.has('defaults')) {
    const dir = path.join(projectRoot(), GENERATED_DIR);
    for (const f of generatedDirFiles()) {
      writeFileSync(path.join(dir, f.name), f.content);
      console.log(`wrote ${path.relative(process.cwd(), path.join(dir, f.name))}`);
    }
    return 0;
  }
  const engine = args.positionals[0];
  if (!engine) {
    console.log(generalHelp());
    return args.switches.has('help') ? 0 : 2;
  }
  if (args.positionals.length > 1) throw new UsageError(`unexpected argument '${args.positionals[1]}' (parameters are given as --name value)`);
  if (args.switches.has('help')) {
    console.log(engineHelp(engine));
    return 0;
  }
  const g = findGenerator(engine);
  const design = g.emit(g.validate(paramsFromArgs(g, args, ['out'])));
  const dir = args.options.get('out') ?? '.';
  for (const p of writeDesign(design, dir, args.switches.has('with-lib'))) console.log(`wrote ${p}`);
  for (const w of design.warnings ?? []) console.log(`warning: ${design.top}: ${w}`);
  if (!args.switches.has('with-lib') && design.libFiles.length) {
    console.log(`${design.top} also instantiates: ${design.libFiles.join(', ')} (add --with-lib to copy them)`);
  }
  return 0;
}
