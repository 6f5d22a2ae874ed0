// Every generated variant the tests exercise passes `verilator --lint-only -Wall` with no waivers, and so
// does the hand-written library; each of their files holds one module named as the file, no line over 120
// characters; every top in hw/generated lints from its own filelist (`-f <top>.f`).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crcGenerator } from '../../gen/crc/generate.js';
import { defaultDesigns, GENERATED_DIR } from '../../gen/defaults.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import { lintDesign as lintOnly, type LintResult } from '../../sim/lint.js';
import { projectRoot } from '../../src/util/paths.js';
import { CRC_VARIANTS } from '../engines/crc-variants.js';
import { EC_VARIANTS } from '../engines/ec-variants.js';
import { ecGenerator } from '../../gen/ec/generate.js';
import { lz4DecompressGenerator } from '../../gen/lz4/decompress.js';
import { lz4CompressGenerator } from '../../gen/lz4/compress.js';
import { lz4CompressParallelGenerator } from '../../gen/lz4/compress-parallel.js';
import { lz4CompressGreedyGenerator } from '../../gen/lz4/compress-greedy.js';
import { lz4CompressArrayGenerator } from '../../gen/lz4/compress-array.js';
import { lz4DecompressArrayGenerator } from '../../gen/lz4/decompress-array.js';
import { inflateArrayGenerator } from '../../gen/deflate/inflate-array.js';
import { inflateGenerator } from '../../gen/deflate/inflate.js';
import { deflateGenerator } from '../../gen/deflate/deflate.js';
import { dmaGenerator } from '../../gen/dma/dma.js';
import { queueGenerator } from '../../gen/queue/queue.js';
import { ecStripeGenerator } from '../../gen/ec/stripe.js';

/** Each file: one module, named as the file; no line over 120 characters. */
function expectVerilogStyle(d: GeneratedDesign): void {
  for (const f of d.files) {
    const modules = [...f.content.matchAll(/^\s*module\s+([A-Za-z_][\w$]*)/gm)].map((m) => m[1]);
    expect(modules, `${f.name}: one module, named as the file`).toEqual([f.name.replace(/\.v$/, '')]);
    const long = f.content.split('\n').map((l, i) => ({ n: i + 1, len: l.length })).filter((l) => l.len > 120);
    expect(long, `${f.name}: lines over 120 characters`).toEqual([]);
  }
}

/** The design's style checked, then linted. */
async function lintDesign(d: GeneratedDesign): Promise<LintResult> {
  expectVerilogStyle(d);
  return lintOnly(d);
}

