/**
 * Surface Green's function of a lead whose principal layer is an n1×n2 supercell of a one-atom
 * primitive cell (paper mode: a 3×3 Ag(111) layer), by unfolding to the primitive cell.
 * With atom i at integer in-plane coordinates n_i (units of the primitive a1, a2) and the supercell
 * Bloch phase exp(2πi f·m) (f = k in fractions of the supercell reciprocal vectors), the n1·n2
 * primitive k-points folded onto f are f'_pq = ((f1 + p)/n1, (f2 + q)/n2), and
 *     u_{i,pq} = exp(2πi f'_pq·n_i)/√(n1 n2)          (unitary, atoms × pq)
 *     h^sc_{ij} = Σ_pq u_{i,pq} h'(f'_pq) u*_{j,pq}   for h00 and h01 (nb×nb orbital blocks),
 * so the decimation splits into n1·n2 independent nb×nb problems, g^sc = U diag(g'_pq) U†:
 * (n1 n2)² times less work (81 for 3×3). h'(f'_pq) = Σ_ij u*_{i,pq} h^sc_ij u_{j,pq} is read off the
 * supercell blocks themselves, and the unfolding is used only if those blocks reconstruct h^sc to
 * 1e-12 (relative); otherwise (a lead without that symmetry) the full decimation runs.
 */
import { cadjoint, cmat, cmaxAbs, cmul, lazyCMat, type CMat } from '../linalg/cmat.ts';
import { surfaceGreen, surfaceGreenBoth, type DecimationOptions, type LeadBlocks } from './surfaceGreen.ts';

export interface LeadUnfold {
  n: [number, number];
  /** [2·atoms] integer in-plane coordinates of each atom of the principal layer */
  coords: Int32Array;
}

/** unfolded / full decimations; self-energies through a periodic coupling (σ'_pq) / through W (unfoldedSelfEnergy) */
export const unfoldStats = { unfolded: 0, full: 0, sigmaPeriodic: 0, sigmaW: 0 };

/** Phases u (atoms × P, re/im). */
function phases(u: LeadUnfold, f: [number, number]): { re: Float64Array; im: Float64Array; P: number; n: [number, number]; f: [number, number]; coords: Int32Array } {
  const [n1, n2] = u.n, na = u.coords.length / 2, P = n1 * n2, s = 1 / Math.sqrt(P);
  const re = new Float64Array(na * P), im = new Float64Array(na * P);
  for (let p = 0; p < n1; p++) for (let q = 0; q < n2; q++) {
    const f1 = (f[0] + p) / n1, f2 = (f[1] + q) / n2;
    for (let i = 0; i < na; i++) {
      const ph = 2 * Math.PI * (f1 * u.coords[2 * i]! + f2 * u.coords[2 * i + 1]!);
      re[i * P + p * n2 + q] = s * Math.cos(ph);
      im[i * P + p * n2 + q] = s * Math.sin(ph);
    }
  }
  return { re, im, P, n: [n1, n2], f: [f[0], f[1]], coords: u.coords };
}

/** D_pq = Σ_ij u*_{i,pq} h_ij u_{j,pq} (P blocks nb×nb). */
function project(h: CMat, nb: number, U: ReturnType<typeof phases>, na: number): CMat[] {
  const { P } = U, b = h.cols, out: CMat[] = [];
  for (let pq = 0; pq < P; pq++) {
    const d = cmat(nb, nb);
    for (let i = 0; i < na; i++) {
      const ur = U.re[i * P + pq]!, ui = -U.im[i * P + pq]!; // u*_i
      for (let j = 0; j < na; j++) {
        const vr = U.re[j * P + pq]!, vi = U.im[j * P + pq]!;
        const cr = ur * vr - ui * vi, ci = ur * vi + ui * vr; // u*_i u_j
        for (let a = 0; a < nb; a++) {
          const row = (i * nb + a) * b + j * nb;
          for (let c = 0; c < nb; c++) {
            const xr = h.re[row + c]!, xi = h.im[row + c]!;
            if (xr === 0 && xi === 0) continue;
            d.re[a * nb + c] += cr * xr - ci * xi;
            d.im[a * nb + c] += cr * xi + ci * xr;
          }
        }
      }
    }
    out.push(d);
  }
  return out;
}

