/**
 * Self-consistent local charge neutrality (LCN) of the device atoms (Cuevas, Levy Yeyati,
 * Martín-Rodero, PRL 80, 1066 (1998); Pauly et al., PRB 74, 235106 (2006)): every device atom i gets
 * a rigid onsite shift φ_i of all its orbitals, iterated until its electron count from the device
 * Green's function equals the bulk valence (11 e for spd Ag) within `tol` (default 0.01 e).
 *
 * Charge on the imaginary axis (orthogonal basis, zero temperature, transport.md §2.7.6):
 *     N_i = 2 Σ_{a∈i} [ 1/2 + (1/π) ∫_0^∞ Re G_aa(E_F + i y) dy ],   G = (z − H_DD − Σ_L(z) − Σ_R(z))⁻¹,
 * k-averaged over the transverse grid. Substituting y = w·tan θ makes the integrand finite on
 * θ ∈ [0, π/2] (Re G ~ (E_F − ⟨ε⟩)/y² at large y); Gauss–Legendre in θ, `nodes` points (default
 * CONTOUR_NODES = 10) at width w (default CONTOUR_WIDTH = 4 eV). Measured (bench/neutralityNodes.ts,
 * spd-pbe, paper mode, 4×4 charge grid): max_i |N_i − N_i(48 nodes, w = 2 eV)| in e at the shifts
 * solved with 32 nodes, and the change of T(E_F) between the loop solved with 12 nodes at 2 eV (the
 * former default) and with the current contour —
 *     structure                               n=8,w=2   n=12,w=2   n=8,w=3   n=10,w=4   ΔT/T
 *     single atom in the fcc hollow           6.1e-5    4.2e-7     4.9e-5    4.3e-5     −3e-5
 *     2-atom chain                            6.1e-5    4.1e-7     1.5e-5    9.0e-6     +4e-5
 *     3-atom chain                            6.0e-5    4.2e-7     4.9e-5    3.0e-5     −1e-5
 *     bench snapshot (single-atom bridge)     6.0e-5    8.1e-7     1.5e-5    1.2e-5     +4e-5
 *     bench snapshot ±0.1 Å                   6.1e-5    7.9e-7     1.5e-5    1.1e-5     +3e-5
 *     MD rewire_run_default_step1000          6.2e-5    5.0e-7     3.2e-5    2.8e-5     −1e-5
 *     MD rewire_widening_step14000            7.9e-3    7.1e-4     1.7e-3    4.0e-4     −5e-4
 * (the widening snapshot holds a compressed deposited atom, φ = +0.59 eV, whose broad local
 * spectrum needs nodes at large y). 8 nodes at w = 2 eV fail there; 10 nodes at 4 eV stay 25×
 * below the 0.01 e tolerance everywhere, at 5/6 of the cost of the former 12 at 2 eV.
 * Far nodes (y ≥ LOCAL_FROM = 8 eV: 4 of the 10, in paper mode's 3×3 cell) take one k-point instead of the grid, where the
 * Green's function is local (bench/neutralityLocal.ts, same structures, 4×4 charge grid: 52 instead
 * of 80 (k, node) pairs; max |ΔN_i| against the whole grid 5.6–5.9e-5 e, 2.2e-4 e on the widening
 * snapshot; T(E_F) within 3e-5 relative. From 3 eV instead: 2–5e-3 e and up to 0.55 % in T, not used).
 * Lead self-energies at these complex energies are cached (same energies for every snapshot).
 * Update: Broyden's method on F(φ) = N(φ) − N0 with initial inverse Jacobian −1/c (c = 1 e/eV),
 * steps capped at 1 eV per atom; warm start from the previous snapshot (atom by atom, nearest
 * previous atom within 0.7 Å) or, without one, from the model's coordination guess.
 */
import { RewireError } from '../core/errors.ts';
import { cinverse, cmat, csub, type CMat } from './linalg/cmat.ts';
import { blocksAtK, kGrid, type PreparedGeometry } from './device/blocks.ts';
import { interfaceRows, rgfFor, selfEnergy, selfEnergyBlocks } from './solver/caroli.ts';
import { rgfSolve } from './solver/rgf.ts';
import { absorbedGreens, absorbedLayerDiagonal, absorberAtK, type Absorption } from './solver/absorb.ts';
import { LeadGreenCache } from './solver/leadCache.ts';
import { leadGreens } from './leadGreens.ts';
import { irreducibleK } from './kpoints.ts';

