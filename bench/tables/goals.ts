// The goals table: each target an issue set (simulation speed, EC, LZ4, inflate and AES-XTS bytes/cycle, the LZ4
// ratio, a 1 GB trace in bounded memory) against its figure from tables 1, 4, 5, 6, 10b and 11 of the same run.
import type { BigTrace } from './big-trace.js';
import type { BridgeOverhead } from './bridge-overhead.js';
import type { ErasureCoding } from './erasure-coding.js';
import type { InflateResults } from './inflate.js';
import { compressorRate, corpusRatio, type Lz4Results } from './lz4.js';
import type { BenchTable } from './table.js';
import type { XtsResults } from './xts.js';

export interface GoalInputs {
  overhead: BridgeOverhead;
  ec: ErasureCoding;
  lz4: Lz4Results;
  inf: InflateResults;
  xts: XtsResults;
  big: BigTrace;
}

export function goalsTable({ overhead, ec, lz4, inf, xts, big }: GoalInputs): BenchTable<undefined> {
  const total = (k: 'ratioFast' | 'ratioDesign' | 'ratioZlib1') => corpusRatio(lz4.rows, k);
  const compRate = (name: string, rows = lz4.rows) => compressorRate(rows, name);
  const ecDefault = ec.rows.find((r) => r.k === 10 && r.m === 4 && r.bytesPerCycle === 64)!;
  const lz4Text = lz4.rows.find((r) => r.file.startsWith('Tom'))!;
  const lz4Best = Math.max(...lz4.rows.flatMap((r) => Object.values(r.engineBytesPerCycle)));
  const lz4TextBest = Math.max(...Object.values(lz4Text.engineBytesPerCycle));
  const infText = Math.max(...inf.rows.filter((r) => r.file.startsWith('Tom')).flatMap((r) => Object.values(r.engineBytesPerCycle)));
  const infXml = Math.max(...inf.rows.filter((r) => r.file.startsWith('xml')).flatMap((r) => Object.values(r.engineBytesPerCycle)));
  const compBestName = lz4.compressors.reduce((a, b) => (compRate(b) > compRate(a) ? b : a));
  const compBest = compRate(compBestName);
  const compText = compRate(compBestName, [lz4Text]);
  const designPct = 100 * total('ratioDesign') / total('ratioFast');
  const xtsWidest = xts.rows[0].workloads[1].bytesPerCycle;
  const goal = (name: string, target: string, measured: string, met: boolean) => [name, target, measured, met ? 'met' : 'NOT MET'];
  return {
    id: 'goals',
    title: ['\nGoals set by the issues, as measured in this run'],
    table: {
      headers: ['goal', 'target', 'measured', 'status'],
      rows: [
        goal('TS-driven simulation vs plain C++', '>= 50%', `${(overhead.ratio * 100).toFixed(0)}%`, overhead.ratio >= 0.5),
        goal('EC 10+4 source bytes/cycle, default width', '>= 64', ecDefault.sourceBytesPerCycle.toFixed(1), ecDefault.sourceBytesPerCycle >= 63.9),
        goal('LZ4 compressor ratio vs lz4 -1 (design)', 'within 5%', `${designPct.toFixed(1)}%`, designPct >= 95),
        goal('LZ4 compress input bytes/cycle (some config, whole corpus)', '>= 8', `${compBest.toFixed(2)} (${compBestName}), ${compText.toFixed(2)} on text`, compBest >= 8),
        goal('LZ4 decompress output bytes/cycle (also on text)', '>= 8', `${lz4Best.toFixed(1)} best, ${lz4TextBest.toFixed(1)} on text`, lz4Best >= 8 && lz4TextBest >= 8),
        goal('inflate output bytes/cycle (also on text)', '>= 4', `${infXml.toFixed(1)} on XML, ${infText.toFixed(1)} on text`, infXml >= 4 && infText >= 4),
        goal('AES-XTS bytes/cycle, widest default (encrypt, 16 KiB requests)', '>= 64', `${xtsWidest.toFixed(1)} (64 B beats; includes the pipeline fill)`, xtsWidest >= 63),
        goal('a 1 GB trace streams in bounded memory (peak RSS)', '< 256 MB', `${big.peakRssMb} MB for ${(big.bytes / 1e9).toFixed(2)} GB`, big.peakRssMb < 256),
      ],
    },
    json: {},
    data: undefined,
  };
}
