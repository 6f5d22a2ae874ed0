// LZ4 block compressor generator: the sequential implementation of the design in src/ref/lz4-compress.ts.
// Its output equals lz4DesignCompress(design, block) byte for byte; a parallel implementation of the same
// design (many positions per cycle) will produce the same bytes faster.
//
//   load      the block (one packet on s_axis, 4 bytes per beat) is written into the block buffer: five
//             copies of a 4-bank byte RAM (dpf_byte4_ram), one per reader below.
//   scan      one position per cycle: read its 4 bytes, hash them, one read-first table access per position
//             (skipped when the position's bank was already used in its window of `lanes` positions), read
//             the candidate's 4 bytes, and push {position, candidate, 4-byte match} into a FIFO. Issue is
//             credit-based, so the pipeline never stalls with an access in flight.
//   select    pops positions in order; at the first uncovered position with a match, grows it backwards
//             (one byte per two cycles) and forwards (four bytes per two cycles), then queues the sequence.
//   encode    writes token, length bytes, literals (read from the buffer), offset and match length bytes,
//             one byte per cycle, packed into 4-byte beats; the block's last beat has tlast.
// The table is tagged with an 8-bit block epoch instead of being cleared per block (cleared at reset and
// when the epoch wraps).
import { canonicalParams, flagName } from '../core/params.js';
import type { Generator } from '../core/generator.js';
import type { DesignPorts, GeneratedDesign } from '../core/design.js';
import { bitsFor, FILE_FOOTER, fileHeader, modulePortList, verilogFile } from '../core/verilog.js';
import { BYTE4_RAM_FILE, SKID_BUFFER_FILE } from '../core/lib-files.js';
import { LZ4C_GENERATOR, lz4cSchema, validateLz4cParams, type Lz4CompressParams } from './compress-params.js';

export const LZ4C_GENERATOR_VERSION = '0.1.1';

export const LZ4C_ERRORS = {
  1: 'block larger than the engine\'s buffer (windowBytes)',
  2: 'a beat other than the last carried fewer than 4 bytes',
} as const;

export function lz4cModuleName(p: Lz4CompressParams): string {
  return `lz4_compress_l${p.lanes}_h${p.hashBits}_b${p.hashBanks}_w${p.windowBytes}_k${p.backwardBytes}${p.historyMemory === 'registers' ? '_reg' : ''}`;
}

function lz4cCommand(p: Lz4CompressParams): string {
  const flags = Object.entries(p).map(([k, v]) => `${flagName(k)} ${String(v)}`);
  return `npm run dpuforge -- gen lz4-compress ${flags.join(' ')} -o hw/generated`;
}

const log2 = (n: number) => Math.round(Math.log2(n));

/** What differs between the compressor engines' files: names, header text. */
export interface CompressorNaming {
  top: string;
  generator: string;
  version: string;
  command: string;
  what: string;
  notes: string[];
  outComment: string;
}

function lz4Naming(p: Lz4CompressParams): CompressorNaming {
  const N = p.windowBytes;
  const HB = p.hashBits;
  return {
    top: lz4cModuleName(p), generator: LZ4C_GENERATOR, version: LZ4C_GENERATOR_VERSION, command: lz4cCommand(p),
    what: `LZ4 block compressor (sequential implementation of the ${p.lanes}-lane banked-hash design), ${N}-byte blocks.`,
    notes: [
      'Output equals src/ref/lz4-compress.ts lz4DesignCompress with these parameters, byte for byte: an LZ4 block',
      'that liblz4 decodes. s_axis: one block per packet, 4 bytes per beat, lane 0 first; every beat but the last',
      `full (tkeep 4'hf); at most ${N} bytes. m_axis: the LZ4 block, 4 bytes per beat, tlast on its last beat,`,
      'whose tuser is the verdict (0 = compressed; the block is then the whole packet):',
      ...Object.entries(LZ4C_ERRORS).map(([c, w]) => `  ${c} = ${w} (the output packet is then one empty beat)`),
      'Speed: about one input byte per cycle (one position examined per cycle, plus match extension); the block',
      'is loaded before it is compressed. Reset: synchronous, active high; the hash table is cleared after reset',
      `(${1 << HB} cycles) and every 256 blocks.`,
    ],
    outComment: 'LZ4 block out, 4 bytes per beat; tuser = verdict on the tlast beat',
  };
}

/**
 * The depth-2 sequence FIFO of the byte-at-a-time compressors: seq_mem, seq_count_reg, seq_rd_reg, seq_wr_reg and
 * seq_pop (driven by the encoder), filled by seq_push / seq_in (declared before it, with SW and seq_space).
 */
export const SEQUENCE_FIFO = `reg [SW-1:0] seq_mem [0:1];
reg [1:0]    seq_count_reg;
reg          seq_rd_reg, seq_wr_reg;
wire seq_pop;
assign seq_space = seq_count_reg != 2'd2;
always @(posedge clk) begin
    if (seq_push) begin
        seq_mem[seq_wr_reg] <= seq_in;
        seq_wr_reg <= !seq_wr_reg;
    end
    if (seq_pop) seq_rd_reg <= !seq_rd_reg;
    seq_count_reg <= seq_count_reg + {1'b0, seq_push} - {1'b0, seq_pop};
    if (rst || phase_reg != P_RUN) begin
        seq_count_reg <= 2'd0;
        seq_rd_reg    <= 1'b0;
        seq_wr_reg    <= 1'b0;
    end
end

`;

