// vitest settings: simulation models are native addons, so tests run in forked processes (a crash stays in
// its fork); builds take seconds, so timeouts are generous. The summary reporter prints the closing line CI reads.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 300_000,
    hookTimeout: 300_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
