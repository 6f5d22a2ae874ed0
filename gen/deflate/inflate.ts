// Inflate (RFC 1951) engine generator: stored, fixed and dynamic blocks, with exactly the accept/reject rules
// and verdict codes of the reference src/ref/inflate.ts (which follows zlib's).
//
//   bits      a shift window of input bytes plus a bit position; up to 64 bits are visible per cycle
//   headers   block header, stored LEN/NLEN, dynamic HLIT/HDIST/HCLEN and the code-length code lengths
//   tables    canonical Huffman tables built in two passes over the code lengths (count, then sort), one
//             entry per cycle; the code-length code is built into the literal/length table first, the
//             fixed code is built the same way from its lengths; zlib's completeness rules are checked
//   decode    a literal/length symbol (with its extra bits), two literals, or a length with its distance per
//             cycle; all 15 code lengths are tried in parallel against the canonical first codes; a copy's last
//             cycle also writes the next one or two literals when they fit behind its bytes and/or decodes the
//             next length and distance, so (match, literal) and back-to-back matches cost one cycle each;
//             a literal followed by a length and distance is also one cycle
//   copy      matches and stored bytes go through the lane-aligned output and banked history shared with the
//             LZ4 decompressor (gen/core/line-history.ts), up to W bytes per cycle
// The final beat's tuser carries {bytes of input the stream used (32 bits), verdict (3 bits)} so a host can
// find a zlib or gzip trailer after the deflate data.
import { canonicalParams, flagName } from '../core/params.js';
import type { Generator } from '../core/generator.js';
import type { DesignPorts, GeneratedDesign } from '../core/design.js';
import { bitsFor, FILE_FOOTER, fileHeader, hex, modulePortList, verilogFile, type ModuleParameter } from '../core/verilog.js';
import { lineHistory } from '../core/line-history.js';
import { INFLATE_ERRORS } from '../../src/ref/inflate.js';
import { SKID_BUFFER_FILE } from '../core/lib-files.js';
import { INFLATE_GENERATOR, inflateSchema, validateInflateParams, type InflateParams } from './inflate-params.js';

export const INFLATE_GENERATOR_VERSION = '0.3.2';

export function inflateModuleName(p: InflateParams): string {
  // every parameter that changes the RTL is in the name, so two configurations never share a module name
  const bound = p.maxOutputBytes === inflateSchema.maxOutputBytes.default ? '' : `_o${p.maxOutputBytes}`;
  return `inflate_w${p.bytesPerCycle}_h${p.windowBytes}${bound}${p.historyMemory === 'registers' ? '_reg' : ''}`;
}

function inflateCommand(p: InflateParams): string {
  const flags = Object.entries(p).map(([k, v]) => `${flagName(k)} ${String(v)}`);
  return `npm run dpuforge -- gen inflate ${flags.join(' ')} -o hw/generated`;
}

const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

const log2 = (n: number) => Math.round(Math.log2(n));

/**
 * History the engine stores (a structural size, from the generator's bound): the window, or less when no stream
 * can fill it (a power of two above maxOutputBytes, at least 2W).
 */
function storedHistory(p: InflateParams): number {
  return Math.max(2 * p.bytesPerCycle, Math.min(p.windowBytes, 2 ** bitsFor(p.maxOutputBytes)));
}

/**
 * The module's Verilog parameters. MAX_OUTPUT_BYTES only feeds compares: positions are sized for its largest
 * legal value, which is the schema's, or the stored history when that is smaller than the window (a stream
 * must not outgrow the history a copy may reach back into).
 */
export function inflateModuleParameters(p: InflateParams): ModuleParameter[] {
  const spec = inflateSchema.maxOutputBytes;
  if (spec.kind !== 'int') throw new Error('inflate: maxOutputBytes is an int parameter');
  const HM = storedHistory(p);
  return [{
    name: 'MAX_OUTPUT_BYTES', value: p.maxOutputBytes, min: spec.min, max: HM < p.windowBytes ? HM : spec.max,
    doc: 'Largest decoded stream in bytes: a stream decoding to more ends with verdict 7 (output bound)',
  }];
}

