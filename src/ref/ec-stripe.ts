// Erasure-coded stripes of a payload (a compressed block, or any bytes), as the datapath's EC stages build and
// read them: the reference the generated stripe stages (gen/ec/stripe.ts) are checked against.
//
// Encode: a payload of n bytes is cut into k data fragments of L = ceil(n / 64k) * 64 bytes (zero padded at
// the end), and m parity fragments are computed with ISA-L's Cauchy matrix; the stripe is the k + m fragments
// one after the other (fragment-major), (k + m) * L bytes. Fragment i is bytes [i*L, (i+1)*L).
//
// Reconstruct: the input is a header followed by k surviving fragments in index order (the first k fragments
// that are not lost, as ISA-L's decode examples pick them); the host computes the decode matrix. Header
// (headerBytes(k, m) bytes, a multiple of 64, little-endian):
//   0-3   n, the payload bytes to put out
//   4-7   L, the fragment length (a multiple of 64)
//   8-11  mask of the lost data fragments (bit d = data fragment d is lost and is rebuilt)
//   12-15 reserved (zero)
//   16..  one row of k coefficients per lost data fragment, in ascending fragment order:
//         fragment d = sum over j of row[j] * survivor[j] in GF(2^8)
// The output is the k data fragments in order (lost ones rebuilt), cut to n bytes.
import { decodePlan, EcError, encodeMatrix, ReedSolomon } from './ec.js';
import { gfMul } from './gf256.js';

/** Fragment lengths are multiples of this many bytes (independent of any engine's width). */
export const EC_FRAGMENT_ALIGN = 64;
/** Data fragments per stripe the stripe stages take at most (the lost-fragment mask is 32 bits). */
export const EC_STRIPE_MAX_K = 32;

export function fragmentLength(n: number, k: number): number {
  return Math.ceil(n / (EC_FRAGMENT_ALIGN * k)) * EC_FRAGMENT_ALIGN;
}

export function headerBytes(k: number, m: number): number {
  return Math.ceil((16 + m * k) / EC_FRAGMENT_ALIGN) * EC_FRAGMENT_ALIGN;
}

/** The stripe of a payload: k data fragments then m parity fragments, each L = fragmentLength(n, k) bytes. */
export function stripeEncode(payload: Uint8Array, k: number, m: number): Uint8Array {
  const L = fragmentLength(payload.length, k);
  const stripe = new Uint8Array((k + m) * L);
  stripe.set(payload);
  if (L === 0) return stripe;
  const data = Array.from({ length: k }, (_, i) => stripe.subarray(i * L, (i + 1) * L));
  new ReedSolomon(k, m, 'cauchy').encode(data).forEach((p, r) => stripe.set(p, (k + r) * L));
  return stripe;
}

/** What a stripe stage does with one packet: its output bytes, or an error (and then no output). */
export interface StripeResult {
  output: Uint8Array;
  error: boolean;
}

/** The encode stage: payloads above maxBytes are refused. */
export function stripeEncodeStage(payload: Uint8Array, k: number, m: number, maxBytes: number): StripeResult {
  if (payload.length > maxBytes) return { output: new Uint8Array(0), error: true };
  return { output: stripeEncode(payload, k, m), error: false };
}

/**
 * The reconstruct stage's input for a stripe with some fragments lost: the header (with the decode rows of the
 * lost data fragments) and the survivors, one after the other. Throws EcError when too many are lost.
 */
export function reconstructInput(stripe: Uint8Array, n: number, k: number, m: number, lost: readonly number[]): Uint8Array {
  const L = stripe.length / (k + m);
  if (!Number.isInteger(L) || L % EC_FRAGMENT_ALIGN !== 0) throw new EcError(`a stripe of ${stripe.length} bytes is not ${k}+${m} fragments of a multiple of ${EC_FRAGMENT_ALIGN} bytes`);
  const erased = [...lost].sort((a, b) => a - b);
  const plan = decodePlan(k, m, encodeMatrix(k, m, 'cauchy'), erased, 'the cauchy matrix');
  const H = headerBytes(k, m);
  const input = new Uint8Array(H + k * L);
  const view = new DataView(input.buffer);
  view.setUint32(0, n, true);
  view.setUint32(4, L, true);
  let mask = 0;
  let row = 0;
  erased.forEach((e, i) => {
    if (e >= k) return;
    mask |= 1 << e;
    input.set(plan.rows.subarray(i * k, (i + 1) * k), 16 + row * k);
    row++;
  });
  view.setUint32(8, mask >>> 0, true);
  plan.survivors.forEach((s, j) => input.set(stripe.subarray(s * L, (s + 1) * L), H + j * L));
  return input;
}

/** The reconstruct stage: the checks it makes of its input, in one place, then the rebuilt payload. */
export function stripeReconstructStage(input: Uint8Array, k: number, m: number, maxBytes: number): StripeResult {
  const bad = { output: new Uint8Array(0), error: true };
  const H = headerBytes(k, m);
  if (input.length < H) return bad;
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const n = view.getUint32(0, true);
  const L = view.getUint32(4, true);
  const mask = view.getUint32(8, true);
  const lost = Array.from({ length: k }, (_, d) => d).filter((d) => (mask >>> d) & 1);
  const maxL = fragmentLength(maxBytes, k);
  if ((k < 32 && mask >>> k !== 0) || lost.length > m || L % EC_FRAGMENT_ALIGN !== 0 || L > maxL || n > k * L || input.length !== H + k * L) return bad;
  const survivors = (j: number) => input.subarray(H + j * L, H + (j + 1) * L);
  const out = new Uint8Array(k * L);
  let rank = 0;
  for (let d = 0; d < k; d++) {
    if ((mask >>> d) & 1) {
      const row = input.subarray(16 + rank * k, 16 + (rank + 1) * k);
      const frag = out.subarray(d * L, (d + 1) * L);
      for (let j = 0; j < k; j++) {
        const s = survivors(j);
        for (let i = 0; i < L; i++) frag[i] ^= gfMul(row[j], s[i]);
      }
      rank++;
    } else {
      out.set(survivors(d - rank), d * L);
    }
  }
  return { output: out.slice(0, n), error: false };
}
