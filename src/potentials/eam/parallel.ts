/**
 * EAM on the SPMD pool (src/parallel): the same math as compute.ts (LAMMPS PairEAM::compute) in
 * three row passes that are independent of the thread partition, hence bit-identical for any
 * thread count:
 *
 *   pair   (rows, j > i only)  each pair once: r, knot (m, p), and per half pair h = (lo < hi)
 *          ρ_{e(lo)}(r), ρ_{e(hi)}(r), ρ'_{e(lo)}(r)/r, ρ'_{e(hi)}(r)/r, φ'(r)/r, φ(r) (zeros beyond
 *          the cutoff); single-element tables keep 4 values (ρ, ρ'/r, φ'/r, φ)
 *   embed  (rows, full list)   ρ_i = Σ_j (density j creates at i) via the half-pair index,
 *          F_i, F'_i (linear extension above rhomax), E_i = F_i + ½Σ_j φ_ij
 *   force  (rows, full list)   f_i = −Σ_j (F'_i ρ'_{e(j)} + F'_j ρ'_{e(i)} + φ')/r · (x_i − x_j)
 *
 * The half-pair index (which half pair each full-list entry is) is built once per neighbour list.
 * Units: Å, eV, eV/Å.
 */
import type { Pool } from '../../parallel/pool.ts';
import { chunksOf, sumChunks } from '../../parallel/pool.ts';
import { defineKernels } from '../../parallel/registry.ts';
import type { NeighborList } from '../types.ts';

export interface EamCtx {
  n: number;
  pos: Float64Array;
  /** periodic lengths (0 = free axis) */
  lx: number;
  ly: number;
  lz: number;
  stride: number;
  counts: Uint32Array;
  nbr: Uint32Array;
  /** [n] entries j > i per row, [n] their offset in the half-pair arrays */
  up: Uint32Array;
  hoff: Uint32Array;
  /** [nHalf] j of each half pair (row order) */
  upJ: Uint32Array;
  /** [n·stride] half-pair index of each full-list entry */
  fidx: Uint32Array;
  /** [nHalf·W] per-pair values (see the header) */
  hv: Float64Array;
  W: number;
  single: number;
  elem: Int32Array;
  nel: number;
  nr: number;
  nrho: number;
  rdr: number;
  rdrho: number;
  rhomax: number;
  cutforcesq: number;
  /** per-element / per-pair tables, each (nr+1)·7 (frho: (nrho+1)·7), concatenated */
  rhor: Float64Array;
  frho: Float64Array;
  z2r: Float64Array;
  rho: Float64Array;
  fp: Float64Array;
  embed: Float64Array;
  forces: Float64Array;
  energies: Float64Array;
  /** [chunks·2] partial Σ F_i, Σ E_i */
  red: Float64Array;
}

function countUp(c: EamCtx, lo: number, hi: number): void {
  const { stride, counts, nbr, up } = c;
  for (let i = lo; i < hi; i++) {
    let u = 0;
    const row = i * stride;
    for (let k = 0, cnt = counts[i]!; k < cnt; k++) if (nbr[row + k]! > i) u++;
    up[i] = u;
  }
}

function buildIndex(c: EamCtx, lo: number, hi: number): void {
  const { stride, counts, nbr, hoff, upJ, fidx } = c;
  for (let i = lo; i < hi; i++) {
    const row = i * stride;
    let h = hoff[i]!;
    for (let k = 0, cnt = counts[i]!; k < cnt; k++) {
      const j = nbr[row + k]!;
      if (j > i) {
        upJ[h] = j;
        fidx[row + k] = h++;
      } else {
        // rank of i among row j's entries above j
        const rj = j * stride;
        let rank = 0;
        for (let kk = 0, cj = counts[j]!; kk < cj; kk++) {
          const jj = nbr[rj + kk]!;
          if (jj === i) break;
          if (jj > j) rank++;
        }
        fidx[row + k] = hoff[j]! + rank;
      }
    }
  }
}

