/**
 * Sanity checks every reader and builder runs before a System leaves it:
 *   - array lengths agree with n,
 *   - every coordinate is finite,
 *   - along periodic axes every atom lies inside [lo, hi] (LAMMPS would silently wrap it; we refuse),
 *   - no two atoms are closer than MIN_SEPARATION (0.5 Å; Ag–Ag bonds are ≈ 2.9 Å, so a closer
 *     pair is a duplicated atom or a wrong unit, and would blow up any potential).
 * The overlap search uses a cell list with cells ≥ 0.5 Å (O(N)), with the minimum image along
 * periodic axes. Atom numbers in messages are 1-based, as in the files.
 */
import { RewireError } from '../core/errors.ts';
import type { System } from './types.ts';

/** Closest allowed distance between two atoms, Å. */
export const MIN_SEPARATION = 0.5;

/** How far (Å) an atom may sit outside a periodic box before it is an error (round-off in files). */
export const PERIODIC_TOLERANCE = 1e-6;

/** Names atom i (0-based) in messages; readers pass one that names the file line. */
export type AtomNamer = (i: number) => string;

const defaultNamer: AtomNamer = (i) => `atom ${i + 1}`;

export interface OverlapPair {
  i: number;
  j: number;
  /** Å */
  distance: number;
}

/** Throws a RewireError (naming `source` and the atom) if `sys` is inconsistent. */
export function validateSystem(sys: System, source: string, name: AtomNamer = defaultNamer): void {
  const n = sys.n;
  const lengths: [string, number, number][] = [
    ['positions', sys.positions.length, 3 * n],
    ['types', sys.types.length, n],
    ['masses', sys.masses.length, n],
    ['fixed', sys.fixed.length, n],
    ['electrode', sys.electrode.length, n],
    ['origin', sys.origin.length, n],
  ];
  if (sys.velocities) lengths.push(['velocities', sys.velocities.length, 3 * n]);
  if (sys.charges) lengths.push(['charges', sys.charges.length, n]);
  if (sys.phi) lengths.push(['phi', sys.phi.length, n]);
  for (const [field, got, want] of lengths) {
    if (got !== want) throw new RewireError(`${source}: ${field}`, `has ${got} entries but ${n} atoms need ${want}`, 'give one entry per atom');
  }
  if (n === 0) throw new RewireError(source, 'contains no atoms', 'check the file: the atom count must be positive');

  const { lo, hi, periodic } = sys.box;
  for (let d = 0; d < 3; d++) {
    if (!Number.isFinite(lo[d]!) || !Number.isFinite(hi[d]!) || !(hi[d]! > lo[d]!)) {
      throw new RewireError(`${source}: box`, `${'xyz'[d]} bounds [${lo[d]}, ${hi[d]}] are not an interval with hi > lo`, 'give finite box bounds with hi > lo');
    }
  }
  const p = sys.positions;
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < 3; d++) {
      const x = p[3 * i + d]!;
      if (!Number.isFinite(x)) {
        throw new RewireError(`${source}: ${name(i)}`, `${'xyz'[d]} coordinate is not a finite number (${x})`, 'give finite coordinates in Å');
      }
      if (periodic[d] && (x < lo[d]! - PERIODIC_TOLERANCE || x > hi[d]! + PERIODIC_TOLERANCE)) {
        throw new RewireError(
          `${source}: ${name(i)}`,
          `${'xyz'[d]} = ${x} Å lies outside the periodic box [${lo[d]}, ${hi[d]}]`,
          'wrap the atom into the box (x − L·floor((x − lo)/L)) or enlarge the box',
        );
      }
    }
  }
  const bad = findOverlaps(sys, MIN_SEPARATION, 1);
  if (bad.pairs.length > 0) {
    const { i, j, distance } = bad.pairs[0]!;
    const more = bad.count > 1 ? ` (${bad.count} pairs closer than ${MIN_SEPARATION} Å in all)` : '';
    throw new RewireError(
      `${source}: ${name(i)} and ${name(j)}`,
      `atoms ${i + 1} and ${j + 1} are ${distance.toFixed(3)} Å apart, closer than ${MIN_SEPARATION} Å${more}`,
      'remove duplicated atoms, check the length unit (Å) and, for periodic boxes, the box size',
    );
  }
}

