// dpf_simple_ram.v: simple dual-port RAM of DEPTH words of WIDTH bits: one write port, one read port whose data
// is registered (it appears the cycle after the address). Written so that synthesis infers block RAM, or UltraRAM
// (RAM_KIND 2) for deep buffers.
// Hand-written dpuforge primitive (hw/lib). No reset: contents are data.

`resetall
`timescale 1ns / 1ps
`default_nettype none

module dpf_simple_ram #(
    parameter integer WIDTH = 128,
    // Words held (need not be a power of two); addresses at or past DEPTH write nothing and read undefined data.
    parameter integer DEPTH = 1024,
    parameter integer ADDR_BITS = 10,
    // What synthesis should build: 0 block RAM (ram_style "block"), 2 UltraRAM (ram_style "ultra": 4K words of 72
    // bits each, for buffers deep enough to fill one). Same behaviour; simulation ignores it.
    parameter integer RAM_KIND = 0
) (
    input  wire                  clk,

    input  wire                  wr_en,
    input  wire [ADDR_BITS-1:0]  wr_addr,
    input  wire [WIDTH-1:0]      wr_data,

    input  wire [ADDR_BITS-1:0]  rd_addr,
    output reg  [WIDTH-1:0]      rd_data    // memory[rd_addr], one cycle later
);

generate
    if (RAM_KIND == 2) begin : uram
        (* ram_style = "ultra" *) reg [WIDTH-1:0] mem [0:DEPTH-1];
        always @(posedge clk) begin
            if (wr_en) mem[wr_addr] <= wr_data;
            rd_data <= mem[rd_addr];
        end
    end else begin : bram
        (* ram_style = "block" *) reg [WIDTH-1:0] mem [0:DEPTH-1];
        always @(posedge clk) begin
            if (wr_en) mem[wr_addr] <= wr_data;
            rd_data <= mem[rd_addr];
        end
    end
endgenerate

endmodule

`resetall
