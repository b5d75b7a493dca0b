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
 *
 * The GPU gathers every pair twice (once per row of the full list) and recomputes r_ij in both
 * passes. Here the density pass evaluates each pair once, from the row of its lower index (j > i),
 * adds it to both atoms, and records the pairs inside the cutoff (EamPairs) for the force pass —
 * the same terms with a quarter of the distance work (f_ij = −f_ji: psip is symmetric in i ↔ j).
 */
import type { Box } from '../../system/types.ts';
import type { NeighborList } from '../types.ts';
import { z2rIndex, type EamTables } from './tables.ts';

/** Per-axis minimum-image lengths: L along periodic axes, 0 (= no wrapping) along free ones. */
function periodLengths(box: Box): [number, number, number] {
  return [0, 1, 2].map((a) => (box.periodic[a] ? box.hi[a]! - box.lo[a]! : 0)) as [number, number, number];
}

/** Pairs i < j inside the interaction cutoff, recorded by the density pass for the force pass. */
export class EamPairs {
  count = 0;
  /** [2·count] (i, j) */
  ij = new Uint32Array(0);
  /** [4·count] (dx, dy, dz, r) with d = x_i − x_j (minimum image), Å */
  geo = new Float64Array(0);

  reserve(capacity: number): void {
    if (this.ij.length >= 2 * capacity) return;
    const cap = Math.ceil(capacity * 1.25) + 16;
    const ij = new Uint32Array(2 * cap);
    const geo = new Float64Array(4 * cap);
    ij.set(this.ij.subarray(0, 2 * this.count));
    geo.set(this.geo.subarray(0, 4 * this.count));
    this.ij = ij;
    this.geo = geo;
  }
}

/**
 * Density pass: ρ_i [n] from the full list (pairs beyond the interaction cutoff are skipped);
 * fills `pairs` for eamForce().
 */
export function eamDensity(
  t: EamTables,
  positions: Float64Array,
  box: Box,
  nl: NeighborList,
  elem: Uint8Array | Int32Array,
  rho: Float64Array,
  pairs: EamPairs = new EamPairs(),
): EamPairs {
  const n = rho.length;
  const [lx, ly, lz] = periodLengths(box);
  const { counts, neighbors, stride } = nl;
  const single = t.elements.length === 1;
  const c0 = t.rhor[0]!;
  const { cutforcesq, rdr } = t;
  const mMax = t.nr - 1;
  rho.fill(0);
  pairs.count = 0;
  for (let i = 0; i < n; i++) {
    const xi = positions[3 * i]!;
    const yi = positions[3 * i + 1]!;
    const zi = positions[3 * i + 2]!;
    const ci = single ? c0 : t.rhor[elem[i]!]!;
    const cnt = counts[i]!;
    pairs.reserve(pairs.count + cnt);
    const { ij, geo } = pairs;
    let np = pairs.count;
    let acc = 0;
    const row = i * stride;
    for (let k = 0; k < cnt; k++) {
      const j = neighbors[row + k]!;
      if (j < i) continue;
      let dx = xi - positions[3 * j]!;
      let dy = yi - positions[3 * j + 1]!;
      let dz = zi - positions[3 * j + 2]!;
      if (lx) dx -= lx * Math.round(dx / lx);
      if (ly) dy -= ly * Math.round(dy / ly);
      if (lz) dz -= lz * Math.round(dz / lz);
      const rsq = dx * dx + dy * dy + dz * dz;
      if (rsq >= cutforcesq) continue;
      const r = Math.sqrt(rsq);
      let p = r * rdr + 1.0;
      let m = Math.trunc(p);
      if (m > mMax) m = mMax;
      p -= m;
      if (p > 1.0) p = 1.0;
      const o = m * 7;
      // density at i created by j (table of e(j)) and at j created by i (table of e(i))
      const cj = single ? c0 : t.rhor[elem[j]!]!;
      acc += ((cj[o + 3]! * p + cj[o + 4]!) * p + cj[o + 5]!) * p + cj[o + 6]!;
      rho[j] += ((ci[o + 3]! * p + ci[o + 4]!) * p + ci[o + 5]!) * p + ci[o + 6]!;
      ij[2 * np] = i;
      ij[2 * np + 1] = j;
      geo[4 * np] = dx;
      geo[4 * np + 1] = dy;
      geo[4 * np + 2] = dz;
      geo[4 * np + 3] = r;
      np++;
    }
    pairs.count = np;
    rho[i] += acc;
  }
  return pairs;
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
 * Force pass over the pairs recorded by eamDensity(): forces [3n] eV/Å and per-atom energies [n] eV
 * (= F_i + ½Σφ_ij). Returns Σ_i E_i (eV).
 */
export function eamForce(
  t: EamTables,
  pairs: EamPairs,
  elem: Uint8Array | Int32Array,
  embed: Float64Array,
  fp: Float64Array,
  forces: Float64Array,
  atomEnergies: Float64Array,
): number {
  const n = fp.length;
  const single = t.elements.length === 1;
  const { rdr } = t;
  const mMax = t.nr - 1;
  const { ij, geo, count } = pairs;
  const r0 = t.rhor[0]!;
  const z0 = t.z2r[0]!;
  forces.fill(0);
  atomEnergies.set(embed.subarray(0, n));
  for (let q = 0; q < count; q++) {
    const i = ij[2 * q]!;
    const j = ij[2 * q + 1]!;
    const dx = geo[4 * q]!;
    const dy = geo[4 * q + 1]!;
    const dz = geo[4 * q + 2]!;
    const r = geo[4 * q + 3]!;
    let p = r * rdr + 1.0;
    let m = Math.trunc(p);
    if (m > mMax) m = mMax;
    p -= m;
    if (p > 1.0) p = 1.0;
    const o = m * 7;
    const ei = single ? 0 : elem[i]!;
    const ej = single ? 0 : elem[j]!;
    // rhoip: derivative of the density atom i creates at j; rhojp: of the density j creates at i.
    const ri = single ? r0 : t.rhor[ei]!;
    const rj = single ? r0 : t.rhor[ej]!;
    const rhoip = (ri[o]! * p + ri[o + 1]!) * p + ri[o + 2]!;
    const rhojp = single ? rhoip : (rj[o]! * p + rj[o + 1]!) * p + rj[o + 2]!;
    const c = single ? z0 : t.z2r[z2rIndex(ei, ej)]!;
    const z2p = (c[o]! * p + c[o + 1]!) * p + c[o + 2]!;
    const z2 = ((c[o + 3]! * p + c[o + 4]!) * p + c[o + 5]!) * p + c[o + 6]!;
    const recip = 1.0 / r;
    const phi = z2 * recip;
    const phip = z2p * recip - phi * recip;
    const psip = fp[i]! * rhojp + fp[j]! * rhoip + phip;
    const fpair = -psip * recip;
    forces[3 * i] += dx * fpair;
    forces[3 * i + 1] += dy * fpair;
    forces[3 * i + 2] += dz * fpair;
    forces[3 * j] -= dx * fpair;
    forces[3 * j + 1] -= dy * fpair;
    forces[3 * j + 2] -= dz * fpair;
    atomEnergies[i] += 0.5 * phi;
    atomEnergies[j] += 0.5 * phi;
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += atomEnergies[i]!;
  return total;
}
