/**
 * Hermitian eigenproblems through the real-symmetric embedding
 *     H = X + iY  ↦  R(H) = [[X, −Y], [Y, X]]   (2n × 2n, symmetric when H is Hermitian),
 * which is an algebra homomorphism: R(f(H)) = f(R(H)); every eigenvalue of H appears twice in R(H).
 * R is diagonalized by Householder tridiagonalization + implicit QL (symmetricEig.ts); the cyclic
 * Jacobi method below is kept as an independent reference for tests (2.5–6× slower at 2n = 160–300).
 */
import { cmat, type CMat } from './cmat.ts';
import { wasmCountPositive, wasmFor } from './wasm/wasmLinalg.ts';
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

/** (1 + √17)/8: the Bunch–Kaufman pivot threshold (growth bounded by ≈ 2.57 per step) */
const BK_ALPHA = (1 + Math.sqrt(17)) / 8;

/**
 * Number of eigenvalues of the Hermitian H above `shift`, without computing them: by Sylvester's law
 * of inertia it is the number of positive eigenvalues of D in the Bunch–Kaufman factorization
 * P (H − shift·I) Pᵀ = L D L† (Bunch & Kaufman, Math. Comp. 31, 163 (1977); LAPACK zhetf2: 1×1 and
 * 2×2 pivots, so it is stable for indefinite matrices and the count is exact for a matrix within
 * O(ε‖H‖) of H, as for the eigenvalues themselves). ≈ 2n³/3 complex multiply–adds (both triangles
 * are updated) against ≈ 10 n³ real flops for the eigenvalues of the 2n embedding: the rank of Γ at
 * every new (E, k) of a spectrum. H is symmetrized as (H + H†)/2 first, as in embed().
 */
export function hermitianCountAbove(h: CMat, shift: number): number {
  const n = h.rows, re = new Float64Array(n * n), im = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    re[i * n + j] = 0.5 * (h.re[i * n + j]! + h.re[j * n + i]!) - (i === j ? shift : 0);
    im[i * n + j] = i === j ? 0 : 0.5 * (h.im[i * n + j]! - h.im[j * n + i]!);
  }
  const w = wasmFor((2 * n * n * n) / 3);
  if (w) return wasmCountPositive(w, re, im, n); // the same pivots and updates (wasm/inertia.as.ts countPositive)
  /** symmetric interchange of rows and columns a, b (whole matrix: a Hermitian permutation similarity) */
  const swap = (a: number, b: number) => {
    if (a === b) return;
    for (let j = 0; j < n; j++) {
      const x = re[a * n + j]!, y = im[a * n + j]!;
      (re[a * n + j] = re[b * n + j]!), (im[a * n + j] = im[b * n + j]!), (re[b * n + j] = x), (im[b * n + j] = y);
    }
    for (let j = 0; j < n; j++) {
      const x = re[j * n + a]!, y = im[j * n + a]!;
      (re[j * n + a] = re[j * n + b]!), (im[j * n + a] = im[j * n + b]!), (re[j * n + b] = x), (im[j * n + b] = y);
    }
  };
  // |re| + |im| for the pivot choices, as LAPACK's zhetf2 (cabs1): any norm keeps the growth bound
  const abs = (i: number, j: number) => Math.abs(re[i * n + j]!) + Math.abs(im[i * n + j]!);
  let positive = 0;
  for (let k = 0; k < n; ) {
    const akk = Math.abs(re[k * n + k]!);
    let r = k, colmax = 0;
    for (let i = k + 1; i < n; i++) {
      const v = abs(i, k);
      if (v > colmax) (colmax = v), (r = i);
    }
    if (Math.max(akk, colmax) === 0) {
      k++; // zero column: an eigenvalue exactly at the shift, not above it
      continue;
    }
    let size = 1;
    if (akk < BK_ALPHA * colmax) {
      let rowmax = 0;
      for (let j = k; j < n; j++) if (j !== r) rowmax = Math.max(rowmax, abs(r, j));
      if (akk * rowmax >= BK_ALPHA * colmax * colmax) {
        // 1×1 pivot, no interchange
      } else if (Math.abs(re[r * n + r]!) >= BK_ALPHA * rowmax) {
        swap(k, r);
      } else {
        size = 2;
        swap(k + 1, r);
      }
    }
    if (size === 1) {
      const d = re[k * n + k]!;
      if (d > 0) positive++;
      // A[i][j] −= A[i][k] A[k][j] / d   (i, j > k)
      for (let i = k + 1; i < n; i++) {
        const xr = re[i * n + k]! / d, xi = im[i * n + k]! / d;
        if (xr === 0 && xi === 0) continue;
        for (let j = k + 1; j < n; j++) {
          const yr = re[k * n + j]!, yi = im[k * n + j]!;
          re[i * n + j]! -= xr * yr - xi * yi;
          im[i * n + j]! -= xr * yi + xi * yr;
        }
      }
      k++;
    } else {
      // D = [[a, conj b], [b, c]] (a, c real): det < 0 ⇒ one positive eigenvalue; det > 0 ⇒ two of the sign of a
      const a = re[k * n + k]!, c = re[(k + 1) * n + k + 1]!, br = re[(k + 1) * n + k]!, bi = im[(k + 1) * n + k]!;
      const det = a * c - (br * br + bi * bi);
      positive += det < 0 ? 1 : a > 0 ? 2 : 0;
      // A[i][j] −= [A[i][k], A[i][k+1]] D⁻¹ [A[k][j]; A[k+1][j]],  D⁻¹ = [[c, −conj b], [−b, a]] / det
      for (let i = k + 2; i < n; i++) {
        const pr = re[i * n + k]!, pi = im[i * n + k]!, qr = re[i * n + k + 1]!, qi = im[i * n + k + 1]!;
        // w = [p, q] D⁻¹ = [(p c − q b) / det, (−p conj b + q a) / det]
        const w0r = (pr * c - (qr * br - qi * bi)) / det, w0i = (pi * c - (qr * bi + qi * br)) / det;
        const w1r = (-(pr * br + pi * bi) + qr * a) / det, w1i = (-(pi * br - pr * bi) + qi * a) / det;
        for (let j = k + 2; j < n; j++) {
          const ur = re[k * n + j]!, ui = im[k * n + j]!, vr = re[(k + 1) * n + j]!, vi = im[(k + 1) * n + j]!;
          re[i * n + j]! -= w0r * ur - w0i * ui + (w1r * vr - w1i * vi);
          im[i * n + j]! -= w0r * ui + w0i * ur + (w1r * vi + w1i * vr);
        }
      }
      k += 2;
    }
  }
  return positive;
}