/**
 * M = Σ_pq u_{i,pq} D_pq u*_{j,pq} (full supercell matrix). The weight u_i u*_j = e^{2πi f'_pq·(n_i − n_j)}/P
 * depends on n_i − n_j = r + (n1 m1, n2 m2) (r its residue modulo the supercell) only through
 *     u_i u*_j = e^{2πi f'_pq·r}/P · e^{2πi (f1 m1 + f2 m2)},
 * so M_ij = e^{2πi f·m} B_r with the P blocks B_r = Σ_pq e^{2πi f'_pq·r} D_pq / P: P² block sums
 * instead of na²·P.
 */
function fold(D: CMat[], nb: number, U: ReturnType<typeof phases>, na: number): CMat {
  const { P } = U, b = na * nb, m = cmat(b, b), nn = nb * nb, t = foldTables(U, na);
  const Br = new Float64Array(P * nn), Bi = new Float64Array(P * nn);
  for (let r = 0; r < P; r++) {
    const o = r * nn;
    for (let pq = 0; pq < P; pq++) {
      const cr = t.br[r * P + pq]!, ci = t.bi[r * P + pq]!, d = D[pq]!, dr = d.re, di = d.im;
      for (let e = 0; e < nn; e++) {
        const xr = dr[e]!, xi = di[e]!;
        Br[o + e] += cr * xr - ci * xi;
        Bi[o + e] += cr * xi + ci * xr;
      }
    }
  }
  for (let i = 0; i < na; i++) for (let j = 0; j < na; j++) {
    const ij = i * na + j, cr = t.mr[ij]!, ci = t.mi[ij]!, o = t.off[ij]! * nn;
    for (let a = 0; a < nb; a++) {
      const row = (i * nb + a) * b + j * nb, src = o + a * nb;
      for (let c = 0; c < nb; c++) {
        const xr = Br[src + c]!, xi = Bi[src + c]!;
        m.re[row + c] = cr * xr - ci * xi;
        m.im[row + c] = cr * xi + ci * xr;
      }
    }
  }
  return m;
}

/**
 * fold()'s phases, per unfolding and k-point: e^{2πi f'_pq·r}/P for residue r (row) and pq, and per
 * atom pair (i, j) the residue r of n_i − n_j (its block index) and e^{2πi f·m}.
 */
interface FoldTables { br: Float64Array; bi: Float64Array; off: Int32Array; mr: Float64Array; mi: Float64Array }
const foldTablesOf = new WeakMap<object, FoldTables>();
function foldTables(U: ReturnType<typeof phases>, na: number): FoldTables {
  const c = foldTablesOf.get(U);
  if (c && c.off.length === na * na) return c;
  const { P, n: [n1, n2], f, coords } = U;
  const br = new Float64Array(P * P), bi = new Float64Array(P * P);
  for (let r1 = 0; r1 < n1; r1++) for (let r2 = 0; r2 < n2; r2++) {
    for (let p = 0; p < n1; p++) for (let q = 0; q < n2; q++) {
      const ph = 2 * Math.PI * (((f[0] + p) / n1) * r1 + ((f[1] + q) / n2) * r2);
      br[(r1 * n2 + r2) * P + p * n2 + q] = Math.cos(ph) / P;
      bi[(r1 * n2 + r2) * P + p * n2 + q] = Math.sin(ph) / P;
    }
  }
  const mod = (x: number, n: number) => ((x % n) + n) % n;
  const off = new Int32Array(na * na), mr = new Float64Array(na * na), mi = new Float64Array(na * na);
  for (let i = 0; i < na; i++) for (let j = 0; j < na; j++) {
    const d1 = coords[2 * i]! - coords[2 * j]!, d2 = coords[2 * i + 1]! - coords[2 * j + 1]!;
    const r1 = mod(d1, n1), r2 = mod(d2, n2), m1 = (d1 - r1) / n1, m2 = (d2 - r2) / n2;
    const ph = 2 * Math.PI * (f[0] * m1 + f[1] * m2);
    mr[i * na + j] = Math.cos(ph);
    mi[i * na + j] = Math.sin(ph);
    off[i * na + j] = r1 * n2 + r2;
  }
  const t = { br, bi, off, mr, mi };
  foldTablesOf.set(U, t);
  return t;
}

