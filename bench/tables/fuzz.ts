// Bench table 12: coverage-guided fuzzing, a 10-minute libFuzzer campaign per engine (the LZ4 decompressor against
// liblz4, the inflate engine against zlib; src/fuzz/): executions per second, coverage (edges and features), corpus
// size and findings. $DPF_FUZZ_BENCH_SECONDS changes the length. The corpus carries over from earlier campaigns.
import { fuzzEngine } from '../../src/fuzz/campaign.js';
import { FUZZ_ENGINES, FUZZ_MAX_OUTPUT } from '../../src/fuzz/targets.js';
import type { FuzzStats } from '../../src/fuzz/libfuzzer.js';
import type { BenchTable } from './table.js';

export interface FuzzRow { engine: string; top: string; library: string; seeds: number; stats: FuzzStats; verdicts: Map<number, number> }

export async function fuzzTable(seconds = Number(process.env.DPF_FUZZ_BENCH_SECONDS ?? 600)): Promise<BenchTable<FuzzRow[]>> {
  const rows: FuzzRow[] = [];
  for (const engine of FUZZ_ENGINES) {
    const r = await fuzzEngine({ engine, seconds });
    rows.push({ engine, top: r.target.design.top, library: r.target.library, seeds: r.seeds, stats: r.stats, verdicts: r.verdicts });
  }
  return {
    id: '12',
    title: [`\n12. Fuzzing: libFuzzer on the Verilated engines, ${seconds >= 60 ? `${+(seconds / 60).toFixed(1)} min` : `${seconds} s`} per engine, one process, each input judged against the library`],
    table: {
      headers: ['engine', 'against', 'executions', 'exec/s', 'cov (edges)', 'ft (features)', 'corpus', 'seeds', 'findings'],
      rows: rows.map((r) => [r.top, r.library, r.stats.executions, r.stats.execPerSecond, r.stats.coverage, r.stats.features, r.stats.corpus, r.seeds, r.stats.findings.length]),
    },
    notes: [
      `Output bound ${FUZZ_MAX_OUTPUT} B, inputs up to 4 KiB, gaps and backpressure from each input's hash; a hang (no final beat within the cycle bound) is a finding.`,
      ...rows.map((r) => `${r.engine}: engine verdicts over corpus and seeds ${[...r.verdicts].map(([v, n]) => `${v}: ${n}`).join(', ')} (0 = accepted)`),
      ...rows.flatMap((r) => r.stats.findings.map((f) => `finding (${r.engine}): ${f}`)),
    ],
    json: { fuzz: rows.map((r) => ({ engine: r.engine, top: r.top, seconds: r.stats.seconds, executions: r.stats.executions, execPerSecond: r.stats.execPerSecond, coverage: r.stats.coverage, features: r.stats.features, corpus: r.stats.corpus, seeds: r.seeds, verdicts: Object.fromEntries(r.verdicts), findings: r.stats.findings })) },
    data: rows,
  };
}
