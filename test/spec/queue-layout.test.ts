// The queue engine's interface description is consistent: submission entry fields and segments do not overlap and
// fit the entry, the crypto context lies in the last segment's place, completion entry fields tile the entry, and
// every status code has exactly one name.
import { expect, it } from 'vitest';
import {
  CQE_BYTES, CQE_FIELDS, CRYPTO_CONTEXT, MAX_SEGMENTS, QUEUE_STATUS, QUEUE_STATUS_CODES, SQE_BYTES, SQE_FIELDS, SQE_SEGMENT,
} from '../../src/spec/queue.js';

/** Bytes [from, to) of each field. */
const spans = (fields: Record<string, { byte: number; bits: number }>) =>
  Object.entries(fields).map(([name, f]) => ({ name, from: f.byte, to: f.byte + f.bits / 8 })).sort((a, b) => a.from - b.from);

it('submission entry: header fields and segments in order, no overlap, inside the entry', () => {
  const header = spans(SQE_FIELDS);
  for (let i = 1; i < header.length; i++) expect(header[i].from, header[i].name).toBeGreaterThanOrEqual(header[i - 1].to);
  expect(header.at(-1)!.to).toBeLessThanOrEqual(SQE_SEGMENT.first);
  expect(SQE_SEGMENT.first + MAX_SEGMENTS * SQE_SEGMENT.bytes).toBe(SQE_BYTES);
  expect(SQE_SEGMENT.address.byte + SQE_SEGMENT.address.bits / 8).toBeLessThanOrEqual(SQE_SEGMENT.length.byte);
  expect(SQE_SEGMENT.length.byte + SQE_SEGMENT.length.bits / 8).toBeLessThanOrEqual(SQE_SEGMENT.bytes);
});

it('the crypto context takes the last segment\'s place, so a crypto request has one segment fewer', () => {
  expect(CRYPTO_CONTEXT.offset).toBe(SQE_SEGMENT.first + (MAX_SEGMENTS - 1) * SQE_SEGMENT.bytes);
  expect(CRYPTO_CONTEXT.maxSegments).toBe(MAX_SEGMENTS - 1);
  expect(CRYPTO_CONTEXT.payloadBytes + 4).toBeLessThanOrEqual(SQE_BYTES);
});

it('completion entry: fields tile its 16 bytes', () => {
  let at = 0;
  for (const s of spans(CQE_FIELDS)) {
    expect(s.from, s.name).toBe(at);
    at = s.to;
  }
  expect(at).toBe(CQE_BYTES);
});

it('every status code has one name', () => {
  expect(Object.values(QUEUE_STATUS_CODES).sort((a, b) => a - b)).toEqual(Object.keys(QUEUE_STATUS).map(Number).sort((a, b) => a - b));
});
