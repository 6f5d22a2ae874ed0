// The queue engine's AES-XTS stages (flag bit 2 encrypt, bit 3 decrypt), checked request by request against
// the software pipeline (src/ref/queue-pipeline.ts) and against OpenSSL: encrypted copies and compressed
// writes (padded to 16-byte blocks, per-request key slot, data-unit size and number), decrypted copies and
// decrypt-then-decompress reads of what the device wrote, erasure-coded stripes of ciphertext; bad contexts
// (status 12) and empty key slots (13, nothing written); the costly order (encrypt at the compressor's input);
// keys never in a VCD; host errors by name.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QueueRequestError, SimulatedQueueDevice, type Completion } from '../../src/driver/queue-driver.js';
import { padded16, pipelineStagesFor, runRequest, type QueueRequest } from '../../src/ref/queue-pipeline.js';
import { opensslXts } from '../../src/oracle/openssl.js';
import { designOf } from '../../gen/lz4/compress-params.js';
import { queueCompressorParams, validateQueueParams } from '../../gen/queue/params.js';
import { lz4DesignCompress } from '../../src/ref/lz4-compress.js';
import { stripeEncode } from '../../src/ref/ec-stripe.js';
import { lz4DecodeBlock } from '../../src/ref/lz4.js';
import { expandKey } from '../../src/ref/aes.js';
import { Rng } from '../../src/util/rng.js';

const MEM = 1 << 22;
const SRC = 1 << 20;   // plaintext and prepared ciphertext live in [1 MiB, 2 MiB)
const DST = 2 << 20;   // destinations in [2 MiB, 4 MiB)
const devices: SimulatedQueueDevice[] = [];
afterAll(() => devices.forEach((d) => d.close()));

/** An XTS key with different halves (Key1 != Key2). */
function xtsKey(rng: Rng, bytes: number): Uint8Array {
  const k = rng.bytes(bytes);
  k[bytes / 2] ^= k[0] === k[bytes / 2] ? 1 : 0;
  return k;
}

function setup(d: SimulatedQueueDevice, seed: number): Uint8Array {
  const mem = new Rng(seed).bytes(MEM);
  mem.fill(0, 0, SRC);
  // the upper half of the source area compresses (text with variations)
  const text = new TextEncoder().encode('an encrypted volume stores ciphertext; compression must come first. ');
  for (let i = SRC + SRC / 2; i < 2 * SRC; i++) mem[i] = (i * 7919) % 89 === 0 ? mem[i] : text[i % text.length];
  d.memory.write(0, mem);
  for (let q = 0; q < d.params.queues; q++) d.setupQueue(q, 8, 0x1000 + q * 0x4000, 0x80000 + q * 0x1000);
  return mem;
}

interface Sent { queue: number; r: QueueRequest; want: ReturnType<typeof runRequest> }

/** Completions against the pipeline's outcomes, and memory: exactly the pipeline's writes. */
function check(sent: Map<string, Sent>, done: Completion[], before: Uint8Array, after: Uint8Array): void {
  const expected = Uint8Array.from(before);
  for (const c of done) {
    const s = sent.get(`${c.queue}/${c.cid}`);
    expect(s, `completion for an unknown request ${c.queue}/${c.cid}`).toBeDefined();
    expect(c.status, `request ${c.queue}/${c.cid} (opcode ${s!.r.opcode}, ${JSON.stringify(s!.r.crypt, (k, v) => (typeof v === 'bigint' ? String(v) : v))}) status`).toBe(s!.want.status);
    if ([0, 7, 8].includes(s!.want.status)) expect(c.result, `request ${c.queue}/${c.cid} CRC32C and bytes written`).toBe(s!.want.result);
    for (const w of s!.want.writes) expected.set(w.data, w.addr);
    if (s!.want.status === 9) for (const x of s!.r.dst) expected.set(after.subarray(x.addr, x.addr + x.length), x.addr);
  }
  expect(done.length).toBe(sent.size);
  let first = SRC;
  while (first < MEM && after[first] === expected[first]) first++;
  const owner = [...sent.values()].find((x) => x.r.dst.some((s) => first >= s.addr && first < s.addr + s.length));
  expect(first, `first difference at ${first} (${owner ? `request ${owner.queue}/${owner.r.cid}, status ${owner.want.status}` : 'no request writes there'})`).toBe(MEM);
}

