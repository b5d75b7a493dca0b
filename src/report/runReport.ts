/**
 * `rewire report DIR`: one self-contained HTML page of a run folder (conductance.csv, summary.json)
 * or of an ensemble folder (a conductance.csv with a seed column, or one sub-folder per run), with
 *   the conductance trace(s) and the first bridge, the conductance histogram with its peaks,
 *   the plateaus and their filament structure, the noise of the longest plateau (PSD, α, ΔG/G),
 *   the kinetics (time to first bridge: kinetics.json of a kinetics folder, or `rewire kinetics
 *   --json` saved as kinetics.json), ensemble.json of an ensemble, and summary.json.
 * Figures are also written as DIR/report/*.svg|png|vl.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RewireError } from '../core/errors.ts';
import { conductanceHistograms } from '../analysis/histogram.ts';
import { findPlateaus, type PlateauOptions } from '../analysis/plateaus.ts';
import { plateauNoise, type NoiseResult } from '../analysis/noise.ts';
import type { SampleSet, Trace } from '../analysis/samples.ts';
import { readSampleFile, displayTime } from './inputs.ts';
import { histogramSpec, lineSpec, pointSpec, psdSpec, writeFigure, type VlSpec } from './figure.ts';
import { conductanceTraceSpec } from './conductancePlot.ts';
import { esc, htmlPage, htmlTable, inlineSvg, type Section } from './html.ts';

export interface ReportOptions {
  bin?: number;
  seriesResistance?: number | null;
  plateaus?: PlateauOptions;
  /** kinetics JSON (rows of `rewire kinetics --json`); default DIR/kinetics.json when present */
  kinetics?: string;
  /** the HTML file; default DIR/report.html */
  out?: string;
  /** shortest plateau for the noise analysis, samples [16] */
  minNoisePoints?: number;
}

export interface ReportResult {
  html: string;
  figures: string[];
  notes: string[];
}

/** Largest finite value (no spread: traces can have 10⁵–10⁶ samples). */
function maxOf(a: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  return m;
}

function findConductanceFiles(dir: string): string[] {
  const own = path.join(dir, 'conductance.csv');
  if (fs.existsSync(own)) return [own];
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'conductance.csv')))
    .map((d) => path.join(dir, d.name, 'conductance.csv'))
    .sort();
}

type KineticsRow = { volt?: number; gap?: number; seed?: number; bridge_ps?: number | null; median_ps?: number | null; [k: string]: unknown };

/**
 * Kinetics results in either layout: an array of per-seed rows (`rewire kinetics --json` of this
 * branch: volt, gap, seed, bridge_ps, …) or of per-point statistics (median_ps, …), or an object
 * {points, seeds} (the kinetics.json a kinetics output folder holds).
 */
export function readKinetics(file: string): { seeds: KineticsRow[]; points: KineticsRow[] } {
  let j: unknown;
  try {
    j = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new RewireError(file, `not JSON (${(e as Error).message})`, "save the output of 'rewire kinetics --json' to this file, or give a kinetics folder's kinetics.json");
  }
  const arr = (x: unknown) => (Array.isArray(x) ? (x as KineticsRow[]) : []);
  if (Array.isArray(j)) {
    const rows = arr(j);
    return rows.some((r) => 'bridge_ps' in r) ? { seeds: rows, points: [] } : { seeds: [], points: rows };
  }
  const o = (j ?? {}) as Record<string, unknown>;
  const out = { seeds: arr(o.seeds ?? o.rows), points: arr(o.points) };
  if (!out.seeds.length && !out.points.length) throw new RewireError(file, 'no kinetics rows (expected an array, or an object with points/seeds)', "give the output of 'rewire kinetics'");
  return out;
}

function rowTable(rows: KineticsRow[]): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => rows.every((r) => r[k] === undefined || r[k] === null || typeof r[k] !== 'object'));
  return htmlTable(keys, rows.map((r) => keys.map((k) => (r[k] === undefined ? null : (r[k] as string | number | boolean | null)))));
}

