// The runtime model's picture of a generated datapath (the queue engine) as the cycle-accurate trace replay runs
// it, for checking the model against that replay: one in-order pipeline whose input side takes a request at a
// time (the CRC32C and compressor fork of a write, or the decompressor of a read, sharing it), the compressor and
// the store-and-forward EC stripe stage behind it, DMA reads and writes over the AXI port's width to host memory
// (which also plays the storage nodes), maxRequests in flight, and the submission and completion latencies of
// the queues (a fetch and a completion write at the host memory's latencies, and half a host poll each way).
// Engine rates are measured: the compressor and decompressor on the same data, by simulation.
import { queueHasEncode, queueHasReconstruct, SQE_BYTES, type QueueParams } from '../spec/queue.js';
import { unitsTouched } from '../trace/block-store.js';
import { deviceQueues } from '../trace/device-queues.js';
import type { TraceRecord } from '../trace/record.js';
import type { IoRequest, Workload } from './dpu.js';
import type { PlatformConfig, StorageFunction } from './platform.js';

export interface MeasuredEngineRates {
  /** The compressor's input bytes/cycle on the data. */
  compress: number;
  /** The decompressor's output bytes/cycle on the data's blocks. */
  decompressOutput: number;
  /** The data's compression ratio (input / output). */
  compressionRatio: number;
}

export interface ReplayTiming {
  clockMhz: number;
  readLatency: number;
  writeLatency: number;
  pollCycles: number;
}

export function datapathPlatform(p: QueueParams, rates: MeasuredEngineRates, t: ReplayTiming): { platform: PlatformConfig; workload: Workload } {
  const W = p.dataBytes;
  const ns = (cycles: number) => (cycles * 1000) / t.clockMhz;
  const link = { gbps: (W * 8 * t.clockMhz) / 1000, latencyNs: ns(t.readLatency) };
  const compress = p.compression === 'lz4';
  const decompress = p.decompression === 'lz4';
  const engines: PlatformConfig['engines'] = {
    // a write's gathered beat goes to the CRC and the compressor at once: the input moves at the slower one
    crc32c: { count: 1, bytesPerCycle: compress ? Math.min(W, rates.compress) : W, overheadCycles: 0, pool: 'datapath input' },
    ...(compress ? { compress: { count: 1, bytesPerCycle: rates.compress, overheadCycles: 0 } } : {}),
    ...(queueHasEncode(p) ? { 'ec-encode': { count: 1, bytesPerCycle: W, overheadCycles: 0, storeAndForward: true } } : {}),
    ...(decompress ? { decompress: { count: 1, bytesPerCycle: rates.decompressOutput / rates.compressionRatio, overheadCycles: 0, pool: 'datapath input' } } : {}),
    ...(queueHasReconstruct(p) ? { 'ec-reconstruct': { count: 1, bytesPerCycle: W, overheadCycles: 0, storeAndForward: true } } : {}),
  };
  const functions: StorageFunction[] = ['crc32c', ...(compress ? ['compress' as const] : []), ...(queueHasEncode(p) && compress ? ['ec-encode' as const] : []), ...(decompress ? ['decompress' as const] : [])];
  return {
    platform: {
      clockMhz: t.clockMhz, engines, armCores: 0, hostCores: 0, armFactor: 1, softwareOverheadNs: 0, software: {},
      pcie: link, network: { ...link, viaPcie: true }, ec: { k: p.ecK, m: p.ecM }, compressionRatio: compress ? rates.compressionRatio : 1,
      engineAttach: { mode: 'inline', cutThrough: true },
      maxInFlight: p.maxRequests,
      admission: 'round-robin',
      requestLatencyNs: { submit: ns(t.pollCycles / 2 + t.readLatency + SQE_BYTES / W), complete: ns(t.writeLatency + 1 + t.pollCycles / 2) },
    },
    workload: { functions },
  };
}

/**
 * Trace records as the replay issues them: one request per unit an I/O touches, on the queue of its device (the
 * devices take the queues in order of first appearance, as the replay assigns them); `ios` groups them per record.
 */
export function unitRequests(records: readonly TraceRecord[], unitBytes: number, queues = 1): { requests: IoRequest[]; ios: number[][] } {
  const requests: IoRequest[] = [];
  const ios: number[][] = [];
  const queueOf = deviceQueues(queues);
  for (const r of records) {
    if (r.length === 0) continue;
    const queue = queueOf(r.device);
    const ids = unitsTouched(unitBytes, r.offset, r.length).map(() => {
      requests.push({ op: r.op, bytes: unitBytes, arrivalNs: r.timeUs * 1000, queue });
      return requests.length - 1;
    });
    ios.push(ids);
  }
  return { requests, ios };
}
