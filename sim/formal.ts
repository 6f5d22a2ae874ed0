// Formal checks of a generated design's handshakes: a property wrapper written from the design's ports (every
// AXI4-Stream port and AXI4 memory master), proved with Yosys (read_verilog -formal) and yosys-smtbmc.
//
// The wrapper drives every input freely from cycle to cycle ((* anyseq *)), reset in the first cycle and whenever
// the solver likes, and assumes only that the environment keeps the protocol: an input stream's valid stays up
// and its payload (tdata, tkeep, tlast, tuser) stays put while stalled; a memory slave answers only what was asked
// (R beats while a read burst is outstanding, B while a write burst's data is in) and holds R and B while stalled.
// It asserts the same rules on everything the design drives: an output stream's valid stays up until ready with
// its payload stable, valid is low in the cycle after reset, an output beat comes only after some input beat was
// taken since reset (when the design has input streams), and the memory master holds AR, AW and W (address,
// length, size, burst, id; data on the strobed byte lanes, strobes, last) until ready and raises none of them
// right after reset.
// Bounded model checking proves the assertions for `depth` cycles from reset; k-induction (optional) for all time.
// Memories are mapped to registers before the SMT-LIB export (Yosys 0.23's write_smt2 fails an internal assertion
// on some of our memories, and the small configs proved here have small ones), so a proof is of the logic as built.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AxiMasterPort, DesignPorts, GeneratedDesign, StreamPort } from '../gen/core/design.js';
import { modulePortList, range as vectorRange } from '../gen/core/verilog.js';
import { projectRoot } from '../src/util/paths.js';
import { runTool } from '../src/util/run-tool.js';

export type FormalSolver = 'z3' | 'boolector';
/** Who proves: yosys-smtbmc with an SMT solver (bounded, and k-induction), or Yosys's own bit-level SAT
 * (`sat -seq`, MiniSAT: bounded only, and much faster on the wider designs where z3 takes minutes). */
export type FormalEngine = 'smtbmc' | 'yosys-sat';

export interface FormalOptions {
  /** Cycles from reset the bounded proof covers (default 20). */
  depth?: number;
  /** Also try k-induction at that depth (an unbounded proof when it closes). */
  induction?: boolean;
  solver?: FormalSolver;
  /** Default smtbmc; yosys-sat for the bounded proof of larger designs (no k-induction). */
  engine?: FormalEngine;
  /** One input and one output stream: assert at most this many beats are inside (taken, not yet given). */
  capacity?: number;
  /** One input and one output stream of the same width: assert beats leave in order, unchanged (a FIFO). */
  inOrder?: boolean;
  /**
   * Verilog parameters of the top set for the proof (on the wrapper's instance), e.g. a decoder array's FIFO depths: knobs that
   * keep the structure, so the proof is of the same RTL at a smaller size. Each must be a parameter of the top.
   */
  parameters?: Readonly<Record<string, number>>;
  /**
   * Yosys selections of cells to cut (cutpoint) before the memories are mapped: each cut cell's outputs become
   * free inputs, any value in any cycle. Sound for these proofs: every behaviour of the real design is one of the
   * cut design's, so what holds for all of them holds for it; a cut can only make a proof fail, not pass. For
   * tables whose contents do not decide the handshakes (the AES S-boxes, a history window), e.g.
   * 't:$mem_v2 r:WR_PORTS=0' (every ROM).
   */
  cut?: readonly string[];
  /**
   * Prove each assertion group (an output stream's rules; an AXI master's AR, AW and W channels) in its own run with
   * every assumption. The runs together assert what one run would; each run's solver work is its own channel's
   * (the assumptions keep the rest of the logic in every run: the DMA's runs are all about 59k variables a cycle),
   * which is what lets MiniSAT finish the DMA's easy channels in seconds while W takes minutes.
   */
  split?: boolean;
}

export interface FormalResult {
  top: string;
  /** The properties asserted, one line each (the assumptions are not listed). */
  properties: string[];
  depth: number;
  /** The bounded proof held for `depth` cycles. */
  bmc: boolean;
  /** k-induction: true when it closed, false when it did not (a counterexample to induction, not to the design). */
  induction?: boolean;
  seconds: number;
  /** The solver's last lines when the bounded proof failed (which assertion, at which step; with `split`, which group). */
  failure?: string;
  /** With `split`: each assertion group's run, in order, up to the first that failed. */
  groups?: { group: string; bmc: boolean; seconds: number }[];
}

