// The software side of the runtime model, measured on this machine: one host core's bytes/s per storage
// function with the real libraries — ISA-L (crc32_iscsi, ec_encode_data), liblz4 (level 1 and its
// decompressor) and OpenSSL (AES-256-XTS through `openssl speed`). A reconstruct is ec_encode_data with the
// decode rows of the lost fragments (ISA-L's decode is that call), so it is timed as an encode with that many rows.
import { isalCrcThroughput, isalEcThroughput } from '../oracle/isal.js';
import { liblz4Compress, liblz4Throughput } from '../oracle/lz4.js';
import { opensslXtsSpeed } from '../oracle/openssl.js';
import type { StorageFunction } from './platform.js';

export interface SoftwareRates {
  /** Bytes/s of one core, per function (input bytes: plain for compress, compressed for decompress). */
  rates: Record<StorageFunction, number>;
  /** What each figure measured. */
  how: Record<StorageFunction, string>;
}

export interface MeasureOptions {
  /** The data compress/decompress run on (its compressibility matters), in blocks of `blockBytes`. */
  sample: Uint8Array;
  blockBytes: number;
  ec: { k: number; m: number };
  /** Fragments a degraded read rebuilds. */
  lost: number;
  /** Minimum time per measurement (ms). */
  minMs: number;
}

export async function measureSoftwareRates(o: MeasureOptions): Promise<SoftwareRates> {
  const block = o.sample.subarray(0, o.blockBytes);
  const fragment = Math.max(64, Math.ceil(o.blockBytes / o.ec.k / 64) * 64);
  const crc = await isalCrcThroughput('crc32c', block, o.minMs);
  const encode = await isalEcThroughput(o.ec.k, o.ec.m, fragment, o.minMs);
  const rebuild = await isalEcThroughput(o.ec.k, Math.max(1, o.lost), fragment, o.minMs);
  const lz4 = await liblz4Throughput(o.sample, { mode: 'fast', acceleration: 1 }, o.minMs);
  const seconds = Math.max(1, Math.round(o.minMs / 1000));
  const xts = await opensslXtsSpeed(256, o.blockBytes, seconds);
  const xtsDecrypt = await opensslXtsSpeed(256, o.blockBytes, seconds, true);
  // decompress rates are per compressed input byte: liblz4's figure is per output byte
  const ratio = o.sample.length / (await liblz4Compress(o.sample)).length;
  return {
    rates: { crc32c: crc, 'ec-encode': encode, 'ec-reconstruct': rebuild, compress: lz4.compress, decompress: lz4.decompress / ratio, encrypt: xts, decrypt: xtsDecrypt },
    how: {
      crc32c: `ISA-L crc32_iscsi, ${o.blockBytes}-byte buffers`,
      'ec-encode': `ISA-L ec_encode_data ${o.ec.k}+${o.ec.m}, ${fragment}-byte fragments (source bytes)`,
      'ec-reconstruct': `ISA-L ec_encode_data with ${Math.max(1, o.lost)} decode row${o.lost > 1 ? 's' : ''}, ${o.ec.k} survivors of ${fragment} bytes`,
      compress: `liblz4 LZ4_compress_default on the sample (${o.sample.length} bytes)`,
      decompress: `liblz4 LZ4_decompress_safe on the sample's blocks, per compressed byte (ratio ${ratio.toFixed(2)})`,
      encrypt: `openssl speed -evp aes-256-xts, ${o.blockBytes}-byte buffers`,
      decrypt: `openssl speed -evp aes-256-xts -decrypt, ${o.blockBytes}-byte buffers`,
    },
  };
}
