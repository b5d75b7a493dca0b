/**
 * `rewire noise FILE`: conductance noise on one plateau (paper Fig. 5): ΔG/G, the power spectral
 * density (Welch, Hann) and its 1/f^α slope.
 */
import { parseArgs } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { csvTable } from '../../io/csv.ts';
import { RewireError } from '../../core/errors.ts';
import type { CliIo } from '../cli.ts';
import { findPlateaus, type Plateau } from '../../analysis/plateaus.ts';
import { plateauNoise, type NoiseOptions, type NoiseResult } from '../../analysis/noise.ts';
import type { Trace } from '../../analysis/samples.ts';
import type { Detrend, WindowKind } from '../../analysis/psd.ts';
import { INPUT_ARGS, INPUT_HELP, inputOptions, readSampleFile, displayTime } from '../../report/inputs.ts';
import { linePanel, psdLayer, vconcatSpec, writeFigure, type VlSpec } from '../../report/figure.ts';
import { PLATEAU_ARGS, plateauOptions } from './plateaus.ts';

export const NOISE_HELP = `Usage: rewire noise FILE [--plateau K | --from T0 --to T1] [options]

Conductance noise on one stretch of a trace (paper Fig. 5):
  ⟨G⟩, ΔG = standard deviation, the relative fluctuation ΔG/G;
  the one-sided power spectral density of G/G0 by Welch's method: segments of L = 2^m samples
  overlapping by half, each mean-removed and multiplied by a periodic Hann window,
  P_k = 2|X_k|²/(f_s Σw²) (×1 at DC and Nyquist), averaged; normalised so that Σ P_k Δf equals the
  windowed variance (Parseval); units G0² per frequency unit;
  the slope α of P ∝ 1/f^α: least squares of log10 P on log10 f over the band.

Choosing the stretch:
  --plateau K        plateau number K as listed by 'rewire plateaus' with the same options
                     [default: the longest plateau]
  --from T0 --to T1  a time window instead (ps for simulations, --time-unit for measured data)
  --seed S           with --from/--to in an ensemble file: which seed's trace [default: the first]
  --tolerance G, --min-points N   plateau detection, as for 'rewire plateaus'

Spectrum:
  --segment L        Welch segment, a power of two [default: largest ≤ N/4 (N ≥ 256), ≤ N/2 (N ≥ 32), else ≤ N]
  --window W         hann | rect                                     [default hann]
  --overlap F        segment overlap fraction      [default 0.5 for hann, 0 for rect]
  --detrend D        mean | linear | none, per segment              [default mean]
  --band F1:F2       frequency band of the α fit  [default 2·Δf to the last bin below Nyquist]

Output:
  --out DIR, --name NAME   figure NAME.svg/.png/.vl.json (the stretch and its PSD) and
                           NAME_psd.csv                 [default: the file's folder, noise]
  --json                   print the numbers instead
${INPUT_HELP}
Unevenly spaced samples (any step > 0.1 % off the median) are linearly resampled to the median
step for the PSD (reported as resampled).
`;

