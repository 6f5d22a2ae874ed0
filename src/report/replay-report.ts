// A replay's report as files: report.json (the figures, a latency histogram and throughput over time) and a
// standalone report.html (no scripts, no external files) with the same table and two SVG plots.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { percentile } from '../util/percentile.js';
import type { ReplayReport } from '../trace/replay.js';

export interface ReplayReportInput {
  trace: string;
  format: string;
  data: string;
  datapath: string;
  report: ReplayReport;
  skippedLines: number;
}

interface Bin { from: number; to: number; count: number }
interface Point { cycle: number; bytesPerCycle: number }

/** Latencies in power-of-two bins of cycles. */
export function latencyHistogram(latencies: readonly number[]): Bin[] {
  const bins = new Map<number, number>();
  for (const l of latencies) {
    const b = l <= 1 ? 0 : Math.floor(Math.log2(l));
    bins.set(b, (bins.get(b) ?? 0) + 1);
  }
  if (!bins.size) return [];
  const lo = Math.min(...bins.keys());
  const hi = Math.max(...bins.keys());
  return Array.from({ length: hi - lo + 1 }, (_, i) => ({ from: 2 ** (lo + i), to: 2 ** (lo + i + 1), count: bins.get(lo + i) ?? 0 }));
}

/**
 * Unit bytes completed per cycle, in equal spans of the run: at most `buckets`, and few enough that a span holds
 * about eight completions on average (fewer would show each completion as a spike rather than a rate).
 */
export function throughputSeries(timeline: readonly { cycle: number; bytes: number }[], maxBuckets = 100): Point[] {
  if (!timeline.length) return [];
  const buckets = Math.max(1, Math.min(maxBuckets, Math.floor(timeline.length / 8)));
  const end = timeline.reduce((m, t) => Math.max(m, t.cycle), 0) + 1;
  const span = Math.max(1, Math.ceil(end / buckets));
  const sums = new Array<number>(Math.ceil(end / span)).fill(0);
  for (const t of timeline) sums[Math.floor(t.cycle / span)] += t.bytes;
  return sums.map((b, i) => ({ cycle: i * span, bytesPerCycle: b / span }));
}

export function replaySummary(input: ReplayReportInput) {
  const r = input.report;
  const lat = r.latencies;
  return {
    trace: input.trace, format: input.format, data: input.data, datapath: input.datapath, device: r.device,
    records: r.records, reads: r.reads, writes: r.writes, readBytes: r.readBytes, writeBytes: r.writeBytes, skippedLines: input.skippedLines,
    requests: r.requests, unitBytes: r.unitBytesMoved, cycles: r.cycles, skippedIdleCycles: r.skippedIdleCycles,
    unitBytesPerCycle: r.cycles ? r.unitBytesMoved / r.cycles : 0,
    latencyCycles: lat.length ? { p50: percentile(lat, 50), p90: percentile(lat, 90), p99: percentile(lat, 99), max: lat.reduce((a, b) => Math.max(a, b), 0), mean: lat.reduce((a, b) => a + b, 0) / lat.length } : undefined,
    inFlight: { mean: r.occupancyMean, max: r.occupancyMax },
    compressionRatio: r.compressedBytes ? r.compressedInput / r.compressedBytes : undefined,
    degradedReads: r.degradedReads, mismatches: r.mismatches, firstMismatch: r.firstMismatch, wallSeconds: r.wallSeconds,
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 }));

const W = 640;
const H = 240;
const M = { left: 60, right: 10, top: 10, bottom: 40 };

function axes(xLabel: string, yLabel: string, yMax: number): string {
  const ih = H - M.top - M.bottom;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = M.top + ih - f * ih;
    return `<line x1="${M.left - 4}" y1="${y}" x2="${M.left}" y2="${y}" stroke="#444"/><text x="${M.left - 6}" y="${y + 4}" text-anchor="end" font-size="10">${esc(fmt(+(f * yMax).toPrecision(3)))}</text>`;
  }).join('');
  return `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}" stroke="#444"/><line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="#444"/>${ticks}`
    + `<text x="${(M.left + W - M.right) / 2}" y="${H - 6}" text-anchor="middle" font-size="11">${esc(xLabel)}</text>`
    + `<text transform="translate(14,${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="11">${esc(yLabel)}</text>`;
}

