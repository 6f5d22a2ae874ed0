// `npm run bench`: throughput figures, measured side by side in one run (machines here are noisy; ratios and
// exact cycle counts are what to read).
//   1. Bridge overhead: cycles/s of the TS-driven simulation vs a plain C++ Verilator testbench on the same
//      CRC design and workload (both -O3), alternated A/B three times, medians compared.
//   2. Engine bytes/cycle at several widths (exact, from simulation) on 4 KiB blocks and on the demo mix.
//   3. ISA-L single-core CRC throughput on this machine, and the clock each engine width needs to match it.
//   4. Erasure coding: source bytes/cycle of the EC engine (default 10+4 configs and other shapes), and
//      ISA-L's single-core ec_encode_data on the same stripe shape, with the clock the engine needs to pass it.
//   7. Deflate compression on the corpus in 32 KiB streams: the engine's ratio (checked equal to its model) vs
//      zlib level 1 on the same streams, and its input bytes/cycle.
//   6. Inflate on the corpus: the engine's output bytes/cycle on zlib level 1, 6 and 9 streams vs zlib inflate.
//   8. DMA: gather/scatter bytes/cycle against host latency and bursts in flight.
//   9. Queue engine end to end: bytes/cycle and request latency p50/p99 at queue depths 1, 4, 32 (copy, write
//      path with and without EC stripes or encryption, read path with and without reconstruction or decryption).
//  10. Trace replay: the sample traces through the default datapath (requests per second of wall time,
//      simulated cycles per second, bytes/cycle, latency), and a 1 GB synthetic trace streamed in bounded memory.
//  11. AES-XTS: the engine's bytes/cycle per configuration (outputs checked equal to OpenSSL's) and OpenSSL's
//      single-core AES-XTS speed measured in the same run, with the clock each engine needs to pass one core.
//   5. LZ4 on a real corpus: lz4 -1 and HC ratios, the compressor design ratio and its engines' input
//      bytes/cycle (sequential; parallel at 16 and 32 lanes, 1-3 sequences per cycle), the decompressor
//      engine's output bytes/cycle at several widths (exact), and liblz4's single-core speeds on the same files.
// Results are printed as tables and written to out/bench/results.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crcGenerator } from '../gen/crc/generate.js';
import { SimModel } from '../sim/model.js';
import { packetsToBeats, readLE } from '../sim/stream.js';
import { buildPlainBench } from '../sim/verilator-build.js';
import { demoMessages } from '../src/data/demo-set.js';
import { SimulatedCrcEngine } from '../src/engines/crc.js';
import { SimulatedEcEngine, SimulatedReedSolomon } from '../src/engines/ec.js';
import { isalCrcThroughput, isalEcThroughput } from '../src/oracle/isal.js';
import { liblz4Compress, liblz4Throughput } from '../src/oracle/lz4.js';
import { zlibCompress, zlibThroughput } from '../src/oracle/zlib.js';
import { loadCorpus } from '../src/data/corpus.js';
import { SimulatedLz4Decompressor } from '../src/engines/lz4.js';
import { SimulatedLz4Compressor } from '../src/engines/lz4-compress.js';
import { SimulatedInflater } from '../src/engines/inflate.js';
import { SimulatedDeflater } from '../src/engines/deflate.js';
import { SimulatedDma } from '../src/engines/dma.js';
import { defaultDatapathParams } from '../gen/defaults.js';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import { queueGenerator } from '../gen/queue/queue.js';
import { readTrace } from '../src/trace/read.js';
import { SAMPLE_TRACES } from '../src/trace/samples.js';
import { synthesizedPayload } from '../src/trace/payload.js';
import { DEFAULT_REPLAY_OPTIONS, latencySummary, replayTrace } from '../src/trace/replay.js';
import { deflateDesignCompress } from '../src/ref/deflate-compress.js';
import { DEFAULT_LZ4_COMPRESSOR_DESIGN, lz4DesignCompress } from '../src/ref/lz4-compress.js';
import { formatTable } from '../src/report/table.js';
import { xtsThroughput } from './xts.js';
import { queueDepths } from './queue-depths.js';
import { projectRoot } from '../src/util/paths.js';
import { Rng } from '../src/util/rng.js';
import { runTool } from '../src/util/run-tool.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function bridgeOverhead() {
  const W = 64;
  const packetBytes = 4096;
  const beatsPerPacket = packetBytes / W;
  const design = crcGenerator.emit(crcGenerator.validate({ bytesPerCycle: W, model: 'crc32c' }));
  console.log(`building ${design.top} with -O3 (TS-driven model and plain C++ testbench)...`);
  const [model, plain] = await Promise.all([SimModel.load(design, { opt: 'fast-sim' }), buildPlainBench(design, beatsPerPacket)]);
  const targetCycles = 3_000_000;

  // The TS side: a pool of packets laid out as beats once (as the C++ bench pre-generates its pool), then
  // batches of 1024 packets run through the bridge with every result decoded.
  const rng = new Rng(1);
  const packets = Array.from({ length: 1024 }, () => rng.bytes(packetBytes));
  const beats = packetsToBeats(packets, W);
  const tsRun = () => {
    let cycles = 0;
    const t0 = process.hrtime.bigint();
    let sink = 0n;
    while (cycles < targetCycles) {
      const r = model.run({ s_axis: { beats } }, { m_axis: { expectLast: packets.length } });
      const out = r.outputs.m_axis;
      for (let i = 0; i < out.count; i++) sink ^= readLE(out.data, 4 * i, 4);
      cycles += r.cycles;
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return { cycles, seconds, rate: cycles / seconds, sink };
  };
  const plainRun = async () => {
    const run = await runTool(plain, [String(targetCycles)]);
    if (!run.ok) throw new Error(`plain C++ testbench failed: ${run.failure}\n${run.all}`);
    const r = JSON.parse(run.stdout) as { cycles: number; seconds: number };
    return { ...r, rate: r.cycles / r.seconds };
  };
  const ts: number[] = [];
  const cpp: number[] = [];
  for (let i = 0; i < 3; i++) {
    cpp.push((await plainRun()).rate);
    ts.push(tsRun().rate);
  }
  model.close();
  return { design: design.top, targetCycles, tsCyclesPerSec: ts, cppCyclesPerSec: cpp, ratio: median(ts) / median(cpp) };
}

