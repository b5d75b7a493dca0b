/**
 * Float64 EAM passes, the CPU twins of shaders/eam/density.wgsl and shaders/eam/force.wgsl.
 * Same math as LAMMPS PairEAM::compute(), over a FULL neighbour list (gather, no scatter):
 *
 *   ρ_i   = Σ_j ρ_{e(j)}(r_ij)                                   (density pass)
 *   F_i   = F_{e(i)}(ρ_i), F'_i = dF/dρ; above rhomax F is extended linearly: F += F'(ρ − rhomax)
 *   φ_ij  = z2r(r)/r,  φ' = z2r'/r − φ/r
 *   f_i   = −Σ_j [F'_i ρ'_{e(j)}(r) + F'_j ρ'_{e(i)}(r) + φ'_ij] · (x_i − x_j)/r    (force pass)
 *   E_i   = F_i + ½ Σ_j φ_ij          (eV; Σ_i E_i = total energy)
 *
 * Spline lookup (LAMMPS): p = r/dr + 1, m = min(int p, nr−1), p = min(p − m, 1).
 * Units: Å, eV, eV/Å. `elem[i]` is the element index (0-based) of atom i.
 */
import type { Box } from '../../system/types.ts';
import type { NeighborList } from '../types.ts';
import { minimumImage } from '../../neighbor/cellList.ts';
import { z2rIndex, type EamTables } from './tables.ts';

/** Density pass: ρ_i [n] from the full list (pairs beyond the interaction cutoff are skipped). */
export function eamDensity(t: EamTables, positions: Float64Array, box: Box, nl: NeighborList, elem: Uint8Array | Int32Array, rho: Float64Array): void {
  const n = rho.length;
  const L = [box.hi[0] - box.lo[0], box.hi[1] - box.lo[1], box.hi[2] - box.lo[2]];
  const [px, py, pz] = box.periodic;
  for (let i = 0; i < n; i++) {
    let acc = 0;
    const xi = positions[3 * i]!;
    const yi = positions[3 * i + 1]!;
    const zi = positions[3 * i + 2]!;
    const row = i * nl.stride;
    for (let k = 0, cnt = nl.counts[i]!; k < cnt; k++) {
      const j = nl.neighbors[row + k]!;
      const dx = minimumImage(xi - positions[3 * j]!, L[0]!, px);
      const dy = minimumImage(yi - positions[3 * j + 1]!, L[1]!, py);
      const dz = minimumImage(zi - positions[3 * j + 2]!, L[2]!, pz);
      const rsq = dx * dx + dy * dy + dz * dz;
      if (rsq < t.cutforcesq) {
        let p = Math.sqrt(rsq) * t.rdr + 1.0;
        let m = Math.trunc(p);
        m = Math.min(m, t.nr - 1);
        p -= m;
        p = Math.min(p, 1.0);
        const c = t.rhor[elem[j]!]!;
        const o = m * 7;
        acc += ((c[o + 3]! * p + c[o + 4]!) * p + c[o + 5]!) * p + c[o + 6]!;
      }
    }
    rho[i] = acc;
  }
}

/** Embedding pass: F_i (eV) and F'_i (eV per density unit) from ρ_i, with LAMMPS's linear extension above rhomax. */
export function eamEmbed(t: EamTables, rho: Float64Array, elem: Uint8Array | Int32Array, embed: Float64Array, fp: Float64Array): void {
  for (let i = 0; i < rho.length; i++) {
    let p = rho[i]! * t.rdrho + 1.0;
    let m = Math.trunc(p);
    m = Math.max(1, Math.min(m, t.nrho - 1));
    p -= m;
    p = Math.min(p, 1.0);
    const c = t.frho[elem[i]!]!;
    const o = m * 7;
    fp[i] = (c[o]! * p + c[o + 1]!) * p + c[o + 2]!;
    let phi = ((c[o + 3]! * p + c[o + 4]!) * p + c[o + 5]!) * p + c[o + 6]!;
    if (rho[i]! > t.rhomax) phi += fp[i]! * (rho[i]! - t.rhomax);
    embed[i] = phi;
  }
}

/**
 * Force pass: forces [3n] eV/Å and per-atom energies [n] eV (= F_i + ½Σφ_ij). Returns Σ_i E_i (eV).
 */
export function eamForce(
  t: EamTables,
  positions: Float64Array,
  box: Box,
  nl: NeighborList,
  elem: Uint8Array | Int32Array,
  embed: Float64Array,
  fp: Float64Array,
  forces: Float64Array,
  atomEnergies: Float64Array,
): number {
  const n = fp.length;
  const L = [box.hi[0] - box.lo[0], box.hi[1] - box.lo[1], box.hi[2] - box.lo[2]];
  const [px, py, pz] = box.periodic;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const xi = positions[3 * i]!;
    const yi = positions[3 * i + 1]!;
    const zi = positions[3 * i + 2]!;
    const ei = elem[i]!;
    const fpi = fp[i]!;
    let fx = 0;
    let fy = 0;
    let fz = 0;
    let epair = 0;
    const row = i * nl.stride;
    for (let k = 0, cnt = nl.counts[i]!; k < cnt; k++) {
      const j = nl.neighbors[row + k]!;
      const dx = minimumImage(xi - positions[3 * j]!, L[0]!, px);
      const dy = minimumImage(yi - positions[3 * j + 1]!, L[1]!, py);
      const dz = minimumImage(zi - positions[3 * j + 2]!, L[2]!, pz);
      const rsq = dx * dx + dy * dy + dz * dz;
      if (rsq >= t.cutforcesq) continue;
      const ej = elem[j]!;
      const r = Math.sqrt(rsq);
      let p = r * t.rdr + 1.0;
      let m = Math.trunc(p);
      m = Math.min(m, t.nr - 1);
      p -= m;
      p = Math.min(p, 1.0);
      const o = m * 7;
      // rhoip: derivative of the density atom i creates at j; rhojp: of the density j creates at i.
      let c = t.rhor[ei]!;
      const rhoip = (c[o]! * p + c[o + 1]!) * p + c[o + 2]!;
      c = t.rhor[ej]!;
      const rhojp = (c[o]! * p + c[o + 1]!) * p + c[o + 2]!;
      c = t.z2r[z2rIndex(ei, ej)]!;
      const z2p = (c[o]! * p + c[o + 1]!) * p + c[o + 2]!;
      const z2 = ((c[o + 3]! * p + c[o + 4]!) * p + c[o + 5]!) * p + c[o + 6]!;
      const recip = 1.0 / r;
      const phi = z2 * recip;
      const phip = z2p * recip - phi * recip;
      const psip = fpi * rhojp + fp[j]! * rhoip + phip;
      const fpair = -psip * recip;
      fx += dx * fpair;
      fy += dy * fpair;
      fz += dz * fpair;
      epair += 0.5 * phi;
    }
    forces[3 * i] = fx;
    forces[3 * i + 1] = fy;
    forces[3 * i + 2] = fz;
    atomEnergies[i] = embed[i]! + epair;
    total += atomEnergies[i]!;
  }
  return total;
}
