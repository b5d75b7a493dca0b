/**
 * Tabulated nonbonded ReaxFF-Ag kernel (LAMMPS `tabulate` idea, CPU option): the tapered shielded
 * Morse vdW energy E_vdW(r) (kcal/mol) and the tapered shielded Coulomb kernel J(r) (1/Å) as
 * cubic Hermite splines in s = r² on a uniform grid s ∈ [s0, swb²]. Knot values and derivatives
 * come from the analytic functions (terms.ts; dF/ds = (dF/dr)/(2r)), so the splines are C¹ and the
 * force is the exact derivative of the tabulated energy: −∇E = −2 dE/ds · (x_i − x_j), no sqrt.
 * Below s0 the analytic path is used. Per interval 8 coefficients (vdW 0–3, J 4–7) in t ∈ [0, 1):
 *   f = c0 + t(c1 + t(c2 + t c3)),  df/ds = (c1 + t(2c2 + 3t c3))/h.
 * Error bound against the analytic path (test/parallel.test.ts, paper tips, 2480 atoms, 2 V, rattled):
 * measured total energy 1.6e-12 relative, forces 3e-7 kcal/mol/Å, charges 6e-16 e; asserted
 * ≤ 1e-7 relative, ≤ 1e-4 kcal/mol/Å, ≤ 1e-6 e. (Cubic Hermite: error ∝ h⁴ in values, h³ in slopes.)
 */
import { coulombKernel, vdwEnergy, type AgModel } from './terms.ts';

/** Intervals of the table over [s0, swb²]: h = (100 − 1)/8192 ≈ 0.012 Å². */
export const TABLE_KNOTS = 8192;
/** Lower end of the table, Å (pairs closer than this use the analytic path). */
export const TABLE_RMIN = 1;

export interface NonbondTable {
  s0: number;
  invH: number;
  /** intervals */
  n: number;
  /** [8·n] coefficients */
  c: Float64Array;
}

export function buildNonbondTable(m: AgModel, intervals = TABLE_KNOTS, alloc: (n: number) => Float64Array = (n) => new Float64Array(n)): NonbondTable {
  const s0 = TABLE_RMIN * TABLE_RMIN, s1 = m.p.swb * m.p.swb;
  const h = (s1 - s0) / intervals;
  const fv = new Float64Array(intervals + 1), dv = new Float64Array(intervals + 1);
  const fj = new Float64Array(intervals + 1), dj = new Float64Array(intervals + 1);
  for (let k = 0; k <= intervals; k++) {
    const s = k === intervals ? s1 : s0 + k * h;
    const r = Math.sqrt(s);
    const v = vdwEnergy(m, r), c = coulombKernel(m, r);
    fv[k] = v.e;
    dv[k] = v.de / (2 * r);
    fj[k] = c.j;
    dj[k] = c.dj / (2 * r);
  }
  const c = alloc(8 * intervals);
  const herm = (f: Float64Array, d: Float64Array, k: number, o: number) => {
    const f0 = f[k]!, f1 = f[k + 1]!, d0 = h * d[k]!, d1 = h * d[k + 1]!;
    c[o] = f0;
    c[o + 1] = d0;
    c[o + 2] = 3 * (f1 - f0) - 2 * d0 - d1;
    c[o + 3] = 2 * (f0 - f1) + d0 + d1;
  };
  for (let k = 0; k < intervals; k++) {
    herm(fv, dv, k, 8 * k);
    herm(fj, dj, k, 8 * k + 4);
  }
  return { s0, invH: 1 / h, n: intervals, c };
}
