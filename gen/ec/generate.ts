// Reed-Solomon erasure-coding engine generator: out[r] = Σ_j coeff[r][j] · in[j] over GF(2^8), on streams.
//
// Stream layout (documented in the module header): a stripe's k fragments arrive interleaved in W-byte
// chunks — beat t carries fragment (t mod k), bytes [W·(t div k), +W) — so a stripe row is k beats and the
// accumulator is only R × W bytes. After each row the R output chunks leave, interleaved the same way.
// Multiplying by a coefficient c is an 8×8 bit matrix (column i = c·x^i); the engine selects each output
// row's coefficient for the current fragment, expands it to columns, and AND-XORs every byte lane.
//
// Pipeline: in (framing checks) → select (coefficient columns per output row) → accumulate (row snapshot into
// the output buffer) → drain (R beats) → skid buffer. One beat per cycle sustained when R <= k.
import { canonicalParams, flagName } from '../core/params.js';
import type { Generator } from '../core/generator.js';
import type { DesignPorts, GeneratedDesign, StreamPort } from '../core/design.js';
import { bitsFor, FILE_FOOTER, fileHeader, hex, modulePortList, range, verilogFile } from '../core/verilog.js';
import { encodeMatrix, erasurePatternCount, erasurePatterns, decodePlan } from '../../src/ref/ec.js';
import { gfMulColumns } from '../../src/ref/gf256.js';
import { Rng } from '../../src/util/rng.js';
import { SKID_BUFFER_FILE } from '../core/lib-files.js';
import { EC_GENERATOR, ecSchema, validateEcParams, type EcEngineParams } from './params.js';

export const EC_GENERATOR_VERSION = '0.1.0';
/** Cycles from the handshake of a stripe row's last beat to that row's first output beat (no stalls). */
export const EC_LATENCY = 4;

export function ecModuleName(p: EcEngineParams): string {
  return `ec_engine_k${p.k}_m${p.m}_w${p.bytesPerCycle}_${p.coefficients === 'runtime' ? 'runtime' : p.matrix}`;
}

function ecCommand(p: EcEngineParams): string {
  const flags = Object.entries(p).map(([k, v]) => `${flagName(k)} ${String(v)}`);
  return `npm run dpuforge -- gen ec ${flags.join(' ')} -o hw/generated`;
}

/**
 * Erasure patterns (up to m) whose decode matrix is singular for a fixed ISA-L matrix: all patterns when
 * there are at most 20,000, else 20,000 seeded random ones. Empty for Cauchy (always MDS).
 */
export function singularPatterns(k: number, m: number, kind: 'cauchy' | 'rs', limit = 20_000): { checked: number; singular: number[][]; exhaustive: boolean } {
  const matrix = encodeMatrix(k, m, kind);
  const total = erasurePatternCount(k + m, m);
  const singular: number[][] = [];
  const test = (e: number[]) => {
    try { decodePlan(k, m, matrix, e); } catch { singular.push(e); }
  };
  if (total <= limit) {
    for (const e of erasurePatterns(k + m, m)) test(e);
    return { checked: total, singular, exhaustive: true };
  }
  const rng = new Rng(k * 1000 + m);
  for (let t = 0; t < limit; t++) {
    const set = new Set<number>();
    while (set.size < m) set.add(rng.int(0, k + m - 1));
    test([...set].sort((a, b) => a - b));
  }
  return { checked: limit, singular, exhaustive: false };
}

