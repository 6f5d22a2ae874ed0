// LZ4 decompressor engine array generator: `engines` LZ4 block decompressors (gen/lz4/decompress.ts) in a block
// array (gen/core/block-array.ts: dispatch to an idle engine through its input FIFO, per-engine output FIFOs,
// in-order merge), for the read path at line rate. Every block's verdict and output are the single engine's; blocks
// leave in the order they came. Each engine reads its input FIFO bytesPerCycle bytes a beat, so a compressed block
// moves in at the stream's width while the others decode theirs.
import { canonicalParams, flagName, ParamError, validateParams, type ParamSchema } from '../core/params.js';
import type { Generator } from '../core/generator.js';
import type { GeneratedDesign } from '../core/design.js';
import { fileHeader } from '../core/verilog.js';
import { emitBlockArray } from '../core/block-array.js';
import { LZ4_ERRORS } from '../../src/ref/lz4.js';
import { emitLz4d } from './decompress.js';
import { lz4dSchema, validateLz4dParams, type Lz4DecompressParams } from './decompress-params.js';

export const LZ4DA_GENERATOR = 'gen/lz4-decompress-array';
export const LZ4DA_GENERATOR_VERSION = '0.1.0';

export interface Lz4DecompressArrayParams extends Lz4DecompressParams {
  engines: number;
  /** Stream bytes per beat, in and out. */
  dataBytes: number;
}

export const lz4daSchema: ParamSchema = {
  engines: { kind: 'int', min: 1, max: 64, default: 8, doc: 'decompressor engines, each on its own block' },
  dataBytes: { kind: 'int', min: 8, max: 128, default: 64, doc: 'stream bytes per beat in and out (power of two, >= bytesPerCycle)' },
  ...lz4dSchema,
  maxOutputBytes: { kind: 'int', min: 256, max: 1 << 26, default: 65536, doc: 'largest decoded block (larger blocks end with error 4); an output FIFO holds up to 64 KiB of it by default' },
};

export function validateLz4daParams(raw: Readonly<Record<string, unknown>>): Lz4DecompressArrayParams {
  const v = validateParams(LZ4DA_GENERATOR, lz4daSchema, raw);
  const engine = validateLz4dParams({ bytesPerCycle: v.bytesPerCycle, windowBytes: v.windowBytes, maxOutputBytes: v.maxOutputBytes, historyMemory: v.historyMemory });
  const p = { engines: v.engines as number, dataBytes: v.dataBytes as number, ...engine };
  if ((p.dataBytes & (p.dataBytes - 1)) !== 0) throw new ParamError(LZ4DA_GENERATOR, 'dataBytes', `= ${p.dataBytes} is not a power of two`);
  if (p.dataBytes < p.bytesPerCycle) throw new ParamError(LZ4DA_GENERATOR, 'dataBytes', `= ${p.dataBytes} is below bytesPerCycle (${p.bytesPerCycle}): an engine's beat fits in a stream beat`);
  return p;
}

export function lz4daModuleName(p: Lz4DecompressArrayParams): string {
  return `lz4_decompress_array_n${p.engines}_d${p.dataBytes}_w${p.bytesPerCycle}_h${p.windowBytes}_o${p.maxOutputBytes}${p.historyMemory === 'registers' ? '_reg' : ''}`;
}

function lz4daCommand(p: Lz4DecompressArrayParams): string {
  return `npm run dpuforge -- gen lz4-decompress-array ${Object.entries(p).map(([k, v]) => `${flagName(k)} ${String(v)}`).join(' ')} -o hw/generated`;
}

/** The engine every slot instantiates. */
export function decompressArrayEngineParams(p: Lz4DecompressArrayParams): Lz4DecompressParams {
  return { bytesPerCycle: p.bytesPerCycle, windowBytes: p.windowBytes, maxOutputBytes: p.maxOutputBytes, historyMemory: p.historyMemory };
}

const log2 = (n: number) => Math.round(Math.log2(n));

export function emitLz4DecompressArray(p: Lz4DecompressArrayParams): GeneratedDesign {
  const D = p.dataBytes;
  const engine = emitLz4d(decompressArrayEngineParams(p));
  const top = lz4daModuleName(p);
  const paramsJson = canonicalParams(lz4daSchema, p as unknown as Record<string, unknown>);
  // FIFOs of one block: the largest decoded block out (up to 64 KiB), a 64 KiB compressed block in
  const words = (bytes: number) => Math.max(1, Math.ceil(log2(Math.max(2 * D, bytes) / D)));
  const header = fileHeader({
    file: `${top}.v`,
    what: `LZ4 block decompressor array: ${p.engines} engines of ${p.bytesPerCycle} bytes per cycle, ${D}-byte streams, blocks out in order.`,
    generator: LZ4DA_GENERATOR, version: LZ4DA_GENERATOR_VERSION, paramsJson, command: lz4daCommand(p),
    notes: [
      `Each block's verdict and output are those of ${engine.top} (src/ref/lz4.ts lz4DecodeBlock with a`,
      `${p.windowBytes}-byte window and ${p.maxOutputBytes} bytes of output at most); blocks leave in the order they came.`,
      `s_axis: one LZ4 block per packet, ${D} bytes per beat, lane 0 first; every beat but the last full. m_axis: the`,
      `decoded block, ${D} bytes per beat (tkeep on the last), tlast on its last beat, whose tuser is the verdict:`,
      ...Object.entries(LZ4_ERRORS).map(([c, w]) => `  ${c} = ${w}`),
      'Reset: synchronous, active high.',
    ],
  });
  return emitBlockArray({
    top, header, generator: LZ4DA_GENERATOR, version: LZ4DA_GENERATOR_VERSION, paramsJson, engines: p.engines, dataBytes: D, engine,
    inComment: `LZ4 blocks to decode, ${D} bytes per beat`,
    outComment: `Decoded blocks in input order, ${D} bytes per beat; tuser = verdict on the tlast beat`,
    outputFifoDepthBits: words(Math.min(p.maxOutputBytes, 65536)), inputFifoDepthBits: words(65536), registers: p.historyMemory === 'registers',
  });
}

export const lz4DecompressArrayGenerator: Generator<Lz4DecompressArrayParams> = {
  name: 'lz4-decompress-array',
  version: LZ4DA_GENERATOR_VERSION,
  summary: 'LZ4 block decompressor array: N engines on different blocks, input FIFOs, a dispatcher and an in-order merge',
  schema: lz4daSchema,
  validate: validateLz4daParams,
  emit: emitLz4DecompressArray,
  command: lz4daCommand,
};
