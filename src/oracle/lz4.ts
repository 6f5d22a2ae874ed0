// liblz4 as an independent oracle: block compression at fast and HC levels, safe decompression, and a
// single-core throughput probe, through the shared native helper (src/oracle/oracle.c).
import { oracle } from './isal.js';
import { HelperStatusError } from './native-helper.js';

export type Lz4Level = { mode: 'fast'; acceleration: number } | { mode: 'hc'; level: number };

function levelArgs(level: Lz4Level, extra: number[] = []): Buffer {
  const b = Buffer.alloc(8 + 4 * extra.length);
  b.writeUInt32LE(level.mode === 'hc' ? 1 : 0, 0);
  b.writeInt32LE(level.mode === 'hc' ? level.level : level.acceleration, 4);
  extra.forEach((v, i) => b.writeUInt32LE(v, 8 + 4 * i));
  return b;
}

/** One LZ4 block made by liblz4 (LZ4_compress_fast or LZ4_compress_HC). */
export async function liblz4Compress(data: Uint8Array, level: Lz4Level = { mode: 'fast', acceleration: 1 }): Promise<Uint8Array> {
  return new Uint8Array(await (await oracle()).request(7, levelArgs(level), data, `LZ4 compress ${data.length} B`));
}

/** LZ4_decompress_safe; undefined when liblz4 rejects the block. */
export async function liblz4Decompress(block: Uint8Array, maxOutput: number): Promise<Uint8Array | undefined> {
  const args = Buffer.alloc(4);
  args.writeUInt32LE(maxOutput, 0);
  try {
    return new Uint8Array(await (await oracle()).request(8, args, block, `LZ4 decompress ${block.length} B`));
  } catch (err) {
    if (err instanceof HelperStatusError && err.status === 2) return undefined;
    throw err;
  }
}

/** liblz4 single-core compress (input B/s) and decompress (output B/s) throughput on `data`. */
export async function liblz4Throughput(data: Uint8Array, level: Lz4Level, minMs: number): Promise<{ compress: number; decompress: number }> {
  const p = await (await oracle()).request(9, levelArgs(level, [minMs]), data, 'LZ4 benchmark');
  const f = (i: number) => Number(p.readBigUInt64LE(8 * i));
  return { compress: f(0) / (f(1) / 1e9), decompress: f(2) / (f(3) / 1e9) };
}
