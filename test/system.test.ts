/**
 * Builders against the reference geometry and against the crystallography they claim:
 * the tips builder reproduces test/fixtures/reaxff_tips42_2V.json atom by atom (that file is our
 * lattice + Gaussian noise σ = 0.1 Å), layers hold (m−k)² atoms on an fcc lattice bounded by {111}
 * facets, and the fcc box reproduces eam_bulk6.json. validateSystem is checked against brute force.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RewireError } from '../src/core/errors.ts';
import { buildTips, halfOctahedronSites, layersForBase } from '../src/system/builders/tips.ts';
import { buildFccBox } from '../src/system/builders/fcc.ts';
import { findOverlaps, validateSystem } from '../src/system/validate.ts';
import { emptySystem, type System } from '../src/system/types.ts';
import { Rng } from '../src/core/rng.ts';
import { referenceDir } from './helpers/reference.ts';

function refJson(name: string) {
  return JSON.parse(readFileSync(`${referenceDir()}/${name}`, 'utf8')) as { positions: number[][]; group_plus?: number[]; group_minus?: number[] };
}

function expectRewireError(fn: () => unknown, where: RegExp): RewireError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RewireError);
    expect((e as RewireError).where).toMatch(where);
    expect((e as RewireError).message).toContain('Fix:');
    return e as RewireError;
  }
  throw new Error('expected a RewireError');
}

/** Minimum pair distance by brute force (test sizes only). */
function minDistance(s: System): number {
  let best = Infinity;
  for (let i = 0; i < s.n; i++) {
    for (let j = i + 1; j < s.n; j++) {
      let r2 = 0;
      for (let d = 0; d < 3; d++) {
        let dd = s.positions[3 * j + d]! - s.positions[3 * i + d]!;
        if (s.box.periodic[d]) {
          const L = s.box.hi[d]! - s.box.lo[d]!;
          dd -= L * Math.round(dd / L);
        }
        r2 += dd * dd;
      }
      best = Math.min(best, r2);
    }
  }
  return Math.sqrt(best);
}

describe('buildTips vs test/fixtures/reaxff_tips42_2V.json', () => {
  const ref = refJson('reaxff_tips42_2V.json');
  const sys = buildTips({ base: 42, gap: 8.3, lattice: 4.22 });

  it('has the reference atom count, order and positions (deviation = the reference rattle σ = 0.1 Å)', () => {
    expect(sys.n).toBe(ref.positions.length);
    expect(sys.n).toBe(2480);
    let max = 0, sum2 = 0;
    const mean = [0, 0, 0];
    for (let i = 0; i < sys.n; i++) {
      let r2 = 0;
      for (let d = 0; d < 3; d++) {
        const dd = ref.positions[i]![d]! - sys.positions[3 * i + d]!;
        r2 += dd * dd;
        mean[d]! += dd / sys.n;
      }
      max = Math.max(max, Math.sqrt(r2));
      sum2 += r2;
    }
    // same atom i, no translation: every atom within 0.5 Å
    expect(max).toBeLessThan(0.5);
    // no rigid offset: the mean of 2480 N(0, 0.01 Å²) displacements is |·| < 5σ/√n ≈ 0.01 Å
    for (const m of mean) expect(Math.abs(m)).toBeLessThan(0.01);
    // rms 3D displacement = σ√3 = 0.173 Å for σ = 0.1 Å
    expect(Math.sqrt(sum2 / sys.n)).toBeGreaterThan(0.16);
    expect(Math.sqrt(sum2 / sys.n)).toBeLessThan(0.19);
  });

  it('marks the reference electrodes: group_plus = lower tip base (+1), group_minus = upper tip base (−1)', () => {
    const plus = new Set(ref.group_plus), minus = new Set(ref.group_minus);
    expect(plus.size).toBe(225);
    for (let i = 0; i < sys.n; i++) {
      expect(sys.electrode[i]).toBe(plus.has(i) ? 1 : minus.has(i) ? -1 : 0);
      expect(sys.fixed[i]).toBe(plus.has(i) || minus.has(i) ? 1 : 0);
      expect(sys.types[i]).toBe(sys.fixed[i] ? 2 : 1);
      expect(sys.origin[i]).toBe(i < 1240 ? 0 : 1);
      if (sys.electrode[i] === 1) expect(sys.positions[3 * i + 2]).toBeLessThan(0);
    }
  });

  it('fills meta.tips consistently with the atoms', () => {
    const t = sys.meta!.tips as Record<string, unknown>;
    expect(t).toMatchObject({ axis: 'z', lattice: 4.22, gap: 8.3, layersPerTip: 15, atomsPerTip: 1240, layerSpacing: 2.11, baseCenter: [0, 0] });
    // apexes are the extreme atoms of each tip along z
    let lowTop = -Infinity, upBottom = Infinity;
    for (let i = 0; i < sys.n; i++) {
      const z = sys.positions[3 * i + 2]!;
      if (sys.origin[i] === 0) lowTop = Math.max(lowTop, z);
      else upBottom = Math.min(upBottom, z);
    }
    expect(lowTop).toBeCloseTo((t.lowerApex as number[])[2]!, 12);
    expect(upBottom).toBeCloseTo((t.upperApex as number[])[2]!, 12);
    expect(upBottom - lowTop).toBeCloseTo(8.3, 12);
    expect(t.lowerBaseZ).toBeCloseTo(-14 * 2.11, 12);
    // free box with a 10 Å margin around the atoms
    expect(sys.box.periodic).toEqual([false, false, false]);
    expect(sys.box.lo[2]).toBeCloseTo(-29.54 - 10, 9);
    expect(sys.box.hi[2]).toBeCloseTo(8.3 + 29.54 + 10, 9);
    expect(sys.masses.every((m) => m === 107.8682)).toBe(true);
  });
});

