// Board top generator: the proof-of-concept top for an iCE40-HX8K breakout board. A UART (8N1) carries a small
// command protocol to three engines in small configurations — CRC32C (1 byte per cycle), EC encode (fixed
// Cauchy rows, 1 byte per cycle) and LZ4 decompress (1 byte per cycle) — and carries their results back.
//
//   host -> board  0xA5, command, length (2 bytes, little-endian), payload
//                  command 1: CRC32C of the payload; 2: EC parity of the payload (k fragments interleaved byte
//                  by byte: byte t belongs to fragment t mod k; length a multiple of k); 3: LZ4-decode the payload
//   board -> host  0x5A, status, length (2 bytes), payload
//                  status 0 done; 1-6 the LZ4 decoder's verdict; 16 the EC framing broke (length not a multiple
//                  of k); 0xFD the result was longer than the response buffer (cut); 0xFE empty payload;
//                  0xFF unknown command (its payload is read and dropped)
//
// Bytes from the UART wait in a 512-byte FIFO (block RAM) so the engines may pause (a long LZ4 match); results
// wait in a response buffer (block RAM) because their length leads the response. A power-on reset holds the
// design for 64 cycles after configuration. LEDs: commands answered (6 bits), a UART framing error was seen, an
// input byte was lost to a full FIFO.
import { canonicalParams, flagName, ParamError, validateParams, type ParamSchema } from '../core/params.js';
import type { Generator } from '../core/generator.js';
import type { GeneratedDesign } from '../core/design.js';
import { bitsFor, FILE_FOOTER, fileHeader, verilogFile } from '../core/verilog.js';
import { composedFiles, composedLibFiles } from '../core/compose.js';
import { crcGenerator } from '../crc/generate.js';
import { ecGenerator } from '../ec/generate.js';
import { lz4DecompressGenerator } from '../lz4/decompress.js';
import { SIMPLE_RAM_FILE, UART_RX_FILE, UART_TX_FILE } from '../core/lib-files.js';

export const BOARD_GENERATOR = 'gen/board';
export const BOARD_GENERATOR_VERSION = '0.1.0';
export const BOARD_COMMANDS = { crc32c: 1, ecEncode: 2, lz4Decompress: 3 } as const;
export const BOARD_STATUS = { done: 0, ecFraming: 16, tooLong: 0xfd, empty: 0xfe, unknownCommand: 0xff } as const;

export interface BoardParams {
  clockHz: number;
  baud: number;
  ecK: number;
  ecM: number;
  lz4WindowBytes: number;
  responseBytes: number;
}

export const boardSchema: ParamSchema = {
  clockHz: { kind: 'int', min: 1_000_000, max: 200_000_000, default: 12_000_000, doc: 'board clock in Hz (the HX8K breakout: 12 MHz)' },
  baud: { kind: 'int', min: 1200, max: 3_000_000, default: 115_200, doc: 'UART bits per second' },
  ecK: { kind: 'int', min: 2, max: 8, default: 4, doc: 'EC data fragments' },
  ecM: { kind: 'int', min: 1, max: 4, default: 2, doc: 'EC parity fragments' },
  lz4WindowBytes: { kind: 'int', min: 256, max: 4096, default: 1024, doc: 'LZ4 decoder window (power of two)' },
  responseBytes: { kind: 'int', min: 256, max: 4096, default: 2048, doc: 'response buffer: the longest result (power of two)' },
};

export function validateBoardParams(raw: Readonly<Record<string, unknown>>): BoardParams {
  const p = validateParams(BOARD_GENERATOR, boardSchema, raw) as unknown as BoardParams;
  for (const k of ['lz4WindowBytes', 'responseBytes'] as const) if ((p[k] & (p[k] - 1)) !== 0) throw new ParamError(BOARD_GENERATOR, k, `= ${p[k]} is not a power of two`);
  if (Math.round(p.clockHz / p.baud) < 4) throw new ParamError(BOARD_GENERATOR, 'baud', `= ${p.baud} leaves ${Math.round(p.clockHz / p.baud)} clocks per bit at ${p.clockHz} Hz; the UART needs at least 4`);
  return { ...p };
}

