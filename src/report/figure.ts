/**
 * Figures: Vega-Lite specs (plain JSON, data inline), rendered headless in Node to SVG by vega's
 * View.toSVG() (no canvas; text widths are estimated) and to PNG by resvg. One call writes
 *   name.svg      the figure
 *   name.png      the same at `scale`× (default 2)
 *   name.vl.json  the Vega-Lite spec with its data (open it in the Vega editor to restyle)
 *   name.csv      the plotted numbers, when a table is given
 * Line series longer than MAX_LINE_POINTS are drawn as their min/max envelope (the CSV keeps all).
 * Builders: lineSpec (traces; vertical markers, horizontal reference lines, highlighted spans),
 * histogramSpec (bins as bars, peaks as rules), psdSpec (log-log spectrum with a power-law fit),
 * pointSpec (scatter of labelled points). Every axis has a title with its unit.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { csvTable } from '../io/csv.ts';

/** A Vega-Lite spec as JSON. */
export type VlSpec = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
export const FONT = 'DejaVu Sans, Arial, sans-serif';
const CONFIG = { font: FONT, background: 'white', axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eee' }, title: { fontSize: 14 }, view: { stroke: '#333' } };

/** Wraps unit/layer/concat specs as a top-level spec with the schema and the shared style. */
export function topLevel(spec: VlSpec, title?: string): VlSpec {
  return { $schema: SCHEMA, ...(title ? { title } : {}), config: CONFIG, ...spec };
}

export interface LineSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface LineSpecOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  series: LineSeries[];
  /** draw a point at every sample */
  points?: boolean;
  /** horizontal dashed reference lines (e.g. integer multiples of G0) */
  hlines?: number[];
  /** vertical markers with labels (e.g. the first bridge) */
  markers?: { x: number; label: string }[];
  /** highlighted horizontal spans (e.g. plateaus: from x0 to x1 at level y) */
  spans?: { x0: number; x1: number; y: number; label?: string }[];
  ymin?: number;
  width?: number;
  height?: number;
  logX?: boolean;
  logY?: boolean;
}

/** Most points drawn per series; longer series keep the min and max of each of MAX/2 buckets (the envelope). */
export const MAX_LINE_POINTS = 6000;

/** Sample indices to draw: all, or the min and max of each bucket, in order. */
export function decimate(y: ArrayLike<number>, max = MAX_LINE_POINTS): number[] {
  const n = y.length;
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.floor(max / 2), out: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const a = Math.floor((b * n) / buckets), e = Math.floor(((b + 1) * n) / buckets);
    let lo = a, hi = a;
    for (let i = a; i < e; i++) {
      if (y[i]! < y[lo]!) lo = i;
      if (y[i]! > y[hi]!) hi = i;
    }
    if (lo === hi) out.push(lo);
    else out.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  return out;
}

function rowsOf(series: LineSeries[]): { series: string; x: number; y: number }[] {
  const rows: { series: string; x: number; y: number }[] = [];
  for (const s of series) for (const i of decimate(s.y)) if (Number.isFinite(s.x[i]!) && Number.isFinite(s.y[i]!)) rows.push({ series: s.name, x: s.x[i]!, y: s.y[i]! });
  return rows;
}

