// The resource and Fmax table: every engine at its default configuration and at two other widths, and the
// default datapath — LUT/FF/BRAM/DSP from synth_xilinx (UltraScale+, out of context), iCE40 LUTs and Fmax
// where it fits an HX8K (inside the I/O-light harness) — beside each engine's bytes/cycle, so that
// bytes/cycle x Fmax gives GB/s on a real clock. Bytes/cycle: the stream width where the engine takes one beat
// per cycle by construction (CRC, EC, DMA, EC stripe fill), else measured in simulation on the demo data set.
import { findGenerator } from '../../gen/index.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import { datapathFileParams, defaultDatapathParams, LINE_RATE_DATAPATH_FILE } from '../../gen/defaults.js';
import { designOf } from '../../gen/lz4/compress-params.js';
import { queueCompressorParams } from '../../gen/queue/params.js';
import { demoMessages } from '../data/demo-set.js';
import { SimulatedLz4Decompressor } from '../engines/lz4.js';
import { SimulatedLz4Compressor } from '../engines/lz4-compress.js';
import { SimulatedGreedyLz4Compressor } from '../engines/lz4-compress-greedy.js';
import { SimulatedInflater } from '../engines/inflate.js';
import { SimulatedDeflater } from '../engines/deflate.js';
import { SimulatedXts } from '../engines/xts.js';
import { zlibCompress } from '../oracle/zlib.js';
import { lz4DesignCompress } from '../ref/lz4-compress.js';
import { deflateDesignCompress } from '../ref/deflate-compress.js';
import { concatBytes } from '../../sim/stream.js';
import { Rng } from '../util/rng.js';
import { placeAndRoute } from './nextpnr.js';
import { oocWrapper } from './ooc-wrapper.js';
import { synthesizeByParts } from './parts.js';
import { synthesize, SynthError } from './yosys.js';

export interface TableEntry {
  engine: string;
  params: Record<string, unknown>;
  /** A row beside the widths: e.g. a configuration small enough for the iCE40 (to put a clock under the engine). */
  label?: string;
  /** What the bytes/cycle figure is, and how it was had. */
  rate: (design: GeneratedDesign) => Promise<{ bytesPerCycle: number; how: string }>;
  /** Synthesize it by parts (src/synth/parts.ts: each distinct module once, summed over its instances). */
  parts?: boolean;
}

const width = (bytes: number, what: string) => async () => ({ bytesPerCycle: bytes, how: `${what} (one beat per cycle)` });

/** The demo data set in blocks of at most `size` bytes. */
function blocks(size: number): Uint8Array[] {
  const all = concatBytes(demoMessages().map((m) => m.data));
  return Array.from({ length: Math.ceil(all.length / size) }, (_, i) => all.subarray(i * size, (i + 1) * size));
}

async function measured<T extends { close(): void }>(make: () => Promise<T>, run: (e: T) => { cycles: number; bytes: number }, how: string) {
  const e = await make();
  try {
    const r = run(e);
    return { bytesPerCycle: r.bytes / r.cycles, how };
  } finally {
    e.close();
  }
}

function lz4Decompress(params: Record<string, unknown>, label?: string): TableEntry {
  const window = Number(params.windowBytes);
  return {
    engine: 'lz4-decompress', params, label,
    rate: () => measured(() => SimulatedLz4Decompressor.create(params), (e) => {
      // blocks of the window's size, so every offset is within it
      const bl = blocks(window).map((b) => lz4DesignCompress(designOf({ ...queueCompressorParams(16), windowBytes: window }), b));
      const r = e.decompress(bl);
      return { cycles: r.cycles, bytes: r.outputBytes };
    }, `output bytes/cycle, demo data set, ${window / 1024} KiB LZ4 blocks (simulated)`),
  };
}

/** An LZ4 compressor engine's row: input bytes/cycle on the demo data set in blocks of its window. */
function lz4CompressEntry(engine: 'lz4-compress-parallel' | 'lz4-compress-greedy', params: Record<string, unknown>, label?: string): TableEntry {
  // both answer compress(blocks) with cycles and input bytes
  const make = (): Promise<{ compress: SimulatedLz4Compressor['compress']; close(): void }> =>
    (engine === 'lz4-compress-greedy' ? SimulatedGreedyLz4Compressor.create(params) : SimulatedLz4Compressor.createParallel(params));
  return {
    engine, params, label,
    rate: () => measured(make, (e) => {
      const r = e.compress(blocks(Number(params.windowBytes)));
      return { cycles: r.cycles, bytes: r.inputBytes };
    }, 'input bytes/cycle, demo data set (simulated)'),
  };
}

