// Place and route for iCE40 with nextpnr (the @yowasp/nextpnr-ice40 WebAssembly build): a Yosys ice40 netlist
// on an HX8K or UP5K part gives the resources used of the part's and the Fmax of the clock; a design that does
// not fit says which resource overflowed. With a PCF, it also writes the bitstream (icepack, same package).
import { runIcepack, runNextpnrIce40 } from '@yowasp/nextpnr-ice40';
import { SynthError } from './yosys.js';

export type Ice40Part = 'hx8k' | 'up5k';
export const ICE40_PARTS: Record<Ice40Part, { args: string[]; what: string }> = {
  hx8k: { args: ['--hx8k', '--package', 'ct256'], what: 'iCE40 HX8K (ct256)' },
  up5k: { args: ['--up5k', '--package', 'sg48'], what: 'iCE40 UP5K (sg48)' },
};

export interface PlaceRouteResult {
  part: Ice40Part;
  /** Resource use as nextpnr reports it, e.g. ICESTORM_LC: {used, available}. */
  utilization: Record<string, { used: number; available: number }>;
  /** Fmax of each clock in MHz. */
  fmaxMhz: Record<string, number>;
  /** The bitstream, when a PCF was given. */
  bitstream?: Uint8Array;
  seconds: number;
}

export async function placeAndRoute(netlist: string, top: string, part: Ice40Part, options: { pcf?: string; seed?: number } = {}): Promise<PlaceRouteResult> {
  const spec = ICE40_PARTS[part];
  if (!spec) throw new SynthError(`unknown iCE40 part '${part}' (parts: ${Object.keys(ICE40_PARTS).join(', ')})`);
  const t0 = Date.now();
  let log = '';
  const dec = new TextDecoder();
  const sink = (b: Uint8Array | null) => { if (b) log += dec.decode(b, { stream: true }); };
  const files: Record<string, string> = { 'netlist.json': netlist, ...(options.pcf ? { 'board.pcf': options.pcf } : {}) };
  const args = [...spec.args, '--json', 'netlist.json', '--top', top, '--timing-allow-fail', '--seed', String(options.seed ?? 1),
    ...(options.pcf ? ['--pcf', 'board.pcf', '--asc', 'out.asc'] : ['--pcf-allow-unconstrained'])];
  let out: Record<string, unknown>;
  try {
    out = (await runNextpnrIce40(args, files, { stdout: sink, stderr: sink })) as Record<string, unknown>;
  } catch {
    // the part's resources, as nextpnr counts them before placing, name what overflowed
    const over = Object.entries(utilizationOf(log)).filter(([, u]) => u.used > u.available).map(([k, u]) => `${k} ${u.used} used, ${u.available} on the part`);
    const errors = log.split('\n').filter((l) => /ERROR/.test(l)).map((l) => l.replace(/^ERROR: /, ''));
    throw new SynthError(over.length
      ? `${top} does not fit ${spec.what}: ${over.join('; ')}`
      : `${top}: place and route on ${spec.what} failed: ${errors.join(' ') || 'see the nextpnr log'}`);
  }
  const utilization = utilizationOf(log);
  const fmaxMhz: Record<string, number> = {};
  for (const m of log.matchAll(/Max frequency for clock\s+'([^']+)': ([\d.]+) MHz/g)) fmaxMhz[m[1].split('$')[0]] = Number(m[2]); // the last report is the routed one
  let bitstream: Uint8Array | undefined;
  if (options.pcf) {
    const packed = (await runIcepack(['out.asc', 'out.bin'], { 'out.asc': out['out.asc'] as string })) as Record<string, unknown>;
    bitstream = packed['out.bin'] as Uint8Array;
  }
  return { part, utilization, fmaxMhz, ...(bitstream ? { bitstream } : {}), seconds: (Date.now() - t0) / 1000 };
}

/** nextpnr's "Device utilisation" lines: resource: used/available. */
function utilizationOf(log: string): PlaceRouteResult['utilization'] {
  const u: PlaceRouteResult['utilization'] = {};
  for (const m of log.matchAll(/^Info:\s+(\w+):\s+(\d+)\/\s*(\d+)\s+\d+%/gm)) u[m[1]] = { used: Number(m[2]), available: Number(m[3]) };
  return u;
}
