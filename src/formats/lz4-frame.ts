// The LZ4 frame format (what the `lz4` tool writes): magic, frame descriptor with its xxHash32 check byte,
// blocks (compressed, or stored raw when the high bit of their size is set) with optional block checksums,
// an end mark and an optional content checksum. Blocks are decoded by any LZ4 block decoder given as a
// function (the TS reference, or the simulated engine, which takes all of a frame's blocks in one run), and
// frames are written from blocks made by any block compressor (the design model or the engine).
// A file is read as the `lz4` tool reads it (decodeLz4Stream): frames one after another, skippable frames
// skipped, legacy frames (lz4 -l: 8 MiB blocks, no header), and bytes after the last frame an error naming
// their offset. Linked blocks (lz4 -BD) reach back into the output before them: each such block is decoded
// with up to 64 KiB of that history put in front of its first literals (lz4BlockWithHistory), so a decoder of
// independent blocks (the engine) decodes them too.
import type { Lz4DecodeResult } from '../ref/lz4.js';
import { LZ4_VERDICTS, pushLz4Token } from '../ref/lz4.js';
import { concatBytes } from '../util/bytes.js';
import { xxh32 } from './xxh32.js';

export const LZ4_FRAME_MAGIC = 0x184d2204;
/** Legacy frame (lz4 -l): this magic, then blocks of {u32 compressed size, block}, each decoding to at most 8 MiB. */
export const LZ4_LEGACY_MAGIC = 0x184c2102;
export const LZ4_LEGACY_BLOCK_MAX = 8 << 20;
/** A legacy block size word above LZ4_COMPRESSBOUND(8 MiB) is the next frame's magic number (as lz4io reads it). */
const LEGACY_SIZE_LIMIT = LZ4_LEGACY_BLOCK_MAX + Math.floor(LZ4_LEGACY_BLOCK_MAX / 255) + 16;
/** Linked blocks reach back this far into the output of the blocks before them. */
export const LZ4_HISTORY_BYTES = 64 << 10;
const BLOCK_MAX: Readonly<Record<number, number>> = { 4: 64 << 10, 5: 256 << 10, 6: 1 << 20, 7: 4 << 20 };

export class Lz4FrameError extends Error {
  constructor(message: string) {
    super(`LZ4 frame: ${message}`);
    this.name = 'Lz4FrameError';
  }
}

export interface Lz4FrameBlock {
  /** The block's bytes as stored in the frame. */
  data: Uint8Array;
  /** Stored raw (not LZ4-compressed). */
  raw: boolean;
}

export interface Lz4Frame {
  blockMaxBytes: number;
  independentBlocks: boolean;
  blockChecksums: boolean;
  contentChecksum?: number;
  contentSize?: bigint;
  blocks: Lz4FrameBlock[];
  /** Bytes of the input the frame occupies. */
  frameBytes: number;
}

