/**
 * ReaxFF-Ag + QEq + EChemDID as row passes on the SPMD pool (src/parallel). Same math as the
 * reference passes (compute.ts, qeq.ts, echemdid.ts); every row is computed in full-list order
 * and reductions go through fixed chunks, so results are bit-identical for any thread count.
 *
 *   geom    one sweep of the full list per MD step: QEq row H_ij = 14.4·J(r) for r < swb (compact
 *           rows, zeros beyond swb dropped), bond rows for r < rBond with BO, dBO/dr / r, E_bond,
 *           CEbo (only BO > 0; tabulated: from the bond table below r_BO − 0.1 Å), EChemDID rows c_ij = (1 − r²/r_c²)²/r² for r < r_c, S_i = Σ BO,
 *           F(S_i), F'(S_i)
 *   echem   one Jacobi sub-step on boundary-applied values Φ̃ (electrodes at ±V/2):
 *           Φ_i = Φ̃_i + α Σ_j c_ij (Φ̃_j − Φ̃_i), and Φ̃ of the next sub-step
 *   qeq.*   fused s/t Jacobi-preconditioned CG (qeq.ts) over the compact H rows; once QEq has run,
 *           qeq.guess forms x⁰ before geom and geom forms H x⁰ while it writes H (one matvec less)
 *   force   bond rows: −(CEbo + F'_i + F'_j) dBO/dr r̂; QEq rows: vdW + C_ele q_i q_j J, analytic
 *           or from the Hermite table in r² (table.ts)
 * Units: real (kcal/mol, kcal/mol/Å); H, χ, η, Φ in eV / V.
 */
import { defineKernels } from '../../parallel/registry.ts';
import { qeqGuess } from './qeq.ts';
import { C_ELE, coulombKernel, overEnergy, POL_EV_TO_KCAL, QEQ_COULOMB_EV, vdwEnergy, type AgModel } from './terms.ts';

/** Per-chunk reduction widths. */
export const RED_GEOM = 2; // max bond-row count, max EChemDID-row count
export const RED_QEQ = 2; // s, t
export const RED_FORCE = 5; // bond, over, vdw, coul, pol

/** Scalar slots of ctx.sc. */
export const SC = {
  alpha: 0, half: 1, parity: 2, // EChemDID sub-step
  betaS: 3, betaT: 4, alphaS: 5, alphaT: 6, actS: 7, actT: 8, ratio: 9, head: 10, // QEq
  fuse: 11, // 1: the geom pass also forms hx = H x (x = the QEq guess, from qeq.guess)
  size: 16,
} as const;

export interface ReaxCtx {
  n: number;
  pos: Float64Array;
  lx: number;
  ly: number;
  lz: number;
  model: AgModel;
  rb2: number;
  swb2: number;
  ec2: number;
  /** 1 = nonbonded terms from the table */
  tab: number;
  tc: Float64Array;
  /** the J coefficients of tc alone ([4·intervals], same values): the geom pass's half of the table */
  tj: Float64Array;
  ts0: number;
  tinv: number;
  /** bond table (table.ts BondTable; starts at ts0 too): coefficients, upper end s1, 1/h */
  bt: Float64Array;
  bs1: number;
  binv: number;
  stride: number;
  counts: Uint32Array;
  nbr: Uint32Array;
  // QEq rows (capacity stride)
  hcnt: Uint32Array;
  hj: Uint32Array;
  hv: Float64Array;
  // bond rows
  bstride: number;
  bcnt: Uint32Array;
  bj: Uint32Array;
  bdr: Float64Array;
  bce: Float64Array;
  be: Float64Array;
  // EChemDID rows
  estride: number;
  ecnt: Uint32Array;
  ej: Uint32Array;
  ec: Float64Array;
  S: Float64Array;
  F: Float64Array;
  Fp: Float64Array;
  // EChemDID state
  el: Int8Array;
  tA: Float64Array;
  tB: Float64Array;
  rA: Float64Array;
  rB: Float64Array;
  // QEq state, [2n] interleaved (s, t)
  eta: number;
  chi: number;
  phi: Float64Array;
  x: Float64Array;
  b: Float64Array;
  r: Float64Array;
  z: Float64Array;
  d: Float64Array;
  u: Float64Array;
  /** [2n] H x⁰ formed by the geom pass while it writes H (SC.fuse) */
  hx: Float64Array;
  /** [4·2n] ring of the last solutions (slot (head + k) % 4 = k-th last) */
  hist: Float64Array;
  q: Float64Array;
  // outputs
  forces: Float64Array;
  energies: Float64Array;
  sc: Float64Array;
  redG: Float64Array;
  redQ: Float64Array;
  redF: Float64Array;
}

