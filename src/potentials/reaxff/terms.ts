/**
 * The pure-Ag ReaxFF pair and embedding functions (float64), LAMMPS REAXFF forms reduced to one
 * element (docs/md-physics.md §2.3–2.12). Units: r in Å, energies kcal/mol, χ/η/H in eV.
 * The WGSL versions in shaders/reaxff/lib.wgsl evaluate the same expressions in f32.
 */
import type { ReaxffAgParams } from './ffield.ts';

/** LAMMPS reaxff_defs.h C_ele: Coulomb constant in kcal·Å/(mol·e²). */
export const C_ELE = 332.06371;
/** fix qeq/reaxff EV_TO_KCAL_PER_MOL: despite its name e²/(4πε₀) in eV·Å (QEq matrix in eV). */
export const QEQ_COULOMB_EV = 14.4;
/** LAMMPS KCALpMOL_to_EV: despite its name eV → kcal/mol, used for the polarisation energy. */
export const POL_EV_TO_KCAL = 23.02;
/** Over-coordination denominator guard, LAMMPS `Δ + Val + 1e-8`. */
export const OVER_EPS = 1e-8;

/** Taper polynomial Tap(r) = Σ_k T_k r^k (LAMMPS Init_Taper; general swa). */
export function taperCoefficients(swa: number, swb: number): Float64Array {
  const d7 = Math.pow(swb - swa, 7);
  const swa2 = swa * swa, swa3 = swa2 * swa, swb2 = swb * swb, swb3 = swb2 * swb;
  const t = new Float64Array(8);
  t[7] = 20 / d7;
  t[6] = (-70 * (swa + swb)) / d7;
  t[5] = (84 * (swa2 + 3 * swa * swb + swb2)) / d7;
  t[4] = (-35 * (swa3 + 9 * swa2 * swb + 9 * swa * swb2 + swb3)) / d7;
  t[3] = (140 * (swa3 * swb + 3 * swa2 * swb2 + swa * swb3)) / d7;
  t[2] = (-210 * (swa3 * swb2 + swa2 * swb3)) / d7;
  t[1] = (140 * swa3 * swb3) / d7;
  t[0] = (-35 * swa3 * swb2 * swb2 + 21 * swa2 * swb3 * swb2 - 7 * swa * swb3 * swb3 + swb3 * swb3 * swb) / d7;
  return t;
}

/** Tap(r) and dTap/dr (Horner). */
export function taper(t: Float64Array, r: number): { tap: number; dtap: number } {
  let tap = t[7]!;
  let dtap = 7 * t[7]!;
  for (let k = 6; k >= 1; k--) {
    tap = tap * r + t[k]!;
    dtap = dtap * r + k * t[k]!;
  }
  tap = tap * r + t[0]!;
  return { tap, dtap };
}

/** Precomputed constants of the Ag model. */
export interface AgModel {
  p: ReaxffAgParams;
  tap: Float64Array;
  /** A = p_ovun1·De_s, kcal/mol (over-coordination prefactor). */
  overA: number;
  /** (1/γ_w)^p_vdW1 */
  gwPow: number;
  /** r where BO' = bo_cut (bond list cutoff), Å. */
  rBond: number;
}

export function agModel(p: ReaxffAgParams): AgModel {
  // BO'(r) = (1+bo_cut) exp(p_bo1 (r/r0)^p_bo2) = bo_cut  ⇒  r = r0 (ln(bo_cut/(1+bo_cut))/p_bo1)^(1/p_bo2)
  const rBond = p.r0s * Math.pow(Math.log(p.boCut / (1 + p.boCut)) / p.pBo1, 1 / p.pBo2);
  return { p, tap: taperCoefficients(p.swa, p.swb), overA: p.pOvun1 * p.deS, gwPow: Math.pow(1 / p.gammaW, p.pVdw1), rBond };
}

/**
 * σ bond order BO = BO' − bo_cut, BO' = (1+bo_cut)·exp(p_bo1 (r/r0σ)^p_bo2), kept when BO' ≥ bo_cut
 * (else 0). dBO/dr = BO'·p_bo2·C12/r with C12 = p_bo1 (r/r0σ)^p_bo2.
 */