describe('queue engine with encrypt and decrypt stages (XTS-AES-256, 16-byte path, LZ4 both ways)', () => {
  const raw = { encryption: 'both', maxRequests: 8 };
  let dev: SimulatedQueueDevice | undefined;
  const device = async () => {
    if (!dev) { dev = await SimulatedQueueDevice.create(raw, { memoryBytes: MEM }); devices.push(dev); }
    return dev;
  };

  it('encrypts copies and compressed writes, decrypts copies and encrypted LZ4 blocks, bit-exact with the pipeline and OpenSSL', async () => {
    const d = await device();
    const before = setup(d, 5);
    const rng = new Rng(17);
    const keys = [xtsKey(rng, 64), xtsKey(rng, 64), xtsKey(rng, 64)];
    expect(d.loadKeys(keys.map((key, slot) => ({ slot, key })))).toEqual([0, 0, 0]);
    // prepared ciphertext for the read path: plaintext (some of it an LZ4 block) padded and encrypted by OpenSSL
    const CT = SRC + 0x40000;
    const design = designOf(queueCompressorParams(16));
    const stored = Array.from({ length: 10 }, (_, i) => {
      const plainText = before.subarray(SRC + SRC / 2 + 1000 * i, SRC + SRC / 2 + 1000 * i + rng.int(1, 6000));
      const lz4 = i % 2 === 1;
      const payload = lz4 ? lz4DesignCompress(design, plainText) : plainText;
      const block = new Uint8Array(padded16(payload.length));
      block.set(payload);
      const slot = i % 3;
      const log2 = [9, 12, 4, 10][i % 4];
      const dataUnit = BigInt(rng.int(0, 1 << 30)) * 977n;
      const ct = opensslXts('encrypt', keys[slot], dataUnit, 2 ** log2, block);
      before.set(ct, CT + i * 0x2000);
      return { addr: CT + i * 0x2000, length: ct.length, payload: payload.length, plain: plainText.length, lz4, slot, log2, dataUnit };
    });
    d.memory.write(CT, before.subarray(CT, CT + 10 * 0x2000));
    const stages = pipelineStagesFor(d.params, d.keys);
    let next = DST;
    const slotAt = (n: number) => { const a = next; next += Math.ceil((n + 64) / 64) * 64; return a; };
    const sent = new Map<string, Sent>();
    const done: Completion[] = [];
    let cid = 0;
    const add = (q: number, r: QueueRequest) => {
      sent.set(`${q}/${r.cid}`, { queue: q, r, want: runRequest(r, (a, n) => before.subarray(a, a + n), (s) => s.addr + s.length <= MEM, stages) });
      d.submit(q, r);
    };
    for (let batch = 0; batch < 3; batch++) {
      for (let q = 0; q < d.params.queues; q++) {
        for (let k = d.room(q); k > 0; k--) {
          const kind = rng.int(0, 5);
          const crypt = { slot: rng.int(0, 6) ? rng.int(0, 2) : 3, dataUnitLog2: [9, 12, 4, 5][rng.int(0, 3)], dataUnit: BigInt(rng.int(0, 1 << 20)) };
          if (kind <= 1) {
            // an encrypted write: a copy, or compressed first (room for the padded LZ4 bound)
            const length = rng.int(0, 3) ? rng.int(1, 5000) : rng.int(1, 40);
            const src = { addr: SRC + (kind ? SRC / 2 : 0) + rng.int(0, SRC / 2 - length), length };
            const room = padded16(kind ? length + Math.ceil(length / 255) + 16 : length) + (rng.int(0, 5) ? 0 : -16);
            add(q, { opcode: kind ? 3 : 1, cid: cid++, src: [src], dst: [{ addr: slotAt(room), length: Math.max(1, room) }], crypt: { ...crypt, encrypt: true } });
          } else if (kind <= 3) {
            // a decrypted read of stored ciphertext: a copy, or (an LZ4 block) decompressed
            const s = stored[rng.int(0, stored.length - 1)];
            const opcode = s.lz4 && rng.int(0, 2) ? 4 : 1;
            const cut = s.length > 16 && rng.int(0, 1) ? rng.int(1, s.length - 1) : s.length;
            const src = cut < s.length ? [{ addr: s.addr, length: cut }, { addr: s.addr + cut, length: s.length - cut }] : [{ addr: s.addr, length: s.length }];
            const room = opcode === 4 ? s.plain : s.payload;
            add(q, { opcode, cid: cid++, src, dst: [{ addr: slotAt(room), length: room }], crypt: { decrypt: true, slot: rng.int(0, 8) ? s.slot : 3, dataUnitLog2: s.log2, dataUnit: s.dataUnit, payloadBytes: s.payload } });
          } else if (kind === 4) {
            // plain requests between them
            const length = rng.int(1, 3000);
            add(q, { opcode: 1, cid: cid++, src: [{ addr: SRC + rng.int(0, SRC - length), length }], dst: [{ addr: slotAt(length), length }] });
          } else {
            // a request the engine must refuse (status 12): a bad context or a flag it cannot take
            const length = 16 * rng.int(1, 100);
            const src = [{ addr: SRC + rng.int(0, SRC - length), length }];
            const dst = [{ addr: slotAt(length), length }];
            const bad: QueueRequest[] = [
              { opcode: 1, cid: 0, src, dst, crypt: { ...crypt, encrypt: true, dataUnitLog2: 3 } },
              { opcode: 1, cid: 0, src, dst, crypt: { ...crypt, encrypt: true, dataUnitLog2: 20 } },
              { opcode: 1, cid: 0, src, dst, crypt: { ...crypt, encrypt: true, decrypt: true } },
              { opcode: 2, cid: 0, src, dst: [], crypt: { ...crypt, encrypt: true } },
              { opcode: 3, cid: 0, src, dst, crypt: { ...crypt, decrypt: true, payloadBytes: length } },
              { opcode: 1, cid: 0, src: [{ ...src[0], length: length - 1 }], dst, crypt: { ...crypt, decrypt: true, payloadBytes: length - 1 } },
              { opcode: 1, cid: 0, src, dst, crypt: { ...crypt, decrypt: true, payloadBytes: length - 16 } },
              { opcode: 1, cid: 0, src, dst, crypt: { ...crypt, decrypt: true, payloadBytes: 0 } },
              { opcode: 1, cid: 0, src, dst, crypt: { ...crypt, decrypt: true, payloadBytes: length + 1 } },
              { opcode: 4, cid: 0, src, dst, erasureCoded: true, crypt: { ...crypt, decrypt: true, payloadBytes: length } },
              // 7 segments with a context: the context takes the last one's place (status 2)
              { opcode: 1, cid: 0, src: Array.from({ length: 4 }, (_, i) => ({ addr: src[0].addr + 4 * i, length: 4 })), dst: Array.from({ length: 3 }, (_, i) => ({ addr: dst[0].addr + 16 * i, length: 16 })), length: 16, crypt: { ...crypt, encrypt: true } },
            ];
            add(q, { ...bad[rng.int(0, bad.length - 1)], cid: cid++ });
          }
        }
      }
      const run = d.run(batch === 1 ? { gap: 0.3, backpressure: 0.3, seed: batch } : {}, { readLatency: 30, writeLatency: 20 });
      done.push(...run.completions);
    }
    const statuses = new Set([...sent.values()].map((s) => s.want.status));
    for (const s of [0, 2, 7, 12, 13]) expect(statuses.has(s), `the mix has status ${s}`).toBe(true);
    const after = d.memory.read(0, MEM);
    check(sent, done, before, after);
    // OpenSSL, independently: every encrypted write that succeeded holds the padded output's ciphertext, and
    // every decrypted copy holds OpenSSL's plaintext
    let encrypted = 0;
    let decrypted = 0;
    for (const s of sent.values()) {
      const c = s.r.crypt;
      if (s.want.status !== 0 || !c || s.r.opcode === 4) continue;
      const key = d.keys.get(c.slot)!;
      const at = s.r.dst[0].addr;
      if (c.encrypt) {
        const plain = s.r.opcode === 3 ? lz4DesignCompress(design, before.subarray(s.r.src[0].addr, s.r.src[0].addr + s.r.src[0].length)) : before.subarray(s.r.src[0].addr, s.r.src[0].addr + s.r.src[0].length);
        const block = new Uint8Array(padded16(plain.length));
        block.set(plain);
        expect(after.subarray(at, at + block.length)).toEqual(opensslXts('encrypt', key, c.dataUnit, 2 ** c.dataUnitLog2, block));
        encrypted++;
      } else {
        const ct = before.subarray(s.r.src[0].addr, s.r.src[0].addr + s.r.src.reduce((n, x) => n + x.length, 0));
        expect(after.subarray(at, at + c.payloadBytes!)).toEqual(opensslXts('decrypt', key, c.dataUnit, 2 ** c.dataUnitLog2, ct).subarray(0, c.payloadBytes));
        decrypted++;
      }
    }
    expect(encrypted).toBeGreaterThan(5);
    expect(decrypted).toBeGreaterThan(5);
  });

  it('reads back what it wrote: encrypt (compressed) then decrypt and decompress restores the data; a cleared slot refuses (13)', async () => {
    const d = await device();
    const before = setup(d, 6);
    const rng = new Rng(23);
    expect(d.loadKeys([{ slot: 1, key: xtsKey(rng, 64) }])).toEqual([0]);
    const lengths = [1, 15, 17, 511, 4096, 4097, 9000]; // 7: a ring's usable entries
    const src = lengths.map((n, i) => ({ addr: SRC + SRC / 2 + 20000 * i, length: n }));
    const ct = lengths.map((n, i) => ({ addr: DST + 0x10000 * i, length: padded16(n + Math.ceil(n / 255) + 16) }));
    const ctx = (i: number) => ({ slot: 1, dataUnitLog2: 9, dataUnit: BigInt(1000 * i) });
    lengths.forEach((_, i) => d.submit(0, { opcode: 3, cid: i, src: [src[i]], dst: [ct[i]], crypt: { ...ctx(i), encrypt: true } }));
    const w = d.run({}, { readLatency: 10, writeLatency: 10 });
    expect(w.completions.map((c) => c.status)).toEqual(lengths.map(() => 0));
    // the completion's bytes written: the padded ciphertext, what the read names as its length
    const written = w.completions.map((c) => Number(c.result >> 32n));
    written.forEach((n) => expect(n % 16).toBe(0));
    const compressed = lengths.map((_, i) => lz4DesignCompress(designOf(queueCompressorParams(16)), before.subarray(src[i].addr, src[i].addr + src[i].length)).length);
    lengths.forEach((_, i) => d.submit(1, { opcode: 4, cid: i, src: [{ addr: ct[i].addr, length: written[i] }], dst: [{ addr: DST + 0x100000 + 0x10000 * i, length: lengths[i] }], crypt: { ...ctx(i), decrypt: true, payloadBytes: compressed[i] } }));
    const r = d.run({}, { readLatency: 10, writeLatency: 10 });
    expect(r.completions.map((c) => c.status)).toEqual(lengths.map(() => 0));
    const after = d.memory.read(0, MEM);
    lengths.forEach((n, i) => expect(after.subarray(DST + 0x100000 + 0x10000 * i, DST + 0x100000 + 0x10000 * i + n), `length ${n}`).toEqual(before.subarray(src[i].addr, src[i].addr + n)));
    // clear the slot: the same read is refused and writes nothing
    expect(d.loadKeys([{ slot: 1, clear: true }])).toEqual([0]);
    const at = DST + 0x180000;
    d.submit(2, { opcode: 1, cid: 99, src: [{ addr: ct[5].addr, length: written[5] }], dst: [{ addr: at, length: written[5] }], crypt: { ...ctx(5), decrypt: true, payloadBytes: written[5] } });
    const x = d.run();
    expect(x.completions.map((c) => c.status)).toEqual([13]);
    expect(d.memory.read(at, written[5])).toEqual(before.subarray(at, at + written[5]));
  });

  it('answers key loads: equal halves (2) and slots out of range (1) change nothing', async () => {
    const d = await device();
    const rng = new Rng(29);
    const half = rng.bytes(32);
    const same = new Uint8Array(64);
    same.set(half);
    same.set(half, 32);
    const kept = new Map(d.keys);
    expect(d.loadKeys([{ slot: 0, key: same }, { slot: 4, key: xtsKey(rng, 64) }, { slot: 127, clear: true }])).toEqual([2, 1, 1]);
    expect(d.keys).toEqual(kept);
  });
});

