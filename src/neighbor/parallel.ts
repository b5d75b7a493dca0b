/**
 * Threaded FULL neighbour list (same sets and row order as the GPU build, shaders/neighbor/*.wgsl):
 * atoms are binned serially (binAtoms), then each row i is gathered independently by the pool —
 * stencil cells in z, y, x order (cells whose nearest point is beyond the cutoff are skipped),
 * ascending atom indices within a cell, j ≠ i with |r_ij| < cutoff (minimum image on periodic
 * axes). Rows do not depend on the partition, so the list is identical for any thread count.
 * On overflow (an atom with more than `stride` neighbours) the stride grows and the build repeats.
 * With { half: true } row i keeps only j > i (each pair once; candidates j < i are skipped before
 * the distance test): for potentials that declare CpuPotential.halfList. With { reuse: old } the
 * build writes into the counts/neighbours of a list no longer in use (same stride, pool memory):
 * no fresh allocation, and no page faults on first touch, at every rebuild of an MD run.
 */
import type { Box } from '../system/types.ts';
import type { NeighborList } from './types.ts';
import type { Pool } from '../parallel/pool.ts';
import { chunksOf, maxChunks } from '../parallel/pool.ts';
import { defineKernels } from '../parallel/registry.ts';
import { binAtoms, grownStride } from './cellList.ts';
import { cellGap, cellGapTestable, cellGrid, cellOffsets, gridOffset, type CellGrid } from './grid.ts';

interface GatherCtx {
  pos: Float64Array;
  grid: CellGrid;
  start: Uint32Array;
  sorted: Uint32Array;
  cellOf: Uint32Array;
  /** stencil offsets per axis, concatenated: x [0, nox), y, z */
  offs: Int32Array;
  nox: number;
  noy: number;
  noz: number;
  rc2: number;
  /** 1: keep only j > i (half list) */
  half: number;
  stride: number;
  counts: Uint32Array;
  nbr: Uint32Array;
  /** [chunks] largest true count of the chunk */
  red: Float64Array;
}

function gatherRows(c: GatherCtx, lo: number, hi: number, chunk: number): void {
  const { pos, grid, start, sorted, cellOf, offs, nox, noy, noz, rc2, stride, counts, nbr } = c;
  const jmin = c.half ? 1 : 0;
  const [cx, cy, cz] = grid.cells;
  const px = grid.periodic[0], py = grid.periodic[1], pz = grid.periodic[2];
  const lx = grid.len[0], ly = grid.len[1], lz = grid.len[2];
  const tx = cellGapTestable(grid, 0), ty = cellGapTestable(grid, 1), tz = cellGapTestable(grid, 2);
  const wx = new Int32Array(nox), wy = new Int32Array(noy), wz = new Int32Array(noz);
  const gx = new Float64Array(nox), gy = new Float64Array(noy), gz = new Float64Array(noz);
  let maxCount = 0;
  for (let i = lo; i < hi; i++) {
    const xi = pos[3 * i]!, yi = pos[3 * i + 1]!, zi = pos[3 * i + 2]!;
    const cell = cellOf[i]!;
    const kx = cell % cx, ky = ((cell / cx) | 0) % cy, kz = (cell / (cx * cy)) | 0;
    const ux = gridOffset(xi, grid, 0), uy = gridOffset(yi, grid, 1), uz = gridOffset(zi, grid, 2);
    for (let a = 0; a < nox; a++) {
      const k = kx + offs[a]!;
      wx[a] = px ? (k + cx * 8) % cx : k < 0 || k >= cx ? -1 : k;
      gx[a] = tx ? cellGap(grid, 0, ux, k) ** 2 : 0;
    }
    for (let a = 0; a < noy; a++) {
      const k = ky + offs[nox + a]!;
      wy[a] = py ? (k + cy * 8) % cy : k < 0 || k >= cy ? -1 : k;
      gy[a] = ty ? cellGap(grid, 1, uy, k) ** 2 : 0;
    }
    for (let a = 0; a < noz; a++) {
      const k = kz + offs[nox + noy + a]!;
      wz[a] = pz ? (k + cz * 8) % cz : k < 0 || k >= cz ? -1 : k;
      gz[a] = tz ? cellGap(grid, 2, uz, k) ** 2 : 0;
    }
    const row = i * stride;
    let cnt = 0;
    for (let a = 0; a < noz; a++) {
      const z = wz[a]!, g2z = gz[a]!;
      if (z < 0 || g2z >= rc2) continue;
      for (let b = 0; b < noy; b++) {
        const y = wy[b]!, g2zy = g2z + gy[b]!;
        if (y < 0 || g2zy >= rc2) continue;
        const rowBase = (z * cy + y) * cx;
        for (let d = 0; d < nox; d++) {
          const x = wx[d]!;
          if (x < 0 || g2zy + gx[d]! >= rc2) continue;
          const cc = rowBase + x;
          for (let s = start[cc]!, e = start[cc + 1]!; s < e; s++) {
            const j = sorted[s]!;
            if (j === i || (jmin && j < i)) continue;
            let dx = xi - pos[3 * j]!, dy = yi - pos[3 * j + 1]!, dz = zi - pos[3 * j + 2]!;
            if (px) dx -= lx * Math.round(dx / lx);
            if (py) dy -= ly * Math.round(dy / ly);
            if (pz) dz -= lz * Math.round(dz / lz);
            if (dx * dx + dy * dy + dz * dz < rc2) {
              if (cnt < stride) nbr[row + cnt] = j;
              cnt++;
            }
          }
        }
      }
    }
    counts[i] = cnt < stride ? cnt : stride;
    if (cnt > maxCount) maxCount = cnt;
  }
  c.red[chunk] = maxCount;
}

