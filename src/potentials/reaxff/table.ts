/**
 * Tabulated nonbonded ReaxFF-Ag kernel (LAMMPS `tabulate` idea, CPU option): the tapered shielded
 * Morse vdW energy E_vdW(r) (kcal/mol) and the tapered shielded Coulomb kernel J(r) (1/Å) as
 * cubic Hermite splines in s = r² on a uniform grid s ∈ [s0, swb²]. Knot values and derivatives
 * come from the analytic functions (terms.ts; dF/ds = (dF/dr)/(2r)), so the splines are C¹ and the
 * force is the exact derivative of the tabulated energy: −∇E = −2 dE/ds · (x_i − x_j), no sqrt.
 * Below s0 the analytic path is used. Per interval 8 coefficients (vdW 0–3, J 4–7) in t ∈ [0, 1):
 *   f = c0 + t(c1 + t(c2 + t c3)),  df/ds = (c1 + t(2c2 + 3t c3))/h.
 * Error bound against the analytic path (test/parallel.test.ts, paper tips, 2480 atoms, 2 V, rattled),
 * this table and the bond table below together: measured total energy 2.0e-12 relative, forces
 * 3.0e-7 kcal/mol/Å, charges 6e-16 e; asserted ≤ 1e-7 relative, ≤ 1e-4 kcal/mol/Å, ≤ 1e-6 e.
 * (Cubic Hermite: error ∝ h⁴ in values, h³ in slopes.) The geom pass reads a J-only copy of the
 * coefficients (poolSolver.ts jOnly: half the cache lines per lookup, the same values).
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

/**
 * Tabulated σ bond (CPU option, with the nonbonded table): BO'(r) (= BO + bo_cut), dBO/dr / r (1/Å²),
 * E_bond(BO(r)) (kcal/mol) and CEbo = dE_bond/dBO (kcal/mol) as cubic Hermite splines in s = r²
 * on a uniform grid s ∈ [TABLE_RMIN², (r_BO − BOND_TABLE_MARGIN)²]; 16 coefficients per interval
 * (BO' 0–3, dBO/dr / r 4–7, E 8–11, CEbo 12–15), same form as NonbondTable. Knot values and
 * derivatives are analytic (terms.ts forms). All four are smooth inside the range; pairs closer
 * than TABLE_RMIN or within BOND_TABLE_MARGIN of the bond cutoff r_BO, where BO → 0 and
 * E_bond ∝ BO·e^{p_be1(1 − BO^p_be2)} has an unbounded curvature (p_be2 = 0.23 < 1), take the
 * analytic path. The pair forces keep using the tabulated dBO/dr, CEbo (force = their product), so
 * −∇E = F holds to the table's accuracy, not exactly (measured bound: test/parallel.test.ts).
 */
export const BOND_TABLE_KNOTS = 1024;
/** Å below the bond cutoff r_BO where the bond table ends. */
export const BOND_TABLE_MARGIN = 0.1;

export interface BondTable {
  s0: number;
  /** upper end of the table (s = r², Å²): pairs at or beyond it take the analytic path */
  s1: number;
  invH: number;
  n: number;
  /** [16·n] coefficients */
  c: Float64Array;
}

/** BO', dBO/dr / r, E_bond, CEbo and their r-derivatives at r (analytic; terms.ts bondOrder/bondEnergy). */
export function bondFunctions(m: AgModel, r: number): { f: [number, number, number, number]; d: [number, number, number, number] } {
  const p = m.p;
  const c12 = p.pBo1 * Math.pow(r / p.r0s, p.pBo2);
  const bop = (1 + p.boCut) * Math.exp(c12);
  const dbo = (bop * p.pBo2 * c12) / r; // dBO/dr
  const bdr = dbo / r;
  // d(bdr)/dr = p_bo2·BO'·C12·(p_bo2(C12 + 1) − 2)/r³
  const dbdr = (p.pBo2 * bop * c12 * (p.pBo2 * (c12 + 1) - 2)) / (r * r * r);
  const bo = bop - p.boCut;
  const pw = Math.pow(bo, p.pBe2);
  const ex = Math.exp(p.pBe1 * (1 - pw));
  const e = -p.deS * bo * ex;
  const ce = -p.deS * ex * (1 - p.pBe1 * p.pBe2 * pw);
  // dCEbo/dBO = De·ex·p_be1·p_be2·BO^(p_be2 − 1)·(1 + p_be2 − p_be1·p_be2·BO^p_be2)
  const dce = p.deS * ex * p.pBe1 * p.pBe2 * Math.pow(bo, p.pBe2 - 1) * (1 + p.pBe2 - p.pBe1 * p.pBe2 * pw);
  return { f: [bop, bdr, e, ce], d: [dbo, dbdr, ce * dbo, dce * dbo] };
}

export function buildBondTable(m: AgModel, intervals = BOND_TABLE_KNOTS, alloc: (n: number) => Float64Array = (n) => new Float64Array(n)): BondTable {
  const s0 = TABLE_RMIN * TABLE_RMIN, r1 = m.rBond - BOND_TABLE_MARGIN, s1 = r1 * r1;
  const h = (s1 - s0) / intervals;
  const f = Array.from({ length: 4 }, () => new Float64Array(intervals + 1));
  const d = Array.from({ length: 4 }, () => new Float64Array(intervals + 1));
  for (let k = 0; k <= intervals; k++) {
    const s = k === intervals ? s1 : s0 + k * h;
    const r = Math.sqrt(s);
    const b = bondFunctions(m, r);
    for (let q = 0; q < 4; q++) {
      f[q]![k] = b.f[q]!;
      d[q]![k] = b.d[q]! / (2 * r);
    }
  }
  const c = alloc(16 * intervals);
  for (let k = 0; k < intervals; k++) {
    for (let q = 0; q < 4; q++) {
      const o = 16 * k + 4 * q;
      const f0 = f[q]![k]!, f1 = f[q]![k + 1]!, d0 = h * d[q]![k]!, d1 = h * d[q]![k + 1]!;
      c[o] = f0;
      c[o + 1] = d0;
      c[o + 2] = 3 * (f1 - f0) - 2 * d0 - d1;
      c[o + 3] = 2 * (f0 - f1) + d0 + d1;
    }
  }
  return { s0, s1, invH: 1 / h, n: intervals, c };
}
