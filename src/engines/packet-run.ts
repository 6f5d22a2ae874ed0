// One packet in, one packet out: the common run of the block engines (compressors and decompressors). Sends the
// inputs as beats, collects one output packet per input, and reads each packet's verdict from the tuser of its
// tlast beat.
import type { SimModel } from '../../sim/model.js';
import { beatsToPackets, packetsToBeats, readLE } from '../../sim/stream.js';
import type { StreamDrive } from './crc.js';

export interface PacketRun {
  packets: Uint8Array[];
  /** tuser of each packet's last beat. */
  verdicts: bigint[];
  cycles: number;
  inputBytes: number;
  outputBytes: number;
}

export function runPackets(model: SimModel, inputs: readonly Uint8Array[], drive: StreamDrive, stallLimit: number): PacketRun {
  const port = (dir: 'in' | 'out') => model.built.ports.streams.find((s) => s.dir === dir)!;
  const inW = port('in').dataBytes;
  const out = port('out');
  const r = model.run(
    { s_axis: { beats: packetsToBeats(inputs, inW), gap: drive.gap } },
    { m_axis: { expectLast: inputs.length, backpressure: drive.backpressure } },
    { seed: drive.seed, stallLimit: drive.stallLimit ?? stallLimit },
  );
  const beats = r.outputs.m_axis;
  const packets = beatsToPackets(beats, out.dataBytes);
  const ub = Math.ceil(out.userBits / 8);
  const verdicts = Array.from(beats.last).flatMap((l, i) => (l ? [readLE(beats.user, i * ub, ub)] : []));
  return {
    packets, verdicts, cycles: r.cycles,
    inputBytes: inputs.reduce((n, b) => n + b.length, 0),
    outputBytes: packets.reduce((n, b) => n + b.length, 0),
  };
}
