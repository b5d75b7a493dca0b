/**
 * A periodic outer buffer layer joins its lead (paper mode; transport.md, Speed). When the device
 * orbitals coupled to a lead, I, form one lead-like layer — H_DD[I, I] periodic on the primitive
 * cell (one onsite shift for all its atoms: neutrality.ts ties them) and the coupling V_I to the
 * lead periodic too — the layer and the semi-infinite lead are together a semi-infinite lead again,
 * whose surface Green's function is, per primitive k-point pq of the unfolding (solver/unfold.ts),
 *     g″_pq = (E − h′_pq − σ′_pq)⁻¹,   σ′_pq = w_pq g′_pq w_pq†,
 * h′_pq the layer's primitive blocks, w_pq those of V_I, g′_pq the lead's. This is the RGF step of the
 * layer done exactly (no broadening is added: z = E as for every device block), in nine nb×nb
 * inversions instead of the LU, the 81-column solve and the 81³ Schur product of the dense layer.
 * The rest of the device, D′ = D \ I, then couples to the new lead by V′ = H_DD[D′, I], and
 * T, the eigenchannels and the open channels are those of the whole device (test/transport/absorb.test.ts
 * compares them with the dense solver of the full device).
 */
import { cinverse, cmat, cmul, cadjoint, csub, type CMat } from '../linalg/cmat.ts';
import { interfaceBlock, interfaceRows, leadOpenChannels, openChannelsOfBlocks, rgfFor, type DeviceBlocks } from './caroli.ts';
import type { RgfSystem } from './rgf.ts';
import { foldedGreen, periodicCoupling, periodicDeviceBlocks, unfoldedOf } from './unfold.ts';

/** one absorbed layer at one k-point */
interface AbsorbedLayer {
  /** the layer's orbitals I in the whole device */
  rows: number[];
  /** V_I: the layer's rows of the old coupling (|I| × lead orbitals) */
  v: CMat;
  /** h′_pq of H_DD[I, I] */
  h: CMat[];
}

export interface Absorption {
  /** the device without the absorbed layers, coupled to the new leads */
  blocks: DeviceBlocks;
  /** the whole device (its lead couplings count the open channels of a side that was not absorbed) */
  full: DeviceBlocks;
  /** device orbitals kept (indices into the full device) */
  keep: Int32Array;
  left?: AbsorbedLayer;
  right?: AbsorbedLayer;
}

/** energies (or contour nodes) per k-point from which the outer layers are absorbed: the set-up, ≈ 4 ms per k-point (the periodicity checks, the reduced device), costs more than it saves at one */
export const ABSORB_MIN_ENERGIES = 2;

/** the rgfFor partition key of a device (any object standing for it, e.g. its prepared geometry) with its outer layers absorbed: its k-points share the pattern */
const planKeys = new WeakMap<object, object>();
function absorbedPlanKey(device: object): object {
  let k = planKeys.get(device);
  if (!k) planKeys.set(device, (k = {}));
  return k;
}

/**
 * The absorption of one k-point's device for the `points` energies (or contour nodes) solved there,
 * made at the first of them (the leads' unfolding comes with their g) and kept for the rest, with
 * the reduced device's RGF system; null throughout when points < ABSORB_MIN_ENERGIES (pass 0 for
 * the dense reference solver) or when no outer layer is periodic. `device`: the object standing for
 * the device (e.g. its prepared geometry), whose k-points share one partition.
 */
export function absorberAtK(b: DeviceBlocks, device: object, points: number): (gL: CMat, gR: CMat) => { a: Absorption; rgf: RgfSystem } | null {
  let made: { a: Absorption; rgf: RgfSystem } | null | undefined = points < ABSORB_MIN_ENERGIES ? null : undefined;
  return (gL, gR) => {
    if (made === undefined) {
      const a = absorbOuterLayers(b, gL, gR);
      made = a ? { a, rgf: rgfFor(a.blocks, absorbedPlanKey(device)) } : null;
    }
    return made;
  };
}

