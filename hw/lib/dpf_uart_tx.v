// dpf_uart_tx.v: UART transmitter, 8N1, LSB first, CLKS_PER_BIT clock cycles per bit. Takes a byte from a
// valid/ready stream when idle and sends start bit, 8 data bits and stop bit; the line idles high.
// Hand-written dpuforge primitive (hw/lib). Reset: synchronous, active high.

`resetall
`timescale 1ns / 1ps
`default_nettype none

module dpf_uart_tx #(
    parameter integer CLKS_PER_BIT = 104
) (
    input  wire       clk,
    input  wire       rst,
    input  wire [7:0] s_data,
    input  wire       s_valid,
    output wire       s_ready,
    output wire       tx
);

localparam integer CW = $clog2(CLKS_PER_BIT + 1);
localparam [CW-1:0] FULL = CLKS_PER_BIT[CW-1:0] - 1'b1;

reg  [9:0]    frame_reg;          // the line, LSB now: {stop, data, start}, shifting in ones (idle: all ones)
reg  [3:0]    left_reg;           // bits left in the frame (0: idle)
reg  [CW-1:0] count_reg;          // cycles left of the current bit

// the next byte may start as the stop bit ends: back-to-back bytes at exactly 10 bits each
wire          frame_ends = left_reg == 4'd1 && count_reg == {CW{1'b0}};
assign s_ready = left_reg == 4'd0 || frame_ends;
assign tx = frame_reg[0];

always @(posedge clk) begin
    if (s_valid && s_ready) begin
        frame_reg <= {1'b1, s_data, 1'b0};
        left_reg  <= 4'd10;
        count_reg <= FULL;
    end else if (left_reg == 4'd0) begin
        // idle: the line stays high
    end else if (count_reg != {CW{1'b0}}) begin
        count_reg <= count_reg - 1'b1;
    end else begin
        count_reg <= FULL;
        frame_reg <= {1'b1, frame_reg[9:1]};
        left_reg  <= left_reg - 4'd1;
    end
    if (rst) begin
        left_reg  <= 4'd0;
        count_reg <= {CW{1'b0}};
        frame_reg <= 10'h3ff;
    end
end

endmodule

`resetall
