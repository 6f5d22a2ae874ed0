// Bench table 3: ISA-L's single-core crc32_iscsi throughput on this machine (4 KiB buffers), and the clock each
// CRC32C engine width of table 2 needs to match it.
import { isalCrcThroughput } from '../../src/oracle/isal.js';
import { Rng } from '../../src/util/rng.js';
import type { CrcRow } from './crc-bytes-per-cycle.js';
import type { BenchTable } from './table.js';

/** `bpc`: table 2's rows. */
export async function isalCrcTable(bpc: readonly CrcRow[]): Promise<BenchTable<number>> {
  const buf = new Rng(3).bytes(4096);
  const isal = await isalCrcThroughput('crc32c', buf, 500);
  return {
    id: '3',
    title: [`\n3. ISA-L crc32_iscsi on one core of this machine, 4 KiB buffers: ${(isal / 1e9).toFixed(1)} GB/s`],
    table: {
      headers: ['engine bytes/cycle', 'clock to match one ISA-L core (MHz)'],
      rows: bpc.map((r) => [r.bytesPerCycle, Math.round(isal / (r.blocks4k.bytes / r.blocks4k.cycles) / 1e6)]),
    },
    json: { isalCrc32cBytesPerSec4k: isal },
    data: isal,
  };
}
