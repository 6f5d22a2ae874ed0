// Running a libFuzzer harness: a timed campaign over a corpus (its status lines read for executions, coverage
// and corpus size; the reproducers it writes collected as findings), and one input run alone (--reproduce).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface FuzzStats {
  executions: number;
  seconds: number;
  execPerSecond: number;
  /** libFuzzer's `cov:` (edges covered) and `ft:` (features: edges with hit-count buckets, compares). */
  coverage: number;
  features: number;
  /** Inputs in the corpus at the end. */
  corpus: number;
  /** Reproducers libFuzzer wrote for findings (disagreements, hangs, crashes, timeouts). */
  findings: string[];
  /** The harness's own messages ("dpf-fuzz: FINDING ...") for them. */
  messages: string[];
  exitCode: number;
}

export interface CampaignOptions {
  seconds: number;
  /** libFuzzer processes: 1 runs in process; more use its -fork mode (and go on past findings). */
  jobs: number;
  /** Writable corpus first (new inputs go there), then read-only seed directories. */
  corpusDirs: string[];
  findingsDir: string;
  maxLen: number;
  /** Where libFuzzer's own output goes. */
  logFile: string;
  /** Each status line as it comes (progress). */
  onStatus?: (line: string) => void;
}

/** The numbers of a libFuzzer status line (`#N INITED|NEW|REDUCE|pulse|DONE cov: C ft: F corp: K/... exec/s: E`). */
export function parseStatus(line: string): { executions: number; coverage: number; features: number; corpus: number; execPerSecond: number } | undefined {
  const m = /^#(\d+):?\s.*\bcov: (\d+) ft: (\d+) corp: (\d+)/.exec(line);
  if (!m) return undefined;
  const eps = /exec\/s:? (\d+)/.exec(line);
  return { executions: Number(m[1]), coverage: Number(m[2]), features: Number(m[3]), corpus: Number(m[4]), execPerSecond: eps ? Number(eps[1]) : 0 };
}

function runHarness(harness: string, args: string[], env: NodeJS.ProcessEnv, onLine: (line: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(harness, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let rest = '';
    const take = (chunk: Buffer) => {
      rest += chunk.toString();
      const lines = rest.split('\n');
      rest = lines.pop()!;
      lines.forEach(onLine);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code, signal) => { if (rest) onLine(rest); resolve(code ?? (signal ? 128 : 1)); });
  });
}

/** Fuzz for `seconds`: libFuzzer over the corpus directories, its reproducers into the findings directory. */
export async function runCampaign(harness: string, o: CampaignOptions): Promise<FuzzStats> {
  mkdirSync(o.findingsDir, { recursive: true });
  for (const d of o.corpusDirs) mkdirSync(d, { recursive: true });
  const log: string[] = [];
  const findings: string[] = [];
  const messages: string[] = [];
  let last: ReturnType<typeof parseStatus>;
  let finalExecutions: number | undefined, finalRate: number | undefined;
  const t0 = Date.now();
  const args = [
    `-max_total_time=${o.seconds}`, `-max_len=${o.maxLen}`, '-timeout=20', '-print_final_stats=1',
    `-artifact_prefix=${o.findingsDir}/`, ...(o.jobs > 1 ? [`-fork=${o.jobs}`, '-ignore_crashes=1', '-ignore_timeouts=1'] : []),
    ...o.corpusDirs,
  ];
  const exitCode = await runHarness(harness, args, process.env, (line) => {
    log.push(line);
    const s = parseStatus(line);
    if (s) { last = s; o.onStatus?.(line); }
    // a slow unit (over 10 s) is written too, but it is no finding unless it passes -timeout
    const written = /Test unit written to (\S+)/.exec(line);
    if (written && !path.basename(written[1]).startsWith('slow-unit-') && !findings.includes(written[1])) findings.push(written[1]);
    if (line.startsWith('dpf-fuzz: FINDING')) messages.push(line.slice('dpf-fuzz: '.length));
    const units = /^stat::number_of_executed_units: (\d+)/.exec(line);
    if (units) finalExecutions = Number(units[1]);
    const rate = /^stat::average_exec_per_sec: (\d+)/.exec(line);
    if (rate) finalRate = Number(rate[1]);
  });
  writeFileSync(o.logFile, log.join('\n') + '\n');
  const seconds = (Date.now() - t0) / 1000;
  const executions = finalExecutions ?? last?.executions ?? 0;
  return {
    executions, seconds, execPerSecond: finalRate ?? (seconds > 0 ? Math.round(executions / seconds) : 0),
    coverage: last?.coverage ?? 0, features: last?.features ?? 0, corpus: last?.corpus ?? 0,
    findings, messages, exitCode,
  };
}

/** Run one input through the harness alone: its verdict line and, if it disagrees, the finding. */
export async function reproduce(harness: string, input: string): Promise<{ lines: string[]; finding: boolean }> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'dpf-fuzz-repro-'));
  const lines: string[] = [];
  try {
    const code = await runHarness(harness, [`-artifact_prefix=${scratch}/`, input], { ...process.env, DPF_FUZZ_VERBOSE: '1' }, (line) => {
      if (line.startsWith('dpf-fuzz:')) lines.push(line.slice('dpf-fuzz: '.length));
    });
    return { lines, finding: code !== 0 };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The engine's verdicts over a corpus (each input run once, libFuzzer's -runs=0): how many inputs end with each
 * verdict code (0 = accepted), to show which outcomes the corpus reaches.
 */
export async function corpusVerdicts(harness: string, dirs: string[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'dpf-fuzz-verdicts-'));
  try {
    await runHarness(harness, ['-runs=0', `-artifact_prefix=${scratch}/`, ...dirs], { ...process.env, DPF_FUZZ_VERBOSE: '1' }, (line) => {
      const m = /^dpf-fuzz: input \d+ B, engine verdict (\d+)/.exec(line);
      if (m) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return new Map([...counts].sort((a, b) => a[0] - b[0]));
}