function reconstructs(h: CMat, D: CMat[], nb: number, U: ReturnType<typeof phases>, na: number): boolean {
  const r = fold(D, nb, U, na), scale = Math.max(1, cmaxAbs(h));
  for (let i = 0; i < h.re.length; i++) if (Math.abs(r.re[i]! - h.re[i]!) > 1e-12 * scale || Math.abs(r.im[i]! - h.im[i]!) > 1e-12 * scale) return false;
  return true;
}

/**
 * g_surface of a lead at (E + iη, k = f): unfolded when `unfold` is given and valid, else the full
 * López Sancho decimation.
 */
export function leadSurfaceGreen(lead: LeadBlocks, nb: number, unfold: LeadUnfold | undefined, f: [number, number], E: number, opt: DecimationOptions, reversed?: LeadBlocks): CMat {
  const na = unfold ? unfold.coords.length / 2 : 0;
  if (unfold && na === unfold.n[0] * unfold.n[1] && lead.h00.rows === na * nb && na > 1) {
    const p = projected(lead, nb, unfold, f, na);
    if (p.ok) {
      unfoldStats.unfolded++;
      const g = p.D00.map((h00, pq) => surfaceGreen({ h00, h01: p.D01[pq]! }, E, opt).g);
      return refolded({ U: p.U, g, nb, na }); // folded on first read, registered as unfolded
    }
  }
  unfoldStats.full++;
  if (reversed && isReversed(lead, reversed)) {
    const r = surfaceGreenBoth(lead, E, opt);
    stash.set(r.g, r.gReversed);
    return r.g;
  }
  return surfaceGreen(lead, E, opt).g;
}

/**
 * The unfolded form of a surface Green's function made by leadSurfaceGreen, g = S K diag(g'_pq) K† S
 * with K_{(i,a),(pq,b)} = u_{i,pq} δ_ab and S = diag(sign_a) per orbital a of every atom (the mirrored
 * right lead of paper mode, P g P; no sign: S = I), kept beside the folded matrix so that
 * self-energies need not go through it (unfoldedSelfEnergy).
 */
export interface UnfoldedGreen {
  U: ReturnType<typeof phases>;
  /** g'_pq, nb×nb each */
  g: CMat[];
  nb: number;
  na: number;
  sign?: Int8Array;
}
const unfoldedGreens = new WeakMap<CMat, UnfoldedGreen>();

/** the unfolded form of g (leadSurfaceGreen's result, or a mirrored copy registered by registerMirror), if any */
export function unfoldedOf(g: CMat): UnfoldedGreen | undefined {
  return unfoldedGreens.get(g);
}

/**
 * The folded g of an unfolded one without mirror signs (the same fold as leadSurfaceGreen's: the
 * same bits, made on first read), registered as unfolded: what a compact cache entry (leadCache.ts)
 * hands out again.
 */
export function refolded(u: UnfoldedGreen): CMat {
  if (u.sign) throw new Error('refolded: a mirrored unfolded Green function is rebuilt from its unmirrored one');
  // folded on first read: self-energies use the unfolded blocks (unfoldedSide), and so does absorb.ts
  const b = u.na * u.nb, g = lazyCMat(b, b, () => fold(u.g, u.nb, u.U, u.na));
  unfoldedGreens.set(g, u);
  return g;
}

/** registers `mirror` = P g P (P = diag(parity_a) per orbital a of every atom) as unfolded when g is */
export function registerMirror(g: CMat, mirror: CMat, parity: Int8Array): void {
  const u = unfoldedGreens.get(g);
  if (!u || parity.length !== u.nb) return;
  const sign = Int8Array.from(parity, (p, a) => p * (u.sign ? u.sign[a]! : 1));
  unfoldedGreens.set(mirror, { ...u, sign });
}

/**
 * Per coupling block V (rows × na·nb) and unfolding (one k-point: every energy): `diag`, when V is
 * itself periodic on the primitive cell (its rows a layer of the lead's next cell, atoms in the
 * lead's order: paper mode's outer buffer layer), the blocks w_pq of K† V S K = ⊕ w_pq
 * (circulantBlocks); otherwise W = V S K and W† (made only then).
 */