export interface NeutralityOptions {
  kpoints: [number, number];
  /** e per atom, default 0.01 */
  tol?: number;
  maxIter?: number;
  /** contour (ChargeOptions.nodes, .width, .localFrom) */
  nodes?: number;
  width?: number;
  localFrom?: number;
  /** initial shifts per device atom, eV */
  start?: Float64Array;
}

export interface NeutralityResult {
  shifts: Float64Array;
  charges: Float64Array;
  iterations: number;
  maxError: number;
  /** the groups of the geometry's tiedShifts kept one shift each (false: untied, or none given) */
  tied?: boolean;
}

/** the imaginary-axis contour: Gauss–Legendre nodes and the width w of y = w·tan θ (eV); accuracy table in the file comment */
export const CONTOUR_NODES = 10;
export const CONTOUR_WIDTH = 4;
/**
 * Far from the real axis the Green's function is local: G(E_F + iy) = Σ_n (H − E_F)^n / (iy)^{n+1},
 * and its k-dependence enters only through paths that reach an atom's own lateral images, of at
 * least n hops of at most the hopping cutoff r_c each, i.e. at relative order (t/y)^n with
 * n ≥ L / r_c (L the shortest lateral period). So for a cell with L ≥ LOCAL_MIN_PERIOD·r_c (n ≥ 2;
 * paper mode's 8.67 Å 3×3 cell: spd-pbe r_c = 4.85 Å, s 4.5 Å) nodes with y ≥ LOCAL_FROM take the
 * first irreducible k-point alone, with the whole grid's weight (measured charge change in the file
 * comment). Narrower cells (a 1×1 or 2×2 Ag(111) cell: an atom's images are one hop away) keep the
 * whole grid at every node.
 */
export const LOCAL_FROM = 8;
export const LOCAL_MIN_PERIOD = 1.75;

/** y (eV) from which a node takes one k-point: opt.localFrom, else LOCAL_FROM for cells wide enough, else Infinity (also without lateral periodicity: one k anyway) */
function localFrom(prep: PreparedGeometry, opt: ChargeOptions): number {
  if (opt.localFrom !== undefined) return opt.localFrom;
  const lat = prep.geometry.lateral;
  if (!lat) return Infinity;
  const [A1, A2] = lat, len = (v: number[]) => Math.hypot(v[0]!, v[1]!, v[2]!);
  const L = Math.min(len(A1), len(A2), len(A1.map((x, i) => x - A2[i]!)), len(A1.map((x, i) => x + A2[i]!)));
  return L >= LOCAL_MIN_PERIOD * prep.model.cutoff ? LOCAL_FROM : Infinity;
}

/** The contour nodes y_q (eV) and their weights dy (Jacobian × Gauss–Legendre weight). */
function contour(opt: ChargeOptions): { y: Float64Array; jac: Float64Array } {
  const w0 = opt.width ?? CONTOUR_WIDTH, nq = opt.nodes ?? CONTOUR_NODES;
  const { x: th, w: wt } = gaussLegendre(nq, 0, Math.PI / 2);
  return { y: th.map((t) => w0 * Math.tan(t)), jac: th.map((t, q) => (w0 / Math.cos(t) ** 2) * wt[q]!) };
}

/** Gauss–Legendre nodes/weights on [a, b] (Newton on P_n, Golub-free; n ≤ 64). */
export function gaussLegendre(n: number, a: number, b: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n), w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5)), dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1, p1 = z;
      for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * z * p1 - (k - 1) * p0) / k];
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-15) break;
    }
    x[i] = 0.5 * (a + b) + 0.5 * (b - a) * -z;
    w[i] = ((b - a) / ((1 - z * z) * dp * dp));
  }
  return { x, w };
}

/** g(E_F + iy, k) of the leads at the contour nodes, shared by every snapshot (checked against the lead blocks) */
export const contourCache = new LeadGreenCache(256 * 1024 * 1024);
export function clearNeutralityCache(): void {
  contourCache.clear();
}