/** points solved with absorbed layers (left, right) */
export const absorbStats = { left: 0, right: 0 };

const all = (n: number) => Array.from({ length: n }, (_, j) => j);

/** the outer layer of one side, when it is periodic on the unfolding of g (else undefined) */
function layerOf(b: DeviceBlocks, vDL: CMat, g: CMat): { rows: number[]; layer: AbsorbedLayer } | undefined {
  const u = unfoldedOf(g); // a mirrored g (paper mode's right lead, P g P) keeps its signs in W = V S K, hence in w_pq and σ′
  if (!u) return undefined;
  const rows = interfaceRows(vDL);
  if (rows.length !== u.na * u.nb) return undefined;
  const v = interfaceBlock(vDL, rows); // the object leadSide uses too: its unfolded coupling is made once
  if (!periodicCoupling(v, g)) return undefined;
  const h = periodicDeviceBlocks(csub(b.hDD, rows, rows), u);
  return h ? { rows, layer: { rows, v, h } } : undefined;
}

/**
 * The absorption at one k-point (E-independent; gL, gR: the leads' g at any energy of this k, for
 * their unfolding), or null when neither outer layer is periodic or nothing of the device would be
 * left coupled to both leads.
 */
export function absorbOuterLayers(b: DeviceBlocks, gL: CMat, gR: CMat): Absorption | null {
  const L = layerOf(b, b.left.vDL, gL), R = layerOf(b, b.right.vDL, gR);
  if (!L && !R) return null;
  const N = b.hDD.rows, drop = new Uint8Array(N);
  for (const x of [L, R]) if (x) for (const r of x.rows) drop[r] = 1;
  if (L && R && L.rows.some((r) => R.rows.includes(r))) return null;
  const keep = Int32Array.from(all(N).filter((i) => !drop[i]));
  if (keep.length === 0) return null;
  const cols = (m: CMat) => all(m.cols);
  const blocks: DeviceBlocks = {
    hDD: csub(b.hDD, keep, keep),
    left: { lead: b.left.lead, vDL: L ? csub(b.hDD, keep, L.rows) : csub(b.left.vDL, keep, cols(b.left.vDL)) },
    right: { lead: b.right.lead, vDL: R ? csub(b.hDD, keep, R.rows) : csub(b.right.vDL, keep, cols(b.right.vDL)) },
  };
  if (interfaceRows(blocks.left.vDL).length === 0 || interfaceRows(blocks.right.vDL).length === 0) return null;
  return { blocks, full: b, keep, ...(L ? { left: L.layer } : {}), ...(R ? { right: R.layer } : {}) };
}

/**
 * The new leads' g at z = zr + i·zi from the old ones (the same k-point as the absorption): g″
 * folded and registered as unfolded (no mirror signs), or the old g for a side that was not
 * absorbed; with `eta` (a real energy: transmission) also the old leads' open channels; `blocks`:
 * the g″_pq of each absorbed side. null when an old g has no unfolded form (then solve the full device).
 */
