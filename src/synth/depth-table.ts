// The logic-depth table: for every engine of the line-rate datapath (as it instantiates them) and every default
// engine, the 6-input-LUT levels on its longest register-to-register path (src/synth/yosys.ts logicDepth, the Fmax
// proxy measurable without Vivado) and where that path starts and ends, against the 12-level budget of a
// 250 MHz UltraScale+ design. `dpuforge synth depth-table` writes docs/depth.md and .json.
import { findGenerator } from '../../gen/index.js';
import { DEFAULT_CONFIGS, datapathFileParams, LINE_RATE_DATAPATH_FILE } from '../../gen/defaults.js';
import { arrayEngineParams } from '../../gen/lz4/compress-array.js';
import { queueCompressArrayParams, queueDecompressArrayParams, queueXtsParams, validateQueueParams } from '../../gen/queue/params.js';
import { ecStageMaxBytes, EC_STAGE_MAX_BYTES } from '../spec/queue.js';
import { logicDepth } from './yosys.js';

/** The budget: about 12 LUT levels (with routing) close timing at 250 MHz on UltraScale+. */
export const DEPTH_BUDGET = 12;

export interface DepthEntry {
  engine: string;
  params: Record<string, unknown>;
  /** Where it sits: 'line-rate datapath' or 'default'. */
  role: string;
}

export interface DepthRow {
  top: string;
  engine: string;
  role: string;
  lutLevels: number;
  from: string;
  to: string;
  yosys: string;
  seconds: number;
  error?: string;
}

/** The line-rate datapath's engines, as its queue engine instantiates them, then the default engines. */
export function depthEntries(): DepthEntry[] {
  const q = validateQueueParams(datapathFileParams(LINE_RATE_DATAPATH_FILE));
  const W = q.dataBytes;
  const line = 'line-rate datapath';
  const dec = queueDecompressArrayParams(q);
  const lineRate: DepthEntry[] = [
    { engine: 'crc', params: { bytesPerCycle: W, model: 'crc32c' }, role: line },
    { engine: 'dma', params: { dataBytes: W, maxBurstBeats: q.maxBurstBeats, maxReadBursts: q.maxReadBursts, maxWriteBursts: q.maxWriteBursts, commandsInFlight: q.dmaCommands }, role: line },
    { engine: 'lz4-compress-greedy', params: { ...arrayEngineParams(queueCompressArrayParams(q)) }, role: line },
    { engine: 'lz4-decompress', params: { bytesPerCycle: dec.bytesPerCycle, windowBytes: dec.windowBytes, maxOutputBytes: dec.maxOutputBytes }, role: line },
    { engine: 'xts', params: { ...queueXtsParams(q, 'encrypt') }, role: line },
    { engine: 'xts', params: { ...queueXtsParams(q, 'decrypt') }, role: line },
    { engine: 'ec-stripe', params: { mode: 'encode', k: q.ecK, m: q.ecM, dataBytes: W, maxBytes: ecStageMaxBytes(q) }, role: line },
    { engine: 'ec-stripe', params: { mode: 'reconstruct', k: q.ecK, m: q.ecM, dataBytes: W, maxBytes: EC_STAGE_MAX_BYTES }, role: line },
  ];
  const defaults = DEFAULT_CONFIGS.filter((c) => c.engine !== 'queue' && c.engine !== 'board').map((c) => ({ ...c, role: 'default' }));
  // each design once (a default may be one the line-rate datapath uses)
  const seen = new Set<string>();
  return [...lineRate, ...defaults].filter((e) => {
    const top = topOf(e);
    if (seen.has(top)) return false;
    seen.add(top);
    return true;
  });
}

export function topOf(e: DepthEntry): string {
  const g = findGenerator(e.engine);
  return g.emit(g.validate(e.params)).top;
}

export async function depthRow(e: DepthEntry): Promise<DepthRow> {
  const g = findGenerator(e.engine);
  const design = g.emit(g.validate(e.params));
  const d = await logicDepth(design, { yosys: 'auto' });
  return { top: design.top, engine: e.engine, role: e.role, lutLevels: d.lutLevels, from: d.from, to: d.to, yosys: d.yosys, seconds: d.seconds };
}

