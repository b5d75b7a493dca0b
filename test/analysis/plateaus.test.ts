import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.ts';
import { plateauRanges, findPlateaus } from '../../src/analysis/plateaus.ts';
import type { Trace } from '../../src/analysis/samples.ts';

describe('plateaus', () => {
  it('finds steps of a staircase with noise, with level and distance from the nearest integer', () => {
    const rng = new Rng(3);
    const levels = [0, 0.95, 2.1, 2.9];
    const g: number[] = [], gap: number[] = [], cross: number[] = [], bridged: number[] = [];
    levels.forEach((L, s) => { for (let i = 0; i < 20; i++) (g.push(L + 0.02 * rng.normal()), gap.push(s * 3), cross.push(s), bridged.push(s > 0 ? 1 : 0)); });
    const tr: Trace = { label: 'x', seed: null, time: Float64Array.from(g, (_, i) => 8600 * i), g: Float64Array.from(g), timeUnit: 'fs', lines: g.map((_, i) => i + 2), gapAtoms: Float64Array.from(gap), crossSection: Float64Array.from(cross), bridged: Uint8Array.from(bridged) };
    const p = findPlateaus([tr]);
    expect(p.map((x) => [x.start, x.end])).toEqual([[0, 20], [20, 40], [40, 60], [60, 80]]);
    p.forEach((x, s) => {
      expect(x.level).toBeCloseTo(levels[s]!, 1);
      expect(x.nearestInteger).toBe(Math.round(levels[s]!));
      expect(x.deviation).toBeCloseTo(levels[s]! - Math.round(levels[s]!), 1);
      expect(x.crossSection!.median).toBe(s);
      expect(x.gapAtoms!.max).toBe(3 * s);
      expect(x.bridgedFraction).toBe(s > 0 ? 1 : 0);
      expect(x.duration).toBe(19 * 8600);
    });
  });
  it('every sample of a plateau lies within the tolerance of its mean; short runs are no plateau', () => {
    const rng = new Rng(5);
    const y = Array.from({ length: 500 }, () => 2.5 + 0.2 * rng.normal());
    for (const [a, b] of plateauRanges(y, { tolerance: 0.15, minPoints: 4 })) {
      const seg = y.slice(a, b), m = seg.reduce((s, v) => s + v, 0) / seg.length;
      expect(b - a).toBeGreaterThanOrEqual(4);
      for (const v of seg) expect(Math.abs(v - m)).toBeLessThanOrEqual(0.15 + 1e-12);
    }
    expect(plateauRanges([0, 1, 0, 1, 0, 1], { tolerance: 0.1, minPoints: 2 })).toEqual([]);
  });
});
