/**
 * Power spectral density by Welch's method (fft.js), one-sided, in units of x² per frequency unit.
 *   segments of L = 2^m samples, overlapping by `overlap` (0.5 for Hann, 0 for rect), each
 *   detrended (mean by default), multiplied by the window w and transformed: X_k = Σ w_n y_n e^{−2πikn/L};
 *   P_k = c_k |X_k|² / (f_s U), U = Σ w_n², f_s = 1/dt, c_0 = c_{L/2} = 1, else 2; averaged over segments;
 *   f_k = k f_s / L, k = 0 … L/2, df = f_s/L.
 * Parseval: Σ_k P_k df = mean over segments of Σ_n (w_n y_n)² / U, which for the rect window and one
 * segment is exactly the mean square (1/L) Σ y_n² (the variance after mean removal); for Hann it is the
 * windowed estimate of the same variance. Returned as `power` so callers can check it.
 * Default L: the largest power of two ≤ N/4 for N ≥ 256 (≥ 7 half-overlapping averages), ≤ N/2 for
 * N ≥ 32, else ≤ N (one periodogram). Samples after the last full segment are not used (`used`).
 *
 * Power-law slope: least squares of log10 P against log10 f over a band (default 2·df … the last bin
 * below Nyquist, i.e. without the DC bin, the lowest bin that Hann leakage from DC touches, and the
 * Nyquist bin), P ∝ 1/f^α, α = −slope, with its standard error.
 */
import FFT from 'fft.js';
import { RewireError } from '../core/errors.ts';

export type WindowKind = 'hann' | 'rect';
export type Detrend = 'none' | 'mean' | 'linear';

export interface PsdOptions {
  /** samples per segment, a power of two (default: see above) */
  segment?: number;
  /** fraction of a segment shared by neighbours, [0, 1) [0.5 for hann, 0 for rect] */
  overlap?: number;
  window?: WindowKind;
  detrend?: Detrend;
}

export interface Psd {
  f: Float64Array;
  psd: Float64Array;
  df: number;
  dt: number;
  segment: number;
  segments: number;
  overlap: number;
  window: WindowKind;
  detrend: Detrend;
  /** samples covered by the segments */
  used: number;
  /** mean over segments of Σ (w y)² / U: what Σ psd·df must equal (Parseval) */
  power: number;
}

export function defaultSegment(n: number): number {
  const p2 = (x: number) => 2 ** Math.floor(Math.log2(x));
  return n >= 256 ? p2(n / 4) : n >= 32 ? p2(n / 2) : p2(Math.max(1, n));
}

function windowOf(kind: WindowKind, L: number): Float64Array {
  const w = new Float64Array(L);
  // periodic Hann (the DFT-even form used by Welch)
  for (let n = 0; n < L; n++) w[n] = kind === 'hann' ? 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / L) : 1;
  return w;
}

function detrendInto(y: Float64Array, kind: Detrend): void {
  const L = y.length;
  if (kind === 'none') return;
  if (kind === 'mean') {
    let m = 0;
    for (let i = 0; i < L; i++) m += y[i]!;
    m /= L;
    for (let i = 0; i < L; i++) y[i]! -= m;
    return;
  }
  // least-squares line a + b·(i − c)
  const c = (L - 1) / 2;
  let sy = 0, sxy = 0, sxx = 0;
  for (let i = 0; i < L; i++) (sy += y[i]!), (sxy += (i - c) * y[i]!), (sxx += (i - c) ** 2);
  const a = sy / L, b = sxx > 0 ? sxy / sxx : 0;
  for (let i = 0; i < L; i++) y[i]! -= a + b * (i - c);
}

