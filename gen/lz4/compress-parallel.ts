// LZ4 block compressor generator, parallel implementation: `lanes` positions per cycle through the same
// banked-hash design as the sequential engine (src/ref/lz4-compress.ts), so its output equals
// lz4DesignCompress(design, block) byte for byte, at up to `lanes` input bytes per cycle.
//
//   load      the block arrives `lanes` bytes per beat and is written, a row per beat, into four copies of a
//             line RAM (dpf_line_ram: any byte address, two rows per read), one per reader below. Compression
//             starts while the block is still loading: a window is scanned once the bytes it needs are in.
//   scan      one window of `lanes` positions per cycle, in three stages: (1) read two rows, take each lane's
//             4 bytes and hash them; (2) per bank, the lowest lane hashing to it reads the entry read-first
//             and writes itself: {epoch, position, the backwardBytes before it, the entryBytes from it};
//             (3) each lane compares its bytes with its entry's: a verified 4-byte match, its offset, how many
//             of the entryBytes agree and how many bytes before agree. The window's record goes to a FIFO.
//   select    per cycle, the first match at or after the covered position in the head window becomes a
//             sequence (grown backwards over pending literals, forwards as far as the entry's bytes agree);
//             the window is popped in the same cycle when no match remains in it. A match whose entry bytes
//             all agree is extended from the buffer, `lanes` bytes per cycle.
//   encode    one sequence per cycle when its encoding fits in a beat (longer ones take a beat each
//             `lanes` bytes): token, length bytes, literals (read from the buffer), offset; a packer turns
//             the pieces into full beats, tlast on the block's last.
// The table is tagged with an 8-bit block epoch instead of being cleared per block (cleared at reset and
// when the epoch wraps).
import { canonicalParams, flagName } from '../core/params.js';
import type { Generator } from '../core/generator.js';
import type { DesignPorts, GeneratedDesign } from '../core/design.js';
import { bitsFor, FILE_FOOTER, fileHeader, modulePortList, verilogFile } from '../core/verilog.js';
import { fragment } from '../core/emit.js';
import { designPortSignals } from '../core/ports.js';
import { LINE_RAM_FILE, SKID_BUFFER_FILE } from '../core/lib-files.js';
import { LZ4CP_GENERATOR, lz4cpSchema, validateLz4cpParams, type Lz4ParallelCompressParams } from './compress-params.js';
import { LZ4C_ERRORS } from './compress.js';

export const LZ4CP_GENERATOR_VERSION = '0.1.2';

export function lz4cpModuleName(p: Lz4ParallelCompressParams): string {
  return `lz4_compress_par_l${p.lanes}_h${p.hashBits}_b${p.hashBanks}_w${p.windowBytes}_k${p.backwardBytes}_e${p.entryBytes}_s${p.sequencesPerCycle}${p.historyMemory === 'registers' ? '_reg' : ''}`;
}

function lz4cpCommand(p: Lz4ParallelCompressParams): string {
  const flags = Object.entries(p).map(([k, v]) => `${flagName(k)} ${String(v)}`);
  return `npm run dpuforge -- gen lz4-compress-parallel ${flags.join(' ')} -o hw/generated`;
}

const log2 = (n: number) => Math.round(Math.log2(n));
/** 0..a-1, or a..b-1 */
const range = (a: number, b?: number) => (b === undefined ? Array.from({ length: a }, (_, i) => i) : Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i));

/** `conds[0] ? vals[0] : conds[1] ? vals[1] : ... : last` on one line per term. */
function chain(conds: string[], vals: string[], last: string, indent: string): string {
  return conds.map((c, i) => `${c} ? ${vals[i]}`).concat([last]).join(`\n${indent}: `);
}

