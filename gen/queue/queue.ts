// Queue engine generator: NVMe-style submission and completion rings in host memory, fed by doorbells, with the
// DMA engine (gen/dma) for every host access and a CRC32C stage on the data path.
//
//   control    register writes on s_ctrl set each queue pair's ring addresses and size, its arbitration
//              weight, and ring its doorbells (submission tail, completion head).
//   fetch      an arbiter (round robin, or weighted: up to `weight` fetches per turn) picks a queue whose
//              submission ring holds entries and reads one 128-byte entry, while fewer than maxRequests
//              requests are in flight.
//   dispatch   the entry is checked (opcode, segment counts, lengths); a bad one completes with its status and
//              moves no data. A good one gathers its source segments into one packet and scatters the
//              result over its destination segments.
//   data       the packet passes a CRC32C engine (the result goes into the completion) on its way to the
//              scatter (copy), or only through it when there are no destination segments.
//   complete   in request order: once its data is written (and its CRC known), the request's 16-byte
//              completion entry (with the ring's phase bit) is written to its completion ring when the ring
//              has room, then an interrupt beat names the queue.
import { canonicalParams, flagName, ParamError, validateParams, type ParamSchema } from '../core/params.js';
import { emitLz4ParallelCompressor } from '../lz4/compress-parallel.js';
import type { Lz4ParallelCompressParams } from '../lz4/compress-params.js';
import { lz4DecompressGenerator } from '../lz4/decompress.js';
import type { Generator } from '../core/generator.js';
import type { DesignPorts, GeneratedDesign } from '../core/design.js';
import { bitsFor, fifoBlock, FILE_FOOTER, fileHeader, modulePortList, popcountBlock, verilogFile } from '../core/verilog.js';
import { crcGenerator } from '../crc/generate.js';
import { SKID_BUFFER_FILE } from '../core/lib-files.js';
import { emitDma } from '../dma/dma.js';
import { composedFiles, composedLibFiles } from '../core/compose.js';
import { emitEcStripe } from '../ec/stripe.js';
import { emitXts } from '../xts/xts.js';
import {
  COMPRESS_MAX_BYTES, CQE_BYTES, CRYPTO_CONTEXT, EC_STAGE_MAX_BYTES, ecStageMaxBytes, QUEUE_COMPRESSOR, QUEUE_OPCODES, QUEUE_STATUS, queueHasDecrypt,
  queueHasEncode, queueHasEncrypt, queueHasReconstruct, SQE_BYTES, type QueueParams,
} from '../../src/spec/queue.js';
import { XTS_REQUEST_USER_BITS, xtsKeyBytes, type XtsParams } from '../xts/params.js';

export const QUEUE_GENERATOR = 'gen/queue';
export const QUEUE_GENERATOR_VERSION = '0.5.0';

export const queueSchema: ParamSchema = {
  queues: { kind: 'int', min: 1, max: 16, default: 4, doc: 'submission/completion queue pairs' },
  dataBytes: { kind: 'int', min: 8, max: 64, default: 16, doc: 'bytes per AXI and data-path beat (power of two)' },
  maxRequests: { kind: 'int', min: 2, max: 32, default: 8, doc: 'requests fetched and not yet completed (power of two)' },
  arbitration: { kind: 'enum', values: ['round-robin', 'weighted'], default: 'round-robin', doc: 'how the next queue to fetch from is picked' },
  maxBurstBeats: { kind: 'int', min: 1, max: 256, default: 16, doc: 'longest AXI burst in beats (DMA)' },
  maxReadBursts: { kind: 'int', min: 1, max: 64, default: 8, doc: 'read bursts in flight (DMA)' },
  maxWriteBursts: { kind: 'int', min: 1, max: 64, default: 8, doc: 'write bursts in flight (DMA)' },
  compression: { kind: 'enum', values: ['none', 'lz4'], default: 'lz4', doc: 'a compression stage after the CRC (opcode 3): LZ4 blocks of up to 64 KiB' },
  decompression: { kind: 'enum', values: ['none', 'lz4'], default: 'lz4', doc: 'a decompression stage before the CRC (opcode 4): LZ4 blocks decoding to up to 64 KiB' },
  erasureCoding: { kind: 'enum', values: ['none', 'encode', 'reconstruct', 'both'], default: 'none',
    doc: 'EC stripe stages for requests with flag bit 1: encode the output of a copy or compress into a k+m stripe; reconstruct a stripe with lost fragments before decompression' },
  ecK: { kind: 'int', min: 1, max: 32, default: 8, doc: 'EC data fragments per stripe (k)' },
  ecM: { kind: 'int', min: 1, max: 8, default: 2, doc: 'EC parity fragments per stripe (m)' },
  encryption: { kind: 'enum', values: ['none', 'encrypt', 'decrypt', 'both'], default: 'none',
    doc: 'AES-XTS stages for requests with flag bit 2 (encrypt the output of a copy or compress, after compression and before EC encode) or bit 3 (decrypt the gathered data of a copy or decompress, before decompression); the engines take dataBytes / 16 blocks per cycle' },
  encryptAt: { kind: 'enum', values: ['after-compress', 'before-compress'], default: 'after-compress',
    doc: 'where the encrypt stage sits: after the compressor (before EC encode), or at its input (the compressor then takes ciphertext, which does not compress: a cost, kept for comparison)' },
  xtsKeyBits: { kind: 'int', min: 128, max: 256, default: 256, doc: 'AES key bits of the XTS stages: 128 or 256' },
  xtsKeySlots: { kind: 'int', min: 1, max: 16, default: 4, doc: 'key slots (per-volume keys) of the XTS stages, loaded on k_axis' },
  testFlipBitAfter: { kind: 'int', min: 0, max: 0x7fffffff, default: 0,
    doc: 'test only: flip bit 0 of the first byte of the N-th scattered packet, once (an injected hardware fault for checking that the harness catches it; 0 = off)' },
};

export function validateQueueParams(raw: Readonly<Record<string, unknown>>): QueueParams {
  const v = validateParams(QUEUE_GENERATOR, queueSchema, raw);
  const p = v as unknown as QueueParams;
  for (const k of ['dataBytes', 'maxRequests'] as const) {
    if ((p[k] & (p[k] - 1)) !== 0) throw new ParamError(QUEUE_GENERATOR, k, `= ${p[k]} is not a power of two`);
  }
  if (p.decompression === 'lz4' && p.dataBytes > 32) throw new ParamError(QUEUE_GENERATOR, 'decompression', `'lz4' needs dataBytes <= 32 (the decompressor writes at most 32 bytes per cycle); dataBytes is ${p.dataBytes}`);
  if (p.compression === 'lz4' && p.dataBytes > 32) throw new ParamError(QUEUE_GENERATOR, 'compression', `'lz4' needs dataBytes <= 32 (the compressor takes at most 32 bytes per cycle); dataBytes is ${p.dataBytes}`);
  if (p.xtsKeyBits !== 128 && p.xtsKeyBits !== 256) throw new ParamError(QUEUE_GENERATOR, 'xtsKeyBits', `= ${p.xtsKeyBits} is not allowed: expected 128 or 256`);
  if (p.encryption !== 'none' && p.dataBytes < 16) throw new ParamError(QUEUE_GENERATOR, 'encryption', `'${p.encryption}' needs dataBytes >= 16 (the XTS engines take whole 16-byte AES blocks, dataBytes / 16 per cycle); dataBytes is ${p.dataBytes}`);
  if (p.encryptAt === 'before-compress' && (!queueHasEncrypt(p) || p.compression !== 'lz4')) {
    throw new ParamError(QUEUE_GENERATOR, 'encryptAt', `'before-compress' places the encrypt stage at the compressor's input: it needs encryption 'encrypt' or 'both' and compression 'lz4' (encryption is '${p.encryption}', compression '${p.compression}')`);
  }
  if (queueHasReconstruct(p) && p.decompression !== 'lz4') throw new ParamError(QUEUE_GENERATOR, 'erasureCoding', `'${p.erasureCoding}' reconstructs stripes for the decompression stage (opcode 4), so it needs decompression 'lz4'`);
  return { ...p };
}

/** The XTS engines of the encryption stages: one AES lane per 16 bytes of the data path, unrolled rounds. */
export function queueXtsParams(p: QueueParams, mode: 'encrypt' | 'decrypt'): XtsParams {
  return { mode, keyBits: p.xtsKeyBits, lanes: p.dataBytes / 16, rounds: 'unrolled', keySlots: p.xtsKeySlots };
}

/** The compressor the compression stage instantiates: the default LZ4 design at the data path's width. */
export function queueCompressorParams(dataBytes: number): Lz4ParallelCompressParams {
  return { lanes: dataBytes, ...QUEUE_COMPRESSOR, entryBytes: Math.min(16, dataBytes), sequencesPerCycle: 2, historyMemory: 'bram' };
}

export function queueModuleName(p: QueueParams): string {
  // every parameter that changes the RTL is in the name (the DMA's only when not its defaults)
  const d = queueSchema;
  const dma = p.maxBurstBeats === d.maxBurstBeats.default && p.maxReadBursts === d.maxReadBursts.default && p.maxWriteBursts === d.maxWriteBursts.default
    ? '' : `_dma${p.maxBurstBeats}x${p.maxReadBursts}x${p.maxWriteBursts}`;
  const ec = p.erasureCoding === 'none' ? '' : `_ec${p.ecK}p${p.ecM}${p.erasureCoding === 'encode' ? 'enc' : p.erasureCoding === 'reconstruct' ? 'rec' : ''}`;
  const xts = p.encryption === 'none' ? '' : `_xts${p.encryption === 'encrypt' ? 'enc' : p.encryption === 'decrypt' ? 'dec' : ''}${p.xtsKeyBits}s${p.xtsKeySlots}${p.encryptAt === 'before-compress' ? '_encfirst' : ''}`;
  return `queue_engine_q${p.queues}_w${p.dataBytes}_r${p.maxRequests}${p.arbitration === 'weighted' ? '_wrr' : ''}${p.compression === 'lz4' ? '_lz4' : ''}${p.decompression === 'lz4' ? '_unlz4' : ''}${ec}${xts}${dma}${p.testFlipBitAfter ? `_fault${p.testFlipBitAfter}` : ''}`;
}

