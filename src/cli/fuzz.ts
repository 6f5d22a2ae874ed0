// `dpuforge fuzz --engine lz4-decompress|inflate --seconds N [--jobs J]`: coverage-guided fuzzing of an engine's
// Verilated model against the real library (src/fuzz/); `--reproduce FILE` runs one input and prints its verdicts.
// Exits 1 when there are findings (or the input reproduces one).
import path from 'node:path';
import { fuzzEngine } from '../fuzz/campaign.js';
import { reproduce } from '../fuzz/libfuzzer.js';
import { buildTargetHarness, FUZZ_ENGINES, fuzzTarget, type FuzzEngine } from '../fuzz/targets.js';
import { numberOption, parseArgs, UsageError } from './args.js';

const USAGE = `dpuforge fuzz --engine ${FUZZ_ENGINES.join('|')} [--seconds N] [--jobs J] [--findings DIR] [--corrupt-output]
dpuforge fuzz --engine ${FUZZ_ENGINES.join('|')} --reproduce FILE [--corrupt-output]

  A libFuzzer harness around the engine's Verilated model (clang -fsanitize=fuzzer) judges every input against
  the real library (liblz4 LZ4_decompress_safe / zlib raw inflate): verdict and output must agree, and a hang is
  a finding. The corpus starts from the library's own outputs and grows under the build cache (fuzz/<engine>/).
  --seconds N         how long to fuzz (default 60)
  --jobs J            libFuzzer processes (default 1; more use its fork mode and go on past findings)
  --findings DIR      where reproducers go (default fuzz/<engine>/findings under the cache)
  --reproduce FILE    run one input and print the engine's and the library's verdicts
  --corrupt-output    a deliberately broken harness (flips one output byte) to show findings are caught`;

export async function fuzzCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['help', 'corrupt-output']);
  if (args.switches.has('help')) { console.log(USAGE); return 0; }
  const engine = args.options.get('engine');
  if (!engine || !(FUZZ_ENGINES as readonly string[]).includes(engine)) throw new UsageError(`--engine must be one of ${FUZZ_ENGINES.join(', ')}\n\n${USAGE}`);
  const corruptOutput = args.switches.has('corrupt-output');
  const input = args.options.get('reproduce');
  if (input !== undefined) {
    const harness = await buildTargetHarness(fuzzTarget(engine as FuzzEngine), corruptOutput);
    const r = await reproduce(harness, path.resolve(input));
    for (const line of r.lines) console.log(line);
    console.log(r.finding ? `${input}: FINDING (the engine and ${fuzzTarget(engine as FuzzEngine).library} disagree, or it hangs)` : `${input}: agrees`);
    return r.finding ? 1 : 0;
  }
  const seconds = numberOption(args, 'seconds', 60, 1, 7 * 24 * 3600);
  const jobs = numberOption(args, 'jobs', 1, 1, 64);
  const findingsOpt = args.options.get('findings');
  let lastPrint = 0;
  const r = await fuzzEngine({
    engine: engine as FuzzEngine, seconds, jobs, corruptOutput, findingsDir: findingsOpt && path.resolve(findingsOpt),
    onStatus: (line) => { if (Date.now() - lastPrint > 30_000) { lastPrint = Date.now(); console.error(line); } },
  });
  const s = r.stats;
  console.log(`fuzz ${engine}: ${r.target.design.top} against ${r.target.library}, ${r.seeds} seeds from the library`);
  console.log(`  run           ${s.seconds.toFixed(0)} s, ${jobs} job${jobs > 1 ? 's' : ''}`);
  console.log(`  executions    ${s.executions.toLocaleString('en-US')} (${s.execPerSecond.toLocaleString('en-US')}/s)`);
  console.log(`  coverage      cov ${s.coverage} edges, ft ${s.features} features${jobs > 1 ? " (libFuzzer's fork mode counts features in both)" : ''}`);
  console.log(`  corpus        ${s.corpus} inputs (${path.join(r.dir, 'corpus')})`);
  if (r.verdicts.size) console.log(`  verdicts      ${[...r.verdicts].map(([v, n]) => `${v}: ${n}`).join(', ')} (engine verdicts over corpus and seeds; 0 = accepted)`);
  console.log(`  findings      ${s.findings.length}${s.findings.length ? ` (reproducers in ${r.findingsDir})` : ''}`);
  for (const f of s.findings) console.log(`    ${f}   (npm run fuzz -- --engine ${engine} --reproduce ${f})`);
  for (const m of s.messages) console.log(`    ${m}`);
  console.log(`  libFuzzer log ${r.logFile}`);
  // libFuzzer's own failure without a reproducer (e.g. it could not start) is a failure too
  return s.findings.length || (s.exitCode !== 0 && jobs === 1) ? 1 : 0;
}