interface UnfoldedCoupling { U: object; sign: Int8Array | undefined; diag: CMat[] | undefined; diagAdj?: CMat[]; w?: CMat; wAdj?: CMat }
const couplings = new WeakMap<CMat, UnfoldedCoupling>();

const sameSign = (a: Int8Array | undefined, b: Int8Array | undefined) => a === b || (!!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]));

function unfoldedCoupling(v: CMat, u: UnfoldedGreen): UnfoldedCoupling {
  const c = couplings.get(v);
  if (c && c.U === u.U && sameSign(c.sign, u.sign)) return c;
  const diag = circulantBlocks(v, u, u.sign);
  const e: UnfoldedCoupling = { U: u.U, sign: u.sign, diag, ...(diag ? { diagAdj: diag.map(cadjoint) } : {}) };
  couplings.set(v, e);
  return e;
}

/** W = V S K and W† of an unfolded coupling (the W Y path of unfoldedSide), made once */
function couplingW(e: UnfoldedCoupling, v: CMat, u: UnfoldedGreen): { w: CMat; wAdj: CMat } {
  if (e.w && e.wAdj) return { w: e.w, wAdj: e.wAdj };
  const { nb, na } = u, P = u.U.P, rows = v.rows, cols = v.cols, w = cmat(rows, P * nb);
  // W[r, (pq, b)] = Σ_i V[r, (i, b)] · sign_b · u_{i,pq}
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < na; i++) {
      for (let b = 0; b < nb; b++) {
        const s = u.sign ? u.sign[b]! : 1, vr = s * v.re[r * cols + i * nb + b]!, vi = s * v.im[r * cols + i * nb + b]!;
        if (vr === 0 && vi === 0) continue;
        for (let pq = 0; pq < P; pq++) {
          const ur = u.U.re[i * P + pq]!, ui = u.U.im[i * P + pq]!, o = r * P * nb + pq * nb + b;
          w.re[o] += vr * ur - vi * ui;
          w.im[o] += vr * ui + vi * ur;
        }
      }
    }
  }
  e.w = w;
  e.wAdj = cadjoint(w);
  return { w, wAdj: e.wAdj };
}

/**
 * The primitive blocks D_pq of M S (M: na·nb square, rows and columns the unfolding's atoms; S =
 * diag(sign_b) per column orbital, or I) when M S is periodic on the primitive cell, else undefined.
 * Periodic means M_ij S = e^{2πi f·m_ij} B_{r_ij} (fold()'s form: r_ij the residue of n_i − n_j,
 * m_ij its supercell translation): the P blocks B_r are read off atom row 0 and every block (i, j)
 * is checked against them to 1e-12·max(1, max|M|) (as reconstructs()); then
 * D_pq = Σ_r e^{−2πi f'_pq·r} B_r. O((na·nb)²) instead of the two unfolding products.
 */
