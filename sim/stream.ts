// Stream beats: the one beat type every engine port speaks (columnar: data, keep, last, user per beat), and
// conversions between packets (byte arrays) and beats of a given width.
import { concatBytes } from '../src/util/bytes.js';

/** How a run drives an engine's streams: seeded idle input cycles, output backpressure, the stall bound. */
export interface StreamDrive {
  /** Probability of an idle input cycle before each beat. */
  gap?: number;
  /** Probability of m_axis_tready low on a cycle. */
  backpressure?: number;
  seed?: number;
  stallLimit?: number;
}

/** A batch of beats, stored column by column. keep/user hold ceil(bits/8) bytes per beat. */
export interface Beats {
  count: number;
  /** count × dataBytes bytes; lane 0 of each beat first. */
  data: Uint8Array;
  /** count × ceil(dataBytes/8) bytes, bit i = lane i valid; absent or empty = all lanes valid. */
  keep?: Uint8Array;
  /** count bytes, 1 = tlast. */
  last?: Uint8Array;
  /** count × ceil(userBits/8) bytes. */
  user?: Uint8Array;
}

/** Beats received from an output port, each with the cycle of its handshake. */
export interface ReceivedBeats extends Required<Beats> {
  cycle: Float64Array;
}

export function keepBytesFor(dataBytes: number): number {
  return Math.ceil(dataBytes / 8);
}

/**
 * Lay packets out as beats of `dataBytes` bytes: every beat full but a packet's last, whose tkeep is
 * contiguous from lane 0. An empty packet is one beat with tkeep = 0 and tlast = 1. For a port without
 * tkeep, every packet must be a whole number of beats (and not empty).
 */
export function packetsToBeats(packets: readonly Uint8Array[], dataBytes: number, withKeep = true): Beats {
  if (!withKeep) {
    packets.forEach((p, i) => {
      if (p.length === 0 || p.length % dataBytes) {
        throw new Error(`packet ${i} has ${p.length} bytes: a port without tkeep takes whole beats of ${dataBytes} bytes`);
      }
    });
    const { keep: _unused, ...beats } = packetsToBeats(packets, dataBytes, true);
    return beats;
  }
  let count = 0;
  for (const p of packets) count += Math.max(1, Math.ceil(p.length / dataBytes));
  const kb = keepBytesFor(dataBytes);
  const data = new Uint8Array(count * dataBytes);
  const keep = new Uint8Array(count * kb);
  const last = new Uint8Array(count);
  let beat = 0;
  for (const p of packets) {
    const beats = Math.max(1, Math.ceil(p.length / dataBytes));
    for (let b = 0; b < beats; b++, beat++) {
      const chunk = p.subarray(b * dataBytes, Math.min(p.length, (b + 1) * dataBytes));
      data.set(chunk, beat * dataBytes);
      setKeepLanes(keep, beat * kb, chunk.length);
      if (b === beats - 1) last[beat] = 1;
    }
  }
  return { count, data, keep, last };
}

/** Set the first `lanes` keep bits of the beat whose keep bytes start at `offset`. */
function setKeepLanes(keep: Uint8Array, offset: number, lanes: number): void {
  for (let i = 0; i < lanes >> 3; i++) keep[offset + i] = 0xff;
  if (lanes & 7) keep[offset + (lanes >> 3)] = (1 << (lanes & 7)) - 1;
}

/** Number of valid lanes in a beat, or -1 if its tkeep is not contiguous from lane 0. */
export function keepLanes(keep: Uint8Array, offset: number, dataBytes: number): number {
  let lanes = 0;
  while (lanes < dataBytes && (keep[offset + (lanes >> 3)] >> (lanes & 7)) & 1) lanes++;
  for (let i = lanes; i < dataBytes; i++) if ((keep[offset + (i >> 3)] >> (i & 7)) & 1) return -1;
  return lanes;
}

/** Reassemble packets from beats (tkeep selects the bytes; tlast ends a packet). */
export function beatsToPackets(beats: Beats, dataBytes: number): Uint8Array[] {
  const kb = keepBytesFor(dataBytes);
  const packets: Uint8Array[] = [];
  let parts: Uint8Array[] = [];
  for (let i = 0; i < beats.count; i++) {
    const lanes = beats.keep?.length ? keepLanes(beats.keep, i * kb, dataBytes) : dataBytes;
    if (lanes < 0) throw new Error(`beat ${i}: tkeep is not contiguous from lane 0`);
    parts.push(beats.data.subarray(i * dataBytes, i * dataBytes + lanes));
    if (!beats.last || beats.last[i]) {
      packets.push(concatBytes(parts));
      parts = [];
    }
  }
  if (parts.length) packets.push(concatBytes(parts));
  return packets;
}

export { concatBytes };  // (src/util/bytes.ts: the LZ4 frame container below this layer uses it too)

/** Little-endian unsigned value of bytes [offset, offset+len). */
export function readLE(bytes: Uint8Array, offset: number, len: number): bigint {
  let v = 0n;
  for (let i = len - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[offset + i]);
  return v;
}
