// The queue engine's interface as data: the datapath options a queue engine is built with, the submission and
// completion entry layouts, opcodes, flags, statuses, the crypto context and the register map. The generator
// (gen/queue), the host driver (src/driver) and the reference pipeline (src/ref/queue-pipeline.ts) all read
// them from here, so the three cannot disagree.

export interface QueueParams {
  queues: number;
  dataBytes: number;
  maxRequests: number;
  arbitration: 'round-robin' | 'weighted';
  maxBurstBeats: number;
  maxReadBursts: number;
  maxWriteBursts: number;
  /** DMA commands in flight per direction (gen/dma commandsInFlight). */
  dmaCommands: number;
  /** 'lz4': opcode 3 compresses the gathered data (LZ4 block, the parallel compressor) on its way out. */
  compression: 'none' | 'lz4';
  /**
   * The compressor: 0 = one banked parallel compressor at the data path's width (QUEUE_COMPRESSOR); N = an array of
   * N skip-ahead greedy compressors, one block each (QUEUE_ARRAY_COMPRESSOR; gen/lz4/compress-array.ts).
   */
  compressEngines: number;
  /**
   * 0: each of the array's engines takes a whole block; P: each block is cut into pieces of P bytes, one engine each,
   * so one block compresses on several engines at once (gen/lz4/compress-piece-array.ts; a smaller ratio: matches
   * stay inside their piece).
   */
  compressPieceBytes: number;
  /** 'lz4': opcode 4 decompresses the gathered LZ4 block (the read path); the CRC32C is then of the output. */
  decompression: 'none' | 'lz4';
  /**
   * The decompressor: 0 = one engine at the data path's width; N = an array of N engines of decompressEngineBytes
   * bytes per cycle, one block each (gen/lz4/decompress-array.ts).
   */
  decompressEngines: number;
  decompressEngineBytes: number;
  /** EC stripe stages (flag bit 1 of a request): encode the output of opcodes 1 and 3; reconstruct before decompression (opcode 4). */
  erasureCoding: 'none' | 'encode' | 'reconstruct' | 'both';
  ecK: number;
  ecM: number;
  /** Stripe buffers per EC stage: 2 = two stages in turn, one filling while the other codes and sends. */
  ecBuffers: number;
  /** 'ultrascale': deep buffers in UltraRAM, the compressor array's output FIFOs in LUT RAM (synthesis hints). */
  memoryKinds: 'bram' | 'ultrascale';
  /**
   * AES-XTS stages (flags bit 2 / bit 3 of a request, with the crypto context in bytes 112-127): 'encrypt' the
   * output of opcodes 1 and 3 after compression, before EC encode; 'decrypt' the gathered data of opcodes 1 and 4
   * before decompression; 'both'.
   */
  encryption: 'none' | 'encrypt' | 'decrypt' | 'both';
  /**
   * Where the encrypt stage sits: after the compressor (ciphertext is what compression cannot shrink, so this is
   * the order to use), or at the compressor's input (the compressor then takes ciphertext and saves nothing).
   */
  encryptAt: 'after-compress' | 'before-compress';
  xtsKeyBits: 128 | 256;
  xtsKeySlots: number;
  /** Test only (0 = off): flip bit 0 of the first byte of the N-th packet the datapath scatters, once. */
  testFlipBitAfter: number;
}

export const queueHasEncode = (p: QueueParams): boolean => p.erasureCoding === 'encode' || p.erasureCoding === 'both';
export const queueHasReconstruct = (p: QueueParams): boolean => p.erasureCoding === 'reconstruct' || p.erasureCoding === 'both';
export const queueHasEncrypt = (p: QueueParams): boolean => p.encryption === 'encrypt' || p.encryption === 'both';
export const queueHasDecrypt = (p: QueueParams): boolean => p.encryption === 'decrypt' || p.encryption === 'both';

/** Submission entry: 128 bytes. Completion entry: 16 bytes. Register beat: 16 bytes. */
export const SQE_BYTES = 128;
export const CQE_BYTES = 16;
export const MAX_SEGMENTS = 7;
export const QUEUE_OPCODES = { copy: 1, crc32c: 2, compress: 3, decompress: 4 } as const;
/** Largest request the compression stage takes (one LZ4 block). */
export const COMPRESS_MAX_BYTES = 65536;
export const QUEUE_STATUS = {
  0: 'success',
  1: 'invalid opcode',
  2: 'invalid segment counts (no source, more than 7 in all, or a copy without destination)',
  3: 'zero length (the request or one of its segments)',
  4: 'length mismatch (source or destination segments do not add up to the length)',
  5: 'data transfer error (a DMA read or write answered an error)',
  6: 'length above the compression stage\'s block size (64 KiB)',
  7: 'destination segments too small for the compressed output',
  8: 'CRC32C mismatch (the request asked to verify its data against an expected CRC32C)',
  9: 'corrupt LZ4 block, or one decoding to more than 64 KiB (part of what decoded before the error may be written; the result is not defined)',
  10: 'erasure coding (flag bit 1) asked of an opcode or a datapath without that stage',
  11: 'bad erasure-coded input: the stripe header or the fragment lengths break a rule (the destinations are not defined)',
  12: 'bad encryption request: flag bit 2 (encrypt) or 3 (decrypt) on an opcode or a datapath without that stage, both bits, decrypt with erasure coding, a data-unit size that is not 2^n bytes with n from log2(dataBytes) (at least 4) to 19, or a decrypt whose length is not a multiple of 16 or whose payload bytes do not end in its last 16 bytes',
  13: 'the encryption stage refused the request: its key slot is out of range or holds no key (none of its data is written: the stage passes on an empty output, which a later stage may still turn into a few bytes of its own, such as an empty LZ4 block)',
} as const;
/** A status code's name, for the RTL's localparams and the reference pipeline's returns (QUEUE_STATUS says what it means). */
export const QUEUE_STATUS_CODES = {
  success: 0, invalidOpcode: 1, segmentCounts: 2, zeroLength: 3, lengthMismatch: 4, transferError: 5, tooLongToCompress: 6,
  destinationTooSmall: 7, crcMismatch: 8, corruptLz4: 9, noErasureCoding: 10, badStripe: 11, badEncryption: 12, keyRefused: 13,
} as const;

