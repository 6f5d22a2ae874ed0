// The VCD reader against a real Verilator trace: every output handshake the bridge reports (cycle stamp and
// data) is visible in the VCD at that cycle, and nowhere else. Also the reader on hand-written VCD text.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crcGenerator } from '../../gen/crc/generate.js';
import { SimModel } from '../../sim/model.js';
import { packetsToBeats } from '../../sim/stream.js';
import { findSignal, readVcd, valueAt, VcdError } from '../../sim/vcd.js';
import { Rng } from '../../src/util/rng.js';

describe('VCD reader', () => {
  it('agrees with the bridge on every m_axis handshake of a traced CRC run', async () => {
    const design = crcGenerator.emit(crcGenerator.validate({ bytesPerCycle: 4, model: 'crc32c' }));
    const model = await SimModel.load(design, { trace: true });
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'vcd-')), 'run.vcd');
    model.traceTo(file);
    const rng = new Rng(2);
    const msgs = Array.from({ length: 12 }, () => rng.bytes(rng.int(0, 20)));
    const r = model.run({ s_axis: { beats: packetsToBeats(msgs, 4), gap: 0.3 } }, { m_axis: { expectLast: msgs.length, backpressure: 0.5 } }, { seed: 3 });
    model.traceStop();
    model.close();

    const dump = await readVcd(file, (n) => /\.m_axis_t(valid|ready|data)$/.test(n));
    const valid = findSignal(dump, 'm_axis_tvalid')!;
    const ready = findSignal(dump, 'm_axis_tready')!;
    const data = findSignal(dump, 'm_axis_tdata')!;
    expect(data.width).toBe(32);
    const out = r.outputs.m_axis;
    const expected = new Map<number, string>();
    for (let i = 0; i < out.count; i++) {
      expected.set(out.cycle[i], Buffer.from(out.data.subarray(4 * i, 4 * i + 4)).reverse().toString('hex'));
    }
    // scan every cycle of the run: a handshake in the VCD iff the bridge reported one, with the same data
    let seen = 0;
    for (let c = r.startCycle; c < r.startCycle + r.cycles; c++) {
      const t = 10 * c; // the bridge samples handshakes at time 10c (clock low, inputs settled)
      const fire = valueAt(valid, t) === '1' && valueAt(ready, t) === '1';
      expect(fire, `cycle ${c}`).toBe(expected.has(c));
      if (fire) {
        seen++;
        expect(BigInt('0b' + valueAt(data, t)!).toString(16).padStart(8, '0')).toBe(expected.get(c));
      }
    }
    expect(seen).toBe(msgs.length);
  });

  it('reads hand-written VCD: scopes, vectors, aliases, left-extension', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'vcd-')), 'hand.vcd');
    writeFileSync(file, [
      '$timescale 1ps $end', '$scope module top $end', '$var wire 1 ! clk $end', '$var wire 4 # bus $end',
      '$scope module sub $end', '$var wire 4 # bus_alias $end', '$upscope $end', '$upscope $end', '$enddefinitions $end',
      '#0', '$dumpvars', '0!', 'b1 #', '$end', '#5', '1!', 'bx1 #', '#10', '0!', 'b1010 #', '',
    ].join('\n'));
    const d = await readVcd(file);
    expect(d.timescale).toBe('1ps');
    expect([...d.signals.keys()].sort()).toEqual(['top.bus', 'top.clk', 'top.sub.bus_alias']);
    const bus = d.signals.get('top.bus')!;
    expect(valueAt(bus, 0)).toBe('0001');
    expect(valueAt(bus, 7)).toBe('xxx1');
    expect(valueAt(d.signals.get('top.sub.bus_alias')!, 10)).toBe('1010');
    expect(valueAt(d.signals.get('top.clk')!, 6)).toBe('1');
    expect(d.endTime).toBe(10);
  });

  it('names the line of a malformed change', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'vcd-')), 'bad.vcd');
    writeFileSync(file, '$scope module t $end\n$var wire 1 ! a $end\n$upscope $end\n$enddefinitions $end\n#0\nq!\n');
    await expect(readVcd(file)).rejects.toThrow(VcdError);
    await expect(readVcd(file)).rejects.toThrow(/bad.vcd:6: unexpected 'q!'/);
  });
});
