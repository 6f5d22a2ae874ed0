// LZ4 compressor engine array generator: `engines` skip-ahead greedy compressors (gen/lz4/compress-greedy.ts) in a
// block array (gen/core/block-array.ts: dispatch to an idle engine, per-engine output FIFOs, in-order merge). Every
// block's output equals lz4GreedyCompress(design, block), and blocks leave in the order they came. The engines load
// a stream beat a cycle into their block buffers (loadBytes = dataBytes), so a block loads at the stream's width
// while the others compress theirs.
import { canonicalParams, flagName, ParamError, validateParams, type ParamSchema } from '../core/params.js';
import type { Generator } from '../core/generator.js';
import type { GeneratedDesign } from '../core/design.js';
import { fileHeader } from '../core/verilog.js';
import { emitBlockArray, RAM_KIND } from '../core/block-array.js';
import { emitLz4GreedyCompressor } from './compress-greedy.js';
import { emitLz4PieceArray, maxPiecesPerBlock } from './compress-piece-array.js';
import { LZ4C_ERRORS } from './compress.js';
import type { Lz4GreedyDesign } from '../../src/ref/lz4-compress-greedy.js';
import { GREEDY_SPECULATIVE_INSERTS, greedyDesignOf, lz4cgSchema, validateLz4cgParams, type Lz4GreedyCompressParams } from './compress-params.js';

export const LZ4CA_GENERATOR = 'gen/lz4-compress-array';
export const LZ4CA_GENERATOR_VERSION = '0.2.0';

export interface Lz4CompressArrayParams {
  engines: number;
  /** Stream bytes per beat, in and out; each engine loads a beat a cycle. */
  dataBytes: number;
  beatBytes: number;
  hashBits: number;
  windowBytes: number;
  backwardBytes: number;
  historyMemory: 'bram' | 'registers';
  /** Piece mode: blocks cut into windowBytes pieces, one engine each (gen/lz4/compress-piece-array.ts). */
  pieces: boolean;
  /** The engines' literals per cycle (1 or 4). */
  literalBytes: number;
  /** The per-engine output FIFOs: block RAM, or LUT RAM (a FIFO as wide as the stream takes dataBytes x 8 / 72 block
   * RAMs whatever its depth; in piece mode it is only two pieces deep). A ram_style hint; same behaviour. */
  outputMemory: 'bram' | 'lutram';
}

export const lz4caSchema: ParamSchema = {
  engines: { kind: 'int', min: 1, max: 64, default: 8, doc: 'compressor engines, each on its own block' },
  dataBytes: { kind: 'int', min: 8, max: 128, default: 64, doc: 'stream bytes per beat in and out (power of two, >= beatBytes)' },
  beatBytes: lz4cgSchema.beatBytes,
  hashBits: lz4cgSchema.hashBits,
  windowBytes: lz4cgSchema.windowBytes,
  backwardBytes: lz4cgSchema.backwardBytes,
  historyMemory: lz4cgSchema.historyMemory,
  pieces: {
    kind: 'bool', default: false,
    doc: 'cut each block into windowBytes pieces, one engine each (blocks up to min(engines, 65536 / windowBytes) pieces)',
  },
  literalBytes: lz4cgSchema.literalBytes,
  outputMemory: {
    kind: 'enum', values: ['bram', 'lutram'], default: 'bram',
    doc: 'the per-engine output FIFOs: block RAM or LUT RAM (ram_style hint; same behaviour): a stream-wide FIFO takes dataBytes x 8 / 72 block RAMs however shallow',
  },
};

/** The engine every slot of the array instantiates. */
export function arrayEngineParams(p: Lz4CompressArrayParams): Lz4GreedyCompressParams {
  return { beatBytes: p.beatBytes, loadBytes: p.dataBytes, hashBits: p.hashBits, windowBytes: p.windowBytes, backwardBytes: p.backwardBytes, historyMemory: p.historyMemory, pieces: p.pieces,
    // in piece mode the next piece loads while one is compressed: the rotation need not wait for a busy engine
    loadSlots: p.pieces ? 2 : 1, literalBytes: p.literalBytes };
}

