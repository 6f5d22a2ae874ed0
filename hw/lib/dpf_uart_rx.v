// dpf_uart_rx.v: UART receiver, 8 data bits, no parity, 1 stop bit (8N1), LSB first. The line is synchronized
// through two flops; a start bit is a falling edge confirmed at its middle; each bit is sampled at its middle
// (CLKS_PER_BIT clock cycles per bit). A received byte is offered for one cycle (m_valid); a byte whose stop bit
// is low is offered with m_error set. A UART cannot be held back: the consumer takes a byte per offer.
// Hand-written dpuforge primitive (hw/lib). Reset: synchronous, active high.

`resetall
`timescale 1ns / 1ps
`default_nettype none

module dpf_uart_rx #(
    // Clock cycles per bit (clock frequency / baud rate), at least 4.
    parameter integer CLKS_PER_BIT = 104
) (
    input  wire       clk,
    input  wire       rst,
    input  wire       rx,
    output reg  [7:0] m_data,
    output reg        m_valid,
    output reg        m_error
);

localparam integer CW = $clog2(CLKS_PER_BIT + 1);
localparam [CW-1:0] FULL = CLKS_PER_BIT[CW-1:0] - 1'b1;
localparam [CW-1:0] HALF = CLKS_PER_BIT[CW:1] - 1'b1;

reg  [1:0]    sync_reg;           // two-flop synchronizer (idle high)
reg           busy_reg;           // inside a frame
reg  [CW-1:0] count_reg;          // cycles to the next sample point
reg  [3:0]    bit_reg;            // 0: start, 1..8: data, 9: stop
reg  [7:0]    shift_reg;
wire          line = sync_reg[1];

always @(posedge clk) begin
    sync_reg <= {sync_reg[0], rx};
    m_valid  <= 1'b0;
    if (!busy_reg) begin
        if (!line) begin          // a falling edge: sample the start bit at its middle
            busy_reg  <= 1'b1;
            count_reg <= HALF;
            bit_reg   <= 4'd0;
        end
    end else if (count_reg != {CW{1'b0}}) begin
        count_reg <= count_reg - 1'b1;
    end else begin
        count_reg <= FULL;
        if (bit_reg == 4'd0) begin
            if (line) busy_reg <= 1'b0;       // a glitch, not a start bit
            bit_reg <= 4'd1;
        end else if (bit_reg != 4'd9) begin
            shift_reg <= {line, shift_reg[7:1]};
            bit_reg   <= bit_reg + 4'd1;
        end else begin
            m_data   <= shift_reg;
            m_error  <= !line;
            m_valid  <= 1'b1;
            busy_reg <= 1'b0;
        end
    end
    if (rst) begin
        sync_reg <= 2'b11;
        busy_reg <= 1'b0;
        m_valid  <= 1'b0;
        m_error  <= 1'b0;
        m_data   <= 8'd0;
        count_reg <= {CW{1'b0}};
        bit_reg   <= 4'd0;
        shift_reg <= 8'd0;
    end
end

endmodule

`resetall
