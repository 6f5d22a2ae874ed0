// The erasure-coding engine configurations the tests exercise (also linted by test/gen/lint.test.ts).
export type EcVariant = { k: number; m: number; bytesPerCycle: number; coefficients: 'runtime' | 'fixed'; matrix?: 'cauchy' | 'rs' };

export const EC_RUNTIME_VARIANTS: readonly EcVariant[] = [
  { k: 4, m: 2, bytesPerCycle: 8, coefficients: 'runtime' },
  { k: 6, m: 3, bytesPerCycle: 16, coefficients: 'runtime' },
  { k: 8, m: 4, bytesPerCycle: 32, coefficients: 'runtime' },
  { k: 10, m: 4, bytesPerCycle: 64, coefficients: 'runtime' },
  { k: 12, m: 4, bytesPerCycle: 3, coefficients: 'runtime' },
  { k: 16, m: 4, bytesPerCycle: 16, coefficients: 'runtime' },
  { k: 3, m: 5, bytesPerCycle: 5, coefficients: 'runtime' },
  { k: 1, m: 1, bytesPerCycle: 1, coefficients: 'runtime' },
];

export const EC_FIXED_VARIANTS: readonly EcVariant[] = [
  { k: 4, m: 2, bytesPerCycle: 4, coefficients: 'fixed', matrix: 'cauchy' },
  { k: 6, m: 3, bytesPerCycle: 7, coefficients: 'fixed', matrix: 'cauchy' },
  { k: 10, m: 4, bytesPerCycle: 64, coefficients: 'fixed', matrix: 'rs' },
];

export const EC_VARIANTS: readonly EcVariant[] = [...EC_RUNTIME_VARIANTS, ...EC_FIXED_VARIANTS];
