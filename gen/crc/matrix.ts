// The GF(2) matrices behind a W-byte-per-cycle CRC. The register update over bytes is linear in
// (state, data), so update(s, d) = A·s ⊕ B·d. Each matrix is derived here from the reference kernel by
// feeding unit vectors, and returned as row masks: output bit i = XOR of the input bits set in rows[i].
import { CrcKernel, type CrcModel } from '../../src/ref/crc.js';

/**
 * Rows of B for a W-byte beat: input bit j is tdata bit j (byte lane j>>3, value bit j&7), lane 0 first in
 * the stream. Result is the register contribution from a zero starting state.
 */
export function dataMatrixRows(model: CrcModel, bytes: number): bigint[] {
  const kernel = new CrcKernel(model);
  const rows = new Array<bigint>(model.width).fill(0n);
  const beat = new Uint8Array(bytes);
  for (let j = 0; j < bytes * 8; j++) {
    beat.fill(0);
    beat[j >> 3] = 1 << (j & 7);
    const col = kernel.update(0n, beat);
    for (let i = 0; i < model.width; i++) if ((col >> BigInt(i)) & 1n) rows[i] |= 1n << BigInt(j);
  }
  return rows;
}

/** Rows of A^(8n): the register after n zero bytes, from state bit k alone. */
export function stateAdvanceRows(model: CrcModel, bytes: number): bigint[] {
  const kernel = new CrcKernel(model);
  const rows = new Array<bigint>(model.width).fill(0n);
  const zeros = new Uint8Array(bytes);
  for (let k = 0; k < model.width; k++) {
    const col = kernel.update(1n << BigInt(k), zeros);
    for (let i = 0; i < model.width; i++) if ((col >> BigInt(i)) & 1n) rows[i] |= 1n << BigInt(k);
  }
  return rows;
}

/** Apply row masks to an input vector (the same arithmetic the emitted XOR trees do). */
export function applyRows(rows: readonly bigint[], input: bigint): bigint {
  let out = 0n;
  rows.forEach((mask, i) => {
    let v = mask & input;
    let parity = 0n;
    while (v) { parity ^= 1n; v &= v - 1n; }
    out |= parity << BigInt(i);
  });
  return out;
}
