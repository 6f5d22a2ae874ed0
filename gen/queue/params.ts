// The queue engine's parameters: the schema (with its checks, named errors), the module name that carries every
// parameter that changes the RTL, the regenerate command, and the sub-engines' parameters the stages instantiate.
import { flagName, ParamError, validateParams, type ParamSchema } from '../core/params.js';
import type { Lz4ParallelCompressParams } from '../lz4/compress-params.js';
import type { XtsParams } from '../xts/params.js';
import type { Lz4CompressArrayParams } from '../lz4/compress-array.js';
import type { Lz4DecompressArrayParams } from '../lz4/decompress-array.js';
import { COMPRESS_MAX_BYTES, queueArrayCompressor, QUEUE_COMPRESSOR, queueHasEncrypt, queueHasReconstruct, type QueueParams } from '../../src/spec/queue.js';

export const QUEUE_GENERATOR = 'gen/queue';
export const QUEUE_GENERATOR_VERSION = '0.8.0';

export const queueSchema: ParamSchema = {
  queues: { kind: 'int', min: 1, max: 16, default: 4, doc: 'submission/completion queue pairs' },
  dataBytes: { kind: 'int', min: 8, max: 128, default: 16, doc: 'bytes per AXI and data-path beat (power of two; above 32 the LZ4 stages are engine arrays)' },
  maxRequests: { kind: 'int', min: 2, max: 32, default: 8, doc: 'requests fetched and not yet completed (power of two)' },
  arbitration: { kind: 'enum', values: ['round-robin', 'weighted'], default: 'round-robin', doc: 'how the next queue to fetch from is picked' },
  maxBurstBeats: { kind: 'int', min: 1, max: 256, default: 16, doc: 'longest AXI burst in beats (DMA)' },
  maxReadBursts: { kind: 'int', min: 1, max: 64, default: 8, doc: 'read bursts in flight (DMA)' },
  maxWriteBursts: { kind: 'int', min: 1, max: 64, default: 8, doc: 'write bursts in flight (DMA)' },
  dmaCommands: { kind: 'int', min: 4, max: 64, default: 4, doc: 'DMA commands in flight per direction (power of two): gathered segments whose data has not all come back, scatters and completion writes not yet answered' },
  compression: { kind: 'enum', values: ['none', 'lz4'], default: 'lz4', doc: 'a compression stage after the CRC (opcode 3): LZ4 blocks of up to 64 KiB' },
  compressEngines: { kind: 'int', min: 0, max: 64, default: 0,
    doc: 'the compressor: 0 = one banked parallel compressor at the data path width (up to 32 bytes); N = an array of N skip-ahead greedy compressors, each on its own block' },
  compressPieceBytes: { kind: 'int', min: 0, max: 32768, default: 0,
    doc: 'with compressEngines: 0 = each engine takes a whole block; P (a power of two) = blocks cut into P-byte pieces, one engine each (compress requests up to compressEngines x P bytes, at most 64 KiB)' },
  decompression: { kind: 'enum', values: ['none', 'lz4'], default: 'lz4', doc: 'a decompression stage before the CRC (opcode 4): LZ4 blocks decoding to up to 64 KiB' },
  decompressEngines: { kind: 'int', min: 0, max: 64, default: 0,
    doc: 'the decompressor: 0 = one engine at the data path width (up to 32 bytes); N = an array of N engines of decompressEngineBytes bytes per cycle, each on its own block' },
  decompressEngineBytes: { kind: 'int', min: 1, max: 32, default: 8, doc: 'bytes per cycle of each engine of a decompressor array (power of two, <= dataBytes)' },
  erasureCoding: { kind: 'enum', values: ['none', 'encode', 'reconstruct', 'both'], default: 'none',
    doc: 'EC stripe stages for requests with flag bit 1: encode the output of a copy or compress into a k+m stripe; reconstruct a stripe with lost fragments before decompression' },
  ecK: { kind: 'int', min: 1, max: 32, default: 8, doc: 'EC data fragments per stripe (k)' },
  ecM: { kind: 'int', min: 1, max: 8, default: 2, doc: 'EC parity fragments per stripe (m)' },
  ecBuffers: { kind: 'int', min: 1, max: 2, default: 1, doc: 'stripe buffers per EC stage: 2 = double buffered (one stage fills while the other codes and sends)' },
  memoryKinds: { kind: 'enum', values: ['bram', 'ultrascale'], default: 'bram',
    doc: "what synthesis builds the large memories of: 'bram' every one in block RAM; 'ultrascale' by shape, for UltraScale+ parts: the deep buffers (EC stripes, the decompressor array's FIFOs of a block each) in UltraRAM, the compressor array's stream-wide output FIFOs (two pieces deep) in LUT RAM (ram_style hints; same behaviour)" },
  encryption: { kind: 'enum', values: ['none', 'encrypt', 'decrypt', 'both'], default: 'none',
    doc: 'AES-XTS stages for requests with flag bit 2 (encrypt the output of a copy or compress, after compression and before EC encode) or bit 3 (decrypt the gathered data of a copy or decompress, before decompression); the engines take dataBytes / 16 blocks per cycle' },
  encryptAt: { kind: 'enum', values: ['after-compress', 'before-compress'], default: 'after-compress',
    doc: 'where the encrypt stage sits: after the compressor (before EC encode), or at its input (the compressor then takes ciphertext, which does not compress: a cost, kept for comparison)' },
  xtsKeyBits: { kind: 'int', min: 128, max: 256, default: 256, doc: 'AES key bits of the XTS stages: 128 or 256' },
  xtsKeySlots: { kind: 'int', min: 1, max: 16, default: 4, doc: 'key slots (per-volume keys) of the XTS stages, loaded on k_axis' },
  testFlipBitAfter: { kind: 'int', min: 0, max: 0x7fffffff, default: 0,
    doc: 'test only: flip bit 0 of the first byte of the N-th scattered packet, once (an injected hardware fault for checking that the harness catches it; 0 = off)' },
};

