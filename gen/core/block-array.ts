// An engine array on independent blocks, for any block engine (one packet in, one packet out, a verdict in the
// output's tuser): `engines` copies of one engine module behind a dispatcher and an in-order merge, so throughput
// comes from many engines on different blocks. The compressor and decompressor arrays (gen/lz4) are this with
// their engine.
//
//   dispatch  each block (one packet on s_axis, dataBytes per beat) goes to an idle engine, the lowest-numbered,
//             whose number joins the order FIFO (4 blocks in flight per engine). An engine whose input is the
//             stream's width takes a beat a cycle (idle: ready for a block); a narrower engine gets an input FIFO
//             of stream words (block RAM, a Verilog parameter deep) that it reads a beat of its width at a time
//             (idle: no block queued for it), so a block moves at the stream's width either way.
//   pack      each engine's output beats (all full but a block's last) are written into the lanes of a
//             dataBytes-wide word, which goes the next cycle into the engine's output FIFO (block RAM, a Verilog
//             parameter deep) with its byte count, tlast and the verdict.
//   merge     the output takes words from the engine at the head of the order FIFO until that block's last word,
//             so blocks leave in the order they came. An engine whose FIFO is full waits; a block starts only
//             with room in the order FIFO; nothing is dropped.
import type { DesignPorts, GeneratedDesign, StreamPort } from './design.js';
import { composedFiles, composedLibFiles } from './compose.js';
import { STREAM_FIFO_FILE } from './lib-files.js';
import { bitsFor, FILE_FOOTER, modulePortList, verilogFile } from './verilog.js';

export interface BlockArraySpec {
  top: string;
  /** The array's generator, version and parameters (for the design record). */
  generator: string;
  version: string;
  paramsJson: string;
  /** The file's header (fileHeader's text). */
  header: string;
  engines: number;
  /** Stream bytes per beat, in and out (a power of two, at least the engine's widths). */
  dataBytes: number;
  /** The engine every slot instantiates: s_axis (no tuser) and m_axis (tuser: the verdict). */
  engine: GeneratedDesign;
  /** Comments of the array's s_axis and m_axis. */
  inComment: string;
  outComment: string;
  /** Default log2 of each FIFO's words: the output FIFO's, and the input FIFO's (engines narrower than the stream). */
  outputFifoDepthBits: number;
  inputFifoDepthBits: number;
  /** FIFOs in registers rather than block RAM. */
  registers: boolean;
  /** Otherwise the RAM the FIFOs ask synthesis for (dpf_stream_fifo RAM_KIND): 0 block, 1 LUT, 2 UltraRAM. */
  fifoRam?: number;
}

/** hw/lib dpf_stream_fifo / dpf_simple_ram RAM_KIND: the RAM synthesis is asked for. */
export const RAM_KIND = { block: 0, lut: 1, ultra: 2 } as const;

/** The RAM_KIND line of a dpf_stream_fifo instance (none for block RAM: the primitive's default). */
export const fifoRamKind = (regs: number, ram: number = RAM_KIND.block) => (regs === 0 && ram !== RAM_KIND.block ? `,\n            .RAM_KIND     (${ram})` : '');

const log2 = (n: number) => Math.round(Math.log2(n));

const stream = (d: GeneratedDesign, dir: 'in' | 'out'): StreamPort => {
  const s = d.ports.streams.filter((x) => x.dir === dir);
  if (s.length !== 1) throw new Error(`${d.top}: a block array's engine has one ${dir === 'in' ? 'input' : 'output'} stream (it has ${s.length})`);
  return s[0];
};

/** `{w'd0, x[0]} + {w'd0, x[1]} + ...`: the number of set bits of an n-bit keep, in w + 1 bits. */
export const popcount = (x: string, n: number, w: number) => Array.from({ length: n }, (_, k) => (w > 0 ? `{${w}'d0, ${x}[${k}]}` : `${x}[${k}]`)).join(' + ');

