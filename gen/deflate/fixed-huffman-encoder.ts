// The deflate engine's encoder section (spliced into the compressor engine by gen/lz4/compress.ts): turns the
// match finder's sequences into one fixed-Huffman block — header bits, a code per literal, length code and
// extra bits, distance code and extra bits, end-of-block — through a 64-bit accumulator that sends 4-byte beats.
export function deflateEncoderText(w: { PW: number; AW: number }): string {
  const { PW, AW } = w;
  const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
  const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
  const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
  const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
  const lenCase = LEN_BASE.map((b, k) => `        if (match_len >= 9'd${b}) begin len_code = 5'd${k}; len_base_v = 9'd${b}; len_ebits = 3'd${LEN_EXTRA[k]}; end`).join('\n');
  const distCase = DIST_BASE.map((b, k) => `        if (match_dist >= 16'd${b}) begin dist_code = 5'd${k}; dist_base_v = 16'd${b}; dist_ebits = 4'd${DIST_EXTRA[k]}; end`).join('\n');
  return `// ---- Encode: one fixed-Huffman deflate block (RFC 1951 3.2.6); one code per cycle into a bit accumulator
localparam [2:0] D_HDR = 3'd0, D_IDLE = 3'd1, D_LIT = 3'd2, D_LEN = 3'd3, D_DIST = 3'd4, D_EOB = 3'd5, D_END = 3'd6;
reg [2:0]         enc_state_reg;
reg               enc_final_reg;
reg [${PW - 1}:0] enc_lit_pos_reg;   // next literal's position
reg [${PW - 1}:0] enc_lit_left_reg;  // literals still to write
reg [15:0]        enc_dist_reg;      // distance of the match (at most 32767)
reg [8:0]         enc_len_reg;       // match length (4..258)
reg [63:0]        acc_reg;           // bits not yet sent, the oldest at bit 0
reg [6:0]         acc_bits_reg;
wire [SW-1:0] seq_head = seq_mem[seq_rd_reg];
assign seq_pop = enc_state_reg == D_IDLE && seq_count_reg != 2'd0;

// Huffman codes go out most significant bit first: reverse them into the least-significant-first stream.
function [8:0] reverse9(input [8:0] code, input [3:0] nbits);
    integer r;
    begin
        reverse9 = 9'd0;
        for (r = 0; r < 9; r = r + 1) if (r < {28'd0, nbits}) reverse9[r] = code[{28'd0, nbits} - 1 - r];
    end
endfunction

// fixed literal/length code of a symbol: 0-143: 8 bits from 0x30, 144-255: 9 bits from 0x190,
// 256-279: 7 bits from 0, 280-287: 8 bits from 0xc0
function [12:0] fixed_code(input [8:0] sym);  // {bits (4), reversed code (9)}
    begin
        if (sym < 9'd144) fixed_code = {4'd8, reverse9(sym + 9'h030, 4'd8)};
        else if (sym < 9'd256) fixed_code = {4'd9, reverse9(sym - 9'd144 + 9'h190, 4'd9)};
        else if (sym < 9'd280) fixed_code = {4'd7, reverse9(sym - 9'd256, 4'd7)};
        else fixed_code = {4'd8, reverse9(sym - 9'd280 + 9'h0c0, 4'd8)};
    end
endfunction

// length 3..258 → code 0..28 (symbol 257 + code), base and extra bits; distance → code 0..29
reg [4:0] len_code, dist_code;
reg [8:0] len_base_v;
reg [2:0] len_ebits;
reg [15:0] dist_base_v;
reg [3:0] dist_ebits;
wire [8:0] match_len = enc_len_reg;
wire [15:0] match_dist = enc_dist_reg;
always @* begin
    len_code = 5'd0; len_base_v = 9'd3; len_ebits = 3'd0;
${lenCase}
    dist_code = 5'd0; dist_base_v = 16'd1; dist_ebits = 4'd0;
${distCase}
end
wire [12:0] len_fixed = fixed_code(9'd257 + {4'd0, len_code});
wire [12:0] lit_fixed = fixed_code({1'b0, rd_enc[7:0]});
wire [12:0] eob_fixed = fixed_code(9'd256);
wire [8:0]  len_extra_v = match_len - len_base_v;
wire [15:0] dist_extra_v = match_dist - dist_base_v;
/* verilator lint_off UNUSEDSIGNAL */
wire [8:0]  dist_code_rev9 = reverse9({4'd0, dist_code}, 4'd5);  // a 5-bit code: bits 8..5 stay zero
/* verilator lint_on UNUSEDSIGNAL */
wire [4:0]  dist_code_rev = dist_code_rev9[4:0];  // the 5-bit distance code, reversed

// the bits this cycle adds: {count, value}
reg        add_valid;
reg [5:0]  add_bits;
reg [31:0] add_value;
always @* begin
    add_valid = 1'b0; add_bits = 6'd0; add_value = 32'd0;
    case (enc_state_reg)
        D_HDR:  begin add_valid = 1'b1; add_bits = 6'd3; add_value = 32'd3; end  // BFINAL = 1, BTYPE = 01
        D_LIT:  begin add_valid = 1'b1; add_bits = {2'd0, lit_fixed[12:9]}; add_value = {23'd0, lit_fixed[8:0]}; end
        D_LEN:  begin
            add_valid = 1'b1;
            add_bits = {2'd0, len_fixed[12:9]} + {3'd0, len_ebits};
            add_value = {23'd0, len_fixed[8:0]} | ({23'd0, len_extra_v & ((9'd1 << len_ebits) - 9'd1)} << len_fixed[12:9]);
        end
        D_DIST: begin
            add_valid = 1'b1;
            add_bits = 6'd5 + {2'd0, dist_ebits};
            add_value = {27'd0, dist_code_rev} | ({16'd0, dist_extra_v & ((16'd1 << dist_ebits) - 16'd1)} << 5);
        end
        D_EOB:  begin add_valid = 1'b1; add_bits = {2'd0, eob_fixed[12:9]}; add_value = {23'd0, eob_fixed[8:0]}; end
        default: ;
    endcase
end

// output: a full 4-byte beat whenever 32 bits wait (more always follow before the end), the rest at the end
wire        out_ready;
wire        flush = enc_state_reg == D_END && acc_bits_reg <= 7'd32;
wire        send_full = acc_bits_reg >= 7'd32 && !flush;
wire        beat_out = send_full || (flush && phase_reg == P_RUN) || phase_reg == P_ERROR;
wire        sent = beat_out && out_ready;
wire [6:0]  kept_bits = (send_full && sent) ? acc_bits_reg - 7'd32 : acc_bits_reg;
wire        add_taken = add_valid && ({1'b0, kept_bits} + {2'd0, add_bits} <= 8'd64);
wire [63:0] kept_acc = (send_full && sent) ? acc_reg >> 32 : acc_reg;
wire [3:0]  flush_bytes = acc_bits_reg[6:3] + {3'd0, acc_bits_reg[2:0] != 3'd0};  // 1..4 at the flush
wire [3:0]  pack_keep = (phase_reg == P_ERROR) ? 4'd0 : flush ? (4'b1111 >> (4'd4 - flush_bytes)) : 4'b1111;
wire [31:0] pack_data_reg = acc_reg[31:0];

always @(posedge clk) begin
    if (phase_reg == P_RUN) begin
        acc_reg      <= add_taken ? kept_acc | ({32'd0, add_value} << kept_bits) : kept_acc;
        acc_bits_reg <= kept_bits + (add_taken ? {1'b0, add_bits} : 7'd0);
    end
    case (enc_state_reg)
        D_HDR: if (add_taken) enc_state_reg <= D_IDLE;
        D_IDLE: if (seq_pop) begin
            enc_final_reg    <= seq_head[SW-1];
            enc_lit_pos_reg  <= seq_head[${4 * PW - 1}:${3 * PW}];
            enc_lit_left_reg <= seq_head[${3 * PW - 1}:${2 * PW}];
            enc_dist_reg     <= ${PW >= 16 ? `seq_head[${PW + 15}:${PW}]` : `{${16 - PW}'d0, seq_head[${2 * PW - 1}:${PW}]}`};
            enc_len_reg      <= ${PW >= 9 ? 'seq_head[8:0]' : `{${9 - PW}'d0, seq_head[${PW - 1}:0]}`};
            enc_state_reg    <= (seq_head[${3 * PW - 1}:${2 * PW}] != ${PW}'d0) ? D_LIT : seq_head[SW-1] ? D_EOB : D_LEN;
        end
        D_LIT: if (add_taken) begin
            // rd_enc already holds this literal: its address was presented at least a cycle ago
            enc_lit_pos_reg  <= enc_lit_pos_reg + ${PW}'d1;
            enc_lit_left_reg <= enc_lit_left_reg - ${PW}'d1;
            if (enc_lit_left_reg == ${PW}'d1) enc_state_reg <= enc_final_reg ? D_EOB : D_LEN;
        end
        D_LEN: if (add_taken) enc_state_reg <= D_DIST;
        D_DIST: if (add_taken) enc_state_reg <= D_IDLE;
        D_EOB: if (add_taken) enc_state_reg <= D_END;
        default: ;  // D_END: full beats, then the last one
    endcase
    if (rst || phase_reg != P_RUN) begin
        enc_state_reg <= D_HDR;
        acc_reg       <= 64'd0;
        acc_bits_reg  <= 7'd0;
    end
end
// The next literal's address as soon as it is known: when a sequence is taken, and when a literal is sent
// (positions are below the buffer size).
/* verilator lint_off UNUSEDSIGNAL */
wire [${PW - 1}:0] enc_read_pos = seq_pop ? seq_head[${4 * PW - 1}:${3 * PW}]   // the first literal of the next sequence
                                : (enc_state_reg == D_LIT && add_taken) ? enc_lit_pos_reg + ${PW}'d1 : enc_lit_pos_reg;
/* verilator lint_on UNUSEDSIGNAL */
assign rd_addr_enc = enc_read_pos[${AW - 1}:0];

wire block_out = flush && out_ready;  // the block's last beat leaves

`;
}
