// The queue engine's build context: the parameters, the widths and flags every stage reads (which stages the
// datapath has), the sub-designs the stages instantiate, and the small Verilog helpers the stages share (the
// per-request FIFO, XTS engine instances and verdicts). Built once per design by queueContext; every stage writes
// its Verilog into the one builder `v` (gen/core/emit.ts), so a name is declared once and before it is read.
import type { DesignPorts, GeneratedDesign } from '../../core/design.js';
import { bitsFor } from '../../core/verilog.js';
import { VerilogBuilder, type Fifo, type Signal } from '../../core/emit.js';
import { designPortSignals } from '../../core/ports.js';
import { crcGenerator } from '../../crc/generate.js';
import { emitDma } from '../../dma/dma.js';
import { emitEcStripe } from '../../ec/stripe.js';
import { emitLz4ParallelCompressor } from '../../lz4/compress-parallel.js';
import { lz4DecompressGenerator } from '../../lz4/decompress.js';
import { emitXts } from '../../xts/xts.js';
import { XTS_REQUEST_USER_BITS, xtsKeyBytes } from '../../xts/params.js';
import {
  COMPRESS_MAX_BYTES, EC_STAGE_MAX_BYTES, ecStageMaxBytes, queueHasDecrypt, queueHasEncode, queueHasEncrypt, queueHasReconstruct,
  QUEUE_FLAGS, QUEUE_OPCODES, QUEUE_STATUS_CODES, SQE_BYTES, SQE_FIELDS, type QueueParams,
} from '../../../src/spec/queue.js';
import { queueCompressArrayParams, queueCompressorParams, queueDecompressArrayParams, queueMemoryKinds, queueXtsParams } from '../params.js';
import { emitLz4CompressArray } from '../../lz4/compress-array.js';
import { lz4DecompressArrayGenerator } from '../../lz4/decompress-array.js';
import { upperSnake, type Localparams } from '../../core/localparams.js';
import { queueLocalparams } from '../layout.js';

/** A data path operation bit of the per-packet operation FIFO: its name, what sets it, what it means. */
export interface OpField {
  name: string;
  set: string;
  what: string;
}

/** The input of an XTS engine instance: stream signals as Verilog expressions. */
export interface XtsInput {
  data: string;
  keep: string;
  valid: string;
  last: string;
  user: string;
}

/** The output wires of an XTS engine instance. */
export interface XtsOutput {
  data: Signal;
  keep: Signal;
  inReady: Signal;
  valid: Signal;
  ready: Signal;
  last: Signal;
  status: Signal;
}

export interface QueueContext {
  p: QueueParams;
  /** Data path bytes per beat and its log2; queues and their index bits; requests in flight, their bits, 0..R count bits. */
  W: number;
  LW: number;
  Q: number;
  QB: number;
  R: number;
  RB: number;
  RC: number;
  /** Beats per submission entry. */
  SB: number;
  /** Bits of a count of 0..W bytes. */
  CW_OUT: number;
  /** Stages present: EC encode, EC reconstruct, encrypt at the compressor input (ENCF) or after it (ENCB), encrypt, decrypt, either. */
  ENC: boolean;
  REC: boolean;
  ENCF: boolean;
  ENCB: boolean;
  ENCR: boolean;
  DECR: boolean;
  CRYPT: boolean;
  /** The output side's FIFO carries the EC bit (no encrypt stage after the compressor to carry it). */
  OO_EC: boolean;
  /** Bits of an XTS request's tuser. */
  XUB: number;
  opFields: OpField[];
  dma: GeneratedDesign;
  crc: GeneratedDesign;
  comp?: GeneratedDesign;
  dec?: GeneratedDesign;
  ecEnc?: GeneratedDesign;
  ecRec?: GeneratedDesign;
  xtsEnc?: GeneratedDesign;
  xtsDec?: GeneratedDesign;
  /** The module's ports. */
  ports: DesignPorts;
  /** The builder every stage writes into. */
  v: VerilogBuilder;
  /** A per-request FIFO (room for every request in flight); `valid`: its <name>_valid, declared earlier. */
  fifo: (name: string, width: number, push: string, data: string, pop: string, count: boolean, what: string, valid?: Signal) => Fifo;
  /** A stream's last beat made whole 16-byte blocks for an XTS engine: `<s>_keep_blocks` and `<s>_data_zeroed`. */
  blockPadded: (s: string) => { keep: Signal; data: Signal };
  /** An XTS engine instance and its output wires (`inReady` given: its input ready, declared earlier). */
  xtsInstance: (design: { top: string }, inst: string, x: string, key: 'enc' | 'dec', input: XtsInput, inReady?: Signal) => XtsOutput;
  /** The per-request verdict FIFO of an XTS engine: its pop (to assign) and whether the engine refused the request. */
  xtsVerdicts: (v: string, x: string, what: string) => { pop: Signal; bad: Signal };
  /** The named constants (gen/queue/layout.ts); the ones the stages use are declared ahead of them. */
  lp: Localparams;
  /** A submission entry field of the dispatched entry `sqe`, by its named offset. */
  sqeField: (name: keyof typeof SQE_FIELDS) => string;
  /** A flag bit of the dispatched entry. */
  flag: (name: keyof typeof QUEUE_FLAGS) => string;
  /** An opcode's and a status code's localparam. */
  opcode: (name: keyof typeof QUEUE_OPCODES) => string;
  status: (name: keyof typeof QUEUE_STATUS_CODES) => string;
}

