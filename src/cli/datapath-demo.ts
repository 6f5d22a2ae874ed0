// The demo's datapath part: the default datapath (hw/datapath.json) as a storage device. The demo data set
// becomes a small request trace over its queues — writes through the write path (CRC32C -> LZ4 compress, half
// of them on to EC 8+2 stripes), copies and checksums, with scatter-gather layouts — driven by the host driver,
// and every completion (status, CRC32C, bytes written) and every destination byte is checked against the
// software pipeline. Then every written block is read back through the read path: striped ones with two
// fragments lost (EC reconstruct -> LZ4 decompress -> CRC32C verify), the others straight to the decompressor.
import { defaultDatapathParams } from '../../gen/defaults.js';
import { queueHasEncode, queueHasReconstruct, QUEUE_OPCODES } from '../spec/queue.js';
import { fragmentLength, reconstructInput } from '../ref/ec-stripe.js';
import type { NamedMessage } from '../data/demo-set.js';
import { SimulatedQueueDevice } from '../driver/queue-driver.js';
import { percentile } from '../util/percentile.js';
import { pipelineStagesFor, runRequest, type QueueRequest } from '../ref/queue-pipeline.js';
import { formatTable } from '../report/table.js';
import { concatBytes } from '../../sim/stream.js';

const SRC = 1 << 20;
const DST = 8 << 20;

