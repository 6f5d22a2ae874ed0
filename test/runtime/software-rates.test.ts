// The runtime model's software rates come from the real libraries on this machine: every storage function
// gets a measured, positive bytes/s and a note of what was timed (the figures themselves belong to the bench).
import { describe, expect, it } from 'vitest';
import { measureSoftwareRates } from '../../src/runtime/software-rates.js';
import { STORAGE_FUNCTIONS } from '../../src/runtime/platform.js';

describe('software rates', () => {
  it('measures each function with ISA-L, liblz4 and OpenSSL', async () => {
    const text = new TextEncoder().encode('a block of storage data, compressible as text is; '.repeat(1400));
    const r = await measureSoftwareRates({ sample: text, blockBytes: 16384, ec: { k: 8, m: 2 }, lost: 2, minMs: 20 });
    for (const fn of STORAGE_FUNCTIONS) {
      expect(Number.isFinite(r.rates[fn]) && r.rates[fn] > 0, `${fn}: ${r.rates[fn]}`).toBe(true);
      expect(r.how[fn].length).toBeGreaterThan(10);
    }
    expect(r.how['ec-reconstruct']).toContain('2 decode rows');
  }, 60_000);
});
