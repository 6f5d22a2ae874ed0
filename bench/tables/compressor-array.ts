// Bench table 5d: the LZ4 compressor engine array at 1, 2, 4, ... 48 engines (64-byte streams, the default greedy
// engine) on the corpus in 16 KiB blocks: input bytes/cycle (exact, simulated; every block checked equal to its
// model, in order), and the array's UltraScale+ resources from Yosys synth_xilinx run here (each distinct module
// synthesized once, counted per instance), so throughput per kLUT and per RAMB36 show where the scaling bends.
// Table 5e: the same in piece mode (each 16 KiB block cut into 4 KiB pieces over 4 engines; 2^12 entries), the
// line-rate datapath's compressor, with the LZ4 ratio each mode writes.
import { lz4CompressArrayGenerator } from '../../gen/lz4/compress-array.js';
import { loadCorpus } from '../../src/data/corpus.js';
import { SimulatedGreedyLz4Compressor } from '../../src/engines/lz4-compress-greedy.js';
import { lz4GreedyCompress } from '../../src/ref/lz4-compress-greedy.js';
import { synthesize } from '../../src/synth/yosys.js';
import type { BenchTable } from './table.js';

const SIZES = [1, 2, 4, 8, 16, 32, 48];
export const PIECE_SIZES = [4, 16, 32, 64];
export const PIECE_BYTES = 4096;
const BLOCK = 16384;

export interface CompressorArrayRow {
  engines: number;
  top: string;
  blocks: number;
  cycles: number;
  bytesPerCycle: number;
  luts: number;
  ffs: number;
  brams: number;
  urams: number;
  dsps: number;
  /** Input bytes over LZ4 bytes. */
  ratio: number;
}

/** Table 5d (whole blocks, the default engine) or, with pieceBytes, 5e (piece mode: 2^log2(pieceBytes) entries). */
export async function compressorArrayTable(sizes: readonly number[] = SIZES, pieceBytes = 0): Promise<BenchTable<CompressorArrayRow[]>> {
  const corpus = (await loadCorpus()).flatMap((f) => Array.from({ length: Math.ceil(f.data.length / BLOCK) }, (_, i) => f.data.subarray(i * BLOCK, (i + 1) * BLOCK)));
  const rows: CompressorArrayRow[] = [];
  for (const engines of sizes) {
    const raw = pieceBytes ? { engines, dataBytes: 64, pieces: true, windowBytes: pieceBytes, hashBits: Math.log2(pieceBytes) } : { engines, dataBytes: 64 };
    // at least four blocks per engine, so the array runs full between its fill and its drain
    const blocks = Array.from({ length: Math.max(corpus.length, 4 * engines) }, (_, i) => corpus[i % corpus.length]);
    const a = await SimulatedGreedyLz4Compressor.createArray(raw);
    let cycles: number;
    let outBytes = 0;
    try {
      const run = a.compress(blocks);
      run.blocks.forEach((b, i) => {
        if (b.error || Buffer.compare(b.data, lz4GreedyCompress(a.compressorDesign, blocks[i])) !== 0) throw new Error(`array of ${engines}: block ${i} differs from its model`);
      });
      cycles = run.cycles;
      outBytes = run.blocks.reduce((n, b) => n + b.data.length, 0);
    } finally {
      a.close();
    }
    const design = lz4CompressArrayGenerator.emit(lz4CompressArrayGenerator.validate(raw));
    const s = await synthesize(design, 'xilinx', { yosys: 'auto' });
    const bytes = blocks.reduce((n, b) => n + b.length, 0);
    rows.push({ engines, top: design.top, blocks: blocks.length, cycles, bytesPerCycle: bytes / cycles, ratio: bytes / outBytes, ...pick(s.total) });
  }
  const one = rows.find((r) => r.engines === 1);
  if (pieceBytes) {
    const first = rows[0];
    return {
      id: '5e',
      title: [
        `\n5e. The compressor array in piece mode (64-byte streams, each 16 KiB block cut into ${pieceBytes}-byte pieces, one engine each;`,
        `    greedy engines: 8-byte reads, 2^${Math.log2(pieceBytes)} entries) on the corpus: input bytes/cycle (exact, every block equal to`,
        `    its model, in order), the ratio it writes, UltraScale+ resources (Yosys)`,
      ],
      table: {
        headers: ['engines', 'blocks', 'cycles', 'B/cycle', 'B/cycle per engine', `vs ${first.engines} engines x N/${first.engines}`, 'ratio', 'LUTs', 'FFs', 'RAMB36', 'URAM', 'DSP', 'B/cycle per kLUT', 'B/cycle per RAMB36'],
        rows: rows.map((r) => [r.engines, r.blocks, r.cycles, r.bytesPerCycle, r.bytesPerCycle / r.engines, (r.bytesPerCycle / r.engines) / (first.bytesPerCycle / first.engines), r.ratio,
          r.luts, r.ffs, r.brams, r.urams, r.dsps, 1000 * r.bytesPerCycle / r.luts, r.bytesPerCycle / r.brams]),
      },
      json: { compressorPieceArray: rows },
      data: rows,
    };
  }
  return {
    id: '5d',
    title: [
      '\n5d. LZ4 compressor engine array (64-byte streams, greedy engines: 8-byte reads, 2^14 entries) on the corpus in 16 KiB',
      '    blocks: input bytes/cycle (exact, every block equal to its model, in order) and UltraScale+ resources (Yosys)',
    ],
    table: {
      headers: ['engines', 'blocks', 'cycles', 'B/cycle', 'B/cycle per engine', 'vs 1 engine x N', 'ratio', 'LUTs', 'FFs', 'RAMB36', 'URAM', 'DSP', 'B/cycle per kLUT', 'B/cycle per RAMB36'],
      rows: rows.map((r) => [r.engines, r.blocks, r.cycles, r.bytesPerCycle, r.bytesPerCycle / r.engines, one ? r.bytesPerCycle / (one.bytesPerCycle * r.engines) : '—', r.ratio,
        r.luts, r.ffs, r.brams, r.urams, r.dsps, 1000 * r.bytesPerCycle / r.luts, r.bytesPerCycle / r.brams]),
    },
    json: { compressorArray: rows },
    data: rows,
  };
}

const pick = (t: { luts: number; ffs: number; brams: number; urams: number; dsps: number }) => ({ luts: t.luts, ffs: t.ffs, brams: t.brams, urams: t.urams, dsps: t.dsps });
