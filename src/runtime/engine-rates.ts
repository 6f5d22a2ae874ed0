// The engine side of the runtime model: each storage function's engine as our generators build it by default,
// with the bytes/cycle its simulation showed and the resources synthesis gave it — read from the synthesis
// table (docs/synthesis.json, written by `dpuforge synth table`), which keeps the figures of one run together.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TableRow } from '../synth/table.js';
import { projectRoot } from '../util/paths.js';
import type { StorageFunction } from './platform.js';

/** The table row (module name) of each function's default engine. */
export const DEFAULT_ENGINE_ROWS: Record<StorageFunction, string> = {
  crc32c: 'crc_engine_w64_crc32c',
  compress: 'lz4_compress_par_l16_h14_b64_w65536_k4_e16_s2',
  decompress: 'lz4_decompress_w8_h65536',
  'ec-encode': 'ec_engine_k10_m4_w64_runtime',
  'ec-reconstruct': 'ec_engine_k10_m4_w64_runtime',
  encrypt: 'xts_enc_aes256_l4_unr_s4',
  decrypt: 'xts_enc_aes256_l4_unr_s4',
};

export interface EngineFigures {
  top: string;
  bytesPerCycle: number;
  luts: number;
  ffs: number;
  brams: number;
  dsps: number;
}

export class EngineRatesError extends Error {
  override name = 'EngineRatesError';
}

const DEFAULT_TABLE = () => path.join(projectRoot(), 'docs/synthesis.json');

/** The rows of a synthesis table's JSON (`dpuforge synth table` writes it). */
export function readSynthesisTable(file = DEFAULT_TABLE()): TableRow[] {
  if (!existsSync(file)) throw new EngineRatesError(`${file} does not exist: run npm run dpuforge -- synth table`);
  return JSON.parse(readFileSync(file, 'utf8')) as TableRow[];
}

/** The default engines' figures from a synthesis table's rows (read from `file`); a function whose row is missing is named. */
export function engineFiguresOf(rows: readonly TableRow[], file: string): Record<StorageFunction, EngineFigures> {
  const out = {} as Record<StorageFunction, EngineFigures>;
  for (const [fn, top] of Object.entries(DEFAULT_ENGINE_ROWS) as [StorageFunction, string][]) {
    const r = rows.find((x) => x.top === top && !x.error);
    if (!r) throw new EngineRatesError(`${file} has no row for ${top} (the ${fn} engine): run npm run dpuforge -- synth table --resume`);
    out[fn] = { top, bytesPerCycle: r.bytesPerCycle, luts: r.luts, ffs: r.ffs, brams: r.brams, dsps: r.dsps };
  }
  return out;
}

/** The default engines' figures from a synthesis table's JSON file. */
export function engineFigures(file = DEFAULT_TABLE()): Record<StorageFunction, EngineFigures> {
  return engineFiguresOf(readSynthesisTable(file), file);
}
