// Hermitian eigensolver (Householder + QL through the real-symmetric embedding) against analytic spectra and the Jacobi reference.
import { describe, expect, it } from 'vitest';
import { cmat } from '../../src/transport/linalg/cmat.ts';
import { hermitianCountAbove, hermitianEigenvalues, hermitianSqrtPsd, jacobiEig } from '../../src/transport/linalg/hermitian.ts';
import { cadjoint, cmul } from '../../src/transport/linalg/cmat.ts';
import { householderQlEig } from '../../src/transport/linalg/symmetricEig.ts';

let seed = 11;
const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;

describe('symmetric / Hermitian eigensolver', () => {
  it('tridiagonal Toeplitz: λ_k = 2cos(πk/(n+1)) to 1e-13', () => {
    const n = 50, a = new Float64Array(n * n);
    for (let i = 0; i + 1 < n; i++) a[i * n + i + 1] = a[(i + 1) * n + i] = 1;
    const { values } = householderQlEig(a, n);
    const exact = Array.from({ length: n }, (_, k) => 2 * Math.cos((Math.PI * (k + 1)) / (n + 1))).sort((x, y) => x - y);
    for (let k = 0; k < n; k++) expect(Math.abs(values[k]! - exact[k]!)).toBeLessThan(1e-13);
  });
  it('random symmetric 120×120: A v = λ v, VᵀV = I, same values as cyclic Jacobi', () => {
    const n = 120, a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rnd();
    const { values, vectors: V } = householderQlEig(a, n);
    const ref = Array.from(jacobiEig(a.slice(), n).values).sort((x, y) => x - y);
    let res = 0, orth = 0, dv = 0;
    for (let k = 0; k < n; k++) {
      dv = Math.max(dv, Math.abs(values[k]! - ref[k]!));
      if (k > 0) expect(values[k]!).toBeGreaterThanOrEqual(values[k - 1]!);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j]! * V[j * n + k]!;
        res = Math.max(res, Math.abs(s - values[k]! * V[i * n + k]!));
      }
      for (let l = 0; l < n; l++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += V[i * n + k]! * V[i * n + l]!;
        orth = Math.max(orth, Math.abs(s - (k === l ? 1 : 0)));
      }
    }
    expect(dv).toBeLessThan(1e-12);
    expect(res).toBeLessThan(1e-12);
    expect(orth).toBeLessThan(1e-12);
  });
  it('Hermitian PSD of rank 3 (a Γ-like matrix): eigenvalues, √H·√H = H', () => {
    const n = 30, r = 3, B = cmat(n, r);
    for (let i = 0; i < n * r; i++) (B.re[i] = rnd()), (B.im[i] = rnd());
    const H = cmat(n, n); // H = B B†
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < r; k++) {
      const ar = B.re[i * r + k]!, ai = B.im[i * r + k]!, br = B.re[j * r + k]!, bi = -B.im[j * r + k]!;
      H.re[i * n + j]! += ar * br - ai * bi;
      H.im[i * n + j]! += ar * bi + ai * br;
    }
    const ev = hermitianEigenvalues(H);
    let tr = 0;
    for (let i = 0; i < n; i++) tr += H.re[i * n + i]!;
    expect(Math.abs(ev.reduce((x, y) => x + y, 0) - tr)).toBeLessThan(1e-11);
    for (let k = r; k < n; k++) expect(Math.abs(ev[k]!)).toBeLessThan(1e-12);
    const { sqrt: S } = hermitianSqrtPsd(H);
    let err = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let xr = 0, xi = 0;
      for (let k = 0; k < n; k++) {
        const ar = S.re[i * n + k]!, ai = S.im[i * n + k]!, br = S.re[k * n + j]!, bi = S.im[k * n + j]!;
        xr += ar * br - ai * bi;
        xi += ar * bi + ai * br;
      }
      err = Math.max(err, Math.abs(xr - H.re[i * n + j]!), Math.abs(xi - H.im[i * n + j]!));
    }
    expect(err).toBeLessThan(1e-6); // √ of the round-off eigenvalues (~1e-15) contributes ~1e-8·‖·‖
  });
  it('inertia count (Bunch–Kaufman) = number of eigenvalues above a shift, on PSD, indefinite and low-rank Hermitian matrices', () => {
    let bad = 0, checks = 0, twoByTwo = 0;
    for (let t = 0; t < 150; t++) {
      const n = 1 + (t % 37);
      const a = cmat(n, n);
      for (let i = 0; i < n * n; i++) (a.re[i] = rnd()), (a.im[i] = rnd());
      let h = cmul(a, cadjoint(a));
      if (t % 3 === 1) for (let i = 0; i < n; i++) h.re[i * n + i]! -= n / 6; // indefinite
      if (t % 3 === 2) {
        const r = Math.max(1, n >> 2), b = cmat(n, r); // rank n/4: the shape of Γ with few open channels
        for (let i = 0; i < n * r; i++) (b.re[i] = rnd()), (b.im[i] = rnd());
        h = cmul(b, cadjoint(b));
      }
      const ev = Array.from(hermitianEigenvalues(h));
      for (const shift of [-1, 1e-2, 0.05, n / 12]) {
        // skip shifts within 1e-9 of an eigenvalue (the count there is a tie)
        if (ev.some((v) => Math.abs(v - shift) < 1e-9)) continue;
        checks++;
        if (hermitianCountAbove(h, shift) !== ev.filter((v) => v > shift).length) bad++;
      }
    }
    // a zero diagonal forces the 2×2 pivots: [[0, B], [B†, 0]] has eigenvalues ±σ(B)
    const n = 12, z = cmat(2 * n, 2 * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const x = rnd(), y = rnd();
      (z.re[i * 2 * n + n + j] = x), (z.im[i * 2 * n + n + j] = y), (z.re[(n + j) * 2 * n + i] = x), (z.im[(n + j) * 2 * n + i] = -y);
    }
    if (hermitianCountAbove(z, 0) === n) twoByTwo++;
    expect(checks).toBeGreaterThan(500);
    expect(bad).toBe(0);
    expect(twoByTwo).toBe(1);
  });
});
