// The software pipeline the queue engine is checked against, request by request: the same checks of a
// submission entry (in the same order, giving the same status), the gathered bytes' CRC32C, the output
// (the data itself, or its decryption, or its LZ4 block from the compressor design's model, or its
// encryption, or the erasure-coded stripe of those) and the bytes each destination segment must hold afterwards.
import { COMPRESS_MAX_BYTES, CRYPTO_CONTEXT, queueArrayCompressor, queueCompressMaxBytes, QUEUE_COMPRESSOR, EC_STAGE_MAX_BYTES, ecStageMaxBytes, QUEUE_OPCODES, MAX_SEGMENTS, QUEUE_STATUS_CODES, queueHasDecrypt, queueHasEncode, queueHasEncrypt, queueHasReconstruct, type QueueParams } from '../spec/queue.js';
import { xtsDecrypt, xtsEncrypt } from './xts.js';
import { catalogueModel, crc } from './crc.js';
import { stripeEncodeStage, stripeReconstructStage, type StripeResult } from './ec-stripe.js';
import { lz4DesignCompress } from './lz4-compress.js';
import { DEFAULT_LZ4_GREEDY_DESIGN, lz4GreedyCompress } from './lz4-compress-greedy.js';
import { lz4DecodeBlock } from './lz4.js';

export interface QueueSegment {
  addr: number;
  length: number;
}

export interface QueueRequest {
  opcode: number;
  cid: number;
  src: QueueSegment[];
  dst: QueueSegment[];
  /** Total length (defaults to the sum of the source segments). */
  length?: number;
  /** Per-request option: the CRC32C the gathered data must have (status 8 if it does not). */
  verifyCrc?: number;
  /** Per-request option (flag bit 1): erasure code the output (copy, compress) or reconstruct the input (decompress). */
  erasureCoded?: boolean;
  /** Per-request option (flag bit 2 encrypt, bit 3 decrypt) and its crypto context (bytes 112-127 of the entry). */
  crypt?: CryptContext;
}

export interface CryptContext {
  encrypt?: boolean;
  decrypt?: boolean;
  /** The first data unit's number (the tweak; data unit j of the request has number + j). */
  dataUnit: bigint;
  slot: number;
  /** log2 of the data-unit size in bytes. */
  dataUnitLog2: number;
  /** Decrypt: the plaintext's bytes (the ciphertext is it zero-padded to a multiple of 16). */
  payloadBytes?: number;
}

/** What an XTS stage gives: the output, or nothing when the engine refuses the request (no key in the slot). */
export interface CryptResult {
  output: Uint8Array;
  refused: boolean;
}

export interface QueueOutcome {
  status: number;
  /** The completion's result: CRC32C of the gathered bytes, and the bytes written << 32 (0 when no data moved). */
  result: bigint;
  /** Destination bytes to write, in segment order, when the request succeeds. */
  writes: { addr: number; data: Uint8Array }[];
}

const CRC32C = catalogueModel('crc32c')!;

export function requestLength(r: QueueRequest): number {
  return r.length ?? r.src.reduce((n, s) => n + s.length, 0);
}

/** What the device's data path can do: its compression (opcode 3) and decompression (opcode 4) stages, as models. */
export interface PipelineStages {
  compress?: (data: Uint8Array) => Uint8Array;
  /** The output (what decodes before an error) and the error code (0 = a good block). */
  decompress?: (block: Uint8Array) => { output: Uint8Array; error: number };
  /** The EC encode stage: payload → stripe (src/ref/ec-stripe.ts). */
  ecEncode?: (payload: Uint8Array) => StripeResult;
  /** The EC reconstruct stage: header + survivors → payload. */
  ecReconstruct?: (input: Uint8Array) => StripeResult;
  /** The encrypt stage: output → zero-padded to 16-byte blocks, encrypted. */
  encrypt?: (data: Uint8Array, c: CryptContext) => CryptResult;
  /** The decrypt stage: gathered ciphertext → plaintext trimmed to the payload bytes. */
  decrypt?: (data: Uint8Array, c: CryptContext) => CryptResult;
  /** The encrypt stage sits at the compressor's input (it encrypts the gathered data; the compressor takes ciphertext). */
  encryptFirst?: boolean;
  /** The smallest log2 data-unit size the XTS stages take (a data unit is whole beats). */
  minDataUnitLog2?: number;
  /** The largest request the compression stage takes (COMPRESS_MAX_BYTES when absent). */
  compressMaxBytes?: number;
}

/** Bytes padded to a multiple of 16 (an encrypted output's length). */
export const padded16 = (n: number): number => Math.ceil(n / 16) * 16;

/**
 * The software twins of the stages a queue engine configuration has (its compressor's design model, etc.);
 * `keys`: the XTS keys loaded in the device's key slots when the requests run (slot -> Key1 || Key2).
 */
