/**
 * `paper` device (the PWCOND setup of Milano et al. 2024, transport.md §0, §2.6): two semi-infinite
 * Ag(111) leads in a 3×3 lateral supercell, a channel of `layers` (111) layers on each side whose
 * surfaces are the MD gap G apart, and the snapshot's gap atoms in between.
 *
 * fcc(111) with d = a/√2, c = a/√3: a1 = d(1,0,0), a2 = d(½,√3/2,0), stacking shift s = (a1+a2)/3;
 * layer n holds i·a1 + j·a2 + n·s (i, j = 0..2) at z = n·c, ABC…; one layer is a principal layer
 * (NN and 2NN only couple adjacent (111) layers) with translation T = ∓(s + c ẑ).
 * Lower slab: layers n = 0 (surface, z = 0), −1, …; left lead L1 = layer −layers.
 * Upper slab: the mirror image z → G − z (same in-plane positions), so both surfaces are identical.
 * The fcc hollow site of both surfaces nearest the cell centre is (a1 + a2) + s: a single atom at
 * z = G/2 there with G = 2c is the 3+3 coordinated contact of transport.md §3.2.
 */
import type { Vec3 } from '../../system/types.ts';
import type { TransportGeometry } from './geometry.ts';

export interface Fcc111Frame {
  a: number;
  d: number;
  c: number;
  a1: Vec3;
  a2: Vec3;
  s: Vec3;
  /** in-plane fcc hollow nearest the cell centre (both surfaces) */
  hollow: [number, number];
  A1: Vec3;
  A2: Vec3;
}

export function fcc111Frame(a: number): Fcc111Frame {
  const d = a / Math.SQRT2, c = a / Math.sqrt(3);
  const a1: Vec3 = [d, 0, 0], a2: Vec3 = [d / 2, (d * Math.sqrt(3)) / 2, 0];
  const s: Vec3 = [(a1[0] + a2[0]) / 3, (a1[1] + a2[1]) / 3, 0];
  return { a, d, c, a1, a2, s, hollow: [a1[0] + a2[0] + s[0], a1[1] + a2[1] + s[1]], A1: [3 * d, 0, 0], A2: [3 * a2[0], 3 * a2[1], 0] };
}

/** 9 atoms of layer n at height z (in-plane positions of layer n). */
function layer(F: Fcc111Frame, n: number, z: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    out.push(i * F.a1[0] + j * F.a2[0] + n * F.s[0], i * F.a1[1] + j * F.a2[1] + n * F.s[1], z);
  }
  return out;
}

/**
 * Device with `gap` atoms (device frame: lower surface plane z = 0, upper surface plane z = G).
 * `layers` ≥ 2 (111) layers per side inside the device (buffer). `tie`: the outermost of them (next
 * to the lead) takes one neutrality shift per side (tiedShifts; with layers ≥ 2 only: a lone buffer
 * layer is the surface, whose atoms need their own shifts).
 */
export function paperGeometry(a: number, G: number, gap: Float64Array, layers = 2, modelName = '', tie = true): TransportGeometry {
  const F = fcc111Frame(a);
  const dev: number[] = [];
  for (let n = -(layers - 1); n <= 0; n++) dev.push(...layer(F, n, n * F.c));
  dev.push(...gap);
  for (let n = 0; n >= -(layers - 1); n--) dev.push(...layer(F, n, G - n * F.c));
  // lead layers are 3×3 supercells of the 1×1 (111) cell: atom (i, j) at i·a1 + j·a2 (+ n·s), the order of layer()
  const coords = Int32Array.from([0, 1, 2].flatMap((i) => [0, 1, 2].flatMap((j) => [i, j])));
  const unfold = { n: [3, 3] as [number, number], coords };
  return {
    device: new Float64Array(dev),
    left: { cell: new Float64Array(layer(F, -layers, -layers * F.c)), T: [-F.s[0], -F.s[1], -F.c], unfold },
    right: { cell: new Float64Array(layer(F, -layers, G + layers * F.c)), T: [-F.s[0], -F.s[1], F.c], unfold },
    lateral: [F.A1, F.A2],
    rightMirrorsLeft: true,
    // the outer buffer layer of each side (next to its lead) takes one neutrality shift: it is then periodic and joins the lead exactly (solver/absorb.ts)
    tiedShifts: tie && layers >= 2 ? [Array.from({ length: 9 }, (_, i) => i), Array.from({ length: 9 }, (_, i) => dev.length / 3 - 9 + i)] : [],
    leadKey: `paper|${modelName}|a=${a}|layers=${layers}`,
    info: { mode: 'paper', lattice: a, gapPlanes: G, bufferLayers: layers, gapAtoms: gap.length / 3 },
  };
}