describe('queue engine that encrypts before it compresses (encryptAt before-compress: the costly order, built for comparison)', () => {
  it('compresses ciphertext (which does not shrink), bit-exact with the pipeline and OpenSSL; reads back in two requests', async () => {
    const d = await SimulatedQueueDevice.create({ encryption: 'both', encryptAt: 'before-compress', queues: 2 }, { memoryBytes: MEM });
    devices.push(d);
    const before = setup(d, 8);
    const rng = new Rng(37);
    const key = xtsKey(rng, 64);
    expect(d.loadKeys([{ slot: 1, key }])).toEqual([0]);
    const stages = pipelineStagesFor(d.params, d.keys);
    const sent = new Map<string, Sent>();
    let next = DST;
    const slotAt = (n: number) => { const a = next; next += Math.ceil((n + 64) / 64) * 64; return a; };
    let cid = 0;
    for (let q = 0; q < 2; q++) {
      for (let k = 0; k < 7; k++) {
        const length = [1, 16, 100, 4096, 5000, 777, 65][k];
        const src = [{ addr: SRC + SRC / 2 + rng.int(0, 100000), length }];
        const kind = k === 6 ? q : (k + q) % 4; // the last: an encrypt (compressed or not) naming a slot without a key
        const room = padded16(length + Math.ceil(length / 255) + 32);
        const crypt = { encrypt: true, slot: k === 6 ? 2 : 1, dataUnitLog2: 9, dataUnit: BigInt(cid * 10) };
        const r: QueueRequest = kind === 0 ? { opcode: 3, cid, src, dst: [{ addr: slotAt(room), length: room }], crypt }
          : kind === 1 ? { opcode: 1, cid, src, dst: [{ addr: slotAt(room), length: padded16(length) }], crypt }
            : kind === 2 ? { opcode: 3, cid, src, dst: [{ addr: slotAt(room), length: room }] }
              : { opcode: 1, cid, src, dst: [{ addr: slotAt(length), length }] };
        sent.set(`${q}/${cid}`, { queue: q, r, want: runRequest(r, (a, n) => before.subarray(a, a + n), () => true, stages) });
        d.submit(q, r);
        cid++;
      }
    }
    const run = d.run({ gap: 0.2, backpressure: 0.2, seed: 5 }, { readLatency: 30, writeLatency: 30 });
    const after = d.memory.read(0, MEM);
    check(sent, run.completions, before, after);
    expect(run.completions.filter((c) => c.status === 13).length).toBeGreaterThan(0); // slot 2 holds no key
    // OpenSSL: an encrypted compress's block decodes to the ciphertext of the padded data, and is no smaller
    let compressed = 0;
    for (const { r, want } of sent.values()) {
      if (want.status !== 0 || !r.crypt) continue;
      const n = r.src[0].length;
      const block = new Uint8Array(padded16(n));
      block.set(before.subarray(r.src[0].addr, r.src[0].addr + n));
      const ct = opensslXts('encrypt', key, r.crypt.dataUnit, 512, block);
      const written = Number(want.result >> 32n);
      const out = after.subarray(r.dst[0].addr, r.dst[0].addr + written);
      if (r.opcode === 3) {
        expect(lz4DecodeBlock(out, { maxOutput: 65536 }).output).toEqual(ct);
        expect(written).toBeGreaterThanOrEqual(ct.length);
        compressed++;
      } else {
        expect(out).toEqual(ct);
      }
    }
    expect(compressed).toBeGreaterThan(2);
    // read back an encrypted compress: decompress to a buffer, then decrypt it
    const w = [...sent.values()].find((x) => x.r.opcode === 3 && x.r.crypt && x.want.status === 0 && x.r.src[0].length === 5000)!;
    const n = w.r.src[0].length;
    const buf = DST + 0x180000;
    d.submit(0, { opcode: 4, cid: 100, src: [{ addr: w.r.dst[0].addr, length: Number(w.want.result >> 32n) }], dst: [{ addr: buf, length: padded16(n) }] });
    expect(d.run().completions.map((c) => c.status)).toEqual([0]);
    d.submit(1, { opcode: 1, cid: 101, src: [{ addr: buf, length: padded16(n) }], dst: [{ addr: buf + 0x10000, length: n }], crypt: { ...w.r.crypt!, encrypt: false, decrypt: true, payloadBytes: n } });
    expect(d.run().completions.map((c) => c.status)).toEqual([0]);
    expect(d.memory.read(buf + 0x10000, n)).toEqual(before.subarray(w.r.src[0].addr, w.r.src[0].addr + n));
  });
});

