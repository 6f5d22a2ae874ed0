// Result checking: compare an implementation's outputs with a reference, item by item, and describe the
// first difference precisely (which item, its input size, both values) rather than "validation failed".

export interface Mismatch {
  index: number;
  message: string;
}

/**
 * First index where got and want differ (including a length difference), described with `label(i)` naming
 * the input item and `show` formatting values.
 */
export function firstMismatch<T>(
  got: readonly T[], want: readonly T[], show: (v: T) => string, label: (i: number) => string,
  gotName = 'hardware', wantName = 'reference',
): Mismatch | undefined {
  const n = Math.min(got.length, want.length);
  for (let i = 0; i < n; i++) {
    if (got[i] !== want[i]) {
      return { index: i, message: `${label(i)}: ${gotName} ${show(got[i])}, ${wantName} ${show(want[i])}` };
    }
  }
  if (got.length !== want.length) {
    return { index: n, message: `${gotName} gave ${got.length} results, ${wantName} ${want.length} (first missing: ${label(n)})` };
  }
  return undefined;
}