const lz4Compress = (params: Record<string, unknown>, label?: string) => lz4CompressEntry('lz4-compress-parallel', params, label);
const lz4CompressGreedy = (params: Record<string, unknown>, label?: string) => lz4CompressEntry('lz4-compress-greedy', params, label);

function inflate(params: Record<string, unknown>, label?: string): TableEntry {
  const window = Number(params.windowBytes);
  return {
    engine: 'inflate', params, label,
    rate: async () => {
      if (window < 32768) {
        // zlib's streams reach 32 KiB back: a smaller window decodes the deflate design's own (fixed Huffman) streams
        const design = designOf({ lanes: 16, hashBits: 14, hashBanks: 64, windowBytes: window, backwardBytes: 4, historyMemory: 'bram' });
        const own = blocks(window).map((b) => deflateDesignCompress(design, b));
        return measured(() => SimulatedInflater.create(params), (e) => {
          const r = e.inflate(own);
          return { cycles: r.cycles, bytes: r.outputBytes };
        }, `output bytes/cycle, demo data set, the deflate design's ${window / 1024} KiB fixed-Huffman streams (simulated)`);
      }
      const streams = await Promise.all(blocks(32768).map((b) => zlibCompress(b, 6)));
      return measured(() => SimulatedInflater.create(params), (e) => {
        const r = e.inflate(streams);
        return { cycles: r.cycles, bytes: r.outputBytes };
      }, 'output bytes/cycle, demo data set, zlib -6 raw deflate (simulated)');
    },
  };
}

function deflate(params: Record<string, unknown>, label?: string): TableEntry {
  return {
    engine: 'deflate', params, label,
    rate: () => measured(() => SimulatedDeflater.create(params), (e) => {
      const r = e.deflate(blocks(Number(params.windowBytes)));
      return { cycles: r.cycles, bytes: r.inputBytes };
    }, 'input bytes/cycle, demo data set (simulated)'),
  };
}

function xts(params: Record<string, unknown>, label?: string): TableEntry {
  return {
    engine: 'xts', params, label,
    rate: () => measured(() => SimulatedXts.create(params), (e) => {
      // 16 KiB requests in 4 KiB data units (a key loaded first, outside the measured run)
      const rng = new Rng(1);
      e.loadKeys([{ slot: 0, key: rng.bytes(Number(params.keyBits) / 4) }]);
      const r = e.run(Array.from({ length: 8 }, (_, i) => ({ slot: 0, dataUnitBytes: 4096, firstDataUnit: BigInt(4 * i), data: rng.bytes(16384) })));
      return { cycles: r.cycles, bytes: r.inputBytes };
    }, 'input bytes/cycle, 16 KiB requests in 4 KiB data units (simulated)'),
  };
}

const SMALL = 'iCE40-sized';
const FEW_BANKS = '8 hash banks';
const WIDE_LOADS = '64-byte loads';
const LINE_RATE = 'line-rate datapath';
/** Logic cells of the iCE40 HX8K the table places on, and how far over that a design is not tried there. */
const HX8K_LCS = 7680;
const ICE40_SKIP_FACTOR = 3;

