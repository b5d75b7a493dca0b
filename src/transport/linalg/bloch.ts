/**
 * Bloch sums of real-space hopping tables: a block of a lattice-periodic Hamiltonian at lateral k,
 *     H_ij(k) = Σ_(m1, m2) h_ij(m1, m2) · exp(2πi (f1 m1 + f2 m2)) + onsite δ_ij,
 * f = k in fractions of the reciprocal vectors of the lattice (m1, m2) counts in. Plain data
 * (structured-clonable: prepared geometries travel to worker threads).
 */
import { cmat, type CMat } from './cmat.ts';

export interface Pair {
  /** row atom, column atom */
  i: number;
  j: number;
  /** lattice translation of the column atom */
  m1: number;
  m2: number;
  /** norb×norb real block */
  h: Float64Array;
}

export interface PairTable {
  rows: number;
  cols: number;
  pairs: Pair[];
  /** onsite diagonals (rows·norb) when this is a diagonal block */
  onsite?: Float64Array;
}

export function assemble(t: PairTable, nb: number, f: [number, number]): CMat {
  const m = cmat(t.rows, t.cols);
  for (const p of t.pairs) {
    const ph = 2 * Math.PI * (f[0] * p.m1 + f[1] * p.m2), c = Math.cos(ph), s = Math.sin(ph);
    for (let a = 0; a < nb; a++) {
      const row = (p.i * nb + a) * t.cols + p.j * nb;
      for (let b = 0; b < nb; b++) {
        const h = p.h[a * nb + b]!;
        m.re[row + b]! += h * c;
        m.im[row + b]! += h * s;
      }
    }
  }
  if (t.onsite) for (let i = 0; i < t.onsite.length; i++) m.re[i * t.cols + i]! += t.onsite[i]!;
  return m;
}
