// Knobs that leave a module's structure alone are Verilog parameters, declared as verilog-axis declares them: each
// generated top lists them (`module name #(...)`) with a comment saying what they control and their legal values,
// the default is the value the generator was asked for, the RTL is the same text whatever that value (only the
// default differs: no baked-in copy of the number), and it lints clean with `-G<NAME>=` at the smallest and the
// largest legal value. The LZ4 decompressor's output bound and the EC stripe stage's payload limit, set by an
// instance (to the smallest or largest legal value, or one between), are shown changing what the engine accepts in
// simulation, exactly as the reference with that limit.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GeneratedDesign } from '../../gen/core/design.js';
import type { Generator } from '../../gen/core/generator.js';
import { type ModuleParameter } from '../../gen/core/verilog.js';
import { withParameters } from '../../gen/core/with-parameters.js';
import { inflateGenerator, inflateModuleParameters } from '../../gen/deflate/inflate.js';
import { dmaGenerator, dmaModuleParameters } from '../../gen/dma/dma.js';
import { ecStripeGenerator, ecStripeModuleParameters } from '../../gen/ec/stripe.js';
import { lz4DecompressGenerator, lz4dModuleParameters } from '../../gen/lz4/decompress.js';
import { SimulatedEcStripe } from '../../src/engines/ec-stripe.js';
import { SimulatedLz4Decompressor } from '../../src/engines/lz4.js';
import { reconstructInput, stripeEncode, stripeEncodeStage, stripeReconstructStage } from '../../src/ref/ec-stripe.js';
import { lz4DecodeBlock, lz4EncodeSequences } from '../../src/ref/lz4.js';
import { projectRoot } from '../../src/util/paths.js';
import { Rng } from '../../src/util/rng.js';

interface Case<P> {
  name: string;
  generator: Generator<P>;
  parameters: (p: P) => ModuleParameter[];
  /** Configurations to lint at every parameter's limits. */
  variants: Record<string, unknown>[];
  /** Two configurations that differ only in parameter knobs (the same structure): the same RTL but the defaults. */
  same: [Record<string, unknown>, Record<string, unknown>];
}

const CASES: Case<any>[] = [
  {
    name: 'lz4-decompress', generator: lz4DecompressGenerator, parameters: lz4dModuleParameters,
    variants: [{}, { bytesPerCycle: 1, windowBytes: 2, maxOutputBytes: 256 }, { bytesPerCycle: 4, windowBytes: 65536, maxOutputBytes: 1000 },
      { bytesPerCycle: 16, maxOutputBytes: 65536 }, { bytesPerCycle: 32, windowBytes: 4096 }],
    same: [{ bytesPerCycle: 8 }, { bytesPerCycle: 8, maxOutputBytes: 65536 }],
  },
  {
    name: 'inflate', generator: inflateGenerator, parameters: inflateModuleParameters,
    variants: [{}, { bytesPerCycle: 1, windowBytes: 2, maxOutputBytes: 256 }, { bytesPerCycle: 4, windowBytes: 32768, maxOutputBytes: 1000 },
      { bytesPerCycle: 32 }],
    same: [{}, { maxOutputBytes: 65536 }],
  },
  {
    name: 'ec-stripe', generator: ecStripeGenerator, parameters: ecStripeModuleParameters,
    variants: [{}, { mode: 'reconstruct' }, { mode: 'encode', k: 1, m: 1, dataBytes: 64, maxBytes: 64 },
      { mode: 'reconstruct', k: 32, m: 8, dataBytes: 8, maxBytes: 5000 }],
    // 65809 and 65600 bytes need the same fragment length (129 units of 64 bytes), so the same buffers
    same: [{ mode: 'reconstruct' }, { mode: 'reconstruct', maxBytes: 65600 }],
  },
  {
    name: 'dma', generator: dmaGenerator, parameters: dmaModuleParameters,
    variants: [{}, { dataBytes: 4, maxBurstBeats: 1, maxReadBursts: 1, maxWriteBursts: 1 },
      { dataBytes: 64, maxBurstBeats: 256, maxReadBursts: 64, maxWriteBursts: 64, commandsInFlight: 64 }],
    same: [{}, { maxBurstBeats: 256, maxReadBursts: 1, maxWriteBursts: 64 }],
  },
];

