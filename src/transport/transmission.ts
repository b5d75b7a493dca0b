/**
 * T(E) of a prepared geometry: k-average of Caroli transmissions over a Monkhorst–Pack grid of
 * transverse k (T(E) = (1/N_k) Σ_k T(E, k)); eigenchannels are averaged as sorted vectors.
 * Lead surface Green's functions g(E, k) are cached per (lead geometry, model, E, k, η): the leads
 * are the same for every snapshot, so a trajectory pays the decimation once (transport.md §2.9).
 * Symmetries used: time reversal (real H(r) ⇒ H(−k) = H(k)*, T(−k) = T(k)) halves the k-points;
 * a mirror-image right lead takes g_R = P g_L P (P = orbital mirror parities).
 */
import { caroli } from './solver/caroli.ts';
import { blocksAtK, kGrid, kGridGamma, prepareGeometry, type PreparedGeometry } from './device/blocks.ts';
import type { TransportGeometry } from './device/geometry.ts';
import type { TBModel } from './models/types.ts';
import { irreducibleK } from './kpoints.ts';
import { LeadGreenCache, type LeadStore } from './solver/leadCache.ts';
import { leadGreens, mirrored } from './leadGreens.ts';
import { rgfFor } from './solver/caroli.ts';
import { absorbedGreens, absorberAtK } from './solver/absorb.ts';

export { irreducibleK };

/** default lead broadening η, eV (≈ 1e-6 × bandwidth; transport.md §2.7) */
export const DEFAULT_ETA = 1e-5;
/** channels reported per energy */
export const DEFAULT_CHANNELS = 6;

export interface SpectrumOptions {
  /** absolute energies on the model scale, eV */
  energies: number[];
  kpoints: [number, number];
  eta?: number;
  channels?: number;
  /** 'mp': Monkhorst–Pack (default); 'gamma': Γ-centred k = (i/n, j/n) as PWCOND nkpts = 0 */
  grid?: 'mp' | 'gamma';
  /** also return T and channels per irreducible k-point */
  perK?: boolean;
  /** device solver: 'rgf' (default) or 'dense' (reference) */
  solver?: 'rgf' | 'dense';
  /**
   * (k, energy) pairs of the whole request when this call computes one chunk of it (threads.ts with
   * progress): whether the leads are kept, folded or compact, is decided for the whole request
   */
  cachePairs?: number;
}

export interface KResolved {
  /** fractions of the lateral reciprocal vectors */
  k: [number, number];
  /** weight in the average (multiplicity / N_k) */
  weight: number;
  T: number[];
  channels: number[][];
}

export interface Spectrum {
  T: number[];
  channels: number[][];
  /** k-averaged open channels of the left lead */
  open: number[];
  nk: number;
  kResolved?: KResolved[];
}

const CACHE_LIMIT_BYTES = 256 * 1024 * 1024;
/** g(E, k) of both leads at real energies, shared by every snapshot (leadCache.ts: checked against the lead blocks) */
export const surfaceCache = new LeadGreenCache(CACHE_LIMIT_BYTES);

export function clearSurfaceCache(): void {
  surfaceCache.clear();
}

/** The irreducible k-points of a spectrum (with weights), in a fixed order. */
export function spectrumK(prep: PreparedGeometry, opt: SpectrumOptions): { f: [number, number]; w: number }[] {
  const g = prep.geometry;
  return irreducibleK(opt.grid === 'gamma' && g.lateral ? kGridGamma(opt.kpoints) : kGrid(opt.kpoints, g.lateral !== null));
}

/** The (k-point, energy) pairs of a spectrum in a fixed order (the unit of work spread over threads). */
export function spectrumPairs(prep: PreparedGeometry, opt: SpectrumOptions): [number, number][] {
  const nk = spectrumK(prep, opt).length, out: [number, number][] = [];
  for (let ik = 0; ik < nk; ik++) for (let ie = 0; ie < opt.energies.length; ie++) out.push([ik, ie]);
  return out;
}

/** k-weighted sums over the given (k, energy) pairs (weights normalized over the whole grid); add the sums of disjoint pair sets. */
export interface SpectrumSums {
  T: number[];
  channels: number[][];
  open: number[];
  nk: number;
  kResolved?: KResolved[];
}

