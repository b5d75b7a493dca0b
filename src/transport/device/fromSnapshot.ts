/**
 * Transport geometries from an MD snapshot of the two tips (snapshot.tips = TipsMeta).
 * Both modes first rescale MD lengths to the model's lattice, f = a_model / a_MD (ReaxFF Ag has
 * a ≈ 4.22 Å, the TB parameters belong to 4.086 Å), so bonds are measured in the model's units.
 *
 * paper: the MD tips are replaced by flat Ag(111) 3×3 slabs. The apex atoms are kept as adatoms on
 *   those slabs: the slab surface planes lie one (111) spacing c below the lower apex plane and c
 *   above the upper one (G = f·(upperApex.z − lowerApex.z) + 2c), so the lower apex atom sits in the
 *   fcc hollow with ideal bonds (height c) and an atom resting on the apex keeps its MD bond length.
 *   (Putting the surfaces AT the apex planes instead removes the apex atoms and stretches every bond
 *   of the first gap atom to the surface to √(d² + d²/3) = 3.34 Å: an MD apex–atom–apex bridge then
 *   gives T = 0.42 instead of ≈ 1 with the s model.) Placed atoms = mobile atoms of the apex layers
 *   and the gap (z within half a (001) layer outside the apex planes or between them); each keeps
 *   its height above the lower apex plane and its lateral offset from the lower apex, which is
 *   placed on the fcc hollow nearest the cell centre; lateral positions
 *   are periodic in the 8.67 Å cell (as in the paper's PWCOND setup). A gap atom that would come
 *   closer than 1.5 Å to an atom already placed (periodic wrap of a wide filament) is dropped and
 *   counted in info.dropped.
 * tips: the device is the apex region of both tips — every atom within `depth` (001) layers of the
 *   apex planes — plus the gap atoms, all at their MD positions. Each lead continues its tip as a
 *   semi-infinite ideal fcc prism whose principal layer is the ideal pyramid layers depth, depth+1
 *   (counted from the apex; (k+1)² sites in layer k) repeated with period a along the axis.
 *   Approximations: (i) the pyramid's widening below the cut is ignored (the lead is a prism with the
 *   cross-section at the cut), (ii) the lead is a perfect lattice (thermal motion only in the
 *   device), (iii) no lateral periodicity (k = Γ). T depends on depth; report it with the result.
 */
import { RewireError } from '../../core/errors.ts';
import type { Vec3 } from '../../system/types.ts';
import type { TBModel } from '../models/types.ts';
import { OVERLAP_DISTANCE, checkNoOverlap, type Snapshot, type SnapshotTips } from '../snapshot.ts';
import type { TransportGeometry } from './geometry.ts';
import { fcc111Frame, paperGeometry } from './paperDevice.ts';

export type TransportMode = 'paper' | 'tips';
export const MODES: TransportMode[] = ['paper', 'tips'];

export function requireTips(s: Snapshot, where: string): SnapshotTips {
  if (!s.tips) throw new RewireError(where, 'the snapshot has no tips geometry (meta.tips)', 'use a snapshot of the two-tip system (rewire run) or a structure with origin and electrode groups');
  return s.tips;
}

export function paperFromSnapshot(model: TBModel, s: Snapshot, layers = 2): TransportGeometry {
  const tips = requireTips(s, 'paper mode');
  const f = model.lattice / tips.lattice;
  const zLo = tips.lowerApex[2], zHi = tips.upperApex[2], delta = tips.layerSpacing / 2;
  const F = fcc111Frame(model.lattice);
  const G = f * (zHi - zLo) + 2 * F.c;
  const probe = paperGeometry(model.lattice, G, new Float64Array(0), layers, model.name);
  const placed: number[] = Array.from(probe.device);
  const gap: number[] = [];
  let dropped = 0;
  const [A1, A2] = [F.A1, F.A2];
  for (let i = 0; i < s.n; i++) {
    const z = s.positions[3 * i + 2]!;
    if (s.fixed[i] || z <= zLo - delta || z >= zHi + delta) continue;
    const x = F.hollow[0] + f * (s.positions[3 * i]! - tips.lowerApex[0]);
    const y = F.hollow[1] + f * (s.positions[3 * i + 1]! - tips.lowerApex[1]);
    const zz = F.c + f * (z - zLo);
    let clash = false;
    for (let j = 0; j < placed.length / 3 && !clash; j++) {
      for (let a = -2; a <= 2 && !clash; a++) for (let b = -2; b <= 2 && !clash; b++) {
        const r = Math.hypot(placed[3 * j]! + a * A1[0] + b * A2[0] - x, placed[3 * j + 1]! + a * A1[1] + b * A2[1] - y, placed[3 * j + 2]! - zz);
        if (r < OVERLAP_DISTANCE) clash = true;
      }
    }
    if (clash) {
      dropped++;
      continue;
    }
    placed.push(x, y, zz);
    gap.push(x, y, zz);
  }
  const g = paperGeometry(model.lattice, G, new Float64Array(gap), layers, model.name);
  g.info = { ...g.info, scale: f, dropped, timeFs: s.timeFs, step: s.step };
  return g;
}