export class FormalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormalError';
  }
}

const range = (w: number) => (w > 1 ? `${vectorRange(w)} ` : '');

/** A line of the wrapper's check block: an assumption (no group) or an assertion of one port's group. */
interface Check { text: string; group?: string }

interface Wrapper {
  text: string;
  properties: string[];
  /** The assertion groups, one per output stream and per AXI channel the design drives (AR, AW, W), and 'fifo'. */
  groups: string[];
}

/** The property wrapper `formal_<top>` around the design (exported for the tests and for reading). */
export function formalWrapper(design: GeneratedDesign, options: Pick<FormalOptions, 'capacity' | 'inOrder' | 'parameters'> & { group?: string } = {}): Wrapper {
  const { clock, reset, streams } = design.ports;
  const memories = design.ports.memories ?? [];
  const decls: string[] = [];
  const conns: string[] = [`.${clock}(clk)`, `.${reset}(rst)`];
  const checks: Check[] = [];
  const properties: string[] = [];
  const free = (w: number, name: string) => { decls.push(`(* anyseq *) wire ${range(w)}${name};`); conns.push(`.${name}(${name})`); };
  const driven = (w: number, name: string) => { decls.push(`wire ${range(w)}${name};`); conns.push(`.${name}(${name})`); };
  // "held while stalled": valid stays up and the payload stays put until ready
  const held = (kind: 'assume' | 'assert', valid: string, ready: string, payload: string[]) =>
    `if (checking && $past(${valid}) && !$past(${ready})) ${kind}(${valid}${payload.map((p) => ` && ${p} == $past(${p})`).join('')});`;
  const payloadOf = (s: StreamPort) => [`${s.prefix}_tdata`, ...(s.keep ? [`${s.prefix}_tkeep`] : []), ...(s.last ? [`${s.prefix}_tlast`] : []), ...(s.userBits ? [`${s.prefix}_tuser`] : [])];
  const inputs = streams.filter((s) => s.dir === 'in');
  for (const s of streams) {
    const p = s.prefix;
    const fwd = s.dir === 'in' ? free : driven;
    fwd(8 * s.dataBytes, `${p}_tdata`);
    if (s.keep) fwd(s.dataBytes, `${p}_tkeep`);
    fwd(1, `${p}_tvalid`);
    (s.dir === 'in' ? driven : free)(1, `${p}_tready`);
    if (s.last) fwd(1, `${p}_tlast`);
    if (s.userBits) fwd(s.userBits, `${p}_tuser`);
    if (s.dir === 'in') {
      checks.push({ text: held('assume', `${p}_tvalid`, `${p}_tready`, payloadOf(s)) });
    } else {
      checks.push({ text: held('assert', `${p}_tvalid`, `${p}_tready`, payloadOf(s)), group: p });
      properties.push(`${p}: tvalid held until tready, ${payloadOf(s).map((x) => x.slice(p.length + 1)).join('/')} stable while stalled`);
      checks.push({ text: `if (after_reset) assert(!${p}_tvalid);`, group: p });
      properties.push(`${p}: tvalid low in the cycle after reset`);
      if (inputs.length) {
        checks.push({ text: `if (!rst && ${p}_tvalid) assert(taken_reg || taken_now);`, group: p });
        properties.push(`${p}: no output beat before an input beat is taken (${inputs.map((i) => i.prefix).join(', ')})`);
      }
    }
  }
  const taken = inputs.map((s) => `(${s.prefix}_tvalid && ${s.prefix}_tready)`).join(' || ') || "1'b0";
  let monitors = '';
  for (const m of memories) monitors += axiMaster(m, free, driven, checks, properties, held);
  if (options.capacity !== undefined || options.inOrder) monitors += fifoChecks(design, options, checks, properties);
  const overrides = instanceParameters(design.top, options.parameters ?? {});
  const text = `// Property wrapper of ${design.top} (sim/formal.ts): environment assumptions and protocol assertions.
\`default_nettype none
module formal_${design.top};
(* gclk *) reg clk;
(* anyseq *) wire rst_any;
reg  init_reg = 1'b1;                    // reset in the first cycle, then whenever the solver likes
wire rst = init_reg || rst_any;
reg  past_reg = 1'b0;                    // $past is defined
reg  past_rst_reg = 1'b1;
wire checking = past_reg && !past_rst_reg && !rst;   // two cycles out of reset: the handshake rules apply
wire after_reset = past_reg && past_rst_reg && !rst;
${decls.join('\n')}
wire taken_now = ${taken};
reg  taken_reg = 1'b0;                   // some input beat taken since reset
always @(posedge clk) begin
    init_reg     <= 1'b0;
    past_reg     <= 1'b1;
    past_rst_reg <= rst;
    taken_reg    <= rst ? 1'b0 : taken_reg || taken_now;
end
${monitors}${design.top} ${overrides}dut (
    ${conns.join(',\n    ')}
);
always @(posedge clk) begin
    ${checks.filter((c) => !c.group || options.group === undefined || c.group === options.group).map((c) => c.text).join('\n    ')}
end
endmodule
`;
  const groups = [...new Set(checks.flatMap((c) => (c.group ? [c.group] : [])))];
  if (options.group !== undefined && !groups.includes(options.group)) throw new FormalError(`${design.top}: no assertion group '${options.group}' (groups: ${groups.join(', ')})`);
  return { text, properties, groups };
}

