// The board top (the exact RTL of the bitstream) simulated at its pins through the TS serial-link model: each
// command of the protocol answers bit-exact with the reference kernels — CRC32C, EC parity, LZ4 decoding
// (good and corrupt blocks) — and bad requests get their status.
import { afterAll, describe, expect, it } from 'vitest';
import { BOARD_COMMANDS, BOARD_STATUS } from '../../gen/board/board.js';
import { designOf } from '../../gen/lz4/compress-params.js';
import { BoardHost } from '../../src/board/host.js';
import { requestFrame } from '../../src/board/protocol.js';
import { UartDecoder, uartEncode } from '../../src/board/serial.js';
import { SimulatedBoardLink } from '../../src/board/sim-board.js';
import { catalogueModel, crc } from '../../src/ref/crc.js';
import { ReedSolomon } from '../../src/ref/ec.js';
import { lz4DecodeBlock } from '../../src/ref/lz4.js';
import { lz4DesignCompress } from '../../src/ref/lz4-compress.js';
import { Rng } from '../../src/util/rng.js';

let link: SimulatedBoardLink | undefined;
afterAll(() => link?.close());
async function board(): Promise<{ link: SimulatedBoardLink; host: BoardHost }> {
  link ??= await SimulatedBoardLink.create();
  return { link, host: new BoardHost(link, link.params.ecK, link.params.ecM) };
}

describe('serial link model', () => {
  it('decodes what it encodes, at any clocks per bit', () => {
    const bytes = new Rng(1).bytes(50);
    for (const n of [4, 13, 104]) {
      const d = new UartDecoder(n);
      d.feed(uartEncode(bytes, n));
      expect(Uint8Array.from(d.bytes)).toEqual(bytes);
      expect(d.framingErrors).toBe(0);
    }
  });
});

describe('board top, simulated at its pins (HX8K breakout defaults: 12 MHz, 115200 baud)', () => {
  it('answers CRC32C, EC parity and LZ4 decode bit-exact with the references', async () => {
    const { host } = await board();
    const rng = new Rng(7);
    for (const n of [1, 3, 100]) {
      const data = rng.bytes(n);
      expect(await host.crc32c(data)).toBe(Number(crc(catalogueModel('crc32c')!, data)));
    }
    const fragments = Array.from({ length: 4 }, () => rng.bytes(20));
    expect(await host.ecEncode(fragments)).toEqual(new ReedSolomon(4, 2, 'cauchy').encode(fragments));
    const text = new TextEncoder().encode('the board decodes LZ4 over a serial line, the board decodes LZ4 over a serial line. '.repeat(6));
    const block = lz4DesignCompress(designOf({ lanes: 4, hashBits: 8, hashBanks: 4, windowBytes: 1024, backwardBytes: 0, historyMemory: 'registers' }), text);
    const good = await host.lz4Decompress(block);
    expect(good.error).toBe(0);
    expect(Buffer.from(good.output).equals(Buffer.from(text))).toBe(true);
    const corrupt = Uint8Array.from(block);
    corrupt[3] ^= 0xff;
    const want = lz4DecodeBlock(corrupt, { maxOutput: 2048, window: 1024 });
    const got = await host.lz4Decompress(corrupt);
    expect(got.error).toBe(want.error);
  });

  it('gives bad requests their status and goes on', async () => {
    const { link: l, host } = await board();
    expect((await l.exchange(requestFrame(9, new Uint8Array([1, 2, 3])))).status).toBe(BOARD_STATUS.unknownCommand);
    expect((await l.exchange(requestFrame(BOARD_COMMANDS.crc32c, new Uint8Array(0))))).toEqual({ status: BOARD_STATUS.empty, payload: new Uint8Array(0) });
    expect((await l.exchange(requestFrame(BOARD_COMMANDS.ecEncode, new Uint8Array(7)))).status).toBe(BOARD_STATUS.ecFraming);
    expect(await host.crc32c(new Uint8Array([0x31, 0x32, 0x33]))).toBe(Number(crc(catalogueModel('crc32c')!, new Uint8Array([0x31, 0x32, 0x33]))));
    expect(l.led & 0x3f).toBeGreaterThanOrEqual(4); // commands answered, on the LEDs
  });
});
