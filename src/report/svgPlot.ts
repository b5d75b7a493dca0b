/**
 * DEPRECATED: hand-written SVG line plots, kept only so that callers on other branches
 * (sweep figures, conductance outputs) still build at merge time. New figures use ./figure.ts
 * (Vega-Lite → SVG + PNG + spec); the run's conductance trace is ./conductancePlot.ts.
 * Move the remaining callers to figure.ts (lineSpec + writeFigure) and delete this file.
 */
export interface Series {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  label?: string;
  color?: string;
  /** draw markers at the points */
  markers?: boolean;
}

export interface PlotOptions {
  title: string;
  xlabel: string;
  ylabel: string;
  series: Series[];
  width?: number;
  height?: number;
  /** horizontal reference lines (e.g. integer multiples of G0) */
  hlines?: number[];
  ymin?: number;
  ymax?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

function niceTicks(lo: number, hi: number, n = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) out.push(+v.toPrecision(12));
  return out;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function svgLinePlot(o: PlotOptions): string {
  const W = o.width ?? 720, H = o.height ?? 360;
  const m = { l: 64, r: 16, t: 32, b: 48 };
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
  for (const s of o.series) {
    for (let i = 0; i < s.x.length; i++) {
      const x = s.x[i]!, y = s.y[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      xmin = Math.min(xmin, x); xmax = Math.max(xmax, x);
      ymin = Math.min(ymin, y); ymax = Math.max(ymax, y);
    }
  }
  if (!Number.isFinite(xmin)) { xmin = 0; xmax = 1; ymin = 0; ymax = 1; }
  if (o.ymin !== undefined) ymin = o.ymin;
  if (o.ymax !== undefined) ymax = Math.max(o.ymax, ymax);
  if (xmax === xmin) xmax = xmin + 1;
  if (ymax === ymin) ymax = ymin + 1;
  const pad = 0.05 * (ymax - ymin);
  if (o.ymin === undefined) ymin -= pad;
  ymax += pad;
  const sx = (x: number) => m.l + ((x - xmin) / (xmax - xmin)) * (W - m.l - m.r);
  const sy = (y: number) => H - m.b - ((y - ymin) / (ymax - ymin)) * (H - m.t - m.b);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(o.title)}</text>`);
  for (const t of niceTicks(xmin, xmax)) {
    parts.push(`<line x1="${sx(t)}" y1="${H - m.b}" x2="${sx(t)}" y2="${H - m.b + 5}" stroke="black"/>`);
    parts.push(`<text x="${sx(t)}" y="${H - m.b + 18}" text-anchor="middle">${t}</text>`);
  }
  for (const t of niceTicks(ymin, ymax)) {
    parts.push(`<line x1="${m.l - 5}" y1="${sy(t)}" x2="${W - m.r}" y2="${sy(t)}" stroke="#eee"/>`);
    parts.push(`<text x="${m.l - 8}" y="${sy(t) + 4}" text-anchor="end">${t}</text>`);
  }
  for (const h of o.hlines ?? []) {
    if (h < ymin || h > ymax) continue;
    parts.push(`<line x1="${m.l}" y1="${sy(h)}" x2="${W - m.r}" y2="${sy(h)}" stroke="#999" stroke-dasharray="4 3"/>`);
  }
  parts.push(`<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="black"/>`);
  parts.push(`<text x="${W / 2}" y="${H - 10}" text-anchor="middle">${esc(o.xlabel)}</text>`);
  parts.push(`<text x="16" y="${H / 2}" text-anchor="middle" transform="rotate(-90 16 ${H / 2})">${esc(o.ylabel)}</text>`);
  o.series.forEach((s, k) => {
    const c = s.color ?? PALETTE[k % PALETTE.length];
    const pts: string[] = [];
    for (let i = 0; i < s.x.length; i++) {
      if (Number.isFinite(s.x[i]!) && Number.isFinite(s.y[i]!)) pts.push(`${sx(s.x[i]!).toFixed(1)},${sy(s.y[i]!).toFixed(1)}`);
    }
    parts.push(`<polyline fill="none" stroke="${c}" stroke-width="1.5" points="${pts.join(' ')}"/>`);
    if (s.markers) for (const p of pts) { const [x, y] = p.split(','); parts.push(`<circle cx="${x}" cy="${y}" r="2.5" fill="${c}"/>`); }
    if (s.label) parts.push(`<text x="${W - m.r - 8}" y="${m.t + 16 + 14 * k}" text-anchor="end" fill="${c}">${esc(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