/** Inside a generate slot: the engine's output stream, which slotOutputPacker takes. */
export function slotOutputWires(WO: number, U: number): string {
  return `        wire [${8 * WO - 1}:0] c_tdata;
        wire [${WO - 1}:0] c_tkeep;
        wire        c_tlast;
        wire [${U - 1}:0] c_tuser;
        wire        c_tvalid;
        wire        c_tready;
`;
}

/**
 * Inside a generate slot (genvar w declared, the engine's output on c_tdata / c_tkeep / c_tlast / c_tuser / c_tvalid /
 * c_tready, fifo_data / fifo_valid declared per engine): the engine's WO-byte beats packed into D-byte words
 * {verdict, last, byte count, data} in an output FIFO (OUTPUT_FIFO_DEPTH_BITS deep) that `pop` reads.
 */
export function slotOutputPacker(o: { D: number; WO: number; U: number; regs: number; ram?: number; pop: string }): string {
  const { D, WO, U, regs } = o;
  const CB = log2(D) + 1;
  const WB = log2(WO);
  const fifo = (data: string, valid: string, ready: string) => `        dpf_stream_fifo #(
            .WIDTH        (FIFO_WIDTH),
            .DEPTH_BITS   (OUTPUT_FIFO_DEPTH_BITS),
            .USE_REGISTERS(${regs})${fifoRamKind(regs, o.ram)}
        ) output_fifo (
            .clk    (clk),
            .rst    (rst),
            .s_data (${data}),
            .s_valid(${valid}),
            .s_ready(${ready}),
            .m_data (fifo_data[e]),
            .m_valid(fifo_valid[e]),
            .m_ready(${o.pop})
        );
`;
  if (WO === D) {
    // an engine as wide as the stream: its beats go straight into the FIFO (lanes past tkeep cleared)
    return `        // the engine's beats, as wide as the stream, straight into its output FIFO with their byte count
        wire [${CB - 1}:0] beat_bytes = ${popcount('c_tkeep', D, CB - 1)};
        wire [${8 * D - 1}:0] beat_data = c_tdata & {${Array.from({ length: D }, (_, k) => `{8{c_tkeep[${D - 1 - k}]}}`).join(', ')}};
${fifo('{c_tuser, c_tlast, beat_bytes, beat_data}', 'c_tvalid', 'c_tready')}`;
  }
  return `        // pack ${WO}-byte beats (all full but a block's last) into the ${D / WO} lanes of a ${D}-byte word; a full word
        // (or a block's last) is pushed in the next cycle, while the engine waits one cycle
        reg  [${8 * D - 1}:0] pack_data_reg;
        reg  [${CB - 1}:0]  pack_count_reg;
        reg               push_reg;            // the word is complete: push it
        reg               push_last_reg;
        reg  [${U - 1}:0] push_user_reg;
        wire [${WB}:0] beat_bytes = ${popcount('c_tkeep', WO, WB)};
        wire [${8 * WO - 1}:0] beat_data = c_tdata & {${Array.from({ length: WO }, (_, k) => `{8{c_tkeep[${WO - 1 - k}]}}`).join(', ')}};
        wire [${CB - 1}:0]  word_count = pack_count_reg + ${CB - 1 > WB ? `{${CB - 1 - WB}'d0, beat_bytes}` : 'beat_bytes'};
        wire fifo_s_ready;
        wire beat_in = c_tvalid && c_tready;
        assign c_tready = !push_reg;
        always @(posedge clk) begin
            if (beat_in) begin
                pack_count_reg <= word_count;
                push_reg       <= c_tlast || word_count == ${CB}'d${D};
                push_last_reg  <= c_tlast;
                push_user_reg  <= c_tuser;
            end
            if (push_reg && fifo_s_ready) begin
                pack_count_reg <= ${CB}'d0;
                push_reg       <= 1'b0;
            end
            if (rst) begin
                pack_count_reg <= ${CB}'d0;
                push_reg       <= 1'b0;
            end
        end
        // one enable per lane (a decoded write, not a shift): lanes past a last word's count are cleared
        for (w = 0; w < ${D / WO}; w = w + 1) begin : lane
            ${D / WO > 1 ? `localparam [${CB - WB - 1}:0] LANE = w;` : ''}
            always @(posedge clk) begin
                if (beat_in${D / WO > 1 ? ` && pack_count_reg[${CB - 1}:${WB}] == LANE` : ''}) pack_data_reg[${8 * WO}*w +: ${8 * WO}] <= beat_data;
                if ((push_reg && fifo_s_ready) || rst) pack_data_reg[${8 * WO}*w +: ${8 * WO}] <= ${8 * WO}'d0;
            end
        end

${fifo('{push_user_reg, push_last_reg, pack_count_reg, pack_data_reg}', 'push_reg', 'fifo_s_ready')}`;
}

/** An array's ports: D-byte packets in (no tuser), D-byte packets out with a U-bit verdict. */
export function arrayPorts(D: number, U: number): DesignPorts {
  return {
    clock: 'clk', reset: 'rst',
    streams: [
      { prefix: 's_axis', dir: 'in', dataBytes: D, keep: true, last: true, userBits: 0 },
      { prefix: 'm_axis', dir: 'out', dataBytes: D, keep: true, last: true, userBits: U },
    ],
  };
}

/** The Verilog parameter of each engine's output FIFO depth (`what`: what its default holds). */
export function outputFifoParam(D: number, depthBits: number, what: string) {
  return {
    name: 'OUTPUT_FIFO_DEPTH_BITS', value: depthBits, min: 1, max: 16,
    doc: `Each engine's output FIFO holds 2^this words of ${D} bytes${what}; an engine whose output does not fit waits for the merge`,
  };
}

