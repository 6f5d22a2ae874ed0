// One packet in, one packet out: the common run of the block engines (compressors and decompressors). Sends the
// inputs as beats, collects one output packet per input, and reads each packet's verdict from the tuser of its
// tlast beat.
import type { SimModel } from '../../sim/model.js';
import { beatsToPackets, packetsToBeats, readLE } from '../../sim/stream.js';
import type { StreamDrive } from '../../sim/stream.js';

export interface PacketRun {
  packets: Uint8Array[];
  /** tuser of each packet's last beat. */
  verdicts: bigint[];
  cycles: number;
  inputBytes: number;
  outputBytes: number;
}

/**
 * @param firstBeatUser per input packet, the tuser bytes of its first beat (e.g. a request's parameters); the
 *   other beats' tuser is zero
 */
export function runPackets(model: SimModel, inputs: readonly Uint8Array[], drive: StreamDrive, stallLimit: number, firstBeatUser?: readonly Uint8Array[]): PacketRun {
  const port = (dir: 'in' | 'out') => model.built.ports.streams.find((s) => s.dir === dir)!;
  const input = port('in');
  const inW = input.dataBytes;
  const out = port('out');
  const beats = packetsToBeats(inputs, inW);
  if (firstBeatUser) {
    const ib = Math.ceil(input.userBits / 8);
    beats.user = new Uint8Array(beats.count * ib);
    let beat = 0;
    inputs.forEach((p, i) => {
      beats.user!.set(firstBeatUser[i].subarray(0, ib), beat * ib);
      beat += Math.max(1, Math.ceil(p.length / inW));
    });
  }
  // the packets end the run; any other output port (e.g. a key port's answers) is expected to stay silent
  const outputs = Object.fromEntries(model.built.ports.streams.filter((s) => s.dir === 'out').map((s) =>
    [s.prefix, s === out ? { expectLast: inputs.length, backpressure: drive.backpressure } : { expectLast: 0 }]));
  const r = model.run({ [input.prefix]: { beats, gap: drive.gap } }, outputs, { seed: drive.seed, stallLimit: drive.stallLimit ?? stallLimit });
  const received = r.outputs[out.prefix];
  const packets = beatsToPackets(received, out.dataBytes);
  const ub = Math.ceil(out.userBits / 8);
  const verdicts = Array.from(received.last).flatMap((l, i) => (l ? [readLE(received.user, i * ub, ub)] : []));
  return {
    packets, verdicts, cycles: r.cycles,
    inputBytes: inputs.reduce((n, b) => n + b.length, 0),
    outputBytes: packets.reduce((n, b) => n + b.length, 0),
  };
}