function queueCommand(p: QueueParams): string {
  return `npm run dpuforge -- gen queue ${Object.entries(p).map(([k, v]) => `${flagName(k)} ${v}`).join(' ')} -o hw/generated`;
}

export function emitQueue(p: QueueParams): GeneratedDesign {
  const W = p.dataBytes;
  const LW = Math.log2(W);
  const Q = p.queues;
  const QB = Math.max(1, bitsFor(Q - 1));
  const R = p.maxRequests;
  const RB = Math.log2(R);
  const RC = RB + 1; // counts 0..R
  const SB = SQE_BYTES / W; // beats per submission entry
  const top = queueModuleName(p);
  // the sub-designs: instantiated by their own module names, their files shipped with this one
  const dma = emitDma({ dataBytes: W, maxBurstBeats: p.maxBurstBeats, maxReadBursts: p.maxReadBursts, maxWriteBursts: p.maxWriteBursts });
  const crc = crcGenerator.emit(crcGenerator.validate({ bytesPerCycle: W, model: 'crc32c' }));
  const comp = p.compression === 'lz4' ? emitLz4ParallelCompressor(queueCompressorParams(W)) : undefined;
  const dec = p.decompression === 'lz4' ? lz4DecompressGenerator.emit(lz4DecompressGenerator.validate({ bytesPerCycle: W, windowBytes: COMPRESS_MAX_BYTES, maxOutputBytes: COMPRESS_MAX_BYTES })) : undefined;
  // the per-request FIFOs: room for every request in flight
  const fifo = (name: string, width: number, push: string, data: string, pop: string, count: boolean, what: string, validDeclared = false) =>
    fifoBlock({ name, width, depthBits: RB, push, data, pop, count, what, validDeclared });
  const ENC = queueHasEncode(p);
  const REC = queueHasReconstruct(p);
  // the encrypt stage after the compressor (ENCB), or at its input (ENCF)
  const ENCF = queueHasEncrypt(p) && p.encryptAt === 'before-compress';
  const ENCB = queueHasEncrypt(p) && !ENCF;
  // per gathered packet: scatter the data or not, and through which stages
  const opFields = [
    ...(REC ? [{ name: 'rec', set: 'e_ec_rec', what: 'reconstruct' }] : []),
    ...(p.decompression === 'lz4' ? [{ name: 'decompress', set: 'e_decompress', what: 'decompress' }] : []),
    ...(p.compression === 'lz4' ? [{ name: 'compress', set: 'e_compress', what: 'compress' }] : []),
    ...(ENCF ? [{ name: 'encf', set: 'e_encrypt', what: 'encrypt at the compressor input' }] : []),
    { name: 'scatter', set: "e_ndst != 8'd0", what: 'scatter' },
  ];
  const ecEnc = ENC ? emitEcStripe({ mode: 'encode', k: p.ecK, m: p.ecM, dataBytes: W, maxBytes: ecStageMaxBytes(p) }) : undefined;
  const ecRec = REC ? emitEcStripe({ mode: 'reconstruct', k: p.ecK, m: p.ecM, dataBytes: W, maxBytes: EC_STAGE_MAX_BYTES }) : undefined;
  const ENCR = queueHasEncrypt(p);
  const DECR = queueHasDecrypt(p);
  const CRYPT = ENCR || DECR;
  const xtsEnc = ENCR ? emitXts(queueXtsParams(p, 'encrypt')) : undefined;
  const xtsDec = DECR ? emitXts(queueXtsParams(p, 'decrypt')) : undefined;
  const XUB = XTS_REQUEST_USER_BITS;
  // the output side's EC bit: with an encrypt stage, the FIFO after it carries it instead
  const OO_EC = ENC && !ENCB;
  /** A stream's last beat made whole 16-byte blocks for an XTS engine: `<s>_keep_blocks` and `<s>_data_zeroed`. */
  const blockPadded = (s: string) => `wire [${W - 1}:0] ${s}_keep_blocks = {${Array.from({ length: W / 16 }, (_, c) => `{16{|${s}_keep[${16 * (W / 16 - 1 - c) + 15}:${16 * (W / 16 - 1 - c)}]}}`).join(', ')}};
wire [${8 * W - 1}:0] ${s}_data_zeroed = ${s}_data & {${Array.from({ length: W }, (_, b) => `{8{${s}_keep[${W - 1 - b}]}}`).join(', ')}};`;
  /**
   * An XTS engine instance and its output wires (`<x>_data`, `_keep`, `_valid`, `_ready`, `_last`, `_status`, and
   * `_in_ready` unless declared earlier); its key port is the top's, through the `key` side's handshake wires.
   */
  const xtsInstance = (design: { top: string }, inst: string, x: string, key: 'enc' | 'dec', input: { data: string; keep: string; valid: string; last: string; user: string }, declareInReady = true) => `wire [${8 * W - 1}:0] ${x}_data;
wire [${W - 1}:0] ${x}_keep;
wire        ${declareInReady ? `${x}_in_ready, ` : ''}${x}_valid, ${x}_ready, ${x}_last;
wire [7:0]  ${x}_status;
${design.top} ${inst} (
    .clk(clk), .rst(rst),
    .s_axis_tdata(${input.data}), .s_axis_tkeep(${input.keep}), .s_axis_tvalid(${input.valid}),
    .s_axis_tready(${x}_in_ready), .s_axis_tlast(${input.last}), .s_axis_tuser(${input.user}),
    .m_axis_tdata(${x}_data), .m_axis_tkeep(${x}_keep), .m_axis_tvalid(${x}_valid), .m_axis_tready(${x}_ready),
    .m_axis_tlast(${x}_last), .m_axis_tuser(${x}_status),
    .k_axis_tdata(k_axis_tdata), .k_axis_tvalid(key_${key}_valid), .k_axis_tready(key_${key}_ready), .k_axis_tuser(k_axis_tuser),
    .ks_axis_tdata(ks_${key}_data), .ks_axis_tvalid(ks_${key}_valid), .ks_axis_tready(ks_${key}_ready), .ks_axis_tlast(ks_${key}_last)
);`;
  /** The per-request verdict FIFO of an XTS engine (`<v>_bad`: it refused the request), pushed at its last beat. */
  const xtsVerdicts = (v: string, x: string, what: string) => `wire        ${v}_pop;
${fifo(v, 1, `${x}_fire && ${x}_last`, `${x}_status != 8'd0`, `${v}_pop`, true, `per ${what} request: the ${what.replace(/ing$/, '')} stage refused it`)}
wire        ${v}_bad = ${v}_head;`;
  const subDesigns = [dma, crc, comp, dec, ecEnc, ecRec, xtsEnc, xtsDec].flatMap((e) => (e ? [e] : []));
  const CW_OUT = bitsFor(W);
  const paramsJson = canonicalParams(queueSchema, p as unknown as Record<string, unknown>);
  const ports: DesignPorts = {
    clock: 'clk', reset: 'rst',
    streams: [
      { prefix: 's_ctrl', dir: 'in', dataBytes: 16, keep: false, last: false, userBits: 0 },
      { prefix: 'm_irq', dir: 'out', dataBytes: 4, keep: false, last: false, userBits: 0 },
      ...(CRYPT ? [
        { prefix: 'k_axis', dir: 'in' as const, dataBytes: xtsKeyBytes({ keyBits: p.xtsKeyBits }), keep: false, last: false, userBits: 8, traced: false as const },
        { prefix: 'ks_axis', dir: 'out' as const, dataBytes: 1, keep: false, last: true, userBits: 0 },
      ] : []),
    ],
    memories: [{ prefix: 'm_axi', dataBytes: W, addrBits: 64, idBits: 1 }],
  };
  const header = fileHeader({
    file: `${top}.v`, what: `queue engine: ${Q} NVMe-style queue pairs in host memory, DMA over AXI4 (${W}-byte beats), CRC32C on the data path.`,
    generator: QUEUE_GENERATOR, version: QUEUE_GENERATOR_VERSION, paramsJson, command: queueCommand(p),
    notes: [
      's_ctrl: register writes, 16 bytes: bytes 0-1 register (queue * 8 + index), 8-15 value. Index 0: submission',
      'ring address, 1: completion ring address, 2: entries per ring (0 = queue off; setting it empties both rings),',
      '3: submission tail doorbell, 4: completion head doorbell, 5: arbitration weight (weighted arbitration).',
      `Submission entry (${SQE_BYTES} bytes): byte 0 opcode (${Object.entries(QUEUE_OPCODES).map(([n, c]) => `${c} = ${n}`).join(', ')}), 1 source segments, 2 destination`,
      'segments, 3 flags (bit 0: verify), 4-5 command id, 8-11 length, 12-15 expected CRC32C (with verify); from byte 16,',
      'up to 7 segments of 16 bytes {address 8, length 4, 4 unused},',
      'sources first. Every opcode gathers the sources and reports their CRC32C; a copy also scatters them over the',
      'destinations (a crc32c request may scatter too; lengths must add up exactly).',
      ...(p.compression === 'lz4' ? ['Opcode 3 (compress, up to 64 KiB): the LZ4 block of the sources is scattered over destinations at least as', 'large; the completion reports the bytes written.'] : []),
      ...(ENC ? [`Flag bit 1 on a copy or compress (up to 64 KiB): the output (n bytes) is erasure coded into a k=${p.ecK}, m=${p.ecM} stripe`,
        '(src/ref/ec-stripe.ts: k data fragments of L = ceil(n / 64k) * 64 bytes, then m parity fragments) which is',
        'scattered instead; the completion reports n.'] : []),
      ...(REC ? ['Flag bit 1 on a decompress: the sources are a stripe header and k surviving fragments (src/ref/ec-stripe.ts);',
        'the lost data fragments are rebuilt and the payload goes on to the decompressor.'] : []),
      `Completion entry (${CQE_BYTES} bytes): 0-3 CRC32C, 4-7 bytes written, 8-9 submission head, 10-11 queue, 12-13 command id,`,
      `14-15 status << 1 | phase. Status: ${Object.entries(QUEUE_STATUS).map(([c, w]) => `${c} = ${w}`).join('; ')}.`,
      ...(ENCB ? ['Flag bit 2 on a copy or compress: the output is zero-padded to whole 16-byte blocks and encrypted (XTS-AES-' + p.xtsKeyBits + ',',
        'after compression, before erasure coding); the completion reports the padded length.'] : []),
      ...(ENCF ? ['Flag bit 2 on a copy or compress: the gathered data is zero-padded to whole 16-byte blocks and encrypted (XTS-AES-' + p.xtsKeyBits + ')',
        'at the compressor\'s input (encryptAt before-compress): a compress then compresses ciphertext, which does not shrink.'] : []),
      ...(DECR ? ['Flag bit 3 on a copy or decompress (not erasure coded): the gathered ciphertext (a multiple of 16 bytes) is',
        'decrypted and trimmed to its payload bytes before decompression; the CRC32C is of the plaintext.'] : []),
      ...(CRYPT ? ['Crypto context (flag bit 2 or 3; such a request has at most 6 segments): bytes 112-119 first data unit number,',
        '120 key slot, 121 log2 of the data-unit size (' + Math.log2(W) + '..19), 124-127 payload bytes (decrypt).',
        'k_axis (never traced): Key1 || Key2 for a slot of both XTS engines (tuser[6:0] slot, tuser[7] clear); ks_axis:',
        'one status byte per key beat (0 loaded, 1 slot out of range, 2 Key1 equals Key2).'] : []),
      'm_irq: one beat per completion written: bytes 0-1 queue. Reset: synchronous, active high.',
    ],
  });

  const body = `${modulePortList(top, ports, {
    s_ctrl: 'Register writes (doorbells, queue setup)',
    m_irq: 'Interrupts: one beat per completion entry written',
    m_axi: 'Host memory (rings and data)',
    ...(CRYPT ? { k_axis: 'XTS keys in (not traced): one beat loads or clears a key slot', ks_axis: 'Key load results out' } : {}),
  })}

localparam integer QUEUES = ${Q};

// ---- DMA engine: every host memory access
wire [127:0]      rd_cmd_data, wr_cmd_data;
wire              rd_cmd_valid, rd_cmd_ready, wr_cmd_valid, wr_cmd_ready;
wire [${8 * W - 1}:0] rd_data, wr_data;
wire [${W - 1}:0] rd_keep, wr_keep;
wire              rd_valid, rd_ready, rd_last, rd_error, wr_valid, wr_ready, wr_last;
wire [31:0]       done_data;
wire              done_valid;
${dma.top} dma (
    .clk(clk), .rst(rst),
    .s_rd_cmd_tdata(rd_cmd_data), .s_rd_cmd_tvalid(rd_cmd_valid), .s_rd_cmd_tready(rd_cmd_ready),
    .m_rd_data_tdata(rd_data), .m_rd_data_tkeep(rd_keep), .m_rd_data_tvalid(rd_valid), .m_rd_data_tready(rd_ready),
    .m_rd_data_tlast(rd_last), .m_rd_data_tuser(rd_error),
    .s_wr_cmd_tdata(wr_cmd_data), .s_wr_cmd_tvalid(wr_cmd_valid), .s_wr_cmd_tready(wr_cmd_ready),
    .s_wr_data_tdata(wr_data), .s_wr_data_tkeep(wr_keep), .s_wr_data_tvalid(wr_valid), .s_wr_data_tready(wr_ready),
    .s_wr_data_tlast(wr_last),
    .m_wr_done_tdata(done_data), .m_wr_done_tvalid(done_valid), .m_wr_done_tready(1'b1),
${['awid', 'awaddr', 'awlen', 'awsize', 'awburst', 'awvalid', 'awready', 'wdata', 'wstrb', 'wlast', 'wvalid', 'wready',
    'bid', 'bresp', 'bvalid', 'bready', 'arid', 'araddr', 'arlen', 'arsize', 'arburst', 'arvalid', 'arready',
    'rid', 'rdata', 'rresp', 'rlast', 'rvalid', 'rready'].map((s) => `.m_axi_${s}(m_axi_${s})`).join(', ').replace(/(([^,]*,){6})/g, '$1\n   ').replace(/^/, '    ')}
);

// ---- Registers
reg  [63:0] sq_base_reg [0:QUEUES-1];
reg  [63:0] cq_base_reg [0:QUEUES-1];
reg  [15:0] entries_reg [0:QUEUES-1];
reg  [15:0] sq_tail_reg [0:QUEUES-1];     // host's doorbell
reg  [15:0] sq_head_reg [0:QUEUES-1];     // next entry to fetch
reg  [15:0] cq_head_reg [0:QUEUES-1];     // host's doorbell
reg  [15:0] cq_tail_reg [0:QUEUES-1];     // next completion slot
reg         cq_phase_reg [0:QUEUES-1];
${p.arbitration === 'weighted' ? 'reg  [7:0]  weight_reg [0:QUEUES-1];\n' : ''}assign s_ctrl_tready = 1'b1;
wire        ctrl_fire = s_ctrl_tvalid;
wire [15:0] ctrl_reg = s_ctrl_tdata[15:0];
wire [63:0] ctrl_value = s_ctrl_tdata[127:64];
/* verilator lint_off UNUSEDSIGNAL */
wire [47:0] ctrl_unused = s_ctrl_tdata[63:16];
/* verilator lint_on UNUSEDSIGNAL */
wire [${QB - 1}:0] ctrl_queue = ctrl_reg[${QB + 2}:3];
wire        ctrl_queue_ok = ctrl_reg[15:3] < 13'd${Q};

// ---- Fetch: pick a queue with entries, read one submission entry
reg  [${QB - 1}:0] arb_queue_reg;        // the queue whose turn it is
${p.arbitration === 'weighted' ? 'reg  [7:0]  arb_used_reg;                // fetches in this turn\n' : ''}reg  [${RC - 1}:0] in_flight_reg;         // requests fetched and not completed
wire [${Q - 1}:0] pending;
genvar q;
generate
    for (q = 0; q < ${Q}; q = q + 1) begin : queue_state
        assign pending[q] = entries_reg[q] != 16'd0 && sq_head_reg[q] != sq_tail_reg[q];
    end
endgenerate
// the first pending queue at or after the turn's queue
reg  [${QB - 1}:0] pick_queue;
reg         pick_found;
always @* begin : pick
    integer i;
    reg [${QB}:0] cand;
    pick_found = 1'b0;
    pick_queue = ${QB}'d0;
    for (i = ${Q - 1}; i >= 0; i = i - 1) begin
        cand = {1'b0, arb_queue_reg} + i[${QB}:0];
        if (cand >= ${QB + 1}'d${Q}) cand = cand - ${QB + 1}'d${Q};
        if (pending[cand[${QB - 1}:0]]) begin
            pick_found = 1'b1;
            pick_queue = cand[${QB - 1}:0];
        end
    end
end
wire        fetch_cmd_valid;
wire        fetch_go;
wire [15:0] fetch_head = sq_head_reg[pick_queue];
wire [15:0] fetch_next = (fetch_head + 16'd1 == entries_reg[pick_queue]) ? 16'd0 : fetch_head + 16'd1;
wire [63:0] fetch_addr = sq_base_reg[pick_queue] + {41'd0, fetch_head, 7'd0};
assign fetch_cmd_valid = pick_found && in_flight_reg != ${RC}'d${R};

// ---- Read commands: fetches and gathers share the DMA's read side; a kind FIFO routes the packets back
wire        gather_cmd_valid;
wire [127:0] gather_cmd;
wire        rd_use_gather = gather_cmd_valid;      // gathers first: they finish requests already in flight
assign rd_cmd_valid = gather_cmd_valid || fetch_cmd_valid;
assign rd_cmd_data = rd_use_gather ? gather_cmd : {8'd0, 8'd1, 16'd0, 32'd${SQE_BYTES}, fetch_addr};
wire        rd_cmd_fire = rd_cmd_valid && rd_cmd_ready;
assign fetch_go = rd_cmd_fire && !rd_use_gather;
wire        gather_go = rd_cmd_fire && rd_use_gather;
wire        gather_first = gather_go && g_seg_reg == 3'd0;   // a packet's first gather: its data may come before the rest is issued
wire        rk_push = fetch_go || gather_first;
wire        rk_pop;
${fifoBlock({ name: 'rk', width: 1, depthBits: RB + 1, push: 'rk_push', data: 'fetch_go', pop: 'rk_pop', count: true, what: 'per read packet (fetches and gathers in flight): 1 = submission entry, 0 = gathered data' })}
wire        rk_entry = rk_head;

wire        fr_pop;
${fifo('fetched', QB + 16, 'fetch_go', '{pick_queue, fetch_next}', 'fr_pop', false, 'fetched requests, in order: {queue, submission head after the fetch}')}
wire [${QB - 1}:0] fr_queue = fetched_head[${QB + 15}:16];
wire [15:0] fr_head = fetched_head[15:0];

// ---- Submission entries: ${SB} beats gathered, then into a FIFO (room for every fetch in flight, so the read
// stream never waits on dispatch)
reg  [${1023 - 8 * W}:0] sqe_acc_reg;      // the beats so far (the last one goes straight in)
wire        dispatch_take;               // dispatch is done with the head entry
wire        rd_is_entry = rk_valid && rk_entry;
wire        rd_is_data = rk_valid && !rk_entry;
wire        data_in_ready;               // the data path takes the beat of in_* (the gathered stream${DECR ? ', or decrypted' : ''})
wire        gathered_ready;              // ... and so takes the gathered beat
assign rd_ready = rd_is_entry || (rd_is_data && gathered_ready);
wire        rd_fire = rd_valid && rd_ready;
assign rk_pop = rd_fire && rd_last;
wire [1023:0] sqe_in = {rd_data, sqe_acc_reg};
wire        sqe_push = rd_fire && rd_is_entry && rd_last;
always @(posedge clk) begin
    if (rd_fire && rd_is_entry) sqe_acc_reg <= sqe_in[1023:${8 * W}];
end
${fifo('sqe', 1024, 'sqe_push', 'sqe_in', 'dispatch_take', true, 'submission entries waiting for dispatch')}
wire [1023:0] sqe = sqe_head;
/* verilator lint_off UNUSEDSIGNAL */
wire [243:0] sqe_reserved = {sqe[31:28], sqe[63:48]${Array.from({ length: 7 }, (_, i) => `, sqe[${128 + 128 * i + 96} +: 32]`).join('')}};
/* verilator lint_on UNUSEDSIGNAL */

// ---- Dispatch: check the entry; issue its gathers and scatters, one command per cycle
wire [7:0]  e_opcode = sqe[7:0];
wire [7:0]  e_nsrc = sqe[15:8];
wire [7:0]  e_ndst = sqe[23:16];
wire [15:0] e_cid = sqe[47:32];
wire [31:0] e_length = sqe[95:64];
wire        e_verify = sqe[24];           // per-request option: verify the data against e_expected_crc
wire [31:0] e_expected_crc = sqe[127:96];
wire [63:0] seg_addr [0:${6}];
wire [31:0] seg_len [0:${6}];
generate
    for (q = 0; q < 7; q = q + 1) begin : segment
        assign seg_addr[q] = sqe[128 + 128*q +: 64];
        assign seg_len[q] = sqe[192 + 128*q +: 32];
    end
endgenerate
/* verilator lint_off UNUSEDSIGNAL */
wire [8:0]  e_nseg = {1'b0, e_nsrc} + {1'b0, e_ndst};
/* verilator lint_on UNUSEDSIGNAL */
// sums of the source and destination lengths, and whether any used segment is empty
reg  [35:0] src_sum, dst_sum;
reg         seg_zero;
always @* begin : sums
    integer i;
    src_sum = 36'd0;
    dst_sum = 36'd0;
    seg_zero = 1'b0;
    for (i = 0; i < 7; i = i + 1) begin
        if (i < e_nsrc) src_sum = src_sum + {4'd0, seg_len[i]};
        else if (i < e_nseg) dst_sum = dst_sum + {4'd0, seg_len[i]};
        if (i < e_nseg && seg_len[i] == 32'd0) seg_zero = 1'b1;
    end
end
wire        e_compress = ${p.compression === 'lz4' ? "e_opcode == 8'd3" : "1'b0"};  // opcode 3: the compression stage
wire        e_decompress = ${p.decompression === 'lz4' ? "e_opcode == 8'd4" : "1'b0"};  // opcode 4: the decompression stage
wire        e_ec = sqe[25];               // per-request option: erasure coding
wire        e_ec_encode = ${ENC ? "e_ec && (e_opcode == 8'd1 || e_compress)" : "1'b0  /* no EC encode stage */"};
wire        e_ec_rec = ${REC ? 'e_ec && e_decompress' : "1'b0  /* no EC reconstruct stage */"};
wire        e_enc_flag = sqe[26];         // per-request option: encrypt (flag bit 2)
wire        e_dec_flag = sqe[27];         // per-request option: decrypt (flag bit 3)
${CRYPT ? `// the crypto context, in the last segment's place
wire [63:0] e_data_unit = sqe[${8 * CRYPTO_CONTEXT.dataUnit + 63}:${8 * CRYPTO_CONTEXT.dataUnit}];
wire [7:0]  e_key_slot = sqe[${8 * CRYPTO_CONTEXT.slot + 7}:${8 * CRYPTO_CONTEXT.slot}];
wire [7:0]  e_unit_log2 = sqe[${8 * CRYPTO_CONTEXT.dataUnitLog2 + 7}:${8 * CRYPTO_CONTEXT.dataUnitLog2}];
wire [31:0] e_payload = sqe[${8 * CRYPTO_CONTEXT.payloadBytes + 31}:${8 * CRYPTO_CONTEXT.payloadBytes}];
// the XTS engines' request tuser: {first data unit, data-unit size in 16-byte blocks, key slot}
wire [15:0] e_unit_blocks = 16'd1 << (e_unit_log2 - 8'd4);
wire [${XUB - 1}:0] e_xts_user = {e_data_unit, e_unit_blocks, e_key_slot};
` : ''}wire        e_encrypt = ${ENCR ? "e_enc_flag && !e_dec_flag && (e_opcode == 8'd1 || e_compress)" : "1'b0  /* no encrypt stage */"};
wire        e_decrypt = ${DECR ? "e_dec_flag && !e_enc_flag && !e_ec && (e_opcode == 8'd1 || e_decompress)" : "1'b0  /* no decrypt stage */"};
wire        e_crypt = e_encrypt || e_decrypt;
wire        e_crypt_refused = (e_enc_flag && !e_encrypt) || (e_dec_flag && !e_decrypt);
wire        e_context_bad = ${CRYPT ? `e_crypt && (e_unit_log2 < 8'd${Math.log2(W)} || e_unit_log2 > 8'd${CRYPTO_CONTEXT.maxDataUnitLog2}
                            || (e_decrypt && (e_length[3:0] != 4'd0 || e_payload == 32'd0 || e_payload > e_length
                                              || {1'b0, e_payload} + 33'd16 <= {1'b0, e_length})))` : "1'b0"};
wire        e_variable = e_compress || e_decompress || e_ec_encode || e_crypt;   // output length known only at the end
wire [3:0]  e_status = (e_opcode != 8'd1 && e_opcode != 8'd2 && !e_compress && !e_decompress) ? 4'd1
                     : (e_ec && !e_ec_encode && !e_ec_rec) ? 4'd10
                     : e_crypt_refused ? 4'd12
                     : (e_nsrc == 8'd0 || e_nseg > (e_crypt ? 9'd${CRYPTO_CONTEXT.maxSegments} : 9'd7) || ((e_opcode == 8'd1 || e_variable) && e_ndst == 8'd0)) ? 4'd2
                     : (e_length == 32'd0 || seg_zero) ? 4'd3
                     : (src_sum != {4'd0, e_length} || (e_ndst != 8'd0 && !e_variable && dst_sum != {4'd0, e_length})) ? 4'd4
                     : ((e_compress || e_ec_encode) && e_length > 32'd${COMPRESS_MAX_BYTES}) ? 4'd6
                     : e_context_bad ? 4'd12 : 4'd0;
// gathers (read side) and scatters (write side) are issued by two walkers over the same entry, so that neither
// side waits for the other: a scatter's bursts wait for data that only the gathers bring
reg  [2:0]  g_seg_reg, s_seg_reg;        // next source / destination segment to issue
reg         g_done_reg, s_done_reg;      // this entry's gathers / scatters are all issued
wire        disp_active = sqe_valid;
wire        disp_ok = e_status == 4'd0;
wire        disp_last_src = {1'b0, g_seg_reg} + 4'd1 == e_nsrc[3:0];
wire [3:0]  s_index = e_nsrc[3:0] + {1'b0, s_seg_reg};
wire        disp_last_dst = s_index + 4'd1 == e_nseg[3:0];
wire        req_space;                   // room in the in-order request FIFOs
assign gather_cmd_valid = disp_active && disp_ok && !g_done_reg;
assign gather_cmd = {8'd0, 7'd0, disp_last_src, 16'd0, seg_len[g_seg_reg], seg_addr[g_seg_reg]};
wire        scatter_cmd_valid = disp_active && disp_ok && !s_done_reg && e_ndst != 8'd0;
wire        scatter_go;
wire        g_finished = g_done_reg || (gather_go && disp_last_src);
wire        s_finished = s_done_reg || e_ndst == 8'd0 || (scatter_go && disp_last_dst);
wire        disp_done = disp_active && req_space && (!disp_ok || (g_finished && s_finished));
assign dispatch_take = disp_done;
always @(posedge clk) begin
    if (gather_go) g_seg_reg <= g_seg_reg + 3'd1;
    if (scatter_go) s_seg_reg <= s_seg_reg + 3'd1;
    if (gather_go && disp_last_src) g_done_reg <= 1'b1;
    if (scatter_go && disp_last_dst) s_done_reg <= 1'b1;
    if (disp_done || rst) begin
        g_seg_reg  <= 3'd0;
        s_seg_reg  <= 3'd0;
        g_done_reg <= 1'b0;
        s_done_reg <= 1'b0;
    end
end
assign fr_pop = disp_done;

// requests in order: {queue, command id, submission head, status, scatters, moves data}
localparam integer RQW = ${QB}${CRYPT ? ' + 2' : ''} + 16 + 16 + 4 + 1 + 1 + 1 + 1 + 32 + 33;  // + ${CRYPT ? 'encrypt, decrypt, ' : ''}reconstruct, variable, capacity, verify
wire        rq_pop;
${fifo('rq', QB + 105 + (CRYPT ? 2 : 0), 'disp_done', `{fr_queue, ${CRYPT ? 'disp_ok && e_encrypt, disp_ok && e_decrypt, ' : ''}e_cid, fr_head, e_status, disp_ok && e_ndst != 8'd0, disp_ok, disp_ok && e_ec_rec, e_variable, dst_sum[31:0], e_verify, e_expected_crc}`, 'rq_pop', true, 'dispatched requests, in order')}
assign req_space = rq_count_reg != ${RB + 1}'d${R};
wire [${QB - 1}:0] rq_queue = rq_head[RQW-1 -: ${QB}];
${CRYPT ? `wire        rq_enc = rq_head[106];
wire        rq_dec = rq_head[105];
` : ''}wire [15:0] rq_cid = rq_head[104:89];
wire [15:0] rq_sq_head = rq_head[88:73];
wire [3:0]  rq_status = rq_head[72:69];
wire        rq_scatters = rq_head[68];
wire        rq_moves = rq_head[67];
wire        rq_rec = rq_head[66];
wire        rq_variable = rq_head[65];
wire [31:0] rq_capacity = rq_head[64:33];
wire        rq_verify = rq_head[32];
wire [31:0] rq_expected_crc = rq_head[31:0];

wire        op_pop;
${fifo('op', opFields.length, 'gather_first', `{${opFields.map((f) => f.set).join(', ')}}`, 'op_pop', false,
    `data path operations, in order of the gathered packets: {${opFields.map((f) => f.what).join(', ')}}`)}
${opFields.map((f, i) => `wire        op_${f.name} = op_head[${opFields.length - 1 - i}];`).join('\n')}${p.compression === 'lz4' ? '' : "\nwire        op_compress = 1'b0;  // no compression stage"}${p.decompression === 'lz4' ? '' : "\nwire        op_decompress = 1'b0;  // no decompression stage"}

${CRYPT ? `// ---- Keys: a k_axis beat loads (or clears) a key slot in ${ENCR && DECR ? 'both XTS engines at once; ks_axis answers once both have' : 'the XTS engine; ks_axis answers'}
// (the key goes straight from the port to the engines: no traced signal here carries it)
${(ENCR ? ['enc'] : []).concat(DECR ? ['dec'] : []).map((x) => `wire        key_${x}_valid, key_${x}_ready;
wire [7:0]  ks_${x}_data;
wire        ks_${x}_valid, ks_${x}_ready;
/* verilator lint_off UNUSEDSIGNAL */
wire        ks_${x}_last;               // one beat per answer
/* verilator lint_on UNUSEDSIGNAL */`).join('\n')}
${ENCR && DECR ? `assign k_axis_tready = key_enc_ready && key_dec_ready;
assign key_enc_valid = k_axis_tvalid && key_dec_ready;
assign key_dec_valid = k_axis_tvalid && key_enc_ready;
// the two engines check a key alike: their answers agree
assign ks_axis_tvalid = ks_enc_valid && ks_dec_valid;
assign ks_axis_tdata = ks_enc_data | ks_dec_data;
assign ks_enc_ready = ks_axis_tready && ks_dec_valid;
assign ks_dec_ready = ks_axis_tready && ks_enc_valid;` : ['enc', 'dec'].filter((x) => (x === 'enc' ? ENCR : DECR)).map((x) => `assign k_axis_tready = key_${x}_ready;
assign key_${x}_valid = k_axis_tvalid;
assign ks_axis_tvalid = ks_${x}_valid;
assign ks_axis_tdata = ks_${x}_data;
assign ks_${x}_ready = ks_axis_tready;`).join('')}
assign ks_axis_tlast = 1'b1;

` : ''}// ---- Data path: the gathered packet through the CRC32C engine and on to the scatter, directly or (opcode 3)
// through the LZ4 compressor; or (opcode 4) through the LZ4 decompressor first, the CRC32C then being of its
// output. Output packets leave in request order (an output-side FIFO of the scattering requests says where
// the next comes from); the CRC engine's input follows the requests in order too.
wire        crc_in_ready;
wire        out_ready;                   // the write side takes a scatter beat now
wire        g_fire = rd_valid && rd_is_data && gathered_ready;   // a gathered beat taken
${DECR ? `// ---- Decrypt stage (flag bit 3): a decrypting request's gathered ciphertext passes the XTS decrypt engine and
// is trimmed to its payload bytes; other packets pass straight through; in_* carries both on, in request order
wire        fd_pop, fo_pop;
${fifo('fd', 1 + XUB, 'gather_first', '{e_decrypt, e_xts_user}', 'fd_pop', true, 'per gathered packet, entering the stage: {decrypt, XTS request tuser}')}
wire        fd_decrypt = fd_head[${XUB}];
wire [${XUB - 1}:0] fd_user = fd_head[${XUB - 1}:0];
${fifo('fo', 33, 'gather_first', '{e_decrypt, e_payload}', 'fo_pop', true, 'per gathered packet, leaving the stage: {decrypt, payload bytes}')}
wire        fo_decrypt = fo_head[32];
wire [31:0] fo_payload = fo_head[31:0];
${xtsInstance(xtsDec!, 'decrypt', 'xd', 'dec', { data: 'rd_data', keep: 'rd_keep', valid: 'rd_valid && rd_is_data && fd_valid && fd_decrypt', last: 'rd_last', user: 'fd_user' })}
// a bypassing packet is at the head of both FIFOs at once (the packets before it have left the engine)
assign gathered_ready = fd_valid && (fd_decrypt ? xd_in_ready : data_in_ready && fo_valid && !fo_decrypt);
assign fd_pop = g_fire && rd_last;
// trim: the plaintext is the payload; only the last beat (whose 16-byte blocks hold the payload's end) is cut
reg  [31:0] xd_bytes_reg;                // bytes of the packet passed on so far (whole beats)
wire [31:0] xd_left = fo_payload - xd_bytes_reg;
wire [${W - 1}:0] xd_keep_trim = xd_left >= 32'd${W} ? xd_keep : xd_keep & ~({${W}{1'b1}} << xd_left[${LW - 1}:0]);
wire        in_valid = fo_valid && (fo_decrypt ? xd_valid : rd_valid && rd_is_data && fd_valid && !fd_decrypt);
wire [${8 * W - 1}:0] in_data = fo_decrypt ? xd_data : rd_data;
wire [${W - 1}:0] in_keep = fo_decrypt ? xd_keep_trim : rd_keep;
wire        in_last = fo_decrypt ? xd_last : rd_last;
assign xd_ready = fo_valid && fo_decrypt && data_in_ready;
wire        xd_fire = xd_valid && xd_ready;
assign fo_pop = in_valid && data_in_ready && in_last;
always @(posedge clk) begin
    if (xd_fire) xd_bytes_reg <= xd_last ? 32'd0 : xd_bytes_reg + 32'd${W};
    if (rst) xd_bytes_reg <= 32'd0;
end
// the engine's verdict per decrypting request (a slot out of range or without a key), for its completion
${xtsVerdicts('dv', 'xd', 'decrypting')}
` : `// no decrypt stage: the gathered stream goes straight on
wire        in_valid = rd_valid && rd_is_data;
wire [${8 * W - 1}:0] in_data = rd_data;
wire [${W - 1}:0] in_keep = rd_keep;
wire        in_last = rd_last;
assign gathered_ready = data_in_ready;
`}wire        oo_valid;
wire        oo_comp, oo_dec;             // the next output packet is the compressor's / the decompressor's
wire        direct_ready = out_ready && oo_valid && !oo_comp && !oo_dec${ENCF ? ' && !oo_xf' : ''};
${p.decompression === 'lz4' ? `wire        crc_in_fire;
wire        crc_in_last;
${fifo('cs', 1, 'gather_first', 'e_decompress', 'crc_in_fire && crc_in_last', false, "the CRC engine's input per moving request: the gathered data (0) or the decompressor's output (1)")}
wire        cs_dec = cs_head;` : `wire        cs_dec = 1'b0;  // no decompression stage: the CRC always takes the gathered data`}
wire        crc_takes_input = crc_in_ready && !cs_dec;
${p.compression === 'lz4' ? 'wire        comp_in_ready;\n' : ''}${p.decompression === 'lz4' ? 'wire        dec_in_ready;\n' : ''}// what a gathered beat needs besides the CRC (when the CRC takes it)
${ENCF ? `wire        xf_in_ready;
wire        ci_valid, ci_xts;            // the compressor's next input comes from the encrypt stage (1) or in_* (0)
` : ''}wire        in_next_ready = ${ENCF ? 'op_encf ? xf_in_ready : ' : ''}${p.compression === 'lz4' ? `op_compress ? comp_in_ready${ENCF ? ' && ci_valid && !ci_xts' : ''} : ` : ''}(!op_scatter || direct_ready);
${REC ? `// reconstructing requests (flag bit 1 on opcode 4) go through the stripe stage before the decompressor; the
// decompressor takes its requests in order, from the stage or straight from the gather (a FIFO says which)
wire        dec_in_fire, dec_in_last;
wire        rec_in_ready;
${fifo('di', 1, 'gather_first && e_decompress', 'e_ec_rec', 'dec_in_fire && dec_in_last', false, 'per decompressing request: its input comes from the reconstruct stage (1) or the gather (0)')}
wire        di_rec = di_head;
` : ''}assign data_in_ready = ${p.decompression === 'lz4' ? `op_decompress ? ${REC ? '(op_rec ? rec_in_ready : dec_in_ready && !di_rec)' : 'dec_in_ready'} : ` : ''}crc_takes_input && in_next_ready;
wire        data_fire = in_valid && data_in_ready;
assign op_pop = data_fire && in_last;
wire [31:0] crc_value;
wire        crc_valid;
/* verilator lint_off UNUSEDSIGNAL */
wire        crc_last, crc_keep_error;   // one beat per packet; tkeep is always contiguous here
/* verilator lint_on UNUSEDSIGNAL */
wire        result_pop;
${p.decompression === 'lz4' ? `wire [${8 * W - 1}:0] dec_data;
wire [${W - 1}:0] dec_keep;
wire        dec_valid, dec_last;
wire [2:0]  dec_verdict;
// the decompressor's beat goes to the CRC and to the scatter at once
wire        dec_ready = cs_dec && crc_in_ready && out_ready && oo_valid && oo_dec;
${REC ? `// the reconstruct stage: gathered stripe in, payload out to the decompressor; its verdicts wait for completion
wire [${8 * W - 1}:0] rec_data;
wire [${W - 1}:0] rec_keep;
wire        rec_valid, rec_last, rec_bad;
wire        rec_ready = di_rec && dec_in_ready;
${ecRec!.top} reconstruct (
    .clk(clk), .rst(rst),
    .s_axis_tdata(in_data), .s_axis_tkeep(in_keep), .s_axis_tvalid(in_valid && op_rec),
    .s_axis_tready(rec_in_ready), .s_axis_tlast(in_last),
    .m_axis_tdata(rec_data), .m_axis_tkeep(rec_keep), .m_axis_tvalid(rec_valid), .m_axis_tready(rec_ready),
    .m_axis_tlast(rec_last), .m_axis_tuser(rec_bad)
);
wire        rv_pop;
wire        rec_done = rec_valid && rec_ready && rec_last;
${fifo('rv', 1, 'rec_done', 'rec_bad', 'rv_pop', true, 'per reconstructing request: the stage refused its input')}
wire        rv_bad = rv_head;
wire        dec_in_valid = di_rec ? rec_valid : in_valid && op_decompress && !op_rec;
assign dec_in_last = di_rec ? rec_last : in_last;
assign dec_in_fire = dec_in_valid && dec_in_ready;
` : ''}${dec!.top} decompressor (
    .clk(clk), .rst(rst),
    .s_axis_tdata(${REC ? 'di_rec ? rec_data : in_data' : 'in_data'}), .s_axis_tkeep(${REC ? 'di_rec ? rec_keep : in_keep' : 'in_keep'}), .s_axis_tvalid(${REC ? 'dec_in_valid' : 'in_valid && op_decompress'}),
    .s_axis_tready(dec_in_ready), .s_axis_tlast(${REC ? 'dec_in_last' : 'in_last'}),
    .m_axis_tdata(dec_data), .m_axis_tkeep(dec_keep), .m_axis_tvalid(dec_valid), .m_axis_tready(dec_ready),
    .m_axis_tlast(dec_last), .m_axis_tuser(dec_verdict)
);
wire        crc_in_valid = cs_dec ? dec_valid && out_ready && oo_valid && oo_dec : in_valid && !op_decompress && in_next_ready;
assign crc_in_last = cs_dec ? dec_last : in_last;
assign crc_in_fire = crc_in_valid && crc_in_ready;` : `wire        crc_in_valid = in_valid && in_next_ready;`}
${crc.top} crc (
    .clk(clk), .rst(rst),
    .s_axis_tdata(${p.decompression === 'lz4' ? 'cs_dec ? dec_data : in_data' : 'in_data'}), .s_axis_tkeep(${p.decompression === 'lz4' ? 'cs_dec ? dec_keep : in_keep' : 'in_keep'}), .s_axis_tvalid(crc_in_valid),
    .s_axis_tready(crc_in_ready), .s_axis_tlast(${p.decompression === 'lz4' ? 'crc_in_last' : 'in_last'}),
    .m_axis_tdata(crc_value), .m_axis_tvalid(crc_valid), .m_axis_tready(1'b1), .m_axis_tlast(crc_last),
    .m_axis_tuser(crc_keep_error)
);
${p.compression === 'lz4' ? `wire [${8 * W - 1}:0] comp_data;
wire [${W - 1}:0] comp_keep;
wire        comp_valid, comp_last;
wire [1:0]  comp_verdict;
wire        comp_ready = out_ready && oo_valid && oo_comp;
${ENCF ? `// ---- Encrypt stage at the compressor's input (encryptAt 'before-compress', flag bit 2): the gathered plaintext
// (after the CRC, which takes it at the same time) is zero-padded to 16-byte blocks and encrypted; the ciphertext
// goes on to the compressor (opcode 3), which cannot shrink it, or (a copy) straight to the output
wire        fu_pop;
${fifo('fu', XUB, 'gather_first', 'e_xts_user', 'fu_pop', false, 'per gathered packet: the XTS request tuser')}
assign fu_pop = data_fire && in_last;
wire        xk_pop;
${fifo('xk', 1, 'gather_first && e_encrypt', 'e_compress', 'xk_pop', true, 'per request through the encrypt stage, leaving it: to the compressor (1) or the output (0)')}
wire        xk_comp = xk_head;
wire        ci_pop;
${fifo('ci', 1, 'gather_first && e_compress', 'e_encrypt', 'ci_pop', true, "per compressing request: the compressor's input comes from the encrypt stage", true)}
assign ci_xts = ci_head;
${blockPadded('in')}
${xtsInstance(xtsEnc!, 'encrypt', 'xf', 'enc', { data: 'in_data_zeroed', keep: 'in_keep_blocks', valid: 'in_valid && op_encf && crc_takes_input', last: 'in_last', user: 'fu_head' }, false)}
// the compressor's input, in request order: the stage's ciphertext or in_*
wire        comp_in_valid = ci_valid && (ci_xts ? xf_valid && xk_valid && xk_comp : in_valid && op_compress && !op_encf && crc_takes_input);
assign xf_ready = xk_valid && (xk_comp ? comp_in_ready && ci_valid && ci_xts : out_ready && oo_valid && oo_xf);
wire        xf_fire = xf_valid && xf_ready;
assign xk_pop = xf_fire && xf_last;
assign ci_pop = comp_in_valid && comp_in_ready && (ci_xts ? xf_last : in_last);
// the engine's verdict per encrypting request (a slot out of range or without a key: an empty output)
${xtsVerdicts('xv', 'xf', 'encrypting')}
` : ''}${comp!.top} compressor (
    .clk(clk), .rst(rst),
    .s_axis_tdata(${ENCF ? 'ci_xts ? xf_data : in_data' : 'in_data'}), .s_axis_tkeep(${ENCF ? 'ci_xts ? xf_keep : in_keep' : 'in_keep'}), .s_axis_tvalid(${ENCF ? 'comp_in_valid' : 'in_valid && op_compress && crc_takes_input'}),
    .s_axis_tready(comp_in_ready), .s_axis_tlast(${ENCF ? 'ci_xts ? xf_last : in_last' : 'in_last'}),
    .m_axis_tdata(comp_data), .m_axis_tkeep(comp_keep), .m_axis_tvalid(comp_valid), .m_axis_tready(comp_ready),
    .m_axis_tlast(comp_last), .m_axis_tuser(comp_verdict)
);` : ''}
wire        out_fire;
wire        out_last;
wire        oo_push = gather_first && e_ndst != 8'd0;
wire        oo_pop = out_fire && out_last;
${fifo('oo', (ENCB ? 1 + XUB : 0) + (ENCF ? 1 : 0) + (OO_EC ? 3 : 2), 'oo_push', `{${ENCB ? 'e_encrypt, e_xts_user, ' : ''}${ENCF ? 'e_encrypt && !e_compress, ' : ''}${OO_EC ? 'e_ec_encode, ' : ''}e_decompress, e_compress}`, 'oo_pop', true,
    `the output side: per scattering request (pushed when its first gather is issued): {${ENCB ? 'encrypted, XTS request tuser, ' : ''}${ENCF ? 'from the encrypt stage, ' : ''}${OO_EC ? 'erasure coded, ' : ''}decompressed, compressed}`, true)}
${ENCB ? `wire        oo_encrypt;\nwire [${XUB - 1}:0] oo_xts_user;\n` : ''}${ENCF ? 'wire        oo_xf;\n' : ''}${OO_EC ? 'wire        oo_ecenc;\n' : ''}assign {${ENCB ? 'oo_encrypt, oo_xts_user, ' : ''}${ENCF ? 'oo_xf, ' : ''}${OO_EC ? 'oo_ecenc, ' : ''}oo_dec, oo_comp} = oo_head;
// output bytes per packet (the completion reports them), and the stage's verdict
reg  [31:0] out_bytes_reg;
wire [${W - 1}:0] out_keep;
${popcountBlock('out_keep_count', 'out_keep', W)}
wire [31:0] out_total = out_bytes_reg + {${32 - CW_OUT}'d0, out_keep_count};
wire        out_refused = ${[p.compression === 'lz4' ? "(oo_comp && comp_verdict != 2'd0)" : '', p.decompression === 'lz4' ? "(oo_dec && dec_verdict != 3'd0)" : ''].filter(Boolean).join(' || ') || "1'b0"};
always @(posedge clk) begin
    if (out_fire) out_bytes_reg <= out_last ? 32'd0 : out_total;
    if (rst) out_bytes_reg <= 32'd0;
end
wire        ol_pop;
${ENCB ? `// an encrypted output is its blocks: the length padded to a multiple of 16
wire [31:0] out_reported = oo_encrypt ? {out_total[31:4] + {27'd0, |out_total[3:0]}, 4'd0} : out_total;
` : `wire [31:0] out_reported = out_total;
`}${fifo('ol', 33, 'oo_pop', '{out_refused, out_reported}', 'ol_pop', true, 'per scattering request: {the stage refused the block, output bytes (encrypted: padded)}')}
wire [31:0] ol_bytes = ol_head[31:0];
wire        ol_refused = ol_head[32];
// read errors per packet, in order, paired with each CRC as it leaves the engine; the pairs wait in a FIFO
// with room for every request in flight, so the CRC engine never waits on completions
wire        crc_fire = crc_valid;         // always taken (room by construction)
${fifo('rerr', 1, 'g_fire && rd_last', 'rd_error', 'crc_fire', false, 'per gathered packet: a read answered an error')}
${fifo('res', 33, 'crc_fire', '{rerr_head, crc_value}', 'result_pop', true, 'per moving request: {read error, CRC32C}')}
wire        result_valid = res_valid;
wire        result_error = res_head[32];
wire [31:0] result_crc = res_head[31:0];
// the scatter beat on offer: a stage's, or the gathered beat passing straight through
wire        direct_valid = in_valid && op_scatter && !op_compress && !op_decompress${ENCF ? ' && !op_encf' : ''} && crc_takes_input;
wire        out_valid = oo_valid && (${ENCF ? 'oo_xf ? xf_valid && !xk_comp : ' : ''}${p.compression === 'lz4' ? 'oo_comp ? comp_valid : ' : ''}${p.decompression === 'lz4' ? 'oo_dec ? dec_valid && cs_dec && crc_in_ready : ' : ''}direct_valid);
wire [${8 * W - 1}:0] out_data = ${ENCF ? 'oo_xf ? xf_data : ' : ''}${p.compression === 'lz4' ? 'oo_comp ? comp_data : ' : ''}${p.decompression === 'lz4' ? 'oo_dec ? dec_data : ' : ''}in_data;
assign out_keep = ${ENCF ? 'oo_xf ? xf_keep : ' : ''}${p.compression === 'lz4' ? 'oo_comp ? comp_keep : ' : ''}${p.decompression === 'lz4' ? 'oo_dec ? dec_keep : ' : ''}in_keep;
assign out_last = ${ENCF ? 'oo_xf ? xf_last : ' : ''}${p.compression === 'lz4' ? 'oo_comp ? comp_last : ' : ''}${p.decompression === 'lz4' ? 'oo_dec ? dec_last : ' : ''}in_last;

// ---- Write commands: scatters (data from the data path) and completion entries (data from here); one
// packet's commands stay together, and a source FIFO tells the data side whose packet comes next
wire        cqe_cmd_valid;
wire [127:0] cqe_cmd;
reg         wlock_reg;                   // inside a scatter packet's commands
wire        w_use_scatter = wlock_reg || (scatter_cmd_valid && !cqe_cmd_valid);  // completions first, between packets
wire        scatter_eop = disp_last_dst;
assign wr_cmd_valid = w_use_scatter ? scatter_cmd_valid : cqe_cmd_valid;
// scatter tag: bit 15 = 0, bit 0 = last segment of the request; completion tag: bit 15 = 1
assign wr_cmd_data = w_use_scatter
    ? {8'd0, 7'd0, scatter_eop, 15'd0, scatter_eop, seg_len[s_index[2:0]], seg_addr[s_index[2:0]]}
    : cqe_cmd;
wire        wr_cmd_fire = wr_cmd_valid && wr_cmd_ready;
assign scatter_go = wr_cmd_fire && w_use_scatter;
wire        cqe_go = wr_cmd_fire && !w_use_scatter;
wire        ws_push = (scatter_go && s_seg_reg == 3'd0) || cqe_go;   // a packet's first command
wire        ws_pop;
always @(posedge clk) begin
    if (scatter_go) wlock_reg <= !scatter_eop;
    if (rst) wlock_reg <= 1'b0;
end
${fifoBlock({ name: 'ws', width: 1, depthBits: RB + 1, push: 'ws_push', data: 'cqe_go', pop: 'ws_pop', count: true, what: 'per write packet: 1 = completion entry, 0 = scatter data' })}
wire        ws_cqe = ws_head;
// completion entry data: ${CQE_BYTES / W > 1 ? `${CQE_BYTES / W} beats` : 'one beat'} from a small FIFO filled when the command is issued
wire [127:0] cqe_bytes;
reg  [${Math.max(1, bitsFor(CQE_BYTES / W - 1)) - 1}:0] cq_beat_reg;
wire        cqe_beat_last;
wire        cq_data_pop = wr_fire && ws_cqe && cqe_beat_last;
${fifo('cq_data', 128, 'cqe_go', 'cqe_bytes', 'cq_data_pop', false, 'completion entries being written')}
wire [127:0] cqe_head_bytes = cq_data_head;
${CQE_BYTES / W > 1
    ? `assign cqe_beat_last = cq_beat_reg == ${Math.max(1, bitsFor(CQE_BYTES / W - 1))}'d${CQE_BYTES / W - 1};
wire [${8 * W - 1}:0] cqe_beat = cqe_head_bytes[cq_beat_reg * ${8 * W} +: ${8 * W}];`
    : `assign cqe_beat_last = 1'b1;
wire [${8 * W - 1}:0] cqe_beat = ${W === 16 ? 'cqe_head_bytes' : `{${8 * W - 128}'d0, cqe_head_bytes}`};`}
${ENCB ? `// ---- Encrypt stage (flag bit 2): an encrypting request's output (the gathered data or its LZ4 block) is
// zero-padded to whole 16-byte blocks and encrypted; other outputs pass straight through; x_* carries both on,
// in request order
wire        xw_pop;
${fifo('xw', ENC ? 2 : 1, 'oo_push', ENC ? '{e_encrypt, e_ec_encode}' : 'e_encrypt', 'xw_pop', true, `per scattering request, leaving the stage: {encrypted${ENC ? ', erasure coded' : ''}}`)}
wire        xw_encrypt = xw_head[${ENC ? 1 : 0}];${ENC ? '\nwire        x_ecenc = xw_head[0];' : ''}
${blockPadded('out')}
${xtsInstance(xtsEnc!, 'encrypt', 'xe', 'enc', { data: 'out_data_zeroed', keep: 'out_keep_blocks', valid: 'out_valid && oo_encrypt', last: 'out_last', user: 'oo_xts_user' })}
wire        x_ready;
// a bypassing output is at the head of both FIFOs at once (the outputs before it have left the engine)
assign out_ready = oo_encrypt ? xe_in_ready : x_ready && xw_valid && !xw_encrypt;
wire        x_valid = xw_valid && (xw_encrypt ? xe_valid : out_valid && !oo_encrypt);
wire [${8 * W - 1}:0] x_data = xw_encrypt ? xe_data : out_data;
wire [${W - 1}:0] x_keep = xw_encrypt ? xe_keep : out_keep;
wire        x_last = xw_encrypt ? xe_last : out_last;
assign xe_ready = xw_valid && xw_encrypt && x_ready;
wire        xe_fire = xe_valid && xe_ready;
assign xw_pop = x_valid && x_ready && x_last;
// the engine's verdict per encrypting request (a slot out of range or without a key: an empty output)
${xtsVerdicts('xv', 'xe', 'encrypting')}
` : `// no encrypt stage: the output goes straight on
wire        x_valid = out_valid;
wire [${8 * W - 1}:0] x_data = out_data;
wire [${W - 1}:0] x_keep = out_keep;
wire        x_last = out_last;
wire        x_ready;
assign out_ready = x_ready;${ENC ? '\nwire        x_ecenc = oo_ecenc;' : ''}
`}// the scatter data: the stage output, or (erasure-coded requests) the stripe the encode stage makes of it
wire        w_take = ws_valid && !ws_cqe && wr_ready;   // the write side takes a scatter beat now
${ENC ? `wire        sc_fire, sc_last;
${fifo('wo', 1, 'oo_push', 'e_ec_encode', 'sc_fire && sc_last', true, 'per scattering request, in order: its output is erasure coded')}
wire        wo_ecenc = wo_head;
wire [${8 * W - 1}:0] ece_data;
wire [${W - 1}:0] ece_keep;
wire        ece_in_ready, ece_valid, ece_last, ece_bad;
${ecEnc!.top} encode (
    .clk(clk), .rst(rst),
    .s_axis_tdata(x_data), .s_axis_tkeep(x_keep), .s_axis_tvalid(x_valid && x_ecenc),
    .s_axis_tready(ece_in_ready), .s_axis_tlast(x_last),
    .m_axis_tdata(ece_data), .m_axis_tkeep(ece_keep), .m_axis_tvalid(ece_valid), .m_axis_tready(w_take && wo_valid && wo_ecenc),
    .m_axis_tlast(ece_last), .m_axis_tuser(ece_bad)
);
// a request that is not erasure coded is at the head of both FIFOs at once (its output and scatter end together)
assign x_ready = x_ecenc ? ece_in_ready : w_take && wo_valid && !wo_ecenc;
wire        sc_valid = wo_valid && (wo_ecenc ? ece_valid : x_valid);
wire [${8 * W - 1}:0] sc_data = wo_ecenc ? ece_data : x_data;
wire [${W - 1}:0] sc_keep = wo_ecenc ? ece_keep : x_keep;
assign sc_last = wo_ecenc ? ece_last : x_last;
wire        sc_bad = wo_ecenc && ece_bad;
assign sc_fire = sc_valid && w_take;` : `assign x_ready = w_take;
wire        sc_valid = x_valid;
wire [${8 * W - 1}:0] sc_data = x_data;
wire [${W - 1}:0] sc_keep = x_keep;
wire        sc_last = x_last;
wire        sc_bad = 1'b0;   // no encode stage
wire        sc_fire = sc_valid && w_take;`}
// bytes each scattering request sends to its destinations (the stripe, when erasure coded), and the encode
// stage's verdict
reg  [31:0] sc_bytes_reg;
${popcountBlock('sc_keep_count', 'sc_keep', W)}
wire [31:0] sc_total = sc_bytes_reg + {${32 - CW_OUT}'d0, sc_keep_count};
always @(posedge clk) begin
    if (sc_fire) sc_bytes_reg <= sc_last ? 32'd0 : sc_total;
    if (rst) sc_bytes_reg <= 32'd0;
end
wire        wl_pop;
${fifo('wl', 33, 'sc_fire && sc_last', '{sc_bad, sc_total}', 'wl_pop', true, 'per scattering request: {refused by the encode stage, bytes sent to the destinations}')}
wire [31:0] wl_bytes = wl_head[31:0];
wire        wl_bad = wl_head[32];
${p.testFlipBitAfter ? `// TEST ONLY (testFlipBitAfter = ${p.testFlipBitAfter}): an injected fault flips bit 0 of the first byte of scattered packet ${p.testFlipBitAfter}
reg  [31:0] fault_packets_reg;           // scattered packets so far
reg         fault_first_reg;             // the next scatter beat starts a packet
wire        fault_flip = fault_first_reg && fault_packets_reg == 32'd${p.testFlipBitAfter - 1};
always @(posedge clk) begin
    if (sc_fire) begin
        fault_first_reg <= sc_last;
        if (sc_last) fault_packets_reg <= fault_packets_reg + 32'd1;
    end
    if (rst) begin
        fault_packets_reg <= 32'd0;
        fault_first_reg   <= 1'b1;
    end
end
wire [${8 * W - 1}:0] sc_data_out = sc_data ^ {${8 * W - 1}'d0, fault_flip};` : `wire [${8 * W - 1}:0] sc_data_out = sc_data;`}
assign wr_valid = ws_valid && (ws_cqe ? 1'b1 : sc_valid);
assign wr_data = ws_cqe ? cqe_beat : sc_data_out;
assign wr_keep = ws_cqe ? {${W}{1'b1}}${W > 16 ? ` >> ${W - 16}` : ''} : sc_keep;
assign wr_last = ws_cqe ? cqe_beat_last : sc_last;
assign out_fire = out_valid && out_ready;
wire        wr_fire = wr_valid && wr_ready;
assign ws_pop = wr_fire && wr_last;
always @(posedge clk) begin
    if (wr_fire && ws_cqe) cq_beat_reg <= cqe_beat_last ? ${Math.max(1, bitsFor(CQE_BYTES / W - 1))}'d0 : cq_beat_reg + 1'b1;
    if (rst) cq_beat_reg <= ${Math.max(1, bitsFor(CQE_BYTES / W - 1))}'d0;
end

// ---- Write done beats: scatters finish requests; completion entries raise interrupts
wire        done_is_cqe = done_data[15];
wire        done_req_last = done_data[0];
wire [1:0]  done_error = done_data[17:16];   // {length mismatch, bus error}
reg  [1:0]  scatter_err_reg;             // errors in the current request's scatter so far
wire        sd_pop;
wire        scatter_done = done_valid && !done_is_cqe && done_req_last;
always @(posedge clk) begin
    if (done_valid && !done_is_cqe) scatter_err_reg <= done_req_last ? 2'd0 : scatter_err_reg | done_error;
    if (rst) scatter_err_reg <= 2'd0;
end
${fifo('sd', 2, 'scatter_done', 'scatter_err_reg | done_error', 'sd_pop', true, 'per finished scatter: {length mismatch, bus error}')}
wire        irq_ready;

// ---- Complete: in request order, once the data is written and the CRC known, when the ring has room
wire        result_ready_now = result_valid;
wire        need_result = rq_moves;
wire        need_scatter = rq_scatters;
wire        cq_room = (cq_tail_reg[rq_queue] + 16'd1 == entries_reg[rq_queue] ? 16'd0 : cq_tail_reg[rq_queue] + 16'd1) != cq_head_reg[rq_queue];
// a scattering request completes once its data is written and its whole output has passed (a longer output than
// its destinations is still being dropped by the DMA when the scatter reports done)
wire        complete_ready = rq_valid && (!need_result || result_ready_now) && cq_room${REC ? ' && (!rq_rec || rv_valid)' : ''}${ENCR ? ' && (!rq_enc || xv_valid)' : ''}${DECR ? ' && (!rq_dec || dv_valid)' : ''}
                          && (!need_scatter || (sd_valid && ol_valid && wl_valid));
assign ol_pop = cqe_go && need_scatter;
// a compressed output shorter than its destinations leaves the DMA's length check unmet: that is expected

wire        scatter_failed = sd_head[0] || (sd_head[1] && !rq_variable);
wire        too_small = rq_variable && wl_bytes > rq_capacity;
assign wl_pop = cqe_go && need_scatter;${ENCR ? '\nassign xv_pop = cqe_go && rq_enc;' : ''}${DECR ? '\nassign dv_pop = cqe_go && rq_dec;' : ''}${CRYPT && !(ENCR && DECR) ? `
/* verilator lint_off UNUSEDSIGNAL */
wire        rq_crypt_unused = ${ENCR ? 'rq_dec' : 'rq_enc'};   // that stage is not built: never set
/* verilator lint_on UNUSEDSIGNAL */` : ''}${REC ? '\nassign rv_pop = cqe_go && rq_rec;' : `
/* verilator lint_off UNUSEDSIGNAL */
wire        rq_rec_unused = rq_rec;   // no reconstruct stage: never set
/* verilator lint_on UNUSEDSIGNAL */`}
assign cqe_cmd_valid = complete_ready;
assign rq_pop = cqe_go;
assign result_pop = cqe_go && need_result;
assign sd_pop = cqe_go && need_scatter;
wire [3:0]  final_status = rq_status != 4'd0 ? rq_status
                         : ((need_result && result_error) || (need_scatter && scatter_failed)) ? 4'd5
${CRYPT ? `                         : (${[ENCR ? '(rq_enc && xv_bad)' : '', DECR ? '(rq_dec && dv_bad)' : ''].filter(Boolean).join(' || ')}) ? 4'd13
` : ''}                         : ((need_scatter && wl_bad)${REC ? ' || (rq_rec && rv_bad)' : ''}) ? 4'd11
                         : (need_scatter && ol_refused) ? 4'd9
                         : (need_scatter && too_small) ? 4'd7
                         : (need_result && rq_verify && result_crc != rq_expected_crc) ? 4'd8 : 4'd0;
wire [15:0] cq_tail = cq_tail_reg[rq_queue];
assign cqe_cmd = {8'd0, 7'd0, 1'b1, 16'h8000, 32'd${CQE_BYTES}, cq_base_reg[rq_queue] + {44'd0, cq_tail, 4'd0}};
assign cqe_bytes = {11'd0, final_status, cq_phase_reg[rq_queue], rq_cid, ${16 - QB}'d0, rq_queue, rq_sq_head,
                    need_scatter ? ol_bytes : 32'd0, need_result ? result_crc : 32'd0};
// interrupts: one per completion entry written (its done beat), in order
reg  [${RB}:0] irq_count_reg;            // entries written, interrupts not yet sent
wire        irq_go = irq_count_reg != ${RB + 1}'d0 && irq_ready;
${fifo('irq', QB, 'cqe_go', 'rq_queue', 'irq_go', false, 'queues of completion entries being written, in order')}
always @(posedge clk) begin
    irq_count_reg <= irq_count_reg + {${RB}'d0, done_valid && done_is_cqe} - {${RB}'d0, irq_go};
    if (rst) irq_count_reg <= ${RB + 1}'d0;
end
dpf_skid_buffer #(
    .WIDTH(32)
) irq_buffer (
    .clk(clk),
    .rst(rst),
    .s_data({${32 - QB}'d0, irq_head}),
    .s_valid(irq_count_reg != ${RB + 1}'d0),
    .s_ready(irq_ready),
    .m_data(m_irq_tdata),
    .m_valid(m_irq_tvalid),
    .m_ready(m_irq_tready)
);
/* verilator lint_off UNUSEDSIGNAL */
wire [27:0] done_unused = {done_data[31:18], done_data[14:1]};  // reserved bits and the tag's middle
/* verilator lint_on UNUSEDSIGNAL */

// ---- Queue state: register writes, fetches, completions
always @(posedge clk) begin : queue_registers
    integer i;
    if (fetch_go) begin
        sq_head_reg[pick_queue] <= fetch_next;
    end
    if (cqe_go) begin
        cq_tail_reg[rq_queue] <= (cq_tail + 16'd1 == entries_reg[rq_queue]) ? 16'd0 : cq_tail + 16'd1;
        if (cq_tail + 16'd1 == entries_reg[rq_queue]) cq_phase_reg[rq_queue] <= !cq_phase_reg[rq_queue];
    end
    if (ctrl_fire && ctrl_queue_ok) begin
        case (ctrl_reg[2:0])
            3'd0: sq_base_reg[ctrl_queue] <= ctrl_value;
            3'd1: cq_base_reg[ctrl_queue] <= ctrl_value;
            3'd2: begin
                entries_reg[ctrl_queue]  <= ctrl_value[15:0];
                sq_head_reg[ctrl_queue]  <= 16'd0;
                sq_tail_reg[ctrl_queue]  <= 16'd0;
                cq_head_reg[ctrl_queue]  <= 16'd0;
                cq_tail_reg[ctrl_queue]  <= 16'd0;
                cq_phase_reg[ctrl_queue] <= 1'b1;
            end
            3'd3: sq_tail_reg[ctrl_queue] <= ctrl_value[15:0];
            3'd4: cq_head_reg[ctrl_queue] <= ctrl_value[15:0];
${p.arbitration === 'weighted' ? "            3'd5: weight_reg[ctrl_queue] <= ctrl_value[7:0];\n" : ''}            default: ;
        endcase
    end
    // the arbiter: the next turn after a fetch (weighted: after weight fetches), or when the turn's queue is idle
    if (fetch_go) begin
${p.arbitration === 'weighted' ? `        if (pick_queue != arb_queue_reg || arb_used_reg + 8'd1 >= weight_reg[pick_queue]) begin
            arb_queue_reg <= (pick_queue == ${QB}'d${Q - 1}) ? ${QB}'d0 : pick_queue + 1'b1;
            arb_used_reg  <= 8'd0;
        end else begin
            arb_used_reg <= arb_used_reg + 8'd1;
        end` : `        arb_queue_reg <= (pick_queue == ${QB}'d${Q - 1}) ? ${QB}'d0 : pick_queue + 1'b1;`}
    end
    // a request is in flight from its fetch until its completion entry is written: every per-request FIFO has
    // room for all of them
    in_flight_reg <= in_flight_reg + {${RC - 1}'d0, fetch_go} - {${RC - 1}'d0, done_valid && done_is_cqe};
    if (rst) begin
        for (i = 0; i < QUEUES; i = i + 1) begin
            entries_reg[i]  <= 16'd0;
            sq_head_reg[i]  <= 16'd0;
            sq_tail_reg[i]  <= 16'd0;
            cq_head_reg[i]  <= 16'd0;
            cq_tail_reg[i]  <= 16'd0;
            cq_phase_reg[i] <= 1'b1;${p.arbitration === 'weighted' ? "\n            weight_reg[i]   <= 8'd1;" : ''}
        end
        arb_queue_reg <= ${QB}'d0;${p.arbitration === 'weighted' ? "\n        arb_used_reg  <= 8'd0;" : ''}
        in_flight_reg <= ${RC}'d0;
    end
end

endmodule
`;
  return {
    generator: QUEUE_GENERATOR, version: QUEUE_GENERATOR_VERSION, paramsJson, top,
    files: composedFiles(verilogFile(`${top}.v`, header + body + FILE_FOOTER), subDesigns),
    libFiles: composedLibFiles([SKID_BUFFER_FILE], subDesigns),
    ports,
    latencyCycles: 40,
  };
}

export const queueGenerator: Generator<QueueParams> = {
  name: 'queue',
  version: QUEUE_GENERATOR_VERSION,
  summary: 'Queue engine: NVMe-style rings in host memory, doorbells, arbiter, DMA, CRC32C on the data path',
  schema: queueSchema,
  validate: validateQueueParams,
  emit: emitQueue,
  command: queueCommand,
};
