/**
 * EAM on the SPMD pool (src/parallel): the LAMMPS PairEAM::compute algorithm (each pair once,
 * half of the full list: j > i, contributions scattered to both atoms) made deterministic by a
 * FIXED number of blocks (EAM_BLOCKS, independent of the thread count): block b owns rows
 * [b·n/B, (b+1)·n/B) and scatters into its own buffers; per-atom passes add the B buffers in block
 * order. So results are bit-identical for every thread count (and match compute.ts to round-off).
 *
 *   pairs  (blocks)  ρ: for j > i, r < cutoff: ρ_buf[b][i] += ρ_{e(j)}(r), ρ_buf[b][j] += ρ_{e(i)}(r);
 *                    records the pair (i, j, x_i − x_j, r) in the block's pair list
 *   embed  (rows)    ρ_i = Σ_b ρ_buf[b][i];  F_i, F'_i (linear extension above rhomax)
 *   force  (blocks)  f_ij = −(F'_i ρ'_{e(j)} + F'_j ρ'_{e(i)} + φ')/r · (x_i − x_j) → f_buf[b][i] += f_ij,
 *                    f_buf[b][j] −= f_ij;  e_buf[b][i], [j] += ½φ
 *   sum    (rows)    f_i = Σ_b f_buf[b][i],  E_i = F_i + Σ_b e_buf[b][i]
 * Units: Å, eV, eV/Å.
 */
import { defineKernels } from '../../parallel/registry.ts';

/** Blocks of rows (fixed: results do not depend on the thread count; ≥ the useful thread count). */
export const EAM_BLOCKS = 8;

export interface EamCtx {
  n: number;
  pos: Float64Array;
  lx: number;
  ly: number;
  lz: number;
  stride: number;
  counts: Uint32Array;
  nbr: Uint32Array;
  /** half list (j > i, list order) in the full list's layout: [n] counts, [n·stride] j */
  hcnt: Uint32Array;
  hnbr: Uint32Array;
  single: number;
  elem: Int32Array;
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
  /** [B·n] ρ, [B·3n] force, [B·n] pair-energy buffers */
  rhoBuf: Float64Array;
  fBuf: Float64Array;
  eBuf: Float64Array;
  /** per block pair lists: capacity `pcap` pairs from b·pcap; ij [2·B·pcap], geo [4·B·pcap] (dx, dy, dz, r) */
  pcap: number;
  pij: Uint32Array;
  pgeo: Float64Array;
  /** [B] pairs found per block (may exceed pcap: then the caller grows and reruns) */
  pcount: Uint32Array;
  rho: Float64Array;
  fp: Float64Array;
  embed: Float64Array;
  forces: Float64Array;
  energies: Float64Array;
  /** [chunks·2] partial Σ F_i, Σ E_i */
  red: Float64Array;
}

function blockRows(n: number, b: number): [number, number] {
  return [Math.floor((b * n) / EAM_BLOCKS), Math.floor(((b + 1) * n) / EAM_BLOCKS)];
}

/** Half list of the current full list (once per neighbour-list build). */
function halfPass(c: EamCtx, lo: number, hi: number): void {
  const { stride, counts, nbr, hcnt, hnbr } = c;
  for (let i = lo; i < hi; i++) {
    const row = i * stride;
    let h = row;
    for (let k = row, end = row + counts[i]!; k < end; k++) {
      const j = nbr[k]!;
      if (j > i) hnbr[h++] = j;
    }
    hcnt[i] = h - row;
  }
}

function pairsPass(c: EamCtx, b0: number, b1: number): void {
  const { n, pos, lx, ly, lz, stride, hcnt: counts, hnbr: nbr, single, elem, nr, rdr, cutforcesq, rhor, pcap, pij, pgeo, pcount } = c;
  const mMax = nr - 1;
  const L = (nr + 1) * 7;
  const periodic = lx !== 0 || ly !== 0 || lz !== 0;
  for (let b = b0; b < b1; b++) {
    const rb = c.rhoBuf.subarray(b * n, (b + 1) * n);
    rb.fill(0);
    const [lo, hi] = blockRows(n, b);
    const base = b * pcap;
    let np = 0;
    for (let i = lo; i < hi; i++) {
      const xi = pos[3 * i]!, yi = pos[3 * i + 1]!, zi = pos[3 * i + 2]!;
      const oi = single ? 0 : elem[i]! * L;
      let acc = 0;
      const row = i * stride;
      for (let k = row, end = row + counts[i]!; k < end; k++) {
        const j = nbr[k]!;
        let dx = xi - pos[3 * j]!, dy = yi - pos[3 * j + 1]!, dz = zi - pos[3 * j + 2]!;
        if (periodic) {
          if (lx) dx -= lx * Math.round(dx / lx);
          if (ly) dy -= ly * Math.round(dy / ly);
          if (lz) dz -= lz * Math.round(dz / lz);
        }
        const rsq = dx * dx + dy * dy + dz * dz;
        if (rsq >= cutforcesq) continue;
        const r = Math.sqrt(rsq);
        let p = r * rdr + 1.0;
        let m = Math.trunc(p);
        if (m > mMax) m = mMax;
        p -= m;
        if (p > 1.0) p = 1.0;
        const o = m * 7;
        if (single) {
          const v = ((rhor[o + 3]! * p + rhor[o + 4]!) * p + rhor[o + 5]!) * p + rhor[o + 6]!;
          acc += v;
          rb[j] += v;
        } else {
          const oj = elem[j]! * L + o, oii = oi + o;
          acc += ((rhor[oj + 3]! * p + rhor[oj + 4]!) * p + rhor[oj + 5]!) * p + rhor[oj + 6]!;
          rb[j] += ((rhor[oii + 3]! * p + rhor[oii + 4]!) * p + rhor[oii + 5]!) * p + rhor[oii + 6]!;
        }
        if (np < pcap) {
          const q = base + np;
          pij[2 * q] = i;
          pij[2 * q + 1] = j;
          pgeo[4 * q] = dx;
          pgeo[4 * q + 1] = dy;
          pgeo[4 * q + 2] = dz;
          pgeo[4 * q + 3] = r;
        }
        np++;
      }
      rb[i] += acc;
    }
    pcount[b] = np;
  }
}

