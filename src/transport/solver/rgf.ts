/**
 * Block-tridiagonal recursive Green's function (RGF) of the device (transport.md §2.5; Lake, Klimeck,
 * Bowen, Jovanovic, J. Appl. Phys. 81, 7845 (1997); Anantram, Lundstrom, Nikonov, Proc. IEEE 96,
 * 1511 (2008)). Cost linear in the number of blocks: Σ_k O(n_k³) instead of O(N³).
 *
 * Partition (planBlocks): the device orbitals are split into blocks 0..B−1 so that H couples only
 * neighbouring blocks. Block 0 holds every orbital coupled to the left lead; each next block holds
 * the not yet assigned orbitals coupled to the previous one (breadth-first levels of the coupling
 * graph, read off the actual nonzero entries of H, so any hopping range — the tunnelling tail too —
 * is respected); all levels from the first one that touches the right lead on are merged into the
 * last block, which therefore holds every orbital coupled to the right lead. Orbitals not connected
 * to either lead form `free` blocks (decoupled: their G is their own inverse). If the right lead is
 * not reachable from the left one, its component is appended in reverse breadth-first order from
 * the right interface (the junction coupling is zero and T = 0 exactly).
 *
 * With A = z − H − Σ_L − Σ_R (A_{k,k±1} = −H_{k,k±1}), the backward (right-connected) sweep
 *     g_{B−1} = A_{B−1,B−1}⁻¹,   g_k = (A_kk − A_{k,k+1} g_{k+1} A_{k+1,k})⁻¹
 * gives, with G the full device Green's function,
 *     G_00 = g_0,
 *     G_{0,B−1} = g_0 (−A_01) g_1 (−A_12) ⋯ g_{B−1}                 (columns on the right interface),
 *     G_{k+1,0} = −g_{k+1} A_{k+1,k} G_{k,0}                         (columns on the left interface),
 *     G_{k+1,k+1} = g_{k+1} + g_{k+1} A_{k+1,k} G_kk A_{k,k+1} g_{k+1}  (diagonal blocks, Woodbury).
 * Every block inverse is an LU factorization with partial pivoting (linalg/cmat.ts).
 */
import { cluFactor, cluInverse, cluSolve, cmat, cmul, type CMat } from '../linalg/cmat.ts';

/** Row-compressed complex sparse matrix (the inter-block couplings are ~1/3 filled). */
export interface CSparse {
  rows: number;
  cols: number;
  ptr: Int32Array;
  col: Int32Array;
  re: Float64Array;
  im: Float64Array;
}

export interface BlockPlan {
  /** device orbital indices of each chain block, in chain order */
  blocks: Int32Array[];
  /** orbital components coupled to neither chain block (solved on their own) */
  free: Int32Array[];
  /** positions, inside block 0, of the left-interface orbitals (in the given IL order) */
  leftLocal: Int32Array;
  /** positions, inside the last block, of the right-interface orbitals (in the given IR order) */
  rightLocal: Int32Array;
}

/** Neighbour lists of the nonzero off-diagonal pattern of H (orbital level). */
function adjacency(h: CMat): Int32Array[] {
  const n = h.rows, out: Int32Array[] = [];
  const tmp: number[] = [];
  for (let i = 0; i < n; i++) {
    tmp.length = 0;
    for (let j = 0; j < n; j++) if (j !== i && (h.re[i * n + j] !== 0 || h.im[i * n + j] !== 0 || h.re[j * n + i] !== 0 || h.im[j * n + i] !== 0)) tmp.push(j);
    out.push(Int32Array.from(tmp));
  }
  return out;
}

