// `npm run bench`: throughput figures, measured side by side in one run (machines here are noisy; ratios and
// exact cycle counts are what to read). One module per table in bench/tables/ (each says what it measures):
//   1. Bridge overhead: cycles/s of the TS-driven simulation vs a plain C++ Verilator testbench on the same
//      CRC design and workload (both -O3), alternated A/B three times, medians compared.
//   2. Engine bytes/cycle at several widths (exact, from simulation) on 4 KiB blocks and on the demo mix.
//   3. ISA-L single-core CRC throughput on this machine, and the clock each engine width needs to match it.
//   4. Erasure coding: source bytes/cycle of the EC engine (default 10+4 configs and other shapes), and
//      ISA-L's single-core ec_encode_data on the same stripe shape, with the clock the engine needs to pass it.
//   5. LZ4 on a real corpus: lz4 -1 and HC ratios, the compressor design ratio and its engines' input
//      bytes/cycle (5b: sequential; parallel at 16 and 32 lanes, 1-3 sequences per cycle), the decompressor
//      engine's output bytes/cycle at several widths (exact), and liblz4's single-core speeds on the same files;
//      5c: compressor design points by area (ratio vs liblz4, B/cycle, LUTs and RAMB36, per kLUT, per RAMB36);
//      5d: the compressor engine array at 1..48 engines (B/cycle, LUTs, RAMB36: where the scaling bends).
//      5e: the same in piece mode (4 KiB pieces, 4..64 engines), the line-rate datapath's compressor.
//   6. Inflate on the corpus: the engine's output bytes/cycle on zlib level 1, 6 and 9 streams vs zlib inflate.
//   7. Deflate compression on the corpus in 32 KiB streams: the engine's ratio (checked equal to its model) vs
//      zlib level 1 on the same streams, and its input bytes/cycle.
//   8. DMA: gather/scatter bytes/cycle against host latency and bursts in flight.
//   9. Queue engine end to end: bytes/cycle and request latency p50/p99 at queue depths 1, 4, 32 (copy, write
//      path with and without EC stripes or encryption, read path with and without reconstruction or decryption);
//      9b: the line-rate datapath (hw/datapath-linerate.json, 64-byte beats, LZ4 engine arrays) at 16 KiB requests.
//      9c: probes of its write path's limit (host latency, EC, XTS, queue depth, piece size changed one at a time).
//  10. Trace replay: the sample traces through the default datapath (requests per second of wall time,
//      simulated cycles per second, bytes/cycle, latency), and (10b) a 1 GB synthetic trace streamed in bounded memory.
//  11. AES-XTS: the engine's bytes/cycle per configuration (outputs checked equal to OpenSSL's) and OpenSSL's
//      single-core AES-XTS speed measured in the same run, with the clock each engine needs to pass one core.
//  12. Fuzzing: a 10-minute libFuzzer campaign per engine (LZ4 decompressor vs liblz4, inflate vs zlib): exec/s,
//      coverage (edges, features), corpus and findings.
// Then the goals table. Results are printed as tables and written to out/bench/results.json.
// `--only 3,8` (table numbers as printed, or `goals`) prints just those tables, measuring what they build on,
// and leaves results.json as it was.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/util/paths.js';
import { bigTraceTable } from './tables/big-trace.js';
import { bridgeOverheadTable } from './tables/bridge-overhead.js';
import { compressorAreaTable } from './tables/compressor-area.js';
import { compressorArrayTable, PIECE_BYTES, PIECE_SIZES } from './tables/compressor-array.js';
import { crcBytesPerCycleTable } from './tables/crc-bytes-per-cycle.js';
import { deflateTable } from './tables/deflate.js';
import { dmaTable } from './tables/dma.js';
import { erasureCodingTable } from './tables/erasure-coding.js';
import { goalsTable } from './tables/goals.js';
import { inflateTable } from './tables/inflate.js';
import { isalCrcTable } from './tables/isal-crc.js';
import { lz4CompressorsTable } from './tables/lz4-compressors.js';
import { lz4Table } from './tables/lz4.js';
import { queueDepthsTable } from './tables/queue-depths.js';
import { lineRateProbeTable, lineRateTable } from './tables/line-rate.js';
import { replaySpeedTable } from './tables/replay-speed.js';
import { type BenchTable, renderTable } from './tables/table.js';
import { xtsTable } from './tables/xts.js';
import { fuzzTable } from './tables/fuzz.js';

/** Measure once, however many tables ask. */
const once = <T>(measure: () => T | Promise<T>): (() => Promise<T>) => {
  let result: Promise<T> | undefined;
  return () => (result ??= Promise.resolve().then(measure));
};

const bridge = once(bridgeOverheadTable);
const crc = once(crcBytesPerCycleTable);
const ec = once(erasureCodingTable);
const lz4 = once(lz4Table);
const inflate = once(inflateTable);
const big = once(bigTraceTable);
const xts = once(xtsTable);

/** The tables in the order they print. */
const TABLES: { id: string; run: () => Promise<BenchTable<unknown>> }[] = [
  { id: '1', run: bridge },
  { id: '2', run: crc },
  { id: '3', run: async () => isalCrcTable((await crc()).data) },
  { id: '4', run: ec },
  { id: '5', run: lz4 },
  { id: '5b', run: async () => lz4CompressorsTable((await lz4()).data) },
  { id: '5c', run: compressorAreaTable },
  { id: '5d', run: () => compressorArrayTable() },
  { id: '5e', run: () => compressorArrayTable(PIECE_SIZES, PIECE_BYTES) },
  { id: '6', run: inflate },
  { id: '7', run: deflateTable },
  { id: '8', run: dmaTable },
  { id: '9', run: queueDepthsTable },
  { id: '9b', run: () => lineRateTable() },
  { id: '9c', run: () => lineRateProbeTable() },
  { id: '10', run: replaySpeedTable },
  { id: '10b', run: big },
  { id: '11', run: xts },
  { id: '12', run: () => fuzzTable() },
  {
    id: 'goals',
    run: async () => goalsTable({ overhead: (await bridge()).data, ec: (await ec()).data, lz4: (await lz4()).data, inf: (await inflate()).data, xts: (await xts()).data, big: (await big()).data }),
  },
];

/** The tables `--only a,b` (or `--only=a,b`) names, or undefined for all of them. */
function onlyTables(args: readonly string[]): Set<string> | undefined {
  const i = args.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (i < 0) return undefined;
  const list = args[i].startsWith('--only=') ? args[i].slice('--only='.length) : args[i + 1];
  const ids = new Set((list ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  const known = TABLES.map((t) => t.id);
  const unknown = [...ids].filter((id) => !known.includes(id));
  if (!ids.size || unknown.length) throw new Error(`--only ${list ?? ''}: ${unknown.length ? `no table ${unknown.join(', ')}` : 'no table named'} (tables: ${known.join(', ')})`);
  return ids;
}

async function main() {
  const only = onlyTables(process.argv.slice(2));
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
  for (const t of TABLES) {
    if (only && !only.has(t.id)) continue;
    const table = await t.run();
    Object.assign(results, table.json);
    console.log(renderTable(table));
  }
  if (only) {
    console.log(`\n--only ${[...only].join(',')}: out/bench/results.json not written`);
    return;
  }
  const dir = path.join(projectRoot(), 'out', 'bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'results.json'), JSON.stringify(results, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2));
  console.log(`\nwrote ${path.relative(process.cwd(), path.join(dir, 'results.json'))}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
