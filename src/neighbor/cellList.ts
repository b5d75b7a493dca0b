/**
 * CPU twin of the GPU neighbour-list build (shaders/neighbor/*.wgsl, src/gpu/neighborList.ts).
 * Same passes: bin atoms into cells → count per cell → exclusive scan → scatter atom indices
 * (atoms are not reordered; within a cell indices are ascending) → for each atom, gather the
 * stencil of cells within `reach` (z, y, x order; cells whose nearest point is beyond the cutoff
 * are skipped) and keep j ≠ i with |r_ij| < cutoff (minimum image along periodic axes).
 * The list is FULL: each pair appears in both atoms' rows.
 * If an atom has more than `stride` neighbours the stride grows and the build repeats.
 */
import type { Box } from '../system/types.ts';
import type { NeighborList } from './types.ts';
import { cellCoord, cellGap, cellGapTestable, cellGrid, cellOffsets, gridOffset, type CellGrid } from './grid.ts';

/** Minimum-image component: d − L·round(d/L) along periodic axes, d otherwise (Å). */
export function minimumImage(d: number, len: number, periodic: boolean): number {
  return periodic ? d - len * Math.round(d / len) : d;
}

/** Stride to allocate for a measured maximum neighbour count (25 % headroom, multiple of 8). */
export function grownStride(maxCount: number): number {
  return Math.max(8, Math.ceil((maxCount * 1.25 + 1) / 8) * 8);
}

/** Cells sorted by the counting sort: atoms of cell c are sorted[start[c] .. start[c+1]). */
export interface CellBins {
  grid: CellGrid;
  /** [ncells + 1] exclusive prefix sum of per-cell counts. */
  start: Uint32Array;
  /** [n] atom indices grouped by cell, ascending within a cell. */
  sorted: Uint32Array;
  /** [n] linear cell index of each atom. */
  cellOf: Uint32Array;
}

/** Counting sort of atoms into the grid's cells (count → exclusive scan → scatter). */
export function binAtoms(positions: Float64Array, n: number, grid: CellGrid): CellBins {
  const [cx, cy, cz] = grid.cells;
  const ncells = cx * cy * cz;
  const cellOf = new Uint32Array(n);
  const count = new Uint32Array(ncells);
  for (let i = 0; i < n; i++) {
    const kx = cellCoord(positions[3 * i]!, grid, 0);
    const ky = cellCoord(positions[3 * i + 1]!, grid, 1);
    const kz = cellCoord(positions[3 * i + 2]!, grid, 2);
    const c = (kz * cy + ky) * cx + kx;
    cellOf[i] = c;
    count[c]!++;
  }
  const start = new Uint32Array(ncells + 1);
  for (let c = 0; c < ncells; c++) start[c + 1] = start[c]! + count[c]!;
  const cursor = count.fill(0);
  const sorted = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const c = cellOf[i]!;
    sorted[start[c]! + cursor[c]!++] = i;
  }
  return { grid, start, sorted, cellOf };
}

/**
 * Full neighbour list with list cutoff `cutoff` (= interaction cutoff + skin, Å).
 * `stride0` is the initial capacity per atom; it grows (and the build repeats) on overflow.
 */
export function buildNeighborList(positions: Float64Array, n: number, box: Box, cutoff: number, stride0 = 64): NeighborList {
  const grid = cellGrid(positions, n, box, cutoff);
  const bins = binAtoms(positions, n, grid);
  let stride = Math.max(1, stride0 | 0);
  for (;;) {
    const counts = new Uint32Array(n);
    const neighbors = new Uint32Array(n * stride);
    const maxCount = gatherNeighbors(positions, n, bins, cutoff, stride, counts, neighbors, true);
    if (maxCount <= stride) return { cutoff, stride, counts, neighbors };
    stride = grownStride(maxCount);
  }
}

/**
 * The gather pass (twin of shaders/neighbor/buildList.wgsl). Writes at most `stride` neighbours per
 * atom, `counts[i]` = min(true count, stride); returns the largest true count.
 * `halfPairs` (CPU speed-up, same sets): each pair's distance is evaluated once, from the atom with
 * the lower index, and appended to both rows — row order then differs from the GPU's.
 */