function circulantBlocks(m: CMat, u: { U: ReturnType<typeof phases>; nb: number; na: number }, sign?: Int8Array): CMat[] | undefined {
  const { U, nb, na } = u, P = U.P, b = na * nb, nn = nb * nb;
  if (m.rows !== b || m.cols !== b || na !== P) return undefined;
  const t = foldTables(U, na), Br = new Float64Array(P * nn), Bi = new Float64Array(P * nn), seen = new Uint8Array(P);
  const sg = Float64Array.from({ length: nb }, (_, c) => (sign ? sign[c]! : 1)), mr = m.re, mi = m.im;
  for (let j = 0; j < na; j++) {
    const r = t.off[j]!, cr = t.mr[j]!, ci = -t.mi[j]!; // conj(e^{2πi f·m_0j}), atom row i = 0
    seen[r] = 1;
    for (let a = 0; a < nb; a++) for (let c = 0; c < nb; c++) {
      const o = a * b + j * nb + c, xr = sg[c]! * mr[o]!, xi = sg[c]! * mi[o]!;
      Br[r * nn + a * nb + c] = cr * xr - ci * xi;
      Bi[r * nn + a * nb + c] = cr * xi + ci * xr;
    }
  }
  if (seen.some((x) => x === 0)) return undefined;
  let big = 1;
  for (let o = 0; o < mr.length; o++) big = Math.max(big, Math.abs(mr[o]!), Math.abs(mi[o]!));
  const tol = 1e-12 * big;
  for (let i = 1; i < na; i++) for (let j = 0; j < na; j++) {
    const ij = i * na + j, r = t.off[ij]! * nn, cr = t.mr[ij]!, ci = t.mi[ij]!;
    for (let a = 0; a < nb; a++) {
      const row = (i * nb + a) * b + j * nb, br = r + a * nb;
      for (let c = 0; c < nb; c++) {
        const x = Br[br + c]!, y = Bi[br + c]!, s = sg[c]!;
        if (Math.abs(s * mr[row + c]! - (cr * x - ci * y)) > tol || Math.abs(s * mi[row + c]! - (cr * y + ci * x)) > tol) return undefined;
      }
    }
  }
  // D_pq = Σ_r e^{−2πi f'_pq·r} B_r, with t.br/bi = e^{2πi f'_pq·r}/P
  const out: CMat[] = [];
  for (let pq = 0; pq < P; pq++) {
    const d = cmat(nb, nb);
    for (let r = 0; r < P; r++) {
      const cr = P * t.br[r * P + pq]!, ci = -P * t.bi[r * P + pq]!;
      for (let e = 0; e < nn; e++) {
        const x = Br[r * nn + e]!, y = Bi[r * nn + e]!;
        d.re[e] += cr * x - ci * y;
        d.im[e] += cr * y + ci * x;
      }
    }
    out.push(d);
  }
  return out;
}

/**
 * Σ = V g V† from the unfolded g: with W = V S K,  Σ = W diag(g'_pq) W† = W Y,  Y_pq = g'_pq (W†)_pq
 * (the nb rows of W† of each pq): P small products and one rows×rows×(na·nb) product, instead of two
 * of them and the fold. When V is periodic too (W = K ⊕ w_pq, unfoldedCoupling), Σ = K ⊕ σ'_pq K†
 * with σ'_pq = w_pq g'_pq w_pq†: 2P products of nb×nb and the fold (≈ 40× less for 3×3 spd).
 * undefined when g has no unfolded form or V does not match it.
 */
export function unfoldedSelfEnergy(v: CMat, g: CMat): CMat | undefined {
  return unfoldedSide(v, g)?.sigma;
}

/**
 * unfoldedSelfEnergy with, for a periodic coupling, the blocks σ'_pq themselves: Γ = K ⊕ γ'_pq K†
 * with γ'_pq = i(σ'_pq − σ'_pq†), so Γ's eigenvalues are those of the P blocks (its rank: P counts
 * of nb×nb instead of one of (P·nb)², caroli.ts openChannels).
 */
export function unfoldedSide(v: CMat, g: CMat): { sigma: CMat; blocks?: CMat[] } | undefined {
  const u = unfoldedGreens.get(g);
  if (!u || v.cols !== u.na * u.nb) return undefined;
  const e = unfoldedCoupling(v, u), diag = e.diag;
  if (diag) {
    unfoldStats.sigmaPeriodic++;
    const blocks = diag.map((d, pq) => cmul(cmul(d, u.g[pq]!), e.diagAdj![pq]!));
    return { sigma: fold(blocks, u.nb, u.U, u.na), blocks };
  }
  unfoldStats.sigmaW++;
  const { wAdj, w } = couplingW(e, v, u);
  const { nb } = u, P = u.U.P, rows = v.rows, y = cmat(P * nb, rows);
  for (let pq = 0; pq < P; pq++) {
    const block = { rows: nb, cols: rows, re: wAdj.re.subarray(pq * nb * rows, (pq + 1) * nb * rows), im: wAdj.im.subarray(pq * nb * rows, (pq + 1) * nb * rows) };
    const yq = cmul(u.g[pq]!, block);
    y.re.set(yq.re, pq * nb * rows);
    y.im.set(yq.im, pq * nb * rows);
  }
  return { sigma: cmul(w, y) };
}

/**
 * The blocks h'_pq of a device block h (na·nb square, its atoms in the unfolding's order) when h is
 * periodic on the primitive cell (it reconstructs from them to 1e-12, as a lead's blocks must), else
 * undefined. For solver/absorb.ts: a buffer layer with one onsite shift for all its atoms.
 */
