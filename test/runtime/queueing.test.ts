// The runtime model's queueing core against closed-form queueing results, as an independent check of the
// simulator: M/M/1 (utilization rho, mean wait rho / (mu - lambda)), M/D/1 (Pollaczek-Khinchine: half the M/M/1
// wait), M/M/c (Erlang C), on long seeded runs; and the event order the model relies on.
import { describe, expect, it } from 'vitest';
import { Simulator, SimulationError } from '../../src/runtime/simulator.js';
import { ServerPool } from '../../src/runtime/server-pool.js';
import { exponential, poissonArrivals } from '../../src/runtime/arrivals.js';
import { Rng } from '../../src/util/rng.js';

/** Erlang C: the probability an arrival waits in an M/M/c queue with offered load a = lambda / mu. */
function erlangC(c: number, a: number): number {
  let sum = 0;
  let term = 1;
  for (let k = 0; k < c; k++) { sum += term; term *= a / (k + 1); }
  const top = term * (c / (c - a));
  return top / (sum + top);
}

function station(servers: number, lambda: number, service: (rng: Rng) => number, jobs: number, seed: number) {
  const sim = new Simulator();
  const pool = new ServerPool(sim, 'station', servers);
  const rng = new Rng(seed);
  const svc = new Rng(seed + 1);
  let finished = 0;
  poissonArrivals(sim, rng, 1 / lambda, jobs, () => pool.submit(service(svc), () => { finished++; }));
  sim.run();
  expect(finished).toBe(jobs);
  return pool.stats();
}

describe('queueing core vs closed-form results', () => {
  const mu = 1 / 100; // a mean service time of 100 ns
  const jobs = 400_000;
  it.each([0.5, 0.7])('M/M/1 at rho %s: utilization and mean wait within 3% / 4%', (rho) => {
    const lambda = rho * mu;
    const s = station(1, lambda, (r) => exponential(r, 1 / mu), jobs, 11);
    expect(s.utilization).toBeGreaterThan(rho * 0.97);
    expect(s.utilization).toBeLessThan(rho * 1.03);
    const wq = rho / (mu - lambda);
    expect(Math.abs(s.meanWait - wq) / wq, `mean wait ${s.meanWait.toFixed(1)} ns, M/M/1 ${wq.toFixed(1)}`).toBeLessThan(0.04);
    expect(Math.abs(s.meanResponse - (wq + 1 / mu)) / (wq + 1 / mu)).toBeLessThan(0.05);
  });

  it.each([0.5, 0.7])('M/D/1 at rho %s: mean wait rho / (2 mu (1 - rho)) within 4%', (rho) => {
    const lambda = rho * mu;
    const s = station(1, lambda, () => 1 / mu, jobs, 12);
    expect(Math.abs(s.utilization - rho) / rho).toBeLessThan(0.03);
    const wq = rho / (2 * mu * (1 - rho));
    expect(Math.abs(s.meanWait - wq) / wq, `mean wait ${s.meanWait.toFixed(1)} ns, M/D/1 ${wq.toFixed(1)}`).toBeLessThan(0.04);
  });

  it('M/M/4 at rho 0.75: mean wait C(c, a) / (c mu - lambda) within 4%', () => {
    const c = 4;
    const lambda = 0.75 * c * mu;
    const s = station(c, lambda, (r) => exponential(r, 1 / mu), jobs, 13);
    const wq = erlangC(c, lambda / mu) / (c * mu - lambda);
    expect(Math.abs(s.utilization - 0.75)).toBeLessThan(0.02);
    expect(Math.abs(s.meanWait - wq) / wq, `mean wait ${s.meanWait.toFixed(1)} ns, Erlang C ${wq.toFixed(1)}`).toBeLessThan(0.04);
  });
});

describe('simulator', () => {
  it('runs events in time order, same-time events in the order scheduled, and refuses time travel', () => {
    const sim = new Simulator();
    const seen: string[] = [];
    sim.after(5, () => seen.push('b'));
    sim.after(5, () => { seen.push('c'); sim.after(0, () => seen.push('e')); });
    sim.after(1, () => seen.push('a'));
    sim.after(7, () => seen.push('f'));
    sim.at(5, () => seen.push('d'));
    expect(sim.run(6)).toBe(5);
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(sim.now).toBe(6);
    sim.run();
    expect(seen.at(-1)).toBe('f');
    expect(() => sim.after(-1, () => {})).toThrow(SimulationError);
    expect(() => sim.at(3, () => {})).toThrow(/-4 ns ahead/);
    expect(() => new ServerPool(sim, 'engines', 0)).toThrow('engines: 0 servers; a pool has at least one');
  });
});
