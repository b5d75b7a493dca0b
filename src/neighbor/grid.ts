/**
 * The cell grid shared by the CPU neighbour list and the GPU kernels (shaders/neighbor/*.wgsl).
 * Cells are at least cutoff/CELLS_PER_CUTOFF wide; an atom's neighbours lie within `reach` =
 * ceil(cutoff / cellSize) cells of its own along each axis (a 5×5×5 stencil for reach 2, of which
 * cells farther than the cutoff from the atom are skipped: ≈ 3× fewer candidates than 27 cells
 * of width ≥ cutoff). Along a periodic axis with fewer than 2·reach+1 cells each cell is visited
 * once (see cellOffsets()).
 *
 * Periodic axis: the grid is the box [lo, hi); positions are wrapped into it for binning only.
 * Free axis: the grid covers the atoms' bounding box plus `margin`; atoms that leave it are clamped
 * into the edge cells, which stays correct (clamping never separates two atoms by more than one
 * cell more than they already are) and only costs speed.
 */
import type { Box, Vec3 } from '../system/types.ts';
import { RewireError } from '../core/errors.ts';

export interface CellGrid {
  /** Lower corner of the grid, Å. */
  lo: Vec3;
  /** Grid edge lengths, Å (the box length along periodic axes). */
  len: Vec3;
  /** Cells along x, y, z (x fastest in the linear cell index). */
  cells: [number, number, number];
  /** Cell edge lengths, Å (≥ cutoff / CELLS_PER_CUTOFF). */
  cellSize: Vec3;
  periodic: [boolean, boolean, boolean];
  /** Stencil half-width per axis in cells: ceil(cutoff / cellSize). */
  reach: [number, number, number];
}

/**
 * Cells per cutoff length. CPU: 2 (half-cutoff cells, 5×5×5 stencil, ≈ 3× fewer distance tests).
 * The GPU grid (src/gpu/atoms.ts) uses 1 (27 cells): on SwiftShader the per-cell loop overhead of
 * the 125-cell stencil cancelled the saving (measured 44 ms vs 45 ms per tips build).
 */
export const CELLS_PER_CUTOFF = 2;

/** Maximum number of cells relative to the atom count (keeps sparse free-boundary grids small). */
const MAX_CELLS_PER_ATOM = 4;

/**
 * Grid for `cutoff` (the LIST cutoff, Å). Throws if a periodic box is shorter than 2×cutoff
 * (the minimum image would then be ambiguous).
 */
export function cellGrid(positions: Float64Array, n: number, box: Box, cutoff: number, margin = 0, cellsPerCutoff = CELLS_PER_CUTOFF): CellGrid {
  if (!(cutoff > 0)) throw new RewireError('neighbour list', `cutoff must be > 0 Å (got ${cutoff})`, 'pass interaction cutoff + skin');
  const lo: Vec3 = [0, 0, 0];
  const len: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    if (box.periodic[a]) {
      lo[a] = box.lo[a];
      len[a] = box.hi[a] - box.lo[a];
      if (!(len[a] >= 2 * cutoff)) {
        throw new RewireError(
          `box ${'xyz'[a]}`,
          `periodic length ${len[a].toFixed(3)} Å is shorter than 2 × neighbour cutoff (${(2 * cutoff).toFixed(3)} Å)`,
          'use a larger periodic box (replicate the cell) or a smaller skin',
        );
      }
    } else {
      let mn = Infinity;
      let mx = -Infinity;
      for (let i = 0; i < n; i++) {
        const x = positions[3 * i + a]!;
        if (x < mn) mn = x;
        if (x > mx) mx = x;
      }
      if (n === 0 || !Number.isFinite(mn) || !Number.isFinite(mx)) {
        mn = box.lo[a];
        mx = box.hi[a];
      }
      lo[a] = mn - margin;
      len[a] = Math.max(mx - mn + 2 * margin, cutoff);
    }
  }
  let width = cutoff / cellsPerCutoff;
  const cells: [number, number, number] = [1, 1, 1];
  const cap = Math.max(27, MAX_CELLS_PER_ATOM * n);
  for (;;) {
    for (let a = 0; a < 3; a++) cells[a] = Math.max(1, Math.floor(len[a]! / width));
    const total = cells[0] * cells[1] * cells[2];
    if (total <= cap) break;
    width *= Math.cbrt(total / cap) * 1.001;
  }
  const cellSize: Vec3 = [len[0] / cells[0], len[1] / cells[1], len[2] / cells[2]];
  const reach = cellSize.map((c) => Math.ceil(cutoff / c)) as [number, number, number];
  return { lo, len, cells, cellSize, periodic: [...box.periodic], reach };
}

/** Cell coordinate of x along one axis (periodic: wrapped; free: clamped to the edge cells). */
export function cellCoord(x: number, g: CellGrid, a: number): number {
  const nc = g.cells[a]!;
  let k: number;
  if (g.periodic[a]) {
    let s = (x - g.lo[a]!) / g.len[a]!;
    s -= Math.floor(s);
    k = Math.floor(s * nc);
  } else {
    k = Math.floor((x - g.lo[a]!) / g.cellSize[a]!);
  }
  return k < 0 ? 0 : k >= nc ? nc - 1 : k;
}

/**
 * Neighbouring-cell offsets along one axis: −reach … +reach, except along a periodic axis with
 * fewer than 2·reach+1 cells, where the first nc offsets from −reach visit each cell exactly once.
 */
export function cellOffsets(g: CellGrid, a: number): number[] {
  const nc = g.cells[a]!;
  const r = g.reach[a]!;
  const count = g.periodic[a] ? Math.min(2 * r + 1, nc) : 2 * r + 1;
  return Array.from({ length: count }, (_, k) => k - r);
}

/**
 * Whether cells along this axis may be skipped by their distance from the atom: not along a
 * periodic axis that is visited with fewer offsets than 2·reach+1 (there an offset need not be the
 * nearest image of its cell).
 */
export function cellGapTestable(g: CellGrid, a: number): boolean {
  return !g.periodic[a] || g.cells[a]! >= 2 * g.reach[a]! + 1;
}

/**
 * Lower bound on |Δ| along axis a between an atom at grid coordinate u (Å from the grid origin;
 * wrapped into [0, L) on periodic axes) and any atom in the cell with unwrapped index kk.
 * Free axes: the edge cells extend to ±∞ (atoms outside the grid are clamped into them).
 */
export function cellGap(g: CellGrid, a: number, u: number, kk: number): number {
  const cs = g.cellSize[a]!;
  const nc = g.cells[a]!;
  let lo = kk * cs;
  let hi = lo + cs;
  if (!g.periodic[a]) {
    if (kk <= 0) lo = -Infinity;
    if (kk >= nc - 1) hi = Infinity;
  }
  return u < lo ? lo - u : u > hi ? u - hi : 0;
}

/** Grid coordinate of x along axis a (Å from the grid origin; wrapped on periodic axes). */
export function gridOffset(x: number, g: CellGrid, a: number): number {
  const d = x - g.lo[a]!;
  if (!g.periodic[a]) return d;
  const L = g.len[a]!;
  return d - L * Math.floor(d / L);
}