export async function datapathDemo(messages: readonly NamedMessage[], problems: string[]): Promise<void> {
  const t0 = Date.now();
  const dev = await SimulatedQueueDevice.create(defaultDatapathParams(), { memoryBytes: 16 << 20 });
  try {
    const { ecK: K, ecM: M } = dev.params;
    const striping = queueHasEncode(dev.params) && queueHasReconstruct(dev.params);
    const stages = pipelineStagesFor(dev.params);
    // the messages laid out in host memory, one after another
    const items = messages.filter((m) => m.data.length > 0); // a request moves at least one byte
    const data = items.map((m) => m.data);
    let at = SRC;
    const where = data.map((d) => { const a = at; at += d.length + 64; dev.memory.write(a, d); return a; });
    const before = dev.memory.read(0, 16 << 20);
    const Q = dev.params.queues;
    for (let q = 0; q < Q; q++) dev.setupQueue(q, 32, 0x1000 + q * 0x1000, 0x10000 + q * 0x1000);
    let slot = DST;
    const reqs: { q: number; r: QueueRequest }[] = data.map((d, i) => {
      const kind = i % 4; // write (compress, EC stripe), write (compress), copy (2 destinations), checksum
      const op = kind < 2 ? QUEUE_OPCODES.compress : kind === 2 ? QUEUE_OPCODES.copy : QUEUE_OPCODES.crc32c;
      const erasureCoded = kind === 0 && striping;
      const half = d.length >> 1;
      const src = d.length > 1 && i % 3 === 0 ? [{ addr: where[i], length: half }, { addr: where[i] + half, length: d.length - half }] : [{ addr: where[i], length: d.length }];
      const bound = d.length + Math.ceil(d.length / 255) + 16; // LZ4's worst case
      const room = erasureCoded ? (K + M) * fragmentLength(bound, K) : op === QUEUE_OPCODES.compress ? bound : d.length;
      const dst = op === QUEUE_OPCODES.crc32c ? [] : op === QUEUE_OPCODES.copy && room > 1
        ? [{ addr: slot + 1, length: room >> 1 }, { addr: slot + 4097 + room, length: room - (room >> 1) }]
        : [{ addr: slot + 3, length: room }];
      slot += 2 * room + 8192;
      return { q: i % Q, r: { opcode: op, cid: i, src, dst, erasureCoded } };
    });
    const done = [];
    let cycles = 0;
    let first = 0;
    for (let k = 0; k < reqs.length;) {
      // submit what the rings take, run until those complete
      for (; k < reqs.length && dev.room(reqs[k].q) > 0; k++) dev.submit(reqs[k].q, reqs[k].r);
      const run = dev.run({}, { readLatency: 100, writeLatency: 100, bytesPerCycle: 16 });
      if (!cycles) first = run.startCycle;
      cycles = run.startCycle + run.cycles - first;
      done.push(...run.completions.map((c) => ({ ...c, latency: c.cycle - run.startCycle })));
    }
    // the read path: every block written through the write path is read back (LZ4 decompress -> CRC32C verify
    // against the CRC the write reported) into a fresh buffer, which must hold the original data
    const reads: { cid: number; of: number }[] = [];
    const readArea = slot;
    for (const c of done) {
      const { r } = reqs[c.cid];
      if (r.opcode !== QUEUE_OPCODES.compress || c.status !== 0) continue;
      const written = Number(c.result >> 32n);
      const plain = r.src.reduce((n, x) => n + x.length, 0);
      let src = [{ addr: r.dst[0].addr, length: written }];
      if (r.erasureCoded) {
        // a degraded read: two fragments of the stripe lost; the host builds the header with the decode rows
        // and gathers the survivors behind it
        const L = fragmentLength(written, K);
        const stripe = dev.memory.read(r.dst[0].addr, (K + M) * L);
        const lost = [c.cid % (K + M), (c.cid + 3) % (K + M)].slice(0, M);
        const input = reconstructInput(stripe, written, K, M, lost);
        dev.memory.write(slot, input);
        src = [{ addr: slot, length: input.length }];
        slot += input.length + 4096;
      }
      const back: QueueRequest = { opcode: QUEUE_OPCODES.decompress, cid: reqs.length, src, dst: [{ addr: slot, length: plain }], verifyCrc: Number(c.result & 0xffffffffn), erasureCoded: r.erasureCoded };
      slot += plain + 4096;
      reads.push({ cid: back.cid, of: c.cid });
      reqs.push({ q: back.cid % Q, r: back });
    }
    const writesEnd = done.length;
    const writeCycles = cycles;
    for (let k = writesEnd; k < reqs.length;) {
      for (; k < reqs.length && dev.room(reqs[k].q) > 0; k++) dev.submit(reqs[k].q, reqs[k].r);
      const run = dev.run({}, { readLatency: 100, writeLatency: 100, bytesPerCycle: 16 });
      cycles = run.startCycle + run.cycles - first;
      done.push(...run.completions.map((c) => ({ ...c, latency: c.cycle - run.startCycle })));
    }
    const after = dev.memory.read(0, 16 << 20);
    for (const rd of reads) {
      const c = done.find((x) => x.cid === rd.cid);
      const original = concatBytes(reqs[rd.of].r.src.map((x) => before.subarray(x.addr, x.addr + x.length)));
      const dst = reqs[rd.cid].r.dst[0];
      if (!c || c.status !== 0 || Buffer.compare(Buffer.from(after.subarray(dst.addr, dst.addr + dst.length)), Buffer.from(original)) !== 0) {
        problems.push(`${dev.design.top}: reading back block ${rd.of} (${items[rd.of].what}) through the read path did not give the data written (status ${c?.status})`);
        break;
      }
    }
    const expected = Uint8Array.from(before);
    let mismatches = 0;
    let inBytes = 0;
    let outBytes = 0;
    for (const c of done.slice(0, writesEnd)) {
      const { r } = reqs[c.cid];
      const want = runRequest(r, (a, n) => before.subarray(a, a + n), () => true, stages);
      if (c.status !== want.status || c.result !== want.result) {
        mismatches++;
        if (mismatches === 1) problems.push(`${dev.design.top}: request ${c.cid} (${items[c.cid].what}): status ${c.status} result 0x${c.result.toString(16)}, software pipeline ${want.status} 0x${want.result.toString(16)}`);
      }
      for (const w of want.writes) expected.set(w.data, w.addr);
      inBytes += r.src.reduce((n, s) => n + s.length, 0);
      outBytes += Number(c.result >> 32n);
    }
    const readBytes = done.slice(writesEnd).reduce((n, c) => n + Number(c.result >> 32n), 0);
    if (done.length !== reqs.length) problems.push(`${dev.design.top}: ${done.length} of ${reqs.length} requests completed`);
    // the data area up to the read-back buffers (below it: the rings the driver and device write)
    if (Buffer.compare(Buffer.from(after.subarray(SRC, readArea)), Buffer.from(expected.subarray(SRC, readArea))) !== 0) {
      mismatches++;
      problems.push(`${dev.design.top}: host memory after the run differs from the software pipeline's`);
    }
    const lat = done.slice(0, writesEnd).map((c) => c.latency);
    const striped = reads.filter((x) => reqs[x.cid].r.erasureCoded).length;
    console.log(`\nDefault datapath (hw/datapath.json: queues, DMA; write path CRC32C -> LZ4 compress -> EC ${K}+${M}, read path EC reconstruct`);
    console.log(`-> LZ4 decompress -> CRC32C verify) as a storage device: the data set as requests over its queues (writes through the`);
    console.log(`write path, half of them striped, copies over two destinations, checksums), then every written block read back`);
    console.log(`through the read path (${reads.length} reads, ${striped} of them of stripes with 2 of ${K + M} fragments lost; ${readBytes.toLocaleString('en-US')} bytes restored and`);
    console.log('equal to the data written, CRC32C verified); host memory');
    console.log('latency 100 cycles; latency counts from the doorbell of a batch (the rings take 31 each) to the interrupt;');
    console.log('every completion and every destination byte checked against the software pipeline');
    console.log(formatTable(['datapath', 'queues', 'write-side requests', 'input bytes', 'bytes written', 'cycles', 'input bytes/cycle', 'latency p50 (cycles)', 'latency p99 (cycles)', 'mismatches', 'result', 'wall (build+sim)'], [[
      dev.design.top, dev.params.queues, writesEnd, inBytes, outBytes, writeCycles, inBytes / writeCycles, percentile(lat, 50), percentile(lat, 99), mismatches,
      mismatches === 0 && done.length === reqs.length ? 'PASS' : 'FAIL', `${((Date.now() - t0) / 1000).toFixed(1)} s`,
    ]]));
  } finally {
    dev.close();
  }
}
