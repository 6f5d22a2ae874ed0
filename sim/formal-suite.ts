// The formal proof suite: every generator's small configuration, with the options its proof needs (the engine,
// tables cut, FIFO depths set, assertion groups split), proved for 20 cycles from reset. The tests run it
// (test/sim/formal.test.ts, at `ciDepth` where a proof takes longer than the suite can afford) and
// `dpuforge formal` runs it whole or by name at any depth.
import { findGenerator } from '../gen/index.js';
import type { GeneratedDesign } from '../gen/core/design.js';
import { FormalError, proveDesign, type FormalOptions, type FormalResult } from './formal.js';

export interface FormalCase {
  /** Name in the suite ('dma', 'xts decrypt'). */
  name: string;
  /** The generator (gen/index.ts) and its parameters. */
  engine: string;
  params: Readonly<Record<string, unknown>>;
  options: FormalOptions;
  /** The depth the test suite proves, when less than the full 20 cycles (and why). */
  ciDepth?: { depth: number; why: string };
}

/** Every constant table (proc_rom's ROMs: the AES S-boxes). */
export const ROM_TABLES = 't:$mem_v2 r:WR_PORTS=0 %i';
/** Inflate's code lengths, counts, sort pointers and symbol tables. */
export const INFLATE_TABLES = ['w:lens_reg w:lit_count_reg w:lit_ptr_reg w:dist_count_reg w:dist_ptr_reg', 'c:lit_sym_reg c:dist_sym_reg'];
/** A decoder array's per-engine FIFOs at 2 words (Verilog parameters; one block each by default). */
const SMALL_FIFOS = { INPUT_FIFO_DEPTH_BITS: 1, OUTPUT_FIFO_DEPTH_BITS: 1 };

const SAT: FormalOptions = { engine: 'yosys-sat' };

/** The suite, in the generator registry's order. Memories are mapped to registers (sim/formal.ts). */
export const FORMAL_SUITE: readonly FormalCase[] = [
  { name: 'crc', engine: 'crc', params: { bytesPerCycle: 1 }, options: SAT },
  { name: 'ec', engine: 'ec', params: { k: 2, m: 1, bytesPerCycle: 1 }, options: SAT },
  { name: 'ec-stripe encode', engine: 'ec-stripe', params: { mode: 'encode', k: 1, m: 1, dataBytes: 8, maxBytes: 64 }, options: SAT },
  { name: 'ec-stripe reconstruct', engine: 'ec-stripe', params: { mode: 'reconstruct', k: 1, m: 1, dataBytes: 8, maxBytes: 64 }, options: SAT },
  { name: 'lz4-compress', engine: 'lz4-compress', params: { lanes: 1, hashBits: 8, hashBanks: 1, windowBytes: 64, backwardBytes: 0 }, options: SAT },
  { name: 'lz4-compress-parallel', engine: 'lz4-compress-parallel', params: { lanes: 4, hashBits: 8, hashBanks: 1, windowBytes: 64, backwardBytes: 0, entryBytes: 4, sequencesPerCycle: 4 }, options: SAT },
  { name: 'lz4-compress-greedy', engine: 'lz4-compress-greedy', params: { beatBytes: 4, hashBits: 8, windowBytes: 64, backwardBytes: 0 }, options: SAT },
  { name: 'lz4-compress-array', engine: 'lz4-compress-array', params: { engines: 2, dataBytes: 8, beatBytes: 4, windowBytes: 64, hashBits: 8, backwardBytes: 0 }, options: SAT },
  { name: 'lz4-decompress', engine: 'lz4-decompress', params: { bytesPerCycle: 1, windowBytes: 2, maxOutputBytes: 256 }, options: SAT },
  { name: 'lz4-decompress-array', engine: 'lz4-decompress-array', params: { engines: 2, dataBytes: 8, bytesPerCycle: 1, windowBytes: 2, maxOutputBytes: 256 }, options: { ...SAT, parameters: SMALL_FIFOS } },
  { name: 'inflate', engine: 'inflate', params: { bytesPerCycle: 1, windowBytes: 2, maxOutputBytes: 256 }, options: { ...SAT, cut: INFLATE_TABLES } },
  { name: 'inflate-array', engine: 'inflate-array', params: { engines: 2, dataBytes: 8, bytesPerCycle: 1, windowBytes: 2, maxOutputBytes: 256 }, options: { ...SAT, cut: INFLATE_TABLES, parameters: SMALL_FIFOS } },
  { name: 'deflate', engine: 'deflate', params: { lanes: 1, hashBits: 8, hashBanks: 1, windowBytes: 64, backwardBytes: 0 }, options: SAT },
  {
    name: 'dma', engine: 'dma', params: { dataBytes: 4, maxBurstBeats: 2, maxReadBursts: 1, maxWriteBursts: 1 }, options: { ...SAT, split: true },
    ciDepth: { depth: 12, why: 'its W channel takes MiniSAT more than 15 CPU minutes at 20 cycles' },
  },
  // the queue engine with its DMA: stream rules and the AXI4 master's
  { name: 'queue', engine: 'queue', params: { queues: 1, dataBytes: 8, maxRequests: 2, compression: 'none', decompression: 'none' }, options: SAT },
  { name: 'xts encrypt', engine: 'xts', params: { mode: 'encrypt', keyBits: 128, lanes: 1, rounds: 'unrolled', keySlots: 1 }, options: { ...SAT, cut: [ROM_TABLES] } },
  { name: 'xts decrypt', engine: 'xts', params: { mode: 'decrypt', keyBits: 128, lanes: 1, rounds: 'iterative', keySlots: 1 }, options: { ...SAT, cut: [ROM_TABLES] } },
];

/** The generators with no stream or memory port to prove (the board top's interface is its pins). */
export const FORMAL_EXEMPT: Readonly<Record<string, string>> = {
  board: 'its only interface is its pins (UART, LEDs); the CRC, EC and LZ4 engines inside it are proved on their own',
};

export function formalCaseDesign(c: FormalCase): GeneratedDesign {
  const g = findGenerator(c.engine);
  return g.emit(g.validate(c.params));
}

/** Prove one case of the suite at `depth` (default 20). */
export async function proveCase(c: FormalCase, depth = 20): Promise<FormalResult> {
  if (!Number.isInteger(depth) || depth < 1) throw new FormalError(`${c.name}: depth ${depth} is not a positive whole number of cycles`);
  return proveDesign(formalCaseDesign(c), { ...c.options, depth });
}