/** Electrons per device atom (both spins) for the given onsite shifts. */
export interface ChargeOptions {
  kpoints: [number, number];
  /** Gauss–Legendre nodes on the imaginary axis (default CONTOUR_NODES) */
  nodes?: number;
  /** w of y = w·tan θ, eV (default CONTOUR_WIDTH) */
  width?: number;
  /** nodes with y ≥ this (eV) take one k-point instead of the grid (default: LOCAL_FROM for cells at least LOCAL_MIN_PERIOD hopping cutoffs wide; Infinity: the whole grid at every node) */
  localFrom?: number;
  /** 'rgf' (default): diagonal blocks of G by the recursive Green's function; 'dense': full inverse (reference) */
  solver?: 'rgf' | 'dense';
}

export function deviceCharges(prep: PreparedGeometry, shifts: Float64Array, opt: ChargeOptions): Float64Array {
  const orb = orbitalCharges(prep, shifts, opt), nb = prep.model.norb, out = new Float64Array(orb.length / nb);
  for (let i = 0; i < out.length; i++) for (let a = 0; a < nb; a++) out[i]! += orb[i * nb + a]!;
  return out;
}

/** The (k-point, contour node) pairs of a charge evaluation, in a fixed order (the unit of work spread over threads). */
export function chargePairs(prep: PreparedGeometry, opt: ChargeOptions): [number, number][] {
  const nk = irreducibleK(kGrid(opt.kpoints, prep.geometry.lateral !== null)).length, { y } = contour(opt), yl = localFrom(prep, opt);
  const out: [number, number][] = [];
  for (let ik = 0; ik < nk; ik++) for (let q = 0; q < y.length; q++) if (ik === 0 || y[q]! < yl) out.push([ik, q]);
  return out;
}

/**
 * Σ over the given (k, node) pairs of w_k·w_q·Re G_aa(E_F + i y_q, k)/π per device orbital (the
 * k weights normalized over the whole grid): orbital charges are 2(½ + Σ over all pairs).
 */
export function orbitalChargeSums(prep: PreparedGeometry, shifts: Float64Array, opt: ChargeOptions, pairs = chargePairs(prep, opt)): Float64Array {
  const nb = prep.model.norb, na = prep.geometry.device.length / 3, N = na * nb;
  const EF = prep.model.fermiEnergy, { y: ys, jac: jacs } = contour(opt), yl = localFrom(prep, opt);
  const ks = irreducibleK(kGrid(opt.kpoints, prep.geometry.lateral !== null));
  const wsum = ks.reduce((a, k) => a + k.w, 0);
  const acc = new Float64Array(N);
  const dense = opt.solver === 'dense';
  for (let ik = 0; ik < ks.length; ik++) {
    const nodes = pairs.filter(([k]) => k === ik).map(([, q]) => q);
    if (nodes.length === 0) continue;
    const { f, w } = ks[ik]!;
    const b = blocksAtK(prep, f);
    const perOrbital = shifts.length === N;
    for (let i = 0; i < na; i++) for (let a = 0; a < nb; a++) b.hDD.re[(i * nb + a) * N + i * nb + a]! += perOrbital ? shifts[i * nb + a]! : shifts[i]!;
    // the whole device's RGF system when a node needs it; a periodic outer layer joins its lead (solver/absorb.ts), decided at the first node
    let full: ReturnType<typeof rgfFor> | undefined;
    const sys = () => (full ??= rgfFor(b, prep.hDD));
    const absorber = absorberAtK(b, prep, dense ? 0 : nodes.length);
    const IL = interfaceRows(b.left.vDL), IR = interfaceRows(b.right.vDL);
    for (const q of nodes) {
      const y = ys[q]!, jac = jacs[q]!;
      const key = `${prep.model.name}|${f[0]},${f[1]}|${y.toPrecision(12)}`; // with the lead blocks' content (leadSignature)
      const { gL, gR } = leadGreens(prep, b, f, EF, y, contourCache, key);
      // a local node (y ≥ localFrom) is taken at the first k-point alone, with the whole grid's weight
      const wq = ((y >= yl ? 1 : w / wsum) * jac) / Math.PI;
      if (dense) {
        const A = cmat(N, N);
        for (let i = 0; i < N * N; i++) (A.re[i] = -b.hDD.re[i]!), (A.im[i] = -b.hDD.im[i]!);
        for (let i = 0; i < N; i++) (A.re[i * N + i]! += EF), (A.im[i * N + i]! += y);
        selfEnergyBlocks(b, gL, gR, A);
        const G = cinverse(A);
        for (let i = 0; i < N; i++) acc[i]! += wq * G.re[i * N + i]!;
      } else {
        const absorbed = absorber(gL, gR), d = absorbed ? absorbedDiagonal(absorbed.a, absorbed.rgf, gL, gR, EF, y) : undefined;
        if (d) for (let i = 0; i < N; i++) acc[i]! += wq * d[i]!;
        else {
          const r = rgfSolve(sys(), EF, y, selfEnergy(b.left, gL, IL), selfEnergy(b.right, gR, IR), { diag: true });
          for (let i = 0; i < N; i++) acc[i]! += wq * r.diagRe![i]!;
        }
      }
    }
  }
  return acc;
}

