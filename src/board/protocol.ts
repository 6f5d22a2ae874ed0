// The board's command protocol (gen/board/board.ts): request frames, and response frames parsed from the bytes
// the board sends back. The same code talks to the simulated board and to a real one.
import { BOARD_STATUS } from '../../gen/board/board.js';

export const REQUEST_SYNC = 0xa5;
export const RESPONSE_SYNC = 0x5a;

export class BoardProtocolError extends Error {}

export function requestFrame(command: number, payload: Uint8Array): Uint8Array {
  if (payload.length > 0xffff) throw new BoardProtocolError(`a payload of ${payload.length} bytes: the protocol carries at most 65535`);
  const f = new Uint8Array(4 + payload.length);
  f.set([REQUEST_SYNC, command, payload.length & 0xff, payload.length >> 8]);
  f.set(payload, 4);
  return f;
}

export interface BoardResponse {
  status: number;
  payload: Uint8Array;
}

/** A complete response at the start of `bytes`, or undefined while more bytes are due. */
export function parseResponse(bytes: readonly number[]): BoardResponse | undefined {
  if (bytes.length === 0) return undefined;
  if (bytes[0] !== RESPONSE_SYNC) throw new BoardProtocolError(`the board answered 0x${bytes[0].toString(16)} where a response starts with 0x5a`);
  if (bytes.length < 4) return undefined;
  const length = bytes[2] | (bytes[3] << 8);
  if (bytes.length < 4 + length) return undefined;
  return { status: bytes[1], payload: Uint8Array.from(bytes.slice(4, 4 + length)) };
}

export function describeStatus(status: number): string {
  const named = Object.entries(BOARD_STATUS).find(([, v]) => v === status);
  return named ? named[0] : status >= 1 && status <= 6 ? `LZ4 verdict ${status}` : `status ${status}`;
}
