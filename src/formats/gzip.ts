// gzip members (RFC 1952) around raw deflate streams, and the host's stored fallback: a deflate stream that
// would not be smaller than the data stored raw is replaced by stored blocks (RFC 1951 3.2.4), as zlib does, so
// incompressible data grows by 5 bytes per 64 KiB instead of the fixed-Huffman code's ~6%.
import { crc, catalogueModel } from '../ref/crc.js';
import { inflateRaw, unwrapGzip } from '../ref/inflate.js';

/** Largest payload of one stored block (LEN is 16 bits). */
export const STORED_BLOCK_MAX = 65535;

/** Size of `n` bytes as raw deflate stored blocks (one empty final block for n = 0). */
export function storedDeflateSize(n: number): number {
  return n + 5 * Math.max(1, Math.ceil(n / STORED_BLOCK_MAX));
}

/** A raw deflate stream of stored blocks holding `data`; the last block is final. */
export function storedDeflate(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(storedDeflateSize(data.length));
  let at = 0;
  let from = 0;
  do {
    const len = Math.min(STORED_BLOCK_MAX, data.length - from);
    const final = from + len === data.length;
    // BFINAL, BTYPE = 00, then the header is padded to a byte boundary
    out[at] = final ? 1 : 0;
    out[at + 1] = len & 0xff;
    out[at + 2] = len >> 8;
    out[at + 3] = ~len & 0xff;
    out[at + 4] = (~len >> 8) & 0xff;
    out.set(data.subarray(from, from + len), at + 5);
    at += 5 + len;
    from += len;
  } while (from < data.length);
  return out;
}

/** The smaller of an engine's raw deflate stream for `data` and `data` stored raw (the engine's on a tie). */
export function deflateOrStored(engineStream: Uint8Array, data: Uint8Array): { stream: Uint8Array; stored: boolean } {
  if (engineStream.length <= storedDeflateSize(data.length)) return { stream: engineStream, stored: false };
  return { stream: storedDeflate(data), stored: true };
}

/** One gzip member: minimal header (no name, no time, OS unknown), the raw stream, CRC-32 and ISIZE of `data`. */
export function gzipMember(raw: Uint8Array, data: Uint8Array): Uint8Array {
  const header = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255);
  const out = new Uint8Array(header.length + raw.length + 8);
  out.set(header, 0);
  out.set(raw, header.length);
  const dv = new DataView(out.buffer, header.length + raw.length);
  dv.setUint32(0, Number(crc(catalogueModel('crc32')!, data)), true);
  dv.setUint32(4, data.length >>> 0, true);
  return out;
}

/** Split a gzip file into its members; the reference inflater finds where each member's deflate stream ends. */
export function gzipMembers(file: Uint8Array): Uint8Array[] {
  const members: Uint8Array[] = [];
  let at = 0;
  while (at < file.length) {
    const rest = file.subarray(at);
    let used = 0;
    unwrapGzip(rest, (raw) => {
      const r = inflateRaw(raw);
      used = rest.length - raw.length + r.consumed + 8;
      return r;
    });
    members.push(rest.subarray(0, used));
    at += used;
  }
  return members;
}
