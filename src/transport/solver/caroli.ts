/**
 * Landauer–Caroli transmission of a device between two semi-infinite leads (orthogonal basis):
 *     Σ_X = V_DX g_X(E + iη) V_XD,   Γ_X = i(Σ_X − Σ_X†),   A = E·I − H_DD − Σ_L − Σ_R,   G^r = A⁻¹
 *     T(E) = Tr[Γ_L G^r_LR Γ_R G^a_RL]
 * G_LR = G[IL, IR] by the block-tridiagonal recursive Green's function (rgf.ts, default; cost linear
 * in the device length) or, as the reference, from one LU of the whole device (solver: 'dense').
 * Eigenchannels (Paulsson & Brandbyge, PRB 76, 115117): eigenvalues of the Hermitian
 *     M = Γ_L^{1/2} G_LR Γ_R G_LR† Γ_L^{1/2} = u u†,  u = Γ_L^{1/2} G_LR Γ_R^{1/2},  T = ‖u‖_F² = Σ τ_n,  0 ≤ τ_n ≤ 1
 * (Γ^{1/2} and the rank of Γ are cached per lead, energy and k with the self-energy).
 * Open channels of a lead = rank Γ (eigenvalues > 1e3·ε·max|λ|·b, the Kwant threshold).
 */
import { RewireError } from '../../core/errors.ts';
import { cadjoint, cequal, cluFactor, cluSolve, cmat, cmul, csub, ctrace, type CMat } from '../linalg/cmat.ts';
import { hermitianCountAbove, hermitianEigenvalues, hermitianSqrtPsd } from '../linalg/hermitian.ts';
import { surfaceGreen, type DecimationOptions, type LeadBlocks } from './surfaceGreen.ts';
import { unfoldedSide } from './unfold.ts';
import { couplingTimes, denseEnough, planBlocks, planFits, planOwners, rgfCrossSection, rgfSolve, rgfSystem, timesCoupling, toSparse, type BlockPlan, type RgfSystem } from './rgf.ts';

export interface LeadCoupling {
  lead: LeadBlocks;
  /** N×b coupling <D|H|L1>, eV */
  vDL: CMat;
}

export interface DeviceBlocks {
  /** N×N device Hamiltonian, eV (Hermitian) */
  hDD: CMat;
  left: LeadCoupling;
  right: LeadCoupling;
}

export interface PointResult {
  /** T_LR */
  T: number;
  /** eigenchannel transmissions, descending */
  channels: Float64Array;
  /** rank of Γ_L and Γ_R (open channels seen by the device) */
  openL: number;
  openR: number;
  /** T_RL (only with {reverse: true}) */
  TRL?: number;
  /** Γ_L restricted to its interface (for checks) */
  gammaL?: CMat;
}

export interface CaroliOptions extends DecimationOptions {
  /** precomputed surface Green's functions (the cache across snapshots) */
  gL?: CMat;
  gR?: CMat;
  channels?: boolean;
  reverse?: boolean;
  keepGamma?: boolean;
  /** broadening added to the device block, eV (default 0: the leads' Σ already makes A invertible;
   *  a device η would absorb current and bias T low by O(η/Γ), transport.md §2.7.3) */
  etaDevice?: number;
  /** 'rgf' (default): block-tridiagonal recursive Green's function (rgf.ts), cost linear in the
   *  device length; 'dense': one LU of the whole device (the reference) */
  solver?: 'rgf' | 'dense';
  /** a prepared RGF system of these blocks (rgfFor), reused across energies of one k-point */
  rgf?: RgfSystem;
  /** open channels of the left and right leads when known beforehand (absorb.ts: those of the leads before a layer joined them) */
  open?: [number, number];
}

