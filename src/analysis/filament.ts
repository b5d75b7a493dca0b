/**
 * Filament geometry between two opposing tips (meta.tips: lower tip points +z with its apex at
 * lowerApex, the upper tip points −z with its apex at upperApex).
 *   gap atoms     = mobile atoms with z strictly inside (lowerApex.z + δ, upperApex.z − δ), δ = ¼ layer,
 *                   counted by origin (lower / upper tip);
 *   cross-section = min over z-slabs between the apex planes of the number of atoms in the slab; the
 *                   slab is BRIDGE_BOND (3.4 Å) thick and slides in steps of 0.1 Å: thicker than any
 *                   bonded spacing along z (a chain with 2.9 Å bonds never shows an empty slab) and
 *                   thinner than two (001) layers (2 × 2.1 Å), so the minimum counts one atomic layer
 *                   of the neck; 0 when an empty slab separates the tips;
 *   bridged       = a chain of atoms with every bond < BRIDGE_BOND joins a lower-tip atom at/below the
 *                   lower apex plane to an upper-tip atom at/above the upper apex plane.
 */
import { RewireError } from '../core/errors.ts';
import { tipsOf, type SnapshotTips } from '../transport/snapshot.ts';
import type { System } from '../system/types.ts';

/** bond length that counts as a contact for `bridged`, Å (Ag NN 2.89 Å + thermal stretch; < 2NN 4.09 Å) */
export const BRIDGE_BOND = 3.4;

export interface FilamentAnalysis {
  bridged: boolean;
  gapAtoms: number;
  fromLower: number;
  fromUpper: number;
  crossSection: number;
}

export function analyzeFilament(system: System, positions: Float64Array): FilamentAnalysis {
  const tips = tipsOf(system);
  if (!tips) throw new RewireError('analyzeFilament', 'the system is not two tips (no meta.tips and none could be inferred)', 'build it with the tips builder or give origin/electrode groups');
  return analyzeWithTips(tips, positions, system.origin, system.fixed);
}

export function analyzeWithTips(tips: SnapshotTips, p: Float64Array, origin: Int8Array, fixed: Uint8Array): FilamentAnalysis {
  const n = p.length / 3;
  const zLo = tips.lowerApex[2], zHi = tips.upperApex[2], h = tips.layerSpacing, delta = h / 4;
  let gapAtoms = 0, fromLower = 0, fromUpper = 0;
  const gapZ: number[] = [];
  for (let i = 0; i < n; i++) {
    const z = p[3 * i + 2]!;
    if (fixed[i] || z <= zLo + delta || z >= zHi - delta) continue;
    gapAtoms++;
    if (origin[i] === 0) fromLower++;
    else if (origin[i] === 1) fromUpper++;
    gapZ.push(z);
  }
  // narrowest cross-section: slabs [z0, z0 + w) from zLo to zHi − w (one slab [zLo, zHi] when the gap is thinner)
  const w = Math.min(BRIDGE_BOND, zHi - zLo);
  let crossSection = Infinity;
  for (let z0 = zLo; z0 + w <= zHi + 1e-9; z0 += 0.1) {
    let c = 0;
    for (let i = 0; i < n; i++) {
      const z = p[3 * i + 2]!;
      if (z >= z0 - 1e-9 && (z < z0 + w || (w === zHi - zLo && z <= zHi + 1e-9))) c++;
    }
    crossSection = Math.min(crossSection, c);
  }
  // bridged: BFS over bonds < BRIDGE_BOND from lower-tip atoms at/below the lower apex plane;
  // only atoms within the gap region ± one bond are needed for the path search
  const lo = zLo - BRIDGE_BOND, hi = zHi + BRIDGE_BOND;
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (p[3 * i + 2]! >= lo && p[3 * i + 2]! <= hi) idx.push(i);
  const seen = new Uint8Array(n), queue: number[] = [];
  for (const i of idx) if (origin[i] === 0 && p[3 * i + 2]! <= zLo + delta) (seen[i] = 1), queue.push(i);
  let bridged = false;
  const b2 = BRIDGE_BOND * BRIDGE_BOND;
  while (queue.length && !bridged) {
    const i = queue.pop()!;
    for (const j of idx) {
      if (seen[j]) continue;
      const dx = p[3 * j]! - p[3 * i]!, dy = p[3 * j + 1]! - p[3 * i + 1]!, dz = p[3 * j + 2]! - p[3 * i + 2]!;
      if (dx * dx + dy * dy + dz * dz >= b2) continue;
      seen[j] = 1;
      if (origin[j] === 1 && p[3 * j + 2]! >= zHi - delta) {
        bridged = true;
        break;
      }
      queue.push(j);
    }
  }
  if (!Number.isFinite(crossSection)) crossSection = 0;
  return { bridged, gapAtoms, fromLower, fromUpper, crossSection };
}
