// The simulated AES-XTS engine against Node's OpenSSL (aes-128-xts / aes-256-xts, one data unit at a time) and
// the TS reference (src/ref/xts.ts): random keys in several slots, data-unit sizes 512 B and 4 KiB (and other
// beat multiples), random 64-bit data-unit numbers, requests of 0 B to the largest data unit, back to back with
// random gaps and backpressure, over encrypt/decrypt, both key sizes, 1/2/4 lanes, unrolled and iterative
// rounds; decrypt restores the plaintext; the IEEE 1619 vectors on the engine; every status, host-side errors;
// keys never in a VCD; a beat per cycle with no bubble between data units.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatedXts, XtsRequestError, type XtsRequest } from '../../src/engines/xts.js';
import { expandKey } from '../../src/ref/aes.js';
import { opensslXts } from '../../src/oracle/openssl.js';
import { xtsDecrypt, xtsEncrypt } from '../../src/ref/xts.js';
import { Rng } from '../../src/util/rng.js';
import { XTS_VECTORS } from '../ref/ieee1619-xts-vectors.js';

type Mode = 'encrypt' | 'decrypt';
interface Config { mode: Mode; keyBits: 128 | 256; lanes: number; rounds: 'unrolled' | 'iterative'; keySlots: number }
const CONFIGS: Config[] = [
  { mode: 'encrypt', keyBits: 256, lanes: 4, rounds: 'unrolled', keySlots: 4 }, // the default
  { mode: 'decrypt', keyBits: 256, lanes: 4, rounds: 'unrolled', keySlots: 4 },
  { mode: 'encrypt', keyBits: 128, lanes: 2, rounds: 'unrolled', keySlots: 3 },
  { mode: 'decrypt', keyBits: 128, lanes: 1, rounds: 'unrolled', keySlots: 1 },
  { mode: 'encrypt', keyBits: 128, lanes: 1, rounds: 'iterative', keySlots: 2 },
  { mode: 'decrypt', keyBits: 256, lanes: 2, rounds: 'iterative', keySlots: 5 },
  // 128-byte beats (the 128-byte datapath), iterative rounds to keep the model small to build
  { mode: 'encrypt', keyBits: 256, lanes: 8, rounds: 'iterative', keySlots: 2 },
];
const DRIVES = [{}, { gap: 0.3, seed: 5 }, { backpressure: 0.5, seed: 6 }, { gap: 0.2, backpressure: 0.4, seed: 7 }];

const engines = new Map<string, SimulatedXts>();
afterAll(() => engines.forEach((e) => e.close()));
async function engine(c: Config): Promise<SimulatedXts> {
  const id = JSON.stringify(c);
  if (!engines.has(id)) engines.set(id, await SimulatedXts.create({ ...c }));
  return engines.get(id)!;
}
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

/** Key1 || Key2 with distinct halves. */
function xtsKey(rng: Rng, bytes: number): Uint8Array {
  for (;;) {
    const k = rng.bytes(bytes);
    if (hex(k.subarray(0, bytes / 2)) !== hex(k.subarray(bytes / 2))) return k;
  }
}

/** A request through Node's OpenSSL, data unit by data unit (each unit a separate cipher with its tweak). */
const openssl = opensslXts;
const reference = (mode: Mode) => (mode === 'encrypt' ? xtsEncrypt : xtsDecrypt);