/** `#(.NAME(value), ...) ` for the design's instance, or nothing. */
function instanceParameters(top: string, parameters: Readonly<Record<string, number>>): string {
  const entries = Object.entries(parameters);
  for (const [k, v] of entries) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(k)) throw new FormalError(`${top}: '${k}' is not a Verilog parameter name`);
    if (!Number.isInteger(v) || v < 0) throw new FormalError(`${top}: parameter ${k} = ${v} is not a non-negative integer`);
  }
  return entries.length ? `#(${entries.map(([k, v]) => `.${k}(${v})`).join(', ')}) ` : '';
}

/**
 * A FIFO's invariants between its one input and one output stream: occupancy (beats taken and not given) within
 * the capacity, and order: the solver picks one input beat (any, by its number), and the output beat of the same
 * number carries the same payload.
 */
function fifoChecks(design: GeneratedDesign, options: Pick<FormalOptions, 'capacity' | 'inOrder'>, checks: Check[], properties: string[]): string {
  const ins = design.ports.streams.filter((x) => x.dir === 'in');
  const outs = design.ports.streams.filter((x) => x.dir === 'out');
  if (ins.length !== 1 || outs.length !== 1) throw new FormalError(`${design.top}: FIFO checks need one input and one output stream`);
  const [i, o] = [ins[0].prefix, outs[0].prefix];
  const W = 8 * ins[0].dataBytes;
  let text = `// FIFO books: beats taken and given since reset
reg  [7:0] in_count_reg = 8'd0, out_count_reg = 8'd0;
wire in_fire = ${i}_tvalid && ${i}_tready;
wire out_fire = ${o}_tvalid && ${o}_tready;
always @(posedge clk) begin
    in_count_reg  <= rst ? 8'd0 : in_count_reg + {7'd0, in_fire};
    out_count_reg <= rst ? 8'd0 : out_count_reg + {7'd0, out_fire};
end
`;
  if (options.capacity !== undefined) {
    checks.push({ text: `if (!rst && past_reg && !past_rst_reg) assert(in_count_reg - out_count_reg <= 8'd${options.capacity});`, group: 'fifo' });
    properties.push(`${i} -> ${o}: at most ${options.capacity} beats inside`);
  }
  if (options.inOrder) {
    text += `(* anyconst *) wire [7:0] pick;            // which input beat to follow
reg  [${W - 1}:0] picked_reg;
reg  picked_in_reg = 1'b0;
always @(posedge clk) begin
    if (rst) picked_in_reg <= 1'b0;
    else if (in_fire && in_count_reg == pick) begin picked_reg <= ${i}_tdata; picked_in_reg <= 1'b1; end
end
`;
    checks.push({ text: `if (!rst && past_reg && !past_rst_reg && out_fire && out_count_reg == pick) assert(picked_in_reg && ${o}_tdata == picked_reg);`, group: 'fifo' });
    properties.push(`${i} -> ${o}: beats leave in order with their data (any beat, chosen by the solver)`);
  }
  return text;
}

