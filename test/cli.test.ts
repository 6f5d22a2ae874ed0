// The dpuforge command line, called in-process: help texts, generation to a directory, clear one-line errors
// for bad parameters, unknown engines and malformed stimulus files, and a stimulus-file simulation.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { crcGenerator } from '../gen/crc/generate.js';
import { runCli } from '../src/cli/main.js';
import { projectRoot } from '../src/util/paths.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out.push(a.join(' ')); });
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { err.push(a.join(' ')); });
  const code = await runCli(argv);
  vi.restoreAllMocks();
  return { code, out: out.join('\n'), err: err.join('\n') };
}

afterEach(() => vi.restoreAllMocks());

describe('dpuforge CLI', () => {
  it('gen crc --help lists every parameter with its range and default', async () => {
    const r = await cli('gen', 'crc', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--bytes-per-cycle\s+bytes per cycle/);
    expect(r.out).toMatch(/an integer 1\.\.128 \(default 64\)/);
    expect(r.out).toMatch(/--model .*\n.*one of crc32c, crc32,.*\(default crc32c\)/);
    expect(r.out).toContain('--xor-out');
  });

  it('gen writes the same Verilog the generator emits; flags override --params', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gen-'));
    const r = await cli('gen', 'crc', '--params', '{"bytesPerCycle":8,"model":"crc32"}', '--model', 'crc64-nvme', '-o', dir, '--with-lib');
    expect(r.code).toBe(0);
    const d = crcGenerator.emit(crcGenerator.validate({ bytesPerCycle: 8, model: 'crc64-nvme' }));
    expect(readFileSync(path.join(dir, 'crc_engine_w8_crc64_nvme.v'), 'utf8')).toBe(d.files[0].content);
    expect(existsSync(path.join(dir, 'dpf_skid_buffer.v'))).toBe(true);
  });

  it.each([
    [['gen', 'crc', '--bytes-per-cycle', '200'], /^dpuforge: gen\/crc: parameter 'bytesPerCycle' = "200" is not allowed \(out of range\): expected an integer 1\.\.128$/],
    [['gen', 'crc', '--bytes', '3'], /^dpuforge: unknown option --bytes for engine crc; it takes: --bytes-per-cycle, --model/],
    [['gen', 'aes'], /^dpuforge: unknown engine 'aes'; available: crc, ec, ec-stripe, board, lz4-compress, lz4-compress-parallel, lz4-compress-greedy, lz4-compress-array, lz4-decompress, lz4-decompress-array, inflate, inflate-array, deflate, dma, queue, xts$/],
    [['gen', 'crc', '--params', '{bad'], /^dpuforge: --params: invalid JSON/],
    [['gen', 'crc', '--model'], /^dpuforge: --model needs a value$/],
    [['frobnicate'], /^dpuforge: unknown command 'frobnicate'/],
    [['sim', 'crc'], /^dpuforge: --stim FILE is required$/],
  ])('%j fails with one clear line', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('sim reports a malformed stimulus file by file and line', async () => {
    const f = path.join(mkdtempSync(path.join(os.tmpdir(), 'stim-')), 'bad.stim');
    writeFileSync(f, 'text fine\npacket 01 zz\n');
    const r = await cli('sim', 'crc', '--bytes-per-cycle', '4', '--stim', f);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`dpuforge: ${f}:2: 'zz' is not hex bytes (write bytes as two hex digits each, e.g. 31 32 or 3132)`);
  });

  it('sim runs the example stimulus and checks each CRC against the reference', async () => {
    const r = await cli('sim', 'crc', '--bytes-per-cycle', '4', '--stim', path.join(projectRoot(), 'examples/check.stim'), '--gap', '0.3', '--backpressure', '0.3');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/0xe3069283\s+0x0\s+9\s+0xe3069283\s+ok/);
    expect(r.out).toMatch(/crc_engine_w4_crc32c: 3 packets, 6 beats in, 3 beats out, \d+ cycles/);
    expect(r.out).not.toContain('MISMATCH');
  });

  it('datapath writes the default datapath, and names a stage that is not built yet', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'datapath-'));
    const ok = await cli('datapath', '-o', dir);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/datapath queue_engine_q4_w16_r8_lz4_unlz4_ec8p2: 4 queue pairs, 16-byte DMA; write path crc32c -> lz4-compress -> ec-encode 8\+2; read path ec-reconstruct 8\+2 -> lz4-decompress -> crc32c-verify/);
    expect(readFileSync(path.join(dir, 'queue_engine_q4_w16_r8_lz4_unlz4_ec8p2.v'), 'utf8')).toBe(readFileSync(path.join(projectRoot(), 'hw/generated/queue_engine_q4_w16_r8_lz4_unlz4_ec8p2.v'), 'utf8'));
    writeFileSync(path.join(dir, 'ec.json'), JSON.stringify({ writePath: ['crc32c', 'lz4-compress', 'deflate-compress'] }));
    const bad = await cli('datapath', path.join(dir, 'ec.json'));
    expect(bad.code).toBe(1);
    expect(bad.err.trim()).toBe("dpuforge: datapath config: parameter 'writePath[2]' = 'deflate-compress': this stage is not available in the generated datapath yet (available: crc32c, lz4-compress, encrypt, ec-encode)");
    const enc = await cli('datapath', path.join(projectRoot(), 'hw/datapath-encrypted.json'), '-o', dir);
    expect(enc.out).toMatch(/datapath queue_engine_q4_w16_r8_lz4_unlz4_xts256s4: .*write path crc32c -> lz4-compress -> encrypt XTS-AES-256; read path decrypt XTS-AES-256 -> lz4-decompress -> crc32c-verify/);
  });

  it('trace stats and replay name what is wrong in one line', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'trace-'));
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, '1,W,0,4096,10\n1,W,x,4096,11\n');
    expect((await cli('trace', 'stats', bad)).err).toBe(`dpuforge: ${bad}:2: field 'offset': 'x' is not a non-negative integer`);
    const skipped = await cli('trace', 'stats', bad, '--skip-bad-lines');
    expect(skipped.code).toBe(0);
    expect(skipped.out).toMatch(/alibaba trace, 2 lines/);
    expect(skipped.out).toContain(`skipped ${bad}:2: field 'offset'`);
    expect((await cli('replay', bad)).err).toBe(`dpuforge: ${bad}:2: field 'offset': 'x' is not a non-negative integer`);
    expect((await cli('replay', bad, '--lose', '3')).err).toBe('dpuforge: --lose 3: an 8+2 stripe survives at most 2 lost fragments');
    expect((await cli('replay', bad, '--frobs', '2')).err).toMatch(/^dpuforge: replay: unknown option --frobs/);
    expect((await cli('replay')).err).toMatch(/^dpuforge: replay needs a trace file/);
    expect((await cli('replay', path.join(dir, 'none.csv'))).err).toMatch(/^dpuforge: cannot read trace .*none\.csv: ENOENT/);
  });

  it('synth prints resources per module, the logic depth with --depth, and refuses an unknown target or part by name', async () => {
    const r = await cli('synth', 'crc', '--bytes-per-cycle', '4', '--target', 'generic');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^crc_engine_w4_crc32c: generic synthesis in [\d.]+ s$/m);
    expect(r.out).toMatch(/^total \(whole design\) +[\d,]+ +[\d,]+ +0 /m);
    expect((await cli('synth', 'crc', '--target', 'ecp5')).err).toBe('dpuforge: --target ecp5: unknown synthesis target (targets: generic, xilinx, ice40)');
    expect((await cli('synth', 'crc', '--target', 'ice40', '--part', 'lp1k')).err).toBe('dpuforge: --part lp1k: unknown iCE40 part (parts: hx8k, up5k)');
    const depth = await cli('synth', 'crc', '--bytes-per-cycle', '16', '--depth');
    expect(depth.code).toBe(0);
    expect(depth.out).toMatch(/^crc_engine_w16_crc32c: 3 LUT levels on its longest path \(4 nodes from \S+; Yosys .+\)$/m);
  });

  it('synth table --help and synth depth-table --help print the help and run nothing', async () => {
    for (const sub of ['table', 'depth-table']) {
      const r = await cli('synth', sub, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toContain('dpuforge synth table [-o FILE]');
      expect(r.out).not.toMatch(/: synth_xilinx$|LUTs, .* FFs/m);
    }
  });

  it('synth depth-table refuses an unknown engine and a JSON that is not its own, by name, and re-renders a finished table', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'depth-'));
    const md = path.join(dir, 'depth.md');
    expect((await cli('synth', 'depth-table', '-o', md, '--only', 'nosuch')).err).toBe('dpuforge: synth depth-table --only nosuch: no such engine in the table');
    writeFileSync(path.join(dir, 'depth.json'), '{"not": "rows"}');
    expect((await cli('synth', 'depth-table', '-o', md, '--resume')).err).toBe(`dpuforge: ${path.join(dir, 'depth.json')} is not a depth table's JSON (an array of rows): move it away or write elsewhere with -o`);
    // every row present: --resume runs nothing and writes the text from the JSON
    const { depthEntries, topOf } = await import('../src/synth/depth-table.js');
    const rows = depthEntries().map((e) => ({ top: topOf(e), engine: e.engine, role: e.role, lutLevels: 3, from: 'a', to: 'b', yosys: 'test', seconds: 0 }));
    writeFileSync(path.join(dir, 'depth.json'), JSON.stringify(rows));
    const r = await cli('synth', 'depth-table', '-o', md, '--resume');
    expect(r.code).toBe(0);
    expect(readFileSync(md, 'utf8')).toContain(`| \`${rows[0].top}\` | line-rate datapath | 3 | \`a\` | \`b\` | yes | test |`);
  });

  it('lint reports the default configurations clean', async () => {
    const r = await cli('lint');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/clean  crc_engine_w64_crc32c/);
  });
});