/** The unit/layer part of a line plot (no $schema), for use inside concatenations. */
export function lineLayer(o: LineSpecOptions): VlSpec {
  const many = o.series.length > 1;
  const xScale = o.logX ? { type: 'log' } : { zero: false };
  const yScale = o.logY ? { type: 'log' } : o.ymin !== undefined ? { domainMin: o.ymin } : { zero: false };
  const x = { field: 'x', type: 'quantitative', title: o.xTitle, scale: xScale };
  const y = { field: 'y', type: 'quantitative', title: o.yTitle, scale: yScale };
  const layer: VlSpec[] = [{
    data: { values: rowsOf(o.series) },
    mark: { type: 'line', point: o.points ? { size: 18 } : false, strokeWidth: 1.5, clip: true },
    encoding: { x, y, ...(many ? { color: { field: 'series', type: 'nominal', title: null } } : {}) },
  }];
  if (o.hlines?.length) {
    layer.push({ data: { values: o.hlines.map((v) => ({ y: v })) }, mark: { type: 'rule', strokeDash: [4, 3], color: '#999' }, encoding: { y: { field: 'y', type: 'quantitative' } } });
  }
  if (o.spans?.length) {
    layer.push({
      data: { values: o.spans },
      mark: { type: 'rule', strokeWidth: 5, opacity: 0.45, color: '#ff7f0e' },
      encoding: { x: { field: 'x0', type: 'quantitative' }, x2: { field: 'x1' }, y: { field: 'y', type: 'quantitative' }, ...(o.spans.some((s) => s.label) ? { tooltip: { field: 'label' } } : {}) },
    });
  }
  if (o.markers?.length) {
    const data = { values: o.markers };
    layer.push({ data, mark: { type: 'rule', color: '#d62728', strokeDash: [6, 3], strokeWidth: 1.5 }, encoding: { x: { field: 'x', type: 'quantitative' } } });
    layer.push({ data, mark: { type: 'text', color: '#d62728', align: 'left', baseline: 'top', dx: 4, dy: 4, fontSize: 11 }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } } });
  }
  return { width: o.width ?? 640, height: o.height ?? 300, layer };
}

export function lineSpec(o: LineSpecOptions): VlSpec {
  return topLevel(lineLayer(o), o.title);
}

/** lineLayer with its own panel title, for vconcatSpec. */
export function linePanel(o: LineSpecOptions): VlSpec {
  return { title: o.title, ...lineLayer(o) };
}

export interface HistogramSpecOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  edges: ArrayLike<number>;
  values: ArrayLike<number>;
  peaks?: { position: number; label?: string }[];
  color?: string;
  width?: number;
  height?: number;
  /** clip the x axis at this value (bars beyond are not drawn) */
  xmax?: number;
}

export function histogramLayer(o: HistogramSpecOptions): VlSpec {
  const rows: { lo: number; hi: number; value: number }[] = [];
  for (let k = 0; k < o.values.length; k++) if (o.xmax === undefined || o.edges[k]! < o.xmax) rows.push({ lo: o.edges[k]!, hi: o.edges[k + 1]!, value: o.values[k]! });
  const x = { field: 'lo', type: 'quantitative', title: o.xTitle, scale: { zero: true } };
  const layer: VlSpec[] = [{
    data: { values: rows },
    mark: { type: 'rect', color: o.color ?? '#1f77b4' },
    encoding: { x, x2: { field: 'hi' }, y: { field: 'value', type: 'quantitative', title: o.yTitle, scale: { zero: true } }, y2: { datum: 0 } },
  }];
  if (o.peaks?.length) {
    const data = { values: o.peaks.map((p) => ({ x: p.position, label: p.label ?? p.position.toFixed(2) })) };
    layer.push({ data, mark: { type: 'rule', color: '#d62728', strokeDash: [4, 2] }, encoding: { x: { field: 'x', type: 'quantitative' } } });
    layer.push({ data, mark: { type: 'text', color: '#d62728', align: 'left', baseline: 'top', dx: 3, dy: 2, fontSize: 10 }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } } });
  }
  return { title: o.title, width: o.width ?? 640, height: o.height ?? 260, layer };
}

export function histogramSpec(o: HistogramSpecOptions): VlSpec {
  const { title: _t, ...rest } = histogramLayer(o);
  return topLevel(rest, o.title);
}

export interface PsdSpecOptions {
  title: string;
  f: ArrayLike<number>;
  psd: ArrayLike<number>;
  /** unit of frequency, e.g. 'Hz' or '1/ps' */
  fUnit: string;
  /** unit of the PSD, e.g. 'G0²/Hz' */
  pUnit: string;
  fit?: { alpha: number; log10A: number; band: [number, number] };
  width?: number;
  height?: number;
}