/** Breadth-first levels from `seeds` over the orbitals allowed by `allowed` (−1: not reached). */
function levels(adj: Int32Array[], seeds: number[], allowed: (i: number) => boolean): Int32Array {
  const lev = new Int32Array(adj.length).fill(-1);
  let front = seeds.filter(allowed);
  for (const s of front) lev[s] = 0;
  for (let d = 1; front.length > 0; d++) {
    const next: number[] = [];
    for (const i of front) for (const j of adj[i]!) if (lev[j] === -1 && allowed(j)) (lev[j] = d), next.push(j);
    front = next;
  }
  return lev;
}

function groupBy(lev: Int32Array, members: number[]): number[][] {
  const out: number[][] = [];
  for (const i of members) (out[lev[i]!] ??= []).push(i);
  return out.filter((b) => b && b.length > 0);
}

/** Block-tridiagonal partition of the device (see the file comment). IL, IR: interface orbitals. */
export function planBlocks(h: CMat, IL: number[], IR: number[]): BlockPlan {
  const n = h.rows, adj = adjacency(h);
  const levL = levels(adj, IL, () => true);
  const isR = new Uint8Array(n);
  for (const r of IR) isR[r] = 1;
  const reachedR = IR.filter((r) => levL[r]! >= 0);
  let chain: number[][];
  const inChain = new Uint8Array(n);
  if (reachedR.length > 0) {
    const m = Math.min(...reachedR.map((r) => levL[r]!));
    const left = Array.from({ length: n }, (_, i) => i).filter((i) => levL[i]! >= 0 && levL[i]! < m);
    chain = groupBy(levL, left);
    const last: number[] = [];
    for (let i = 0; i < n; i++) if (levL[i]! >= m) last.push(i);
    // right-interface orbitals the left side cannot reach, with their whole component
    const unreached = IR.filter((r) => levL[r]! < 0);
    if (unreached.length > 0) {
      const levU = levels(adj, unreached, (i) => levL[i]! < 0);
      for (let i = 0; i < n; i++) if (levU[i]! >= 0) last.push(i);
    }
    chain.push(last.sort((a, b) => a - b));
  } else {
    const left = Array.from({ length: n }, (_, i) => i).filter((i) => levL[i]! >= 0);
    chain = groupBy(levL, left);
    const levR = levels(adj, IR, (i) => levL[i]! < 0);
    const right = Array.from({ length: n }, (_, i) => i).filter((i) => levR[i]! >= 0);
    chain.push(...groupBy(levR, right).reverse());
  }
  for (const b of chain) for (const i of b) inChain[i] = 1;
  // decoupled components
  const free: Int32Array[] = [];
  for (let s = 0; s < n; s++) {
    if (inChain[s]) continue;
    const lev = levels(adj, [s], (i) => !inChain[i]);
    const comp: number[] = [];
    for (let i = 0; i < n; i++) if (lev[i]! >= 0) (comp.push(i), (inChain[i] = 1));
    free.push(Int32Array.from(comp));
  }
  const blocks = chain.map((b) => Int32Array.from(b));
  const pos = (b: Int32Array, i: number) => {
    const p = b.indexOf(i);
    if (p < 0) throw new Error(`planBlocks: interface orbital ${i} outside its end block`);
    return p;
  };
  return {
    blocks, free,
    leftLocal: Int32Array.from(IL, (i) => pos(blocks[0]!, i)),
    rightLocal: Int32Array.from(IR, (i) => pos(blocks[blocks.length - 1]!, i)),
  };
}

function dense(h: CMat, rows: Int32Array, cols: Int32Array, scale = 1): CMat {
  const m = cmat(rows.length, cols.length), n = h.cols;
  for (let a = 0; a < rows.length; a++) {
    const r = rows[a]! * n;
    for (let b = 0; b < cols.length; b++) {
      m.re[a * cols.length + b] = scale * h.re[r + cols[b]!]!;
      m.im[a * cols.length + b] = scale * h.im[r + cols[b]!]!;
    }
  }
  return m;
}

/** The whole of m in sparse form (its nonzero entries). */
export function toSparse(m: CMat): CSparse {
  const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
  return sparse(m, all(m.rows), all(m.cols), 1);
}

