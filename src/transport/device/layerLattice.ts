/**
 * The ideal crystal behind two measured layers of a tip (tips mode, bulk-reservoir leads): the
 * in-plane Bravais lattice, its registry, and the stacking shift between the two layers, fitted to
 * the atoms and snapped to the ideal fcc values of the model's lattice constant a.
 *
 *   (001) layer: square lattice, |a1| = |a2| = a/√2, 90°; layer spacing h = a/2; the next layer is
 *                 shifted by s = (a1 + a2)/2 (ABAB…).
 *   (111) layer: triangular lattice, |a1| = |a2| = a/√2, 60°; h = a/√3; s = ±(a1 + a2)/3 (ABC…).
 * The lattice type comes from the angular order of the in-plane nearest-neighbour bonds (4-fold vs
 * 6-fold: |⟨e^{4iθ}⟩| against |⟨e^{6iθ}⟩|), the orientation from the phase of that mean, the
 * registry from the circular mean of the atoms' fractional coordinates. The orientation comes from
 * another layer of the same crystal when given (the tip's deepest layer, its fixed base in an MD
 * run, so that the reservoir is the same crystal in every snapshot). In both stackings the layer
 * two spacings deeper is the first layer shifted by 2s, so a principal layer of the two layers
 * repeats with T = 2s + 2h·n̂ (n̂ pointing into the tip).
 */
import { RewireError } from '../../core/errors.ts';
import type { Vec3 } from '../../system/types.ts';

export interface LayerLattice {
  kind: '001' | '111';
  a1: Vec3;
  a2: Vec3;
  /** in-plane position of a lattice site of the first layer (Å) */
  origin: [number, number];
  /** in-plane shift of the second layer's sites from the first layer's (Å) */
  shift: [number, number];
  /** ideal layer spacing (Å) */
  h: number;
  /** rms distance of the measured atoms from their fitted sites (Å), both layers */
  rms: number;
}

type XY = [number, number];

function bondAngles(p: XY[], d: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < p.length; i++) for (let j = i + 1; j < p.length; j++) {
    const dx = p[j]![0] - p[i]![0], dy = p[j]![1] - p[i]![1], r = Math.hypot(dx, dy);
    if (r > 0.8 * d && r < 1.2 * d) out.push(Math.atan2(dy, dx));
  }
  return out;
}

const circMean = (angles: number[], m: number): { phase: number; order: number } => {
  let c = 0, s = 0;
  for (const t of angles) (c += Math.cos(m * t)), (s += Math.sin(m * t));
  return { phase: Math.atan2(s, c), order: Math.hypot(c, s) / Math.max(1, angles.length) };
};

/** fractional coordinates of in-plane point p in the basis a1, a2 */
function frac(p: XY, a1: Vec3, a2: Vec3): XY {
  const det = a1[0] * a2[1] - a1[1] * a2[0];
  return [(p[0] * a2[1] - p[1] * a2[0]) / det, (a1[0] * p[1] - a1[1] * p[0]) / det];
}

/** circular mean of fractional coordinates mod 1 (the registry), in [0, 1), and its order (1: every atom on a site) */
function registry(p: XY[], a1: Vec3, a2: Vec3): { r: XY; order: number } {
  const u = p.map((q) => frac(q, a1, a2));
  const m = (k: 0 | 1) => {
    const c = circMean(u.map((f) => 2 * Math.PI * f[k]), 1), t = c.phase / (2 * Math.PI);
    return { t: t - Math.floor(t), order: c.order };
  };
  const x = m(0), y = m(1);
  return { r: [x.t, y.t], order: Math.min(x.order, y.order) };
}

const wrap = (x: number) => x - Math.round(x);

/** a better-ordered layer of the same crystal (the tip's deepest layer: in an MD run its fixed base), `below` layers beyond the first */
export interface ReferenceLayer {
  /** in-plane positions in the frame of the cut layers */
  points: XY[];
  /** how many layers deeper than the first cut layer */
  below: number;
  /** the same atoms in any translated frame, for the orientation (raw positions: bit-identical bond angles while the layer stays put) */
  bonds?: XY[];
}

/** registry order below which a cut layer counts as disordered (then the reference layer's registry is carried up) */
const MIN_ORDER = 0.5;

/**
 * Fits the lattice of two adjacent layers (in-plane positions, Å) for fcc lattice constant a.
 * Orientation from `ref` when it has bonds. (001): the second layer sits on the hollows of the first
 * ((a1 + a2)/2, every choice equivalent), so both layers give the registry together; when they are
 * too disordered (a hot, rewired apex region) the reference layer's registry is carried up through
 * the ABAB stacking. (111): the stacking direction ±(a1 + a2)/3 is measured from the two layers.
 * Throws a named error when the layers are not (001) or (111) fcc layers of that lattice.
 */