export function validateQueueParams(raw: Readonly<Record<string, unknown>>): QueueParams {
  const v = validateParams(QUEUE_GENERATOR, queueSchema, raw);
  const p = v as unknown as QueueParams;
  for (const k of ['dataBytes', 'maxRequests', 'dmaCommands'] as const) {
    if ((p[k] & (p[k] - 1)) !== 0) throw new ParamError(QUEUE_GENERATOR, k, `= ${p[k]} is not a power of two`);
  }
  if (p.decompression === 'lz4' && p.decompressEngines === 0 && p.dataBytes > 32) throw new ParamError(QUEUE_GENERATOR, 'decompression', `'lz4' with one engine (decompressEngines 0) needs dataBytes <= 32 (the decompressor writes at most 32 bytes per cycle); dataBytes is ${p.dataBytes}: set decompressEngines for an engine array`);
  if (p.compression === 'lz4' && p.compressEngines === 0 && p.dataBytes > 32) throw new ParamError(QUEUE_GENERATOR, 'compression', `'lz4' with one engine (compressEngines 0) needs dataBytes <= 32 (the compressor takes at most 32 bytes per cycle); dataBytes is ${p.dataBytes}: set compressEngines for an engine array`);
  if (p.compressEngines > 0 && p.compression !== 'lz4') throw new ParamError(QUEUE_GENERATOR, 'compressEngines', `= ${p.compressEngines} needs compression 'lz4' (compression is '${p.compression}')`);
  if (p.compressPieceBytes !== 0) {
    const P = p.compressPieceBytes;
    if (p.compressEngines === 0) throw new ParamError(QUEUE_GENERATOR, 'compressPieceBytes', `= ${P} cuts blocks over the engines of a compressor array: it needs compressEngines > 0`);
    if ((P & (P - 1)) !== 0 || P < 2 * p.dataBytes) throw new ParamError(QUEUE_GENERATOR, 'compressPieceBytes', `= ${P} is not a power of two >= 2 x dataBytes (${2 * p.dataBytes})`);
  }
  if (p.decompressEngines > 0 && p.decompression !== 'lz4') throw new ParamError(QUEUE_GENERATOR, 'decompressEngines', `= ${p.decompressEngines} needs decompression 'lz4' (decompression is '${p.decompression}')`);
  const b = p.decompressEngineBytes;
  if ((b & (b - 1)) !== 0 || b > p.dataBytes) throw new ParamError(QUEUE_GENERATOR, 'decompressEngineBytes', `= ${b} must be a power of two no larger than dataBytes (${p.dataBytes})`);
  if (p.erasureCoding !== 'none' && p.dataBytes > 64) throw new ParamError(QUEUE_GENERATOR, 'erasureCoding', `'${p.erasureCoding}' needs dataBytes <= 64 (stripe fragments are multiples of 64 bytes, src/ref/ec-stripe.ts, so a wider beat would span two); dataBytes is ${p.dataBytes}`);
  if (p.xtsKeyBits !== 128 && p.xtsKeyBits !== 256) throw new ParamError(QUEUE_GENERATOR, 'xtsKeyBits', `= ${p.xtsKeyBits} is not allowed: expected 128 or 256`);
  if (p.encryption !== 'none' && p.dataBytes < 16) throw new ParamError(QUEUE_GENERATOR, 'encryption', `'${p.encryption}' needs dataBytes >= 16 (the XTS engines take whole 16-byte AES blocks, dataBytes / 16 per cycle); dataBytes is ${p.dataBytes}`);
  if (p.encryptAt === 'before-compress' && (!queueHasEncrypt(p) || p.compression !== 'lz4')) {
    throw new ParamError(QUEUE_GENERATOR, 'encryptAt', `'before-compress' places the encrypt stage at the compressor's input: it needs encryption 'encrypt' or 'both' and compression 'lz4' (encryption is '${p.encryption}', compression '${p.compression}')`);
  }
  if (queueHasReconstruct(p) && p.decompression !== 'lz4') throw new ParamError(QUEUE_GENERATOR, 'erasureCoding', `'${p.erasureCoding}' reconstructs stripes for the decompression stage (opcode 4), so it needs decompression 'lz4'`);
  return { ...p };
}