/** scale · h[rows, cols] in sparse form (its nonzero entries). */
function sparse(h: CMat, rows: Int32Array, cols: Int32Array, scale: number): CSparse {
  const n = h.cols, hr = h.re, hi = h.im, ptr = new Int32Array(rows.length + 1);
  let nnz = 0;
  for (let a = 0; a < rows.length; a++) {
    const r = rows[a]! * n;
    for (let b = 0; b < cols.length; b++) if (hr[r + cols[b]!] !== 0 || hi[r + cols[b]!] !== 0) nnz++;
  }
  const col = new Int32Array(nnz), re = new Float64Array(nnz), im = new Float64Array(nnz);
  let p = 0;
  for (let a = 0; a < rows.length; a++) {
    const r = rows[a]! * n;
    for (let b = 0; b < cols.length; b++) {
      const x = hr[r + cols[b]!]!, y = hi[r + cols[b]!]!;
      if (x !== 0 || y !== 0) (col[p] = b), (re[p] = scale * x), (im[p] = scale * y), p++;
    }
    ptr[a + 1] = p;
  }
  return { rows: rows.length, cols: cols.length, ptr, col, re, im };
}

/** C = S·D (S sparse r×c, D dense c×m; two nonzeros of a row per pass over the row of C). */
export function spMul(s: CSparse, d: CMat): CMat {
  const m = d.cols, c = cmat(s.rows, m), cr = c.re, ci = c.im, dr = d.re, di = d.im, sr = s.re, si = s.im, sc = s.col;
  for (let i = 0; i < s.rows; i++) {
    const o = i * m, end = s.ptr[i + 1]!;
    let p = s.ptr[i]!;
    for (; p + 1 < end; p += 2) {
      const xr = sr[p]!, xi = si[p]!, k = sc[p]! * m, zr = sr[p + 1]!, zi = si[p + 1]!, l = sc[p + 1]! * m;
      for (let j = 0; j < m; j++) {
        const yr = dr[k + j]!, yi = di[k + j]!, wr = dr[l + j]!, wi = di[l + j]!;
        cr[o + j]! += xr * yr - xi * yi + (zr * wr - zi * wi);
        ci[o + j]! += xr * yi + xi * yr + (zr * wi + zi * wr);
      }
    }
    if (p < end) {
      const xr = sr[p]!, xi = si[p]!, k = sc[p]! * m;
      for (let j = 0; j < m; j++) {
        const yr = dr[k + j]!, yi = di[k + j]!;
        cr[o + j]! += xr * yr - xi * yi;
        ci[o + j]! += xr * yi + xi * yr;
      }
    }
  }
  return c;
}

/** C = D·S (D dense m×r, S sparse r×c). */
export function mulSp(d: CMat, s: CSparse): CMat {
  const m = d.rows, r = d.cols, nc = s.cols, c = cmat(m, nc), cr = c.re, ci = c.im, dr = d.re, di = d.im;
  for (let i = 0; i < m; i++) {
    const o = i * nc;
    for (let k = 0; k < r; k++) {
      const xr = dr[i * r + k]!, xi = di[i * r + k]!;
      if (xr === 0 && xi === 0) continue;
      for (let p = s.ptr[k]!; p < s.ptr[k + 1]!; p++) {
        const yr = s.re[p]!, yi = s.im[p]!, j = o + s.col[p]!;
        cr[j] += xr * yr - xi * yi;
        ci[j] += xr * yi + xi * yr;
      }
    }
  }
  return c;
}

/** C = A·B dense (linalg/cmat.ts kernel). */
export const mul = cmul;

/** Owner of every orbital under a plan: chain block index, or −2 − f for free component f. */
export function planOwners(plan: BlockPlan, n: number): Int32Array {
  const owner = new Int32Array(n).fill(-1);
  plan.blocks.forEach((b, k) => b.forEach((i) => (owner[i] = k)));
  plan.free.forEach((b, f) => b.forEach((i) => (owner[i] = -2 - f)));
  return owner;
}

