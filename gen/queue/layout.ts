// The queue engine's named constants, from its interface (src/spec/queue.ts): the submission entry's field
// offsets, the flag bits, the crypto context, opcodes and status codes. Stages ask for them by name as they write
// their Verilog (context.ts: sqeField, flag, opcode, status); the ones asked for are declared ahead of the stages.
import { Localparams, upperSnake } from '../core/localparams.js';
import {
  CRYPTO_CONTEXT, MAX_SEGMENTS, QUEUE_FLAGS, QUEUE_OPCODES, QUEUE_STATUS_CODES, SQE_FIELDS, SQE_SEGMENT,
} from '../../src/spec/queue.js';

/** Bits of the status field (the largest code fits). */
export const STATUS_BITS = 4;

export function queueLocalparams(): Localparams {
  const lp = new Localparams();
  lp.define('sqe', 'Submission entry: bit offsets of its fields in the 1024-bit entry', [
    ...Object.entries(SQE_FIELDS).map(([n, f]) => ({ name: `SQE_${upperSnake(n)}`, value: 8 * f.byte, comment: `${f.bits} bits` })),
    { name: 'SQE_SEGMENTS', value: 8 * SQE_SEGMENT.first, comment: `the first of ${MAX_SEGMENTS} segments, sources first` },
    { name: 'SQE_SEGMENT_BITS', value: 8 * SQE_SEGMENT.bytes },
    { name: 'SEG_ADDRESS', value: 8 * SQE_SEGMENT.address.byte, comment: `within a segment, ${SQE_SEGMENT.address.bits} bits` },
    { name: 'SEG_LENGTH', value: 8 * SQE_SEGMENT.length.byte, comment: `within a segment, ${SQE_SEGMENT.length.bits} bits` },
    { name: 'MAX_SEGMENTS', value: MAX_SEGMENTS },
  ]);
  lp.define('crypto', 'Crypto context (flag bit 2 or 3): bit offsets, in the last segment\'s place', [
    { name: 'SQE_DATA_UNIT', value: 8 * CRYPTO_CONTEXT.dataUnit, comment: '64 bits' },
    { name: 'SQE_KEY_SLOT', value: 8 * CRYPTO_CONTEXT.slot, comment: '8 bits' },
    { name: 'SQE_DATA_UNIT_LOG2', value: 8 * CRYPTO_CONTEXT.dataUnitLog2, comment: '8 bits' },
    { name: 'SQE_PAYLOAD_BYTES', value: 8 * CRYPTO_CONTEXT.payloadBytes, comment: '32 bits' },
    { name: 'CRYPT_MAX_SEGMENTS', value: CRYPTO_CONTEXT.maxSegments },
  ]);
  lp.define('flag', 'Flag bits: bit offsets within the flags field', Object.entries(QUEUE_FLAGS).map(([n, mask]) => (
    { name: `FLAG_${upperSnake(n)}`, value: Math.log2(mask) })));
  lp.define('op', 'Opcodes', Object.entries(QUEUE_OPCODES).map(([n, code]) => ({ name: `OP_${upperSnake(n)}`, width: 8, value: code })));
  lp.define('status', 'Completion status codes (what each means: src/spec/queue.ts QUEUE_STATUS)', Object.entries(QUEUE_STATUS_CODES).map(([n, code]) => (
    { name: `STATUS_${upperSnake(n)}`, width: STATUS_BITS, value: code })));
  return lp;
}
