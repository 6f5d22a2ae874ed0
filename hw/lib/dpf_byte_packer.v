// dpf_byte_packer.v: packs a stream whose beats may be short anywhere (tkeep a contiguous run from lane 0, 0 to
// DATA_BYTES bytes, e.g. the pieces of one packet that different engines wrote) into full beats: every output beat
// is full but a packet's last, which is not empty (unless the packet is: one beat with tkeep 0) and whose tkeep is
// contiguous from lane 0. tuser is the tlast beat's. One input beat a cycle (a full word waits in the packer
// until the next beat shows whether the packet ends with it); a last beat that leaves bytes over takes one more
// cycle to send them. The output is a register; s_axis_tready follows m_axis_tready in the same cycle (put a
// dpf_skid_buffer behind it to cut that path). Test: test/sim/byte-packer.test.ts.
// Hand-written dpuforge primitive (hw/lib). Reset: synchronous, active high; clears the valid flags and the count.

`resetall
`timescale 1ns / 1ps
`default_nettype none

module dpf_byte_packer #(
    // Bytes per beat, in and out: a power of two, 2 or more.
    parameter integer DATA_BYTES = 64,
    // tuser bits, carried from each packet's tlast beat, 1 or more.
    parameter integer USER_BITS = 1
) (
    input  wire                    clk,
    input  wire                    rst,

    input  wire [8*DATA_BYTES-1:0] s_axis_tdata,
    input  wire [DATA_BYTES-1:0]   s_axis_tkeep,
    input  wire                    s_axis_tvalid,
    output wire                    s_axis_tready,
    input  wire                    s_axis_tlast,
    input  wire [USER_BITS-1:0]    s_axis_tuser,

    output wire [8*DATA_BYTES-1:0] m_axis_tdata,
    output wire [DATA_BYTES-1:0]   m_axis_tkeep,
    output wire                    m_axis_tvalid,
    input  wire                    m_axis_tready,
    output wire                    m_axis_tlast,
    output wire [USER_BITS-1:0]    m_axis_tuser
);

localparam integer D = DATA_BYTES;
localparam integer CB = $clog2(D);     // bits of a count 0..D-1

initial begin
    if (D < 2 || (D & (D - 1)) != 0) $error("dpf_byte_packer: DATA_BYTES = %0d is not a power of two >= 2", D);
    if (USER_BITS < 1) $error("dpf_byte_packer: USER_BITS = %0d is below 1", USER_BITS);
end

// bytes held from earlier beats of the packet (up to D: a full word waits until the next beat shows whether the
// packet ends with it), in lanes 0 .. held_count_reg - 1
reg [8*D-1:0]    held_data_reg;
reg [CB:0]       held_count_reg;
// a last beat left bytes over: they leave next, with tlast
reg              tail_reg;
reg [USER_BITS-1:0] tail_user_reg;
// the output register
reg [8*D-1:0]    out_data_reg;
reg [D-1:0]      out_keep_reg;
reg              out_valid_reg;
reg              out_last_reg;
reg [USER_BITS-1:0] out_user_reg;

wire out_free = !out_valid_reg || m_axis_tready;
assign s_axis_tready = out_free && !tail_reg && !rst;
wire take = s_axis_tvalid && s_axis_tready;

// a byte mask of the lowest n lanes (n = 0 .. D)
function [8*D-1:0] keep_mask(input [CB:0] n);
    integer b;
    begin
        for (b = 0; b < D; b = b + 1) keep_mask[8*b +: 8] = (b < n) ? 8'hff : 8'h00;
    end
endfunction

function [D-1:0] lane_mask(input [CB:0] n);
    integer b;
    begin
        for (b = 0; b < D; b = b + 1) lane_mask[b] = b < n;
    end
endfunction

// the input beat's bytes: a contiguous run from lane 0 (the count of its set keep bits)
reg [CB:0] in_count;
integer k;
always @* begin
    in_count = {(CB + 1){1'b0}};
    for (k = 0; k < D; k = k + 1) in_count = in_count + {{CB{1'b0}}, s_axis_tkeep[k]};
end

// held bytes, then the input's bytes behind them: up to 2D bytes in a double-width word
wire [16*D-1:0] held_wide = {{(8*D){1'b0}}, held_data_reg};
wire [16*D-1:0] in_wide = {{(8*D){1'b0}}, s_axis_tdata & keep_mask(in_count)} << {held_count_reg, 3'b000};
wire [16*D-1:0] joined = held_wide | in_wide;
wire [CB+1:0]   joined_count = {1'b0, held_count_reg} + {1'b0, in_count};
// more than a word: the first word leaves, 1 .. D bytes stay
wire            joined_over = joined_count > {2'b01, {CB{1'b0}}};
wire [CB:0]     over_count = joined_count[CB:0] - {1'b1, {CB{1'b0}}};

always @(posedge clk) begin
    if (out_free) out_valid_reg <= 1'b0;
    if (tail_reg && out_free) begin
        // the bytes a last beat left over
        out_data_reg   <= held_data_reg;
        out_keep_reg   <= lane_mask(held_count_reg);
        out_last_reg   <= 1'b1;
        out_user_reg   <= tail_user_reg;
        out_valid_reg  <= 1'b1;
        held_count_reg <= {(CB + 1){1'b0}};
        held_data_reg  <= {(8*D){1'b0}};
        tail_reg       <= 1'b0;
    end else if (take) begin
        if (joined_over) begin
            // a full word leaves; the rest is held (and sent next cycle, with tlast, if this beat ends the packet)
            out_data_reg   <= joined[8*D-1:0];
            out_keep_reg   <= {D{1'b1}};
            out_last_reg   <= 1'b0;
            out_valid_reg  <= 1'b1;
            held_data_reg  <= joined[16*D-1:8*D];
            held_count_reg <= over_count;
            tail_reg       <= s_axis_tlast;
            tail_user_reg  <= s_axis_tuser;
        end else if (s_axis_tlast) begin
            // the packet ends inside this word (an empty packet: one beat with tkeep 0)
            out_data_reg   <= joined[8*D-1:0];
            out_keep_reg   <= lane_mask(joined_count[CB:0]);
            out_last_reg   <= 1'b1;
            out_user_reg   <= s_axis_tuser;
            out_valid_reg  <= 1'b1;
            held_data_reg  <= {(8*D){1'b0}};
            held_count_reg <= {(CB + 1){1'b0}};
        end else begin
            held_data_reg  <= joined[8*D-1:0];
            held_count_reg <= joined_count[CB:0];
        end
    end
    if (rst) begin
        out_valid_reg  <= 1'b0;
        tail_reg       <= 1'b0;
        held_count_reg <= {(CB + 1){1'b0}};
        held_data_reg  <= {(8*D){1'b0}};
    end
end

assign m_axis_tdata  = out_data_reg;
assign m_axis_tkeep  = out_keep_reg;
assign m_axis_tvalid = out_valid_reg;
assign m_axis_tlast  = out_last_reg;
assign m_axis_tuser  = out_user_reg;

endmodule

`resetall
