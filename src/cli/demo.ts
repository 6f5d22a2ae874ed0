// `dpuforge demo`: the main job on built-in defaults. Generates the engines (CRC: the default 64 B/cycle CRC32C
// and a few other models and widths; erasure coding: 10+4 Reed-Solomon at 64 B/beat, runtime and fixed
// coefficients; LZ4 block decompression at 8 and 16 B/cycle; LZ4 and deflate compression, inflate; AES-XTS
// encryption), simulates each on the built-in demo data set
// with Verilator, checks every result bit-exact against the TS reference and the real libraries (ISA-L,
// liblz4, zlib, OpenSSL), and prints a table per engine; then runs the data set as requests through the default datapath
// (queues, DMA, CRC32C, LZ4) checked against the software pipeline (src/cli/datapath-demo.ts).
import { concatBytes } from '../../sim/stream.js';
import { demoMessages, stripesFrom } from '../data/demo-set.js';
import { SimulatedCrcEngine } from '../engines/crc.js';
import { SimulatedEcEngine, SimulatedReedSolomon } from '../engines/ec.js';
import { isalEcEncode } from '../oracle/isal.js';
import { liblz4Compress } from '../oracle/lz4.js';
import { SimulatedLz4Decompressor } from '../engines/lz4.js';
import { SimulatedLz4Compressor } from '../engines/lz4-compress.js';
import { liblz4Decompress } from '../oracle/lz4.js';
import { lz4DesignCompress } from '../ref/lz4-compress.js';
import { SimulatedInflater } from '../engines/inflate.js';
import { SimulatedDeflater } from '../engines/deflate.js';
import { deflateDesignCompress } from '../ref/deflate-compress.js';
import { zlibInflate } from '../oracle/zlib.js';
import { zlibCompress } from '../oracle/zlib.js';
import { inflateRaw, unwrapGzip } from '../ref/inflate.js';
import { lz4DecodeBlock } from '../ref/lz4.js';
import { ReedSolomon } from '../ref/ec.js';
import { firstMismatch } from '../check/compare.js';
import { isalCrc, isalHasCrc } from '../oracle/isal.js';
import { CrcKernel, formatCrc } from '../ref/crc.js';
import { formatTable } from '../report/table.js';
import { datapathDemo } from './datapath-demo.js';
import { replayDemo } from './replay.js';
import { xtsDemo } from './xts-demo.js';

export const DEMO_VARIANTS: readonly { bytesPerCycle: number; model: string }[] = [
  { bytesPerCycle: 64, model: 'crc32c' },
  { bytesPerCycle: 64, model: 'crc64-nvme' },
  { bytesPerCycle: 16, model: 'crc32' },
  { bytesPerCycle: 8, model: 'crc16-t10dif' },
];

export async function demoCommand(): Promise<number> {
  const messages = demoMessages();
  const totalBytes = messages.reduce((n, d) => n + d.data.length, 0);
  console.log(`dpuforge demo: the built-in data set, ${messages.length} messages (${totalBytes.toLocaleString('en-US')} bytes: sectors, 4 KiB blocks, odd tails, empty), through generated engines on Verilator\n`);
  const problems: string[] = [];
  await crcDemo(messages, problems);
  await ecDemo(concatBytes(messages.map((m) => m.data)), problems);
  await lz4Demo(messages, problems);
  await lz4CompressDemo(messages, problems);
  await inflateDemo(messages, problems);
  await deflateDemo(messages, problems);
  await xtsDemo(messages, problems);
  await datapathDemo(messages, problems);
  await replayDemo(problems);
  if (problems.length) {
    console.log('\n' + problems.join('\n'));
    return 1;
  }
  console.log('\nEvery result of the simulated RTL is bit-exact with the TS reference and with the real library where one exists (ISA-L for CRC and erasure coding; OpenSSL for AES-XTS; liblz4 blocks and zlib/gzip streams decode to their input; the output of the compressor engines decodes with liblz4 and zlib).');
  return 0;
}