function emit<P>(c: Case<P>, raw: Record<string, unknown>): { design: GeneratedDesign; params: ModuleParameter[] } {
  const p = c.generator.validate(raw);
  return { design: c.generator.emit(p), params: c.parameters(p) };
}

function topText(d: GeneratedDesign): string {
  return d.files.find((f) => f.name === `${d.top}.v`)!.content;
}

/** `verilator --lint-only -Wall` on the design with its top's parameters set (-G); its messages ('' when clean). */
function lintWith(d: GeneratedDesign, settings: Readonly<Record<string, number>>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dpuforge-params-'));
  try {
    const files = d.files.map((f) => {
      writeFileSync(path.join(dir, f.name), f.content);
      return path.join(dir, f.name);
    });
    const lib = d.libFiles.map((f) => path.join(projectRoot(), f));
    const g = Object.entries(settings).map(([name, value]) => `-G${name}=${value}`);
    try {
      return execFileSync('verilator', ['--lint-only', '-Wall', ...g, '--top-module', d.top, ...files, ...lib], { stdio: 'pipe', encoding: 'utf8' });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string };
      return `${err.stdout ?? ''}${err.stderr ?? ''}` || err.message;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The code of a top file with comments, the module's name and the parameters' defaults taken out. */
function codeWithoutDefaults(d: GeneratedDesign, params: readonly ModuleParameter[]): string {
  let text = topText(d).split(d.top).join('TOP');
  for (const q of params) text = text.replace(new RegExp(`^(\\s*parameter ${q.name} = )\\d+`, 'm'), '$1DEFAULT');
  return text.split('\n').map((l) => l.replace(/\/\/.*$/, '').trimEnd()).filter((l) => l).join('\n');
}

describe.each(CASES)('$name: Verilog parameters', (c) => {
  it.each(c.variants)('%o: each is declared with its comment and legal range, defaulting to the generator\'s value', (raw) => {
    const { design, params } = emit(c, raw);
    const lines = topText(design).split('\n');
    const moduleLine = lines.findIndex((l) => l.startsWith(`module ${design.top} `));
    expect(lines[moduleLine]).toBe(`module ${design.top} #`);
    expect(lines[moduleLine + 1]).toBe('(');
    for (const [i, q] of params.entries()) {
      expect(q.min).toBeLessThanOrEqual(q.value);
      expect(q.value).toBeLessThanOrEqual(q.max);
      const at = lines.findIndex((l) => l === `    parameter ${q.name} = ${q.value}${i < params.length - 1 ? ',' : ''}`);
      expect(at, `${q.name} declared`).toBeGreaterThan(moduleLine);
      // its comment: the lines above it (refilled when long)
      let top = at;
      while (lines[top - 1].startsWith('    // ')) top--;
      const comment = lines.slice(top, at).map((l) => l.slice('    // '.length)).join(' ');
      expect(comment).toBe(`${q.doc}; ${q.min}..${q.max}`);
      // used beyond its declaration and its range check
      const code = lines.map((l) => l.replace(/\/\/.*$/, '').trim());
      const uses = code.filter((l) => new RegExp(`\\b${q.name}\\b`).test(l) && !/^(parameter|if \(|\$display)/.test(l));
      expect(uses.length, `${q.name} used by the logic`).toBeGreaterThan(0);
    }
  });

  it('gives the same RTL for every value of its parameter knobs: only the defaults differ', () => {
    const a = emit(c, c.same[0]);
    const b = emit(c, c.same[1]);
    expect(a.params.map((q) => q.value)).not.toEqual(b.params.map((q) => q.value));
    const ranges = (ps: ModuleParameter[]) => ps.map((q) => [q.name, q.min, q.max, q.doc]);
    expect(ranges(a.params)).toEqual(ranges(b.params));
    expect(codeWithoutDefaults(b.design, b.params)).toBe(codeWithoutDefaults(a.design, a.params));
  });

  it.each(c.variants)('%o: lints clean with -G at each parameter\'s smallest and largest legal value', (raw) => {
    const { design, params } = emit(c, raw);
    for (const q of params) {
      for (const v of [q.min, q.max]) expect(lintWith(design, { [q.name]: v }), `-G${q.name}=${v}`).toBe('');
    }
    if (params.length > 1) {
      for (const pick of ['min', 'max'] as const) {
        expect(lintWith(design, Object.fromEntries(params.map((q) => [q.name, q[pick]]))), `all at ${pick}`).toBe('');
      }
    }
  });
});

describe('legal ranges', () => {
  it('lz4-decompress and inflate: up to the schema\'s 64 MiB, or the stored history when it is smaller than the window', () => {
    expect(lz4dModuleParameters(lz4DecompressGenerator.validate({})).map((q) => [q.name, q.min, q.max])).toEqual([['MAX_OUTPUT_BYTES', 256, 1 << 26]]);
    // a 1000-byte bound stores 1024 bytes of a 64 KiB window: a block may not grow past them
    expect(lz4dModuleParameters(lz4DecompressGenerator.validate({ bytesPerCycle: 4, windowBytes: 65536, maxOutputBytes: 1000 }))[0].max).toBe(1024);
    expect(inflateModuleParameters(inflateGenerator.validate({})).map((q) => [q.name, q.min, q.max])).toEqual([['MAX_OUTPUT_BYTES', 256, 1 << 26]]);
    expect(inflateModuleParameters(inflateGenerator.validate({ bytesPerCycle: 4, maxOutputBytes: 1000 }))[0].max).toBe(1024);
  });
  it('ec-stripe: up to what the stripe buffer holds (k fragments of the generator\'s fragment length)', () => {
    expect(ecStripeModuleParameters(ecStripeGenerator.validate({})).map((q) => [q.name, q.min, q.max])).toEqual([['MAX_BYTES', 1, 8 * 8256]]);
  });
  it('dma: the schema\'s ranges', () => {
    expect(dmaModuleParameters(dmaGenerator.validate({})).map((q) => [q.name, q.value, q.min, q.max])).toEqual([
      ['MAX_BURST_BEATS', 16, 1, 256], ['MAX_READ_BURSTS', 8, 1, 64], ['MAX_WRITE_BURSTS', 8, 1, 64],
    ]);
  });
});

describe('an instance setting lz4-decompress MAX_OUTPUT_BYTES', () => {
  const engines: SimulatedLz4Decompressor[] = [];
  afterAll(() => engines.forEach((e) => e.close()));

  it('smaller: refuses what goes past it (verdict 4) exactly as the reference with that bound, decodes what fits', async () => {
    const raw = { bytesPerCycle: 4, windowBytes: 4096 }; // generated with the default bound, 4 MiB
    const BOUND = 300;
    const e = await SimulatedLz4Decompressor.create(raw, { transform: withParameters({ MAX_OUTPUT_BYTES: BOUND }) });
    engines.push(e);
    const rng = new Rng(18);
    const lits = (n: number) => rng.bytes(n);
    const blocks = [
      lz4EncodeSequences([{ literals: lits(BOUND) }]), // literals only: exactly the bound
      lz4EncodeSequences([{ literals: lits(BOUND + 1) }]), // one literal too many
      lz4EncodeSequences([{ literals: lits(20), offset: 7, matchLength: BOUND - 25 }, { literals: lits(5) }]), // exactly
      lz4EncodeSequences([{ literals: lits(20), offset: 7, matchLength: BOUND - 24 }, { literals: lits(5) }]), // the tail over
      lz4EncodeSequences([{ literals: lits(BOUND - 10), offset: 100, matchLength: 11 }, { literals: lits(5) }]), // a short match over
      lz4EncodeSequences([{ literals: lits(3), offset: 1, matchLength: 5000 }, { literals: lits(5) }]), // a long match over
      lz4EncodeSequences([{ literals: lits(100), offset: 50, matchLength: 150 }, { literals: lits(7) }]), // fits
    ];
    const run = e.decompress(blocks, { gap: 0.2, backpressure: 0.2, seed: 4 });
    const atBound = blocks.map((b) => lz4DecodeBlock(b, { maxOutput: BOUND, window: raw.windowBytes }));
    const atDefault = blocks.map((b) => lz4DecodeBlock(b, { maxOutput: 4 << 20, window: raw.windowBytes }));
    expect(run.results.map((r) => r.error)).toEqual([0, 4, 0, 4, 4, 4, 0]);
    expect(atBound.map((r) => r.error)).toEqual([0, 4, 0, 4, 4, 4, 0]);
    expect(atDefault.map((r) => r.error)).toEqual([0, 0, 0, 0, 0, 0, 0]); // the generator's bound takes them all
    run.results.forEach((r, k) => {
      expect(r.output.length, `block ${k}`).toBeLessThanOrEqual(BOUND);
      if (r.error === 0) expect(Buffer.from(r.output).equals(Buffer.from(atBound[k].output)), `block ${k}`).toBe(true);
    });
  });

  it('at its largest legal value (64 MiB): decodes a block the generator\'s 4 MiB bound refuses', async () => {
    const raw = { bytesPerCycle: 8 };
    const e = await SimulatedLz4Decompressor.create(raw, { transform: withParameters({ MAX_OUTPUT_BYTES: 1 << 26 }) });
    engines.push(e);
    // 5 MiB from a 20 KiB block: one byte repeated, then five literals
    const block = lz4EncodeSequences([{ literals: Uint8Array.of(0x5a), offset: 1, matchLength: 5 << 20 }, { literals: Uint8Array.of(1, 2, 3, 4, 5) }]);
    expect(lz4DecodeBlock(block, { maxOutput: 4 << 20, window: 65536 }).error).toBe(4);
    const ref = lz4DecodeBlock(block, { maxOutput: 1 << 26, window: 65536 });
    expect(ref.error).toBe(0);
    const r = e.decompress([block]).results[0];
    expect(r.error).toBe(0);
    expect(Buffer.from(r.output).equals(Buffer.from(ref.output))).toBe(true);
  });
});

describe('an instance setting ec-stripe MAX_BYTES', () => {
  const c = { k: 3, m: 2, dataBytes: 8, maxBytes: 1000 }; // buffers for 3 fragments of 384 bytes: 1152 bytes
  const stages: SimulatedEcStripe[] = [];
  afterAll(() => stages.forEach((x) => x.close()));
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

  it.each([1, 1152])('encode at %i: codes payloads up to it and refuses longer ones, as the reference with that limit', async (max) => {
    const s = await SimulatedEcStripe.create({ mode: 'encode', ...c }, { transform: withParameters({ MAX_BYTES: max }) });
    stages.push(s);
    const rng = new Rng(max);
    const payloads = [0, 1, 2, 1000, 1001, 1152, 1153].map((n) => rng.bytes(n));
    const run = s.run(payloads, { gap: 0.2, backpressure: 0.2, seed: 9 });
    payloads.forEach((p, j) => {
      const want = stripeEncodeStage(p, c.k, c.m, max);
      expect(run.results[j].error, `${p.length} B`).toBe(p.length > max);
      expect(run.results[j].error, `${p.length} B`).toBe(want.error);
      expect(hex(run.results[j].output), `${p.length} B`).toBe(hex(want.output));
    });
    // the generator's limit would refuse 1001 and 1152 bytes, take 2
    expect([2, 1001, 1152].map((n) => stripeEncodeStage(new Uint8Array(n), c.k, c.m, c.maxBytes).error)).toEqual([false, true, true]);
  });

  it('reconstruct at 100: refuses a stripe whose fragments are longer than ceil(100 / 192) * 64 = 64 bytes', async () => {
    const s = await SimulatedEcStripe.create({ mode: 'reconstruct', ...c }, { transform: withParameters({ MAX_BYTES: 100 }) });
    stages.push(s);
    const rng = new Rng(100);
    const payloads = [100, 192, 193, 1000].map((n) => rng.bytes(n));
    const inputs = payloads.map((p) => reconstructInput(stripeEncode(p, c.k, c.m), p.length, c.k, c.m, [0, 3]));
    const run = s.run(inputs);
    expect(run.results.map((r) => r.error)).toEqual([false, false, true, true]);
    inputs.forEach((input, j) => {
      const want = stripeReconstructStage(input, c.k, c.m, 100);
      expect(run.results[j].error).toBe(want.error);
      expect(hex(run.results[j].output)).toBe(hex(want.output));
      expect(stripeReconstructStage(input, c.k, c.m, c.maxBytes).error, 'the generator\'s limit takes it').toBe(false);
    });
  });
});
