// The datapath configuration: one JSON file names the queue front end, the DMA and the stages of the write and
// read paths (a stage is a name, or an object {"stage": name, ...its parameters}); it is checked field by field
// (errors name the field and what is allowed) and turned into the parameters of the queue engine generator,
// which wires queues, DMA and engines into one top level. Stages that are not built yet are refused by name,
// never stubbed; so are orders the hardware does not have (rebuilding stripes of ciphertext before decrypting
// them). Encrypting before compressing is built, with a warning naming its cost.
import { ParamError } from '../core/params.js';
import type { QueueParams } from '../../src/spec/queue.js';
import { queueSchema, validateQueueParams } from '../queue/params.js';

export const DATAPATH_CONFIG = 'datapath config';

/**
 * The stages a path may name, in the order the hardware has them (a path lists a subsequence of `available`),
 * and the ones not built yet.
 */
export const WRITE_STAGES = { available: ['crc32c', 'lz4-compress', 'encrypt', 'ec-encode'], planned: ['deflate-compress'] } as const;
// crc32c-verify: the CRC32C stage compares the data with the expected CRC32C a request carries (always built)
// decrypt: the read path decrypts what it gathers, so it comes first (a request does not both decrypt and reconstruct)
export const READ_STAGES = { available: ['decrypt', 'ec-reconstruct', 'lz4-decompress', 'crc32c-verify'], planned: ['inflate'] } as const;
/** Stages that take parameters, and which. */
const STAGE_PARAMS: Readonly<Record<string, readonly string[]>> = {
  'ec-encode': ['k', 'm', 'buffers'], 'ec-reconstruct': ['k', 'm', 'buffers'], encrypt: ['keyBits', 'keySlots'], decrypt: ['keyBits', 'keySlots'],
  'lz4-compress': ['engines', 'pieceBytes'], 'lz4-decompress': ['engines', 'bytesPerCycle'],
};

export interface ErasureCodeConfig {
  k: number;
  m: number;
  /** Stripe buffers per EC stage: 2 = double buffered (one fills while the other codes and sends). */
  buffers: number;
}

/** The XTS stages' keys: AES key size and key slots (one set of keys for both paths). */
export interface EncryptionConfig {
  keyBits: 128 | 256;
  keySlots: number;
}

export interface DatapathConfig {
  queues: number;
  dataBytes: number;
  maxRequests: number;
  arbitration: 'round-robin' | 'weighted';
  /** What synthesis builds the large memories of (the queue engine's memoryKinds). */
  memoryKinds: 'bram' | 'ultrascale';
  dma: { maxBurstBeats: number; maxReadBursts: number; maxWriteBursts: number; commandsInFlight: number };
  writePath: string[];
  readPath: string[];
  /** The EC stages' code (k data + m parity fragments), when a path has one. */
  ec?: ErasureCodeConfig;
  /** The XTS stages' keys, when a path encrypts or decrypts. */
  xts?: EncryptionConfig;
  /**
   * The LZ4 stages' engines: 0 = one engine at the data path's width, N = an array of N engines (the decompressor
   * array's engines decode `decompressEngineBytes` a cycle); the compressor array's pieces (0: whole blocks).
   */
  compressEngines: number;
  compressPieceBytes: number;
  decompressEngines: number;
  decompressEngineBytes: number;
  /** The write path encrypts before it compresses (accepted, with a warning: it costs the compression). */
  encryptBeforeCompress?: boolean;
  /** What the config asks for that works but costs something, in words for the user. */
  warnings: string[];
}

export class DatapathConfigError extends ParamError {}

const fail = (field: string, why: string): never => {
  throw new DatapathConfigError(DATAPATH_CONFIG, field, why);
};

interface Stage {
  name: string;
  params: Record<string, unknown>;
}