/** An AXI4 memory master's rules, and a slave that answers only what was asked. */
function axiMaster(m: AxiMasterPort, free: (w: number, n: string) => void, driven: (w: number, n: string) => void, checks: Check[], properties: string[],
  held: (k: 'assume' | 'assert', v: string, r: string, p: string[]) => string): string {
  const p = m.prefix;
  const out = (w: number, n: string) => driven(w, `${p}_${n}`);
  const inn = (w: number, n: string) => free(w, `${p}_${n}`);
  out(m.idBits, 'awid'); out(m.addrBits, 'awaddr'); out(8, 'awlen'); out(3, 'awsize'); out(2, 'awburst'); out(1, 'awvalid'); inn(1, 'awready');
  out(8 * m.dataBytes, 'wdata'); out(m.dataBytes, 'wstrb'); out(1, 'wlast'); out(1, 'wvalid'); inn(1, 'wready');
  inn(m.idBits, 'bid'); inn(2, 'bresp'); inn(1, 'bvalid'); out(1, 'bready');
  out(m.idBits, 'arid'); out(m.addrBits, 'araddr'); out(8, 'arlen'); out(3, 'arsize'); out(2, 'arburst'); out(1, 'arvalid'); inn(1, 'arready');
  inn(m.idBits, 'rid'); inn(8 * m.dataBytes, 'rdata'); inn(2, 'rresp'); inn(1, 'rlast'); inn(1, 'rvalid'); out(1, 'rready');
  const ar = ['araddr', 'arlen', 'arsize', 'arburst', 'arid'].map((x) => `${p}_${x}`);
  const aw = ['awaddr', 'awlen', 'awsize', 'awburst', 'awid'].map((x) => `${p}_${x}`);
  // W data is held on its strobed byte lanes (the lanes the strobes say carry data; the others are not data, and
  // our DMA's may move while it waits, as AXI protocol checkers allow), the strobes and last in full
  const w = ['wdata_lanes', 'wstrb', 'wlast'].map((x) => `${p}_${x}`);
  for (const [channel, payload] of [['ar', ar], ['aw', aw], ['w', w]] as const) {
    const group = `${p}.${channel}`;
    checks.push({ text: held('assert', `${p}_${channel}valid`, `${p}_${channel}ready`, [...payload]), group },
      { text: `if (after_reset) assert(!${p}_${channel}valid);`, group });
  }
  properties.push(`${p}: AR, AW and W valid held until ready, address/length/size/burst/id and data (strobed lanes)/strobes/last stable while stalled`,
    `${p}: no AR, AW or W valid in the cycle after reset`);
  const lanes = `// ${p}: W data on its strobed byte lanes
wire [${8 * m.dataBytes - 1}:0] ${p}_wdata_lanes;
genvar ${p}_lane;
generate
    for (${p}_lane = 0; ${p}_lane < ${m.dataBytes}; ${p}_lane = ${p}_lane + 1) begin : ${p}_strobed
        assign ${p}_wdata_lanes[${p}_lane * 8 +: 8] = ${p}_wstrb[${p}_lane] ? ${p}_wdata[${p}_lane * 8 +: 8] : 8'd0;
    end
endgenerate
`;
  // the slave: R beats only while a read burst is outstanding, its beats counted to rlast exactly; B only for a
  // write burst whose data is all in; R and B held while stalled
  checks.push({ text: held('assume', `${p}_rvalid`, `${p}_rready`, ['rdata', 'rresp', 'rlast', 'rid'].map((x) => `${p}_${x}`)) },
    { text: held('assume', `${p}_bvalid`, `${p}_bready`, ['bresp', 'bid'].map((x) => `${p}_${x}`)) });
  return `${lanes}// ${p}: the slave's books (read bursts asked for and their lengths, write bursts whose data is in)
reg  [7:0] ${p}_reads_reg = 8'd0;        // read bursts outstanding
reg  [63:0] ${p}_rlen_reg = 64'd0;      // their lengths, in order, 8 bits each (the slave takes 8 at most)
reg  [2:0] ${p}_rhead_reg = 3'd0, ${p}_rtail_reg = 3'd0;
reg  [7:0] ${p}_rbeat_reg = 8'd0;        // beats of the head burst returned
reg  [7:0] ${p}_wdone_reg = 8'd0;        // write bursts with all data in and no response yet
reg  [7:0] ${p}_awgot_reg = 8'd0;        // write addresses taken whose data is not all in
wire ${p}_ar_fire = ${p}_arvalid && ${p}_arready;
wire ${p}_r_fire = ${p}_rvalid && ${p}_rready;
wire ${p}_w_last = ${p}_wvalid && ${p}_wready && ${p}_wlast;
wire ${p}_b_fire = ${p}_bvalid && ${p}_bready;
always @(posedge clk) begin
    if (rst) begin
        ${p}_reads_reg <= 8'd0; ${p}_rhead_reg <= 3'd0; ${p}_rtail_reg <= 3'd0; ${p}_rbeat_reg <= 8'd0;
        ${p}_wdone_reg <= 8'd0; ${p}_awgot_reg <= 8'd0;
    end else begin
        if (${p}_ar_fire) begin ${p}_rlen_reg[${p}_rtail_reg * 8 +: 8] <= ${p}_arlen; ${p}_rtail_reg <= ${p}_rtail_reg + 3'd1; end
        if (${p}_r_fire) begin
            ${p}_rbeat_reg <= ${p}_rlast ? 8'd0 : ${p}_rbeat_reg + 8'd1;
            if (${p}_rlast) ${p}_rhead_reg <= ${p}_rhead_reg + 3'd1;
        end
        ${p}_reads_reg <= ${p}_reads_reg + {7'd0, ${p}_ar_fire} - {7'd0, ${p}_r_fire && ${p}_rlast};
        ${p}_awgot_reg <= ${p}_awgot_reg + {7'd0, ${p}_awvalid && ${p}_awready} - {7'd0, ${p}_w_last};
        ${p}_wdone_reg <= ${p}_wdone_reg + {7'd0, ${p}_w_last} - {7'd0, ${p}_b_fire};
    end
end
always @(*) begin
    if (!rst && ${p}_rvalid) assume(${p}_reads_reg != 8'd0 && ${p}_rlast == (${p}_rbeat_reg == ${p}_rlen_reg[${p}_rhead_reg * 8 +: 8]));
    if (!rst && ${p}_bvalid) assume(${p}_wdone_reg != 8'd0);
    if (!rst && ${p}_arready) assume(${p}_reads_reg < 8'd8);   // the slave's books hold 8 read bursts
end
`;
}

