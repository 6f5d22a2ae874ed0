// `dpuforge lint [<engine> params]`: verilator --lint-only -Wall on a generated design, or on every default
// configuration when no engine is named.
import { defaultDesigns } from '../../gen/defaults.js';
import { findGenerator } from '../../gen/index.js';
import { lintDesign } from '../../sim/lint.js';
import { parseArgs } from './args.js';
import { paramsFromArgs } from './params-from-args.js';

export async function lintCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const engine = args.positionals[0];
  const designs = engine
    ? [(() => { const g = findGenerator(engine); return g.emit(g.validate(paramsFromArgs(g, args, []))); })()]
    : defaultDesigns();
  let failed = 0;
  for (const d of designs) {
    const r = await lintDesign(d);
    console.log(`${r.ok ? 'clean' : 'FAIL '}  ${d.top}`);
    if (!r.ok) { failed++; console.log(r.output); }
  }
  return failed ? 1 : 0;
}
