// Coverage-guided fuzzing (src/fuzz/): a short libFuzzer campaign per engine finds nothing, runs thousands of
// inputs, covers the engine and its corpus reaches several verdicts; the harness can fail: a deliberately broken build (one output byte flipped) turns
// a library-made input into a finding, both run alone (--reproduce) and in a campaign that saves its reproducer.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzzEngine } from '../../src/fuzz/campaign.js';
import { parseStatus, reproduce } from '../../src/fuzz/libfuzzer.js';
import { buildTargetHarness, fuzzTarget, FUZZ_ENGINES, type FuzzEngine } from '../../src/fuzz/targets.js';
import { liblz4Compress } from '../../src/oracle/lz4.js';
import { zlibCompress } from '../../src/oracle/zlib.js';

const SECONDS = Number(process.env.DPF_FUZZ_TEST_SECONDS ?? 20);
const text = new TextEncoder().encode('fuzzing the engines against the libraries, '.repeat(40));
const libraryOutput = (engine: FuzzEngine) => (engine === 'inflate' ? zlibCompress(text, 6) : liblz4Compress(text));

function scratch(name: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `dpf-fuzz-${name}-`));
}

describe('libFuzzer status lines', () => {
  it('reads executions, coverage, features, corpus and rate (in-process and fork mode)', () => {
    expect(parseStatus('#60171\tDONE   cov: 530 ft: 3550 corp: 346/121Kb lim: 3733 exec/s: 3760 rss: 32Mb'))
      .toEqual({ executions: 60171, coverage: 530, features: 3550, corpus: 346, execPerSecond: 3760 });
    expect(parseStatus('#96\tINITED cov: 502 ft: 2727 corp: 72/46Kb exec/s: 0 rss: 28Mb')?.coverage).toBe(502);
    expect(parseStatus('#1234: cov: 600 ft: 4000 corp: 400 exec/s 2000 oom/timeout/crash: 0/0/0 time: 10s job: 3 dft_time: 0'))
      .toEqual({ executions: 1234, coverage: 600, features: 4000, corpus: 400, execPerSecond: 2000 });
    expect(parseStatus('INFO: Seed: 88968799')).toBeUndefined();
  });
});

describe.each(FUZZ_ENGINES)('fuzz %s', (engine) => {
  it(`a ${SECONDS} s campaign: no findings, thousands of executions, coverage`, async () => {
    const findingsDir = scratch('findings');
    const r = await fuzzEngine({ engine, seconds: SECONDS, findingsDir });
    const s = r.stats;
    console.log(`fuzz ${engine} (${r.target.design.top}, ${SECONDS} s): ${s.executions} executions (${s.execPerSecond}/s), cov ${s.coverage}, ft ${s.features}, corpus ${s.corpus}, ${r.seeds} seeds, findings ${s.findings.length}; verdicts over the corpus ${JSON.stringify(Object.fromEntries(r.verdicts))}`);
    expect(s.findings, s.messages.join('\n')).toEqual([]);
    expect(s.exitCode).toBe(0);
    expect(r.seeds).toBeGreaterThan(50);
    expect(s.executions).toBeGreaterThan(2000);
    expect(s.coverage).toBeGreaterThan(300);
    expect(s.features).toBeGreaterThan(s.coverage);
    expect(s.corpus).toBeGreaterThan(50);
    // the corpus reaches acceptance and at least three kinds of refusal
    expect(r.verdicts.get(0)).toBeGreaterThan(0);
    expect(r.verdicts.size).toBeGreaterThanOrEqual(4);
  });

  it('catches a wrong engine: the broken build disagrees on a library-made input, alone and in a campaign', async () => {
    const dir = scratch('broken');
    const input = path.join(dir, 'input');
    writeFileSync(input, await libraryOutput(engine));
    const good = await reproduce(await buildTargetHarness(fuzzTarget(engine)), input);
    expect(good.finding, good.lines.join('\n')).toBe(false);
    expect(good.lines[0]).toMatch(new RegExp(`engine verdict 0, ${text.length} B out`));
    const broken = await reproduce(await buildTargetHarness(fuzzTarget(engine), true), input);
    expect(broken.finding).toBe(true);
    expect(broken.lines.join('\n')).toMatch(/FINDING both accept, outputs differ/);
    const campaign = await fuzzEngine({ engine, seconds: 5, corruptOutput: true, findingsDir: path.join(dir, 'findings') });
    expect(campaign.stats.findings.length).toBe(1);
    expect(existsSync(campaign.stats.findings[0])).toBe(true);
    expect(campaign.stats.messages[0]).toMatch(/outputs differ/);
    expect((await reproduce(await buildTargetHarness(fuzzTarget(engine), true), campaign.stats.findings[0])).finding).toBe(true);
  });
});
