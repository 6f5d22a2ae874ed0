// The board bitstream: the generated board top synthesized for iCE40 (Yosys), placed and routed on the HX8K
// with the checked-in pin constraints at the board's clock (nextpnr), and packed (icepack) — all from npm.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { boardGenerator, type BoardParams } from '../../gen/board/board.js';
import { placeAndRoute, type PlaceRouteResult } from '../synth/nextpnr.js';
import { synthesize, SynthError, type SynthResult } from '../synth/yosys.js';
import { projectRoot } from '../util/paths.js';

export const BOARD_PCF = 'hw/board/hx8k-breakout.pcf';

export interface BoardBuild {
  params: BoardParams;
  top: string;
  synth: SynthResult;
  pnr: PlaceRouteResult;
  bitstream: Uint8Array;
}

export async function buildBoard(raw: Readonly<Record<string, unknown>> = {}, pcfFile = BOARD_PCF): Promise<BoardBuild> {
  const params = boardGenerator.validate(raw);
  const design = boardGenerator.emit(params);
  let pcf: string;
  try {
    pcf = readFileSync(path.isAbsolute(pcfFile) ? pcfFile : path.join(projectRoot(), pcfFile), 'utf8');
  } catch (err) {
    throw new SynthError(`pin constraints ${pcfFile} cannot be read: ${(err as Error).message}`);
  }
  const synth = await synthesize(design, 'ice40');
  const pnr = await placeAndRoute(synth.netlist!, design.top, 'hx8k', { pcf });
  const clockMhz = params.clockHz / 1e6;
  const fmax = pnr.fmaxMhz.clk;
  if (!(fmax >= clockMhz)) throw new SynthError(`${design.top}: Fmax ${fmax ?? 'unknown'} MHz is below the board clock of ${clockMhz} MHz`);
  return { params, top: design.top, synth, pnr, bitstream: pnr.bitstream! };
}
