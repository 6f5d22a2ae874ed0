// LZ4 compressor array in piece mode: each block is cut into pieces of the engines' buffer size and every piece
// goes to its own engine (gen/lz4/compress-greedy.ts with pieces: true), so one block is compressed by several
// engines at once; the engines' outputs, in piece order, are the block's LZ4 bytes (src/ref/lz4-pieces.ts, the
// contract; model: lz4GreedyCompress with subBlockBytes = the piece size).
//
//   dispatch  pieces go to the engines in strict rotation (piece after piece, block after block), so the engine of
//             a piece's successor is always the next one: engine e's s_down is engine e+1's m_up. A piece ends
//             after windowBytes or at the block's last beat; its place (s_piece: first, last, the block's bytes
//             after it up to 8) is set when the next beat is seen (valid, before it is taken), or at once when the
//             piece ends the block. A block spans at most min(engines, 65536 / windowBytes) pieces: with more, a
//             chain of pieces without a match would wait on an engine that holds one of its own pieces.
//   errors    a block past that size (1) or a beat other than the last not full (2) ends the block's chain at
//             the piece in hand (marked last); the rest of the block is dropped and the merge writes the block
//             as one empty beat with the code in tuser. Every engine sees only pieces it takes.
//   merge     each block's entry {pieces, error} is queued when its dispatch ends; the merge takes the pieces'
//             words from the engines in the same rotation (each engine's output packed into dataBytes words in
//             an output FIFO, as in gen/core/block-array.ts), and dpf_byte_packer closes the gaps at the pieces'
//             seams, so every output beat but a block's last is full.
import type { GeneratedDesign } from '../core/design.js';
import { composedFiles, composedLibFiles } from '../core/compose.js';
import { arrayPorts, outputFifoParam, popcount, slotOutputPacker, slotOutputWires } from '../core/block-array.js';
import { BYTE_PACKER_FILE, STREAM_FIFO_FILE } from '../core/lib-files.js';
import { bitsFor, FILE_FOOTER, modulePortList, verilogFile } from '../core/verilog.js';

export interface PieceArraySpec {
  top: string;
  generator: string;
  version: string;
  paramsJson: string;
  header: string;
  engines: number;
  /** Stream bytes per beat, in and out; the engines load a beat a cycle. */
  dataBytes: number;
  /** The engines' buffer: a piece's bytes. */
  pieceBytes: number;
  /** The piece-mode engine every slot instantiates. */
  engine: GeneratedDesign;
  outputFifoDepthBits: number;
  registers: boolean;
  /** Otherwise the output FIFOs' RAM (dpf_stream_fifo RAM_KIND). */
  fifoRam?: number;
}

const log2 = (n: number) => Math.round(Math.log2(n));

/** Pieces a block may span: no more than the engines (see the header), and 64 KiB at most (LZ4's offsets). */
export const maxPiecesPerBlock = (engines: number, pieceBytes: number) => Math.min(engines, Math.floor(65536 / pieceBytes));

