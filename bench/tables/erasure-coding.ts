// Bench table 4: erasure coding. Source bytes/cycle of the EC engine (exact; the default 10+4 configurations and
// other shapes and widths) on 4 stripes of 64 KiB fragments, and ISA-L's single-core ec_encode_data on the same
// stripe shape, with the clock the engine needs to pass it.
import { SimulatedEcEngine, SimulatedReedSolomon } from '../../src/engines/ec.js';
import { isalEcThroughput } from '../../src/oracle/isal.js';
import { Rng } from '../../src/util/rng.js';
import type { BenchTable } from './table.js';

async function ecThroughput() {
  const fragmentBytes = 65536;
  const configs = [
    { k: 10, m: 4, bytesPerCycle: 64, coefficients: 'runtime' as const },
    { k: 10, m: 4, bytesPerCycle: 64, coefficients: 'fixed' as const, matrix: 'cauchy' as const },
    { k: 10, m: 4, bytesPerCycle: 16, coefficients: 'runtime' as const },
    { k: 10, m: 4, bytesPerCycle: 128, coefficients: 'runtime' as const },
    { k: 4, m: 2, bytesPerCycle: 64, coefficients: 'runtime' as const },
    { k: 16, m: 4, bytesPerCycle: 64, coefficients: 'runtime' as const },
  ];
  const rows = [];
  const isalByShape = new Map<string, number>(); // one ISA-L measurement per k+m, so the rows share it
  for (const c of configs) {
    const e = await SimulatedEcEngine.create(c);
    const rng = new Rng(c.k * 100 + c.m);
    const stripes = Array.from({ length: 4 }, () => Array.from({ length: c.k }, () => rng.bytes(fragmentBytes)));
    const hw = new SimulatedReedSolomon(e, c.k, c.m, 'cauchy');
    hw.encode(stripes[0]); // program the parity rows (runtime) outside the measured run
    const run = e.process(stripes);
    e.close();
    const shape = `${c.k}+${c.m}`;
    if (!isalByShape.has(shape)) isalByShape.set(shape, await isalEcThroughput(c.k, c.m, fragmentBytes, 1000));
    const isal = isalByShape.get(shape)!;
    rows.push({ top: e.design.top, ...c, bytes: run.bytes, cycles: run.cycles, sourceBytesPerCycle: run.bytes / run.cycles, isalBytesPerSec: isal });
  }
  return { fragmentBytes, rows };
}

export type ErasureCoding = Awaited<ReturnType<typeof ecThroughput>>;

export async function erasureCodingTable(): Promise<BenchTable<ErasureCoding>> {
  const ec = await ecThroughput();
  return {
    id: '4',
    title: [`\n4. Erasure coding (Cauchy parity), 4 stripes of k x ${ec.fragmentBytes / 1024} KiB fragments: engine source bytes/cycle (exact) vs ISA-L ec_encode_data on one core, same shape`],
    table: {
      headers: ['engine', 'k+m', 'B/beat', 'cycles', 'source bytes/cycle', 'ISA-L 1 core (GB/s)', 'clock to pass it (MHz)'],
      rows: ec.rows.map((r) => [r.top, `${r.k}+${r.m}`, r.bytesPerCycle, r.cycles, r.sourceBytesPerCycle, r.isalBytesPerSec / 1e9, Math.round(r.isalBytesPerSec / r.sourceBytesPerCycle / 1e6)]),
    },
    json: { erasureCoding: ec },
    data: ec,
  };
}