/** The queue engine's ports: register writes, interrupts, the XTS key ports (with a crypto stage), host memory. */
export function queuePorts(p: QueueParams): DesignPorts {
  const CRYPT = queueHasEncrypt(p) || queueHasDecrypt(p);
  return {
    clock: 'clk', reset: 'rst',
    streams: [
      { prefix: 's_ctrl', dir: 'in', dataBytes: 16, keep: false, last: false, userBits: 0 },
      { prefix: 'm_irq', dir: 'out', dataBytes: 4, keep: false, last: false, userBits: 0 },
      ...(CRYPT ? [
        { prefix: 'k_axis', dir: 'in' as const, dataBytes: xtsKeyBytes({ keyBits: p.xtsKeyBits }), keep: false, last: false, userBits: 8, traced: false as const },
        { prefix: 'ks_axis', dir: 'out' as const, dataBytes: 1, keep: false, last: true, userBits: 0 },
      ] : []),
    ],
    memories: [{ prefix: 'm_axi', dataBytes: p.dataBytes, addrBits: 64, idBits: 1 }],
  };
}

export function queueContext(p: QueueParams): QueueContext {
  const W = p.dataBytes;
  const LW = Math.log2(W);
  const Q = p.queues;
  const QB = Math.max(1, bitsFor(Q - 1));
  const R = p.maxRequests;
  const RB = Math.log2(R);
  const RC = RB + 1; // counts 0..R
  const SB = SQE_BYTES / W; // beats per submission entry
  // the sub-designs: instantiated by their own module names, their files shipped with this one
  const dma = emitDma({ dataBytes: W, maxBurstBeats: p.maxBurstBeats, maxReadBursts: p.maxReadBursts, maxWriteBursts: p.maxWriteBursts, commandsInFlight: p.dmaCommands });
  const crc = crcGenerator.emit(crcGenerator.validate({ bytesPerCycle: W, model: 'crc32c' }));
  // the LZ4 stages: one engine at the data path's width, or an engine array (each engine on its own block)
  const comp = p.compression !== 'lz4' ? undefined
    : p.compressEngines ? emitLz4CompressArray(queueCompressArrayParams(p)) : emitLz4ParallelCompressor(queueCompressorParams(W));
  const dec = p.decompression !== 'lz4' ? undefined
    : p.decompressEngines ? lz4DecompressArrayGenerator.emit(lz4DecompressArrayGenerator.validate({ ...queueDecompressArrayParams(p) }))
      : lz4DecompressGenerator.emit(lz4DecompressGenerator.validate({ bytesPerCycle: W, windowBytes: COMPRESS_MAX_BYTES, maxOutputBytes: COMPRESS_MAX_BYTES }));
  // the per-request FIFOs: room for every request in flight
  const v = new VerilogBuilder();
  const fifo = (name: string, width: number, push: string, data: string, pop: string, count: boolean, what: string, valid?: Signal) =>
    v.fifo({ name, width, depthBits: RB, push, data, pop, count, what, valid });
  const ENC = queueHasEncode(p);
  const REC = queueHasReconstruct(p);
  // the encrypt stage after the compressor (ENCB), or at its input (ENCF)
  const ENCF = queueHasEncrypt(p) && p.encryptAt === 'before-compress';
  const ENCB = queueHasEncrypt(p) && !ENCF;
  // per gathered packet: scatter the data or not, and through which stages
  const opFields: OpField[] = [
    ...(REC ? [{ name: 'rec', set: 'e_ec_rec', what: 'reconstruct' }] : []),
    ...(p.decompression === 'lz4' ? [{ name: 'decompress', set: 'e_decompress', what: 'decompress' }] : []),
    ...(p.compression === 'lz4' ? [{ name: 'compress', set: 'e_compress', what: 'compress' }] : []),
    ...(ENCF ? [{ name: 'encf', set: 'e_encrypt', what: 'encrypt at the compressor input' }] : []),
    { name: 'scatter', set: "e_ndst != 8'd0", what: 'scatter' },
  ];
  const ecMemory = queueMemoryKinds(p).ecBuffers;
  const ecEnc = ENC ? emitEcStripe({ mode: 'encode', k: p.ecK, m: p.ecM, dataBytes: W, maxBytes: ecStageMaxBytes(p), buffers: p.ecBuffers, bufferMemory: ecMemory }) : undefined;
  const ecRec = REC ? emitEcStripe({ mode: 'reconstruct', k: p.ecK, m: p.ecM, dataBytes: W, maxBytes: EC_STAGE_MAX_BYTES, buffers: p.ecBuffers, bufferMemory: ecMemory }) : undefined;
  const ENCR = queueHasEncrypt(p);
  const DECR = queueHasDecrypt(p);
  const CRYPT = ENCR || DECR;
  const xtsEnc = ENCR ? emitXts(queueXtsParams(p, 'encrypt')) : undefined;
  const xtsDec = DECR ? emitXts(queueXtsParams(p, 'decrypt')) : undefined;
  const XUB = XTS_REQUEST_USER_BITS;
  // the output side's EC bit: with an encrypt stage, the FIFO after it carries it instead
  const OO_EC = ENC && !ENCB;
  /** A stream's last beat made whole 16-byte blocks for an XTS engine: `<s>_keep_blocks` and `<s>_data_zeroed`. */
  const blockPadded = (s: string) => ({
    keep: v.wire(`${s}_keep_blocks`, W, `{${Array.from({ length: W / 16 }, (_, c) => `{16{|${s}_keep[${16 * (W / 16 - 1 - c) + 15}:${16 * (W / 16 - 1 - c)}]}}`).join(', ')}}`),
    data: v.wire(`${s}_data_zeroed`, 8 * W, `${s}_data & {${Array.from({ length: W }, (_, b) => `{8{${s}_keep[${W - 1 - b}]}}`).join(', ')}}`),
  });
  /**
   * An XTS engine instance and its output wires (`<x>_data`, `_keep`, `_valid`, `_ready`, `_last`, `_status`, and
   * `_in_ready` unless declared earlier); its key port is the top's, through the `key` side's handshake wires.
   */
  const xtsInstance = (design: { top: string }, inst: string, x: string, key: 'enc' | 'dec', input: XtsInput, inReady?: Signal): XtsOutput => {
    const o: XtsOutput = {
      data: v.wire(`${x}_data`, 8 * W),
      keep: v.wire(`${x}_keep`, W),
      inReady: inReady ?? v.wire(`${x}_in_ready`, 1),
      valid: v.wire(`${x}_valid`, 1),
      ready: v.wire(`${x}_ready`, 1),
      last: v.wire(`${x}_last`, 1),
      status: v.wire(`${x}_status`, 8),
    };
    v.instance(design.top, inst, {
      clk: 'clk', rst: 'rst',
      s_axis_tdata: input.data, s_axis_tkeep: input.keep, s_axis_tvalid: input.valid, s_axis_tready: o.inReady,
      s_axis_tlast: input.last, s_axis_tuser: input.user,
      m_axis_tdata: o.data, m_axis_tkeep: o.keep, m_axis_tvalid: o.valid, m_axis_tready: o.ready, m_axis_tlast: o.last,
      m_axis_tuser: o.status,
      k_axis_tdata: 'k_axis_tdata', k_axis_tvalid: `key_${key}_valid`, k_axis_tready: `key_${key}_ready`, k_axis_tuser: 'k_axis_tuser',
      ks_axis_tdata: `ks_${key}_data`, ks_axis_tvalid: `ks_${key}_valid`, ks_axis_tready: `ks_${key}_ready`, ks_axis_tlast: `ks_${key}_last`,
    });
    return o;
  };
  /** The per-request verdict FIFO of an XTS engine (`<v>_bad`: it refused the request), pushed at its last beat. */
  const xtsVerdicts = (name: string, x: string, what: string) => {
    const pop = v.wire(`${name}_pop`, 1);
    const f = fifo(name, 1, `${x}_fire && ${x}_last`, `${x}_status != 8'd0`, `${pop}`, true, `per ${what} request: the ${what.replace(/ing$/, '')} stage refused it`);
    return { pop, bad: v.wire(`${name}_bad`, 1, `${f.head}`) };
  };
  const CW_OUT = bitsFor(W);
  const lp = queueLocalparams();
  const ports = queuePorts(p);
  v.declaredOutside(designPortSignals(ports)).declaredOutside(['QUEUES']).declaredOutside((n) => lp.has(n));
  const sqeField = (name: keyof typeof SQE_FIELDS) => `sqe[${lp.use(`SQE_${upperSnake(name)}`)} +: ${SQE_FIELDS[name].bits}]`;
  const flag = (name: keyof typeof QUEUE_FLAGS) => `sqe[${lp.use('SQE_FLAGS')} + ${lp.use(`FLAG_${upperSnake(name)}`)}]`;
  const opcode = (name: keyof typeof QUEUE_OPCODES) => lp.use(`OP_${upperSnake(name)}`);
  const status = (name: keyof typeof QUEUE_STATUS_CODES) => lp.use(`STATUS_${upperSnake(name)}`);
  return {
    lp, sqeField, flag, opcode, status,
    p, W, LW, Q, QB, R, RB, RC, SB, CW_OUT, ENC, REC, ENCF, ENCB, ENCR, DECR, CRYPT, OO_EC, XUB, opFields,
    dma, crc, comp, dec, ecEnc, ecRec, xtsEnc, xtsDec, ports, v, fifo, blockPadded, xtsInstance, xtsVerdicts,
  };
}
