// LZ4 block compressor generator, the skip-ahead greedy design (model src/ref/lz4-compress-greedy.ts): a small
// engine, one position per cycle, made to be replicated in an engine array. Its output equals
// lz4GreedyCompress(greedyDesignOf(params), block) byte for byte.
//
//   load      the block arrives loadBytes per beat and is written a row per beat into three copies of a lane
//             RAM (dpf_lane_ram: beatBytes from any byte address per read); it is compressed once it is all in.
//   scan      one position a cycle while no match is being extended: (A) read its 4 bytes; (B) hash them and
//             access the table read-first (the entry's old position is the candidate, the position is written);
//             (C) read the candidate's 4 bytes; (D) verdict. A match found at D stops the scan: the two positions
//             behind it (at B and C) have written the table (the model's 2 speculative inserts), the one being
//             read at A is dropped before its table access.
//   extend    one read of both copies at i - 4 and c - 4 gives the bytes for backward growth (at most
//             backwardBytes, over pending literals) and the first forward bytes; then beatBytes bytes a
//             cycle (reads issued every cycle, the one in flight dropped at the mismatch), to at most 5 bytes
//             before the block end. The scan resumes at the match's end: positions inside a match are neither
//             looked up nor inserted.
//   encode    the byte encoder the sequential engine uses (lz4ByteEncoder): token, length bytes, literals from
//             the third buffer copy, offset, one byte per cycle, packed into 4-byte beats.
// The table is tagged with an 8-bit block epoch instead of being cleared per block (cleared at reset and when the
// epoch wraps).
//   pieces    (piece mode) the packet is one piece of a larger block, one engine per piece (src/ref/lz4-pieces.ts):
//             the block's bytes after the piece (s_piece) extend the scan's and the matches' limits; the piece's
//             first match goes out without its token unless the piece is the block's first (the previous piece's
//             engine wrote it), and its last record writes the token of the sequence its trailing literals start,
//             with the literals and match length the next piece's engine sends (s_down); m_up sends this piece's.
import { canonicalParams, flagName } from '../core/params.js';
import type { Generator } from '../core/generator.js';
import type { DesignPorts, GeneratedDesign } from '../core/design.js';
import { bitsFor, FILE_FOOTER, fileHeader, modulePortList, verilogFile } from '../core/verilog.js';
import { LANE_RAM_FILE, SKID_BUFFER_FILE } from '../core/lib-files.js';
import { blockPhaseDeclarations, blockPhases, LZ4C_ERRORS, lz4ByteEncoder, SEQUENCE_FIFO } from './compress.js';
import { GREEDY_SPECULATIVE_INSERTS, LZ4CG_GENERATOR, lz4cgSchema, validateLz4cgParams, type Lz4GreedyCompressParams } from './compress-params.js';

export const LZ4CG_GENERATOR_VERSION = '0.2.1';

export function lz4cgModuleName(p: Lz4GreedyCompressParams): string {
  return `lz4_compress_greedy_b${p.beatBytes}${p.loadBytes !== p.beatBytes ? `_l${p.loadBytes}` : ''}_h${p.hashBits}_w${p.windowBytes}_k${p.backwardBytes}${p.historyMemory === 'registers' ? '_reg' : ''}${p.pieces ? '_pc' : ''}${p.loadSlots > 1 ? '_s2' : ''}${p.literalBytes > 1 ? `_lit${p.literalBytes}` : ''}`;
}

function lz4cgCommand(p: Lz4GreedyCompressParams): string {
  const flags = Object.entries(p).map(([k, v]) => `${flagName(k)} ${String(v)}`);
  return `npm run dpuforge -- gen lz4-compress-greedy ${flags.join(' ')} -o hw/generated`;
}

const log2 = (n: number) => Math.round(Math.log2(n));

/** `count` of the leading equal bytes of eq[from..to-1] (from the low end), as a sum of and-chains. */
function leadingOnes(name: string, eq: string, from: number, to: number, width: number): string {
  if (to <= from) return `wire [${width - 1}:0] ${name} = ${width}'d0;`;
  const terms = [];
  for (let j = from; j < to; j++) terms.push(`{${width - 1}'d0, &${eq}[${j}:${from}]}`);
  return `wire [${width - 1}:0] ${name} = ${terms.join('\n    + ')};`;
}

