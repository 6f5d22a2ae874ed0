// The fuzz targets' seed corpora: the real library's own outputs. LZ4 blocks from liblz4 (fast and HC levels),
// raw deflate streams from zlib (levels 0-9, every strategy), of corpus slices and small and edge inputs (empty,
// one byte, zeros up to and past the 64 KiB output bound, random bytes), each within libFuzzer's input limit.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { loadCorpus } from '../data/corpus.js';
import { liblz4Compress, type Lz4Level } from '../oracle/lz4.js';
import { zlibCompress, type ZlibStrategy } from '../oracle/zlib.js';
import { Rng } from '../util/rng.js';
import type { FuzzEngine } from './targets.js';

const LZ4_LEVELS: Lz4Level[] = [{ mode: 'fast', acceleration: 1 }, { mode: 'fast', acceleration: 16 }, { mode: 'hc', level: 9 }];
const ZLIB_SETTINGS: { level: number; strategy: ZlibStrategy }[] = [
  { level: 0, strategy: 'default' }, { level: 1, strategy: 'default' }, { level: 6, strategy: 'default' }, { level: 9, strategy: 'default' },
  { level: 6, strategy: 'fixed' }, { level: 6, strategy: 'huffman-only' }, { level: 6, strategy: 'rle' }, { level: 6, strategy: 'filtered' },
];
const SLICE_SIZES = [1, 4, 5, 12, 13, 16, 64, 300, 1024, 4096, 16384];

/** The uncompressed inputs: slices of every corpus file at each size, and edge inputs. */
async function seedInputs(): Promise<Uint8Array[]> {
  const rng = new Rng(20);
  const inputs: Uint8Array[] = [new Uint8Array(0), Uint8Array.of(0x41), new Uint8Array(65536), new Uint8Array(65536 + 100), rng.bytes(600)];
  for (const f of await loadCorpus(1 << 20)) {
    for (const size of SLICE_SIZES) {
      const at = rng.int(0, Math.max(0, f.data.length - size));
      inputs.push(f.data.subarray(at, at + size));
    }
  }
  return inputs;
}

/**
 * Write the engine's seed corpus into `dir` (emptied first): one file per distinct library output of at most
 * `maxLen` bytes, named by its hash. Returns the number of seeds.
 */
export async function writeSeeds(engine: FuzzEngine, dir: string, maxLen: number): Promise<number> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const outputs: Promise<Uint8Array>[] = [];
  for (const data of await seedInputs()) {
    if (engine === 'lz4-decompress') for (const level of LZ4_LEVELS) outputs.push(liblz4Compress(data, level));
    else for (const s of ZLIB_SETTINGS) outputs.push(zlibCompress(data, s.level, 'raw', s.strategy));
  }
  for (const out of await Promise.all(outputs)) {
    if (out.length > maxLen) continue;
    writeFileSync(path.join(dir, createHash('sha1').update(out).digest('hex')), out);
  }
  return readdirSync(dir).length;
}