/**
 * Re diag G of the whole device at z = E_F + i y through the absorbed layers (solver/absorb.ts):
 * the reduced device's diagonal, and each absorbed layer's from its Dyson equation on the rows next
 * to it; undefined when a layer's coupling to the rest is not periodic (then solve the whole device).
 */
function absorbedDiagonal(a: Absorption, sys: ReturnType<typeof rgfFor>, gL: CMat, gR: CMat, EF: number, y: number): Float64Array | undefined {
  const eff = absorbedGreens(a, gL, gR, EF, y);
  if (!eff) return undefined;
  const d = a.blocks, IL = interfaceRows(d.left.vDL), IR = interfaceRows(d.right.vDL);
  const r = rgfSolve(sys, EF, y, selfEnergy(d.left, eff.gL, IL), selfEnergy(d.right, eff.gR, IR), { diag: true, ends: true });
  const out = new Float64Array(a.full.hDD.rows);
  a.keep.forEach((o, i) => (out[o] = r.diagRe![i]!));
  const sides = [[a.left, d.left.vDL, r.first!, sys.plan.leftLocal, eff.blocks[0], gL], [a.right, d.right.vDL, r.last!, sys.plan.rightLocal, eff.blocks[1], gR]] as const;
  for (const [layer, v, G, at, blocks, g] of sides) {
    if (!layer || !blocks) continue;
    const gJJ = csub(G, at, at), diag = absorbedLayerDiagonal(gJJ, v, blocks, g);
    if (!diag) return undefined;
    layer.rows.forEach((o, i) => (out[o] = diag.re[i]!));
  }
  return out;
}

/** Electrons per device orbital (both spins); `shifts` per atom, or per orbital when its length is the orbital count. */
export function orbitalCharges(prep: PreparedGeometry, shifts: Float64Array, opt: ChargeOptions): Float64Array {
  return orbitalChargeSums(prep, shifts, opt).map((x) => 2 * (0.5 + x));
}

/** Orbital charge sums → electrons per atom. */
export function atomCharges(sums: Float64Array, nb: number): Float64Array {
  const out = new Float64Array(sums.length / nb);
  for (let i = 0; i < out.length; i++) for (let a = 0; a < nb; a++) out[i]! += 2 * (0.5 + sums[i * nb + a]!);
  return out;
}

/**
 * Broyden iteration as a generator: yields the shifts to evaluate, receives their charges, returns
 * the solution. One core for the single-threaded and the threaded (async) drivers.
 * `vars` maps each atom to its unknown (a tied group shares one: its residual is the group's mean
 * charge error); convergence is always every atom within tol. When the unknowns are converged to
 * tol/10 and a tied atom is still off by tol or more — or sooner, when a tied group is within tol on
 * average but its atoms spread by tol or more about that mean — it returns with `tied: false` and
 * the caller unties (solveTied).
 */