async function crcDemo(messages: ReturnType<typeof demoMessages>, problems: string[]): Promise<void> {
  const data = messages.map((m) => m.data);
  const rows: (string | number)[][] = [];
  for (const v of DEMO_VARIANTS) {
    const t0 = Date.now();
    const engine = await SimulatedCrcEngine.create(v);
    const run = engine.run(data);
    engine.close();
    const kernel = new CrcKernel(engine.params.model);
    const width = engine.params.model.width;
    const show = (x: bigint) => formatCrc(x, width);
    const label = (i: number) => `message ${i} (${messages[i]?.what ?? 'none'})`;
    const ref = data.map((d) => kernel.crc(d));
    const refBad = firstMismatch(run.crcs, ref, show, label, 'hardware', 'TS reference');
    let isal = 'n/a';
    let isalBad;
    if (isalHasCrc(v.model)) {
      const lib = await Promise.all(data.map((d) => isalCrc(v.model, d)));
      isalBad = firstMismatch(run.crcs, lib, show, label, 'hardware', 'ISA-L');
      isal = isalBad ? 'MISMATCH' : 'equal';
    }
    const flagged = run.errors.findIndex((e) => e);
    if (refBad) problems.push(`${engine.design.top}: ${refBad.message}`);
    if (isalBad) problems.push(`${engine.design.top}: ${isalBad.message}`);
    if (flagged >= 0) problems.push(`${engine.design.top}: ${label(flagged)} flagged a tkeep error`);
    const ok = !refBad && !isalBad && flagged < 0;
    rows.push([engine.design.top, v.model, v.bytesPerCycle, messages.length, run.bytes, run.cycles,
      run.bytes / run.cycles, refBad ? 'MISMATCH' : 'equal', isal, ok ? 'PASS' : 'FAIL', `${((Date.now() - t0) / 1000).toFixed(1)} s`]);
  }
  console.log('CRC engines: one CRC per message');
  console.log(formatTable(['variant', 'model', 'B/beat', 'messages', 'bytes', 'cycles', 'bytes/cycle', 'vs TS ref', 'vs ISA-L', 'result', 'wall (build+sim)'], rows));
}

/** Erasure coding: the data set as 10+4 stripes of 4 KiB fragments; encode, then lose 4 fragments and rebuild. */
async function ecDemo(bytes: Uint8Array, problems: string[]): Promise<void> {
  const [k, m, W] = [10, 4, 64];
  const stripes = stripesFrom(bytes, k, 4096);
  const ref = new ReedSolomon(k, m, 'cauchy');
  const expected = stripes.map((s) => ref.encode(s));
  const isal = await Promise.all(stripes.map((s) => isalEcEncode(ref.parityRows(), m, k, s)));
  const same = (a: Uint8Array[][], b: Uint8Array[][]) =>
    a.length === b.length && a.every((s, i) => s.every((f, j) => Buffer.compare(f, b[i][j]) === 0));
  const rows: (string | number)[][] = [];
  const erased = [1, 4, 10, 13];
  for (const coefficients of ['runtime', 'fixed'] as const) {
    const t0 = Date.now();
    const engine = await SimulatedEcEngine.create({ k, m, bytesPerCycle: W, coefficients, ...(coefficients === 'fixed' ? { matrix: 'cauchy' } : {}) });
    const hw = new SimulatedReedSolomon(engine, k, m, 'cauchy');
    if (coefficients === 'runtime') hw.encode(stripes[0]); // program the parity rows before the timed run
    const run = engine.process(stripes);
    const okRef = same(run.outputs, expected);
    const okIsal = same(run.outputs, isal);
    if (!okRef) problems.push(`${engine.design.top}: encoded parity differs from the TS reference`);
    if (!okIsal) problems.push(`${engine.design.top}: encoded parity differs from ISA-L ec_encode_data`);
    rows.push([engine.design.top, `encode ${k}+${m} cauchy`, stripes.length, run.bytes, run.cycles, run.bytes / run.cycles,
      okRef ? 'equal' : 'MISMATCH', okIsal ? 'equal' : 'MISMATCH', okRef && okIsal ? 'PASS' : 'FAIL', `${((Date.now() - t0) / 1000).toFixed(1)} s`]);
    if (coefficients === 'runtime') {
      // lose fragments 1, 4 (data) and 10, 13 (parity) of every stripe and rebuild them on the engine
      let cycles = 0, srcBytes = 0, ok = true;
      for (const [i, s] of stripes.entries()) {
        const all = [...s, ...expected[i]];
        const plan = ref.plan(erased);
        engine.loadRows(plan.rows, erased.length);
        const r = engine.process([plan.survivors.map((j) => all[j])]);
        cycles += r.cycles;
        srcBytes += r.bytes;
        ok &&= r.outputs[0].every((f, e) => Buffer.compare(f, all[erased[e]]) === 0);
      }
      if (!ok) problems.push(`${engine.design.top}: reconstruction of fragments [${erased}] differs from the originals`);
      rows.push([engine.design.top, `rebuild [${erased}]`, stripes.length, srcBytes, cycles, srcBytes / cycles,
        ok ? 'equal' : 'MISMATCH', 'n/a', ok ? 'PASS' : 'FAIL', '']);
    }
    engine.close();
  }
  console.log(`\nErasure coding: ${stripes.length} stripes of ${k} x 4 KiB fragments (the data set, last stripe shorter)`);
  console.log(formatTable(['variant', 'operation', 'stripes', 'source bytes', 'cycles', 'bytes/cycle', 'vs TS ref', 'vs ISA-L', 'result', 'wall (build+sim)'], rows));
}