export function tableEntries(): TableEntry[] {
  const crc = (w: number): TableEntry => ({ engine: 'crc', params: { bytesPerCycle: w, model: 'crc32c' }, rate: width(w, 'stream width') });
  const ec = (w: number): TableEntry => ({ engine: 'ec', params: { k: 10, m: 4, bytesPerCycle: w, coefficients: 'runtime' }, rate: width(w, 'source bytes/cycle') });
  const dma = (w: number): TableEntry => ({ engine: 'dma', params: { dataBytes: w }, rate: width(w, 'beat width') });
  const stripe = (w: number): TableEntry => ({ engine: 'ec-stripe', params: { mode: 'encode', k: 8, m: 2, dataBytes: w, maxBytes: 65809 }, rate: width(w, 'fill bytes/cycle') });
  const lz4c = (lanes: number, seq: number) => lz4Compress({ lanes, hashBits: 14, hashBanks: 64, windowBytes: 65536, backwardBytes: 4, entryBytes: Math.min(16, lanes), sequencesPerCycle: seq });
  const lz4g = (beatBytes: number) => lz4CompressGreedy({ beatBytes, hashBits: 14, windowBytes: 65536, backwardBytes: 4 });
  const defl = (lanes: number) => deflate({ lanes, hashBits: 14, hashBanks: 64, windowBytes: 32768, backwardBytes: 4 });
  return [
    crc(64), crc(16), crc(32),
    ec(64), ec(16), ec(32),
    lz4Decompress({ bytesPerCycle: 8, windowBytes: 65536 }), lz4Decompress({ bytesPerCycle: 4, windowBytes: 65536 }), lz4Decompress({ bytesPerCycle: 16, windowBytes: 65536 }),
    // the compressor at 16 (default), 8 and 4 lanes: at 16 lanes it is already 205k UltraScale+ LUTs, and 32
    // lanes (about three times that) is beyond what Yosys finishes here in hours or what a card would give one engine
    lz4c(16, 2), lz4c(8, 1), lz4c(4, 1),
    // the skip-ahead greedy compressor (one position a cycle, for engine arrays) at 8 (default), 4 and 16-byte beats
    lz4g(8), lz4g(4), lz4g(16),
    inflate({ bytesPerCycle: 8, windowBytes: 32768 }), inflate({ bytesPerCycle: 4, windowBytes: 32768 }), inflate({ bytesPerCycle: 16, windowBytes: 32768 }),
    defl(16), defl(8), defl(32),
    dma(16), dma(8), dma(32),
    stripe(16), stripe(8), stripe(32),
    xts({ mode: 'encrypt', keyBits: 256, lanes: 4, rounds: 'unrolled', keySlots: 4 }), xts({ mode: 'encrypt', keyBits: 256, lanes: 1, rounds: 'unrolled', keySlots: 4 }), xts({ mode: 'encrypt', keyBits: 256, lanes: 2, rounds: 'unrolled', keySlots: 4 }),
    { engine: 'queue', params: defaultDatapathParams(), rate: async () => ({ bytesPerCycle: NaN, how: 'see bench table 9 (end to end, host latency bound)' }) },
    // the line-rate datapath (64-byte beats, 64 compressor engines in piece mode and 12 decompressor engines, both
    // XTS stages, EC): each distinct module synthesized once, out of context, counted per instance
    { engine: 'queue', params: datapathFileParams(LINE_RATE_DATAPATH_FILE), label: LINE_RATE, parts: true, rate: async () => ({ bytesPerCycle: NaN, how: 'see bench table 9b (end to end, 16 KiB requests, host latency 200)' }) },
    // the greedy compressor as an engine array takes it: 64-byte input beats written in one cycle
    lz4CompressGreedy({ beatBytes: 8, loadBytes: 64, hashBits: 14, windowBytes: 65536, backwardBytes: 4 }, WIDE_LOADS),
    // where the parallel compressor's area goes: the 4-lane core with 8 hash banks instead of 64 (same ratio)
    lz4Compress({ lanes: 4, hashBits: 14, hashBanks: 8, windowBytes: 65536, backwardBytes: 4, entryBytes: 4, sequencesPerCycle: 1 }, FEW_BANKS),
    // small enough for the iCE40 HX8K: a real clock under each engine's architecture
    lz4Decompress({ bytesPerCycle: 4, windowBytes: 4096 }, SMALL),
    // (one hash bank: with 4 banks and a 1 KiB window the compressor needs 42 of the HX8K's 32 block RAMs)
    lz4Compress({ lanes: 4, hashBits: 8, hashBanks: 1, windowBytes: 512, backwardBytes: 0, entryBytes: 4, sequencesPerCycle: 1 }, SMALL),
    inflate({ bytesPerCycle: 4, windowBytes: 4096 }, SMALL),
    deflate({ lanes: 4, hashBits: 8, hashBanks: 4, windowBytes: 1024, backwardBytes: 0 }, SMALL),
    { engine: 'ec-stripe', params: { mode: 'encode', k: 4, m: 2, dataBytes: 8, maxBytes: 8192 }, label: SMALL, rate: width(8, 'fill bytes/cycle') },
    { engine: 'queue', params: { queues: 2, dataBytes: 8, maxRequests: 2, compression: 'none', decompression: 'none' }, label: SMALL, rate: async () => ({ bytesPerCycle: NaN, how: 'a queue engine with DMA and CRC32C only' }) },
    xts({ mode: 'encrypt', keyBits: 128, lanes: 1, rounds: 'iterative', keySlots: 1 }, SMALL),
  ];
}

export interface TableRow {
  engine: string;
  top: string;
  label?: string;
  /** Synthesis failed (the message); the figures are then not known. */
  error?: string;
  /** The Yosys that synthesized it. */
  yosys?: string;
  /** Synthesized by parts: each part's own resources and instances. */
  parts?: { module: string; instances: number; luts: number; ffs: number; brams: number; urams: number; dsps: number }[];
  luts: number;
  ffs: number;
  brams: number;
  urams: number;
  dsps: number;
  ice40: { lcs: number; fmaxMhz: number } | { doesNotFit: string };
  bytesPerCycle: number;
  how: string;
  /** bytes/cycle x iCE40 Fmax, in GB/s (when it fits). */
  gbPerSecIce40?: number;
  seconds: number;
}