/** Ideal pyramid layer k (from the apex) of a tip: sites (i h, j h), |i|+|j| ≤ k, |i|+|j| ≡ k (mod 2). */
function pyramidLayer(k: number, h: number, apex: Vec3, dir: 1 | -1): number[] {
  const out: number[] = [];
  for (let i = -k; i <= k; i++) for (let j = -k; j <= k; j++) {
    const s = Math.abs(i) + Math.abs(j);
    if (s <= k && (s - k) % 2 === 0) out.push(apex[0] + i * h, apex[1] + j * h, apex[2] - dir * k * h);
  }
  return out;
}

export const TIPS_DEPTH_DEFAULT: Record<string, number> = { s: 4, spd: 2, 'spd-bulk-onsite': 2 };

export function tipsFromSnapshot(model: TBModel, s: Snapshot, depth = TIPS_DEPTH_DEFAULT[model.name] ?? 3): TransportGeometry {
  const tips = requireTips(s, 'tips mode');
  if (!(depth >= 1 && Number.isInteger(depth))) throw new RewireError('--depth', `is ${depth}`, 'a positive integer number of (001) layers');
  const f = model.lattice / tips.lattice, h = model.lattice / 2;
  const lo = tips.lowerApex, up = tips.upperApex;
  const map = (i: number): Vec3 => [f * (s.positions[3 * i]! - lo[0]), f * (s.positions[3 * i + 1]! - lo[1]), f * (s.positions[3 * i + 2]! - lo[2])];
  const lowApex: Vec3 = [0, 0, 0];
  const upApex: Vec3 = [f * (up[0] - lo[0]), f * (up[1] - lo[1]), f * (up[2] - lo[2])];
  const zMin = -(depth - 0.5) * h, zMax = upApex[2] + (depth - 0.5) * h;
  const dev: number[] = [];
  let outside = 0;
  for (let i = 0; i < s.n; i++) {
    const p = map(i);
    if (p[2] <= zMin || p[2] >= zMax) continue;
    // the prism lead below the cut covers |x|+|y| ≤ (depth+1) h; atoms far outside the tip footprint are kept (they are real)
    if (s.fixed[i]) outside++;
    dev.push(...p);
  }
  if (dev.length === 0) throw new RewireError('tips mode', 'no atoms in the apex region', 'check the snapshot tips geometry');
  const leftCell = [...pyramidLayer(depth, h, lowApex, 1), ...pyramidLayer(depth + 1, h, lowApex, 1)];
  const rightCell = [...pyramidLayer(depth, h, upApex, -1), ...pyramidLayer(depth + 1, h, upApex, -1)];
  const device = new Float64Array(dev);
  checkNoOverlap(new Float64Array([...dev, ...leftCell, ...rightCell]), 'tips mode device + leads');
  return {
    device,
    left: { cell: new Float64Array(leftCell), T: [0, 0, -2 * h] },
    right: { cell: new Float64Array(rightCell), T: [0, 0, 2 * h] },
    lateral: null,
    rightMirrorsLeft: Math.hypot(upApex[0], upApex[1]) < 1e-9,
    leadKey: `tips|${model.name}|a=${model.lattice}|depth=${depth}|dx=${upApex[0].toFixed(6)},${upApex[1].toFixed(6)}`,
    info: { mode: 'tips', lattice: model.lattice, scale: f, depth, deviceAtoms: dev.length / 3, leadAtomsPerLayer: leftCell.length / 3, fixedInDevice: outside, timeFs: s.timeFs, step: s.step },
  };
}

export function geometryFromSnapshot(model: TBModel, s: Snapshot, mode: string, opts: { depth?: number; layers?: number } = {}): TransportGeometry {
  checkNoOverlap(s.positions, `snapshot step ${s.step}`);
  if (mode === 'paper') return paperFromSnapshot(model, s, opts.layers ?? 2);
  if (mode === 'tips') return tipsFromSnapshot(model, s, opts.depth);
  throw new RewireError('--mode', `unknown transport mode "${mode}"`, `use one of ${MODES.join(', ')}`);
}
