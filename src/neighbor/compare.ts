/**
 * Compares a neighbour list built elsewhere (the GPU's, read back) with the CPU twin's sets
 * (cellList.ts buildNeighborList at the same cutoff). A pair present on one side only counts as a
 * mismatch unless its distance lies within `ambiguity` Å of the cutoff, where f32 and f64 may
 * legitimately disagree. Used by test/neighbor.gpu.test.ts and bench/parity.ts.
 */
import type { Box } from '../system/types.ts';
import { buildNeighborList, minimumImage } from './cellList.ts';

export interface ListSetComparison {
  /** pairs on one side only, farther than `ambiguity` from the cutoff */
  mismatched: number;
  /** repeated j within a row of the compared list */
  duplicates: number;
  /** entries of the compared list (each pair twice in a full list) */
  pairs: number;
}

export function compareNeighborSets(positions: Float64Array, n: number, box: Box, list: { stride: number; counts: Uint32Array; neighbors: Uint32Array }, cutoff: number, ambiguity: number): ListSetComparison {
  const cpu = buildNeighborList(positions, n, box, cutoff);
  const L = [0, 1, 2].map((a) => box.hi[a]! - box.lo[a]!);
  const dist = (i: number, j: number) => {
    let s = 0;
    for (let a = 0; a < 3; a++) s += minimumImage(positions[3 * i + a]! - positions[3 * j + a]!, L[a]!, box.periodic[a]!) ** 2;
    return Math.sqrt(s);
  };
  let mismatched = 0, duplicates = 0, pairs = 0;
  for (let i = 0; i < n; i++) {
    const row = Array.from(list.neighbors.subarray(i * list.stride, i * list.stride + list.counts[i]!));
    const a = new Set(row);
    const b = new Set(Array.from(cpu.neighbors.subarray(i * cpu.stride, i * cpu.stride + cpu.counts[i]!)));
    duplicates += row.length - a.size;
    for (const j of a) if (!b.has(j) && Math.abs(dist(i, j) - cutoff) >= ambiguity) mismatched++;
    for (const j of b) if (!a.has(j) && Math.abs(dist(i, j) - cutoff) >= ambiguity) mismatched++;
    pairs += a.size;
  }
  return { mismatched, duplicates, pairs };
}
