// `dpuforge formal [NAME...] [--depth N]`: the formal proof suite (sim/formal-suite.ts), every generator's small
// configuration or those named, proved for N cycles from reset (default 20, the full depth the test suite shortens
// for the DMA); prints each proof's properties, time and verdict. Exits 1 when a proof fails.
import { FORMAL_EXEMPT, FORMAL_SUITE, proveCase } from '../../sim/formal-suite.js';
import { numberOption, parseArgs, UsageError } from './args.js';

const USAGE = `dpuforge formal [NAME...] [--depth N]

  Bounded proofs of the AXI4-Stream and AXI4-master handshake rules (sim/formal.ts) on each generator's small
  configuration, N cycles from reset (default 20). Names: ${FORMAL_SUITE.map((c) => c.name).join(', ')}.
  Not in the suite: ${Object.entries(FORMAL_EXEMPT).map(([g, why]) => `${g} (${why})`).join('; ')}.`;

export async function formalCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.switches.has('help')) { console.log(USAGE); return 0; }
  const depth = numberOption(args, 'depth', 20, 1, 200);
  if (!Number.isInteger(depth)) throw new UsageError(`--depth ${depth}: expected a whole number of cycles`);
  const unknown = args.positionals.filter((n) => !FORMAL_SUITE.some((c) => c.name === n));
  if (unknown.length) throw new UsageError(`no proof named ${unknown.map((n) => `'${n}'`).join(', ')}\n\n${USAGE}`);
  const cases = args.positionals.length ? FORMAL_SUITE.filter((c) => args.positionals.includes(c.name)) : FORMAL_SUITE;
  let failed = 0;
  for (const c of cases) {
    const r = await proveCase(c, depth);
    const groups = r.groups ? ` [${r.groups.map((g) => `${g.group} ${g.seconds.toFixed(0)} s`).join(', ')}]` : '';
    console.log(`${r.bmc ? 'proved' : 'FAILED'}  ${c.name} (${r.top}): ${r.properties.length} properties, ${r.depth} cycles, ${r.seconds.toFixed(0)} s${groups}`);
    for (const p of r.properties) console.log(`          ${p}`);
    if (!r.bmc) { failed++; console.log(`          ${r.failure ?? ''}`); }
  }
  return failed ? 1 : 0;
}
