/**
 * The paper's geometry: two opposing pyramidal fcc Ag tips (Milano et al. 2024).
 *
 * Each tip is an fcc half-octahedron: a (001) base, edges along <110>, four {111} side facets.
 * In half-lattice units (h = a/2, cube axes along x, y, z) the layer k above the base (k = 0 … m−1)
 * holds the fcc sites (i, j) with
 *     |i| + |j| ≤ m − 1 − k   and   |i| + |j| ≡ m − 1 − k (mod 2),
 * i.e. an m−k by m−k square grid with spacing a/√2 whose axes are the [110] and [1−10] diagonals
 * (rotated 45° from the cube axes), layers a/2 apart and shifted by half a spacing, ending in one
 * apex atom. A tip has Σ_{s=1..m} s² = m(m+1)(2m+1)/6 atoms; the base edge is (m−1)·a/√2 and
 * m = round(base / (a/√2)) + 1 (base 42 Å, a = 4.22 Å → m = 15, 1240 atoms per tip).
 *
 * Placement (the frame of test/fixtures/reaxff_tips42_2V.json): the lower tip's apex is at the
 * origin, its base at z = −(m−1)·a/2; the upper tip is its mirror image z → gap − z, apex at
 * (0, 0, gap). Atom order: lower tip then upper tip; within a tip, fcc cubic cells (cx, cy, cz)
 * with cz fastest (cz counted from the base), then the basis (0,0,0), (½,½,0), (½,0,½), (0,½,½) —
 * the order of the reference file, so reference arrays index our atoms directly.
 *
 * Groups: the bottom `fixedLayers` layers of each tip are fixed (type 2, others type 1). The fixed
 * base of the lower tip is EChemDID group_plus (electrode +1, Φ = +V/2), of the upper tip
 * group_minus (−1), as in the reference. origin = 0 (lower tip) / 1 (upper tip).
 */
import { RewireError } from '../../core/errors.ts';
import { AG_MASS } from '../../core/units.ts';
import type { System, TipsGeometry, Vec3 } from '../types.ts';
import { validateSystem } from '../validate.ts';
import { rattlePositions } from './rattle.ts';

export interface TipsOptions {
  /** Nominal base edge, Å (paper: 4.2 nm). */
  base?: number;
  /** Apex-to-apex distance along z, Å (paper: 8.3 Å). */
  gap?: number;
  /** fcc lattice constant, Å (EAM Ag_u3: 4.09, ReaxFF-Ag: ≈ 4.22). */
  lattice?: number;
  /** Number of base layers per tip held fixed (the electrodes). */
  fixedLayers?: number;
  /** σ of a Gaussian displacement of every coordinate, Å (0 = perfect lattice). */
  rattle?: number;
  /** Seed of the rattle. */
  seed?: number;
}

/** What the builder records in system.meta.tips: the shared geometry plus the build parameters. */
export interface TipsMeta extends TipsGeometry {
  /** Å, requested nominal base edge. */
  base: number;
  /** Å, actual base edge (m − 1)·a/√2. */
  baseEdge: number;
  fixedLayers: number;
}

export const TIPS_DEFAULTS = { base: 42, gap: 8.3, lattice: 4.09, fixedLayers: 1, rattle: 0, seed: 1 } as const;

/** Free-boundary margin added around the atoms' bounding box, Å. */
export const TIPS_BOX_MARGIN = 10;

/** Atoms along one base edge (= layers per tip) for a nominal base edge and lattice constant. */
export function layersForBase(base: number, lattice: number): number {
  return Math.round(base / (lattice / Math.SQRT2)) + 1;
}

/**
 * Sites of one half-octahedron with m layers as half-lattice integers (i, j, k), k = layer above
 * the base, in the builder's atom order. Returns [3·count] integers.
 */
export function halfOctahedronSites(m: number): Int32Array {
  // fcc parity: i + j + k ≡ m − 1 (mod 2). Shift i by s = (m − 1) mod 2 so that (i + s) + j + k is
  // even, i.e. (i + s, j, k) is a site of the fcc lattice with a cube corner at the origin.
  const s = (m - 1) & 1;
  const basis = [
    [0, 0, 0],
    [1, 1, 0],
    [1, 0, 1],
    [0, 1, 1],
  ] as const;
  const out: number[] = [];
  const cmin = Math.floor((-(m - 1) + s) / 2) - 1;
  const cmax = Math.ceil((m - 1 + s) / 2) + 1;
  const czmax = Math.ceil((m - 1) / 2) + 1;
  for (let cx = cmin; cx <= cmax; cx++) {
    for (let cy = cmin; cy <= cmax; cy++) {
      for (let cz = 0; cz <= czmax; cz++) {
        for (const [bx, by, bz] of basis) {
          const i = 2 * cx + bx - s, j = 2 * cy + by, k = 2 * cz + bz;
          if (k > m - 1) continue;
          const r = Math.abs(i) + Math.abs(j);
          const rmax = m - 1 - k;
          if (r <= rmax && ((rmax - r) & 1) === 0) out.push(i, j, k);
        }
      }
    }
  }
  return Int32Array.from(out);
}

