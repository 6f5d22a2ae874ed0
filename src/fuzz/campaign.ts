// A fuzz campaign on one engine: build its harness, seed its corpus from the real library, run libFuzzer for a
// while. Corpus, seeds and findings live under the build cache (fuzz/<engine>/), so the corpus grows run to run.
import path from 'node:path';
import { cacheRoot } from '../util/paths.js';
import { corpusVerdicts, runCampaign, type FuzzStats } from './libfuzzer.js';
import { writeSeeds } from './seeds.js';
import { buildTargetHarness, fuzzTarget, type FuzzEngine, type FuzzTarget } from './targets.js';

/** libFuzzer's input size limit for every target. */
export const FUZZ_MAX_LEN = 4096;

export interface CampaignRequest {
  engine: FuzzEngine;
  seconds: number;
  jobs?: number;
  /** The deliberately broken harness (one output byte flipped): its own corpus and findings directories. */
  corruptOutput?: boolean;
  /** Where reproducers go (default: fuzz/<engine>/findings under the cache). */
  findingsDir?: string;
  onStatus?: (line: string) => void;
}

export interface CampaignResult {
  target: FuzzTarget;
  harness: string;
  seeds: number;
  dir: string;
  findingsDir: string;
  logFile: string;
  stats: FuzzStats;
  /** The engine's verdicts over the corpus and seeds at the end (inputs per verdict code, 0 = accepted). */
  verdicts: Map<number, number>;
}

/** The cache directory of an engine's campaigns (corpus, seeds, findings, log). */
export function campaignDir(engine: FuzzEngine, corruptOutput = false): string {
  return path.join(cacheRoot(), 'fuzz', corruptOutput ? `${engine}-corrupt-output` : engine);
}

export async function fuzzEngine(req: CampaignRequest): Promise<CampaignResult> {
  const target = fuzzTarget(req.engine);
  const harness = await buildTargetHarness(target, req.corruptOutput);
  const dir = campaignDir(req.engine, req.corruptOutput);
  const seedDir = path.join(dir, 'seeds');
  const seeds = await writeSeeds(req.engine, seedDir, FUZZ_MAX_LEN);
  const findingsDir = req.findingsDir ?? path.join(dir, 'findings');
  const logFile = path.join(dir, 'libfuzzer.log');
  const corpusDirs = [path.join(dir, 'corpus'), seedDir];
  const stats = await runCampaign(harness, {
    seconds: req.seconds, jobs: req.jobs ?? 1, corpusDirs, findingsDir, maxLen: FUZZ_MAX_LEN, logFile, onStatus: req.onStatus,
  });
  const verdicts = stats.findings.length ? new Map<number, number>() : await corpusVerdicts(harness, corpusDirs);
  return { target, harness, seeds, dir, findingsDir, logFile, stats, verdicts };
}
