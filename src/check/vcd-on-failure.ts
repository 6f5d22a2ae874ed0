// When a bit-exact check fails, replay the same run on a trace-enabled build of the same design and keep the
// VCD, so the failure message can name the file to open. Tracing costs nothing on passing runs.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { GeneratedDesign } from '../../gen/core/design.js';
import { SimModel } from '../../sim/model.js';
import { projectRoot } from '../util/paths.js';

/** Directory for VCDs of failing runs: $DPUFORGE_VCD_DIR, else <root>/out/vcd. */
export function vcdDir(): string {
  return process.env.DPUFORGE_VCD_DIR ?? path.join(projectRoot(), 'out', 'vcd');
}

/**
 * Re-run `replay` on a freshly reset, trace-enabled model of `design` and return the VCD path. Errors from the
 * replay (a stall, say) are swallowed: the trace up to that point is what the user needs.
 */
export async function traceReplay(design: GeneratedDesign, label: string, replay: (model: SimModel) => void, seed = 1): Promise<string> {
  mkdirSync(vcdDir(), { recursive: true });
  const file = path.join(vcdDir(), `${design.top}-${label.replace(/[^A-Za-z0-9_.-]+/g, '_')}-${process.pid}-${Date.now()}.vcd`);
  const model = await SimModel.load(design, { trace: true, seed, resetCycles: 0 });
  try {
    model.traceTo(file);
    model.reset(4);
    try {
      replay(model);
    } catch {
      // keep the trace of the failing run
    }
  } finally {
    model.close();
  }
  return file;
}