function geomPass(c: ReaxCtx, lo: number, hi: number, chunk: number): void {
  const { pos, lx, ly, lz, model, rb2, swb2, ec2, tab, tj, ts0, tinv, bt, bs1, binv, stride, counts, nbr, hcnt, hj, hv, bstride, bcnt, bj, bdr, bce, be, estride, ecnt, ej, ec, S, F, Fp, x, hx, eta } = c;
  const p = model.p;
  const fuse = c.sc[SC.fuse] === 1;
  const r0s = p.r0s, pBo1 = p.pBo1, pBo2 = p.pBo2, boCut = p.boCut, bop0 = 1 + p.boCut;
  const deS = p.deS, pBe1 = p.pBe1, pBe2 = p.pBe2;
  const periodic = lx !== 0 || ly !== 0 || lz !== 0;
  let maxB = 0, maxE = 0;
  for (let i = lo; i < hi; i++) {
    const xi = pos[3 * i]!, yi = pos[3 * i + 1]!, zi = pos[3 * i + 2]!;
    const row = i * stride, brow = i * bstride, erow = i * estride;
    let nh = 0, nb = 0, ne = 0, s = 0;
    // (H x⁰)_i in qeqResidual's order (η x_i first, then the row): the same bits as that pass
    let ya = 0, yb = 0;
    if (fuse) {
      ya = eta * x[2 * i]!;
      yb = eta * x[2 * i + 1]!;
    }
    for (let k = row, end = row + counts[i]!; k < end; k++) {
      const j = nbr[k]!;
      let dx = xi - pos[3 * j]!, dy = yi - pos[3 * j + 1]!, dz = zi - pos[3 * j + 2]!;
      if (periodic) {
        if (lx) dx -= lx * Math.round(dx / lx);
        if (ly) dy -= ly * Math.round(dy / ly);
        if (lz) dz -= lz * Math.round(dz / lz);
      }
      const rsq = dx * dx + dy * dy + dz * dz;
      if (rsq < ec2) {
        if (ne < estride) {
          ej[erow + ne] = j;
          ec[erow + ne] = (1 - rsq / ec2) ** 2 / rsq;
        }
        ne++;
      }
      if (rsq >= swb2) continue;
      let J: number;
      if (tab && rsq >= ts0) {
        const uu = (rsq - ts0) * tinv;
        const kk = uu | 0;
        const t = uu - kk;
        const o = 4 * kk;
        J = tj[o]! + t * (tj[o + 1]! + t * (tj[o + 2]! + t * tj[o + 3]!));
      } else {
        J = coulombKernel(model, Math.sqrt(rsq)).j;
      }
      const hij = QEQ_COULOMB_EV * J;
      hj[row + nh] = j;
      hv[row + nh] = hij;
      nh++;
      if (fuse) {
        ya += hij * x[2 * j]!;
        yb += hij * x[2 * j + 1]!;
      }
      if (tab && rsq >= ts0 && rsq < bs1) {
        // σ bond from the bond table (table.ts buildBondTable): BO' ≥ bo_cut throughout its range
        const uu = (rsq - ts0) * binv;
        const kk = uu | 0;
        const t = uu - kk;
        const o = 16 * kk;
        const bo = bt[o]! + t * (bt[o + 1]! + t * (bt[o + 2]! + t * bt[o + 3]!)) - boCut;
        s += bo;
        if (nb < bstride) {
          bj[brow + nb] = j;
          bdr[brow + nb] = bt[o + 4]! + t * (bt[o + 5]! + t * (bt[o + 6]! + t * bt[o + 7]!));
          be[brow + nb] = bt[o + 8]! + t * (bt[o + 9]! + t * (bt[o + 10]! + t * bt[o + 11]!));
          bce[brow + nb] = bt[o + 12]! + t * (bt[o + 13]! + t * (bt[o + 14]! + t * bt[o + 15]!));
        }
        nb++;
      } else if (rsq < rb2) {
        const r = Math.sqrt(rsq);
        const c12 = pBo1 * Math.pow(r / r0s, pBo2);
        const bop = bop0 * Math.exp(c12);
        if (bop >= boCut) {
          const bo = bop - boCut;
          s += bo;
          if (bo > 0) {
            if (nb < bstride) {
              // bondEnergy(model, bo) written out (no object per bond): E = −De·BO·e^{p_be1(1 − BO^p_be2)}, dE/dBO
              const pw = Math.pow(bo, pBe2);
              const ex = Math.exp(pBe1 * (1 - pw));
              bj[brow + nb] = j;
              bdr[brow + nb] = (bop * pBo2 * c12) / r / r;
              be[brow + nb] = -deS * bo * ex;
              bce[brow + nb] = -deS * ex * (1 - pBe1 * pBe2 * pw);
            }
            nb++;
          }
        }
      }
    }
    hcnt[i] = nh;
    if (fuse) {
      hx[2 * i] = ya;
      hx[2 * i + 1] = yb;
    }
    bcnt[i] = nb < bstride ? nb : bstride;
    ecnt[i] = ne < estride ? ne : estride;
    if (nb > maxB) maxB = nb;
    if (ne > maxE) maxE = ne;
    S[i] = s;
    const ov = overEnergy(model, s);
    F[i] = ov.e;
    Fp[i] = ov.de;
  }
  c.redG[RED_GEOM * chunk] = maxB;
  c.redG[RED_GEOM * chunk + 1] = maxE;
}

