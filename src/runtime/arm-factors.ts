// The DPU ARM cores' speed relative to one x86 host core, per storage function, as published figures give it
// (docs/arm-factors.md collects the sources and how each factor was derived). These are parameters of the model,
// not measurements of ours: each carries its source and a confidence, and the study reports them beside its
// results. BlueField-2: 8 Arm Cortex-A72 cores at 2.0 GHz, against a current x86 server core.
import type { StorageFunction } from './platform.js';

export interface ArmFactor {
  /** One ARM core's throughput over one host core's, for this function. */
  factor: number;
  confidence: 'low' | 'medium';
  source: string;
}

export const BLUEFIELD2_A72: Record<StorageFunction, ArmFactor> = {
  crc32c: { factor: 0.25, confidence: 'low', source: 'estimate: Cortex-A72 one CRC32 instruction per cycle (about 13 GB/s at 2.0 GHz) against ISA-L-style AVX-512 CRC32C on Ice Lake, about 48 GB/s (corsix/fast-crc32 README)' },
  compress: { factor: 0.33, confidence: 'medium', source: 'lz4 PR #707 (lzbench on AWS a1, Cortex-A72 at 2.3 GHz, rescaled to 2.0 GHz) against lzbench 2.4 (EPYC 9555P) and lzbench 1.8 (i7-8700K) lz4 level 1' },
  decompress: { factor: 0.33, confidence: 'medium', source: 'lz4 PR #707 (lzbench on AWS a1, Cortex-A72 at 2.3 GHz, rescaled to 2.0 GHz) against lzbench 2.4 (EPYC 9555P) and lzbench 1.8 (i7-8700K) lz4 decompression' },
  encrypt: { factor: 0.26, confidence: 'medium', source: 'OpenSSL aesv8-armx.pl: about 1.14 cycles/byte on Cortex-A72 (5-way interleaved AES), against AES-256-XTS with AES-NI at 6.5 GB/s on a Xeon 8375C (aws-lc PR #1004); 0.13 against a VAES host' },
  decrypt: { factor: 0.26, confidence: 'medium', source: 'as encrypt (XTS decryption runs the same interleaved AES rounds)' },
  'ec-encode': { factor: 0.12, confidence: 'low', source: 'estimate: no ISA-L ec_encode_data figure for A72 was found; scaled from klauspost/reedsolomon on Graviton2 and rlnc on Graviton4 against AVX-512 x86, and ISA-L 10+4 at 6.7-7.9 GB/s on a Xeon Gold 6336Y (Ceph PR #59494)' },
  'ec-reconstruct': { factor: 0.12, confidence: 'low', source: 'as ec-encode (ISA-L decodes with the same ec_encode_data call)' },
};
