// Bench table 5: LZ4 on the corpus. Ratios of liblz4 level 1 and HC 9, of the compressor design (TS model) on
// whole files and of the compressor engines on 64 KiB blocks (each output checked equal to the model), the
// decompressor engine's output bytes/cycle at several widths (exact), and liblz4's and zlib's single-core speeds.
import { liblz4Compress, liblz4Throughput } from '../../src/oracle/lz4.js';
import { zlibCompress, zlibThroughput } from '../../src/oracle/zlib.js';
import { loadCorpus } from '../../src/data/corpus.js';
import { SimulatedLz4Decompressor } from '../../src/engines/lz4.js';
import { SimulatedLz4Compressor } from '../../src/engines/lz4-compress.js';
import { DEFAULT_LZ4_COMPRESSOR_DESIGN, lz4DesignCompress } from '../../src/ref/lz4-compress.js';
import type { BenchTable } from './table.js';

async function lz4Decompression() {
  const corpus = await loadCorpus();
  const widths = [4, 8, 16, 32];
  const engines = await Promise.all(widths.map((w) => SimulatedLz4Decompressor.create({ bytesPerCycle: w })));
  // the default design in its sequential implementation and in the parallel one at two widths: the same bytes
  const compressors = [
    { name: 'sequential', engine: await SimulatedLz4Compressor.create({}) },
    { name: 'parallel W=16, 1 seq/cycle', engine: await SimulatedLz4Compressor.createParallel({ lanes: 16, sequencesPerCycle: 1 }) },
    { name: 'parallel W=16, 2 seq/cycle', engine: await SimulatedLz4Compressor.createParallel({ lanes: 16, sequencesPerCycle: 2 }) },
    { name: 'parallel W=32, 2 seq/cycle', engine: await SimulatedLz4Compressor.createParallel({ lanes: 32, sequencesPerCycle: 2 }) },
    { name: 'parallel W=32, 3 seq/cycle', engine: await SimulatedLz4Compressor.createParallel({ lanes: 32, sequencesPerCycle: 3 }) },
  ];
  const rows = [];
  for (const f of corpus) {
    const fast = await liblz4Compress(f.data, { mode: 'fast', acceleration: 1 });
    const hc = await liblz4Compress(f.data, { mode: 'hc', level: 9 });
    const design = lz4DesignCompress(DEFAULT_LZ4_COMPRESSOR_DESIGN, f.data);
    const zlib1 = await zlibCompress(f.data, 1);
    const zlibSpeed = await zlibThroughput(f.data, 1, 200);
    const perWidth: Record<number, number> = {};
    engines.forEach((e, i) => {
      const r = e.decompress([fast]);
      if (r.results[0].error !== 0 || Buffer.compare(r.results[0].output, f.data) !== 0) throw new Error(`LZ4 engine mis-decoded ${f.name}`);
      perWidth[widths[i]] = f.data.length / r.cycles;
    });
    const lib = await liblz4Throughput(f.data, { mode: 'fast', acceleration: 1 }, 300);
    // the compressor engine takes 64 KiB blocks; its output must equal the model's
    const blocks = Array.from({ length: Math.ceil(f.data.length / 65536) }, (_, i) => f.data.subarray(i * 65536, (i + 1) * 65536));
    const compressorCycles: Record<string, number> = {};
    let engineOutput = 0;
    for (const { name, engine } of compressors) {
      const comp = engine.compress(blocks);
      comp.blocks.forEach((b, i) => {
        if (b.error || Buffer.compare(b.data, lz4DesignCompress(engine.compressorDesign, blocks[i])) !== 0) throw new Error(`LZ4 compressor engine (${name}) differs from its model on ${f.name} block ${i}`);
      });
      compressorCycles[name] = comp.cycles;
      engineOutput = comp.outputBytes;
    }
    rows.push({ file: f.name, bytes: f.data.length, ratioFast: f.data.length / fast.length, ratioHc: f.data.length / hc.length, ratioDesign: f.data.length / design.length, ratioZlib1: f.data.length / zlib1.length, ratioEngine64k: f.data.length / engineOutput, compressorCycles, zlib1CompressBytesPerSec: zlibSpeed.compress, zlibInflateBytesPerSec: zlibSpeed.decompress, engineBytesPerCycle: perWidth, liblz4DecompressBytesPerSec: lib.decompress, liblz4CompressBytesPerSec: lib.compress });
  }
  engines.forEach((e) => e.close());
  compressors.forEach((c) => c.engine.close());
  return { widths, compressors: compressors.map((c) => c.name), rows };
}

export type Lz4Results = Awaited<ReturnType<typeof lz4Decompression>>;
type Lz4Row = Lz4Results['rows'][number];

/** The whole corpus's ratio (total bytes over total compressed bytes) of one of the rows' ratios. */
export const corpusRatio = (rows: readonly Lz4Row[], k: 'ratioFast' | 'ratioDesign' | 'ratioZlib1') => rows.reduce((n, r) => n + r.bytes, 0) / rows.reduce((n, r) => n + r.bytes / r[k], 0);

/** A compressor implementation's input bytes/cycle over the rows' files. */
export const compressorRate = (rows: readonly Lz4Row[], name: string) => rows.reduce((n, r) => n + r.bytes, 0) / rows.reduce((n, r) => n + r.compressorCycles[name], 0);

export async function lz4Table(): Promise<BenchTable<Lz4Results>> {
  const lz4 = await lz4Decompression();
  const d = DEFAULT_LZ4_COMPRESSOR_DESIGN;
  const total = (k: 'ratioFast' | 'ratioDesign' | 'ratioZlib1') => corpusRatio(lz4.rows, k);
  return {
    id: '5',
    title: [
      '\n5. LZ4 on the corpus: ratios of liblz4 level 1 and HC 9, of the compressor design on whole files (TS model:',
      `   ${d.positionsPerCycle} lanes, 2^${d.hashBits} entries in ${d.hashBanks} banks, ${d.backwardBytes} B back-extension) and of the compressor engine on 64 KiB blocks`,
      '   (every implementation\'s output checked equal to the model), and the decompressor engine\'s output bytes/cycle',
      '   (exact) on liblz4 level-1 blocks vs liblz4 and zlib on one core',
    ],
    table: {
      headers: ['file', 'bytes', 'lz4 -1 ratio', 'lz4 HC-9 ratio', 'design ratio', 'engine ratio (64 KiB blocks)', 'zlib -1 ratio', ...lz4.widths.map((w) => `decomp W=${w} B/cyc`), 'liblz4 decomp (MB/s)', 'liblz4 -1 comp (MB/s)', 'zlib -1 comp (MB/s)', 'zlib inflate (MB/s)'],
      rows: lz4.rows.map((r) => [r.file, r.bytes, r.ratioFast, r.ratioHc, r.ratioDesign, r.ratioEngine64k, r.ratioZlib1, ...lz4.widths.map((w) => r.engineBytesPerCycle[w]),
        Math.round(r.liblz4DecompressBytesPerSec / 1e6), Math.round(r.liblz4CompressBytesPerSec / 1e6), Math.round(r.zlib1CompressBytesPerSec / 1e6), Math.round(r.zlibInflateBytesPerSec / 1e6)]),
    },
    notes: [`whole corpus: lz4 -1 ratio ${total('ratioFast').toFixed(3)}, design ratio ${total('ratioDesign').toFixed(3)} (${(100 * total('ratioDesign') / total('ratioFast')).toFixed(1)}% of lz4 -1; goal >= 95%), zlib -1 ratio ${total('ratioZlib1').toFixed(3)}`],
    json: { lz4Decompression: lz4 },
    data: lz4,
  };
}
