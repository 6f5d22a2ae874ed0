// Bench table 5c: LZ4 compressor design points by area. For each engine configuration, on the corpus in 64 KiB
// blocks: its ratio as a share of liblz4's (LZ4_compress_default on the same blocks), its input bytes/cycle (exact,
// simulated; every block checked equal to its TS model), and from the synthesis table (docs/synthesis.json, Yosys
// synth_xilinx for UltraScale+) its LUTs, RAMB36, URAM and DSPs; then throughput per kLUT and per RAMB36, and how
// many engines (and what area) an array needs for 48 input bytes/cycle. This is where the engine array's
// compressor is chosen (issue 19): the banked parallel core spends its LUTs on 64 hash banks and their crossbar, the
// skip-ahead greedy engine spends almost none and keeps liblz4's ratio.
import { findGenerator } from '../../gen/index.js';
import { designOf } from '../../gen/lz4/compress-params.js';
import { loadCorpus } from '../../src/data/corpus.js';
import { SimulatedLz4Compressor } from '../../src/engines/lz4-compress.js';
import { SimulatedGreedyLz4Compressor } from '../../src/engines/lz4-compress-greedy.js';
import { liblz4Compress } from '../../src/oracle/lz4.js';
import { lz4DesignCompress } from '../../src/ref/lz4-compress.js';
import { lz4GreedyCompress } from '../../src/ref/lz4-compress-greedy.js';
import { readSynthesisTable } from '../../src/runtime/engine-rates.js';
import type { BenchTable } from './table.js';

/** The array's throughput goal in input bytes/cycle (issue 19: 48 at QD 32 with 64-byte beats). */
const ARRAY_GOAL = 48;

interface DesignPoint {
  name: string;
  engine: 'lz4-compress-parallel' | 'lz4-compress-greedy';
  params: Record<string, unknown>;
}

const POINTS: DesignPoint[] = [
  { name: 'parallel, 16 lanes, 64 banks (datapath default)', engine: 'lz4-compress-parallel', params: { lanes: 16, hashBits: 14, hashBanks: 64, windowBytes: 65536, backwardBytes: 4, entryBytes: 16, sequencesPerCycle: 2 } },
  { name: 'parallel, 4 lanes, 64 banks', engine: 'lz4-compress-parallel', params: { lanes: 4, hashBits: 14, hashBanks: 64, windowBytes: 65536, backwardBytes: 4, entryBytes: 4, sequencesPerCycle: 1 } },
  { name: 'parallel, 4 lanes, 8 banks', engine: 'lz4-compress-parallel', params: { lanes: 4, hashBits: 14, hashBanks: 8, windowBytes: 65536, backwardBytes: 4, entryBytes: 4, sequencesPerCycle: 1 } },
  { name: 'greedy, 4-byte beats', engine: 'lz4-compress-greedy', params: { beatBytes: 4, hashBits: 14, windowBytes: 65536, backwardBytes: 4 } },
  { name: 'greedy, 8-byte beats', engine: 'lz4-compress-greedy', params: { beatBytes: 8, hashBits: 14, windowBytes: 65536, backwardBytes: 4 } },
  { name: 'greedy, 16-byte beats', engine: 'lz4-compress-greedy', params: { beatBytes: 16, hashBits: 14, windowBytes: 65536, backwardBytes: 4 } },
  { name: 'greedy, 8-byte reads, 64-byte loads (array engine)', engine: 'lz4-compress-greedy', params: { beatBytes: 8, loadBytes: 64, hashBits: 14, windowBytes: 65536, backwardBytes: 4 } },
];

export interface CompressorAreaRow {
  name: string;
  top: string;
  ratioShareOfLz4: number;
  bytesPerCycle: number;
  luts?: number;
  brams?: number;
  urams?: number;
  dsps?: number;
}

async function measure(point: DesignPoint, blocks: Uint8Array[]): Promise<{ bytes: number; compressed: number; cycles: number }> {
  const greedy = point.engine === 'lz4-compress-greedy';
  const e = greedy ? await SimulatedGreedyLz4Compressor.create(point.params) : await SimulatedLz4Compressor.createParallel(point.params);
  try {
    const run = e.compress(blocks);
    let compressed = 0;
    run.blocks.forEach((b, i) => {
      const model = e instanceof SimulatedGreedyLz4Compressor ? lz4GreedyCompress(e.compressorDesign, blocks[i]) : lz4DesignCompress(designOf((e as SimulatedLz4Compressor).params), blocks[i]);
      if (b.error || Buffer.compare(b.data, model) !== 0) throw new Error(`${point.name}: block ${i} differs from its model`);
      compressed += b.data.length;
    });
    return { bytes: run.inputBytes, compressed, cycles: run.cycles };
  } finally {
    e.close();
  }
}

export async function compressorAreaTable(): Promise<BenchTable<CompressorAreaRow[]>> {
  const blocks = (await loadCorpus()).flatMap((f) => Array.from({ length: Math.ceil(f.data.length / 65536) }, (_, i) => f.data.subarray(i * 65536, (i + 1) * 65536)));
  let lib = 0;
  for (const b of blocks) lib += (await liblz4Compress(b)).length;
  const synth = readSynthesisTable();
  const rows: CompressorAreaRow[] = [];
  const missing: string[] = [];
  for (const point of POINTS) {
    const g = findGenerator(point.engine);
    const top = g.emit(g.validate(point.params)).top;
    const m = await measure(point, blocks);
    const s = synth.find((r) => r.top === top && !r.error);
    if (!s) missing.push(top);
    rows.push({ name: point.name, top, ratioShareOfLz4: lib / m.compressed, bytesPerCycle: m.bytes / m.cycles, luts: s?.luts, brams: s?.brams, urams: s?.urams, dsps: s?.dsps });
  }
  const dash = (x: number | undefined, f: (v: number) => number | string = (v) => v) => (x === undefined ? '—' : f(x));
  return {
    id: '5c',
    title: [
      '\n5c. LZ4 compressor design points by area, on the corpus in 64 KiB blocks: ratio as a share of liblz4 -1\'s on the',
      '    same blocks, input bytes/cycle (exact, simulated, checked equal to the model), UltraScale+ resources from',
      `    docs/synthesis.json (Yosys), throughput per kLUT and per RAMB36, and engines for ${ARRAY_GOAL} B/cycle`,
    ],
    table: {
      headers: ['design', 'module', 'ratio (% of lz4 -1)', 'B/cycle', 'LUTs', 'RAMB36', 'URAM', 'DSP', 'B/cycle per kLUT', 'B/cycle per RAMB36',
        `engines for ${ARRAY_GOAL} B/cycle`, 'their kLUTs', 'their RAMB36'],
      rows: rows.map((r) => {
        const n = Math.ceil(ARRAY_GOAL / r.bytesPerCycle);
        return [r.name, r.top, 100 * r.ratioShareOfLz4, r.bytesPerCycle, dash(r.luts), dash(r.brams), dash(r.urams), dash(r.dsps),
          dash(r.luts, (l) => 1000 * r.bytesPerCycle / l), dash(r.brams, (b) => r.bytesPerCycle / b), n, dash(r.luts, (l) => n * l / 1000), dash(r.brams, (b) => n * b)];
      }),
    },
    notes: missing.length ? [`not in docs/synthesis.json yet (run npm run dpuforge -- synth table --resume): ${missing.join(', ')}`] : [],
    json: { compressorArea: rows },
    data: rows,
  };
}
