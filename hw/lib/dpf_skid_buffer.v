// dpf_skid_buffer.v: two-entry valid/ready register slice. Registers the data path and makes s_ready a
// register output, so no combinational path runs from m_ready back to s_ready; full throughput.
// Hand-written dpuforge primitive (hw/lib). Reset: synchronous, active high; clears the valid flags only.

`resetall
`timescale 1ns / 1ps
`default_nettype none

module dpf_skid_buffer #(
    // Width of the data word carried (tdata plus any sideband bits), >= 1.
    parameter integer WIDTH = 8
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

reg [WIDTH-1:0] main_data_reg;   // the word offered on m_*
reg             main_valid_reg;
reg [WIDTH-1:0] skid_data_reg;   // a word accepted while m_* was stalled
reg             skid_valid_reg;

assign s_ready = !skid_valid_reg;
assign m_data  = main_data_reg;
assign m_valid = main_valid_reg;

always @(posedge clk) begin
    if (m_ready || !main_valid_reg) begin
        // The main slot is free after this edge: refill it from the skid slot, else from the input.
        if (skid_valid_reg) begin
            main_data_reg  <= skid_data_reg;
            main_valid_reg <= 1'b1;
            skid_valid_reg <= 1'b0;
        end else begin
            main_data_reg  <= s_data;
            main_valid_reg <= s_valid;
        end
    end else if (s_valid && !skid_valid_reg) begin
        // Output stalled with a word held: park the incoming word.
        skid_data_reg  <= s_data;
        skid_valid_reg <= 1'b1;
    end

    if (rst) begin
        main_valid_reg <= 1'b0;
        skid_valid_reg <= 1'b0;
    end
end

endmodule

`resetall