/** Builds the two opposing tips (free boundaries). `where` prefixes field names in errors. */
export function buildTips(opts: TipsOptions = {}, where = 'tips'): System {
  const base = opts.base ?? TIPS_DEFAULTS.base;
  const gap = opts.gap ?? TIPS_DEFAULTS.gap;
  const a = opts.lattice ?? TIPS_DEFAULTS.lattice;
  const fixedLayers = opts.fixedLayers ?? TIPS_DEFAULTS.fixedLayers;
  const rattle = opts.rattle ?? TIPS_DEFAULTS.rattle;
  const seed = opts.seed ?? TIPS_DEFAULTS.seed;

  if (!Number.isFinite(a) || a <= 0) throw new RewireError(`${where}.lattice`, `must be > 0 Å (got ${a})`, 'use 4.09 for EAM Ag_u3 or 4.22 for ReaxFF-Ag');
  if (!Number.isFinite(gap) || gap <= 0) throw new RewireError(`${where}.gap`, `must be > 0 Å (got ${gap})`, 'give the apex-to-apex distance, e.g. 8.3');
  if (gap < 0.5) throw new RewireError(`${where}.gap`, `${gap} Å would put the two apex atoms closer than 0.5 Å`, 'use a gap of at least 0.5 Å (the paper uses 8.3 Å)');
  if (!Number.isFinite(base) || base <= 0) throw new RewireError(`${where}.base`, `must be > 0 Å (got ${base})`, 'give the base edge in Å, e.g. 42');
  const m = layersForBase(base, a);
  const spacing = a / Math.SQRT2;
  if (m < 2) {
    throw new RewireError(`${where}.base`, `${base} Å is too small for one layer of a pyramid (needs ≥ ${(spacing / 2).toFixed(2)} Å at a = ${a} Å)`, `use a base of at least ${spacing.toFixed(2)} Å, e.g. 42`);
  }
  if (!Number.isInteger(fixedLayers) || fixedLayers < 0 || fixedLayers >= m) {
    throw new RewireError(`${where}.fixedLayers`, `must be an integer in [0, ${m - 1}] for ${m} layers per tip (got ${fixedLayers})`, 'use 1 (the base layer, as in the paper)');
  }
  if (!Number.isInteger(seed)) throw new RewireError(`${where}.seed`, `must be an integer (got ${seed})`, 'e.g. 1');

  const sites = halfOctahedronSites(m);
  const perTip = sites.length / 3;
  const n = 2 * perTip;
  const h = a / 2;
  const positions = new Float64Array(3 * n);
  const types = new Int32Array(n);
  const fixed = new Uint8Array(n);
  const electrode = new Int8Array(n);
  const origin = new Int8Array(n);
  for (let tip = 0; tip < 2; tip++) {
    for (let s = 0; s < perTip; s++) {
      const i = sites[3 * s]!, j = sites[3 * s + 1]!, k = sites[3 * s + 2]!;
      const at = tip * perTip + s;
      // lower: z = (k − (m−1))·h (apex at 0); upper: mirror z → gap − z
      const zLower = (k - (m - 1)) * h;
      positions[3 * at] = i * h;
      positions[3 * at + 1] = j * h;
      positions[3 * at + 2] = tip === 0 ? zLower : gap - zLower;
      const isFixed = k < fixedLayers;
      fixed[at] = isFixed ? 1 : 0;
      types[at] = isFixed ? 2 : 1;
      electrode[at] = isFixed ? (tip === 0 ? 1 : -1) : 0;
      origin[at] = tip;
    }
  }
  rattlePositions(positions, rattle, seed, `${where}.rattle`);

  const lo: Vec3 = [Infinity, Infinity, Infinity], hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let at = 0; at < n; at++) {
    for (let d = 0; d < 3; d++) {
      lo[d] = Math.min(lo[d]!, positions[3 * at + d]!);
      hi[d] = Math.max(hi[d]!, positions[3 * at + d]!);
    }
  }
  for (let d = 0; d < 3; d++) {
    lo[d] = lo[d]! - TIPS_BOX_MARGIN;
    hi[d] = hi[d]! + TIPS_BOX_MARGIN;
  }

  const tips: TipsMeta = {
    axis: 'z',
    lattice: a,
    gap,
    base,
    baseEdge: (m - 1) * spacing,
    lowerApex: [0, 0, 0],
    upperApex: [0, 0, gap],
    baseCenter: [0, 0],
    layerSpacing: h,
    layersPerTip: m,
    atomsPerTip: perTip,
    fixedLayers,
    lowerBaseZ: -(m - 1) * h,
    upperBaseZ: gap + (m - 1) * h,
  };
  const sys: System = {
    n,
    positions,
    types,
    masses: new Float64Array(n).fill(AG_MASS),
    fixed,
    electrode,
    origin,
    box: { lo, hi, periodic: [false, false, false] },
    meta: { builder: 'tips', base, gap, lattice: a, fixedLayers, rattle, seed, tips },
  };
  validateSystem(sys, 'tips builder');
  return sys;
}
