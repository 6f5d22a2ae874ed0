// Host API of the simulated AES-XTS engine (gen/xts): load keys into slots, then run requests (data, key slot,
// data-unit size, first data unit's number) and get each request's output and status — the shape of
// src/ref/xts.ts xtsEncrypt / xtsDecrypt, so the two are compared request by request.
import { xtsGenerator } from '../../gen/xts/xts.js';
import { XTS_KEY_STATUS, XTS_REQUEST_USER, XTS_REQUEST_USER_BITS, XTS_STATUS, xtsKeyBytes, type XtsParams } from '../../gen/xts/params.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import type { SimModel } from '../../sim/model.js';
import { packetsToBeats, type Beats } from '../../sim/stream.js';
import { loadEngine, type EngineLoadOptions } from './load-engine.js';
import { runPackets } from './packet-run.js';
import type { StreamDrive } from '../../sim/stream.js';

export interface XtsRequest {
  slot: number;
  /** Bytes per data unit (a multiple of 16; the engine takes multiples of its beat, 16 x lanes). */
  dataUnitBytes: number;
  /** The number (tweak) of the request's first data unit. */
  firstDataUnit: bigint;
  data: Uint8Array;
}

export interface XtsKeyLoad {
  slot: number;
  /** Key1 || Key2 (32 bytes for XTS-AES-128, 64 for XTS-AES-256); absent with `clear`. */
  key?: Uint8Array;
  /** Zeroize the slot instead. */
  clear?: boolean;
}

export interface XtsResult {
  output: Uint8Array;
  /** 0 = done; else XTS_STATUS's code. */
  status: number;
}

export interface XtsRun {
  results: XtsResult[];
  cycles: number;
  inputBytes: number;
  outputBytes: number;
}

/** A request the engine's ports cannot carry (the engine checks everything else and answers with a status). */
export class XtsRequestError extends Error {}

/**
 * The k_axis beats of key loads (Key1 || Key2, or zeros to clear; tuser = slot | clear << 7), after checking what
 * the port cannot carry; `error` makes the caller's error for a bad load. Shared by this engine's host API and the
 * queue engine's driver, whose XTS stages load keys through the same port.
 */
export function xtsKeyLoadBeats(loads: readonly XtsKeyLoad[], keyBits: 128 | 256, error: (why: string) => Error): Beats {
  const kb = xtsKeyBytes({ keyBits });
  loads.forEach((k, i) => {
    if (!Number.isInteger(k.slot) || k.slot < 0 || k.slot > 127) throw error(`key load ${i}: slot ${k.slot} is not 0..127 (7 bits on the key port)`);
    if (!k.clear && k.key?.length !== kb) throw error(`key load ${i}: the key is ${k.key?.length ?? 0} bytes; XTS-AES-${keyBits} takes ${kb} (Key1 || Key2, ${kb / 2} bytes each)`);
  });
  const beats = packetsToBeats(loads.map((k) => (k.clear ? new Uint8Array(kb) : k.key!)), kb, false);
  beats.user = Uint8Array.from(loads, (k) => k.slot | (k.clear ? 0x80 : 0));
  return beats;
}

export const xtsStatusText = (code: number) => (XTS_STATUS as Record<number, string>)[code] ?? `unknown status ${code}`;
export const xtsKeyStatusText = (code: number) => (XTS_KEY_STATUS as Record<number, string>)[code] ?? `unknown status ${code}`;

export class SimulatedXts {
  private constructor(readonly params: XtsParams, readonly design: GeneratedDesign, readonly model: SimModel) {}

  static async create(raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}): Promise<SimulatedXts> {
    const { params, design, model } = await loadEngine(xtsGenerator, raw, options);
    return new SimulatedXts(params, design, model);
  }

  /** Load (or clear) key slots, in order; returns each load's status (0 = done, else XTS_KEY_STATUS's code). */
  loadKeys(loads: readonly XtsKeyLoad[], drive: StreamDrive = {}): { statuses: number[]; cycles: number } {
    const beats = xtsKeyLoadBeats(loads, this.params.keyBits, (why) => new XtsRequestError(why));
    if (loads.length === 0) return { statuses: [], cycles: 0 };
    const r = this.model.run(
      { k_axis: { beats, gap: drive.gap } },
      { ks_axis: { expectLast: loads.length, backpressure: drive.backpressure }, m_axis: { expectLast: 0 } },
      { seed: drive.seed, stallLimit: drive.stallLimit ?? 1000 },
    );
    return { statuses: Array.from(r.outputs.ks_axis.data), cycles: r.cycles };
  }

  /** Run requests back to back; one result per request, in order. */
  run(requests: readonly XtsRequest[], drive: StreamDrive = {}): XtsRun {
    requests.forEach((q, i) => {
      const blocks = q.dataUnitBytes / 16;
      if (!Number.isInteger(q.slot) || q.slot < 0 || q.slot > 255) throw new XtsRequestError(`request ${i}: slot ${q.slot} is not 0..255 (8 bits of tuser)`);
      if (!Number.isInteger(blocks) || blocks < 0 || blocks > 0xffff) throw new XtsRequestError(`request ${i}: data-unit size ${q.dataUnitBytes} is not a multiple of 16 up to ${0xffff * 16} bytes (16 bits of blocks in tuser)`);
      const units = blocks ? BigInt(Math.ceil(q.data.length / q.dataUnitBytes)) : 0n;
      if (q.firstDataUnit < 0n || q.firstDataUnit + (units > 0n ? units - 1n : 0n) >= 1n << 64n) throw new XtsRequestError(`request ${i}: data units ${q.firstDataUnit}.. do not fit the engine's 64-bit data-unit numbers`);
    });
    if (requests.length === 0) return { results: [], cycles: 0, inputBytes: 0, outputBytes: 0 };
    // tuser of a request's first beat: slot, data-unit size in 16-byte blocks, first data unit (little-endian)
    const user = requests.map((q) => {
      const u = new Uint8Array(XTS_REQUEST_USER_BITS / 8);
      const v = new DataView(u.buffer);
      v.setUint8(XTS_REQUEST_USER.slot.byte, q.slot);
      v.setUint16(XTS_REQUEST_USER.unitBlocks.byte, q.dataUnitBytes / 16, true);
      v.setBigUint64(XTS_REQUEST_USER.firstDataUnit.byte, q.firstDataUnit, true);
      return u;
    });
    // a beat per cycle at most, plus a pipeline's latency; the iterative engine takes rounds+1 (x2) cycles per beat
    const stall = 64 + (this.params.rounds === 'iterative' ? 40 : 1) * 4 + this.design.latencyCycles;
    const { packets, verdicts, cycles, inputBytes, outputBytes } = runPackets(this.model, requests.map((q) => q.data), drive, stall, user);
    return { results: packets.map((output, i) => ({ output, status: Number(verdicts[i]) })), cycles, inputBytes, outputBytes };
  }

  close(): void {
    this.model.close();
  }
}