describe('tips crystallography (odd and even layer counts)', () => {
  for (const [base, a] of [[42, 4.09], [40, 4.09], [12, 4.22], [9, 4.09]] as const) {
    const m = layersForBase(base, a);
    it(`base ${base} Å, a = ${a} Å: ${m} layers of (m−k)² atoms on an fcc lattice with {111} facets`, () => {
      const sys = buildTips({ base, lattice: a, gap: 8.3, fixedLayers: 2 });
      const h = a / 2;
      const perTip = (m * (m + 1) * (2 * m + 1)) / 6;
      expect(sys.n).toBe(2 * perTip);
      const counts = new Map<number, number>();
      for (let i = 0; i < perTip; i++) {
        const x = sys.positions[3 * i]! / h, y = sys.positions[3 * i + 1]! / h, z = sys.positions[3 * i + 2]! / h;
        const k = Math.round(z) + (m - 1);
        // on the half-lattice grid, fcc parity i + j + k ≡ m − 1, inside the {111} planes |x| + |y| + k ≤ m − 1
        for (const c of [x, y, z]) expect(Math.abs(c - Math.round(c))).toBeLessThan(1e-9);
        expect((((Math.round(x) + Math.round(y) + k - (m - 1)) % 2) + 2) % 2).toBe(0);
        expect(Math.abs(Math.round(x)) + Math.abs(Math.round(y)) + k).toBeLessThanOrEqual(m - 1);
        counts.set(k, (counts.get(k) ?? 0) + 1);
        // upper tip is the mirror image z → gap − z of the lower one, atom for atom
        expect(sys.positions[3 * (perTip + i) + 2]).toBeCloseTo(8.3 - sys.positions[3 * i + 2]!, 12);
        expect(sys.positions[3 * (perTip + i)]).toBe(sys.positions[3 * i]);
        expect(sys.fixed[i]).toBe(k < 2 ? 1 : 0);
      }
      for (let k = 0; k < m; k++) expect(counts.get(k)).toBe((m - k) ** 2);
      // nearest neighbours at a/√2 (no closer pair), and bulk-like atoms have 12 of them
      expect(minDistance(sys)).toBeCloseTo(a / Math.SQRT2, 9);
      if (m >= 5) {
        const nn = new Uint8Array(perTip);
        for (let i = 0; i < perTip; i++) {
          for (let j = 0; j < perTip; j++) {
            if (i === j) continue;
            const dx = sys.positions[3 * j]! - sys.positions[3 * i]!, dy = sys.positions[3 * j + 1]! - sys.positions[3 * i + 1]!, dz = sys.positions[3 * j + 2]! - sys.positions[3 * i + 2]!;
            if (Math.abs(Math.hypot(dx, dy, dz) - a / Math.SQRT2) < 1e-6) nn[i]!++;
          }
        }
        expect(Math.max(...nn)).toBe(12);
        expect(Math.min(...nn)).toBeGreaterThanOrEqual(3);
      }
    });
  }

  it('halfOctahedronSites lists each site once', () => {
    for (const m of [2, 3, 4, 7, 8]) {
      const s = halfOctahedronSites(m);
      const keys = new Set<string>();
      for (let k = 0; k < s.length; k += 3) keys.add(`${s[k]},${s[k + 1]},${s[k + 2]}`);
      expect(keys.size).toBe(s.length / 3);
      expect(keys.size).toBe((m * (m + 1) * (2 * m + 1)) / 6);
    }
  });

  it('rattle is seeded, Gaussian with the requested σ, and keeps the default build exact', () => {
    const a = buildTips({ base: 20, rattle: 0.05, seed: 7 }), b = buildTips({ base: 20, rattle: 0.05, seed: 7 });
    const c = buildTips({ base: 20, rattle: 0.05, seed: 8 }), p = buildTips({ base: 20 });
    expect(Array.from(a.positions)).toEqual(Array.from(b.positions));
    expect(Array.from(a.positions)).not.toEqual(Array.from(c.positions));
    let s2 = 0;
    for (let k = 0; k < a.positions.length; k++) s2 += (a.positions[k]! - p.positions[k]!) ** 2;
    const sigma = Math.sqrt(s2 / a.positions.length);
    expect(sigma).toBeGreaterThan(0.045);
    expect(sigma).toBeLessThan(0.055);
  });

  it('rejects bad parameters naming the field', () => {
    expectRewireError(() => buildTips({ gap: 0 }), /tips\.gap/);
    expectRewireError(() => buildTips({ gap: -3 }), /tips\.gap/);
    expectRewireError(() => buildTips({ gap: 0.3 }), /tips\.gap/);
    expectRewireError(() => buildTips({ lattice: 0 }), /tips\.lattice/);
    expectRewireError(() => buildTips({ lattice: Number.NaN }), /tips\.lattice/);
    expectRewireError(() => buildTips({ base: 1 }), /tips\.base/);
    expectRewireError(() => buildTips({ base: -5 }), /tips\.base/);
    expectRewireError(() => buildTips({ base: 10, fixedLayers: 4 }), /tips\.fixedLayers/);
    expectRewireError(() => buildTips({ fixedLayers: 1.5 }), /tips\.fixedLayers/);
    expectRewireError(() => buildTips({ rattle: -1 }), /tips\.rattle/);
    expectRewireError(() => buildTips({ gap: 0 }, 'config.system'), /^config\.system\.gap$/);
  });
});