/** The XTS engines of the encryption stages: one AES lane per 16 bytes of the data path, unrolled rounds. */
export function queueXtsParams(p: QueueParams, mode: 'encrypt' | 'decrypt'): XtsParams {
  return { mode, keyBits: p.xtsKeyBits, lanes: p.dataBytes / 16, rounds: 'unrolled', keySlots: p.xtsKeySlots };
}

/**
 * What each large memory of the queue engine is built of, by memoryKinds: on UltraScale+ the deep buffers (EC
 * stripes, the decompressor array's block FIFOs) go to UltraRAM and the compressor array's shallow stream-wide
 * output FIFOs to LUT RAM; 'bram' keeps every one in block RAM (the only kind iCE40 and generic flows have).
 */
export function queueMemoryKinds(p: Pick<QueueParams, 'memoryKinds'>): { ecBuffers: 'bram' | 'uram'; decompressBuffers: 'bram' | 'uram'; compressOutputs: 'bram' | 'lutram' } {
  const us = p.memoryKinds === 'ultrascale';
  return { ecBuffers: us ? 'uram' : 'bram', decompressBuffers: us ? 'uram' : 'bram', compressOutputs: us ? 'lutram' : 'bram' };
}

/** The compressor array of the compression stage (compressEngines > 0): greedy engines loading a beat a cycle. */
export function queueCompressArrayParams(p: QueueParams): Lz4CompressArrayParams {
  const { subBlockBytes, ...engine } = queueArrayCompressor(p);
  return { engines: p.compressEngines, dataBytes: p.dataBytes, ...engine, historyMemory: 'bram', pieces: subBlockBytes > 0,
    outputMemory: queueMemoryKinds(p).compressOutputs,
    // in piece mode the engines write literals 4 a cycle: incompressible pieces would otherwise take twice the others' time
    literalBytes: subBlockBytes > 0 ? 4 : 1 };
}

/** The decompressor array of the decompression stage (decompressEngines > 0). */
export function queueDecompressArrayParams(p: QueueParams): Lz4DecompressArrayParams {
  return { engines: p.decompressEngines, dataBytes: p.dataBytes, bytesPerCycle: p.decompressEngineBytes, windowBytes: COMPRESS_MAX_BYTES, maxOutputBytes: COMPRESS_MAX_BYTES, historyMemory: 'bram',
    bufferMemory: queueMemoryKinds(p).decompressBuffers };
}

/** The compressor the compression stage instantiates: the default LZ4 design at the data path's width. */
export function queueCompressorParams(dataBytes: number): Lz4ParallelCompressParams {
  return { lanes: dataBytes, ...QUEUE_COMPRESSOR, entryBytes: Math.min(16, dataBytes), sequencesPerCycle: 2, historyMemory: 'bram' };
}

export function queueModuleName(p: QueueParams): string {
  // every parameter that changes the RTL is in the name (the DMA's only when not its defaults)
  const d = queueSchema;
  const dma = p.maxBurstBeats === d.maxBurstBeats.default && p.maxReadBursts === d.maxReadBursts.default && p.maxWriteBursts === d.maxWriteBursts.default
    && p.dmaCommands === d.dmaCommands.default
    ? '' : `_dma${p.maxBurstBeats}x${p.maxReadBursts}x${p.maxWriteBursts}${p.dmaCommands !== d.dmaCommands.default ? `c${p.dmaCommands}` : ''}`;
  const ec = p.erasureCoding === 'none' ? '' : `_ec${p.ecK}p${p.ecM}${p.erasureCoding === 'encode' ? 'enc' : p.erasureCoding === 'reconstruct' ? 'rec' : ''}${p.ecBuffers > 1 ? `x${p.ecBuffers}` : ''}`;
  const memory = p.memoryKinds === 'ultrascale' ? '_us' : '';
  const xts = p.encryption === 'none' ? '' : `_xts${p.encryption === 'encrypt' ? 'enc' : p.encryption === 'decrypt' ? 'dec' : ''}${p.xtsKeyBits}s${p.xtsKeySlots}${p.encryptAt === 'before-compress' ? '_encfirst' : ''}`;
  return `queue_engine_q${p.queues}_w${p.dataBytes}_r${p.maxRequests}${p.arbitration === 'weighted' ? '_wrr' : ''}${p.compression === 'lz4' ? `_lz4${p.compressEngines ? `x${p.compressEngines}${p.compressPieceBytes ? `p${p.compressPieceBytes}` : ''}` : ''}` : ''}${p.decompression === 'lz4' ? `_unlz4${p.decompressEngines ? `x${p.decompressEngines}b${p.decompressEngineBytes}` : ''}` : ''}${ec}${xts}${dma}${memory}${p.testFlipBitAfter ? `_fault${p.testFlipBitAfter}` : ''}`;
}

export function queueCommand(p: QueueParams): string {
  return `npm run dpuforge -- gen queue ${Object.entries(p).map(([k, v]) => `${flagName(k)} ${v}`).join(' ')} -o hw/generated`;
}
