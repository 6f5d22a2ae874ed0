// Bench table 8: the DMA engine (16-byte beats, 16-beat bursts): bytes/cycle (exact) of one 256 KiB gather and
// one scatter against host latency (50, 200, 800 cycles) and the bursts the engine may keep in flight (1, 4, 16).
import { SimulatedDma } from '../../src/engines/dma.js';
import type { BenchTable } from './table.js';

/** DMA: bytes/cycle of a 256 KiB gather and scatter against host latency and the engine's outstanding bursts. */
async function dmaThroughput() {
  const rows = [];
  const bytes = 256 * 1024;
  for (const maxReadBursts of [1, 4, 16]) {
    const e = await SimulatedDma.create({ dataBytes: 16, maxBurstBeats: 16, maxReadBursts, maxWriteBursts: maxReadBursts }, { opt: 'fast-sim', memoryBytes: 1 << 20 });
    for (const latency of [50, 200, 800]) {
      const timing = { readLatency: latency, writeLatency: latency, maxReads: 32, maxWrites: 32 };
      const rd = e.run([[{ addr: 5, length: bytes }]], [], {}, timing);
      const wr = e.run([], [{ segments: [{ addr: 3 + (1 << 19), length: bytes }], data: new Uint8Array(bytes).fill(7) }], {}, timing);
      rows.push({ maxBursts: maxReadBursts, latency, readBytesPerCycle: bytes / rd.cycles, writeBytesPerCycle: bytes / wr.cycles, maxReadsInFlight: rd.memory.maxReadsInFlight });
    }
    e.close();
  }
  return rows;
}

export type DmaRow = Awaited<ReturnType<typeof dmaThroughput>>[number];

export async function dmaTable(): Promise<BenchTable<DmaRow[]>> {
  const dma = await dmaThroughput();
  return {
    id: '8',
    title: [
      '\n8. DMA engine (16-byte beats, 16-beat bursts): bytes/cycle (exact) of one 256 KiB gather and one scatter vs host',
      '   latency (read: address to data; write: last beat to response) and the bursts the engine keeps in flight',
    ],
    table: {
      headers: ['bursts in flight (max)', 'host latency (cycles)', 'read B/cycle', 'write B/cycle', 'reads in flight (seen)'],
      rows: dma.map((r) => [r.maxBursts, r.latency, r.readBytesPerCycle, r.writeBytesPerCycle, r.maxReadsInFlight]),
    },
    json: { dma },
    data: dma,
  };
}