/** Whether every nonzero coupling of h stays inside the plan (neighbouring chain blocks, or within one free component). */
export function planFits(h: CMat, owner: Int32Array): boolean {
  const n = h.rows, re = h.re, im = h.im;
  if (owner.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const oi = owner[i]!;
    for (let j = i + 1; j < n; j++) {
      if (re[i * n + j] === 0 && im[i * n + j] === 0 && re[j * n + i] === 0 && im[j * n + i] === 0) continue;
      const oj = owner[j]!;
      if (oi >= 0 && oj >= 0 ? Math.abs(oi - oj) > 1 : oi !== oj) return false;
    }
  }
  return true;
}

/**
 * The energy-independent part of the device for RGF: −H on the diagonal blocks and the couplings
 * A_{k,k+1} = −H_{k,k+1}, A_{k+1,k} = −H_{k+1,k} (sparse). Build once per k-point, solve at many z.
 */
export interface RgfSystem {
  plan: BlockPlan;
  /** −H_kk */
  diag: CMat[];
  up: CSparse[];
  down: CSparse[];
  freeDiag: CMat[];
  /** total orbitals */
  n: number;
  /** dense copies of `up`, `down` (right-hand sides of the block solves; made on first use) */
  upDense?: CMat[];
  downDense?: CMat[];
  /** the cross-section block of rgfCrossSection (chooseCut), −1 when the G[IL, IR] sweep is cheaper */
  cut: number;
  /** true when two consecutive chain blocks are not coupled at all (no path between the leads: T = 0 exactly) */
  broken: boolean;
}

export function rgfSystem(h: CMat, plan: BlockPlan): RgfSystem {
  const B = plan.blocks;
  const up = B.slice(0, -1).map((b, k) => sparse(h, b, B[k + 1]!, -1));
  return {
    plan,
    n: h.rows,
    diag: B.map((b) => dense(h, b, b, -1)),
    up,
    down: B.slice(0, -1).map((b, k) => sparse(h, B[k + 1]!, b, -1)),
    freeDiag: plan.free.map((b) => dense(h, b, b, -1)),
    cut: chooseCut(plan, up),
    broken: up.some((u) => u.ptr[u.rows] === 0),
  };
}

/**
 * The block c where rgfCrossSection meets (or −1 for the G[IL, IR] sweep of rgfLeftRight), by an
 * estimate of complex multiply–adds per energy: the cross-section pays an LU per block, the solves
 * towards c (n_k² columns of the next block towards c) and at c an inverse plus two Hermitian square
 * roots and the channel eigenvalues on the 2n_c embedding (≈ 20 n_c³); the G[IL, IR] sweep pays the
 * LU solves with n_{k−1} and |IR| columns and the |IL|×|IR| products and eigenvalues of caroli.
 */
function chooseCut(plan: BlockPlan, up: CSparse[]): number {
  const n = plan.blocks.map((b) => b.length), B = n.length, nl = plan.leftLocal.length, nr = plan.rightLocal.length;
  let old = nl * nr * (nl + nr) + 1.5 * nl ** 3;
  for (let k = 0; k < B; k++) old += n[k]! ** 3 / 3 + n[k]! ** 2 * nr + (k > 0 ? n[k]! ** 2 * n[k - 1]! : 0) + (k < B - 1 ? up[k]!.ptr[up[k]!.rows]! * (n[k + 1]! + nr) : 0);
  let best = -1, bestCost = old;
  for (let c = 0; c < B; c++) {
    let cost = (4 / 3 + 20) * n[c]! ** 3;
    for (let k = 0; k < c; k++) cost += n[k]! ** 3 / 3 + n[k]! ** 2 * n[k + 1]! + up[k]!.ptr[up[k]!.rows]! * n[k + 1]!;
    for (let k = c + 1; k < B; k++) cost += n[k]! ** 3 / 3 + n[k]! ** 2 * n[k - 1]! + up[k - 1]!.ptr[up[k - 1]!.rows]! * n[k - 1]!;
    if (cost < bestCost) (best = c), (bestCost = cost);
  }
  return best;
}

