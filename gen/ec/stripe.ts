// Erasure-coding stripe stage generator: the EC engine (gen/ec) behind a stripe buffer, so that a byte stream
// (a payload such as a compressed block) becomes a fragment-major stripe (encode), or a header and k surviving
// fragments become the payload again (reconstruct). The stripe format is src/ref/ec-stripe.ts's.
//
//   fill      the packet is written into the stripe buffer (block RAM), beat by beat; encode tracks the
//             fragment length L = ceil(n / 64k) * 64 as bytes arrive (no divider); reconstruct first shifts the
//             header into registers.
//   check     one cycle: the packet's verdict (length, header fields).
//   load      reconstruct: the header's decode rows go to the EC engine's coefficient port.
//   code      the buffer is read chunk-interleaved (beat t = fragment t mod k) into the EC engine; its output rows
//             go to the parity buffer.
//   out       encode: the k data fragments (zero padded past n) then the m parity fragments; reconstruct: the k
//             data fragments (lost ones from the parity buffer), cut to n bytes. A bad packet gives one empty
//             beat with tuser set.
import { canonicalParams, flagName, ParamError, validateParams, type ParamSchema } from '../core/params.js';
import type { Generator } from '../core/generator.js';
import type { DesignPorts, GeneratedDesign } from '../core/design.js';
import { SIMPLE_RAM_FILE } from '../core/lib-files.js';
import { bitsFor, FILE_FOOTER, fileHeader, modulePortList, verilogFile, type ModuleParameter } from '../core/verilog.js';
import { fragment } from '../core/emit.js';
import { designPortSignals } from '../core/ports.js';
import { composedFiles, composedLibFiles } from '../core/compose.js';
import { emitBlockArray, RAM_KIND } from '../core/block-array.js';
import { ecGenerator } from './generate.js';
import { EC_FRAGMENT_ALIGN, EC_STRIPE_MAX_K, fragmentLength, headerBytes } from '../../src/ref/ec-stripe.js';

export const EC_STRIPE_GENERATOR = 'gen/ec/stripe';
export const EC_STRIPE_GENERATOR_VERSION = '0.2.0';

export interface EcStripeParams {
  mode: 'encode' | 'reconstruct';
  k: number;
  m: number;
  dataBytes: number;
  /** Largest payload (encode: input, reconstruct: output) in bytes; sizes the stripe buffer. */
  maxBytes: number;
  /** 2: two stripe stages in a block array, so one fills while the other codes and sends (double buffering). */
  buffers: number;
  /** The stripe and parity buffers: block RAM or UltraRAM (a ram_style hint; same behaviour). */
  bufferMemory: 'bram' | 'uram';
}

export const ecStripeSchema: ParamSchema = {
  mode: { kind: 'enum', values: ['encode', 'reconstruct'], default: 'encode', doc: 'encode: payload -> stripe; reconstruct: header + k survivors -> payload' },
  k: { kind: 'int', min: 1, max: EC_STRIPE_MAX_K, default: 8, doc: 'data fragments per stripe' },
  m: { kind: 'int', min: 1, max: 8, default: 2, doc: 'parity fragments per stripe (reconstruct: the most lost fragments)' },
  dataBytes: { kind: 'int', min: 8, max: 64, default: 16, doc: 'bytes per beat (power of two; fragments are multiples of 64 bytes, so a beat never spans two)' },
  maxBytes: { kind: 'int', min: 1, max: 1 << 20, default: 65809, doc: 'largest payload in bytes (65809 = the LZ4 bound of a 64 KiB block); sizes the stripe buffer' },
  buffers: { kind: 'int', min: 1, max: 2, default: 1, doc: 'stripe buffers: 2 = two stages, one filling while the other codes and sends (packets leave in order)' },
  bufferMemory: { kind: 'enum', values: ['bram', 'uram'], default: 'bram', doc: 'the stripe and parity buffers: block RAM or UltraRAM (ram_style hint; same behaviour)' },
};

export function validateEcStripeParams(raw: Readonly<Record<string, unknown>>): EcStripeParams {
  const p = validateParams(EC_STRIPE_GENERATOR, ecStripeSchema, raw) as unknown as EcStripeParams;
  if ((p.dataBytes & (p.dataBytes - 1)) !== 0) throw new ParamError(EC_STRIPE_GENERATOR, 'dataBytes', `= ${p.dataBytes} is not a power of two`);
  return { ...p };
}