function stages(field: string, v: unknown, known: { available: readonly string[]; planned: readonly string[] }): Stage[] {
  const names = [...known.available, ...known.planned].join(', ');
  if (!Array.isArray(v)) fail(field, `must be a list of stages: names (${names}) or objects {"stage": name, ...parameters}`);
  const list = (v as unknown[]).map((entry, i): Stage => {
    const at = `${field}[${i}]`;
    let name: unknown = entry;
    let params: Record<string, unknown> = {};
    if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
      ({ stage: name, ...params } = entry as Record<string, unknown>);
      if (typeof name !== 'string') fail(`${at}.stage`, `must name the stage (${names})`);
    } else if (typeof entry !== 'string') {
      fail(at, `must be a stage name (${names}) or an object {"stage": name, ...parameters}`);
    }
    const s = name as string;
    if (known.planned.includes(s)) fail(at, `= '${s}': this stage is not available in the generated datapath yet (available: ${known.available.join(', ')})`);
    if (!known.available.includes(s)) fail(at, `= '${s}' is not a stage (known: ${names})`);
    const allowed = STAGE_PARAMS[s] ?? [];
    for (const k of Object.keys(params)) {
      if (!allowed.includes(k)) fail(`${at}.${k}`, allowed.length ? `is not a parameter of '${s}' (parameters: ${allowed.join(', ')})` : `: '${s}' takes no parameters`);
    }
    return { name: s, params };
  });
  if (new Set(list.map((s) => s.name)).size !== list.length) fail(field, 'names a stage twice');
  return list;
}

function inHardwareOrder(field: string, list: Stage[], known: { available: readonly string[] }): void {
  const order = list.map((s) => known.available.indexOf(s.name));
  if (order.some((o, i) => i > 0 && o < order[i - 1])) fail(field, `lists its stages out of order: the hardware has them as ${known.available.join(' -> ')}`);
}

/** A stage's integer parameter `key`, within the limits (and with the default) of the queue generator's `schemaKey`. */
function stageInt(field: string, s: Stage, key: string, schemaKey: 'ecK' | 'ecM' | 'ecBuffers' | 'xtsKeySlots' | 'compressEngines' | 'compressPieceBytes' | 'decompressEngines' | 'decompressEngineBytes'): number {
  const spec = queueSchema[schemaKey];
  const v = s.params[key] ?? spec.default;
  if (spec.kind !== 'int' || typeof v !== 'number' || !Number.isInteger(v) || v < spec.min || v > spec.max) {
    return fail(`${field}.${key}`, `= ${JSON.stringify(v)} must be an integer in ${spec.kind === 'int' ? `${spec.min}..${spec.max}` : ''}`);
  }
  return v;
}

/** k and m of an EC stage (the queue generator's limits and defaults). */
function ecParams(field: string, s: Stage): ErasureCodeConfig {
  return { k: stageInt(field, s, 'k', 'ecK'), m: stageInt(field, s, 'm', 'ecM'), buffers: stageInt(field, s, 'buffers', 'ecBuffers') };
}

/** keyBits and keySlots of an XTS stage (the queue generator's limits and defaults). */
function xtsParams(field: string, s: Stage): EncryptionConfig {
  const bits = s.params.keyBits ?? queueSchema.xtsKeyBits.default;
  if (bits !== 128 && bits !== 256) fail(`${field}.keyBits`, `= ${JSON.stringify(bits)} must be 128 or 256 (XTS-AES-128 or XTS-AES-256)`);
  return { keyBits: bits as 128 | 256, keySlots: stageInt(field, s, 'keySlots', 'xtsKeySlots') };
}

