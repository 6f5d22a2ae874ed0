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
import { bitsFor, FILE_FOOTER, fileHeader, modulePortList } from '../core/verilog.js';
import { SKID_BUFFER_FILE } from '../crc/generate.js';
import { LZ4CP_GENERATOR, lz4cpSchema, validateLz4cpParams, type Lz4ParallelCompressParams } from './compress-params.js';
import { LZ4C_ERRORS } from './compress.js';

export const LZ4CP_GENERATOR_VERSION = '0.1.0';
export const LINE_RAM_FILE = 'hw/lib/dpf_line_ram.v';

export function lz4cpModuleName(p: Lz4ParallelCompressParams): string {
  return `lz4_compress_par_l${p.lanes}_h${p.hashBits}_b${p.hashBanks}_w${p.windowBytes}_k${p.backwardBytes}_e${p.entryBytes}${p.historyMemory === 'registers' ? '_reg' : ''}`;
}

function lz4cpCommand(p: Lz4ParallelCompressParams): string {
  const flags = Object.entries(p).map(([k, v]) => `${flagName(k)} ${String(v)}`);
  return `npm run dpuforge -- gen lz4-compress-parallel ${flags.join(' ')} -o hw/generated`;
}

const log2 = (n: number) => Math.round(Math.log2(n));
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** `conds[0] ? vals[0] : conds[1] ? vals[1] : ... : last` on one line per term. */
function chain(conds: string[], vals: string[], last: string, indent: string): string {
  return conds.map((c, i) => `${c} ? ${vals[i]}`).concat([last]).join(`\n${indent}: `);
}