/**
 * The device folded onto one block c (the cross-section, usually the narrowest block: the contact
 * atom): the left part (lead L and blocks 0..c−1) and the right part (blocks c+1..B−1 and lead R)
 * become effective self-energies on c,
 *     Ã_0 = A_00,  Ã_{k+1} = A_{k+1,k+1} − S_{k+1},  S_{k+1} = A_{k+1,k} Ã_k⁻¹ A_{k,k+1}   (S^L_c = S_c),
 * and the same from the right end; at c = 0 (c = B−1) the lead's own Σ_L (Σ_R) is the left (right)
 * part. G_cc = (A_cc − S^L − S^R)⁻¹ is the full device Green's function on c. The interior is
 * lossless (z = E + i·0), so i(g − g†) = g Γ g† on each part and the transmission through any
 * cross-section is the Landauer–Caroli one (Fisher & Lee, PRB 23, 6851 (1981)):
 *     T = Tr[Γ_L G_LR Γ_R G_LR†] = Tr[Γ̃_L G_cc Γ̃_R G_cc†],   Γ̃_X = i(S^X − S^X†),
 * and t = Γ_L^½ G_LR Γ_R^½ = X G_cc Y with X†X = Γ̃_L, YY† = Γ̃_R, so the nonzero eigenchannel
 * transmissions are those of Γ̃_L^½ G_cc Γ̃_R G_cc† Γ̃_L^½. Only valid without device broadening.
 */
export interface CrossSection {
  /** G_cc */
  g: CMat;
  /** S^L, S^R on block c */
  sigL: CMat;
  sigR: CMat;
}

export function rgfCrossSection(sys: RgfSystem, zr: number, sigL: CMat, sigR: CMat): CrossSection {
  const { plan, diag, up, down } = sys, B = plan.blocks.length, c = sys.cut < 0 ? 0 : sys.cut;
  const upD = (sys.upDense ??= up.map(denseOf)), downD = (sys.downDense ??= down.map(denseOf));
  let S: CMat | null = null;
  for (let k = 0; k < c; k++) {
    const a = blockA(diag[k]!, zr, 0, k === 0 ? [[sigL, plan.leftLocal]] : []);
    if (S) subInPlace(a, S);
    S = couplingTimes(down[k]!, downD[k]!, cluSolve(cluFactor(a, true), upD[k]!)); // A_{k+1,k} Ã_k⁻¹ A_{k,k+1}
  }
  let R: CMat | null = null;
  for (let k = B - 1; k > c; k--) {
    const a = blockA(diag[k]!, zr, 0, k === B - 1 ? [[sigR, plan.rightLocal]] : []);
    if (R) subInPlace(a, R);
    R = couplingTimes(up[k - 1]!, upD[k - 1]!, cluSolve(cluFactor(a, true), downD[k - 1]!)); // A_{k−1,k} Ã_k⁻¹ A_{k,k−1}
  }
  const n = diag[c]!.rows;
  const sl = S ?? embed(sigL, plan.leftLocal, n), sr = R ?? embed(sigR, plan.rightLocal, n);
  const a = blockA(diag[c]!, zr, 0, []);
  subInPlace(a, sl);
  subInPlace(a, sr);
  return { g: inverse(a), sigL: sl, sigR: sr };
}

