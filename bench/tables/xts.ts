// Bench table 11: the AES-XTS engine's bytes/cycle (exact, from simulation) per configuration on two workloads
// (4 KiB requests in 512-byte data units; 16 KiB requests in 4 KiB data units), every output checked equal to
// OpenSSL's; and OpenSSL's own single-core AES-XTS speed on this machine, measured in the same run, with the
// clock each engine needs to pass one x86 core.
import { SimulatedXts } from '../../src/engines/xts.js';
import { opensslXts, opensslXtsSpeed } from '../../src/oracle/openssl.js';
import { Rng } from '../../src/util/rng.js';
import type { BenchTable } from './table.js';

const CONFIGS = [
  { mode: 'encrypt', keyBits: 256, lanes: 4, rounds: 'unrolled' },
  { mode: 'decrypt', keyBits: 256, lanes: 4, rounds: 'unrolled' },
  { mode: 'encrypt', keyBits: 256, lanes: 2, rounds: 'unrolled' },
  { mode: 'encrypt', keyBits: 256, lanes: 1, rounds: 'unrolled' },
  { mode: 'encrypt', keyBits: 128, lanes: 4, rounds: 'unrolled' },
  { mode: 'encrypt', keyBits: 256, lanes: 4, rounds: 'iterative' },
  { mode: 'encrypt', keyBits: 256, lanes: 1, rounds: 'iterative' },
] as const;

const WORKLOADS = [
  { name: '64 x 4 KiB, 512 B units', requests: 64, bytes: 4096, unit: 512 },
  { name: '16 x 16 KiB, 4 KiB units', requests: 16, bytes: 16384, unit: 4096 },
];

export async function xtsThroughput() {
  const openssl: Record<string, number> = {};
  for (const keyBits of [128, 256] as const) for (const bytes of [512, 4096, 16384]) openssl[`aes-${keyBits}-xts/${bytes}`] = await opensslXtsSpeed(keyBits, bytes);
  const rows = [];
  for (const c of CONFIGS) {
    const e = await SimulatedXts.create({ ...c, keySlots: 4 });
    try {
      const rng = new Rng(c.keyBits + c.lanes);
      const key = rng.bytes(c.keyBits / 4);
      if (e.loadKeys([{ slot: 0, key }]).statuses[0] !== 0) throw new Error(`xts bench: ${e.design.top} refused the key`);
      const perWorkload: { bytesPerCycle: number; cycles: number }[] = [];
      for (const w of WORKLOADS) {
        const requests = Array.from({ length: w.requests }, (_, i) => ({ slot: 0, dataUnitBytes: w.unit, firstDataUnit: BigInt(i * 1000), data: rng.bytes(w.bytes) }));
        const r = e.run(requests);
        requests.forEach((q, i) => {
          const want = opensslXts(c.mode, key, q.firstDataUnit, q.dataUnitBytes, q.data);
          if (r.results[i].status !== 0 || Buffer.compare(Buffer.from(want), Buffer.from(r.results[i].output)) !== 0) throw new Error(`xts bench: ${e.design.top} request ${i} differs from OpenSSL`);
        });
        perWorkload.push({ bytesPerCycle: r.inputBytes / r.cycles, cycles: r.cycles });
      }
      const ossl = openssl[`aes-${c.keyBits}-xts/16384`];
      rows.push({ top: e.design.top, ...c, workloads: perWorkload, opensslBytesPerSec: ossl, clockToPassMhz: ossl / perWorkload[1].bytesPerCycle / 1e6 });
    } finally {
      e.close();
    }
  }
  return { workloads: WORKLOADS.map((w) => w.name), openssl, rows };
}

export type XtsResults = Awaited<ReturnType<typeof xtsThroughput>>;

export async function xtsTable(): Promise<BenchTable<XtsResults>> {
  const xts = await xtsThroughput();
  return {
    id: '11',
    title: [
      `\n11. AES-XTS engine: bytes/cycle (exact; every output equal to OpenSSL's) on ${xts.workloads.join(' and on ')}; OpenSSL`,
      `    on one core of this machine: ${Object.entries(xts.openssl).map(([k, v]) => `${k} B ${(v / 1e9).toFixed(2)} GB/s`).join(', ')}`,
    ],
    table: {
      headers: ['engine', 'mode', 'key', 'lanes', 'rounds', ...xts.workloads.map((w) => `${w}: B/cycle`), 'clock to pass 1 OpenSSL core, 16 KiB (MHz)'],
      rows: xts.rows.map((r) => [r.top, r.mode, `AES-${r.keyBits}`, r.lanes, r.rounds, ...r.workloads.map((w) => w.bytesPerCycle), Math.round(r.clockToPassMhz)]),
    },
    json: { xts },
    data: xts,
  };
}
