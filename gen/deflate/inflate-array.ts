// Inflate engine array generator: inflate engines (gen/deflate/inflate.ts) in a decoder array
// (gen/core/decoder-array.ts over gen/core/block-array.ts: dispatch to an idle engine through its input FIFO,
// per-engine output FIFOs, in-order merge), for the read path at line rate: one raw deflate stream per block.
import { decoderArrayGenerator, type DecoderArrayParams } from '../core/decoder-array.js';
import { INFLATE_ERRORS } from '../../src/ref/inflate.js';
import { inflateGenerator } from './inflate.js';

export type InflateArrayParams = DecoderArrayParams;

export const inflateArrayGenerator = decoderArrayGenerator({
  name: 'inflate-array', id: 'gen/inflate-array', version: '0.1.0', modulePrefix: 'inflate_array',
  engine: inflateGenerator, what: 'Inflate (raw deflate stream decoder)', packet: 'raw deflate stream',
  reference: 'src/ref/inflate.ts inflateRaw', errors: INFLATE_ERRORS,
  verdictNote: 'tuser[2:0]; tuser[34:3] the input bytes the deflate data used',
});