/** The samples [a, b) of the chosen stretch. */
export function selectStretch(traces: Trace[], v: { plateau?: string; from?: string; to?: string; seed?: string }, po: { tolerance: number; minPoints: number }, scale: number): { trace: Trace; a: number; b: number; plateau: Plateau | null } {
  if (v.from !== undefined || v.to !== undefined) {
    if (v.plateau !== undefined) throw new RewireError('--plateau', 'given together with --from/--to', 'choose either a plateau or a time window');
    const t0 = Number(v.from), t1 = Number(v.to);
    if (!Number.isFinite(t0) || !Number.isFinite(t1) || !(t1 > t0)) throw new RewireError('--from/--to', `need both, with T1 > T0 (got ${v.from}, ${v.to})`, 'e.g. --from 100 --to 400');
    let trace = traces[0]!;
    if (v.seed !== undefined) {
      const t = traces.find((x) => x.seed === Number(v.seed));
      if (!t) throw new RewireError('--seed', `no seed ${v.seed} in the file (seeds: ${traces.map((x) => x.seed).join(', ')})`, 'use one of these');
      trace = t;
    }
    let a = 0;
    while (a < trace.time.length && trace.time[a]! * scale < t0) a++;
    let b = a;
    while (b < trace.time.length && trace.time[b]! * scale <= t1) b++;
    if (b - a < 4) throw new RewireError('--from/--to', `only ${b - a} sample(s) between ${t0} and ${t1}`, 'choose a wider window');
    return { trace, a, b, plateau: null };
  }
  const ps = findPlateaus(traces, po);
  if (!ps.length) throw new RewireError('--plateau', `no plateau found (±${po.tolerance} G0, ≥ ${po.minPoints} samples)`, 'use --from/--to, a larger --tolerance or a smaller --min-points');
  let p: Plateau;
  if (v.plateau !== undefined) {
    const k = Number(v.plateau);
    if (!Number.isInteger(k) || k < 1 || k > ps.length) throw new RewireError('--plateau', `there are ${ps.length} plateau(s); got '${v.plateau}'`, `use 1…${ps.length} (rewire plateaus lists them)`);
    p = ps[k - 1]!;
  } else p = ps.reduce((best, x) => (x.points > best.points ? x : best), ps[0]!);
  const trace = traces.find((t) => t.label === p.trace)!;
  return { trace, a: p.start, b: p.end, plateau: p };
}

export function noiseOptions(v: Record<string, unknown>): NoiseOptions {
  const o: NoiseOptions = {};
  if (v.segment !== undefined) o.segment = Number(v.segment);
  if (v.window !== undefined) {
    if (v.window !== 'hann' && v.window !== 'rect') throw new RewireError('--window', `unknown window '${v.window}'`, 'use hann or rect');
    o.window = v.window as WindowKind;
  }
  if (v.overlap !== undefined) o.overlap = Number(v.overlap);
  if (v.detrend !== undefined) {
    if (!['mean', 'linear', 'none'].includes(v.detrend as string)) throw new RewireError('--detrend', `unknown '${v.detrend}'`, 'use mean, linear or none');
    o.detrend = v.detrend as Detrend;
  }
  if (v.band !== undefined) {
    const m = /^([^:]+):([^:]+)$/.exec(String(v.band));
    const a = m ? Number(m[1]) : NaN, b = m ? Number(m[2]) : NaN;
    if (!(a > 0) || !(b > a)) throw new RewireError('--band', `'${v.band}' is not F1:F2 with 0 < F1 < F2`, 'e.g. --band 0.001:0.05');
    o.band = [a, b];
  }
  return o;
}

export const NOISE_ARGS = { segment: { type: 'string' }, window: { type: 'string' }, overlap: { type: 'string' }, detrend: { type: 'string' }, band: { type: 'string' } } as const;

export function noiseFigure(t: Float64Array, g: Float64Array, r: NoiseResult, unit: string, title: string): VlSpec {
  const fUnit = unit === 's' ? 'Hz' : `1/${unit}`, pUnit = unit === 's' ? 'G0²/Hz' : `G0²·${unit}`;
  return vconcatSpec(title, [
    linePanel({ title: `G(t): ⟨G⟩ = ${r.mean.toFixed(4)} G0, ΔG/G = ${r.relativeFluctuation.toExponential(2)}`, xTitle: `time (${unit})`, yTitle: 'G / G0', series: [{ name: 'G/G0', x: t, y: g }], points: g.length <= 400, hlines: [Math.round(r.mean)].filter((x) => x > 0), width: 520, height: 200 }),
    psdLayer({ title: `PSD: α = ${r.fit.alpha.toFixed(2)} ± ${r.fit.alphaErr.toFixed(2)} (${r.psd.segments} Welch segment(s) of ${r.psd.segment})`, f: r.psd.f, psd: r.psd.psd, fUnit, pUnit, fit: r.fit }),
  ]);
}