export async function buildReport(dir: string, o: ReportOptions = {}): Promise<ReportResult> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new RewireError(dir, 'not a folder', 'give the output folder of rewire run (or an ensemble folder)');
  const figDir = path.join(dir, 'report');
  const sections: Section[] = [], figures: string[] = [], notes: string[] = [];
  let figN = 0;
  const figure = async (name: string, spec: VlSpec, caption: string, table?: { header: string[]; rows: (number | string | boolean | null)[][] }) => {
    const f = await writeFigure(figDir, name, spec, table ? { table } : {});
    figures.push(f.svg);
    return `<figure>${inlineSvg(f.svgText, `fig${++figN}`)}<figcaption class="note">${esc(caption)} (${esc(path.relative(dir, f.svg))}, .png, .vl.json)</figcaption></figure>`;
  };

  // ---- data ----
  const files = findConductanceFiles(dir);
  const sets: SampleSet[] = [];
  for (const f of files) {
    try {
      sets.push(readSampleFile(f, {}));
    } catch (e) {
      if (!(e instanceof RewireError)) throw e;
      notes.push(`skipped ${f}: ${e.message}`);
    }
  }
  const traces: Trace[] = sets.flatMap((s) => s.traces.map((t) => (sets.length > 1 && t.seed === null ? { ...t, label: path.basename(path.dirname(s.name)) } : t)));
  const summaryFile = path.join(dir, 'summary.json');
  const summary = fs.existsSync(summaryFile) ? JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as Record<string, unknown> : null;
  const kinFile = o.kinetics ?? (fs.existsSync(path.join(dir, 'kinetics.json')) ? path.join(dir, 'kinetics.json') : null);

  // ---- conductance trace ----
  if (traces.length) {
    const { scale, unit } = displayTime(traces[0]!.timeUnit);
    let spec: VlSpec;
    if (traces.length === 1 && traces[0]!.timeUnit === 'fs') {
      const t = traces[0]!;
      spec = conductanceTraceSpec(Array.from(t.g, (T, i) => ({ timeFs: t.time[i]!, T, ...(t.bridged ? { bridged: t.bridged[i] === 1 } : {}) })), `Conductance trace (${t.g.length} snapshots)`);
    } else {
      const markers = traces.flatMap((t) => {
        const i = t.bridged ? t.bridged.indexOf(1) : -1;
        return i >= 0 ? [{ x: t.time[i]! * scale, label: `${traces.length > 1 ? `${t.label}: ` : ''}first bridge` }] : [];
      });
      spec = lineSpec({ title: `Conductance traces (${traces.length})`, xTitle: `time (${unit})`, yTitle: 'T = G / G0', series: traces.map((t) => ({ name: t.label, x: Array.from(t.time, (x) => x * scale), y: t.g })), points: true, hlines: [1, 2, 3], markers, ymin: 0 });
    }
    const firsts = traces.map((t) => {
      const i = t.bridged ? t.bridged.indexOf(1) : -1;
      return [t.label, t.g.length, i >= 0 ? t.time[i]! * scale : null, maxOf(t.g), t.g[t.g.length - 1]!];
    });
    sections.push({ id: 'trace', heading: 'Conductance trace', html: await figure('trace', spec, 'T = G/G0 of each snapshot; dashed red: the first snapshot whose filament bridges the tips') + htmlTable(['trace', 'snapshots', `first bridge (${unit})`, 'max T', 'last T'], firsts) });

    // ---- histogram ----
    const g = Float64Array.from(sets.flatMap((s) => Array.from(s.g)));
    const read = sets.reduce((a, s) => a + s.read, 0), skipped = sets.reduce((a, s) => a + s.skipped, 0);
    const bin = o.bin ?? 0.05;
    const pair = conductanceHistograms(g, { read, skipped }, bin, o.seriesResistance ?? null);
    const h = pair.analysed;
    sections.push({
      id: 'histogram', heading: 'Conductance histogram',
      html: await figure('histogram', histogramSpec({ title: `Conductance histogram (${h.n} points, ${bin} G0 bins${pair.seriesResistance !== null ? `, R_s = ${pair.seriesResistance} Ω removed` : ''})`, xTitle: 'G / G0', yTitle: `counts per ${bin} G0 bin`, edges: h.edges, values: h.counts, peaks: h.peaks }), 'all snapshots pooled', { header: ['G_lo_G0', 'G_hi_G0', 'count', 'density_per_G0'], rows: h.counts.map((c, k) => [h.edges[k]!, h.edges[k + 1]!, c, h.density[k]!]) })
        + `<p>read ${read}, skipped ${skipped}, excluded ${h.excluded}, binned ${h.n}.</p>`
        + (h.peaks.length ? htmlTable(['position (G0)', 'width (G0)', 'height (counts)', 'nearest integer'], h.peaks.map((p) => [p.position, p.width, p.height, Math.round(p.position)])) : '<p class="note">no peaks (too few points, or none stands out of the counting noise)</p>'),
    });

    // ---- plateaus ----
    const ps = findPlateaus(traces, o.plateaus ?? {});
    const plHtml = ps.length
      ? await figure('plateaus', lineSpec({ title: 'Plateaus', xTitle: `time (${unit})`, yTitle: 'G / G0', series: traces.map((t) => ({ name: t.label, x: Array.from(t.time, (x) => x * scale), y: t.g })), spans: ps.map((p) => ({ x0: p.tStart * scale, x1: p.tEnd * scale, y: p.level })), hlines: [1, 2, 3], ymin: 0, points: true }), 'orange: plateaus (runs of samples within the tolerance of their mean)')
        + htmlTable(['#', 'trace', `start (${unit})`, `duration (${unit})`, 'points', 'level (G0)', 'std (G0)', 'level − nearest integer', 'bridged', 'gap atoms (median)', 'cross-section (min/median/max)'],
          ps.map((p) => [p.index, p.trace, p.tStart * scale, p.duration * scale, p.points, p.level, p.std, p.deviation, p.bridgedFraction ?? null, p.gapAtoms?.median ?? null, p.crossSection ? `${p.crossSection.min}/${p.crossSection.median}/${p.crossSection.max}` : null]))
      : '<p class="note">no plateaus found</p>';
    sections.push({ id: 'plateaus', heading: 'Plateaus and filament structure', html: plHtml });

    // ---- noise ----
    const minN = o.minNoisePoints ?? 16;
    const longest = ps.reduce<(typeof ps)[number] | null>((b, p) => (!b || p.points > b.points ? p : b), null);
    let noiseHtml: string;
    if (longest && longest.points >= minN) {
      const tr = traces.find((t) => t.label === longest.trace)!;
      const t = Float64Array.from(tr.time.subarray(longest.start, longest.end), (x) => x * scale);
      const r: NoiseResult = plateauNoise(t, tr.g.subarray(longest.start, longest.end));
      noiseHtml = await figure('noise_psd', psdSpec({ title: `PSD of plateau #${longest.index} (${longest.level.toFixed(3)} G0): α = ${r.fit.alpha.toFixed(2)} ± ${r.fit.alphaErr.toFixed(2)}`, f: r.psd.f, psd: r.psd.psd, fUnit: unit === 's' ? 'Hz' : `1/${unit}`, pUnit: unit === 's' ? 'G0²/Hz' : `G0²·${unit}`, fit: r.fit }), 'Welch PSD (Hann, half-overlapping segments, mean removed) with the least-squares 1/f^α fit')
        + htmlTable(['plateau', 'points', '⟨G⟩ (G0)', 'ΔG (G0)', 'ΔG/G', 'α', 'α error', `band (1/${unit})`, 'segments × length'], [[longest.index, r.points, r.mean, r.std, r.relativeFluctuation, r.fit.alpha, r.fit.alphaErr, `${r.fit.band[0].toPrecision(3)}…${r.fit.band[1].toPrecision(3)}`, `${r.psd.segments} × ${r.psd.segment}`]]);
    } else noiseHtml = `<p class="note">no plateau with ≥ ${minN} samples (longest: ${longest?.points ?? 0}); a PSD needs a longer trace (rewire noise FILE --from T0 --to T1 for a chosen window)</p>`;
    sections.push({ id: 'noise', heading: 'Plateau noise', html: noiseHtml });
  } else notes.push(`no conductance.csv in ${dir} or its sub-folders`);

  // ---- kinetics ----
  if (kinFile) {
    const k = readKinetics(kinFile);
    const perSeed = k.seeds.filter((r) => typeof r.volt === 'number' && typeof r.bridge_ps === 'number').map((r) => ({ x: r.volt!, y: r.bridge_ps as number, group: `gap ${r.gap ?? '?'} Å` }));
    const medians = k.points.filter((r) => typeof r.volt === 'number' && typeof r.median_ps === 'number').map((r) => ({ x: r.volt!, y: r.median_ps as number, group: `median, gap ${r.gap ?? '?'} Å` }));
    const pts = [...perSeed, ...medians];
    sections.push({
      id: 'kinetics', heading: 'Kinetics: time to first bridge',
      html: (pts.length ? await figure('kinetics', pointSpec({ title: 'Time to the first bridging contact', xTitle: 'voltage (V)', yTitle: 'first bridge (ps)', rows: pts }), `from ${path.basename(kinFile)}; seeds without a bridge are in the table only`) : '<p class="note">no run bridged</p>')
        + (k.points.length ? rowTable(k.points) : '')
        + (k.seeds.length ? (k.points.length ? `<details><summary>per seed (${k.seeds.length})</summary>${rowTable(k.seeds)}</details>` : rowTable(k.seeds)) : ''),
    });
  }

  // ---- ensemble ----
  const ensFile = path.join(dir, 'ensemble.json');
  if (fs.existsSync(ensFile)) {
    const e = JSON.parse(fs.readFileSync(ensFile, 'utf8')) as { title?: string; seeds_planned?: number; seeds?: KineticsRow[] };
    sections.push({ id: 'ensemble', heading: `Ensemble${e.title ? `: ${e.title}` : ''}`, html: `<p>${e.seeds?.length ?? 0} of ${e.seeds_planned ?? '?'} seed(s) finished.</p>` + (e.seeds?.length ? rowTable(e.seeds) : '') });
  }

  // ---- summary ----
  if (summary) {
    const scalars = Object.entries(summary).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
    sections.push({ id: 'summary', heading: 'Run summary (summary.json)', html: htmlTable(['field', 'value'], scalars.map(([k, v]) => [k, v as string | number | boolean | null])) + `<details><summary>summary.json</summary><pre>${esc(JSON.stringify(summary, null, 2))}</pre></details>` });
  }
  if (!sections.length) throw new RewireError(dir, 'nothing to report: no conductance.csv, summary.json, ensemble.json or kinetics.json', 'give the output folder of rewire run / ensemble / kinetics, or --kinetics FILE');

  const intro = `<p class="note">Folder <code>${esc(path.resolve(dir))}</code>; ${files.length} conductance file(s); generated by rewire report on ${new Date().toISOString()}.</p>` + notes.map((n) => `<p class="note">${esc(n)}</p>`).join('');
  const out = o.out ?? path.join(dir, 'report.html');
  fs.writeFileSync(out, htmlPage(`rewire report: ${path.basename(path.resolve(dir))}`, intro, sections));
  return { html: out, figures, notes };
}
