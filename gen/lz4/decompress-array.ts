// LZ4 decompressor engine array generator: LZ4 block decompressors (gen/lz4/decompress.ts) in a decoder array
// (gen/core/decoder-array.ts over gen/core/block-array.ts: dispatch to an idle engine through its input FIFO,
// per-engine output FIFOs, in-order merge), for the read path at line rate.
import { decoderArrayGenerator, decoderEngineParams, type DecoderArrayParams } from '../core/decoder-array.js';
import { LZ4_VERDICTS } from '../../src/ref/lz4.js';
import { lz4DecompressGenerator } from './decompress.js';

export type Lz4DecompressArrayParams = DecoderArrayParams;
export const decompressArrayEngineParams = decoderEngineParams;

export const lz4DecompressArrayGenerator = decoderArrayGenerator({
  name: 'lz4-decompress-array', id: 'gen/lz4-decompress-array', version: '0.1.0', modulePrefix: 'lz4_decompress_array',
  engine: lz4DecompressGenerator, what: 'LZ4 block decompressor', packet: 'LZ4 block',
  reference: 'src/ref/lz4.ts lz4DecodeBlock', errors: LZ4_VERDICTS,
});