defineKernels({ 'nl.gather': gatherRows });

/**
 * Full neighbour list with list cutoff `cutoff` (interaction cutoff + skin, Å) built on `pool`.
 * `positions` [3n] must be pool memory (pool.f64) when the pool has workers.
 */
export function buildNeighborListPool(pool: Pool, positions: Float64Array, n: number, box: Box, cutoff: number, stride0 = 64, opts: { half?: boolean; reuse?: NeighborList } = {}): NeighborList {
  const half = opts.half === true;
  const grid = cellGrid(positions, n, box, cutoff);
  const bins = binAtoms(positions, n, grid);
  const start = pool.u32(bins.start.length), sorted = pool.u32(n), cellOf = pool.u32(n);
  start.set(bins.start);
  sorted.set(bins.sorted);
  cellOf.set(bins.cellOf);
  const ox = cellOffsets(grid, 0), oy = cellOffsets(grid, 1), oz = cellOffsets(grid, 2);
  const offs = pool.i32(ox.length + oy.length + oz.length);
  offs.set([...ox, ...oy, ...oz]);
  const red = pool.f64(chunksOf(n));
  let stride = Math.max(1, stride0 | 0);
  let slot = -1;
  const old = opts.reuse;
  for (;;) {
    const fits = old !== undefined && old.stride === stride && old.counts.length === n && old.neighbors.length === n * stride && pool.isShared(old.counts) && pool.isShared(old.neighbors);
    const counts = fits ? old.counts : pool.u32(n), nbr = fits ? old.neighbors : pool.u32(n * stride);
    const ctx: GatherCtx = { pos: positions, grid, start, sorted, cellOf, offs, nox: ox.length, noy: oy.length, noz: oz.length, rc2: cutoff * cutoff, half: half ? 1 : 0, stride, counts, nbr, red };
    if (slot < 0) slot = pool.bind(ctx);
    else pool.rebind(slot, ctx);
    pool.run('nl.gather', slot, n);
    const maxCount = n > 0 ? maxChunks(red, chunksOf(n), 1, 0) : 0;
    if (maxCount <= stride) {
      pool.release(slot);
      return half ? { cutoff, stride, counts, neighbors: nbr, half: true } : { cutoff, stride, counts, neighbors: nbr };
    }
    stride = grownStride(maxCount);
  }
}
