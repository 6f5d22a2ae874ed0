// dpf_lane_ram.v: byte-addressed RAM written a wide row at a time and read READ_BYTES consecutive bytes from any
// byte address. The bytes live in READ_BYTES byte banks (byte address a in bank a mod READ_BYTES), so a read takes
// exactly one byte from each bank: bank b serves the first address at or after rd_addr that is b modulo
// READ_BYTES, picks it out of its row (a row of a bank holds WRITE_BYTES / READ_BYTES bytes: its lanes), and the
// banks are rotated so that byte 0 of rd_data is the byte at rd_addr. A write stores one whole row of
// WRITE_BYTES bytes (a wide input beat in one cycle). Reads are registered: data appears the cycle after the
// address; addresses wrap at the end of the memory (or of the region, with SLOT_BITS).
// Hand-written dpuforge primitive (hw/lib). No reset: contents are data.

`resetall
`timescale 1ns / 1ps
`default_nettype none

module dpf_lane_ram #(
    // Bytes per read: 2^READ_BITS (at least 2).
    parameter integer READ_BITS = 3,
    // Bytes per written row: 2^WRITE_BITS, at least the bytes per read.
    parameter integer WRITE_BITS = 3,
    // Rows of 2^WRITE_BITS bytes: 2^ROW_BITS (at least 2).
    parameter integer ROW_BITS = 10,
    // 1: ask synthesis for registers (ram_style "logic"); 0: block RAM (ram_style "block").
    parameter integer USE_REGISTERS = 0,
    // The top SLOT_BITS address bits pick a region (e.g. one of two block buffers); a read wraps at the end of its
    // region instead of running into the next. 0: one region, the whole memory.
    parameter integer SLOT_BITS = 0
) (
    input  wire                              clk,

    input  wire                              wr_en,
    input  wire [ROW_BITS-1:0]               wr_row,
    input  wire [8*(1<<WRITE_BITS)-1:0]      wr_data,    // byte k goes to address wr_row * 2^WRITE_BITS + k

    input  wire [ROW_BITS+WRITE_BITS-1:0]    rd_addr,    // byte address of the first byte read
    output wire [8*(1<<READ_BITS)-1:0]       rd_data     // byte k = memory[rd_addr + k], one cycle later
);

localparam integer BANKS = 1 << READ_BITS;
localparam integer LANE_BITS = WRITE_BITS - READ_BITS;
localparam integer LANES = 1 << LANE_BITS;          // bytes of one bank in one row
localparam integer AW = ROW_BITS + WRITE_BITS;

reg [READ_BITS-1:0] rd_rot_reg;  // rd_addr mod BANKS, aligned with the banks' data
wire [8*BANKS-1:0]  bank_q;

genvar b, l;
generate
    for (b = 0; b < BANKS; b = b + 1) begin : bank
        // the first address at or after rd_addr that lives in this bank
        localparam [READ_BITS-1:0] B = b;
        // rd_addr's group of BANKS bytes, or the next group when this bank's byte of it is before rd_addr (the
        // borrow of B - rd_addr mod BANKS)
        wire [READ_BITS:0]      diff = {1'b0, B} - {1'b0, rd_addr[READ_BITS-1:0]};
        wire [AW-READ_BITS-1:0] group;
        if (SLOT_BITS > 0) begin : region
            assign group = {rd_addr[AW-1 -: SLOT_BITS],
                            rd_addr[AW-SLOT_BITS-1:READ_BITS] + {{(AW-SLOT_BITS-READ_BITS-1){1'b0}}, diff[READ_BITS]}};
        end else begin : whole_memory
            assign group = rd_addr[AW-1:READ_BITS] + {{(AW-READ_BITS-1){1'b0}}, diff[READ_BITS]};
        end
        wire [8*LANES-1:0] row_data;
        for (l = 0; l < LANES; l = l + 1) begin : lane
            assign row_data[8*l +: 8] = wr_data[8*(l*BANKS + b) +: 8];
        end
        reg [8*LANES-1:0] q_reg;
        if (USE_REGISTERS != 0) begin : regs
            (* ram_style = "logic" *) reg [8*LANES-1:0] mem [0:(1 << ROW_BITS)-1];
            always @(posedge clk) begin
                if (wr_en) mem[wr_row] <= row_data;
                q_reg <= mem[group[AW-READ_BITS-1:LANE_BITS]];
            end
        end else begin : bram
            (* ram_style = "block" *) reg [8*LANES-1:0] mem [0:(1 << ROW_BITS)-1];
            always @(posedge clk) begin
                if (wr_en) mem[wr_row] <= row_data;
                q_reg <= mem[group[AW-READ_BITS-1:LANE_BITS]];
            end
        end
        if (LANES > 1) begin : pick
            reg [LANE_BITS-1:0] lane_reg;  // which byte of the row, aligned with q_reg
            always @(posedge clk) lane_reg <= group[LANE_BITS-1:0];
            assign bank_q[8*b +: 8] = q_reg[8*lane_reg +: 8];
        end else begin : whole
            assign bank_q[8*b +: 8] = q_reg;
        end
    end
endgenerate

always @(posedge clk) rd_rot_reg <= rd_addr[READ_BITS-1:0];

// Rotate the banks so that byte 0 is the one at rd_addr.
wire [16*BANKS-1:0] doubled = {bank_q, bank_q};
assign rd_data = doubled[8*rd_rot_reg +: 8*BANKS];

endmodule

`resetall