/** Check a parsed datapath config (unknown fields refused); defaults fill what it leaves out. */
export function validateDatapathConfig(raw: unknown): DatapathConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('(top level)', 'must be a JSON object');
  const o = raw as Record<string, unknown>;
  const allowed = ['queues', 'dataBytes', 'maxRequests', 'arbitration', 'memoryKinds', 'dma', 'writePath', 'readPath'];
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(k, `is not a field (fields: ${allowed.join(', ')})`);
  const dma = (o.dma ?? {}) as Record<string, unknown>;
  const dmaFields = ['maxBurstBeats', 'maxReadBursts', 'maxWriteBursts', 'commandsInFlight'];
  if (typeof dma !== 'object' || Array.isArray(dma)) fail('dma', `must be an object {${dmaFields.join(', ')}}`);
  for (const k of Object.keys(dma)) if (!dmaFields.includes(k)) fail(`dma.${k}`, `is not a field (fields: ${dmaFields.join(', ')})`);
  const write = stages('writePath', o.writePath ?? ['crc32c', 'lz4-compress'], WRITE_STAGES);
  const read = stages('readPath', o.readPath ?? ['lz4-decompress', 'crc32c-verify'], READ_STAGES);
  if (write[0]?.name !== 'crc32c') fail('writePath', "must start with 'crc32c' (the checksum of the data as the host wrote it)");
  const at = (list: Stage[], name: string) => list.findIndex((s) => s.name === name);
  const warnings: string[] = [];
  // encrypting before compressing is built (the encrypt stage at the compressor's input) but costs the compression
  const encryptFirst = at(write, 'encrypt') >= 0 && at(write, 'lz4-compress') > at(write, 'encrypt');
  if (encryptFirst) {
    warnings.push("writePath encrypts before it compresses: ciphertext does not compress, so every block grows by LZ4's worst case (about 0.4% + 16 bytes) instead of shrinking (about 2x on text): more bytes to store, scatter and erasure code, the compressor's area for nothing; and reading such a block back takes two requests (decompress, then decrypt). List 'lz4-compress' before 'encrypt' unless that cost is what you want to measure");
  }
  if (at(read, 'decrypt') > 0 && at(read, 'ec-reconstruct') >= 0 && at(read, 'ec-reconstruct') < at(read, 'decrypt')) {
    fail('readPath', "lists 'ec-reconstruct' before 'decrypt': the generated read path decrypts what it gathers, before any other stage, so it cannot rebuild stripes of ciphertext and then decrypt them (a request does not both reconstruct and decrypt)");
  }
  // (encrypt-first: the order is checked with the two stages as the hardware has them by default)
  inHardwareOrder('writePath', encryptFirst ? write.filter((s) => s.name !== 'encrypt') : write, WRITE_STAGES);
  inHardwareOrder('readPath', read, READ_STAGES);
  // one code for both paths: what the write path stripes, the read path rebuilds
  const encode = write.findIndex((s) => s.name === 'ec-encode');
  const rebuild = read.findIndex((s) => s.name === 'ec-reconstruct');
  const ecWrite = encode >= 0 ? ecParams(`writePath[${encode}]`, write[encode]) : undefined;
  const ecRead = rebuild >= 0 ? ecParams(`readPath[${rebuild}]`, read[rebuild]) : undefined;
  if (ecWrite && ecRead && (ecWrite.k !== ecRead.k || ecWrite.m !== ecRead.m)) {
    fail(`readPath[${rebuild}]`, `reconstructs ${ecRead.k}+${ecRead.m} stripes but the write path makes ${ecWrite.k}+${ecWrite.m} ones: both EC stages must use the same k and m`);
  }
  if (ecWrite && ecRead && ecWrite.buffers !== ecRead.buffers) {
    fail(`readPath[${rebuild}]`, `has ${ecRead.buffers} stripe buffer${ecRead.buffers > 1 ? 's' : ''} but the write path's EC stage has ${ecWrite.buffers}: both EC stages use the same number (the queue engine's ecBuffers)`);
  }
  if (ecRead && !read.some((s) => s.name === 'lz4-decompress')) fail('readPath', "has 'ec-reconstruct' without 'lz4-decompress': the reconstruct stage rebuilds blocks for the decompressor");
  const ec = ecWrite ?? ecRead;
  // one set of keys for both paths: what the write path encrypts, the read path decrypts
  const enc = at(write, 'encrypt');
  const dec = at(read, 'decrypt');
  const xtsWrite = enc >= 0 ? xtsParams(`writePath[${enc}]`, write[enc]) : undefined;
  const xtsRead = dec >= 0 ? xtsParams(`readPath[${dec}]`, read[dec]) : undefined;
  if (xtsWrite && xtsRead && (xtsWrite.keyBits !== xtsRead.keyBits || xtsWrite.keySlots !== xtsRead.keySlots)) {
    fail(`readPath[${dec}]`, `decrypts with XTS-AES-${xtsRead.keyBits} in ${xtsRead.keySlots} key slots but the write path encrypts with XTS-AES-${xtsWrite.keyBits} in ${xtsWrite.keySlots}: both XTS stages must use the same keyBits and keySlots`);
  }
  const xts = xtsWrite ?? xtsRead;
  // the LZ4 stages' engine counts (0: one engine at the data path's width)
  const comp = at(write, 'lz4-compress');
  const decomp = at(read, 'lz4-decompress');
  const lz4 = {
    compressEngines: comp >= 0 ? stageInt(`writePath[${comp}]`, write[comp], 'engines', 'compressEngines') : 0,
    compressPieceBytes: comp >= 0 ? stageInt(`writePath[${comp}]`, write[comp], 'pieceBytes', 'compressPieceBytes') : 0,
    decompressEngines: decomp >= 0 ? stageInt(`readPath[${decomp}]`, read[decomp], 'engines', 'decompressEngines') : 0,
    decompressEngineBytes: decomp >= 0 ? stageInt(`readPath[${decomp}]`, read[decomp], 'bytesPerCycle', 'decompressEngineBytes') : queueSchema.decompressEngineBytes.default as number,
  };
  const writePath = write.map((s) => s.name);
  const readPath = read.map((s) => s.name);
  // the queue generator checks the numbers and names the parameter
  const q = queueParamsOf({ queues: o.queues, dataBytes: o.dataBytes, maxRequests: o.maxRequests, arbitration: o.arbitration, memoryKinds: o.memoryKinds, dma, writePath, readPath, ec, xts, ...lz4, encryptBeforeCompress: encryptFirst });
  return {
    queues: q.queues, dataBytes: q.dataBytes, maxRequests: q.maxRequests, arbitration: q.arbitration, memoryKinds: q.memoryKinds,
    dma: { maxBurstBeats: q.maxBurstBeats, maxReadBursts: q.maxReadBursts, maxWriteBursts: q.maxWriteBursts, commandsInFlight: q.dmaCommands },
    writePath, readPath, ...lz4, ...(ec ? { ec } : {}), ...(xts ? { xts } : {}), ...(encryptFirst ? { encryptBeforeCompress: true } : {}), warnings,
  };
}

