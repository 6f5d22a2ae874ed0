// Running external tools (verilator, iverilog, cc, ...): one place that runs a command, captures its output
// and reports a failure with the tool's own messages instead of a Node stack trace.
import { execa } from 'execa';

export interface ToolResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as the tool wrote them. */
  all: string;
  /** Why it failed: exit code, signal, or "not installed". */
  failure?: string;
}

export async function runTool(cmd: string, args: readonly string[], options: { cwd?: string } = {}): Promise<ToolResult> {
  const r = await execa(cmd, args, { cwd: options.cwd, reject: false, all: true, stdin: 'ignore', maxBuffer: 256 << 20 });
  const all = r.all ?? '';
  if (!r.failed) return { ok: true, stdout: r.stdout, stderr: r.stderr, all };
  const e = r as unknown as { code?: string; signal?: string; exitCode?: number };
  const failure = e.code === 'ENOENT' ? `${cmd} is not installed or not on PATH`
    : e.signal ? `${cmd} was killed by ${e.signal}` : `${cmd} exited with code ${e.exitCode}`;
  return { ok: false, stdout: r.stdout ?? '', stderr: r.stderr ?? '', all, failure };
}
