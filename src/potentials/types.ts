/**
 * Contracts between potentials, neighbour lists and the CPU engine. A potential is data plus pure
 * functions (the float64 reference twins of the WGSL kernels) wrapped in a small stateful object.
 */
import type { Box } from '../system/types.ts';
import type { NeighborList } from '../neighbor/types.ts';

/** Full neighbour list with fixed capacity (defined in src/neighbor/types.ts, the lower layer). */
export type { NeighborList } from '../neighbor/types.ts';
import type { PassTail, Pool } from '../parallel/pool.ts';

/**
 * Which potential an engine or a single-point evaluation uses (built from a run config by
 * src/runner/fromConfig.ts; turned into CPU or GPU potentials by src/runner/backend.ts).
 */
export interface PotentialSpec {
  kind: 'eam' | 'reaxff';
  /** EAM file or ffield path; default: the file shipped in data/potentials. */
  file?: string;
  /** EChemDID + QEq (ReaxFF only): V, k (Å²/fs), r_c (Å), electrons per atom, norm. */
  echemdid?: { volt: number; k: number; rc: number; nelec: number; norm: 'auto' | number } | null;
  qeq?: { tol: number; maxIter: number };
  /** ReaxFF on the CPU: vdW + Coulomb from the r² table (default true for MD; false = analytic, LAMMPS-exact). */
  tabulate?: boolean;
}

export interface ForceResult {
  /** Total potential energy, eV. */
  energy: number;
  /** Named energy terms, eV (sum = energy). */
  terms?: Record<string, number>;
  /** True when compute() ran ComputeOptions.tail (fused into its last per-atom pass). */
  tailRan?: boolean;
}

/** What an MD engine can tell compute() to save it work (single-point callers pass nothing). */
export interface ComputeOptions {
  /**
   * The largest squared displacement (Å²) of any atom since `nl` was built (the engine's rebuild
   * test measures it anyway): a potential that needs it may skip its own O(n) scan.
   */
  maxDisplacement2?: number;
  /**
   * A per-atom pool pass of the caller (e.g. the integrator's second half-kick, which reads
   * `forces`) that compute() may fuse into its last per-atom pass: each chunk of atoms runs it
   * right after writing that chunk's `forces` and `atomEnergies` (one barrier fewer per step).
   * compute() returns tailRan: true when it did; the caller runs the pass itself otherwise.
   */
  tail?: PassTail;
}

export interface CpuPotential {
  readonly name: string;
  /** Interaction cutoff, Å. */
  readonly cutoff: number;
  /**
   * Energy (eV), forces (eV/Å) and per-atom energies (eV) at `positions` [3n] Å.
   * `forces` [3n] and `atomEnergies` [n] are overwritten.
   */
  compute(positions: Float64Array, box: Box, nl: NeighborList, forces: Float64Array, atomEnergies: Float64Array, opts?: ComputeOptions): ForceResult;
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
  /**
   * True when compute() uses only the pairs j > i of each row: the engine may then hand it a HALF
   * list (NeighborList.half; each pair once, in the row of its lower index), built with half the
   * distance tests. compute() must still accept full lists.
   */
  readonly halfList?: boolean;
  /** Extra thermo scalars (QEq iterations, EChemDID boundary current, …). */
  extras?(): Record<string, number>;
  /** Per-atom charges (e) and potentials Φ (V), when the potential has them. */
  charges?(): Float64Array;
  phi?(): Float64Array;
  /** Change the applied (EChemDID) voltage, V, from the next step on (ReaxFF only). */
  setVoltage?(volt: number): void;
  /** State needed for an exact restart (charge histories, Φ). */
  saveState?(): Record<string, number[]>;
  loadState?(s: Record<string, number[]>): void;
}