export function emitBlockArray(a: BlockArraySpec): GeneratedDesign {
  const N = a.engines;
  const D = a.dataBytes;
  const CB = log2(D) + 1; // a word's byte count 0..D
  const IW = Math.max(1, bitsFor(N - 1)); // engine index
  const OB = bitsFor(4 * N - 1); // order FIFO: 4 blocks in flight per engine
  const inPort = stream(a.engine, 'in');
  const outPort = stream(a.engine, 'out');
  const WI = inPort.dataBytes;
  const WO = outPort.dataBytes;
  const U = outPort.userBits;
  if (inPort.userBits !== 0 || !inPort.keep || !inPort.last || !outPort.keep || !outPort.last || U < 1) {
    throw new Error(`${a.engine.top}: a block array's engine takes packets with tkeep and tlast and no tuser, and answers with a verdict in tuser`);
  }
  if (WI > D || WO > D || D % WI !== 0 || D % WO !== 0) throw new Error(`${a.top}: the stream's ${D} bytes are not a multiple of the engine's widths (${WI} in, ${WO} out)`);
  const narrow = WI < D;
  const BW = Math.max(1, log2(D / WI)); // a narrow engine's beat within a stream word
  const FW = U + 1 + CB + 8 * D; // output FIFO entry: {verdict, last, count, data}
  const regs = a.registers ? 1 : 0;
  const idleFirst = N === 1 ? `${IW}'d0` : Array.from({ length: N - 1 }, (_, i) => `engine_idle[${i}] ? ${IW}'d${i}`).join('\n                      : ') + `\n                      : ${IW}'d${N - 1}`;
  const ports = arrayPorts(D, U);
  const params = [outputFifoParam(D, a.outputFifoDepthBits, ' (default: one block)'), ...(narrow ? [{
    name: 'INPUT_FIFO_DEPTH_BITS', value: a.inputFifoDepthBits, min: 1, max: 16,
    doc: `Each engine's input FIFO holds 2^this words of ${D} bytes (default: one block); a block that does not fit waits for its engine`,
  }] : [])];

  // ---- the input side of a slot: straight into the engine, or through an input FIFO read WI bytes at a time
  const slotInput = narrow ? `        // the input FIFO: stream words {last, byte count, data}; the engine reads them ${WI} bytes a beat
        wire [${1 + CB + 8 * D - 1}:0] in_word;
        wire        in_word_valid;
        wire        in_word_pop;
        wire        in_fifo_ready;
        reg         queued_reg;   // a block is queued for this engine and it has not taken its last beat yet
        dpf_stream_fifo #(
            .WIDTH        (${1 + CB + 8 * D}),
            .DEPTH_BITS   (INPUT_FIFO_DEPTH_BITS),
            .USE_REGISTERS(${regs})${fifoRamKind(regs, a.fifoRam)}
        ) input_fifo (
            .clk    (clk),
            .rst    (rst),
            .s_data ({s_axis_tlast, in_count, s_axis_tdata}),
            .s_valid(s_axis_tvalid && in_open && in_sel_reg == INDEX),
            .s_ready(in_fifo_ready),
            .m_data (in_word),
            .m_valid(in_word_valid),
            .m_ready(in_word_pop)
        );
        assign engine_ready[e] = in_fifo_ready;
        assign engine_idle[e] = !queued_reg && in_fifo_ready;
        // the word's beats: beat k holds bytes k*${WI} .. k*${WI}+${WI - 1}; the last is the one reaching the count
        reg  [${BW - 1}:0] beat_reg;
        wire [${CB - 1}:0] in_word_count = in_word[${CB + 8 * D - 1}:${8 * D}];
        wire [${CB}:0] beat_end = {2'd0, beat_reg${WI > 1 ? `, ${log2(WI)}'d0` : ''}} + ${CB + 1}'d${WI};
        wire beat_final = beat_end >= {1'b0, in_word_count};
        wire [${CB}:0] beat_bytes_in = beat_final ? {1'b0, in_word_count} - (beat_end - ${CB + 1}'d${WI}) : ${CB + 1}'d${WI};
        wire e_tready;
        wire e_tlast = in_word[${CB + 8 * D}] && beat_final;
        assign in_word_pop = in_word_valid && e_tready && beat_final;
        always @(posedge clk) begin
            if (in_word_valid && e_tready) beat_reg <= beat_final ? ${BW}'d0 : beat_reg + ${BW}'d1;
            if (s_axis_tvalid && s_axis_tready && !in_busy_reg && in_sel_reg == INDEX) queued_reg <= 1'b1;
            if (in_word_valid && e_tready && e_tlast) queued_reg <= 1'b0;
            if (rst) begin
                beat_reg   <= ${BW}'d0;
                queued_reg <= 1'b0;
            end
        end
` : `        assign engine_idle[e] = engine_ready[e];
`;
  const engineIn = narrow
    ? { data: `in_word[${8 * WI}*beat_reg +: ${8 * WI}]`, keep: `{${WI}{1'b1}} >> (${CB + 1}'d${WI} - beat_bytes_in)`, valid: 'in_word_valid', ready: 'e_tready', last: 'e_tlast' }
    : { data: 's_axis_tdata', keep: 's_axis_tkeep', valid: 's_axis_tvalid && in_open && in_sel_reg == INDEX', ready: 'engine_ready[e]', last: 's_axis_tlast' };

  const body = `${modulePortList(a.top, ports, { s_axis: a.inComment, m_axis: a.outComment }, params)}

localparam integer FIFO_WIDTH = ${FW};  // {verdict ${U}, last 1, byte count ${CB}, data ${8 * D}}

// ---- Dispatch: each block to an idle engine (the lowest-numbered); its number is queued for the merge, so a slow
// block holds up only its own engine
reg  [${IW - 1}:0] in_sel_reg;        // the engine the next beat goes to
reg               in_sel_ok_reg;     // in_sel_reg names an idle engine, or the one taking the current block
reg               in_busy_reg;       // inside a block: in_sel_reg holds until its last beat
wire [${N - 1}:0] engine_ready;      // takes a beat now
wire [${N - 1}:0] engine_idle;       // may be given a new block
wire [${IW - 1}:0] idle_first = ${idleFirst};
wire order_space;
// a block starts only on an engine still idle (the choice is a cycle old) and with room in the order
wire in_open = in_sel_ok_reg && (in_busy_reg || (order_space && engine_idle[in_sel_reg]));
assign s_axis_tready = in_open && engine_ready[in_sel_reg];
wire in_fire = s_axis_tvalid && s_axis_tready;
wire order_push = in_fire && !in_busy_reg;
${narrow ? `wire [${CB - 1}:0] in_count = ${popcount('s_axis_tkeep', D, CB - 1)};\n` : ''}
// ---- Order: the engine of every block in flight, oldest first (2^${OB} entries)
reg  [${IW - 1}:0] order_mem [0:${(1 << OB) - 1}];
reg  [${OB}:0]    order_wr_reg, order_rd_reg;
assign order_space = order_wr_reg != {~order_rd_reg[${OB}], order_rd_reg[${OB - 1}:0]};
wire order_valid = order_wr_reg != order_rd_reg;
wire [${IW - 1}:0] out_sel = order_mem[order_rd_reg[${OB - 1}:0]];

// ---- Merge: words from the engine holding the oldest block until its last word
wire [FIFO_WIDTH-1:0] fifo_data [0:${N - 1}];
wire [${N - 1}:0] fifo_valid;
wire [FIFO_WIDTH-1:0] head = fifo_data[out_sel];
wire [${CB - 1}:0] head_count = head[${8 * D + CB - 1}:${8 * D}];
assign m_axis_tdata  = head[${8 * D - 1}:0];
assign m_axis_tkeep  = {${D}{1'b1}} >> (${CB}'d${D} - head_count);
assign m_axis_tlast  = head[${8 * D + CB}];
assign m_axis_tuser  = head[${8 * D + CB + U}:${8 * D + CB + 1}];
assign m_axis_tvalid = order_valid && fifo_valid[out_sel];
wire out_fire = m_axis_tvalid && m_axis_tready;

always @(posedge clk) begin
    if (in_fire) in_busy_reg <= !s_axis_tlast;
    // between blocks the choice follows the idle engines (it holds from a block's first beat to its last)
    if (!in_busy_reg && !(in_fire && !s_axis_tlast)) begin
        in_sel_reg    <= idle_first;
        in_sel_ok_reg <= |engine_idle;
    end
    if (order_push) begin
        order_mem[order_wr_reg[${OB - 1}:0]] <= in_sel_reg;
        order_wr_reg <= order_wr_reg + ${OB + 1}'d1;
    end
    if (out_fire && m_axis_tlast) order_rd_reg <= order_rd_reg + ${OB + 1}'d1;
    if (rst) begin
        in_sel_reg    <= ${IW}'d0;
        in_sel_ok_reg <= 1'b0;
        in_busy_reg   <= 1'b0;
        order_wr_reg  <= ${OB + 1}'d0;
        order_rd_reg  <= ${OB + 1}'d0;
    end
end

// ---- Engines, each with ${narrow ? 'its input FIFO, ' : ''}its output packer and FIFO
genvar e${WO < D ? ', w' : ''};
generate
    for (e = 0; e < ${N}; e = e + 1) begin : slot
        localparam [${IW - 1}:0] INDEX = e;
${slotInput}${slotOutputWires(WO, U)}
        ${a.engine.top} engine (
            .clk          (clk),
            .rst          (rst),
            .s_axis_tdata (${engineIn.data}),
            .s_axis_tkeep (${engineIn.keep}),
            .s_axis_tvalid(${engineIn.valid}),
            .s_axis_tready(${engineIn.ready}),
            .s_axis_tlast (${engineIn.last}),
            .m_axis_tdata (c_tdata),
            .m_axis_tkeep (c_tkeep),
            .m_axis_tvalid(c_tvalid),
            .m_axis_tready(c_tready),
            .m_axis_tlast (c_tlast),
            .m_axis_tuser (c_tuser)
        );

${slotOutputPacker({ D, WO, U, regs, ram: a.fifoRam, pop: 'm_axis_tready && order_valid && out_sel == INDEX' })}    end
endgenerate

endmodule
`;
  return {
    generator: a.generator, version: a.version, paramsJson: a.paramsJson, top: a.top,
    files: composedFiles(verilogFile(`${a.top}.v`, a.header + body + FILE_FOOTER), [a.engine]),
    libFiles: composedLibFiles([STREAM_FIFO_FILE], [a.engine]),
    ports,
    latencyCycles: a.engine.latencyCycles + 4,
  };
}
