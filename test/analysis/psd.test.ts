import { describe, expect, it } from 'vitest';
import FFT from 'fft.js';
import { Rng } from '../../src/core/rng.ts';
import { welchPsd, fitPowerLaw, defaultBand, defaultSegment } from '../../src/analysis/psd.ts';
import { plateauNoise, uniformSamples } from '../../src/analysis/noise.ts';

/** Gaussian noise with PSD ∝ 1/f^α: random complex amplitudes shaped by f^(−α/2), inverse FFT. */
function powerLawNoise(seed: number, n: number, alpha: number): Float64Array {
  const rng = new Rng(seed), fft = new FFT(n);
  const spec = fft.createComplexArray() as number[];
  for (let k = 1; k < n / 2; k++) {
    const a = k ** (-alpha / 2);
    const re = a * rng.normal(), im = a * rng.normal();
    spec[2 * k] = re; spec[2 * k + 1] = im;
    spec[2 * (n - k)] = re; spec[2 * (n - k) + 1] = -im;
  }
  spec[n] = (n / 2) ** (-alpha / 2) * rng.normal();
  const out = fft.createComplexArray() as number[];
  fft.inverseTransform(out, spec);
  return Float64Array.from({ length: n }, (_, i) => out[2 * i]!);
}

describe('power spectral density (Welch, fft.js)', () => {
  it('Parseval holds exactly for a rect periodogram and for Hann segments', () => {
    const rng = new Rng(1), n = 1024;
    const x = Float64Array.from({ length: n }, () => 3 + rng.normal());
    const p = welchPsd(x, 0.5, { window: 'rect', segment: n });
    const integral = p.psd.reduce((a, v) => a + v * p.df, 0);
    let m = 0, v = 0;
    for (const xi of x) m += xi / n;
    for (const xi of x) v += (xi - m) ** 2 / n;
    expect(integral).toBeCloseTo(v, 10);
    expect(p.power).toBeCloseTo(v, 10);
    const h = welchPsd(x, 0.5, { segment: 128 });
    expect(h.psd.reduce((a, s) => a + s * h.df, 0) / h.power).toBeCloseTo(1, 10);
    expect(h.segments).toBe(15);
  });
  it('white noise of variance σ² has a flat PSD 2σ²·dt (one-sided)', () => {
    const rng = new Rng(2), n = 1 << 15, sigma = 0.2, dt = 1e-3;
    const x = Float64Array.from({ length: n }, () => sigma * rng.normal());
    const p = welchPsd(x, dt, { segment: 256 });
    const mid = Array.from(p.psd.slice(2, -1));
    const mean = mid.reduce((a, b) => a + b, 0) / mid.length;
    expect(mean / (2 * sigma * sigma * dt)).toBeCloseTo(1, 1);
    const fit = fitPowerLaw(p.f, p.psd, defaultBand(p));
    expect(Math.abs(fit.alpha)).toBeLessThan(0.05);
  });
  it('a sinusoid of amplitude A on an exact bin puts A²/2 at its frequency', () => {
    const n = 512, dt = 0.01, A = 1.7, k0 = 40;
    const x = Float64Array.from({ length: n }, (_, i) => A * Math.sin((2 * Math.PI * k0 * i) / n + 0.3));
    const rect = welchPsd(x, dt, { window: 'rect', segment: n });
    expect(rect.f[k0]).toBeCloseTo(k0 / (n * dt), 12);
    expect(rect.psd[k0]! * rect.df).toBeCloseTo((A * A) / 2, 10);
    const rest = rect.psd.reduce((a, v, k) => a + (k === k0 ? 0 : v), 0);
    expect(rest * rect.df).toBeLessThan(1e-20);
    // Hann: the power spreads over k0 ± 1 but its sum is still A²/2 (Parseval)
    const hann = welchPsd(x, dt, { segment: n });
    const band = (hann.psd[k0 - 1]! + hann.psd[k0]! + hann.psd[k0 + 1]!) * hann.df;
    expect(band).toBeCloseTo((A * A) / 2, 10);
    const peak = hann.psd.indexOf(Math.max(...hann.psd));
    expect(peak).toBe(k0);
  });
  for (const alpha of [0.5, 1, 1.5, 2]) {
    it(`the slope of synthetic 1/f^${alpha} noise is found within 0.1`, () => {
      const x = powerLawNoise(10 + alpha * 10, 1 << 15, alpha);
      const p = welchPsd(x, 1, { segment: 1024 });
      const fit = fitPowerLaw(p.f, p.psd, defaultBand(p));
      expect(Math.abs(fit.alpha - alpha)).toBeLessThan(0.1);
      expect(fit.alphaErr).toBeLessThan(0.05);
    });
  }
  it('default segments and bad input', () => {
    expect(defaultSegment(1000)).toBe(128);
    expect(defaultSegment(100)).toBe(32);
    expect(defaultSegment(20)).toBe(16);
    expect(() => welchPsd([1, 2, 3], 1, { segment: 3 })).toThrow(/power of two/);
    expect(() => welchPsd([1, 2, 3, 4], 1, { segment: 8 })).toThrow(/longer than/);
  });
});

describe('plateau noise', () => {
  it('ΔG/G and the PSD of a noisy 2.5 G0 plateau', () => {
    const rng = new Rng(4), n = 4096;
    const t = Float64Array.from({ length: n }, (_, i) => 0.01 * i);
    const g = Float64Array.from({ length: n }, () => 2.5 + 0.05 * rng.normal());
    const r = plateauNoise(t, g);
    expect(r.mean).toBeCloseTo(2.5, 2);
    expect(r.relativeFluctuation).toBeCloseTo(0.02, 2);
    expect(r.resampled).toBe(false);
    expect(r.dt).toBeCloseTo(0.01, 12);
    expect(Math.abs(r.fit.alpha)).toBeLessThan(0.1);
    expect(r.psd.psd.reduce((a, v) => a + v * r.psd.df, 0) / r.std ** 2).toBeCloseTo(1, 1);
  });
  it('irregular time steps are linearly resampled onto the median step', () => {
    const t = [0, 1, 2, 3.5, 4, 5, 6];
    const y = t.map((x) => 2 * x);
    const u = uniformSamples(t, y);
    expect(u.resampled).toBe(true);
    expect(u.dt).toBe(1);
    expect(Array.from(u.y)).toEqual([0, 2, 4, 6, 8, 10, 12]);
  });
});