function* broyden(na: number, N0: number, tol: number, maxIter: number, start: Float64Array | undefined, vars?: Int32Array, startCharges?: Float64Array): Generator<Float64Array, NeutralityResult, Float64Array> {
  const map = vars ?? Int32Array.from({ length: na }, (_, i) => i);
  const nv = map.reduce((m, v) => Math.max(m, v + 1), 0), size = new Float64Array(nv);
  for (const v of map) size[v]! += 1;
  /** per-unknown residual: the mean of its atoms' errors */
  const reduce = (e: Float64Array) => {
    const r = new Float64Array(nv);
    for (let i = 0; i < na; i++) r[map[i]!]! += e[i]! / size[map[i]!]!;
    return r;
  };
  const expand = (v: Float64Array) => Float64Array.from(map, (k) => v[k]!);
  /** a tied group already within tol on average whose atoms spread by tol or more about its mean: one shift cannot bring them all within tol */
  const hopelessTie = (e: Float64Array, f: Float64Array) => {
    const spread = new Float64Array(nv);
    for (let i = 0; i < na; i++) if (size[map[i]!]! > 1) spread[map[i]!] = Math.max(spread[map[i]!]!, Math.abs(e[i]! - f[map[i]!]!));
    for (let v = 0; v < nv; v++) if (size[v]! > 1 && Math.abs(f[v]!) < tol && spread[v]! >= tol) return true;
    return false;
  };
  // unknowns from the start: the mean over each group
  let x = reduce(start ? Float64Array.from(start) : new Float64Array(na));
  // the charges at the start when the caller has them (solveTied untying at the point it stopped)
  let q = startCharges ?? (yield expand(x));
  let E = q.map((y) => y - N0), F = reduce(E);
  // inverse Jacobian estimate H ≈ (dF/dφ)⁻¹, dN/dφ ≈ −c
  const c = 1;
  let H = new Float64Array(nv * nv);
  for (let i = 0; i < nv; i++) H[i * nv + i] = -1 / c;
  for (let it = 1; it <= maxIter; it++) {
    const err = Math.max(...E.map(Math.abs));
    if (err < tol) return { shifts: expand(x), charges: q, iterations: it - 1, maxError: err, tied: !!vars };
    if (vars && (Math.max(...F.map(Math.abs)) < tol / 10 || hopelessTie(E, F))) return { shifts: expand(x), charges: q, iterations: it - 1, maxError: err, tied: false };
    const step = new Float64Array(nv);
    for (let i = 0; i < nv; i++) {
      let s = 0;
      for (let j = 0; j < nv; j++) s += H[i * nv + j]! * F[j]!;
      step[i] = -s;
    }
    const big = Math.max(...step.map(Math.abs));
    if (big > 1) for (let i = 0; i < nv; i++) step[i]! /= big;
    x = x.map((y, i) => y + step[i]!);
    const qNew = yield expand(x);
    const ENew = qNew.map((y) => y - N0), FNew = reduce(ENew);
    // good Broyden: H += (dφ − H dF) dφᵀ H / (dφᵀ H dF)
    const dF = FNew.map((y, i) => y - F[i]!);
    const HdF = new Float64Array(nv), dphiH = new Float64Array(nv);
    for (let i = 0; i < nv; i++) for (let j = 0; j < nv; j++) (HdF[i]! += H[i * nv + j]! * dF[j]!), (dphiH[j]! += step[i]! * H[i * nv + j]!);
    let den = 0;
    for (let i = 0; i < nv; i++) den += step[i]! * HdF[i]!;
    if (Math.abs(den) > 1e-12) {
      const Hn = H.slice();
      for (let i = 0; i < nv; i++) for (let j = 0; j < nv; j++) Hn[i * nv + j]! += ((step[i]! - HdF[i]!) * dphiH[j]!) / den;
      H = Hn;
    }
    q = qNew;
    E = ENew;
    F = FNew;
  }
  const err = Math.max(...E.map(Math.abs));
  if (err < tol) return { shifts: expand(x), charges: q, iterations: maxIter, maxError: err, tied: !!vars };
  throw new RewireError('charge neutrality', `not converged after ${maxIter} iterations (max |N_i − ${N0}| = ${err.toFixed(3)} e)`, 'check the structure (isolated atoms?) or raise maxIter');
}

/** atom → unknown of the geometry's tied groups (one unknown per group, one per other atom), or undefined without groups */
function tiedVars(prep: PreparedGeometry): Int32Array | undefined {
  const groups = prep.geometry.tiedShifts, na = prep.geometry.device.length / 3;
  if (!groups || groups.length === 0) return undefined;
  const map = new Int32Array(na).fill(-1);
  groups.forEach((g, k) => g.forEach((i) => (map[i] = k)));
  let next = groups.length;
  for (let i = 0; i < na; i++) if (map[i]! < 0) map[i] = next++;
  return map;
}