export function ecStripeModuleName(p: EcStripeParams): string {
  return `ec_stripe_${p.mode === 'encode' ? 'enc' : 'rec'}_k${p.k}_m${p.m}_w${p.dataBytes}_b${p.maxBytes}${p.buffers > 1 ? `_x${p.buffers}` : ''}${p.bufferMemory === 'uram' ? '_u' : ''}`;
}

function ecStripeCommand(p: EcStripeParams): string {
  return `npm run dpuforge -- gen ec-stripe ${Object.entries(p).map(([k, v]) => `${flagName(k)} ${v}`).join(' ')} -o hw/generated`;
}

/**
 * The module's Verilog parameters. The buffers are sized from the generator's maxBytes (structural: k fragments
 * of fragmentLength(maxBytes, k) bytes); MAX_BYTES, the limit a packet is checked against, may be anything up
 * to what they hold.
 */
export function ecStripeModuleParameters(p: EcStripeParams): ModuleParameter[] {
  const capacity = p.k * fragmentLength(p.maxBytes, p.k);
  return [{
    name: 'MAX_BYTES', value: p.maxBytes, min: 1, max: capacity,
    doc: p.mode === 'encode'
      ? 'Largest payload in bytes: a longer one is refused (one empty beat, tuser 1)'
      : `Largest payload in bytes: a stripe with L above ceil(MAX_BYTES / ${EC_FRAGMENT_ALIGN * p.k}) * ${EC_FRAGMENT_ALIGN} is refused (tuser 1)`,
  }];
}

/** expr (from bits wide) zero-extended to `to` bits. */
function zx(to: number, from: number, expr: string): string {
  return to === from ? expr : `{${to - from}'d0, ${expr}}`;
}

/** A signal (from bits wide) at `to` bits: zero-extended, or its low bits (the values used always fit). */
function fit(to: number, from: number, name: string): string {
  return to >= from ? zx(to, from, name) : `${name}[${to - 1}:0]`;
}

export function emitEcStripe(p: EcStripeParams): GeneratedDesign {
  return p.buffers > 1 ? emitDoubleBuffered(p) : emitStripeStage(p);
}

/** Two stripe stages behind a block array's dispatcher and in-order merge (gen/core/block-array.ts). */
function emitDoubleBuffered(p: EcStripeParams): GeneratedDesign {
  const stage = emitStripeStage({ ...p, buffers: 1 });
  const top = ecStripeModuleName(p);
  const paramsJson = canonicalParams(ecStripeSchema, p as unknown as Record<string, unknown>);
  const header = fileHeader({
    file: `${top}.v`,
    what: `Erasure-coding stripe stage, ${p.mode}, k = ${p.k}, m = ${p.m}, ${p.dataBytes} bytes per beat, double buffered.`,
    generator: EC_STRIPE_GENERATOR, version: EC_STRIPE_GENERATOR_VERSION, paramsJson, command: ecStripeCommand(p),
    notes: [
      `Two ${stage.top} stages: each packet goes to an idle one, so one fills its buffer while the other`,
      'codes and sends; packets leave in the order they came, each exactly as one stage writes it (tuser: the verdict).',
      'Reset: synchronous, active high.',
    ],
  });
  return emitBlockArray({
    top, header, generator: EC_STRIPE_GENERATOR, version: EC_STRIPE_GENERATOR_VERSION, paramsJson, engines: 2, dataBytes: p.dataBytes, engine: stage,
    inComment: p.mode === 'encode' ? 'Payloads to stripe' : 'Header and k survivors',
    outComment: p.mode === 'encode' ? 'Stripes out in input order; tuser = 1: refused' : 'Payloads out in input order; tuser = 1: refused',
    // the stages are the buffers: a short output FIFO each (the merge takes a stage's words while the other fills)
    outputFifoDepthBits: 4, inputFifoDepthBits: 1, registers: false,
  });
}

