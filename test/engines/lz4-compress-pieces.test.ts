// The greedy LZ4 compressor in piece mode (one engine per piece of a larger block): for every piece of blocks of
// text, random and binary data, 0 B to several pieces, cut at sizes around the end rules, the engine writes exactly
// what src/ref/lz4-pieces.ts says (so the pieces' outputs, in order, are the pieced block that liblz4 decodes) and
// sends exactly its upstream info; the test plays the neighbouring engines (s_piece, s_down in, m_up out), with
// gaps and backpressure on every port.
import { afterAll, describe, expect, it } from 'vitest';
import { lz4CompressGreedyGenerator } from '../../gen/lz4/compress-greedy.js';
import { greedyDesignOf } from '../../gen/lz4/compress-params.js';
import { SimModel } from '../../sim/model.js';
import { beatsToPackets, packetsToBeats, type Beats } from '../../sim/stream.js';
import { loadCorpus } from '../../src/data/corpus.js';
import { liblz4Decompress } from '../../src/oracle/lz4.js';
import { lz4GreedyPieces, type PieceInfo, type PieceOutput } from '../../src/ref/lz4-pieces.js';
import { Rng } from '../../src/util/rng.js';

const models: SimModel[] = [];
afterAll(() => models.forEach((m) => m.close()));

/** An info beat: bits 31:0 literals, 62:32 the match's length, 63 a match follows (little-endian bytes). */
function infoBytes(i: PieceInfo): number[] {
  const v = (BigInt(i.match ? 1 : 0) << 63n) | (BigInt(i.matchLength) << 32n) | BigInt(i.literals);
  return Array.from({ length: 8 }, (_, k) => Number((v >> BigInt(8 * k)) & 0xffn));
}

const columns = (rows: number[][]): Beats => ({ count: rows.length, data: Uint8Array.from(rows.flat()) });

describe.each([
  { beatBytes: 8, loadBytes: 64, hashBits: 12, windowBytes: 4096, backwardBytes: 4 },
  { beatBytes: 4, loadBytes: 16, hashBits: 9, windowBytes: 256, backwardBytes: 2 },
  { beatBytes: 8, loadBytes: 32, hashBits: 9, windowBytes: 512, backwardBytes: 4, loadSlots: 2 },
  { beatBytes: 4, loadBytes: 16, hashBits: 9, windowBytes: 256, backwardBytes: 4, loadSlots: 2, literalBytes: 4 },
])('greedy LZ4 compressor in piece mode %o', (raw) => {
  it('writes each piece\'s bytes and passes its info upstream, as the pieces\' contract says', async () => {
    const params = lz4CompressGreedyGenerator.validate({ ...raw, pieces: true });
    const m = await SimModel.load(lz4CompressGreedyGenerator.emit(params));
    models.push(m);
    m.run({}, {}, { drainCycles: (1 << params.hashBits) + 4, stallLimit: (1 << params.hashBits) + 8 });
    // the block may be larger than the engine's buffer: a piece is what the buffer holds
    const design = { ...greedyDesignOf(params), windowBytes: 65536, subBlockBytes: params.windowBytes };
    const S = params.windowBytes;
    const rng = new Rng(S);
    const text = (await loadCorpus(100_000)).map((f) => f.data);
    const blocks = [
      new Uint8Array(0), Uint8Array.of(9), text[0].subarray(0, S), text[0].subarray(0, S + 1), text[0].subarray(0, S + 11),
      text[0].subarray(0, S + 12), text[0].subarray(0, S + 13), text[2].subarray(0, 3 * S + 7), rng.bytes(2 * S + 5),
      new Uint8Array(3 * S), text[1].subarray(0, 4 * S), text[4].subarray(0, 2 * S + 100), text[3].subarray(S, 3 * S - 1),
    ];
    const pieces: PieceOutput[] = blocks.flatMap((b) => lz4GreedyPieces(design, b));
    // the pieces concatenated are each block's LZ4 bytes: liblz4 decodes them (the contract's own check)
    for (const b of blocks.slice(0, 4)) {
      const bytes = Buffer.concat(lz4GreedyPieces(design, b).map((p) => Buffer.from(p.bytes)));
      expect(Buffer.from((await liblz4Decompress(bytes, Math.max(1, b.length)))!).equals(Buffer.from(b))).toBe(true);
    }
    const data = blocks.flatMap((b) => lz4GreedyPieces(design, b).map((p) => b.subarray(p.from, p.to)));
    const place = columns(pieces.map((p) => [(p.first ? 1 : 0) | (p.last ? 2 : 0) | (p.tail << 2)]));
    const down = columns(pieces.filter((p) => !p.last).map((p) => infoBytes(p.downstream!)));
    for (const [i, d] of [{ gap: 0, backpressure: 0 }, { gap: 0.3, backpressure: 0.4 }].entries()) {
      const r = m.run(
        { s_axis: { beats: packetsToBeats(data, params.loadBytes), gap: d.gap }, s_piece: { beats: place, gap: d.gap }, s_down: { beats: down, gap: d.gap } },
        { m_axis: { backpressure: d.backpressure, expectLast: pieces.length }, m_up: { backpressure: d.backpressure } },
        // (m_up has no tlast to count: the run ends after a silence longer than any piece's scan)
        { seed: i + 1, stallLimit: 100_000, drainCycles: 50_000 },
      );
      const out = beatsToPackets(r.outputs.m_axis, 4);
      expect(out.length).toBe(pieces.length);
      pieces.forEach((p, k) => {
        expect(Buffer.from(out[k]).equals(Buffer.from(p.bytes)), `piece ${k} [${p.from}, ${p.to}) first ${p.first} last ${p.last} tail ${p.tail}, drive ${i}`).toBe(true);
      });
      const verdicts = [...r.outputs.m_axis.last].flatMap((l, b) => (l ? [r.outputs.m_axis.user[b]] : []));
      expect(verdicts.every((v) => v === 0)).toBe(true);
      const up = pieces.filter((p) => !p.first).map((p) => infoBytes(p.upstream));
      expect([...r.outputs.m_up.data]).toEqual(up.flat());
    }
  });
});
