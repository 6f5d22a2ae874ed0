// Bench table 7: the deflate compressor engine (fixed Huffman, shared match finder) on the corpus in 32 KiB
// streams, its output checked equal to its model: its ratio vs zlib level 1 on the same streams, and its input
// bytes/cycle (exact).
import { zlibCompress } from '../../src/oracle/zlib.js';
import { loadCorpus } from '../../src/data/corpus.js';
import { SimulatedDeflater } from '../../src/engines/deflate.js';
import { deflateDesignCompress } from '../../src/ref/deflate-compress.js';
import type { BenchTable } from './table.js';

async function deflateCompression() {
  const corpus = await loadCorpus();
  const e = await SimulatedDeflater.create({});
  const rows = [];
  for (const f of corpus) {
    const chunks = Array.from({ length: Math.ceil(f.data.length / 32768) }, (_, i) => f.data.subarray(i * 32768, (i + 1) * 32768));
    const run = e.deflate(chunks);
    run.streams.forEach((st, i) => {
      if (st.error || Buffer.compare(st.data, deflateDesignCompress(e.compressorDesign, chunks[i])) !== 0) throw new Error(`deflate engine differs from its model on ${f.name} chunk ${i}`);
    });
    let zlib1 = 0;
    for (const c of chunks) zlib1 += (await zlibCompress(c, 1)).length;
    rows.push({ file: f.name, bytes: f.data.length, ratioEngine: f.data.length / run.outputBytes, ratioZlib1: f.data.length / zlib1, bytesPerCycle: f.data.length / run.cycles });
  }
  e.close();
  return rows;
}

export type DeflateRow = Awaited<ReturnType<typeof deflateCompression>>[number];

export async function deflateTable(): Promise<BenchTable<DeflateRow[]>> {
  const dfl = await deflateCompression();
  const tot = (k: 'ratioEngine' | 'ratioZlib1') => dfl.reduce((n, r) => n + r.bytes, 0) / dfl.reduce((n, r) => n + r.bytes / r[k], 0);
  return {
    id: '7',
    title: [
      '\n7. Deflate compressor engine (fixed Huffman, shared match finder) on the corpus in 32 KiB streams, output checked equal',
      '   to its model, vs zlib level 1 on the same streams',
    ],
    table: {
      headers: ['file', 'bytes', 'engine ratio', 'zlib -1 ratio', 'engine/zlib', 'engine input B/cycle'],
      rows: dfl.map((r) => [r.file, r.bytes, r.ratioEngine, r.ratioZlib1, r.ratioEngine / r.ratioZlib1, r.bytesPerCycle]),
    },
    notes: [`whole corpus: engine ratio ${tot('ratioEngine').toFixed(3)}, zlib -1 ratio ${tot('ratioZlib1').toFixed(3)} (${(100 * tot('ratioEngine') / tot('ratioZlib1')).toFixed(1)}%)`],
    json: { deflate: dfl },
    data: dfl,
  };
}