/** The queue engine parameters a config generates. */
export function datapathQueueParams(c: DatapathConfig): QueueParams {
  return queueParamsOf(c);
}

/** The one mapping from config fields to queue engine parameters (checked by the queue generator). */
function queueParamsOf(c: { queues: unknown; dataBytes: unknown; maxRequests: unknown; arbitration: unknown; memoryKinds: unknown; dma: Record<string, unknown>; writePath: string[]; readPath: string[]; ec?: ErasureCodeConfig; xts?: EncryptionConfig; compressEngines: number; compressPieceBytes: number; decompressEngines: number; decompressEngineBytes: number; encryptBeforeCompress?: boolean }): QueueParams {
  const encode = c.writePath.includes('ec-encode');
  const reconstruct = c.readPath.includes('ec-reconstruct');
  const encrypt = c.writePath.includes('encrypt');
  const decrypt = c.readPath.includes('decrypt');
  return validateQueueParams({
    queues: c.queues, dataBytes: c.dataBytes, maxRequests: c.maxRequests, arbitration: c.arbitration, memoryKinds: c.memoryKinds,
    maxBurstBeats: c.dma.maxBurstBeats, maxReadBursts: c.dma.maxReadBursts, maxWriteBursts: c.dma.maxWriteBursts, dmaCommands: c.dma.commandsInFlight,
    compression: c.writePath.includes('lz4-compress') ? 'lz4' : 'none',
    decompression: c.readPath.includes('lz4-decompress') ? 'lz4' : 'none',
    compressEngines: c.compressEngines, compressPieceBytes: c.compressPieceBytes, decompressEngines: c.decompressEngines, decompressEngineBytes: c.decompressEngineBytes,
    erasureCoding: encode && reconstruct ? 'both' : encode ? 'encode' : reconstruct ? 'reconstruct' : 'none',
    ...(c.ec ? { ecK: c.ec.k, ecM: c.ec.m, ecBuffers: c.ec.buffers } : {}),
    encryption: encrypt && decrypt ? 'both' : encrypt ? 'encrypt' : decrypt ? 'decrypt' : 'none',
    encryptAt: c.encryptBeforeCompress ? 'before-compress' : 'after-compress',
    ...(c.xts ? { xtsKeyBits: c.xts.keyBits, xtsKeySlots: c.xts.keySlots } : {}),
  });
}
