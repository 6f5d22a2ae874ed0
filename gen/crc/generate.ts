// CRC engine generator: emits a W-byte-per-cycle CRC over an AXI4-Stream, one result per packet (tlast).
//
// Architecture (all matrices derived in gen/crc/matrix.ts from the reference kernel):
//   in      register the beat, count its bytes, check the tkeep rule
//   align   shift a short last beat so its bytes sit in the top lanes (leading zero bytes are neutral
//           from a zero state, so the full-width data matrix B then gives the short beat's contribution)
//   contrib D = B·data, one XOR tree per CRC bit
//   loop    state = A_W·state ⊕ D for full beats: the only feedback path, W-independent depth
//   tail    for a packet's last beat, advance the state by its byte count n = Σ 2^t in one pipeline stage
//           per bit of n (A^(8·2^t) matrices), then add D, reflect and XOR out: no per-length matrix sets
//   output  a skid buffer, so s_axis_tready depends only on registers
import { canonicalParams, flagName } from '../core/params.js';
import type { Generator } from '../core/generator.js';
import type { DesignPorts, GeneratedDesign } from '../core/design.js';
import { bitsFor, FILE_FOOTER, fileHeader, hex, modulePortList, range, verilogFile } from '../core/verilog.js';
import { contentHash } from '../../src/util/build-cache.js';
import { SKID_BUFFER_FILE } from '../core/lib-files.js';
import { dataMatrixRows, stateAdvanceRows } from './matrix.js';
import { CRC_GENERATOR, crcSchema, validateCrcParams, type CrcEngineParams } from './params.js';

export const CRC_GENERATOR_VERSION = '0.1.0';

/** Module name from the parameters: crc_engine_w64_crc32c, or crc_engine_w8_custom_<hash> for custom models. */
export function crcModuleName(p: CrcEngineParams): string {
  const model = p.model.name === 'custom'
    ? `custom${p.model.width}_${contentHash([canonicalParams(crcSchema, rawParams(p))]).slice(0, 8)}`
    : p.model.name.replace(/-/g, '_');
  return `crc_engine_w${p.bytesPerCycle}_${model}`;
}

/** Parameters as raw values (what the CLI and JSON take back in); custom-model fields only for custom. */
function rawParams(p: CrcEngineParams): Record<string, unknown> {
  if (p.model.name !== 'custom') return { bytesPerCycle: p.bytesPerCycle, model: p.model.name };
  const m = p.model;
  return { bytesPerCycle: p.bytesPerCycle, model: 'custom', width: m.width, poly: m.poly, init: m.init,
    refIn: m.refIn, refOut: m.refOut, xorOut: m.xorOut };
}

function crcCommand(p: CrcEngineParams): string {
  const raw = rawParams(p);
  const flags = Object.entries(raw).map(([k, v]) => `${flagName(k)} ${typeof v === 'bigint' ? '0x' + v.toString(16) : String(v)}`);
  return `npm run dpuforge -- gen crc ${flags.join(' ')} -o hw/generated`;
}

/** Cycles from the input handshake of a packet's last beat to its result on m_axis (no stalls). */
export function crcLatency(bytesPerCycle: number): number {
  // in, align, contrib, tail snapshot, one tail stage per byte-count bit, skid main register.
  return 4 + bitsFor(bytesPerCycle) + 1;
}

