// The software pipeline the queue engine is checked against, request by request: the same checks of a
// submission entry (in the same order, giving the same status), the gathered bytes' CRC32C, the output
// (the data itself, or its LZ4 block from the compressor design's model, or the erasure-coded stripe of either)
// and the bytes each destination segment must hold afterwards.
import { COMPRESS_MAX_BYTES, EC_STAGE_MAX_BYTES, QUEUE_OPCODES, MAX_SEGMENTS, queueCompressorParams, queueHasEncode, queueHasReconstruct, type QueueParams } from '../../gen/queue/queue.js';
import { designOf } from '../../gen/lz4/compress-params.js';
import { catalogueModel, crc } from './crc.js';
import { stripeEncodeStage, stripeReconstructStage, type StripeResult } from './ec-stripe.js';
import { lz4DesignCompress } from './lz4-compress.js';
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
}

/** The software twins of the stages a queue engine configuration has (its compressor's design model, etc.). */
export function pipelineStagesFor(p: QueueParams): PipelineStages {
  const design = designOf(queueCompressorParams(p.dataBytes));
  return {
    ...(p.compression === 'lz4' ? { compress: (data: Uint8Array) => lz4DesignCompress(design, data) } : {}),
    ...(p.decompression === 'lz4' ? { decompress: (block: Uint8Array) => lz4DecodeBlock(block, { maxOutput: COMPRESS_MAX_BYTES, window: COMPRESS_MAX_BYTES }) } : {}),
    ...(queueHasEncode(p) ? { ecEncode: (payload: Uint8Array) => stripeEncodeStage(payload, p.ecK, p.ecM, EC_STAGE_MAX_BYTES) } : {}),
    ...(queueHasReconstruct(p) ? { ecReconstruct: (input: Uint8Array) => stripeReconstructStage(input, p.ecK, p.ecM, EC_STAGE_MAX_BYTES) } : {}),
  };
}

/** What a request asks of the stages, given the ones the device has. */
function stagesAsked(r: QueueRequest, stages: PipelineStages) {
  const compress = r.opcode === QUEUE_OPCODES.compress && stages.compress !== undefined;
  const decompress = r.opcode === QUEUE_OPCODES.decompress && stages.decompress !== undefined;
  const ecEncode = !!r.erasureCoded && stages.ecEncode !== undefined && (r.opcode === QUEUE_OPCODES.copy || compress);
  const ecReconstruct = !!r.erasureCoded && stages.ecReconstruct !== undefined && decompress;
  return { compress, decompress, ecEncode, ecReconstruct, variable: compress || decompress || ecEncode };
}

/** Status of a submission entry's checks (0 = fine), in the engine's order. */
export function checkRequest(r: QueueRequest, stages: PipelineStages = {}): number {
  const length = requestLength(r);
  const segs = [...r.src, ...r.dst];
  const { compress, decompress, ecEncode, ecReconstruct, variable } = stagesAsked(r, stages);
  if (r.opcode !== QUEUE_OPCODES.copy && r.opcode !== QUEUE_OPCODES.crc32c && !compress && !decompress) return 1;
  if (r.erasureCoded && !ecEncode && !ecReconstruct) return 10;
  if (r.src.length === 0 || segs.length > MAX_SEGMENTS || ((r.opcode === QUEUE_OPCODES.copy || variable) && r.dst.length === 0)) return 2;
  if (length === 0 || segs.some((s) => s.length === 0)) return 3;
  const sum = (xs: QueueSegment[]) => xs.reduce((n, s) => n + s.length, 0);
  if (sum(r.src) !== length || (r.dst.length > 0 && !variable && sum(r.dst) !== length)) return 4;
  if ((compress || ecEncode) && length > COMPRESS_MAX_BYTES) return 6;
  return 0;
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
  // reconstruct → decompress; an input the stage refuses reaches the decompressor as an empty block
  const rebuilt = asked.ecReconstruct ? stages.ecReconstruct!(data) : undefined;
  const decoded = asked.decompress ? stages.decompress!(rebuilt ? rebuilt.output : data) : undefined;
  const out = asked.compress ? stages.compress!(data) : decoded ? decoded.output : data;
  // the bytes scattered: the output, or its stripe
  const striped = asked.ecEncode ? stages.ecEncode!(out) : undefined;
  const scattered = striped ? striped.output : out;
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
  const written = r.dst.length ? BigInt(out.length) << 32n : 0n;
  // bytes read from outside memory are zeros in the engine: its CRC and writes then differ, so only the
  // status is compared for such requests
  // the CRC32C is of the data as the host sees it: the gathered bytes, or the decompressed ones
  const sum = crc(CRC32C, decoded ? out : data);
  const status2 = !readOk || !writeOk ? 5 : striped?.error || rebuilt?.error ? 11 : decoded && decoded.error ? 9 : r.dst.length > 0 && scattered.length > at ? 7
    : r.verifyCrc !== undefined && BigInt(r.verifyCrc >>> 0) !== sum ? 8 : 0;
  return { status: status2, result: sum | written, writes: readOk ? writes : [] };
}
