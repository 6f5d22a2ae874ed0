// OpenSSL as an oracle and a yardstick for encryption: AES-XTS of one data unit through Node's crypto (which is
// OpenSSL), and OpenSSL's own single-core speed (`openssl speed -evp aes-N-xts`) on this machine.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { tweakOf } from '../ref/xts.js';
import { runTool } from '../util/run-tool.js';

/** A request of consecutive data units through OpenSSL's aes-128-xts / aes-256-xts, one cipher per unit. */
export function opensslXts(mode: 'encrypt' | 'decrypt', key: Uint8Array, firstDataUnit: bigint, dataUnitBytes: number, data: Uint8Array): Uint8Array {
  if (!Number.isInteger(dataUnitBytes) || dataUnitBytes <= 0) throw new Error(`opensslXts: data-unit size ${dataUnitBytes} is not a positive number of bytes`);
  const out = new Uint8Array(data.length);
  const alg = `aes-${key.length * 4}-xts`;
  for (let off = 0, j = 0n; off < data.length; off += dataUnitBytes, j++) {
    const iv = tweakOf(firstDataUnit + j);
    const c = mode === 'encrypt' ? createCipheriv(alg, key, iv) : createDecipheriv(alg, key, iv);
    out.set(Buffer.concat([c.update(data.subarray(off, off + dataUnitBytes)), c.final()]), off);
  }
  return out;
}

/** OpenSSL's single-core AES-XTS encryption (or decryption) speed in bytes/s on buffers of `bytes` (`openssl speed -evp`). */
export async function opensslXtsSpeed(keyBits: 128 | 256, bytes: number, seconds = 2, decrypt = false): Promise<number> {
  const alg = `aes-${keyBits}-xts`;
  const r = await runTool('openssl', ['speed', '-evp', alg, ...(decrypt ? ['-decrypt'] : []), '-seconds', String(seconds), '-bytes', String(bytes)]);
  if (!r.ok) throw new Error(`openssl speed -evp ${alg} failed: ${r.failure}\n${r.all.slice(-500)}`);
  // the result line: "AES-256-XTS    8554905.60k" (thousands of bytes per second)
  const m = new RegExp(`^${alg.toUpperCase()}\\s+([\\d.]+)k\\s*$`, 'm').exec(r.stdout);
  if (!m) throw new Error(`openssl speed -evp ${alg}: no result line in its output:\n${r.stdout.slice(-500)}`);
  return Number(m[1]) * 1000;
}
