/** A neighbour list's arrays in the pool's shared memory, for passes that run on the pool's threads. */
import type { Pool } from '../parallel/pool.ts';
import type { NeighborList } from './types.ts';

/**
 * counts [n] and neighbours [n·stride] of `nl` that every pool thread can read: the list's own
 * arrays when they already live in pool memory (a list built on the pool), else copies.
 */
export function sharedListArrays(P: Pool, nl: NeighborList, n: number): { counts: Uint32Array; nbr: Uint32Array } {
  if (P.isShared(nl.neighbors) && P.isShared(nl.counts)) return { counts: nl.counts, nbr: nl.neighbors };
  const counts = P.u32(n), nbr = P.u32(nl.neighbors.length);
  counts.set(nl.counts.subarray(0, n));
  nbr.set(nl.neighbors);
  return { counts, nbr };
}
