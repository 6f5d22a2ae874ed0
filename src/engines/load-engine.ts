// The one way every simulated engine comes to life: validate the raw parameters with the engine's generator,
// emit its RTL, and build (or fetch from the cache) and reset its Verilator model.
import type { GeneratedDesign } from '../../gen/core/design.js';
import type { Generator } from '../../gen/core/generator.js';
import { SimModel, type LoadOptions } from '../../sim/model.js';
import { gateLevelDesign, type GateLevelTarget } from '../synth/gate-level.js';

export interface EngineLoadOptions extends LoadOptions {
  /** Simulate the design as synthesized (a gate-level netlist of the target's cells) instead of its RTL. */
  gateLevel?: GateLevelTarget;
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
  const { gateLevel, ...load } = options;
  const design = gateLevel ? await gateLevelDesign(rtl, gateLevel) : rtl;
  const model = await SimModel.load(design, load);
  const settle = settleCycles?.(params) ?? 0;
  if (settle > 0) model.run({}, {}, { drainCycles: settle, stallLimit: settle + 4 });
  return { params, design, model };
}
