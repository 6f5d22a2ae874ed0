// Parameters of the LZ4 block compressor generator. The design parameters (lanes, hashBits, hashBanks,
// backwardBytes, windowBytes) fix the compressed output: the engine produces exactly what the TS model
// lz4DesignCompress produces for them (src/ref/lz4-compress.ts).
import { ParamError, validateParams, type ParamSchema } from '../core/params.js';
import type { Lz4CompressorDesign } from '../../src/ref/lz4-compress.js';
import type { Lz4GreedyDesign } from '../../src/ref/lz4-compress-greedy.js';

export const LZ4C_GENERATOR = 'gen/lz4-compress';

export interface Lz4CompressParams {
  /** Positions grouped per match-finder window (the design's lanes: bank conflicts are resolved per window). */
  lanes: number;
  hashBits: number;
  hashBanks: number;
  /** Block buffer and history size in bytes: the largest block and the farthest offset (minus one). */
  windowBytes: number;
  backwardBytes: number;
  /** Storage hint for synthesis of the block buffer and hash table (ram_style). */
  historyMemory: 'bram' | 'registers';
}

export const lz4cSchema: ParamSchema = {
  lanes: { kind: 'int', min: 1, max: 64, default: 16, doc: 'positions per match-finder window: bank conflicts are resolved per window (power of two)' },
  hashBits: { kind: 'int', min: 8, max: 16, default: 14, doc: 'log2 of the hash table entries' },
  hashBanks: { kind: 'int', min: 1, max: 256, default: 64, doc: 'hash table banks, each serving one position per window (power of two, <= 2^hashBits)' },
  windowBytes: { kind: 'int', min: 64, max: 65536, default: 65536, doc: 'block buffer bytes (largest block); offsets reach windowBytes - 1 back (power of two)' },
  backwardBytes: { kind: 'int', min: 0, max: 4, default: 4, doc: 'how far a match may grow backwards over pending literals' },
  historyMemory: { kind: 'enum', values: ['bram', 'registers'], default: 'bram', doc: 'storage hint for synthesis (ram_style): block RAM or registers' },
};

const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;

export function validateLz4cParams(raw: Readonly<Record<string, unknown>>): Lz4CompressParams {
  const v = validateParams(LZ4C_GENERATOR, lz4cSchema, raw);
  const p = {
    lanes: v.lanes as number, hashBits: v.hashBits as number, hashBanks: v.hashBanks as number,
    windowBytes: v.windowBytes as number, backwardBytes: v.backwardBytes as number, historyMemory: v.historyMemory as 'bram' | 'registers',
  };
  checkDesign(LZ4C_GENERATOR, p);
  return p;
}

/** The design's own rules, the same for both implementations: powers of two, banks within the table. */
function checkDesign(gen: string, p: Lz4CompressParams): void {
  for (const k of ['lanes', 'hashBanks', 'windowBytes'] as const) {
    if (!isPow2(p[k])) throw new ParamError(gen, k, `= ${p[k]} is not a power of two`);
  }
  if (p.hashBanks > 1 << p.hashBits) throw new ParamError(gen, 'hashBanks', `= ${p.hashBanks} exceeds the table's 2^${p.hashBits} entries`);
}

export function designOf(p: Lz4CompressParams): Lz4CompressorDesign {
  return { positionsPerCycle: p.lanes, hashBits: p.hashBits, hashBanks: p.hashBanks, windowBytes: p.windowBytes, backwardBytes: p.backwardBytes };
}

// ---- The parallel implementation of the same design (gen/lz4/compress-parallel.ts)

export const LZ4CP_GENERATOR = 'gen/lz4-compress-parallel';

export interface Lz4ParallelCompressParams extends Lz4CompressParams {
  /**
   * Bytes each hash-table entry keeps from its position on: a match shorter than this is measured from the
   * table alone; longer ones are extended from the block buffer, `lanes` bytes per cycle. Speed only: the
   * output does not depend on it.
   */
  entryBytes: number;
  /** Sequences the selector takes and the encoder writes per cycle (more: faster on short matches). */
  sequencesPerCycle: number;
}

export const lz4cpSchema: ParamSchema = {
  lanes: { kind: 'int', min: 4, max: 32, default: 16, doc: 'positions examined per cycle, and the stream width in bytes (power of two)' },
  hashBits: lz4cSchema.hashBits,
  hashBanks: lz4cSchema.hashBanks,
  windowBytes: { kind: 'int', min: 64, max: 65536, default: 65536, doc: 'block buffer bytes (largest block, at least 4 x lanes); offsets reach windowBytes - 1 back (power of two)' },
  backwardBytes: lz4cSchema.backwardBytes,
  entryBytes: { kind: 'int', min: 4, max: 16, default: 16, doc: 'bytes a hash-table entry keeps after its position (<= lanes; unset: min(16, lanes)): shorter matches need no buffer read' },
  sequencesPerCycle: { kind: 'int', min: 1, max: 4, default: 2, doc: 'sequences selected and encoded per cycle (text has ~6.5 input bytes per sequence)' },
  historyMemory: lz4cSchema.historyMemory,
};

