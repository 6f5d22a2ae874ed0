// Write payloads for traces, which carry no data: every 512-byte sector's content is a pure function of
// (seed, device, sector, version), so the replay keeps only version numbers and regenerates any data on
// demand. Synthesized sectors are `compressPercent` zeros after random bytes (as fio's
// buffer_compress_percentage makes its buffers), or sectors of the files given, picked by the same hash.
import { Rng } from '../util/rng.js';

export const SECTOR_BYTES = 512;

export interface PayloadSource {
  /** The content of one sector at one version (version 0: what the device held before the trace). */
  sector(device: string, sector: number, version: number): Uint8Array;
  describe(): string;
}

/** A 32-bit hash of a string (FNV-1a). */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A 32-bit mix of several 32-bit words (murmur3's finalizer between them). */
function mix(...words: number[]): number {
  let h = 0x9e3779b9;
  for (const w of words) {
    h = Math.imul(h ^ (w >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

const sectorKey = (seed: number, device: string, sector: number, version: number) =>
  mix(seed, hashString(device), sector % 0x100000000, Math.floor(sector / 0x100000000), version);

export function synthesizedPayload(seed: number, compressPercent: number): PayloadSource {
  if (!Number.isInteger(compressPercent) || compressPercent < 0 || compressPercent > 100) throw new Error(`compress percent ${compressPercent} is outside 0..100`);
  const random = Math.round(SECTOR_BYTES * (100 - compressPercent) / 100);
  return {
    sector(device, sector, version) {
      const out = new Uint8Array(SECTOR_BYTES);
      out.set(new Rng(sectorKey(seed, device, sector, version)).bytes(random));
      return out;
    },
    describe: () => `synthesized, ${compressPercent}% of each sector zeros (seed ${seed})`,
  };
}

/** Sectors cut from the given data (e.g. files named on the command line), at hashed sector-aligned places. */
export function filePayload(seed: number, data: Uint8Array, what: string): PayloadSource {
  const sectors = Math.floor(data.length / SECTOR_BYTES);
  if (sectors === 0) throw new Error(`${what}: less than one sector (${SECTOR_BYTES} bytes) of data`);
  return {
    sector(device, sector, version) {
      const at = (sectorKey(seed, device, sector, version) % sectors) * SECTOR_BYTES;
      return data.slice(at, at + SECTOR_BYTES);
    },
    describe: () => `sectors of ${what} (${data.length.toLocaleString('en-US')} bytes, seed ${seed})`,
  };
}
