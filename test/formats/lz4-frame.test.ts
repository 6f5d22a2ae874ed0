// LZ4 frames written by the real `lz4` tool, decoded through the reference block decoder and through the
// simulated decompressor engine: every option the tool has for independent blocks, checksums verified, and
// clear errors for corrupt, truncated and unsupported frames.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/data/corpus.js';
import { SimulatedLz4Decompressor } from '../../src/engines/lz4.js';
import { decodeLz4Frame, decodeLz4Stream, encodeLz4Frame, lz4BlockWithHistory, Lz4FrameError, parseLz4Frame } from '../../src/formats/lz4-frame.js';
import { SimulatedLz4Compressor } from '../../src/engines/lz4-compress.js';
import { DEFAULT_LZ4_COMPRESSOR_DESIGN, lz4DesignCompress } from '../../src/ref/lz4-compress.js';
import { xxh32 } from '../../src/formats/xxh32.js';
import { lz4DecodeBlock } from '../../src/ref/lz4.js';
import { runTool } from '../../src/util/run-tool.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lz4frame-'));
async function lz4Tool(data: Uint8Array, flags: string[]): Promise<Uint8Array> {
  const src = path.join(dir, `in-${flags.join('')}.bin`);
  writeFileSync(src, data);
  const r = await runTool('lz4', ['-q', '-f', ...flags, src, `${src}.lz4`]);
  if (!r.ok) throw new Error(`lz4 ${flags.join(' ')}: ${r.failure}\n${r.all}`);
  return new Uint8Array(readFileSync(`${src}.lz4`));
}

const reference = (blocks: Uint8Array[], maxOutput: number) => blocks.map((b) => lz4DecodeBlock(b, { maxOutput, window: 65536 }));
let engine: SimulatedLz4Decompressor | undefined;
afterAll(() => engine?.close());

describe('xxHash32', () => {
  it('gives the published values', () => {
    expect(xxh32(new Uint8Array(0))).toBe(0x02cc5d05);
    expect(xxh32(new TextEncoder().encode('abc'))).toBe(0x32d153ff);
  });
});