export function pipelineStagesFor(p: QueueParams, keys: ReadonlyMap<number, Uint8Array> = new Map()): PipelineStages {
  // the compressor's design: the banked parallel one, or (an engine array) the skip-ahead greedy one
  const design = { positionsPerCycle: p.dataBytes, ...QUEUE_COMPRESSOR };
  const engines = queueArrayCompressor(p);
  // (in piece mode the pieces' matches stay inside them: the window is the block's 64 KiB)
  const greedy = { ...DEFAULT_LZ4_GREEDY_DESIGN, hashBits: engines.hashBits, backwardBytes: engines.backwardBytes, windowBytes: COMPRESS_MAX_BYTES, subBlockBytes: engines.subBlockBytes };
  // the XTS engines refuse a slot out of range or without a key: the output is then empty
  const keyOf = (c: CryptContext) => (c.slot < p.xtsKeySlots ? keys.get(c.slot) : undefined);
  const xts = (encrypt: boolean) => (data: Uint8Array, c: CryptContext): CryptResult => {
    const key = keyOf(c);
    if (!key) return { output: new Uint8Array(0), refused: true };
    if (encrypt) {
      const block = new Uint8Array(padded16(data.length));
      block.set(data);
      return { output: xtsEncrypt(key, c.dataUnit, 2 ** c.dataUnitLog2, block), refused: false };
    }
    return { output: xtsDecrypt(key, c.dataUnit, 2 ** c.dataUnitLog2, data).subarray(0, c.payloadBytes), refused: false };
  };
  return {
    ...(p.compression === 'lz4' ? { compress: (data: Uint8Array) => (p.compressEngines ? lz4GreedyCompress(greedy, data) : lz4DesignCompress(design, data)), compressMaxBytes: queueCompressMaxBytes(p) } : {}),
    ...(p.decompression === 'lz4' ? { decompress: (block: Uint8Array) => lz4DecodeBlock(block, { maxOutput: COMPRESS_MAX_BYTES, window: COMPRESS_MAX_BYTES }) } : {}),
    ...(queueHasEncode(p) ? { ecEncode: (payload: Uint8Array) => stripeEncodeStage(payload, p.ecK, p.ecM, ecStageMaxBytes(p)) } : {}),
    ...(queueHasEncrypt(p) ? { encrypt: xts(true), encryptFirst: p.encryptAt === 'before-compress' } : {}),
    ...(queueHasDecrypt(p) ? { decrypt: xts(false) } : {}),
    ...(p.encryption !== 'none' ? { minDataUnitLog2: Math.log2(p.dataBytes) } : {}),
    ...(queueHasReconstruct(p) ? { ecReconstruct: (input: Uint8Array) => stripeReconstructStage(input, p.ecK, p.ecM, EC_STAGE_MAX_BYTES) } : {}),
  };
}

/** What a request asks of the stages, given the ones the device has. */
function stagesAsked(r: QueueRequest, stages: PipelineStages) {
  const compress = r.opcode === QUEUE_OPCODES.compress && stages.compress !== undefined;
  const decompress = r.opcode === QUEUE_OPCODES.decompress && stages.decompress !== undefined;
  const ecEncode = !!r.erasureCoded && stages.ecEncode !== undefined && (r.opcode === QUEUE_OPCODES.copy || compress);
  const ecReconstruct = !!r.erasureCoded && stages.ecReconstruct !== undefined && decompress;
  const c = r.crypt;
  const encrypt = !!c?.encrypt && !c.decrypt && stages.encrypt !== undefined && (r.opcode === QUEUE_OPCODES.copy || compress);
  const decrypt = !!c?.decrypt && !c.encrypt && !r.erasureCoded && stages.decrypt !== undefined && (r.opcode === QUEUE_OPCODES.copy || decompress);
  const cryptRefused = (!!c?.encrypt && !encrypt) || (!!c?.decrypt && !decrypt);
  return { compress, decompress, ecEncode, ecReconstruct, encrypt, decrypt, cryptRefused, variable: compress || decompress || ecEncode || encrypt || decrypt };
}

/** A crypto context the engine refuses (status 12), given the request's length. */
function contextBad(c: CryptContext, decrypt: boolean, length: number, minLog2: number): boolean {
  if (c.dataUnitLog2 < minLog2 || c.dataUnitLog2 > CRYPTO_CONTEXT.maxDataUnitLog2) return true;
  const payload = c.payloadBytes ?? 0;
  return decrypt && (length % 16 !== 0 || payload === 0 || payload > length || payload + 16 <= length);
}