/** Prove the wrapper's assertions on the design: a bounded proof of `depth` cycles, and k-induction if asked. */
export async function proveDesign(design: GeneratedDesign, options: FormalOptions = {}): Promise<FormalResult> {
  const depth = options.depth ?? 20;
  const t0 = Date.now();
  const whole = formalWrapper(design, options);
  if (options.engine === 'yosys-sat' && options.induction) throw new FormalError(`${design.top}: k-induction needs the smtbmc engine`);
  const result: FormalResult = { top: design.top, properties: whole.properties, depth, bmc: false, seconds: 0 };
  if (!options.split) {
    Object.assign(result, await proveWrapper(design, whole.text, options));
  } else {
    // one run per assertion group, each with every assumption: together they assert what the whole wrapper does
    result.groups = [];
    for (const group of whole.groups) {
      const g0 = Date.now();
      const r = await proveWrapper(design, formalWrapper(design, { ...options, group }).text, options);
      result.groups.push({ group, bmc: r.bmc, seconds: (Date.now() - g0) / 1000 });
      if (!r.bmc) { result.failure = `${group}: ${r.failure}`; break; }
    }
    result.bmc = result.groups.length === whole.groups.length && result.groups.every((g) => g.bmc);
  }
  result.seconds = (Date.now() - t0) / 1000;
  return result;
}