/** Parse one frame (skipping leading skippable frames), checking structure and the header/block checksums. */
export function parseLz4Frame(bytes: Uint8Array): Lz4Frame {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number, what: string) => {
    if (at + n > bytes.length) throw new Lz4FrameError(`truncated at byte ${bytes.length}: ${what} needs ${n} more byte${n === 1 ? '' : 's'} from byte ${at}`);
  };
  for (;;) {
    need(4, 'the magic number');
    const magic = dv.getUint32(at, true);
    if ((magic & 0xfffffff0) === 0x184d2a50) { // skippable frame
      need(8, 'a skippable frame header');
      at += 8 + dv.getUint32(at + 4, true);
      continue;
    }
    if (magic !== LZ4_FRAME_MAGIC) throw new Lz4FrameError(`bad magic number 0x${magic.toString(16)} at byte ${at} (expected 0x184d2204)`);
    at += 4;
    break;
  }
  need(2, 'the frame descriptor');
  const descStart = at;
  const flg = bytes[at++];
  const bd = bytes[at++];
  if (flg >> 6 !== 1) throw new Lz4FrameError(`unsupported frame version ${flg >> 6} (expected 1)`);
  if (flg & 0x02 || bd & 0x8f) throw new Lz4FrameError('reserved bits set in the frame descriptor');
  const blockMaxBytes = BLOCK_MAX[(bd >> 4) & 7];
  if (!blockMaxBytes) throw new Lz4FrameError(`invalid block maximum size code ${(bd >> 4) & 7}`);
  const frame: Lz4Frame = {
    blockMaxBytes, independentBlocks: !!(flg & 0x20), blockChecksums: !!(flg & 0x10), blocks: [], frameBytes: 0,
  };
  if (flg & 0x08) { need(8, 'the content size'); frame.contentSize = dv.getBigUint64(at, true); at += 8; }
  if (flg & 0x01) { need(4, 'the dictionary id'); at += 4; }
  need(1, 'the header checksum');
  const hc = (xxh32(bytes.subarray(descStart, at)) >>> 8) & 0xff;
  if (bytes[at] !== hc) throw new Lz4FrameError(`header checksum mismatch: stored 0x${bytes[at].toString(16)}, computed 0x${hc.toString(16)}`);
  at++;
  for (let i = 0; ; i++) {
    need(4, `block ${i}'s size`);
    const word = dv.getUint32(at, true);
    at += 4;
    if (word === 0) break;
    const size = word & 0x7fffffff;
    if (size > blockMaxBytes) throw new Lz4FrameError(`block ${i} is ${size} bytes, over the frame's block maximum of ${blockMaxBytes}`);
    need(size, `block ${i}'s data`);
    const data = bytes.subarray(at, at + size);
    at += size;
    if (frame.blockChecksums) {
      need(4, `block ${i}'s checksum`);
      const stored = dv.getUint32(at, true);
      at += 4;
      if (stored !== xxh32(data)) throw new Lz4FrameError(`block ${i} checksum mismatch`);
    }
    frame.blocks.push({ data, raw: (word & 0x80000000) !== 0 });
  }
  if (flg & 0x04) { need(4, 'the content checksum'); frame.contentChecksum = dv.getUint32(at, true); at += 4; }
  frame.frameBytes = at;
  return frame;
}

/** Decodes a frame's compressed blocks, all at once, with limits maxOutput = the frame's block maximum. */
export type Lz4BlockBatchDecoder = (blocks: Uint8Array[], maxOutput: number) => Lz4DecodeResult[];

/**
 * The block made to decode to `history` followed by the block's own output: the history joins the first
 * sequence's literals (its literal length grows by history.length), so the block's offsets reach into it as
 * they would into the output before a linked block. A block whose first literal length is cut short is
 * returned as it is (it fails as truncated either way).
 */
export function lz4BlockWithHistory(block: Uint8Array, history: Uint8Array): Uint8Array {
  if (!history.length || !block.length) return block;
  let ip = 1;
  let lit = block[0] >> 4;
  if (lit === 15) {
    for (;;) {
      if (ip >= block.length) return block;
      const b = block[ip++];
      lit += b;
      if (b !== 255) break;
    }
  }
  const head: number[] = [];
  pushLz4Token(head, lit + history.length, (block[0] & 15) + 4);  // the match nibble as it was
  const out = new Uint8Array(head.length + history.length + block.length - ip);
  out.set(head, 0);
  out.set(history, head.length);
  out.set(block.subarray(ip), head.length + history.length);
  return out;
}

/** One decoded block's bytes, or an error naming the block (a decoder's verdict, or output past the maximum). */
function blockOutput(r: Lz4DecodeResult, what: string, maxOutput: number, historyBytes = 0): Uint8Array {
  if (r.error) throw new Lz4FrameError(`${what}: ${LZ4_VERDICTS[r.error]} (code ${r.error})`);
  // an engine's output bound is fixed when it is built: the frame's own maximum is checked here
  if (r.output.length - historyBytes > maxOutput) throw new Lz4FrameError(`${what}: ${LZ4_VERDICTS[4]} (code 4): ${r.output.length - historyBytes} bytes, the maximum is ${maxOutput}`);
  return r.output.subarray(historyBytes);
}

