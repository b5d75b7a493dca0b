/**
 * A tight-binding model = data + pure functions of geometry. The solver never looks inside:
 * adding a model means adding a file here and a line in registry.ts.
 * Orthogonal basis; units eV and Å.
 */
export interface TBModel {
  name: string;
  /** orbitals per atom */
  norb: number;
  /** hopping is exactly zero beyond this distance, Å */
  cutoff: number;
  /** fcc lattice constant the parameters belong to (the leads are built with it), Å */
  lattice: number;
  /** bulk Fermi level on the model's energy scale, eV (recomputed from the bulk band by a test) */
  fermiEnergy: number;
  /** electrons per atom (both spins) that fill the bulk band up to fermiEnergy */
  electrons: number;
  /**
   * Onsite energies (diagonal, norb entries, eV) of an atom with smooth coordination number Z
   * (see coordination.ts), including any charge-neutrality shift.
   */
  onsite(Z: number, out: Float64Array): void;
  /** Hopping block <i,a|H|j,b> (row a, column b; norb×norb row-major, eV) for r_j − r_i = (dx, dy, dz) Å. */
  hop(dx: number, dy: number, dz: number, out: Float64Array): void;
  /**
   * Sign of each orbital under the mirror z → −z (s, px, py, dxy, dx²−y², d3z²−r²: +1; pz, dyz, dzx: −1).
   * For a lead that is the z-mirror image of the other, h(M d) = P h(d) P, so g_R = P g_L P.
   */
  mirrorZParity: Int8Array;
  /**
   * Vacuum-tunnelling tail beyond the first shell, unscreened (device/tail.ts multiplies it by the
   * screening factor of the pair): hopping block for from ≤ r < to, added to hop(). Absent: none.
   */
  tail?: { from: number; to: number; hop(dx: number, dy: number, dz: number, out: Float64Array): void };
  /**
   * Environment-dependent (screened) hopping (experimental, `spd-pbe-env`): where present it is used
   * instead of hop() for every pair, with the pair's third bodies: `third` holds [r_il, r_jl] (Å) of
   * the n other atoms l that lie within `range` of both atoms i and j (device/blocks.ts collects them).
   */
  screened?: { range: number; hop(dx: number, dy: number, dz: number, third: Float64Array, n: number, out: Float64Array): void };
  /** Solve local charge neutrality of the device atoms self-consistently (neutrality.ts). */
  selfConsistentNeutrality?: boolean;
  /** Start of the neutrality loop: onsite shift (eV) of an atom with coordination Z; default the Papacon table (spdModel.ts). */
  neutralityGuess?: (Z: number) => number;
  /** One line for help texts and result metadata. */
  describe: string;
}

/** Smooth Fermi-type cutoff f_c(r) = 1/(1 + exp((r − rc)/Δ)). */
export function fermiCutoff(r: number, rc: number, width: number): number {
  return 1 / (1 + Math.exp((r - rc) / width));
}

/** Tail window: 1 − f_c(r) (rc, Δ of the first-shell cutoff) times an outer cutoff at `outer` Å (0.15 Å wide). */
export function tailWindow(r: number, rc: number, width: number, outer: number): number {
  return (1 - fermiCutoff(r, rc, width)) * fermiCutoff(r, outer, 0.15);
}

/** Vacuum decay constant of the tail hoppings, Å⁻¹: T ∝ exp(−2κd), 2κ = 2.2 Å⁻¹ (Ag work function φ = ħ²κ²/2m ≈ 4.6 eV). */
export const TAIL_KAPPA = 1.1;
/** Tails start at 3.0 Å (no perfect-crystal pair lies in 3.0–4.0 Å) and end at TAIL_OUTER + 1 Å. */
export const TAIL_FROM = 3.0;
export const TAIL_OUTER = 8.5;

/**
 * The third bodies of the pair i–j for TBModel.screened.hop: [r_il, r_jl] (Å) of every atom l of
 * `pos` ([x, y, z, …], the candidates near i) that is neither i nor j and lies within `range` of j,
 * with i at (ox, oy, oz) and j at i + (dx, dy, dz). Written into `third`, which is grown (a new
 * array returned) when it is full.
 */
export function thirdBodies(pos: Float64Array, ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, range: number, third: Float64Array): { third: Float64Array; n: number } {
  let n = 0;
  for (let l = 0; l < pos.length; l += 3) {
    const ril = Math.hypot(pos[l]! - ox, pos[l + 1]! - oy, pos[l + 2]! - oz);
    const rjl = Math.hypot(pos[l]! - ox - dx, pos[l + 1]! - oy - dy, pos[l + 2]! - oz - dz);
    if (ril < 1e-9 || rjl < 1e-9 || rjl >= range) continue;
    if (2 * n + 2 > third.length) {
      const t = new Float64Array(2 * Math.max(1, third.length));
      t.set(third);
      third = t;
    }
    third[2 * n] = ril;
    third[2 * n + 1] = rjl;
    n++;
  }
  return { third, n };
}