async function bytesPerCycle() {
  const widths = [1, 8, 16, 32, 64, 128];
  const rng = new Rng(2);
  const blocks = Array.from({ length: 64 }, () => rng.bytes(4096));
  const mix = demoMessages().map((m) => m.data);
  const rows = [];
  for (const W of widths) {
    const e = await SimulatedCrcEngine.create({ bytesPerCycle: W, model: 'crc32c' });
    const a = e.run(blocks);
    const b = e.run(mix);
    e.close();
    rows.push({ bytesPerCycle: W, blocks4k: { bytes: a.bytes, cycles: a.cycles }, demoMix: { bytes: b.bytes, cycles: b.cycles }, latency: e.design.latencyCycles });
  }
  return rows;
}

async function ecThroughput() {
  const fragmentBytes = 65536;
  const configs = [
    { k: 10, m: 4, bytesPerCycle: 64, coefficients: 'runtime' as const },
    { k: 10, m: 4, bytesPerCycle: 64, coefficients: 'fixed' as const, matrix: 'cauchy' as const },
    { k: 10, m: 4, bytesPerCycle: 16, coefficients: 'runtime' as const },
    { k: 10, m: 4, bytesPerCycle: 128, coefficients: 'runtime' as const },
    { k: 4, m: 2, bytesPerCycle: 64, coefficients: 'runtime' as const },
    { k: 16, m: 4, bytesPerCycle: 64, coefficients: 'runtime' as const },
  ];
  const rows = [];
  const isalByShape = new Map<string, number>(); // one ISA-L measurement per k+m, so the rows share it
  for (const c of configs) {
    const e = await SimulatedEcEngine.create(c);
    const rng = new Rng(c.k * 100 + c.m);
    const stripes = Array.from({ length: 4 }, () => Array.from({ length: c.k }, () => rng.bytes(fragmentBytes)));
    const hw = new SimulatedReedSolomon(e, c.k, c.m, 'cauchy');
    hw.encode(stripes[0]); // program the parity rows (runtime) outside the measured run
    const run = e.process(stripes);
    e.close();
    const shape = `${c.k}+${c.m}`;
    if (!isalByShape.has(shape)) isalByShape.set(shape, await isalEcThroughput(c.k, c.m, fragmentBytes, 1000));
    const isal = isalByShape.get(shape)!;
    rows.push({ top: e.design.top, ...c, bytes: run.bytes, cycles: run.cycles, sourceBytesPerCycle: run.bytes / run.cycles, isalBytesPerSec: isal });
  }
  return { fragmentBytes, rows };
}

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