describe('buildFccBox', () => {
  it('reproduces eam_bulk6.json (6×6×6, a = 4.09 Å, σ = 0.08 Å) atom by atom', () => {
    const ref = refJson('eam_bulk6.json');
    const sys = buildFccBox({ cells: [6, 6, 6], lattice: 4.09 });
    expect(sys.n).toBe(864);
    expect(sys.box).toEqual({ lo: [0, 0, 0], hi: [24.54, 24.54, 24.54], periodic: [true, true, true] });
    let max = 0;
    for (let i = 0; i < sys.n; i++) {
      let r2 = 0;
      for (let d = 0; d < 3; d++) {
        let dd = ref.positions[i]![d]! - sys.positions[3 * i + d]!;
        dd -= 24.54 * Math.round(dd / 24.54);
        r2 += dd * dd;
      }
      max = Math.max(max, Math.sqrt(r2));
    }
    expect(max).toBeLessThan(0.5); // 5.3σ for 864 atoms; measured 0.33 Å
  });

  it('is a perfect fcc crystal: nearest neighbours a/√2 under periodic images, rattled atoms stay in the box', () => {
    const s = buildFccBox({ cells: [2, 3, 2], lattice: 4 });
    expect(s.n).toBe(48);
    expect(minDistance(s)).toBeCloseTo(4 / Math.SQRT2, 12);
    const r = buildFccBox({ cells: [2, 2, 2], lattice: 4, rattle: 0.2, seed: 3 });
    for (let k = 0; k < r.positions.length; k++) {
      expect(r.positions[k]).toBeGreaterThanOrEqual(0);
      expect(r.positions[k]).toBeLessThan(8);
    }
  });

  it('rejects bad parameters', () => {
    expectRewireError(() => buildFccBox({ cells: [0, 1, 1], lattice: 4 }), /fcc\.cells/);
    expectRewireError(() => buildFccBox({ cells: [1, 1] as unknown as [number, number, number], lattice: 4 }), /fcc\.cells/);
    expectRewireError(() => buildFccBox({ cells: [1, 1, 1], lattice: -4 }), /fcc\.lattice/);
    // one cell of a = 0.6 Å: neighbours at 0.42 Å < 0.5 Å
    expectRewireError(() => buildFccBox({ cells: [1, 1, 1], lattice: 0.6 }), /fcc builder: atom \d+ and atom \d+/);
  });
});