/** The largest block the array takes: its engine's buffer, or in piece mode its pieces' (at most 64 KiB). */
export function lz4caMaxBlockBytes(p: Lz4CompressArrayParams): number {
  return p.pieces ? maxPiecesPerBlock(p.engines, p.windowBytes) * p.windowBytes : p.windowBytes;
}

/** The design model of every block the array writes (lz4GreedyCompress's design). */
export function lz4caDesignOf(p: Lz4CompressArrayParams): Lz4GreedyDesign {
  const engine = greedyDesignOf(arrayEngineParams(p));
  return p.pieces ? { ...engine, windowBytes: 65536, subBlockBytes: p.windowBytes } : engine;
}

export function validateLz4caParams(raw: Readonly<Record<string, unknown>>): Lz4CompressArrayParams {
  const v = validateParams(LZ4CA_GENERATOR, lz4caSchema, raw);
  const p = {
    engines: v.engines as number, dataBytes: v.dataBytes as number, beatBytes: v.beatBytes as number, hashBits: v.hashBits as number,
    windowBytes: v.windowBytes as number, backwardBytes: v.backwardBytes as number, historyMemory: v.historyMemory as 'bram' | 'registers',
    pieces: v.pieces as boolean, literalBytes: v.literalBytes as number, outputMemory: v.outputMemory as 'bram' | 'lutram',
  };
  if ((p.dataBytes & (p.dataBytes - 1)) !== 0) throw new ParamError(LZ4CA_GENERATOR, 'dataBytes', `= ${p.dataBytes} is not a power of two`);
  if (p.dataBytes < p.beatBytes) throw new ParamError(LZ4CA_GENERATOR, 'dataBytes', `= ${p.dataBytes} is below beatBytes (${p.beatBytes}): an engine's buffer row holds at least one read`);
  if (p.windowBytes < 2 * p.dataBytes) throw new ParamError(LZ4CA_GENERATOR, 'windowBytes', `= ${p.windowBytes} is below 2 x dataBytes (${2 * p.dataBytes}): an engine's buffer needs at least two rows`);
  validateLz4cgParams({ ...arrayEngineParams(p) }); // the engine's own rules (the checks above name them as the array's)
  return p;
}

export function lz4caModuleName(p: Lz4CompressArrayParams): string {
  return `lz4_compress_array_n${p.engines}_d${p.dataBytes}_b${p.beatBytes}_h${p.hashBits}_w${p.windowBytes}_k${p.backwardBytes}${p.historyMemory === 'registers' ? '_reg' : ''}${p.pieces ? '_pc' : ''}${p.literalBytes > 1 ? `_lit${p.literalBytes}` : ''}${p.outputMemory === 'lutram' ? '_lr' : ''}`;
}

function lz4caCommand(p: Lz4CompressArrayParams): string {
  return `npm run dpuforge -- gen lz4-compress-array ${Object.entries(p).map(([k, v]) => `${flagName(k)} ${String(v)}`).join(' ')} -o hw/generated`;
}

const log2 = (n: number) => Math.round(Math.log2(n));

