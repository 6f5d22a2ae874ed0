// DMA engine generator: moves byte ranges between host memory (an AXI4 master port) and streams, any byte
// alignment and length, as gather (read) and scatter (write) lists of segments.
//
//   read    a command {address, length, end-of-packet} becomes AXI read bursts (up to maxBurstBeats beats,
//           never across a 4 KiB boundary, up to maxReadBursts in flight); the returned beats are shifted by
//           the segment's byte offset and packed, across segments, into full stream beats; the packet's last
//           beat (after the end-of-packet segment) has tlast, and tuser bit 0 set if any burst of the packet
//           answered an error.
//   write   a command {address, length, end-of-packet, tag} takes `length` bytes from the data stream, shifted
//           to the address's offset (byte strobes at the ends), in write bursts; a done beat {tag, status}
//           follows once every burst of the command is answered. A burst is issued once a byte of it is in hand,
//           so a packet that ends early (a compressed output shorter than its destination) costs the write
//           channel only the bursts it reaches (their beats past the end carry no strobes), not its segments. The segments of one packet take consecutive
//           bytes of it; at an end-of-packet segment the packet must have ended exactly (else status bit 1,
//           and the rest of a longer packet is dropped); status bit 0: a burst answered an error.
// Reads and writes are independent (AR/R and AW/W/B channels), each command's bursts in order, AXI ID 0.
import { canonicalParams, flagName, ParamError, validateParams, type ParamSchema } from '../core/params.js';
import type { Generator } from '../core/generator.js';
import type { DesignPorts, GeneratedDesign } from '../core/design.js';
import { bitsFor, FILE_FOOTER, fileHeader, modulePortList, verilogFile, type ModuleParameter } from '../core/verilog.js';
import { fragment } from '../core/emit.js';
import { designPortSignals } from '../core/ports.js';
import { SKID_BUFFER_FILE } from '../core/lib-files.js';

export const DMA_GENERATOR = 'gen/dma';
export const DMA_GENERATOR_VERSION = '0.3.2';

export interface DmaParams {
  dataBytes: number;
  maxBurstBeats: number;
  maxReadBursts: number;
  maxWriteBursts: number;
  commandsInFlight: number;
}

export const dmaSchema: ParamSchema = {
  dataBytes: { kind: 'int', min: 4, max: 128, default: 16, doc: 'bytes per AXI and stream beat (power of two)' },
  maxBurstBeats: { kind: 'int', min: 1, max: 256, default: 16, doc: 'longest AXI burst in beats' },
  maxReadBursts: { kind: 'int', min: 1, max: 64, default: 8, doc: 'read bursts in flight (outstanding reads)' },
  maxWriteBursts: { kind: 'int', min: 1, max: 64, default: 8, doc: 'write bursts issued and not yet answered' },
  commandsInFlight: { kind: 'int', min: 4, max: 64, default: 4,
    doc: 'commands in flight per direction (power of two): read segments whose data has not all returned, write commands not yet answered; Little\'s law asks latency x beats a cycle / beats a segment' },
};

export function validateDmaParams(raw: Readonly<Record<string, unknown>>): DmaParams {
  const v = validateParams(DMA_GENERATOR, dmaSchema, raw);
  const p = {
    dataBytes: v.dataBytes as number, maxBurstBeats: v.maxBurstBeats as number, maxReadBursts: v.maxReadBursts as number, maxWriteBursts: v.maxWriteBursts as number,
    commandsInFlight: v.commandsInFlight as number,
  };
  if ((p.dataBytes & (p.dataBytes - 1)) !== 0) throw new ParamError(DMA_GENERATOR, 'dataBytes', `= ${p.dataBytes} is not a power of two`);
  if ((p.commandsInFlight & (p.commandsInFlight - 1)) !== 0) throw new ParamError(DMA_GENERATOR, 'commandsInFlight', `= ${p.commandsInFlight} is not a power of two`);
  return p;
}

/** Command beat layout (16 bytes, little-endian): address, length, tag, flags (bit 0: end of packet). */
export const DMA_COMMAND_BYTES = 16;
export const DMA_READ_ERRORS = { 1: 'a read burst of the packet answered an error (SLVERR/DECERR)' } as const;
export const DMA_WRITE_STATUS = { 1: 'a write burst answered an error (SLVERR/DECERR)', 2: 'the data packet did not end with the end-of-packet segment' } as const;

export function dmaModuleName(p: DmaParams): string {
  return `dma_engine_w${p.dataBytes}_b${p.maxBurstBeats}_r${p.maxReadBursts}_w${p.maxWriteBursts}${p.commandsInFlight !== 4 ? `_c${p.commandsInFlight}` : ''}`;
}

function dmaCommand(p: DmaParams): string {
  return `npm run dpuforge -- gen dma ${Object.entries(p).map(([k, v]) => `${flagName(k)} ${v}`).join(' ')} -o hw/generated`;
}

