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
  emit: (c: QueueContext) => string;
}

export function queueStages(c: QueueContext): QueueStage[] {
  return [
    { name: 'host', what: 'DMA engine, queue registers, register writes', emit: hostInterfaceStage },
    { name: 'fetch', what: 'arbitration and submission entry fetch', emit: fetchStage },
    { name: 'dispatch', what: 'entry checks, gathers and scatters, in-order request FIFOs', emit: dispatchStage },
    { name: 'keys', what: 'XTS key loads', emit: keysStage },
    { name: 'data-input', what: 'the gathered stream, decrypted when asked', emit: dataInputStage },
    { name: 'input-routing', what: 'where each gathered packet goes', emit: inputRoutingStage },
    { name: 'decompress', what: 'EC reconstruct and LZ4 decompress', emit: decompressStage },
    { name: 'crc', what: 'CRC32C', emit: crcStage },
    { name: 'compress', what: 'LZ4 compress (encrypt at its input)', emit: compressStage },
    { name: 'output', what: 'the output side in request order', emit: outputStage },
    { name: 'write-commands', what: 'scatters and completion entries on the write side', emit: writeCommandsStage },
    { name: 'encrypt', what: 'XTS encrypt after the compressor', emit: encryptStage },
    { name: 'ec-encode', what: 'EC encode stripes', emit: ecEncodeStage },
    { name: 'scatter', what: 'scatter data and counts', emit: scatterStage },
    { name: 'complete', what: 'completions, interrupts, queue state', emit: completeStage },
  ];
}
