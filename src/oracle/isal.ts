// ISA-L as an independent oracle: the real library's CRC and erasure-code functions, reached through the native helper
// (src/oracle/oracle.c), built on first use into the build cache. Maps our CRC catalogue names to the ISA-L
// function and the seed/inversion convention each one needs (ISA-L's conventions differ per function).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cachedBuild, contentHash } from '../util/build-cache.js';
import { projectRoot } from '../util/paths.js';
import { runTool } from '../util/run-tool.js';
import { HelperStatusError, NativeHelper } from './native-helper.js';

const ORACLE_VERSION = '1';
const ORACLE_LIBS = ['-lisal', '-llz4', '-lz'];

/** How to get a catalogue CRC from an ISA-L function: result = fn(seed, data) ^ (invert ? all-ones : 0). */
interface IsalCrcBinding { fn: number; isalName: string; seed: bigint; invert: boolean; width: number }

const ONES32 = 0xffffffffn;
const ONES64 = 0xffff_ffff_ffff_ffffn;

/** Catalogue name → ISA-L function. CRC-64/NVME has no ISA-L 2.30 function. */
export const ISAL_CRC: Readonly<Record<string, IsalCrcBinding>> = {
  // crc32_iscsi neither inverts the seed nor the result (isa-l #292): pass ~0, invert the result.
  crc32c: { fn: 1, isalName: 'crc32_iscsi', seed: ONES32, invert: true, width: 32 },
  crc32: { fn: 2, isalName: 'crc32_gzip_refl', seed: 0n, invert: false, width: 32 },
  'crc32-bzip2': { fn: 3, isalName: 'crc32_ieee', seed: 0n, invert: false, width: 32 },
  'crc16-t10dif': { fn: 4, isalName: 'crc16_t10dif', seed: 0n, invert: false, width: 16 },
  'crc64-xz': { fn: 5, isalName: 'crc64_ecma_refl', seed: 0n, invert: false, width: 64 },
  'crc64-we': { fn: 6, isalName: 'crc64_ecma_norm', seed: 0n, invert: false, width: 64 },
  // crc64_*_norm inverts seed and result, so ECMA-182 (init 0, xorout 0) is ~fn(~0).
  'crc64-ecma-182': { fn: 6, isalName: 'crc64_ecma_norm', seed: ONES64, invert: true, width: 64 },
  'crc64-go-iso': { fn: 7, isalName: 'crc64_iso_refl', seed: 0n, invert: false, width: 64 },
};

let helper: Promise<NativeHelper> | undefined;

async function buildOracle(): Promise<string> {
  const src = path.join(projectRoot(), 'src/oracle/oracle.c');
  const source = readFileSync(src);
  const cflags = ['-O2', '-std=c11', '-Wall', '-Wextra'];
  const key = contentHash([ORACLE_VERSION, source, cflags.join(' '), ORACLE_LIBS.join(' ')]);
  const dir = await cachedBuild('oracle', key, async (tmp) => {
    const r = await runTool('cc', [...cflags, src, '-o', path.join(tmp, 'oracle'), ...ORACLE_LIBS]);
    if (!r.ok) throw new Error(`building the oracle helper failed (are libisal-dev, liblz4-dev and zlib1g-dev installed? run scripts/setup.sh): ${r.failure}\n${r.all}`);
  });
  return path.join(dir, 'oracle');
}

/** The shared oracle helper process (ISA-L, liblz4), built on first use. */
export function oracle(): Promise<NativeHelper> {
  helper ??= buildOracle().then((exe) => new NativeHelper(exe, 'oracle helper'));
  return helper;
}

/** Build the oracle now (set-up step); later calls reuse the cached binary. */
export async function prepareOracle(): Promise<void> {
  await oracle();
}

export function isalHasCrc(modelName: string): boolean {
  return modelName in ISAL_CRC;
}

/** CRC of one message computed by ISA-L for a catalogue model. */
export async function isalCrc(modelName: string, data: Uint8Array): Promise<bigint> {
  const b = ISAL_CRC[modelName];
  if (!b) throw new Error(`ISA-L has no function for CRC model '${modelName}' (it has: ${Object.keys(ISAL_CRC).join(', ')})`);
  const args = Buffer.alloc(12);
  args.writeUInt32LE(b.fn, 0);
  args.writeBigUInt64LE(b.seed, 4);
  const payload = await (await oracle()).request(1, args, data, `${b.isalName} on ${data.byteLength} bytes`);
  const mask = b.width === 64 ? ONES64 : (1n << BigInt(b.width)) - 1n;
  const raw = payload.readBigUInt64LE(0) & mask;
  return b.invert ? raw ^ mask : raw;
}

/** ISA-L single-core throughput for a CRC model on `data`, in bytes per second, measured for ≥ minMs. */
export async function isalCrcThroughput(modelName: string, data: Uint8Array, minMs: number): Promise<number> {
  const b = ISAL_CRC[modelName];
  if (!b) throw new Error(`ISA-L has no function for CRC model '${modelName}'`);
  const args = Buffer.alloc(8);
  args.writeUInt32LE(b.fn, 0);
  args.writeUInt32LE(minMs, 4);
  const payload = await (await oracle()).request(2, args, data, `${b.isalName} benchmark`);
  return Number(payload.readBigUInt64LE(0)) / (Number(payload.readBigUInt64LE(8)) / 1e9);
}

// ---- Erasure coding -----------------------------------------------------------------------------------

function u32s(...values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32LE(v, 4 * i));
  return b;
}

/** ISA-L ec_init_tables + ec_encode_data: `rows` output fragments from k sources and rows×k coefficients. */
export async function isalEcEncode(coeff: Uint8Array, rows: number, k: number, data: readonly Uint8Array[]): Promise<Uint8Array[]> {
  const len = data[0]?.length ?? 0;
  if (data.length !== k || data.some((d) => d.length !== len)) throw new Error(`isalEcEncode: need ${k} fragments of equal length`);
  const payload = await (await oracle()).request(3, u32s(k, rows, len), Buffer.concat([coeff, ...data]), `ec_encode_data ${k}→${rows} on ${len} B`);
  return Array.from({ length: rows }, (_, r) => new Uint8Array(payload.subarray(r * len, (r + 1) * len)));
}

/** ISA-L's own encode matrix, (k+m)×k row-major: gf_gen_rs_matrix or gf_gen_cauchy1_matrix. */
export async function isalEcMatrix(kind: 'rs' | 'cauchy', k: number, m: number): Promise<Uint8Array> {
  const payload = await (await oracle()).request(4, u32s(kind === 'rs' ? 0 : 1, k, m), new Uint8Array(0), `gf_gen_${kind} matrix`);
  return new Uint8Array(payload);
}

/** ISA-L gf_invert_matrix; undefined when ISA-L reports the matrix singular. */
export async function isalGfInvert(matrix: Uint8Array, n: number): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await (await oracle()).request(5, u32s(n), matrix, `gf_invert_matrix ${n}x${n}`));
  } catch (err) {
    if (err instanceof HelperStatusError && err.status === 2) return undefined;
    throw err;
  }
}

/** ISA-L single-core ec_encode_data throughput (source bytes per second) for k+m with fragments of len bytes. */
export async function isalEcThroughput(k: number, m: number, len: number, minMs: number): Promise<number> {
  const payload = await (await oracle()).request(6, u32s(k, m, len, minMs), new Uint8Array(0), `ec_encode_data benchmark ${k}+${m}`);
  return Number(payload.readBigUInt64LE(0)) / (Number(payload.readBigUInt64LE(8)) / 1e9);
}
