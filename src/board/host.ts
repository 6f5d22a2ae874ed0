// Host side of the board protocol: the engines' calls (CRC32C of data, EC parity of fragments, LZ4 decode of a
// block) over a link to a board — the simulated one (src/board/sim-board.ts) or a real one on a serial port
// (src/board/serial-port.ts) — with the same result shapes as the reference kernels.
import { BOARD_COMMANDS, BOARD_STATUS } from '../../gen/board/board.js';
import { BoardProtocolError, describeStatus, requestFrame, type BoardResponse } from './protocol.js';

export interface BoardLink {
  exchange(frame: Uint8Array): Promise<BoardResponse>;
}

export class BoardHost {
  constructor(readonly link: BoardLink, readonly ecK: number, readonly ecM: number) {}

  async crc32c(data: Uint8Array): Promise<number> {
    const r = await this.link.exchange(requestFrame(BOARD_COMMANDS.crc32c, data));
    if (r.status !== BOARD_STATUS.done || r.payload.length !== 4) throw new BoardProtocolError(`CRC32C: ${describeStatus(r.status)}, ${r.payload.length} bytes`);
    return new DataView(r.payload.buffer, r.payload.byteOffset).getUint32(0, true);
  }

  /** Parity of k equal fragments (interleaved byte by byte on the wire), as m fragments. */
  async ecEncode(fragments: readonly Uint8Array[]): Promise<Uint8Array[]> {
    const k = this.ecK;
    if (fragments.length !== k || fragments.some((f) => f.length !== fragments[0].length)) throw new BoardProtocolError(`EC: ${k} fragments of one length are needed`);
    const L = fragments[0].length;
    const wire = new Uint8Array(k * L);
    for (let i = 0; i < L; i++) for (let j = 0; j < k; j++) wire[i * k + j] = fragments[j][i];
    const r = await this.link.exchange(requestFrame(BOARD_COMMANDS.ecEncode, wire));
    if (r.status !== BOARD_STATUS.done) throw new BoardProtocolError(`EC encode: ${describeStatus(r.status)}`);
    return Array.from({ length: this.ecM }, (_, p) => Uint8Array.from({ length: L }, (_, i) => r.payload[i * this.ecM + p]));
  }

  /** The decoded bytes and the decoder's verdict (0 = a good block), like lz4DecodeBlock. */
  async lz4Decompress(block: Uint8Array): Promise<{ output: Uint8Array; error: number }> {
    const r = await this.link.exchange(requestFrame(BOARD_COMMANDS.lz4Decompress, block));
    if (r.status > 6) throw new BoardProtocolError(`LZ4 decompress: ${describeStatus(r.status)}`);
    return { output: r.payload, error: r.status };
  }
}