function pairPass(c: EamCtx, lo: number, hi: number): void {
  const { pos, lx, ly, lz, up, hoff, upJ, hv, single, elem, nr, rdr, cutforcesq, rhor, z2r, nel } = c;
  const mMax = nr - 1;
  const L = (nr + 1) * 7;
  for (let i = lo; i < hi; i++) {
    const xi = pos[3 * i]!, yi = pos[3 * i + 1]!, zi = pos[3 * i + 2]!;
    const h0 = hoff[i]!, h1 = h0 + up[i]!;
    const ei = elem[i]!;
    for (let h = h0; h < h1; h++) {
      const j = upJ[h]!;
      let dx = xi - pos[3 * j]!, dy = yi - pos[3 * j + 1]!, dz = zi - pos[3 * j + 2]!;
      if (lx) dx -= lx * Math.round(dx / lx);
      if (ly) dy -= ly * Math.round(dy / ly);
      if (lz) dz -= lz * Math.round(dz / lz);
      const rsq = dx * dx + dy * dy + dz * dz;
      if (single) {
        const o4 = 4 * h;
        if (rsq >= cutforcesq) {
          hv[o4] = 0; hv[o4 + 1] = 0; hv[o4 + 2] = 0; hv[o4 + 3] = 0;
          continue;
        }
        const r = Math.sqrt(rsq);
        let p = r * rdr + 1.0;
        let m = Math.trunc(p);
        if (m > mMax) m = mMax;
        p -= m;
        if (p > 1.0) p = 1.0;
        const o = m * 7;
        const recip = 1.0 / r;
        const rho = ((rhor[o + 3]! * p + rhor[o + 4]!) * p + rhor[o + 5]!) * p + rhor[o + 6]!;
        const rhop = (rhor[o]! * p + rhor[o + 1]!) * p + rhor[o + 2]!;
        const z2p = (z2r[o]! * p + z2r[o + 1]!) * p + z2r[o + 2]!;
        const z2 = ((z2r[o + 3]! * p + z2r[o + 4]!) * p + z2r[o + 5]!) * p + z2r[o + 6]!;
        const phi = z2 * recip;
        hv[o4] = rho;
        hv[o4 + 1] = rhop * recip;
        hv[o4 + 2] = (z2p * recip - phi * recip) * recip;
        hv[o4 + 3] = phi;
      } else {
        const o6 = 6 * h;
        if (rsq >= cutforcesq) {
          for (let w = 0; w < 6; w++) hv[o6 + w] = 0;
          continue;
        }
        const r = Math.sqrt(rsq);
        let p = r * rdr + 1.0;
        let m = Math.trunc(p);
        if (m > mMax) m = mMax;
        p -= m;
        if (p > 1.0) p = 1.0;
        const ej = elem[j]!;
        const oi = ei * L + m * 7, oj = ej * L + m * 7;
        const irow = ei > ej ? ei : ej, icol = ei > ej ? ej : ei;
        const oz = ((irow * (irow + 1)) / 2 + icol) * L + m * 7;
        void nel;
        const recip = 1.0 / r;
        const z2p = (z2r[oz]! * p + z2r[oz + 1]!) * p + z2r[oz + 2]!;
        const z2 = ((z2r[oz + 3]! * p + z2r[oz + 4]!) * p + z2r[oz + 5]!) * p + z2r[oz + 6]!;
        const phi = z2 * recip;
        hv[o6] = ((rhor[oi + 3]! * p + rhor[oi + 4]!) * p + rhor[oi + 5]!) * p + rhor[oi + 6]!;
        hv[o6 + 1] = ((rhor[oj + 3]! * p + rhor[oj + 4]!) * p + rhor[oj + 5]!) * p + rhor[oj + 6]!;
        hv[o6 + 2] = ((rhor[oi]! * p + rhor[oi + 1]!) * p + rhor[oi + 2]!) * recip;
        hv[o6 + 3] = ((rhor[oj]! * p + rhor[oj + 1]!) * p + rhor[oj + 2]!) * recip;
        hv[o6 + 4] = (z2p * recip - phi * recip) * recip;
        hv[o6 + 5] = phi;
      }
    }
  }
}

