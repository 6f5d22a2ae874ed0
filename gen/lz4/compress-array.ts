// LZ4 compressor engine array generator: `engines` skip-ahead greedy compressors (gen/lz4/compress-greedy.ts)
// behind a block dispatcher and an in-order merge, so throughput comes from many small engines on different
// blocks. Every block's output equals lz4GreedyCompress(design, block), and blocks leave in the order they came.
//
//   dispatch  each block (one packet on s_axis, dataBytes per beat) goes to an idle engine, the lowest-numbered,
//             whose number joins the order FIFO; an engine takes a whole beat a cycle into its block buffer
//             (loadBytes = dataBytes), so a block loads at the stream's width while the others compress theirs.
//   pack      each engine's 4-byte output beats are written into the 4-byte lanes of a dataBytes-wide word, which
//             goes (the next cycle) into the engine's output FIFO (block RAM, a Verilog parameter deep: one block by
//             default) with its byte count, tlast and the verdict.
//   merge     the output takes words from the engine at the head of the order FIFO until that block's last word:
//             the blocks' order is the input's. An engine whose FIFO is full waits (no block is lost), and a block
//             starts only with room in the order FIFO.
import { canonicalParams, flagName, ParamError, validateParams, type ParamSchema } from '../core/params.js';
import type { Generator } from '../core/generator.js';
import type { DesignPorts, GeneratedDesign } from '../core/design.js';
import { bitsFor, FILE_FOOTER, fileHeader, modulePortList, verilogFile } from '../core/verilog.js';
import { composedFiles, composedLibFiles } from '../core/compose.js';
import { STREAM_FIFO_FILE } from '../core/lib-files.js';
import { emitLz4GreedyCompressor } from './compress-greedy.js';
import { LZ4C_ERRORS } from './compress.js';
import { GREEDY_SPECULATIVE_INSERTS, lz4cgSchema, validateLz4cgParams, type Lz4GreedyCompressParams } from './compress-params.js';

export const LZ4CA_GENERATOR = 'gen/lz4-compress-array';
export const LZ4CA_GENERATOR_VERSION = '0.1.0';

export interface Lz4CompressArrayParams {
  engines: number;
  /** Stream bytes per beat, in and out; each engine loads a beat a cycle. */
  dataBytes: number;
  beatBytes: number;
  hashBits: number;
  windowBytes: number;
  backwardBytes: number;
  historyMemory: 'bram' | 'registers';
}

export const lz4caSchema: ParamSchema = {
  engines: { kind: 'int', min: 1, max: 64, default: 8, doc: 'compressor engines, each on its own block' },
  dataBytes: { kind: 'int', min: 8, max: 128, default: 64, doc: 'stream bytes per beat in and out (power of two, >= beatBytes)' },
  beatBytes: lz4cgSchema.beatBytes,
  hashBits: lz4cgSchema.hashBits,
  windowBytes: lz4cgSchema.windowBytes,
  backwardBytes: lz4cgSchema.backwardBytes,
  historyMemory: lz4cgSchema.historyMemory,
};

/** The engine every slot of the array instantiates. */
export function arrayEngineParams(p: Lz4CompressArrayParams): Lz4GreedyCompressParams {
  return { beatBytes: p.beatBytes, loadBytes: p.dataBytes, hashBits: p.hashBits, windowBytes: p.windowBytes, backwardBytes: p.backwardBytes, historyMemory: p.historyMemory };
}

export function validateLz4caParams(raw: Readonly<Record<string, unknown>>): Lz4CompressArrayParams {
  const v = validateParams(LZ4CA_GENERATOR, lz4caSchema, raw);
  const p = {
    engines: v.engines as number, dataBytes: v.dataBytes as number, beatBytes: v.beatBytes as number, hashBits: v.hashBits as number,
    windowBytes: v.windowBytes as number, backwardBytes: v.backwardBytes as number, historyMemory: v.historyMemory as 'bram' | 'registers',
  };
  if ((p.dataBytes & (p.dataBytes - 1)) !== 0) throw new ParamError(LZ4CA_GENERATOR, 'dataBytes', `= ${p.dataBytes} is not a power of two`);
  if (p.dataBytes < p.beatBytes) throw new ParamError(LZ4CA_GENERATOR, 'dataBytes', `= ${p.dataBytes} is below beatBytes (${p.beatBytes}): an engine's buffer row holds at least one read`);
  if (p.windowBytes < 2 * p.dataBytes) throw new ParamError(LZ4CA_GENERATOR, 'windowBytes', `= ${p.windowBytes} is below 2 x dataBytes (${2 * p.dataBytes}): an engine's buffer needs at least two rows`);
  validateLz4cgParams({ ...arrayEngineParams(p) }); // the engine's own rules (the checks above name them as the array's)
  return p;
}