/**
 * LZ4: the data set's messages compressed by liblz4 (level 1 and HC 9), decoded by the engine. `reference` is the
 * TS decoder the rows check (a test passes a broken one to see a failing row end in a non-zero exit).
 */
export async function lz4Demo(messages: ReturnType<typeof demoMessages>, problems: string[], reference = lz4DecodeBlock): Promise<void> {
  const data = messages.map((m) => m.data);
  const rows: (string | number)[][] = [];
  for (const W of [8, 16]) {
    const t0 = Date.now();
    const engine = await SimulatedLz4Decompressor.create({ bytesPerCycle: W });
    for (const level of [{ mode: 'fast', acceleration: 1 }, { mode: 'hc', level: 9 }] as const) {
      const blocks = await Promise.all(data.map((d) => liblz4Compress(d, level)));
      const run = engine.decompress(blocks);
      const bad = run.results.findIndex((r, i) => r.error !== 0 || Buffer.compare(r.output, data[i]) !== 0);
      const refBad = blocks.findIndex((b, i) => Buffer.compare(reference(b, engine.limits).output, data[i]) !== 0);
      if (bad >= 0) problems.push(`${engine.design.top}: message ${bad} (${messages[bad].what}) did not decode to its input`);
      if (refBad >= 0) problems.push(`LZ4 TS reference: message ${refBad} (${messages[refBad].what}) did not decode to its input`);
      const compressed = blocks.reduce((n, b) => n + b.length, 0);
      rows.push([engine.design.top, level.mode === 'fast' ? 'liblz4 level 1' : 'liblz4 HC 9', blocks.length, compressed, run.outputBytes,
        run.cycles, run.outputBytes / run.cycles, refBad < 0 ? 'equal' : 'MISMATCH', bad < 0 ? 'equal' : 'MISMATCH',
        bad < 0 && refBad < 0 ? 'PASS' : 'FAIL', `${((Date.now() - t0) / 1000).toFixed(1)} s`]);
    }
    engine.close();
  }
  console.log('\nLZ4 decompression: each message compressed by liblz4 into one block, decoded by the engine');
  console.log(formatTable(['variant', 'blocks from', 'blocks', 'compressed bytes', 'output bytes', 'cycles', 'output bytes/cycle', 'TS ref vs input', 'engine vs input', 'result', 'wall (build+sim)'], rows));
}

/** LZ4 compression: each message through the compressor engine; equal to its model, decoded by liblz4. */
async function lz4CompressDemo(messages: ReturnType<typeof demoMessages>, problems: string[]): Promise<void> {
  const t0 = Date.now();
  const data = messages.map((m) => m.data);
  const engine = await SimulatedLz4Compressor.createParallel({});
  const run = engine.compress(data);
  engine.close();
  let modelBad = -1, libBad = -1;
  for (const [i, b] of run.blocks.entries()) {
    if (modelBad < 0 && (b.error || Buffer.compare(b.data, lz4DesignCompress(engine.compressorDesign, data[i])) !== 0)) modelBad = i;
    const back = await liblz4Decompress(b.data, Math.max(1, data[i].length));
    if (libBad < 0 && (!back || Buffer.compare(back, data[i]) !== 0)) libBad = i;
  }
  if (modelBad >= 0) problems.push(`${engine.design.top}: message ${modelBad} (${messages[modelBad].what}) differs from the design model`);
  if (libBad >= 0) problems.push(`${engine.design.top}: liblz4 does not decode message ${libBad} (${messages[libBad].what}) to its input`);
  const ok = modelBad < 0 && libBad < 0;
  console.log('\nLZ4 compression: each message compressed by the engine (parallel implementation of the default design: 16 lanes, 2 sequences per cycle)');
  console.log(formatTable(['variant', 'messages', 'input bytes', 'output bytes', 'ratio', 'cycles', 'input bytes/cycle', 'vs TS model', 'liblz4 decodes', 'result', 'wall (build+sim)'], [[
    engine.design.top, data.length, run.inputBytes, run.outputBytes, run.inputBytes / run.outputBytes, run.cycles, run.inputBytes / run.cycles,
    modelBad < 0 ? 'equal' : 'MISMATCH', libBad < 0 ? 'yes' : 'NO', ok ? 'PASS' : 'FAIL', `${((Date.now() - t0) / 1000).toFixed(1)} s`]]));
}

