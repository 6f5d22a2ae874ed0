// zlib as an independent oracle: deflate at any level and strategy with raw, zlib or gzip framing, inflate
// (the reference for which streams are valid), and a single-core throughput probe.
import { oracle } from './isal.js';
import { HelperStatusError } from './native-helper.js';

export type ZlibWrapper = 'raw' | 'zlib' | 'gzip';
export type ZlibStrategy = 'default' | 'filtered' | 'huffman-only' | 'rle' | 'fixed';

const WINDOW_BITS: Record<ZlibWrapper, number> = { raw: -15, zlib: 15, gzip: 31 };
const STRATEGY: Record<ZlibStrategy, number> = { default: 0, filtered: 1, 'huffman-only': 2, rle: 3, fixed: 4 };

function i32s(...values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeInt32LE(v, 4 * i));
  return b;
}

/** deflate with zlib: level 0..9, the given framing and strategy. */
export async function zlibCompress(data: Uint8Array, level: number, wrapper: ZlibWrapper = 'raw', strategy: ZlibStrategy = 'default'): Promise<Uint8Array> {
  return new Uint8Array(await (await oracle()).request(10, i32s(level, WINDOW_BITS[wrapper], STRATEGY[strategy]), data, `zlib deflate level ${level}`));
}

export interface ZlibInflateResult {
  output: Uint8Array;
  /** Input bytes zlib used (it stops after the final block). */
  consumed: number;
}

/** zlib inflate; 'invalid' when zlib rejects the stream or it ends early, 'too-long' past maxOutput. */
export async function zlibInflate(stream: Uint8Array, maxOutput: number, wrapper: ZlibWrapper = 'raw'): Promise<ZlibInflateResult | 'invalid' | 'too-long'> {
  const args = Buffer.alloc(8);
  args.writeInt32LE(WINDOW_BITS[wrapper], 0);
  args.writeUInt32LE(maxOutput, 4);
  try {
    const p = await (await oracle()).request(11, args, stream, `zlib inflate ${stream.length} B`);
    return { consumed: p.readUInt32LE(0), output: new Uint8Array(p.subarray(4)) };
  } catch (err) {
    if (err instanceof HelperStatusError && err.status === 2) return 'invalid';
    if (err instanceof HelperStatusError && err.status === 3) return 'too-long';
    throw err;
  }
}

/** zlib single-core raw deflate (input B/s) and inflate (output B/s) throughput at `level` on `data`. */
export async function zlibThroughput(data: Uint8Array, level: number, minMs: number): Promise<{ compress: number; decompress: number }> {
  const args = Buffer.alloc(8);
  args.writeInt32LE(level, 0);
  args.writeUInt32LE(minMs, 4);
  const p = await (await oracle()).request(12, args, data, 'zlib benchmark');
  const f = (i: number) => Number(p.readBigUInt64LE(8 * i));
  return { compress: f(0) / (f(1) / 1e9), decompress: f(2) / (f(3) / 1e9) };
}