/** The schema range of an int parameter (the legal values of its Verilog parameter). */
function intRange(name: keyof DmaParams): { min: number; max: number } {
  const spec = dmaSchema[name];
  if (spec.kind !== 'int') throw new Error(`dma: ${name} is an int parameter`);
  return { min: spec.min, max: spec.max };
}

/**
 * The module's Verilog parameters: the burst length and the bursts in flight are limits the issue logic compares
 * against (no buffer is sized by them: read data waits on rready, write bursts on an 8-entry length FIFO), so
 * the counters and the burst-length FIFO are sized for the schema's largest values and any legal value works.
 */
export function dmaModuleParameters(p: DmaParams): ModuleParameter[] {
  return [
    { name: 'MAX_BURST_BEATS', value: p.maxBurstBeats, ...intRange('maxBurstBeats'), doc: 'Longest AXI burst in beats (bursts never cross 4 KiB either)' },
    { name: 'MAX_READ_BURSTS', value: p.maxReadBursts, ...intRange('maxReadBursts'), doc: 'Read bursts in flight (requested, last beat not yet returned)' },
    { name: 'MAX_WRITE_BURSTS', value: p.maxWriteBursts, ...intRange('maxWriteBursts'), doc: 'Write bursts issued and not yet answered' },
  ];
}