/** Inflate: the messages as gzip files made by zlib (levels 1 and 9), unwrapped on the host, inflated by the engine. */
async function inflateDemo(messages: ReturnType<typeof demoMessages>, problems: string[]): Promise<void> {
  const t0 = Date.now();
  const data = messages.map((m) => m.data);
  const engine = await SimulatedInflater.create({ bytesPerCycle: 16 });
  const rows: (string | number)[][] = [];
  for (const level of [1, 9]) {
    const files = await Promise.all(data.map((d) => zlibCompress(d, level, 'gzip')));
    let cycles = 0, bad = -1, refBad = -1;
    files.forEach((gz, i) => {
      const out = unwrapGzip(gz, (raw) => { const r = engine.inflate([raw]); cycles += r.cycles; return r.results[0]; });
      if (bad < 0 && Buffer.compare(out, data[i]) !== 0) bad = i;
      if (refBad < 0 && Buffer.compare(unwrapGzip(gz, (raw) => inflateRaw(raw)), data[i]) !== 0) refBad = i;
    });
    if (bad >= 0) problems.push(`${engine.design.top}: gzip file ${bad} (${messages[bad].what}) did not inflate to its input`);
    if (refBad >= 0) problems.push(`inflate TS reference: gzip file ${refBad} (${messages[refBad].what}) did not inflate to its input`);
    const inBytes = files.reduce((n, f) => n + f.length, 0);
    const outBytes = data.reduce((n, d) => n + d.length, 0);
    rows.push([engine.design.top, `zlib level ${level}, gzip`, files.length, inBytes, outBytes, cycles, outBytes / cycles,
      refBad < 0 ? 'equal' : 'MISMATCH', bad < 0 ? 'equal' : 'MISMATCH', bad < 0 && refBad < 0 ? 'PASS' : 'FAIL', `${((Date.now() - t0) / 1000).toFixed(1)} s`]);
  }
  engine.close();
  console.log('\nInflate: each message gzipped by zlib; the host checks the gzip framing (CRC-32, size), the engine inflates');
  console.log(formatTable(['variant', 'files from', 'files', 'gzip bytes', 'output bytes', 'cycles', 'output bytes/cycle', 'TS ref vs input', 'engine vs input', 'result', 'wall (build+sim)'], rows));
}

/** Deflate: the messages (cut into 32 KiB streams) compressed by the engine; equal to its model, zlib inflates them. */
async function deflateDemo(messages: ReturnType<typeof demoMessages>, problems: string[]): Promise<void> {
  const t0 = Date.now();
  const inputs = messages.flatMap((m) => Array.from({ length: Math.max(1, Math.ceil(m.data.length / 32768)) }, (_, i) => m.data.subarray(i * 32768, (i + 1) * 32768)));
  const engine = await SimulatedDeflater.create({});
  const run = engine.deflate(inputs);
  engine.close();
  let modelBad = -1, zlibBad = -1;
  for (const [i, st] of run.streams.entries()) {
    if (modelBad < 0 && (st.error || Buffer.compare(st.data, deflateDesignCompress(engine.compressorDesign, inputs[i])) !== 0)) modelBad = i;
    const back = await zlibInflate(st.data, Math.max(1, inputs[i].length));
    if (zlibBad < 0 && (typeof back === 'string' || Buffer.compare(back.output, inputs[i]) !== 0)) zlibBad = i;
  }
  if (modelBad >= 0) problems.push(`${engine.design.top}: stream ${modelBad} differs from the design model`);
  if (zlibBad >= 0) problems.push(`${engine.design.top}: zlib does not inflate stream ${zlibBad} to its input`);
  const ok = modelBad < 0 && zlibBad < 0;
  console.log('\nDeflate compression: the messages in streams of at most 32 KiB, compressed by the engine (fixed Huffman)');
  console.log(formatTable(['variant', 'streams', 'input bytes', 'output bytes', 'ratio', 'cycles', 'input bytes/cycle', 'vs TS model', 'zlib inflates', 'result', 'wall (build+sim)'], [[
    engine.design.top, inputs.length, run.inputBytes, run.outputBytes, run.inputBytes / run.outputBytes, run.cycles, run.inputBytes / run.cycles,
    modelBad < 0 ? 'equal' : 'MISMATCH', zlibBad < 0 ? 'yes' : 'NO', ok ? 'PASS' : 'FAIL', `${((Date.now() - t0) / 1000).toFixed(1)} s`]]));
}