/**
 * All pairs closer than `rmin` (Å), lowest i first, keeping at most `keep` of them (count is exact).
 * Cell list: cells at least rmin wide, at most ~2·N^(1/3) per axis; each pair is tested once.
 */
export function findOverlaps(sys: System, rmin: number, keep = Infinity): { pairs: OverlapPair[]; count: number } {
  const n = sys.n;
  const p = sys.positions;
  const { periodic } = sys.box;
  const lo = [0, 0, 0], len = [0, 0, 0], nc = [1, 1, 1];
  const maxPerAxis = Math.max(1, Math.ceil(2 * Math.cbrt(n)));
  for (let d = 0; d < 3; d++) {
    if (periodic[d]) {
      lo[d] = sys.box.lo[d]!;
      len[d] = sys.box.hi[d]! - sys.box.lo[d]!;
    } else {
      let a = Infinity, b = -Infinity;
      for (let i = 0; i < n; i++) {
        const x = p[3 * i + d]!;
        if (x < a) a = x;
        if (x > b) b = x;
      }
      lo[d] = a;
      len[d] = Math.max(b - a, rmin);
    }
    nc[d] = Math.max(1, Math.min(Math.floor(len[d]! / rmin), maxPerAxis));
  }
  const [nx, ny, nz] = nc as [number, number, number];
  const cellOf = new Int32Array(n);
  const head = new Int32Array(nx * ny * nz).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const coord = (x: number, d: number) => {
    let k = Math.floor(((x - lo[d]!) / len[d]!) * nc[d]!);
    if (periodic[d]) k = ((k % nc[d]!) + nc[d]!) % nc[d]!;
    return Math.min(nc[d]! - 1, Math.max(0, k));
  };
  // Insert in descending order so each cell's chain is ascending in atom index.
  for (let i = n - 1; i >= 0; i--) {
    const c = (coord(p[3 * i + 2]!, 2) * ny + coord(p[3 * i + 1]!, 1)) * nx + coord(p[3 * i]!, 0);
    cellOf[i] = c;
    next[i] = head[c]!;
    head[c] = i;
  }
  const r2min = rmin * rmin;
  const pairs: OverlapPair[] = [];
  let count = 0;
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const c = cellOf[i]!;
    const cx = c % nx, cy = Math.floor(c / nx) % ny, cz = Math.floor(c / (nx * ny));
    seen.clear();
    for (let dz = -1; dz <= 1; dz++) {
      const kz = wrapCell(cz + dz, nz, periodic[2]);
      if (kz < 0) continue;
      for (let dy = -1; dy <= 1; dy++) {
        const ky = wrapCell(cy + dy, ny, periodic[1]);
        if (ky < 0) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const kx = wrapCell(cx + dx, nx, periodic[0]);
          if (kx < 0) continue;
          const cc = (kz * ny + ky) * nx + kx;
          if (seen.has(cc)) continue; // small periodic grids: the same cell reached twice
          seen.add(cc);
          for (let j = head[cc]!; j >= 0; j = next[j]!) {
            if (j <= i) continue;
            let r2 = 0;
            for (let d = 0; d < 3; d++) {
              let dd = p[3 * j + d]! - p[3 * i + d]!;
              if (periodic[d]) dd -= len[d]! * Math.round(dd / len[d]!);
              r2 += dd * dd;
            }
            if (r2 < r2min) {
              count++;
              if (pairs.length < keep) pairs.push({ i, j, distance: Math.sqrt(r2) });
            }
          }
        }
      }
    }
  }
  pairs.sort((a, b) => a.i - b.i || a.j - b.j);
  return { pairs, count };
}

function wrapCell(k: number, n: number, periodic: boolean): number {
  if (k >= 0 && k < n) return k;
  return periodic ? ((k % n) + n) % n : -1;
}