export async function tableRow(entry: TableEntry, log: (s: string) => void = () => {}): Promise<TableRow> {
  const t0 = Date.now();
  const g = findGenerator(entry.engine);
  const design = g.emit(g.validate(entry.params));
  log(`${design.top}: synth_xilinx`);
  // a native Yosys when installed: the largest designs are beyond the WebAssembly build's 4 GB
  const x = entry.parts
    ? await synthesizeByParts(design, 'xilinx', { yosys: 'auto', log })
    : await synthesize(design, 'xilinx', { yosys: 'auto' });
  const parts = 'parts' in x ? x.parts.map((q) => ({ module: q.module, instances: q.instances, luts: q.resources.luts, ffs: q.resources.ffs, brams: q.resources.brams, urams: q.resources.urams, dsps: q.resources.dsps })) : undefined;
  let ice40: TableRow['ice40'];
  // a design several times the part's size cannot fit: say so from the UltraScale+ figure instead of spending
  // the better part of an hour (and many GB) synthesizing it for the iCE40
  if (x.total.luts > ICE40_SKIP_FACTOR * HX8K_LCS) {
    ice40 = { doesNotFit: `not attempted: ${x.total.luts.toLocaleString('en-US')} UltraScale+ LUTs, over ${ICE40_SKIP_FACTOR}x the part's ${HX8K_LCS.toLocaleString('en-US')} LCs` };
  } else try {
    log(`${design.top}: ice40 place and route`);
    const h = oocWrapper(design);
    const s = await synthesize(h, 'ice40', { yosys: 'auto' });
    const pr = await placeAndRoute(s.netlist!, h.top, 'hx8k');
    ice40 = { lcs: pr.utilization.ICESTORM_LC.used, fmaxMhz: pr.fmaxMhz.clk };
  } catch (err) {
    if (!(err instanceof SynthError)) throw err;
    ice40 = { doesNotFit: err.message.replace(/^.*does not fit [^:]*: /, '') };
  }
  log(`${design.top}: bytes/cycle`);
  const rate = await entry.rate(design);
  return {
    engine: entry.engine, top: design.top, ...(entry.label ? { label: entry.label } : {}), ...(parts ? { parts } : {}), yosys: x.yosys, luts: x.total.luts, ffs: x.total.ffs, brams: x.total.brams, urams: x.total.urams, dsps: x.total.dsps,
    ice40, bytesPerCycle: rate.bytesPerCycle, how: rate.how,
    ...('fmaxMhz' in ice40 && Number.isFinite(rate.bytesPerCycle) ? { gbPerSecIce40: (rate.bytesPerCycle * ice40.fmaxMhz) / 1000 } : {}),
    seconds: (Date.now() - t0) / 1000,
  };
}

/** A row for a design synthesis could not take (e.g. beyond the WebAssembly Yosys's memory). */
export function failedRow(entry: TableEntry, top: string, error: string): TableRow {
  return { engine: entry.engine, top, ...(entry.label ? { label: entry.label } : {}), error, luts: NaN, ffs: NaN, brams: NaN, urams: NaN, dsps: NaN, ice40: { doesNotFit: 'not synthesized' }, bytesPerCycle: NaN, how: '', seconds: 0 };
}

/**
 * An Alveo U250 (XCU250; AMD DS962, Alveo U200 and U250 data sheet): 1,728K LUTs, 2,688 RAMB36 (36 Kb), 1,280 URAM
 * (288 Kb, so 8 RAMB36 by bits), and issue 19's budget for the line-rate datapath: 800K LUTs and 60% of the block
 * RAM counted in RAMB36 equivalents.
 */
export const U250 = { luts: 1_728_000, ramb36: 2688, uram: 1280, ramb36PerUram: 8, lutBudget: 800_000, ramBudget: 0.6 } as const;

