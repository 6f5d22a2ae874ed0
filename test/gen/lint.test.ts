// Every generated variant the tests exercise passes `verilator --lint-only -Wall` with no waivers, and so
// does the hand-written library.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crcGenerator } from '../../gen/crc/generate.js';
import { defaultDesigns } from '../../gen/defaults.js';
import { lintDesign } from '../../sim/lint.js';
import { projectRoot } from '../../src/util/paths.js';
import { CRC_VARIANTS } from '../engines/crc-variants.js';

describe('verilator --lint-only -Wall', () => {
  it.each(CRC_VARIANTS)('crc %o', async (variant) => {
    const r = await lintDesign(crcGenerator.emit(crcGenerator.validate(variant)));
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });
  it('default configurations', async () => {
    for (const d of defaultDesigns()) expect((await lintDesign(d)).output, d.top).toBe('');
  });
  it('hw/lib/dpf_skid_buffer.v', () => {
    expect(() => execFileSync('verilator', ['--lint-only', '-Wall', path.join(projectRoot(), 'hw/lib/dpf_skid_buffer.v')], { stdio: 'pipe' })).not.toThrow();
  });
});
