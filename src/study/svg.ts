// Small, dependency-free SVG charts for the study's HTML page: grouped bars, lines over a numeric x axis and a
// scatter, each with a linear or log10 y (and x) axis. Output is deterministic text (fixed decimals), so the same
// figures give the same bytes.

export interface Series {
  name: string;
  values: number[];
}

const W = 860;
const H = 340;
const M = { left: 70, right: 230, top: 34, bottom: 56 };
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#17becf', '#bcbd22'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (x: number) => Number(x.toFixed(1)).toString();

interface Axis {
  toPx: (v: number) => number;
  ticks: { v: number; label: string }[];
}

function label(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e3) return `${Number((v / 1e3).toPrecision(3))}k`;
  return `${Number(v.toPrecision(3))}`;
}

/** An axis over [lo, hi] mapped to pixels [p0, p1]: log10 with decade ticks, or linear with about 5 ticks from 0. */
function axis(values: number[], p0: number, p1: number, log: boolean): Axis {
  const finite = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  if (log) {
    const lo = Math.floor(Math.log10(Math.min(...finite)));
    const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...finite))));
    const ticks = [];
    for (let e = lo; e <= hi; e++) ticks.push({ v: 10 ** e, label: label(10 ** e) });
    return { toPx: (v) => p0 + ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * (p1 - p0), ticks };
  }
  const max = Math.max(...finite, 0) || 1;
  const step0 = 10 ** Math.floor(Math.log10(max / 5));
  const step = [1, 2, 5, 10].map((m) => m * step0).find((s) => max / s <= 6)!;
  const top = Math.ceil(max / step) * step;
  const ticks = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push({ v, label: label(v) });
  return { toPx: (v) => p0 + (v / top) * (p1 - p0), ticks };
}

function frame(title: string, xLabel: string, yLabel: string, y: Axis, body: string[], legend: string[]): string {
  const ox = M.left;
  const oy = H - M.bottom;
  const grid = y.ticks.map((t) => {
    const py = n(y.toPx(t.v));
    return `<line x1="${ox}" y1="${py}" x2="${W - M.right}" y2="${py}" stroke="#ddd"/><text x="${ox - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">${esc(t.label)}</text>`;
  });
  const keys = legend.map((name, i) => `<rect x="${W - M.right + 14}" y="${M.top + i * 18}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/><text x="${W - M.right + 32}" y="${M.top + i * 18 + 10}">${esc(name)}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${esc(title)}</text>`,
    ...grid,
    `<line x1="${ox}" y1="${oy}" x2="${W - M.right}" y2="${oy}" stroke="#333"/><line x1="${ox}" y1="${M.top}" x2="${ox}" y2="${oy}" stroke="#333"/>`,
    `<text x="${(ox + W - M.right) / 2}" y="${H - 10}" text-anchor="middle">${esc(xLabel)}</text>`,
    `<text transform="translate(16 ${(M.top + oy) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
    ...body,
    ...keys,
    '</svg>',
  ].join('\n');
}

/** Grouped bars: one group per category, one bar per series. */
export function barChart(o: { title: string; categories: string[]; series: Series[]; xLabel: string; yLabel: string; log?: boolean }): string {
  const y = axis(o.series.flatMap((s) => s.values), H - M.bottom, M.top, o.log ?? false);
  const plotW = W - M.left - M.right;
  const groupW = plotW / o.categories.length;
  const barW = (groupW * 0.8) / o.series.length;
  const body: string[] = [];
  o.categories.forEach((c, ci) => {
    const gx = M.left + ci * groupW + groupW * 0.1;
    o.series.forEach((s, si) => {
      const v = s.values[ci];
      if (!Number.isFinite(v) || (o.log && v <= 0)) return;
      const top = y.toPx(v);
      body.push(`<rect x="${n(gx + si * barW)}" y="${n(top)}" width="${n(barW * 0.9)}" height="${n(H - M.bottom - top)}" fill="${PALETTE[si % PALETTE.length]}"><title>${esc(`${s.name}, ${c}: ${label(v)}`)}</title></rect>`);
    });
    body.push(`<text x="${n(M.left + (ci + 0.5) * groupW)}" y="${H - M.bottom + 14}" text-anchor="middle" font-size="10">${esc(c)}</text>`);
  });
  return frame(o.title, o.xLabel, o.yLabel, y, body, o.series.map((s) => s.name));
}

/** Lines over a numeric x (one point per x per series). */
export function lineChart(o: { title: string; x: number[]; series: Series[]; xLabel: string; yLabel: string; log?: boolean }): string {
  const y = axis(o.series.flatMap((s) => s.values), H - M.bottom, M.top, o.log ?? false);
  const xa = axis(o.x, M.left, W - M.right, false);
  const body = xa.ticks.map((t) => `<text x="${n(xa.toPx(t.v))}" y="${H - M.bottom + 14}" text-anchor="middle">${esc(t.label)}</text>`);
  o.series.forEach((s, si) => {
    const c = PALETTE[si % PALETTE.length];
    const pts = o.x.map((x, i) => `${n(xa.toPx(x))},${n(y.toPx(s.values[i]))}`);
    body.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.join(' ')}"/>`);
    o.x.forEach((x, i) => body.push(`<circle cx="${n(xa.toPx(x))}" cy="${n(y.toPx(s.values[i]))}" r="3" fill="${c}"><title>${esc(`${s.name}, ${label(x)}: ${label(s.values[i])}`)}</title></circle>`));
  });
  return frame(o.title, o.xLabel, o.yLabel, y, body, o.series.map((s) => s.name));
}

/** Points (x, y) in groups (one colour each), log10 on both axes. */
export function scatterChart(o: { title: string; groups: { name: string; points: { x: number; y: number; label: string }[] }[]; xLabel: string; yLabel: string }): string {
  const all = o.groups.flatMap((g) => g.points);
  const y = axis(all.map((p) => p.y), H - M.bottom, M.top, true);
  const xa = axis(all.map((p) => p.x), M.left, W - M.right, true);
  const body = xa.ticks.map((t) => `<text x="${n(xa.toPx(t.v))}" y="${H - M.bottom + 14}" text-anchor="middle">${esc(t.label)}</text>`);
  o.groups.forEach((g, gi) => {
    for (const p of g.points) body.push(`<circle cx="${n(xa.toPx(p.x))}" cy="${n(y.toPx(p.y))}" r="4" fill="${PALETTE[gi % PALETTE.length]}"><title>${esc(p.label)}</title></circle>`);
  });
  return frame(o.title, o.xLabel, o.yLabel, y, body, o.groups.map((g) => g.name));
}