function echemPass(c: ReaxCtx, lo: number, hi: number): void {
  const { estride, ecnt, ej, ec, el, sc } = c;
  const par = sc[SC.parity]!;
  const tin = par ? c.tB : c.tA, tout = par ? c.tA : c.tB, rout = par ? c.rA : c.rB;
  const alpha = sc[SC.alpha]!, half = sc[SC.half]!;
  for (let i = lo; i < hi; i++) {
    const pi = tin[i]!;
    let lap = 0;
    const row = i * estride;
    for (let k = row, end = row + ecnt[i]!; k < end; k++) lap += ec[k]! * (tin[ej[k]!]! - pi);
    const v = pi + alpha * lap;
    rout[i] = v;
    const e = el[i]!;
    tout[i] = e === 1 ? half : e === -1 ? -half : v;
  }
}

/** x⁰ from the histories (qeqGuess: least-squares quadratic of the last 4 solutions). */
function qeqGuessPass(c: ReaxCtx, lo: number, hi: number): void {
  const { n, hist, x, sc } = c;
  const head = sc[SC.head]!;
  const n2 = 2 * n;
  const h0 = ((head + 0) % 4) * n2, h1 = ((head + 1) % 4) * n2, h2 = ((head + 2) % 4) * n2, h3 = ((head + 3) % 4) * n2;
  for (let i = lo; i < hi; i++) {
    const a = 2 * i;
    x[a] = qeqGuess(hist[h0 + a]!, hist[h1 + a]!, hist[h2 + a]!, hist[h3 + a]!);
    x[a + 1] = qeqGuess(hist[h0 + a + 1]!, hist[h1 + a + 1]!, hist[h2 + a + 1]!, hist[h3 + a + 1]!);
  }
}

/** b = (−(χ + Φ), −1), d = u = 0, partial ‖b‖². */
function qeqInit(c: ReaxCtx, lo: number, hi: number, chunk: number): void {
  const { b, d, u, phi, chi } = c;
  let bs = 0, bt = 0;
  for (let i = lo; i < hi; i++) {
    const a = 2 * i;
    d[a] = 0;
    d[a + 1] = 0;
    u[a] = 0;
    u[a + 1] = 0;
    const bi = -(chi + phi[i]!);
    b[a] = bi;
    b[a + 1] = -1;
    bs += bi * bi;
    bt += 1;
  }
  c.redQ[RED_QEQ * chunk] = bs;
  c.redQ[RED_QEQ * chunk + 1] = bt;
}

/** qeqResidual with H x⁰ already formed by the geom pass (hx): r = b − hx, z = r/η, partial σ. */
function qeqResidualFused(c: ReaxCtx, lo: number, hi: number, chunk: number): void {
  const { eta, hx, b, r, z } = c;
  let ss = 0, st = 0;
  for (let i = lo; i < hi; i++) {
    const ra = b[2 * i]! - hx[2 * i]!, rb = b[2 * i + 1]! - hx[2 * i + 1]!;
    r[2 * i] = ra;
    r[2 * i + 1] = rb;
    const za = ra / eta, zb = rb / eta;
    z[2 * i] = za;
    z[2 * i + 1] = zb;
    ss += ra * za;
    st += rb * zb;
  }
  c.redQ[RED_QEQ * chunk] = ss;
  c.redQ[RED_QEQ * chunk + 1] = st;
}

