// Policy comparison on two sample traces with different size mixes (Alibaba: small I/Os; fio: 4-64 KiB): every
// policy completes every I/O; engines-only uses no host core time, host-only the most; the rows name where the
// stages ran.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparePolicies } from '../../src/runtime/compare.js';
import type { PlatformConfig } from '../../src/runtime/platform.js';
import { armOnly, engineFallback, enginesOnly, hostOnly, loadAware, sizeThreshold } from '../../src/runtime/policy.js';
import { ioRequestsFromTrace } from '../../src/runtime/trace-requests.js';
import { readTrace } from '../../src/trace/read.js';
import { SAMPLE_TRACES } from '../../src/trace/samples.js';
import { projectRoot } from '../../src/util/paths.js';

const platform: PlatformConfig = {
  clockMhz: 250,
  engines: {
    crc32c: { count: 1, bytesPerCycle: 64, overheadCycles: 20 }, compress: { count: 2, bytesPerCycle: 10, overheadCycles: 40 },
    'ec-encode': { count: 1, bytesPerCycle: 64, overheadCycles: 20 }, decompress: { count: 2, bytesPerCycle: 8, overheadCycles: 40 },
    'ec-reconstruct': { count: 1, bytesPerCycle: 64, overheadCycles: 20 },
  },
  armCores: 8, hostCores: 16, armFactor: 0.4, softwareOverheadNs: 1000,
  software: { crc32c: 20e9, compress: 0.7e9, 'ec-encode': 8e9, decompress: 3e9, 'ec-reconstruct': 8e9 },
  pcie: { gbps: 128, latencyNs: 800 }, network: { gbps: 100, latencyNs: 5000 },
  ec: { k: 8, m: 2 }, compressionRatio: 2, engineAttach: { mode: 'inline', cutThrough: true },
};
const workload = { functions: ['crc32c', 'compress', 'ec-encode', 'ec-reconstruct', 'decompress'] as const };
const policies = [enginesOnly, armOnly, hostOnly, sizeThreshold(8192), loadAware, engineFallback(4)];

describe('policy comparison', () => {
  it.each([[SAMPLE_TRACES[0].file], [SAMPLE_TRACES[2].file]])('%s: every policy completes every I/O; offload frees host cores', async (file) => {
    const requests = await ioRequestsFromTrace(readTrace(path.join(projectRoot(), file)), { speedup: 20, degradedReads: 0.1, seed: 1, limit: 2000 });
    const { rows, runs } = comparePolicies(requests, platform, workload, policies);
    expect(rows.map((r) => r.policy)).toEqual(policies.map((p) => p.name));
    for (const r of runs) expect(r.requests).toBe(requests.length);
    const by = Object.fromEntries(rows.map((r) => [r.policy, r]));
    expect(by['engines-only'].hostCores).toBe(0);
    expect(by['engines-only'].share.engine).toBe(1);
    expect(by['host-only'].share.host).toBe(1);
    expect(by['host-only'].hostCores).toBeGreaterThan(by['load-aware'].hostCores);
    expect(by['arm-cores-only'].share.arm).toBe(1);
    // the same bytes reach the network whoever runs the stages
    for (const r of rows) expect(r.networkGb).toBeCloseTo(by['engines-only'].networkGb, 9);
  });
});