/** m (|at|×|at|) placed at the positions `at` of an n×n zero matrix */
function embed(m: CMat, at: Int32Array, n: number): CMat {
  const out = cmat(n, n), k = at.length;
  for (let p = 0; p < k; p++) for (let q = 0; q < k; q++) {
    out.re[at[p]! * n + at[q]!] = m.re[p * k + q]!;
    out.im[at[p]! * n + at[q]!] = m.im[p * k + q]!;
  }
  return out;
}

export interface RgfWant {
  /** G[IL, IR] (|IL|×|IR|, interface orders as given to planBlocks) */
  lr?: boolean;
  /** G[IR, IL] */
  rl?: boolean;
  /** diagonal of G over all device orbitals */
  diag?: boolean;
  /** with diag: also the full first and last diagonal blocks G_00, G_{B−1,B−1} (absorb.ts: the rows next to an absorbed layer) */
  ends?: boolean;
}

export interface RgfResult {
  gLR?: CMat;
  gRL?: CMat;
  /** diag G (re, im), indexed by device orbital */
  diagRe?: Float64Array;
  diagIm?: Float64Array;
  /** G_00 and G_{B−1,B−1} in the blocks' own orbital order (want.ends) */
  first?: CMat;
  last?: CMat;
}

/** A⁻¹ of a temporary A (its storage takes the LU factors) */
const inverse = (a: CMat): CMat => cluInverse(cluFactor(a, true));

/**
 * Products with a coupling block S (sparse S_k and its dense copy): the dense kernel (cmul, four
 * rows per pass) wherever S is at least a quarter filled (the spd couplings between neighbouring
 * blocks are ~60 % filled, where it is ~2× the sparse kernels), else the sparse one.
 */
const DENSE_FILL = 0.25;
/** whether a rows×cols coupling with nnz nonzeros takes the dense kernel */
export const denseEnough = (nnz: number, rows: number, cols: number) => nnz >= DENSE_FILL * rows * cols;
const filled = (s: CSparse) => denseEnough(s.ptr[s.rows]!, s.rows, s.cols);
/** S·D */
export function couplingTimes(s: CSparse, sd: CMat, d: CMat): CMat {
  return filled(s) ? cmul(sd, d) : spMul(s, d);
}
/** D·S */
export function timesCoupling(d: CMat, s: CSparse, sd: CMat): CMat {
  return filled(s) ? cmul(d, sd) : mulSp(d, s);
}

/** A_kk = z + (−H_kk) − Σ (Σ on the interface positions `at`). */
function blockA(minusH: CMat, zr: number, zi: number, sigmas: [CMat, Int32Array][]): CMat {
  const n = minusH.rows, a = { rows: n, cols: n, re: minusH.re.slice(), im: minusH.im.slice() };
  for (let i = 0; i < n; i++) (a.re[i * n + i] += zr), (a.im[i * n + i] += zi);
  for (const [s, at] of sigmas) {
    const m = at.length;
    for (let p = 0; p < m; p++) for (let q = 0; q < m; q++) {
      a.re[at[p]! * n + at[q]!] -= s.re[p * m + q]!;
      a.im[at[p]! * n + at[q]!] -= s.im[p * m + q]!;
    }
  }
  return a;
}

/** In place: a −= b. */
function subInPlace(a: CMat, b: CMat): void {
  for (let i = 0; i < a.re.length; i++) (a.re[i] -= b.re[i]!), (a.im[i] -= b.im[i]!);
}

/**
 * Solves at z = zr + i·zi with the left/right self-energies sigL (|IL|×|IL|) and sigR (|IR|×|IR|).
 */