export const clocksPerBit = (p: BoardParams): number => Math.round(p.clockHz / p.baud);

export function boardModuleName(p: BoardParams): string {
  const d = boardSchema;
  const same = (Object.keys(d) as (keyof BoardParams)[]).every((k) => p[k] === (d[k] as { default: number }).default);
  return same ? 'board_hx8k' : `board_hx8k_c${clocksPerBit(p)}_k${p.ecK}_m${p.ecM}_h${p.lz4WindowBytes}_r${p.responseBytes}`;
}

function boardCommand(p: BoardParams): string {
  return `npm run dpuforge -- gen board ${Object.entries(p).map(([k, v]) => `${flagName(k)} ${v}`).join(' ')} -o hw/generated`;
}

export function emitBoard(p: BoardParams): GeneratedDesign {
  const top = boardModuleName(p);
  const N = clocksPerBit(p);
  const RB = Math.log2(p.responseBytes);
  const LW = bitsFor(p.responseBytes); // response lengths 0..responseBytes
  const crc = crcGenerator.emit(crcGenerator.validate({ bytesPerCycle: 1, model: 'crc32c' }));
  const ec = ecGenerator.emit(ecGenerator.validate({ k: p.ecK, m: p.ecM, bytesPerCycle: 1, coefficients: 'fixed', matrix: 'cauchy' }));
  const lz4 = lz4DecompressGenerator.emit(lz4DecompressGenerator.validate({ bytesPerCycle: 1, windowBytes: p.lz4WindowBytes, maxOutputBytes: p.responseBytes }));
  const paramsJson = canonicalParams(boardSchema, p as unknown as Record<string, unknown>);
  const header = fileHeader({
    file: `${top}.v`, what: `board top for the iCE40-HX8K breakout: UART ${p.baud} baud at ${p.clockHz} Hz, CRC32C + EC ${p.ecK}+${p.ecM} + LZ4 decompress.`,
    generator: BOARD_GENERATOR, version: BOARD_GENERATOR_VERSION, paramsJson, command: boardCommand(p),
    notes: [
      'host -> board: 0xA5, command, length (2 bytes LE), payload. 1: CRC32C; 2: EC parity (k fragments interleaved',
      'byte by byte, length a multiple of k); 3: LZ4-decode. board -> host: 0x5A, status, length (2 bytes LE), payload.',
      'Status: 0 done; 1-6 LZ4 verdict; 16 EC framing; 0xFD result longer than the response buffer (cut); 0xFE empty',
      'payload; 0xFF unknown command. Power-on reset: 64 cycles. LEDs: [5:0] commands answered, [6] UART framing error',
      'seen, [7] input byte lost (FIFO full).',
    ],
  });
  const body = `module ${top} (
    input  wire       clk,
    input  wire       uart_rx,
    output wire       uart_tx,
    output wire [7:0] led
);

// ---- Power-on reset: the flops start at zero after configuration
reg  [5:0]  por_reg = 6'd0;
wire        rst = !(&por_reg);
always @(posedge clk) begin
    if (rst) por_reg <= por_reg + 6'd1;
end

// ---- UART in, into a 512-byte FIFO
wire [7:0]  rx_data;
wire        rx_valid, rx_error;
dpf_uart_rx #(.CLKS_PER_BIT(${N})) uart_in (.clk(clk), .rst(rst), .rx(uart_rx), .m_data(rx_data), .m_valid(rx_valid), .m_error(rx_error));
reg  [8:0]  inq_wr_reg, inq_rd_reg;
reg  [9:0]  inq_count_reg;
reg         inq_fetch_reg;               // a read of the FIFO's head is under way
reg  [7:0]  head_reg;                     // the next payload byte, when head_valid_reg
reg         head_valid_reg;
wire        head_take;
wire        inq_push = rx_valid && !rx_error && inq_count_reg != 10'd512;
wire        inq_fetch = inq_count_reg != 10'd0 && !inq_fetch_reg && (!head_valid_reg || head_take);
wire [7:0]  inq_q;
dpf_simple_ram #(.WIDTH(8), .DEPTH(512), .ADDR_BITS(9)) input_fifo (
    .clk(clk), .wr_en(inq_push), .wr_addr(inq_wr_reg), .wr_data(rx_data), .rd_addr(inq_rd_reg), .rd_data(inq_q)
);
reg         framing_seen_reg, lost_reg;
always @(posedge clk) begin
    if (inq_push) inq_wr_reg <= inq_wr_reg + 9'd1;
    if (inq_fetch) inq_rd_reg <= inq_rd_reg + 9'd1;
    inq_count_reg <= inq_count_reg + {9'd0, inq_push} - {9'd0, inq_fetch};
    inq_fetch_reg <= inq_fetch;
    if (inq_fetch_reg) begin
        head_reg <= inq_q;
        head_valid_reg <= 1'b1;
    end else if (head_take) begin
        head_valid_reg <= 1'b0;
    end
    if (rx_valid && rx_error) framing_seen_reg <= 1'b1;
    if (rx_valid && !rx_error && inq_count_reg == 10'd512) lost_reg <= 1'b1;
    if (rst) begin
        inq_wr_reg <= 9'd0;
        inq_rd_reg <= 9'd0;
        inq_count_reg <= 10'd0;
        inq_fetch_reg <= 1'b0;
        head_valid_reg <= 1'b0;
        framing_seen_reg <= 1'b0;
        lost_reg <= 1'b0;
    end
end

// ---- Command parser and responder
localparam [3:0] S_SYNC = 4'd0, S_CMD = 4'd1, S_LEN0 = 4'd2, S_LEN1 = 4'd3, S_DATA = 4'd4, S_DROP = 4'd5,
                 S_WAIT = 4'd6, S_HDR = 4'd7, S_READ = 4'd8, S_FETCH = 4'd9, S_SEND = 4'd10;
reg  [3:0]  state_reg;
reg  [7:0]  cmd_reg;
reg  [15:0] len_reg;                      // payload bytes announced, then left to take
reg  [7:0]  status_reg;
reg  [${LW - 1}:0] resp_len_reg;              // result bytes in the buffer (or 4 for a CRC)
reg  [${LW - 1}:0] resp_idx_reg;              // next result byte to send
reg  [1:0]  hdr_idx_reg;
reg  [5:0]  answered_reg;
reg  [31:0] crc_reg;
reg         overflow_reg;
wire        known = cmd_reg == 8'd${BOARD_COMMANDS.crc32c} || cmd_reg == 8'd${BOARD_COMMANDS.ecEncode} || cmd_reg == 8'd${BOARD_COMMANDS.lz4Decompress};
wire        to_crc = state_reg == S_DATA && cmd_reg == 8'd${BOARD_COMMANDS.crc32c};
wire        to_ec = state_reg == S_DATA && cmd_reg == 8'd${BOARD_COMMANDS.ecEncode};
wire        to_lz4 = state_reg == S_DATA && cmd_reg == 8'd${BOARD_COMMANDS.lz4Decompress};
wire        crc_in_ready, ec_in_ready, lz4_in_ready;
wire        engine_ready = to_crc ? crc_in_ready : to_ec ? ec_in_ready : lz4_in_ready;
wire        payload_last = len_reg == 16'd1;
assign head_take = head_valid_reg && (state_reg == S_SYNC || state_reg == S_CMD || state_reg == S_LEN0 || state_reg == S_LEN1
                                      || state_reg == S_DROP || (state_reg == S_DATA && engine_ready));

// engine results
wire [31:0] crc_out;
wire        crc_out_valid;
/* verilator lint_off UNUSEDSIGNAL */
wire        crc_out_last, crc_out_error;  // one beat per packet; the parser's beats always keep the rules
/* verilator lint_on UNUSEDSIGNAL */
wire [7:0]  ec_out, lz4_out;
wire        ec_out_keep, ec_out_valid, ec_out_last, ec_out_error;
wire        lz4_out_keep, lz4_out_valid, lz4_out_last;
wire [2:0]  lz4_verdict;
${crc.top} crc (
    .clk(clk), .rst(rst),
    .s_axis_tdata(head_reg), .s_axis_tkeep(1'b1), .s_axis_tvalid(to_crc && head_valid_reg), .s_axis_tready(crc_in_ready), .s_axis_tlast(payload_last),
    .m_axis_tdata(crc_out), .m_axis_tvalid(crc_out_valid), .m_axis_tready(1'b1), .m_axis_tlast(crc_out_last), .m_axis_tuser(crc_out_error)
);
${ec.top} ec (
    .clk(clk), .rst(rst),
    .s_axis_tdata(head_reg), .s_axis_tkeep(1'b1), .s_axis_tvalid(to_ec && head_valid_reg), .s_axis_tready(ec_in_ready), .s_axis_tlast(payload_last),
    .m_axis_tdata(ec_out), .m_axis_tkeep(ec_out_keep), .m_axis_tvalid(ec_out_valid), .m_axis_tready(1'b1), .m_axis_tlast(ec_out_last), .m_axis_tuser(ec_out_error)
);
${lz4.top} lz4 (
    .clk(clk), .rst(rst),
    .s_axis_tdata(head_reg), .s_axis_tkeep(1'b1), .s_axis_tvalid(to_lz4 && head_valid_reg), .s_axis_tready(lz4_in_ready), .s_axis_tlast(payload_last),
    .m_axis_tdata(lz4_out), .m_axis_tkeep(lz4_out_keep), .m_axis_tvalid(lz4_out_valid), .m_axis_tready(1'b1), .m_axis_tlast(lz4_out_last), .m_axis_tuser(lz4_verdict)
);
// the response buffer takes the EC parity or the decoded bytes (they may come while the payload still does)
wire        collecting = state_reg == S_DATA || state_reg == S_WAIT;
wire        result_byte = collecting && ((ec_out_valid && ec_out_keep) || (lz4_out_valid && lz4_out_keep));
wire        buf_full = resp_len_reg[${LW - 1}];      // holds responseBytes
wire        buf_write = result_byte && !buf_full;
wire [7:0]  buf_data = ec_out_valid ? ec_out : lz4_out;
wire [7:0]  buf_q;
dpf_simple_ram #(.WIDTH(8), .DEPTH(${p.responseBytes}), .ADDR_BITS(${RB})) response_buffer (
    .clk(clk), .wr_en(buf_write), .wr_addr(resp_len_reg[${RB - 1}:0]), .wr_data(buf_data), .rd_addr(resp_idx_reg[${RB - 1}:0]), .rd_data(buf_q)
);
wire        result_done = collecting && (crc_out_valid || (ec_out_valid && ec_out_last) || (lz4_out_valid && lz4_out_last));
wire [7:0]  result_status = crc_out_valid ? 8'd${BOARD_STATUS.done}
                          : ec_out_valid ? (ec_out_error ? 8'd${BOARD_STATUS.ecFraming} : 8'd${BOARD_STATUS.done}) : {5'd0, lz4_verdict};

// the UART out: header, then the result
reg  [7:0]  tx_byte;
wire [15:0] resp_len16 = {${16 - LW}'d0, resp_len_reg};
wire        tx_valid = state_reg == S_HDR || state_reg == S_SEND;
wire        tx_ready;
always @* begin
    case (hdr_idx_reg)
        2'd0: tx_byte = 8'h5a;
        2'd1: tx_byte = status_reg;
        2'd2: tx_byte = resp_len16[7:0];
        default: tx_byte = resp_len16[15:8];
    endcase
    if (state_reg == S_SEND) tx_byte = cmd_reg == 8'd${BOARD_COMMANDS.crc32c} ? crc_reg[8 * resp_idx_reg[1:0] +: 8] : buf_q;
end
dpf_uart_tx #(.CLKS_PER_BIT(${N})) uart_out (.clk(clk), .rst(rst), .s_data(tx_byte), .s_valid(tx_valid), .s_ready(tx_ready), .tx(uart_tx));
wire        tx_fire = tx_valid && tx_ready;

always @(posedge clk) begin
    case (state_reg)
        S_SYNC: if (head_take && head_reg == 8'ha5) state_reg <= S_CMD;
        S_CMD: if (head_take) begin
            cmd_reg <= head_reg;
            state_reg <= S_LEN0;
        end
        S_LEN0: if (head_take) begin
            len_reg[7:0] <= head_reg;
            state_reg <= S_LEN1;
        end
        S_LEN1: if (head_take) begin
            len_reg[15:8] <= head_reg;
            resp_len_reg <= ${LW}'d0;
            overflow_reg <= 1'b0;
            if ({head_reg, len_reg[7:0]} == 16'd0) begin
                status_reg <= known ? 8'd${BOARD_STATUS.empty} : 8'd${BOARD_STATUS.unknownCommand};
                state_reg <= S_HDR;
            end else begin
                state_reg <= known ? S_DATA : S_DROP;
            end
        end
        S_DATA: if (head_take) begin
            len_reg <= len_reg - 16'd1;
            if (payload_last) state_reg <= S_WAIT;
        end
        S_WAIT: ;                                 // the result is collected below
        S_DROP: if (head_take) begin
            len_reg <= len_reg - 16'd1;
            if (payload_last) begin
                status_reg <= 8'd${BOARD_STATUS.unknownCommand};
                state_reg <= S_HDR;
            end
        end
        S_HDR: if (tx_fire) begin
            hdr_idx_reg <= hdr_idx_reg + 2'd1;
            resp_idx_reg <= ${LW}'d0;
            if (hdr_idx_reg == 2'd3) state_reg <= resp_len_reg == ${LW}'d0 ? S_SYNC : S_READ;
            if (hdr_idx_reg == 2'd3 && resp_len_reg == ${LW}'d0) answered_reg <= answered_reg + 6'd1;
        end
        S_READ: state_reg <= S_FETCH;            // the buffer's address is set: its data comes next cycle
        S_FETCH: state_reg <= S_SEND;
        S_SEND: if (tx_fire) begin
            resp_idx_reg <= resp_idx_reg + ${LW}'d1;
            if (resp_idx_reg + ${LW}'d1 == resp_len_reg) begin
                state_reg <= S_SYNC;
                answered_reg <= answered_reg + 6'd1;
            end else begin
                state_reg <= S_READ;
            end
        end
        default: state_reg <= S_SYNC;
    endcase
    // results, while the payload goes in and after
    if (buf_write) resp_len_reg <= resp_len_reg + ${LW}'d1;
    if (result_byte && buf_full) overflow_reg <= 1'b1;
    if (collecting && crc_out_valid) begin
        crc_reg <= crc_out;
        resp_len_reg <= ${LW}'d4;
    end
    if (result_done) begin
        status_reg <= !crc_out_valid && (overflow_reg || (result_byte && buf_full)) ? 8'd${BOARD_STATUS.tooLong} : result_status;
        state_reg <= S_HDR;
    end
    if (rst) begin
        state_reg <= S_SYNC;
        hdr_idx_reg <= 2'd0;
        answered_reg <= 6'd0;
        resp_len_reg <= ${LW}'d0;
        resp_idx_reg <= ${LW}'d0;
        overflow_reg <= 1'b0;
        len_reg <= 16'd0;
        cmd_reg <= 8'd0;
        status_reg <= 8'd0;
    end
end

assign led = {lost_reg, framing_seen_reg, answered_reg};

endmodule
`;
  return {
    generator: BOARD_GENERATOR, version: BOARD_GENERATOR_VERSION, paramsJson, top,
    files: composedFiles(verilogFile(`${top}.v`, header + body + FILE_FOOTER), [crc, ec, lz4]),
    libFiles: composedLibFiles([UART_RX_FILE, UART_TX_FILE, SIMPLE_RAM_FILE], [crc, ec, lz4]),
    // no streams: the board top's only interface is its pins (a simulation wrapper gives them streams)
    ports: { clock: 'clk', reset: 'rst', streams: [] },
    latencyCycles: 0,
  };
}

export const boardGenerator: Generator<BoardParams> = {
  name: 'board',
  version: BOARD_GENERATOR_VERSION,
  summary: 'Board top (iCE40-HX8K breakout): UART command protocol to CRC32C, EC encode and LZ4 decompress',
  schema: boardSchema,
  validate: validateBoardParams,
  emit: emitBoard,
  command: boardCommand,
};