export function fitLayerLattice(first: XY[], second: XY[], a: number, where: string, ref?: ReferenceLayer): LayerLattice {
  const d = a / Math.SQRT2;
  const fromRef = ref ? bondAngles(ref.bonds ?? ref.points, d) : [];
  const angles = fromRef.length >= 8 ? fromRef : bondAngles(first.length >= second.length ? first : second, d);
  if (angles.length < 2) throw new RewireError(where, `the lead layers have too few in-plane nearest-neighbour bonds (${angles.length}) to fit a lattice`, 'use a smaller --depth (wider layers) or --tips-leads prism');
  const o4 = circMean(angles, 4), o6 = circMean(angles, 6);
  const kind: '001' | '111' = o4.order >= o6.order ? '001' : '111';
  const m = kind === '001' ? 4 : 6, th = (kind === '001' ? o4 : o6).phase / m;
  if (Math.max(o4.order, o6.order) < 0.8) throw new RewireError(where, `the lead layers are neither (001) nor (111) fcc layers (bond-angle order ${Math.max(o4.order, o6.order).toFixed(2)} < 0.8)`, 'use --tips-leads prism for this structure');
  const gam = kind === '001' ? Math.PI / 2 : Math.PI / 3;
  const a1: Vec3 = [d * Math.cos(th), d * Math.sin(th), 0], a2: Vec3 = [d * Math.cos(th + gam), d * Math.sin(th + gam), 0];
  const cart = (f: XY): XY => [f[0] * a1[0] + f[1] * a2[0], f[0] * a1[1] + f[1] * a2[1]];
  let r1: XY, sf: XY;
  if (kind === '001') {
    sf = [0.5, 0.5];
    const s = cart(sf);
    const both = registry([...first, ...second.map((p) => [p[0] - s[0], p[1] - s[1]] as XY)], a1, a2);
    r1 = both.r;
    if (both.order < MIN_ORDER && ref) {
      const deep = registry(ref.points, a1, a2);
      if (deep.order < MIN_ORDER) throw new RewireError(where, `neither the lead layers (registry order ${both.order.toFixed(2)}) nor the tip's deepest layer (${deep.order.toFixed(2)}) sit on a lattice`, 'use --tips-leads prism for this structure');
      r1 = [deep.r[0] + 0.5 * ref.below, deep.r[1] + 0.5 * ref.below];
    } else if (both.order < MIN_ORDER) throw new RewireError(where, `the lead layers do not sit on a lattice (registry order ${both.order.toFixed(2)} < ${MIN_ORDER})`, 'use --tips-leads prism for this structure');
  } else {
    const A = registry(first, a1, a2), B = registry(second, a1, a2);
    r1 = A.r;
    const raw: XY = [wrap(B.r[0] - A.r[0]), wrap(B.r[1] - A.r[1])];
    const ideal: XY[] = [[1 / 3, 1 / 3], [-1 / 3, -1 / 3]];
    const dist = (q: XY) => Math.hypot(...cart([wrap(raw[0] - q[0]), wrap(raw[1] - q[1])]));
    const best = dist(ideal[0]!) <= dist(ideal[1]!) ? ideal[0]! : ideal[1]!;
    if (dist(best) > 0.25 * d) throw new RewireError(where, `the two lead layers are not fcc-stacked (registry off the ideal 111 stacking by ${dist(best).toFixed(2)} Å)`, 'use --tips-leads prism for this structure');
    sf = best;
  }
  // one representative of the (equivalent) ideal shifts, in [0, 1)²: the same crystal gives the same blocks
  sf = [sf[0] - Math.floor(sf[0]), sf[1] - Math.floor(sf[1])];
  r1 = [r1[0] - Math.floor(r1[0]), r1[1] - Math.floor(r1[1])];
  const origin = cart(r1), shift = cart(sf);
  // residual of every atom from its nearest fitted site
  let ss = 0, n = 0;
  for (const [pts, off] of [[first, origin], [second, [origin[0] + shift[0], origin[1] + shift[1]] as XY]] as const) {
    for (const p of pts) {
      const f = frac([p[0] - off[0], p[1] - off[1]], a1, a2);
      ss += Math.hypot(...cart([wrap(f[0]), wrap(f[1])])) ** 2;
      n++;
    }
  }
  return { kind, a1, a2, origin, shift, h: kind === '001' ? a / 2 : a / Math.sqrt(3), rms: Math.sqrt(ss / Math.max(1, n)) };
}

/**
 * The same crystal with its first layer `layers` layers deeper (layers ≥ 0): in both stackings layer
 * j sits at origin + j·s (mod the in-plane lattice). For leads that start behind the tip's deepest
 * measured layer (tips mode, depth 'all'), where there are no atoms to fit.
 */
export function deeperLayers(fit: LayerLattice, layers: number): LayerLattice {
  const { a1, a2 } = fit;
  const o = frac([fit.origin[0] + layers * fit.shift[0], fit.origin[1] + layers * fit.shift[1]], a1, a2);
  const r: XY = [o[0] - Math.floor(o[0]), o[1] - Math.floor(o[1])];
  return { ...fit, origin: [r[0] * a1[0] + r[1] * a2[0], r[0] * a1[1] + r[1] * a2[1]] };
}
