// What the study takes in besides its parameters: the measured inputs (software rates on the machine it ran on and the simulated LZ4 engines on the study's data: measure.ts, or read back from an earlier
// study's JSON to regenerate the report byte-identical), the default engines' figures from the synthesis table
// (the LZ4 engines' bytes/cycle replaced by their simulation on the study's data), and the trace I/Os.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BLUEFIELD2_A72, type ArmFactor } from '../runtime/arm-factors.js';
import type { IoRequest } from '../runtime/dpu.js';
import { engineFiguresOf, type EngineFigures } from '../runtime/engine-rates.js';
import type { TableRow } from '../synth/table.js';
import type { StorageFunction } from '../runtime/platform.js';
import { ioRequestsFromTrace } from '../runtime/trace-requests.js';
import { readTrace } from '../trace/read.js';
import { projectRoot } from '../util/paths.js';
import { measure, measuredFromFile, type Measured } from './measure.js';
import { StudyParamError, type StudyParams } from './params.js';

export interface StudyInputs {
  measured: Measured;
  /** Per function: the default engine's synthesis figures; bytesPerCycle is input bytes per cycle. */
  engines: Record<StorageFunction, EngineFigures>;
  armFactors: Record<StorageFunction, ArmFactor>;
  /** The I/Os of each trace (arrival times as recorded), by trace name. */
  traces: Record<string, IoRequest[]>;
}

/** `synthesis`: the synthesis table's rows and the file they were read from (for errors). */
export async function gatherInputs(p: StudyParams, synthesis: { rows: readonly TableRow[]; file: string }, o: { measuredFile?: string } = {}): Promise<StudyInputs> {
  const engines = engineFiguresOf(synthesis.rows, synthesis.file);
  const traces: Record<string, IoRequest[]> = {};
  for (const t of p.traces) {
    const file = path.join(projectRoot(), t.file);
    if (!existsSync(file)) throw new StudyParamError(`trace '${t.name}': ${t.file} does not exist`);
    traces[t.name] = await ioRequestsFromTrace(readTrace(file), { speedup: 1, degradedReads: p.degradedReads, seed: p.seed, limit: p.records });
    if (!traces[t.name].length) throw new StudyParamError(`trace '${t.name}': ${t.file} has no I/Os`);
  }
  const measured = o.measuredFile ? measuredFromFile(o.measuredFile) : await measure(p);
  const c = measured.compression;
  // the LZ4 engines' rates depend on the data: their simulation on the study's data (decompress: per input byte)
  engines.compress = { ...engines.compress, bytesPerCycle: c.compressInputBytesPerCycle };
  engines.decompress = { ...engines.decompress, bytesPerCycle: c.decompressOutputBytesPerCycle / c.compressionRatio };
  return { measured, engines, armFactors: BLUEFIELD2_A72, traces };
}
