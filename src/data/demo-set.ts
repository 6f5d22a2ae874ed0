// The built-in demo data set: storage-shaped messages made deterministically from a seed, so the demo and
// its figures are the same on every machine: check strings, empty and tiny messages, 512 B sectors, 4 KiB
// blocks, odd-sized tails, runs of zeros (thin-provisioned blocks) and text.
import { Rng } from '../util/rng.js';

export interface NamedMessage {
  what: string;
  data: Uint8Array;
}

const TEXT = 'Cloud storage moves and transforms every byte it stores: checksums, compression, erasure coding, encryption. ';

export function demoMessages(seed = 2026): NamedMessage[] {
  const rng = new Rng(seed);
  const enc = new TextEncoder();
  const out: NamedMessage[] = [
    { what: 'check string "123456789"', data: enc.encode('123456789') },
    { what: 'empty message', data: new Uint8Array(0) },
    { what: '1 byte', data: rng.bytes(1) },
  ];
  for (let i = 0; i < 8; i++) out.push({ what: `512 B sector ${i}`, data: rng.bytes(512) });
  for (let i = 0; i < 32; i++) out.push({ what: `4 KiB block ${i}`, data: rng.bytes(4096) });
  out.push({ what: '4 KiB zero block', data: new Uint8Array(4096) });
  for (const n of [63, 65, 127, 1000, 4095, 4097, 12345]) out.push({ what: `${n} B odd size`, data: rng.bytes(n) });
  out.push({ what: '64 KiB object', data: rng.bytes(65536) });
  out.push({ what: '8 KiB text', data: enc.encode(TEXT.repeat(Math.ceil(8192 / TEXT.length)).slice(0, 8192)) });
  return out;
}

/**
 * Cut a byte stream into erasure-coding stripes: k fragments of `fragmentBytes` each; the last stripe's
 * fragments are as long as its remainder needs (zero padded), as block stores pad a short final stripe.
 */
export function stripesFrom(bytes: Uint8Array, k: number, fragmentBytes: number): Uint8Array[][] {
  const stripes: Uint8Array[][] = [];
  for (let at = 0; at < bytes.length; at += k * fragmentBytes) {
    const chunk = bytes.subarray(at, at + k * fragmentBytes);
    const len = Math.ceil(chunk.length / k);
    stripes.push(Array.from({ length: k }, (_, j) => {
      const f = new Uint8Array(len);
      f.set(chunk.subarray(j * len, (j + 1) * len));
      return f;
    }));
  }
  return stripes;
}