/** r = b − Hx, z = r/η, partial σ = r·z: hx = H x over the rows, then the tail of qeqResidualFused. */
function qeqResidual(c: ReaxCtx, lo: number, hi: number, chunk: number): void {
  const { stride, hcnt, hj, hv, eta, x, hx } = c;
  for (let i = lo; i < hi; i++) {
    let ya = eta * x[2 * i]!, yb = eta * x[2 * i + 1]!;
    const row = i * stride;
    for (let k = row, end = row + hcnt[i]!; k < end; k++) {
      const j = hj[k]!, v = hv[k]!;
      ya += v * x[2 * j]!;
      yb += v * x[2 * j + 1]!;
    }
    hx[2 * i] = ya;
    hx[2 * i + 1] = yb;
  }
  qeqResidualFused(c, lo, hi, chunk);
}

/** pass A: d = z + βd, u = Hz + βu (active vectors), partial d·u. */
function qeqA(c: ReaxCtx, lo: number, hi: number, chunk: number): void {
  const { stride, hcnt, hj, hv, eta, z, d, u, sc } = c;
  const bS = sc[SC.betaS]!, bT = sc[SC.betaT]!, aS = sc[SC.actS]!, aT = sc[SC.actT]!;
  let ds = 0, dt = 0;
  for (let i = lo; i < hi; i++) {
    const a = 2 * i;
    let ya = eta * z[a]!, yb = eta * z[a + 1]!;
    const row = i * stride;
    for (let k = row, end = row + hcnt[i]!; k < end; k++) {
      const j = hj[k]!, v = hv[k]!;
      ya += v * z[2 * j]!;
      yb += v * z[2 * j + 1]!;
    }
    if (aS) {
      const dd = z[a]! + bS * d[a]!, uu = ya + bS * u[a]!;
      d[a] = dd;
      u[a] = uu;
      ds += dd * uu;
    }
    if (aT) {
      const dd = z[a + 1]! + bT * d[a + 1]!, uu = yb + bT * u[a + 1]!;
      d[a + 1] = dd;
      u[a + 1] = uu;
      dt += dd * uu;
    }
  }
  c.redQ[RED_QEQ * chunk] = ds;
  c.redQ[RED_QEQ * chunk + 1] = dt;
}

/** pass B: x += αd, r −= αu, z = r/η (active vectors), partial σ = r·z. */
function qeqB(c: ReaxCtx, lo: number, hi: number, chunk: number): void {
  const { eta, x, r, z, d, u, sc } = c;
  const alS = sc[SC.alphaS]!, alT = sc[SC.alphaT]!, aS = sc[SC.actS]!, aT = sc[SC.actT]!;
  let ss = 0, st = 0;
  for (let i = lo; i < hi; i++) {
    const a = 2 * i;
    if (aS) {
      x[a] += alS * d[a]!;
      const rr = r[a]! - alS * u[a]!;
      r[a] = rr;
      const zz = rr / eta;
      z[a] = zz;
      ss += rr * zz;
    }
    if (aT) {
      x[a + 1] += alT * d[a + 1]!;
      const rr = r[a + 1]! - alT * u[a + 1]!;
      r[a + 1] = rr;
      const zz = rr / eta;
      z[a + 1] = zz;
      st += rr * zz;
    }
  }
  c.redQ[RED_QEQ * chunk] = ss;
  c.redQ[RED_QEQ * chunk + 1] = st;
}

/** partial Σs, Σt */
function qeqSums(c: ReaxCtx, lo: number, hi: number, chunk: number): void {
  const x = c.x;
  let ss = 0, st = 0;
  for (let i = lo; i < hi; i++) {
    ss += x[2 * i]!;
    st += x[2 * i + 1]!;
  }
  c.redQ[RED_QEQ * chunk] = ss;
  c.redQ[RED_QEQ * chunk + 1] = st;
}

/** q = s − (Σs/Σt) t; the solution becomes history slot `head` (the new last). */
function qeqFinish(c: ReaxCtx, lo: number, hi: number): void {
  const { n, x, q, hist, sc } = c;
  const ratio = sc[SC.ratio]!;
  const h = sc[SC.head]! * 2 * n;
  for (let i = lo; i < hi; i++) {
    const s = x[2 * i]!, t = x[2 * i + 1]!;
    q[i] = s - ratio * t;
    hist[h + 2 * i] = s;
    hist[h + 2 * i + 1] = t;
  }
}

