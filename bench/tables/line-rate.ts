// Bench table 9b: the line-rate datapath (hw/datapath-linerate.json: 64-byte beats, LZ4 engine arrays, AES-XTS-256,
// EC 8+2) end to end. A closed-loop host keeps queue depths 1, 4 and 32 of 16 KiB requests of corpus data at a host
// latency of 200 cycles, on the write path (CRC32C -> LZ4 array -> XTS encrypt -> EC stripe, scattered whole) and the
// read path (XTS decrypt -> LZ4 decompressor array -> CRC32C, reading back the write path's blocks). Every
// completion is checked against the software pipeline (status, CRC32C, bytes written), and the last 64 requests'
// destination bytes too (the write path's stripes of ciphertext, the read path's data). Figures: plain bytes/cycle
// (exact), latency p50/p99 (cycles), the DMA's read bursts in flight beside what Little's law asks for the beat width.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { datapathQueueParams, validateDatapathConfig } from '../../gen/datapath/config.js';
import { datapathFileParams, LINE_RATE_DATAPATH_FILE } from '../../gen/defaults.js';
import { projectRoot } from '../../src/util/paths.js';
import { validateQueueParams } from '../../gen/queue/params.js';
import { loadCorpus } from '../../src/data/corpus.js';
import { SimulatedQueueDevice } from '../../src/driver/queue-driver.js';
import { runClosedLoop } from '../../src/driver/closed-loop.js';
import { fragmentLength } from '../../src/ref/ec-stripe.js';
import { padded16, pipelineStagesFor, runRequest, type QueueRequest } from '../../src/ref/queue-pipeline.js';
import { percentile } from '../../src/util/percentile.js';
import { Rng } from '../../src/util/rng.js';
import type { BenchTable } from './table.js';

const SIZE = 16384;
const LATENCY = 200;
const DEPTHS = [1, 4, 32];
/** Requests per unit of queue depth in 9b: 24 (as in 9c) so the first wave, which starts together, and the drain
 * weigh a twelfth of the run rather than a quarter. */
const REQUESTS_PER_DEPTH = 24;

export interface LineRateRow {
  path: string;
  depth: number;
  requests: number;
  cycles: number;
  bytesPerCycle: number;
  /** Between the depth-th completion and the depth-th from last: the queue full, without the first wave's start
   * and the last one's drain. */
  steadyBytesPerCycle: number;
  ratio: number;
  p50: number;
  p99: number;
  maxReadsInFlight: number;
}

/** 16 KiB pieces of every corpus file, interleaved (text, HTML, XML, digits, image data, random). */
async function pieces(): Promise<Uint8Array[]> {
  const files = await loadCorpus(1 << 20);
  const out: Uint8Array[] = [];
  for (let k = 0; out.length < 96; k++) {
    const round = files.filter((f) => (k + 1) * SIZE <= f.data.length).map((f) => f.data.subarray(k * SIZE, (k + 1) * SIZE));
    if (!round.length) break;
    out.push(...round);
  }
  return out;
}

/** What a run varies (table 9c's probes): requests per unit of depth, host latency, the write path's XTS and EC
 * steps (a request may skip either), which paths, and the datapath config. */
export interface LineRateOptions {
  requestsPerDepth?: number;
  latency?: number;
  xts?: boolean;
  ec?: boolean;
  paths?: readonly ('write' | 'read')[];
  /** A datapath config (parsed JSON) instead of the line-rate file's. */
  config?: unknown;
}