/** A field of a little-endian entry: its first byte and its width in bits. */
export interface EntryField {
  byte: number;
  bits: number;
}

/**
 * The submission entry's fields (the driver writes them, the dispatch stage reads them); from byte 16, up to
 * MAX_SEGMENTS segments of SQE_SEGMENT.bytes each, sources first; the crypto context (CRYPTO_CONTEXT) takes the
 * last segment's place.
 */
export const SQE_FIELDS = {
  opcode: { byte: 0, bits: 8 },
  sources: { byte: 1, bits: 8 },
  destinations: { byte: 2, bits: 8 },
  flags: { byte: 3, bits: 8 },
  commandId: { byte: 4, bits: 16 },
  length: { byte: 8, bits: 32 },
  expectedCrc: { byte: 12, bits: 32 },
} as const satisfies Record<string, EntryField>;
export const SQE_SEGMENT = { first: 16, bytes: 16, address: { byte: 0, bits: 64 }, length: { byte: 8, bits: 32 } } as const;

/** The completion entry's fields, lowest byte first (the complete stage writes them, the driver reads them). */
export const CQE_FIELDS = {
  crc: { byte: 0, bits: 32 },
  bytesWritten: { byte: 4, bits: 32 },
  sqHead: { byte: 8, bits: 16 },
  queue: { byte: 10, bits: 16 },
  commandId: { byte: 12, bits: 16 },
  /** status << 1 | phase */
  statusPhase: { byte: 14, bits: 16 },
} as const satisfies Record<string, EntryField>;

/** Flag bits of a submission entry (byte 3). */
export const QUEUE_FLAGS = { verify: 1, erasureCoding: 2, encrypt: 4, decrypt: 8 } as const;
/**
 * The crypto context of a request with flag bit 2 or 3, in the last segment's place (such a request has at most 6
 * segments): bytes 112-119 the first data unit's number (the tweak), 120 key slot, 121 log2 of the data-unit size,
 * 124-127 (decrypt) the payload bytes: the ciphertext is the payload zero-padded to a multiple of 16 bytes.
 */
export const CRYPTO_CONTEXT = { offset: 112, dataUnit: 112, slot: 120, dataUnitLog2: 121, payloadBytes: 124, maxSegments: 6, maxDataUnitLog2: 19 } as const;
/** The EC stripe stages' payload bound: the LZ4 bound of the largest block (65536 + 65536/255 + 16). */
export const EC_STAGE_MAX_BYTES = 65809;
/** ... and with an encrypt stage before it, that bound padded to whole 16-byte blocks. */
export const ecStageMaxBytes = (p: QueueParams): number => (queueHasEncrypt(p) ? Math.ceil(EC_STAGE_MAX_BYTES / 16) * 16 : EC_STAGE_MAX_BYTES);
/** Register index within a queue pair's block of 8 (register = queue * 8 + index). */
export const QUEUE_REGISTERS = { sqBase: 0, cqBase: 1, entries: 2, sqTail: 3, cqHead: 4, weight: 5 } as const;

/**
 * The compression stage's LZ4 design (the default banked-hash compressor at the data path's width: dataBytes
 * positions per cycle): the generator instantiates it and the reference pipeline models it.
 */
export const QUEUE_COMPRESSOR = { hashBits: 14, hashBanks: 64, windowBytes: COMPRESS_MAX_BYTES, backwardBytes: 4 } as const;
/**
 * The compression stage's engines when it is an array (compressEngines > 0): skip-ahead greedy compressors
 * (src/ref/lz4-compress-greedy.ts) reading 8 bytes a cycle from their block buffers, a 64 KiB window.
 */
/**
 * The largest request the compression stage takes: COMPRESS_MAX_BYTES, or in piece mode what the array's pieces
 * cover (a block spans at most one piece per engine); larger ones complete with status tooLongToCompress.
 */
export const queueCompressMaxBytes = (p: Pick<QueueParams, 'compressEngines' | 'compressPieceBytes'>): number =>
  (p.compressPieceBytes ? Math.min(COMPRESS_MAX_BYTES, p.compressEngines * p.compressPieceBytes) : COMPRESS_MAX_BYTES);
export const QUEUE_ARRAY_COMPRESSOR = { beatBytes: 8, hashBits: 14, windowBytes: COMPRESS_MAX_BYTES, backwardBytes: 4 } as const;

/**
 * The array's engines: QUEUE_ARRAY_COMPRESSOR, or in piece mode (compressPieceBytes P) a P-byte buffer and a table
 * of one entry per position (at most QUEUE_ARRAY_COMPRESSOR's); subBlockBytes is the design model's piece size.
 */
export function queueArrayCompressor(p: Pick<QueueParams, 'compressPieceBytes'>): { beatBytes: number; hashBits: number; windowBytes: number; backwardBytes: number; subBlockBytes: number } {
  const P = p.compressPieceBytes;
  if (!P) return { ...QUEUE_ARRAY_COMPRESSOR, subBlockBytes: 0 };
  return { ...QUEUE_ARRAY_COMPRESSOR, hashBits: Math.min(QUEUE_ARRAY_COMPRESSOR.hashBits, Math.round(Math.log2(P))), windowBytes: P, subBlockBytes: P };
}