export function psdLayer(o: PsdSpecOptions): VlSpec {
  const xs: number[] = [], ys: number[] = [];
  for (let k = 0; k < o.f.length; k++) if (o.f[k]! > 0 && o.psd[k]! > 0) (xs.push(o.f[k]!), ys.push(o.psd[k]!));
  const series: LineSeries[] = [{ name: 'PSD (Welch)', x: xs, y: ys }];
  if (o.fit) {
    const [a, b] = o.fit.band;
    const P = (f: number) => 10 ** (o.fit!.log10A - o.fit!.alpha * Math.log10(f));
    series.push({ name: `fit 1/f^α, α = ${o.fit.alpha.toFixed(2)}`, x: [a, b], y: [P(a), P(b)] });
  }
  return { title: o.title, ...lineLayer({ title: o.title, xTitle: `frequency (${o.fUnit})`, yTitle: `PSD of G/G0 (${o.pUnit})`, series, logX: true, logY: true, width: o.width ?? 520, height: o.height ?? 300 }) };
}

export function psdSpec(o: PsdSpecOptions): VlSpec {
  const { title: _t, ...rest } = psdLayer(o);
  return topLevel(rest, o.title);
}

/** Panels one above the other (each from a *Layer builder, with its own title), as Fig. 4a-b. */
export function vconcatSpec(title: string, panels: VlSpec[]): VlSpec {
  return topLevel({ vconcat: panels, resolve: { scale: { color: 'independent' } } }, title);
}

export interface PointSpecOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  rows: { x: number; y: number; group?: string }[];
}

/** Points (one symbol per row, coloured by group): e.g. time to first bridge against voltage. */
export function pointSpec(o: PointSpecOptions): VlSpec {
  return topLevel({
    width: 420, height: 260,
    data: { values: o.rows },
    mark: { type: 'point', filled: true, size: 60 },
    encoding: { x: { field: 'x', type: 'quantitative', title: o.xTitle }, y: { field: 'y', type: 'quantitative', title: o.yTitle }, ...(o.rows.some((r) => r.group) ? { color: { field: 'group', type: 'nominal', title: null } } : {}) },
  }, o.title);
}

/** Renders a Vega-Lite spec to an SVG string, headless (vega is loaded on first use). */
export async function renderSvg(spec: VlSpec): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vl.compile(spec as unknown as Parameters<typeof vl.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises an SVG with resvg at `scale`× its size (system fonts, DejaVu Sans preferred). */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return r.render().asPng();
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!sig.every((b, i) => png[i] === b)) throw new Error('not a PNG');
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: dv.getUint32(16), height: dv.getUint32(20) };
}

export interface FigureFiles {
  svg: string;
  png: string;
  spec: string;
  csv?: string;
  /** the SVG text, for inlining in a report */
  svgText: string;
}

/** Writes dir/name.svg, name.png, name.vl.json (and name.csv when a table is given). */
export async function writeFigure(dir: string, name: string, spec: VlSpec, o: { table?: { header: string[]; rows: (number | string | boolean | null)[][] }; scale?: number } = {}): Promise<FigureFiles> {
  fs.mkdirSync(dir, { recursive: true });
  const svgText = await renderSvg(spec);
  const files: FigureFiles = { svg: path.join(dir, `${name}.svg`), png: path.join(dir, `${name}.png`), spec: path.join(dir, `${name}.vl.json`), svgText };
  fs.writeFileSync(files.svg, svgText);
  fs.writeFileSync(files.png, await svgToPng(svgText, o.scale ?? 2));
  fs.writeFileSync(files.spec, JSON.stringify(spec, null, 1) + '\n');
  if (o.table) {
    files.csv = path.join(dir, `${name}.csv`);
    fs.writeFileSync(files.csv, csvTable(o.table.header, o.table.rows));
  }
  return files;
}