export function emitLz4CompressArray(p: Lz4CompressArrayParams): GeneratedDesign {
  const N = p.engines;
  const D = p.dataBytes;
  const FIFO_BITS = Math.max(1, log2(p.windowBytes / D)); // one block of windowBytes by default
  const engine = emitLz4GreedyCompressor(arrayEngineParams(p));
  const top = lz4caModuleName(p);
  const paramsJson = canonicalParams(lz4caSchema, p as unknown as Record<string, unknown>);
  const header = fileHeader({
    file: `${top}.v`,
    what: `LZ4 block compressor array: ${N} skip-ahead greedy engines, ${D}-byte streams, blocks out in order.`,
    generator: LZ4CA_GENERATOR, version: LZ4CA_GENERATOR_VERSION, paramsJson, command: lz4caCommand(p),
    notes: p.pieces ? [
      'Piece mode: each block is cut into pieces of windowBytes, one engine each, in rotation. Each block\'s output',
      'equals src/ref/lz4-compress-greedy.ts lz4GreedyCompress with hashBits, backwardBytes, speculativeInserts =',
      `${GREEDY_SPECULATIVE_INSERTS} and subBlockBytes = ${p.windowBytes}, byte for byte; blocks leave in the order they came.`,
      `s_axis: one block per packet, ${D} bytes per beat, lane 0 first; every beat but the last full; at most`,
      `${maxPiecesPerBlock(N, p.windowBytes) * p.windowBytes} bytes. m_axis: the LZ4 block, ${D} bytes per beat (tkeep on the last), tlast on`,
      'its last beat, whose tuser is the verdict (0 = compressed):',
      `  1 = block larger than ${maxPiecesPerBlock(N, p.windowBytes)} pieces (the block is then one empty beat)`,
      `  2 = a beat other than the last carried fewer than ${D} bytes (the block is then one empty beat)`,
      `Engine: ${engine.top} (one per slot). Reset: synchronous, active high; the engines clear`,
      `their hash tables for ${1 << p.hashBits} cycles after reset.`,
    ] : [
      'Each block\'s output equals src/ref/lz4-compress-greedy.ts lz4GreedyCompress with hashBits, windowBytes,',
      `backwardBytes and speculativeInserts = ${GREEDY_SPECULATIVE_INSERTS}, byte for byte; blocks leave in the order they came.`,
      `s_axis: one block per packet, ${D} bytes per beat, lane 0 first; every beat but the last full; at most`,
      `${p.windowBytes} bytes. m_axis: the LZ4 block, ${D} bytes per beat (tkeep on the last), tlast on its last beat,`,
      'whose tuser is the verdict (0 = compressed):',
      ...Object.entries(LZ4C_ERRORS).map(([c, w]) => `  ${c} = ${w.replace('4 bytes', `${D} bytes`)} (the block is then one empty beat)`),
      `Engine: ${engine.top} (one per slot). Reset: synchronous, active high; the engines clear`,
      `their hash tables for ${1 << p.hashBits} cycles after reset.`,
    ],
  });

  if (p.pieces) {
    return emitLz4PieceArray({
      top, header, generator: LZ4CA_GENERATOR, version: LZ4CA_GENERATOR_VERSION, paramsJson, engines: N, dataBytes: D,
      pieceBytes: p.windowBytes, engine, registers: p.historyMemory === 'registers', fifoRam: p.outputMemory === 'lutram' ? RAM_KIND.lut : RAM_KIND.block,
      // two pieces' output each (a 64-byte-wide FIFO takes the same block RAMs up to 512 words deep)
      outputFifoDepthBits: FIFO_BITS + 1,
    });
  }
  return emitBlockArray({
    top, header, generator: LZ4CA_GENERATOR, version: LZ4CA_GENERATOR_VERSION, paramsJson, engines: N, dataBytes: D, engine,
    inComment: `Blocks to compress, ${D} bytes per beat`,
    outComment: `LZ4 blocks out in input order, ${D} bytes per beat; tuser = verdict on the tlast beat`,
    outputFifoDepthBits: FIFO_BITS, inputFifoDepthBits: FIFO_BITS, registers: p.historyMemory === 'registers',
    fifoRam: p.outputMemory === 'lutram' ? RAM_KIND.lut : RAM_KIND.block,
  });
}

export const lz4CompressArrayGenerator: Generator<Lz4CompressArrayParams> = {
  name: 'lz4-compress-array',
  version: LZ4CA_GENERATOR_VERSION,
  summary: 'LZ4 block compressor array: N greedy engines on different blocks, a dispatcher and an in-order merge',
  schema: lz4caSchema,
  validate: validateLz4caParams,
  emit: emitLz4CompressArray,
  command: lz4caCommand,
};