export function emitLz4PieceArray(a: PieceArraySpec): GeneratedDesign {
  const N = a.engines;
  const D = a.dataBytes;
  const CB = log2(D) + 1; // a word's byte count 0..D
  const IW = Math.max(1, bitsFor(N - 1));
  const OB = bitsFor(4 * N - 1); // blocks queued for the merge
  const BPP = a.pieceBytes / D; // beats per piece (2 or more)
  const BB = log2(BPP);
  const MAXP = maxPiecesPerBlock(N, a.pieceBytes);
  const PB = bitsFor(MAXP);
  const U = 2;
  const FW = U + 1 + CB + 8 * D;
  const regs = a.registers ? 1 : 0;
  const WO = a.engine.ports.streams.find((s) => s.prefix === 'm_axis')!.dataBytes;
  const next = (x: string) => (N === 1 ? `${IW}'d0` : `(${x} == ${IW}'d${N - 1}) ? ${IW}'d0 : ${x} + ${IW}'d1`);
  const ports = arrayPorts(D, U);
  const params = [outputFifoParam(D, a.outputFifoDepthBits, '')];

  const body = `${modulePortList(a.top, ports, {
    s_axis: `Blocks to compress, ${D} bytes per beat`,
    m_axis: `LZ4 blocks out in input order, ${D} bytes per beat; tuser = verdict on the tlast beat`,
  }, params)}

localparam integer FIFO_WIDTH = ${FW};  // {verdict ${U}, last 1, byte count ${CB}, data ${8 * D}}
localparam [${BB - 1}:0] PIECE_LAST_BEAT = ${BB}'d${BPP - 1};  // a piece is ${a.pieceBytes} bytes, ${BPP} beats
localparam [${PB - 1}:0] MAX_PIECES = ${PB}'d${MAXP};  // pieces a block may span
localparam [1:0] E_TOO_LARGE  = 2'd1,  // more than MAX_PIECES pieces
                 E_SHORT_BEAT = 2'd2;  // a beat other than the last not full

// ---- Dispatch: pieces to the engines in rotation
reg  [${IW - 1}:0] cur_reg;          // the engine of the piece in hand
reg  [${BB - 1}:0] beat_reg;         // its beats taken
reg  [${PB - 1}:0] piece_reg;        // its index in the block
reg               swallow_reg;      // after an error: the block's remaining beats are dropped
reg               due_reg;          // the previous piece filled its buffer: its place waits for the next beat
reg               due_first_reg;    // ... and it was its block's first
wire [${N - 1}:0] engine_ready;
wire blocks_space;
wire [${CB - 1}:0] in_count = ${popcount('s_axis_tkeep', D, CB - 1)};
wire in_full = in_count == ${CB}'d${D};
wire cont_start = beat_reg == ${BB}'d0 && piece_reg != ${PB}'d0;  // the beat would start a piece after the first
wire end_empty = cont_start && s_axis_tlast && in_count == ${CB}'d0;  // the block ended with the previous piece
wire err_short = !s_axis_tlast && !in_full;
wire err_large = cont_start && piece_reg == MAX_PIECES && !end_empty;
// a beat starting a piece after an error or the block's end is dropped; it closes the previous piece's chain
wire closes = cont_start && (err_large || err_short || end_empty);
wire drop = swallow_reg || closes;
wire block_start = !swallow_reg && beat_reg == ${BB}'d0 && piece_reg == ${PB}'d0;
wire engine_open = engine_ready[cur_reg] && (!block_start || blocks_space);
assign s_axis_tready = drop || engine_open;
wire in_fire = s_axis_tvalid && s_axis_tready;
wire to_engine = in_fire && !drop;
wire block_ends = s_axis_tlast || err_short;  // (with a beat given to an engine) the chain ends at this piece
wire piece_ends = block_ends || beat_reg == PIECE_LAST_BEAT;
wire [${IW - 1}:0] prev_sel = ${N === 1 ? `${IW}'d0` : `(cur_reg == ${IW}'d0) ? ${IW}'d${N - 1} : cur_reg - ${IW}'d1`};
// the previous piece's place, once the beat after it shows whether the block goes on
wire       due_write = due_reg && s_axis_tvalid;
wire [5:0] due_place = closes ? {4'd0, 1'b1, due_first_reg}
                     : {(in_count > ${CB}'d8) ? 4'd8 : in_count[3:0], 1'b0, due_first_reg};
wire       own_write = to_engine && block_ends;
wire [5:0] own_place = {4'd0, 1'b1, piece_reg == ${PB}'d0};
// the block's entry for the merge: its pieces and its verdict
wire       entry_push = own_write || (in_fire && !swallow_reg && closes);
wire [${PB + 1}:0] entry_in = own_write ? {piece_reg + ${PB}'d1, err_short ? E_SHORT_BEAT : 2'd0}
                    : {piece_reg, err_large ? E_TOO_LARGE : err_short ? E_SHORT_BEAT : 2'd0};

always @(posedge clk) begin
    if (due_write) due_reg <= 1'b0;
    if (to_engine) begin
        beat_reg <= piece_ends ? ${BB}'d0 : beat_reg + ${BB}'d1;
        if (piece_ends) cur_reg <= ${next('cur_reg')};
        if (block_ends) piece_reg <= ${PB}'d0;
        else if (piece_ends) begin
            piece_reg     <= piece_reg + ${PB}'d1;
            due_reg       <= 1'b1;
            due_first_reg <= piece_reg == ${PB}'d0;
        end
        if (err_short) swallow_reg <= 1'b1;
    end
    if (in_fire && !swallow_reg && closes) begin
        piece_reg   <= ${PB}'d0;
        swallow_reg <= !s_axis_tlast;
    end
    if (in_fire && swallow_reg && s_axis_tlast) swallow_reg <= 1'b0;
    if (rst) begin
        cur_reg       <= ${IW}'d0;
        beat_reg      <= ${BB}'d0;
        piece_reg     <= ${PB}'d0;
        swallow_reg   <= 1'b0;
        due_reg       <= 1'b0;
        due_first_reg <= 1'b0;
    end
end

// ---- Blocks queued for the merge: {pieces, verdict} (2^${OB} entries; a block starts only with room)
reg  [${PB + 1}:0] blocks_mem [0:${(1 << OB) - 1}];
reg  [${OB}:0]    blocks_wr_reg, blocks_rd_reg;
assign blocks_space = blocks_wr_reg != {~blocks_rd_reg[${OB}], blocks_rd_reg[${OB - 1}:0]};
wire blocks_valid = blocks_wr_reg != blocks_rd_reg;
wire [${PB + 1}:0] blocks_head = blocks_mem[blocks_rd_reg[${OB - 1}:0]];

// ---- Merge: the pieces' words in rotation; an errored block's words are dropped and it leaves as one empty beat
reg               m_active_reg;     // a block's entry is in hand
reg  [${PB - 1}:0] m_left_reg;       // its pieces still to read
reg  [1:0]        m_error_reg;
reg  [${U - 1}:0] m_user_reg;       // the engines' verdicts so far (0 unless an engine refused a piece)
reg  [${IW - 1}:0] out_reg;          // the engine of the next piece
wire [FIFO_WIDTH-1:0] fifo_data [0:${N - 1}];
wire [${N - 1}:0] fifo_valid;
wire [FIFO_WIDTH-1:0] head = fifo_data[out_reg];
wire [${CB - 1}:0] head_count = head[${8 * D + CB - 1}:${8 * D}];
wire        head_end = head[${8 * D + CB}];
wire [${U - 1}:0] head_user = head[${8 * D + CB + U}:${8 * D + CB + 1}];
wire m_words = m_active_reg && m_left_reg != ${PB}'d0;
wire m_final = m_active_reg && m_left_reg == ${PB}'d0;  // an errored block's beat
wire [${8 * D - 1}:0] pk_tdata = m_final ? ${8 * D}'d0 : head[${8 * D - 1}:0];
wire [${D - 1}:0] pk_tkeep = m_final ? ${D}'d0 : {${D}{1'b1}} >> (${CB}'d${D} - head_count);
wire pk_tvalid = m_final || (m_words && m_error_reg == 2'd0 && fifo_valid[out_reg]);
wire pk_tready;
wire pk_tlast = m_final || (head_end && m_left_reg == ${PB}'d1);
wire [${U - 1}:0] pk_tuser = m_final ? m_error_reg : (m_user_reg | head_user);
wire pop = m_words && fifo_valid[out_reg] && (m_error_reg != 2'd0 || pk_tready);

always @(posedge clk) begin
    if (entry_push) begin
        blocks_mem[blocks_wr_reg[${OB - 1}:0]] <= entry_in;
        blocks_wr_reg <= blocks_wr_reg + ${OB + 1}'d1;
    end
    if (!m_active_reg && blocks_valid) begin
        m_active_reg  <= 1'b1;
        m_left_reg    <= blocks_head[${PB + 1}:2];
        m_error_reg   <= blocks_head[1:0];
        m_user_reg    <= ${U}'d0;
        blocks_rd_reg <= blocks_rd_reg + ${OB + 1}'d1;
    end
    if (pop) begin
        m_user_reg <= m_user_reg | head_user;
        if (head_end) begin
            out_reg    <= ${next('out_reg')};
            m_left_reg <= m_left_reg - ${PB}'d1;
            if (m_left_reg == ${PB}'d1 && m_error_reg == 2'd0) m_active_reg <= 1'b0;
        end
    end
    if (m_final && pk_tready) m_active_reg <= 1'b0;
    if (rst) begin
        blocks_wr_reg <= ${OB + 1}'d0;
        blocks_rd_reg <= ${OB + 1}'d0;
        m_active_reg  <= 1'b0;
        m_left_reg    <= ${PB}'d0;
        m_error_reg   <= 2'd0;
        m_user_reg    <= ${U}'d0;
        out_reg       <= ${IW}'d0;
    end
end

dpf_byte_packer #(
    .DATA_BYTES(${D}),
    .USER_BITS (${U})
) packer (
    .clk          (clk),
    .rst          (rst),
    .s_axis_tdata (pk_tdata),
    .s_axis_tkeep (pk_tkeep),
    .s_axis_tvalid(pk_tvalid),
    .s_axis_tready(pk_tready),
    .s_axis_tlast (pk_tlast),
    .s_axis_tuser (pk_tuser),
    .m_axis_tdata (m_axis_tdata),
    .m_axis_tkeep (m_axis_tkeep),
    .m_axis_tvalid(m_axis_tvalid),
    .m_axis_tready(m_axis_tready),
    .m_axis_tlast (m_axis_tlast),
    .m_axis_tuser (m_axis_tuser)
);

// ---- Engines: each with its place register, its neighbours' info links and its output packer and FIFO
// engine e's info for the engine of the piece before (e - 1) goes through a 2-entry link FIFO, so engine e can end
// its piece (and start the next) before engine e - 1 takes it
wire [63:0]       link_data [0:${N - 1}];  // the head of engine e's link FIFO
wire [${N - 1}:0] link_valid;
wire [${N - 1}:0] down_ready;            // engine e takes engine e + 1's info
genvar e, w;
generate
    for (e = 0; e < ${N}; e = e + 1) begin : slot
        localparam [${IW - 1}:0] INDEX = e;
        localparam integer NEXT = (e + 1) % ${N};
        localparam integer PREV = (e + ${N - 1}) % ${N};
        reg       place_valid_reg;
        reg [5:0] place_reg;           // {bytes after the piece (up to 8), last, first}
        wire      place_ready;
        wire [63:0] up_data;
        wire        up_valid;
        wire        up_ready;
        dpf_stream_fifo #(
            .WIDTH        (64),
            .DEPTH_BITS   (1),
            .USE_REGISTERS(1)
        ) link (
            .clk    (clk),
            .rst    (rst),
            .s_data (up_data),
            .s_valid(up_valid),
            .s_ready(up_ready),
            .m_data (link_data[e]),
            .m_valid(link_valid[e]),
            .m_ready(down_ready[PREV])
        );
        always @(posedge clk) begin
            if (place_valid_reg && place_ready) place_valid_reg <= 1'b0;
            if (due_write && prev_sel == INDEX) begin
                place_valid_reg <= 1'b1;
                place_reg       <= due_place;
            end
            if (own_write && cur_reg == INDEX) begin
                place_valid_reg <= 1'b1;
                place_reg       <= own_place;
            end
            if (rst) place_valid_reg <= 1'b0;
        end
${slotOutputWires(WO, U)}
        ${a.engine.top} engine (
            .clk           (clk),
            .rst           (rst),
            .s_axis_tdata  (s_axis_tdata),
            .s_axis_tkeep  (s_axis_tkeep),
            .s_axis_tvalid (s_axis_tvalid && !drop && cur_reg == INDEX && (!block_start || blocks_space)),
            .s_axis_tready (engine_ready[e]),
            .s_axis_tlast  (piece_ends),
            .m_axis_tdata  (c_tdata),
            .m_axis_tkeep  (c_tkeep),
            .m_axis_tvalid (c_tvalid),
            .m_axis_tready (c_tready),
            .m_axis_tlast  (c_tlast),
            .m_axis_tuser  (c_tuser),
            .s_piece_tdata ({2'b00, place_reg}),
            .s_piece_tvalid(place_valid_reg),
            .s_piece_tready(place_ready),
            .s_down_tdata  (link_data[NEXT]),
            .s_down_tvalid (link_valid[NEXT]),
            .s_down_tready (down_ready[e]),
            .m_up_tdata    (up_data),
            .m_up_tvalid   (up_valid),
            .m_up_tready   (up_ready)
        );

${slotOutputPacker({ D, WO, U, regs, ram: a.fifoRam, pop: 'pop && out_reg == INDEX' })}    end
endgenerate

endmodule
`;
  return {
    generator: a.generator, version: a.version, paramsJson: a.paramsJson, top: a.top,
    files: composedFiles(verilogFile(`${a.top}.v`, a.header + body + FILE_FOOTER), [a.engine]),
    libFiles: composedLibFiles([STREAM_FIFO_FILE, BYTE_PACKER_FILE], [a.engine]),
    ports,
    latencyCycles: a.engine.latencyCycles + 6,
  };
}
