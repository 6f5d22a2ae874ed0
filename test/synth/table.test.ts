// The synthesis table's configuration and text (the synthesis itself is `dpuforge synth table`, an hour's run):
// every row's parameters are valid for its generator, each engine has its default and two other widths, and
// the markdown shows figures, failures and the rows not run yet.
import { describe, expect, it } from 'vitest';
import { findGenerator } from '../../gen/index.js';
import { DEFAULT_CONFIGS } from '../../gen/defaults.js';
import { failedRow, tableEntries, tableMarkdown, u250Fit, type TableRow } from '../../src/synth/table.js';
import { DEPTH_NOTES, depthEntries, depthMarkdown, topOf, type DepthRow } from '../../src/synth/depth-table.js';

describe('synthesis table', () => {
  it('has valid parameters for every row, and each engine at its default and two more widths', () => {
    const entries = tableEntries();
    const tops = entries.map((e) => { const g = findGenerator(e.engine); return g.emit(g.validate(e.params)).top; });
    expect(new Set(tops).size).toBe(tops.length);
    for (const engine of ['crc', 'ec', 'lz4-decompress', 'lz4-compress-parallel', 'lz4-compress-greedy', 'inflate', 'deflate', 'dma', 'ec-stripe', 'xts']) {
      expect(entries.filter((e) => e.engine === engine && !e.label).length, engine).toBe(3);
    }
    // the default datapath's engine is in it
    const queue = DEFAULT_CONFIGS.find((c) => c.engine === 'queue')!;
    const g = findGenerator('queue');
    expect(tops).toContain(g.emit(g.validate(queue.params)).top);
  });

  it('writes figures, GB/s, failures and what is not run yet', () => {
    const ok: TableRow = { engine: 'crc', top: 'crc_engine_w16_crc32c', luts: 1722, ffs: 595, brams: 0, urams: 0, dsps: 0, ice40: { lcs: 2655, fmaxMhz: 120.4 }, bytesPerCycle: 16, how: 'stream width', gbPerSecIce40: 1.9264, seconds: 30 };
    const bad = failedRow(tableEntries()[0], 'big_design', 'Yosys (WebAssembly) crashed');
    const md = tableMarkdown([ok, bad], '2026-11-25', ['other_design']);
    expect(md).toContain('| `crc_engine_w16_crc32c` | 1,722 | 595 | 0 | 0 | 0 | 2,655 | 120.4 | 16 | 1.93 | stream width | — |');
    expect(md).toContain('| `big_design` | synthesis failed: Yosys (WebAssembly) crashed |');
    expect(md).toContain('Not run yet: `other_design`.');
  });

  it('sums a design synthesized by parts and checks it against the U250 budget (800K LUTs, 60% of the block RAM)', () => {
    const part = (module: string, instances: number, luts: number, brams: number, urams: number) => ({ module, instances, luts, ffs: 1, brams, urams, dsps: 0 });
    const row: TableRow = {
      engine: 'queue', top: 'queue_engine_x', label: 'line-rate datapath', luts: 500_000, ffs: 2, brams: 1950, urams: 256, dsps: 0, ice40: { doesNotFit: 'too large' }, bytesPerCycle: NaN, how: '', seconds: 1,
      parts: [part('glue', 1, 10_000, 2, 0), part('engine', 64, 7656.25, 30.4375, 4)],
    };
    const md = tableMarkdown([row], '2026-12-07');
    expect(md).toContain('| `engine` | 64 | 7,656 | 1 | 30.4 | 4 | 490,000 | 1,948 | 256 |');
    expect(md).toContain('| total | | | | | | 500,000 | 1,950 | 256 |');
    // 1,950 + 8 x 256 = 3,998 of 2,688 + 8 x 1,280 = 12,928 RAMB36 equivalents
    expect(md).toContain('3,998 RAMB36 equivalents = 30.9% of its block RAM (budget 60.0%): within the budget.');
    expect(u250Fit({ luts: 500_000, brams: 1950, urams: 256 }).fits).toBe(true);
    expect(u250Fit({ luts: 900_000, brams: 1950, urams: 256 }).fits).toBe(false);
    // block RAM within 60% of the pool but more RAMB36 than the part has
    expect(u250Fit({ luts: 100_000, brams: 2700, urams: 0 }).fits).toBe(false);
    expect(u250Fit({ luts: 100_000, brams: 2000, urams: 800 }).fits).toBe(false);
  });

  it('lists the line-rate datapath\'s engines then the default ones for the depth table, each once, and writes why the deep ones are deep', () => {
    const entries = depthEntries();
    const tops = entries.map(topOf);
    expect(new Set(tops).size).toBe(tops.length);
    const line = entries.filter((e) => e.role === 'line-rate datapath').map((e) => e.engine);
    expect(line).toEqual(['crc', 'dma', 'lz4-compress-greedy', 'lz4-decompress', 'xts', 'xts', 'ec-stripe', 'ec-stripe']);
    // the line-rate compressor engine is the piece-mode one with two load buffers and 4 literals a cycle, as the queue engine instantiates it
    expect(tops[2]).toMatch(/^lz4_compress_greedy_b8_l64_h12_w4096_k4_pc_s2_lit4$/);
    const rows: DepthRow[] = [
      { top: 'crc_engine_w64_crc32c', engine: 'crc', role: 'line-rate datapath', lutLevels: 6, from: 'a', to: 'b', yosys: 'native 0.23', seconds: 1 },
      { top: 'lz4_decompress_w8_h65536_o65536', engine: 'lz4-decompress', role: 'line-rate datapath', lutLevels: 25, from: 'match_len_reg[26]', to: 'read_src[15]', yosys: 'native 0.23', seconds: 1 },
    ];
    const md = depthMarkdown(rows, '2026-12-07', ['other'], DEPTH_NOTES);
    expect(md).toContain('| `crc_engine_w64_crc32c` | line-rate datapath | 6 | `a` | `b` | yes | native 0.23 |');
    expect(md).toContain('| 25 | `match_len_reg[26]` | `read_src[15]` | no (below) |');
    expect(md).toContain(`- \`lz4_decompress_w8_h65536_o65536\` (25 levels, \`match_len_reg[26]\` to \`read_src[15]\`): ${DEPTH_NOTES['lz4-decompress']}`);
    expect(md).toContain('Not run yet: `other`.');
  });
});