describe('LZ4 frames from the lz4 tool', () => {
  const options = [['-1'], ['-9'], ['-1', '-B4'], ['-1', '-B4', '-BX'], ['-1', '--content-size'], ['-1', '--no-frame-crc'], ['-12', '-B5']];
  it.each(options)('lz4 %s: reference and engine decode the corpus', async (...flags) => {
    engine ??= await SimulatedLz4Decompressor.create({ bytesPerCycle: 16 });
    const e = engine;
    for (const f of await loadCorpus(300_000)) {
      const frame = await lz4Tool(f.data, flags);
      const info = parseLz4Frame(frame);
      expect(info.frameBytes).toBe(frame.length);
      expect(Buffer.from(decodeLz4Frame(frame, reference)).equals(Buffer.from(f.data)), `${f.name} reference`).toBe(true);
      const viaEngine = decodeLz4Frame(frame, (blocks) => e.decompress(blocks, { gap: 0.1, backpressure: 0.1, seed: 1 }).results);
      expect(Buffer.from(viaEngine).equals(Buffer.from(f.data)), `${f.name} engine`).toBe(true);
    }
  });

  it('names corrupt, truncated and unsupported frames', async () => {
    const data = new TextEncoder().encode('frame error tests '.repeat(5000));
    const good = await lz4Tool(data, ['-1', '-B4', '-BX']);
    const decode = (b: Uint8Array) => () => decodeLz4Frame(b, reference);
    const flip = (at: number) => { const b = Uint8Array.from(good); b[at] ^= 0x40; return b; };
    expect(decode(flip(0))).toThrow(/^LZ4 frame: bad magic number 0x184d2244 at byte 0/);
    expect(decode(flip(6))).toThrow(/header checksum mismatch/);
    expect(decode(flip(20))).toThrow(/block 0 checksum mismatch/);
    expect(decode(good.subarray(0, good.length - 3))).toThrow(/truncated at byte \d+: the content checksum needs 4 more bytes/);
    expect(decode(good.subarray(0, 30))).toThrow(/truncated at byte 30: block 0's data needs/);
    const noBx = await lz4Tool(data, ['-1', '-B4']);
    const wrong = Uint8Array.from(noBx);
    wrong[noBx.length - 2] ^= 1; // content checksum
    expect(decode(wrong)).toThrow('LZ4 frame: content checksum mismatch: the decoded bytes differ from what was compressed');
    expect(decode(good)).not.toThrow(Lz4FrameError);
  });
});

/** What `lz4 -d` makes of a file: its output, or undefined when the tool fails. */
async function lz4ToolDecode(file: Uint8Array): Promise<Uint8Array | undefined> {
  const src = path.join(dir, `tool-d-${file.length}-${xxh32(file)}.lz4`);
  writeFileSync(src, file);
  const r = await runTool('lz4', ['-d', '-q', '-f', src, `${src}.out`]);
  return r.ok ? new Uint8Array(readFileSync(`${src}.out`)) : undefined;
}

describe('LZ4 files as the lz4 tool reads them', () => {
  const join = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
  const skippable = (payload: Uint8Array) => join(Uint8Array.of(0x5a, 0x2a, 0x4d, 0x18), Uint8Array.of(payload.length, 0, 0, 0), payload);

  it('history in front of a block: offsets reach into it, and the block decodes to history + its own output', () => {
    const history = new TextEncoder().encode('0123456789abcdef'.repeat(20));  // 320 bytes, the first literal length > 15
    // a linked block: 2 literals, then a match 300 bytes back (into the history), then 6 literals
    const block = Uint8Array.of(0x2f, 0x41, 0x42, 0x2c, 0x01, 0x00, 0x60, ...new TextEncoder().encode('tail!!'));
    const r = lz4DecodeBlock(lz4BlockWithHistory(block, history), { maxOutput: 1 << 20, window: 65536 });
    expect(r.error).toBe(0);
    const own = r.output.subarray(history.length);
    expect(Buffer.from(r.output.subarray(0, history.length)).equals(Buffer.from(history))).toBe(true);
    const from = history.length + 2 - 300;
    expect(new TextDecoder().decode(own)).toBe('AB' + new TextDecoder().decode(history.subarray(from, from + 19)) + 'tail!!');
    // without the history the same block reaches before its output
    expect(lz4DecodeBlock(block).error).toBe(2);
  });

  it.each([['-1', '-BD'], ['-9', '-B4', '-BD'], ['-1', '-B4', '-BD', '-BX'], ['-l'], ['-9', '-l']])('lz4 %s: reference and engine give what lz4 -d gives', async (...flags) => {
    engine ??= await SimulatedLz4Decompressor.create({ bytesPerCycle: 16 });
    const e = engine;
    let linkedReach = 0;
    for (const f of await loadCorpus(300_000)) {
      const file = await lz4Tool(f.data, flags);
      expect(Buffer.from(decodeLz4Stream(file, reference)).equals(Buffer.from(f.data)), `${f.name} reference`).toBe(true);
      const viaEngine = decodeLz4Stream(file, (blocks) => e.decompress(blocks, { gap: 0.1, backpressure: 0.1, seed: 3 }).results);
      expect(Buffer.from(viaEngine).equals(Buffer.from(f.data)), `${f.name} engine`).toBe(true);
      if (flags.includes('-B4')) linkedReach += parseLz4Frame(file).blocks.filter((b) => !b.raw && lz4DecodeBlock(b.data).error === 2).length;
    }
    // with 64 KiB linked blocks, some blocks reach into the blocks before them (they fail alone)
    if (flags.includes('-B4')) expect(linkedReach).toBeGreaterThan(0);
  });

  it('concatenated, skippable, legacy-then-standard and empty files decode to what lz4 -d writes; trailing bytes are named', async () => {
    const corpus = await loadCorpus(100_000);
    const [a, b] = [corpus[0].data, corpus[1].data];
    const fa = await lz4Tool(a, ['-1']);
    const fb = await lz4Tool(b, ['-9', '-BD', '-B4']);
    const legacy = await lz4Tool(b, ['-l']);
    const files: [string, Uint8Array][] = [
      ['two frames', join(fa, fb)],
      ['the same frame twice', join(fa, fa)],
      ['skippable frames around', join(skippable(Uint8Array.of(1, 2, 3)), fa, skippable(new Uint8Array(0)), fb)],
      ['legacy then standard', join(legacy, fa)],
      ['empty file', new Uint8Array(0)],
    ];
    for (const [what, file] of files) {
      const tool = await lz4ToolDecode(file);
      expect(tool, `lz4 -d on ${what}`).toBeDefined();
      expect(Buffer.from(decodeLz4Stream(file, reference)).equals(Buffer.from(tool!)), what).toBe(true);
    }
    expect(decodeLz4Stream(join(fa, fa), reference).length).toBe(2 * a.length);
    // bytes after the last frame: the tool fails, and so do we, naming where they start
    for (const tail of [new TextEncoder().encode('garbage!'), Uint8Array.of(0x61, 0x62)]) {
      const file = join(fa, tail);
      expect(await lz4ToolDecode(file)).toBeUndefined();
      expect(() => decodeLz4Stream(file, reference)).toThrow(new RegExp(`^LZ4 frame: ${tail.length} bytes at byte ${fa.length} after the last frame`));
    }
    expect(() => decodeLz4Stream(join(fa, skippable(Uint8Array.of(1, 2, 3)).subarray(0, 9)), reference)).toThrow(/frame 1 \(at byte \d+\): truncated at byte \d+: the skippable frame declares 3 bytes/);
    expect(() => decodeLz4Stream(new TextEncoder().encode('not lz4 at all'), reference)).toThrow(/^LZ4 frame: bad magic number 0x20746f6e at byte 0/);
  });
});

describe('LZ4 frames written from the compressor', () => {
  async function lz4Decode(frame: Uint8Array): Promise<Uint8Array> {
    const src = path.join(dir, `frame-${frame.length}.lz4`);
    writeFileSync(src, frame);
    const r = await runTool('lz4', ['-d', '-q', '-f', src, `${src}.out`]);
    if (!r.ok) throw new Error(`lz4 -d: ${r.failure}\n${r.all}`);
    return new Uint8Array(readFileSync(`${src}.out`));
  }

  it.each(['sequential', 'parallel'] as const)('the lz4 tool decodes frames of 1 MiB made by the %s engine (and by the design model)', async (kind) => {
    const e = kind === 'sequential' ? await SimulatedLz4Compressor.create({}) : await SimulatedLz4Compressor.createParallel({});
    try {
      const xml = (await loadCorpus(1 << 20)).find((f) => f.name.startsWith('xml'))!.data;
      const rnd = new Uint8Array(300_000).map((_, i) => (i * 2654435761) >>> 27);
      for (const [data, options] of [[xml, { contentSize: true }], [rnd, { blockChecksums: true }], [new Uint8Array(0), {}]] as const) {
        const viaEngine = encodeLz4Frame(data, (blocks) => e.compress(blocks, { gap: 0.05, backpressure: 0.05, seed: 2 }).blocks.map((b) => b.data), options);
        const viaModel = encodeLz4Frame(data, (blocks) => blocks.map((b) => lz4DesignCompress(DEFAULT_LZ4_COMPRESSOR_DESIGN, b)), options);
        expect(Buffer.from(viaEngine).equals(Buffer.from(viaModel))).toBe(true);
        expect(Buffer.from(await lz4Decode(viaEngine)).equals(Buffer.from(data))).toBe(true);
        expect(Buffer.from(decodeLz4Frame(viaEngine, reference)).equals(Buffer.from(data))).toBe(true);
      }
    } finally {
      e.close();
    }
  });

  it('refuses a block size the format cannot declare', () => {
    expect(() => encodeLz4Frame(new Uint8Array(10), (b) => b, { blockBytes: 1000 })).toThrow(/block size 1000 is not one the frame format can declare/);
  });
});