export function rgfSolve(sys: RgfSystem, zr: number, zi: number, sigL: CMat, sigR: CMat, want: RgfWant): RgfResult {
  if (want.lr && !want.rl && !want.diag) return { gLR: rgfLeftRight(sys, zr, zi, sigL, sigR) };
  const { plan, diag, up, down } = sys, B = plan.blocks.length;
  const upD = (sys.upDense ??= up.map(denseOf)), downD = (sys.downDense ??= down.map(denseOf));
  const g: CMat[] = new Array(B);
  /** Y_k = g_{k+1} A_{k+1,k} (backward sweep; reused for the diagonal blocks) */
  const Y: CMat[] = new Array(Math.max(0, B - 1));
  // backward sweep
  for (let k = B - 1; k >= 0; k--) {
    const sig: [CMat, Int32Array][] = [];
    if (k === 0) sig.push([sigL, plan.leftLocal]);
    if (k === B - 1) sig.push([sigR, plan.rightLocal]);
    const a = blockA(diag[k]!, zr, zi, sig);
    if (k < B - 1) {
      Y[k] = timesCoupling(g[k + 1]!, down[k]!, downD[k]!);
      subInPlace(a, couplingTimes(up[k]!, upD[k]!, Y[k]!));
    }
    g[k] = inverse(a);
  }
  const out: RgfResult = {};
  if (want.lr) {
    // Q_{B−1} = g_{B−1}[:, IR];  Q_k = g_k (−A_{k,k+1}) Q_{k+1};  G[IL, IR] = Q_0[IL_local, :]
    const last = g[B - 1]!, nr = plan.rightLocal.length;
    let q = cmat(last.rows, nr);
    for (let i = 0; i < last.rows; i++) for (let j = 0; j < nr; j++) {
      q.re[i * nr + j] = last.re[i * last.cols + plan.rightLocal[j]!]!;
      q.im[i * nr + j] = last.im[i * last.cols + plan.rightLocal[j]!]!;
    }
    for (let k = B - 2; k >= 0; k--) {
      const t = couplingTimes(up[k]!, upD[k]!, q);
      for (let i = 0; i < t.re.length; i++) (t.re[i] = -t.re[i]!), (t.im[i] = -t.im[i]!);
      q = mul(g[k]!, t);
    }
    out.gLR = rowsOf(q, plan.leftLocal);
  }
  if (want.rl) {
    // P_0 = G_00[:, IL];  P_{k+1} = −g_{k+1} A_{k+1,k} P_k;  G[IR, IL] = P_{B−1}[IR_local, :]
    const first = g[0]!, nl = plan.leftLocal.length;
    let p = cmat(first.rows, nl);
    for (let i = 0; i < first.rows; i++) for (let j = 0; j < nl; j++) {
      p.re[i * nl + j] = first.re[i * first.cols + plan.leftLocal[j]!]!;
      p.im[i * nl + j] = first.im[i * first.cols + plan.leftLocal[j]!]!;
    }
    for (let k = 0; k < B - 1; k++) {
      const t = couplingTimes(down[k]!, downD[k]!, p);
      for (let i = 0; i < t.re.length; i++) (t.re[i] = -t.re[i]!), (t.im[i] = -t.im[i]!);
      p = mul(g[k + 1]!, t);
    }
    out.gRL = rowsOf(p, plan.rightLocal);
  }
  if (want.diag) {
    const dr = new Float64Array(sys.n), di = new Float64Array(sys.n);
    const put = (m: CMat, idx: Int32Array) => idx.forEach((o, a) => ((dr[o] = m.re[a * m.cols + a]!), (di[o] = m.im[a * m.cols + a]!)));
    let G = g[0]!;
    put(G, plan.blocks[0]!);
    if (want.ends) {
      out.first = G;
      if (B === 1) out.last = G;
    }
    for (let k = 0; k < B - 1; k++) {
      const gk = g[k + 1]!;
      const X = mul(Y[k]!, G); // g_{k+1} A_{k+1,k} G_kk
      const Z = couplingTimes(up[k]!, upD[k]!, gk); // A_{k,k+1} g_{k+1}
      const diagOnly = k + 1 === B - 1 && !want.ends;
      if (diagOnly) {
        // only the diagonal of the last block: diag(g + X Z)
        const n = gk.rows, m = X.cols;
        const idx = plan.blocks[k + 1]!;
        for (let a = 0; a < n; a++) {
          let sr = gk.re[a * n + a]!, si = gk.im[a * n + a]!;
          for (let c = 0; c < m; c++) {
            const xr = X.re[a * m + c]!, xi = X.im[a * m + c]!, zr2 = Z.re[c * n + a]!, zi2 = Z.im[c * n + a]!;
            sr += xr * zr2 - xi * zi2;
            si += xr * zi2 + xi * zr2;
          }
          dr[idx[a]!] = sr;
          di[idx[a]!] = si;
        }
      } else {
        const XZ = mul(X, Z);
        for (let i = 0; i < XZ.re.length; i++) (XZ.re[i] += gk.re[i]!), (XZ.im[i] += gk.im[i]!);
        G = XZ;
        put(G, plan.blocks[k + 1]!);
        if (want.ends && k + 1 === B - 1) out.last = G;
      }
    }
    sys.freeDiag.forEach((mh, f) => put(inverse(blockA(mh, zr, zi, [])), plan.free[f]!));
    out.diagRe = dr;
    out.diagIm = di;
  }
  return out;
}

