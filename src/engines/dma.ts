// Host API of the simulated DMA engine (gen/dma): gather lists read from host memory into packets, packets
// scattered into host memory by write lists, in one batched run, with the host memory's timing as a parameter.
import { dmaGenerator, DMA_COMMAND_BYTES, type DmaParams } from '../../gen/dma/dma.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import type { HostMemory, MemoryStats, MemoryTiming, SimModel } from '../../sim/model.js';
import { beatsToPackets, concatBytes, packetsToBeats } from '../../sim/stream.js';
import { loadEngine, type EngineLoadOptions } from './load-engine.js';
import type { StreamDrive } from '../../sim/stream.js';

/** A byte range of host memory. */
export interface Segment {
  addr: number;
  length: number;
}

export interface ScatterJob {
  /** Where the packet's bytes go, in order. */
  segments: Segment[];
  data: Uint8Array;
}

export interface DmaRun {
  /** Per gather list: the packet read, and whether a burst answered an error. */
  reads: { data: Uint8Array; error: boolean }[];
  /** Per write command (segment), in order: its tag and status bits (1: bus error, 2: length mismatch). */
  writes: { tag: number; status: number }[];
  cycles: number;
  memory: MemoryStats;
}

/** One 16-byte command beat: address, length, tag, flags (bit 0: end of packet). */
export function dmaCommandBytes(seg: Segment, tag: number, endOfPacket: boolean): Uint8Array {
  if (!Number.isSafeInteger(seg.addr) || seg.addr < 0) throw new Error(`DMA command: address ${seg.addr} is not a non-negative integer`);
  if (!Number.isInteger(seg.length) || seg.length < 0 || seg.length > 0xffffffff) throw new Error(`DMA command: length ${seg.length} is outside 0..2^32-1`);
  const b = new Uint8Array(DMA_COMMAND_BYTES);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, BigInt(seg.addr), true);
  v.setUint32(8, seg.length, true);
  v.setUint16(12, tag & 0xffff, true);
  b[14] = endOfPacket ? 1 : 0;
  return b;
}

export class SimulatedDma {
  private constructor(readonly params: DmaParams, readonly design: GeneratedDesign, readonly model: SimModel) {}

  static async create(raw: Readonly<Record<string, unknown>>, options: EngineLoadOptions = {}): Promise<SimulatedDma> {
    const { params, design, model } = await loadEngine(dmaGenerator, raw, options);
    return new SimulatedDma(params, design, model);
  }

  get memory(): HostMemory {
    return this.model.memory('m_axi');
  }

  /**
   * Read each gather list into one packet and scatter each job's packet, in one run. Write commands are
   * tagged 0, 1, 2... across all jobs' segments.
   */
  run(gathers: readonly Segment[][], scatters: readonly ScatterJob[], drive: StreamDrive = {}, timing: MemoryTiming = {}): DmaRun {
    const W = this.params.dataBytes;
    const cmdBeats = (lists: readonly Segment[][], tagOf: (i: number, j: number) => number) => {
      const cmds = lists.flatMap((segs, i) => (segs.length ? segs : [{ addr: 0, length: 0 }]).map((s, j, all) => dmaCommandBytes(s, tagOf(i, j), j === all.length - 1)));
      return { count: cmds.length, data: concatBytes(cmds) };
    };
    let tag = 0;
    const tags: number[][] = scatters.map((j) => (j.segments.length ? j.segments : [0]).map(() => tag++));
    const writeCommands = tags.flat().length;
    const r = this.model.run(
      {
        s_rd_cmd: { beats: cmdBeats(gathers, () => 0), gap: drive.gap },
        s_wr_cmd: { beats: cmdBeats(scatters.map((s) => s.segments), (i, j) => tags[i][j]), gap: drive.gap },
        s_wr_data: { beats: packetsToBeats(scatters.map((s) => s.data), W), gap: drive.gap },
      },
      { m_rd_data: { expectLast: gathers.length, backpressure: drive.backpressure }, m_wr_done: { expectLast: writeCommands, backpressure: drive.backpressure } },
      { seed: drive.seed, stallLimit: drive.stallLimit ?? 20_000 + 4 * (timing.readLatency ?? 0) + 4 * (timing.writeLatency ?? 0), memories: { m_axi: timing } },
    );
    const rd = r.outputs.m_rd_data;
    const packets = beatsToPackets(rd, W);
    const errors = Array.from(rd.last).flatMap((l, i) => (l ? [rd.user[i] !== 0] : []));
    const done = r.outputs.m_wr_done;
    const writes = Array.from({ length: done.count }, (_, i) => ({ tag: done.data[4 * i] | (done.data[4 * i + 1] << 8), status: done.data[4 * i + 2] }));
    return { reads: packets.map((data, i) => ({ data, error: errors[i] })), writes, cycles: r.cycles, memory: r.memories.m_axi };
  }

  close(): void {
    this.model.close();
  }
}