export function periodicDeviceBlocks(h: CMat, u: UnfoldedGreen): CMat[] | undefined {
  return circulantBlocks(h, u);
}

/** w_pq (and w_pq†) of a coupling V (rows × na·nb) to the lead of the unfolded g when V is periodic (unfoldedCoupling), else undefined. */
export function periodicCoupling(v: CMat, g: CMat): { w: CMat[]; wAdj: CMat[] } | undefined {
  const u = unfoldedGreens.get(g);
  if (!u || v.cols !== u.na * u.nb) return undefined;
  const e = unfoldedCoupling(v, u);
  return e.diag ? { w: e.diag, wAdj: e.diagAdj! } : undefined;
}

/** The folded matrix of primitive blocks (nb×nb each) on the unfolding of `like` (its mirror signs, if any, are not taken), registered as an unfolded g without signs. */
export function foldedGreen(blocks: CMat[], like: UnfoldedGreen): CMat {
  return refolded({ U: like.U, g: blocks, nb: like.nb, na: like.na });
}

/** g of the reversed lead computed with g (leadSurfaceGreen with `reversed`), keyed by that g */
const stash = new WeakMap<CMat, CMat>();

/**
 * right.h00 = left.h00 and right.h01 = left.h01† entry by entry to 1e-12 relative (the right lead is
 * the left one traversed in +z; the slab leads' blocks differ by ~3e-15 eV of position round-off, as
 * the unfolding check of reconstructs() allows).
 */
function isReversed(left: LeadBlocks, right: LeadBlocks): boolean {
  const a = left.h00, b = right.h00, c = left.h01, d = right.h01, n = a.rows;
  if (b.rows !== n || c.rows !== n || d.rows !== n || a.cols !== n || b.cols !== n || c.cols !== n || d.cols !== n) return false;
  const tol = 1e-12 * Math.max(1, cmaxAbs(a), cmaxAbs(c));
  for (let i = 0; i < n * n; i++) if (Math.abs(a.re[i]! - b.re[i]!) > tol || Math.abs(a.im[i]! - b.im[i]!) > tol) return false;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (Math.abs(d.re[i * n + j]! - c.re[j * n + i]!) > tol || Math.abs(d.im[i * n + j]! + c.im[j * n + i]!) > tol) return false;
  return true;
}

/**
 * The right lead's g from the decimation that made the left lead's gL (leadSurfaceGreen with
 * `reversed`), when the right lead is the left one reversed; undefined otherwise (decimate it).
 */
export function reversedSurfaceGreen(gL: CMat, left: LeadBlocks, right: LeadBlocks): CMat | undefined {
  const g = stash.get(gL);
  if (!g || !isReversed(left, right)) return undefined;
  stash.delete(gL);
  return g;
}

interface Projection {
  h00: CMat;
  h01: CMat;
  nb: number;
  unfold: LeadUnfold;
  f: [number, number];
  U: ReturnType<typeof phases>;
  D00: CMat[];
  D01: CMat[];
  ok: boolean;
}
/** the energy-independent part of the unfolding, per lead-blocks object (one k-point, every energy and contour node) */
const projections = new WeakMap<LeadBlocks, Projection>();

/**
 * Phases, primitive blocks and the reconstruction check of a lead at k = f, reused for the same
 * block matrices (lead blocks are not modified once built, as leadSignature's memo assumes: every
 * energy and contour node of one k-point reads the same objects).
 */
function projected(lead: LeadBlocks, nb: number, unfold: LeadUnfold, f: [number, number], na: number): Projection {
  const c = projections.get(lead);
  if (c && c.nb === nb && c.unfold === unfold && c.f[0] === f[0] && c.f[1] === f[1] && c.h00 === lead.h00 && c.h01 === lead.h01) return c;
  const U = phases(unfold, f);
  const D00 = project(lead.h00, nb, U, na), D01 = project(lead.h01, nb, U, na);
  const ok = reconstructs(lead.h00, D00, nb, U, na) && reconstructs(lead.h01, D01, nb, U, na);
  const p: Projection = { h00: lead.h00, h01: lead.h01, nb, unfold, f: [f[0], f[1]], U, D00, D01, ok };
  projections.set(lead, p);
  return p;
}