describe('queue engine: encrypt before erasure coding (XTS-AES-128, 32-byte path), and no keys in a VCD', () => {
  it('stripes ciphertext: the stripe decodes to the padded output OpenSSL encrypts; the VCD has no key bytes', async () => {
    const d = await SimulatedQueueDevice.create({ dataBytes: 32, encryption: 'encrypt', xtsKeyBits: 128, erasureCoding: 'encode', ecK: 4, ecM: 2, compression: 'none', decompression: 'none', queues: 2 }, { memoryBytes: MEM, trace: true });
    devices.push(d);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dpf-queue-xts-vcd-'));
    try {
      const file = path.join(dir, 'queue.vcd');
      d.model.traceTo(file);
      const before = setup(d, 7);
      const rng = new Rng(31);
      const key = xtsKey(rng, 32);
      expect(d.loadKeys([{ slot: 2, key }])).toEqual([0]);
      const stages = pipelineStagesFor(d.params, d.keys);
      const sent = new Map<string, Sent>();
      const lengths = [1, 31, 32, 33, 700, 4096, 5000];
      lengths.forEach((n, i) => {
          const stripe = 6 * Math.ceil(padded16(n) / (64 * 4)) * 64;
        const r: QueueRequest = { opcode: 1, cid: i, src: [{ addr: SRC + 3000 * i, length: n }], dst: [{ addr: DST + 0x10000 * i, length: stripe }], erasureCoded: true, crypt: { encrypt: true, slot: 2, dataUnitLog2: 9, dataUnit: BigInt(7 * i) } };
        sent.set(`${i % 2}/${i}`, { queue: i % 2, r, want: runRequest(r, (a, len) => before.subarray(a, a + len), () => true, stages) });
        d.submit(i % 2, r);
      });
      const run = d.run({ backpressure: 0.2, seed: 3 }, { readLatency: 20, writeLatency: 20 });
      d.model.traceStop();
      const after = d.memory.read(0, MEM);
      check(sent, run.completions, before, after);
      for (const { r } of sent.values()) {
        const n = r.src[0].length;
        const stripe = after.subarray(r.dst[0].addr, r.dst[0].addr + r.dst[0].length);
        const block = new Uint8Array(padded16(n));
        block.set(before.subarray(r.src[0].addr, r.src[0].addr + n));
        // the stripe of OpenSSL's ciphertext: data fragments are the ciphertext, parity is over it
        expect(stripe, `length ${n}`).toEqual(stripeEncode(opensslXts('encrypt', key, r.crypt!.dataUnit, 512, block), 4, 2));
      }
      const vcd = readFileSync(file, 'utf8');
      // every traced signal by its scope: the queue's own, and the XTS engine's (instance `encrypt`)
      const vars: string[] = [];
      const scopes: string[] = [];
      for (const m of vcd.matchAll(/\$scope\s+\S+\s+(\S+)|\$upscope|\$var\s+\S+\s+\d+\s+\S+\s+(\S+)/g)) {
        if (m[1]) scopes.push(m[1]);
        else if (m[0] === '$upscope') scopes.pop();
        else vars.push([...scopes, m[2]].join('.'));
      }
      expect(vars.some((v) => v.endsWith('.ks_axis_tdata'))).toBe(true);
      expect(vars.some((v) => v.includes('.encrypt.kx_round_reg'))).toBe(true); // the engine's key-load control is traced
      expect(vars.filter((v) => /\.k_axis_tdata$/.test(v))).toEqual([]);
      const engine = vars.filter((v) => v.includes('.encrypt.')).map((v) => v.slice(v.lastIndexOf('.') + 1));
      expect(engine.filter((v) => /^rk[12]?(_|$)|^kx[12]_|state_reg$|tweak/.test(v) && v !== 'ks_state_reg')).toEqual([]);
      const values = vcd.split('\n').filter((l) => l.startsWith('b')).map((l) => l.slice(1).split(' ')[0]);
      [...expandKey(key.subarray(0, 16)), ...expandKey(key.subarray(16))].forEach((rk, round) => {
        for (let i = 0; i < 16; i += 4) {
          const word = rk.subarray(i, i + 4).reduce((acc, b, j) => acc + BigInt(b) * (1n << BigInt(8 * j)), 0n).toString(2).padStart(32, '0');
          expect(values.some((v) => v.includes(word)), `round key ${round} bytes ${i}..${i + 3}`).toBe(false);
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses what cannot work, by name: encryption on an 8-byte path, a 192-bit key size, a key of the wrong length, a slot past the port, a data unit past 64 bits', async () => {
    expect(() => validateQueueParams({ dataBytes: 8, encryption: 'both' })).toThrow(/'both' needs dataBytes >= 16/);
    expect(() => validateQueueParams({ encryption: 'encrypt', xtsKeyBits: 192 })).toThrow(/xtsKeyBits.*192 is not allowed/);
    const d = devices[devices.length - 1];
    expect(() => d.loadKeys([{ slot: 0, key: new Uint8Array(64) }])).toThrow(/the key is 64 bytes; XTS-AES-128 takes 32/);
    expect(() => d.loadKeys([{ slot: 200, key: new Uint8Array(32) }])).toThrow(QueueRequestError);
    expect(() => d.submit(0, { opcode: 1, cid: 1, src: [{ addr: SRC, length: 1024 }], dst: [{ addr: DST, length: 1024 }], crypt: { encrypt: true, slot: 0, dataUnitLog2: 9, dataUnit: (1n << 64n) - 1n } })).toThrow(/do not fit the engine's 64-bit data-unit numbers/);
  });
});
