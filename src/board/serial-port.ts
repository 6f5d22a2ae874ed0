// A real board on a serial port (Linux): the port is set to raw 8N1 at the board's baud rate with stty, then
// request frames are written and response bytes read until a whole response has come (or a timeout).
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { runTool } from '../util/run-tool.js';
import { BoardProtocolError, parseResponse, type BoardResponse } from './protocol.js';
import type { BoardLink } from './host.js';

export class SerialPortLink implements BoardLink {
  private constructor(readonly port: string, private readonly fd: number, readonly timeoutMs: number) {}

  static async open(port: string, baud: number, timeoutMs = 5000): Promise<SerialPortLink> {
    let fd: number;
    try {
      fd = openSync(port, 'r+');
    } catch (err) {
      throw new BoardProtocolError(`cannot open serial port ${port}: ${(err as Error).message}`);
    }
    const r = await runTool('stty', ['-F', port, String(baud), 'raw', '-echo', 'cs8', '-cstopb', '-parenb', 'min', '0', 'time', '1']);
    if (!r.ok) {
      closeSync(fd);
      throw new BoardProtocolError(`cannot set ${port} to ${baud} baud 8N1 raw: ${r.failure ?? r.all}`);
    }
    return new SerialPortLink(port, fd, timeoutMs);
  }

  async exchange(frame: Uint8Array): Promise<BoardResponse> {
    writeSync(this.fd, frame);
    const got: number[] = [];
    const buf = Buffer.alloc(4096);
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      // the port returns after 0.1 s without data (stty time 1), so the loop sees its deadline
      const n = readSync(this.fd, buf, 0, buf.length, null);
      for (let i = 0; i < n; i++) got.push(buf[i]);
      const r = parseResponse(got);
      if (r) return r;
      if (Date.now() > deadline) throw new BoardProtocolError(`${this.port}: no complete response within ${this.timeoutMs} ms (${got.length} bytes came)`);
      if (n === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}