/** Status of a submission entry's checks (0 = fine), in the engine's order. */
export function checkRequest(r: QueueRequest, stages: PipelineStages = {}): number {
  const length = requestLength(r);
  const segs = [...r.src, ...r.dst];
  const { compress, decompress, ecEncode, ecReconstruct, encrypt, decrypt, cryptRefused, variable } = stagesAsked(r, stages);
  if (r.opcode !== QUEUE_OPCODES.copy && r.opcode !== QUEUE_OPCODES.crc32c && !compress && !decompress) return QUEUE_STATUS_CODES.invalidOpcode;
  if (r.erasureCoded && !ecEncode && !ecReconstruct) return QUEUE_STATUS_CODES.noErasureCoding;
  if (cryptRefused) return QUEUE_STATUS_CODES.badEncryption;
  const maxSegments = encrypt || decrypt ? CRYPTO_CONTEXT.maxSegments : MAX_SEGMENTS;
  if (r.src.length === 0 || segs.length > maxSegments || ((r.opcode === QUEUE_OPCODES.copy || variable) && r.dst.length === 0)) return QUEUE_STATUS_CODES.segmentCounts;
  if (length === 0 || segs.some((s) => s.length === 0)) return QUEUE_STATUS_CODES.zeroLength;
  const sum = (xs: QueueSegment[]) => xs.reduce((n, s) => n + s.length, 0);
  if (sum(r.src) !== length || (r.dst.length > 0 && !variable && sum(r.dst) !== length)) return QUEUE_STATUS_CODES.lengthMismatch;
  if ((compress && length > (stages.compressMaxBytes ?? COMPRESS_MAX_BYTES)) || (ecEncode && length > COMPRESS_MAX_BYTES)) return QUEUE_STATUS_CODES.tooLongToCompress;
  if ((encrypt || decrypt) && contextBad(r.crypt!, decrypt, length, stages.minDataUnitLog2 ?? 4)) return QUEUE_STATUS_CODES.badEncryption;
  return QUEUE_STATUS_CODES.success;
}

/**
 * What the request does to memory `read(addr, length)` returns bytes of; `inRange` says whether a range is
 * inside host memory (a transfer outside it is status 5, data transfer error).
 */
export function runRequest(r: QueueRequest, read: (addr: number, length: number) => Uint8Array, inRange: (s: QueueSegment) => boolean, stages: PipelineStages = {}): QueueOutcome {
  const status = checkRequest(r, stages);
  if (status) return { status, result: 0n, writes: [] };
  const data = new Uint8Array(requestLength(r));
  let at = 0;
  let readOk = true;
  for (const s of r.src) {
    if (inRange(s)) data.set(read(s.addr, s.length), at);
    else readOk = false;
    at += s.length;
  }
  const asked = stagesAsked(r, stages);
  // decrypt first (trimmed to the payload; nothing when refused); then the data as the host sees it goes on
  const decrypted = asked.decrypt ? stages.decrypt!(data, r.crypt!) : undefined;
  const plain = decrypted ? decrypted.output : data;
  // reconstruct → decompress; an input the stage refuses reaches the decompressor as an empty block
  const rebuilt = asked.ecReconstruct ? stages.ecReconstruct!(plain) : undefined;
  const decoded = asked.decompress ? stages.decompress!(rebuilt ? rebuilt.output : plain) : undefined;
  // encrypt at the compressor's input (encryptFirst), or after compression; padded to 16-byte blocks, nothing when refused
  const early = asked.encrypt && stages.encryptFirst ? stages.encrypt!(plain, r.crypt!) : undefined;
  const out = asked.compress ? stages.compress!(early ? early.output : plain) : decoded ? decoded.output : early ? early.output : plain;
  const encrypted = asked.encrypt && !stages.encryptFirst ? stages.encrypt!(out, r.crypt!) : undefined;
  const sent = encrypted ? encrypted.output : out;
  // the bytes scattered: the output, or its stripe
  const striped = asked.ecEncode ? stages.ecEncode!(sent) : undefined;
  const scattered = striped ? striped.output : sent;
  const writes: { addr: number; data: Uint8Array }[] = [];
  at = 0;
  let writeOk = true;
  for (const s of r.dst) {
    // the output fills the destinations in order; a shorter (compressed) output leaves the rest untouched
    const part = scattered.subarray(Math.min(at, scattered.length), Math.min(at + s.length, scattered.length));
    if (!inRange(s)) writeOk = false;
    else if (part.length) writes.push({ addr: s.addr, data: part });
    at += s.length;
  }
  // the completion reports the output's bytes (encrypted: padded to 16-byte blocks, also when refused)
  const written = r.dst.length ? BigInt(encrypted ? padded16(out.length) : out.length) << 32n : 0n;
  // bytes read from outside memory are zeros in the engine: its CRC and writes then differ, so only the
  // status is compared for such requests
  // the CRC32C is of the data as the host sees it: the gathered bytes, or the decompressed ones
  const sum = crc(CRC32C, decoded ? out : plain);
  const C = QUEUE_STATUS_CODES;
  const status2 = !readOk || !writeOk ? C.transferError : encrypted?.refused || early?.refused || decrypted?.refused ? C.keyRefused
    : striped?.error || rebuilt?.error ? C.badStripe : decoded && decoded.error ? C.corruptLz4
    : r.dst.length > 0 && scattered.length > at ? C.destinationTooSmall
    : r.verifyCrc !== undefined && BigInt(r.verifyCrc >>> 0) !== sum ? C.crcMismatch : C.success;
  return { status: status2, result: sum | written, writes: readOk ? writes : [] };
}