/** The block phases' codes and registers (blockPhases drives them); `run` says what P_RUN does. */
export function blockPhaseDeclarations({ HB, PW, run }: { HB: number; PW: number; run: string }): string {
  return `// ---- Block phases
localparam [2:0] P_INIT  = 3'd0,  // clearing the hash table
                 P_LOAD  = 3'd1,  // taking the block into the buffer
                 P_RUN   = 3'd2,  // ${run}
                 P_ERROR = 3'd3,  // emit the error beat
                 P_NEXT  = 3'd4;  // block done: next epoch
reg [2:0]         phase_reg;
reg [7:0]         epoch_reg;
reg [${HB - 1}:0] init_addr_reg;
reg [${PW - 1}:0] n_reg;            // block length
reg [${PW - 1}:0] load_pos_reg;
reg [1:0]         error_reg;
reg               swallow_reg;      // an error was found: take the rest of the packet without storing it
`;
}

/**
 * The block phases of the byte-at-a-time compressors (clear the table, load, run, error, next epoch), over
 * phase_reg, epoch_reg, init_addr_reg, n_reg, load_pos_reg, error_reg and swallow_reg (declared before it), the
 * load signals (load_fire, load_overflow, load_short, load_end) and the encoder's block_out and out_ready.
 * twoSlots (the greedy engine's loadSlots 2, with load_slot_reg, run_slot_reg, slot_full_reg, slot_n_reg,
 * slot_error_reg and load_error_reg declared): a load side fills the free buffer and marks it full with its length
 * and verdict, and the run side (P_LOAD: waiting for a full buffer) takes the buffers in turn and frees each in P_NEXT.
 */
