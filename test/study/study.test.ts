// The architecture study: docs/study/ is what `dpuforge study` writes from its own measured inputs (byte-identical
// regeneration from study.json's measured section), the report carries the policy table for at least two traces
// with different size mixes and a verdict per proposal, the HTML page is standalone with SVG charts, and bad
// input is refused by name: unknown policy, missing or malformed measured file, a synthesis table without an
// engine's row, bad parameters.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { DEFAULT_STUDY_PARAMS, StudyParamError, validateStudyParams } from '../../src/study/params.js';
import { study, writeStudy } from '../../src/study/study.js';
import { lineChart } from '../../src/study/svg.js';
import { projectRoot } from '../../src/util/paths.js';

const DOCS = path.join(projectRoot(), 'docs/study');
const MEASURED = path.join(DOCS, 'study.json');
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'dpuforge-study-'));

describe('dpuforge study', () => {
  it('regenerates docs/study byte-identical from its measured inputs', async () => {
    const dir = tmp();
    const files = writeStudy(await study(DEFAULT_STUDY_PARAMS, { measuredFile: MEASURED }), dir);
    for (const f of files) expect(readFileSync(f, 'utf8'), `${path.basename(f)} differs: run npm run dpuforge -- study --measured docs/study/study.json`).toBe(readFileSync(path.join(DOCS, path.basename(f)), 'utf8'));
  }, 120_000);

  it('compares the policies on traces of different size mixes, and tests each proposal', () => {
    const j = JSON.parse(readFileSync(MEASURED, 'utf8'));
    const traces = j.result.traces as { name: string; meanKiB: number; largeShare: number }[];
    expect(traces.length).toBeGreaterThanOrEqual(2);
    // different size mixes: the mean sizes differ by more than half
    const means = traces.map((t) => t.meanKiB);
    expect(Math.max(...means) / Math.min(...means)).toBeGreaterThan(1.5);
    for (const t of j.result.policies) {
      const setups = t.rows.map((r: { setup: string }) => r.setup);
      expect(setups).toContain('DPU with engines');
      expect(setups.some((s: string) => s.startsWith('multicore DPU'))).toBe(true);
      expect(setups).toContain('host only');
      // every setup carried the offered load's bytes; engines-only takes no host core time
      const eng = t.rows.find((r: { policy: string }) => r.policy === 'engines-only');
      expect(eng.hostCoresBusy).toBe(0);
    }
    expect(j.result.proposals).toHaveLength(3);
    const md = readFileSync(path.join(DOCS, 'study.md'), 'utf8');
    for (const p of j.result.proposals) expect(md).toContain(`**Result: ${p.holds ? 'supported' : 'not supported'}.**`);
    for (const t of traces) expect(md).toContain(`**${t.name}**`);
    // the parameters, seeds and machine are recorded
    expect(j.params.seed).toBe(DEFAULT_STUDY_PARAMS.seed);
    expect(typeof j.measured.machine.cpu).toBe('string');
    expect(md).toContain(`seed ${DEFAULT_STUDY_PARAMS.seed}`);
  });

  it('writes a standalone HTML page with SVG charts', () => {
    const html = readFileSync(path.join(DOCS, 'study.html'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    // charts are deterministic text
    const chart = () => lineChart({ title: 't', x: [1, 2, 4], series: [{ name: 'a', values: [10, 100, 1000] }], xLabel: 'x', yLabel: 'y', log: true });
    expect(chart()).toBe(chart());
    expect(chart()).toContain('>1k<');
  });

  it('compares a user\'s own policy module beside ours', async () => {
    const r = await study({ ...DEFAULT_STUDY_PARAMS, policyModules: [path.join(projectRoot(), 'examples/policy-crc-on-arm.mjs')] }, { measuredFile: MEASURED });
    for (const t of r.result.policies) {
      const row = t.rows.find((x) => x.policy === 'crc-on-arm')!;
      expect(row.setup).toBe('DPU with engines');
      // CRC32C runs on the ARM cores, the rest on engines
      expect(row.share.arm).toBeGreaterThan(0);
      expect(row.share.engine).toBeGreaterThan(row.share.arm);
      expect(row.hostCoresBusy).toBe(0);
    }
    const dir = tmp();
    const bad = path.join(dir, 'bad-policy.mjs');
    writeFileSync(bad, 'export default { name: 3 };\n');
    await expect(study({ ...DEFAULT_STUDY_PARAMS, policyModules: [bad] }, { measuredFile: MEASURED })).rejects.toThrow(`policy module ${bad}: its default export must be a dispatch policy`);
    await expect(study({ ...DEFAULT_STUDY_PARAMS, policyModules: ['/nope/policy.mjs'] }, { measuredFile: MEASURED })).rejects.toThrow('policy module /nope/policy.mjs: no such file');
    // a policy that loses work is caught by the runtime, by name
    const drops = path.join(dir, 'drops.mjs');
    writeFileSync(drops, "export default { name: 'drops-reads', dispatch(task, view, run) { if (task.fn !== 'decompress') run('engine'); } };\n");
    await expect(study({ ...DEFAULT_STUDY_PARAMS, policyModules: [drops] }, { measuredFile: MEASURED })).rejects.toThrow(/policy 'drops-reads' dropped \d+ tasks?: never ran request \d+'s decompress stage/);
  }, 60_000);

  it('refuses bad input by name', async () => {
    expect(() => validateStudyParams({ ...DEFAULT_STUDY_PARAMS, extraPolicies: ['fastest'] })).toThrow(StudyParamError);
    expect(() => validateStudyParams({ ...DEFAULT_STUDY_PARAMS, extraPolicies: ['fastest'] })).toThrow("unknown policy 'fastest'");
    expect(() => validateStudyParams({ ...DEFAULT_STUDY_PARAMS, traces: DEFAULT_STUDY_PARAMS.traces.slice(0, 1) })).toThrow('the policy comparison needs at least two');
    expect(() => validateStudyParams({ ...DEFAULT_STUDY_PARAMS, functions: ['crc32c', 'dedupe' as never] })).toThrow("functions: 'dedupe' is not a storage function");
    await expect(study(DEFAULT_STUDY_PARAMS, { measuredFile: '/nonexistent/study.json' })).rejects.toThrow('--measured /nonexistent/study.json: no such file');
    const dir = tmp();
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"measured": {"software": {"rates": {"crc32c": 1}, "how": {"crc32c": "ISA-L"}}}}');
    await expect(study(DEFAULT_STUDY_PARAMS, { measuredFile: bad })).rejects.toThrow(`--measured ${bad}: no software rate for 'compress'`);
    writeFileSync(bad, 'not json');
    await expect(study(DEFAULT_STUDY_PARAMS, { measuredFile: bad })).rejects.toThrow(`--measured ${bad}: not JSON`);
    // a synthesis table without the default compressor's row names it
    const synth = path.join(dir, 'synthesis.json');
    const rows = JSON.parse(readFileSync(path.join(projectRoot(), 'docs/synthesis.json'), 'utf8')).filter((r: { top: string }) => !r.top.startsWith('lz4_compress_par_l16'));
    writeFileSync(synth, JSON.stringify(rows));
    await expect(study(DEFAULT_STUDY_PARAMS, { measuredFile: MEASURED, synthesisFile: synth })).rejects.toThrow('has no row for lz4_compress_par_l16_h14_b64_w65536_k4_e16_s2 (the compress engine)');
    // the command line: one clear line, exit 1
    const errors: string[] = [];
    const orig = console.error;
    console.error = (m: string) => errors.push(m);
    try {
      expect(await runCli(['study', '--policy', 'fastest', '--measured', MEASURED, '-o', dir])).toBe(1);
      expect(await runCli(['study', '--arm-cores', '0'])).toBe(1);
      expect(await runCli(['study', '--bogus', '1'])).toBe(1);
    } finally {
      console.error = orig;
    }
    expect(errors[0]).toMatch(/^dpuforge: unknown policy 'fastest'/);
    expect(errors[1]).toBe('dpuforge: --arm-cores 0: expected a number 1..1024');
    expect(errors[2]).toMatch(/^dpuforge: study: unknown option --bogus/);
  }, 60_000);
});