export async function lineRate(depths: readonly number[] = DEPTHS, o: LineRateOptions = {}): Promise<{ rows: LineRateRow[]; top: string; littleReads: number; burstBytes: number; maxReadBursts: number }> {
  const params = validateQueueParams(o.config === undefined ? datapathFileParams(LINE_RATE_DATAPATH_FILE) : { ...datapathQueueParams(validateDatapathConfig(o.config)) });
  const latency = o.latency ?? LATENCY;
  const xts = o.xts ?? true;
  const ec = o.ec ?? true;
  const data = await pieces();
  const key = new Rng(9).bytes(64);
  const keys = new Map([[0, key]]);
  const stages = pipelineStagesFor(params, keys);
  const blocks = data.map((d) => stages.compress!(d));
  // what the write path stores before its stripe: the block zero-padded to 16-byte blocks and encrypted (4 KiB units)
  const sealed = blocks.map((b, k) => stages.encrypt!(b, { slot: 0, dataUnitLog2: 12, dataUnit: BigInt(k), encrypt: true }).output);
  const K = params.ecK;
  const M = params.ecM;
  const room = (K + M) * fragmentLength(padded16(SIZE + Math.ceil(SIZE / 255) + 16), K);
  const DATA = 1 << 20;
  const SEALED = 8 << 20;
  const OUT = 16 << 20;
  const rows: LineRateRow[] = [];
  let top = '';
  for (const write of (o.paths ?? ['write', 'read']).map((x) => x === 'write')) {
    for (const depth of depths) {
      const dev = await SimulatedQueueDevice.create({ ...params }, { opt: 'fast-sim', memoryBytes: 1 << 25 });
      top = dev.design.top;
      try {
        if (dev.loadKeys([{ slot: 0, key }])[0] !== 0) throw new Error('line-rate bench: the key did not load');
        data.forEach((d, i) => dev.memory.write(DATA + i * SIZE, d));
        sealed.forEach((s, i) => dev.memory.write(SEALED + i * 2 * SIZE, s));
        dev.setupQueue(0, 64, 0x1000, 0x10000);
        const request = (i: number): QueueRequest => {
          const k = i % data.length;
          const dst = { addr: OUT + (i % 64) * 2 * room, length: write ? room : SIZE };
          return write
            ? { opcode: 3, cid: i, src: [{ addr: DATA + k * SIZE, length: SIZE }], dst: [dst], ...(ec ? { erasureCoded: true } : {}), ...(xts ? { crypt: { slot: 0, dataUnitLog2: 12, dataUnit: BigInt(k), encrypt: true } } : {}) }
            : { opcode: 4, cid: i, src: [{ addr: SEALED + k * 2 * SIZE, length: sealed[k].length }], dst: [dst], crypt: { slot: 0, dataUnitLog2: 12, dataUnit: BigInt(k), decrypt: true, payloadBytes: blocks[k].length } };
        };
        // enough requests to fill the queue eight times over (and at least 8): the first wave starts together
        const total = Math.max(8, (o.requestsPerDepth ?? 8) * depth);
        const r = runClosedLoop(dev, 0, depth, total, request, 16, { readLatency: latency, writeLatency: latency });
        const mem = (a: number, n: number) => dev.memory.read(a, n);
        // what a request's source segment holds (each is a whole data piece or sealed block, read from its start)
        const source = (a: number, n: number) => (a >= SEALED ? sealed[Math.floor((a - SEALED) / (2 * SIZE))] : data[Math.floor((a - DATA) / SIZE)]).subarray(0, n);
        for (const c of r.completions) {
          const want = runRequest(request(c.cid), source, () => true, stages);
          if (c.status !== 0 || c.result !== want.result) throw new Error(`line-rate bench: request ${c.cid} (${write ? 'write' : 'read'}, QD ${depth}) completed with status ${c.status}, result ${c.result}; the pipeline says ${want.status}, ${want.result}`);
        }
        // the last requests' outputs are still in place: a write's stripe (of the encrypted block) and a read's data
        // must be the pipeline's bytes
        for (const c of r.completions.slice(-Math.min(64, total))) {
          const want = runRequest(request(c.cid), source, () => true, stages);
          for (const w of want.writes) {
            if (Buffer.compare(mem(w.addr, w.data.length), w.data) !== 0) throw new Error(`line-rate bench: ${write ? 'write' : 'read'} ${c.cid} left other bytes than the pipeline's at ${w.addr}`);
          }
          if (!write && Buffer.compare(mem(OUT + (c.cid % 64) * 2 * room, SIZE), data[c.cid % data.length]) !== 0) throw new Error(`line-rate bench: read ${c.cid} wrote other bytes than the data`);
        }
        const lat = r.completions.map((c) => c.latency);
        const plain = total * SIZE;
        const ends = r.completions.map((c) => c.cycle).sort((a, b) => a - b);
        const steady = total > 2 * depth ? ((total - 2 * depth) * SIZE) / (ends[total - depth - 1] - ends[depth - 1]) : NaN;
        const stored = r.completions.reduce((n, c) => n + blocks[c.cid % data.length].length, 0);
        rows.push({
          path: write ? `CRC32C -> LZ4 x${params.compressEngines}${params.compressPieceBytes !== 4096 ? ` (${params.compressPieceBytes}-byte pieces)` : ''}${xts ? ' -> XTS-256' : ''}${ec ? ` -> EC ${K}+${M}` : ''}${latency !== LATENCY ? ` (host latency ${latency})` : ''}` : `XTS-256 -> LZ4 x${params.decompressEngines} (${params.decompressEngineBytes} B/cycle) -> CRC32C`,
          depth, requests: total, cycles: r.cycles, bytesPerCycle: plain / r.cycles, steadyBytesPerCycle: steady, ratio: plain / stored,
          p50: percentile(lat, 50), p99: percentile(lat, 99), maxReadsInFlight: r.maxReadsInFlight,
        });
      } finally {
        dev.close();
      }
    }
  }
  // Little's law: bursts in flight = arrival rate (beats a cycle / beats a burst) x time in the system (latency + the burst)
  const burstBytes = params.maxBurstBeats * params.dataBytes;
  const littleReads = Math.ceil((params.dataBytes * (latency + params.maxBurstBeats)) / burstBytes);
  return { rows, top, littleReads, burstBytes, maxReadBursts: params.maxReadBursts };
}