export function spectrumSums(model: TBModel, prep: PreparedGeometry, opt: SpectrumOptions, pairs = spectrumPairs(prep, opt)): SpectrumSums {
  const g = prep.geometry;
  const eta = opt.eta ?? DEFAULT_ETA, nch = opt.channels ?? DEFAULT_CHANNELS;
  const ks = spectrumK(prep, opt);
  const kRes: KResolved[] = [];
  const wsum = ks.reduce((a, k) => a + k.w, 0);
  const T = opt.energies.map(() => 0), open = opt.energies.map(() => 0);
  const ch = opt.energies.map(() => new Array<number>(nch).fill(0));
  // the lead pairs of a request that cannot all be kept folded (a 201-point T(E) on a 10×10 grid: 10⁴
  // pairs of 0.1 MB each) are kept compact (an unfolded lead's primitive blocks: 12 kB each; the next
  // snapshot skips the decimations) or, when even those do not fit, not at all: a partial set would
  // hold memory, and collection time, for a fraction of hits
  let store: LeadStore | undefined;
  const unfold = g.left.unfold, compact = unfold ? { P: unfold.n[0] * unfold.n[1], nb: model.norb } : undefined;
  for (let ik = 0; ik < ks.length; ik++) {
    const ies = pairs.filter(([k]) => k === ik).map(([, e]) => e);
    if (ies.length === 0) continue;
    const { f, w } = ks[ik]!;
    const blocks = blocksAtK(prep, f);
    store ??= leadStore(Math.max(pairs.length, opt.cachePairs ?? 0), Math.max(blocks.left.lead.h00.rows, blocks.right.lead.h00.rows), compact);
    // the whole device's RGF system, made when a point needs it (not when the outer layers are absorbed)
    let full: ReturnType<typeof rgfFor> | undefined;
    const rgf = () => (opt.solver === 'dense' ? undefined : (full ??= rgfFor(blocks, prep.hDD)));
    // a periodic outer buffer layer joins its lead (solver/absorb.ts; not with the dense reference solver, nor for a T(E_F) alone)
    const absorber = absorberAtK(blocks, prep, opt.solver === 'dense' ? 0 : ies.length);
    const wk = w / wsum;
    const kr: KResolved = { k: f, weight: wk, T: [], channels: [] };
    if (opt.perK) kRes.push(kr);
    for (const ie of ies) {
      const E = opt.energies[ie]!;
      // keyed by the lead blocks' content (leadSignature), so a lead that did not move is reused by every geometry
      const { gL, gR } = leadGreens(prep, blocks, f, E, eta, surfaceCache, `${model.name}|${E.toFixed(9)}|${f[0]},${f[1]}|${eta}`, store);
      const absorbed = absorber(gL, gR), eff = absorbed ? absorbedGreens(absorbed.a, gL, gR, E, 0, eta) : null;
      const r = eff && absorbed
        ? caroli(absorbed.a.blocks, E, { eta, gL: eff.gL, gR: eff.gR, channels: true, rgf: absorbed.rgf, open: eff.open })
        : caroli(blocks, E, { eta, gL, gR, channels: true, rgf: rgf(), ...(opt.solver ? { solver: opt.solver } : {}) });
      T[ie]! += r.T * wk;
      if (opt.perK) (kr.T.push(r.T), kr.channels.push(Array.from(r.channels.slice(0, nch))));
      open[ie]! += r.openL * wk;
      for (let c = 0; c < Math.min(nch, r.channels.length); c++) ch[ie]![c]! += r.channels[c]! * wk;
    }
  }
  return { T, channels: ch, open, nk: Math.round(wsum), ...(opt.perK ? { kResolved: kRes } : {}) };
}

/** how the lead cache keeps n lead pairs of b×b: folded while they fit, else compact (an unfolded lead) while those fit, else not at all */
function leadStore(n: number, b: number, compact: { P: number; nb: number } | undefined): LeadStore {
  return surfaceCache.fits(2 * n, b) ? true : compact && surfaceCache.fits(n, b, compact) ? 'compact' : false;
}

/** Adds partial sums (disjoint pair sets) into one spectrum. */
export function addSpectrumSums(parts: SpectrumSums[]): SpectrumSums {
  const [first, ...rest] = parts;
  const out: SpectrumSums = { T: first!.T.slice(), channels: first!.channels.map((c) => c.slice()), open: first!.open.slice(), nk: first!.nk };
  for (const p of rest) {
    p.T.forEach((x, i) => (out.T[i]! += x));
    p.open.forEach((x, i) => (out.open[i]! += x));
    p.channels.forEach((c, i) => c.forEach((x, j) => (out.channels[i]![j]! += x)));
  }
  return out;
}

export function spectrum(model: TBModel, geometry: TransportGeometry | PreparedGeometry, opt: SpectrumOptions): Spectrum {
  const prep = 'hDD' in geometry ? geometry : prepareGeometry(model, geometry);
  return spectrumSums(model, prep, opt);
}

export { mirrored };