function emitEc(p: EcEngineParams): GeneratedDesign {
  const { k: K, m: M, bytesPerCycle: W } = p;
  const runtime = p.coefficients === 'runtime';
  const DW = 8 * W;
  const FW = bitsFor(Math.max(K - 1, 1)); // fragment index width
  const RWD = bitsFor(M); // row count width (0..M)
  const IW = bitsFor(Math.max(M - 1, 1)); // row index width
  const MR = `${RWD}'d${M}`; // M as a row-count literal
  const top = ecModuleName(p);
  const paramsJson = canonicalParams(ecSchema, p as unknown as Record<string, unknown>);
  const warnings: string[] = [];
  if (!runtime && p.matrix === 'rs') {
    const s = singularPatterns(K, M, 'rs');
    if (s.singular.length) {
      warnings.push(`the rs matrix for k=${K}, m=${M} is not MDS: ${s.singular.length} of ${s.checked} ${s.exhaustive ? '' : 'sampled '}erasure patterns (e.g. [${s.singular[0].join(', ')}]) cannot be recovered; use matrix=cauchy`);
    }
  }

  const out: string[] = [];
  const o = (s = '') => out.push(s);
  out.push(fileHeader({
    file: `${top}.v`,
    what: `Reed-Solomon GF(2^8) ${runtime ? 'encode/reconstruct' : 'encode'} engine, k=${K} inputs, ${M} output rows, ${W} bytes per beat.`,
    generator: EC_GENERATOR, version: EC_GENERATOR_VERSION, paramsJson, command: ecCommand(p),
    notes: [
      `Computes out[r] = sum over j of coeff[r][j] * in[j] in GF(2^8), polynomial 0x11d (ISA-L's field), for`,
      runtime
        ? `the R <= ${M} coefficient rows last loaded on s_coef_axis (encode: parity rows; reconstruct: decode rows).`
        : `the ${M} parity rows of ISA-L's ${p.matrix === 'rs' ? 'gf_gen_rs_matrix' : 'gf_gen_cauchy1_matrix'}(${K}+${M}, ${K}), fixed at generation (R = ${M}).`,
      'Stream layout: a stripe is one packet on s_axis. Its k fragments (all the same length L) arrive',
      `interleaved in ${W}-byte chunks: beat t carries fragment (t mod ${K}), bytes [${W}*(t div ${K}), +${W}), lane 0 first.`,
      `A stripe row is ${K} beats; every beat of a row has the same tkeep (contiguous from lane 0), all rows but`,
      'the last are full, and tlast marks the stripe\'s last beat. L = 0 is one row of empty beats.',
      'm_axis carries the R output fragments interleaved the same way: after each input row, R beats (row r',
      'chunk), with that row\'s tkeep; tlast on the stripe\'s last output beat. tuser = 1 when the stripe broke',
      'the framing rules (tlast mid-row, unequal or non-contiguous tkeep, a short row before the last).',
      ...(runtime ? [
        `s_coef_axis: one beat per output row, byte j of tdata = coeff[r][j]; tlast on the last row (R = beat`,
        `count, 1..${M}). Loads are taken between stripes; data waits while a load is offered. Until the first load`,
        's_axis_tready stays low. More than m rows: the extra rows are dropped and tuser flags every stripe until',
        'the next good load.',
      ] : []),
      `Throughput: one beat per cycle sustained when R <= k (R > k stalls the input R-k cycles per row).`,
      `Latency: ${EC_LATENCY} cycles from a row's last input beat to its first output beat. Reset: synchronous, active high.`,
      ...warnings.map((w) => `WARNING: ${w}`),
    ],
  }));

  const streams: StreamPort[] = [{ prefix: 's_axis', dir: 'in', dataBytes: W, keep: true, last: true, userBits: 0 }];
  if (runtime) streams.push({ prefix: 's_coef_axis', dir: 'in', dataBytes: K, keep: false, last: true, userBits: 0 });
  streams.push({ prefix: 'm_axis', dir: 'out', dataBytes: W, keep: true, last: true, userBits: 1 });
  const ports: DesignPorts = { clock: 'clk', reset: 'rst', streams };
  o(modulePortList(top, ports, {
    s_axis: 'Source fragments in, chunk-interleaved (see header)',
    s_coef_axis: 'Coefficient rows in: one beat per output row, byte j = coefficient of input fragment j',
    m_axis: 'Output fragments out, chunk-interleaved',
  }));
  o();
  o(`localparam integer K = ${K};  // inputs (data fragments) per stripe row`);
  const loadIndex = RWD === IW ? 'load_rows_reg' : `load_rows_reg[${IW - 1}:0]`;
  o(`localparam integer M = ${M};  // output rows the engine holds`);
  o(`localparam integer W = ${W};  // bytes per beat`);
  o();
  o(`// Multiplication by c as an 8x8 bit matrix: column i = c * x^i (mod 0x11d).`);
  o(`function [63:0] gf_columns(input [7:0] c);`);
  o(`    integer i;`);
  o(`    reg [7:0] col;`);
  o(`    begin`);
  o(`        col = c;`);
  o(`        for (i = 0; i < 8; i = i + 1) begin`);
  o(`            gf_columns[8*i +: 8] = col;`);
  o(`            col = {col[6:0], 1'b0} ^ (col[7] ? 8'h1d : 8'h00);`);
  o(`        end`);
  o(`    end`);
  o(`endfunction`);
  o();
  o(`// d * c: XOR of c's columns selected by the bits of d.`);
  o(`function [7:0] gf_mul(input [63:0] columns, input [7:0] d);`);
  o(`    integer i;`);
  o(`    begin`);
  o(`        gf_mul = 8'h00;`);
  o(`        for (i = 0; i < 8; i = i + 1) gf_mul = gf_mul ^ (d[i] ? columns[8*i +: 8] : 8'h00);`);
  o(`    end`);
  o(`endfunction`);
  o();

  // ---- coefficients
  if (runtime) {
    o(`// ---- Coefficients, loaded over s_coef_axis between stripes.`);
    o(`reg [8*K-1:0]     coef_row_reg [0:M-1];`);
    o(`reg ${range(RWD).padEnd(12)} rows_reg;          // R: rows of the last complete load`);
    o(`reg ${range(RWD).padEnd(12)} load_rows_reg;     // rows received in the load under way`);
    o(`reg              loading_reg;       // a load has begun and not yet seen tlast`);
    o(`reg              load_overflow_reg; // the load under way has more than M rows`);
    o(`reg              coef_error_reg;    // the last load had more than M rows`);
    o(`reg              configured_reg;    // a load has completed since reset`);
    o(`reg              stripe_open_reg;   // beats of an unfinished stripe have been accepted`);
    o(`reg              in_valid_reg;`);
    o(`assign s_coef_axis_tready = !stripe_open_reg && !in_valid_reg;`);
    o(`wire coef_fire = s_coef_axis_tvalid && s_coef_axis_tready;`);
    o(`always @(posedge clk) begin`);
    o(`    if (coef_fire) begin`);
    o(`        if (load_rows_reg < ${MR}) coef_row_reg[${loadIndex}] <= s_coef_axis_tdata;`);
    o(`        if (s_coef_axis_tlast) begin`);
    o(`            rows_reg          <= (load_rows_reg < ${MR}) ? load_rows_reg + ${RWD}'d1 : ${MR};`);
    o(`            coef_error_reg    <= load_overflow_reg || load_rows_reg >= ${MR};`);
    o(`            configured_reg    <= 1'b1;`);
    o(`            loading_reg       <= 1'b0;`);
    o(`            load_rows_reg     <= ${RWD}'d0;`);
    o(`            load_overflow_reg <= 1'b0;`);
    o(`        end else begin`);
    o(`            loading_reg       <= 1'b1;`);
    o(`            if (load_rows_reg < ${MR}) load_rows_reg <= load_rows_reg + ${RWD}'d1;`);
    o(`            else load_overflow_reg <= 1'b1;`);
    o(`        end`);
    o(`    end`);
    o(`    if (rst) begin`);
    o(`        rows_reg          <= ${RWD}'d0;`);
    o(`        load_rows_reg     <= ${RWD}'d0;`);
    o(`        loading_reg       <= 1'b0;`);
    o(`        load_overflow_reg <= 1'b0;`);
    o(`        coef_error_reg    <= 1'b0;`);
    o(`        configured_reg    <= 1'b0;`);
    o(`    end`);
    o(`end`);
    o(`// Between stripes a coefficient load goes first; inside a stripe data goes on and the load waits.`);
    o(`wire data_allowed = configured_reg && (stripe_open_reg || !(s_coef_axis_tvalid || loading_reg));`);
    o(`wire ${range(RWD).padEnd(12)} active_rows = rows_reg;`);
    o(`wire             coef_error = coef_error_reg;`);
  } else {
    const matrix = encodeMatrix(K, M, p.matrix!);
    o(`// ---- Coefficients: parity rows of ISA-L's ${p.matrix === 'rs' ? 'gf_gen_rs_matrix' : 'gf_gen_cauchy1_matrix'}(${K}+${M}, ${K}), as bit-matrix columns:`);
    o(`// COEF_COLUMNS[(r*K + j)*64 +: 64] = gf_columns(coeff[r][j]).`);
    let cols = 0n;
    for (let r = M - 1; r >= 0; r--) {
      for (let j = K - 1; j >= 0; j--) {
        const c = gfMulColumns(matrix[(K + r) * K + j]);
        for (let i = 7; i >= 0; i--) cols = (cols << 8n) | BigInt(c[i]);
      }
    }
    o(`localparam [${M * K * 64 - 1}:0] COEF_COLUMNS = ${hex(M * K * 64, cols)};`);
    o(`wire ${range(RWD).padEnd(12)} active_rows = ${MR};  // R is fixed`);
    o(`wire             coef_error = 1'b0;`);
    o(`reg              in_valid_reg;`);
    o(`wire data_allowed = 1'b1;`);
  }
  o();

  o(`// ---- Pipeline control: every stage advances together unless a finished row cannot enter the output`);
  o(`// buffer (it still holds rows of the previous stripe row).`);
  o(`reg              sel_valid_reg;`);
  o(`reg              sel_row_end_reg;`);
  o(`reg ${range(RWD).padEnd(12)} out_count_reg;     // output rows still to send from out_buf`);
  o(`wire             drain_ready;       // the skid buffer takes an output beat this cycle`);
  o(`wire drain_fire = (out_count_reg != ${RWD}'d0) && drain_ready;`);
  o(`wire out_free = (out_count_reg == ${RWD}'d0) || (out_count_reg == ${RWD}'d1 && drain_fire);`);
  o(`wire stall = sel_valid_reg && sel_row_end_reg && !out_free;`);
  o(`wire advance = !stall;`);
  o(`assign s_axis_tready = advance && data_allowed;`);
  o(`wire input_fire = s_axis_tvalid && s_axis_tready;`);
  o();
  o(`// ---- Stage in: framing. Track the fragment index within the row and check the tkeep rules.`);
  o(`reg ${range(FW).padEnd(12)} frag_reg;          // fragment index of the next beat`);
  o(`reg ${range(W).padEnd(12)} row_keep_reg;      // tkeep of the current row's first beat`);
  o(`reg              stripe_error_reg;  // the open stripe has broken a framing rule`);
  o(`wire row_first = frag_reg == ${FW}'d0;`);
  o(`wire row_last_frag = frag_reg == ${FW}'d${K - 1};`);
  o(`wire keep_contiguous = (s_axis_tkeep & (s_axis_tkeep + ${W}'d1)) == ${W}'d0;`);
  o(`wire keep_full = &s_axis_tkeep;`);
  o(`wire keep_matches_row = row_first || s_axis_tkeep == row_keep_reg;`);
  o(`wire beat_error = !keep_contiguous || !keep_matches_row`);
  o(`    || (s_axis_tlast && !row_last_frag)                 // stripe ends mid-row`);
  o(`    || (row_last_frag && !keep_full && !s_axis_tlast);  // a short row that is not the last`);
  o(`wire row_end = row_last_frag || s_axis_tlast;`);
  o();
  o(`reg              in_last_reg;`);
  o(`reg              in_row_first_reg;`);
  o(`reg              in_row_end_reg;`);
  o(`reg              in_error_reg;      // stripe error including this beat`);
  // (a runtime engine with k = 1 needs no fragment index past the input stage)
  const carryFrag = !(runtime && K === 1);
  if (carryFrag) o(`reg ${range(FW).padEnd(12)} in_frag_reg;`);
  o(`reg ${range(RWD).padEnd(12)} in_rows_reg;       // R for this beat's stripe`);
  o(`reg ${range(W).padEnd(12)} in_keep_reg;`);
  o(`reg ${range(DW).padEnd(12)} in_data_reg;`);
  o(`always @(posedge clk) begin`);
  o(`    if (input_fire) begin`);
  o(`        frag_reg         <= row_end ? ${FW}'d0 : frag_reg + ${FW}'d1;`);
  o(`        if (row_first) row_keep_reg <= s_axis_tkeep;`);
  if (runtime) o(`        stripe_open_reg  <= !s_axis_tlast;`);
  o(`        stripe_error_reg <= s_axis_tlast ? 1'b0 : (stripe_error_reg || beat_error);`);
  o(`    end`);
  o(`    if (advance) begin`);
  o(`        in_valid_reg     <= input_fire;`);
  o(`        in_last_reg      <= s_axis_tlast;`);
  o(`        in_row_first_reg <= row_first;`);
  o(`        in_row_end_reg   <= row_end;`);
  o(`        in_error_reg     <= stripe_error_reg || beat_error || coef_error;`);
  if (carryFrag) o(`        in_frag_reg      <= frag_reg;`);
  o(`        in_rows_reg      <= active_rows;`);
  o(`        in_keep_reg      <= s_axis_tkeep;`);
  o(`        in_data_reg      <= s_axis_tdata;`);
  o(`    end`);
  o(`    if (rst) begin`);
  o(`        frag_reg         <= ${FW}'d0;`);
  if (runtime) o(`        stripe_open_reg  <= 1'b0;`);
  o(`        stripe_error_reg <= 1'b0;`);
  o(`        in_valid_reg     <= 1'b0;`);
  o(`    end`);
  o(`end`);
  o();
  o(`// ---- Stage select: each output row's coefficient for this beat's fragment, as bit-matrix columns.`);
  o(`reg              sel_last_reg;`);
  o(`reg              sel_row_first_reg;`);
  o(`reg              sel_error_reg;`);
  o(`reg ${range(RWD).padEnd(12)} sel_rows_reg;`);
  o(`reg ${range(W).padEnd(12)} sel_keep_reg;`);
  o(`reg ${range(DW).padEnd(12)} sel_data_reg;`);
  o(`reg [63:0]       sel_columns_reg [0:M-1];`);
  o(`integer sel_row;`);
  o(`always @(posedge clk) begin`);
  o(`    if (advance) begin`);
  o(`        sel_valid_reg     <= in_valid_reg;`);
  o(`        sel_last_reg      <= in_last_reg;`);
  o(`        sel_row_first_reg <= in_row_first_reg;`);
  o(`        sel_row_end_reg   <= in_row_end_reg;`);
  o(`        sel_error_reg     <= in_error_reg;`);
  o(`        sel_rows_reg      <= in_rows_reg;`);
  o(`        sel_keep_reg      <= in_keep_reg;`);
  o(`        sel_data_reg      <= in_data_reg;`);
  o(`        for (sel_row = 0; sel_row < M; sel_row = sel_row + 1) begin`);
  if (runtime) {
    o(K === 1
      ? `            sel_columns_reg[sel_row] <= gf_columns(coef_row_reg[sel_row]);`
      : `            sel_columns_reg[sel_row] <= gf_columns(coef_row_reg[sel_row][{in_frag_reg, 3'b000} +: 8]);`);
  } else {
    o(`            sel_columns_reg[sel_row] <= COEF_COLUMNS[(sel_row * K + {${32 - FW}'d0, in_frag_reg}) * 64 +: 64];`);
  }
  o(`        end`);
  o(`    end`);
  o(`    if (rst) sel_valid_reg <= 1'b0;`);
  o(`end`);
  o();
  o(`// ---- Stage accumulate: acc[r] ^= coeff[r][frag] * data, byte lane by byte lane; a finished row is`);
  o(`// copied to the output buffer.`);
  o(`reg ${range(DW).padEnd(12)} acc_reg [0:M-1];`);
  o(`reg ${range(DW).padEnd(12)} acc_next [0:M-1];`);
  o(`integer acc_row, lane;`);
  o(`always @* begin`);
  o(`    for (acc_row = 0; acc_row < M; acc_row = acc_row + 1) begin`);
  o(`        for (lane = 0; lane < W; lane = lane + 1) begin`);
  o(`            acc_next[acc_row][8*lane +: 8] = (sel_row_first_reg ? 8'h00 : acc_reg[acc_row][8*lane +: 8])`);
  o(`                ^ gf_mul(sel_columns_reg[acc_row], sel_data_reg[8*lane +: 8]);`);
  o(`        end`);
  o(`    end`);
  o(`end`);
  o();
  o(`reg ${range(DW).padEnd(12)} out_buf_reg [0:M-1];`);
  o(`reg ${range(IW).padEnd(12)} out_index_reg;     // next row of out_buf to send`);
  o(`reg ${range(W).padEnd(12)} out_keep_reg;`);
  o(`reg              out_last_reg;      // this buffer holds the stripe's last row`);
  o(`reg              out_error_reg;`);
  o(`wire snapshot = advance && sel_valid_reg && sel_row_end_reg;`);
  o(`integer buf_row;`);
  o(`always @(posedge clk) begin`);
  o(`    if (advance && sel_valid_reg) begin`);
  o(`        for (buf_row = 0; buf_row < M; buf_row = buf_row + 1) acc_reg[buf_row] <= acc_next[buf_row];`);
  o(`    end`);
  o(`    if (snapshot) begin`);
  o(`        for (buf_row = 0; buf_row < M; buf_row = buf_row + 1) out_buf_reg[buf_row] <= acc_next[buf_row];`);
  o(`        out_count_reg <= sel_rows_reg;`);
  o(`        out_index_reg <= ${IW}'d0;`);
  o(`        out_keep_reg  <= sel_keep_reg;`);
  o(`        out_last_reg  <= sel_last_reg;`);
  o(`        out_error_reg <= sel_error_reg;`);
  o(`    end else if (drain_fire) begin`);
  o(`        out_count_reg <= out_count_reg - ${RWD}'d1;`);
  o(`        out_index_reg <= out_index_reg + ${IW}'d1;`);
  o(`    end`);
  o(`    if (rst) out_count_reg <= ${RWD}'d0;`);
  o(`end`);
  o();
  o(`// ---- Drain: one output row per beat through a skid buffer (registered tready path).`);
  o(`wire drain_last = out_last_reg && out_count_reg == ${RWD}'d1;`);
  o(`dpf_skid_buffer #(`);
  o(`    .WIDTH(${DW + W + 2})`);
  o(`) output_buffer (`);
  o(`    .clk(clk),`);
  o(`    .rst(rst),`);
  o(`    .s_data({out_error_reg, drain_last, out_keep_reg, out_buf_reg[out_index_reg]}),`);
  o(`    .s_valid(out_count_reg != ${RWD}'d0),`);
  o(`    .s_ready(drain_ready),`);
  o(`    .m_data({m_axis_tuser, m_axis_tlast, m_axis_tkeep, m_axis_tdata}),`);
  o(`    .m_valid(m_axis_tvalid),`);
  o(`    .m_ready(m_axis_tready)`);
  o(`);`);
  o();
  o(`endmodule`);
  out.push(FILE_FOOTER);

  return {
    generator: EC_GENERATOR, version: EC_GENERATOR_VERSION, paramsJson, top,
    files: [verilogFile(`${top}.v`, out.join('\n').replace(/\n{3,}/g, '\n\n'))],
    libFiles: [SKID_BUFFER_FILE],
    ports,
    latencyCycles: EC_LATENCY,
    warnings,
  };
}

export const ecGenerator: Generator<EcEngineParams> = {
  name: 'ec',
  version: EC_GENERATOR_VERSION,
  summary: 'Reed-Solomon erasure coding (ISA-L field/matrices): encode, and reconstruct with runtime coefficients',
  schema: ecSchema,
  validate: validateEcParams,
  emit: emitEc,
  command: ecCommand,
};
