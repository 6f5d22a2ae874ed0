// Bench table 5b: the LZ4 compressor engines of table 5 on the corpus in 64 KiB blocks: input bytes/cycle (exact)
// of each implementation of the default design (same output bytes), per file and over the whole corpus.
import { compressorRate, type Lz4Results } from './lz4.js';
import type { BenchTable } from './table.js';

/** `lz4`: table 5's figures (the same run; its results.json key holds these). */
export function lz4CompressorsTable(lz4: Lz4Results): BenchTable<Lz4Results> {
  return {
    id: '5b',
    title: [
      '\n5b. LZ4 compressor engines on the corpus in 64 KiB blocks: input bytes/cycle (exact) of the default design\'s',
      '    implementations (same output bytes), per file and over the whole corpus',
    ],
    table: {
      headers: ['implementation', ...lz4.rows.map((r) => r.file), 'whole corpus'],
      rows: lz4.compressors.map((c) => [c, ...lz4.rows.map((r) => r.bytes / r.compressorCycles[c]), compressorRate(lz4.rows, c)]),
    },
    json: {},
    data: lz4,
  };
}
