// A small streaming VCD reader (IEEE 1364 value change dump, as Verilator and Icarus write it). It keeps only
// the signals asked for, so a large dump is read in one pass with little memory. Several names may share one
// identifier code (Verilator aliases equal signals): each name keeps its own entry.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface VcdSignal {
  /** Hierarchical name, dot-separated, e.g. "top.crc_engine_w8_crc32c.m_axis_tvalid". */
  name: string;
  width: number;
  id: string;
  /** Value changes in time order: [time, value as a binary string of `width` chars, x/z allowed]. */
  changes: [number, string][];
}

export interface VcdDump {
  timescale: string;
  signals: Map<string, VcdSignal>;
  endTime: number;
}

export class VcdError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'VcdError';
  }
}

/**
 * Read a VCD file, keeping the signals for which `want(name)` is true (default: all).
 * Values are normalised to `width` characters (left-extended as VCD specifies).
 */
export async function readVcd(file: string, want: (name: string) => boolean = () => true): Promise<VcdDump> {
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const signals = new Map<string, VcdSignal>();
  const byId = new Map<string, VcdSignal[]>();
  const scope: string[] = [];
  let timescale = '';
  let inDefs = true;
  let time = 0;
  let lineNo = 0;
  let pending = ''; // a header declaration spanning lines, up to its $end

  const record = (id: string, value: string) => {
    const sigs = byId.get(id);
    if (!sigs) return;
    for (const s of sigs) {
      const v = extend(value, s.width);
      const last = s.changes[s.changes.length - 1];
      if (last && last[0] === time) last[1] = v;
      else s.changes.push([time, v]);
    }
  };

  for await (const raw of rl) {
    lineNo++;
    const line = raw.trim();
    if (!line) continue;
    if (inDefs) {
      pending = pending ? `${pending} ${line}` : line;
      if (!/\$end\b/.test(pending)) continue;
      const decls = pending.split(/\$end\b/).map((d) => d.trim()).filter(Boolean);
      pending = '';
      for (const decl of decls) {
        const toks = decl.split(/\s+/);
        switch (toks[0]) {
          case '$timescale': timescale = toks.slice(1).join(''); break;
          case '$scope': scope.push(toks[2] ?? ''); break;
          case '$upscope': scope.pop(); break;
          case '$var': {
            if (toks.length < 5) throw new VcdError(file, lineNo, `malformed $var: ${decl}`);
            const width = Number(toks[2]);
            const id = toks[3];
            const name = [...scope, toks[4]].join('.');
            if (!Number.isInteger(width) || width < 1) throw new VcdError(file, lineNo, `bad width in $var: ${decl}`);
            if (!want(name)) break;
            const s: VcdSignal = { name, width, id, changes: [] };
            signals.set(name, s);
            byId.set(id, [...(byId.get(id) ?? []), s]);
            break;
          }
          case '$enddefinitions': inDefs = false; break;
          default: break; // $date, $version, $comment
        }
      }
      continue;
    }
    // One change per line, as Verilator and Icarus write them (identifier codes may contain '#').
    const c = line[0];
    if (c === '#') {
      const t = Number(line.slice(1));
      if (!Number.isFinite(t)) throw new VcdError(file, lineNo, `bad time '${line}'`);
      time = t;
    } else if (c === 'b' || c === 'B') {
      const m = /^[bB]([01xzXZ]+)\s+(\S+)$/.exec(line);
      if (!m) throw new VcdError(file, lineNo, `bad vector change '${line}'`);
      record(m[2], m[1].toLowerCase());
    } else if ('01xzXZ'.includes(c)) {
      record(line.slice(1), c.toLowerCase());
    } else if (c !== '$' && c !== 'r' && c !== 'R') {
      // $dumpvars/$end wrappers and real values (unused by our designs) are skipped
      throw new VcdError(file, lineNo, `unexpected '${line}'`);
    }
  }
  return { timescale, signals, endTime: time };
}

function extend(v: string, width: number): string {
  if (v.length >= width) return v.slice(v.length - width);
  const pad = v[0] === 'x' || v[0] === 'z' ? v[0] : '0';
  return pad.repeat(width - v.length) + v;
}

/** The value of a signal at time t (its last change at or before t), or undefined before its first. */
export function valueAt(sig: VcdSignal, t: number): string | undefined {
  let lo = 0, hi = sig.changes.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sig.changes[mid][0] <= t) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found < 0 ? undefined : sig.changes[found][1];
}

/** Find a signal by the end of its hierarchical name (e.g. "m_axis_tvalid"), preferring the shallowest. */
export function findSignal(dump: VcdDump, suffix: string): VcdSignal | undefined {
  let best: VcdSignal | undefined;
  for (const s of dump.signals.values()) {
    if (s.name === suffix || s.name.endsWith('.' + suffix)) {
      if (!best || s.name.split('.').length < best.name.split('.').length) best = s;
    }
  }
  return best;
}