const sameList = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** interfaceRows per coupling matrix (the device's couplings are not modified once built, as leadSignature assumes of the leads) */
const rowsOf = new WeakMap<CMat, number[]>();

/** Rows of V that couple to the lead (any nonzero entry; memoized per matrix object). */
export function interfaceRows(v: CMat): number[] {
  const memo = rowsOf.get(v);
  if (memo) return memo;
  const rows: number[] = [];
  for (let i = 0; i < v.rows; i++) {
    for (let j = 0; j < v.cols; j++) {
      if (v.re[i * v.cols + j] !== 0 || v.im[i * v.cols + j] !== 0) {
        rows.push(i);
        break;
      }
    }
  }
  rowsOf.set(v, rows);
  return rows;
}

/** Σ = V g V† on the interface rows (V is sparse: each device atom couples to a few lead atoms). */
export function selfEnergy(c: LeadCoupling, g: CMat, rows: number[]): CMat {
  return leadSide(c, g, rows).sigma;
}

/**
 * What one lead contributes at one (E, k): Σ, Γ and (on demand) Γ^{1/2} and the eigenvalues of Γ.
 * Cached per surface Green's function object (the lead caches hand out the same g for the same
 * lead, E, k, η) and checked against the device coupling exactly: an entry is used only when the
 * interface rows and V on them are identical to the stored copy (paper mode: every snapshot;
 * tips mode: never, the buffer atoms move).
 */
export interface LeadSide {
  rows: number[];
  v: CMat;
  sigma: CMat;
  gamma: CMat;
  sqrt?: CMat;
  values?: Float64Array;
  /** rank Γ (openChannels), once counted */
  open?: number;
  /** Σ's primitive blocks σ'_pq when the coupling is periodic (unfold.ts unfoldedSide): Γ's eigenvalues are those of i(σ'_pq − σ'_pq†) */
  sigmaBlocks?: CMat[];
}
const sideCache = new WeakMap<CMat, LeadSide[]>();
/** V on the interface rows, per coupling matrix (its rows list compared; memoized: the energies of one k share it, and its unfolded forms) */
const blocksOf = new WeakMap<CMat, { rows: number[]; v: CMat }>();
export function interfaceBlock(vDL: CMat, rows: number[]): CMat {
  const m = blocksOf.get(vDL);
  if (m && sameList(m.rows, rows)) return m.v;
  const v = csub(vDL, rows, Array.from({ length: vDL.cols }, (_, j) => j));
  blocksOf.set(vDL, { rows: rows.slice(), v });
  return v;
}
export const leadSideStats = { hits: 0, misses: 0 };

export function leadSide(c: LeadCoupling, g: CMat, rows: number[]): LeadSide {
  const v = interfaceBlock(c.vDL, rows);
  const list = sideCache.get(g) ?? [];
  for (const e of list) {
    if (sameList(e.rows, rows) && (e.v === v || cequal(e.v, v))) {
      leadSideStats.hits++;
      return e;
    }
  }
  leadSideStats.misses++;
  // from the unfolded lead where there is one (unfold.ts), else V dense enough for the dense kernel (couplingTimes' own rule, without building the sparse form)
  const unf = unfoldedSide(v, g), sigma = unf?.sigma ?? viaFolded(v, g);
  let gamma: CMat | undefined; // Γ on first use (the cross-section needs only Σ; open channels may come from the blocks)
  const e: LeadSide = { rows: rows.slice(), v, sigma, get gamma() { return (gamma ??= gammaOf(sigma)); }, ...(unf?.blocks ? { sigmaBlocks: unf.blocks } : {}) };
  list.unshift(e);
  if (list.length > 2) list.pop();
  sideCache.set(g, list);
  return e;
}

/** Σ = V g V† from the folded g */
function viaFolded(v: CMat, g: CMat): CMat {
  const va = cadjoint(v);
  return denseEnough(nonzeros(v), v.rows, v.cols) ? cmul(cmul(v, g), va) : timesCoupling(couplingTimes(toSparse(v), v, g), toSparse(va), va);
}

function nonzeros(m: CMat): number {
  let c = 0;
  for (let i = 0; i < m.re.length; i++) if (m.re[i] !== 0 || m.im[i] !== 0) c++;
  return c;
}

function gammaOf(s: CMat): CMat {
  // Γ = i(Σ − Σ†): Re Γ_ij = −(Im Σ_ij + Im Σ_ji), Im Γ_ij = Re Σ_ij − Re Σ_ji
  const n = s.rows, g = cmat(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      g.re[i * n + j] = -(s.im[i * n + j]! + s.im[j * n + i]!);
      g.im[i * n + j] = s.re[i * n + j]! - s.re[j * n + i]!;
    }
  }
  return g;
}

