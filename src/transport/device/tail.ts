/**
 * Screened vacuum-tunnelling tail (device–device pairs). Models with a `tail` give the hopping of a
 * pair beyond their first-shell cutoff as if nothing were between the two atoms; here it is
 * multiplied by the MEAM ellipse screening factor (Baskes, PRB 46, 2727 (1992)):
 *     X_k = (r_ik/r_ij)², Y_k = (r_jk/r_ij)²,
 *     C_k = [2(X_k + Y_k) − (X_k − Y_k)² − 1] / [1 − (X_k − Y_k)²]   (atom k inside the ellipse
 *           when the denominator > 0),
 *     S_ij = Π_k f((C_k − Cmin)/(Cmax − Cmin)),  f(x) = [1 − (1 − x)⁴]² on (0, 1), 0 below, 1 above,
 * with Cmin = 2.0, Cmax = 2.8. Every second-or-further neighbour pair of a crystal, a chain or a
 * surface has an atom with C ≤ 1 between them (fcc second shell: C = 1; chain: C = 0), so S = 0 and
 * the tail vanishes there; across an open gap nothing lies between the atoms and S = 1.
 * Environment = device + both leads' first two principal layers (+ lateral images).
 */
import type { TBModel } from '../models/types.ts';
import { beyond, type TransportGeometry } from './geometry.ts';
import type { Vec3 } from '../../system/types.ts';

export const SCREEN_CMIN = 2.0;
export const SCREEN_CMAX = 2.8;

function fScreen(x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const u = 1 - (1 - x) ** 4;
  return u * u;
}

/**
 * C of atom (x, y, z) for the pair p–q (r2 = |p − q|², m its midpoint), or Infinity when the atom
 * does not count: farther than √R2 from the midpoint, at p or q, or outside the ellipse (den ≤ 0).
 */
function ellipseC(p: Vec3, q: Vec3, r2: number, m: Vec3, R2: number, x: number, y: number, z: number): number {
  if ((x - m[0]) ** 2 + (y - m[1]) ** 2 + (z - m[2]) ** 2 >= R2) return Infinity;
  const a2 = (x - p[0]) ** 2 + (y - p[1]) ** 2 + (z - p[2]) ** 2, b2 = (x - q[0]) ** 2 + (y - q[1]) ** 2 + (z - q[2]) ** 2;
  if (a2 < 1e-6 || b2 < 1e-6) return Infinity;
  const X = a2 / r2, Y = b2 / r2, den = 1 - (X - Y) ** 2;
  if (den <= 0) return Infinity;
  return (2 * (X + Y) - (X - Y) ** 2 - 1) / den;
}