export function emitLz4GreedyCompressor(p: Lz4GreedyCompressParams): GeneratedDesign {
  const R = p.beatBytes;
  const L = p.loadBytes;
  const LB = log2(L);
  const N = p.windowBytes;
  const AW = log2(N); // byte address bits; positions scanned are below N
  const RB = AW - LB; // rows of loadBytes bytes
  const PW = bitsFor(N); // positions and lengths 0..N
  const HB = p.hashBits;
  const K = p.backwardBytes;
  const EW = 1 + 8 + AW; // table entry: valid, epoch, position
  const RD = R; // bytes compared per read
  const CW = bitsFor(RD); // counts 0..RD
  const SECOND = Math.max(8, R); // the second read's bytes from i - 4: the first byte not compared yet
  const top = lz4cgModuleName(p);
  const paramsJson = canonicalParams(lz4cgSchema, p as unknown as Record<string, unknown>);
  const useRegs = p.historyMemory === 'registers' ? 1 : 0;
  // positions below N have AW bits, lengths up to N have PW = AW + 1: one zero bit extends the first
  const pw = (x: string) => `{1'b0, ${x}}`;
  const PC = p.pieces;
  const S2 = p.loadSlots > 1;
  const slotRow = (row: string) => (S2 ? `{load_slot_reg, ${row}}` : row);
  const slotAddr = (addr: string) => (S2 ? `{run_slot_reg, ${addr}}` : addr);
  const p32 = (x: string, w: number) => `{${32 - w}'d0, ${x}}`;

  const ports: DesignPorts = {
    clock: 'clk', reset: 'rst',
    streams: [
      { prefix: 's_axis', dir: 'in', dataBytes: L, keep: true, last: true, userBits: 0 },
      { prefix: 'm_axis', dir: 'out', dataBytes: 4, keep: true, last: true, userBits: 2 },
      ...(PC ? [
        { prefix: 's_piece', dir: 'in' as const, dataBytes: 1, keep: false, last: false, userBits: 0 },
        { prefix: 's_down', dir: 'in' as const, dataBytes: 8, keep: false, last: false, userBits: 0 },
        { prefix: 'm_up', dir: 'out' as const, dataBytes: 8, keep: false, last: false, userBits: 0 },
      ] : []),
    ],
  };
  const header = fileHeader({
    file: `${top}.v`,
    what: `LZ4 block compressor (skip-ahead greedy design: one table, one position a cycle), ${N}-byte blocks.`,
    generator: LZ4CG_GENERATOR, version: LZ4CG_GENERATOR_VERSION, paramsJson, command: lz4cgCommand(p),
    notes: [
      'Output equals src/ref/lz4-compress-greedy.ts lz4GreedyCompress with these parameters and',
      `speculativeInserts = ${GREEDY_SPECULATIVE_INSERTS}, byte for byte: an LZ4 block that liblz4 decodes.`,
      `s_axis: one block per packet, ${L} bytes per beat, lane 0 first; every beat but the last full; at most ${N}`,
      'bytes. m_axis: the LZ4 block, 4 bytes per beat, tlast on its last beat, whose tuser is the verdict',
      '(0 = compressed; the block is then the whole packet):',
      ...Object.entries(LZ4C_ERRORS).map(([c, w]) => `  ${c} = ${w.replace('4 bytes', `${L} bytes`)} (the output packet is then one empty beat)`),
      'Speed: one position a cycle over literals, a few cycles per match plus beatBytes matched bytes a cycle;',
      'the block is loaded before it is compressed. Reset: synchronous, active high; the hash table is cleared',
      `after reset (${1 << HB} cycles) and every 256 blocks.`,
      ...(PC ? [
        'Piece mode: each packet is one piece of a larger block (src/ref/lz4-pieces.ts: what the engine writes and',
        'passes on). s_piece, one beat per piece before its scan: bit 0 the block\'s first piece, bit 1 its last, bits',
        '5:2 the block\'s bytes after the piece, up to 8. s_down (not for a last piece), from the next piece\'s engine, and',
        'm_up (not for a first piece), to the previous one\'s: bits 31:0 literals from the piece\'s start to the next',
        'match (through pieces without one) or the block\'s end, bits 62:32 that match\'s length, bit 63 a match follows.',
      ] : []),
    ],
  });

  const keepSum = Array.from({ length: L }, (_, k) => `{${LB}'d0, s_axis_tkeep[${k}]}`).join(' + ');
  const backLimit = (b: number) => `eq[${4 - b}] && back_room_reg >= 3'd${b}`;
  const backExpr = K === 0 ? "3'd0" : Array.from({ length: K }, (_, k) => k + 1)
    .reduceRight((inner: string, b) => `(${backLimit(b)}) ? ${b === K ? `3'd${b}` : `(${inner})`} : 3'd${b - 1}`, '');

  const body = `${modulePortList(top, ports, {
    s_axis: `Block to compress, ${L} bytes per beat`,
    m_axis: 'LZ4 block out, 4 bytes per beat; tuser = verdict on the tlast beat',
    ...(PC ? { s_piece: 'The piece\'s place in its block', s_down: 'Info from the next piece\'s engine', m_up: 'Info to the previous piece\'s engine' } : {}),
  })}

localparam [${PW - 1}:0] BUFFER_BYTES = ${PW}'d${N};
localparam [31:0] HASH_PRIME = 32'd2654435761;  // LZ4's multiplicative hash

${blockPhaseDeclarations({ HB, PW, run: 'scan, extend and encode' })}
// ---- Load
wire [${LB}:0] keep_count = ${keepSum};
${S2 ? `// two block buffers: a block loads into the free one (load_slot_reg) while the other's is compressed (run_slot_reg)
reg        load_slot_reg, run_slot_reg;
reg  [1:0] slot_full_reg;           // the buffer holds a whole block, not yet compressed
reg  [${PW - 1}:0] slot_n_reg [0:1];  // its length
reg  [1:0] slot_error_reg [0:1];    // its verdict
reg  [1:0] load_error_reg;          // the verdict of the block being loaded
assign s_axis_tready = !slot_full_reg[load_slot_reg] && !rst;` : 'assign s_axis_tready = phase_reg == P_LOAD;'}
wire load_fire = s_axis_tvalid && s_axis_tready;
wire [${PW - 1}:0] load_end = load_pos_reg + {${PW - LB - 1}'d0, keep_count};  // at most the buffer's ${N} bytes
// every beat but the last is full, so the buffer's fill is a multiple of ${L} until the last beat: a beat overflows
// only when the buffer is already full and it carries bytes (an empty beat's keep is 0)
wire load_overflow = load_pos_reg == BUFFER_BYTES && s_axis_tkeep[0];
wire keep_contiguous = (s_axis_tkeep & (s_axis_tkeep + ${L}'d1)) == ${L}'d0;
wire load_short = !keep_contiguous || (!s_axis_tlast && !(&s_axis_tkeep));
wire buffer_we = load_fire && !swallow_reg && !load_overflow && !load_short;

// ---- Block buffer: three copies; a: scan bytes and the match's side, b: candidates and the history side,
// e: the encoder's literals
wire [${AW - 1}:0] rd_addr_a, rd_addr_b, rd_addr_enc;
wire [${8 * R - 1}:0] rd_a, rd_b;
/* verilator lint_off UNUSEDSIGNAL */
wire [${8 * R - 1}:0] rd_e;  // the encoder takes one literal per cycle: byte 0 of the read
/* verilator lint_on UNUSEDSIGNAL */
wire [7:0] rd_enc = rd_e[7:0];
${['a', 'b', 'e'].map((c) => `dpf_lane_ram #(
    .READ_BITS    (${log2(R)}),
    .WRITE_BITS   (${LB}),
    .ROW_BITS     (${S2 ? RB + 1 : RB}),
    .USE_REGISTERS(${useRegs})${S2 ? `,
    .SLOT_BITS    (1)` : ''}
) buffer_${c} (
    .clk    (clk),
    .wr_en  (buffer_we),
    .wr_row (${slotRow(`load_pos_reg[${AW - 1}:${LB}]`)}),
    .wr_data(s_axis_tdata),
    .rd_addr(${slotAddr(c === 'e' ? 'rd_addr_enc' : `rd_addr_${c}`)}),
    .rd_data(rd_${c})
);`).join('\n')}

// ---- Scan: one position a cycle through (A) read, (B) hash and table, (C) candidate read, (D) verdict
localparam [2:0] S_SCAN  = 3'd0,  // positions issued, one a cycle
                 S_EXT   = 3'd1,  // a match is extended
                 S_PUSH  = 3'd2,  // its sequence goes to the encoder
                 S_FINAL = 3'd3,  // the trailing literals go to the encoder
                 S_DONE  = 3'd4;  // wait for the encoder to finish the block
reg [2:0]         sel_state_reg;
reg [${PW - 1}:0] issue_pos_reg;    // next position to issue
reg [${PW - 1}:0] anchor_reg;       // first byte not yet in a sequence
wire [${PW}:0]    issue_end12 = {1'b0, issue_pos_reg} + ${PW + 1}'d12;
${PC ? `// ---- Piece: its place in the block, the block's bytes after it (up to 8), the info to and from its neighbours
reg        piece_known_reg, piece_first_reg, piece_last_reg;
reg  [3:0] piece_tail_reg;
${S2 ? `// (with two buffers also while the table is cleared: the next two pieces may load meanwhile, and their places come
// in order, one register at a time)
assign s_piece_tready = !piece_known_reg && phase_reg != P_NEXT;` : 'assign s_piece_tready = !piece_known_reg && (phase_reg == P_LOAD || phase_reg == P_RUN || phase_reg == P_ERROR);'}
/* verilator lint_off UNUSEDSIGNAL */
wire [7:0] piece_in = s_piece_tdata;  // bits 7:6 unused
/* verilator lint_on UNUSEDSIGNAL */
// the scan looks up positions p with p + 12 <= n + tail (so also p + 4 <= n), matches end by n - 5 + min(tail, 5)
wire [${PW}:0] scan_end = {1'b0, n_reg} + {${PW - 3}'d0, piece_tail_reg};
wire [${PW - 1}:0] tail5 = (piece_tail_reg > 4'd5) ? ${PW}'d5 : {${PW - 4}'d0, piece_tail_reg};
reg         had_match_reg;            // a match of this piece has gone to the encoder
reg         down_have_reg;            // the next piece's info is in
reg  [63:0] down_reg;
reg         up_valid_reg;
reg  [63:0] up_reg;
assign m_up_tvalid = up_valid_reg;
assign m_up_tdata  = up_reg;
wire        down_match = down_reg[63];
wire [30:0] down_length = down_reg[62:32];
wire [31:0] down_literals = down_reg[31:0];
// a match starts at least 12 bytes before the block's end: later positions are not looked up
wire issue = phase_reg == P_RUN && piece_known_reg && sel_state_reg == S_SCAN && issue_end12 <= scan_end;`
    : `// a match starts at least 12 bytes before the end: later positions are not looked up
wire issue = phase_reg == P_RUN && sel_state_reg == S_SCAN && issue_end12 <= {1'b0, n_reg};`}
reg               b_valid_reg, c_valid_reg, d_valid_reg;
reg [${AW - 1}:0] b_pos_reg, c_pos_reg, d_pos_reg;

// (B) LZ4's hash keeps the top hashBits of the 32-bit product; the low bits are unused by definition.
wire [31:0] b_bytes = rd_a[31:0];
/* verilator lint_off UNUSEDSIGNAL */
wire [31:0] hash_product = b_bytes * HASH_PRIME;
/* verilator lint_on UNUSEDSIGNAL */
wire [${HB - 1}:0] b_hash = hash_product[31:${32 - HB}];
(* ram_style = "${useRegs ? 'logic' : 'block'}" *) reg [${EW - 1}:0] table_mem [0:${(1 << HB) - 1}];
reg [${EW - 1}:0] table_q;
always @(posedge clk) begin
    if (phase_reg == P_INIT) table_mem[init_addr_reg] <= ${EW}'d0;
    else if (b_valid_reg) begin
        table_q <= table_mem[b_hash];                      // read-first: the entry before this position
        table_mem[b_hash] <= {1'b1, epoch_reg, b_pos_reg};
    end
end

// (C) the candidate, if the entry is from this block
reg  [31:0]       c_bytes_reg;
wire [${AW - 1}:0] c_cand = table_q[${AW - 1}:0];
wire c_cand_ok = table_q[${EW - 1}] && table_q[${EW - 2}:${AW}] == epoch_reg;

// (D) a 4-byte match (positions are issued at least 12 bytes before the end; a candidate is an earlier position
// of this block, so its offset is below the ${N}-byte window, within LZ4's 65535)
reg               d_cand_ok_reg;
reg  [${AW - 1}:0] d_cand_reg;
reg  [31:0]       d_bytes_reg;
wire d_match = d_valid_reg && d_cand_ok_reg && rd_b[31:0] == d_bytes_reg;

always @(posedge clk) begin
    if (issue) issue_pos_reg <= issue_pos_reg + ${PW}'d1;
    // a match at D drops the position read at A before its table access; B and C have written theirs
    b_valid_reg   <= issue && !d_match;
    b_pos_reg     <= issue_pos_reg[${AW - 1}:0];
    c_valid_reg   <= b_valid_reg && !d_match;
    c_pos_reg     <= b_pos_reg;
    c_bytes_reg   <= b_bytes;
    d_valid_reg   <= c_valid_reg && !d_match;
    d_pos_reg     <= c_pos_reg;
    d_cand_ok_reg <= c_cand_ok;
    d_cand_reg    <= c_cand;
    d_bytes_reg   <= c_bytes_reg;
    if (sel_state_reg == S_PUSH && seq_space) issue_pos_reg <= ${PC ? 'x_end' : pw('x_end')};
    if (rst || phase_reg != P_RUN) begin
        b_valid_reg   <= 1'b0;
        c_valid_reg   <= 1'b0;
        d_valid_reg   <= 1'b0;
        issue_pos_reg <= ${PW}'d0;
    end
end

// ---- Extend: backward over pending literals, forward ${RD} bytes a cycle (reads from i - 4, then ${SECOND} on, then every ${RD})
reg [${AW - 1}:0] x_pos_reg;        // i: where the match was found
reg [${AW - 1}:0] x_cand_reg;       // its candidate
reg [${AW - 1}:0] x_fwd_reg;        // bytes from i known equal
reg [${PW - 1}:0] x_room_reg;       // bytes between i + x_fwd_reg and n - 5
reg [2:0]         x_back_reg;       // bytes it grew backwards
reg               x_started_reg;    // the first read (from i - 4) has been issued
reg [${AW - 1}:0] x_rd_a_reg;       // the next reads' addresses: i - 4, then on
reg [${AW - 1}:0] x_rd_b_reg;       // c - 4, then on
reg               x_pending_reg;    // a read was issued last cycle: its bytes are on rd_a, rd_b
reg               x_first_reg;      // ... and it is the first (from i - 4)
assign rd_addr_a = (sel_state_reg == S_SCAN) ? issue_pos_reg[${AW - 1}:0] : x_rd_a_reg;
assign rd_addr_b = (sel_state_reg == S_SCAN) ? c_cand : x_rd_b_reg;
wire [${RD - 1}:0] eq;
genvar g;
generate
    for (g = 0; g < ${RD}; g = g + 1) begin : compare
        assign eq[g] = rd_a[8*g +: 8] == rd_b[8*g +: 8];
    end
endgenerate
// the first read holds i - 4 .. i - 1 (backward), i .. i + 3 (the verified bytes), then forward bytes
${leadingOnes('run_first', 'eq', 8, RD, CW)}
${leadingOnes('run_next', 'eq', 0, RD, CW)}
wire [${CW - 1}:0] run = x_first_reg ? run_first : run_next;
wire run_full = run == (x_first_reg ? ${CW}'d${RD - 8 > 0 ? RD - 8 : 0} : ${CW}'d${RD});
// x_room_reg: the bytes a match may still grow by (to n - 5), kept as it grows so no sum is on this path
wire x_room_small = x_room_reg < ${PW}'d${RD};
wire x_room_left = !x_room_small || x_room_reg[${CW - 1}:0] > run;
wire [${CW - 1}:0] x_step = x_room_left ? run : x_room_reg[${CW - 1}:0];
wire x_done = x_pending_reg && (!run_full || !x_room_left);
${K === 0 ? '// backwardBytes = 0: a match does not grow backwards\n' : `// backward growth: at most backwardBytes (${K}), the pending literals (i - anchor) and the candidate's position
// (worked out from the verdict's registers when the match is found, into back_room_reg)
wire [${PW - 1}:0] lit_pending = ${pw('d_pos_reg')} - anchor_reg;
wire [2:0] lit_cap = (lit_pending < ${PW}'d4) ? lit_pending[2:0] : 3'd4;
wire [2:0] cand_cap = (d_cand_reg < ${AW}'d4) ? d_cand_reg[2:0] : 3'd4;
reg  [2:0] back_room_reg;
always @(posedge clk) if (d_match) back_room_reg <= (lit_cap < cand_cap) ? lit_cap : cand_cap;
`}wire [2:0] back_now = ${backExpr};
// the match: start = i - back, end = i + fwd
wire [${AW - 1}:0] x_start = x_pos_reg - {${AW - 3}'d0, x_back_reg};
${PC ? `// (a piece's match may end at the buffer's end: one more bit)
wire [${PW - 1}:0] x_end = ${pw('x_pos_reg')} + ${pw('x_fwd_reg')};` : `wire [${AW - 1}:0] x_end = x_pos_reg + x_fwd_reg;`}
wire [${AW - 1}:0] x_len = x_fwd_reg + {${AW - 3}'d0, x_back_reg};

always @(posedge clk) begin
    case (sel_state_reg)
        S_SCAN: if (d_match) begin
            x_pos_reg     <= d_pos_reg;
            x_cand_reg    <= d_cand_reg;
            x_fwd_reg     <= ${AW}'d4;
            x_room_reg    <= n_reg${PC ? ' + tail5' : ''} - ${PW}'d9 - {1'b0, d_pos_reg};  // n - 5 - (i + 4): at least 3
            x_back_reg    <= 3'd0;
            x_started_reg <= 1'b0;
            x_rd_a_reg    <= d_pos_reg - ${AW}'d4;
            x_rd_b_reg    <= d_cand_reg - ${AW}'d4;
            x_pending_reg <= 1'b0;
            sel_state_reg <= S_EXT;
        end else if (phase_reg == P_RUN && ${PC ? 'piece_known_reg && ' : ''}!issue && !b_valid_reg && !c_valid_reg && !d_valid_reg) begin
            sel_state_reg <= S_FINAL;
        end
        S_EXT: begin
            // a read every cycle; the one issued in the cycle the mismatch shows is dropped
            x_started_reg <= 1'b1;
            x_rd_a_reg    <= x_rd_a_reg + (x_started_reg ? ${AW}'d${RD} : ${AW}'d${SECOND});
            x_rd_b_reg    <= x_rd_b_reg + (x_started_reg ? ${AW}'d${RD} : ${AW}'d${SECOND});
            x_pending_reg <= 1'b1;
            x_first_reg   <= !x_started_reg;
            if (x_pending_reg) begin
                x_fwd_reg  <= x_fwd_reg + {${AW - CW}'d0, x_step};
                x_room_reg <= x_room_reg - {${PW - CW}'d0, x_step};
                if (x_first_reg) x_back_reg <= back_now;
            end
            if (x_done) sel_state_reg <= S_PUSH;
        end
        S_PUSH: if (seq_space) begin
            anchor_reg    <= ${PC ? 'x_end' : pw('x_end')};
            sel_state_reg <= S_SCAN;
        end
        S_FINAL: if (${PC ? 'final_go' : 'seq_space'}) sel_state_reg <= S_DONE;
        default: ;  // S_DONE: wait for the encoder
    endcase
    if (rst || phase_reg != P_RUN) begin
        sel_state_reg <= S_SCAN;
        anchor_reg    <= ${PW}'d0;
    end
end

${PC ? `// ---- Sequence FIFO (depth 2): {final, no token, token literals (32), literal start, literal length, offset,
// match length (32)}. A piece's first match has no token unless it is the block's first piece (the previous piece's
// engine wrote it); its last record (final) carries the token of the sequence its trailing literals start, counting
// the next pieces' literals and the next match's length, or (no match in a piece after the first) only literals.
localparam integer SW = ${2 + 32 + 3 * PW + 32};
wire seq_space;
wire final_go = seq_space && (piece_last_reg || down_have_reg);
assign s_down_tready = phase_reg == P_RUN && sel_state_reg == S_FINAL && !piece_last_reg && !down_have_reg;
wire seq_push = (sel_state_reg == S_PUSH && seq_space) || (sel_state_reg == S_FINAL && final_go);
wire no_token = !piece_first_reg && !had_match_reg;
wire [${PW - 1}:0] tail_literals = n_reg - anchor_reg;
wire [${PW - 1}:0] match_literals = ${pw('x_start')} - anchor_reg;
wire [SW-1:0] seq_in = (sel_state_reg == S_FINAL)
    ? {1'b1, no_token, ${p32('tail_literals', PW)} + (piece_last_reg ? 32'd0 : down_literals), anchor_reg, tail_literals, ${PW}'d0,
       (piece_last_reg || !down_match) ? 32'd0 : {1'b0, down_length}}
    : {1'b0, no_token, ${p32('match_literals', PW)}, anchor_reg, match_literals, ${pw('x_pos_reg - x_cand_reg')},
       ${p32(pw('x_len'), PW)}};
always @(posedge clk) begin
    if (s_piece_tvalid && s_piece_tready) begin
        piece_known_reg <= 1'b1;
        piece_first_reg <= piece_in[0];
        piece_last_reg  <= piece_in[1];
        piece_tail_reg  <= (piece_in[5:2] > 4'd8) ? 4'd8 : piece_in[5:2];
    end
    if (s_down_tvalid && s_down_tready) begin
        down_have_reg <= 1'b1;
        down_reg      <= s_down_tdata;
    end
    if (m_up_tvalid && m_up_tready) up_valid_reg <= 1'b0;
    // the previous engine's info: this piece's first match, or (none) its bytes and what came from downstream
    if (sel_state_reg == S_PUSH && seq_space) begin
        had_match_reg <= 1'b1;
        if (no_token) begin
            up_valid_reg <= 1'b1;
            up_reg       <= {1'b1, ${(31 - PW).toString()}'d0, ${pw('x_len')}, ${p32('match_literals', PW)}};
        end
    end
    if (sel_state_reg == S_FINAL && final_go && no_token) begin
        up_valid_reg <= 1'b1;
        up_reg       <= piece_last_reg ? {1'b0, 31'd0, ${p32('n_reg', PW)}}
                      : {down_match, down_length, ${p32('n_reg', PW)} + down_literals};
    end
    if (phase_reg == P_NEXT) begin
        piece_known_reg <= 1'b0;
        had_match_reg   <= 1'b0;
        down_have_reg   <= 1'b0;
    end
    if (rst) begin
        piece_known_reg <= 1'b0;
        had_match_reg   <= 1'b0;
        down_have_reg   <= 1'b0;
        up_valid_reg    <= 1'b0;
    end
end` : `// ---- Sequence FIFO (depth 2): {final, literal start, literal length, offset, match length}
localparam integer SW = ${1 + 4 * PW};
wire seq_space;
wire seq_push = (sel_state_reg == S_PUSH || sel_state_reg == S_FINAL) && seq_space;
wire [SW-1:0] seq_in = (sel_state_reg == S_FINAL)
    ? {1'b1, anchor_reg, n_reg - anchor_reg, ${PW}'d0, ${PW}'d0}
    : {1'b0, anchor_reg, ${pw('x_start')} - anchor_reg, ${pw('x_pos_reg - x_cand_reg')}, ${pw('x_len')}};`}
${SEQUENCE_FIFO}${p.literalBytes > 1 ? `wire [31:0] rd_enc4 = rd_e[31:0];  // up to 4 literals a cycle\n` : ''}${lz4ByteEncoder({ PW, AW, pieces: PC, wideLiterals: p.literalBytes > 1 })}// ---- Output beats (an error beat carries the code in tuser)
dpf_skid_buffer #(
    .WIDTH(32 + 4 + 1 + 2)
) output_buffer (
    .clk    (clk),
    .rst    (rst),
    .s_data ({(phase_reg == P_ERROR) ? error_reg : 2'd0, flush || phase_reg == P_ERROR, pack_keep, pack_data_reg}),
    .s_valid(beat_out),
    .s_ready(out_ready),
    .m_data ({m_axis_tuser, m_axis_tlast, m_axis_tkeep, m_axis_tdata}),
    .m_valid(m_axis_tvalid),
    .m_ready(m_axis_tready)
);

${blockPhases({ HB, PW, errorDone: PC ? ' && piece_known_reg' : '', twoSlots: S2 })}endmodule
`;
  return {
    generator: LZ4CG_GENERATOR, version: LZ4CG_GENERATOR_VERSION, paramsJson, top,
    files: [verilogFile(`${top}.v`, header + body + FILE_FOOTER)],
    libFiles: [SKID_BUFFER_FILE, LANE_RAM_FILE],
    ports,
    latencyCycles: 8,
  };
}

export const lz4CompressGreedyGenerator: Generator<Lz4GreedyCompressParams> = {
  name: 'lz4-compress-greedy',
  version: LZ4CG_GENERATOR_VERSION,
  summary: 'LZ4 block compressor, skip-ahead greedy design (liblz4 -1\'s ratio, one position a cycle, small: for engine arrays)',
  schema: lz4cgSchema,
  validate: validateLz4cgParams,
  emit: emitLz4GreedyCompressor,
  command: lz4cgCommand,
};