/**
 * Rank of Γ: eigenvalues above max(1e3·ε·b·max λ, 1e3·η). With η > 0 evanescent lead states
 * leave eigenvalues of order η in Γ; propagating ones are of order the hopping.
 */
function rank(values: Float64Array, b: number, eta: number): number {
  const thr = rankThreshold(b, Math.max(0, ...values), eta);
  let r = 0;
  for (const v of values) if (v > thr) r++;
  return r;
}
/** the eigenvalue threshold of rank() for b interface orbitals and largest eigenvalue λ_max (eV) */
const rankThreshold = (b: number, lambdaMax: number, eta: number) => Math.max(1e3 * 2.2e-16 * Math.max(1, b) * lambdaMax, 1e3 * eta);

/**
 * rank() of a lead side's Γ without its eigenvalues where the threshold is surely 1e3·η (λ_max is
 * at most the largest row sum of |Γ_ij|, Gershgorin): the count of eigenvalues above 1e3·η by
 * inertia (hermitianCountAbove, ≈ 20× cheaper at b = 81); otherwise from the eigenvalues. A
 * periodic coupling's Γ = K ⊕ γ'_pq K† has the eigenvalues of its blocks γ'_pq = i(σ'_pq − σ'_pq†):
 * they are counted instead (nine 9×9 for paper mode's 3×3 cell).
 */
function openChannels(side: LeadSide, eta: number): number {
  if (side.values) return rank(side.values, side.rows.length, eta);
  if (side.open !== undefined) return side.open;
  const r = countOpen(side.sigmaBlocks ? side.sigmaBlocks.map(gammaOf) : [side.gamma], side.rows.length, eta);
  if (r.values) side.values = r.values;
  return (side.open = r.open);
}

/** rank() of the Hermitian matrix with the eigenvalues of the parts (one Γ, or its blocks), b interface orbitals */
function countOpen(parts: CMat[], b: number, eta: number): { open: number; values?: Float64Array } {
  let bound = 0;
  for (const g of parts) {
    const n = g.rows;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += Math.abs(g.re[i * n + j]!) + Math.abs(g.im[i * n + j]!); // ≥ |Γ_ij|
      bound = Math.max(bound, s);
    }
  }
  if (rankThreshold(b, bound, eta) === 1e3 * eta) return { open: parts.reduce((c, g) => c + hermitianCountAbove(g, 1e3 * eta), 0) };
  const values = Float64Array.from(parts.flatMap((g) => Array.from(hermitianEigenvalues(g)))).sort().reverse();
  return { open: rank(values, b, eta), values };
}

/** Open channels of a lead whose Σ on its b interface orbitals has the primitive blocks σ'_pq (a periodic coupling, unfold.ts). */
export function openChannelsOfBlocks(sigmaBlocks: CMat[], b: number, eta: number): number {
  return countOpen(sigmaBlocks.map(gammaOf), b, eta).open;
}

/** Open channels of a lead (rank Γ on its device interface, as caroli counts them) at the energy of g. */
export function leadOpenChannels(c: LeadCoupling, g: CMat, eta: number): number {
  return openChannels(leadSide(c, g, interfaceRows(c.vDL)), eta);
}

/** Subtracts Σ_L(z) and Σ_R(z) (built from surface Green's functions gL, gR) from A in place. */
export function selfEnergyBlocks(dev: DeviceBlocks, gL: CMat, gR: CMat, a: CMat): void {
  const N = a.rows;
  for (const [c, g] of [[dev.left, gL], [dev.right, gR]] as const) {
    const I = interfaceRows(c.vDL);
    const s = selfEnergy(c, g, I);
    for (let p = 0; p < I.length; p++) for (let q = 0; q < I.length; q++) {
      a.re[I[p]! * N + I[q]!]! -= s.re[p * I.length + q]!;
      a.im[I[p]! * N + I[q]!]! -= s.im[p * I.length + q]!;
    }
  }
}

