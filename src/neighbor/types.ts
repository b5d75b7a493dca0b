/**
 * The neighbour-list contract shared by the CPU builder (cellList.ts), the potentials and the GPU
 * (same layout): neighbours of atom i are neighbors[i*stride + k] for k < counts[i]; every pair
 * appears twice (i in j's list and j in i's). Built with cutoff = potential cutoff + skin.
 */
export interface NeighborList {
  /** List cutoff (interaction cutoff + skin), Å. */
  cutoff: number;
  /** Capacity per atom. */
  stride: number;
  counts: Uint32Array;
  neighbors: Uint32Array;
  /**
   * Set when the list is HALF (buildNeighborListPool with { half: true }): row i holds only the
   * neighbours j > i, so each pair appears once. Absent or false: the full list described above.
   */
  half?: boolean;
}
