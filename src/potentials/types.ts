/**
 * Contracts between potentials, neighbour lists and the CPU engine. A potential is data plus pure
 * functions (the float64 reference twins of the WGSL kernels) wrapped in a small stateful object.
 */
import type { Box } from '../system/types.ts';
import type { Pool } from '../parallel/pool.ts';

/**
 * Full neighbour list with fixed capacity (the same layout the GPU uses):
 * neighbours of atom i are neighbors[i*stride + k] for k < counts[i]; every pair appears twice
 * (i in j's list and j in i's). Built with cutoff = potential cutoff + skin.
 */
export interface NeighborList {
  /** List cutoff (interaction cutoff + skin), Å. */
  cutoff: number;
  /** Capacity per atom. */
  stride: number;
  counts: Uint32Array;
  neighbors: Uint32Array;
}

export interface ForceResult {
  /** Total potential energy, eV. */
  energy: number;
  /** Named energy terms, eV (sum = energy). */
  terms?: Record<string, number>;
}

export interface CpuPotential {
  readonly name: string;
  /** Interaction cutoff, Å. */
  readonly cutoff: number;
  /**
   * Energy (eV), forces (eV/Å) and per-atom energies (eV) at `positions` [3n] Å.
   * `forces` [3n] and `atomEnergies` [n] are overwritten.
   */
  compute(positions: Float64Array, box: Box, nl: NeighborList, forces: Float64Array, atomEnergies: Float64Array): ForceResult;
  /**
   * Optional per-step stage run after the drift and before compute() (EChemDID Φ update, QEq).
   * `dt` is the MD step in fs. Not called by single-point evaluations.
   */
  preForce?(positions: Float64Array, box: Box, nl: NeighborList, dt: number): void;
  /**
   * Runs the passes on `pool` (src/parallel) from now on; the caller owns the pool. Without it a
   * potential runs on one thread with the same passes (bit-identical results).
   */
  usePool?(pool: Pool): void;
  /** Extra thermo scalars (QEq iterations, EChemDID boundary current, …). */
  extras?(): Record<string, number>;
  /** Per-atom charges (e) and potentials Φ (V), when the potential has them. */
  charges?(): Float64Array;
  phi?(): Float64Array;
  /** State needed for an exact restart (charge histories, Φ). */
  saveState?(): Record<string, number[]>;
  loadState?(s: Record<string, number[]>): void;
}