const midpoint = (p: Vec3, q: Vec3): Vec3 => [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2, (p[2] + q[2]) / 2];
const dist2 = (p: Vec3, q: Vec3) => (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 + (p[2] - q[2]) ** 2;

/**
 * Screening factor of the pair p–q among environment atoms env ([3m]), skipping atoms at p or q.
 * Only atoms closer than `reach` to the midpoint of p–q count (default: all); with reach = |p − q|
 * nothing is lost, since the ellipse with C < Cmax lies inside that sphere. Stops at the first atom
 * that screens completely.
 */
export function screening(p: Vec3, q: Vec3, env: Float64Array, reach = Infinity): number {
  const m = midpoint(p, q), R2 = reach * reach, r2 = dist2(p, q);
  let S = 1;
  for (let k = 0; k < env.length / 3; k++) {
    const C = ellipseC(p, q, r2, m, R2, env[3 * k]!, env[3 * k + 1]!, env[3 * k + 2]!);
    if (C >= SCREEN_CMAX) continue;
    S *= fScreen((C - SCREEN_CMIN) / (SCREEN_CMAX - SCREEN_CMIN));
    if (S === 0) return 0;
  }
  return S;
}

/**
 * True when an atom of `near` (a subset of the environment, e.g. p's first shell) screens p–q
 * completely (C ≤ Cmin inside the ellipse, within `reach` of the midpoint): then screening() would
 * return exactly 0 too, so this cheap test can skip it for the many screened pairs of a crystal.
 */
function screenedOut(p: Vec3, q: Vec3, near: Float64Array, reach: number): boolean {
  const m = midpoint(p, q), R2 = reach * reach, r2 = dist2(p, q);
  for (let k = 0; k < near.length / 3; k++) if (ellipseC(p, q, r2, m, R2, near[3 * k]!, near[3 * k + 1]!, near[3 * k + 2]!) <= SCREEN_CMIN) return true;
  return false;
}

export interface TailPair {
  i: number;
  j: number;
  m1: number;
  m2: number;
  h: Float64Array;
}

/** Tail pairs among device atoms (i, j, lateral image) with unscreened tail ≠ 0 and S > 0. */
export function tailPairs(model: TBModel, g: TransportGeometry, imgs: [number, number, Vec3][]): TailPair[] {
  const tail = model.tail;
  if (!tail) return [];
  const D = g.device, n = D.length / 3, nb = model.norb;
  const envBase: number[] = Array.from(D);
  for (const lead of [g.left, g.right]) {
    for (let rep = 0; rep < 2; rep++) for (let a = 0; a < lead.cell.length / 3; a++) {
      envBase.push(lead.cell[3 * a]! + rep * lead.T[0], lead.cell[3 * a + 1]! + rep * lead.T[1], lead.cell[3 * a + 2]! + rep * lead.T[2]);
    }
  }
  const env: number[] = [];
  for (const [, , R] of imgs) for (let a = 0; a < envBase.length / 3; a++) env.push(envBase[3 * a]! + R[0], envBase[3 * a + 1]! + R[1], envBase[3 * a + 2]! + R[2]);
  const envArr = new Float64Array(env);
  // each device atom's first shell in the environment (for the quick complete-screening test)
  const shell: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const near: number[] = [];
    for (let k = 0; k < envArr.length / 3; k++) {
      const d2 = (envArr[3 * k]! - D[3 * i]!) ** 2 + (envArr[3 * k + 1]! - D[3 * i + 1]!) ** 2 + (envArr[3 * k + 2]! - D[3 * i + 2]!) ** 2;
      if (d2 > 1e-6 && !beyond(d2, tail.from)) near.push(envArr[3 * k]!, envArr[3 * k + 1]!, envArr[3 * k + 2]!);
    }
    shell.push(Float64Array.from(near));
  }
  const out: TailPair[] = [];
  const buf = new Float64Array(nb * nb);
  for (let i = 0; i < n; i++) {
    const p: Vec3 = [D[3 * i]!, D[3 * i + 1]!, D[3 * i + 2]!];
    for (let j = 0; j < n; j++) {
      for (const [m1, m2, R] of imgs) {
        const q: Vec3 = [D[3 * j]! + R[0], D[3 * j + 1]! + R[1], D[3 * j + 2]! + R[2]];
        if (beyond((q[0] - p[0]) ** 2 + (q[1] - p[1]) ** 2 + (q[2] - p[2]) ** 2, tail.to)) continue;
        const r = Math.hypot(q[0] - p[0], q[1] - p[1], q[2] - p[2]);
        if (r < tail.from || r >= tail.to) continue;
        // local environment: atoms within r of the midpoint (the ellipse with C < Cmax lies inside)
        if (screenedOut(p, q, shell[i]!, r)) continue;
        const S = screening(p, q, envArr, r);
        if (S < 1e-9) continue;
        tail.hop(q[0] - p[0], q[1] - p[1], q[2] - p[2], buf);
        for (let k = 0; k < buf.length; k++) buf[k]! *= S;
        out.push({ i, j, m1, m2, h: buf.slice() });
      }
    }
  }
  return out;
}
