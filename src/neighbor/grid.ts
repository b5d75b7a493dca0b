/**
 * The cell grid shared by the CPU neighbour list and the GPU kernels (shaders/neighbor/*.wgsl).
 * Cells are at least `cutoff` wide along every axis, so every neighbour of an atom lies in the
 * 27 cells around its own (fewer along periodic axes with 1–2 cells, see cellOffsets()).
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
  /** Cell edge lengths, Å (≥ cutoff). */
  cellSize: Vec3;
  periodic: [boolean, boolean, boolean];
}

/** Maximum number of cells relative to the atom count (keeps sparse free-boundary grids small). */
const MAX_CELLS_PER_ATOM = 4;

/**
 * Grid for `cutoff` (the LIST cutoff, Å). Throws if a periodic box is shorter than 2×cutoff
 * (the minimum image would then be ambiguous).
 */
export function cellGrid(positions: Float64Array, n: number, box: Box, cutoff: number, margin = 0): CellGrid {
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
  let width = cutoff;
  const cells: [number, number, number] = [1, 1, 1];
  const cap = Math.max(27, MAX_CELLS_PER_ATOM * n);
  for (;;) {
    for (let a = 0; a < 3; a++) cells[a] = Math.max(1, Math.floor(len[a]! / width));
    const total = cells[0] * cells[1] * cells[2];
    if (total <= cap) break;
    width *= Math.cbrt(total / cap) * 1.001;
  }
  const cellSize: Vec3 = [len[0] / cells[0], len[1] / cells[1], len[2] / cells[2]];
  return { lo, len, cells, cellSize, periodic: [...box.periodic] };
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
 * Neighbouring-cell offsets along one axis, each distinct cell once: periodic axes with fewer than
 * 3 cells would otherwise visit a cell twice (−1 and +1 wrap to the same cell).
 */
export function cellOffsets(g: CellGrid, a: number): number[] {
  const nc = g.cells[a]!;
  if (g.periodic[a]) return nc >= 3 ? [-1, 0, 1] : nc === 2 ? [-1, 0] : [0];
  return [-1, 0, 1];
}