/**
 * The tied solve, then — if a tied atom cannot be brought within tol by its group's shift — the
 * per-atom solve from where it stopped (every atom is always neutral within tol).
 */
function* solveTied(prep: PreparedGeometry, tol: number, maxIter: number, start: Float64Array | undefined): Generator<Float64Array, NeutralityResult, Float64Array> {
  const na = prep.geometry.device.length / 3, N0 = prep.model.electrons, vars = tiedVars(prep);
  const first = yield* broyden(na, N0, tol, maxIter, start, vars);
  if (!vars || first.tied) return first;
  const rest = yield* broyden(na, N0, tol, maxIter, first.shifts, undefined, first.charges);
  return { ...rest, iterations: first.iterations + rest.iterations, tied: false };
}

/** Solves N_i(φ) = electrons for every device atom. */
export function solveNeutrality(prep: PreparedGeometry, opt: NeutralityOptions): NeutralityResult {
  const { tol, maxIter, start, ...charge } = opt; // the rest are the charge options (k-grid, contour)
  const it = solveTied(prep, tol ?? 0.01, maxIter ?? 30, start);
  let r = it.next(new Float64Array(0));
  while (!r.done) r = it.next(deviceCharges(prep, r.value, charge));
  return r.value;
}

/** The same iteration with an asynchronous charge evaluation (threads: worker/threads.ts). */
export async function solveNeutralityAsync(prep: PreparedGeometry, opt: NeutralityOptions, charges: (phi: Float64Array) => Promise<Float64Array>): Promise<NeutralityResult> {
  const it = solveTied(prep, opt.tol ?? 0.01, opt.maxIter ?? 30, opt.start);
  let r = it.next(new Float64Array(0));
  while (!r.done) r = it.next(await charges(r.value));
  return r.value;
}

/**
 * Charge k-grid: the transport grid capped at the density of a 12×12 grid of the Ag(111) 1×1 cell
 * (bulk charge error < 0.01 e): n = ceil(12 / √(cell area / 1×1 area)) (3×3 paper cell: 4×4; 2×2: 6×6).
 */
export function chargeKpoints(kpoints: [number, number], g?: PreparedGeometry['geometry']): [number, number] {
  let n = 4;
  if (g?.lateral) {
    const [A1, A2] = g.lateral, area = Math.abs(A1[0] * A2[1] - A1[1] * A2[0]);
    const a = 4.086, cell1 = (Math.sqrt(3) / 4) * a * a; // (√3/2) d², d = a/√2
    n = Math.ceil(12 / Math.sqrt(area / cell1));
  }
  return [Math.min(kpoints[0], n), Math.min(kpoints[1], n)];
}

let previous: { key: string; positions: Float64Array; shifts: Float64Array } | null = null;

/** Which solutions may warm-start each other: the same lead setup and model. */
function warmKey(prep: PreparedGeometry): string {
  return `${prep.geometry.leadKey}|${prep.model.name}`;
}

/** Warm start: the previous solution of the same lead setup, atom by atom (nearest previous atom within 0.7 Å), else guess(Z). */
function warmStart(prep: PreparedGeometry, guess: (Z: number) => number): Float64Array {
  const D = prep.geometry.device, na = D.length / 3;
  const start = new Float64Array(na);
  const key = warmKey(prep);
  for (let i = 0; i < na; i++) {
    start[i] = guess(prep.Zdevice[i]!);
    if (previous && previous.key === key) {
      let best = 0.7, s = NaN;
      for (let j = 0; j < previous.positions.length / 3; j++) {
        const r = Math.hypot(previous.positions[3 * j]! - D[3 * i]!, previous.positions[3 * j + 1]! - D[3 * i + 1]!, previous.positions[3 * j + 2]! - D[3 * i + 2]!);
        if (r < best) (best = r), (s = previous.shifts[j]!);
      }
      if (Number.isFinite(s)) start[i] = s;
    }
  }
  return start;
}

/** Adds the solved shifts to the device onsite energies and remembers them for the next snapshot. */
function applyShifts(prep: PreparedGeometry, r: NeutralityResult): NeutralityResult {
  const D = prep.geometry.device, na = D.length / 3, nb = prep.model.norb;
  const on = prep.hDD.onsite!;
  for (let i = 0; i < na; i++) for (let a = 0; a < nb; a++) on[i * nb + a]! += r.shifts[i]!;
  previous = { key: warmKey(prep), positions: Float64Array.from(D), shifts: Float64Array.from(r.shifts) };
  return r;
}