export function emitDma(p: DmaParams): GeneratedDesign {
  const W = p.dataBytes;
  const LW = Math.log2(W);
  const params = dmaModuleParameters(p);
  const [burstBeats, readBursts, writeBursts] = params;
  const BLW = bitsFor(burstBeats.max); // burst beat counts 1..MAX_BURST_BEATS, for every legal value
  const CW = bitsFor(W); // byte counts 0..W
  const A3 = bitsFor(3 * W); // read packer counts 0..3W
  const A2 = bitsFor(2 * W); // write input counts 0..2W
  const RF = bitsFor(readBursts.max); // bursts in flight 0..MAX_READ_BURSTS
  const WF = bitsFor(writeBursts.max);
  const C = p.commandsInFlight; // segment records per direction (and write commands awaiting their answers)
  const CB = Math.log2(C);
  const top = dmaModuleName(p);
  const paramsJson = canonicalParams(dmaSchema, p as unknown as Record<string, unknown>);
  const ports: DesignPorts = {
    clock: 'clk', reset: 'rst',
    streams: [
      { prefix: 's_rd_cmd', dir: 'in', dataBytes: DMA_COMMAND_BYTES, keep: false, last: false, userBits: 0 },
      { prefix: 'm_rd_data', dir: 'out', dataBytes: W, keep: true, last: true, userBits: 1 },
      { prefix: 's_wr_cmd', dir: 'in', dataBytes: DMA_COMMAND_BYTES, keep: false, last: false, userBits: 0 },
      { prefix: 's_wr_data', dir: 'in', dataBytes: W, keep: true, last: true, userBits: 0 },
      { prefix: 'm_wr_done', dir: 'out', dataBytes: 4, keep: false, last: false, userBits: 0 },
    ],
    memories: [{ prefix: 'm_axi', dataBytes: W, addrBits: 64, idBits: 1 }],
  };
  const wiKeepCount = fragment(designPortSignals(ports), (b) => b.popcount('wi_keep_count', 's_wr_data_tkeep', W));
  // the same geometry on the read and write sides: a segment's raw beats and the bytes used of its last
  const segmentBeats = (c: string) => `/* verilator lint_off UNUSEDSIGNAL */
wire [32:0] ${c}_end = {1'b0, ${c}_len} + {${33 - LW}'d0, ${c}_addr[${LW - 1}:0]} + 33'd${W - 1};
/* verilator lint_on UNUSEDSIGNAL */
wire [31:0] ${c}_beats = (${c}_len == 32'd0) ? 32'd0 : {${LW - 1}'d0, ${c}_end[32:${LW}]};  // raw beats: ceil((offset + len) / W)
wire [${LW}:0] ${c}_last_bytes = {1'b0, ${c}_len[${LW - 1}:0] + ${c}_addr[${LW - 1}:0]} == ${LW + 1}'d0 ? ${LW + 1}'d${W}
                           : {1'b0, ${c}_len[${LW - 1}:0] + ${c}_addr[${LW - 1}:0]};  // bytes used of the last raw beat`;
  // and the next burst: up to maxBurstBeats, the beats left, and never across a 4 KiB boundary
  const burstSize = (a: string) => `wire [12:0] ${a}_to_4k = (13'd4096 - {1'b0, ${a}_addr_reg[11:0]}) >> ${LW};
wire [31:0] ${a}_cap = (${a}_left_reg < BURST_BEATS) ? ${a}_left_reg : BURST_BEATS;
wire [31:0] ${a}_burst = ({19'd0, ${a}_to_4k} < ${a}_cap) ? {19'd0, ${a}_to_4k} : ${a}_cap;`;
  const header = fileHeader({
    file: `${top}.v`, what: `DMA engine: gather reads and scatter writes between host memory (AXI4, ${W}-byte beats) and streams.`,
    generator: DMA_GENERATOR, version: DMA_GENERATOR_VERSION, paramsJson, command: dmaCommand(p),
    notes: [
      'Commands (s_rd_cmd, s_wr_cmd), one 16-byte beat each: bytes 0-7 address, 8-11 length, 12-13 tag, 14 flags',
      '(bit 0: end of packet). Any alignment and length (0 too: a packet may be empty: one beat, tkeep 0).',
      `m_rd_data: the packet of each run of read segments up to an end-of-packet one, ${W} bytes per beat, tuser`,
      `on the tlast beat: ${Object.entries(DMA_READ_ERRORS).map(([c, w]) => `${c} = ${w}`).join('; ')}.`,
      's_wr_data: one packet per run of write segments up to an end-of-packet one. m_wr_done: one beat per write',
      `command: bytes 0-1 tag, byte 2 status: ${Object.entries(DMA_WRITE_STATUS).map(([c, w]) => `bit ${Math.log2(Number(c))} = ${w}`).join('; ')}.`,
      `Bursts: up to MAX_BURST_BEATS beats (default ${p.maxBurstBeats}), never across 4 KiB; up to MAX_READ_BURSTS reads`,
      `(default ${p.maxReadBursts}) and MAX_WRITE_BURSTS writes (default ${p.maxWriteBursts}) in flight. A write burst is`,
      'issued once a byte of it is in hand: a packet shorter than its segments sends only the bursts it reaches.',
      'Reset: synchronous, active high.',
    ],
  });

  const body = `${modulePortList(top, ports, {
    s_rd_cmd: 'Read commands (gather segments)',
    m_rd_data: 'Read data, one packet per end-of-packet segment; tuser = error on the tlast beat',
    s_wr_cmd: 'Write commands (scatter segments)',
    s_wr_data: 'Write data, one packet per end-of-packet segment',
    m_wr_done: 'One beat per write command: tag, status',
    m_axi: 'Host memory',
  }, params)}

localparam [2:0]  AXI_SIZE = 3'd${LW};        // full-width beats
localparam [1:0]  AXI_INCR = 2'd1;
localparam [31:0] BURST_BEATS = MAX_BURST_BEATS;
localparam [${RF - 1}:0]  READ_BURSTS = MAX_READ_BURSTS[${RF - 1}:0];
localparam [${WF - 1}:0]  WRITE_BURSTS = MAX_WRITE_BURSTS[${WF - 1}:0];

// ============================================================================================================
// Read path
// ============================================================================================================

// ---- Command: the segment's aligned start and raw beats; a record for the data side
wire [63:0] rc_addr = s_rd_cmd_tdata[63:0];
wire [31:0] rc_len = s_rd_cmd_tdata[95:64];
wire        rc_eop = s_rd_cmd_tdata[112];
${segmentBeats('rc')}
reg         ar_active_reg;
reg  [63:0] ar_addr_reg;
reg  [31:0] ar_left_reg;             // raw beats still to request
reg  [${RF - 1}:0] rd_in_flight_reg;       // read bursts requested and not fully returned
reg  [${CB}:0]  rrec_count_reg;
wire        rrec_space = rrec_count_reg != ${CB + 1}'d${C};
assign s_rd_cmd_tready = !ar_active_reg && rrec_space && !rst;
wire        rc_take = s_rd_cmd_tvalid && s_rd_cmd_tready;

// ---- Address: bursts of up to MAX_BURST_BEATS beats, not across 4 KiB
${burstSize('ar')}
assign m_axi_arvalid = ar_active_reg && rd_in_flight_reg != READ_BURSTS;
assign m_axi_araddr  = ar_addr_reg;
/* verilator lint_off UNUSEDSIGNAL */
wire [31:0] ar_len_full = ar_burst - 32'd1;     // at most MAX_BURST_BEATS - 1
/* verilator lint_on UNUSEDSIGNAL */
assign m_axi_arlen   = ar_len_full[7:0];
assign m_axi_arsize  = AXI_SIZE;
assign m_axi_arburst = AXI_INCR;
assign m_axi_arid    = 1'b0;
wire   ar_fire = m_axi_arvalid && m_axi_arready;
wire   r_fire = m_axi_rvalid && m_axi_rready;

always @(posedge clk) begin
    if (rc_take) begin
        ar_addr_reg   <= {rc_addr[63:${LW}], ${LW}'d0};
        ar_left_reg   <= rc_beats;
        ar_active_reg <= rc_beats != 32'd0;
    end else if (ar_fire) begin
        ar_addr_reg   <= ar_addr_reg + {${32 - LW}'d0, ar_burst, ${LW}'d0};
        ar_left_reg   <= ar_left_reg - ar_burst;
        ar_active_reg <= ar_left_reg != ar_burst;
    end
    rd_in_flight_reg <= rd_in_flight_reg + (ar_fire ? ${RF}'d1 : ${RF}'d0) - (r_fire && m_axi_rlast ? ${RF}'d1 : ${RF}'d0);
    if (rst) begin
        ar_active_reg    <= 1'b0;
        rd_in_flight_reg <= ${RF}'d0;
    end
end

// ---- Segment records for the data side: {end of packet, bytes of the last raw beat, offset, raw beats}
localparam integer RRW = 1 + ${LW + 1} + ${LW} + 32;
reg  [RRW-1:0] rrec_mem [0:${C - 1}];
reg  [${CB - 1}:0]     rrec_rd_reg, rrec_wr_reg;
wire           rrec_pop;
wire [RRW-1:0] rrec = rrec_mem[rrec_rd_reg];
wire           rrec_valid = rrec_count_reg != ${CB + 1}'d0;
wire           rrec_eop = rrec[RRW-1];
wire [${LW}:0] rrec_last_bytes = rrec[RRW-2 -: ${LW + 1}];
wire [${LW - 1}:0] rrec_offset = rrec[${LW + 31}:32];
wire [31:0]    rrec_beats = rrec[31:0];
always @(posedge clk) begin
    if (rc_take) begin
        rrec_mem[rrec_wr_reg] <= {rc_eop, rc_last_bytes, rc_addr[${LW - 1}:0], rc_beats};
        rrec_wr_reg <= rrec_wr_reg + ${CB}'d1;
    end
    if (rrec_pop) rrec_rd_reg <= rrec_rd_reg + ${CB}'d1;
    rrec_count_reg <= rrec_count_reg + {${CB}'d0, rc_take} - {${CB}'d0, rrec_pop};
    if (rst) begin
        rrec_rd_reg    <= ${CB}'d0;
        rrec_wr_reg    <= ${CB}'d0;
        rrec_count_reg <= ${CB + 1}'d0;
    end
end

// ---- Data: each raw beat's bytes of the segment, packed into full beats across segments
reg  [31:0]    rd_beat_reg;             // raw beat of the head segment
reg            rd_flush_reg;            // the packet's last segment is in: the rest leaves, tlast on the last beat
reg            rd_error_reg;            // a burst of this packet answered an error
reg  [${24 * W - 1}:0] rp_acc_reg;
reg  [${A3 - 1}:0]  rp_count_reg;
wire [${LW - 1}:0] rd_lo = (rd_beat_reg == 32'd0) ? rrec_offset : ${LW}'d0;
wire [${LW}:0] rd_hi = (rd_beat_reg + 32'd1 == rrec_beats) ? rrec_last_bytes : ${LW + 1}'d${W};
wire [${LW}:0] rd_count = rd_hi - {1'b0, rd_lo};
wire [${8 * W - 1}:0] rd_bytes = (m_axi_rdata >> {rd_lo, 3'b000}) & ~({${8 * W}{1'b1}} << {rd_count, 3'b000});
wire           rp_ready;
wire           rp_full = rp_count_reg > ${A3}'d${W};
wire           rp_final = rd_flush_reg && !rp_full;
wire           rp_out = rp_full || rp_final;
wire           rp_go = rp_out && rp_ready;
wire [${A3 - 1}:0] rp_sent = !rp_go ? ${A3}'d0 : rp_full ? ${A3}'d${W} : rp_count_reg;
wire [${A3 - 1}:0] rp_after = rp_count_reg - rp_sent;
wire           rp_room = rp_after <= ${A3}'d${2 * W};
wire           rd_segment_open = rrec_valid && !rd_flush_reg;
assign m_axi_rready = rd_segment_open && rrec_beats != 32'd0 && rp_room;
wire           rd_last_beat = rd_beat_reg + 32'd1 == rrec_beats;
assign rrec_pop = rd_segment_open && (rrec_beats == 32'd0 || (r_fire && rd_last_beat));
always @(posedge clk) begin
    rp_acc_reg   <= (rp_acc_reg >> {rp_sent, 3'b000}) | (r_fire ? {${16 * W}'d0, rd_bytes} << {rp_after, 3'b000} : ${24 * W}'d0);
    rp_count_reg <= rp_after + (r_fire ? {${A3 - LW - 1}'d0, rd_count} : ${A3}'d0);
    if (r_fire) begin
        rd_beat_reg <= rd_last_beat ? 32'd0 : rd_beat_reg + 32'd1;
        if (m_axi_rresp != 2'd0) rd_error_reg <= 1'b1;
    end
    if (rrec_pop && rrec_eop) rd_flush_reg <= 1'b1;
    if (rp_final && rp_ready) begin
        rd_flush_reg <= 1'b0;
        rd_error_reg <= 1'b0;
    end
    if (rst) begin
        rd_beat_reg  <= 32'd0;
        rd_flush_reg <= 1'b0;
        rd_error_reg <= 1'b0;
        rp_acc_reg   <= ${24 * W}'d0;
        rp_count_reg <= ${A3}'d0;
    end
end
wire [${W - 1}:0] rp_keep = rp_full ? {${W}{1'b1}} : ~({${W}{1'b1}} << rp_count_reg);
dpf_skid_buffer #(
    .WIDTH(${8 * W} + ${W} + 1 + 1)
) rd_out_buffer (
    .clk(clk),
    .rst(rst),
    .s_data({rd_error_reg, rp_final, rp_keep, rp_acc_reg[${8 * W - 1}:0]}),
    .s_valid(rp_out),
    .s_ready(rp_ready),
    .m_data({m_rd_data_tuser, m_rd_data_tlast, m_rd_data_tkeep, m_rd_data_tdata}),
    .m_valid(m_rd_data_tvalid),
    .m_ready(m_rd_data_tready)
);

// ============================================================================================================
// Write path
// ============================================================================================================

// ---- Command
wire [63:0] wc_addr = s_wr_cmd_tdata[63:0];
wire [31:0] wc_len = s_wr_cmd_tdata[95:64];
wire [15:0] wc_tag = s_wr_cmd_tdata[111:96];
wire        wc_eop = s_wr_cmd_tdata[112];
/* verilator lint_off UNUSEDSIGNAL */
wire [14:0] wc_reserved = s_wr_cmd_tdata[127:113];                              // flags bits 1-7, byte 15
wire [30:0] rc_reserved = {s_rd_cmd_tdata[127:113], s_rd_cmd_tdata[111:96]};   // and reads carry no tag
/* verilator lint_on UNUSEDSIGNAL */
${segmentBeats('wc')}
reg         aw_active_reg;
reg  [63:0] aw_addr_reg;
reg  [31:0] aw_left_reg;
// where the next burst starts in its packet: a burst is issued once a byte of it is in hand, and not at all when
// the packet ends before it (a compressed output shorter than its destination sends only the bursts it fills)
reg  [${LW - 1}:0] aw_offset_reg;        // the command's byte offset in its first beat
reg         aw_first_reg;             // no burst of the command issued yet
// packet offsets are 64 bits: a packet's segments (32-bit lengths, any number of them) never wrap them
reg  [63:0] aw_pkt_off_reg;           // packet offset of the next burst's first byte
reg  [63:0] aw_seg_start_reg;         // packet offset of the next command's first byte
reg  [${CB}:0]  aw_pkt_reg, aw_next_pkt_reg;  // packet ordinals (mod ${2 * C}): the command's, the next command's
reg  [${CB}:0]  w_pkt_reg;                    // the data side's packet ordinal
reg  [63:0] wi_pkt_bytes_reg;         // bytes of the data side's packet taken so far
reg         wi_end_reg;               // the packet's tlast beat is in the buffer
reg  [${WF - 1}:0] wr_in_flight_reg;      // write bursts issued and not answered
reg  [${CB}:0]  wrec_count_reg, done_count_reg;
reg  [3:0]  wburst_count_reg;
assign s_wr_cmd_tready = !aw_active_reg && wrec_count_reg != ${CB + 1}'d${C} && done_count_reg != ${CB + 1}'d${C} && !rst;
wire        wc_take = s_wr_cmd_tvalid && s_wr_cmd_tready;
${burstSize('aw')}
wire   aw_in_packet = aw_pkt_reg == w_pkt_reg;  // the data side is in this command's packet
wire   aw_data_in = aw_in_packet && wi_pkt_bytes_reg > aw_pkt_off_reg;  // a byte of the next burst is in hand
// the packet ended before the next burst: the command's other bursts are not issued (nor their beats sent)
// a burst once offered stays offered until taken (AXI: AWVALID is not withdrawn), whatever the data side does
reg         aw_offered_reg;
wire   aw_drop = !aw_offered_reg && aw_active_reg && aw_in_packet && wi_end_reg && wi_pkt_bytes_reg <= aw_pkt_off_reg;
assign m_axi_awvalid = aw_offered_reg
    || (aw_active_reg && aw_data_in && wr_in_flight_reg != WRITE_BURSTS && wburst_count_reg != 4'd8);
assign m_axi_awaddr  = aw_addr_reg;
/* verilator lint_off UNUSEDSIGNAL */
wire [31:0] aw_len_full = aw_burst - 32'd1;
/* verilator lint_on UNUSEDSIGNAL */
assign m_axi_awlen   = aw_len_full[7:0];
assign m_axi_awsize  = AXI_SIZE;
assign m_axi_awburst = AXI_INCR;
assign m_axi_awid    = 1'b0;
wire   aw_fire = m_axi_awvalid && m_axi_awready;
wire   w_fire = m_axi_wvalid && m_axi_wready;
wire   b_fire = m_axi_bvalid && m_axi_bready;
wire   aw_final = aw_fire && aw_left_reg == aw_burst;  // the command's last burst

always @(posedge clk) begin
    if (wc_take) begin
        aw_addr_reg   <= {wc_addr[63:${LW}], ${LW}'d0};
        aw_left_reg   <= wc_beats;
        aw_active_reg <= wc_beats != 32'd0;
        aw_offset_reg    <= wc_addr[${LW - 1}:0];
        aw_first_reg     <= 1'b1;
        aw_pkt_off_reg   <= aw_seg_start_reg;
        aw_seg_start_reg <= wc_eop ? 64'd0 : aw_seg_start_reg + {32'd0, wc_len};
        aw_pkt_reg       <= aw_next_pkt_reg;
        aw_next_pkt_reg  <= aw_next_pkt_reg + {${CB}'d0, wc_eop};
    end else if (aw_fire) begin
        aw_addr_reg   <= aw_addr_reg + {${32 - LW}'d0, aw_burst, ${LW}'d0};
        aw_left_reg   <= aw_left_reg - aw_burst;
        aw_active_reg <= !aw_final;
        aw_first_reg  <= 1'b0;
        aw_pkt_off_reg <= aw_pkt_off_reg + {${32 - LW}'d0, aw_burst, ${LW}'d0}
            - {${64 - LW}'d0, aw_first_reg ? aw_offset_reg : ${LW}'d0};
    end else if (aw_drop) begin
        aw_active_reg <= 1'b0;
    end
    wr_in_flight_reg <= wr_in_flight_reg + (aw_fire ? ${WF}'d1 : ${WF}'d0) - (b_fire ? ${WF}'d1 : ${WF}'d0);
    aw_offered_reg <= m_axi_awvalid && !m_axi_awready;
    if (rst) begin
        aw_offered_reg   <= 1'b0;
        aw_active_reg    <= 1'b0;
        wr_in_flight_reg <= ${WF}'d0;
        aw_seg_start_reg <= 64'd0;
        aw_pkt_reg       <= ${CB + 1}'d0;
        aw_next_pkt_reg  <= ${CB + 1}'d0;
    end
end

// ---- Records: segments for the data side, burst lengths for wlast, commands for the done side
localparam integer WRW = 1 + ${LW + 1} + ${LW} + 32;
reg  [WRW-1:0] wrec_mem [0:${C - 1}];
reg  [${CB - 1}:0]     wrec_rd_reg, wrec_wr_reg;
wire           wrec_pop;
wire [WRW-1:0] wrec = wrec_mem[wrec_rd_reg];
wire           wrec_valid = wrec_count_reg != ${CB + 1}'d0;
wire           wrec_eop = wrec[WRW-1];
wire [${LW}:0] wrec_last_bytes = wrec[WRW-2 -: ${LW + 1}];
wire [${LW - 1}:0] wrec_offset = wrec[${LW + 31}:32];
wire [31:0]    wrec_beats = wrec[31:0];
reg  [${BLW - 1}:0] wburst_mem [0:7];
reg  [2:0]     wburst_rd_reg, wburst_wr_reg;
wire           wburst_pop;
wire [${BLW - 1}:0] wburst_head = wburst_mem[wburst_rd_reg];
// per command, written when it is taken and counted up as its bursts are issued: {all issued, bursts, tag}
reg  [15:0]    done_tag_mem [0:${C - 1}];
reg  [27:0]    done_bursts_mem [0:${C - 1}];      // a command of 2^32 bytes has at most 2^28 bursts of 16 bytes and more
reg  [${C - 1}:0]     done_final_mem;
reg  [${CB - 1}:0]     done_rd_reg, done_wr_reg;
wire           done_pop;
wire [${CB - 1}:0]     done_tail = done_wr_reg - ${CB}'d1;  // the command whose bursts are being issued
wire [27:0]    done_bursts = done_bursts_mem[done_rd_reg];
wire [15:0]    done_tag = done_tag_mem[done_rd_reg];
wire           done_final = done_final_mem[done_rd_reg];
always @(posedge clk) begin
    if (wc_take) begin
        wrec_mem[wrec_wr_reg] <= {wc_eop, wc_last_bytes, wc_addr[${LW - 1}:0], wc_beats};
        wrec_wr_reg <= wrec_wr_reg + ${CB}'d1;
    end
    if (wrec_pop) wrec_rd_reg <= wrec_rd_reg + ${CB}'d1;
    wrec_count_reg <= wrec_count_reg + {${CB}'d0, wc_take} - {${CB}'d0, wrec_pop};
    if (aw_fire) begin
        wburst_mem[wburst_wr_reg] <= aw_burst[${BLW - 1}:0];
        wburst_wr_reg <= wburst_wr_reg + 3'd1;
    end
    if (wburst_pop) wburst_rd_reg <= wburst_rd_reg + 3'd1;
    wburst_count_reg <= wburst_count_reg + {3'd0, aw_fire} - {3'd0, wburst_pop};
    if (wc_take) begin
        done_tag_mem[done_wr_reg]    <= wc_tag;
        done_bursts_mem[done_wr_reg] <= 28'd0;
        done_final_mem[done_wr_reg]  <= wc_beats == 32'd0;
        done_wr_reg <= done_wr_reg + ${CB}'d1;
    end
    if (aw_fire) begin
        done_bursts_mem[done_tail] <= done_bursts_mem[done_tail] + 28'd1;
        if (aw_final) done_final_mem[done_tail] <= 1'b1;
    end
    if (aw_drop) done_final_mem[done_tail] <= 1'b1;
    if (done_pop) done_rd_reg <= done_rd_reg + ${CB}'d1;
    done_count_reg <= done_count_reg + {${CB}'d0, wc_take} - {${CB}'d0, done_pop};
    if (rst) begin
        wrec_rd_reg      <= ${CB}'d0;
        wrec_wr_reg      <= ${CB}'d0;
        wrec_count_reg   <= ${CB + 1}'d0;
        wburst_rd_reg    <= 3'd0;
        wburst_wr_reg    <= 3'd0;
        wburst_count_reg <= 4'd0;
        done_rd_reg      <= ${CB}'d0;
        done_wr_reg      <= ${CB}'d0;
        done_count_reg   <= ${CB + 1}'d0;
    end
end

// ---- Data in: the packet's bytes, a beat at a time, into a 2-beat buffer
reg  [${16 * W - 1}:0] wi_acc_reg;
reg  [${A2 - 1}:0]  wi_count_reg;
reg                 wi_drain_reg;        // dropping the rest of a packet longer than its segments
reg                 wr_short_reg;        // the packet ended before its segments did
wire [${A2 - 1}:0]  wi_pop;              // bytes the write beat takes this cycle
wire [${A2 - 1}:0]  wi_left = wi_count_reg - wi_pop;
${wiKeepCount.text}
wire wi_clear;                           // drop what the buffer holds (end-of-packet check done)
assign s_wr_data_tready = !rst && (wi_drain_reg || (!wi_end_reg && wi_left <= ${A2}'d${W}));
wire wi_fire = s_wr_data_tvalid && s_wr_data_tready;

// ---- Data out: write beats; the head segment's bytes at their offset, byte strobes at the ends
localparam [1:0] W_BEATS = 2'd0, W_CHECK = 2'd1;  // W_CHECK: at an end-of-packet segment, see the packet end
reg  [1:0]     w_state_reg;
reg  [31:0]    w_beat_reg;
reg  [${BLW - 1}:0] w_burst_beat_reg;
wire [${LW - 1}:0] w_lo = (w_beat_reg == 32'd0) ? wrec_offset : ${LW}'d0;
wire           w_last_beat = w_beat_reg + 32'd1 == wrec_beats;
wire [${LW}:0] w_hi = w_last_beat ? wrec_last_bytes : ${LW + 1}'d${W};
wire [${LW}:0] w_need = w_hi - {1'b0, w_lo};
wire           w_have = wi_count_reg >= {${A2 - LW - 1}'d0, w_need};
wire           w_segment = wrec_valid && w_state_reg == W_BEATS && wrec_beats != 32'd0;
assign m_axi_wvalid = w_segment && wburst_count_reg != 4'd0 && (w_have || wi_end_reg);
assign m_axi_wdata  = wi_acc_reg[${8 * W - 1}:0] << {w_lo, 3'b000};
wire [${W - 1}:0] w_mask = ~({${W}{1'b1}} << (w_have ? w_need : wi_count_reg[${LW}:0]));
assign m_axi_wstrb  = w_mask << w_lo;
assign m_axi_wlast  = {1'b0, w_burst_beat_reg} + ${BLW + 1}'d1 == {1'b0, wburst_head};
assign wburst_pop = w_fire && m_axi_wlast;
assign wi_pop = !w_fire ? ${A2}'d0 : w_have ? {${A2 - LW - 1}'d0, w_need} : wi_count_reg;
// the packet ran out at a burst boundary: the segment's other bursts were not issued (see aw_drop), skip them
wire           w_skip = w_segment && w_burst_beat_reg == ${BLW}'d0 && wburst_count_reg == 4'd0 && wi_end_reg && wi_count_reg == ${A2}'d0;
wire           w_segment_done = (w_fire && w_last_beat) || (wrec_valid && w_state_reg == W_BEATS && wrec_beats == 32'd0) || w_skip;
// end of packet: the packet must end exactly here; wait until its end (or more bytes) shows
wire           w_check_ready = wi_end_reg || wi_count_reg != ${A2}'d0;
wire           w_check_ok = wi_end_reg && wi_count_reg == ${A2}'d0 && !wr_short_reg;
assign wrec_pop = (w_segment_done && !wrec_eop) || (w_state_reg == W_CHECK && w_check_ready);
assign wi_clear = w_state_reg == W_CHECK && w_check_ready;
// per command: did its data check out (for the done beat)
reg  [${C - 1}:0]     wstat_mem;                // one bit per record slot: length mismatch
reg  [${C - 1}:0]     wstat_ready_mem;          // the slot's check is done
always @(posedge clk) begin
    wi_acc_reg   <= wi_clear ? ${16 * W}'d0
                  : (wi_acc_reg >> {wi_pop, 3'b000}) | (wi_fire && !wi_drain_reg ? {${8 * W}'d0, s_wr_data_tdata & ~({${8 * W}{1'b1}} << {wi_keep_count, 3'b000})} << {wi_left, 3'b000} : ${16 * W}'d0);
    wi_count_reg <= wi_clear ? ${A2}'d0 : wi_left + (wi_fire && !wi_drain_reg ? {${A2 - CW}'d0, wi_keep_count} : ${A2}'d0);
    if (wi_fire && s_wr_data_tlast && !wi_drain_reg) wi_end_reg <= 1'b1;
    if (wi_fire && s_wr_data_tlast && wi_drain_reg) wi_drain_reg <= 1'b0;
    if (w_fire) begin
        w_beat_reg       <= w_last_beat ? 32'd0 : w_beat_reg + 32'd1;
        w_burst_beat_reg <= m_axi_wlast ? ${BLW}'d0 : w_burst_beat_reg + ${BLW}'d1;
        if (!w_have) wr_short_reg <= 1'b1;
    end
    if (w_skip) begin
        w_beat_reg   <= 32'd0;
        wr_short_reg <= 1'b1;
    end
    if (wi_fire && !wi_drain_reg) wi_pkt_bytes_reg <= wi_pkt_bytes_reg + {${64 - CW}'d0, wi_keep_count};
    if (w_segment_done && wrec_eop) w_state_reg <= W_CHECK;
    if (wrec_pop) begin
        wstat_mem[wrec_rd_reg]       <= wrec_eop && !w_check_ok;
        wstat_ready_mem[wrec_rd_reg] <= 1'b1;
    end
    if (wi_clear) begin
        wi_pkt_bytes_reg <= 64'd0;
        w_pkt_reg    <= w_pkt_reg + ${CB + 1}'d1;
        w_state_reg  <= W_BEATS;
        wi_end_reg   <= 1'b0;
        wr_short_reg <= 1'b0;
        if (!wi_end_reg) wi_drain_reg <= !(wi_fire && s_wr_data_tlast);  // drop the rest of the packet
    end
    if (wc_take) wstat_ready_mem[wrec_wr_reg] <= 1'b0;
    if (rst) begin
        wi_acc_reg       <= ${16 * W}'d0;
        wi_count_reg     <= ${A2}'d0;
        wi_end_reg       <= 1'b0;
        wi_pkt_bytes_reg <= 64'd0;
        w_pkt_reg        <= ${CB + 1}'d0;
        wi_drain_reg     <= 1'b0;
        wr_short_reg     <= 1'b0;
        w_state_reg      <= W_BEATS;
        w_beat_reg       <= 32'd0;
        w_burst_beat_reg <= ${BLW}'d0;
        wstat_ready_mem  <= ${C}'d0;
    end
end

// ---- Done: once the head command's bursts are all answered and its data checked
reg  [27:0] b_taken_reg;
reg         b_error_reg;
reg  [${CB - 1}:0]  done_slot_reg;               // the head command's data record slot
wire        done_valid = done_count_reg != ${CB + 1}'d0;
assign m_axi_bready = done_valid && b_taken_reg != done_bursts;
wire        done_ready;
// a response while the head command has fewer answered than issued bursts is the head's (responses are in order)
wire        done_out = done_valid && done_final && b_taken_reg == done_bursts && wstat_ready_mem[done_slot_reg];
assign done_pop = done_out && done_ready;
always @(posedge clk) begin
    if (b_fire) begin
        b_taken_reg <= b_taken_reg + 28'd1;
        if (m_axi_bresp != 2'd0) b_error_reg <= 1'b1;
    end
    if (done_pop) begin
        b_taken_reg   <= 28'd0;
        b_error_reg   <= 1'b0;
        done_slot_reg <= done_slot_reg + ${CB}'d1;
    end
    if (rst) begin
        b_taken_reg   <= 28'd0;
        b_error_reg   <= 1'b0;
        done_slot_reg <= ${CB}'d0;
    end
end
/* verilator lint_off UNUSEDSIGNAL */
wire unused_ids = m_axi_rid ^ m_axi_bid;  // one ID: responses come back in order
/* verilator lint_on UNUSEDSIGNAL */
dpf_skid_buffer #(
    .WIDTH(32)
) done_buffer (
    .clk(clk),
    .rst(rst),
    .s_data({8'd0, 6'd0, wstat_mem[done_slot_reg] && wstat_ready_mem[done_slot_reg], b_error_reg, done_tag}),
    .s_valid(done_out),
    .s_ready(done_ready),
    .m_data(m_wr_done_tdata),
    .m_valid(m_wr_done_tvalid),
    .m_ready(m_wr_done_tready)
);

endmodule
`;
  return {
    generator: DMA_GENERATOR, version: DMA_GENERATOR_VERSION, paramsJson, top,
    files: [verilogFile(`${top}.v`, header + body + FILE_FOOTER)],
    libFiles: [SKID_BUFFER_FILE],
    ports,
    latencyCycles: 4,
  };
}

export const dmaGenerator: Generator<DmaParams> = {
  name: 'dma',
  version: DMA_GENERATOR_VERSION,
  summary: 'DMA engine: gather reads / scatter writes between AXI4 host memory and streams, any alignment',
  schema: dmaSchema,
  validate: validateDmaParams,
  emit: emitDma,
  command: dmaCommand,
};