export function validateLz4cpParams(raw: Readonly<Record<string, unknown>>): Lz4ParallelCompressParams {
  const v = validateParams(LZ4CP_GENERATOR, lz4cpSchema, raw);
  const p = {
    lanes: v.lanes as number, hashBits: v.hashBits as number, hashBanks: v.hashBanks as number,
    windowBytes: v.windowBytes as number, backwardBytes: v.backwardBytes as number,
    // unset, it follows the lanes: min(16, lanes)
    entryBytes: raw.entryBytes === undefined ? Math.min(16, v.lanes as number) : v.entryBytes as number,
    sequencesPerCycle: v.sequencesPerCycle as number, historyMemory: v.historyMemory as 'bram' | 'registers',
  };
  checkDesign(LZ4CP_GENERATOR, p);
  if (p.entryBytes > p.lanes) throw new ParamError(LZ4CP_GENERATOR, 'entryBytes', `= ${p.entryBytes} exceeds lanes (${p.lanes}): an entry's bytes must come from the window and the row after it`);
  if (p.windowBytes < 4 * p.lanes) throw new ParamError(LZ4CP_GENERATOR, 'windowBytes', `= ${p.windowBytes} is below 4 x lanes (${4 * p.lanes}): the buffer needs at least four rows`);
  return p;
}

// ---- The skip-ahead greedy design's engine (gen/lz4/compress-greedy.ts, model src/ref/lz4-compress-greedy.ts)

export const LZ4CG_GENERATOR = 'gen/lz4-compress-greedy';

/** Positions after a match's start the greedy engine's pipeline has inserted before the verdict. */
export const GREEDY_SPECULATIVE_INSERTS = 2;

export interface Lz4GreedyCompressParams {
  /** Bytes a buffer read returns: the forward extension compares beatBytes a cycle. */
  beatBytes: number;
  /** Input bytes per beat, written into the block buffer in one cycle (an engine array's wide stream). */
  loadBytes: number;
  hashBits: number;
  windowBytes: number;
  backwardBytes: number;
  historyMemory: 'bram' | 'registers';
  /**
   * Piece mode: the engine compresses one piece of a larger block (src/ref/lz4-pieces.ts is its contract): ports
   * for the piece's place (s_piece), the info from the next piece's engine (s_down) and to the previous one's (m_up).
   */
  pieces: boolean;
  /**
   * Block buffers: 2 = the next block loads into the second while the first is compressed (the same block RAMs
   * when they are deep enough: a 4 KiB buffer of 64-byte rows fills 64 of a RAMB36's 512 rows).
   */
  loadSlots: number;
  /** Literals written per cycle: 1, or 4 (as many as fill the 4-byte output beat; incompressible data at 4 B/cycle). */
  literalBytes: number;
}

export const lz4cgSchema: ParamSchema = {
  beatBytes: { kind: 'int', min: 4, max: 16, default: 8, doc: 'bytes per block-buffer read: matches are extended beatBytes bytes per cycle (power of two)' },
  loadBytes: { kind: 'int', min: 4, max: 128, default: 8, doc: 'input bytes per beat, each beat written to the block buffer in one cycle (power of two, >= beatBytes; unset: beatBytes)' },
  hashBits: { kind: 'int', min: 8, max: 16, default: 14, doc: 'log2 of the hash table entries (one table, one access per position)' },
  windowBytes: { kind: 'int', min: 64, max: 65536, default: 65536, doc: 'block buffer bytes (largest block); offsets reach windowBytes - 1 back (power of two)' },
  backwardBytes: { kind: 'int', min: 0, max: 4, default: 4, doc: 'how far a match may grow backwards over pending literals' },
  historyMemory: lz4cSchema.historyMemory,
  pieces: { kind: 'bool', default: false, doc: 'piece mode: compress one piece of a larger block, passing match info to the neighbouring pieces\' engines (src/ref/lz4-pieces.ts)' },
  loadSlots: { kind: 'int', min: 1, max: 2, default: 1, doc: 'block buffers: 2 = the next block loads while this one is compressed' },
  literalBytes: { kind: 'int', min: 1, max: 4, default: 1, doc: 'literals written per cycle: 1 or 4 (incompressible data leaves 4 bytes a cycle)' },
};

export function validateLz4cgParams(raw: Readonly<Record<string, unknown>>): Lz4GreedyCompressParams {
  const v = validateParams(LZ4CG_GENERATOR, lz4cgSchema, raw);
  const p = {
    beatBytes: v.beatBytes as number,
    // unset, it follows the read width
    loadBytes: raw.loadBytes === undefined ? v.beatBytes as number : v.loadBytes as number,
    hashBits: v.hashBits as number, windowBytes: v.windowBytes as number,
    backwardBytes: v.backwardBytes as number, historyMemory: v.historyMemory as 'bram' | 'registers', pieces: v.pieces as boolean,
    loadSlots: v.loadSlots as number, literalBytes: v.literalBytes as number,
  };
  if (p.literalBytes !== 1 && p.literalBytes !== 4) throw new ParamError(LZ4CG_GENERATOR, 'literalBytes', `= ${p.literalBytes} is not allowed: expected 1 or 4`);
  for (const k of ['beatBytes', 'loadBytes', 'windowBytes'] as const) {
    if (!isPow2(p[k])) throw new ParamError(LZ4CG_GENERATOR, k, `= ${p[k]} is not a power of two`);
  }
  if (p.loadBytes < p.beatBytes) throw new ParamError(LZ4CG_GENERATOR, 'loadBytes', `= ${p.loadBytes} is below beatBytes (${p.beatBytes}): a buffer row holds at least one read`);
  if (p.windowBytes < 2 * p.loadBytes) throw new ParamError(LZ4CG_GENERATOR, 'windowBytes', `= ${p.windowBytes} is below 2 x loadBytes (${2 * p.loadBytes}): the buffer needs at least two rows`);
  return p;
}

export function greedyDesignOf(p: Lz4GreedyCompressParams): Lz4GreedyDesign {
  return { hashBits: p.hashBits, windowBytes: p.windowBytes, backwardBytes: p.backwardBytes, speculativeInserts: GREEDY_SPECULATIVE_INSERTS };
}