/** DMA: bytes/cycle of a 256 KiB gather and scatter against host latency and the engine's outstanding bursts. */
async function dmaThroughput() {
  const rows = [];
  const bytes = 256 * 1024;
  for (const maxReadBursts of [1, 4, 16]) {
    const e = await SimulatedDma.create({ dataBytes: 16, maxBurstBeats: 16, maxReadBursts, maxWriteBursts: maxReadBursts }, { opt: 'fast-sim', memoryBytes: 1 << 20 });
    for (const latency of [50, 200, 800]) {
      const timing = { readLatency: latency, writeLatency: latency, maxReads: 32, maxWrites: 32 };
      const rd = e.run([[{ addr: 5, length: bytes }]], [], {}, timing);
      const wr = e.run([], [{ segments: [{ addr: 3 + (1 << 19), length: bytes }], data: new Uint8Array(bytes).fill(7) }], {}, timing);
      rows.push({ maxBursts: maxReadBursts, latency, readBytesPerCycle: bytes / rd.cycles, writeBytesPerCycle: bytes / wr.cycles, maxReadsInFlight: rd.memory.maxReadsInFlight });
    }
    e.close();
  }
  return rows;
}

/**
 * Trace replay speed: each sample trace through the default datapath at its arrival times (250 MHz), reads
 * losing 2 fragments; wall time includes the software pipeline's checks (the model is built beforehand).
 */
async function replaySpeed() {
  const params = queueGenerator.validate(defaultDatapathParams());
  const rows = [];
  for (const t of SAMPLE_TRACES) {
    const r = await replayTrace(readTrace(path.join(projectRoot(), t.file)), params, { ...DEFAULT_REPLAY_OPTIONS, payload: synthesizedPayload(1, 50), lose: 2, clockMhz: 250 });
    if (r.mismatches) throw new Error(`replay bench: ${t.file} has ${r.mismatches} mismatches`);
    const lat = latencySummary(r);
    rows.push({ file: t.file, records: r.records, requests: r.requests, cycles: r.cycles, wallSeconds: r.wallSeconds, recordsPerSec: r.records / r.wallSeconds, cyclesPerSec: r.cycles / r.wallSeconds, bytesPerCycle: r.unitBytesMoved / r.cycles, p50: lat.p50, p99: lat.p99 });
  }
  return rows;
}

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