function emitStripeStage(p: EcStripeParams): GeneratedDesign {
  const { k: K, m: M, dataBytes: W, maxBytes: MAXB } = p;
  const ramKind = p.bufferMemory === 'uram' ? `, .RAM_KIND(${RAM_KIND.ultra})` : '';
  const enc = p.mode === 'encode';
  const top = ecStripeModuleName(p);
  const LW = Math.log2(W);
  const DW = 8 * W;
  const BPU = EC_FRAGMENT_ALIGN / W; // beats per 64-byte unit
  const S = Math.log2(BPU);
  const params = ecStripeModuleParameters(p);
  // the buffers hold the generator's maxBytes (rounded up to whole stripes): MAX_BYTES may be anything up to that
  const LU_MAX = fragmentLength(MAXB, K) / EC_FRAGMENT_ALIGN; // fragment length in 64-byte units, at most
  const LB_MAX = LU_MAX * BPU; // beats per fragment, at most
  const LUW = bitsFor(LU_MAX);
  const LBW = LUW + S;
  const SDEPTH = K * LB_MAX;
  const PDEPTH = M * LB_MAX;
  const AB = bitsFor(SDEPTH); // stripe-buffer beat indexes 0..SDEPTH
  const RA = Math.max(1, bitsFor(SDEPTH - 1)); // stripe-buffer addresses
  const PA = Math.max(1, bitsFor(PDEPTH - 1)); // parity-buffer addresses
  const KW = bitsFor(K + M); // fragment counters 0..K+M
  const MW = bitsFor(M);
  const KLW = bitsFor(K * LU_MAX);
  if (AB + KW >= 32 - LW) throw new Error(`ec-stripe: beat counters of ${AB + KW} bits do not fit beside 32-bit byte counts`);
  const H = headerBytes(K, M);
  const HB = H / W;
  const HBW = bitsFor(HB);
  const CW = bitsFor(W);
  const ec = ecGenerator.emit(ecGenerator.validate(enc
    ? { k: K, m: M, bytesPerCycle: W, coefficients: 'fixed', matrix: 'cauchy' }
    : { k: K, m: M, bytesPerCycle: W, coefficients: 'runtime' }));
  const paramsJson = canonicalParams(ecStripeSchema, p as unknown as Record<string, unknown>);
  const ports: DesignPorts = {
    clock: 'clk', reset: 'rst',
    streams: [
      { prefix: 's_axis', dir: 'in', dataBytes: W, keep: true, last: true, userBits: 0 },
      { prefix: 'm_axis', dir: 'out', dataBytes: W, keep: true, last: true, userBits: 1 },
    ],
  };
  const inKeepCount = fragment(designPortSignals(ports), (b) => b.popcount('in_keep_count', 's_axis_tkeep', W));
  const hLost = fragment(['h_lost_mask'], (b) => b.popcount('h_lost', 'h_lost_mask', K));
  const header = fileHeader({
    file: `${top}.v`,
    what: `erasure-coding stripe stage (${enc ? 'encode' : 'reconstruct'}), k=${K}, m=${M}, ${W} bytes per beat, payloads up to MAX_BYTES (default ${MAXB}).`,
    generator: EC_STRIPE_GENERATOR, version: EC_STRIPE_GENERATOR_VERSION, paramsJson, command: ecStripeCommand(p),
    notes: enc ? [
      's_axis: one payload per packet (n bytes, full beats but the last, tkeep contiguous from lane 0).',
      `m_axis: its stripe: k=${K} data fragments of L = ceil(n / ${64 * K}) * 64 bytes (the payload, zero padded), then`,
      `m=${M} parity fragments (ISA-L gf_gen_cauchy1_matrix(${K + M}, ${K}) parity rows, GF(2^8) polynomial 0x11d), all full beats.`,
      `n = 0 gives one empty beat (tkeep 0). A payload above MAX_BYTES (default ${MAXB}) bytes or a short beat before the`,
      'last gives one empty beat with tuser = 1.',
      `Stripe buffer ${SDEPTH} x ${W} bytes, parity buffer ${PDEPTH} x ${W} bytes (block RAM). Packets are taken one at a time:`,
      'about n/W cycles to fill, n/W to code, (k+m)L/W to put out. Reset: synchronous, active high.',
    ] : [
      `s_axis: a ${H}-byte header, then k=${K} surviving fragments of L bytes in fragment order, all full beats. Header`,
      '(little-endian): 0-3 n (payload bytes), 4-7 L (a multiple of 64), 8-11 mask of lost data fragments,',
      `12-15 reserved, from 16 one row of ${K} decode coefficients per lost data fragment, in ascending order.`,
      'm_axis: the k data fragments in order (lost ones rebuilt by the EC engine), cut to n bytes; full beats but',
      'the last. A bad packet (length not header + k*L, L not a multiple of 64 or above',
      `ceil(MAX_BYTES / ${64 * K}) * 64 = ${fragmentLength(MAXB, K)} by default, n above k*L, mask bits at or above k, more than m=${M} lost)`,
      'gives one empty beat with tuser = 1; n = 0 one empty beat.',
      `Stripe buffer ${SDEPTH} x ${W} bytes, parity buffer ${PDEPTH} x ${W} bytes (block RAM). Reset: synchronous, active high.`,
    ],
  });

  const fullKeep = `{${W}{1'b1}}`;
  const body = `${modulePortList(top, ports, {
    s_axis: enc ? 'Payload in, one per packet' : 'Header and surviving fragments in, one stripe per packet',
    m_axis: enc ? 'Stripe out (data fragments, then parity), one per packet; tuser: refused' : 'Payload out, one per packet; tuser: refused',
  }, params)}
${enc ? '' : `
// the longest fragment a stripe of up to MAX_BYTES payload bytes has
localparam [31:0] MAX_FRAGMENT_BYTES = (MAX_BYTES + ${EC_FRAGMENT_ALIGN * K - 1}) / ${EC_FRAGMENT_ALIGN * K} * ${EC_FRAGMENT_ALIGN};
`}
// states: fill the buffer, check the packet,${enc ? '' : ' load the decode rows,'} code (EC engine), put out
localparam [2:0] ST_FILL = 3'd0, ST_CHECK = 3'd1,${enc ? '' : ' ST_LOAD = 3\'d2,'} ST_CODE = 3'd3, ST_OUT = 3'd4;
reg  [2:0]  state_reg;
wire        out_done;                   // the output packet's last beat leaves

// ---- Buffers: the stripe (payload or survivors) and the EC engine's output rows
wire         stripe_wr_en;
wire [${RA - 1}:0]  stripe_wr_addr;
wire [${RA - 1}:0]  stripe_rd_addr;
wire [${DW - 1}:0] stripe_q;
dpf_simple_ram #(.WIDTH(${DW}), .DEPTH(${Math.max(2, SDEPTH)}), .ADDR_BITS(${RA})${ramKind}) stripe_ram (
    .clk(clk), .wr_en(stripe_wr_en), .wr_addr(stripe_wr_addr), .wr_data(s_axis_tdata),
    .rd_addr(stripe_rd_addr), .rd_data(stripe_q)
);
wire         parity_wr_en;
reg  [${PA - 1}:0]  parity_wr_addr_reg;
wire [${DW - 1}:0] ec_out_data;
wire [${PA - 1}:0]  parity_rd_addr;
wire [${DW - 1}:0] parity_q;
dpf_simple_ram #(.WIDTH(${DW}), .DEPTH(${Math.max(2, PDEPTH)}), .ADDR_BITS(${PA})${ramKind}) parity_ram (
    .clk(clk), .wr_en(parity_wr_en), .wr_addr(parity_wr_addr_reg), .wr_data(ec_out_data),
    .rd_addr(parity_rd_addr), .rd_data(parity_q)
);

// ---- Fill
assign s_axis_tready = state_reg == ST_FILL;
wire         in_fire = s_axis_tvalid && s_axis_tready;
${inKeepCount.text}
wire         keep_full = &s_axis_tkeep;
reg  [${AB - 1}:0]  fill_addr_reg;          // stripe-buffer beats written
reg          bad_reg;                   // the packet broke a rule
${enc ? `wire         keep_contiguous = (s_axis_tkeep & (s_axis_tkeep + ${W}'d1)) == ${W}'d0;
reg  [31:0]  n_reg;                     // payload bytes so far
reg  [${LUW - 1}:0]  lu_reg;                    // fragment length in 64-byte units: the least with K * 64 * lu >= n
reg  [${KLW - 1}:0]  klu_reg;                   // K * lu_reg
wire [31:0]  n_next = n_reg + {${32 - CW}'d0, in_keep_count};
wire [31:0]  n64_next = {6'd0, n_next[31:6]} + {31'd0, |n_next[5:0]};   // ceil(n / 64)
wire         lu_step = n64_next > {${32 - KLW}'d0, klu_reg};            // at most one unit per beat (W <= 64)
wire         beat_bad = !keep_contiguous || (!s_axis_tlast && !keep_full) || n_next > MAX_BYTES[31:0];
assign stripe_wr_en = in_fire && !bad_reg && !beat_bad && in_keep_count != ${CW}'d0;
assign stripe_wr_addr = ${fit(RA, AB, 'fill_addr_reg')};
always @(posedge clk) begin
    if (in_fire) begin
        if (beat_bad) bad_reg <= 1'b1;
        if (stripe_wr_en) begin
            fill_addr_reg <= fill_addr_reg + ${AB}'d1;
            n_reg         <= n_next;
            if (lu_step) begin
                lu_reg  <= lu_reg + ${LUW}'d1;
                klu_reg <= klu_reg + ${KLW}'d${K};
            end
        end
    end
    if (state_reg == ST_OUT && out_done) begin
        fill_addr_reg <= ${AB}'d0;
        n_reg         <= 32'd0;
        lu_reg        <= ${LUW}'d0;
        klu_reg       <= ${KLW}'d0;
        bad_reg       <= 1'b0;
    end
    if (rst) begin
        fill_addr_reg <= ${AB}'d0;
        n_reg         <= 32'd0;
        lu_reg        <= ${LUW}'d0;
        klu_reg       <= ${KLW}'d0;
        bad_reg       <= 1'b0;
    end
end
wire [${LBW - 1}:0]  stripe_lb = ${S ? `{lu_reg, ${S}'d0}` : 'lu_reg'};   // beats per fragment
wire         stripe_empty = n_reg == 32'd0;
wire         check_empty = stripe_empty;      // n_reg is final once the packet is in
wire         check_bad = bad_reg;
wire [${MW - 1}:0]  code_rows = ${MW}'d${M};` : `reg  [${HBW - 1}:0]  hdr_beats_reg;             // header beats so far
reg  [${8 * H - 1}:0] hdr_reg;                 // the header, shifted in (first beat ends at the bottom)
wire         in_header = hdr_beats_reg != ${HBW}'d${HB};
assign stripe_wr_en = in_fire && !in_header && keep_full && fill_addr_reg != ${AB}'d${SDEPTH};
assign stripe_wr_addr = ${fit(RA, AB, 'fill_addr_reg')};
always @(posedge clk) begin
    if (in_fire) begin
        if (in_header) begin
            hdr_reg       <= ${HB > 1 ? `{s_axis_tdata, hdr_reg[${8 * H - 1}:${DW}]}` : 's_axis_tdata'};
            hdr_beats_reg <= hdr_beats_reg + ${HBW}'d1;
        end else if (stripe_wr_en) begin
            fill_addr_reg <= fill_addr_reg + ${AB}'d1;
        end
        if (!keep_full || (!in_header && fill_addr_reg == ${AB}'d${SDEPTH})) bad_reg <= 1'b1;
    end
    if (state_reg == ST_OUT && out_done) begin
        fill_addr_reg <= ${AB}'d0;
        hdr_beats_reg <= ${HBW}'d0;
        bad_reg       <= 1'b0;
    end
    if (rst) begin
        fill_addr_reg <= ${AB}'d0;
        hdr_beats_reg <= ${HBW}'d0;
        bad_reg       <= 1'b0;
    end
end
// header fields
wire [31:0]  h_n = hdr_reg[31:0];
wire [31:0]  h_len = hdr_reg[63:32];
wire [31:0]  h_mask = hdr_reg[95:64];
/* verilator lint_off UNUSEDSIGNAL */
wire [31:0]  h_reserved = hdr_reg[127:96];
/* verilator lint_on UNUSEDSIGNAL */
wire [${K - 1}:0]  h_lost_mask = h_mask[${K - 1}:0];
${hLost.text}
/* verilator lint_off UNUSEDSIGNAL */
wire [7:0]   h_lost8 = ${zx(8, bitsFor(K), 'h_lost')};   // only its low bits are kept, when it is at most m
/* verilator lint_on UNUSEDSIGNAL */
wire [39:0]  h_stripe_bytes = {8'd0, h_len} * 40'd${K};
wire         check_bad = bad_reg || in_header${K < 32 ? ` || h_mask[31:${K}] != ${32 - K}'d0` : ''}
                      || h_lost8 > 8'd${M} || h_len[5:0] != 6'd0 || h_len > MAX_FRAGMENT_BYTES
                      || {8'd0, h_n} > h_stripe_bytes || {${zx(40 - LW, AB, 'fill_addr_reg')}, ${LW}'d0} != h_stripe_bytes;
reg  [31:0]  n_reg;                     // payload bytes to put out
reg  [${K - 1}:0]  lost_reg;               // lost data fragments
reg  [${MW - 1}:0]  code_rows_reg;          // fragments to rebuild
reg  [${LBW - 1}:0]  lb_reg;                 // beats per fragment
always @(posedge clk) begin
    if (state_reg == ST_CHECK) begin
        n_reg         <= h_n;
        lost_reg      <= h_lost_mask;
        code_rows_reg <= h_lost8[${MW - 1}:0];
        lb_reg        <= h_len[${LBW + LW - 1}:${LW}];
    end
end
wire [${LBW - 1}:0]  stripe_lb = lb_reg;
wire         stripe_empty = n_reg == 32'd0;
wire [${MW - 1}:0]  code_rows = code_rows_reg;
// check decides from the header itself (the registers above take its fields at the same edge)
wire         check_empty = h_n == 32'd0;
wire         check_no_code = h_lost8 == 8'd0;`}

// ---- Read side: reads of the buffers are issued while a small FIFO has room; the data (one cycle later) is
// masked and queued for the EC engine (code) or the output (out)
reg          bad_stripe_reg;            // the verdict of check
reg  [${LBW - 1}:0]  code_c_reg;              // row (chunk) being read
reg  [${KW - 1}:0]  code_j_reg;              // fragment within the row
reg  [${RA - 1}:0]  code_addr_reg;           // = code_j * LB + code_c
reg          code_issued_reg;           // every code read issued
reg  [${KW - 1}:0]  out_d_reg;               // output fragment
reg  [${LBW - 1}:0]  out_c_reg;               // beat within it
reg  [${RA - 1}:0]  out_stripe_base_reg;     // its first beat in the stripe buffer
reg  [${PA - 1}:0]  out_parity_base_reg;     // its first beat in the parity buffer
reg  [${AB + KW - 1}:0]  out_beat_reg;          // output beats issued
reg          out_issued_reg;            // every output read issued
reg  [2:0]   fifo_count_reg;
reg          rd_pending_reg;            // a read issued last cycle
wire         room = {1'b0, fifo_count_reg} + {3'd0, rd_pending_reg} < 4'd4;
wire [${LBW - 1}:0]  lb_last = stripe_lb - ${LBW}'d1;
// n as whole beats and the bytes of a last partial one
wire [${32 - LW - 1}:0]  n_full_beats = n_reg[31:${LW}];
wire [${W - 1}:0]  tail_keep = ~(${fullKeep} << n_reg[${LW - 1}:0]);
// bytes of payload in beat b of the data fragments (all, some, none)
function [${W - 1}:0] payload_keep(input [${AB + KW - 1}:0] b);
    begin
        if (${zx(32 - LW, AB + KW, 'b')} < n_full_beats) payload_keep = ${fullKeep};
        else if (${zx(32 - LW, AB + KW, 'b')} == n_full_beats) payload_keep = tail_keep;
        else payload_keep = ${W}'d0;
    end
endfunction
wire         code_issue = state_reg == ST_CODE && !code_issued_reg && room;
wire         out_single = bad_stripe_reg || stripe_empty;   // one empty beat
${enc ? `wire         out_from_parity = out_d_reg >= ${KW}'d${K};
wire         out_final = out_single || (out_d_reg == ${KW}'d${K + M - 1} && out_c_reg == lb_last);` : `wire [${(1 << KW) - 1}:0]  lost_by_index = ${zx(1 << KW, K, 'lost_reg')};
wire         out_from_parity = lost_by_index[out_d_reg];
// n <= K * L (else the stripe is refused), so its beats fit the stripe buffer's counters
wire [${AB + KW - 1}:0]  out_beats = n_full_beats[${AB + KW - 1}:0] + {${AB + KW - 1}'d0, n_reg[${LW - 1}:0] != ${LW}'d0};
wire         out_final = out_single || out_beat_reg + ${AB + KW}'d1 == out_beats;`}
wire         out_issue = state_reg == ST_OUT && !out_issued_reg && room;
wire [${RA - 1}:0]  out_stripe_addr = out_stripe_base_reg + ${fit(RA, LBW, 'out_c_reg')};
assign stripe_rd_addr = state_reg == ST_CODE ? code_addr_reg : out_stripe_addr;
assign parity_rd_addr = out_parity_base_reg + ${fit(PA, LBW, 'out_c_reg')};
// the issued read, one cycle on
reg  [1:0]   rd_src_reg;                // 0: stripe buffer, 1: parity buffer, 2: nothing (zeros)
reg  [${W - 1}:0]  rd_mask_reg;             // bytes of data kept (the rest zero)
reg  [${W - 1}:0]  rd_keep_reg;
reg          rd_last_reg;
always @(posedge clk) begin
    rd_pending_reg <= code_issue || out_issue;
    if (code_issue) begin
        rd_src_reg  <= 2'd0;
        rd_mask_reg <= ${enc ? `payload_keep(${zx(AB + KW, RA, 'code_addr_reg')})` : fullKeep};
        rd_keep_reg <= ${fullKeep};
        rd_last_reg <= code_c_reg == lb_last && code_j_reg == ${KW}'d${K - 1};
    end
    if (out_issue) begin
        rd_src_reg  <= out_single ? 2'd2 : out_from_parity ? 2'd1 : 2'd0;
        ${enc ? `rd_mask_reg <= out_single ? ${W}'d0 : out_from_parity ? ${fullKeep} : payload_keep(${zx(AB + KW, RA, 'out_stripe_addr')});
        rd_keep_reg <= out_single ? ${W}'d0 : ${fullKeep};` : `rd_mask_reg <= out_single ? ${W}'d0 : payload_keep(out_beat_reg);
        rd_keep_reg <= out_single ? ${W}'d0 : payload_keep(out_beat_reg);`}
        rd_last_reg <= out_final;
    end
    if (rst) rd_pending_reg <= 1'b0;
end
reg  [${DW - 1}:0] rd_masked;
always @* begin : mask_bytes
    integer i;
    for (i = 0; i < ${W}; i = i + 1) begin
        rd_masked[8*i +: 8] = !rd_mask_reg[i] ? 8'h00 : rd_src_reg == 2'd1 ? parity_q[8*i +: 8] : stripe_q[8*i +: 8];
    end
end

// ---- The FIFO of read beats: {last, keep, data}
reg  [${DW + W}:0] fifo_mem [0:3];
reg  [1:0]   fifo_rd_reg, fifo_wr_reg;
wire         fifo_valid = fifo_count_reg != 3'd0;
wire [${DW + W}:0] fifo_head = fifo_mem[fifo_rd_reg];
wire         fifo_last = fifo_head[${DW + W}];
wire         ec_in_ready;
wire         fifo_pop = fifo_valid && (state_reg == ST_CODE ? ec_in_ready : m_axis_tready);
always @(posedge clk) begin
    if (rd_pending_reg) begin
        fifo_mem[fifo_wr_reg] <= {rd_last_reg, rd_keep_reg, rd_masked};
        fifo_wr_reg <= fifo_wr_reg + 2'd1;
    end
    if (fifo_pop) fifo_rd_reg <= fifo_rd_reg + 2'd1;
    fifo_count_reg <= fifo_count_reg + {2'd0, rd_pending_reg} - {2'd0, fifo_pop};
    if (rst) begin
        fifo_rd_reg    <= 2'd0;
        fifo_wr_reg    <= 2'd0;
        fifo_count_reg <= 3'd0;
    end
end
assign m_axis_tvalid = state_reg == ST_OUT && fifo_valid;
assign m_axis_tdata = fifo_head[${DW - 1}:0];
assign m_axis_tkeep = fifo_head[${DW + W - 1}:${DW}];
assign m_axis_tlast = fifo_last;
assign m_axis_tuser = bad_stripe_reg;
assign out_done = m_axis_tvalid && m_axis_tready && fifo_last;

// ---- EC engine: the code reads in, output rows to the parity buffer (always taken)
wire         ec_out_valid, ec_out_last;
/* verilator lint_off UNUSEDSIGNAL */
wire [${W - 1}:0]  ec_out_keep;                // full: every code beat is
wire         ec_out_error;              // never set: code beats always keep the framing rules
/* verilator lint_on UNUSEDSIGNAL */
${enc ? '' : `wire         coef_valid = state_reg == ST_LOAD;
wire         coef_ready;
reg  [${MW - 1}:0]  load_row_reg;
wire         coef_last = load_row_reg + ${MW}'d1 == code_rows;
wire         coef_fire = coef_valid && coef_ready;
`}${ec.top} ec (
    .clk(clk), .rst(rst),
    .s_axis_tdata(fifo_head[${DW - 1}:0]), .s_axis_tkeep(${fullKeep}), .s_axis_tvalid(state_reg == ST_CODE && fifo_valid),
    .s_axis_tready(ec_in_ready), .s_axis_tlast(fifo_last),${enc ? '' : `
    .s_coef_axis_tdata(hdr_reg[128 + ${8 * K} * load_row_reg +: ${8 * K}]), .s_coef_axis_tvalid(coef_valid),
    .s_coef_axis_tready(coef_ready), .s_coef_axis_tlast(coef_last),`}
    .m_axis_tdata(ec_out_data), .m_axis_tkeep(ec_out_keep), .m_axis_tvalid(ec_out_valid), .m_axis_tready(1'b1),
    .m_axis_tlast(ec_out_last), .m_axis_tuser(ec_out_error)
);
assign parity_wr_en = ec_out_valid;
reg  [${MW - 1}:0]  pw_row_reg;              // output row of the EC engine's next beat
reg  [${LBW - 1}:0]  pw_c_reg;                // its chunk
wire         pw_row_last = pw_row_reg + ${MW}'d1 == code_rows;

// ---- Sequencing
always @(posedge clk) begin
    case (state_reg)
        ST_FILL: if (in_fire && s_axis_tlast) state_reg <= ST_CHECK;
        ST_CHECK: begin
            bad_stripe_reg <= check_bad;
            state_reg <= (check_bad || check_empty${enc ? '' : ' || check_no_code'}) ? ST_OUT : ${enc ? 'ST_CODE' : 'ST_LOAD'};
        end
${enc ? '' : `        ST_LOAD: if (coef_fire) begin
            load_row_reg <= load_row_reg + ${MW}'d1;
            if (coef_last) state_reg <= ST_CODE;
        end
`}        ST_CODE: if (ec_out_valid && ec_out_last) state_reg <= ST_OUT;
        ST_OUT: if (out_done) state_reg <= ST_FILL;
        default: state_reg <= ST_FILL;
    endcase
    // code reads: fragment by fragment within a row, row by row
    if (code_issue) begin
        if (code_j_reg == ${KW}'d${K - 1}) begin
            code_j_reg    <= ${KW}'d0;
            code_c_reg    <= code_c_reg + ${LBW}'d1;
            code_addr_reg <= ${fit(RA, LBW, 'code_c_reg')} + ${RA}'d1;
            if (code_c_reg == lb_last) code_issued_reg <= 1'b1;
        end else begin
            code_j_reg    <= code_j_reg + ${KW}'d1;
            code_addr_reg <= code_addr_reg + ${fit(RA, LBW, 'stripe_lb')};
        end
    end
    // parity writes: row by row of each chunk
    if (ec_out_valid) begin
        if (pw_row_last) begin
            pw_row_reg         <= ${MW}'d0;
            pw_c_reg           <= pw_c_reg + ${LBW}'d1;
            parity_wr_addr_reg <= ${fit(PA, LBW, 'pw_c_reg')} + ${PA}'d1;
        end else begin
            pw_row_reg         <= pw_row_reg + ${MW}'d1;
            parity_wr_addr_reg <= parity_wr_addr_reg + ${fit(PA, LBW, 'stripe_lb')};
        end
    end
    // output reads: beat by beat of each fragment
    if (out_issue) begin
        out_beat_reg <= out_beat_reg + ${AB + KW}'d1;
        if (out_final) out_issued_reg <= 1'b1;
        if (out_c_reg == lb_last) begin
            out_c_reg <= ${LBW}'d0;
            out_d_reg <= out_d_reg + ${KW}'d1;
            if (out_from_parity) out_parity_base_reg <= out_parity_base_reg + ${fit(PA, LBW, 'stripe_lb')};
            else out_stripe_base_reg <= out_stripe_base_reg + ${fit(RA, LBW, 'stripe_lb')};
        end else begin
            out_c_reg <= out_c_reg + ${LBW}'d1;
        end
    end
    if (rst || (state_reg == ST_OUT && out_done)) begin
        code_c_reg          <= ${LBW}'d0;
        code_j_reg          <= ${KW}'d0;
        code_addr_reg       <= ${RA}'d0;
        code_issued_reg     <= 1'b0;
        pw_row_reg          <= ${MW}'d0;
        pw_c_reg            <= ${LBW}'d0;
        parity_wr_addr_reg  <= ${PA}'d0;
        out_d_reg           <= ${KW}'d0;
        out_c_reg           <= ${LBW}'d0;
        out_stripe_base_reg <= ${RA}'d0;
        out_parity_base_reg <= ${PA}'d0;
        out_beat_reg        <= ${AB + KW}'d0;
        out_issued_reg      <= 1'b0;${enc ? '' : `
        load_row_reg        <= ${MW}'d0;`}
    end
    if (rst) begin
        state_reg      <= ST_FILL;
        bad_stripe_reg <= 1'b0;
    end
end

endmodule
`;
  return {
    generator: EC_STRIPE_GENERATOR, version: EC_STRIPE_GENERATOR_VERSION, paramsJson, top,
    files: composedFiles(verilogFile(`${top}.v`, header + body + FILE_FOOTER), [ec]),
    libFiles: composedLibFiles([SIMPLE_RAM_FILE], [ec]),
    ports,
    latencyCycles: 8,
  };
}

export const ecStripeGenerator: Generator<EcStripeParams> = {
  name: 'ec-stripe',
  version: EC_STRIPE_GENERATOR_VERSION,
  summary: 'Erasure-coding stripe stage: payload -> fragment-major k+m stripe (encode), header + k survivors -> payload (reconstruct)',
  schema: ecStripeSchema,
  validate: validateEcStripeParams,
  emit: emitEcStripe,
  command: ecStripeCommand,
};