/** Decode a frame's blocks: independent ones in one batch; linked ones one at a time, each after its history. */
function decodeFrameBlocks(frame: Lz4Frame, decodeBlocks: Lz4BlockBatchDecoder, where: string): Uint8Array[] {
  const max = frame.blockMaxBytes;
  const parts: Uint8Array[] = [];
  if (frame.independentBlocks) {
    const decoded = decodeBlocks(frame.blocks.filter((b) => !b.raw).map((b) => b.data), max);
    let k = 0;
    frame.blocks.forEach((b, i) => parts.push(b.raw ? b.data : blockOutput(decoded[k++], `${where}block ${i}`, max)));
    return parts;
  }
  let history: Uint8Array = new Uint8Array(0);
  frame.blocks.forEach((b, i) => {
    let out: Uint8Array;
    if (b.raw) out = b.data;
    else {
      const [r] = decodeBlocks([lz4BlockWithHistory(b.data, history)], max + history.length);
      out = blockOutput(r, `${where}block ${i}`, max, history.length);
    }
    parts.push(out);
    history = concatBytes([history, out]);
    if (history.length > LZ4_HISTORY_BYTES) history = history.slice(history.length - LZ4_HISTORY_BYTES);
  });
  return parts;
}

/** Decode one frame at the start of `bytes` (after any skippable frames); the content size and checksum are verified. */
export function decodeLz4Frame(bytes: Uint8Array, decodeBlocks: Lz4BlockBatchDecoder): Uint8Array {
  return decodeOneFrame(parseLz4Frame(bytes), decodeBlocks, '');
}

function decodeOneFrame(frame: Lz4Frame, decodeBlocks: Lz4BlockBatchDecoder, where: string): Uint8Array {
  const out = concatBytes(decodeFrameBlocks(frame, decodeBlocks, where));
  const total = out.length;
  if (frame.contentSize !== undefined && frame.contentSize !== BigInt(total)) {
    throw new Lz4FrameError(`content size mismatch: the header says ${frame.contentSize} bytes, the blocks decode to ${total}`);
  }
  if (frame.contentChecksum !== undefined && frame.contentChecksum !== xxh32(out)) {
    throw new Lz4FrameError(`${where}content checksum mismatch: the decoded bytes differ from what was compressed`);
  }
  return out;
}

/**
 * Decode a whole file as `lz4 -d` does: frames one after another (their outputs joined), skippable frames
 * skipped, legacy frames; an empty file decodes to nothing; bytes after the last frame that do not start one are
 * an error naming their offset (the tool fails on them too).
 */
export function decodeLz4Stream(bytes: Uint8Array, decodeBlocks: Lz4BlockBatchDecoder): Uint8Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [];
  let at = 0;
  let frames = 0;
  while (at < bytes.length) {
    const left = bytes.length - at;
    const trailing = (why: string) => new Lz4FrameError(`${left} byte${left === 1 ? '' : 's'} at byte ${at} after the last frame ${why}`);
    if (left < 4) {
      if (frames) throw trailing('are too few to start a frame');
      throw new Lz4FrameError(`truncated at byte ${bytes.length}: the magic number needs 4 bytes from byte 0`);
    }
    const magic = dv.getUint32(at, true);
    const where = `frame ${frames} (at byte ${at}): `;
    if ((magic & 0xfffffff0) === 0x184d2a50) {
      if (left < 8) throw new Lz4FrameError(`${where}truncated at byte ${bytes.length}: a skippable frame header needs 8 bytes`);
      const size = dv.getUint32(at + 4, true);
      if (size > left - 8) throw new Lz4FrameError(`${where}truncated at byte ${bytes.length}: the skippable frame declares ${size} bytes`);
      at += 8 + size;
    } else if (magic === LZ4_LEGACY_MAGIC) {
      at += 4;
      let i = 0;
      const blocks: Uint8Array[] = [];
      while (at + 4 <= bytes.length) {
        const size = dv.getUint32(at, true);
        if (size > LEGACY_SIZE_LIMIT) break;  // the next frame's magic number
        if (size > bytes.length - at - 4) throw new Lz4FrameError(`${where}truncated at byte ${bytes.length}: legacy block ${i} declares ${size} bytes`);
        blocks.push(bytes.subarray(at + 4, at + 4 + size));
        at += 4 + size;
        i++;
      }
      const decoded = decodeBlocks(blocks, LZ4_LEGACY_BLOCK_MAX);
      decoded.forEach((r, k) => parts.push(blockOutput(r, `${where}legacy block ${k}`, LZ4_LEGACY_BLOCK_MAX)));
    } else if (magic === LZ4_FRAME_MAGIC) {
      const frame = parseLz4Frame(bytes.subarray(at));
      parts.push(decodeOneFrame(frame, decodeBlocks, where));
      at += frame.frameBytes;
    } else if (frames) {
      throw trailing(`do not start a frame (magic 0x${magic.toString(16).padStart(8, '0')})`);
    } else {
      throw new Lz4FrameError(`bad magic number 0x${magic.toString(16)} at byte 0 (expected 0x184d2204, a legacy or a skippable frame)`);
    }
    frames++;
  }
  return concatBytes(parts);
}

