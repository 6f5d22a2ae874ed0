// The fuzz targets: for each engine that takes hostile input, its fuzzing configuration (generator parameters,
// output bound, cycle bound) and the libFuzzer harness built from it (sim/verilator-build.ts buildFuzzHarness).
import { lz4DecompressGenerator } from '../../gen/lz4/decompress.js';
import { inflateGenerator } from '../../gen/deflate/inflate.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import { buildFuzzHarness } from '../../sim/verilator-build.js';

export const FUZZ_ENGINES = ['lz4-decompress', 'inflate'] as const;
export type FuzzEngine = (typeof FUZZ_ENGINES)[number];

/** The output bound every target is built with: small enough that fuzzed inputs reach it often. */
export const FUZZ_MAX_OUTPUT = 65536;

export interface FuzzTarget {
  engine: FuzzEngine;
  design: GeneratedDesign;
  /** What the harness compares with. */
  library: string;
  cycleBound: string;
  cycleBoundWhy: string;
  /** The FSM state register whose transitions guide libFuzzer beside the code's edges. */
  stateSignal: string;
}

/**
 * The engine as fuzzed: the LZ4 decompressor at 8 B/cycle with a 64 KiB window (the line-rate datapath's), the
 * inflate engine at its defaults (8 B/cycle, 32 KiB window); both with a 64 KiB output bound.
 */
export function fuzzTarget(engine: FuzzEngine): FuzzTarget {
  if (engine === 'lz4-decompress') {
    const p = lz4DecompressGenerator.validate({ bytesPerCycle: 8, windowBytes: 65536, maxOutputBytes: FUZZ_MAX_OUTPUT, rules: 'liblz4' });
    return {
      engine, design: lz4DecompressGenerator.emit(p), library: "liblz4's LZ4_decompress_safe",
      cycleBound: '2 * n + MAX_OUTPUT + 256',
      cycleBoundWhy: 'every cycle consumes input or writes output (two per input byte at most), plus latency',
      stateSignal: 'state_reg',
    };
  }
  const p = inflateGenerator.validate({ maxOutputBytes: FUZZ_MAX_OUTPUT });
  return {
    engine, design: inflateGenerator.emit(p), library: "zlib's raw inflate",
    cycleBound: '8 * n + MAX_OUTPUT + 1500 * (8 * n / 10 + 1)',
    cycleBoundWhy: 'a cycle per input bit and output byte, plus the code tables of each block (a block takes 10 bits or more)',
    stateSignal: 'state_reg',
  };
}

/** Build (or fetch from the cache) the target's harness; `corruptOutput` builds the deliberately broken one. */
export async function buildTargetHarness(target: FuzzTarget, corruptOutput = false): Promise<string> {
  return buildFuzzHarness(target.design, {
    engine: target.engine, maxOutput: FUZZ_MAX_OUTPUT, cycleBound: target.cycleBound, cycleBoundWhy: target.cycleBoundWhy,
    stateSignal: target.stateSignal, corruptOutput,
  });
}
