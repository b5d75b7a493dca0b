/**
 * Noise of a conductance plateau (paper Fig. 5): on samples t_i, g_i (G0 units)
 *   mean ⟨g⟩, standard deviation ΔG (population, 1/N), relative fluctuation ΔG/G = ΔG/⟨g⟩,
 *   the Welch PSD of g (./psd.ts) and its slope α of 1/f^α.
 * The PSD needs uniform sampling: if any step differs from the median step by more than 0.1 %,
 * the samples are linearly interpolated onto the median step first (`resampled: true`).
 */
import { RewireError } from '../core/errors.ts';
import { welchPsd, fitPowerLaw, defaultBand, type Psd, type PsdOptions, type PowerLawFit } from './psd.ts';

export interface NoiseOptions extends PsdOptions {
  /** frequency band for α (default: defaultBand of the PSD) */
  band?: [number, number];
}

export interface NoiseResult {
  points: number;
  tStart: number;
  tEnd: number;
  dt: number;
  resampled: boolean;
  mean: number;
  std: number;
  relativeFluctuation: number;
  psd: Psd;
  fit: PowerLawFit;
}

export function uniformSamples(t: ArrayLike<number>, y: ArrayLike<number>): { dt: number; y: Float64Array; resampled: boolean } {
  const n = t.length;
  if (n < 2) throw new RewireError('noise', `${n} sample(s) is too few`, 'choose a longer plateau or time window');
  const d = Array.from({ length: n - 1 }, (_, i) => t[i + 1]! - t[i]!).sort((a, b) => a - b);
  const dt = d[(n - 1) >> 1]!;
  if (!(dt > 0)) throw new RewireError('noise', 'the median time step is zero (repeated times)', 'give one sample per time');
  if (d[0]! >= dt * (1 - 1e-3) && d[d.length - 1]! <= dt * (1 + 1e-3)) return { dt, y: Float64Array.from(y), resampled: false };
  const m = Math.floor((t[n - 1]! - t[0]!) / dt) + 1;
  const out = new Float64Array(m);
  let j = 0;
  for (let k = 0; k < m; k++) {
    const tk = t[0]! + k * dt;
    while (j < n - 2 && t[j + 1]! < tk) j++;
    const span = t[j + 1]! - t[j]!;
    const u = span > 0 ? Math.min(1, Math.max(0, (tk - t[j]!) / span)) : 0;
    out[k] = y[j]! + u * (y[j + 1]! - y[j]!);
  }
  return { dt, y: out, resampled: true };
}

export function plateauNoise(t: ArrayLike<number>, g: ArrayLike<number>, o: NoiseOptions = {}): NoiseResult {
  const n = g.length;
  const u = uniformSamples(t, g);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += g[i]!;
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (g[i]! - mean) ** 2;
  const std = Math.sqrt(v / n);
  const psd = welchPsd(u.y, u.dt, o);
  const fit = fitPowerLaw(psd.f, psd.psd, o.band ?? defaultBand(psd));
  return { points: n, tStart: t[0]!, tEnd: t[n - 1]!, dt: u.dt, resampled: u.resampled, mean, std, relativeFluctuation: mean !== 0 ? std / mean : NaN, psd, fit };
}