export function blockPhases({ HB, PW, errorDone = '', twoSlots = false }: { HB: number; PW: number; errorDone?: string; twoSlots?: boolean }): string {
  const loadSide = `wire [1:0] load_verdict = load_error_reg != 2'd0 ? load_error_reg : load_overflow ? 2'd1 : load_short ? 2'd2 : 2'd0;
always @(posedge clk) begin
    // the load side
    if (load_fire) begin
        if (load_overflow || load_short) swallow_reg <= 1'b1;
        else if (!swallow_reg) load_pos_reg <= load_end[${PW - 1}:0];
        load_error_reg <= load_verdict;
        if (s_axis_tlast) begin
            slot_full_reg[load_slot_reg]  <= 1'b1;
            slot_n_reg[load_slot_reg]     <= load_end[${PW - 1}:0];
            slot_error_reg[load_slot_reg] <= load_verdict;
            load_slot_reg  <= !load_slot_reg;
            load_pos_reg   <= ${PW}'d0;
            load_error_reg <= 2'd0;
            swallow_reg    <= 1'b0;
        end
    end
    // the run side
`;
  const load = twoSlots ? `        P_LOAD: if (slot_full_reg[run_slot_reg]) begin
            n_reg     <= slot_n_reg[run_slot_reg];
            error_reg <= slot_error_reg[run_slot_reg];
            phase_reg <= (slot_error_reg[run_slot_reg] != 2'd0) ? P_ERROR : P_RUN;
        end` : `        P_LOAD: if (load_fire) begin
            if (load_overflow && error_reg == 2'd0) error_reg <= 2'd1;
            else if (load_short && error_reg == 2'd0) error_reg <= 2'd2;
            if (load_overflow || load_short) swallow_reg <= 1'b1;
            else if (!swallow_reg) load_pos_reg <= load_end[${PW - 1}:0];
            if (s_axis_tlast) begin
                n_reg     <= load_end[${PW - 1}:0];
                phase_reg <= (swallow_reg || load_overflow || load_short) ? P_ERROR : P_RUN;
            end
        end`;
  // (with two buffers the load side owns load_pos_reg and swallow_reg)
  const next = twoSlots ? `            slot_full_reg[run_slot_reg] <= 1'b0;
            run_slot_reg  <= !run_slot_reg;
            epoch_reg     <= epoch_reg + 8'd1;` : `            epoch_reg     <= epoch_reg + 8'd1;
            load_pos_reg  <= ${PW}'d0;`;
  return `// ---- Block phases${twoSlots ? ' (two buffers)' : ''}
${twoSlots ? loadSide : `always @(posedge clk) begin
`}    case (phase_reg)
        P_INIT: begin
            init_addr_reg <= init_addr_reg + ${HB}'d1;
            if (init_addr_reg == ${HB}'d${(1 << HB) - 1}) phase_reg <= P_LOAD;
        end
${load}
        P_RUN: if (block_out) phase_reg <= P_NEXT;
        P_ERROR: if (out_ready${errorDone}) phase_reg <= P_NEXT;
        default: begin  // P_NEXT
${next}
            error_reg     <= 2'd0;${twoSlots ? '' : `
            swallow_reg   <= 1'b0;`}
            init_addr_reg <= ${HB}'d0;
            phase_reg     <= (epoch_reg == 8'd255) ? P_INIT : P_LOAD;
        end
    endcase
    if (rst) begin
        phase_reg     <= P_INIT;
        epoch_reg     <= 8'd0;
        init_addr_reg <= ${HB}'d0;
        load_pos_reg  <= ${PW}'d0;
        error_reg     <= 2'd0;
        swallow_reg   <= 1'b0;${twoSlots ? `
        load_slot_reg  <= 1'b0;
        run_slot_reg   <= 1'b0;
        slot_full_reg  <= 2'b00;
        load_error_reg <= 2'd0;` : ''}
    end
end

`;
}

/**
 * The LZ4 sequence encoder both byte-at-a-time compressors end with: pops {final, literal start, literal length,
 * offset, match length} records from seq_mem (seq_rd_reg, seq_count_reg; SW bits) and writes token, length bytes,
 * literals (rd_enc[7:0], addressed by rd_addr_enc a cycle ahead), offset and match length bytes, one byte per
 * cycle, packed into 4-byte beats (pack_data_reg, pack_keep, beat_out, flush, block_out) for the module's output
 * buffer. It reads phase_reg (P_RUN, P_ERROR) and out_ready. PW: position bits; AW: buffer address bits.
 */
export function lz4ByteEncoder({ PW, AW, pieces = false, wideLiterals = false }: { PW: number; AW: number; pieces?: boolean; wideLiterals?: boolean }): string {
  // wideLiterals: literals go out up to 4 a cycle (as many as fill the output beat), from rd_enc4 (the encoder
  // read's first 4 bytes), so incompressible data leaves at 4 bytes a cycle instead of 1
  const W4 = wideLiterals;
  const litStep = W4 ? `{${PW - 3}'d0, lit_n}` : `${PW}'d1`; // literals taken per cycle
  // piece mode (the greedy engine's, src/ref/lz4-pieces.ts): records are {final, no token, token literals (32
  // bits), literal start, literal length, offset, match length (32 bits)}: a token may count literals other
  // pieces write (and a match another piece holds: its length, for the token's low half), a record may have no
  // token (it was written upstream), and a final record ends the piece (no offset); a match length of 0 means none
  const XW = pieces ? 32 : Math.max(PW, 9); // length-byte arithmetic needs to hold 255
  const xpad = (x: string) => (XW > PW ? `{${XW - PW}'d0, ${x}}` : x);
  const TL = pieces ? 'enc_tok_lit_reg' : 'enc_lit_left_reg'; // what the token and its extra bytes count
  const TLW = pieces ? 32 : PW;
  // the record's fields: [SW-1] final, then (pieces) no token and the token's literals, then start, length, offset, match length;
  // f(k): the k-th PW-bit field above the match length (1 offset, 2 literal length, 3 literal start)
  const ML = pieces ? 32 : PW;
  const f = (k: number) => `seq_head[${ML + k * PW - 1}:${ML + (k - 1) * PW}]`;
  return `// ---- Encode: one output byte per cycle
localparam [2:0] E_IDLE = 3'd0, E_TOKEN = 3'd1, E_LITEXT = 3'd2, E_LIT = 3'd3, E_OFF_LO = 3'd4, E_OFF_HI = 3'd5,
                 E_MATEXT = 3'd6, E_END = 3'd7;
reg [2:0]         enc_state_reg;
reg               enc_final_reg;
reg [${PW - 1}:0] enc_lit_pos_reg;   // next literal's position
reg [${PW - 1}:0] enc_lit_left_reg;  // literals still to write
reg [${XW - 1}:0] enc_ext_reg;       // length still to write as 255s and a last byte
/* verilator lint_off UNUSEDSIGNAL */
reg [${PW - 1}:0] enc_offset_reg;    // offsets are at most 65535: bits above 15 stay zero
/* verilator lint_on UNUSEDSIGNAL */
reg [${ML - 1}:0] enc_match_ext_reg; // match length - 4${pieces ? `
reg               enc_no_match_reg;  // the token's match half is 0 (a final record without a match after it)
reg [31:0]        enc_tok_lit_reg;   // the literals the token counts` : ''}
wire [SW-1:0] seq_head = seq_mem[seq_rd_reg];
assign seq_pop = enc_state_reg == E_IDLE && seq_count_reg != 2'd0;
wire [${PW - 1}:0] head_lit_len = ${f(2)};
wire [${ML - 1}:0] head_match_ext = seq_head[${ML - 1}:0] - ${ML}'d4;
/* verilator lint_off UNUSEDSIGNAL */
${W4 ? `// literals this cycle: as many as the beat has room for (a full beat leaves first), at most those left
wire [2:0] lit_room = (pack_count_reg == 3'd4) ? 3'd4 : 3'd4 - pack_count_reg;
wire [2:0] lit_n = (enc_lit_left_reg < {${PW - 3}'d0, lit_room}) ? enc_lit_left_reg[2:0] : lit_room;
` : ''}wire [${PW - 1}:0] enc_read_pos = (enc_state_reg == E_LIT && byte_taken) ? enc_lit_pos_reg + ${litStep}${pieces ? `
                                 // a record without a token goes straight to its literals: read the first now
                                 : seq_pop ? ${f(3)}
                                 : enc_lit_pos_reg` : ' : enc_lit_pos_reg'};
/* verilator lint_on UNUSEDSIGNAL */
assign rd_addr_enc = enc_read_pos[${AW - 1}:0];  // the next literal's address as soon as this one is taken

// output packing: 4 bytes per beat; a full beat waits until the next byte (or the end) shows it is not the last
reg  [31:0] pack_data_reg;
reg  [2:0]  pack_count_reg;         // bytes in pack_data_reg (0..4)
wire        out_ready;
reg         byte_valid;             // the encoder offers byte_data this cycle
reg  [7:0]  byte_data;
wire        flush = enc_state_reg == E_END${pieces ? ' && !up_valid_reg;  // (a piece ends once its info has gone upstream)' : ';'}
wire        beat_out = (byte_valid && pack_count_reg == 3'd4) || (flush && phase_reg == P_RUN) || phase_reg == P_ERROR;
wire        byte_taken = byte_valid && (pack_count_reg != 3'd4 || out_ready);
wire [3:0]  pack_keep = (phase_reg == P_ERROR) ? 4'd0 : (4'b1111 >> (3'd4 - pack_count_reg));

always @* begin
    byte_valid = 1'b0;
    byte_data  = 8'd0;
    case (enc_state_reg)
        E_TOKEN:  begin byte_valid = 1'b1; byte_data = {(${TL} >= ${TLW}'d15) ? 4'd15 : ${TL}[3:0],
                                                         ${pieces ? 'enc_no_match_reg' : 'enc_final_reg'} ? 4'd0 : (enc_match_ext_reg >= ${ML}'d15) ? 4'd15 : enc_match_ext_reg[3:0]}; end
        E_LITEXT: begin byte_valid = 1'b1; byte_data = (enc_ext_reg >= ${XW}'d255) ? 8'd255 : enc_ext_reg[7:0]; end
        E_LIT:    begin byte_valid = 1'b1; byte_data = rd_enc[7:0]; end
        E_OFF_LO: begin byte_valid = 1'b1; byte_data = ${PW >= 8 ? 'enc_offset_reg[7:0]' : `{${8 - PW}'d0, enc_offset_reg}`}; end
        E_OFF_HI: begin byte_valid = 1'b1; byte_data = ${PW >= 17 ? 'enc_offset_reg[15:8]' : PW > 8 ? `{${16 - PW}'d0, enc_offset_reg[${PW - 1}:8]}` : "8'd0"}; end
        E_MATEXT: begin byte_valid = 1'b1; byte_data = (enc_ext_reg >= ${XW}'d255) ? 8'd255 : enc_ext_reg[7:0]; end
        default: ;
    endcase
end

${W4 ? `// the literals' bytes in their lanes of the beat (lanes past them do not matter: tkeep stops before them)
wire [1:0]  lit_base = (pack_count_reg == 3'd4) ? 2'd0 : pack_count_reg[1:0];
wire [3:0]  lit_lanes = (4'b1111 >> (3'd4 - lit_n)) << lit_base;
wire [31:0] lit_mask = {{8{lit_lanes[3]}}, {8{lit_lanes[2]}}, {8{lit_lanes[1]}}, {8{lit_lanes[0]}}};
wire [31:0] lit_beat = (pack_data_reg & ~lit_mask) | ((rd_enc4 << {lit_base, 3'b000}) & lit_mask);
` : ''}always @(posedge clk) begin
    if (byte_taken) begin
        ${W4 ? `if (enc_state_reg == E_LIT) begin
            pack_data_reg  <= lit_beat;
            pack_count_reg <= {1'b0, lit_base} + lit_n;
        end else ` : ''}if (pack_count_reg == 3'd4) begin
            pack_data_reg  <= {24'd0, byte_data};
            pack_count_reg <= 3'd1;
        end else begin
            pack_data_reg[{pack_count_reg[1:0], 3'b000} +: 8] <= byte_data;
            pack_count_reg <= pack_count_reg + 3'd1;
        end
    end else if (beat_out && out_ready) begin
        pack_count_reg <= 3'd0;   // flush or error beat sent
    end
    case (enc_state_reg)
        E_IDLE: if (seq_pop) begin
            enc_final_reg     <= seq_head[SW-1];
            enc_lit_pos_reg   <= ${f(3)};
            enc_lit_left_reg  <= head_lit_len;
            enc_offset_reg    <= ${f(1)};
            enc_match_ext_reg <= head_match_ext;${pieces ? `
            enc_no_match_reg  <= seq_head[${ML - 1}:0] == ${ML}'d0;
            enc_tok_lit_reg   <= seq_head[SW-3 -: 32];
            // a record without a token starts at its literals (or, with none, its offset or the end)
            enc_state_reg     <= !seq_head[SW-2] ? E_TOKEN : (head_lit_len != ${PW}'d0) ? E_LIT : seq_head[SW-1] ? E_END : E_OFF_LO;` : `
            enc_state_reg     <= E_TOKEN;`}
        end
        E_TOKEN: if (byte_taken) begin
            enc_ext_reg   <= ${pieces ? TL : xpad(TL)} - ${XW}'d15;
            enc_state_reg <= (${TL} >= ${TLW}'d15) ? E_LITEXT
                           : (enc_lit_left_reg != ${PW}'d0) ? E_LIT : enc_final_reg ? E_END : E_OFF_LO;
        end
        E_LITEXT: if (byte_taken) begin
            enc_ext_reg <= enc_ext_reg - ${XW}'d255;
            if (enc_ext_reg < ${XW}'d255) enc_state_reg <= (enc_lit_left_reg != ${PW}'d0) ? E_LIT : enc_final_reg ? E_END : E_OFF_LO;
        end
        E_LIT: if (byte_taken) begin
            // rd_enc already holds this literal: its address was presented at least a cycle ago
            enc_lit_pos_reg  <= enc_lit_pos_reg + ${litStep};
            enc_lit_left_reg <= enc_lit_left_reg - ${litStep};
            if (enc_lit_left_reg == ${litStep}) enc_state_reg <= enc_final_reg ? E_END : E_OFF_LO;
        end
        E_OFF_LO: if (byte_taken) enc_state_reg <= E_OFF_HI;
        E_OFF_HI: if (byte_taken) begin
            enc_ext_reg   <= ${pieces ? 'enc_match_ext_reg' : xpad('enc_match_ext_reg')} - ${XW}'d15;
            enc_state_reg <= (enc_match_ext_reg >= ${ML}'d15) ? E_MATEXT : E_IDLE;
        end
        E_MATEXT: if (byte_taken) begin
            enc_ext_reg <= enc_ext_reg - ${XW}'d255;
            if (enc_ext_reg < ${XW}'d255) enc_state_reg <= E_IDLE;
        end
        default: ;  // E_END: the flush beat leaves, then the block is done
    endcase
    if (rst || phase_reg != P_RUN) begin
        enc_state_reg  <= E_IDLE;
        pack_count_reg <= 3'd0;
    end
end

wire block_out = flush && out_ready && !byte_taken;  // the block's last beat leaves

`;
}

/**
 * Another format's output encoder behind the same match finder (gen/deflate passes its fixed-Huffman writer):
 * the Verilog of the encoder block for the position and address widths, and the format's longest match.
 */
export interface CompressorEncoder {
  text: (w: { PW: number; AW: number }) => string;
  maxMatchBytes: number;
}

/**
 * The compressor engine for a format: 'lz4' writes an LZ4 block; a CompressorEncoder writes its own format (one
 * fixed-Huffman deflate block for gen/deflate) from the same match finder, matches capped at its longest.
 */
export function emitCompressor(p: Lz4CompressParams, format: 'lz4' | CompressorEncoder, naming: CompressorNaming): GeneratedDesign {
  const N = p.windowBytes;
  const PW = bitsFor(N); // positions 0..N
  const RB = log2(N / 4); // RAM row bits
  const AW = RB + 2; // byte address bits
  const HB = p.hashBits;
  const LB = log2(p.hashBanks);
  const LW = log2(p.lanes);
  const MAXOFF = Math.min(65535, N - 1);
  const EW = 1 + 8 + PW; // table entry: valid, epoch, position
  const FIFO = 8;
  const FW = bitsFor(FIFO);
  const top = naming.top;
  const paramsJson = canonicalParams(lz4cSchema, p as unknown as Record<string, unknown>);
  const useRegs = p.historyMemory === 'registers' ? 1 : 0;
  const addr = (x: string) => `${x}[${AW - 1}:0]`; // positions are below N, so AW = PW - 1 bits address them

  const ports: DesignPorts = {
    clock: 'clk', reset: 'rst',
    streams: [
      { prefix: 's_axis', dir: 'in', dataBytes: 4, keep: true, last: true, userBits: 0 },
      { prefix: 'm_axis', dir: 'out', dataBytes: 4, keep: true, last: true, userBits: 2 },
    ],
  };
  const header = fileHeader({
    file: `${top}.v`, what: naming.what, generator: naming.generator, version: naming.version, paramsJson,
    command: naming.command, notes: naming.notes,
  });

  const encoder = format === 'lz4' ? lz4ByteEncoder({ PW, AW }) : format.text({ PW, AW });
  const maxMatch = format === 'lz4' ? undefined : format.maxMatchBytes;
  const body = `${modulePortList(top, ports, {
    s_axis: 'Block to compress, 4 bytes per beat',
    m_axis: naming.outComment,
  })}

localparam [${PW - 1}:0] BUFFER_BYTES = ${PW}'d${N};
localparam [${PW - 1}:0] MAX_OFFSET   = ${PW}'d${MAXOFF};
localparam [31:0] HASH_PRIME = 32'd2654435761;  // LZ4's multiplicative hash

${blockPhaseDeclarations({ HB, PW, run: 'scan, select and encode' })}
// ---- Load
wire [2:0] keep_count = {2'd0, s_axis_tkeep[0]} + {2'd0, s_axis_tkeep[1]} + {2'd0, s_axis_tkeep[2]} + {2'd0, s_axis_tkeep[3]};
assign s_axis_tready = phase_reg == P_LOAD;
wire load_fire = s_axis_tvalid && s_axis_tready;
wire [${PW}:0] load_end = {1'b0, load_pos_reg} + {${PW - 2}'d0, keep_count};
wire load_overflow = load_end > {1'b0, BUFFER_BYTES};
wire keep_contiguous = (s_axis_tkeep & (s_axis_tkeep + 4'd1)) == 4'd0;
wire load_short = !keep_contiguous || (!s_axis_tlast && keep_count != 3'd4);
wire buffer_we = load_fire && !swallow_reg && !load_overflow && !load_short;

// ---- Block buffer: five copies, one per reader
wire [${AW - 1}:0] rd_addr_scan, rd_addr_cand, rd_addr_sel_a, rd_addr_sel_b, rd_addr_enc;
wire [31:0]        rd_scan, rd_cand, rd_sel_a, rd_sel_b;
/* verilator lint_off UNUSEDSIGNAL */
wire [31:0]        rd_enc;  // the encoder takes one literal per cycle: byte 0 of the 4-byte read
/* verilator lint_on UNUSEDSIGNAL */
${['scan', 'cand', 'sel_a', 'sel_b', 'enc'].map((name) => `dpf_byte4_ram #(.ROW_BITS(${RB}), .USE_REGISTERS(${useRegs})) buffer_${name} (
    .clk(clk), .wr_en(buffer_we), .wr_row(load_pos_reg[${RB + 1}:2]), .wr_mask(s_axis_tkeep), .wr_data(s_axis_tdata),
    .rd_addr(rd_addr_${name}), .rd_data(rd_${name})
);`).join('\n')}

// ---- Scan: one position per cycle through read → hash/table → candidate read → compare
localparam integer FIFO_DEPTH = ${FIFO};
reg [${PW - 1}:0] issue_pos_reg;    // next position to issue
reg               s2_valid_reg, s3_valid_reg, s4_valid_reg;
reg [${PW - 1}:0] s2_pos_reg, s3_pos_reg, s4_pos_reg;
reg [${FW - 1}:0] fifo_count_reg;
wire [${FW + 1}:0] in_flight = {2'd0, fifo_count_reg} + {${FW + 1}'d0, s2_valid_reg} + {${FW + 1}'d0, s3_valid_reg} + {${FW + 1}'d0, s4_valid_reg};
wire issue = phase_reg == P_RUN && issue_pos_reg < n_reg && in_flight < ${FW + 2}'d${FIFO};
assign rd_addr_scan = ${addr('issue_pos_reg')};

// stage 2: hash the position's 4 bytes; one table access unless its bank was used in this window
// LZ4's hash keeps the top hashBits of the 32-bit product; the low bits are unused by definition.
/* verilator lint_off UNUSEDSIGNAL */
wire [31:0] hash_product = rd_scan * HASH_PRIME;
/* verilator lint_on UNUSEDSIGNAL */
wire [${HB - 1}:0] s2_hash = hash_product[31:${32 - HB}];
wire [${PW}:0] s2_end4 = {1'b0, s2_pos_reg} + ${PW + 1}'d4;
wire s2_hashable = s2_end4 <= {1'b0, n_reg};
reg  [${p.hashBanks - 1}:0] banks_used_reg;  // banks used by earlier positions of this window
wire s2_window_start = ${LW === 0 ? "1'b1" : `s2_pos_reg[${LW - 1}:0] == ${LW}'d0`};
wire [${p.hashBanks - 1}:0] banks_before = s2_window_start ? ${p.hashBanks}'d0 : banks_used_reg;
wire s2_access = s2_valid_reg && s2_hashable && !banks_before[${LB === 0 ? '0' : `s2_hash[${LB - 1}:0]`}];

(* ram_style = "${useRegs ? 'logic' : 'block'}" *) reg [${EW - 1}:0] table_mem [0:${(1 << HB) - 1}];
reg [${EW - 1}:0] table_q;
always @(posedge clk) begin
    if (phase_reg == P_INIT) table_mem[init_addr_reg] <= ${EW}'d0;
    else if (s2_access) begin
        table_q <= table_mem[s2_hash];                      // read-first: the entry before this position
        table_mem[s2_hash] <= {1'b1, epoch_reg, s2_pos_reg};
    end
end

// stage 3: the candidate, if the entry is from this block; read its 4 bytes
reg               s3_access_reg;
reg  [31:0]       s3_bytes_reg;
wire [${PW - 1}:0] s3_cand = table_q[${PW - 1}:0];
wire s3_cand_ok = s3_access_reg && table_q[${EW - 1}] && table_q[${EW - 2}:${PW}] == epoch_reg;
assign rd_addr_cand = ${addr('s3_cand')};

// stage 4: a 4-byte match within the offset limit and at least 12 bytes before the block end
reg               s4_cand_ok_reg;
reg  [${PW - 1}:0] s4_cand_reg;
reg  [31:0]       s4_bytes_reg;
wire [${PW}:0]    s4_end12 = {1'b0, s4_pos_reg} + ${PW + 1}'d12;
wire s4_match = s4_cand_ok_reg && rd_cand == s4_bytes_reg && (s4_pos_reg - s4_cand_reg) <= MAX_OFFSET
                && s4_end12 <= {1'b0, n_reg};

always @(posedge clk) begin
    s2_valid_reg <= issue;
    s2_pos_reg   <= issue_pos_reg;
    if (issue) issue_pos_reg <= issue_pos_reg + ${PW}'d1;
    if (s2_valid_reg) banks_used_reg <= banks_before | (s2_access ? (${p.hashBanks}'d1 << ${LB === 0 ? "1'b0" : `s2_hash[${LB - 1}:0]`}) : ${p.hashBanks}'d0);
    s3_valid_reg  <= s2_valid_reg;
    s3_pos_reg    <= s2_pos_reg;
    s3_access_reg <= s2_access;
    s3_bytes_reg  <= rd_scan;
    s4_valid_reg   <= s3_valid_reg;
    s4_pos_reg     <= s3_pos_reg;
    s4_cand_ok_reg <= s3_cand_ok;
    s4_cand_reg    <= s3_cand;
    s4_bytes_reg   <= s3_bytes_reg;
    if (rst || phase_reg != P_RUN) begin
        s2_valid_reg  <= 1'b0;
        s3_valid_reg  <= 1'b0;
        s4_valid_reg  <= 1'b0;
        issue_pos_reg <= ${PW}'d0;
    end
end

// ---- Position FIFO: {position, candidate, match}
reg  [${2 * PW}:0] fifo_mem [0:FIFO_DEPTH-1];
reg  [${FW - 2}:0] fifo_rd_reg, fifo_wr_reg;
wire fifo_pop;
wire [${PW - 1}:0] head_pos = fifo_mem[fifo_rd_reg][${2 * PW}:${PW + 1}];
wire [${PW - 1}:0] head_cand = fifo_mem[fifo_rd_reg][${PW}:1];
wire head_match = fifo_mem[fifo_rd_reg][0];
always @(posedge clk) begin
    if (s4_valid_reg) begin
        fifo_mem[fifo_wr_reg] <= {s4_pos_reg, s4_cand_reg, s4_match};
        fifo_wr_reg <= fifo_wr_reg + ${FW - 1}'d1;
    end
    if (fifo_pop) fifo_rd_reg <= fifo_rd_reg + ${FW - 1}'d1;
    fifo_count_reg <= fifo_count_reg + {${FW - 1}'d0, s4_valid_reg} - {${FW - 1}'d0, fifo_pop};
    if (rst || phase_reg != P_RUN) begin
        fifo_rd_reg    <= ${FW - 1}'d0;
        fifo_wr_reg    <= ${FW - 1}'d0;
        fifo_count_reg <= ${FW}'d0;
    end
end

// ---- Select
localparam [2:0] L_SCAN = 3'd0, L_BACK_RD = 3'd1, L_BACK_CMP = 3'd2, L_FWD_RD = 3'd3, L_FWD_CMP = 3'd4,
                 L_PUSH = 3'd5, L_FINAL = 3'd6, L_DONE = 3'd7;
reg [2:0]         sel_state_reg;
reg [${PW - 1}:0] covered_reg;      // first position not inside a chosen match (= the literals' start)
${p.backwardBytes ? `reg [${PW - 1}:0] match_pos_reg;    // i: where the match was found` : '// (no backward growth: the match position is not kept)'}
reg [${PW - 1}:0] start_reg;        // where it starts after backward growth
reg [${PW - 1}:0] from_reg;         // start - offset
reg [${PW - 1}:0] len_reg;          // bytes from start_reg known equal
wire seq_space;
wire [${PW}:0] fwd_limit = {1'b0, n_reg} - ${PW + 1}'d5;              // a match ends by n - 5
wire [${PW}:0] fwd_end = {1'b0, start_reg} + {1'b0, len_reg};
wire [${PW}:0] fwd_room_end = fwd_limit - fwd_end;                     // bytes before n - 5
${maxMatch !== undefined && N > maxMatch ? `wire [${PW}:0] fwd_room_max = ${PW + 1}'d${maxMatch} - {1'b0, len_reg};          // bytes before deflate's ${maxMatch}
wire [${PW}:0] fwd_room = (fwd_room_max < fwd_room_end) ? fwd_room_max : fwd_room_end;` : `wire [${PW}:0] fwd_room = fwd_room_end;`}
wire [2:0] fwd_equal = (rd_sel_a[7:0] != rd_sel_b[7:0]) ? 3'd0 : (rd_sel_a[15:8] != rd_sel_b[15:8]) ? 3'd1
                     : (rd_sel_a[23:16] != rd_sel_b[23:16]) ? 3'd2 : (rd_sel_a[31:24] != rd_sel_b[31:24]) ? 3'd3 : 3'd4;
wire [${PW - 1}:0] fwd_step = (fwd_room < {${PW - 2}'d0, fwd_equal}) ? fwd_room[${PW - 1}:0] : {${PW - 3}'d0, fwd_equal};
wire back_possible = ${p.backwardBytes === 0 ? "1'b0;  // backwardBytes = 0" : `start_reg > covered_reg && from_reg != ${PW}'d0 && (match_pos_reg - start_reg) < ${PW}'d${p.backwardBytes};`}
assign fifo_pop = sel_state_reg == L_SCAN && fifo_count_reg != ${FW}'d0;
wire head_takes = head_match && head_pos >= covered_reg;
wire last_position = head_pos == n_reg - ${PW}'d1;
// Buffer reads address positions below the block length (< ${N}), so the top position bit is never needed.
/* verilator lint_off UNUSEDSIGNAL */
wire [${PW - 1}:0] sel_a_pos = (sel_state_reg == L_BACK_RD) ? start_reg - ${PW}'d1 : start_reg + len_reg;
wire [${PW - 1}:0] sel_b_pos = (sel_state_reg == L_BACK_RD) ? from_reg - ${PW}'d1 : from_reg + len_reg;
/* verilator lint_on UNUSEDSIGNAL */
assign rd_addr_sel_a = sel_a_pos[${AW - 1}:0];
assign rd_addr_sel_b = sel_b_pos[${AW - 1}:0];

always @(posedge clk) begin
    case (sel_state_reg)
        L_SCAN: if (fifo_pop) begin
            if (head_takes) begin
${p.backwardBytes ? '                match_pos_reg <= head_pos;\n' : ''}                start_reg     <= head_pos;
                from_reg      <= head_cand;
                len_reg       <= ${PW}'d4;
                sel_state_reg <= L_BACK_RD;
            end else if (last_position) begin
                sel_state_reg <= L_FINAL;
            end
        end else if (phase_reg == P_RUN && n_reg == ${PW}'d0) begin
            sel_state_reg <= L_FINAL;
        end
        L_BACK_RD: sel_state_reg <= back_possible ? L_BACK_CMP : L_FWD_RD;
        L_BACK_CMP: begin
            if (rd_sel_a[7:0] == rd_sel_b[7:0]) begin
                start_reg     <= start_reg - ${PW}'d1;
                from_reg      <= from_reg - ${PW}'d1;
                len_reg       <= len_reg + ${PW}'d1;
                sel_state_reg <= L_BACK_RD;
            end else sel_state_reg <= L_FWD_RD;
        end
        L_FWD_RD: sel_state_reg <= L_FWD_CMP;
        L_FWD_CMP: begin
            len_reg <= len_reg + fwd_step;
            sel_state_reg <= (fwd_equal == 3'd4 && fwd_room > ${PW + 1}'d4) ? L_FWD_RD : L_PUSH;
        end
        L_PUSH: if (seq_space) begin
            covered_reg   <= start_reg + len_reg;
            sel_state_reg <= L_SCAN;
        end
        L_FINAL: if (seq_space) sel_state_reg <= L_DONE;
        default: ;  // L_DONE: wait for the encoder
    endcase
    if (rst || phase_reg != P_RUN) begin
        sel_state_reg <= L_SCAN;
        covered_reg   <= ${PW}'d0;
    end
end

// ---- Sequence FIFO (depth 2): {final, literal start, literal length, offset, match length}
localparam integer SW = ${1 + 4 * PW};
wire seq_push = (sel_state_reg == L_PUSH || sel_state_reg == L_FINAL) && seq_space;
wire [SW-1:0] seq_in = (sel_state_reg == L_FINAL)
    ? {1'b1, covered_reg, n_reg - covered_reg, ${PW}'d0, ${PW}'d0}
    : {1'b0, covered_reg, start_reg - covered_reg, start_reg - from_reg, len_reg};
${SEQUENCE_FIFO}${encoder}// ---- Output beats (from either encoder's packer; an error beat carries the code in tuser)
dpf_skid_buffer #(
    .WIDTH(32 + 4 + 1 + 2)
) output_buffer (
    .clk(clk),
    .rst(rst),
    .s_data({(phase_reg == P_ERROR) ? error_reg : 2'd0, flush || phase_reg == P_ERROR, pack_keep, pack_data_reg}),
    .s_valid(beat_out),
    .s_ready(out_ready),
    .m_data({m_axis_tuser, m_axis_tlast, m_axis_tkeep, m_axis_tdata}),
    .m_valid(m_axis_tvalid),
    .m_ready(m_axis_tready)
);

${blockPhases({ HB, PW })}endmodule
`;
  return {
    generator: naming.generator, version: naming.version, paramsJson, top,
    files: [verilogFile(`${top}.v`, header + body + FILE_FOOTER)],
    libFiles: [SKID_BUFFER_FILE, BYTE4_RAM_FILE],
    ports,
    latencyCycles: 8,
  };
}

export const lz4CompressGenerator: Generator<Lz4CompressParams> = {
  name: 'lz4-compress',
  version: LZ4C_GENERATOR_VERSION,
  summary: 'LZ4 block compressor (banked-hash design, bit-exact with its TS model; sequential, ~1 B/cycle)',
  schema: lz4cSchema,
  validate: validateLz4cParams,
  emit: (p) => emitCompressor(p, 'lz4', lz4Naming(p)),
  command: lz4cCommand,
};