export function caroli(dev: DeviceBlocks, E: number, opt: CaroliOptions): PointResult {
  const N = dev.hDD.rows;
  const gL = opt.gL ?? surfaceGreen(dev.left.lead, E, opt).g;
  const gR = opt.gR ?? surfaceGreen(dev.right.lead, E, opt).g;
  const IL = interfaceRows(dev.left.vDL), IR = interfaceRows(dev.right.vDL);
  if (IL.length === 0 || IR.length === 0) {
    throw new RewireError('device', `the device does not couple to the ${IL.length === 0 ? 'left' : 'right'} lead`, 'include buffer layers of the lead in the device');
  }
  const sideL = leadSide(dev.left, gL, IL), sideR = leadSide(dev.right, gR, IR);
  const sL = sideL.sigma, sR = sideR.sigma;
  let gLR: CMat, gRL: CMat | undefined;
  if ((opt.solver ?? 'rgf') === 'rgf') {
    const sys = opt.rgf ?? rgfFor(dev);
    if (!opt.reverse && !opt.etaDevice && (sys.cut >= 0 || sys.broken)) return crossSectionPoint(sys, E, sideL, sideR, opt);
    const r = rgfSolve(sys, E, opt.etaDevice ?? 0, sL, sR, { lr: true, rl: !!opt.reverse });
    gLR = r.gLR!;
    gRL = r.gRL;
  } else {
    const a = cmat(N, N);
    for (let i = 0; i < N * N; i++) (a.re[i] = -dev.hDD.re[i]!), (a.im[i] = -dev.hDD.im[i]!);
    for (let i = 0; i < N; i++) (a.re[i * N + i]! += E), (a.im[i * N + i]! += opt.etaDevice ?? 0);
    for (let p = 0; p < IL.length; p++) for (let q = 0; q < IL.length; q++) {
      a.re[IL[p]! * N + IL[q]!]! -= sL.re[p * IL.length + q]!;
      a.im[IL[p]! * N + IL[q]!]! -= sL.im[p * IL.length + q]!;
    }
    for (let p = 0; p < IR.length; p++) for (let q = 0; q < IR.length; q++) {
      a.re[IR[p]! * N + IR[q]!]! -= sR.re[p * IR.length + q]!;
      a.im[IR[p]! * N + IR[q]!]! -= sR.im[p * IR.length + q]!;
    }
    const lu = cluFactor(a);
    const rhs = cmat(N, IR.length);
    IR.forEach((r, j) => (rhs.re[r * IR.length + j] = 1));
    const X = cluSolve(lu, rhs); // G[:, IR]
    gLR = csub(X, IL, IR.map((_, j) => j));
    if (opt.reverse) {
      const rhs2 = cmat(N, IL.length);
      IL.forEach((r, j) => (rhs2.re[r * IL.length + j] = 1));
      const Y = cluSolve(lu, rhs2);
      gRL = csub(Y, IR, IL.map((_, j) => j));
    }
  }
  const GamL = sideL.gamma, GamR = sideR.gamma;
  // Γ = S S† with S = Γ^{1/2} (cached per lead side):  u = S_L G_LR S_R,
  //   T = Tr[Γ_L G_LR Γ_R G_LR†] = ‖u‖_F²,   channels = eigenvalues of M = u u† (= S_L G Γ_R G† S_L)
  if (!sideL.sqrt) ({ sqrt: sideL.sqrt, values: sideL.values } = hermitianSqrtPsd(GamL));
  if (!sideR.sqrt) ({ sqrt: sideR.sqrt, values: sideR.values } = hermitianSqrtPsd(GamR));
  const u = cmul(sideL.sqrt!, cmul(gLR, sideR.sqrt!));
  let T = 0;
  for (let i = 0; i < u.re.length; i++) T += u.re[i]! * u.re[i]! + u.im[i]! * u.im[i]!;
  const out: PointResult = { T, channels: new Float64Array(0), openL: 0, openR: 0 };
  if (opt.channels !== false) {
    out.openL = opt.open ? opt.open[0] : rank(sideL.values!, IL.length, opt.eta);
    out.openR = opt.open ? opt.open[1] : rank(sideR.values!, IR.length, opt.eta);
    const M = cmul(u, cadjoint(u));
    out.channels = hermitianEigenvalues(M).slice(0, Math.max(out.openL, 1));
  }
  if (opt.reverse && gRL) {
    out.TRL = ctrace(cmul(GamR, cmul(cmul(gRL, GamL), cadjoint(gRL))))[0];
  }
  if (opt.keepGamma) out.gammaL = GamL;
  return out;
}

