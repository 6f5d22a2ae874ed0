// Open-loop arrival processes for the runtime model: Poisson arrivals (exponential gaps) and the exponential
// variates service times use, from the project's seeded generator (so a run repeats exactly).
import { Rng } from '../util/rng.js';
import type { Simulator } from './simulator.js';

/** An exponential variate with the given mean (inverse transform of a uniform in (0, 1]). */
export function exponential(rng: Rng, mean: number): number {
  return -Math.log(1 - rng.float()) * mean;
}

/** Schedule `count` arrivals with exponential gaps of mean `meanGap` ns from now; `arrive(i)` runs at each. */
export function poissonArrivals(sim: Simulator, rng: Rng, meanGap: number, count: number, arrive: (i: number) => void): void {
  if (!(meanGap > 0) || !Number.isFinite(meanGap)) throw new RangeError(`a mean gap between arrivals of ${meanGap} ns`);
  let i = 0;
  const next = () => {
    if (i >= count) return;
    const n = i++;
    arrive(n);
    sim.after(exponential(rng, meanGap), next);
  };
  sim.after(exponential(rng, meanGap), next);
}
