// dpf_byte4_ram.v: byte-addressed RAM in four one-byte banks (byte address a lives in bank a mod 4, row a / 4).
// One write port writes up to four bytes of one row (byte mask); one read port returns the four bytes at any
// byte address a, a+1, a+2, a+3 (wrapping at the end), registered: data appears the cycle after the address.
// Hand-written dpuforge primitive (hw/lib). No reset: contents are data.

`resetall
`timescale 1ns / 1ps
`default_nettype none

module dpf_byte4_ram #(
    // Rows of four bytes: 2^ROW_BITS rows, 4 * 2^ROW_BITS bytes.
    parameter integer ROW_BITS = 10,
    // 1: ask synthesis for registers (ram_style "logic"); 0: block RAM (ram_style "block").
    parameter integer USE_REGISTERS = 0
) (
    input  wire                  clk,

    input  wire                  wr_en,
    input  wire [ROW_BITS-1:0]   wr_row,
    input  wire [3:0]            wr_mask,   // bit k: write byte k of wr_data to address wr_row*4 + k
    input  wire [31:0]           wr_data,

    input  wire [ROW_BITS+1:0]   rd_addr,   // byte address of the first byte read
    output wire [31:0]           rd_data    // byte k = memory[rd_addr + k], one cycle later
);

reg [1:0] rd_rot_reg;  // rd_addr mod 4, aligned with rd_data
wire [31:0] bank_q;

genvar b;
generate
    for (b = 0; b < 4; b = b + 1) begin : bank
        // Bank b holds the byte of the read window whose address is = b (mod 4): row rd_addr/4, or the next
        // row when that byte sits past the end of rd_addr's row.
        wire [ROW_BITS-1:0] rd_row = rd_addr[ROW_BITS+1:2] + ((b < rd_addr[1:0]) ? {{(ROW_BITS-1){1'b0}}, 1'b1} : {ROW_BITS{1'b0}});
        reg [7:0] q_reg;
        if (USE_REGISTERS != 0) begin : regs
            (* ram_style = "logic" *) reg [7:0] mem [0:(1 << ROW_BITS)-1];
            always @(posedge clk) begin
                if (wr_en && wr_mask[b]) mem[wr_row] <= wr_data[8*b +: 8];
                q_reg <= mem[rd_row];
            end
        end else begin : bram
            (* ram_style = "block" *) reg [7:0] mem [0:(1 << ROW_BITS)-1];
            always @(posedge clk) begin
                if (wr_en && wr_mask[b]) mem[wr_row] <= wr_data[8*b +: 8];
                q_reg <= mem[rd_row];
            end
        end
        assign bank_q[8*b +: 8] = q_reg;
    end
endgenerate

always @(posedge clk) rd_rot_reg <= rd_addr[1:0];

// Rotate the banks so that byte 0 is the one at rd_addr.
assign rd_data = (bank_q >> {rd_rot_reg, 3'b000}) | (bank_q << {3'd4 - {1'b0, rd_rot_reg}, 3'b000});

endmodule

`resetall