export function lz4caModuleName(p: Lz4CompressArrayParams): string {
  return `lz4_compress_array_n${p.engines}_d${p.dataBytes}_b${p.beatBytes}_h${p.hashBits}_w${p.windowBytes}_k${p.backwardBytes}${p.historyMemory === 'registers' ? '_reg' : ''}`;
}

function lz4caCommand(p: Lz4CompressArrayParams): string {
  return `npm run dpuforge -- gen lz4-compress-array ${Object.entries(p).map(([k, v]) => `${flagName(k)} ${String(v)}`).join(' ')} -o hw/generated`;
}

const log2 = (n: number) => Math.round(Math.log2(n));

export function emitLz4CompressArray(p: Lz4CompressArrayParams): GeneratedDesign {
  const N = p.engines;
  const D = p.dataBytes;
  const DB = log2(D);
  const CB = DB + 1; // a word's byte count 0..D
  const IW = Math.max(1, bitsFor(N - 1)); // engine index
  const FW = 2 + 1 + CB + 8 * D; // FIFO entry: {verdict, last, count, data}
  const FIFO_BITS = Math.max(1, log2(p.windowBytes / D)); // one block of windowBytes by default
  const engine = emitLz4GreedyCompressor(arrayEngineParams(p));
  const top = lz4caModuleName(p);
  const paramsJson = canonicalParams(lz4caSchema, p as unknown as Record<string, unknown>);
  const OB = bitsFor(4 * N - 1); // order FIFO: 4 blocks in flight per engine
  // the lowest-numbered engine taking a block: a priority chain, one engine a line
  const idleFirst = N === 1 ? `${IW}'d0` : Array.from({ length: N - 1 }, (_, i) => `engine_s_tready[${i}] ? ${IW}'d${i}`).join('\n                      : ') + `\n                      : ${IW}'d${N - 1}`;

  const ports: DesignPorts = {
    clock: 'clk', reset: 'rst',
    streams: [
      { prefix: 's_axis', dir: 'in', dataBytes: D, keep: true, last: true, userBits: 0 },
      { prefix: 'm_axis', dir: 'out', dataBytes: D, keep: true, last: true, userBits: 2 },
    ],
  };
  const header = fileHeader({
    file: `${top}.v`,
    what: `LZ4 block compressor array: ${N} skip-ahead greedy engines, ${D}-byte streams, blocks out in order.`,
    generator: LZ4CA_GENERATOR, version: LZ4CA_GENERATOR_VERSION, paramsJson, command: lz4caCommand(p),
    notes: [
      'Each block\'s output equals src/ref/lz4-compress-greedy.ts lz4GreedyCompress with hashBits, windowBytes,',
      `backwardBytes and speculativeInserts = ${GREEDY_SPECULATIVE_INSERTS}, byte for byte; blocks leave in the order they came.`,
      `s_axis: one block per packet, ${D} bytes per beat, lane 0 first; every beat but the last full; at most`,
      `${p.windowBytes} bytes. m_axis: the LZ4 block, ${D} bytes per beat (tkeep on the last), tlast on its last beat,`,
      'whose tuser is the verdict (0 = compressed):',
      ...Object.entries(LZ4C_ERRORS).map(([c, w]) => `  ${c} = ${w.replace('4 bytes', `${D} bytes`)} (the block is then one empty beat)`),
      `Engine: ${engine.top} (one per slot). Reset: synchronous, active high; the engines clear`,
      `their hash tables for ${1 << p.hashBits} cycles after reset.`,
    ],
  });

  const body = `${modulePortList(top, ports, {
    s_axis: `Blocks to compress, ${D} bytes per beat`,
    m_axis: `LZ4 blocks out in input order, ${D} bytes per beat; tuser = verdict on the tlast beat`,
  }, [{
    name: 'OUTPUT_FIFO_DEPTH_BITS', value: FIFO_BITS, min: 1, max: 16,
    doc: `Each engine's output FIFO holds 2^this words of ${D} bytes (default: one block); an engine whose output does not fit waits for the merge`,
  }])}

localparam integer FIFO_WIDTH = ${FW};  // {verdict 2, last 1, byte count ${CB}, data ${8 * D}}

// ---- Dispatch: each block to an idle engine (the lowest-numbered one waiting for a block); its number is queued
// for the merge, so a slow block holds up only its own engine
reg  [${IW - 1}:0] in_sel_reg;        // the engine the next beat goes to
reg               in_sel_ok_reg;     // in_sel_reg names an engine waiting for a block, or the one taking it
reg               in_busy_reg;       // inside a block: in_sel_reg holds until its last beat
wire [${N - 1}:0] engine_s_tready;
wire [${IW - 1}:0] idle_first = ${idleFirst};
wire order_space;
wire in_open = in_sel_ok_reg && (in_busy_reg || order_space);  // a block may start only with room in the order
assign s_axis_tready = in_open && engine_s_tready[in_sel_reg];
wire in_fire = s_axis_tvalid && s_axis_tready;
wire order_push = in_fire && !in_busy_reg;

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
assign m_axis_tuser  = head[${8 * D + CB + 2}:${8 * D + CB + 1}];
assign m_axis_tvalid = order_valid && fifo_valid[out_sel];
wire out_fire = m_axis_tvalid && m_axis_tready;

