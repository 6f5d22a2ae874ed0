// Decoder engine arrays: the generator of a block array (gen/core/block-array.ts) of a decoder engine whose
// parameters are bytesPerCycle, windowBytes, maxOutputBytes and historyMemory (the LZ4 decompressor, inflate), for
// the read path at line rate. Every block's verdict and output are the single engine's; blocks leave in the order
// they came; each engine reads its input FIFO bytesPerCycle bytes a beat, so a compressed block moves in at the
// stream's width while the others decode theirs.
import { emitBlockArray, RAM_KIND } from './block-array.js';
import type { Generator } from './generator.js';
import { canonicalParams, flagName, ParamError, validateParams, type ParamSchema } from './params.js';
import { fileHeader } from './verilog.js';

export interface DecoderParams {
  bytesPerCycle: number;
  windowBytes: number;
  maxOutputBytes: number;
  historyMemory: 'bram' | 'registers';
  /** The LZ4 decompressor's verdict rules (gen/lz4/decompress-params.ts); inflate has none. */
  rules?: 'liblz4' | 'lenient';
}

export interface DecoderArrayParams extends DecoderParams {
  engines: number;
  /** Stream bytes per beat, in and out. */
  dataBytes: number;
  /** The engines' input and output FIFOs (a block each, 1K words and more): block RAM or UltraRAM. */
  bufferMemory: 'bram' | 'uram';
}

export interface DecoderArraySpec {
  /** CLI name ('lz4-decompress-array') and generator id ('gen/lz4-decompress-array'). */
  name: string;
  id: string;
  version: string;
  /** Module name prefix ('lz4_decompress_array'). */
  modulePrefix: string;
  engine: Generator<DecoderParams>;
  /** What one engine decodes, for the header ('LZ4 block decompressor'), and what a packet holds ('LZ4 block'). */
  what: string;
  packet: string;
  /** The reference whose verdict and output each block gets, and the verdict codes. */
  reference: string;
  errors: Readonly<Record<number, string>>;
  /** How the verdict sits in tuser, when it is not the whole of it. */
  verdictNote?: string;
}

/** The engine every slot instantiates. */
export function decoderEngineParams(p: DecoderArrayParams): DecoderParams {
  return { bytesPerCycle: p.bytesPerCycle, windowBytes: p.windowBytes, maxOutputBytes: p.maxOutputBytes, historyMemory: p.historyMemory, ...(p.rules ? { rules: p.rules } : {}) };
}

const log2 = (n: number) => Math.round(Math.log2(n));

export function decoderArrayGenerator(s: DecoderArraySpec): Generator<DecoderArrayParams> {
  const schema: ParamSchema = {
    engines: { kind: 'int', min: 1, max: 64, default: 8, doc: 'decoder engines, each on its own block' },
    dataBytes: { kind: 'int', min: 8, max: 128, default: 64, doc: 'stream bytes per beat in and out (power of two, >= bytesPerCycle)' },
    ...s.engine.schema,
    maxOutputBytes: { kind: 'int', min: 256, max: 1 << 26, default: 65536, doc: 'largest decoded block (larger ones end with an error); an output FIFO holds up to 64 KiB of it by default' },
    bufferMemory: { kind: 'enum', values: ['bram', 'uram'], default: 'bram', doc: 'the per-engine input and output FIFOs (a block each): block RAM or UltraRAM (ram_style hint; same behaviour)' },
  };
  const moduleName = (p: DecoderArrayParams) =>
    `${s.modulePrefix}_n${p.engines}_d${p.dataBytes}_w${p.bytesPerCycle}_h${p.windowBytes}_o${p.maxOutputBytes}${p.historyMemory === 'registers' ? '_reg' : ''}${p.rules === 'lenient' ? '_lenient' : ''}${p.bufferMemory === 'uram' ? '_u' : ''}`;
  const command = (p: DecoderArrayParams) => `npm run dpuforge -- gen ${s.name} ${Object.entries(p).map(([k, v]) => `${flagName(k)} ${String(v)}`).join(' ')} -o hw/generated`;
  const validate = (raw: Readonly<Record<string, unknown>>): DecoderArrayParams => {
    const v = validateParams(s.id, schema, raw);
    const engine = s.engine.validate({ bytesPerCycle: v.bytesPerCycle, windowBytes: v.windowBytes, maxOutputBytes: v.maxOutputBytes, historyMemory: v.historyMemory,
      ...('rules' in s.engine.schema ? { rules: v.rules } : {}) });
    const p = { engines: v.engines as number, dataBytes: v.dataBytes as number, ...engine, bufferMemory: v.bufferMemory as 'bram' | 'uram' };
    if ((p.dataBytes & (p.dataBytes - 1)) !== 0) throw new ParamError(s.id, 'dataBytes', `= ${p.dataBytes} is not a power of two`);
    if (p.dataBytes < p.bytesPerCycle) throw new ParamError(s.id, 'dataBytes', `= ${p.dataBytes} is below bytesPerCycle (${p.bytesPerCycle}): an engine's beat fits in a stream beat`);
    return p;
  };
  const emit = (p: DecoderArrayParams) => {
    const D = p.dataBytes;
    const engine = s.engine.emit(decoderEngineParams(p));
    const top = moduleName(p);
    const paramsJson = canonicalParams(schema, p as unknown as Record<string, unknown>);
    // FIFOs of one block: the largest decoded block out (up to 64 KiB), a 64 KiB compressed block in
    const words = (bytes: number) => Math.max(1, Math.ceil(log2(Math.max(2 * D, bytes) / D)));
    const header = fileHeader({
      file: `${top}.v`,
      what: `${s.what} array: ${p.engines} engines of ${p.bytesPerCycle} bytes per cycle, ${D}-byte streams, blocks out in order.`,
      generator: s.id, version: s.version, paramsJson, command: command(p),
      notes: [
        `Each block's verdict and output are those of ${engine.top} (${s.reference} with a`,
        `${p.windowBytes}-byte window and ${p.maxOutputBytes} bytes of output at most); blocks leave in the order they came.`,
        `s_axis: one ${s.packet} per packet, ${D} bytes per beat, lane 0 first; every beat but the last full. m_axis: the`,
        `decoded block, ${D} bytes per beat (tkeep on the last), tlast on its last beat, whose tuser is the verdict${s.verdictNote ? ` (${s.verdictNote})` : ''}:`,
        ...Object.entries(s.errors).map(([c, w]) => `  ${c} = ${w}`),
        'Reset: synchronous, active high.',
      ],
    });
    return emitBlockArray({
      top, header, generator: s.id, version: s.version, paramsJson, engines: p.engines, dataBytes: D, engine,
      inComment: `${s.packet[0].toUpperCase()}${s.packet.slice(1)}s to decode, ${D} bytes per beat`,
      outComment: `Decoded blocks in input order, ${D} bytes per beat; tuser = verdict on the tlast beat`,
      outputFifoDepthBits: words(Math.min(p.maxOutputBytes, 65536)), inputFifoDepthBits: words(65536), registers: p.historyMemory === 'registers', fifoRam: p.bufferMemory === 'uram' ? RAM_KIND.ultra : RAM_KIND.block,
    });
  };
  return {
    name: s.name, version: s.version, schema, validate, emit, command,
    summary: `${s.what} array: N engines on different blocks, input FIFOs, a dispatcher and an in-order merge`,
  };
}
