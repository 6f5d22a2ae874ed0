// The synthesis table's configuration and text (the synthesis itself is `dpuforge synth table`, an hour's run):
// every row's parameters are valid for its generator, each engine has its default and two other widths, and
// the markdown shows figures, failures and the rows not run yet.
import { describe, expect, it } from 'vitest';
import { findGenerator } from '../../gen/index.js';
import { DEFAULT_CONFIGS } from '../../gen/defaults.js';
import { failedRow, tableEntries, tableMarkdown, type TableRow } from '../../src/synth/table.js';

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
});