function forcePass(c: ReaxCtx, lo: number, hi: number, chunk: number): void {
  const { pos, lx, ly, lz, model, tab, tc, ts0, tinv, stride, hcnt, hj, bstride, bcnt, bj, bdr, bce, be, F, Fp, q, forces, energies } = c;
  const periodic = lx !== 0 || ly !== 0 || lz !== 0;
  const chi = model.p.chi, eta = model.p.eta;
  let tb = 0, to = 0, tv = 0, tcl = 0, tp = 0;
  for (let i = lo; i < hi; i++) {
    const xi = pos[3 * i]!, yi = pos[3 * i + 1]!, zi = pos[3 * i + 2]!;
    const fpi = Fp[i]!, qi = q[i]!;
    let fx = 0, fy = 0, fz = 0, eb = 0, ev = 0, ecl = 0;
    const brow = i * bstride;
    for (let k = brow, end = brow + bcnt[i]!; k < end; k++) {
      const j = bj[k]!;
      let dx = xi - pos[3 * j]!, dy = yi - pos[3 * j + 1]!, dz = zi - pos[3 * j + 2]!;
      if (periodic) {
        if (lx) dx -= lx * Math.round(dx / lx);
        if (ly) dy -= ly * Math.round(dy / ly);
        if (lz) dz -= lz * Math.round(dz / lz);
      }
      eb += 0.5 * be[k]!;
      const s = -(bce[k]! + fpi + Fp[j]!) * bdr[k]!;
      fx += s * dx;
      fy += s * dy;
      fz += s * dz;
    }
    const row = i * stride;
    const cq = C_ELE * qi;
    for (let k = row, end = row + hcnt[i]!; k < end; k++) {
      const j = hj[k]!;
      let dx = xi - pos[3 * j]!, dy = yi - pos[3 * j + 1]!, dz = zi - pos[3 * j + 2]!;
      if (periodic) {
        if (lx) dx -= lx * Math.round(dx / lx);
        if (ly) dy -= ly * Math.round(dy / ly);
        if (lz) dz -= lz * Math.round(dz / lz);
      }
      const rsq = dx * dx + dy * dy + dz * dz;
      const qq = cq * q[j]!;
      let s: number;
      if (tab && rsq >= ts0) {
        const uu = (rsq - ts0) * tinv;
        const kk = uu | 0;
        const t = uu - kk;
        const o = 8 * kk;
        ev += 0.5 * (tc[o]! + t * (tc[o + 1]! + t * (tc[o + 2]! + t * tc[o + 3]!)));
        const dv = (tc[o + 1]! + t * (2 * tc[o + 2]! + 3 * t * tc[o + 3]!)) * tinv;
        ecl += 0.5 * qq * (tc[o + 4]! + t * (tc[o + 5]! + t * (tc[o + 6]! + t * tc[o + 7]!)));
        const dj = (tc[o + 5]! + t * (2 * tc[o + 6]! + 3 * t * tc[o + 7]!)) * tinv;
        s = -2 * (dv + qq * dj);
      } else {
        const r = Math.sqrt(rsq);
        const v = vdwEnergy(model, r);
        ev += 0.5 * v.e;
        let dEdr = v.de;
        if (qq !== 0) {
          const cc = coulombKernel(model, r);
          ecl += 0.5 * qq * cc.j;
          dEdr += qq * cc.dj;
        }
        s = -dEdr / r;
      }
      fx += s * dx;
      fy += s * dy;
      fz += s * dz;
    }
    const ep = POL_EV_TO_KCAL * (chi * qi + 0.5 * eta * qi * qi);
    forces[3 * i] = fx;
    forces[3 * i + 1] = fy;
    forces[3 * i + 2] = fz;
    energies[i] = F[i]! + eb + ev + ecl + ep;
    tb += eb;
    to += F[i]!;
    tv += ev;
    tcl += ecl;
    tp += ep;
  }
  const o = RED_FORCE * chunk;
  c.redF[o] = tb;
  c.redF[o + 1] = to;
  c.redF[o + 2] = tv;
  c.redF[o + 3] = tcl;
  c.redF[o + 4] = tp;
}

defineKernels({
  'reax.geom': geomPass,
  'reax.echem': echemPass,
  'qeq.guess': qeqGuessPass,
  'qeq.init': qeqInit,
  'qeq.res': qeqResidual,
  'qeq.res0': qeqResidualFused,
  'qeq.A': qeqA,
  'qeq.B': qeqB,
  'qeq.sums': qeqSums,
  'qeq.fin': qeqFinish,
  'reax.force': forcePass,
});
