// Bench table 2: the CRC32C engine's bytes/cycle at widths 1..128 bytes/beat, exact from simulation (full rate,
// pipeline latency included), on 64 blocks of 4 KiB and on the demo mix.
import { demoMessages } from '../../src/data/demo-set.js';
import { SimulatedCrcEngine } from '../../src/engines/crc.js';
import { Rng } from '../../src/util/rng.js';
import type { BenchTable } from './table.js';

async function bytesPerCycle() {
  const widths = [1, 8, 16, 32, 64, 128];
  const rng = new Rng(2);
  const blocks = Array.from({ length: 64 }, () => rng.bytes(4096));
  const mix = demoMessages().map((m) => m.data);
  const rows = [];
  for (const W of widths) {
    const e = await SimulatedCrcEngine.create({ bytesPerCycle: W, model: 'crc32c' });
    const a = e.run(blocks);
    const b = e.run(mix);
    e.close();
    rows.push({ bytesPerCycle: W, blocks4k: { bytes: a.bytes, cycles: a.cycles }, demoMix: { bytes: b.bytes, cycles: b.cycles }, latency: e.design.latencyCycles });
  }
  return rows;
}

export type CrcRow = Awaited<ReturnType<typeof bytesPerCycle>>[number];

export async function crcBytesPerCycleTable(): Promise<BenchTable<CrcRow[]>> {
  const bpc = await bytesPerCycle();
  return {
    id: '2',
    title: ['\n2. CRC32C engine bytes/cycle from simulation (exact cycle counts, full rate, includes pipeline latency)'],
    table: {
      headers: ['bytes/beat', 'latency (cycles)', '64 x 4 KiB: cycles', 'bytes/cycle', 'demo mix: cycles', 'bytes/cycle'],
      rows: bpc.map((r) => [r.bytesPerCycle, r.latency, r.blocks4k.cycles, r.blocks4k.bytes / r.blocks4k.cycles, r.demoMix.cycles, r.demoMix.bytes / r.demoMix.cycles]),
    },
    json: { bytesPerCycle: bpc },
    data: bpc,
  };
}
