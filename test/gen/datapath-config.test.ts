// The datapath config: the default file generates the checked-in datapath; bad configs (unknown fields and
// stages, stages not built yet, wrong order, out-of-range numbers) are refused with a message naming the field.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { datapathQueueParams, validateDatapathConfig } from '../../gen/datapath/config.js';
import { DEFAULT_DATAPATH_FILE, defaultDesigns } from '../../gen/defaults.js';
import { queueCompressArrayParams, queueDecompressArrayParams } from '../../gen/queue/params.js';
import { queueGenerator } from '../../gen/queue/queue.js';
import { projectRoot } from '../../src/util/paths.js';

describe('datapath config', () => {
  it('the default config file describes the checked-in default datapath', () => {
    const raw: unknown = JSON.parse(readFileSync(path.join(projectRoot(), DEFAULT_DATAPATH_FILE), 'utf8'));
    const c = validateDatapathConfig(raw);
    expect(c.writePath).toEqual(['crc32c', 'lz4-compress', 'ec-encode']);
    expect(c.readPath).toEqual(['ec-reconstruct', 'lz4-decompress', 'crc32c-verify']);
    expect(c.ec).toEqual({ k: 8, m: 2, buffers: 1 });
    const design = queueGenerator.emit(datapathQueueParams(c));
    expect(defaultDesigns().some((d) => d.top === design.top && d.files[0].content === design.files[0].content)).toBe(true);
    // omitted fields take the defaults; a write path without compression gives an engine without it
    expect(datapathQueueParams(validateDatapathConfig({})).compression).toBe('lz4');
    expect(datapathQueueParams(validateDatapathConfig({ writePath: ['crc32c'] })).compression).toBe('none');
    // EC stages: names alone take the generator's default code; k and m go to the queue engine
    expect(datapathQueueParams(validateDatapathConfig({})).erasureCoding).toBe('none');
    const ec = datapathQueueParams(validateDatapathConfig({ writePath: ['crc32c', { stage: 'ec-encode', k: 6, m: 3 }] }));
    expect([ec.erasureCoding, ec.ecK, ec.ecM]).toEqual(['encode', 6, 3]);
    const both = datapathQueueParams(validateDatapathConfig({ writePath: ['crc32c', 'ec-encode'], readPath: ['ec-reconstruct', 'lz4-decompress'] }));
    expect([both.erasureCoding, both.ecK, both.ecM]).toEqual(['both', 8, 2]);
    // XTS stages: after compression on the write path, first on the read path; one key size and slot count
    const xts = datapathQueueParams(validateDatapathConfig({ writePath: ['crc32c', 'lz4-compress', { stage: 'encrypt', keyBits: 128, keySlots: 8 }, 'ec-encode'], readPath: [{ stage: 'decrypt', keyBits: 128, keySlots: 8 }, 'lz4-decompress'] }));
    expect([xts.encryption, xts.xtsKeyBits, xts.xtsKeySlots, xts.erasureCoding]).toEqual(['both', 128, 8, 'encode']);
    expect(datapathQueueParams(validateDatapathConfig({ readPath: ['decrypt', 'lz4-decompress'] })).encryption).toBe('decrypt');
    expect(datapathQueueParams(validateDatapathConfig({ writePath: ['crc32c', 'encrypt'] }))).toMatchObject({ encryption: 'encrypt', xtsKeyBits: 256, xtsKeySlots: 4 });
    // the example encrypting datapath: compress then encrypt, decrypt then decompress (the XTS tests' device)
    const example = validateDatapathConfig(JSON.parse(readFileSync(path.join(projectRoot(), 'hw/datapath-encrypted.json'), 'utf8')));
    expect([example.writePath, example.readPath, example.xts]).toEqual([['crc32c', 'lz4-compress', 'encrypt'], ['decrypt', 'lz4-decompress', 'crc32c-verify'], { keyBits: 256, keySlots: 4 }]);
    expect(queueGenerator.emit(datapathQueueParams(example)).top).toBe('queue_engine_q4_w16_r8_lz4_unlz4_xts256s4');
    // encrypting before compressing: built (the encrypt stage at the compressor's input), with a warning naming the cost
    const first = validateDatapathConfig({ writePath: ['crc32c', 'encrypt', 'lz4-compress', 'ec-encode'] });
    expect(first.warnings).toHaveLength(1);
    expect(first.warnings[0]).toMatch(/^writePath encrypts before it compresses: ciphertext does not compress, so every block grows by LZ4's worst case .* instead of shrinking/);
    expect(datapathQueueParams(first)).toMatchObject({ encryption: 'encrypt', encryptAt: 'before-compress', compression: 'lz4', erasureCoding: 'encode' });
    expect(validateDatapathConfig({ writePath: ['crc32c', 'lz4-compress', 'encrypt'] }).warnings).toEqual([]);
    // the LZ4 stages as engine arrays: the stage object names the count (and the decoders' width); names alone: one engine
    const arrays = datapathQueueParams(validateDatapathConfig({ dataBytes: 64, writePath: ['crc32c', { stage: 'lz4-compress', engines: 12 }], readPath: [{ stage: 'lz4-decompress', engines: 6, bytesPerCycle: 16 }] }));
    expect([arrays.compressEngines, arrays.decompressEngines, arrays.decompressEngineBytes]).toEqual([12, 6, 16]);
    expect(queueGenerator.emit(arrays).top).toBe('queue_engine_q4_w64_r8_lz4x12_unlz4x6b16');
    expect(datapathQueueParams(validateDatapathConfig({}))).toMatchObject({ compressEngines: 0, decompressEngines: 0, compressPieceBytes: 0 });
    // the compressor array in piece mode: the stage names the piece size
    const pieces = datapathQueueParams(validateDatapathConfig({ dataBytes: 64, writePath: ['crc32c', { stage: 'lz4-compress', engines: 16, pieceBytes: 4096 }], readPath: [{ stage: 'lz4-decompress', engines: 2 }] }));
    expect([pieces.compressEngines, pieces.compressPieceBytes]).toEqual([16, 4096]);
    expect(queueGenerator.emit(pieces).top).toBe('queue_engine_q4_w64_r8_lz4x16p4096_unlz4x2b8');
    // double-buffered EC stages: the stage names its buffers (both stages the same)
    const ec2 = datapathQueueParams(validateDatapathConfig({ writePath: ['crc32c', 'lz4-compress', { stage: 'ec-encode', buffers: 2 }], readPath: [{ stage: 'ec-reconstruct', buffers: 2 }, 'lz4-decompress'] }));
    expect([ec2.erasureCoding, ec2.ecBuffers]).toEqual(['both', 2]);
    expect(queueGenerator.emit(ec2).top).toBe('queue_engine_q4_w16_r8_lz4_unlz4_ec8p2x2');
    // the DMA's commands in flight: a structural parameter, so in the module name when not the default
    const c16 = datapathQueueParams(validateDatapathConfig({ dma: { maxBurstBeats: 64, maxReadBursts: 16, maxWriteBursts: 16, commandsInFlight: 16 } }));
    expect(c16.dmaCommands).toBe(16);
    expect(queueGenerator.emit(c16).top).toBe('queue_engine_q4_w16_r8_lz4_unlz4_dma64x16x16c16');
    // memory kinds for UltraScale+: the compressor array's output FIFOs in LUT RAM, the deep buffers in UltraRAM
    const us = datapathQueueParams(validateDatapathConfig({ memoryKinds: 'ultrascale', dataBytes: 64, writePath: ['crc32c', { stage: 'lz4-compress', engines: 4, pieceBytes: 1024 }, 'ec-encode'], readPath: ['ec-reconstruct', { stage: 'lz4-decompress', engines: 2 }] }));
    expect(us.memoryKinds).toBe('ultrascale');
    expect(queueCompressArrayParams(us).outputMemory).toBe('lutram');
    expect(queueDecompressArrayParams(us).bufferMemory).toBe('uram');
    const usDesign = queueGenerator.emit(us);
    expect(usDesign.top).toBe('queue_engine_q4_w64_r8_lz4x4p1024_unlz4x2b8_ec8p2_us');
    expect(usDesign.files.map((f) => f.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^ec_stripe_enc_.*_u\.v$/), expect.stringMatching(/^lz4_compress_array_.*_lr\.v$/), expect.stringMatching(/^lz4_decompress_array_.*_u\.v$/)]));
    expect(datapathQueueParams(validateDatapathConfig({})).memoryKinds).toBe('bram');
    // both XTS stages and both EC stages in one datapath (a request uses one XTS stage and no EC, or EC and no decrypt)
    expect(datapathQueueParams(validateDatapathConfig({ writePath: ['crc32c', 'encrypt', 'ec-encode'], readPath: ['decrypt', 'ec-reconstruct', 'lz4-decompress'] })).encryption).toBe('both');
  });

  it.each([
    ['not an object', [], "datapath config: parameter '(top level)' must be a JSON object"],
    ['unknown field', { queus: 4 }, "parameter 'queus' is not a field (fields: queues, dataBytes, maxRequests, arbitration, memoryKinds, dma, writePath, readPath)"],
    ['unknown dma field', { dma: { bursts: 4 } }, "parameter 'dma.bursts' is not a field (fields: maxBurstBeats, maxReadBursts, maxWriteBursts, commandsInFlight)"],
    ['memory kinds not known', { memoryKinds: 'lutram' }, 'gen/queue: parameter \'memoryKinds\' = "lutram" is not allowed: expected one of bram, ultrascale'],
    ['DMA commands in flight not a power of two', { dma: { commandsInFlight: 12 } }, "gen/queue: parameter 'dmaCommands' = 12 is not a power of two"],
    ['stage not built yet', { writePath: ['crc32c', 'deflate-compress'] }, "parameter 'writePath[1]' = 'deflate-compress': this stage is not available in the generated datapath yet (available: crc32c, lz4-compress, encrypt, ec-encode)"],
    ['read stage not built yet', { readPath: ['inflate'] }, "parameter 'readPath[0]' = 'inflate': this stage is not available in the generated datapath yet (available: decrypt, ec-reconstruct, lz4-decompress, crc32c-verify)"],
    ['unknown stage', { writePath: ['crc32c', 'zip'] }, "parameter 'writePath[1]' = 'zip' is not a stage (known: crc32c, lz4-compress, encrypt, ec-encode, deflate-compress)"],
    ['stages out of order', { writePath: ['crc32c', 'ec-encode', 'lz4-compress'] }, "parameter 'writePath' lists its stages out of order: the hardware has them as crc32c -> lz4-compress -> encrypt -> ec-encode"],
    ['rebuild before decrypt', { writePath: ['crc32c', 'encrypt', 'ec-encode'], readPath: ['ec-reconstruct', 'decrypt', 'lz4-decompress'] }, "parameter 'readPath' lists 'ec-reconstruct' before 'decrypt': the generated read path decrypts what it gathers"],
    ['XTS keys that differ', { writePath: ['crc32c', { stage: 'encrypt', keyBits: 128 }], readPath: ['decrypt', 'crc32c-verify'] }, "parameter 'readPath[0]' decrypts with XTS-AES-256 in 4 key slots but the write path encrypts with XTS-AES-128 in 4: both XTS stages must use the same keyBits and keySlots"],
    ['an AES key size XTS does not have', { writePath: ['crc32c', { stage: 'encrypt', keyBits: 192 }] }, "parameter 'writePath[1].keyBits' = 192 must be 128 or 256"],
    ['key slots out of range', { readPath: [{ stage: 'decrypt', keySlots: 17 }] }, "parameter 'readPath[0].keySlots' = 17 must be an integer in 1..16"],
    ['encryption on an 8-byte path', { dataBytes: 8, writePath: ['crc32c', 'encrypt'] }, "'encrypt' needs dataBytes >= 16"],
    ['EC code out of range', { writePath: ['crc32c', { stage: 'ec-encode', k: 40, m: 2 }] }, "parameter 'writePath[1].k' = 40 must be an integer in 1..32"],
    ['EC codes that differ', { writePath: ['crc32c', { stage: 'ec-encode', k: 8, m: 2 }], readPath: [{ stage: 'ec-reconstruct', k: 8, m: 3 }, 'lz4-decompress'] }, "parameter 'readPath[0]' reconstructs 8+3 stripes but the write path makes 8+2 ones: both EC stages must use the same k and m"],
    ['a parameter a stage does not have', { writePath: ['crc32c', { stage: 'ec-encode', n: 3 }] }, "parameter 'writePath[1].n' is not a parameter of 'ec-encode' (parameters: k, m, buffers)"],
    ['parameters on a stage without any', { writePath: [{ stage: 'crc32c', k: 3 }] }, "parameter 'writePath[0].k' : 'crc32c' takes no parameters"],
    ['a stage object without a name', { writePath: ['crc32c', { k: 3 }] }, "parameter 'writePath[1].stage' must name the stage"],
    ['reconstruct without decompression', { readPath: ['ec-reconstruct', 'crc32c-verify'] }, "parameter 'readPath' has 'ec-reconstruct' without 'lz4-decompress'"],
    ['stage twice', { writePath: ['crc32c', 'crc32c'] }, "parameter 'writePath' names a stage twice"],
    ['checksum not first', { writePath: ['lz4-compress', 'crc32c'] }, "parameter 'writePath' must start with 'crc32c'"],
    ['stages not a list', { writePath: 'crc32c' }, "parameter 'writePath' must be a list of stages"],
    ['queues out of range', { queues: 0 }, "gen/queue: parameter 'queues' = 0"],
    ['compression too wide for one engine', { dataBytes: 64, readPath: ['crc32c-verify'] }, "parameter 'compression' 'lz4' with one engine (compressEngines 0) needs dataBytes <= 32 (the compressor takes at most 32 bytes per cycle); dataBytes is 64: set compressEngines for an engine array"],
    ['decompression too wide for one engine', { dataBytes: 64, writePath: ['crc32c', { stage: 'lz4-compress', engines: 4 }] }, "parameter 'decompression' 'lz4' with one engine (decompressEngines 0) needs dataBytes <= 32"],
    ['an engine count out of range', { writePath: ['crc32c', { stage: 'lz4-compress', engines: 65 }] }, "parameter 'writePath[1].engines' = 65 must be an integer in 0..64"],
    ['EC stages with different buffers', { writePath: ['crc32c', 'lz4-compress', { stage: 'ec-encode', buffers: 2 }], readPath: ['ec-reconstruct', 'lz4-decompress'] }, "parameter 'readPath[0]' has 1 stripe buffer but the write path's EC stage has 2: both EC stages use the same number (the queue engine's ecBuffers)"],
    ['three EC buffers', { writePath: ['crc32c', { stage: 'ec-encode', buffers: 3 }] }, "parameter 'writePath[1].buffers' = 3 must be an integer in 1..2"],
    ['pieces without an array', { writePath: ['crc32c', { stage: 'lz4-compress', pieceBytes: 1024 }] }, "gen/queue: parameter 'compressPieceBytes' = 1024 cuts blocks over the engines of a compressor array: it needs compressEngines > 0"],
    ['a piece size not a power of two', { writePath: ['crc32c', { stage: 'lz4-compress', engines: 4, pieceBytes: 1000 }] }, "gen/queue: parameter 'compressPieceBytes' = 1000 is not a power of two >= 2 x dataBytes (32)"],
    ['a piece smaller than two beats', { dataBytes: 64, writePath: ['crc32c', { stage: 'lz4-compress', engines: 4, pieceBytes: 64 }], readPath: [{ stage: 'lz4-decompress', engines: 2 }] }, "gen/queue: parameter 'compressPieceBytes' = 64 is not a power of two >= 2 x dataBytes (128)"],
    ['a fractional engine count', { readPath: [{ stage: 'lz4-decompress', engines: 2.5 }] }, "parameter 'readPath[0].engines' = 2.5 must be an integer in 0..64"],
    ['decoder engines wider than the data path', { readPath: [{ stage: 'lz4-decompress', engines: 2, bytesPerCycle: 32 }] }, "gen/queue: parameter 'decompressEngineBytes' = 32 must be a power of two no larger than dataBytes (16)"],
    ['decoder engine width not a power of two', { readPath: [{ stage: 'lz4-decompress', engines: 2, bytesPerCycle: 6 }] }, "parameter 'decompressEngineBytes' = 6 must be a power of two"],
  ])('refuses %s', (_what, raw, message) => {
    expect(() => validateDatapathConfig(raw)).toThrow(message);
  });
});