describe('verilator --lint-only -Wall', () => {
  it.each(CRC_VARIANTS)('crc %o', async (variant) => {
    const r = await lintDesign(crcGenerator.emit(crcGenerator.validate(variant)));
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });
  it.each(EC_VARIANTS)('ec %o', async (variant) => {
    const r = await lintDesign(ecGenerator.emit(ecGenerator.validate(variant)));
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });
  it('ec at the parameter limits (k=1, m=1, W=1; k=240, m=16)', async () => {
    for (const v of [{ k: 1, m: 1, bytesPerCycle: 1 }, { k: 1, m: 1, bytesPerCycle: 1, coefficients: 'fixed' }, { k: 240, m: 16, bytesPerCycle: 2 }]) {
      expect((await lintDesign(ecGenerator.emit(ecGenerator.validate(v)))).output, JSON.stringify(v)).toBe('');
    }
  });
  it.each([
    { bytesPerCycle: 1, windowBytes: 2, maxOutputBytes: 256 }, { bytesPerCycle: 1 }, { bytesPerCycle: 2, windowBytes: 4096 },
    { bytesPerCycle: 4, historyMemory: 'registers' }, { bytesPerCycle: 4, maxOutputBytes: 1000, windowBytes: 256 },
    { bytesPerCycle: 8 }, { bytesPerCycle: 8, maxOutputBytes: 65536 }, { bytesPerCycle: 16 }, { bytesPerCycle: 32, windowBytes: 4096 },
  ])('lz4-decompress %o', async (variant) => {
    const r = await lintDesign(lz4DecompressGenerator.emit(lz4DecompressGenerator.validate(variant)));
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });
  it.each([
    {}, { lanes: 1, hashBits: 10, hashBanks: 1, windowBytes: 4096, backwardBytes: 0 }, { lanes: 8, hashBits: 12, hashBanks: 8, windowBytes: 64 },
    { lanes: 4, hashBits: 8, hashBanks: 4, windowBytes: 256 }, { lanes: 64, hashBits: 8, hashBanks: 256, windowBytes: 1024, historyMemory: 'registers' },
    { lanes: 8, hashBits: 12, hashBanks: 8, windowBytes: 8192, backwardBytes: 2 },
  ])('lz4-compress %o', async (variant) => {
    const r = await lintDesign(lz4CompressGenerator.emit(lz4CompressGenerator.validate(variant)));
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });
  it.each([
    {}, { lanes: 32, sequencesPerCycle: 3 }, { lanes: 4, hashBits: 8, hashBanks: 1, windowBytes: 64, backwardBytes: 0, entryBytes: 4, sequencesPerCycle: 4 },
    { lanes: 32, hashBits: 10, hashBanks: 256, windowBytes: 4096, backwardBytes: 1, entryBytes: 5, sequencesPerCycle: 1, historyMemory: 'registers' },
    { lanes: 8, hashBits: 9, hashBanks: 8, windowBytes: 128 }, { lanes: 16, hashBits: 8, hashBanks: 256, windowBytes: 256 },
  ])('lz4-compress-parallel %o', async (variant) => {
    const r = await lintDesign(lz4CompressParallelGenerator.emit(lz4CompressParallelGenerator.validate(variant)));
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });
  it.each([
    {}, { beatBytes: 4, hashBits: 8, windowBytes: 64, backwardBytes: 0 }, { beatBytes: 16, hashBits: 16, backwardBytes: 3 },
    { beatBytes: 16, hashBits: 12, windowBytes: 1024, backwardBytes: 2, historyMemory: 'registers' }, { beatBytes: 4, backwardBytes: 1 },
    { loadBytes: 64 }, { beatBytes: 4, loadBytes: 64, windowBytes: 128 }, { beatBytes: 16, loadBytes: 32, historyMemory: 'registers', windowBytes: 1024 },
    // piece mode (an engine per piece of a larger block)
    { pieces: true }, { beatBytes: 4, loadBytes: 64, windowBytes: 128, backwardBytes: 0, pieces: true }, { loadBytes: 64, windowBytes: 4096, pieces: true },
  ])('lz4-compress-greedy %o', async (variant) => {
    const r = await lintDesign(lz4CompressGreedyGenerator.emit(lz4CompressGreedyGenerator.validate(variant)));
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });
  it.each([
    {}, { engines: 1, dataBytes: 16 }, { engines: 4, dataBytes: 8, beatBytes: 4, windowBytes: 64, hashBits: 8, backwardBytes: 0 },
    { engines: 3, dataBytes: 128, beatBytes: 16, windowBytes: 1024, historyMemory: 'registers' },
    // piece mode: one block over several engines (one engine: blocks of one piece)
    { engines: 3, dataBytes: 16, beatBytes: 4, windowBytes: 256, hashBits: 8, pieces: true }, { engines: 1, pieces: true },
    { engines: 64, dataBytes: 64, windowBytes: 4096, hashBits: 12, pieces: true },
    // output FIFOs in LUT RAM (UltraScale+ memory kinds)
    { engines: 4, dataBytes: 64, windowBytes: 1024, hashBits: 10, pieces: true, outputMemory: 'lutram' }, { engines: 2, outputMemory: 'lutram' },
  ])('lz4-compress-array %o', async (variant) => {
    const r = await lintDesign(lz4CompressArrayGenerator.emit(lz4CompressArrayGenerator.validate(variant)));
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });
  it.each([
    {}, { engines: 1, dataBytes: 16 }, { engines: 3, dataBytes: 64, bytesPerCycle: 16 }, { engines: 4, dataBytes: 32, bytesPerCycle: 32, maxOutputBytes: 256 },
    { engines: 2, dataBytes: 8, bytesPerCycle: 1, windowBytes: 1024, historyMemory: 'registers' }, { engines: 2, dataBytes: 64, bufferMemory: 'uram' },
  ])('lz4-decompress-array %o', async (variant) => {
    const r = await lintDesign(lz4DecompressArrayGenerator.emit(lz4DecompressArrayGenerator.validate(variant)));
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });
  it.each([
    {}, { engines: 1, dataBytes: 16 }, { engines: 3, dataBytes: 64, bytesPerCycle: 16 },
    { engines: 2, dataBytes: 8, bytesPerCycle: 1, windowBytes: 1024, historyMemory: 'registers' },
  ])('inflate-array %o', async (variant) => {
    const r = await lintDesign(inflateArrayGenerator.emit(inflateArrayGenerator.validate(variant)));
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });
  it.each([
    {}, { dataBytes: 4, maxBurstBeats: 1, maxReadBursts: 1, maxWriteBursts: 1 }, { dataBytes: 8, maxBurstBeats: 3, maxReadBursts: 2, maxWriteBursts: 5 },
    { dataBytes: 64, maxBurstBeats: 256, maxReadBursts: 64, maxWriteBursts: 64 }, { dataBytes: 64, maxBurstBeats: 64, maxReadBursts: 16, maxWriteBursts: 16, commandsInFlight: 16 },
  ])('dma %o', async (variant) => {
    const r = await lintDesign(dmaGenerator.emit(dmaGenerator.validate(variant)));
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });
  it.each([
    {}, { queues: 1, dataBytes: 8, maxRequests: 2, arbitration: 'weighted' }, { queues: 3, dataBytes: 8, maxRequests: 2, maxBurstBeats: 4, maxReadBursts: 2 },
    { queues: 16, dataBytes: 64, maxRequests: 32, arbitration: 'weighted', compression: 'none', decompression: 'none' }, { dataBytes: 32, compression: 'lz4' },
    { encryption: 'both', erasureCoding: 'both', ecK: 4, ecM: 2, dataBytes: 32, xtsKeyBits: 128 },
    { encryption: 'encrypt', erasureCoding: 'encode', dataBytes: 64, compression: 'none', decompression: 'none', xtsKeySlots: 1 },
    { encryption: 'decrypt', queues: 1, maxRequests: 2, xtsKeySlots: 16 },
    // engine arrays at 64- and 128-byte beats (an entry in one beat; XTS with 8 lanes)
    { dataBytes: 64, compressEngines: 3, decompressEngines: 2, erasureCoding: 'both', encryption: 'both' },
    { dataBytes: 128, compressEngines: 2, decompressEngines: 2, decompressEngineBytes: 16, encryption: 'both' },
    { dataBytes: 64, compressEngines: 4, compressPieceBytes: 1024, decompressEngines: 2, erasureCoding: 'both', ecBuffers: 2 },
    { encryption: 'encrypt', encryptAt: 'before-compress', decompression: 'none', erasureCoding: 'encode', ecK: 3, ecM: 1 },
    { dataBytes: 64, compressEngines: 2, compressPieceBytes: 1024, decompressEngines: 2, erasureCoding: 'both', memoryKinds: 'ultrascale' },
  ])('queue %o', async (variant) => {
    const r = await lintDesign(queueGenerator.emit(queueGenerator.validate(variant)));
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });
  it.each([
    {}, { mode: 'reconstruct' }, { mode: 'encode', k: 1, m: 1, dataBytes: 64, maxBytes: 64 }, { mode: 'reconstruct', k: 1, m: 1, dataBytes: 64, maxBytes: 100 },
    { mode: 'reconstruct', k: 32, m: 8, dataBytes: 8, maxBytes: 5000 }, { mode: 'encode', k: 3, m: 2, dataBytes: 8, maxBytes: 1000 },
    { mode: 'encode', k: 16, m: 4, dataBytes: 64, maxBytes: 1 << 20 }, { mode: 'reconstruct', k: 4, m: 4, dataBytes: 32, maxBytes: 1024 },
    { mode: 'encode', k: 8, m: 2, dataBytes: 64, maxBytes: 65809, buffers: 2 }, { mode: 'reconstruct', k: 4, m: 2, dataBytes: 16, maxBytes: 4096, buffers: 2 },
    { mode: 'encode', k: 8, m: 2, dataBytes: 64, maxBytes: 65809, buffers: 2, bufferMemory: 'uram' },
  ])('ec-stripe %o', async (variant) => {
    const r = await lintDesign(ecStripeGenerator.emit(ecStripeGenerator.validate(variant)));
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });
  it('hw/lib/dpf_byte4_ram.v, both storage kinds', () => {
    for (const regs of ['0', '1']) {
      expect(() => execFileSync('verilator', ['--lint-only', '-Wall', `-GUSE_REGISTERS=${regs}`, path.join(projectRoot(), 'hw/lib/dpf_byte4_ram.v')], { stdio: 'pipe' })).not.toThrow();
    }
  });
  it.each([
    { bytesPerCycle: 1, windowBytes: 2, maxOutputBytes: 256 }, { bytesPerCycle: 1 }, { bytesPerCycle: 2, historyMemory: 'registers', windowBytes: 4096 },
    { bytesPerCycle: 4, maxOutputBytes: 1000, windowBytes: 256 }, { bytesPerCycle: 8 }, { bytesPerCycle: 8, maxOutputBytes: 65536 },
    { bytesPerCycle: 16, historyMemory: 'registers' }, { bytesPerCycle: 32 },
  ])('inflate %o', async (variant) => {
    const r = await lintDesign(inflateGenerator.emit(inflateGenerator.validate(variant)));
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });
  it.each([
    {}, { lanes: 1, hashBits: 10, hashBanks: 1, windowBytes: 4096, backwardBytes: 0 }, { lanes: 8, hashBits: 12, hashBanks: 8, windowBytes: 1024, backwardBytes: 2 },
    { lanes: 4, hashBits: 8, hashBanks: 4, windowBytes: 256 }, { lanes: 8, hashBits: 12, hashBanks: 8, windowBytes: 64, historyMemory: 'registers' },
  ])('deflate %o', async (variant) => {
    const r = await lintDesign(deflateGenerator.emit(deflateGenerator.validate(variant)));
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });
  it('default configurations', async () => {
    for (const d of defaultDesigns()) expect((await lintDesign(d)).output, d.top).toBe('');
  });
  it.each(['dpf_simple_ram.v', 'dpf_uart_rx.v', 'dpf_uart_tx.v'])('hw/lib/%s', (file) => {
    expect(() => execFileSync('verilator', ['--lint-only', '-Wall', path.join(projectRoot(), 'hw/lib', file)], { stdio: 'pipe' })).not.toThrow();
  });
  it.each([
    ['dpf_lane_ram.v', []], ['dpf_lane_ram.v', ['-GWRITE_BITS=6']], ['dpf_lane_ram.v', ['-GREAD_BITS=2', '-GWRITE_BITS=7', '-GROW_BITS=1', '-GUSE_REGISTERS=1']],
    ['dpf_lane_ram.v', ['-GREAD_BITS=4', '-GWRITE_BITS=4', '-GROW_BITS=2']],
    ['dpf_stream_fifo.v', []], ['dpf_stream_fifo.v', ['-GWIDTH=531', '-GDEPTH_BITS=10']], ['dpf_stream_fifo.v', ['-GDEPTH_BITS=1', '-GUSE_REGISTERS=1']],
    ['dpf_byte_packer.v', []], ['dpf_byte_packer.v', ['-GDATA_BYTES=2', '-GUSER_BITS=3']], ['dpf_byte_packer.v', ['-GDATA_BYTES=128']],
  ])('hw/lib/%s %o', (file, params) => {
    expect(() => execFileSync('verilator', ['--lint-only', '-Wall', ...(params as string[]), path.join(projectRoot(), 'hw/lib', file as string)], { stdio: 'pipe' })).not.toThrow();
  });
  it('hw/lib/dpf_uart_rx.v and tx at 4 clocks per bit (the smallest)', () => {
    for (const f of ['dpf_uart_rx.v', 'dpf_uart_tx.v']) expect(() => execFileSync('verilator', ['--lint-only', '-Wall', '-GCLKS_PER_BIT=4', path.join(projectRoot(), 'hw/lib', f)], { stdio: 'pipe' })).not.toThrow();
  });
  it('hw/lib/dpf_skid_buffer.v', () => {
    expect(() => execFileSync('verilator', ['--lint-only', '-Wall', path.join(projectRoot(), 'hw/lib/dpf_skid_buffer.v')], { stdio: 'pipe' })).not.toThrow();
  });
  it.each(defaultDesigns().map((d) => d.top))('hw/generated/%s.f lints from the project root', (top) => {
    const r = execFileSync('verilator', ['--lint-only', '-Wall', '-f', `${GENERATED_DIR}/${top}.f`], { cwd: projectRoot(), stdio: 'pipe', encoding: 'utf8' });
    expect(r).toBe('');
  });
});