export function gatherNeighbors(
  positions: Float64Array,
  n: number,
  bins: CellBins,
  cutoff: number,
  stride: number,
  counts: Uint32Array,
  neighbors: Uint32Array,
  halfPairs = false,
): number {
  const { grid, start, sorted } = bins;
  const trueCount = new Uint32Array(n);
  const [cx, cy, cz] = grid.cells;
  const [px, py, pz] = grid.periodic;
  const [lx, ly, lz] = grid.len;
  const ox = cellOffsets(grid, 0);
  const oy = cellOffsets(grid, 1);
  const oz = cellOffsets(grid, 2);
  const tx = cellGapTestable(grid, 0);
  const ty = cellGapTestable(grid, 1);
  const tz = cellGapTestable(grid, 2);
  const rc2 = cutoff * cutoff;
  const gx = new Float64Array(ox.length);
  const gy = new Float64Array(oy.length);
  const gz = new Float64Array(oz.length);
  const wx = new Int32Array(ox.length);
  const wy = new Int32Array(oy.length);
  const wz = new Int32Array(oz.length);
  let maxCount = 0;
  for (let i = 0; i < n; i++) {
    const xi = positions[3 * i]!;
    const yi = positions[3 * i + 1]!;
    const zi = positions[3 * i + 2]!;
    const c = bins.cellOf[i]!;
    const kx = c % cx;
    const ky = Math.floor(c / cx) % cy;
    const kz = Math.floor(c / (cx * cy));
    // squared lower bounds of |Δ| per axis for each stencil offset (0 where not testable)
    const ux = gridOffset(xi, grid, 0);
    const uy = gridOffset(yi, grid, 1);
    const uz = gridOffset(zi, grid, 2);
    // per stencil offset: wrapped cell index (−1 = off a free edge) and squared gap lower bound
    for (let a = 0; a < ox.length; a++) {
      const k = kx + ox[a]!;
      wx[a] = px ? (k + cx * 8) % cx : k < 0 || k >= cx ? -1 : k;
      gx[a] = tx ? cellGap(grid, 0, ux, k) ** 2 : 0;
    }
    for (let a = 0; a < oy.length; a++) {
      const k = ky + oy[a]!;
      wy[a] = py ? (k + cy * 8) % cy : k < 0 || k >= cy ? -1 : k;
      gy[a] = ty ? cellGap(grid, 1, uy, k) ** 2 : 0;
    }
    for (let a = 0; a < oz.length; a++) {
      const k = kz + oz[a]!;
      wz[a] = pz ? (k + cz * 8) % cz : k < 0 || k >= cz ? -1 : k;
      gz[a] = tz ? cellGap(grid, 2, uz, k) ** 2 : 0;
    }
    let cnt = trueCount[i]!;
    for (let a = 0; a < oz.length; a++) {
      const z = wz[a]!;
      const g2z = gz[a]!;
      if (z < 0 || g2z >= rc2) continue;
      for (let b = 0; b < oy.length; b++) {
        const y = wy[b]!;
        const g2zy = g2z + gy[b]!;
        if (y < 0 || g2zy >= rc2) continue;
        const rowBase = (z * cy + y) * cx;
        for (let d = 0; d < ox.length; d++) {
          const x = wx[d]!;
          if (x < 0 || g2zy + gx[d]! >= rc2) continue;
          const cell = rowBase + x;
          for (let s = start[cell]!, e = start[cell + 1]!; s < e; s++) {
            const j = sorted[s]!;
            if (j === i || (halfPairs && j < i)) continue;
            const ddx = minimumImage(xi - positions[3 * j]!, lx, px);
            const ddy = minimumImage(yi - positions[3 * j + 1]!, ly, py);
            const ddz = minimumImage(zi - positions[3 * j + 2]!, lz, pz);
            if (ddx * ddx + ddy * ddy + ddz * ddz < rc2) {
              if (cnt < stride) neighbors[i * stride + cnt] = j;
              cnt++;
              if (halfPairs) {
                const cj = trueCount[j]!;
                if (cj < stride) neighbors[j * stride + cj] = i;
                trueCount[j] = cj + 1;
              }
            }
          }
        }
      }
    }
    trueCount[i] = cnt;
  }
  for (let i = 0; i < n; i++) {
    const cnt = trueCount[i]!;
    counts[i] = Math.min(cnt, stride);
    if (cnt > maxCount) maxCount = cnt;
  }
  return maxCount;
}

/**
 * LAMMPS rebuild criterion (neigh_modify check yes): true when some atom moved more than skin/2
 * since `refPositions` (positions at the last build), so a pair may have crossed into the cutoff.
 */
export function maxDisplacementExceeded(positions: Float64Array, refPositions: Float64Array, skin: number): boolean {
  const lim2 = 0.25 * skin * skin;
  const n3 = Math.min(positions.length, refPositions.length);
  for (let k = 0; k < n3; k += 3) {
    const dx = positions[k]! - refPositions[k]!;
    const dy = positions[k + 1]! - refPositions[k + 1]!;
    const dz = positions[k + 2]! - refPositions[k + 2]!;
    if (dx * dx + dy * dy + dz * dz > lim2) return true;
  }
  return false;
}