function emitCrc(p: CrcEngineParams): GeneratedDesign {
  const W = p.bytesPerCycle;
  const m = p.model;
  const C = m.width;
  const DW = 8 * W;
  const NB = bitsFor(W); // bits to count 0..W bytes
  const RB = Math.ceil(C / 8);
  const RW = 8 * RB;
  const top = crcModuleName(p);
  const paramsJson = canonicalParams(crcSchema, rawParams(p));
  const cr = range(C);

  // Advance functions needed: the full beat (loop) and each power of two up to W (tail).
  const advanceBytes = new Set<number>([W]);
  for (let t = 0; t < NB; t++) advanceBytes.add(2 ** t);
  const fnName = (n: number) => `advance_${n}_byte${n === 1 ? '' : 's'}`;

  const out: string[] = [];
  const o = (s = '') => out.push(s);
  out.push(fileHeader({
    file: `${top}.v`,
    what: `${C}-bit CRC (${m.name}) over an AXI4-Stream, ${W} byte${W > 1 ? 's' : ''} per cycle, one result per packet.`,
    generator: CRC_GENERATOR, version: CRC_GENERATOR_VERSION, paramsJson, command: crcCommand(p),
    notes: [
      `CRC model: width ${C}, poly ${hex(C, m.poly)}, init ${hex(C, m.init)}, refin ${m.refIn}, refout ${m.refOut}, xorout ${hex(C, m.xorOut)}.`,
      'Input: message bytes in stream order, lane 0 (tdata[7:0]) first. Every beat of a packet but the last',
      `must be full (tkeep all ones); the last beat's tkeep must be contiguous from lane 0 and may be empty, so`,
      'a packet has any length from 0 bytes up. One beat is accepted per cycle while tready is high.',
      `Output: one beat per packet, in order: tdata = CRC (${RW > C ? 'zero-extended to ' + RW + ' bits' : RW + ' bits'}), tlast = 1,`,
      'tuser = 1 when the packet broke the tkeep rule (its CRC is then not meaningful).',
      `Latency: ${crcLatency(W)} cycles from a packet's last beat to its result. s_axis_tready depends only on`,
      'registers (output skid buffer). Reset: synchronous, active high.',
    ],
  }));
  const ports: DesignPorts = {
    clock: 'clk',
    reset: 'rst',
    streams: [
      { prefix: 's_axis', dir: 'in', dataBytes: W, keep: true, last: true, userBits: 0 },
      { prefix: 'm_axis', dir: 'out', dataBytes: RB, keep: false, last: true, userBits: 1 },
    ],
  };
  o(modulePortList(top, ports, { s_axis: 'Message stream in', m_axis: 'CRC results out, one beat per packet' }));
  o();
  o(`// Constants of this configuration (fixed at generation; regenerate to change them).`);
  o(`localparam [${C - 1}:0] CRC_INIT   = ${hex(C, m.init)};  // register value before the first byte`);
  o(`localparam [${C - 1}:0] CRC_XOROUT = ${hex(C, m.xorOut)};  // XORed into the result`);
  o();

  // State-advance functions.
  for (const n of [...advanceBytes].sort((a, b) => a - b)) {
    const rows = stateAdvanceRows(m, n);
    o(`// Register after ${n} zero byte${n === 1 ? '' : 's'} (the matrix A^${8 * n}): bit i = XOR of the state bits in its mask.`);
    o(`function ${range(C)} ${fnName(n)}(input ${range(C)} state);`);
    o(`    begin`);
    rows.forEach((mask, i) => o(`        ${fnName(n)}${C === 1 ? '' : `[${i}]`} = ^(state & ${hex(C, mask)});`));
    o(`    end`);
    o(`endfunction`);
    o();
  }
  if (m.refOut && C > 1) {
    o(`// Bit reversal of the register (refout).`);
    o(`function ${cr} reflect_bits(input ${cr} value);`);
    o(`    integer i;`);
    o(`    begin`);
    o(`        for (i = 0; i < ${C}; i = i + 1) reflect_bits[i] = value[${C - 1} - i];`);
    o(`    end`);
    o(`endfunction`);
    o();
  }

  o(`// ---- Pipeline control: all stages advance together unless a finished CRC cannot leave.`);
  o(`wire result_ready;`);
  o(`wire stall = tail${NB}_valid_reg && !result_ready;`);
  o(`wire advance = !stall;`);
  o(`assign s_axis_tready = advance;`);
  o(`wire input_fire = s_axis_tvalid && s_axis_tready;`);
  o();
  o(`// ---- Stage in: register the beat, count its bytes, check the tkeep rule.`);
  o(`reg ${range(NB).padEnd(8)} in_bytes_next;  // number of tkeep bits set`);
  if (W === 1) {
    o(`always @* in_bytes_next = s_axis_tkeep;`);
  } else {
    o(`integer lane;`);
    o(`always @* begin`);
    o(`    in_bytes_next = {${NB}{1'b0}};`);
    o(`    for (lane = 0; lane < ${W}; lane = lane + 1) in_bytes_next = in_bytes_next + {{${NB - 1}{1'b0}}, s_axis_tkeep[lane]};`);
    o(`end`);
  }
  o(`wire keep_full = &s_axis_tkeep;`);
  o(`wire keep_contiguous = (s_axis_tkeep & (s_axis_tkeep + ${W}'d1)) == ${W}'d0;`);
  o(`wire in_error_next = s_axis_tlast ? !keep_contiguous : !keep_full;`);
  o();
  o(`reg              in_valid_reg;`);
  o(`reg              in_last_reg;`);
  o(`reg              in_error_reg;`);
  o(`reg ${range(NB).padEnd(12)} in_bytes_reg;`);
  o(`reg ${range(DW).padEnd(12)} in_data_reg;`);
  o(`always @(posedge clk) begin`);
  o(`    if (advance) begin`);
  o(`        in_valid_reg <= input_fire;`);
  o(`        in_last_reg  <= s_axis_tlast;`);
  o(`        in_error_reg <= in_error_next;`);
  o(`        in_bytes_reg <= in_bytes_next;`);
  o(`        in_data_reg  <= s_axis_tdata;`);
  o(`    end`);
  o(`    if (rst) in_valid_reg <= 1'b0;`);
  o(`end`);
  o();
  o(`// ---- Stage align: move a short beat's bytes to the top lanes (zero bytes before them are neutral).`);
  o(`wire ${range(NB).padEnd(8)} pad_bytes = ${NB}'d${W} - in_bytes_reg;`);
  o(`reg              align_valid_reg;`);
  o(`reg              align_last_reg;`);
  o(`reg              align_error_reg;`);
  o(`reg ${range(NB).padEnd(12)} align_bytes_reg;`);
  o(`reg ${range(DW).padEnd(12)} align_data_reg;`);
  o(`always @(posedge clk) begin`);
  o(`    if (advance) begin`);
  o(`        align_valid_reg <= in_valid_reg;`);
  o(`        align_last_reg  <= in_last_reg;`);
  o(`        align_error_reg <= in_error_reg;`);
  o(`        align_bytes_reg <= in_bytes_reg;`);
  o(`        align_data_reg  <= in_data_reg << {pad_bytes, 3'b000};`);
  o(`    end`);
  o(`    if (rst) align_valid_reg <= 1'b0;`);
  o(`end`);
  o();
  o(`// ---- Stage contrib: the beat's contribution from a zero state, D = B·data (bit i = XOR of masked data).`);
  o(`wire ${cr.padEnd(12)} contrib_next;`);
  dataMatrixRows(m, W).forEach((mask, i) =>
    o(`assign contrib_next${C === 1 ? '' : `[${i}]`} = ^(align_data_reg & ${hex(DW, mask)});`));
  o(`reg              contrib_valid_reg;`);
  o(`reg              contrib_last_reg;`);
  o(`reg              contrib_error_reg;`);
  o(`reg ${range(NB).padEnd(12)} contrib_bytes_reg;`);
  o(`reg ${cr.padEnd(12)} contrib_reg;`);
  o(`always @(posedge clk) begin`);
  o(`    if (advance) begin`);
  o(`        contrib_valid_reg <= align_valid_reg;`);
  o(`        contrib_last_reg  <= align_last_reg;`);
  o(`        contrib_error_reg <= align_error_reg;`);
  o(`        contrib_bytes_reg <= align_bytes_reg;`);
  o(`        contrib_reg       <= contrib_next;`);
  o(`    end`);
  o(`    if (rst) contrib_valid_reg <= 1'b0;`);
  o(`end`);
  o();
  o(`// ---- Stage loop: the running CRC register over a packet's full beats (the only feedback path).`);
  o(`reg ${cr.padEnd(12)} crc_state_reg;`);
  o(`reg              packet_error_reg;  // a beat of the current packet broke the tkeep rule`);
  o(`always @(posedge clk) begin`);
  o(`    if (advance && contrib_valid_reg) begin`);
  o(`        if (contrib_last_reg) begin`);
  o(`            crc_state_reg    <= CRC_INIT;`);
  o(`            packet_error_reg <= 1'b0;`);
  o(`        end else begin`);
  o(`            crc_state_reg    <= ${fnName(W)}(crc_state_reg) ^ contrib_reg;`);
  o(`            packet_error_reg <= packet_error_reg | contrib_error_reg;`);
  o(`        end`);
  o(`    end`);
  o(`    if (rst) begin`);
  o(`        crc_state_reg    <= CRC_INIT;`);
  o(`        packet_error_reg <= 1'b0;`);
  o(`    end`);
  o(`end`);
  o();
  o(`// ---- Tail: a packet's last beat. Snapshot the state, then advance it by the beat's byte count,`);
  o(`// one stage per bit of the count (stage t advances by ${'2^t'} bytes when bit t is set).`);
  for (let t = 0; t <= NB; t++) {
    o(`reg              tail${t}_valid_reg;`);
    o(`reg              tail${t}_error_reg;`);
    o(`reg ${cr.padEnd(12)} tail${t}_state_reg;`);
    o(`reg ${cr.padEnd(12)} tail${t}_contrib_reg;`);
    if (t < NB) o(`reg ${range(NB - t).padEnd(12)} tail${t}_bytes_reg;  // byte count bits ${NB - 1}..${t}`);
  }
  o(`always @(posedge clk) begin`);
  o(`    if (advance) begin`);
  o(`        tail0_valid_reg   <= contrib_valid_reg && contrib_last_reg;`);
  o(`        tail0_error_reg   <= packet_error_reg | contrib_error_reg;`);
  o(`        tail0_state_reg   <= crc_state_reg;`);
  o(`        tail0_contrib_reg <= contrib_reg;`);
  o(`        tail0_bytes_reg   <= contrib_bytes_reg;`);
  for (let t = 0; t < NB; t++) {
    const n = 2 ** t;
    const b = NB - t > 1 ? `tail${t}_bytes_reg[0]` : `tail${t}_bytes_reg`;
    o(`        tail${t + 1}_valid_reg   <= tail${t}_valid_reg;`);
    o(`        tail${t + 1}_error_reg   <= tail${t}_error_reg;`);
    o(`        tail${t + 1}_state_reg   <= ${b} ? ${fnName(n)}(tail${t}_state_reg) : tail${t}_state_reg;`);
    o(`        tail${t + 1}_contrib_reg <= tail${t}_contrib_reg;`);
    if (t + 1 < NB) o(`        tail${t + 1}_bytes_reg   <= tail${t}_bytes_reg[${NB - t - 1}:1];`);
  }
  o(`    end`);
  o(`    if (rst) begin`);
  for (let t = 0; t <= NB; t++) o(`        tail${t}_valid_reg <= 1'b0;`);
  o(`    end`);
  o(`end`);
  o();
  o(`// ---- Output: add the last beat's contribution, reflect, XOR out; a skid buffer decouples tready.`);
  const finalState = `tail${NB}_state_reg ^ tail${NB}_contrib_reg`;
  o(`wire ${cr.padEnd(12)} crc_register = ${finalState};`);
  o(`wire ${cr.padEnd(12)} crc_value = ${m.refOut && C > 1 ? 'reflect_bits(crc_register)' : 'crc_register'} ^ CRC_XOROUT;`);
  o(`wire ${range(RW).padEnd(12)} result_data = ${RW > C ? `{${RW - C}'d0, crc_value}` : 'crc_value'};`);
  o(`wire ${range(RW).padEnd(12)} buffered_data;`);
  o();
  o(`dpf_skid_buffer #(`);
  o(`    .WIDTH(${RW + 1})`);
  o(`) result_buffer (`);
  o(`    .clk(clk),`);
  o(`    .rst(rst),`);
  o(`    .s_data({tail${NB}_error_reg, result_data}),`);
  o(`    .s_valid(tail${NB}_valid_reg),`);
  o(`    .s_ready(result_ready),`);
  o(`    .m_data({m_axis_tuser, buffered_data}),`);
  o(`    .m_valid(m_axis_tvalid),`);
  o(`    .m_ready(m_axis_tready)`);
  o(`);`);
  o(`assign m_axis_tdata = buffered_data;`);
  o(`assign m_axis_tlast = 1'b1;`);
  o();
  o(`endmodule`);
  out.push(FILE_FOOTER);

  return {
    generator: CRC_GENERATOR,
    version: CRC_GENERATOR_VERSION,
    paramsJson,
    top,
    files: [verilogFile(`${top}.v`, out.join('\n').replace(/\n{3,}/g, '\n\n'))],
    libFiles: [SKID_BUFFER_FILE],
    ports,
    latencyCycles: crcLatency(W),
  };
}

export const crcGenerator: Generator<CrcEngineParams> = {
  name: 'crc',
  version: CRC_GENERATOR_VERSION,
  summary: 'CRC engine (crc32c, crc32, crc64-nvme, ... or a custom model), 1..128 bytes per cycle',
  schema: crcSchema,
  validate: validateCrcParams,
  emit: emitCrc,
  command: crcCommand,
};