export function absorbedGreens(a: Absorption, gL: CMat, gR: CMat, zr: number, zi: number, eta?: number): { gL: CMat; gR: CMat; open?: [number, number]; blocks: [CMat[] | undefined, CMat[] | undefined] } | null {
  const out: CMat[] = [], open: number[] = [], blocks: (CMat[] | undefined)[] = [];
  for (const [layer, g, c] of [[a.left, gL, a.full.left], [a.right, gR, a.full.right]] as const) {
    if (!layer) {
      out.push(g);
      blocks.push(undefined);
      if (eta !== undefined) open.push(leadOpenChannels(c, g, eta));
      continue;
    }
    const u = unfoldedOf(g), w = periodicCoupling(layer.v, g);
    if (!u || !w) return null;
    const nb = u.nb, sigma = w.w.map((wq, pq) => cmul(cmul(wq, u.g[pq]!), w.wAdj[pq]!)); // σ′ = w g′ w†
    const inner = sigma.map((s, pq) => {
      // (z − h′ − σ′)⁻¹
      const h = layer.h[pq]!, m = cmat(nb, nb);
      for (let i = 0; i < nb * nb; i++) (m.re[i] = -h.re[i]! - s.re[i]!), (m.im[i] = -h.im[i]! - s.im[i]!);
      for (let i = 0; i < nb; i++) (m.re[i * nb + i]! += zr), (m.im[i * nb + i]! += zi);
      return cinverse(m);
    });
    out.push(foldedGreen(inner, u)); // the layer's g″ carries no mirror signs: foldedGreen registers it without
    blocks.push(inner);
    if (eta !== undefined) open.push(openChannelsOfBlocks(sigma, layer.v.rows, eta)); // the old lead's open channels (rank of its Γ on the layer)
  }
  if (a.left) absorbStats.left++;
  if (a.right) absorbStats.right++;
  return { gL: out[0]!, gR: out[1]!, ...(eta !== undefined ? { open: [open[0]!, open[1]!] as [number, number] } : {}), blocks: [blocks[0], blocks[1]] };
}

/** the primitive blocks of H_JI per coupling block (one k-point: every contour node) */
const layerCouplings = new WeakMap<CMat, { U: object; a: CMat[] | undefined }>();

/**
 * diag G_II of an absorbed layer from the reduced device's Green's function on the rows J it couples
 * to (Dyson for a surface coupled to a region):
 *     G_II = g″ + g″ H_IJ G_JJ H_JI g″,
 * with Y = g″ H_IJ and Z = H_JI g″ folded from their primitive blocks (H_JI periodic: the ideal
 * layer-to-layer hopping) and diag(g″)_(i,a) = (1/P) Σ_pq g″_pq[a, a] for every atom i.
 * gJJ: |J|×|J| in the order of interfaceRows(v′); v′ (vNew): the reduced device's coupling to the
 * layer (N′ × |I|); gBlocks: the g″_pq; g: the side's old lead g (for its unfolding). undefined
 * when H_JI is not periodic.
 */
export function absorbedLayerDiagonal(gJJ: CMat, vNew: CMat, gBlocks: CMat[], g: CMat): { re: Float64Array; im: Float64Array } | undefined {
  const J = interfaceRows(vNew), hJI = interfaceBlock(vNew, J), u = unfoldedOf(g);
  if (!u) return undefined;
  let memo = layerCouplings.get(hJI);
  if (!memo || memo.U !== u.U) layerCouplings.set(hJI, (memo = { U: u.U, a: periodicDeviceBlocks(hJI, u) }));
  const a = memo.a;
  if (!a) return undefined;
  const nb = u.nb, P = gBlocks.length;
  const Z = foldedGreen(a.map((aq, pq) => cmul(aq, gBlocks[pq]!)), u); // H_JI g″
  const Y = foldedGreen(a.map((aq, pq) => cmul(gBlocks[pq]!, cadjoint(aq))), u); // g″ H_IJ
  const T = cmul(Y, gJJ), n = T.rows, m = T.cols, re = new Float64Array(n), im = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const orb = i % nb;
    let sr = 0, si = 0;
    for (let q = 0; q < P; q++) (sr += gBlocks[q]!.re[orb * nb + orb]!), (si += gBlocks[q]!.im[orb * nb + orb]!);
    sr /= P;
    si /= P;
    for (let c = 0; c < m; c++) {
      const xr = T.re[i * m + c]!, xi = T.im[i * m + c]!, zr = Z.re[c * n + i]!, zi = Z.im[c * n + i]!;
      sr += xr * zr - xi * zi;
      si += xr * zi + xi * zr;
    }
    re[i] = sr;
    im[i] = si;
  }
  return { re, im };
}
