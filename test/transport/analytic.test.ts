// Exactly solvable cases of transport.md §3.1 (1D chain, impurity, weak bond, resonant level, W=10 strip).
import { describe, expect, it } from 'vitest';
import { cmat, type CMat } from '../../src/transport/linalg/cmat.ts';
import { caroli, type DeviceBlocks } from '../../src/transport/solver/caroli.ts';
import { surfaceGreen } from '../../src/transport/solver/surfaceGreen.ts';

const t = -1;
const eta = 1e-7;
function real(rows: number, cols: number, entries: [number, number, number][]): CMat {
  const m = cmat(rows, cols);
  for (const [i, j, v] of entries) m.re[i * cols + j] = v;
  return m;
}
const chainLead = { h00: real(1, 1, []), h01: real(1, 1, [[0, 0, t]]) };
/** chain device of n sites with onsite eps[i] and bonds hop[i] between i and i+1 */
function chain(eps: number[], hop: number[], tc = t): DeviceBlocks {
  const n = eps.length;
  const e: [number, number, number][] = eps.map((v, i) => [i, i, v]);
  hop.forEach((h, i) => e.push([i, i + 1, h], [i + 1, i, h]));
  return {
    hDD: real(n, n, e),
    left: { lead: chainLead, vDL: real(n, 1, [[0, 0, tc]]) },
    right: { lead: chainLead, vDL: real(n, 1, [[n - 1, 0, tc]]) },
  };
}

describe('1D chain (transport.md §3.1)', () => {
  it('surface GF matches the analytic g(E) = (E − i√(4t² − E²))/2t²', () => {
    const { g } = surfaceGreen(chainLead, 0.5, { eta: 1e-9 });
    expect(g.re[0]).toBeCloseTo(0.25, 6);
    expect(g.im[0]).toBeCloseTo(-0.968246, 6);
  });
  it('perfect chain: T = 1 inside the band, 0 outside', () => {
    const dev = chain([0, 0, 0], [t, t]);
    for (const E of [-1.5, 0.001, 1, 1.99]) expect(Math.abs(caroli(dev, E, { eta }).T - 1)).toBeLessThan(1e-6);
    for (const E of [-2.5, 2.5]) expect(caroli(dev, E, { eta }).T).toBeLessThan(1e-6);
  });
  it('single impurity: T = (4t² − E²)/(4t² − E² + ε_d²)', () => {
    const dev = chain([0, 1, 0], [t, t]);
    const exact = (E: number) => (4 - E * E) / (4 - E * E + 1);
    for (const E of [-1.5, 1e-4, 1, 1.99]) expect(Math.abs(caroli(dev, E, { eta }).T - exact(E))).toBeLessThan(1e-6);
    expect(Math.abs(caroli(dev, 0, { eta: 1e-6 }).T - 0.8)).toBeLessThan(2e-5); // E exactly at ε0 (η pitfall §2.7)
  });
  it('weak bond: T = 4x sin²k/((1−x)² + 4x sin²k)', () => {
    for (const tp of [0.5, 0.2]) {
      const dev = chain([0, 0], [-tp]);
      const x = tp * tp;
      for (const E of [1e-4, 1]) {
        const s2 = 1 - (E * E) / 4;
        const exact = (4 * x * s2) / ((1 - x) ** 2 + 4 * x * s2);
        const r = caroli(dev, E, { eta, reverse: true });
        expect(Math.abs(r.T - exact)).toBeLessThan(1e-6);
        expect(Math.abs(r.TRL! - r.T)).toBeLessThan(1e-10);
        expect(r.channels.length).toBe(1);
        expect(Math.abs(r.channels[0]! - r.T)).toBeLessThan(1e-10);
      }
    }
  });
  it('resonant level: Breit–Wigner with Σ = t_c² g(E)', () => {
    const tc = -0.3, em = 0.2;
    const dev = chain([em], [], tc);
    for (const E of [-1, 1e-3, 0.2, 0.7, 1.5]) {
      const sq = Math.sqrt(4 - E * E);
      const gr = E / 2, gi = -sq / 2; // g = (E − i√(4t²−E²))/(2t²)
      const ReS = tc * tc * gr, Gam = -2 * tc * tc * gi;
      const exact = (Gam * Gam) / ((E - em - 2 * ReS) ** 2 + Gam * Gam);
      expect(Math.abs(caroli(dev, E, { eta }).T - exact)).toBeLessThan(1e-6);
    }
  });
});

describe('W = 10 square strip (Kwant tutorial model)', () => {
  const W = 10;
  const h00e: [number, number, number][] = [];
  for (let i = 0; i < W; i++) {
    h00e.push([i, i, 4]);
    if (i + 1 < W) h00e.push([i, i + 1, -1], [i + 1, i, -1]);
  }
  const lead = { h00: real(W, W, h00e), h01: real(W, W, Array.from({ length: W }, (_, i) => [i, i, -1] as [number, number, number])) };
  const dev: DeviceBlocks = {
    hDD: real(W, W, h00e),
    left: { lead, vDL: lead.h01 },
    right: { lead, vDL: lead.h01 },
  };
  it('T(E) = number of open subbands (integer steps)', () => {
    const cases: [number, number][] = [[0.05, 0], [0.1, 1], [0.3, 1], [0.5, 2], [1.0, 3], [2.0, 5]];
    for (const [E, n] of cases) {
      const r = caroli(dev, E, { eta });
      expect(Math.abs(r.T - n)).toBeLessThan(1e-6);
      expect(r.openL).toBe(n);
      const sum = r.channels.reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - r.T)).toBeLessThan(1e-8);
    }
  });
});