/** One proof of one wrapper text: Yosys prepares the design, then yosys-smtbmc or Yosys's own SAT proves it. */
async function proveWrapper(design: GeneratedDesign, wrapperText: string, options: FormalOptions): Promise<Pick<FormalResult, 'bmc' | 'failure' | 'induction'>> {
  const depth = options.depth ?? 20;
  const solver = options.solver ?? 'z3';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dpuforge-formal-'));
  try {
    const files = design.files.map((f) => { const p = path.join(dir, f.name); writeFileSync(p, f.content); return p; });
    const wrapperFile = path.join(dir, `formal_${design.top}.sv`);
    writeFileSync(wrapperFile, wrapperText);
    const lib = design.libFiles.map((f) => path.join(projectRoot(), f));
    const read = [...lib, ...files].map((f) => `read_verilog -formal -sv ${f}`).join('; ');
    const cut = (options.cut ?? []).map((c) => `cutpoint ${c}; `).join('');
    const prep = `${read}; read_verilog -formal -sv ${wrapperFile}; prep -top formal_${design.top}; ${cut}memory_map; opt -fast; async2sync; dffunmap`;
    if (options.engine === 'yosys-sat') {
      // every assertion at every step of `depth`, the assumptions at every step, initial values free unless the
      // wrapper sets them (as smtbmc reads the design)
      const y = await runTool('yosys', ['-p', `${prep}; flatten; sat -seq ${depth} -prove-asserts -set-assumes`]);
      const log = y.all || y.failure || '';
      if (!y.ok) throw new FormalError(`${design.top}: Yosys could not run the proof: ${log.trim().split('\n').slice(-5).join(' | ')}`);
      const bmc = /SAT proof finished - no model found: SUCCESS!/.test(log);
      if (bmc) return { bmc };
      return { bmc, failure: /model found: FAIL!/.test(log) ? `Assert failed in formal_${design.top} within ${depth} steps (yosys sat found a model)` : log.trim().split('\n').slice(-4).join('\n') };
    }
    const smt2 = path.join(dir, 'design.smt2');
    const y = await runTool('yosys', ['-q', '-p', `${prep}; write_smt2 -wires ${smt2}`]);
    if (!y.ok) throw new FormalError(`${design.top}: Yosys could not prepare the proof: ${(y.all || y.failure || '').trim().split('\n').slice(-5).join(' | ')}`);
    const bmc = await runTool('yosys-smtbmc', ['-s', solver, '-t', String(depth), smt2]);
    if (!(bmc.ok && /Status: PASSED/.test(bmc.all ?? ''))) return { bmc: false, failure: (bmc.all || bmc.failure || '').trim().split('\n').slice(-4).join('\n') };
    if (!options.induction) return { bmc: true };
    const ind = await runTool('yosys-smtbmc', ['-s', solver, '-i', '-t', String(depth), smt2]);
    return { bmc: true, induction: ind.ok && /Status: PASSED/.test(ind.all ?? '') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A hw/lib stream primitive (dpf_skid_buffer, dpf_stream_fifo) as a design the wrapper can take: an adapter with
 * s_axis/m_axis names around it, the primitive's parameters set (e.g. { WIDTH: 8, DEPTH_BITS: 2 }).
 */
export function libStreamDesign(module: 'dpf_skid_buffer' | 'dpf_stream_fifo', parameters: Readonly<Record<string, number>>): GeneratedDesign {
  const width = parameters.WIDTH ?? 8;
  if (width % 8 !== 0) throw new FormalError(`${module}: WIDTH ${width} is not whole bytes`);
  const suffix = Object.entries(parameters).map(([k, v]) => `${k.toLowerCase()}${v}`).join('_');
  const top = `lib_${module}_${suffix}`;
  const ports: DesignPorts = { clock: 'clk', reset: 'rst', streams: [
    { prefix: 's_axis', dir: 'in', dataBytes: width / 8, keep: false, last: false, userBits: 0 },
    { prefix: 'm_axis', dir: 'out', dataBytes: width / 8, keep: false, last: false, userBits: 0 },
  ] };
  const content = `\`default_nettype none
${modulePortList(top, ports, {})}
${module} #(${Object.entries(parameters).map(([k, v]) => `.${k}(${v})`).join(', ')}) dut (
    .clk(clk), .rst(rst),
    .s_data(s_axis_tdata), .s_valid(s_axis_tvalid), .s_ready(s_axis_tready),
    .m_data(m_axis_tdata), .m_valid(m_axis_tvalid), .m_ready(m_axis_tready)
);
endmodule
`;
  return {
    generator: 'hw/lib', version: '-', paramsJson: JSON.stringify(parameters), top,
    files: [{ name: `${top}.v`, content }], libFiles: [`hw/lib/${module}.v`], ports, latencyCycles: 1,
  };
}
