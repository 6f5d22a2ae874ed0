// Bench table 1: bridge overhead. Cycles/s of the TS-driven simulation (Node-API bridge) vs a plain C++ Verilator
// testbench on the same CRC design and workload (both -O3, 4 KiB packets at full rate), alternated A/B three
// times, medians compared.
import { crcGenerator } from '../../gen/crc/generate.js';
import { SimModel } from '../../sim/model.js';
import { packetsToBeats, readLE } from '../../sim/stream.js';
import { buildPlainBench } from '../../sim/verilator-build.js';
import { Rng } from '../../src/util/rng.js';
import { runTool } from '../../src/util/run-tool.js';
import { type BenchTable, median } from './table.js';

async function bridgeOverhead() {
  const W = 64;
  const packetBytes = 4096;
  const beatsPerPacket = packetBytes / W;
  const design = crcGenerator.emit(crcGenerator.validate({ bytesPerCycle: W, model: 'crc32c' }));
  console.log(`building ${design.top} with -O3 (TS-driven model and plain C++ testbench)...`);
  const [model, plain] = await Promise.all([SimModel.load(design, { opt: 'fast-sim' }), buildPlainBench(design, beatsPerPacket)]);
  const targetCycles = 3_000_000;

  // The TS side: a pool of packets laid out as beats once (as the C++ bench pre-generates its pool), then
  // batches of 1024 packets run through the bridge with every result decoded.
  const rng = new Rng(1);
  const packets = Array.from({ length: 1024 }, () => rng.bytes(packetBytes));
  const beats = packetsToBeats(packets, W);
  const tsRun = () => {
    let cycles = 0;
    const t0 = process.hrtime.bigint();
    let sink = 0n;
    while (cycles < targetCycles) {
      const r = model.run({ s_axis: { beats } }, { m_axis: { expectLast: packets.length } });
      const out = r.outputs.m_axis;
      for (let i = 0; i < out.count; i++) sink ^= readLE(out.data, 4 * i, 4);
      cycles += r.cycles;
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return { cycles, seconds, rate: cycles / seconds, sink };
  };
  const plainRun = async () => {
    const run = await runTool(plain, [String(targetCycles)]);
    if (!run.ok) throw new Error(`plain C++ testbench failed: ${run.failure}\n${run.all}`);
    const r = JSON.parse(run.stdout) as { cycles: number; seconds: number };
    return { ...r, rate: r.cycles / r.seconds };
  };
  const ts: number[] = [];
  const cpp: number[] = [];
  for (let i = 0; i < 3; i++) {
    cpp.push((await plainRun()).rate);
    ts.push(tsRun().rate);
  }
  model.close();
  return { design: design.top, targetCycles, tsCyclesPerSec: ts, cppCyclesPerSec: cpp, ratio: median(ts) / median(cpp) };
}

export type BridgeOverhead = Awaited<ReturnType<typeof bridgeOverhead>>;

export async function bridgeOverheadTable(): Promise<BenchTable<BridgeOverhead>> {
  const overhead = await bridgeOverhead();
  return {
    id: '1',
    title: ['\n1. Simulation speed on the same design and workload (4 KiB packets at full rate), alternated A/B x3'],
    table: {
      headers: ['driver', 'run 1 (cycles/s)', 'run 2', 'run 3', 'median'],
      rows: [
        ['plain C++ testbench', ...overhead.cppCyclesPerSec.map(Math.round), Math.round(median(overhead.cppCyclesPerSec))],
        ['TS-driven (Node-API bridge)', ...overhead.tsCyclesPerSec.map(Math.round), Math.round(median(overhead.tsCyclesPerSec))],
      ],
    },
    notes: [`TS-driven / plain C++ = ${(overhead.ratio * 100).toFixed(0)}% (goal >= 50%) on ${overhead.design}`],
    json: { bridgeOverhead: overhead },
    data: overhead,
  };
}