/** Why an engine is deeper than the budget, from its longest path and its design (docs/architecture.md). */
export const DEPTH_NOTES: Readonly<Record<string, string>> = {
  'lz4-decompress': 'the history read for the next cycle\'s match bytes is addressed from this cycle\'s outcome: the bytes '
    + 'written now (the least of the literals or match bytes left, the room and the beat; gen/lz4/decompress.ts min3), the output '
    + 'position after them, minus the next offset (gen/core/line-history.ts read_src), so that a match copies a beat '
    + 'every cycle. Cutting it (the read a cycle later) would cost a cycle per sequence; not built. Adders count here '
    + 'as LUT chains, where UltraScale+ uses carry chains.',
  dma: 'the write side\'s realigner decides and shifts in one cycle: whether this is the segment\'s last beat (its 32-bit '
    + 'beat count plus one against the segment\'s beats), the bytes the beat needs, whether the buffer holds them, and the '
    + 'buffer shifted by the bytes taken (a 2 x dataBytes barrel shift: gen/dma, w_beat_reg to wi_acc_reg). A down-counter '
    + 'for the beats left and a registered last-beat flag would shorten it; not built.',
  'ec-stripe': 'the fill checks each beat before it writes it: its byte count (a sum of 64 tkeep bits) added to the bytes '
    + 'so far (32 bits) against MAX_BYTES, into the stripe RAM\'s write enable, in the same cycle (gen/ec/stripe.ts '
    + 'n_next, beat_bad); adders count here as LUT chains, where UltraScale+ uses carry chains. Not cut yet.',
  'lz4-compress-greedy': 'with 64-byte loads the load beat\'s byte count (a 64-input sum of tkeep bits) feeds the buffer '
    + 'fill in the same cycle; adders count here as LUT chains, where UltraScale+ uses carry chains. The count is not '
    + 'registered yet (a cycle of latency on the load).',
};

export function depthMarkdown(rows: readonly DepthRow[], date: string, missing: readonly string[], notes: Readonly<Record<string, string>>): string {
  const over = rows.filter((r) => !r.error && r.lutLevels > DEPTH_BUDGET);
  return [
    '# Logic depth',
    '',
    `Regenerate with \`npm run dpuforge -- synth depth-table\`. Last run: ${date}. The 6-input-LUT levels on each`,
    'engine\'s longest register-to-register path: Yosys `synth -flatten` (memories kept as cells), `abc -lut 6`,',
    '`ltp -noff` (src/synth/yosys.ts `logicDepth`), the Fmax proxy measurable without Vivado; about',
    `${DEPTH_BUDGET} levels close timing at 250 MHz on UltraScale+. The line-rate datapath's engines are as its queue engine`,
    'instantiates them (`hw/datapath-linerate.json`), then every default engine.',
    '',
    '| design | role | LUT levels | longest path from | to | within budget | Yosys |',
    '|---|---|---:|---|---|---|---|',
    ...rows.map((r) => (r.error
      ? `| \`${r.top}\` | ${r.role} | failed: ${r.error.replace(/\|/g, '/')} |||||`
      : `| \`${r.top}\` | ${r.role} | ${r.lutLevels} | \`${r.from}\` | \`${r.to}\` | ${r.lutLevels <= DEPTH_BUDGET ? 'yes' : 'no (below)'} | ${r.yosys} |`)),
    '',
    ...(missing.length ? [`Not run yet: ${missing.map((t) => `\`${t}\``).join(', ')}.`, ''] : []),
    ...(over.length ? ['## Why the deeper ones are deeper', '', ...over.map((r) => `- \`${r.top}\` (${r.lutLevels} levels, \`${r.from}\` to \`${r.to}\`): ${notes[r.engine] ?? 'not explained yet.'}`), ''] : []),
  ].join('\n');
}