export function emitLz4ParallelCompressor(p: Lz4ParallelCompressParams): GeneratedDesign {
  const W = p.lanes;
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
      `Speed: up to ${W} input bytes per cycle (one window of positions per cycle, one sequence per cycle).`,
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
  const pickLane = chain(range(W - 1).map((l) => `eligible[${l}]`), range(W - 1).map((l) => `${LW}'d${l}`), `${LW}'d${W - 1}`, '                              ');
  const extEqual = chain(range(W).map((j) => `ext_a_rd[${8 * j + 7}:${8 * j}] != ext_b_rd[${8 * j + 7}:${8 * j}]`), range(W).map((j) => `${CW}'d${j}`), `${CW}'d${W}`, '                          ');

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
reg [${CW - 1}:0] keep_count;
always @* begin : count_keep
    integer j;
    keep_count = ${CW}'d0;
    for (j = 0; j < ${W}; j = j + 1) keep_count = keep_count + {${CW - 1}'d0, s_axis_tkeep[j]};
end
assign s_axis_tready = phase_reg == P_RUN && !load_done_reg;
wire load_fire = s_axis_tvalid && s_axis_tready;
wire [${PW}:0] load_end = {1'b0, load_pos_reg} + {${PW + 1 - CW}'d0, keep_count};
wire load_overflow = load_end > {1'b0, BUFFER_BYTES};
wire keep_contiguous = (s_axis_tkeep & (s_axis_tkeep + ${W}'d1)) == ${W}'d0;
wire load_short = !keep_contiguous || (!s_axis_tlast && !(&s_axis_tkeep));
wire buffer_we = load_fire && !swallow_reg && !load_overflow && !load_short;

// ---- Block buffer: four copies, one per reader (scan, extension of the two match ends, literals)
wire [${AW - 1}:0] rd_addr_scan, rd_addr_ext_a, rd_addr_ext_b, rd_addr_enc;
wire [${16 * W - 1}:0] rd_scan;
/* verilator lint_off UNUSEDSIGNAL */
wire [${16 * W - 1}:0] rd_ext_a, rd_ext_b, rd_enc;  // these readers take the first row's worth of bytes
/* verilator lint_on UNUSEDSIGNAL */
${['scan', 'ext_a', 'ext_b', 'enc'].map((name) => `dpf_line_ram #(.BYTE_BITS(${LW}), .ROW_BITS(${RB}), .USE_REGISTERS(${useRegs})) buffer_${name} (
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
reg  [${W - 1}:0] lane_win;             // the lane owns its bank this window
reg  [${B - 1}:0] bank_en;
reg  [${B * EBW - 1}:0] bank_row;
reg  [${B * EW - 1}:0] bank_wdata;
always @* begin : arbitrate
    integer l;
    reg [${B - 1}:0] bank_used;
    reg [${LBW - 1}:0] bank;
    bank_used  = ${B}'d0;
    lane_win   = ${W}'d0;
    bank_en    = ${B}'d0;
    bank_row   = ${B * EBW}'d0;
    bank_wdata = ${B * EW}'d0;
    for (l = 0; l < ${W}; l = l + 1) begin
        bank = ${LB ? `s2_hash[l*${HB} +: ${LB}]` : "1'b0"};
        if (s2_valid_reg && s2_hashable[l] && !bank_used[bank]) begin
            bank_used[bank] = 1'b1;
            lane_win[l]     = 1'b1;
            bank_en[bank]   = 1'b1;
            bank_row[bank*${EBW} +: ${EBW}] = ${EB ? `s2_hash[l*${HB} + ${LB} +: ${EB}]` : "1'b0"};
            bank_wdata[bank*${EW} +: ${EW}] = {1'b1, epoch_reg, s2_pos_reg + l[${PW - 1}:0]${K ? `, s2_back[l*${8 * K} +: ${8 * K}]` : ''}, s2_fwd[l*${8 * S} +: ${8 * S}]};
        end
    end
end

wire [${EW - 1}:0] bank_q [0:${B - 1}];
genvar b;
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

// ---- Select: the first match at or after the covered position in the head window
localparam [2:0] L_SEL = 3'd0, L_EXT_RD = 3'd1, L_EXT_CMP = 3'd2, L_PUSH = 3'd3, L_DONE = 3'd4;
reg  [2:0]         sel_state_reg;
reg  [${PW - 1}:0] covered_reg;       // first position not inside a chosen match (= the pending literals' start)
wire [${PW - 1}:0] head_pos = head[${RECW - 1}:${W * RL}];
wire [${W - 1}:0]  head_match;
wire [15:0]        head_offset [0:${W - 1}];
wire [${EQW - 1}:0] head_equal [0:${W - 1}];
wire [${BKW - 1}:0] head_before [0:${W - 1}];
wire [${PW}:0]     skip = (covered_reg > head_pos) ? {1'b0, covered_reg - head_pos} : ${PW + 1}'d0;  // lanes already covered
wire [${W - 1}:0]  eligible;
wire [${PW}:0]     lim_end = load_done_reg ? {1'b0, n_reg} - ${PW + 1}'d5 : {${PW + 1}{1'b1}};  // a match ends by n - 5
generate
    for (lane = 0; lane < ${W}; lane = lane + 1) begin : head_lane
        assign {head_match[lane], head_offset[lane], head_equal[lane], head_before[lane]} = head[lane*${RL} +: ${RL}];
        assign eligible[lane] = head_match[lane] && skip <= ${PW + 1}'d0 + lane;
    end
endgenerate
wire               pick_found = eligible != ${W}'d0;
wire [${LW - 1}:0] pick_lane = ${pickLane};
wire [${PW - 1}:0] pick_pos = head_pos + {${PW - LW}'d0, pick_lane};
wire [15:0]        pick_offset = head_offset[pick_lane];
wire [${EQW - 1}:0] pick_equal = head_equal[pick_lane];
wire [${PW - 1}:0] pick_pending = pick_pos - covered_reg;                   // literals before the match position
wire [${PW - 1}:0] pick_back = ({${PW - BKW}'d0, head_before[pick_lane]} < pick_pending) ? {${PW - BKW}'d0, head_before[pick_lane]} : pick_pending;
wire [${PW}:0]     pick_limit = lim_end - {1'b0, pick_pos};                 // forward bytes allowed
wire [${PW}:0]     pick_forward = ({${PW + 1 - EQW}'d0, pick_equal} < pick_limit) ? {${PW + 1 - EQW}'d0, pick_equal} : pick_limit;
wire               pick_extend = pick_equal == ${EQW}'d${S} && pick_limit > ${PW + 1}'d${S};
wire [${PW}:0]     pick_end = {1'b0, pick_pos} + pick_forward;               // covered after this match
wire [${PW + 1}:0] head_end = {2'b0, head_pos} + ${PW + 2}'d${W};
wire [${PW + 1}:0] pick_skip = {1'b0, pick_end} - {2'b0, head_pos};
wire [${W - 1}:0]  left_after;                                          // matches the pick leaves uncovered
generate
    for (lane = 0; lane < ${W}; lane = lane + 1) begin : rest_lane
        assign left_after[lane] = head_match[lane] && pick_skip <= ${PW + 2}'d0 + lane;
    end
endgenerate
wire seq_space;
wire sel_active = sel_state_reg == L_SEL && head_valid;
wire sel_push = sel_active && pick_found && !pick_extend && seq_space;
assign wfifo_pop = sel_active && (!pick_found || (sel_push && ({1'b0, pick_end} >= head_end || left_after == ${W}'d0)));
wire final_push = sel_state_reg == L_SEL && !head_valid && scan_done && seq_space;

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
                covered_reg <= pick_end[${PW - 1}:0];
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

// ---- Sequence FIFO (depth 4): {final, literal start, literal length, offset, match length}
localparam integer SQW = ${1 + 3 * PW + 16};
wire seq_push = sel_push || ext_push || final_push;
wire [${PW - 1}:0] seq_match_start = ext_push ? ext_pos_reg - ext_back_reg : pick_pos - pick_back;
wire [SQW-1:0] seq_in = final_push ? {1'b1, covered_reg, n_reg - covered_reg, 16'd0, ${PW}'d0}
                      : ext_push ? {1'b0, covered_reg, seq_match_start - covered_reg, ext_offset_reg, ext_back_reg + ext_push_forward}
                      : {1'b0, covered_reg, seq_match_start - covered_reg, pick_offset, pick_back + pick_forward[${PW - 1}:0]};
reg [SQW-1:0] seq_mem [0:3];
reg [2:0]     seq_count_reg;
reg [1:0]     seq_rd_reg, seq_wr_reg;
wire seq_pop;
assign seq_space = seq_count_reg != 3'd4;
always @(posedge clk) begin
    if (seq_push) begin
        seq_mem[seq_wr_reg] <= seq_in;
        seq_wr_reg <= seq_wr_reg + 2'd1;
    end
    if (seq_pop) seq_rd_reg <= seq_rd_reg + 2'd1;
    seq_count_reg <= seq_count_reg + {2'b0, seq_push} - {2'b0, seq_pop};
    if (rst || phase_reg != P_RUN) begin
        seq_count_reg <= 3'd0;
        seq_rd_reg    <= 2'd0;
        seq_wr_reg    <= 2'd0;
    end
end

// ---- Encode, stage 1: a sequence's layout; up to ${W} of its bytes per cycle (the literals' read is made here)
// A sequence encodes as: token, literal length bytes (255s and a last byte), literals, offset (2 bytes),
// match length bytes (255s and a last one); the final sequence ends after its literals.
wire [SQW-1:0] seq_head = seq_mem[seq_rd_reg];
wire           sh_final = seq_head[SQW-1];
wire [${PW - 1}:0] sh_lit_start = seq_head[SQW-2 -: ${PW}];
wire [${PW - 1}:0] sh_lit_len = seq_head[SQW-2-${PW} -: ${PW}];
wire [15:0]        sh_offset = seq_head[${PW + 15}:${PW}];
wire [${PW - 1}:0] sh_match_len = seq_head[${PW - 1}:0];
// x / 255 for x < 65790 is (x + 1 + ((x + 1) >> 8)) >> 8: the count of 255 bytes in a length's extension
wire [${PW - 1}:0] lit_x = sh_lit_len - ${PW}'d15;
wire [${PW - 1}:0] lit_x1 = lit_x + ${PW}'d1;
wire [${PW - 1}:0] lit_q = (lit_x1 + (lit_x1 >> 8)) >> 8;
wire [${PW - 1}:0] lit_rem = lit_x - (lit_q << 8) + lit_q;
wire               lit_long = sh_lit_len >= ${PW}'d15;
wire [${PW - 1}:0] mat_x4 = sh_match_len - ${PW}'d4;
wire [${PW - 1}:0] mat_x = sh_match_len - ${PW}'d19;
wire [${PW - 1}:0] mat_x1 = mat_x + ${PW}'d1;
wire [${PW - 1}:0] mat_q = (mat_x1 + (mat_x1 >> 8)) >> 8;
wire [${PW - 1}:0] mat_rem = mat_x - (mat_q << 8) + mat_q;
wire               mat_long = !sh_final && mat_x4 >= ${PW}'d15;
wire [${XW - 1}:0] sh_header_len = ${XW}'d1 + (lit_long ? {2'b0, lit_q} + ${XW}'d1 : ${XW}'d0);
wire [${XW - 1}:0] sh_tail_at = sh_header_len + {2'b0, sh_lit_len};
wire [${XW - 1}:0] sh_total = sh_tail_at + (sh_final ? ${XW}'d0 : ${XW}'d2 + (mat_long ? {2'b0, mat_q} + ${XW}'d1 : ${XW}'d0));
/* verilator lint_off UNUSEDSIGNAL */
wire [${PW - 1}:0] lit_rem_keep = lit_rem, mat_rem_keep = mat_rem;  // below 255: the low byte is the value
/* verilator lint_on UNUSEDSIGNAL */
wire [7:0]         sh_token = {lit_long ? 4'd15 : sh_lit_len[3:0], sh_final ? 4'd0 : mat_long ? 4'd15 : mat_x4[3:0]};

reg                e1_valid_reg, e2_valid_reg;
reg  [${PW - 1}:0] e1_lit_start_reg;
reg  [15:0]        e1_offset_reg, e2_offset_reg;
reg  [7:0]         e1_token_reg, e2_token_reg, e1_lit_last_reg, e2_lit_last_reg, e1_mat_last_reg, e2_mat_last_reg;
reg  [${XW - 1}:0] e1_header_len_reg, e2_header_len_reg, e1_tail_at_reg, e2_tail_at_reg, e1_total_reg, e2_total_reg;
reg  [${XW - 1}:0] e1_at_reg, e2_at_reg;     // bytes of the sequence already emitted
reg                e1_final_reg, e2_final_reg;
reg  [${AW - 1}:0] e2_lit_addr_reg;
wire               pack_take;
wire               enc_stall = e2_valid_reg && !pack_take;
wire [${XW - 1}:0] e1_left = e1_total_reg - e1_at_reg;
wire               e1_more = e1_valid_reg && e1_left > ${XW}'d${W};     // the sequence needs another beat
assign seq_pop = !enc_stall && !e1_more && seq_count_reg != 3'd0;
/* verilator lint_off UNUSEDSIGNAL */
wire [${XW - 1}:0] e1_lit_addr = {2'b0, e1_lit_start_reg} + ((e1_at_reg > e1_header_len_reg) ? e1_at_reg - e1_header_len_reg : ${XW}'d0);
/* verilator lint_on UNUSEDSIGNAL */
// while stage 2 waits, it reads its own literals again so that they are there when it goes
assign rd_addr_enc = enc_stall ? e2_lit_addr_reg : e1_lit_addr[${AW - 1}:0];

always @(posedge clk) begin
    if (!enc_stall) begin
        e2_valid_reg      <= e1_valid_reg;
        e2_offset_reg     <= e1_offset_reg;
        e2_token_reg      <= e1_token_reg;
        e2_lit_last_reg   <= e1_lit_last_reg;
        e2_mat_last_reg   <= e1_mat_last_reg;
        e2_header_len_reg <= e1_header_len_reg;
        e2_tail_at_reg    <= e1_tail_at_reg;
        e2_total_reg      <= e1_total_reg;
        e2_at_reg         <= e1_at_reg;
        e2_final_reg      <= e1_final_reg;
        e2_lit_addr_reg   <= e1_lit_addr[${AW - 1}:0];
        if (e1_more) begin
            e1_at_reg <= e1_at_reg + ${XW}'d${W};
        end else begin
            e1_valid_reg      <= seq_pop;
            e1_lit_start_reg  <= sh_lit_start;
            e1_offset_reg     <= sh_offset;
            e1_token_reg      <= sh_token;
            e1_lit_last_reg   <= ${PW >= 8 ? 'lit_rem_keep[7:0]' : `{${8 - PW}'d0, lit_rem_keep}`};
            e1_mat_last_reg   <= ${PW >= 8 ? 'mat_rem_keep[7:0]' : `{${8 - PW}'d0, mat_rem_keep}`};
            e1_header_len_reg <= sh_header_len;
            e1_tail_at_reg    <= sh_tail_at;
            e1_total_reg      <= sh_total;
            e1_at_reg         <= ${XW}'d0;
            e1_final_reg      <= sh_final;
        end
    end
    if (rst || phase_reg != P_RUN) begin
        e1_valid_reg <= 1'b0;
        e2_valid_reg <= 1'b0;
    end
end

// ---- Encode, stage 2: the beat's bytes, each from its place in the sequence
wire [${XW - 1}:0] lit_shift = (e2_header_len_reg > e2_at_reg) ? e2_header_len_reg - e2_at_reg : ${XW}'d0;
/* verilator lint_off UNUSEDSIGNAL */
wire [${8 * W + 7}:0] lit_bytes = {8'd0, rd_enc[${8 * W - 1}:0]} << {lit_shift, 3'b000};  // literal k of this beat at its place
/* verilator lint_on UNUSEDSIGNAL */
wire [${XW - 1}:0] e2_left = e2_total_reg - e2_at_reg;
wire [${CW - 1}:0] e2_count = (e2_left >= ${XW}'d${W}) ? ${CW}'d${W} : e2_left[${CW - 1}:0];
wire               e2_last_piece = e2_left <= ${XW}'d${W};
wire [${8 * W - 1}:0] e2_bytes;
generate
    for (lane = 0; lane < ${W}; lane = lane + 1) begin : enc_byte
        wire [${XW - 1}:0] at = e2_at_reg + ${XW}'d0 + lane;  // this byte's index in the sequence's encoding
        assign e2_bytes[8*lane +: 8] =
            (at == ${XW}'d0) ? e2_token_reg
            : (at < e2_header_len_reg) ? ((at + ${XW}'d1 < e2_header_len_reg) ? 8'd255 : e2_lit_last_reg)
            : (at < e2_tail_at_reg) ? lit_bytes[8*lane +: 8]
            : (at == e2_tail_at_reg) ? e2_offset_reg[7:0]
            : (at == e2_tail_at_reg + ${XW}'d1) ? e2_offset_reg[15:8]
            : (at + ${XW}'d1 < e2_total_reg) ? 8'd255 : e2_mat_last_reg;
    end
endgenerate
wire [${8 * W - 1}:0] e2_piece = e2_bytes & ~({${8 * W}{1'b1}} << {e2_count, 3'b000});

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
assign pack_take = e2_valid_reg && acc_after <= ${ACW}'d${2 * W};
wire [${W - 1}:0] beat_keep = (phase_reg == P_ERROR) ? ${W}'d0 : beat_full ? {${W}{1'b1}} : ~({${W}{1'b1}} << acc_count_reg);
wire [${8 * W - 1}:0] beat_data = (phase_reg == P_ERROR) ? ${8 * W}'d0 : acc_reg[${8 * W - 1}:0];
always @(posedge clk) begin
    acc_reg <= (acc_reg >> {acc_sent, 3'b000}) | (pack_take ? {${16 * W}'d0, e2_piece} << {acc_after, 3'b000} : ${24 * W}'d0);
    acc_count_reg <= acc_after + (pack_take ? {${ACW - CW}'d0, e2_count} : ${ACW}'d0);
    if (pack_take && e2_last_piece && e2_final_reg) flush_reg <= 1'b1;
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
    files: [{ name: `${top}.v`, content: header + body + FILE_FOOTER }],
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