function embedPass(c: EamCtx, lo: number, hi: number, chunk: number): void {
  const { stride, counts, nbr, fidx, hv, single, elem, rdrho, nrho, rhomax, frho, rho, fp, embed, energies } = c;
  const LF = (nrho + 1) * 7;
  let sumF = 0, sumE = 0;
  for (let i = lo; i < hi; i++) {
    const row = i * stride;
    let r = 0, ph = 0;
    if (single) {
      for (let k = 0, cnt = counts[i]!; k < cnt; k++) {
        const o = 4 * fidx[row + k]!;
        r += hv[o]!;
        ph += hv[o + 3]!;
      }
    } else {
      for (let k = 0, cnt = counts[i]!; k < cnt; k++) {
        const o = 6 * fidx[row + k]!;
        // i is the lower index when j > i: it feels the density created by the upper one (slot 1)
        r += nbr[row + k]! > i ? hv[o + 1]! : hv[o]!;
        ph += hv[o + 5]!;
      }
    }
    rho[i] = r;
    let p = r * rdrho + 1.0;
    let m = Math.trunc(p);
    m = Math.max(1, Math.min(m, nrho - 1));
    p -= m;
    p = Math.min(p, 1.0);
    const o = elem[i]! * LF + m * 7;
    const f1 = (frho[o]! * p + frho[o + 1]!) * p + frho[o + 2]!;
    let F = ((frho[o + 3]! * p + frho[o + 4]!) * p + frho[o + 5]!) * p + frho[o + 6]!;
    if (r > rhomax) F += f1 * (r - rhomax);
    fp[i] = f1;
    embed[i] = F;
    const e = F + 0.5 * ph;
    energies[i] = e;
    sumF += F;
    sumE += e;
  }
  c.red[2 * chunk] = sumF;
  c.red[2 * chunk + 1] = sumE;
}

function forcePass(c: EamCtx, lo: number, hi: number): void {
  if (c.single) forceSingle(c, lo, hi);
  else forceMulti(c, lo, hi);
}

function forceSingle(c: EamCtx, lo: number, hi: number): void {
  const { pos, lx, ly, lz, stride, counts, nbr, fidx, hv, fp, forces } = c;
  const periodic = lx !== 0 || ly !== 0 || lz !== 0;
  for (let i = lo; i < hi; i++) {
    const xi = pos[3 * i]!, yi = pos[3 * i + 1]!, zi = pos[3 * i + 2]!;
    const fpi = fp[i]!;
    const row = i * stride;
    let fx = 0, fy = 0, fz = 0;
    for (let k = row, end = row + counts[i]!; k < end; k++) {
      const o = 4 * fidx[k]!;
      const a = hv[o + 1]!, pp = hv[o + 2]!;
      if (a === 0 && pp === 0) continue; // beyond the cutoff
      const j = nbr[k]!;
      const s = (fpi + fp[j]!) * a + pp;
      let dx = xi - pos[3 * j]!, dy = yi - pos[3 * j + 1]!, dz = zi - pos[3 * j + 2]!;
      if (periodic) {
        if (lx) dx -= lx * Math.round(dx / lx);
        if (ly) dy -= ly * Math.round(dy / ly);
        if (lz) dz -= lz * Math.round(dz / lz);
      }
      fx -= s * dx;
      fy -= s * dy;
      fz -= s * dz;
    }
    forces[3 * i] = fx;
    forces[3 * i + 1] = fy;
    forces[3 * i + 2] = fz;
  }
}

function forceMulti(c: EamCtx, lo: number, hi: number): void {
  const { pos, lx, ly, lz, stride, counts, nbr, fidx, hv, fp, forces } = c;
  for (let i = lo; i < hi; i++) {
    const xi = pos[3 * i]!, yi = pos[3 * i + 1]!, zi = pos[3 * i + 2]!;
    const fpi = fp[i]!;
    const row = i * stride;
    let fx = 0, fy = 0, fz = 0;
    for (let k = row, end = row + counts[i]!; k < end; k++) {
      const o = 6 * fidx[k]!;
      const aLo = hv[o + 2]!, aHi = hv[o + 3]!, pp = hv[o + 4]!;
      if (aLo === 0 && aHi === 0 && pp === 0) continue;
      const j = nbr[k]!;
      // psip = F'_lo ρ'_{e(hi)} + F'_hi ρ'_{e(lo)} + φ'
      const s = j > i ? fpi * aHi + fp[j]! * aLo + pp : fp[j]! * aHi + fpi * aLo + pp;
      let dx = xi - pos[3 * j]!, dy = yi - pos[3 * j + 1]!, dz = zi - pos[3 * j + 2]!;
      if (lx) dx -= lx * Math.round(dx / lx);
      if (ly) dy -= ly * Math.round(dy / ly);
      if (lz) dz -= lz * Math.round(dz / lz);
      fx -= s * dx;
      fy -= s * dy;
      fz -= s * dz;
    }
    forces[3 * i] = fx;
    forces[3 * i + 1] = fy;
    forces[3 * i + 2] = fz;
  }
}

defineKernels({ 'eam.countUp': countUp, 'eam.index': buildIndex, 'eam.pair': pairPass, 'eam.embed': embedPass, 'eam.force': forcePass });

/** Result of one evaluation: Σ E_i and Σ F_i (eV); per-atom arrays live in the context. */
export interface EamPassResult {
  energy: number;
  embedding: number;
}