export function bondOrder(m: AgModel, r: number): { bo: number; dbo: number } {
  const p = m.p;
  const c12 = p.pBo1 * Math.pow(r / p.r0s, p.pBo2);
  const bop = (1 + p.boCut) * Math.exp(c12);
  if (bop < p.boCut) return { bo: 0, dbo: 0 };
  return { bo: bop - p.boCut, dbo: (bop * p.pBo2 * c12) / r };
}

/**
 * σ bond energy E = −De_s·BO·exp(p_be1(1 − BO^p_be2)) (kcal/mol) and dE/dBO (LAMMPS CEbo);
 * BO^p_be2 is guarded at BO = 0 (pow(0, y)).
 */
export function bondEnergy(m: AgModel, bo: number): { e: number; de: number } {
  const p = m.p;
  if (bo <= 0) return { e: 0, de: -p.deS * Math.exp(p.pBe1) };
  const pow = Math.pow(bo, p.pBe2);
  const ex = Math.exp(p.pBe1 * (1 - pow));
  return { e: -p.deS * bo * ex, de: -p.deS * ex * (1 - p.pBe1 * p.pBe2 * pow) };
}

/**
 * Over-coordination ("embedding") F(S) = A·S·Δ/(Δ + Val + 1e-8) · 1/(1 + exp(p_ovun2 Δ)), Δ = S − Val,
 * and F'(S) (kcal/mol). S = Σ_j BO_ij. (Δ + Val = S: the LAMMPS denominator.)
 */
export function overEnergy(m: AgModel, s: number): { e: number; de: number } {
  const p = m.p;
  const delta = s - p.valency;
  const g = 1 / (delta + p.valency + OVER_EPS);
  const ex = Math.exp(p.pOvun2 * delta);
  const f = 1 / (1 + ex);
  const df = -p.pOvun2 * ex * f * f;
  const A = m.overA;
  // d/dS [S Δ g f] = Δ g f + S g f − S Δ g² f + S Δ g f'
  return { e: A * s * delta * g * f, de: A * (delta * g * f + s * (g * f - delta * g * g * f + delta * g * df)) };
}

/** Tapered shielded Morse vdW E = Tap·D(e1 − 2e2) (kcal/mol) and dE/dr (LAMMPS vdw_type 1). */
export function vdwEnergy(m: AgModel, r: number): { e: number; de: number } {
  const p = m.p;
  const { tap, dtap } = taper(m.tap, r);
  const pw = Math.pow(r, p.pVdw1);
  const f13 = Math.pow(pw + m.gwPow, 1 / p.pVdw1);
  const e1 = Math.exp(p.alpha * (1 - f13 / p.rVdw));
  const e2 = Math.exp(0.5 * p.alpha * (1 - f13 / p.rVdw));
  const e0 = p.dVdw * (e1 - 2 * e2);
  // df13/dr = (r^p + γw^-p)^(1/p − 1) r^(p−1)
  const df13 = Math.pow(pw + m.gwPow, 1 / p.pVdw1 - 1) * Math.pow(r, p.pVdw1 - 1);
  return { e: tap * e0, de: dtap * e0 - tap * p.dVdw * (p.alpha / p.rVdw) * (e1 - e2) * df13 };
}

/**
 * Shielded tapered Coulomb kernel J(r) = Tap(r)/(r³ + γ^-3)^(1/3) (1/Å) and dJ/dr.
 * Pair energy C_ELE·q_i q_j·J (kcal/mol); QEq matrix element H_ij = 14.4·J (eV).
 */
export function coulombKernel(m: AgModel, r: number): { j: number; dj: number } {
  const { tap, dtap } = taper(m.tap, r);
  const d1 = r * r * r + m.p.shield;
  const d3 = Math.cbrt(d1);
  return { j: tap / d3, dj: (dtap - (tap * r * r) / d1) / d3 };
}

/** QEq self (polarisation) energy 23.02·(χ q + ½ η q²) (kcal/mol), η doubled. */
export function polarisationEnergy(m: AgModel, q: number): number {
  return POL_EV_TO_KCAL * (m.p.chi * q + 0.5 * m.p.eta * q * q);
}
