/**
 * Bulk fcc band structure of a model: H(k) = Σ_R h(R) e^{ik·R} over the lattice vectors within the
 * cutoff, eigenvalues by the Hermitian solver, and the Fermi level that puts `electrons` per atom
 * (two spins) into the bands on a Monkhorst–Pack mesh (bisection on the zero-temperature count
 * with linear tetrahedron-free interpolation: the mesh count is a step function, so the midpoint
 * between the last filled and first empty eigenvalue is returned).
 */
import { cmat } from '../linalg/cmat.ts';
import { hermitianEigenvalues } from '../linalg/hermitian.ts';
import { thirdBodies, type TBModel } from './types.ts';
import { coordinationWeight, COORDINATION_RANGE } from './coordination.ts';

function latticeVectors(a: number, cutoff: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  const n = Math.ceil((2 * cutoff) / a) + 1;
  for (let i = -n; i <= n; i++) for (let j = -n; j <= n; j++) for (let k = -n; k <= n; k++) {
    if ((i + j + k) % 2 !== 0) continue; // fcc in half-lattice units
    const r = [(i * a) / 2, (j * a) / 2, (k * a) / 2] as [number, number, number];
    const d = Math.hypot(...r);
    if (d > 0 && d < cutoff) out.push(r);
  }
  return out;
}


/** Smooth coordination of a bulk fcc atom as the transport code counts it for lead atoms (coordination.ts): 11.93 at 4.086 Å, 11.89 at 4.153 Å. */
export function bulkCoordination(a: number): number {
  return latticeVectors(a, COORDINATION_RANGE).reduce((z, R) => z + coordinationWeight(Math.hypot(...R)), 0);
}

/** Eigenvalues (ascending) at k (Cartesian, Å⁻¹); onsite energies of coordination Z (default 12; bulkCoordination(a) is what the leads use). */
export function bulkBands(model: TBModel, k: [number, number, number], Z = 12): Float64Array {
  const nb = model.norb, h = cmat(nb, nb), blk = new Float64Array(nb * nb), on = new Float64Array(nb);
  model.onsite(Z, on);
  for (let i = 0; i < nb; i++) h.re[i * nb + i] = on[i]!;
  const scr = model.screened, env = scr ? Float64Array.from(latticeVectors(model.lattice, scr.range).flat()) : new Float64Array(0);
  let third: Float64Array = new Float64Array(2 * (env.length / 3));
  for (const R of latticeVectors(model.lattice, model.cutoff)) {
    if (scr) {
      // screened bonds: the third bodies are the other lattice sites within range of 0 and R
      const t = thirdBodies(env, 0, 0, 0, R[0], R[1], R[2], scr.range, third);
      third = t.third;
      scr.hop(R[0], R[1], R[2], third, t.n, blk);
    } else model.hop(R[0], R[1], R[2], blk);
    const ph = k[0] * R[0] + k[1] * R[1] + k[2] * R[2], c = Math.cos(ph), s = Math.sin(ph);
    for (let i = 0; i < nb * nb; i++) (h.re[i]! += blk[i]! * c), (h.im[i]! += blk[i]! * s);
  }
  return hermitianEigenvalues(h).reverse();
}

/** Fermi level from an n³ Monkhorst–Pack mesh of the fcc primitive cell, eV. */
export function bulkFermiLevel(model: TBModel, n = 12, Z = 12): number {
  const a = model.lattice, g = (2 * Math.PI) / a;
  const b1 = [-g, g, g], b2 = [g, -g, g], b3 = [g, g, -g];
  const all: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let l = 0; l < n; l++) {
    const f = [(2 * i - n + 1) / (2 * n), (2 * j - n + 1) / (2 * n), (2 * l - n + 1) / (2 * n)];
    const k = [0, 1, 2].map((d) => f[0]! * b1[d]! + f[1]! * b2[d]! + f[2]! * b3[d]!) as [number, number, number];
    for (const e of bulkBands(model, k, Z)) all.push(e);
  }
  all.sort((x, y) => x - y);
  const filled = Math.round((model.electrons / 2) * n * n * n);
  return 0.5 * (all[filled - 1]! + all[filled]!);
}
