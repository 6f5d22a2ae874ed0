// The one way every simulated engine comes to life: validate the raw parameters with the engine's generator,
// emit its RTL, and build (or fetch from the cache) and reset its Verilator model.
import type { GeneratedDesign } from '../../gen/core/design.js';
import type { Generator } from '../../gen/core/generator.js';
import { SimModel, type LoadOptions } from '../../sim/model.js';

export interface EngineLoadOptions extends LoadOptions {
  /**
   * Turn the emitted RTL into the design to simulate, e.g. its gate-level netlist after synthesis
   * (src/synth/gate-level.ts `gateLevel('ice40')`); the RTL itself when absent.
   */
  transform?: (rtl: GeneratedDesign) => Promise<GeneratedDesign>;
}

export interface LoadedEngine<P> {
  params: P;
  design: GeneratedDesign;
  model: SimModel;
}

/**
 * @param settleCycles cycles to run idle after reset before the engine takes data (e.g. a hash table clear)
 */
export async function loadEngine<P>(
  generator: Generator<P>, raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}, settleCycles?: (params: P) => number,
): Promise<LoadedEngine<P>> {
  const params = generator.validate(raw);
  const rtl = generator.emit(params);
  const { transform, ...load } = options;
  const design = transform ? await transform(rtl) : rtl;
  const model = await SimModel.load(design, load);
  const settle = settleCycles?.(params) ?? 0;
  if (settle > 0) model.run({}, {}, { drainCycles: settle, stallLimit: settle + 4 });
  return { params, design, model };
}