export function welchPsd(x: ArrayLike<number>, dt: number, o: PsdOptions = {}): Psd {
  const N = x.length;
  if (!(dt > 0)) throw new RewireError('psd', `sample interval must be positive (got ${dt})`, 'give a trace with increasing time');
  const L = o.segment ?? defaultSegment(N);
  if (!Number.isInteger(L) || L < 4 || (L & (L - 1)) !== 0) throw new RewireError('--segment', `segment length must be a power of two ≥ 4 (got ${L})`, 'e.g. --segment 256');
  if (L > N) throw new RewireError('--segment', `segment of ${L} samples is longer than the ${N} samples given`, `use --segment ${defaultSegment(N)} or a longer stretch of data`);
  const window = o.window ?? 'hann';
  const overlap = o.overlap ?? (window === 'hann' ? 0.5 : 0);
  if (!(overlap >= 0 && overlap < 1)) throw new RewireError('--overlap', `must be in [0, 1) (got ${overlap})`, 'e.g. 0.5');
  const detrend = o.detrend ?? 'mean';
  const step = Math.max(1, Math.round(L * (1 - overlap)));
  const w = windowOf(window, L);
  let U = 0;
  for (let n = 0; n < L; n++) U += w[n]! * w[n]!;
  const fs = 1 / dt;
  const fft = new FFT(L);
  const out = fft.createComplexArray() as number[];
  const seg = new Float64Array(L), buf = new Array<number>(L);
  const acc = new Float64Array(L / 2 + 1);
  let segments = 0, power = 0, used = 0;
  for (let s = 0; s + L <= N; s += step) {
    for (let n = 0; n < L; n++) seg[n] = x[s + n]!;
    detrendInto(seg, detrend);
    let p = 0;
    for (let n = 0; n < L; n++) (buf[n] = w[n]! * seg[n]!), (p += buf[n]! * buf[n]!);
    power += p / U;
    fft.realTransform(out, buf);
    for (let k = 0; k <= L / 2; k++) {
      const re = out[2 * k]!, im = out[2 * k + 1]!;
      acc[k]! += ((k === 0 || k === L / 2 ? 1 : 2) * (re * re + im * im)) / (fs * U);
    }
    segments++;
    used = s + L;
  }
  for (let k = 0; k <= L / 2; k++) acc[k]! /= segments;
  const f = Float64Array.from({ length: L / 2 + 1 }, (_, k) => (k * fs) / L);
  return { f, psd: acc, df: fs / L, dt, segment: L, segments, overlap, window, detrend, used, power: power / segments };
}

export interface PowerLawFit {
  alpha: number;
  /** standard error of α from the least-squares residuals */
  alphaErr: number;
  /** log10 of the amplitude A in P = A / f^α */
  log10A: number;
  band: [number, number];
  points: number;
}

/** Default band of welchPsd output: bins 2 … L/2 − 1. */
export function defaultBand(p: Psd): [number, number] {
  return [2 * p.df, p.f[p.f.length - 2]!];
}

export function fitPowerLaw(f: ArrayLike<number>, psd: ArrayLike<number>, band: [number, number]): PowerLawFit {
  const xs: number[] = [], ys: number[] = [];
  for (let k = 0; k < f.length; k++) {
    if (f[k]! >= band[0] * (1 - 1e-12) && f[k]! <= band[1] * (1 + 1e-12) && f[k]! > 0 && psd[k]! > 0) (xs.push(Math.log10(f[k]!)), ys.push(Math.log10(psd[k]!)));
  }
  const n = xs.length;
  if (n < 3) throw new RewireError('--band', `only ${n} frequencies with positive power in ${band[0]}…${band[1]}`, 'widen the band or use a longer plateau');
  const mx = xs.reduce((a, b) => a + b, 0) / n, my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) (sxx += (xs[i]! - mx) ** 2), (sxy += (xs[i]! - mx) * (ys[i]! - my));
  const b = sxy / sxx, a = my - b * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (ys[i]! - a - b * xs[i]!) ** 2;
  return { alpha: -b, alphaErr: Math.sqrt(rss / (n - 2) / sxx), log10A: a, band, points: n };
}