describe.each(CONFIGS)('XTS engine %o', (c) => {
  const W = 16 * c.lanes;
  const KB = c.keyBits / 4;

  it('equals OpenSSL and the reference for random keys, slots, data units and sizes, back to back with gaps and backpressure', async () => {
    const e = await engine(c);
    const rng = new Rng(c.keyBits + 7 * c.lanes + (c.mode === 'encrypt' ? 0 : 1000) + (c.rounds === 'unrolled' ? 0 : 99));
    const keys = Array.from({ length: c.keySlots }, () => xtsKey(rng, KB));
    expect(e.loadKeys(keys.map((key, slot) => ({ slot, key }))).statuses).toEqual(keys.map(() => 0));
    const units = [512, 4096, W, 3 * W, 0xffff * 16 - ((0xffff * 16) % W)];
    const iterative = c.rounds === 'iterative';
    const requests: XtsRequest[] = [];
    for (let i = 0; i < (iterative ? 14 : 40); i++) {
      const unit = units[i % (units.length - 1)];
      const blocks = [0, 1, 2, c.lanes + 1, rng.int(1, 64), unit / 16, unit / 16 + 1, rng.int(1, (iterative ? 1 : 3) * unit / 16)][i % 8];
      const first = i % 5 === 4 ? (1n << 64n) - BigInt(Math.ceil((16 * blocks) / unit) || 1) : BigInt(rng.int(0, 2 ** 31)) * BigInt(rng.int(0, 2 ** 31));
      requests.push({ slot: rng.int(0, c.keySlots - 1), dataUnitBytes: unit, firstDataUnit: first, data: rng.bytes(16 * blocks) });
    }
    // the largest data unit whole (unrolled engines: a megabyte)
    if (!iterative) requests.push({ slot: 0, dataUnitBytes: units[4], firstDataUnit: 77n, data: rng.bytes(units[4]) });
    for (const [d, drive] of DRIVES.entries()) {
      const batch = d === 0 ? requests : requests.filter((_, j) => j % DRIVES.length === d);
      const run = e.run(batch, drive);
      expect(run.results.length).toBe(batch.length);
      batch.forEach((q, j) => {
        const what = `request ${j}: ${q.data.length} B in ${q.dataUnitBytes}-byte units from ${q.firstDataUnit}, slot ${q.slot}`;
        expect(run.results[j].status, what).toBe(0);
        const got = hex(run.results[j].output);
        if (q.data.length > 0) expect(got, what).toBe(hex(openssl(c.mode, keys[q.slot], q.firstDataUnit, q.dataUnitBytes, q.data)));
        expect(got, what).toBe(hex(reference(c.mode)(keys[q.slot], q.firstDataUnit, q.dataUnitBytes, q.data)));
      });
    }
  });

  it('passes the IEEE 1619 vectors of its key size (those without ciphertext stealing)', async () => {
    const e = await engine(c);
    const vectors = XTS_VECTORS.filter((v) => v.key1.length * 4 === c.keyBits && (v.ptx.replace(/\s+/g, '').length / 2) % 16 === 0);
    expect(vectors.length).toBeGreaterThanOrEqual(2);
    for (const v of vectors) {
      expect(e.loadKeys([{ slot: 0, key: unhex(v.key1 + v.key2) }]).statuses).toEqual([0]);
      const [input, output] = c.mode === 'encrypt' ? [v.ptx, v.ctx] : [v.ctx, v.ptx];
      const r = e.run([{ slot: 0, dataUnitBytes: 512, firstDataUnit: v.unit, data: unhex(input) }]);
      expect(r.results[0].status, v.name).toBe(0);
      expect(hex(r.results[0].output), v.name).toBe(hex(unhex(output)));
    }
  });

  it('answers every status: no key, slot out of range, bad data-unit size, length not a multiple of 16, key halves equal, a cleared slot', async () => {
    const e = await engine(c);
    const rng = new Rng(3);
    const key = xtsKey(rng, KB);
    const same = new Uint8Array(KB).fill(0x5a);
    // a slot that was never loaded, a load with equal halves (refused), an out-of-range slot
    expect(e.loadKeys([{ slot: 0, clear: true }]).statuses).toEqual([0]);
    expect(e.loadKeys([{ slot: 0, key: same }, { slot: c.keySlots, key }]).statuses).toEqual([2, 1]);
    const data = rng.bytes(4 * W);
    const q = (over: Partial<XtsRequest>): XtsRequest => ({ slot: 0, dataUnitBytes: 512, firstDataUnit: 5n, data, ...over });
    let r = e.run([q({}), q({ slot: c.keySlots })]);
    expect(r.results.map((x) => x.status)).toEqual([2, 1]);
    expect(r.results.map((x) => x.output.length)).toEqual([0, 0]);
    expect(e.loadKeys([{ slot: 0, key }]).statuses).toEqual([0]);
    // equal halves leave the slot's key as it was
    expect(e.loadKeys([{ slot: 0, key: same }]).statuses).toEqual([2]);
    const good = reference(c.mode)(key, 5n, 512, data);
    const badUnits = [{ dataUnitBytes: 0 }, ...(c.lanes > 1 ? [{ dataUnitBytes: 16 * (c.lanes + 1) }] : [])];
    r = e.run([q({}), ...badUnits.map((b) => q(b)), q({ data: data.subarray(0, 33) }), q({ data: data.subarray(0, 1) }), q({ data: new Uint8Array(0) }), q({})]);
    expect(r.results.map((x) => x.status)).toEqual([0, ...badUnits.map(() => 3), 4, 4, 0, 0]);
    expect(hex(r.results[0].output)).toBe(hex(good));
    expect(hex(r.results[r.results.length - 1].output)).toBe(hex(good));
    expect(r.results[1].output.length).toBe(0);
    expect(r.results[r.results.length - 2].output.length).toBe(0);
    // a cleared slot has no key
    expect(e.loadKeys([{ slot: 0, clear: true }]).statuses).toEqual([0]);
    expect(e.run([q({})]).results[0].status).toBe(2);
  });
});

