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
  /** One line for help texts and result metadata. */
  describe: string;
}

/** Smooth Fermi-type cutoff f_c(r) = 1/(1 + exp((r − rc)/Δ)). */
export function fermiCutoff(r: number, rc: number, width: number): number {
  return 1 / (1 + Math.exp((r - rc) / width));
}