always @(posedge clk) begin
    if (in_fire) in_busy_reg <= !s_axis_tlast;
    // between blocks the choice follows the idle engines (it holds from a block's first beat to its last)
    if (!in_busy_reg && !(in_fire && !s_axis_tlast)) begin
        in_sel_reg    <= idle_first;
        in_sel_ok_reg <= |engine_s_tready;
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

// ---- Engines, each with its output packer and FIFO
genvar e, w;
generate
    for (e = 0; e < ${N}; e = e + 1) begin : slot
        localparam [${IW - 1}:0] INDEX = e;
        wire [31:0] c_tdata;
        wire [3:0]  c_tkeep;
        wire        c_tlast;
        wire [1:0]  c_tuser;
        wire        c_tvalid;
        wire        c_tready;

        ${engine.top} engine (
            .clk          (clk),
            .rst          (rst),
            .s_axis_tdata (s_axis_tdata),
            .s_axis_tkeep (s_axis_tkeep),
            .s_axis_tvalid(s_axis_tvalid && in_open && in_sel_reg == INDEX),
            .s_axis_tready(engine_s_tready[e]),
            .s_axis_tlast (s_axis_tlast),
            .m_axis_tdata (c_tdata),
            .m_axis_tkeep (c_tkeep),
            .m_axis_tvalid(c_tvalid),
            .m_axis_tready(c_tready),
            .m_axis_tlast (c_tlast),
            .m_axis_tuser (c_tuser)
        );

        // pack 4-byte beats (all full but a block's last) into the ${D / 4} lanes of a ${D}-byte word; a full word (or
        // a block's last) is pushed in the next cycle, while the engine waits one cycle
        reg  [${8 * D - 1}:0] pack_data_reg;
        reg  [${CB - 1}:0]  pack_count_reg;
        reg               push_reg;            // the word is complete: push it
        reg               push_last_reg;
        reg  [1:0]        push_user_reg;
        wire [2:0]  beat_bytes = {2'd0, c_tkeep[0]} + {2'd0, c_tkeep[1]} + {2'd0, c_tkeep[2]} + {2'd0, c_tkeep[3]};
        wire [31:0] beat_data = c_tdata & {{8{c_tkeep[3]}}, {8{c_tkeep[2]}}, {8{c_tkeep[1]}}, {8{c_tkeep[0]}}};
        wire [${CB - 1}:0]  word_count = pack_count_reg + {${CB - 3}'d0, beat_bytes};
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
        for (w = 0; w < ${D / 4}; w = w + 1) begin : lane
            localparam [${CB - 3}:0] LANE = w;
            always @(posedge clk) begin
                if (beat_in && pack_count_reg[${CB - 1}:2] == LANE) pack_data_reg[32*w +: 32] <= beat_data;
                if ((push_reg && fifo_s_ready) || rst) pack_data_reg[32*w +: 32] <= 32'd0;
            end
        end

        dpf_stream_fifo #(
            .WIDTH        (FIFO_WIDTH),
            .DEPTH_BITS   (OUTPUT_FIFO_DEPTH_BITS),
            .USE_REGISTERS(${p.historyMemory === 'registers' ? 1 : 0})
        ) output_fifo (
            .clk    (clk),
            .rst    (rst),
            .s_data ({push_user_reg, push_last_reg, pack_count_reg, pack_data_reg}),
            .s_valid(push_reg),
            .s_ready(fifo_s_ready),
            .m_data (fifo_data[e]),
            .m_valid(fifo_valid[e]),
            .m_ready(m_axis_tready && order_valid && out_sel == INDEX)
        );
    end
endgenerate

endmodule
`;
  return {
    generator: LZ4CA_GENERATOR, version: LZ4CA_GENERATOR_VERSION, paramsJson, top,
    files: composedFiles(verilogFile(`${top}.v`, header + body + FILE_FOOTER), [engine]),
    libFiles: composedLibFiles([STREAM_FIFO_FILE], [engine]),
    ports,
    latencyCycles: engine.latencyCycles + 4,
  };
}

export const lz4CompressArrayGenerator: Generator<Lz4CompressArrayParams> = {
  name: 'lz4-compress-array',
  version: LZ4CA_GENERATOR_VERSION,
  summary: 'LZ4 block compressor array: N greedy engines on different blocks, a dispatcher and an in-order merge',
  schema: lz4caSchema,
  validate: validateLz4caParams,
  emit: emitLz4CompressArray,
  command: lz4caCommand,
};
