// The simulated CRC engine against the TS reference and ISA-L: check values, a property test over widths ×
// lengths (0, 1, W-1, W, W+1, several KiB, random) with random input gaps and output backpressure, exact
// full-rate cycle counts, and the tkeep error flag.
import { afterAll, describe, expect, it } from 'vitest';
import { CrcMismatchError, SimulatedCrcEngine } from '../../src/engines/crc.js';
import { isalCrc, isalHasCrc } from '../../src/oracle/isal.js';
import { catalogueModel, CrcKernel } from '../../src/ref/crc.js';
import { Rng } from '../../src/util/rng.js';
import { packetsToBeats, readLE } from '../../sim/stream.js';
import { readVcd, findSignal } from '../../sim/vcd.js';
import { existsSync } from 'node:fs';
import { CRC_VARIANTS } from './crc-variants.js';

function lengthsFor(W: number, rng: Rng): number[] {
  const fixed = [0, 1, W - 1, W, W + 1, 2 * W - 1, 2 * W + 1, 3 * W, 4096 + (W >> 1), 9000];
  const random = Array.from({ length: 24 }, () => rng.int(0, 3 * W + 2));
  return [...new Set(fixed.filter((n) => n >= 0)), ...random];
}

const engines: SimulatedCrcEngine[] = [];
afterAll(() => engines.forEach((e) => e.close()));

describe.each(CRC_VARIANTS)('CRC engine %o', (variant) => {
  let engine: SimulatedCrcEngine;
  const get = async () => {
    if (!engine) {
      engine = await SimulatedCrcEngine.create(variant);
      engines.push(engine);
    }
    return engine;
  };

  it('matches the TS reference and ISA-L over lengths, gaps and backpressure', async () => {
    const e = await get();
    const W = variant.bytesPerCycle;
    const seed = 1000 + W;
    const rng = new Rng(seed);
    const messages = lengthsFor(W, rng).map((n) => rng.bytes(n));
    const kernel = new CrcKernel(e.params.model);
    const refs = [{ name: 'TS reference', values: messages.map((m) => kernel.crc(m)) }];
    if (isalHasCrc(variant.model)) {
      refs.push({ name: 'ISA-L', values: await Promise.all(messages.map((m) => isalCrc(variant.model, m))) });
    }
    for (const [gap, backpressure] of [[0, 0], [0.3, 0], [0, 0.5], [0.25, 0.25]]) {
      const run = await e.verify(messages, refs, { gap, backpressure, seed: seed + 7 * gap + 13 * backpressure });
      expect(run.crcs).toHaveLength(messages.length);
    }
  });

  it('sustains one beat per cycle: cycles = beats + latency at full rate', async () => {
    const e = await get();
    const W = variant.bytesPerCycle;
    const rng = new Rng(5);
    // back-to-back packets of mixed lengths, no gaps, no backpressure
    const messages = Array.from({ length: 40 }, () => rng.bytes(rng.int(0, 5 * W)));
    const beats = packetsToBeats(messages, W).count;
    const run = e.run(messages);
    expect(run.cycles).toBe(beats + e.design.latencyCycles);
  });

  if (variant.model !== 'custom') {
    it('gives the catalogue check value for "123456789"', async () => {
      const e = await get();
      const run = e.run([new TextEncoder().encode('123456789')]);
      expect(run.crcs[0]).toBe(catalogueModel(variant.model)!.check);
    });
  }
});

describe('CRC engine edge cases', () => {
  it('handles a 1 MiB message and an empty stream', async () => {
    const e = await SimulatedCrcEngine.create({ bytesPerCycle: 64, model: 'crc32c' });
    engines.push(e);
    const big = new Rng(3).bytes(1 << 20);
    const run = await e.verify([big], [{ name: 'ISA-L', values: [await isalCrc('crc32c', big)] }], { gap: 0.1, backpressure: 0.1, seed: 4 });
    expect(run.bytes).toBe(1 << 20);
    expect(e.run([]).crcs).toEqual([]);
  });

  it('flags packets that break the tkeep rule and recovers on the next packet', async () => {
    const W = 8;
    const e = await SimulatedCrcEngine.create({ bytesPerCycle: W, model: 'crc32c' });
    engines.push(e);
    const kernel = new CrcKernel(e.params.model);
    const good = new Rng(8).bytes(20);
    // packet A: a short beat that is not last; packet B: last beat with a hole in tkeep; packet C: legal.
    const beats = packetsToBeats([good], W);
    const data = new Uint8Array((3 + beats.count) * W);
    const keep = Uint8Array.from([0x0f, 0xff, 0x0b, ...beats.keep!]);
    const last = Uint8Array.from([0, 1, 1, ...beats.last!]);
    data.set(beats.data, 3 * W);
    const r = e.model.run({ s_axis: { beats: { count: 3 + beats.count, data, keep, last } } }, { m_axis: { expectLast: 3 } });
    const out = r.outputs.m_axis;
    expect(Array.from(out.user)).toEqual([1, 1, 0]);
    expect(readLE(out.data, 8, 4)).toBe(kernel.crc(good));
  });

  it('names a VCD of the failing run when a check fails', async () => {
    const e = await SimulatedCrcEngine.create({ bytesPerCycle: 4, model: 'crc32c' });
    engines.push(e);
    const msgs = [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5, 6, 7, 8])];
    const kernel = new CrcKernel(e.params.model);
    const wrong = msgs.map((m) => kernel.crc(m));
    wrong[1] ^= 1n; // a deliberately wrong reference
    const err = await e.verify(msgs, [{ name: 'corrupted reference', values: wrong }]).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(CrcMismatchError);
    const { message, vcd } = err as CrcMismatchError;
    expect(message).toMatch(/message 1 \(5 bytes\): hardware 0x[0-9a-f]{8}, corrupted reference 0x[0-9a-f]{8}/);
    expect(message).toContain(`VCD of the failing run: ${vcd}`);
    expect(existsSync(vcd)).toBe(true);
    const dump = await readVcd(vcd);
    // the replayed run produced both results: two m_axis handshakes in the trace
    const valid = findSignal(dump, 'm_axis_tvalid')!;
    expect(valid.changes.some(([, v]) => v === '1')).toBe(true);
  });
});

describe('stuck designs', () => {
  it('a consumer that never takes results ends with a clear stall error', async () => {
    const e = await SimulatedCrcEngine.create({ bytesPerCycle: 4, model: 'crc32c' });
    engines.push(e);
    const msgs = Array.from({ length: 10 }, (_, i) => new Uint8Array(i + 1));
    expect(() => e.run(msgs, { backpressure: 1, stallLimit: 200 })).toThrow(
      /crc_engine_w4_crc32c is stuck: no stream transfer for 200 cycles .*s_axis: \d+ of \d+ beats accepted, waiting on s_axis_tready \(low at the end\); m_axis: 0 of 10 packets \(tlast\) received, waiting on m_axis_tvalid \(high at the end\)/,
    );
  });

  it('reuses one model after a stall once reset', async () => {
    const e = await SimulatedCrcEngine.create({ bytesPerCycle: 4, model: 'crc32c' });
    engines.push(e);
    expect(() => e.run([new Uint8Array(64)], { backpressure: 1, stallLimit: 50 })).toThrow(/stuck/);
    e.model.reset();
    const m = new Uint8Array([9, 8, 7]);
    expect(e.run([m]).crcs[0]).toBe(new CrcKernel(e.params.model).crc(m));
  });
});
