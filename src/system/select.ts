/**
 * Group inference for structures read from files that carry only types (LAMMPS data, EAM golden
 * JSON): the project convention is type 2 = fixed base atoms (LAMMPS `group fixed type 2`).
 * For two opposing tips along z the fixed atoms form two slabs: the lower slab is EChemDID
 * group_plus (electrode +1, Φ = +V/2), the upper slab group_minus (−1), as in the tips builder and
 * test/fixtures/reaxff_tips42_2V.json. origin (which tip) is assigned by the mid-plane between the
 * two slabs' mean z. Nothing is inferred unless the fixed atoms split cleanly into two slabs.
 */
import type { System, TipsGeometry } from './types.ts';

/** Type id that marks fixed atoms in data files. */
export const FIXED_TYPE = 2;

/** Sets fixed = (type == 2) where no fixed flags were given. */
export function fixedFromTypes(sys: System): void {
  for (let i = 0; i < sys.n; i++) sys.fixed[i] = sys.types[i] === FIXED_TYPE ? 1 : 0;
}

/**
 * If the fixed atoms form two z-slabs separated by a gap larger than both slabs' thickness,
 * marks the lower slab electrode +1 and the upper −1, and origin 0/1 below/above the mid-plane.
 * Returns true when it did so. Leaves electrode/origin untouched otherwise.
 */
export function inferTipGroups(sys: System): boolean {
  const zs: number[] = [];
  for (let i = 0; i < sys.n; i++) if (sys.fixed[i]) zs.push(sys.positions[3 * i + 2]!);
  if (zs.length < 2) return false;
  zs.sort((a, b) => a - b);
  // largest gap between consecutive fixed-atom z values splits the two slabs
  let cut = -1, widest = 0;
  for (let k = 1; k < zs.length; k++) {
    const g = zs[k]! - zs[k - 1]!;
    if (g > widest) {
      widest = g;
      cut = k;
    }
  }
  const lowThick = zs[cut - 1]! - zs[0]!, highThick = zs[zs.length - 1]! - zs[cut]!;
  if (cut < 0 || widest <= Math.max(lowThick, highThick, 1)) return false;
  const zCut = 0.5 * (zs[cut - 1]! + zs[cut]!);
  let lowMean = 0, highMean = 0;
  for (let k = 0; k < zs.length; k++) {
    if (k < cut) lowMean += zs[k]! / cut;
    else highMean += zs[k]! / (zs.length - cut);
  }
  const mid = 0.5 * (lowMean + highMean);
  for (let i = 0; i < sys.n; i++) {
    const z = sys.positions[3 * i + 2]!;
    if (sys.fixed[i]) sys.electrode[i] = z < zCut ? 1 : -1;
    sys.origin[i] = z < mid ? 0 : 1;
  }
  return true;
}

/** Tip geometry inferred from a structure file (lattice from the fixed atoms' first shell). */
export interface InferredTipsMeta extends TipsGeometry {
  inferred: true;
}

/**
 * For a structure with origin 0/1 (lower/upper tip) and electrodes: the apexes (the lower tip's
 * highest atom, the upper tip's lowest), the gap between them, the base planes (mean z of each
 * electrode's outermost layer), the axis position (mean x, y of the electrodes) and the lattice
 * constant from the first-shell distances d of the fixed atoms (a = √2·d for fcc). Null if the system
 * is not two tips.
 */
/** Median over the `sample` atoms of the distance to their nearest other atom among `among` (Å; positions [3n]). */
export function medianNearestDistance(p: Float64Array, sample: number[], among: number[]): number {
  const dist = (i: number, j: number) => Math.hypot(p[3 * j]! - p[3 * i]!, p[3 * j + 1]! - p[3 * i + 1]!, p[3 * j + 2]! - p[3 * i + 2]!);
  const nn = sample.map((i) => {
    let m = Infinity;
    for (const j of among) if (j !== i) m = Math.min(m, dist(i, j));
    return m;
  }).sort((a, b) => a - b);
  return nn[Math.floor(nn.length / 2)]!;
}

