// The CRC engine configurations the tests exercise (also linted by test/gen/lint.test.ts): every catalogue
// model, widths from 1 to the 128-byte maximum including odd ones, and seeded random custom models.
import { Rng } from '../../src/util/rng.js';

export type CrcVariant = Record<string, unknown> & { bytesPerCycle: number; model: string };

function randomCustom(seed: number, bytesPerCycle: number): CrcVariant {
  const rng = new Rng(seed);
  const width = rng.int(3, 40);
  const mask = (1n << BigInt(width)) - 1n;
  const rand = () => ((BigInt(rng.u32()) << 32n) | BigInt(rng.u32())) & mask;
  return {
    bytesPerCycle, model: 'custom', width, poly: '0x' + (rand() | 1n).toString(16), init: '0x' + rand().toString(16),
    refIn: rng.float() < 0.5, refOut: rng.float() < 0.5, xorOut: '0x' + rand().toString(16),
  };
}

export const CRC_VARIANTS: readonly CrcVariant[] = [
  { bytesPerCycle: 1, model: 'crc32c' },
  { bytesPerCycle: 2, model: 'crc16-t10dif' },
  { bytesPerCycle: 3, model: 'crc32c' },
  { bytesPerCycle: 4, model: 'crc64-xz' },
  { bytesPerCycle: 7, model: 'crc64-nvme' },
  { bytesPerCycle: 8, model: 'crc32' },
  { bytesPerCycle: 13, model: 'crc32-bzip2' },
  { bytesPerCycle: 16, model: 'crc64-we' },
  { bytesPerCycle: 24, model: 'crc64-ecma-182' },
  { bytesPerCycle: 32, model: 'crc64-go-iso' },
  { bytesPerCycle: 64, model: 'crc32c' },
  { bytesPerCycle: 64, model: 'crc64-nvme' },
  { bytesPerCycle: 128, model: 'crc32c' },
  randomCustom(11, 6),
  randomCustom(12, 11),
  randomCustom(13, 1),
];