describe('validateSystem', () => {
  function random(n: number, L: number, periodic: boolean, seed: number): System {
    const s = emptySystem(n, { lo: [0, 0, 0], hi: [L, L, 0.6 * L], periodic: [periodic, periodic, periodic] });
    const rng = new Rng(seed);
    for (let i = 0; i < n; i++) for (let d = 0; d < 3; d++) s.positions[3 * i + d] = rng.uniform() * (d === 2 ? 0.6 * L : L);
    return s;
  }

  it('the cell-list overlap search finds exactly the brute-force pairs (free and periodic, small grids)', () => {
    for (const [n, L, per, rmin] of [[400, 6, true, 0.5], [400, 6, false, 0.5], [60, 1.2, true, 0.5], [300, 10, true, 1.7]] as const) {
      const s = random(n, L, per, n + L);
      const got = findOverlaps(s, rmin);
      let brute = 0;
      const first: [number, number][] = [];
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let r2 = 0;
          for (let d = 0; d < 3; d++) {
            let dd = s.positions[3 * j + d]! - s.positions[3 * i + d]!;
            const Ld = s.box.hi[d]! - s.box.lo[d]!;
            if (per) dd -= Ld * Math.round(dd / Ld);
            r2 += dd * dd;
          }
          if (r2 < rmin * rmin) {
            brute++;
            first.push([i, j]);
          }
        }
      }
      expect(brute).toBeGreaterThan(0);
      expect(got.count).toBe(brute);
      expect(got.pairs.map((p) => [p.i, p.j])).toEqual(first);
    }
  });

  it('names both atoms (1-based) and the distance of an overlap, across a periodic boundary too', () => {
    const s = emptySystem(3, { lo: [0, 0, 0], hi: [10, 10, 10], periodic: [true, true, true] });
    s.positions.set([5, 5, 5, 0.1, 2, 2, 9.8, 2, 2]);
    const e = expectRewireError(() => validateSystem(s, 'test.data'), /test\.data: atom 2 and atom 3/);
    expect(e.message).toContain('0.300 Å apart');
    s.box.periodic = [false, false, false];
    expect(() => validateSystem(s, 'test.data')).not.toThrow();
  });

  it('rejects atoms outside a periodic box, non-finite coordinates and wrong array lengths', () => {
    const s = emptySystem(2, { lo: [0, 0, 0], hi: [10, 10, 10], periodic: [true, true, false] });
    s.positions.set([1, 1, 1, 5, 10.5, 20]);
    const e = expectRewireError(() => validateSystem(s, 'x.json'), /x\.json: atom 2/);
    expect(e.message).toContain('outside the periodic box');
    s.positions.set([1, 1, 1, 5, 5, Number.POSITIVE_INFINITY]);
    expectRewireError(() => validateSystem(s, 'x.json'), /x\.json: atom 2/);
    s.positions.set([1, 1, 1, 5, 5, 20]);
    expect(() => validateSystem(s, 'x.json')).not.toThrow(); // z is free: outside lo/hi is fine
    s.charges = new Float64Array(3);
    expectRewireError(() => validateSystem(s, 'x.json'), /x\.json: charges/);
  });
});

describe('buildSystem and inferred tip geometry', () => {
  it('dispatches on builder and infers meta.tips of tip files close to the builder’s own', async () => {
    const { buildSystem } = await import('../src/system/builders/index.ts');
    const built = await buildSystem({ builder: 'tips', base: 42, gap: 8.3, lattice: 4.22 });
    const read = await buildSystem({ builder: 'file', path: `${referenceDir()}/reaxff_tips42_2V.json` });
    const a = built.meta!.tips as Record<string, number | number[]>, b = read.meta!.tips as Record<string, number | number[]>;
    expect(b.layersPerTip).toBe(a.layersPerTip);
    expect(b.atomsPerTip).toBe(a.atomsPerTip);
    expect(Math.abs((b.lattice as number) - 4.22)).toBeLessThan(0.03); // rattled reference, σ = 0.1 Å
    expect(Math.abs((b.lowerBaseZ as number) - (a.lowerBaseZ as number))).toBeLessThan(0.05);
    expect(Math.abs((b.upperBaseZ as number) - (a.upperBaseZ as number))).toBeLessThan(0.05);
    expect(Math.abs((b.gap as number) - 8.3)).toBeLessThan(0.6);
    const fcc = await buildSystem({ builder: 'fcc', cells: [2, 2, 2], lattice: 4.09 });
    expect(fcc.n).toBe(32);
    const bulk = await buildSystem({ builder: 'file', path: `${referenceDir()}/bulk6.data` });
    expect(bulk.meta!.tips).toBeUndefined();
    await expect(buildSystem({ builder: 'tips', gap: -1 })).rejects.toMatchObject({ where: 'config.system.gap' });
  });
});