export function latencySvg(bins: readonly Bin[]): string {
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const max = Math.max(1, ...bins.map((b) => b.count));
  const bw = bins.length ? iw / bins.length : iw;
  const bars = bins.map((b, i) => {
    const h = (b.count / max) * ih;
    const x = M.left + i * bw;
    return `<rect x="${x + 1}" y="${M.top + ih - h}" width="${Math.max(1, bw - 2)}" height="${h}" fill="#3b7dd8"><title>${esc(`${fmt(b.from)}..${fmt(b.to)} cycles: ${b.count}`)}</title></rect>`
      + (bins.length <= 24 || i % 2 === 0 ? `<text x="${x + bw / 2}" y="${H - M.bottom + 12}" text-anchor="middle" font-size="9">${esc(fmt(b.from))}</text>` : '');
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="latency distribution">${axes('latency per trace I/O (cycles, power-of-two bins)', 'I/Os', max)}${bars}</svg>`;
}

export function throughputSvg(points: readonly Point[]): string {
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const max = Math.max(1e-9, ...points.map((p) => p.bytesPerCycle));
  const end = points.length ? points[points.length - 1].cycle || 1 : 1;
  const xy = points.map((p) => `${(M.left + (p.cycle / end) * iw).toFixed(1)},${(M.top + ih - (p.bytesPerCycle / max) * ih).toFixed(1)}`).join(' ');
  const xTicks = [0, 0.5, 1].map((f) => `<text x="${M.left + f * iw}" y="${H - M.bottom + 12}" text-anchor="${f === 1 ? 'end' : 'middle'}" font-size="9">${esc(fmt(Math.round(f * end)))}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="throughput over time">${axes('replay cycle', 'unit bytes / cycle', max)}${xTicks}<polyline fill="none" stroke="#d8553b" stroke-width="1.5" points="${xy}"/></svg>`;
}

export function replayHtml(input: ReplayReportInput): string {
  const s = replaySummary(input);
  const rows: [string, string][] = [
    ['trace', `${s.trace} (${s.format})`], ['datapath', `${s.datapath} → ${s.device}`], ['write data', s.data],
    ['records', `${fmt(s.records)} (${fmt(s.reads)} reads, ${fmt(s.writes)} writes; ${fmt(s.skippedLines)} malformed lines skipped)`],
    ['trace bytes', `${fmt(s.readBytes)} read, ${fmt(s.writeBytes)} written`],
    ['unit requests', `${fmt(s.requests)} moving ${fmt(s.unitBytes)} bytes${s.degradedReads ? `; ${fmt(s.degradedReads)} reads rebuilt lost fragments` : ''}`],
    ['simulated cycles', `${fmt(s.cycles)} (${fmt(s.skippedIdleCycles)} idle cycles skipped)`],
    ['unit bytes / cycle', fmt(s.unitBytesPerCycle)],
    ['latency (cycles)', s.latencyCycles ? `p50 ${fmt(s.latencyCycles.p50)}, p90 ${fmt(s.latencyCycles.p90)}, p99 ${fmt(s.latencyCycles.p99)}, max ${fmt(s.latencyCycles.max)}, mean ${fmt(s.latencyCycles.mean)}` : '-'],
    ['requests in flight', `mean ${fmt(s.inFlight.mean)}, max ${fmt(s.inFlight.max)}`],
    ['compression ratio', s.compressionRatio ? fmt(s.compressionRatio) : '-'],
    ['mismatches', `${fmt(s.mismatches)} — ${s.mismatches ? 'FAIL' : 'PASS: every completion and destination byte equal to the software pipeline'}`],
  ];
  const m = s.firstMismatch;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dpuforge replay: ${esc(s.trace)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:24px;max-width:720px}table{border-collapse:collapse}td{padding:3px 10px;border-bottom:1px solid #ddd;vertical-align:top}td:first-child{color:#555;white-space:nowrap}.fail{color:#b00}</style>
</head><body>
<h1>Replay of ${esc(path.basename(s.trace))}</h1>
<table>${rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('\n')}</table>
${m ? `<p class="fail">First mismatch: trace line ${m.line}, ${esc(m.kind)} of ${esc(m.device)} at byte offset ${m.offset} (queue ${m.queue}, command ${m.cid}, replay cycle ${m.cycle}, model cycle ${m.modelCycle}): ${esc(m.what)}</p>` : ''}
<h2>Latency distribution</h2>
${latencySvg(latencyHistogram(input.report.latencies))}
<h2>Throughput over time</h2>
${throughputSvg(throughputSeries(input.report.timeline))}
<p>Generated by dpuforge replay; figures are exact simulated cycles of the generated RTL.</p>
</body></html>
`;
}

/** Write report.json and report.html into dir; returns their paths. */
export function writeReplayReport(dir: string, input: ReplayReportInput): string[] {
  mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'report.json');
  const html = path.join(dir, 'report.html');
  writeFileSync(json, `${JSON.stringify({ ...replaySummary(input), latencyHistogram: latencyHistogram(input.report.latencies), throughput: throughputSeries(input.report.timeline) }, null, 2)}\n`);
  writeFileSync(html, replayHtml(input));
  return [json, html];
}
