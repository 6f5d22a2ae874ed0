// Deflate compressor engine generator: the LZ4 compressor engine's match finder (gen/lz4/compress.ts) with
// matches capped at 258 bytes, and a fixed-Huffman encoder (gen/deflate/fixed-huffman-encoder.ts). Its output
// equals src/ref/deflate-compress.ts deflateDesignCompress byte for byte: one raw deflate stream per packet.
import { canonicalParams, flagName, ParamError } from '../core/params.js';
import type { Generator } from '../core/generator.js';
import { emitCompressor, LZ4C_ERRORS } from '../lz4/compress.js';
import { deflateEncoderText } from './fixed-huffman-encoder.js';
import { lz4cSchema, validateLz4cParams, type Lz4CompressParams } from '../lz4/compress-params.js';

export const DEFLATE_GENERATOR = 'gen/deflate';
export const DEFLATE_GENERATOR_VERSION = '0.1.1';

const deflateSchema = {
  ...lz4cSchema,
  windowBytes: { kind: 'int' as const, min: 64, max: 32768, default: 32768, doc: 'block buffer bytes (largest stream); distances reach windowBytes - 1 back (power of two, deflate allows 32768)' },
};

function validateDeflateParams(raw: Readonly<Record<string, unknown>>): Lz4CompressParams {
  const w = raw.windowBytes;
  if (w !== undefined && Number(w) > 32768) throw new ParamError(DEFLATE_GENERATOR, 'windowBytes', `= ${String(w)} is beyond deflate's 32768-byte window: allowed 64..32768`);
  return validateLz4cParams({ windowBytes: 32768, ...raw });
}

export function deflateModuleName(p: Lz4CompressParams): string {
  return `deflate_fixed_l${p.lanes}_h${p.hashBits}_b${p.hashBanks}_w${p.windowBytes}_k${p.backwardBytes}${p.historyMemory === 'registers' ? '_reg' : ''}`;
}

function deflateCommand(p: Lz4CompressParams): string {
  return `npm run dpuforge -- gen deflate ${Object.entries(p).map(([k, v]) => `${flagName(k)} ${String(v)}`).join(' ')} -o hw/generated`;
}

export const deflateGenerator: Generator<Lz4CompressParams> = {
  name: 'deflate',
  version: DEFLATE_GENERATOR_VERSION,
  summary: 'Deflate compressor (banked-hash LZ77 + fixed Huffman, bit-exact with its TS model; sequential)',
  schema: deflateSchema,
  validate: validateDeflateParams,
  command: deflateCommand,
  emit: (p) => emitCompressor(p, { text: deflateEncoderText, maxMatchBytes: 258 }, {
    top: deflateModuleName(p), generator: DEFLATE_GENERATOR, version: DEFLATE_GENERATOR_VERSION, command: deflateCommand(p),
    what: `Deflate compressor (LZ77 with the ${p.lanes}-lane banked-hash match finder, one fixed-Huffman block), ${p.windowBytes}-byte streams.`,
    notes: [
      `Output equals src/ref/deflate-compress.ts deflateDesignCompress with these parameters (${canonicalParams(deflateSchema, p as unknown as Record<string, unknown>)}),`,
      'byte for byte: a raw deflate stream (RFC 1951) that zlib inflates. s_axis: one stream\'s data per packet,',
      `4 bytes per beat, every beat but the last full; at most ${p.windowBytes} bytes. m_axis: the deflate stream, 4 bytes per`,
      'beat, tlast on its last beat, whose tuser is the verdict (0 = compressed):',
      ...Object.entries(LZ4C_ERRORS).map(([c, w]) => `  ${c} = ${w} (the output packet is then one empty beat)`),
      'Matches are at least 4 bytes, at most 258, and end 5 bytes before the end of the data (the match finder is',
      'shared with the LZ4 engine). Speed: about one input byte per cycle. Reset: synchronous, active high.',
    ],
    outComment: 'Raw deflate stream out, 4 bytes per beat; tuser = verdict on the tlast beat',
  }),
};
