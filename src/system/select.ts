/**
 * Group inference for structures read from files that carry only types (LAMMPS data, EAM golden
 * JSON): the project convention is type 2 = fixed base atoms (LAMMPS `group fixed type 2`).
 * For two opposing tips along z the fixed atoms form two slabs: the lower slab is EChemDID
 * group_plus (electrode +1, Φ = +V/2), the upper slab group_minus (−1), as in the tips builder and
 * shared/reference/reaxff_tips42_2V.json. origin (which tip) is assigned by the mid-plane between the
 * two slabs' mean z. Nothing is inferred unless the fixed atoms split cleanly into two slabs.
 */
import type { System } from './types.ts';

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
