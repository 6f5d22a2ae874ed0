// Bench table 9: the queue engine end to end. A closed-loop host keeps queue depths 1, 4 and 32 of 4 KiB requests
// of real data on the default datapath (with both XTS stages for the encrypted paths) at two host latencies; every
// request must succeed. Figures: plain bytes/cycle (exact), compression ratio, latency p50/p99 in cycles.
import { designOf } from '../../gen/lz4/compress-params.js';
import { queueCompressorParams } from '../../gen/queue/params.js';
import { defaultDatapathParams } from '../../gen/defaults.js';
import { loadCorpus } from '../../src/data/corpus.js';
import { SimulatedQueueDevice } from '../../src/driver/queue-driver.js';
import { runClosedLoop } from '../../src/driver/closed-loop.js';
import { percentile } from '../../src/util/percentile.js';
import { fragmentLength, reconstructInput, stripeEncode } from '../../src/ref/ec-stripe.js';
import { lz4DesignCompress } from '../../src/ref/lz4-compress.js';
import { padded16 } from '../../src/ref/queue-pipeline.js';
import { xtsEncrypt } from '../../src/ref/xts.js';
import { Rng } from '../../src/util/rng.js';
import type { BenchTable } from './table.js';

/**
 * Queue engine end to end: a closed-loop host at queue depths 1, 4, 32 on 4 KiB requests of real data (XML):
 * copy + CRC32C, the write path CRC32C -> LZ4 compress (opcode 3), the same on to EC k+m stripes, the read path
 * LZ4 decompress -> CRC32C (opcode 4, reading back the LZ4 blocks of the same 4 KiB pieces) and the degraded
 * read path EC reconstruct (2 fragments lost) -> LZ4 decompress -> CRC32C; and with AES-XTS-256 (4 KiB data units,
 * the sector number as tweak): CRC32C -> LZ4 -> encrypt, and decrypt -> LZ4 -> CRC32C. The device is the default
 * datapath (with both XTS stages for the encrypted paths) with one queue pair and 32 requests in flight.
 */