export function noiseJson(r: NoiseResult, unit: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    ...extra, timeUnit: unit, frequencyUnit: unit === 's' ? 'Hz' : `1/${unit}`,
    points: r.points, tStart: r.tStart, tEnd: r.tEnd, dt: r.dt, resampled: r.resampled,
    mean: r.mean, std: r.std, relativeFluctuation: r.relativeFluctuation,
    alpha: r.fit.alpha, alphaErr: r.fit.alphaErr, log10A: r.fit.log10A, band: r.fit.band, fitPoints: r.fit.points,
    psd: { window: r.psd.window, segment: r.psd.segment, segments: r.psd.segments, overlap: r.psd.overlap, detrend: r.psd.detrend, used: r.psd.used, df: r.psd.df, power: r.psd.power, f: Array.from(r.psd.f), psd: Array.from(r.psd.psd) },
  };
}

export async function noiseCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { plateau: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, seed: { type: 'string' }, ...PLATEAU_ARGS, ...NOISE_ARGS, out: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...INPUT_ARGS },
  });
  if (values.help) {
    io.stdout(NOISE_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new RewireError('FILE', `expected one file (got ${positionals.length})`, 'rewire noise conductance.csv [--plateau K]');
  const set = readSampleFile(positionals[0]!, inputOptions(values, true));
  const { scale, unit } = displayTime(set.traces[0]!.timeUnit);
  const sel = selectStretch(set.traces, values, plateauOptions(values), scale);
  const t = Float64Array.from(sel.trace.time.subarray(sel.a, sel.b), (x) => x * scale);
  const g = sel.trace.g.slice(sel.a, sel.b);
  const r = plateauNoise(t, g, noiseOptions(values));
  const what = sel.plateau ? `plateau #${sel.plateau.index} of ${sel.trace.label} (${sel.plateau.level.toFixed(3)} G0)` : `${sel.trace.label}, ${t[0]!.toPrecision(6)}…${t[t.length - 1]!.toPrecision(6)} ${unit}`;
  if (values.json) {
    io.stdout(JSON.stringify(noiseJson(r, unit, { file: set.name, trace: sel.trace.label, plateau: sel.plateau?.index ?? null })) + '\n');
    return 0;
  }
  const dir = values.out ?? path.dirname(set.name);
  const name = values.name ?? 'noise';
  const fig = await writeFigure(dir, name, noiseFigure(t, g, r, unit, `Conductance noise: ${what}`));
  fs.writeFileSync(path.join(dir, `${name}_psd.csv`), csvTable([`f_${unit === 's' ? 'Hz' : `per_${unit}`}`, 'psd'], Array.from(r.psd.f, (f, k) => [f, r.psd.psd[k]!])));
  io.stdout(formatNoise(r, what, unit) + `Figure: ${fig.svg} (+ .png, .vl.json); spectrum: ${path.join(dir, `${name}_psd.csv`)}\n`);
  return 0;
}

export function formatNoise(r: NoiseResult, what: string, unit: string): string {
  const f = unit === 's' ? 'Hz' : `1/${unit}`;
  return [
    `noise on ${what}`,
    `  samples ${r.points}, dt ${r.dt.toPrecision(6)} ${unit}${r.resampled ? ' (resampled to a uniform step)' : ''}`,
    `  ⟨G⟩ = ${r.mean.toFixed(5)} G0, ΔG = ${r.std.toExponential(3)} G0, ΔG/G = ${r.relativeFluctuation.toExponential(3)}`,
    `  PSD: ${r.psd.window} window, ${r.psd.segments} segment(s) of ${r.psd.segment}, Δf = ${r.psd.df.toPrecision(4)} ${f}; Σ P Δf = ${r.psd.power.toExponential(3)} G0²`,
    `  1/f^α: α = ${r.fit.alpha.toFixed(3)} ± ${r.fit.alphaErr.toFixed(3)} over ${r.fit.band[0].toPrecision(3)}…${r.fit.band[1].toPrecision(3)} ${f} (${r.fit.points} frequencies)`,
  ].join('\n') + '\n';
}
