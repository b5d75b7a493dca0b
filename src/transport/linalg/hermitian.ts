/**
 * Hermitian eigenproblems through the real-symmetric embedding
 *     H = X + iY  ↦  R(H) = [[X, −Y], [Y, X]]   (2n × 2n, symmetric when H is Hermitian),
 * which is an algebra homomorphism: R(f(H)) = f(R(H)); every eigenvalue of H appears twice in R(H).
 * R is diagonalized by Householder tridiagonalization + implicit QL (symmetricEig.ts); the cyclic
 * Jacobi method below is kept as an independent reference for tests (2.5–6× slower at 2n = 160–300).
 */
import { cmat, type CMat } from './cmat.ts';
import { householderQlEig, householderQlValues } from './symmetricEig.ts';

/** Real symmetric A (n×n row-major, not modified) → eigenvalues (ascending) and eigenvectors (columns of V). */
export function symmetricEig(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  return householderQlEig(a, n);
}

/** Cyclic Jacobi (reference): A (n×n symmetric, row-major, destroyed) → eigenvalues and eigenvectors (columns of V). */
export function jacobiEig(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]!));
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! * a[p * n + q]!;
    if (Math.sqrt(off) <= 1e-15 * scale * n || scale === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * n + p]!, aqq = a[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!, akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!, aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!, vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  return { values, vectors: v };
}

function embed(h: CMat): Float64Array {
  const n = h.rows, m = 2 * n;
  const r = new Float64Array(m * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      // symmetrize: use the Hermitian part (H + H†)/2 so round-off asymmetry cannot leak in
      const x = 0.5 * (h.re[i * n + j]! + h.re[j * n + i]!);
      const y = 0.5 * (h.im[i * n + j]! - h.im[j * n + i]!);
      r[i * m + j] = x; r[(i + n) * m + (j + n)] = x;
      r[i * m + (j + n)] = -y; r[(i + n) * m + j] = y;
    }
  }
  return r;
}

/** Eigenvalues of a Hermitian matrix, descending. */
export function hermitianEigenvalues(h: CMat): Float64Array {
  const n = h.rows;
  const values = householderQlValues(embed(h), 2 * n);
  const sorted = Array.from(values).sort((a, b) => b - a);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = 0.5 * (sorted[2 * i]! + sorted[2 * i + 1]!);
  return out;
}

/**
 * Square root of a Hermitian positive semidefinite matrix: U √max(Λ,0) U†. Also returns the
 * eigenvalues (descending) so callers can count the rank.
 */
export function hermitianSqrtPsd(h: CMat): { sqrt: CMat; values: Float64Array } {
  const n = h.rows, m = 2 * n;
  const { values, vectors } = symmetricEig(embed(h), m);
  const s = cmat(n, n);
  // R(√H) = V diag(√λ) Vᵀ; read X from the top-left block and Y from the bottom-left block.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let x = 0, y = 0;
      for (let k = 0; k < m; k++) {
        const w = Math.sqrt(Math.max(values[k]!, 0));
        if (w === 0) continue;
        x += vectors[i * m + k]! * w * vectors[j * m + k]!;
        y += vectors[(i + n) * m + k]! * w * vectors[j * m + k]!;
      }
      s.re[i * n + j] = x; s.im[i * n + j] = y;
    }
  }
  const sorted = Array.from(values).sort((a, b) => b - a);
  const ev = new Float64Array(n);
  for (let i = 0; i < n; i++) ev[i] = 0.5 * (sorted[2 * i]! + sorted[2 * i + 1]!);
  return { sqrt: s, values: ev };
}
