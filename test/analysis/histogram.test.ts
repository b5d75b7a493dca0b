import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.ts';
import { G0_SIEMENS } from '../../src/core/units.ts';
import { G0_SIEMENS_EXACT, subtractSeriesResistance, addSeriesResistance } from '../../src/analysis/conductanceUnits.ts';
import { histogram, correctSeries, binIndex } from '../../src/analysis/histogram.ts';
import { findPeaks } from '../../src/analysis/peaks.ts';

/** Gaussian mixture in G0 units: peaks at `centres` with width sigma, `per` points each. */
function mixture(seed: number, centres: number[], sigma: number, per: number): number[] {
  const rng = new Rng(seed), out: number[] = [];
  for (const c of centres) for (let i = 0; i < per; i++) out.push(c + sigma * rng.normal());
  return out.filter((v) => v > 0);
}

describe('conductance quantum and series resistance (Note S1)', () => {
  it('G0 = 2e²/h from the exact SI constants agrees with units.ts', () => {
    expect(G0_SIEMENS_EXACT).toBeCloseTo(7.748091729863649e-5, 18); // CODATA 2018: 7.748091729...e-5 S
    expect(Math.abs(G0_SIEMENS_EXACT / G0_SIEMENS - 1)).toBeLessThan(1e-9);
  });
  it('G_gap = 1/(1/G − R_s) exactly, in siemens', () => {
    const rs = 1500, gGap = 2.3; // G0
    const gMeasured = addSeriesResistance(gGap, rs);
    // measured resistance = R_gap + R_s
    expect(1 / (gMeasured * G0_SIEMENS_EXACT)).toBeCloseTo(1 / (gGap * G0_SIEMENS_EXACT) + rs, 6);
    expect(subtractSeriesResistance(gMeasured, rs)).toBeCloseTo(gGap, 12);
    const G = 1e-4; // S
    expect(subtractSeriesResistance(G / G0_SIEMENS_EXACT, rs)! * G0_SIEMENS_EXACT).toBeCloseTo(1 / (1 / G - rs), 15);
  });
  it('R_s ≥ 1/G is excluded, never a negative conductance; an open gap stays 0', () => {
    const rs = 5000; // 1/G ≤ R_s for G ≥ 2e-4 S ≈ 2.58 G0
    const gLimit = 1 / (rs * G0_SIEMENS_EXACT);
    expect(subtractSeriesResistance(gLimit, rs)).toBeNull();
    expect(subtractSeriesResistance(3, rs)).toBeNull();
    expect(subtractSeriesResistance(0, rs)).toBe(0);
    const c = correctSeries([0, 1, 2, gLimit, 3, 10], rs);
    expect(c.excluded).toBe(3);
    expect(Array.from(c.values).every((v) => v >= 0)).toBe(true);
    expect(() => correctSeries([1], -1)).toThrow(/series-resistance/);
  });
});

describe('histogram', () => {
  it('edges are exact multiples k·bin and counts add up', () => {
    const v = mixture(1, [1, 2, 3], 0.1, 3000);
    const h = histogram(v, 0.05, { read: v.length + 7, skipped: 7 });
    h.edges.forEach((e, j) => expect(e).toBe((Math.round(h.edges[0]! * 20) + j) / 20));
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(h.n);
    expect(h.n + h.skipped + h.excluded).toBe(h.read);
    expect(h.counts.every((c) => Number.isInteger(c))).toBe(true);
    const integral = h.density.reduce((a, d) => a + d * 0.05, 0);
    expect(integral).toBeCloseTo(1, 12);
    // every value lies in its bin as printed
    for (const x of v.slice(0, 500)) {
      const k = binIndex(x, 0.05) - binIndex(h.edges[0]! + 1e-12, 0.05);
      expect(x >= h.edges[k]! && x < h.edges[k + 1]!).toBe(true);
    }
  });
  it('values exactly on an edge go to the bin that starts there', () => {
    const h = histogram([0.15, 0.1, 0.05], 0.05);
    expect(h.edges).toEqual([0.05, 0.1, 0.15, 0.2]);
    expect(h.counts).toEqual([1, 1, 1]);
  });
  it('finds known peaks within the bin width, sorted by height, with a sensible width', () => {
    const v = [...mixture(2, [1], 0.1, 8000), ...mixture(3, [2], 0.1, 4000), ...mixture(4, [3], 0.1, 2000), ...Array.from({ length: 3000 }, (_, i) => (i / 3000) * 4)];
    const h = histogram(v, 0.05);
    expect(h.peaks.length).toBe(3);
    expect(h.peaks.map((p) => Math.round(p.position))).toEqual([1, 2, 3]);
    for (const p of h.peaks) {
      expect(Math.abs(p.position - Math.round(p.position))).toBeLessThan(0.05);
      // FWHM of σ = 0.1 is 0.2355; smoothing by one bin widens it to ≈ 0.26
      expect(p.width).toBeGreaterThan(0.2);
      expect(p.width).toBeLessThan(0.32);
    }
    expect(h.peaks[0]!.height).toBeGreaterThan(h.peaks[1]!.height);
  });
  it('pure counting noise on a flat distribution makes no peaks', () => {
    const rng = new Rng(9);
    const v = Array.from({ length: 20000 }, () => 1 + 2 * rng.uniform());
    const h = histogram(v, 0.05);
    expect(h.peaks.length).toBeLessThanOrEqual(1);
  });
  it('with a series resistance the corrected histogram recovers the gap peaks; the raw one is shifted as predicted', () => {
    const rs = 1000;
    const gap = mixture(5, [1, 2, 3], 0.05, 5000);
    const measured = gap.map((g) => addSeriesResistance(g, rs));
    const raw = histogram(measured, 0.05);
    const c = correctSeries(measured, rs);
    expect(c.excluded).toBe(0);
    const cor = histogram(c.values, 0.05, { read: measured.length, excluded: c.excluded });
    expect(cor.n + cor.excluded).toBe(measured.length);
    const pos = (h: typeof raw) => h.peaks.map((p) => p.position).sort((a, b) => a - b);
    expect(pos(cor).length).toBe(3);
    pos(cor).forEach((p, i) => expect(Math.abs(p - (i + 1))).toBeLessThan(0.05));
    pos(raw).forEach((p, i) => expect(Math.abs(p - addSeriesResistance(i + 1, rs))).toBeLessThan(0.05));
    // the 3 G0 peak moves by more than a bin: the correction matters at higher multiples (paper Fig. 4)
    expect(3 - pos(raw)[2]!).toBeGreaterThan(0.3);
  });
  it('peak finder on hand-made counts: position by parabola, width at half prominence', () => {
    const edges = Array.from({ length: 12 }, (_, k) => k * 0.1);
    const counts = [0, 0, 0, 100, 400, 400, 100, 0, 0, 0, 0];
    const p = findPeaks(edges, counts, { smooth: 0 });
    expect(p.length).toBe(1);
    expect(p[0]!.position).toBeCloseTo(0.5, 12); // flat top 4..5 → centre between bins 4 and 5
    expect(p[0]!.width).toBeCloseTo(0.7 / 3, 12); // half height 200 crossed at bins 3⅓ and 5⅔
  });
});
