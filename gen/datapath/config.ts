// The datapath configuration: one JSON file names the queue front end, the DMA and the stages of the write and
// read paths; it is checked field by field (errors name the field and what is allowed) and turned into the
// parameters of the queue engine generator, which wires queues, DMA and engines into one top level.
// Stages that are not built yet are refused by name, never stubbed.
import { ParamError } from '../core/params.js';
import { validateQueueParams, type QueueParams } from '../queue/queue.js';

export const DATAPATH_CONFIG = 'datapath config';

/** The stages a path may name, and which of them the generator can build today. */
export const WRITE_STAGES = { available: ['crc32c', 'lz4-compress'], planned: ['ec-encode', 'encrypt', 'deflate-compress'] } as const;
// crc32c-verify: the CRC32C stage compares the data with the expected CRC32C a request carries (always built)
export const READ_STAGES = { available: ['lz4-decompress', 'crc32c-verify'], planned: ['ec-reconstruct', 'inflate', 'decrypt'] } as const;

export interface DatapathConfig {
  queues: number;
  dataBytes: number;
  maxRequests: number;
  arbitration: 'round-robin' | 'weighted';
  dma: { maxBurstBeats: number; maxReadBursts: number; maxWriteBursts: number };
  writePath: string[];
  readPath: string[];
}

export class DatapathConfigError extends ParamError {}

const fail = (field: string, why: string): never => {
  throw new DatapathConfigError(DATAPATH_CONFIG, field, why);
};

function stages(field: string, v: unknown, known: { available: readonly string[]; planned: readonly string[] }): string[] {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) fail(field, `must be a list of stage names (${[...known.available, ...known.planned].join(', ') || 'none'})`);
  const list = v as string[];
  list.forEach((s, i) => {
    if (known.planned.includes(s)) fail(`${field}[${i}]`, `= '${s}': this stage is not available in the generated datapath yet (available: ${known.available.join(', ') || 'none'})`);
    if (!known.available.includes(s)) fail(`${field}[${i}]`, `= '${s}' is not a stage (known: ${[...known.available, ...known.planned].join(', ')})`);
  });
  if (new Set(list).size !== list.length) fail(field, 'names a stage twice');
  return list;
}

/** Check a parsed datapath config (unknown fields refused); defaults fill what it leaves out. */
export function validateDatapathConfig(raw: unknown): DatapathConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('(top level)', 'must be a JSON object');
  const o = raw as Record<string, unknown>;
  const allowed = ['queues', 'dataBytes', 'maxRequests', 'arbitration', 'dma', 'writePath', 'readPath'];
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(k, `is not a field (fields: ${allowed.join(', ')})`);
  const dma = (o.dma ?? {}) as Record<string, unknown>;
  if (typeof dma !== 'object' || Array.isArray(dma)) fail('dma', 'must be an object {maxBurstBeats, maxReadBursts, maxWriteBursts}');
  for (const k of Object.keys(dma)) if (!['maxBurstBeats', 'maxReadBursts', 'maxWriteBursts'].includes(k)) fail(`dma.${k}`, 'is not a field (fields: maxBurstBeats, maxReadBursts, maxWriteBursts)');
  const writePath = stages('writePath', o.writePath ?? ['crc32c', 'lz4-compress'], WRITE_STAGES);
  const readPath = stages('readPath', o.readPath ?? ['lz4-decompress', 'crc32c-verify'], READ_STAGES);
  if (writePath[0] !== 'crc32c') fail('writePath', "must start with 'crc32c' (the checksum of the data as the host wrote it)");
  // the queue generator checks the numbers and names the parameter
  const q = queueParamsOf({ queues: o.queues, dataBytes: o.dataBytes, maxRequests: o.maxRequests, arbitration: o.arbitration, dma, writePath, readPath });
  return {
    queues: q.queues, dataBytes: q.dataBytes, maxRequests: q.maxRequests, arbitration: q.arbitration,
    dma: { maxBurstBeats: q.maxBurstBeats, maxReadBursts: q.maxReadBursts, maxWriteBursts: q.maxWriteBursts },
    writePath, readPath,
  };
}

/** The queue engine parameters a config generates. */
export function datapathQueueParams(c: DatapathConfig): QueueParams {
  return queueParamsOf(c);
}

/** The one mapping from config fields to queue engine parameters (checked by the queue generator). */
function queueParamsOf(c: { queues: unknown; dataBytes: unknown; maxRequests: unknown; arbitration: unknown; dma: Record<string, unknown>; writePath: string[]; readPath: string[] }): QueueParams {
  return validateQueueParams({
    queues: c.queues, dataBytes: c.dataBytes, maxRequests: c.maxRequests, arbitration: c.arbitration,
    maxBurstBeats: c.dma.maxBurstBeats, maxReadBursts: c.dma.maxReadBursts, maxWriteBursts: c.dma.maxWriteBursts,
    compression: c.writePath.includes('lz4-compress') ? 'lz4' : 'none',
    decompression: c.readPath.includes('lz4-decompress') ? 'lz4' : 'none',
  });
}
