/**
 * A periodic fcc box of nx × ny × nz cubic cells (4 atoms each, lattice constant a, Å), box
 * [0, n·a) along every axis, all periodic. Atom order is ASE's `FaceCenteredCubic`/`bulk(cubic=True)
 * .repeat()`: cells with z fastest, then y, then x; in each cell the basis (0,0,0), (0,½,½), (½,0,½),
 * (½,½,0) — the order of test/fixtures/bulk6.data. Optional Gaussian rattle (σ, Å), after which
 * atoms are wrapped back into the box.
 */
import { RewireError } from '../../core/errors.ts';
import { AG_MASS } from '../../core/units.ts';
import type { System, Vec3 } from '../types.ts';
import { validateSystem } from '../validate.ts';
import { rattlePositions } from './rattle.ts';

export interface FccBoxOptions {
  /** Cubic cells along x, y, z. */
  cells: [number, number, number];
  /** Lattice constant, Å. */
  lattice: number;
  /** σ of a Gaussian displacement of every coordinate, Å. */
  rattle?: number;
  seed?: number;
  /** Mass of every atom, g/mol (default Ag). */
  mass?: number;
}

const FCC_BASIS = [
  [0, 0, 0],
  [0, 0.5, 0.5],
  [0.5, 0, 0.5],
  [0.5, 0.5, 0],
] as const;

export function buildFccBox(opts: FccBoxOptions, where = 'fcc'): System {
  const { cells, lattice: a } = opts;
  const rattle = opts.rattle ?? 0;
  const seed = opts.seed ?? 1;
  if (!Array.isArray(cells) || cells.length !== 3 || cells.some((c) => !Number.isInteger(c) || c < 1)) {
    throw new RewireError(`${where}.cells`, `must be three integers ≥ 1 (got ${JSON.stringify(cells)})`, 'e.g. [6, 6, 6]');
  }
  if (!Number.isFinite(a) || a <= 0) throw new RewireError(`${where}.lattice`, `must be > 0 Å (got ${a})`, 'use 4.09 for EAM Ag_u3');
  const [nx, ny, nz] = cells;
  const n = 4 * nx * ny * nz;
  const positions = new Float64Array(3 * n);
  let at = 0;
  for (let cx = 0; cx < nx; cx++) {
    for (let cy = 0; cy < ny; cy++) {
      for (let cz = 0; cz < nz; cz++) {
        for (const [bx, by, bz] of FCC_BASIS) {
          positions[3 * at] = (cx + bx) * a;
          positions[3 * at + 1] = (cy + by) * a;
          positions[3 * at + 2] = (cz + bz) * a;
          at++;
        }
      }
    }
  }
  const hi: Vec3 = [nx * a, ny * a, nz * a];
  rattlePositions(positions, rattle, seed, `${where}.rattle`);
  // wrap into [0, L): x − L·floor(x/L)
  for (let k = 0; k < 3 * n; k++) {
    const L = hi[k % 3]!;
    positions[k] = positions[k]! - L * Math.floor(positions[k]! / L);
    if (positions[k]! >= L) positions[k] = 0; // −ε wraps to L in floating point
  }
  const sys: System = {
    n,
    positions,
    types: new Int32Array(n).fill(1),
    masses: new Float64Array(n).fill(opts.mass ?? AG_MASS),
    fixed: new Uint8Array(n),
    electrode: new Int8Array(n),
    origin: new Int8Array(n).fill(-1),
    box: { lo: [0, 0, 0], hi, periodic: [true, true, true] },
    meta: { builder: 'fcc', cells: [nx, ny, nz], lattice: a, rattle, seed },
  };
  validateSystem(sys, 'fcc builder');
  return sys;
}