describe('XTS engine, default configuration', () => {
  const c = CONFIGS[0];

  it('decrypt restores the plaintext the encrypt engine wrote', async () => {
    const enc = await engine(c);
    const dec = await engine(CONFIGS[1]);
    const rng = new Rng(11);
    const key = xtsKey(rng, 64);
    for (const e of [enc, dec]) expect(e.loadKeys([{ slot: 2, key }]).statuses).toEqual([0]);
    const requests = Array.from({ length: 12 }, (_, i) => ({ slot: 2, dataUnitBytes: i % 2 ? 4096 : 512, firstDataUnit: BigInt(rng.int(0, 1e9)), data: rng.bytes(16 * rng.int(1, 700)) }));
    const cipher = enc.run(requests, { gap: 0.1, backpressure: 0.2, seed: 3 });
    const plain = dec.run(requests.map((q, i) => ({ ...q, data: cipher.results[i].output })), { backpressure: 0.3, seed: 4 });
    requests.forEach((q, i) => expect(hex(plain.results[i].output)).toBe(hex(q.data)));
  });

  it('takes a beat per cycle with no bubble between data units or requests (cycles are exact)', async () => {
    const e = await engine(c);
    const rng = new Rng(12);
    expect(e.loadKeys([{ slot: 1, key: xtsKey(rng, 64) }]).statuses).toEqual([0]);
    // 16 requests of 8 data units of 512 B: 1,024 beats of 64 B
    const requests = Array.from({ length: 16 }, (_, i) => ({ slot: 1, dataUnitBytes: 512, firstDataUnit: BigInt(i * 8), data: rng.bytes(4096) }));
    const r = e.run(requests);
    const beats = (16 * 4096) / 64;
    expect(r.cycles).toBeGreaterThanOrEqual(beats);
    expect(r.cycles).toBeLessThanOrEqual(beats + e.design.latencyCycles + 4);
  });

  it.each([CONFIGS[0], CONFIGS[4]])('keeps keys out of a VCD: no key port, round-key memory, AES state or tweak; no round-key bytes in any value (%o)', async (c) => {
    const e = await SimulatedXts.create({ ...c }, { trace: true });
    const KB = c.keyBits / 4;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dpf-xts-vcd-'));
    try {
      const file = path.join(dir, 'xts.vcd');
      e.model.traceTo(file);
      const key = xtsKey(new Rng(13), KB);
      expect(e.loadKeys([{ slot: 0, key }]).statuses).toEqual([0]);
      expect(e.run([{ slot: 0, dataUnitBytes: 512, firstDataUnit: 1n, data: new Uint8Array(1024) }]).results[0].status).toBe(0);
      e.model.traceStop();
      const vcd = readFileSync(file, 'utf8');
      const vars = [...vcd.matchAll(/\$var\s+\S+\s+\d+\s+\S+\s+(\S+)/g)].map((m) => m[1]);
      expect(vars).toContain('s_axis_tdata'); // the trace has the data path
      expect(vars).toContain('kx_round_reg'); // the key load's control is traced, its data is not
      expect(vars.filter((v) => /^k_axis|rk[12]?(_|$)|^kx[12]_/.test(v))).toEqual([]);
      // nor the AES states and tweaks, from which a known plaintext would give the keys away
      expect(vars.filter((v) => /state_reg$|tweak/.test(v) && !/^ks_state_reg$/.test(v))).toEqual([]);
      // no 32-bit piece of any round key of Key1 or Key2 appears in any traced value
      const values = vcd.split('\n').filter((l) => l.startsWith('b')).map((l) => l.slice(1).split(' ')[0]);
      const roundKeys = [...expandKey(key.subarray(0, KB / 2)), ...expandKey(key.subarray(KB / 2))];
      roundKeys.forEach((rk, r) => {
        for (let i = 0; i < 16; i += 4) {
          const word = rk.subarray(i, i + 4).reduce((acc, b, j) => acc + BigInt(b) * (1n << BigInt(8 * j)), 0n).toString(2).padStart(32, '0');
          expect(values.some((v) => v.includes(word)), `round key ${r} bytes ${i}..${i + 3}`).toBe(false);
        }
      });
    } finally {
      e.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses on the host what the ports cannot carry: a key of the wrong length, a data-unit number past 64 bits', async () => {
    const e = await engine(c);
    expect(() => e.loadKeys([{ slot: 0, key: new Uint8Array(32) }])).toThrow(XtsRequestError);
    expect(() => e.loadKeys([{ slot: 0, key: new Uint8Array(32) }])).toThrow(/the key is 32 bytes; XTS-AES-256 takes 64/);
    expect(() => e.run([{ slot: 0, dataUnitBytes: 512, firstDataUnit: (1n << 64n) - 1n, data: new Uint8Array(1024) }])).toThrow(/do not fit the engine's 64-bit data-unit numbers/);
    expect(() => e.run([{ slot: 0, dataUnitBytes: 100, firstDataUnit: 0n, data: new Uint8Array(16) }])).toThrow(/data-unit size 100 is not a multiple of 16/);
  });
});