describe('dpuforge lz4 / gzip on files', () => {
  it('round-trips a 1 MiB file with the real lz4 and gzip tools in both directions', async () => {
    const { loadCorpus } = await import('../src/data/corpus.js');
    const { runTool } = await import('../src/util/run-tool.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'files-'));
    const src = path.join(dir, 'silesia.xml');
    const data = (await loadCorpus(1 << 20)).find((f) => f.name.startsWith('xml'))!.data;
    expect(data.length).toBe(1 << 20);
    writeFileSync(src, data);
    const same = (f: string) => expect(Buffer.compare(readFileSync(f), Buffer.from(data))).toBe(0);
    // engine compresses, tool decompresses
    expect((await cli('gzip', 'compress', src)).code).toBe(0);
    expect((await runTool('sh', ['-c', `gzip -dc '${src}.gz' > '${dir}/a.out'`])).ok).toBe(true);
    same(`${dir}/a.out`);
    expect((await cli('lz4', 'compress', src)).code).toBe(0);
    expect((await runTool('lz4', ['-d', '-q', '-f', `${src}.lz4`, `${dir}/b.out`])).ok).toBe(true);
    same(`${dir}/b.out`);
    // tool compresses, engine decompresses
    expect((await runTool('sh', ['-c', `gzip -9 -c '${src}' > '${dir}/t.gz'`])).ok).toBe(true);
    expect((await cli('gzip', 'decompress', `${dir}/t.gz`, '-o', `${dir}/c.out`)).code).toBe(0);
    same(`${dir}/c.out`);
    expect((await runTool('lz4', ['-1', '-q', '-f', src, `${dir}/t.lz4`])).ok).toBe(true);
    expect((await cli('lz4', 'decompress', `${dir}/t.lz4`, '-o', `${dir}/d.out`)).code).toBe(0);
    same(`${dir}/d.out`);
    // not a gzip file
    const r = await cli('gzip', 'decompress', src, '-o', `${dir}/e.out`);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/gzip: bad magic \(expected 1f 8b\)/);
  });

  it('gzip compress stores incompressible data instead of growing it by the fixed code', async () => {
    const { Rng } = await import('../src/util/rng.js');
    const { runTool } = await import('../src/util/run-tool.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'files-'));
    const src = path.join(dir, 'random.bin');
    const data = new Rng(77).bytes(70_000);
    writeFileSync(src, data);
    expect((await cli('gzip', 'compress', src)).code).toBe(0);
    // 3 members of up to 32 KiB: 18 bytes of gzip framing and 5 bytes of stored header each
    expect(readFileSync(`${src}.gz`).length).toBe(data.length + 3 * (18 + 5));
    expect((await runTool('sh', ['-c', `gzip -dc '${src}.gz' > '${dir}/r.out'`])).ok).toBe(true);
    expect(Buffer.compare(readFileSync(`${dir}/r.out`), Buffer.from(data))).toBe(0);
  });

  it('lz4 decompress reads files as lz4 -d does (two frames, linked blocks, legacy) and fails in one line on trailing bytes and a missing file', async () => {
    const { runTool } = await import('../src/util/run-tool.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lz4files-'));
    const text = Buffer.from('concatenated frames must both come back. '.repeat(3000));
    writeFileSync(`${dir}/t.txt`, text);
    for (const flags of [['-1'], ['-9', '-B4', '-BD'], ['-l']]) {
      expect((await runTool('lz4', ['-q', '-f', ...flags, `${dir}/t.txt`, `${dir}/t.lz4`])).ok).toBe(true);
      writeFileSync(`${dir}/two.lz4`, Buffer.concat([readFileSync(`${dir}/t.lz4`), readFileSync(`${dir}/t.lz4`)]));
      const r = await cli('lz4', 'decompress', `${dir}/two.lz4`, '-o', `${dir}/two.out`);
      expect(r.code, r.err).toBe(0);
      expect(Buffer.compare(readFileSync(`${dir}/two.out`), Buffer.concat([text, text]))).toBe(0);
    }
    const frame = readFileSync(`${dir}/t.lz4`);
    writeFileSync(`${dir}/tail.lz4`, Buffer.concat([frame, Buffer.from('garbage!')]));
    const tail = await cli('lz4', 'decompress', `${dir}/tail.lz4`, '-o', `${dir}/tail.out`);
    expect(tail.code).toBe(1);
    expect(tail.err).toBe(`dpuforge: LZ4 frame: 8 bytes at byte ${frame.length} after the last frame do not start a frame (magic 0x62726167)`);
    const missing = await cli('lz4', 'decompress', `${dir}/none.lz4`);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^dpuforge: cannot read .*none\.lz4: ENOENT[^\n]*$/);
  });

  it('demo: a failing LZ4 row (the TS reference disagreeing with the input) is a problem, so the demo exits non-zero', async () => {
    const { lz4Demo } = await import('../src/cli/demo.js');
    const { demoMessages } = await import('../src/data/demo-set.js');
    const { lz4DecodeBlock } = await import('../src/ref/lz4.js');
    const messages = demoMessages().slice(0, 3);
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { printed.push(a.join(' ')); });
    const good: string[] = [];
    await lz4Demo(messages, good);
    expect(good).toEqual([]);
    // a reference that drops the first output byte of every block: every row must fail and be counted
    const broken: typeof lz4DecodeBlock = (b, l) => { const r = lz4DecodeBlock(b, l); return { ...r, output: r.output.subarray(1) }; };
    const bad: string[] = [];
    await lz4Demo(messages, bad, broken);
    const firstNonEmpty = messages.findIndex((m) => m.data.length > 0);
    expect(bad).toHaveLength(4);  // two engine widths x two liblz4 levels
    expect(bad.every((p) => p.startsWith(`LZ4 TS reference: message ${firstNonEmpty} (`))).toBe(true);
    expect(printed.join('\n').match(/\bFAIL\b/g)).toHaveLength(4);
  });
});