/** A design's use of a U250 against that budget (each kind of block RAM must also fit on its own). */
export function u250Fit(r: Pick<TableRow, 'luts' | 'brams' | 'urams'>): { equivalents: number; ramShare: number; fits: boolean; text: string } {
  const equivalents = r.brams + U250.ramb36PerUram * r.urams;
  const ramShare = equivalents / (U250.ramb36 + U250.ramb36PerUram * U250.uram);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const fits = r.luts <= U250.lutBudget && ramShare <= U250.ramBudget && r.brams <= U250.ramb36 && r.urams <= U250.uram;
  const f = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
  const text = `On an Alveo U250 (AMD DS962: ${f(U250.luts)} LUTs, ${f(U250.ramb36)} RAMB36, ${f(U250.uram)} URAM of 8 RAMB36 each by bits): ` +
    `${f(r.luts)} LUTs (${pct(r.luts / U250.luts)}; budget ${f(U250.lutBudget)}), ${f(r.brams)} RAMB36 (${pct(r.brams / U250.ramb36)}) and ` +
    `${f(r.urams)} URAM (${pct(r.urams / U250.uram)}), ${f(equivalents)} RAMB36 equivalents = ${pct(ramShare)} of its block RAM ` +
    `(budget ${pct(U250.ramBudget)}): ${fits ? 'within the budget' : 'over the budget'}.`;
  return { equivalents, ramShare, fits, text };
}

export function tableMarkdown(rows: readonly TableRow[], date: string, missing: readonly string[] = []): string {
  const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d }) : '—');
  const lines = [
    '# Synthesis: resources and Fmax',
    '',
    `Regenerate with \`npm run dpuforge -- synth table\` (about an hour on a 2-core machine). Last run: ${date}.`,
    'The Yosys column says which ran: the npm WebAssembly build, or a native one where installed (the largest',
    'designs are beyond the WebAssembly build\'s 4 GB). UltraScale+ figures are Yosys `synth_xilinx -family xcup` out of context (an estimate, before Vivado\'s',
    'place and route); BRAM counts RAMB36 (a RAMB18 is half). iCE40: Yosys `synth_ice40` and nextpnr on an HX8K',
    '(ct256) inside the I/O-light harness (one FF per input bit added), Fmax from the routed design. GB/s =',
    'bytes/cycle x iCE40 Fmax; an UltraScale+ clock (typically 250-400 MHz) scales it accordingly. A design over',
    `${ICE40_SKIP_FACTOR}x the HX8K's ${HX8K_LCS.toLocaleString('en-US')} LCs in UltraScale+ LUTs is not synthesized for the iCE40 (it cannot fit).`,
    '',
    '| design | LUTs | FFs | BRAM | URAM | DSP | iCE40 LCs | iCE40 Fmax (MHz) | bytes/cycle | GB/s on iCE40 | bytes/cycle is | Yosys |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...rows.map((r) => r.error ? `| \`${r.top}\`${r.label ? ` (${r.label})` : ''} | synthesis failed: ${r.error.replace(/\|/g, '/')} |||||||||||` : `| \`${r.top}\`${r.label ? ` (${r.label})` : ''} | ${f(r.luts, 0)} | ${f(r.ffs, 0)} | ${f(r.brams)} | ${f(r.urams, 0)} | ${f(r.dsps, 0)} | ${'lcs' in r.ice40 ? f(r.ice40.lcs, 0) : `does not fit (${r.ice40.doesNotFit})`} | ${'fmaxMhz' in r.ice40 ? f(r.ice40.fmaxMhz) : '—'} | ${f(r.bytesPerCycle, 2)} | ${r.gbPerSecIce40 !== undefined ? f(r.gbPerSecIce40, 2) : '—'} | ${r.how} | ${r.yosys ?? '—'} |`),
    '',
    ...(missing.length ? [`Not run yet: ${missing.map((t) => `\`${t}\``).join(', ')}.`, ''] : []),
    ...rows.filter((r) => r.parts).flatMap((r) => [
      `## \`${r.top}\` by parts`,
      '',
      'Each distinct module synthesized once, out of context, with the others as black boxes, and counted once per',
      'instance (`src/synth/parts.ts`; nothing is optimized across a part\'s boundary, which whole-design synthesis',
      'could do: on a small queue engine the sum was 5.5% more LUTs than the whole, the same FFs and block RAM).',
      '',
      '| module | instances | LUTs each | FFs each | RAMB36 each | URAM each | LUTs | RAMB36 | URAM |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...r.parts!.map((q) => `| \`${q.module}\` | ${q.instances} | ${f(q.luts, 0)} | ${f(q.ffs, 0)} | ${f(q.brams)} | ${f(q.urams, 0)} | ${f(q.luts * q.instances, 0)} | ${f(q.brams * q.instances)} | ${f(q.urams * q.instances, 0)} |`),
      `| total | | | | | | ${f(r.luts, 0)} | ${f(r.brams)} | ${f(r.urams, 0)} |`,
      '',
      u250Fit(r).text,
      '',
    ]),
  ];
  return lines.join('\n');
}
