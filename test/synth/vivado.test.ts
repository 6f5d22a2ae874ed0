// The Vivado non-project scripts (they cannot run here): generated from the datapath config, they read every
// RTL file the design needs (each written out whole), target the board's part out of context, constrain the
// clock at the requested Fmax, and write utilization and timing reports.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { datapathQueueParams, validateDatapathConfig } from '../../gen/datapath/config.js';
import { DEFAULT_DATAPATH_FILE } from '../../gen/defaults.js';
import { queueGenerator } from '../../gen/queue/queue.js';
import { vivadoProject } from '../../src/synth/vivado.js';
import { projectRoot } from '../../src/util/paths.js';

const design = queueGenerator.emit(datapathQueueParams(validateDatapathConfig(JSON.parse(readFileSync(path.join(projectRoot(), DEFAULT_DATAPATH_FILE), 'utf8')))));

describe('Vivado scripts for the default datapath', () => {
  it('read every RTL file, synthesize out of context for the part, place, route and report', () => {
    const p = vivadoProject(design, 'u250', 300);
    const tcl = p.files['build.tcl'];
    const rtl = Object.keys(p.files).filter((f) => f.startsWith('rtl/'));
    expect(rtl.sort()).toEqual([...design.files.map((f) => `rtl/${f.name}`), ...design.libFiles.map((f) => `rtl/${path.basename(f)}`)].sort());
    for (const f of rtl) expect(tcl).toContain(`read_verilog -sv $here/${f}`);
    expect(p.files[`rtl/${design.top}.v`]).toBe(design.files[0].content);
    for (const f of design.files) expect(p.files[`rtl/${f.name}`]).toBe(f.content);
    for (const f of design.libFiles) expect(p.files[`rtl/${path.basename(f)}`]).toBe(readFileSync(path.join(projectRoot(), f), 'utf8'));
    expect(tcl).toContain(`synth_design -top ${design.top} -part xcu250-figd2104-2L-e -mode out_of_context`);
    for (const step of ['opt_design', 'place_design', 'route_design', 'report_utilization -file $here/reports/utilization.rpt', 'report_timing_summary']) expect(tcl).toContain(step);
    // the steps in flow order
    const at = (s: string) => tcl.indexOf(s);
    expect(at('read_xdc')).toBeLessThan(at('synth_design'));
    expect(at('synth_design')).toBeLessThan(at('place_design'));
    expect(at('place_design')).toBeLessThan(at('route_design'));
    expect(at('route_design')).toBeLessThan(at('report_timing_summary'));
  });

  it('constrain the clock at the requested Fmax, on the board asked for', () => {
    expect(vivadoProject(design, 'u250', 300).files[`${design.top}.xdc`]).toContain('create_clock -period 3.333 -name clk [get_ports clk]');
    const v = vivadoProject(design, 'vcu118', 250);
    expect(v.files[`${design.top}.xdc`]).toContain('create_clock -period 4.000 -name clk [get_ports clk]');
    expect(v.files['build.tcl']).toContain('-part xcvu9p-flga2104-2L-e');
    expect(() => vivadoProject(design, 'kcu105' as never, 250)).toThrow("unknown board 'kcu105' (boards: u250, vcu118)");
    expect(() => vivadoProject(design, 'u250', 0)).toThrow('clock 0 MHz is outside 0..1000');
  });
});