export function emitLz4ParallelCompressor(p: Lz4ParallelCompressParams): GeneratedDesign {
  const W = p.lanes;
  const P = p.sequencesPerCycle;
  const SQD = 8; // sequence FIFO depth
  const SQAW = 3;
  const SQCW = 4;
  const LW = log2(W);
  const S = p.entryBytes;
  const K = p.backwardBytes;
  const N = p.windowBytes;
  const AW = log2(N); // byte address bits
  const PW = bitsFor(N); // positions 0..N
  const RB = AW - LW; // row bits
  const HB = p.hashBits;
  const B = p.hashBanks;
  const LB = log2(B);
  const EB = HB - LB; // entry address bits within a bank
  const EBW = Math.max(EB, 1);
  const LBW = Math.max(LB, 1);
  const EW = 1 + 8 + PW + 8 * K + 8 * S; // entry: valid, epoch, position, bytes before, bytes from
  const EQW = bitsFor(S);
  const BKW = bitsFor(K);
  const CW = bitsFor(W); // byte counts 0..W
  const RL = 1 + 16 + EQW + BKW; // lane record: match, offset, equal bytes, equal bytes before
  const RECW = PW + W * RL;
  const XW = PW + 2;
  const EPW = Math.max(PW + 2, 17); // extension addresses: position + length, minus a 16-bit offset // encoder byte indices (a sequence's encoding is a little longer than the block)
  const ACW = bitsFor(3 * W);
  const MAXOFF = Math.min(65535, N - 1);
  const WF = 8; // window FIFO depth
  const top = lz4cpModuleName(p);
  const paramsJson = canonicalParams(lz4cpSchema, p as unknown as Record<string, unknown>);
  const useRegs = p.historyMemory === 'registers' ? 1 : 0;
  const posField = `${8 * S + 8 * K + PW - 1}:${8 * S + 8 * K}`;

  const ports: DesignPorts = {
    clock: 'clk', reset: 'rst',
    streams: [
      { prefix: 's_axis', dir: 'in', dataBytes: W, keep: true, last: true, userBits: 0 },
      { prefix: 'm_axis', dir: 'out', dataBytes: W, keep: true, last: true, userBits: 2 },
    ],
  };
  const keepCount = fragment(designPortSignals(ports), (b) => b.popcount('keep_count', 's_axis_tkeep', W));
  const header = fileHeader({
    file: `${top}.v`,
    what: `LZ4 block compressor (parallel implementation of the ${W}-lane banked-hash design), ${N}-byte blocks.`,
    generator: LZ4CP_GENERATOR, version: LZ4CP_GENERATOR_VERSION, paramsJson, command: lz4cpCommand(p),
    notes: [
      'Output equals src/ref/lz4-compress.ts lz4DesignCompress with these parameters, byte for byte: an LZ4 block',
      `that liblz4 decodes. s_axis: one block per packet, ${W} bytes per beat, lane 0 first; every beat but the last`,
      `full; at most ${N} bytes. m_axis: the LZ4 block, ${W} bytes per beat, tlast on its last beat, whose tuser`,
      'is the verdict: 0 = compressed (the packet is the block). Compression starts while the block loads, so on',
      'an error some beats may already have left: the packet then ends with an empty beat carrying the code:',
      ...Object.entries(LZ4C_ERRORS).map(([c, w]) => `  ${c} = ${w.replace('4 bytes', `${W} bytes`)}`),
      `Speed: up to ${W} input bytes per cycle (one window of positions per cycle, up to ${P} sequences per cycle).`,
      `Reset: synchronous, active high; the hash table is cleared after reset (${1 << EB} cycles) and every 256 blocks.`,
    ],
  });

  // ---- per-lane scan logic (stage 1: bytes and hash; stage 3: compare with the entry)
  const lanesStage1 = `genvar lane;
generate
    for (lane = 0; lane < ${W}; lane = lane + 1) begin : scan_lane
        // byte x of s1_bytes is position s1_pos_reg - ${W} + x
        wire [31:0] word = s1_bytes[8*(${W}+lane) +: 32];
        /* verilator lint_off UNUSEDSIGNAL */
        wire [31:0] product = word * HASH_PRIME;  // LZ4's hash keeps the top hashBits of the product
        /* verilator lint_on UNUSEDSIGNAL */
        wire [${PW}:0] pos = {1'b0, s1_pos_reg} + ${PW + 1}'d0 + lane;
        assign s1_hash[lane*${HB} +: ${HB}] = product[31:${32 - HB}];
        assign s1_fwd[lane*${8 * S} +: ${8 * S}] = s1_bytes[8*(${W}+lane) +: ${8 * S}];
${K ? `        assign s1_back[lane*${8 * K} +: ${8 * K}] = s1_bytes[8*(${W}+lane-${K}) +: ${8 * K}];\n` : ''}        // before the block is in, the issue rule guarantees these; after, the block length decides
        assign s1_hashable[lane] = !load_done_reg || pos + ${PW + 1}'d4 <= {1'b0, n_reg};
        assign s1_end12[lane] = !load_done_reg || pos + ${PW + 1}'d12 <= {1'b0, n_reg};
    end
endgenerate`;

  const eqChain = chain(range(S).map((j) => `!same[${j}]`), range(S).map((j) => `${EQW}'d${j}`), `${EQW}'d${S}`, '                                   ');
  const bkChain = K === 0 ? `${BKW}'d0` : chain(range(K).map((j) => `!before_same[${j}]`), range(K).map((j) => `${BKW}'d${j}`), `${BKW}'d${K}`, '                                       ');
  const lanesStage3 = `generate
    for (lane = 0; lane < ${W}; lane = lane + 1) begin : match_lane
        wire [${EW - 1}:0] entry = bank_q[s3_bank[lane*${LBW} +: ${LBW}]];
        wire [${8 * S - 1}:0] fwd = s3_fwd[lane*${8 * S} +: ${8 * S}];
        wire [${PW - 1}:0] cand = entry[${posField}];
        wire [${PW - 1}:0] pos = s3_pos_reg + ${PW}'d0 + lane;
        /* verilator lint_off UNUSEDSIGNAL */
        wire [${PW - 1}:0] offset = pos - cand;  // at most MAX_OFFSET when it matters: 16 bits carry it
        /* verilator lint_on UNUSEDSIGNAL */
        wire [${S - 1}:0] same;                  // byte j from the position agrees with byte j from the candidate
        genvar j;
        for (j = 0; j < ${S}; j = j + 1) begin : cmp
            assign same[j] = entry[8*j +: 8] == fwd[8*j +: 8];
        end
        wire [${EQW - 1}:0] equal_bytes = ${eqChain};
${K ? `        // before_same[j]: byte j + 1 before the position agrees with the one before the candidate, which exists
        wire [${K - 1}:0] before_same;
        for (j = 0; j < ${K}; j = j + 1) begin : cmp_before
            assign before_same[j] = entry[${8 * S} + 8*(${K - 1}-j) +: 8] == s3_back[lane*${8 * K} + 8*(${K - 1}-j) +: 8]
                                    && cand > ${PW}'d0 + j;
        end
        wire [${BKW - 1}:0] before_bytes = ${bkChain};` : `        wire [${BKW - 1}:0] before_bytes = ${BKW}'d0;  // backwardBytes = 0`}
        wire match = s3_win[lane] && entry[${EW - 1}] && entry[${EW - 2}:${EW - 9}] == epoch_reg
                     && same[3:0] == 4'hf && offset <= MAX_OFFSET && s3_end12[lane];
        assign s3_record[lane*${RL} +: ${RL}] = {match, ${PW >= 16 ? 'offset[15:0]' : `{${16 - PW}'d0, offset}`}, equal_bytes, before_bytes};
    end
endgenerate`;

  // ---- selector helpers
  const extEqual = chain(range(W).map((j) => `ext_a_rd[${8 * j + 7}:${8 * j}] != ext_b_rd[${8 * j + 7}:${8 * j}]`), range(W).map((j) => `${CW}'d${j}`), `${CW}'d${W}`, '                          ');

  // pick k of the selector: the first match at or after the position pick k - 1 covers (for k = P, only
  // whether there is one: the window is then done)
  const pickText = (k: number): string => {
    const cover = k === 0 ? 'covered_reg' : `pick${k - 1}_end[${PW - 1}:0]`;
    const skip = k === 0
      ? `(covered_reg > head_pos) ? {2'b0, covered_reg - head_pos} : ${PW + 2}'d0`
      : `{1'b0, pick${k - 1}_end} - {2'b0, head_pos}`;
    const laneChain = chain(range(W - 1).map((l) => `pick${k}_eligible[${l}]`), range(W - 1).map((l) => `${LW}'d${l}`), `${LW}'d${W - 1}`, '                                  ');
    const head = `// pick ${k}${k === P ? ': is a match left after the last pick?' : ''}
wire [${PW + 1}:0] pick${k}_skip = ${skip};  // lanes already covered
wire [${W - 1}:0]  pick${k}_eligible;
generate
    for (lane = 0; lane < ${W}; lane = lane + 1) begin : pick${k}_lanes
        assign pick${k}_eligible[lane] = head_match[lane] && pick${k}_skip <= ${PW + 2}'d0 + lane;
    end
endgenerate
wire               pick${k}_found = pick${k}_eligible != ${W}'d0;`;
    if (k === P) return head;
    return `${head}
wire [${LW - 1}:0] pick${k}_lane = ${laneChain};
wire [${PW - 1}:0] pick${k}_pos = head_pos + {${PW - LW}'d0, pick${k}_lane};
wire [15:0]        pick${k}_offset = head_offset[pick${k}_lane];
wire [${EQW - 1}:0] pick${k}_equal = head_equal[pick${k}_lane];
wire [${PW - 1}:0] pick${k}_pending = pick${k}_pos - ${cover};  // literals before the match position
wire [${PW - 1}:0] pick${k}_back = ({${PW - BKW}'d0, head_before[pick${k}_lane]} < pick${k}_pending) ? {${PW - BKW}'d0, head_before[pick${k}_lane]} : pick${k}_pending;
wire [${PW}:0]     pick${k}_limit = lim_end - {1'b0, pick${k}_pos};  // forward bytes allowed
wire [${PW}:0]     pick${k}_forward = ({${PW + 1 - EQW}'d0, pick${k}_equal} < pick${k}_limit) ? {${PW + 1 - EQW}'d0, pick${k}_equal} : pick${k}_limit;
wire               pick${k}_extend = pick${k}_equal == ${EQW}'d${S} && pick${k}_limit > ${PW + 1}'d${S};
wire [${PW}:0]     pick${k}_end = {1'b0, pick${k}_pos} + pick${k}_forward;  // covered after this match`;
  };

  const readers = ['scan', 'ext_a', 'ext_b', ...range(P).map((k) => `enc${k}`)];

  // the layout of sequence k in the FIFO (from its head): wires sq<k>_*
  const deriveText = (k: number): string => `wire [SQW-1:0]     sq${k} = seq_mem[seq_rd_reg${k ? ` + ${SQAW}'d${k}` : ''}];
wire               sq${k}_final = sq${k}[SQW-1];
wire [${PW - 1}:0] sq${k}_lit_start = sq${k}[SQW-2 -: ${PW}];
wire [${PW - 1}:0] sq${k}_lit_len = sq${k}[SQW-2-${PW} -: ${PW}];
wire [15:0]        sq${k}_offset = sq${k}[${PW + 15}:${PW}];
wire [${PW - 1}:0] sq${k}_match_len = sq${k}[${PW - 1}:0];
wire [${PW - 1}:0] sq${k}_lit_x = sq${k}_lit_len - ${PW}'d15;
wire [${PW - 1}:0] sq${k}_lit_x1 = sq${k}_lit_x + ${PW}'d1;
wire [${PW - 1}:0] sq${k}_lit_q = (sq${k}_lit_x1 + (sq${k}_lit_x1 >> 8)) >> 8;
/* verilator lint_off UNUSEDSIGNAL */
wire [${PW - 1}:0] sq${k}_lit_rem = sq${k}_lit_x - (sq${k}_lit_q << 8) + sq${k}_lit_q;  // below 255
/* verilator lint_on UNUSEDSIGNAL */
wire               sq${k}_lit_long = sq${k}_lit_len >= ${PW}'d15;
wire [${PW - 1}:0] sq${k}_mat_x4 = sq${k}_match_len - ${PW}'d4;
wire [${PW - 1}:0] sq${k}_mat_x = sq${k}_match_len - ${PW}'d19;
wire [${PW - 1}:0] sq${k}_mat_x1 = sq${k}_mat_x + ${PW}'d1;
wire [${PW - 1}:0] sq${k}_mat_q = (sq${k}_mat_x1 + (sq${k}_mat_x1 >> 8)) >> 8;
/* verilator lint_off UNUSEDSIGNAL */
wire [${PW - 1}:0] sq${k}_mat_rem = sq${k}_mat_x - (sq${k}_mat_q << 8) + sq${k}_mat_q;  // below 255
/* verilator lint_on UNUSEDSIGNAL */
wire               sq${k}_mat_long = !sq${k}_final && sq${k}_mat_x4 >= ${PW}'d15;
wire [7:0]         sq${k}_lit_last = ${PW >= 8 ? `sq${k}_lit_rem[7:0]` : `{${8 - PW}'d0, sq${k}_lit_rem}`};
wire [7:0]         sq${k}_mat_last = ${PW >= 8 ? `sq${k}_mat_rem[7:0]` : `{${8 - PW}'d0, sq${k}_mat_rem}`};
wire [${XW - 1}:0] sq${k}_header_len = ${XW}'d1 + (sq${k}_lit_long ? {2'b0, sq${k}_lit_q} + ${XW}'d1 : ${XW}'d0);
wire [${XW - 1}:0] sq${k}_tail_at = sq${k}_header_len + {2'b0, sq${k}_lit_len};
wire [${XW - 1}:0] sq${k}_total = sq${k}_tail_at + (sq${k}_final ? ${XW}'d0 : ${XW}'d2 + (sq${k}_mat_long ? {2'b0, sq${k}_mat_q} + ${XW}'d1 : ${XW}'d0));
wire [7:0]         sq${k}_token = {sq${k}_lit_long ? 4'd15 : sq${k}_lit_len[3:0], sq${k}_final ? 4'd0 : sq${k}_mat_long ? 4'd15 : sq${k}_mat_x4[3:0]};${k === 0 ? '' : `
wire [${XW - 1}:0] sq${k}_sum = ${range(k + 1).map((j) => `sq${j}_total`).join(' + ')};
wire               sq${k}_fits = sq${k}_sum <= ${XW}'d${W};  // with the sequences before it, in one beat`}`;

  // the bytes of sequence slot k in stage 2 (slot 0 may be part of a long sequence, from byte e2_at_reg)
  const encodeText = (k: number): string => {
    const at0 = k === 0 ? 'e2_at_reg' : `${XW}'d0`;
    return `wire [${XW - 1}:0] e2_lit_shift${k} = (e2_header_len_reg[${k}] > ${at0}) ? e2_header_len_reg[${k}] - ${at0} : ${XW}'d0;
/* verilator lint_off UNUSEDSIGNAL */
wire [${8 * W + 7}:0] e2_lit_bytes${k} = {8'd0, rd_enc${k}[${8 * W - 1}:0]} << {e2_lit_shift${k}, 3'b000};  // literal j of this beat at its place
/* verilator lint_on UNUSEDSIGNAL */
wire [${8 * W - 1}:0] e2_bytes${k};
generate
    for (lane = 0; lane < ${W}; lane = lane + 1) begin : enc${k}_byte
        wire [${XW - 1}:0] at = ${at0} + ${XW}'d0 + lane;  // this byte's index in the sequence's encoding
        assign e2_bytes${k}[8*lane +: 8] =
            (at == ${XW}'d0) ? e2_token_reg[${k}]
            : (at < e2_header_len_reg[${k}]) ? ((at + ${XW}'d1 < e2_header_len_reg[${k}]) ? 8'd255 : e2_lit_last_reg[${k}])
            : (at < e2_tail_at_reg[${k}]) ? e2_lit_bytes${k}[8*lane +: 8]
            : (at == e2_tail_at_reg[${k}]) ? e2_offset_reg[${k}][7:0]
            : (at == e2_tail_at_reg[${k}] + ${XW}'d1) ? e2_offset_reg[${k}][15:8]
            : (at + ${XW}'d1 < e2_total_reg[${k}]) ? 8'd255 : e2_mat_last_reg[${k}];
    end
endgenerate
assign e2_part[${k}] = e2_bytes${k} & ~({${8 * W}{1'b1}} << {e2_part_count[${k}], 3'b000});`;
  };

  const body = `${modulePortList(top, ports, {
    s_axis: `Block to compress, ${W} bytes per beat`,
    m_axis: 'LZ4 block out; tuser = verdict on the tlast beat',
  })}

localparam [${PW - 1}:0] BUFFER_BYTES = ${PW}'d${N};
localparam [${PW - 1}:0] MAX_OFFSET   = ${PW}'d${MAXOFF};
localparam [31:0] HASH_PRIME = 32'd2654435761;  // LZ4's multiplicative hash
localparam integer WINDOW_FIFO_DEPTH = ${WF};

// ---- Block phases
localparam [1:0] P_INIT  = 2'd0,  // clearing the hash table
                 P_RUN   = 2'd1,  // load, scan, select and encode
                 P_ERROR = 2'd2,  // emit the error beat
                 P_NEXT  = 2'd3;  // block done: next epoch
reg [1:0]          phase_reg;
reg [7:0]          epoch_reg;
reg [${EBW - 1}:0] init_addr_reg;
reg [${PW - 1}:0]  n_reg;            // block length, once load_done_reg
reg                load_done_reg;
reg [${PW - 1}:0]  load_pos_reg;     // bytes loaded
reg [1:0]          error_reg;
reg                swallow_reg;      // an error was found: take the rest of the packet without storing it

// ---- Load
${keepCount.text}
assign s_axis_tready = phase_reg == P_RUN && !load_done_reg;
wire load_fire = s_axis_tvalid && s_axis_tready;
wire [${PW}:0] load_end = {1'b0, load_pos_reg} + {${PW + 1 - CW}'d0, ${keepCount.out}};
wire load_overflow = load_end > {1'b0, BUFFER_BYTES};
wire keep_contiguous = (s_axis_tkeep & (s_axis_tkeep + ${W}'d1)) == ${W}'d0;
wire load_short = !keep_contiguous || (!s_axis_tlast && !(&s_axis_tkeep));
wire buffer_we = load_fire && !swallow_reg && !load_overflow && !load_short;

// ---- Block buffer: ${3 + P} copies, one per reader (scan, extension of the two match ends, literals of each
// sequence encoded in a cycle)
wire [${AW - 1}:0] ${readers.map((r) => `rd_addr_${r}`).join(', ')};
wire [${16 * W - 1}:0] rd_scan;
/* verilator lint_off UNUSEDSIGNAL */
wire [${16 * W - 1}:0] ${readers.slice(1).map((r) => `rd_${r}`).join(', ')};  // these readers take the first row's worth of bytes
/* verilator lint_on UNUSEDSIGNAL */
${readers.map((name) => `dpf_line_ram #(.BYTE_BITS(${LW}), .ROW_BITS(${RB}), .USE_REGISTERS(${useRegs})) buffer_${name} (
    .clk(clk), .wr_en(buffer_we), .wr_row(load_pos_reg[${AW - 1}:${LW}]), .wr_data(s_axis_tdata),
    .rd_addr(rd_addr_${name}), .rd_data(rd_${name})
);`).join('\n')}

// ---- Scan, stage 0: issue a window once the bytes it needs are in (${2 * W + 16} past its start, or the block end)
reg  [${PW - 1}:0] issue_pos_reg;     // next window's first position
reg                s1_valid_reg, s2_valid_reg, s3_valid_reg;
reg  [${PW - 1}:0] s1_pos_reg, s2_pos_reg, s3_pos_reg;
reg  [${bitsFor(WF) - 1}:0] wfifo_count_reg;
wire [${bitsFor(WF) + 1}:0] scan_in_flight = {2'd0, wfifo_count_reg} + {${bitsFor(WF) + 1}'d0, s1_valid_reg}
                                 + {${bitsFor(WF) + 1}'d0, s2_valid_reg} + {${bitsFor(WF) + 1}'d0, s3_valid_reg};
wire [${PW + 1}:0] issue_needs = {2'b0, issue_pos_reg} + ${PW + 2}'d${2 * W + 16};
wire window_ready = load_done_reg ? issue_pos_reg < n_reg : {2'b0, load_pos_reg} >= issue_needs;
wire issue = phase_reg == P_RUN && window_ready && scan_in_flight < ${bitsFor(WF) + 2}'d${WF};
wire scan_done = load_done_reg && issue_pos_reg >= n_reg && scan_in_flight == ${bitsFor(WF) + 2}'d0;
assign rd_addr_scan = issue_pos_reg[${AW - 1}:0];

// ---- Scan, stage 1: the window's bytes (previous row, its row, the next row); each lane's hash
reg  [${8 * W - 1}:0] prev_row_reg;
/* verilator lint_off UNUSEDSIGNAL */
wire [${24 * W - 1}:0] s1_bytes = {rd_scan, prev_row_reg};  ${K ? '' : '// (no backward bytes: the previous row is unused)'}
/* verilator lint_on UNUSEDSIGNAL */
wire [${W * HB - 1}:0] s1_hash;
wire [${W * 8 * S - 1}:0] s1_fwd;
${K ? `wire [${W * 8 * K - 1}:0] s1_back;` : ''}
wire [${W - 1}:0] s1_hashable, s1_end12;
${lanesStage1}

// ---- Scan, stage 2: per bank, the lowest lane hashing to it reads its entry (read-first) and writes itself
reg  [${W * HB - 1}:0] s2_hash;
reg  [${W * 8 * S - 1}:0] s2_fwd;
${K ? `reg  [${W * 8 * K - 1}:0] s2_back;` : ''}
reg  [${W - 1}:0] s2_hashable, s2_end12;
// (written with constant indices only: a lane-by-lane loop writing bank_row/bank_wdata at a variable bank makes
// Yosys build a shifter over all banks per lane, beyond a 24 GiB machine at 16 lanes and 64 banks)
wire [${W - 1}:0] lane_req = {${W}{s2_valid_reg}} & s2_hashable;
wire [${W - 1}:0] lane_win;             // the lane owns its bank this window: the lowest lane asking for it
wire [${LBW - 1}:0] lane_bank [0:${W - 1}];
wire [${EBW - 1}:0] lane_row [0:${W - 1}];
wire [${EW - 1}:0] lane_entry [0:${W - 1}];
generate
    for (lane = 0; lane < ${W}; lane = lane + 1) begin : bank_request
        localparam [${PW - 1}:0] LANE = lane;
        wire [${W - 1}:0] lower_same;   // lower lanes asking for the same bank
        genvar o;
        for (o = 0; o < ${W}; o = o + 1) begin : lower
            if (o < lane) begin : below
                assign lower_same[o] = lane_req[o] && lane_bank[o] == lane_bank[lane];
            end else begin : above
                assign lower_same[o] = 1'b0;
            end
        end
        assign lane_bank[lane] = ${LB ? `s2_hash[lane*${HB} +: ${LB}]` : "1'b0"};
        assign lane_row[lane] = ${EB ? `s2_hash[lane*${HB} + ${LB} +: ${EB}]` : "1'b0"};
        assign lane_entry[lane] = {1'b1, epoch_reg, s2_pos_reg + LANE${K ? `, s2_back[lane*${8 * K} +: ${8 * K}]` : ''}, s2_fwd[lane*${8 * S} +: ${8 * S}]};
        assign lane_win[lane] = lane_req[lane] && !(|lower_same);
    end
endgenerate
// per bank: its winning lane's row and entry (at most one lane wins a bank)
genvar b;
wire [${B - 1}:0] bank_en;
wire [${B * EBW - 1}:0] bank_row;
wire [${B * EW - 1}:0] bank_wdata;
generate
    for (b = 0; b < ${B}; b = b + 1) begin : bank_select
        localparam [${LBW - 1}:0] BANK = b;
        wire [${W - 1}:0] sel;
        reg  [${EBW - 1}:0] row;
        reg  [${EW - 1}:0] wdata;
        genvar l2;
        for (l2 = 0; l2 < ${W}; l2 = l2 + 1) begin : by_lane
            assign sel[l2] = lane_win[l2] && lane_bank[l2] == BANK;
        end
        always @* begin : pick
            integer l;
            row = ${EBW}'d0;
            wdata = ${EW}'d0;
            for (l = 0; l < ${W}; l = l + 1) begin
                row = row | ({${EBW}{sel[l]}} & lane_row[l]);
                wdata = wdata | ({${EW}{sel[l]}} & lane_entry[l]);
            end
        end
        assign bank_en[b] = |sel;
        assign bank_row[b*${EBW} +: ${EBW}] = row;
        assign bank_wdata[b*${EW} +: ${EW}] = wdata;
    end
endgenerate

wire [${EW - 1}:0] bank_q [0:${B - 1}];
generate
    for (b = 0; b < ${B}; b = b + 1) begin : table_bank
        (* ram_style = "${useRegs ? 'logic' : 'block'}" *) reg [${EW - 1}:0] mem [0:${(1 << EB) - 1}];
        reg [${EW - 1}:0] q_reg;
        always @(posedge clk) begin
            if (phase_reg == P_INIT) mem[init_addr_reg] <= ${EW}'d0;
            else if (bank_en[b]) begin
                q_reg <= mem[bank_row[b*${EBW} +: ${EBW}]];  // read-first: the entry before this window
                mem[bank_row[b*${EBW} +: ${EBW}]] <= bank_wdata[b*${EW} +: ${EW}];
            end
        end
        assign bank_q[b] = q_reg;
    end
endgenerate

// ---- Scan, stage 3: each lane against its entry; the window's record goes to the FIFO
reg  [${W - 1}:0] s3_win, s3_end12;
reg  [${W * LBW - 1}:0] s3_bank;
reg  [${W * 8 * S - 1}:0] s3_fwd;
${K ? `reg  [${W * 8 * K - 1}:0] s3_back;` : ''}
wire [${W * RL - 1}:0] s3_record;      // per lane: {match, offset, equal bytes from, equal bytes before}
${lanesStage3}

always @(posedge clk) begin : scan_pipeline
    integer l;
    s1_valid_reg <= issue;
    s1_pos_reg   <= issue_pos_reg;
    if (issue) issue_pos_reg <= issue_pos_reg + ${PW}'d${W};
    if (s1_valid_reg) prev_row_reg <= rd_scan[${8 * W - 1}:0];
    s2_valid_reg <= s1_valid_reg;
    s2_pos_reg   <= s1_pos_reg;
    s2_hash      <= s1_hash;
    s2_fwd       <= s1_fwd;
${K ? '    s2_back      <= s1_back;\n' : ''}    s2_hashable  <= s1_hashable;
    s2_end12     <= s1_end12;
    s3_valid_reg <= s2_valid_reg;
    s3_pos_reg   <= s2_pos_reg;
    s3_win       <= lane_win;
    s3_end12     <= s2_end12;
    s3_fwd       <= s2_fwd;
${K ? '    s3_back      <= s2_back;\n' : ''}    for (l = 0; l < ${W}; l = l + 1) s3_bank[l*${LBW} +: ${LBW}] <= ${LB ? `s2_hash[l*${HB} +: ${LB}]` : "1'b0"};
    if (rst || phase_reg != P_RUN) begin
        s1_valid_reg  <= 1'b0;
        s2_valid_reg  <= 1'b0;
        s3_valid_reg  <= 1'b0;
        issue_pos_reg <= ${PW}'d0;
    end
end

// ---- Window FIFO: {window position, lane records}
reg  [${RECW - 1}:0] wfifo_mem [0:WINDOW_FIFO_DEPTH-1];
reg  [${bitsFor(WF - 1) - 1}:0] wfifo_rd_reg, wfifo_wr_reg;
wire wfifo_pop;
wire [${RECW - 1}:0] head = wfifo_mem[wfifo_rd_reg];
wire head_valid = wfifo_count_reg != ${bitsFor(WF)}'d0;
always @(posedge clk) begin
    if (s3_valid_reg) begin
        wfifo_mem[wfifo_wr_reg] <= {s3_pos_reg, s3_record};
        wfifo_wr_reg <= wfifo_wr_reg + 1'b1;
    end
    if (wfifo_pop) wfifo_rd_reg <= wfifo_rd_reg + 1'b1;
    wfifo_count_reg <= wfifo_count_reg + {${bitsFor(WF) - 1}'d0, s3_valid_reg} - {${bitsFor(WF) - 1}'d0, wfifo_pop};
    if (rst || phase_reg != P_RUN) begin
        wfifo_rd_reg    <= ${bitsFor(WF - 1)}'d0;
        wfifo_wr_reg    <= ${bitsFor(WF - 1)}'d0;
        wfifo_count_reg <= ${bitsFor(WF)}'d0;
    end
end

// ---- Select: up to ${P} sequences per cycle from the head window, each the first match at or after the
// position the one before it covers
localparam [2:0] L_SEL = 3'd0, L_EXT_RD = 3'd1, L_EXT_CMP = 3'd2, L_PUSH = 3'd3, L_DONE = 3'd4;
reg  [2:0]         sel_state_reg;
reg  [${PW - 1}:0] covered_reg;       // first position not inside a chosen match (= the pending literals' start)
wire [${PW - 1}:0] head_pos = head[${RECW - 1}:${W * RL}];
wire [${W - 1}:0]  head_match;
wire [15:0]        head_offset [0:${W - 1}];
wire [${EQW - 1}:0] head_equal [0:${W - 1}];
wire [${BKW - 1}:0] head_before [0:${W - 1}];
wire [${PW}:0]     lim_end = load_done_reg ? {1'b0, n_reg} - ${PW + 1}'d5 : {${PW + 1}{1'b1}};  // a match ends by n - 5
generate
    for (lane = 0; lane < ${W}; lane = lane + 1) begin : head_lane
        assign {head_match[lane], head_offset[lane], head_equal[lane], head_before[lane]} = head[lane*${RL} +: ${RL}];
    end
endgenerate
${range(P + 1).map((k) => pickText(k)).join('\n')}
wire seq_space;                        // room for one sequence
wire seq_space_all;                    // room for ${P}
wire sel_active = sel_state_reg == L_SEL && head_valid;
// pick k is queued when it and every pick before it needs no extension
${range(P).map((k) => `wire take${k} = sel_active && seq_space_all && ${range(k + 1).map((j) => `pick${j}_found && !pick${j}_extend`).join(' && ')};`).join('\n')}
wire sel_push = take0;
wire [${PW - 1}:0] sel_covered = ${chain(range(P - 1).map((k) => `take${P - 1 - k}`), range(P - 1).map((k) => `pick${P - 1 - k}_end[${PW - 1}:0]`), `pick0_end[${PW - 1}:0]`, '                                 ')};
// the window is done when no match is left after the last queued one
wire sel_window_done = ${chain(range(P - 1).map((k) => `take${P - 1 - k}`), range(P - 1).map((k) => `!pick${P - k}_found`), '!pick1_found', '                                     ')};
assign wfifo_pop = sel_active && (!pick0_found || (sel_push && sel_window_done));
wire final_push = sel_state_reg == L_SEL && !head_valid && scan_done && seq_space;
wire               pick_extend = pick0_extend;
wire [${PW - 1}:0] pick_pos = pick0_pos;
wire [15:0]        pick_offset = pick0_offset;
wire [${PW - 1}:0] pick_back = pick0_back;
wire               pick_found = pick0_found;

// Extension of a match whose entry bytes all agree: compare ${W} bytes per cycle from both ends. The first
// read is made in the cycle the match is picked; the sequence is queued in the cycle the ends differ.
reg  [${PW - 1}:0] ext_pos_reg;       // match position
reg  [15:0]        ext_offset_reg;
reg  [${PW - 1}:0] ext_back_reg;
reg  [${PW}:0]     ext_len_reg;       // forward bytes known equal
reg  [${PW - 1}:0] ext_forward_reg;   // the final forward length, while L_PUSH waits for room
wire               ext_picking = sel_state_reg == L_SEL;
wire [${PW - 1}:0] ext_read_pos = ext_picking ? pick_pos : ext_pos_reg;
wire [15:0]        ext_read_offset = ext_picking ? pick_offset : ext_offset_reg;
wire [${PW}:0]     ext_read_at = ext_picking ? ${PW + 1}'d${S} : (sel_state_reg == L_EXT_RD) ? ext_len_reg : ext_len_reg + ${PW + 1}'d${W};
/* verilator lint_off UNUSEDSIGNAL */
wire [${EPW - 1}:0] ext_a_pos = {${EPW - PW - 1}'d0, ext_read_at} + {${EPW - PW}'d0, ext_read_pos};
wire [${EPW - 1}:0] ext_b_pos = ext_a_pos - ${EPW > 16 ? `{${EPW - 16}'d0, ext_read_offset}` : 'ext_read_offset'};
/* verilator lint_on UNUSEDSIGNAL */
// a read is made once its bytes are in, with 5 more so that a block end can only come after them
wire ext_read_ok = load_done_reg || {${EPW - PW}'d0, load_pos_reg} >= ext_a_pos + ${EPW}'d${W + 5};
assign rd_addr_ext_a = ext_a_pos[${AW - 1}:0];
assign rd_addr_ext_b = ext_b_pos[${AW - 1}:0];
wire [${8 * W - 1}:0] ext_a_rd = rd_ext_a[${8 * W - 1}:0];
wire [${8 * W - 1}:0] ext_b_rd = rd_ext_b[${8 * W - 1}:0];
wire [${CW - 1}:0] ext_equal = ${extEqual};
wire [${PW}:0]     ext_limit = lim_end - {1'b0, ext_pos_reg};
wire [${PW}:0]     ext_reach = ext_len_reg + {${PW + 1 - CW}'d0, ext_equal};
/* verilator lint_off UNUSEDSIGNAL */
wire [${PW}:0]     ext_forward = (ext_reach < ext_limit) ? ext_reach : ext_limit;  // at most n - 5: the top bit is 0
/* verilator lint_on UNUSEDSIGNAL */
wire               ext_more = ext_equal == ${CW}'d${W} && ext_len_reg + ${PW + 1}'d${W} < ext_limit;
wire               ext_stop = sel_state_reg == L_EXT_CMP && !ext_more;
wire               ext_push = (ext_stop || sel_state_reg == L_PUSH) && seq_space;
wire [${PW - 1}:0] ext_push_forward = (sel_state_reg == L_PUSH) ? ext_forward_reg : ext_forward[${PW - 1}:0];

always @(posedge clk) begin
    case (sel_state_reg)
        L_SEL: if (sel_active && pick_found) begin
            if (pick_extend) begin
                ext_pos_reg    <= pick_pos;
                ext_offset_reg <= pick_offset;
                ext_back_reg   <= pick_back;
                ext_len_reg    <= ${PW + 1}'d${S};
                sel_state_reg  <= ext_read_ok ? L_EXT_CMP : L_EXT_RD;
            end else if (sel_push) begin
                covered_reg <= sel_covered;
            end
        end else if (final_push) begin
            sel_state_reg <= L_DONE;
        end
        L_EXT_RD: if (ext_read_ok) sel_state_reg <= L_EXT_CMP;
        L_EXT_CMP: begin
            if (ext_more) begin
                ext_len_reg   <= ext_len_reg + ${PW + 1}'d${W};
                sel_state_reg <= ext_read_ok ? L_EXT_CMP : L_EXT_RD;
            end else begin
                ext_forward_reg <= ext_forward[${PW - 1}:0];
                sel_state_reg   <= seq_space ? L_SEL : L_PUSH;
            end
        end
        L_PUSH: if (seq_space) sel_state_reg <= L_SEL;
        default: ;  // L_DONE: the final sequence is queued
    endcase
    if (ext_push) covered_reg <= ext_pos_reg + ext_push_forward;
    if (rst || phase_reg != P_RUN) begin
        sel_state_reg <= L_SEL;
        covered_reg   <= ${PW}'d0;
    end
end

// ---- Sequence FIFO (depth ${SQD}, ${P} writes and ${P} reads per cycle): {final, literal start, literal length, offset, match length}
localparam integer SQW = ${1 + 3 * PW + 16};
wire single_push = ext_push || final_push;  // one sequence, through port 0
wire [SQW-1:0] seq_in [0:${P - 1}];
assign seq_in[0] = final_push ? {1'b1, covered_reg, n_reg - covered_reg, 16'd0, ${PW}'d0}
                 : ext_push ? {1'b0, covered_reg, ext_pos_reg - ext_back_reg - covered_reg, ext_offset_reg, ext_back_reg + ext_push_forward}
                 : {1'b0, covered_reg, pick0_pos - pick0_back - covered_reg, pick0_offset, pick0_back + pick0_forward[${PW - 1}:0]};
${range(1, P).map((k) => `assign seq_in[${k}] = {1'b0, pick${k - 1}_end[${PW - 1}:0], pick${k}_pos - pick${k}_back - pick${k - 1}_end[${PW - 1}:0], pick${k}_offset, pick${k}_back + pick${k}_forward[${PW - 1}:0]};`).join('\n')}
wire [${SQCW - 1}:0] seq_push_count = single_push ? ${SQCW}'d1 : ${range(P).map((k) => `{${SQCW - 1}'d0, take${k}}`).join(' + ')};
wire [${SQCW - 1}:0] seq_pop_count;
reg  [SQW-1:0] seq_mem [0:${SQD - 1}];
reg  [${SQCW - 1}:0] seq_count_reg;
reg  [${SQAW - 1}:0] seq_rd_reg, seq_wr_reg;
assign seq_space = seq_count_reg != ${SQCW}'d${SQD};
assign seq_space_all = seq_count_reg <= ${SQCW}'d${SQD - P};
always @(posedge clk) begin
    if (single_push || take0) seq_mem[seq_wr_reg] <= seq_in[0];
${range(1, P).map((k) => `    if (take${k}) seq_mem[seq_wr_reg + ${SQAW}'d${k}] <= seq_in[${k}];`).join('\n')}
    seq_wr_reg    <= seq_wr_reg + seq_push_count[${SQAW - 1}:0];
    seq_rd_reg    <= seq_rd_reg + seq_pop_count[${SQAW - 1}:0];
    seq_count_reg <= seq_count_reg + seq_push_count - seq_pop_count;
    if (rst || phase_reg != P_RUN) begin
        seq_count_reg <= ${SQCW}'d0;
        seq_rd_reg    <= ${SQAW}'d0;
        seq_wr_reg    <= ${SQAW}'d0;
    end
end

// ---- Encode, stage 1: the layout of the next sequences; up to ${W} bytes per cycle: part of one long sequence,
// or up to ${P} whole ones that fit in a beat together (the literals' reads are made here, one buffer copy each)
// A sequence encodes as: token, literal length bytes (255s and a last byte), literals, offset (2 bytes),
// match length bytes (255s and a last one); the final sequence ends after its literals.
// x / 255 for x < 65790 is (x + 1 + ((x + 1) >> 8)) >> 8: the count of 255 bytes in a length's extension.
${range(P).map((k) => deriveText(k)).join('\n')}
wire               pack_take;
reg                e1_valid_reg [0:${P - 1}];
reg                e2_valid_reg [0:${P - 1}];
reg  [${PW - 1}:0] e1_lit_start_reg [0:${P - 1}];
reg  [15:0]        e1_offset_reg [0:${P - 1}], e2_offset_reg [0:${P - 1}];
reg  [7:0]         e1_token_reg [0:${P - 1}], e2_token_reg [0:${P - 1}];
reg  [7:0]         e1_lit_last_reg [0:${P - 1}], e2_lit_last_reg [0:${P - 1}], e1_mat_last_reg [0:${P - 1}], e2_mat_last_reg [0:${P - 1}];
reg  [${XW - 1}:0] e1_header_len_reg [0:${P - 1}], e2_header_len_reg [0:${P - 1}];
reg  [${XW - 1}:0] e1_tail_at_reg [0:${P - 1}], e2_tail_at_reg [0:${P - 1}], e1_total_reg [0:${P - 1}], e2_total_reg [0:${P - 1}];
reg                e1_final_reg [0:${P - 1}], e2_final_reg [0:${P - 1}];
reg  [${AW - 1}:0] e2_lit_addr_reg [0:${P - 1}];
reg  [${XW - 1}:0] e1_at_reg, e2_at_reg;     // bytes of the first sequence already emitted
wire               enc_stall = e2_valid_reg[0] && !pack_take;
wire [${XW - 1}:0] e1_left = e1_total_reg[0] - e1_at_reg;
wire               e1_more = e1_valid_reg[0] && e1_left > ${XW}'d${W};     // the first sequence needs another beat
wire               enc_load = !enc_stall && !e1_more;
// sequence k joins the beat when the ones before it did and all of them fit in it
${range(P).map((k) => k === 0
    ? `wire load0 = seq_count_reg != ${SQCW}'d0;`
    : `wire load${k} = load${k - 1} && seq_count_reg > ${SQCW}'d${k} && sq${k}_fits;`).join('\n')}
assign seq_pop_count = !enc_load ? ${SQCW}'d0 : ${range(P).map((k) => `{${SQCW - 1}'d0, load${k}}`).join(' + ')};
wire [${XW - 1}:0] e1_lit_addr [0:${P - 1}];
/* verilator lint_off UNUSEDSIGNAL */
assign e1_lit_addr[0] = {2'b0, e1_lit_start_reg[0]} + ((e1_at_reg > e1_header_len_reg[0]) ? e1_at_reg - e1_header_len_reg[0] : ${XW}'d0);
${range(1, P).map((k) => `assign e1_lit_addr[${k}] = {2'b0, e1_lit_start_reg[${k}]};`).join('\n')}
/* verilator lint_on UNUSEDSIGNAL */
// while stage 2 waits, it reads its own literals again so that they are there when it goes
${range(P).map((k) => `assign rd_addr_enc${k} = enc_stall ? e2_lit_addr_reg[${k}] : e1_lit_addr[${k}][${AW - 1}:0];`).join('\n')}

always @(posedge clk) begin : encode_stage1
    integer k;
    if (!enc_stall) begin
        for (k = 0; k < ${P}; k = k + 1) begin
            e2_valid_reg[k]      <= e1_valid_reg[k];
            e2_offset_reg[k]     <= e1_offset_reg[k];
            e2_token_reg[k]      <= e1_token_reg[k];
            e2_lit_last_reg[k]   <= e1_lit_last_reg[k];
            e2_mat_last_reg[k]   <= e1_mat_last_reg[k];
            e2_header_len_reg[k] <= e1_header_len_reg[k];
            e2_tail_at_reg[k]    <= e1_tail_at_reg[k];
            e2_total_reg[k]      <= e1_total_reg[k];
            e2_final_reg[k]      <= e1_final_reg[k];
            e2_lit_addr_reg[k]   <= e1_lit_addr[k][${AW - 1}:0];
        end
        e2_at_reg <= e1_at_reg;
        if (e1_more) begin
            e1_at_reg <= e1_at_reg + ${XW}'d${W};
${range(1, P).map((k) => `            e1_valid_reg[${k}] <= 1'b0;`).join('\n')}
        end else begin
            e1_at_reg <= ${XW}'d0;
${range(P).map((k) => `            e1_valid_reg[${k}]      <= load${k};
            e1_lit_start_reg[${k}]  <= sq${k}_lit_start;
            e1_offset_reg[${k}]     <= sq${k}_offset;
            e1_token_reg[${k}]      <= sq${k}_token;
            e1_lit_last_reg[${k}]   <= sq${k}_lit_last;
            e1_mat_last_reg[${k}]   <= sq${k}_mat_last;
            e1_header_len_reg[${k}] <= sq${k}_header_len;
            e1_tail_at_reg[${k}]    <= sq${k}_tail_at;
            e1_total_reg[${k}]      <= sq${k}_total;
            e1_final_reg[${k}]      <= sq${k}_final;`).join('\n')}
        end
    end
    if (rst || phase_reg != P_RUN) begin
        for (k = 0; k < ${P}; k = k + 1) begin
            e1_valid_reg[k] <= 1'b0;
            e2_valid_reg[k] <= 1'b0;
        end
    end
end

// ---- Encode, stage 2: the beat's bytes, each from its place in its sequence; the sequences side by side
wire [${XW - 1}:0] e2_left = e2_total_reg[0] - e2_at_reg;
wire               e2_last_piece = e2_left <= ${XW}'d${W};
wire [${CW - 1}:0] e2_part_count [0:${P - 1}];
wire [${8 * W - 1}:0] e2_part [0:${P - 1}];
assign e2_part_count[0] = (e2_left >= ${XW}'d${W}) ? ${CW}'d${W} : e2_left[${CW - 1}:0];
${range(1, P).map((k) => `/* verilator lint_off UNUSEDSIGNAL */
wire [${XW - 1}:0] e2_total${k} = e2_total_reg[${k}];  // a joined sequence fits in the beat: at most ${W}
/* verilator lint_on UNUSEDSIGNAL */
assign e2_part_count[${k}] = e2_valid_reg[${k}] ? e2_total${k}[${CW - 1}:0] : ${CW}'d0;`).join('\n')}
${range(P).map((k) => encodeText(k)).join('\n')}
${range(1, P).map((k) => `wire [${CW - 1}:0] e2_part_at${k} = ${range(k).map((j) => `e2_part_count[${j}]`).join(' + ')};`).join('\n')}
wire [${CW - 1}:0] e2_count = ${range(P).map((k) => `e2_part_count[${k}]`).join(' + ')};
wire [${8 * W - 1}:0] e2_piece = e2_part[0]${range(1, P).map((k) => ` | (e2_part[${k}] << {e2_part_at${k}, 3'b000})`).join('')};
wire e2_final_piece = (e2_final_reg[0] && e2_last_piece)${range(1, P).map((k) => ` || (e2_valid_reg[${k}] && e2_final_reg[${k}])`).join('')};

// ---- Packer: pieces of up to ${W} bytes into ${W}-byte beats; a beat leaves once more bytes follow it (or at the end)
reg  [${24 * W - 1}:0] acc_reg;
reg  [${ACW - 1}:0]    acc_count_reg;
reg                    flush_reg;       // the final piece is in: the rest leaves, tlast on the last beat
wire out_ready;
wire beat_full = acc_count_reg > ${ACW}'d${W};
wire beat_final = flush_reg && acc_count_reg != ${ACW}'d0 && !beat_full;
wire beat_out = phase_reg == P_ERROR || (phase_reg == P_RUN && (beat_full || beat_final));
wire beat_go = beat_out && out_ready && phase_reg == P_RUN;
wire [${ACW - 1}:0] acc_sent = !beat_go ? ${ACW}'d0 : beat_full ? ${ACW}'d${W} : acc_count_reg;
wire [${ACW - 1}:0] acc_after = acc_count_reg - acc_sent;
assign pack_take = e2_valid_reg[0] && acc_after <= ${ACW}'d${2 * W};
wire [${W - 1}:0] beat_keep = (phase_reg == P_ERROR) ? ${W}'d0 : beat_full ? {${W}{1'b1}} : ~({${W}{1'b1}} << acc_count_reg);
wire [${8 * W - 1}:0] beat_data = (phase_reg == P_ERROR) ? ${8 * W}'d0 : acc_reg[${8 * W - 1}:0];
always @(posedge clk) begin
    acc_reg <= (acc_reg >> {acc_sent, 3'b000}) | (pack_take ? {${16 * W}'d0, e2_piece} << {acc_after, 3'b000} : ${24 * W}'d0);
    acc_count_reg <= acc_after + (pack_take ? {${ACW - CW}'d0, e2_count} : ${ACW}'d0);
    if (pack_take && e2_final_piece) flush_reg <= 1'b1;
    if (rst || phase_reg != P_RUN) begin
        acc_reg       <= ${24 * W}'d0;
        acc_count_reg <= ${ACW}'d0;
        flush_reg     <= 1'b0;
    end
end
wire block_out = beat_final && out_ready;  // the block's last beat leaves

// ---- Output beats (an error beat carries the code in tuser)
dpf_skid_buffer #(
    .WIDTH(${8 * W} + ${W} + 1 + 2)
) output_buffer (
    .clk(clk),
    .rst(rst),
    .s_data({(phase_reg == P_ERROR) ? error_reg : 2'd0, beat_final || phase_reg == P_ERROR, beat_keep, beat_data}),
    .s_valid(beat_out),
    .s_ready(out_ready),
    .m_data({m_axis_tuser, m_axis_tlast, m_axis_tkeep, m_axis_tdata}),
    .m_valid(m_axis_tvalid),
    .m_ready(m_axis_tready)
);

// ---- Block phases
always @(posedge clk) begin
    case (phase_reg)
        P_INIT: begin
            init_addr_reg <= init_addr_reg + 1'b1;
            if (init_addr_reg == ${EBW}'d${(1 << EB) - 1}) phase_reg <= P_RUN;
        end
        P_RUN: begin
            if (load_fire) begin
                if (load_overflow && error_reg == 2'd0) error_reg <= 2'd1;
                else if (load_short && error_reg == 2'd0) error_reg <= 2'd2;
                if (load_overflow || load_short) swallow_reg <= 1'b1;
                else if (!swallow_reg) load_pos_reg <= load_end[${PW - 1}:0];
                if (s_axis_tlast) begin
                    if (swallow_reg || load_overflow || load_short) phase_reg <= P_ERROR;
                    else begin
                        n_reg         <= load_end[${PW - 1}:0];
                        load_done_reg <= 1'b1;
                    end
                end
            end
            if (block_out) phase_reg <= P_NEXT;
        end
        P_ERROR: if (out_ready) phase_reg <= P_NEXT;
        default: begin  // P_NEXT
            epoch_reg     <= epoch_reg + 8'd1;
            load_pos_reg  <= ${PW}'d0;
            load_done_reg <= 1'b0;
            error_reg     <= 2'd0;
            swallow_reg   <= 1'b0;
            init_addr_reg <= ${EBW}'d0;
            phase_reg     <= (epoch_reg == 8'd255) ? P_INIT : P_RUN;
        end
    endcase
    if (rst) begin
        phase_reg     <= P_INIT;
        epoch_reg     <= 8'd0;
        init_addr_reg <= ${EBW}'d0;
        load_pos_reg  <= ${PW}'d0;
        load_done_reg <= 1'b0;
        error_reg     <= 2'd0;
        swallow_reg   <= 1'b0;
    end
end

endmodule
`;
  return {
    generator: LZ4CP_GENERATOR, version: LZ4CP_GENERATOR_VERSION, paramsJson, top,
    files: [verilogFile(`${top}.v`, header + body + FILE_FOOTER)],
    libFiles: [SKID_BUFFER_FILE, LINE_RAM_FILE],
    ports,
    latencyCycles: 12,
  };
}

export const lz4CompressParallelGenerator: Generator<Lz4ParallelCompressParams> = {
  name: 'lz4-compress-parallel',
  version: LZ4CP_GENERATOR_VERSION,
  summary: 'LZ4 block compressor, parallel implementation of the banked-hash design (bit-exact with its TS model; up to `lanes` B/cycle)',
  schema: lz4cpSchema,
  validate: validateLz4cpParams,
  emit: emitLz4ParallelCompressor,
  command: lz4cpCommand,
};
