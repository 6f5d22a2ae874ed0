// Bench table 6: the inflate engine on the corpus: output bytes/cycle (exact) at two widths on zlib level 1, 6
// and 9 streams, each output checked equal to the file (zlib's own inflate speed is in table 5).
import { zlibCompress } from '../../src/oracle/zlib.js';
import { loadCorpus } from '../../src/data/corpus.js';
import { SimulatedInflater } from '../../src/engines/inflate.js';
import type { BenchTable } from './table.js';

async function inflateThroughput() {
  const corpus = await loadCorpus();
  const widths = [8, 16];
  const engines = await Promise.all(widths.map((w) => SimulatedInflater.create({ bytesPerCycle: w })));
  const rows = [];
  for (const f of corpus) {
    for (const level of [1, 6, 9]) {
      const stream = await zlibCompress(f.data, level);
      const perWidth: Record<number, number> = {};
      engines.forEach((e, i) => {
        const r = e.inflate([stream]);
        if (r.results[0].error !== 0 || Buffer.compare(r.results[0].output, f.data) !== 0) throw new Error(`inflate engine mis-decoded ${f.name} level ${level}`);
        perWidth[widths[i]] = f.data.length / r.cycles;
      });
      rows.push({ file: f.name, level, bytes: f.data.length, ratio: f.data.length / stream.length, engineBytesPerCycle: perWidth });
    }
  }
  engines.forEach((e) => e.close());
  return { widths, rows };
}

export type InflateResults = Awaited<ReturnType<typeof inflateThroughput>>;

export async function inflateTable(): Promise<BenchTable<InflateResults>> {
  const inf = await inflateThroughput();
  return {
    id: '6',
    title: ['\n6. Inflate engine on the corpus: output bytes/cycle (exact) on zlib streams (zlib inflate speeds are in table 5)'],
    table: {
      headers: ['file', 'zlib level', 'ratio', ...inf.widths.map((w) => `engine W=${w} B/cycle`)],
      rows: inf.rows.map((r) => [r.file, r.level, r.ratio, ...inf.widths.map((w) => r.engineBytesPerCycle[w])]),
    },
    json: { inflate: inf },
    data: inf,
  };
}
