// Queue engine generator: NVMe-style submission and completion rings in host memory, doorbells and arbitration,
// the DMA engine (gen/dma) for every host access, and the storage datapath between gather and scatter. The design
// is composed from stage generators (gen/queue/stages: host interface, fetch, dispatch, the datapath stages the
// config asks for, completion) over one build context (context.ts); the sub-engines (DMA, CRC32C, LZ4 compress
// and decompress, EC stripe stages, AES-XTS) are instantiated by their own module names and their files shipped
// with this one. Parameters and the module name: params.ts; the interface (entries, opcodes, statuses): src/spec.
import { canonicalParams } from '../core/params.js';
import type { Generator } from '../core/generator.js';
import type { GeneratedDesign } from '../core/design.js';
import { FILE_FOOTER, fileHeader, modulePortList, verilogFile } from '../core/verilog.js';
import { SKID_BUFFER_FILE } from '../core/lib-files.js';
import { composedFiles, composedLibFiles } from '../core/compose.js';
import { CQE_BYTES, QUEUE_OPCODES, QUEUE_STATUS, SQE_BYTES, type QueueParams } from '../../src/spec/queue.js';
import { queueContext } from './stages/context.js';
import { QUEUE_GENERATOR, QUEUE_GENERATOR_VERSION, queueCommand, queueModuleName, queueSchema, validateQueueParams } from './params.js';
import { queueStages } from './stages/index.js';

export function emitQueue(p: QueueParams): GeneratedDesign {
  const c = queueContext(p);
  const { W, Q, ENC, REC, ENCF, ENCB, ENCR, DECR, CRYPT, dma, crc, comp, dec, ecEnc, ecRec, xtsEnc, xtsDec } = c;
  const top = queueModuleName(p);
  const subDesigns = [dma, crc, comp, dec, ecEnc, ecRec, xtsEnc, xtsDec].flatMap((e) => (e ? [e] : []));
  const paramsJson = canonicalParams(queueSchema, p as unknown as Record<string, unknown>);
  const ports = c.ports;
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

  // the stages first: the constants they use are declared ahead of them
  for (const stage of queueStages(c)) stage.emit(c);
  const open = c.v.unassignedWires();
  if (open.length) throw new Error(`${top}: wires declared and never assigned: ${open.join(', ')}`);
  const stages = c.v.text();
  const body = `${modulePortList(top, ports, {
    s_ctrl: 'Register writes (doorbells, queue setup)',
    m_irq: 'Interrupts: one beat per completion entry written',
    m_axi: 'Host memory (rings and data)',
    ...(CRYPT ? { k_axis: 'XTS keys in (not traced): one beat loads or clears a key slot', ks_axis: 'Key load results out' } : {}),
  })}

localparam integer QUEUES = ${Q};

${c.lp.declarations()}${stages}

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