function emitInflate(p: InflateParams): GeneratedDesign {
  const W = p.bytesPerCycle;
  const LW = log2(W);
  const BW = bitsFor(W);
  const H = p.windowBytes;
  const MAX = p.maxOutputBytes;
  const params = inflateModuleParameters(p);
  const PW = bitsFor(params[0].max); // output positions 0..MAX_OUTPUT_BYTES, for every legal value
  const IBUF = 2 * W + 8;
  const CW = bitsFor(IBUF);
  const AB = bitsFor(8 * IBUF); // available-bits width
  const HM = storedHistory(p); // history actually stored: no more than a stream can fill
  const OW = Math.max(16, PW);
  const top = inflateModuleName(p);
  const paramsJson = canonicalParams(inflateSchema, p as unknown as Record<string, unknown>);
  const ramStyle = p.historyMemory === 'bram' ? 'block' : 'logic';
  const lh = lineHistory({
    W, PW, H, HM, ramStyle,
    literalByte: (i) => `(state_reg == I_STORED) ? win_reg[${i === '0' ? '0' : `${i} * 8`} +: 8] : ${i === '0' ? 'sym_byte' : `({1'b0, ${i}} == match_count) ? sym_byte : sym_byte2`}`,  // literals follow a copy's bytes
    verdict: { width: 35, finalExpr: '{consumed_reg, error_reg}', okExpr: "error_reg == 3'd0" },
  });
  const { lane, zpad } = lh;
  const keepBit = (i: string) => (W === 1 ? 's_axis_tkeep' : `s_axis_tkeep[${i}]`);
  // One canonical decoder per table: the first bit read is the code's most significant; for each length L
  // the code is valid when code - first[L] < count[L]; its symbol's sorted index is base[L] + code - first[L].
  const huffmanDecoder = (t: string, table: 'lit' | 'dist', iw: number, bits: string) => `reg        ${t}_found;
reg [4:0]  ${t}_len_bits;
reg [${iw - 1}:0]  ${t}_index;
reg [15:0] ${t}_hcode, ${t}_hfirst, ${t}_hbase;
integer ${t}_l;
always @* begin
    ${t}_found = 1'b0; ${t}_len_bits = 5'd0; ${t}_index = ${iw}'d0;
    ${t}_hcode = 16'd0; ${t}_hfirst = 16'd0; ${t}_hbase = 16'd0;
    for (${t}_l = 1; ${t}_l <= 15; ${t}_l = ${t}_l + 1) begin
        ${t}_hcode = ${t}_hcode | {15'd0, ${bits}[${t}_l - 1]};
        if (!${t}_found && ${t}_hcode - ${t}_hfirst < ${table}_count_reg[${t}_l * 16 +: 16]) begin
            ${t}_found = 1'b1;
            ${t}_len_bits = ${t}_l[4:0];
            ${t}_index = ${t}_hbase[${iw - 1}:0] + (${t}_hcode[${iw - 1}:0] - ${t}_hfirst[${iw - 1}:0]);
        end
        ${t}_hbase = ${t}_hbase + ${table}_count_reg[${t}_l * 16 +: 16];
        ${t}_hfirst = (${t}_hfirst + ${table}_count_reg[${t}_l * 16 +: 16]) << 1;
        ${t}_hcode = ${t}_hcode << 1;
    end
end`;
  const caseTable = (name: string, width: number, inW: number, values: number[]) =>
    `function [${width - 1}:0] ${name}(input [${inW - 1}:0] k);\n    case (k)\n${values.map((v, i) => `        ${inW}'d${i}: ${name} = ${width}'d${v};`).join('\n')}\n        default: ${name} = ${width}'d0;\n    endcase\nendfunction`;

  const fixedLens = () => {
    let v = 0n;
    for (let i = 319; i >= 0; i--) v = (v << 4n) | BigInt(i >= 288 ? 5 : i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8);
    return hex(1280, v);
  };
  const ports: DesignPorts = {
    clock: 'clk', reset: 'rst',
    streams: [
      { prefix: 's_axis', dir: 'in', dataBytes: W, keep: true, last: true, userBits: 0 },
      { prefix: 'm_axis', dir: 'out', dataBytes: W, keep: true, last: true, userBits: 35 },
    ],
  };
  const header = fileHeader({
    file: `${top}.v`,
    what: `Inflate (RFC 1951: stored, fixed and dynamic blocks), ${W} output byte${W > 1 ? 's' : ''} per cycle for copies, ${H}-byte history.`,
    generator: INFLATE_GENERATOR, version: INFLATE_GENERATOR_VERSION, paramsJson, command: inflateCommand(p),
    notes: [
      's_axis: one raw deflate stream per packet (tlast on its last beat), bytes in order, tkeep contiguous from',
      'lane 0. Bytes after the final block are ignored. m_axis: the decoded bytes, full beats but the last, tlast',
      'on the stream\'s last beat, whose tuser is {input bytes the deflate data used (32 bits), verdict (3 bits)}:',
      ...Object.entries(INFLATE_ERRORS).map(([code, what]) => `  ${code} = ${what}`),
      `Limits: distances up to ${H} back, at most MAX_OUTPUT_BYTES (default ${MAX}) output bytes. Which streams are`,
      'valid follows zlib exactly.',
      'Speed: one symbol (or two literals, or a length and distance) per cycle, copies and stored data up to W bytes',
      'per cycle, literals or the next length/distance in a copy\'s last cycle; a dynamic block',
      'costs about 2 x (HLIT + HDIST) cycles of table building. Every cycle consumes input or writes output or',
      'builds a table entry, so hostile input cannot hang the engine.',
    ],
  });

  const body = `${modulePortList(top, ports, {
    s_axis: 'Raw deflate stream in',
    m_axis: 'Decoded bytes out; tuser = {input bytes used, verdict} on the tlast beat',
  }, params)}

localparam integer W = ${W};          // output bytes per cycle
localparam [${PW - 1}:0] MAX_OUTPUT = MAX_OUTPUT_BYTES[${PW - 1}:0];
// the fixed code's lengths (RFC 1951 3.2.6): literal/length 0-143: 8, 144-255: 9, 256-279: 7, 280-287: 8;
// distances 0-31: 5 (entries 288-319)
localparam [1279:0] FIXED_LENS = ${fixedLens()};

localparam [3:0] I_HDR = 4'd0,         // block header
                 I_STORED_LEN = 4'd1,  // stored block: LEN and NLEN
                 I_STORED = 4'd2,      // stored block: bytes
                 I_DYN = 4'd3,         // dynamic block: HLIT, HDIST, HCLEN
                 I_CLL = 4'd4,         // code-length code lengths, 3 bits each
                 I_COUNT = 4'd5,       // table build, pass 1: count lengths
                 I_CHECK = 4'd6,       // table build: completeness, first positions
                 I_SORT = 4'd7,        // table build, pass 2: symbols in canonical order
                 I_LENS = 4'd8,        // literal/length and distance code lengths
                 I_SYM = 4'd9,         // literal/length symbol
                 I_DIST = 4'd10,       // distance symbol
                 I_COPY = 4'd11,       // copy a match from history
                 I_FIXED = 4'd12,      // load the fixed code's lengths
                 I_DRAIN = 4'd13,      // swallow the rest of the packet
                 I_DONE = 4'd14,       // emit the final beat
                 I_LENCHK = 4'd15;     // the end-of-block code must have a length

${caseTable('len_base', 9, 5, LEN_BASE)}
${caseTable('len_extra', 3, 5, LEN_EXTRA)}
${caseTable('dist_base', 15, 5, DIST_BASE)}
${caseTable('dist_extra', 4, 5, DIST_EXTRA)}
${caseTable('cl_order', 5, 5, CL_ORDER)}
${lh.wrapFunction}
// ---- Registers
reg [3:0]         state_reg;
reg [2:0]         error_reg;
reg [31:0]        consumed_reg;     // input bytes the stream used (set at its end)
reg [31:0]        taken_reg;        // input bytes taken into the window since the stream began
reg               final_reg;        // the current block is the last
reg [${PW - 1}:0] outpos_reg;
reg [${8 * W - 1}:0] cur_line_reg;
reg [${8 * W - 1}:0] prev_line_reg;
reg [15:0]        offset_reg;       // copy distance
reg [8:0]         copy_len_reg;     // match bytes still to copy (3..258)
reg [15:0]        stored_left_reg;  // stored bytes still to copy
reg [8:0]         nlen_reg;         // literal/length codes (257..288)
reg [5:0]         ndist_reg;        // distance codes (1..32)
reg [4:0]         ncode_reg;        // code-length codes (4..19)
reg [8:0]         idx_reg;          // entry index for CLL / COUNT / SORT / LENS
reg               build_cl_reg;     // the table being built is the code-length code
reg               cl_empty_reg;     // the code-length code has no codes (zlib reads each length as 0 from 1 bit)
reg               dist_empty_reg;   // the distance code has no codes
// Code lengths (320 x 4 bits) and per-length counts and sort pointers (slot L = bits [16L +: 16]) are packed
// vectors, so whole groups can be set in one cycle.
reg [1279:0]      lens_reg;
reg [255:0]       lit_count_reg;
reg [255:0]       lit_ptr_reg;
reg [8:0]         lit_sym_reg [0:287];
reg [255:0]       dist_count_reg;
reg [255:0]       dist_ptr_reg;
reg [4:0]         dist_sym_reg [0:31];

// ---- Input: byte window and bit position. Byte 0 is the next unread byte; bit_pos_reg bits of it are used.
reg [${8 * IBUF - 1}:0] win_reg;
reg [${CW - 1}:0] win_count_reg;
reg [2:0]         bit_pos_reg;
reg               in_ended_reg;
assign s_axis_tready = !in_ended_reg && win_count_reg <= ${CW}'d${IBUF - W};
wire in_fire = s_axis_tvalid && s_axis_tready;
reg [${BW - 1}:0] in_bytes;
integer kl;
always @* begin
    in_bytes = ${BW}'d0;
    for (kl = 0; kl < W; kl = kl + 1) in_bytes = in_bytes + {${BW - 1 > 0 ? `${BW - 1}'d0, ` : ''}${keepBit('kl')}};
end
wire [${AB - 1}:0] avail = {win_count_reg, 3'b000} - {${AB - 3}'d0, bit_pos_reg};  // bits available
wire [${bitsFor(8 * IBUF - 1) - 1}:0] peek_at = {${bitsFor(8 * IBUF - 1) - 3}'d0, bit_pos_reg};
wire [63:0] peek = win_reg[peek_at +: 64];
wire ended = in_ended_reg;

// ---- Canonical Huffman decode: try every length at once (the code's first bit is its most significant)
${huffmanDecoder('lit', 'lit', 9, 'peek')}
${huffmanDecoder('dist', 'dist', 5, 'peek')}
wire [8:0] lit_sym = lit_sym_reg[lit_index];
wire [4:0] dist_sym = dist_sym_reg[dist_index];
wire [6:0] after_lit = peek[{1'b0, lit_len_bits} +: 7];     // bits after the literal/length code
wire [12:0] after_dist = peek[{1'b0, dist_len_bits} +: 13];
wire [2:0] len_e = len_extra(lit_sym[4:0] - 5'd1);  // symbols 257.. map to entries 0..
wire [3:0] dist_e = dist_extra(dist_sym);
wire [8:0] copy_len = len_base(lit_sym[4:0] - 5'd1) + ({4'd0, after_lit[4:0]} & ((9'd1 << len_e) - 9'd1));
wire [15:0] dist_value = {1'b0, dist_base(dist_sym)} + ({3'd0, after_dist[12:0]} & ((16'd1 << dist_e) - 16'd1));
wire [5:0] sym_bits = {1'b0, lit_len_bits} + {3'd0, (lit_sym > 9'd256) ? len_e : 3'd0};
wire [5:0] dist_bits = {1'b0, dist_len_bits} + {2'd0, dist_e};
// A code is decodable when it was found within the available bits; with fewer than 15 bits and no match,
// more input might complete it (truncated if none comes); with 15 or more and no match it is invalid.
wire lit_ok = lit_found && {${AB - 5}'d0, lit_len_bits} <= avail;
wire dist_ok = dist_found && {${AB - 5}'d0, dist_len_bits} <= avail;
wire lit_invalid = !lit_found && avail >= ${AB}'d15;
wire dist_invalid = !dist_found && avail >= ${AB}'d15;
// The distance right after a length code and its extra bits, decoded in the same cycle when it is all there
// (otherwise I_DIST decodes it next cycle, with the same checks).
wire [63:0] peek_after_len = peek >> sym_bits;
${huffmanDecoder('dist2', 'dist', 5, 'peek_after_len')}
wire [4:0] dist2_sym = dist_sym_reg[dist2_index];
wire [12:0] after_dist2 = peek_after_len[{1'b0, dist2_len_bits} +: 13];
wire [3:0] dist2_e = dist_extra(dist2_sym);
wire [15:0] dist2_value = {1'b0, dist_base(dist2_sym)} + ({3'd0, after_dist2} & ((16'd1 << dist2_e) - 16'd1));
wire [6:0] pair_bits = {1'b0, sym_bits} + {2'd0, dist2_len_bits} + {3'd0, dist2_e};
// A second literal right after a literal, sent in the same cycle when its bits and the room are there.
${W > 1 ? `${huffmanDecoder('lit2', 'lit', 9, 'peek_after_len')}
wire [8:0] lit2_sym = lit_sym_reg[lit2_index];
wire [5:0] two_lit_bits = {1'b0, lit_len_bits} + {1'b0, lit2_len_bits};
wire two_literals = lit_ok && lit_sym < 9'd256 && lit2_found && lit2_sym < 9'd256
                    && ${zpad(Math.max(AB, 6), 'two_lit_bits', 6)} <= ${zpad(Math.max(AB, 6), 'avail', AB)}
                    && out_room >= ${PW + 1}'d2;` : '// (one literal per cycle at W = 1)'}
${W > 1 ? `// A literal followed by a length and its distance, all in the window (lit_pair_decoded): in I_SYM the literal
// is written and the copy starts next cycle; in a copy's last cycle the same, behind the copy's bytes.
wire [2:0] len2_e = len_extra(lit2_sym[4:0] - 5'd1);
wire [4:0] after_lit2 = peek_after_len[{1'b0, lit2_len_bits} +: 5];   // up to 5 extra bits
wire [8:0] copy_len2 = len_base(lit2_sym[4:0] - 5'd1) + ({4'd0, after_lit2} & ((9'd1 << len2_e) - 9'd1));
wire [5:0] lit_len2_bits = {1'b0, lit_len_bits} + {1'b0, lit2_len_bits} + {3'd0, len2_e};
wire [63:0] peek_after_len2 = peek >> lit_len2_bits;
${huffmanDecoder('dist3', 'dist', 5, 'peek_after_len2')}
wire [4:0] dist3_sym = dist_sym_reg[dist3_index];
wire [12:0] after_dist3 = peek_after_len2[{1'b0, dist3_len_bits} +: 13];
wire [3:0] dist3_e = dist_extra(dist3_sym);
wire [15:0] dist3_value = {1'b0, dist_base(dist3_sym)} + ({3'd0, after_dist3} & ((16'd1 << dist3_e) - 16'd1));
wire [6:0] lit_pair_bits = {1'b0, lit_len2_bits} + {2'd0, dist3_len_bits} + {3'd0, dist3_e};
wire lit_pair_decoded = lit_ok && lit_sym < 9'd256 && lit2_found && lit2_sym > 9'd256 && lit2_sym <= 9'd285
                        && !dist_empty_reg && dist3_found && dist3_sym <= 5'd29${H < 32768 ? ` && dist3_value <= 16'd${H}` : ''}
                        && ${zpad(Math.max(AB, 7), 'lit_pair_bits', 7)} <= ${zpad(Math.max(AB, 7), 'avail', AB)};
wire lit_pair = lit_pair_decoded && out_room != ${PW + 1}'d0
                && ${zpad(OW, 'dist3_value', 16)} <= ${zpad(OW, 'outpos_reg', PW)} + ${OW}'d1
                && {${PW + 1 - 9}'d0, copy_len2} < out_room;` : '// (W = 1: no copy follows a literal in its cycle)'}
wire pair_ok = !dist_empty_reg && dist2_found && dist2_sym <= 5'd29 && ${zpad(Math.max(AB, 7), 'pair_bits', 7)} <= ${zpad(Math.max(AB, 7), 'avail', AB)};

// ---- Output: produce / match_count for the shared line history
wire [${BW - 1}:0] cycle_bytes = ${BW}'d${W};  // up to W bytes a cycle, across a line end if need be
wire [${PW}:0] out_room = {1'b0, MAX_OUTPUT} - {1'b0, outpos_reg};
reg [${BW - 1}:0] produce;
reg        copy_match;
// A copy's bytes this cycle; in its last cycle the next one or two literals are written behind them when they
// fit in the W bytes (the merge), so a match followed by literals costs no extra cycle for them.
wire [${BW - 1}:0] copy_bytes = (copy_len_reg < {${9 - BW}'d0, cycle_bytes}) ? copy_len_reg[${BW - 1}:0] : cycle_bytes;
wire copy_final = state_reg == I_COPY && copy_len_reg == {${9 - BW}'d0, copy_bytes};
wire [${PW}:0] room_after_copy = out_room - {${PW + 1 - BW}'d0, copy_bytes};
${W > 1 ? `wire merge_one = copy_final && lit_ok && lit_sym < 9'd256 && room_after_copy != ${PW + 1}'d0
                 && {1'b0, copy_bytes} + ${BW + 1}'d1 <= ${BW + 1}'d${W};
wire merge_two = merge_one && two_literals && room_after_copy >= ${PW + 1}'d2
                 && {1'b0, copy_bytes} + ${BW + 1}'d2 <= ${BW + 1}'d${W};
wire merge_lit_pair = merge_one && lit_pair_decoded
                      && ${zpad(OW, 'dist3_value', 16)} <= ${zpad(OW, 'outpos_reg', PW)} + ${zpad(OW, 'copy_bytes', BW)} + ${OW}'d1
                      && {${PW + 1 - 9}'d0, copy_len2} < room_after_copy;` : '// (W = 1: no literal rides with a copy)'}
reg [7:0]  sym_byte;
${W > 1 ? 'wire [7:0] sym_byte2 = lit2_sym[7:0];  // (lit2_sym < 256 whenever it is used)' : ''}
always @* begin
    produce = ${BW}'d0;
    copy_match = 1'b0;
    sym_byte = lit_sym[7:0];
    case (state_reg)
        I_SYM: if (lit_ok && lit_sym < 9'd256 && out_room != ${PW + 1}'d0) produce = ${W > 1 ? `two_literals ? ${BW}'d2 : ${BW}'d1` : `${BW}'d1`};
        I_STORED: begin
            produce = cycle_bytes;
            if (${zpad(Math.max(CW, BW), 'win_count_reg', CW)} < ${zpad(Math.max(CW, BW), 'produce', BW)}) produce = win_count_reg[${BW - 1}:0];
            if (stored_left_reg < {${16 - BW}'d0, produce}) produce = stored_left_reg[${BW - 1}:0];
            if (out_room < {${PW + 1 - BW}'d0, produce}) produce = out_room[${BW - 1}:0];
        end
        I_COPY: begin
            copy_match = 1'b1;
            produce = copy_bytes${W > 1 ? ' + (merge_two ? ' + `${BW}'d2 : merge_one ? ${BW}'d1 : ${BW}'d0)` : ''};
        end
        default: ;
    endcase
end
wire [${PW - 1}:0] outpos_next = outpos_reg + ${zpad(PW, 'produce', BW)};
// In a copy's last cycle, a length and distance whose bits are all here start the next copy at once (the
// checks I_SYM would make, against the position after this copy; anything else is left to I_SYM).
wire merge_pair = copy_final && lit_ok && lit_sym > 9'd256 && lit_sym <= 9'd285 && pair_ok
                  && ${zpad(OW, 'dist2_value', 16)} <= ${zpad(OW, 'outpos_next', PW)}${H < 32768 ? ` && dist2_value <= 16'd${H}` : ''}
                  && {${PW + 1 - 9}'d0, copy_len} <= room_after_copy;
wire [${BW - 1}:0] match_count = copy_match ? copy_bytes : ${BW}'d0;  // history bytes first, then literals

// ---- Table completeness (zlib's rule): over-subscribed is invalid; incomplete is invalid unless the
// longest code is 1 bit and this is not the code-length code; no codes at all is accepted.
reg        lit_over, lit_incomplete, lit_empty, dist_over, dist_incomplete, dist_empty;
reg        lit_max1, dist_max1;
reg [16:0] lleft, dleft;
integer cl;
always @* begin
    lleft = 17'd1; dleft = 17'd1; lit_over = 1'b0; dist_over = 1'b0;
    lit_empty = 1'b1; dist_empty = 1'b1; lit_max1 = 1'b1; dist_max1 = 1'b1;
    for (cl = 1; cl <= 15; cl = cl + 1) begin
        lleft = (lleft << 1) - {1'b0, lit_count_reg[cl * 16 +: 16]};
        dleft = (dleft << 1) - {1'b0, dist_count_reg[cl * 16 +: 16]};
        if (lleft[16]) lit_over = 1'b1;
        if (dleft[16]) dist_over = 1'b1;
        if (lit_count_reg[cl * 16 +: 16] != 16'd0) begin lit_empty = 1'b0; if (cl > 1) lit_max1 = 1'b0; end
        if (dist_count_reg[cl * 16 +: 16] != 16'd0) begin dist_empty = 1'b0; if (cl > 1) dist_max1 = 1'b0; end
        if (lleft[16]) lleft = 17'd0;
        if (dleft[16]) dleft = 17'd0;
    end
    lit_incomplete = lleft != 17'd0;
    dist_incomplete = dleft != 17'd0;
end
wire lit_table_bad = !lit_empty && (lit_over || (lit_incomplete && (build_cl_reg || !lit_max1)));
wire dist_table_bad = !build_cl_reg && !dist_empty && (dist_over || (dist_incomplete && !dist_max1));

// Repeat codes in the code-length sequence: 16 repeats the previous length, 17 and 18 repeat zero
wire [7:0] repeat_count = (lit_sym == 9'd16) ? 8'd3 + {6'd0, after_lit[1:0]}
                        : (lit_sym == 9'd17) ? 8'd3 + {5'd0, after_lit[2:0]} : 8'd11 + {1'b0, after_lit[6:0]};
wire [8:0] idx_before = idx_reg - 9'd1;
wire [3:0] repeat_value = (lit_sym == 9'd16) ? lens_reg[{idx_before, 2'b00} +: 4] : 4'd0;
wire [3:0] cur_len = lens_reg[{idx_reg, 2'b00} +: 4];   // the code length at idx_reg

// first sorted position of each code length: the counts of all shorter lengths
reg [255:0] lit_first_vec;
reg [255:0] dist_first_vec;
integer fp;
always @* begin
    lit_first_vec = 256'd0;
    dist_first_vec = 256'd0;
    for (fp = 2; fp <= 15; fp = fp + 1) begin
        lit_first_vec[fp * 16 +: 16] = lit_first_vec[(fp - 1) * 16 +: 16] + lit_count_reg[(fp - 1) * 16 +: 16];
        dist_first_vec[fp * 16 +: 16] = dist_first_vec[(fp - 1) * 16 +: 16] + dist_count_reg[(fp - 1) * 16 +: 16];
    end
end

// ---- The state step
wire [9:0] lens_total = {1'b0, nlen_reg} + {4'd0, ndist_reg};
wire [9:0] total_entries = build_cl_reg ? 10'd19 : lens_total;
reg [3:0]  state_next;
reg [2:0]  error_next;
reg [8:0]  consume_bits;        // bits used this cycle (stored bytes: 8 per byte)
reg        finish;
always @* begin
    state_next = state_reg;
    error_next = error_reg;
    consume_bits = 9'd0;
    finish = 1'b0;
    case (state_reg)
        I_HDR: if (avail >= ${AB}'d3) begin
            consume_bits = 9'd3;
            case (peek[2:1])
                2'd0: begin
                    consume_bits = 9'd3 + {6'd0, 3'd0 - (bit_pos_reg + 3'd3)};  // and to the byte boundary
                    state_next = I_STORED_LEN;
                end
                2'd1: state_next = I_FIXED;
                2'd2: state_next = I_DYN;
                default: begin error_next = 3'd2; state_next = I_DRAIN; end
            endcase
        end else if (ended) begin error_next = 3'd1; state_next = I_DRAIN; end
        I_STORED_LEN: if (avail >= ${AB}'d32) begin
            consume_bits = 9'd32;
            if (peek[15:0] != ~peek[31:16]) begin error_next = 3'd3; state_next = I_DRAIN; end
            else if (peek[15:0] == 16'd0) state_next = final_reg ? I_DRAIN : I_HDR;
            else state_next = I_STORED;
        end else if (ended) begin error_next = 3'd1; state_next = I_DRAIN; end
        I_STORED: begin
            consume_bits = ${BW + 3 < 9 ? `{${6 - BW}'d0, produce, 3'b000}` : "{produce, 3'b000}"};
            if (win_count_reg == ${CW}'d0) begin
                if (ended) begin error_next = 3'd1; state_next = I_DRAIN; end
            end else if (out_room == ${PW + 1}'d0) begin error_next = 3'd7; state_next = I_DRAIN; end
            else if (stored_left_reg == {${16 - BW}'d0, produce}) state_next = final_reg ? I_DRAIN : I_HDR;
        end
        I_DYN: if (avail >= ${AB}'d14) begin
            consume_bits = 9'd14;
            if (peek[4:0] > 5'd29 || peek[9:5] > 5'd29) begin error_next = 3'd4; state_next = I_DRAIN; end
            else state_next = I_CLL;
        end else if (ended) begin error_next = 3'd1; state_next = I_DRAIN; end
        I_CLL: if (avail >= ${AB}'d3) begin
            consume_bits = 9'd3;
            if (idx_reg[4:0] == ncode_reg - 5'd1) state_next = I_COUNT;
        end else if (ended) begin error_next = 3'd1; state_next = I_DRAIN; end
        I_COUNT: if ({1'b0, idx_reg} == total_entries - 10'd1) state_next = I_CHECK;
        I_CHECK: begin
            if (lit_table_bad || dist_table_bad) begin error_next = 3'd4; state_next = I_DRAIN; end
            else state_next = I_SORT;
        end
        I_SORT: if ({1'b0, idx_reg} == total_entries - 10'd1) state_next = build_cl_reg ? I_LENS : I_SYM;
        I_LENS: begin
            if (cl_empty_reg) begin
                if (avail >= ${AB}'d1) begin
                    consume_bits = 9'd1;
                    if ({1'b0, idx_reg} == lens_total - 10'd1) state_next = I_LENCHK;
                end else if (ended) begin error_next = 3'd1; state_next = I_DRAIN; end
            end else if (lit_ok) begin
                // symbol 16 repeats the previous length 3..6 times, 17 zeros 3..10 times, 18 zeros 11..138 times
                if (lit_sym < 9'd16) begin
                    consume_bits = {4'd0, lit_len_bits};
                    if ({1'b0, idx_reg} == lens_total - 10'd1) state_next = I_LENCHK;
                end else if ({${AB - 6}'d0, {1'b0, lit_len_bits} + ((lit_sym == 9'd16) ? 6'd2 : (lit_sym == 9'd17) ? 6'd3 : 6'd7)} > avail) begin
                    if (ended) begin error_next = 3'd1; state_next = I_DRAIN; end
                end else begin
                    consume_bits = {4'd0, lit_len_bits} + ((lit_sym == 9'd16) ? 9'd2 : (lit_sym == 9'd17) ? 9'd3 : 9'd7);
                    if ((lit_sym == 9'd16 && idx_reg == 9'd0) || {1'b0, idx_reg} + {2'd0, repeat_count} > lens_total) begin
                        error_next = 3'd4; state_next = I_DRAIN;
                    end else if ({1'b0, idx_reg} + {2'd0, repeat_count} == lens_total) state_next = I_LENCHK;
                end
            end else if (lit_invalid) begin error_next = 3'd5; state_next = I_DRAIN; end
            else if (ended) begin error_next = 3'd1; state_next = I_DRAIN; end
        end
        I_SYM: if (lit_ok) begin
            if (lit_sym < 9'd256) begin
                if (out_room == ${PW + 1}'d0) begin error_next = 3'd7; state_next = I_DRAIN; end
                else ${W > 1 ? `if (lit_pair) begin
                    consume_bits = {2'd0, lit_pair_bits};
                    state_next = I_COPY;
                end else consume_bits = two_literals ? {3'd0, two_lit_bits} : {4'd0, lit_len_bits};` : "consume_bits = {4'd0, lit_len_bits};"}
            end else if (lit_sym == 9'd256) begin
                consume_bits = {4'd0, lit_len_bits};
                state_next = final_reg ? I_DRAIN : I_HDR;
            end else if (lit_sym > 9'd285) begin error_next = 3'd5; state_next = I_DRAIN; end
            else if ({${AB - 6}'d0, sym_bits} > avail) begin
                if (ended) begin error_next = 3'd1; state_next = I_DRAIN; end
            end else if (pair_ok) begin
                consume_bits = {2'd0, pair_bits};
                if (${zpad(OW, 'dist2_value', 16)} > ${zpad(OW, 'outpos_reg', PW)}${H < 32768 ? ` || dist2_value > 16'd${H}` : ''}) begin error_next = 3'd6; state_next = I_DRAIN; end
                else if ({${PW + 1 - 9}'d0, copy_len} > out_room) begin error_next = 3'd7; state_next = I_DRAIN; end
                else state_next = I_COPY;
            end else begin
                consume_bits = {3'd0, sym_bits};
                state_next = I_DIST;
            end
        end else if (lit_invalid) begin error_next = 3'd5; state_next = I_DRAIN; end
        else if (ended) begin error_next = 3'd1; state_next = I_DRAIN; end
        I_DIST: if (dist_empty_reg) begin error_next = 3'd5; state_next = I_DRAIN; end
        else if (dist_ok) begin
            if (dist_sym > 5'd29) begin error_next = 3'd5; state_next = I_DRAIN; end
            else if ({${AB - 6}'d0, dist_bits} > avail) begin
                if (ended) begin error_next = 3'd1; state_next = I_DRAIN; end
            end else begin
                consume_bits = {3'd0, dist_bits};
                if (${zpad(OW, 'dist_value', 16)} > ${zpad(OW, 'outpos_reg', PW)}${H < 32768 ? ` || dist_value > 16'd${H}` : ''}) begin error_next = 3'd6; state_next = I_DRAIN; end
                else if ({${PW + 1 - 9}'d0, copy_len_reg} > out_room) begin error_next = 3'd7; state_next = I_DRAIN; end
                else state_next = I_COPY;
            end
        end else if (dist_invalid) begin error_next = 3'd5; state_next = I_DRAIN; end
        else if (ended) begin error_next = 3'd1; state_next = I_DRAIN; end
        I_COPY: ${W > 1 ? `if (merge_lit_pair) begin
            consume_bits = {2'd0, lit_pair_bits};
            state_next = I_COPY;
        end else ` : ''}if (merge_pair) begin
            consume_bits = {2'd0, pair_bits};
            state_next = I_COPY;
        end else if (copy_final) begin
            state_next = I_SYM;${W > 1 ? `
            if (merge_two) consume_bits = {3'd0, two_lit_bits};
            else if (merge_one) consume_bits = {4'd0, lit_len_bits};` : ''}
        end
        I_FIXED: state_next = I_COUNT;
        I_LENCHK: if (lens_reg[1024 +: 4] == 4'd0) begin error_next = 3'd4; state_next = I_DRAIN; end else state_next = I_COUNT;
        I_DRAIN: if (ended && win_count_reg == ${CW}'d0) state_next = I_DONE;
        default: finish = 1'b1;  // I_DONE
    endcase
end

// the distance the next cycle copies with (read ahead by the shared history)
wire [15:0] offset_next = (state_reg == I_DIST) ? dist_value
${W > 1 ? `                         : ((state_reg == I_SYM && lit_pair) || merge_lit_pair) ? dist3_value
` : ''}                         : ((state_reg == I_SYM && state_next == I_COPY) || merge_pair) ? dist2_value : offset_reg;

${lh.declarations}${lh.assembly}${lh.outputStage}${lh.historyPorts}
// ---- Bits used this cycle (whole bytes leave the window; the rest moves the bit position)
wire [9:0] bits_total = {7'd0, bit_pos_reg} + {1'b0, go ? consume_bits : 9'd0};
wire [6:0] consumed_whole_bytes = bits_total[9:3];
wire end_partial = bits_total[2:0] != 3'd0;

// ---- State and table registers
integer ei;
always @(posedge clk) begin
    if (go) begin
        state_reg  <= state_next;
        error_reg  <= error_next;
        outpos_reg <= outpos_next;
        offset_reg <= offset_next;
        if (line_done) begin
            prev_line_reg <= line_next;
            cur_line_reg  <= spill_next;
        end else begin
            cur_line_reg  <= line_next;
        end
        case (state_reg)
            I_HDR: if (state_next != I_HDR) begin
                final_reg <= peek[0];
                if (peek[2:1] == 2'd2 || peek[2:1] == 2'd1) begin
                    begin lit_count_reg <= 256'd0; dist_count_reg <= 256'd0; end
                end
            end
            I_STORED_LEN: stored_left_reg <= peek[15:0];
            I_STORED: stored_left_reg <= stored_left_reg - {${16 - BW}'d0, produce};
            I_DYN: begin
                nlen_reg  <= 9'd257 + {4'd0, peek[4:0]};
                ndist_reg <= 6'd1 + {1'b0, peek[9:5]};
                ncode_reg <= 5'd4 + {1'b0, peek[13:10]};
                idx_reg   <= 9'd0;
                build_cl_reg <= 1'b1;
                lens_reg[75:0] <= 76'd0;  // the 19 code-length code lengths
            end
            I_CLL: if (consume_bits != 9'd0) begin
                lens_reg[{4'd0, cl_order(idx_reg[4:0]), 2'b00} +: 4] <= {1'b0, peek[2:0]};
                idx_reg <= (state_next == I_COUNT) ? 9'd0 : idx_reg + 9'd1;
            end
            I_FIXED: begin
                lens_reg  <= FIXED_LENS;
                nlen_reg  <= 9'd288;
                ndist_reg <= 6'd32;
                idx_reg   <= 9'd0;
                build_cl_reg <= 1'b0;
            end
            I_COUNT: begin
                if (cur_len != 4'd0) begin
                    if (build_cl_reg || idx_reg < nlen_reg) lit_count_reg[{cur_len, 4'b0000} +: 16] <= lit_count_reg[{cur_len, 4'b0000} +: 16] + 16'd1;
                    else dist_count_reg[{cur_len, 4'b0000} +: 16] <= dist_count_reg[{cur_len, 4'b0000} +: 16] + 16'd1;
                end
                idx_reg <= (state_next == I_CHECK) ? 9'd0 : idx_reg + 9'd1;
            end
            I_CHECK: begin
                lit_ptr_reg  <= lit_first_vec;
                dist_ptr_reg <= dist_first_vec;
                cl_empty_reg   <= build_cl_reg && lit_empty;
                dist_empty_reg <= !build_cl_reg && dist_empty;
            end
            I_SORT: begin
                if (cur_len != 4'd0) begin
                    if (build_cl_reg || idx_reg < nlen_reg) begin
                        lit_sym_reg[lit_ptr_reg[{cur_len, 4'b0000} +: 9]] <= idx_reg;
                        lit_ptr_reg[{cur_len, 4'b0000} +: 16] <= lit_ptr_reg[{cur_len, 4'b0000} +: 16] + 16'd1;
                    end else begin
                        dist_sym_reg[dist_ptr_reg[{cur_len, 4'b0000} +: 5]] <= idx_reg[4:0] - nlen_reg[4:0];
                        dist_ptr_reg[{cur_len, 4'b0000} +: 16] <= dist_ptr_reg[{cur_len, 4'b0000} +: 16] + 16'd1;
                    end
                end
                idx_reg <= idx_reg + 9'd1;
                if (state_next != I_SORT) begin
                    idx_reg <= 9'd0;
                                    end
            end
            I_LENS: if (consume_bits != 9'd0 && state_next != I_DRAIN) begin
                if (cl_empty_reg || lit_sym < 9'd16) begin
                    lens_reg[{idx_reg, 2'b00} +: 4] <= cl_empty_reg ? 4'd0 : lit_sym[3:0];
                    idx_reg <= idx_reg + 9'd1;
                end else begin
                    for (ei = 0; ei < 320; ei = ei + 1)
                        if ({1'b0, ei[8:0]} >= {1'b0, idx_reg} && {1'b0, ei[8:0]} < {1'b0, idx_reg} + {2'd0, repeat_count}) lens_reg[ei * 4 +: 4] <= repeat_value;
                    idx_reg <= idx_reg + {1'b0, repeat_count};
                end
            end
            I_LENCHK: begin
                idx_reg <= 9'd0;
                build_cl_reg <= 1'b0;
                begin lit_count_reg <= 256'd0; dist_count_reg <= 256'd0; end
            end
            I_SYM: if (state_next == I_DIST || state_next == I_COPY) copy_len_reg <= ${W > 1 ? 'lit_pair ? copy_len2 : ' : ''}copy_len;
            I_COPY: copy_len_reg <= ${W > 1 ? 'merge_lit_pair ? copy_len2 : ' : ''}merge_pair ? copy_len : copy_len_reg - {${9 - BW}'d0, copy_bytes};
            default: ;
        endcase
        if (state_reg != I_DRAIN && state_next == I_DRAIN && error_next == 3'd0) begin
            // the final block ended: the stream used everything up to this bit
            consumed_reg <= taken_reg - {${32 - CW}'d0, win_count_reg} + {25'd0, consumed_whole_bytes} + {31'd0, end_partial};
        end
    end
    if (rst || (go && finish)) begin
        // reset, or the stream is out: start the next one
        state_reg    <= I_HDR;
        error_reg    <= 3'd0;
        outpos_reg   <= ${PW}'d0;
        cur_line_reg <= ${8 * W}'d0;
        consumed_reg <= 32'd0;
    end
end

// ---- Input window update: drop the bytes fully used, append the incoming beat.
wire drain_all = state_reg == I_DRAIN;
wire [${CW - 1}:0] used = drain_all ? win_count_reg : consumed_whole_bytes[${CW - 1}:0];
wire [${CW - 1}:0] left = win_count_reg - used;
reg  [${8 * W - 1}:0] in_data_masked;
integer km;
always @* begin
    for (km = 0; km < W; km = km + 1) in_data_masked[km * 8 +: 8] = ${keepBit('km')} ? s_axis_tdata[km * 8 +: 8] : 8'd0;
end
always @(posedge clk) begin
    win_reg       <= (win_reg >> {used, 3'b000}) | (in_fire ? ({${8 * (IBUF - W)}'d0, in_data_masked} << {left, 3'b000}) : ${8 * IBUF}'d0);
    win_count_reg <= left + (in_fire ? ${zpad(CW, 'in_bytes', BW)} : ${CW}'d0);
    bit_pos_reg   <= drain_all ? 3'd0 : bits_total[2:0];
    if (in_fire) taken_reg <= taken_reg + {${32 - BW}'d0, in_bytes};
    if (in_fire && s_axis_tlast) in_ended_reg <= 1'b1;
    if (go && finish) begin
        in_ended_reg <= 1'b0;
        taken_reg    <= 32'd0;
    end
    if (rst) begin
        win_reg       <= ${8 * IBUF}'d0;
        win_count_reg <= ${CW}'d0;
        bit_pos_reg   <= 3'd0;
        in_ended_reg  <= 1'b0;
        taken_reg     <= 32'd0;
    end
end

endmodule
`;
  return {
    generator: INFLATE_GENERATOR, version: INFLATE_GENERATOR_VERSION, paramsJson, top,
    files: [verilogFile(`${top}.v`, header + body + FILE_FOOTER)],
    libFiles: [SKID_BUFFER_FILE],
    ports,
    latencyCycles: 2,
  };
}

export const inflateGenerator: Generator<InflateParams> = {
  name: 'inflate',
  version: INFLATE_GENERATOR_VERSION,
  summary: 'Inflate engine (RFC 1951 stored/fixed/dynamic blocks, zlib\'s validity rules, hostile-input safe)',
  schema: inflateSchema,
  validate: validateInflateParams,
  emit: emitInflate,
  command: inflateCommand,
};