/**
 * G[IL, IR] alone (transmission): the same backward sweep with LU solves instead of inverses,
 *     X_{k+1} = g_{k+1} A_{k+1,k} = LU_{k+1} \ A_{k+1,k},   Σ_k = A_{k,k+1} X_{k+1},
 *     Q_{B−1} = LU_{B−1} \ I[:, IR],   Q_k = −LU_k \ (A_{k,k+1} Q_{k+1}).
 */
function rgfLeftRight(sys: RgfSystem, zr: number, zi: number, sigL: CMat, sigR: CMat): CMat {
  const { plan, diag, up, down } = sys, B = plan.blocks.length;
  const upD = (sys.upDense ??= up.map(denseOf)), downD = (sys.downDense ??= down.map(denseOf));
  let X: CMat | null = null, Q: CMat | null = null;
  for (let k = B - 1; k >= 0; k--) {
    const sig: [CMat, Int32Array][] = [];
    if (k === 0) sig.push([sigL, plan.leftLocal]);
    if (k === B - 1) sig.push([sigR, plan.rightLocal]);
    const a = blockA(diag[k]!, zr, zi, sig);
    if (X) subInPlace(a, couplingTimes(up[k]!, upD[k]!, X));
    const lu = cluFactor(a, true);
    if (k === B - 1) {
      const nr = plan.rightLocal.length, e = cmat(a.rows, nr);
      plan.rightLocal.forEach((r, j) => (e.re[r * nr + j] = 1));
      Q = cluSolve(lu, e);
    } else {
      const t = couplingTimes(up[k]!, upD[k]!, Q!);
      for (let i = 0; i < t.re.length; i++) (t.re[i] = -t.re[i]!), (t.im[i] = -t.im[i]!);
      Q = cluSolve(lu, t);
    }
    X = k > 0 ? cluSolve(lu, downD[k - 1]!) : null;
  }
  return rowsOf(Q!, plan.leftLocal);
}

function denseOf(s: CSparse): CMat {
  const m = cmat(s.rows, s.cols);
  for (let i = 0; i < s.rows; i++) for (let p = s.ptr[i]!; p < s.ptr[i + 1]!; p++) (m.re[i * s.cols + s.col[p]!] = s.re[p]!), (m.im[i * s.cols + s.col[p]!] = s.im[p]!);
  return m;
}

function rowsOf(m: CMat, rows: Int32Array): CMat {
  const c = cmat(rows.length, m.cols);
  for (let a = 0; a < rows.length; a++) for (let j = 0; j < m.cols; j++) {
    c.re[a * m.cols + j] = m.re[rows[a]! * m.cols + j]!;
    c.im[a * m.cols + j] = m.im[rows[a]! * m.cols + j]!;
  }
  return c;
}
