// dpf_line_ram.v: byte-addressed RAM of ROW_BYTES-byte rows that returns two rows' worth of bytes from any
// byte address in one read: rows live in two banks (even rows, odd rows), so the row holding the address and
// the next one are read in the same cycle and shifted so that byte 0 of rd_data is the byte at rd_addr.
// One write port writes one whole row. Reads are registered: data appears the cycle after the address; bytes
// past the second row read as zero, and addresses wrap at the end of the memory.
// Hand-written dpuforge primitive (hw/lib). No reset: contents are data.

`resetall
`timescale 1ns / 1ps
`default_nettype none

module dpf_line_ram #(
    // Bytes per row: 2^BYTE_BITS (a power of two).
    parameter integer BYTE_BITS = 4,
    // Rows: 2^ROW_BITS (at least 2).
    parameter integer ROW_BITS = 10,
    // 1: ask synthesis for registers (ram_style "logic"); 0: block RAM (ram_style "block").
    parameter integer USE_REGISTERS = 0
) (
    input  wire                              clk,

    input  wire                              wr_en,
    input  wire [ROW_BITS-1:0]               wr_row,
    input  wire [8*(1<<BYTE_BITS)-1:0]       wr_data,    // byte k goes to address wr_row * ROW_BYTES + k

    input  wire [ROW_BITS+BYTE_BITS-1:0]     rd_addr,    // byte address of the first byte read
    output wire [16*(1<<BYTE_BITS)-1:0]      rd_data     // byte k = memory[rd_addr + k], one cycle later
);

localparam integer ROW_BYTES = 1 << BYTE_BITS;
localparam integer RW = 8 * ROW_BYTES;

wire [ROW_BITS-1:0] rd_row = rd_addr[ROW_BITS+BYTE_BITS-1:BYTE_BITS];
// the even bank serves row rd_row when it is even, else the next row (its pair's successor); the odd bank
// serves the odd one of the two
/* verilator lint_off UNUSEDSIGNAL */
wire [ROW_BITS-1:0] even_row = rd_row + {{(ROW_BITS-1){1'b0}}, rd_row[0]};  // even: bit 0 is always 0
/* verilator lint_on UNUSEDSIGNAL */
wire [ROW_BITS-2:0] even_addr = even_row[ROW_BITS-1:1];
wire [ROW_BITS-2:0] odd_addr = rd_row[ROW_BITS-1:1];

reg [RW-1:0]          even_q_reg, odd_q_reg;
reg                   rd_odd_reg;       // rd_row was odd: the odd bank holds the first row
reg [BYTE_BITS-1:0]   rd_shift_reg;     // rd_addr's byte within its row

generate
    if (USE_REGISTERS != 0) begin : regs
        (* ram_style = "logic" *) reg [RW-1:0] even_mem [0:(1 << (ROW_BITS-1))-1];
        (* ram_style = "logic" *) reg [RW-1:0] odd_mem [0:(1 << (ROW_BITS-1))-1];
        always @(posedge clk) begin
            if (wr_en && !wr_row[0]) even_mem[wr_row[ROW_BITS-1:1]] <= wr_data;
            if (wr_en && wr_row[0]) odd_mem[wr_row[ROW_BITS-1:1]] <= wr_data;
            even_q_reg <= even_mem[even_addr];
            odd_q_reg  <= odd_mem[odd_addr];
        end
    end else begin : bram
        (* ram_style = "block" *) reg [RW-1:0] even_mem [0:(1 << (ROW_BITS-1))-1];
        (* ram_style = "block" *) reg [RW-1:0] odd_mem [0:(1 << (ROW_BITS-1))-1];
        always @(posedge clk) begin
            if (wr_en && !wr_row[0]) even_mem[wr_row[ROW_BITS-1:1]] <= wr_data;
            if (wr_en && wr_row[0]) odd_mem[wr_row[ROW_BITS-1:1]] <= wr_data;
            even_q_reg <= even_mem[even_addr];
            odd_q_reg  <= odd_mem[odd_addr];
        end
    end
endgenerate

always @(posedge clk) begin
    rd_odd_reg   <= rd_row[0];
    rd_shift_reg <= rd_addr[BYTE_BITS-1:0];
end

wire [2*RW-1:0] two_rows = rd_odd_reg ? {even_q_reg, odd_q_reg} : {odd_q_reg, even_q_reg};
assign rd_data = two_rows >> {rd_shift_reg, 3'b000};

endmodule

`resetall
