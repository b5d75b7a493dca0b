// Hand-written complex LU and the Hermitian helpers built on it (eigenvalues, PSD square root).
import { describe, expect, it } from 'vitest';
import { cadjoint, cidentity, cinverse, cmat, cmul, cluFactor, cluSolve, type CMat } from '../../src/transport/linalg/cmat.ts';
import { hermitianEigenvalues, hermitianSqrtPsd } from '../../src/transport/linalg/hermitian.ts';

function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
}
function randomC(n: number, m: number, r: () => number): CMat {
  const a = cmat(n, m);
  for (let i = 0; i < n * m; i++) (a.re[i] = r()), (a.im[i] = r());
  return a;
}
const maxDiff = (a: CMat, b: CMat) => a.re.reduce((m, x, i) => Math.max(m, Math.abs(x - b.re[i]!), Math.abs(a.im[i]! - b.im[i]!)), 0);

describe('complex dense linear algebra', () => {
  it('LU inverse: A·A⁻¹ = I to 1e-12 (n = 60, pivoting needed)', () => {
    const r = rng(3), a = randomC(60, 60, r);
    a.re[0] = 0; a.im[0] = 0; // zero leading pivot forces a row swap
    const p = cmul(a, cinverse(a));
    for (let i = 0; i < 60; i++) p.re[i * 60 + i]! -= 1;
    expect(Math.max(...p.re.map(Math.abs), ...p.im.map(Math.abs))).toBeLessThan(1e-12);
  });
  it('blocked LU and the U⁻¹L⁻¹P inverse at every size around the 4-column panels (n = 1…13, pivoting in every panel): P·A = L·U, A·A⁻¹ = I, A⁻¹ = the solve against I', () => {
    const r = rng(7);
    for (let n = 1; n <= 13; n++) {
      const a = randomC(n, n, r);
      for (let i = 1; i < n; i += 3) (a.re[i * n + i] = 0), (a.im[i * n + i] = 0); // zero diagonals force swaps
      const f = cluFactor(a), inv = cinverse(a);
      // L·U against the rows of A in pivot order
      const L = cmat(n, n), U = cmat(n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        const t = i > j ? L : U;
        if (i === j) L.re[i * n + i] = 1;
        (t.re[i * n + j] = f.lu.re[i * n + j]!), (t.im[i * n + j] = f.lu.im[i * n + j]!);
      }
      const pa = cmat(n, n), rows = Array.from({ length: n }, (_, i) => i);
      for (let k = 0; k < n; k++) [rows[k], rows[f.piv[k]!]] = [rows[f.piv[k]!]!, rows[k]!];
      rows.forEach((src, i) => { pa.re.set(a.re.subarray(src * n, src * n + n), i * n); pa.im.set(a.im.subarray(src * n, src * n + n), i * n); });
      expect(maxDiff(cmul(L, U), pa), `LU n=${n}`).toBeLessThan(1e-12);
      expect(maxDiff(cmul(a, inv), cidentity(n)), `A·A⁻¹ n=${n}`).toBeLessThan(1e-11);
      expect(maxDiff(inv, cluSolve(f, cidentity(n))), `inverse vs solve n=${n}`).toBeLessThan(1e-11);
    }
  });
  it('singular matrix is a clear error', () => {
    expect(() => cluFactor(cmat(3, 3))).toThrow(/singular matrix.*Fix:/);
  });
  it('Hermitian eigenvalues of B B† are ≥ 0 and sum to the trace; √ reproduces the matrix', () => {
    const r = rng(11), b = randomC(12, 5, r); // rank 5
    const h = cmul(b, cadjoint(b));
    const ev = hermitianEigenvalues(h);
    let tr = 0;
    for (let i = 0; i < 12; i++) tr += h.re[i * 12 + i]!;
    expect(Math.abs(ev.reduce((x, y) => x + y, 0) - tr)).toBeLessThan(1e-11);
    expect(ev[4]!).toBeGreaterThan(1e-3);
    expect(Math.abs(ev[5]!)).toBeLessThan(1e-12);
    const s = hermitianSqrtPsd(h).sqrt;
    // rank-deficient: round-off eigenvalues ~1e-15 enter as √ ~3e-8, hence the 1e-8 bound
    expect(maxDiff(cmul(s, s), h)).toBeLessThan(1e-8);
  });
});
