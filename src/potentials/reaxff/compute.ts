/**
 * Float64 ReaxFF-Ag passes over a FULL neighbour list — the CPU twins of
 * shaders/reaxff/density.wgsl and shaders/reaxff/force.wgsl (docs/md-physics.md §2.12):
 *
 *   density pass:  S_i = Σ_j BO(r_ij)  (BO' ≥ bo_cut, r < 4.52 Å);  F_i = F(S_i), F'_i = F'(S_i)
 *   force pass:    f_i = −Σ_j [ (CEbo(BO_ij) + F'_i + F'_j) dBO/dr + dE_vdW/dr + C_ele q_i q_j dJ/dr ] r̂_ij
 *                  E_i = F_i + ½Σ_j [E_bond + E_vdW + C_ele q_i q_j J] + 23.02(χ q_i + ½η q_i²)
 * Units: real (kcal/mol, kcal/mol/Å). Pairs beyond swb (10 Å) are skipped.
 */
import type { Box } from '../../system/types.ts';
import type { NeighborList } from '../types.ts';
import { minimumImage } from '../../neighbor/cellList.ts';
import { bondEnergy, bondOrder, C_ELE, coulombKernel, overEnergy, polarisationEnergy, vdwEnergy, type AgModel } from './terms.ts';

/** Energy terms, kcal/mol (sum = total). */
export interface ReaxffTerms {
  bond: number;
  over: number;
  vdw: number;
  coul: number;
  pol: number;
}

/** Calls fn(j, dx, dy, dz, rsq) for each listed neighbour j of i (minimum image on periodic axes). */
export function forNeighbors(positions: Float64Array, box: Box, nl: NeighborList, i: number, fn: (j: number, dx: number, dy: number, dz: number, rsq: number) => void): void {
  const Lx = box.hi[0] - box.lo[0], Ly = box.hi[1] - box.lo[1], Lz = box.hi[2] - box.lo[2];
  const [px, py, pz] = box.periodic;
  const xi = positions[3 * i]!, yi = positions[3 * i + 1]!, zi = positions[3 * i + 2]!;
  const row = i * nl.stride;
  for (let k = 0, cnt = nl.counts[i]!; k < cnt; k++) {
    const j = nl.neighbors[row + k]!;
    const dx = minimumImage(xi - positions[3 * j]!, Lx, px);
    const dy = minimumImage(yi - positions[3 * j + 1]!, Ly, py);
    const dz = minimumImage(zi - positions[3 * j + 2]!, Lz, pz);
    fn(j, dx, dy, dz, dx * dx + dy * dy + dz * dz);
  }
}

/** Density pass: S_i [n], F(S_i) and F'(S_i) [n] (kcal/mol). */
export function reaxffDensity(m: AgModel, positions: Float64Array, box: Box, nl: NeighborList, S: Float64Array, F: Float64Array, Fp: Float64Array): void {
  const rb2 = (m.rBond + 1e-6) ** 2;
  const n = S.length;
  for (let i = 0; i < n; i++) {
    let s = 0;
    forNeighbors(positions, box, nl, i, (_j, _dx, _dy, _dz, rsq) => {
      if (rsq < rb2) s += bondOrder(m, Math.sqrt(rsq)).bo;
    });
    S[i] = s;
    const o = overEnergy(m, s);
    F[i] = o.e;
    Fp[i] = o.de;
  }
}

/**
 * Force pass: forces [3n] kcal/mol/Å, per-atom energies [n] kcal/mol; returns the energy terms.
 * `q` [n] charges (e); F, Fp from the density pass.
 */
export function reaxffForce(
  m: AgModel,
  positions: Float64Array,
  box: Box,
  nl: NeighborList,
  q: Float64Array,
  F: Float64Array,
  Fp: Float64Array,
  forces: Float64Array,
  atomEnergies: Float64Array,
): ReaxffTerms {
  const n = F.length;
  const rb2 = (m.rBond + 1e-6) ** 2;
  const rc2 = m.p.swb * m.p.swb;
  const t: ReaxffTerms = { bond: 0, over: 0, vdw: 0, coul: 0, pol: 0 };
  for (let i = 0; i < n; i++) {
    const qi = q[i]!;
    const fpi = Fp[i]!;
    let fx = 0, fy = 0, fz = 0;
    let eb = 0, ev = 0, ec = 0;
    forNeighbors(positions, box, nl, i, (j, dx, dy, dz, rsq) => {
      if (rsq >= rc2) return;
      const r = Math.sqrt(rsq);
      let dEdr = 0;
      if (rsq < rb2) {
        const { bo, dbo } = bondOrder(m, r);
        if (bo > 0) {
          const b = bondEnergy(m, bo);
          eb += 0.5 * b.e;
          dEdr += (b.de + fpi + Fp[j]!) * dbo;
        }
      }
      const v = vdwEnergy(m, r);
      ev += 0.5 * v.e;
      dEdr += v.de;
      const qq = C_ELE * qi * q[j]!;
      if (qq !== 0) {
        const c = coulombKernel(m, r);
        ec += 0.5 * qq * c.j;
        dEdr += qq * c.dj;
      }
      const s = -dEdr / r;
      fx += s * dx;
      fy += s * dy;
      fz += s * dz;
    });
    const ep = polarisationEnergy(m, qi);
    forces[3 * i] = fx;
    forces[3 * i + 1] = fy;
    forces[3 * i + 2] = fz;
    atomEnergies[i] = F[i]! + eb + ev + ec + ep;
    t.bond += eb;
    t.over += F[i]!;
    t.vdw += ev;
    t.coul += ec;
    t.pol += ep;
  }
  return t;
}

export function totalEnergy(t: ReaxffTerms): number {
  return t.bond + t.over + t.vdw + t.coul + t.pol;
}
