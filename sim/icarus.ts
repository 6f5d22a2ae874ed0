// Differential simulation under Icarus Verilog: runs a generated design with a generated testbench
// (sim/icarus/tb.v.ejs) that replays the Verilator bridge's cycle protocol and random draws exactly, and
// returns the output beats in the same shape as SimModel.run, so the two simulators can be compared beat for
// beat and cycle for cycle. Icarus is ~1000x slower than Verilator: keep stimuli small.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderTemplate } from './template.js';
import type { GeneratedDesign, StreamPort } from '../gen/core/design.js';
import { projectRoot } from '../src/util/paths.js';
import { runTool } from '../src/util/run-tool.js';
import type { InputDrive, OutputDrive, RunOptions, RunResult } from './model.js';
import { keepBytesFor, type ReceivedBeats } from './stream.js';

/** The bridge's probability → 64-bit threshold conversion (dpf::probToThresh), exactly. */
export function probabilityThreshold(p: number): bigint {
  if (!(p > 0)) return 0n;
  if (p >= 1) return (1n << 64n) - 1n;
  return BigInt(Math.trunc(p * 18446744073709551616));
}

function hexLines(bytes: Uint8Array, count: number, width: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    for (let b = width - 1; b >= 0; b--) s += bytes[i * width + b].toString(16).padStart(2, '0');
    lines.push(s);
  }
  return lines.join('\n') + '\n';
}

function portNames(s: StreamPort): string[] {
  return [`${s.prefix}_tdata`, ...(s.keep ? [`${s.prefix}_tkeep`] : []), `${s.prefix}_tvalid`, `${s.prefix}_tready`,
    ...(s.last ? [`${s.prefix}_tlast`] : []), ...(s.userBits ? [`${s.prefix}_tuser`] : [])];
}

/** Run the design under Icarus with the same drive as SimModel.run (reset 4 cycles first, like SimModel.load). */
export async function runIcarus(
  design: GeneratedDesign, inputs: Record<string, InputDrive>, outputs: Record<string, OutputDrive>, options: RunOptions = {},
): Promise<RunResult> {
  if (design.ports.memories?.length) {
    throw new Error(`runIcarus: ${design.top} has AXI4 master ports; the Icarus testbench drives streams only (use the Verilator model)`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dpuforge-icarus-'));
  try {
    const resetCycles = 4;
    const ins = design.ports.streams.filter((s) => s.dir === 'in');
    const outs = design.ports.streams.filter((s) => s.dir === 'out');
    const inViews = ins.map((s, k) => {
      const d = inputs[s.prefix];
      const count = d?.beats.count ?? 0;
      if (d && count) {
        const kb = keepBytesFor(s.dataBytes);
        // Testbench memories hold tkeep as a dataBytes-bit number: re-pack our keep bytes to that width.
        const keep = d.beats.keep ?? new Uint8Array(count * kb).fill(0xff);
        writeFileSync(path.join(dir, `in${k}_data.hex`), hexLines(d.beats.data, count, s.dataBytes));
        writeFileSync(path.join(dir, `in${k}_keep.hex`), hexLines(keep, count, kb));
        writeFileSync(path.join(dir, `in${k}_last.hex`), Array.from(d.beats.last ?? new Uint8Array(count).fill(1), (v) => (v ? '1' : '0')).slice(0, count).join('\n') + '\n');
        if (s.userBits) writeFileSync(path.join(dir, `in${k}_user.hex`), hexLines(d.beats.user ?? new Uint8Array(count * Math.ceil(s.userBits / 8)), count, Math.ceil(s.userBits / 8)));
      }
      return { ...s, count, gapThresh: probabilityThreshold(d?.gap ?? 0).toString() };
    });
    const outViews = outs.map((s) => {
      const d = outputs[s.prefix] ?? {};
      if (d.expectLast === undefined) throw new Error(`runIcarus: output ${s.prefix} needs expectLast`);
      return { ...s, expectLast: d.expectLast, bpThresh: probabilityThreshold(d.backpressure ?? 0).toString() };
    });
    const seed = BigInt(options.seed ?? 1) || 0x9e3779b97f4a7c15n;
    const tpl = readFileSync(path.join(projectRoot(), 'sim/icarus/tb.v.ejs'), 'utf8');
    const tb = renderTemplate(tpl, {
      top: design.top, clock: design.ports.clock, reset: design.ports.reset, ins: inViews, outs: outViews,
      ports: design.ports.streams.flatMap(portNames), seed: seed.toString(), resetCycles,
      stallLimit: options.stallLimit ?? 10_000,
    });
    writeFileSync(path.join(dir, 'tb.v'), tb);
    const files = design.files.map((f) => {
      writeFileSync(path.join(dir, f.name), f.content);
      return f.name;
    });
    const lib = design.libFiles.map((f) => path.join(projectRoot(), f));
    const compiled = await runTool('iverilog', ['-g2005', '-o', 'tb.vvp', '-s', 'dpf_tb', 'tb.v', ...files, ...lib], { cwd: dir });
    const ran = compiled.ok ? await runTool('vvp', ['-n', 'tb.vvp'], { cwd: dir }) : compiled;
    if (!ran.ok) throw new Error(`Icarus Verilog failed on ${design.top} (${ran.failure}):\n${ran.all}`);
    const text = readFileSync(path.join(dir, 'out.txt'), 'utf8');
    const stall = /^STALL (\d+)$/m.exec(text);
    if (stall) throw new Error(`${design.top} is stuck under Icarus at cycle ${stall[1]}`);
    const collected = outs.map(() => ({ data: [] as number[], keep: [] as number[], last: [] as number[], user: [] as number[], cycle: [] as number[] }));
    let lastCycle = resetCycles;
    for (const line of text.split('\n')) {
      if (!line) continue;
      const [k, cyc, data, keep, last, user] = line.split(' ');
      const s = outs[Number(k)];
      const c = collected[Number(k)];
      if (/[xz]/i.test(data + last + user)) throw new Error(`${design.top} under Icarus: ${s.prefix} beat at cycle ${cyc} carries X/Z: tdata=${data} tlast=${last} tuser=${user}`);
      c.cycle.push(Number(cyc));
      lastCycle = Math.max(lastCycle, Number(cyc) + 1);
      c.data.push(...hexToBytes(data, s.dataBytes));
      if (s.keep) c.keep.push(...hexToBytes(keep, keepBytesFor(s.dataBytes)));
      c.last.push(Number(last) ? 1 : 0);
      if (s.userBits) c.user.push(...hexToBytes(user, Math.ceil(s.userBits / 8)));
    }
    const result: Record<string, ReceivedBeats> = {};
    outs.forEach((s, k) => {
      const c = collected[k];
      result[s.prefix] = { count: c.last.length, data: Uint8Array.from(c.data), keep: Uint8Array.from(c.keep),
        last: Uint8Array.from(c.last), user: Uint8Array.from(c.user), cycle: Float64Array.from(c.cycle) };
    });
    return { cycles: lastCycle - resetCycles, startCycle: resetCycles, outputs: result, memories: {} };
  } finally {
    if (!process.env.DPUFORGE_KEEP_ICARUS) rmSync(dir, { recursive: true, force: true });
  }
}

function hexToBytes(hex: string, n: number): number[] {
  const padded = hex.padStart(n * 2, '0');
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(parseInt(padded.slice(padded.length - 2 * (i + 1), padded.length - 2 * i), 16));
  return out;
}
