// The generator registry: every engine the CLI and tests can generate, by name.
import type { AnyGenerator } from './core/generator.js';
import { crcGenerator } from './crc/generate.js';
import { ecGenerator } from './ec/generate.js';
import { ecStripeGenerator } from './ec/stripe.js';
import { boardGenerator } from './board/board.js';
import { deflateGenerator } from './deflate/deflate.js';
import { inflateGenerator } from './deflate/inflate.js';
import { inflateArrayGenerator } from './deflate/inflate-array.js';
import { lz4CompressGenerator } from './lz4/compress.js';
import { lz4CompressParallelGenerator } from './lz4/compress-parallel.js';
import { lz4CompressGreedyGenerator } from './lz4/compress-greedy.js';
import { lz4CompressArrayGenerator } from './lz4/compress-array.js';
import { lz4DecompressGenerator } from './lz4/decompress.js';
import { lz4DecompressArrayGenerator } from './lz4/decompress-array.js';
import { dmaGenerator } from './dma/dma.js';
import { queueGenerator } from './queue/queue.js';
import { xtsGenerator } from './xts/xts.js';

export const GENERATORS: Readonly<Record<string, AnyGenerator>> = {
  crc: crcGenerator,
  ec: ecGenerator,
  'ec-stripe': ecStripeGenerator,
  board: boardGenerator,
  'lz4-compress': lz4CompressGenerator,
  'lz4-compress-parallel': lz4CompressParallelGenerator,
  'lz4-compress-greedy': lz4CompressGreedyGenerator,
  'lz4-compress-array': lz4CompressArrayGenerator,
  'lz4-decompress': lz4DecompressGenerator,
  'lz4-decompress-array': lz4DecompressArrayGenerator,
  inflate: inflateGenerator,
  'inflate-array': inflateArrayGenerator,
  deflate: deflateGenerator,
  dma: dmaGenerator,
  queue: queueGenerator,
  xts: xtsGenerator,
};

export class UnknownEngineError extends Error {
  constructor(name: string) {
    super(`unknown engine '${name}'; available: ${Object.keys(GENERATORS).join(', ')}`);
    this.name = 'UnknownEngineError';
  }
}

export function findGenerator(name: string): AnyGenerator {
  const g = Object.hasOwn(GENERATORS, name) ? GENERATORS[name] : undefined;
  if (!g) throw new UnknownEngineError(name);
  return g;
}