export async function queueDepths() {
  const rows = [];
  const size = 4096;
  const total = 400;
  const xml = (await loadCorpus(1 << 20)).find((f) => f.name.startsWith('xml'))!.data;
  const design = designOf(queueCompressorParams(16));
  const base = defaultDatapathParams();
  const params = { ...base, queues: 1, maxRequests: 32 };
  const K = base.ecK as number;
  const M = base.ecM as number;
  const blocks = Array.from({ length: 256 }, (_, i) => lz4DesignCompress(design, xml.subarray(i * size, (i + 1) * size)));
  // the degraded reads' inputs: each block's stripe with two fragments lost, as header + survivors
  const degraded = blocks.map((b, i) => reconstructInput(stripeEncode(b, K, M), b.length, K, M, [i % (K + M), (i + 5) % (K + M)]));
  // the encrypted reads' inputs: each block zero-padded to 16-byte blocks and encrypted as sector k (4 KiB units)
  const key = new Rng(9).bytes(64);
  const sealed = blocks.map((b, k) => { const p = new Uint8Array(padded16(b.length)); p.set(b); return xtsEncrypt(key, BigInt(k), 4096, p); });
  const paths = [
    ['copy + CRC32C', 1, false, false], ['CRC32C -> LZ4', 3, false, false], [`CRC32C -> LZ4 -> EC ${K}+${M}`, 3, true, false],
    ['LZ4 -> CRC32C (read)', 4, false, false], [`EC rebuild 2 lost -> LZ4 -> CRC32C (read)`, 4, true, false],
    ['CRC32C -> LZ4 -> XTS-256', 3, false, true], ['XTS-256 -> LZ4 -> CRC32C (read)', 4, false, true],
  ] as const;
  for (const [path, opcode, erasureCoded, encrypted] of paths) {
    for (const latency of [50, 200]) {
      for (const depth of [1, 4, 32]) {
        const dev = await SimulatedQueueDevice.create(encrypted ? { ...params, encryption: 'both' } : params, { opt: 'fast-sim', memoryBytes: 1 << 24 });
        if (encrypted && dev.loadKeys([{ slot: 0, key }])[0] !== 0) throw new Error('queue engine bench: the key did not load');
        dev.memory.write(1 << 20, xml);
        blocks.forEach((b, i) => dev.memory.write((4 << 20) + i * 8192, b));
        degraded.forEach((b, i) => dev.memory.write((12 << 20) + i * 8192, b));
        sealed.forEach((b, i) => dev.memory.write((14 << 20) + i * 8192, b));
        dev.setupQueue(0, 64, 0x1000, 0x10000);
        const bound = size + (size >> 8) + 16;
        const room = erasureCoded ? (K + M) * fragmentLength(bound, K) : encrypted ? padded16(bound) : bound;
        const request = (i: number) => {
          const k = i % 256;
          const crypt = encrypted ? { slot: 0, dataUnitLog2: 12, dataUnit: BigInt(k), encrypt: opcode === 3, decrypt: opcode === 4, payloadBytes: blocks[k].length } : undefined;
          if (opcode === 4) {
            const src = erasureCoded ? { addr: (12 << 20) + k * 8192, length: degraded[k].length }
              : encrypted ? { addr: (14 << 20) + k * 8192, length: sealed[k].length } : { addr: (4 << 20) + k * 8192, length: blocks[k].length };
            return { opcode, cid: i, src: [src], dst: [{ addr: (8 << 20) + k * 8192, length: size }], erasureCoded, crypt };
          }
          return { opcode, cid: i, src: [{ addr: (1 << 20) + k * size, length: size }], dst: [{ addr: (8 << 20) + k * 8192, length: opcode === 3 ? room : size }], erasureCoded, crypt };
        };
        const r = runClosedLoop(dev, 0, depth, total, request, 16, { readLatency: latency, writeLatency: latency, bytesPerCycle: 16 });
        if (r.completions.some((c) => c.status !== 0)) throw new Error(`queue engine bench: a request failed (${path})`);
        const lat = r.completions.map((c) => c.latency);
        // a read's input is its block (a degraded read also moves the header and survivors)
        const inBytes = r.completions.reduce((n, c) => n + (opcode === 4 ? blocks[c.cid % 256].length : request(c.cid).src[0].length), 0);
        const outBytes = r.completions.reduce((n, c) => n + Number(c.result >> 32n), 0);
        // bytes/cycle of the data as the host sees it: what is written for a write, what is restored for a read
        const plain = opcode === 4 ? outBytes : inBytes;
        rows.push({ path, latency, depth, bytesPerCycle: plain / r.cycles, ratio: opcode === 4 ? outBytes / inBytes : inBytes / outBytes, p50: percentile(lat, 50), p99: percentile(lat, 99) });
        dev.close();
      }
    }
  }
  return rows;
}


export type QueueDepthRow = Awaited<ReturnType<typeof queueDepths>>[number];

export async function queueDepthsTable(): Promise<BenchTable<QueueDepthRow[]>> {
  const qd = await queueDepths();
  return {
    id: '9',
    title: [
      '\n9. Queue engine end to end (default datapath: 16-byte DMA, CRC32C, LZ4 and EC stages, and both XTS-AES-256 stages for the',
      '   encrypted paths: 4 KiB data units, the block number as tweak; one queue pair, maxRequests 32):',
      '   a polling host (every 16 cycles) keeping a queue depth of 4 KiB requests on XML data; bytes/cycle of the plain',
      '   data (exact), compression ratio and request latency, doorbell to interrupt. EC writes scatter the whole stripe',
      '   ((k+m)/k of the block, padded); degraded reads gather the header and k survivors and rebuild 2 lost fragments.',
    ],
    table: {
      headers: ['data path', 'host latency (cycles)', 'queue depth', 'plain bytes/cycle', 'ratio', 'latency p50 (cycles)', 'latency p99 (cycles)'],
      rows: qd.map((r) => [r.path, r.latency, r.depth, r.bytesPerCycle, r.ratio, r.p50, r.p99]),
    },
    json: { queueDepths: qd },
    data: qd,
  };
}
