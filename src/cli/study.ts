// `dpuforge study [-o DIR] [--measured FILE] ...`: the architecture study — the runtime model's fixed experiment
// set on our engines, the measured software and the sample traces — written as Markdown, HTML and JSON.
import path from 'node:path';
import { projectRoot } from '../util/paths.js';
import { DEFAULT_STUDY_PARAMS, type StudyParams } from '../study/params.js';
import { study, writeStudy } from '../study/study.js';
import { numberOption, parseArgs, UsageError } from './args.js';

const HELP = `dpuforge study [options]      the architecture study: engines vs ARM cores vs host, written to docs/study/
  -o DIR                  where to write study.md, study.html and study.json (default docs/study)
  --measured FILE         reuse the software rates, simulated LZ4 figures and machine record of an earlier
                          study.json (the report then regenerates byte-identical)
  --synthesis FILE        the synthesis table's JSON (default docs/synthesis.json)
  --clock-mhz F           engine clock (default ${DEFAULT_STUDY_PARAMS.clockMhz})
  --arm-cores N           the DPU's ARM cores (default ${DEFAULT_STUDY_PARAMS.armCores})
  --host-cores N          host cores (default ${DEFAULT_STUDY_PARAMS.hostCores})
  --offered-gbps F        offered load of the policy tables (default ${DEFAULT_STUDY_PARAMS.offeredGbps})
  --records N             I/Os of each trace (default ${DEFAULT_STUDY_PARAMS.records})
  --seed N                seed of degraded reads and the study's data (default ${DEFAULT_STUDY_PARAMS.seed})
  --policy A[,B...]       more dispatch policies to compare on the DPU with engines (engines-only,
                          arm-cores-only, host-only, load-aware, load-aware-dpu, size-threshold-BYTES,
                          engine-fallback-QUEUED)
  --policy-module F[,G]   your own policies: JavaScript modules whose default export is a dispatch policy
                          ({ name, dispatch(task, view, run) }: src/runtime/policy.ts)`;

export async function studyCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.switches.has('help')) { console.log(HELP); return 0; }
  const known = ['out', 'measured', 'synthesis', 'clock-mhz', 'arm-cores', 'host-cores', 'offered-gbps', 'records', 'seed', 'policy', 'policy-module'];
  for (const k of args.options.keys()) if (!known.includes(k)) throw new UsageError(`study: unknown option --${k}\n\n${HELP}`);
  if (args.positionals.length) throw new UsageError(`study takes no positional arguments; given: ${args.positionals.join(' ')}`);
  const d = DEFAULT_STUDY_PARAMS;
  const whole = (name: string, dflt: number, min: number, max: number) => {
    const v = numberOption(args, name, dflt, min, max);
    if (!Number.isInteger(v)) throw new UsageError(`--${name} ${v}: expected a whole number`);
    return v;
  };
  const p: StudyParams = {
    ...d,
    clockMhz: numberOption(args, 'clock-mhz', d.clockMhz, 1, 2000),
    armCores: whole('arm-cores', d.armCores, 1, 1024),
    hostCores: whole('host-cores', d.hostCores, 1, 1024),
    offeredGbps: numberOption(args, 'offered-gbps', d.offeredGbps, 0.001, 10000),
    records: whole('records', d.records, 1, 10_000_000),
    seed: whole('seed', d.seed, 0, 2 ** 31),
    extraPolicies: args.options.get('policy')?.split(',').filter(Boolean) ?? [],
    policyModules: args.options.get('policy-module')?.split(',').filter(Boolean) ?? [],
  };
  const out = args.options.get('out') ?? path.join(projectRoot(), 'docs/study');
  const t0 = Date.now();
  const report = await study(p, { measuredFile: args.options.get('measured'), synthesisFile: args.options.get('synthesis') });
  const files = writeStudy(report, out);
  const r = report.result;
  console.log(`study: ${r.policies.length} traces, ${r.proposals.length} proposals (${r.proposals.filter((x) => x.holds).length} supported) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const x of r.proposals) console.log(`  ${x.holds ? 'supported    ' : 'not supported'}  ${x.title}`);
  for (const f of files) console.log(`wrote ${path.relative(process.cwd(), f) || f}`);
  return 0;
}
