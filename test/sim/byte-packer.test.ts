// hw/lib/dpf_byte_packer.v: a stream whose beats are short anywhere (as when several engines write one packet's
// pieces) leaves as full beats, every one but a packet's last full; checked beat by beat against the packing of
// each packet's bytes (sim/stream.ts packetsToBeats), with the tlast beat's tuser, at 2, 4 and 64 bytes a beat,
// with idle input cycles and output backpressure, empty beats and empty packets.
import { afterAll, describe, expect, it } from 'vitest';
import type { GeneratedDesign } from '../../gen/core/design.js';
import { BYTE_PACKER_FILE } from '../../gen/core/lib-files.js';
import { withParameters } from '../../gen/core/with-parameters.js';
import { SimModel } from '../../sim/model.js';
import { keepBytesFor, packetsToBeats, type Beats } from '../../sim/stream.js';
import { Rng } from '../../src/util/rng.js';

const USER_BITS = 3;
const models: SimModel[] = [];
afterAll(() => models.forEach((m) => m.close()));

async function packer(dataBytes: number): Promise<SimModel> {
  const lib: GeneratedDesign = {
    generator: 'hw/lib', version: '0', paramsJson: '{}', top: 'dpf_byte_packer', files: [], libFiles: [BYTE_PACKER_FILE], latencyCycles: 1,
    ports: {
      clock: 'clk', reset: 'rst',
      streams: [
        { prefix: 's_axis', dir: 'in', dataBytes, keep: true, last: true, userBits: USER_BITS },
        { prefix: 'm_axis', dir: 'out', dataBytes, keep: true, last: true, userBits: USER_BITS },
      ],
    },
  };
  const m = await SimModel.load(await withParameters({ DATA_BYTES: dataBytes, USER_BITS })(lib));
  models.push(m);
  return m;
}

/** Packets cut into beats of random short lengths (0 .. dataBytes bytes each, tkeep from lane 0), and their bytes. */
function shortBeats(rng: Rng, dataBytes: number, packets: number): { beats: Beats; packets: Uint8Array[]; users: number[] } {
  const KB = keepBytesFor(dataBytes);
  const data: number[] = [];
  const keep: number[] = [];
  const last: number[] = [];
  const user: number[] = [];
  const out: Uint8Array[] = [];
  const users: number[] = [];
  for (let p = 0; p < packets; p++) {
    const bytes: number[] = [];
    const n = rng.int(1, 6);
    for (let b = 0; b < n; b++) {
      // full beats, short ones, empty ones
      const len = [dataBytes, rng.int(0, dataBytes), 0, 1][rng.int(0, 3)];
      const u = rng.int(0, (1 << USER_BITS) - 1);
      for (let i = 0; i < dataBytes; i++) {
        const v = i < len ? rng.int(0, 255) : 0xee; // bytes past tkeep are garbage and must not show
        data.push(v);
        if (i < len) bytes.push(v);
      }
      for (let k = 0; k < KB; k++) keep.push(Number((((1n << BigInt(len)) - 1n) >> BigInt(8 * k)) & 0xffn));
      last.push(b === n - 1 ? 1 : 0);
      user.push(u);
      if (b === n - 1) users.push(u);
    }
    out.push(Uint8Array.from(bytes));
  }
  return { beats: { count: last.length, data: Uint8Array.from(data), keep: Uint8Array.from(keep), last: Uint8Array.from(last), user: Uint8Array.from(user) }, packets: out, users };
}

describe.each([2, 4, 64])('dpf_byte_packer, %i bytes a beat', (dataBytes) => {
  it('packs short beats into full ones, packet by packet, with the last beat\'s tuser', async () => {
    const m = await packer(dataBytes);
    for (const [seed, gap, backpressure] of [[1, 0, 0], [2, 0.3, 0.4], [3, 0.6, 0.1]]) {
      const rng = new Rng(seed * 100 + dataBytes);
      const { beats, packets, users } = shortBeats(rng, dataBytes, 60);
      const r = m.run({ s_axis: { beats, gap } }, { m_axis: { backpressure, expectLast: packets.length } }, { seed });
      const got = r.outputs.m_axis;
      const want = packetsToBeats(packets, dataBytes);
      expect(got.count).toBe(want.count);
      expect(Buffer.from(got.keep).equals(Buffer.from(want.keep!))).toBe(true);
      expect(Buffer.from(got.last).equals(Buffer.from(want.last!))).toBe(true);
      // data: the kept lanes only
      for (let b = 0; b < want.count; b++) {
        for (let i = 0; i < dataBytes; i++) {
          const kept = (want.keep![b * keepBytesFor(dataBytes) + (i >> 3)] >> (i & 7)) & 1;
          if (kept) expect(got.data[b * dataBytes + i], `beat ${b} lane ${i}`).toBe(want.data[b * dataBytes + i]);
        }
      }
      const lastUsers = [...got.last].flatMap((l, b) => (l ? [got.user[b]] : []));
      expect(lastUsers).toEqual(users);
      // one input beat a cycle at full rate: cycles stay within the beats in and out
      if (gap === 0 && backpressure === 0) expect(r.cycles).toBeLessThanOrEqual(beats.count + packets.length + 8);
    }
  });
});
