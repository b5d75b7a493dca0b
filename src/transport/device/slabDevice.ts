/**
 * `slab` device: the PWCOND `ikind = 1` layout of a periodic scattering cell (transport.md §2.8,
 * test/fixtures/dft/README.md). Inputs are extended XYZ cells with a general `Lattice=` (A1, A2 in
 * the x-y plane, A3 = L ẑ along transport):
 *   scattering cell: atoms at 0 ≤ z < L (the first layer at z = 0), periodic in A1, A2;
 *   lead cell: the bulk unit that repeats along z with period L_lead (same A1, A2).
 * Left lead = the lead cell placed at z − L_lead (principal layer L1), continued by T = −L_lead ẑ;
 * right lead = the lead cell placed at z = L, continued by T = +L_lead ẑ. All scattering atoms
 * are device atoms. Lengths may be rescaled by a factor f (to the model's lattice constant).
 * T is per lateral cell; k-points are fractions of the lateral reciprocal vectors.
 */
import { RewireError } from '../../core/errors.ts';
import type { Vec3 } from '../../system/types.ts';
import type { TransportGeometry } from './geometry.ts';

export interface PeriodicCell {
  /** lattice vectors (rows), Å */
  lattice: [Vec3, Vec3, Vec3];
  /** [3n] Å */
  positions: Float64Array;
  /** key=value pairs of the comment line */
  meta: Record<string, string>;
}

/** Extended XYZ with a general Lattice="a1x a1y a1z a2x … a3z" (the DFT fixture format). */
export function parsePeriodicXyz(text: string, source: string): PeriodicCell {
  const lines = text.split(/\r?\n/);
  const n = Number(lines[0]?.trim());
  if (!Number.isInteger(n) || n < 1) throw new RewireError(`${source}: line 1`, `is "${lines[0]}", not an atom count`, 'write an extended XYZ file');
  const comment = lines[1] ?? '';
  const meta: Record<string, string> = {};
  for (const m of comment.matchAll(/(\w+)=("([^"]*)"|\S+)/g)) meta[m[1]!] = m[3] ?? m[2]!;
  const lat = (meta['Lattice'] ?? '').trim().split(/\s+/).map(Number);
  if (lat.length !== 9 || lat.some((x) => !Number.isFinite(x))) throw new RewireError(`${source}: Lattice`, 'missing or not 9 numbers', 'add Lattice="a1x a1y a1z a2x a2y a2z a3x a3y a3z" (Å) to the comment line');
  const A: [Vec3, Vec3, Vec3] = [[lat[0]!, lat[1]!, lat[2]!], [lat[3]!, lat[4]!, lat[5]!], [lat[6]!, lat[7]!, lat[8]!]];
  if (Math.abs(A[0][2]) > 1e-6 || Math.abs(A[1][2]) > 1e-6 || Math.abs(A[2][0]) > 1e-6 || Math.abs(A[2][1]) > 1e-6 || !(A[2][2] > 0)) {
    throw new RewireError(`${source}: Lattice`, 'the first two vectors must lie in the x-y plane and the third along +z', 'orient the cell with transport along z');
  }
  const pos = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const f = (lines[2 + i] ?? '').trim().split(/\s+/);
    const xyz = f.slice(1, 4).map(Number);
    if (xyz.length !== 3 || xyz.some((x) => !Number.isFinite(x))) throw new RewireError(`${source}: line ${3 + i}`, `cannot read "${lines[2 + i]}"`, 'write "Ag x y z" per atom');
    pos.set(xyz, 3 * i);
  }
  return { lattice: A, positions: pos, meta };
}

export function slabGeometry(scatter: PeriodicCell, lead: PeriodicCell, scale = 1, modelName = ''): TransportGeometry {
  const close = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1]) < 1e-4;
  if (!close(scatter.lattice[0], lead.lattice[0]) || !close(scatter.lattice[1], lead.lattice[1])) {
    throw new RewireError('--lead', 'the lead cell has other lateral vectors than the scattering cell', 'use the lead unit cell of the same lateral supercell');
  }
  const L = scatter.lattice[2][2], Ll = lead.lattice[2][2];
  const sc = (p: Float64Array, dz: number) => Float64Array.from(p, (x, i) => scale * (i % 3 === 2 ? x + dz : x));
  const A1 = scatter.lattice[0].map((x) => x * scale) as Vec3, A2 = scatter.lattice[1].map((x) => x * scale) as Vec3;
  return {
    device: sc(scatter.positions, 0),
    left: { cell: sc(lead.positions, -Ll), T: [0, 0, -scale * Ll] },
    right: { cell: sc(lead.positions, L), T: [0, 0, scale * Ll] },
    lateral: [A1, A2],
    leadKey: `slab|${modelName}|${Array.from(lead.positions).map((x) => x.toFixed(5)).join(',')}|${lead.lattice.flat().join(',')}|s=${scale}`,
    info: { mode: 'slab', scale, scatteringAtoms: scatter.positions.length / 3, leadAtoms: lead.positions.length / 3, length: L * scale, leadPeriod: Ll * scale },
  };
}