/** Forget the warm start (benchmarks: a cold snapshot). */
export function clearWarmStart(): void {
  previous = null;
}

/**
 * Applies self-consistent neutrality shifts to a prepared geometry in place (models with
 * selfConsistentNeutrality). Warm start: the previous solution of the same lead setup, atom by
 * atom (nearest previous atom within 0.7 Å), else the coordination guess `guess(Z)`.
 */
export function neutralize(prep: PreparedGeometry, opt: { kpoints: [number, number]; guess: (Z: number) => number; tol?: number }): NeutralityResult {
  const r = solveNeutrality(prep, { kpoints: chargeKpoints(opt.kpoints, prep.geometry), start: warmStart(prep, opt.guess), ...(opt.tol ? { tol: opt.tol } : {}) });
  return applyShifts(prep, r);
}

/** neutralize() with the charge evaluations spread over threads (`sums` returns orbitalChargeSums over all pairs). */
export async function neutralizeAsync(prep: PreparedGeometry, opt: { kpoints: [number, number]; guess: (Z: number) => number; tol?: number }, sums: (phi: Float64Array, o: ChargeOptions) => Promise<Float64Array>): Promise<NeutralityResult> {
  const kpoints = chargeKpoints(opt.kpoints, prep.geometry);
  const r = await solveNeutralityAsync(prep, { kpoints, start: warmStart(prep, opt.guess), ...(opt.tol ? { tol: opt.tol } : {}) }, async (phi) => atomCharges(await sums(phi, { kpoints }), prep.model.norb));
  return applyShifts(prep, r);
}

/** Adds a rigid shift to every lead onsite energy (both leads) of a prepared geometry, and tags the lead cache key. */
export function shiftLeads(prep: PreparedGeometry, shift: number): void {
  for (const t of [prep.l00, prep.r00]) t.onsite = t.onsite!.map((x) => x + shift);
  prep.geometry = { ...prep.geometry, leadKey: `${prep.geometry.leadKey}|leadShift=${shift.toFixed(6)}` };
}

/**
 * The lead's own neutrality: the rigid shift φ of a perfect lead (device = one lead cell between
 * two leads, all shifted by φ) that makes its atoms carry `electrons` at E_F (secant on the mean
 * charge, 0.01 e as for the device atoms). Bulk fcc gives φ = 0; a monatomic chain lead needs its own φ (each lead is
 * referenced to its own Fermi level, as in PWCOND).
 */
export function leadNeutralShift(prepLead: PreparedGeometry, kpoints: [number, number]): number {
  const na = prepLead.geometry.device.length / 3, N0 = prepLead.model.electrons;
  const base = { l00: prepLead.l00.onsite!.slice(), r00: prepLead.r00.onsite!.slice(), key: prepLead.geometry.leadKey };
  const mean = (phi: number) => {
    prepLead.l00.onsite = base.l00.map((x) => x + phi);
    prepLead.r00.onsite = base.r00.map((x) => x + phi);
    prepLead.geometry = { ...prepLead.geometry, leadKey: `${base.key}|leadShift=${phi.toFixed(6)}` };
    const q = deviceCharges(prepLead, new Float64Array(na).fill(phi), { kpoints: chargeKpoints(kpoints, prepLead.geometry) });
    return q.reduce((a, b) => a + b, 0) / na - N0;
  };
  let x0 = 0, f0 = mean(x0);
  if (Math.abs(f0) < 0.01) return 0;
  let x1 = -f0, f1 = mean(x1);
  for (let it = 0; it < 20 && Math.abs(f1) > 0.005; it++) {
    const x2 = x1 - (f1 * (x1 - x0)) / (f1 - f0 || 1e-12);
    [x0, f0] = [x1, f1];
    x1 = Math.max(-5, Math.min(5, x2));
    f1 = mean(x1);
  }
  if (Math.abs(f1) > 0.01) throw new RewireError('lead neutrality', `not converged (charge error ${f1.toFixed(3)} e)`, 'check the lead cell');
  return x1;
}