function embedPass(c: EamCtx, lo: number, hi: number): void {
  const { n, rhoBuf, elem, rdrho, nrho, rhomax, frho, rho, fp, embed } = c;
  const LF = (nrho + 1) * 7;
  for (let i = lo; i < hi; i++) {
    let r = 0;
    for (let b = 0; b < EAM_BLOCKS; b++) r += rhoBuf[b * n + i]!;
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
  }
}

function forcePass(c: EamCtx, b0: number, b1: number): void {
  const { n, single, elem, nr, rdr, rhor, z2r, pcap, pij, pgeo, pcount, fp } = c;
  const mMax = nr - 1;
  const L = (nr + 1) * 7;
  for (let b = b0; b < b1; b++) {
    const fb = c.fBuf.subarray(3 * b * n, 3 * (b + 1) * n);
    const eb = c.eBuf.subarray(b * n, (b + 1) * n);
    fb.fill(0);
    eb.fill(0);
    const base = b * pcap;
    for (let q = base, end = base + pcount[b]!; q < end; q++) {
      const i = pij[2 * q]!, j = pij[2 * q + 1]!;
      const dx = pgeo[4 * q]!, dy = pgeo[4 * q + 1]!, dz = pgeo[4 * q + 2]!, r = pgeo[4 * q + 3]!;
      let p = r * rdr + 1.0;
      let m = Math.trunc(p);
      if (m > mMax) m = mMax;
      p -= m;
      if (p > 1.0) p = 1.0;
      const o = m * 7;
      let rhoip: number, rhojp: number, oz: number;
      if (single) {
        rhoip = (rhor[o]! * p + rhor[o + 1]!) * p + rhor[o + 2]!;
        rhojp = rhoip;
        oz = o;
      } else {
        const ei = elem[i]!, ej = elem[j]!;
        const oi = ei * L + o, oj = ej * L + o;
        rhoip = (rhor[oi]! * p + rhor[oi + 1]!) * p + rhor[oi + 2]!;
        rhojp = (rhor[oj]! * p + rhor[oj + 1]!) * p + rhor[oj + 2]!;
        const irow = ei > ej ? ei : ej, icol = ei > ej ? ej : ei;
        oz = ((irow * (irow + 1)) / 2 + icol) * L + o;
      }
      const z2p = (z2r[oz]! * p + z2r[oz + 1]!) * p + z2r[oz + 2]!;
      const z2 = ((z2r[oz + 3]! * p + z2r[oz + 4]!) * p + z2r[oz + 5]!) * p + z2r[oz + 6]!;
      const recip = 1.0 / r;
      const phi = z2 * recip;
      const phip = z2p * recip - phi * recip;
      const psip = fp[i]! * rhojp + fp[j]! * rhoip + phip;
      const fpair = -psip * recip;
      fb[3 * i] += dx * fpair;
      fb[3 * i + 1] += dy * fpair;
      fb[3 * i + 2] += dz * fpair;
      fb[3 * j] -= dx * fpair;
      fb[3 * j + 1] -= dy * fpair;
      fb[3 * j + 2] -= dz * fpair;
      eb[i] += 0.5 * phi;
      eb[j] += 0.5 * phi;
    }
  }
}

function sumPass(c: EamCtx, lo: number, hi: number, chunk: number): void {
  const { n, fBuf, eBuf, embed, forces, energies } = c;
  let sF = 0, sE = 0;
  for (let i = lo; i < hi; i++) {
    let fx = 0, fy = 0, fz = 0, e = embed[i]!;
    for (let b = 0; b < EAM_BLOCKS; b++) {
      const o = 3 * (b * n + i);
      fx += fBuf[o]!;
      fy += fBuf[o + 1]!;
      fz += fBuf[o + 2]!;
      e += eBuf[b * n + i]!;
    }
    forces[3 * i] = fx;
    forces[3 * i + 1] = fy;
    forces[3 * i + 2] = fz;
    energies[i] = e;
    sF += embed[i]!;
    sE += e;
  }
  c.red[2 * chunk] = sF;
  c.red[2 * chunk + 1] = sE;
}

defineKernels({ 'eam.half': halfPass, 'eam.pairs': pairsPass, 'eam.embed': embedPass, 'eam.force': forcePass, 'eam.sum': sumPass });
