// Test data for the engine arrays: pieces of the corpus (0 B, 1 B, 13 B, the size bound, a few bytes under it, random
// sizes); for the decoders, those pieces encoded by one of the given encoders, or hostile: an encoding truncated
// (possibly to nothing) or with one bit flipped.
import { loadCorpus } from '../../src/data/corpus.js';
import type { Rng } from '../../src/util/rng.js';

export type Encoder = (plain: Uint8Array) => Uint8Array | Promise<Uint8Array>;

export async function corpusPieces(max: number, count: number, rng: Rng): Promise<Uint8Array[]> {
  const corpus = await loadCorpus(1 << 16);
  return Array.from({ length: count }, () => {
    const f = corpus[rng.int(0, corpus.length - 1)].data;
    const size = [0, 1, 13, max, Math.max(0, max - rng.int(1, 7)), rng.int(0, max)][rng.int(0, 5)];
    const at = rng.int(0, Math.max(0, f.length - size));
    return f.subarray(at, at + size);
  });
}

export async function encodedPieces(max: number, count: number, rng: Rng, encoders: readonly Encoder[]): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const plain of await corpusPieces(max, count, rng)) {
    const kind = rng.int(0, encoders.length + 1);
    const good = await encoders[kind % encoders.length](plain);
    if (kind < encoders.length) out.push(good);
    else if (kind === encoders.length) out.push(good.subarray(0, rng.int(0, good.length))); // truncated
    else {
      const bad = Uint8Array.from(good); // a flipped bit
      if (bad.length) bad[rng.int(0, bad.length - 1)] ^= 1 << rng.int(0, 7);
      out.push(bad);
    }
  }
  return out;
}
