// The queue engine as a list of stages, in the order their Verilog is written (each declares before it uses):
// fetch/arbitration, dispatch, the datapath stages the config has, completion. A stage is an object with a name,
// what it does and its emitter; the datapath config (the queue parameters) decides which stages are in the list.
import type { QueueContext } from './context.js';
import { hostInterfaceStage } from './host-interface.js';
import { fetchStage } from './fetch.js';
import { dispatchStage } from './dispatch.js';
import { keysStage } from './keys.js';
import { dataInputStage } from './data-input.js';
import { inputRoutingStage } from './input-routing.js';
import { decompressStage } from './decompress.js';
import { crcStage } from './crc.js';
import { compressStage } from './compress.js';
import { outputStage } from './output.js';
import { writeCommandsStage } from './write-commands.js';
import { encryptStage } from './encrypt.js';
import { ecEncodeStage } from './ec-encode.js';
import { scatterStage } from './scatter.js';
import { completeStage } from './complete.js';

export interface QueueStage {
  name: string;
  what: string;
  /** Writes the stage's Verilog into the context's builder (c.v). */
  emit: (c: QueueContext) => void;
}

export function queueStages(c: QueueContext): QueueStage[] {
  const { p, CRYPT, DECR, REC, ENCF, ENCB, ENC } = c;
  const lz4 = (x: 'compression' | 'decompression') => p[x] === 'lz4';
  return [
    { name: 'host', what: 'DMA engine, queue registers, register writes', emit: hostInterfaceStage },
    { name: 'fetch', what: 'arbitration and submission entry fetch', emit: fetchStage },
    { name: 'dispatch', what: 'entry checks, gathers and scatters, in-order request FIFOs', emit: dispatchStage },
    ...(CRYPT ? [{ name: 'keys', what: 'XTS key loads', emit: keysStage }] : []),
    { name: DECR ? 'decrypt' : 'gather', what: DECR ? 'the gathered stream, decrypted when asked' : 'the gathered stream', emit: dataInputStage },
    { name: 'route', what: 'where each gathered packet goes', emit: inputRoutingStage },
    ...(lz4('decompression') ? [{ name: REC ? 'ec-reconstruct + lz4-decompress' : 'lz4-decompress', what: 'the read path before the CRC', emit: decompressStage }]
      : [{ name: 'crc-input', what: 'the CRC takes the gathered stream', emit: decompressStage }]),
    { name: 'crc32c', what: 'CRC32C of the data as the host sees it', emit: crcStage },
    ...(lz4('compression') ? [{ name: ENCF ? 'encrypt + lz4-compress' : 'lz4-compress', what: 'the write path compressor', emit: compressStage }] : []),
    { name: 'output', what: 'the output side in request order', emit: outputStage },
    { name: 'write-commands', what: 'scatters and completion entries on the write side', emit: writeCommandsStage },
    { name: ENCB ? 'encrypt' : 'output-pass', what: ENCB ? 'XTS encrypt after the compressor' : 'no encrypt stage after the compressor', emit: encryptStage },
    { name: ENC ? 'ec-encode' : 'scatter-pass', what: ENC ? 'EC encode stripes' : 'no EC encode stage', emit: ecEncodeStage },
    { name: 'scatter', what: 'scatter data and counts', emit: scatterStage },
    { name: 'complete', what: 'completions, interrupts, queue state', emit: completeStage },
  ];
}