/** Block maximum sizes the frame format can declare, in bytes. */
export const LZ4_FRAME_BLOCK_SIZES = [64 << 10, 256 << 10, 1 << 20, 4 << 20] as const;

/** Compresses a frame's blocks, all at once (e.g. one engine run). */
export type Lz4BlockBatchCompressor = (blocks: Uint8Array[]) => Uint8Array[];

export interface Lz4FrameOptions {
  /** Block size the input is cut into: 64 KiB (default), 256 KiB, 1 MiB or 4 MiB. */
  blockBytes?: number;
  /** Write the content size into the header. */
  contentSize?: boolean;
  /** Write an xxHash32 after every block. */
  blockChecksums?: boolean;
}

/**
 * Write an LZ4 frame (independent blocks, content checksum) around blocks made by `compress`. A block that
 * does not shrink is stored raw, as liblz4 does.
 */
export function encodeLz4Frame(data: Uint8Array, compress: Lz4BlockBatchCompressor, options: Lz4FrameOptions = {}): Uint8Array {
  const blockBytes = options.blockBytes ?? 64 << 10;
  const code = LZ4_FRAME_BLOCK_SIZES.indexOf(blockBytes as (typeof LZ4_FRAME_BLOCK_SIZES)[number]);
  if (code < 0) throw new Lz4FrameError(`block size ${blockBytes} is not one the frame format can declare (${LZ4_FRAME_BLOCK_SIZES.join(', ')})`);
  const raw: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += blockBytes) raw.push(data.subarray(at, at + blockBytes));
  const packed = compress(raw);
  if (packed.length !== raw.length) throw new Lz4FrameError(`the block compressor returned ${packed.length} blocks for ${raw.length}`);
  const parts: Uint8Array[] = [];
  const u32 = (v: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v, true); return b; };
  const flg = 0x40 | 0x20 | (options.blockChecksums ? 0x10 : 0) | (options.contentSize ? 0x08 : 0) | 0x04;
  const desc = [flg, (code + 4) << 4];
  if (options.contentSize) {
    const cs = new Uint8Array(8);
    new DataView(cs.buffer).setBigUint64(0, BigInt(data.length), true);
    desc.push(...cs);
  }
  const descBytes = Uint8Array.from(desc);
  parts.push(u32(LZ4_FRAME_MAGIC), descBytes, Uint8Array.of((xxh32(descBytes) >>> 8) & 0xff));
  raw.forEach((r, i) => {
    const stored = packed[i].length >= r.length;
    const body = stored ? r : packed[i];
    parts.push(u32(body.length | (stored ? 0x80000000 : 0)), body);
    if (options.blockChecksums) parts.push(u32(xxh32(body)));
  });
  parts.push(u32(0), u32(xxh32(data)));
  return concatBytes(parts);
}
