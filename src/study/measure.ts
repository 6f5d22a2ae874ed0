// The study's measured inputs, taken on its data: one host core's rate per function with the real libraries
// (ISA-L, liblz4, OpenSSL; wall-clock, so they vary run to run), and our default LZ4 compressor's and
// decompressor's bytes/cycle and compression ratio by cycle-accurate simulation (exact, the same every run).
// Both, with the machine they were taken on, are written into study.json and can be read back (`--measured`) to regenerate the report byte-identical.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { queueCompressorParams } from '../../gen/queue/params.js';
import { concatBytes } from '../../sim/stream.js';
import { SimulatedLz4Decompressor } from '../engines/lz4.js';
import { SimulatedLz4Compressor } from '../engines/lz4-compress.js';
import { STORAGE_FUNCTIONS } from '../runtime/platform.js';
import { measureSoftwareRates, type SoftwareRates } from '../runtime/software-rates.js';
import { SECTOR_BYTES, synthesizedPayload } from '../trace/payload.js';
import { StudyParamError, type StudyParams } from './params.js';

export interface SimulatedCompression {
  /** The default compressor's input bytes/cycle and the default decompressor's output bytes/cycle. */
  compressInputBytesPerCycle: number;
  decompressOutputBytesPerCycle: number;
  /** Plain / compressed bytes of the compressor's output on the data. */
  compressionRatio: number;
  how: string;
}

export interface Measured {
  /** The machine the software rates were measured on. */
  machine: Machine;
  software: SoftwareRates;
  compression: SimulatedCompression;
}

export interface Machine {
  cpu: string;
  logicalCores: number;
  memoryGiB: number;
  os: string;
  node: string;
  openssl: string;
}

/** The machine's facts the report records. */
export function machine(): Machine {
  let openssl = 'unknown';
  try {
    openssl = execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
  } catch { /* not installed: the software measurement says so */ }
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    logicalCores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    openssl,
  };
}

/** The study's data: the trace replay's synthesized sectors. */
export function studyData(p: StudyParams): Uint8Array {
  const src = synthesizedPayload(p.seed, p.compressPercent);
  return concatBytes(Array.from({ length: Math.ceil(p.dataBytes / SECTOR_BYTES) }, (_, i) => src.sector('study', i, 1))).subarray(0, p.dataBytes);
}

/** The default LZ4 engines (the synthesis table's default rows) simulated on the data in 64 KiB blocks. */
export async function simulateCompression(data: Uint8Array): Promise<SimulatedCompression> {
  const window = 65536;
  const blocks = Array.from({ length: Math.ceil(data.length / window) }, (_, i) => data.subarray(i * window, (i + 1) * window));
  const c = await SimulatedLz4Compressor.createParallel({ ...queueCompressorParams(16) });
  const d = await SimulatedLz4Decompressor.create({ bytesPerCycle: 8, windowBytes: window });
  try {
    const cr = c.compress(blocks);
    const bad = cr.blocks.findIndex((b) => b.error !== 0);
    if (bad >= 0) throw new Error(`the simulated compressor refused block ${bad} of the study data (status ${cr.blocks[bad].error})`);
    const dr = d.decompress(cr.blocks.map((b) => b.data));
    if (dr.outputBytes !== data.length) throw new Error(`the simulated decompressor gave ${dr.outputBytes} bytes back of ${data.length}`);
    return {
      compressInputBytesPerCycle: cr.inputBytes / cr.cycles,
      decompressOutputBytesPerCycle: dr.outputBytes / dr.cycles,
      compressionRatio: cr.inputBytes / cr.outputBytes,
      how: `Verilator: the 16-lane compressor (2 sequences/cycle) and the 8 B/cycle decompressor on ${blocks.length} blocks of 64 KiB (${cr.cycles} and ${dr.cycles} cycles)`,
    };
  } finally {
    c.close();
    d.close();
  }
}

export async function measure(p: StudyParams): Promise<Measured> {
  const data = studyData(p);
  return {
    machine: machine(),
    software: await measureSoftwareRates({ sample: data, blockBytes: p.softwareBlockBytes, ec: p.ec, lost: p.ec.m, minMs: p.softwareMinMs }),
    compression: await simulateCompression(data),
  };
}

/** The measured inputs of an earlier study's JSON (`measured` of docs/study/study.json). */
export function measuredFromFile(file: string): Measured {
  if (!existsSync(file)) throw new StudyParamError(`--measured ${file}: no such file`);
  let j: { measured?: Measured };
  try {
    j = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new StudyParamError(`--measured ${file}: not JSON (${(err as Error).message})`);
  }
  const m = j.measured;
  for (const fn of STORAGE_FUNCTIONS) {
    if (!(m?.software?.rates?.[fn]! > 0) || typeof m?.software?.how?.[fn] !== 'string') throw new StudyParamError(`--measured ${file}: no software rate for '${fn}' (a study.json written by dpuforge study has them all)`);
  }
  const c = m!.compression;
  if (!(c?.compressInputBytesPerCycle > 0 && c.decompressOutputBytesPerCycle > 0 && c.compressionRatio > 0)) throw new StudyParamError(`--measured ${file}: no simulated compression figures`);
  if (typeof m!.machine?.cpu !== 'string') throw new StudyParamError(`--measured ${file}: no machine record`);
  return { machine: m!.machine, software: m!.software, compression: c };
}