async function main() {
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };

  const overhead = await bridgeOverhead();
  results.bridgeOverhead = overhead;
  console.log('\n1. Simulation speed on the same design and workload (4 KiB packets at full rate), alternated A/B x3');
  console.log(formatTable(['driver', 'run 1 (cycles/s)', 'run 2', 'run 3', 'median'], [
    ['plain C++ testbench', ...overhead.cppCyclesPerSec.map(Math.round), Math.round(median(overhead.cppCyclesPerSec))],
    ['TS-driven (Node-API bridge)', ...overhead.tsCyclesPerSec.map(Math.round), Math.round(median(overhead.tsCyclesPerSec))],
  ]));
  console.log(`TS-driven / plain C++ = ${(overhead.ratio * 100).toFixed(0)}% (goal >= 50%) on ${overhead.design}`);

  const bpc = await bytesPerCycle();
  results.bytesPerCycle = bpc;
  console.log('\n2. CRC32C engine bytes/cycle from simulation (exact cycle counts, full rate, includes pipeline latency)');
  console.log(formatTable(['bytes/beat', 'latency (cycles)', '64 x 4 KiB: cycles', 'bytes/cycle', 'demo mix: cycles', 'bytes/cycle'],
    bpc.map((r) => [r.bytesPerCycle, r.latency, r.blocks4k.cycles, r.blocks4k.bytes / r.blocks4k.cycles, r.demoMix.cycles, r.demoMix.bytes / r.demoMix.cycles])));

  const buf = new Rng(3).bytes(4096);
  const isal = await isalCrcThroughput('crc32c', buf, 500);
  results.isalCrc32cBytesPerSec4k = isal;
  console.log(`\n3. ISA-L crc32_iscsi on one core of this machine, 4 KiB buffers: ${(isal / 1e9).toFixed(1)} GB/s`);
  console.log(formatTable(['engine bytes/cycle', 'clock to match one ISA-L core (MHz)'],
    bpc.map((r) => [r.bytesPerCycle, Math.round(isal / (r.blocks4k.bytes / r.blocks4k.cycles) / 1e6)])));

  const ec = await ecThroughput();
  results.erasureCoding = ec;
  console.log(`\n4. Erasure coding (Cauchy parity), 4 stripes of k x ${ec.fragmentBytes / 1024} KiB fragments: engine source bytes/cycle (exact) vs ISA-L ec_encode_data on one core, same shape`);
  console.log(formatTable(['engine', 'k+m', 'B/beat', 'cycles', 'source bytes/cycle', 'ISA-L 1 core (GB/s)', 'clock to pass it (MHz)'],
    ec.rows.map((r) => [r.top, `${r.k}+${r.m}`, r.bytesPerCycle, r.cycles, r.sourceBytesPerCycle, r.isalBytesPerSec / 1e9, Math.round(r.isalBytesPerSec / r.sourceBytesPerCycle / 1e6)])));

  const lz4 = await lz4Decompression();
  results.lz4Decompression = lz4;
  const d = DEFAULT_LZ4_COMPRESSOR_DESIGN;
  console.log('\n5. LZ4 on the corpus: ratios of liblz4 level 1 and HC 9, of the compressor design on whole files (TS model:');
  console.log(`   ${d.positionsPerCycle} lanes, 2^${d.hashBits} entries in ${d.hashBanks} banks, ${d.backwardBytes} B back-extension) and of the compressor engine on 64 KiB blocks`);
  console.log('   (every implementation\'s output checked equal to the model), and the decompressor engine\'s output bytes/cycle');
  console.log('   (exact) on liblz4 level-1 blocks vs liblz4 and zlib on one core');
  console.log(formatTable(['file', 'bytes', 'lz4 -1 ratio', 'lz4 HC-9 ratio', 'design ratio', 'engine ratio (64 KiB blocks)', 'zlib -1 ratio', ...lz4.widths.map((w) => `decomp W=${w} B/cyc`), 'liblz4 decomp (MB/s)', 'liblz4 -1 comp (MB/s)', 'zlib -1 comp (MB/s)', 'zlib inflate (MB/s)'],
    lz4.rows.map((r) => [r.file, r.bytes, r.ratioFast, r.ratioHc, r.ratioDesign, r.ratioEngine64k, r.ratioZlib1, ...lz4.widths.map((w) => r.engineBytesPerCycle[w]),
      Math.round(r.liblz4DecompressBytesPerSec / 1e6), Math.round(r.liblz4CompressBytesPerSec / 1e6), Math.round(r.zlib1CompressBytesPerSec / 1e6), Math.round(r.zlibInflateBytesPerSec / 1e6)])));
  const total = (k: 'ratioFast' | 'ratioDesign' | 'ratioZlib1') => lz4.rows.reduce((n, r) => n + r.bytes, 0) / lz4.rows.reduce((n, r) => n + r.bytes / r[k], 0);
  console.log(`whole corpus: lz4 -1 ratio ${total('ratioFast').toFixed(3)}, design ratio ${total('ratioDesign').toFixed(3)} (${(100 * total('ratioDesign') / total('ratioFast')).toFixed(1)}% of lz4 -1; goal >= 95%), zlib -1 ratio ${total('ratioZlib1').toFixed(3)}`);
  const compRate = (name: string, rows = lz4.rows) => rows.reduce((n, r) => n + r.bytes, 0) / rows.reduce((n, r) => n + r.compressorCycles[name], 0);
  console.log('\n5b. LZ4 compressor engines on the corpus in 64 KiB blocks: input bytes/cycle (exact) of the default design\'s');
  console.log('    implementations (same output bytes), per file and over the whole corpus');
  console.log(formatTable(['implementation', ...lz4.rows.map((r) => r.file), 'whole corpus'],
    lz4.compressors.map((c) => [c, ...lz4.rows.map((r) => r.bytes / r.compressorCycles[c]), compRate(c)])));

  const inf = await inflateThroughput();
  results.inflate = inf;
  console.log('\n6. Inflate engine on the corpus: output bytes/cycle (exact) on zlib streams (zlib inflate speeds are in table 5)');
  console.log(formatTable(['file', 'zlib level', 'ratio', ...inf.widths.map((w) => `engine W=${w} B/cycle`)],
    inf.rows.map((r) => [r.file, r.level, r.ratio, ...inf.widths.map((w) => r.engineBytesPerCycle[w])])));

  const dfl = await deflateCompression();
  results.deflate = dfl;
  console.log('\n7. Deflate compressor engine (fixed Huffman, shared match finder) on the corpus in 32 KiB streams, output checked equal');
  console.log('   to its model, vs zlib level 1 on the same streams');
  console.log(formatTable(['file', 'bytes', 'engine ratio', 'zlib -1 ratio', 'engine/zlib', 'engine input B/cycle'],
    dfl.map((r) => [r.file, r.bytes, r.ratioEngine, r.ratioZlib1, r.ratioEngine / r.ratioZlib1, r.bytesPerCycle])));
  const tot = (k: 'ratioEngine' | 'ratioZlib1') => dfl.reduce((n, r) => n + r.bytes, 0) / dfl.reduce((n, r) => n + r.bytes / r[k], 0);
  console.log(`whole corpus: engine ratio ${tot('ratioEngine').toFixed(3)}, zlib -1 ratio ${tot('ratioZlib1').toFixed(3)} (${(100 * tot('ratioEngine') / tot('ratioZlib1')).toFixed(1)}%)`);

  const dma = await dmaThroughput();
  results.dma = dma;
  console.log('\n8. DMA engine (16-byte beats, 16-beat bursts): bytes/cycle (exact) of one 256 KiB gather and one scatter vs host');
  console.log('   latency (read: address to data; write: last beat to response) and the bursts the engine keeps in flight');
  console.log(formatTable(['bursts in flight (max)', 'host latency (cycles)', 'read B/cycle', 'write B/cycle', 'reads in flight (seen)'],
    dma.map((r) => [r.maxBursts, r.latency, r.readBytesPerCycle, r.writeBytesPerCycle, r.maxReadsInFlight])));

  const qd = await queueDepths();
  results.queueDepths = qd;
  console.log('\n9. Queue engine end to end (default datapath: 16-byte DMA, CRC32C, LZ4 and EC stages, and both XTS-AES-256 stages for the');
  console.log('   encrypted paths: 4 KiB data units, the block number as tweak; one queue pair, maxRequests 32):');
  console.log('   a polling host (every 16 cycles) keeping a queue depth of 4 KiB requests on XML data; bytes/cycle of the plain');
  console.log('   data (exact), compression ratio and request latency, doorbell to interrupt. EC writes scatter the whole stripe');
  console.log('   ((k+m)/k of the block, padded); degraded reads gather the header and k survivors and rebuild 2 lost fragments.');
  console.log(formatTable(['data path', 'host latency (cycles)', 'queue depth', 'plain bytes/cycle', 'ratio', 'latency p50 (cycles)', 'latency p99 (cycles)'],
    qd.map((r) => [r.path, r.latency, r.depth, r.bytesPerCycle, r.ratio, r.p50, r.p99])));

  const rs = await replaySpeed();
  results.replay = rs;
  console.log('\n10. Trace replay: each sample trace through the default datapath at its arrival times (250 MHz; 16 KiB units; reads');
  console.log('    lose 2 of 10 fragments), every request checked; wall time includes the software pipeline and the checks');
  console.log(formatTable(['trace', 'records', 'unit requests', 'simulated cycles', 'wall (s)', 'records/s', 'simulated cycles/s', 'unit bytes/cycle', 'latency p50 (cycles)', 'latency p99 (cycles)'],
    rs.map((r) => [r.file, r.records, r.requests, r.cycles, r.wallSeconds, Math.round(r.recordsPerSec), Math.round(r.cyclesPerSec), r.bytesPerCycle, r.p50, r.p99])));
  const big = streamBigTrace();
  results.bigTrace = big;
  console.log(`10b. A ${(big.bytes / 1e9).toFixed(2)} GB synthetic Alibaba trace (${big.lines.toLocaleString('en-US')} lines) read by \`dpuforge trace stats\` with a 40 MB heap:`);
  console.log(`     ${big.seconds.toFixed(1)} s (${Math.round(big.linesPerSec).toLocaleString('en-US')} lines/s), peak RSS ${big.peakRssMb} MB`);

  const xts = await xtsThroughput();
  results.xts = xts;
  console.log(`\n11. AES-XTS engine: bytes/cycle (exact; every output equal to OpenSSL's) on ${xts.workloads.join(' and on ')}; OpenSSL`);
  console.log(`    on one core of this machine: ${Object.entries(xts.openssl).map(([k, v]) => `${k} B ${(v / 1e9).toFixed(2)} GB/s`).join(', ')}`);
  console.log(formatTable(['engine', 'mode', 'key', 'lanes', 'rounds', ...xts.workloads.map((w) => `${w}: B/cycle`), 'clock to pass 1 OpenSSL core, 16 KiB (MHz)'],
    xts.rows.map((r) => [r.top, r.mode, `AES-${r.keyBits}`, r.lanes, r.rounds, ...r.workloads.map((w) => w.bytesPerCycle), Math.round(r.clockToPassMhz)])));

  // ---- The goals the issues set, measured in this run
  const ecDefault = ec.rows.find((r) => r.k === 10 && r.m === 4 && r.bytesPerCycle === 64)!;
  const lz4Text = lz4.rows.find((r) => r.file.startsWith('Tom'))!;
  const lz4Best = Math.max(...lz4.rows.flatMap((r) => Object.values(r.engineBytesPerCycle)));
  const lz4TextBest = Math.max(...Object.values(lz4Text.engineBytesPerCycle));
  const infText = Math.max(...inf.rows.filter((r) => r.file.startsWith('Tom')).flatMap((r) => Object.values(r.engineBytesPerCycle)));
  const infXml = Math.max(...inf.rows.filter((r) => r.file.startsWith('xml')).flatMap((r) => Object.values(r.engineBytesPerCycle)));
  const compBestName = lz4.compressors.reduce((a, b) => (compRate(b) > compRate(a) ? b : a));
  const compBest = compRate(compBestName);
  const compText = compRate(compBestName, [lz4Text]);
  const designPct = 100 * total('ratioDesign') / total('ratioFast');
  const xtsWidest = xts.rows[0].workloads[1].bytesPerCycle;
  const goal = (name: string, target: string, measured: string, met: boolean) => [name, target, measured, met ? 'met' : 'NOT MET'];
  console.log('\nGoals set by the issues, as measured in this run');
  console.log(formatTable(['goal', 'target', 'measured', 'status'], [
    goal('TS-driven simulation vs plain C++', '>= 50%', `${(overhead.ratio * 100).toFixed(0)}%`, overhead.ratio >= 0.5),
    goal('EC 10+4 source bytes/cycle, default width', '>= 64', ecDefault.sourceBytesPerCycle.toFixed(1), ecDefault.sourceBytesPerCycle >= 63.9),
    goal('LZ4 compressor ratio vs lz4 -1 (design)', 'within 5%', `${designPct.toFixed(1)}%`, designPct >= 95),
    goal('LZ4 compress input bytes/cycle (some config, whole corpus)', '>= 8', `${compBest.toFixed(2)} (${compBestName}), ${compText.toFixed(2)} on text`, compBest >= 8),
    goal('LZ4 decompress output bytes/cycle (also on text)', '>= 8', `${lz4Best.toFixed(1)} best, ${lz4TextBest.toFixed(1)} on text`, lz4Best >= 8 && lz4TextBest >= 8),
    goal('inflate output bytes/cycle (also on text)', '>= 4', `${infXml.toFixed(1)} on XML, ${infText.toFixed(1)} on text`, infXml >= 4 && infText >= 4),
    goal('AES-XTS bytes/cycle, widest default (encrypt, 16 KiB requests)', '>= 64', `${xtsWidest.toFixed(1)} (64 B beats; includes the pipeline fill)`, xtsWidest >= 63),
    goal('a 1 GB trace streams in bounded memory (peak RSS)', '< 256 MB', `${big.peakRssMb} MB for ${(big.bytes / 1e9).toFixed(2)} GB`, big.peakRssMb < 256),
  ]));

  const dir = path.join(projectRoot(), 'out', 'bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'results.json'), JSON.stringify(results, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2));
  console.log(`\nwrote ${path.relative(process.cwd(), path.join(dir, 'results.json'))}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