export function inferTipsMeta(sys: System): InferredTipsMeta | null {
  const p = sys.positions;
  let lowTop = -1, upBottom = -1, n0 = 0, n1 = 0;
  let zPlus = 0, zMinus = 0, nPlus = 0, nMinus = 0, cx = 0, cy = 0;
  for (let i = 0; i < sys.n; i++) {
    const z = p[3 * i + 2]!;
    if (sys.origin[i] === 0) {
      n0++;
      if (lowTop < 0 || z > p[3 * lowTop + 2]!) lowTop = i;
    } else if (sys.origin[i] === 1) {
      n1++;
      if (upBottom < 0 || z < p[3 * upBottom + 2]!) upBottom = i;
    }
    if (sys.electrode[i] !== 0) {
      cx += p[3 * i]!;
      cy += p[3 * i + 1]!;
      if (sys.electrode[i] === 1) (zPlus += z), nPlus++;
      else (zMinus += z), nMinus++;
    }
  }
  if (lowTop < 0 || upBottom < 0 || nPlus === 0 || nMinus === 0) return null;
  const fixedIdx: number[] = [];
  for (let i = 0; i < sys.n; i++) if (sys.fixed[i]) fixedIdx.push(i);
  // nearest-neighbour distance d0 (median over a sample), then the mean of all distances in the
  // first shell (< 1.25·d0), which averages out thermal/rattle noise; fcc: a = √2·d
  const sample = fixedIdx.filter((_, k) => k % Math.max(1, Math.floor(fixedIdx.length / 200)) === 0);
  const dist = (i: number, j: number) => Math.hypot(p[3 * j]! - p[3 * i]!, p[3 * j + 1]! - p[3 * i + 1]!, p[3 * j + 2]! - p[3 * i + 2]!);
  const d0 = medianNearestDistance(p, sample, fixedIdx);
  let shell = 0, nShell = 0;
  for (const i of sample) {
    for (const j of fixedIdx) {
      if (j === i) continue;
      const d = dist(i, j);
      if (d < 1.25 * d0) (shell += d), nShell++;
    }
  }
  const lattice = Math.SQRT2 * (nShell > 0 ? shell / nShell : d0);
  // base planes: mean z of each electrode's outermost layer (within half a layer of its extreme atom)
  const outer = (sign: number, lower: boolean) => {
    let ext = lower ? Infinity : -Infinity;
    for (const i of fixedIdx) if (sys.electrode[i] === sign) ext = lower ? Math.min(ext, p[3 * i + 2]!) : Math.max(ext, p[3 * i + 2]!);
    let sum = 0, cnt = 0;
    for (const i of fixedIdx) {
      if (sys.electrode[i] === sign && Math.abs(p[3 * i + 2]! - ext) < lattice / 4) (sum += p[3 * i + 2]!), cnt++;
    }
    return sum / cnt;
  };
  const lowerApex: [number, number, number] = [p[3 * lowTop]!, p[3 * lowTop + 1]!, p[3 * lowTop + 2]!];
  const upperApex: [number, number, number] = [p[3 * upBottom]!, p[3 * upBottom + 1]!, p[3 * upBottom + 2]!];
  const plusBelow = zPlus / nPlus < zMinus / nMinus;
  const lowerBaseZ = outer(plusBelow ? 1 : -1, true);
  const upperBaseZ = outer(plusBelow ? -1 : 1, false);
  return {
    axis: 'z',
    lattice,
    gap: upperApex[2] - lowerApex[2],
    lowerApex,
    upperApex,
    baseCenter: [cx / (nPlus + nMinus), cy / (nPlus + nMinus)],
    layerSpacing: lattice / 2,
    layersPerTip: Math.round((lowerApex[2] - lowerBaseZ) / (lattice / 2)) + 1,
    atomsPerTip: Math.round((n0 + n1) / 2),
    lowerBaseZ,
    upperBaseZ,
    inferred: true,
  };
}
