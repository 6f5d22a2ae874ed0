// Bench table 10b: a synthetic Alibaba-format trace of about 1 GB read by `dpuforge trace stats` (the built CLI in
// dist/) in a child with a 40 MB heap: its time, lines/s and peak RSS (bounded memory).
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/util/paths.js';
import type { BenchTable } from './table.js';

/** A synthetic trace of about 1 GB read by `dpuforge trace stats` in a child with a 40 MB heap: its peak RSS. */
function streamBigTrace() {
  const file = path.join(os.tmpdir(), `dpuforge-1g-${process.pid}.csv`);
  const fd = openSync(file, 'w');
  let lines = 0;
  try {
    let chunk = '';
    for (let bytes = 0; bytes < 1e9; lines++) {
      const line = `${lines % 13},${lines % 3 ? 'R' : 'W'},${(lines * 4096) % 1e12},${4096 * (1 + (lines % 8))},${1577808000000000 + lines * 7}\n`;
      chunk += line;
      bytes += line.length;
      if (chunk.length > 1 << 22) { writeSync(fd, chunk); chunk = ''; }
    }
    writeSync(fd, chunk);
    closeSync(fd);
    const size = statSync(file).size;
    const t0 = Date.now();
    const out = execFileSync(process.execPath, ['--max-old-space-size=40', path.join(projectRoot(), 'dist/src/cli/bin.js'), 'trace', 'stats', file], { encoding: 'utf8' });
    const seconds = (Date.now() - t0) / 1000;
    const rss = Number(/peak RSS (\d+) MB/.exec(out)![1]);
    if (!out.includes(lines.toLocaleString('en-US'))) throw new Error(`1 GB trace: the record count ${lines} is not in the output:\n${out}`);
    return { bytes: size, lines, seconds, linesPerSec: lines / seconds, peakRssMb: rss };
  } finally {
    rmSync(file, { force: true });
  }
}

export type BigTrace = ReturnType<typeof streamBigTrace>;

export function bigTraceTable(): BenchTable<BigTrace> {
  const big = streamBigTrace();
  return {
    id: '10b',
    title: [
      `10b. A ${(big.bytes / 1e9).toFixed(2)} GB synthetic Alibaba trace (${big.lines.toLocaleString('en-US')} lines) read by \`dpuforge trace stats\` with a 40 MB heap:`,
      `     ${big.seconds.toFixed(1)} s (${Math.round(big.linesPerSec).toLocaleString('en-US')} lines/s), peak RSS ${big.peakRssMb} MB`,
    ],
    json: { bigTrace: big },
    data: big,
  };
}
