// The CRC reference kernel: catalogue check values (published, independent of this code), the table-driven
// kernel equal to the bit-serial definition for every catalogue model and random custom models, and ISA-L
// equal to the reference over random messages.
import { describe, expect, it } from 'vitest';
import { isalCrc, ISAL_CRC } from '../../src/oracle/isal.js';
import { CRC_CATALOGUE, crcBitwise, CrcKernel, reflectBits, type CrcModel } from '../../src/ref/crc.js';
import { Rng } from '../../src/util/rng.js';

const CHECK = new TextEncoder().encode('123456789');

describe('CRC catalogue', () => {
  it.each(CRC_CATALOGUE)('$name: bit-serial and table kernels give the check value', (m) => {
    expect(crcBitwise(m, CHECK)).toBe(m.check);
    expect(new CrcKernel(m).crc(CHECK)).toBe(m.check);
  });

  it('check values agree with ISA-L for every model ISA-L has', async () => {
    for (const name of Object.keys(ISAL_CRC)) {
      expect(await isalCrc(name, CHECK), name).toBe(CRC_CATALOGUE.find((m) => m.name === name)!.check);
    }
  });
});

describe('table kernel = bit-serial definition', () => {
  const rng = new Rng(42);
  const models: CrcModel[] = [...CRC_CATALOGUE];
  for (let i = 0; i < 40; i++) {
    const width = rng.int(1, 64);
    const mask = (1n << BigInt(width)) - 1n;
    const r = () => ((BigInt(rng.u32()) << 32n) | BigInt(rng.u32())) & mask;
    models.push({ name: 'custom', width, poly: r() | 1n, init: r(), refIn: rng.float() < 0.5, refOut: rng.float() < 0.5, xorOut: r() });
  }
  it.each(models.map((m, i) => [i, m] as const))('model %i', (_, m) => {
    const k = new CrcKernel(m);
    for (const n of [0, 1, 2, 7, 64, 257]) {
      const data = rng.bytes(n);
      expect(k.crc(data), `width ${m.width} len ${n}`).toBe(crcBitwise(m, data));
    }
  });
});

describe('ISA-L oracle', () => {
  it('equals the reference on random messages for every bound function', async () => {
    const rng = new Rng(7);
    for (const name of Object.keys(ISAL_CRC)) {
      const k = new CrcKernel(CRC_CATALOGUE.find((m) => m.name === name)!);
      for (let i = 0; i < 30; i++) {
        const data = rng.bytes(rng.int(0, 3000));
        expect(await isalCrc(name, data), `${name} len ${data.length}`).toBe(k.crc(data));
      }
    }
  });

  it('refuses a model it has no function for, by name', async () => {
    await expect(isalCrc('crc64-nvme', CHECK)).rejects.toThrow(/ISA-L has no function for CRC model 'crc64-nvme'/);
  });
});

it('reflectBits reverses bit order', () => {
  expect(reflectBits(0b1101n, 4)).toBe(0b1011n);
  expect(reflectBits(1n, 64)).toBe(1n << 63n);
});