/**
 * caroli() through the cross-section of rgfCrossSection (rgf.ts): T = Tr[Γ̃_L G_cc Γ̃_R G_cc†] =
 * ‖Γ̃_L^½ G_cc Γ̃_R^½‖_F², channels = eigenvalues of u u† on block c (at most n_c nonzero; padded with
 * zeros to the max(open_L, 1) entries of the G[IL, IR] form). A device with two uncoupled
 * consecutive blocks has T = 0 exactly.
 */
function crossSectionPoint(sys: RgfSystem, E: number, sideL: LeadSide, sideR: LeadSide, opt: CaroliOptions): PointResult {
  const out: PointResult = { T: 0, channels: new Float64Array(0), openL: 0, openR: 0 };
  const wantChannels = opt.channels !== false;
  let ch: Float64Array = new Float64Array(0);
  if (!sys.broken) {
    const x = rgfCrossSection(sys, E, sideL.sigma, sideR.sigma);
    const sqL = hermitianSqrtPsd(gammaOf(x.sigL)).sqrt, sqR = hermitianSqrtPsd(gammaOf(x.sigR)).sqrt;
    const u = cmul(sqL, cmul(x.g, sqR));
    for (let i = 0; i < u.re.length; i++) out.T += u.re[i]! * u.re[i]! + u.im[i]! * u.im[i]!;
    if (wantChannels) ch = hermitianEigenvalues(cmul(u, cadjoint(u)));
  }
  if (wantChannels) {
    out.openL = opt.open ? opt.open[0] : openChannels(sideL, opt.eta);
    out.openR = opt.open ? opt.open[1] : openChannels(sideR, opt.eta);
    const len = Math.min(sideL.rows.length, Math.max(out.openL, 1));
    out.channels = new Float64Array(len);
    out.channels.set(ch.subarray(0, Math.min(len, ch.length)));
  }
  if (opt.keepGamma) out.gammaL = sideL.gamma;
  return out;
}

/** the partition of each device (key: its prepared geometry): the k-points of one device share the pattern of H_DD */
const plans = new WeakMap<object, { IL: number[]; IR: number[]; plan: BlockPlan; owner: Int32Array }>();

/**
 * The RGF system of a device (partition from the nonzero pattern of H_DD and the lead couplings).
 * With `reuse` (an object standing for the device, e.g. its prepared geometry: every k-point), the
 * partition made for it before is reused when the interfaces are the same and every nonzero coupling
 * of this H_DD stays within it (planFits: O(N²) reads instead of the breadth-first partition); any
 * such partition is exact, so the result is the same up to round-off.
 */
export function rgfFor(dev: DeviceBlocks, reuse?: object): RgfSystem {
  const IL = interfaceRows(dev.left.vDL), IR = interfaceRows(dev.right.vDL);
  if (IL.length === 0 || IR.length === 0) {
    throw new RewireError('device', `the device does not couple to the ${IL.length === 0 ? 'left' : 'right'} lead`, 'include buffer layers of the lead in the device');
  }
  const last = reuse ? plans.get(reuse) : undefined;
  if (last && sameList(IL, last.IL) && sameList(IR, last.IR) && planFits(dev.hDD, last.owner)) return rgfSystem(dev.hDD, last.plan);
  const plan = planBlocks(dev.hDD, IL, IR);
  if (reuse) plans.set(reuse, { IL, IR, plan, owner: planOwners(plan, dev.hDD.rows) });
  return rgfSystem(dev.hDD, plan);
}