export async function lineRateTable(depths: readonly number[] = DEPTHS): Promise<BenchTable<LineRateRow[]>> {
  const { rows, top, littleReads, burstBytes, maxReadBursts } = await lineRate(depths, { requestsPerDepth: REQUESTS_PER_DEPTH });
  return {
    id: '9b',
    title: [
      `\n9b. The line-rate datapath (${LINE_RATE_DATAPATH_FILE}: ${top}), end to end: a polling host keeping a queue`,
      `   depth of ${SIZE / 1024} KiB requests of corpus data (all six files in turn), host latency ${LATENCY} cycles; every completion`,
      '   checked against the software pipeline, the last 64 requests\' stripes and data too. Plain bytes/cycle (exact; 48 is the goal at',
      '   QD 32, 100 a 200 Gb/s port at 250 MHz), ratio, latency doorbell to interrupt, the DMA\'s read bursts in flight.',
    ],
    table: {
      headers: ['data path', 'queue depth', 'requests', 'cycles', 'plain bytes/cycle', 'steady', 'ratio', 'latency p50', 'latency p99', 'reads in flight (max)'],
      rows: rows.map((r) => [r.path, r.depth, r.requests, r.cycles, r.bytesPerCycle, r.steadyBytesPerCycle, r.ratio, r.p50, r.p99, r.maxReadsInFlight]),
    },
    notes: [
      '   steady: plain bytes/cycle from the depth-th completion to the depth-th from last (the queue full all along: without the',
      `   first wave, which starts together, and the drain at the end); ${REQUESTS_PER_DEPTH} x depth requests in all.`,
      `   Little's law: a full beat a cycle with ${burstBytes}-byte bursts at ${LATENCY} cycles of latency needs ${littleReads} read bursts in flight`,
      `   (beats a cycle / beats a burst x (latency + burst)); the config allows ${maxReadBursts}.`,
    ],
    json: { lineRate: rows },
    data: rows,
  };
}

/**
 * Bench table 9c: probes of the write path's limit, each a closed loop of 24 x depth requests (steady state well
 * past the first wave and the drain): the line-rate config, host latency 50, without EC, without XTS, compression
 * alone at QD 8 / 16 / 32, and 2 KiB pieces (a variant config). A step that bounds the path shows as the figure it
 * does not move.
 */
export async function lineRateProbeTable(): Promise<BenchTable<LineRateRow[]>> {
  const w = { requestsPerDepth: 24, paths: ['write'] as const };
  const cfg = JSON.parse(readFileSync(path.join(projectRoot(), LINE_RATE_DATAPATH_FILE), 'utf8')) as { writePath: (string | { stage: string; pieceBytes?: number })[] };
  for (const st of cfg.writePath) if (typeof st === 'object' && st.stage === 'lz4-compress') st.pieceBytes = 2048;
  const rows: LineRateRow[] = [];
  rows.push(...(await lineRate([32], w)).rows);
  rows.push(...(await lineRate([32], { ...w, latency: 50 })).rows);
  rows.push(...(await lineRate([32], { ...w, ec: false })).rows);
  rows.push(...(await lineRate([32], { ...w, xts: false })).rows);
  rows.push(...(await lineRate([8, 16, 32], { ...w, xts: false, ec: false })).rows);
  rows.push(...(await lineRate([32], { ...w, config: cfg })).rows);
  return {
    id: '9c',
    title: [
      '\n9c. Probes of the line-rate write path\'s limit: the same requests as 9b, 24 x depth of them, one step changed at a time',
      '   (host latency, EC, XTS, the queue depth with compression alone, the piece size). Steady: between the depth-th',
      '   completion and the depth-th from last.',
    ],
    table: {
      headers: ['data path', 'queue depth', 'requests', 'cycles', 'plain bytes/cycle', 'steady', 'ratio', 'latency p50', 'latency p99'],
      rows: rows.map((r) => [r.path, r.depth, r.requests, r.cycles, r.bytesPerCycle, r.steadyBytesPerCycle, r.ratio, r.p50, r.p99]),
    },
    notes: [],
    json: { lineRateProbes: rows },
    data: rows,
  };
}
