// dpf_stream_fifo.v: a valid/ready FIFO of 2^DEPTH_BITS entries in a RAM (block, LUT or UltraRAM: RAM_KIND), with
// first-word fall-through: the RAM's registered read feeds an output register, so m_valid shows the oldest entry
// and one entry can leave every cycle. Holds up to 2^DEPTH_BITS + 2 entries (the RAM, its read register, the
// output register).
// Hand-written dpuforge primitive (hw/lib). Reset: synchronous, active high (empties the FIFO).

`resetall
`timescale 1ns / 1ps
`default_nettype none

module dpf_stream_fifo #(
    // Bits per entry.
    parameter integer WIDTH = 8,
    // RAM entries: 2^DEPTH_BITS (at least 2).
    parameter integer DEPTH_BITS = 4,
    // 1: ask synthesis for registers (ram_style "logic"); 0: the RAM RAM_KIND names.
    parameter integer USE_REGISTERS = 0,
    // Without USE_REGISTERS: 0 block RAM (ram_style "block"), 1 LUT RAM (ram_style "distributed": shallow, wide
    // FIFOs whose width alone would take many block RAMs), 2 UltraRAM (ram_style "ultra": 4K entries of 72 bits
    // each, for deep FIFOs). Same behaviour; simulation ignores it.
    parameter integer RAM_KIND = 0
) (
    input  wire             clk,
    input  wire             rst,

    input  wire [WIDTH-1:0] s_data,
    input  wire             s_valid,
    output wire             s_ready,

    output wire [WIDTH-1:0] m_data,
    output wire             m_valid,
    input  wire             m_ready
);

reg [DEPTH_BITS:0] wr_ptr_reg, rd_ptr_reg;   // one bit more than the address: full and empty differ
wire empty = wr_ptr_reg == rd_ptr_reg;
wire full = wr_ptr_reg == {~rd_ptr_reg[DEPTH_BITS], rd_ptr_reg[DEPTH_BITS-1:0]};
assign s_ready = !full;
wire write = s_valid && !full;

reg [WIDTH-1:0] q_reg;        // the RAM's read register
reg             q_valid_reg;
reg [WIDTH-1:0] out_reg;
reg             out_valid_reg;
wire out_free = !out_valid_reg || m_ready;
wire q_to_out = q_valid_reg && out_free;
wire read = !empty && (!q_valid_reg || q_to_out);

generate
    if (USE_REGISTERS != 0) begin : regs
        (* ram_style = "logic" *) reg [WIDTH-1:0] mem [0:(1 << DEPTH_BITS)-1];
        always @(posedge clk) begin
            if (write) mem[wr_ptr_reg[DEPTH_BITS-1:0]] <= s_data;
            if (read) q_reg <= mem[rd_ptr_reg[DEPTH_BITS-1:0]];
        end
    end else if (RAM_KIND == 1) begin : lutram
        (* ram_style = "distributed" *) reg [WIDTH-1:0] mem [0:(1 << DEPTH_BITS)-1];
        always @(posedge clk) begin
            if (write) mem[wr_ptr_reg[DEPTH_BITS-1:0]] <= s_data;
            if (read) q_reg <= mem[rd_ptr_reg[DEPTH_BITS-1:0]];
        end
    end else if (RAM_KIND == 2) begin : uram
        (* ram_style = "ultra" *) reg [WIDTH-1:0] mem [0:(1 << DEPTH_BITS)-1];
        always @(posedge clk) begin
            if (write) mem[wr_ptr_reg[DEPTH_BITS-1:0]] <= s_data;
            if (read) q_reg <= mem[rd_ptr_reg[DEPTH_BITS-1:0]];
        end
    end else begin : bram
        (* ram_style = "block" *) reg [WIDTH-1:0] mem [0:(1 << DEPTH_BITS)-1];
        always @(posedge clk) begin
            if (write) mem[wr_ptr_reg[DEPTH_BITS-1:0]] <= s_data;
            if (read) q_reg <= mem[rd_ptr_reg[DEPTH_BITS-1:0]];
        end
    end
endgenerate

always @(posedge clk) begin
    if (write) wr_ptr_reg <= wr_ptr_reg + {{DEPTH_BITS{1'b0}}, 1'b1};
    if (read) rd_ptr_reg <= rd_ptr_reg + {{DEPTH_BITS{1'b0}}, 1'b1};
    q_valid_reg <= read || (q_valid_reg && !q_to_out);
    if (q_to_out) out_reg <= q_reg;
    if (q_to_out) out_valid_reg <= 1'b1;
    else if (m_ready) out_valid_reg <= 1'b0;
    if (rst) begin
        wr_ptr_reg    <= {(DEPTH_BITS+1){1'b0}};
        rd_ptr_reg    <= {(DEPTH_BITS+1){1'b0}};
        q_valid_reg   <= 1'b0;
        out_valid_reg <= 1'b0;
    end
end

assign m_data = out_reg;
assign m_valid = out_valid_reg;

endmodule

`resetall
