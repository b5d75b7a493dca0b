/**
 * A transport geometry in real space: device atoms D, and for each lead its principal layer L1 (the
 * layer touching D) and the translation T that maps L1 onto the next layer deeper into the lead
 * (L2 = L1 + T). Optional lateral periodicity with two in-plane supercell vectors (then blocks
 * depend on the transverse k-point). Positions in Å.
 */
import type { Vec3 } from '../../system/types.ts';

export interface LeadGeometry {
  /** [3b] positions of the lead principal layer adjacent to the device */
  cell: Float64Array;
  /** translation L1 → L2 (pointing away from the device), Å */
  T: Vec3;
  /**
   * the principal layer is an n1×n2 supercell of a one-atom cell, atom i at integer in-plane
   * coordinates coords[2i], coords[2i+1] (solver/unfold.ts: decimation per primitive k, verified)
   */
  unfold?: { n: [number, number]; coords: Int32Array };
  /**
   * a bulk-reservoir lead (tips mode): `cell` is the finite set of sites of an ideal semi-infinite
   * crystal's first principal layer that lie within reach of the device, site i being basis atom
   * sites[3i] shifted by sites[3i+1]·a1 + sites[3i+2]·a2 from `origin`; the crystal is laterally
   * infinite, its principal layer the primitive cell `basis` (one atom per layer, relative to the
   * first, which is at 0) repeated along a1, a2 and T (solver/reservoir.ts: g on the cell by a
   * Fourier sum over the primitive lateral k). The blocks depend only on a1, a2, basis and T.
   */
  reservoir?: { a1: Vec3; a2: Vec3; origin: Vec3; basis: Float64Array; sites: Int32Array };
}

export interface TransportGeometry {
  /** [3N] device atom positions, Å */
  device: Float64Array;
  left: LeadGeometry;
  right: LeadGeometry;
  /** in-plane supercell vectors, or null (isolated in-plane: k = Γ only) */
  lateral: [Vec3, Vec3] | null;
  /**
   * true when the right lead is the z-mirror image of the left lead (same in-plane positions,
   * T_R = M T_L): then g_R = P g_L P with the model's mirror parities (half the decimation work).
   */
  rightMirrorsLeft?: boolean;
  /**
   * groups of device atoms that share one neutrality shift (neutrality.ts; paper mode: the outer
   * buffer layer of each side, which is then periodic and joins its lead exactly, solver/absorb.ts)
   */
  tiedShifts?: number[][];
  /** identifies lead geometry + model for the surface-GF cache (set by the builders) */
  leadKey: string;
  /** provenance and approximations (mode, dropped atoms, …) */
  info: Record<string, unknown>;
}

export function natoms(p: Float64Array): number {
  return p.length / 3;
}

/**
 * True when the squared distance d2 (Å²) certainly exceeds r: d2 > r²(1 + 1e-9), far beyond the
 * round-off of Math.hypot. A cheap pre-test for the pair loops; the exact test on Math.hypot decides
 * the rest, so which pairs count, and every value computed from them, is unchanged.
 */
export const beyond = (d2: number, r: number): boolean => d2 > r * r * (1 + 1e-9);

/** |(dx, dy, dz)| < r, decided on Math.hypot as before, with the cheap pre-test first */
export const within = (dx: number, dy: number, dz: number, r: number): boolean => !beyond(dx * dx + dy * dy + dz * dz, r) && Math.hypot(dx, dy, dz) < r;
