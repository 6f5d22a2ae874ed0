// A long-running native helper process spoken to over stdin/stdout with length-prefixed frames
// (see src/oracle/oracle.c for the framing). Requests are pipelined; answers come back in order.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** The helper answered with a non-zero status (its payload is the message). */
export class HelperStatusError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = 'HelperStatusError';
  }
}

interface Pending {
  resolve: (payload: Buffer) => void;
  reject: (err: Error) => void;
  what: string;
}

export class NativeHelper {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: Pending[] = [];
  private inbox: Buffer = Buffer.alloc(0);
  private stderr = '';
  private dead?: Error;

  constructor(private readonly executable: string, private readonly label: string) {
    this.child = spawn(executable, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => { this.stderr += chunk.toString(); });
    this.child.on('error', (err) => this.fail(new Error(`${label}: cannot run ${executable}: ${err.message}`)));
    this.child.on('exit', (code, signal) => {
      this.fail(new Error(`${label} exited (${signal ?? 'code ' + code})${this.stderr ? ': ' + this.stderr.trim() : ''}`));
    });
    this.setKeepAlive(false);
  }

  /** An idle helper must not keep the process alive; one with requests in flight must. */
  private setKeepAlive(on: boolean): void {
    const handles = [this.child, this.child.stdout, this.child.stderr, this.child.stdin] as unknown as
      { ref?: () => void; unref?: () => void }[];
    for (const h of handles) (on ? h.ref : h.unref)?.call(h);
  }

  request(op: number, args: Uint8Array, data: Uint8Array, what: string): Promise<Buffer> {
    if (this.dead) return Promise.reject(this.dead);
    const header = Buffer.alloc(12);
    header.writeUInt32LE(op, 0);
    header.writeUInt32LE(args.byteLength, 4);
    header.writeUInt32LE(data.byteLength, 8);
    return new Promise<Buffer>((resolve, reject) => {
      if (this.pending.length === 0) this.setKeepAlive(true);
      this.pending.push({ resolve, reject, what });
      this.child.stdin.write(header);
      this.child.stdin.write(args);
      this.child.stdin.write(data);
    });
  }

  close(): void {
    this.child.stdin.end();
  }

  private onData(chunk: Buffer): void {
    this.inbox = this.inbox.length ? Buffer.concat([this.inbox, chunk]) : chunk;
    while (this.inbox.length >= 8) {
      const status = this.inbox.readUInt32LE(0);
      const len = this.inbox.readUInt32LE(4);
      if (this.inbox.length < 8 + len) return;
      const payload = Buffer.from(this.inbox.subarray(8, 8 + len));
      this.inbox = this.inbox.subarray(8 + len);
      const p = this.pending.shift();
      if (!p) continue;
      if (this.pending.length === 0) this.setKeepAlive(false);
      if (status === 0) p.resolve(payload);
      else p.reject(new HelperStatusError(`${this.label}: ${p.what}: ${payload.toString()}`, status));
    }
  }

  private fail(err: Error): void {
    this.dead ??= err;
    this.setKeepAlive(false);
    for (const p of this.pending.splice(0)) p.reject(err);
  }
}
