/**
 * The WebAssembly backend of the dense complex kernels (src/transport/linalg/wasm) against the
 * JavaScript kernels of cmat.ts: the same operations in the same order, so the same bits, entry by
 * entry, on random and partly sparse matrices of odd and even sizes (every SIMD tail and zero-skip
 * path); and the committed module is what its source compiles to.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { cinverse, cluFactor, cluInverse, cluSolve, cmat, cmul, cmulAdd, type CMat } from '../../src/transport/linalg/cmat.ts';
import { linalgBackend, setLinalgBackend, type LinalgBackend } from '../../src/transport/linalg/wasm/wasmLinalg.ts';
import { buildKernels } from '../../scripts/build-wasm.mjs';
import { hermitianCountAbove } from '../../src/transport/linalg/hermitian.ts';
import { surfaceGreen, surfaceGreenBoth } from '../../src/transport/solver/surfaceGreen.ts';
import { cadjoint, caddInPlace } from '../../src/transport/linalg/cmat.ts';

afterEach(() => setLinalgBackend(undefined));

/** deterministic random matrix; `holes`: fraction of entries set to zero (whole groups of four, too) */
function rand(rows: number, cols: number, seed: number, holes = 0): CMat {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const m = cmat(rows, cols);
  for (let i = 0; i < rows * cols; i++) {
    const blank = holes > 0 && (Math.abs(next()) < holes || (i % cols) % 8 < 4 * holes);
    m.re[i] = blank ? 0 : next();
    m.im[i] = blank ? 0 : next();
  }
  return m;
}

function withBackend<T>(b: LinalgBackend, f: () => T): T {
  setLinalgBackend(b);
  try {
    return f();
  } finally {
    setLinalgBackend(undefined);
  }
}

function expectSameBits(a: CMat, b: CMat): void {
  expect([a.rows, a.cols]).toEqual([b.rows, b.cols]);
  let diff = 0;
  for (let i = 0; i < a.re.length; i++) if (a.re[i] !== b.re[i] || a.im[i] !== b.im[i]) diff++;
  expect(diff).toBe(0);
}

describe('WebAssembly linear algebra', () => {
  it('loads in Node (the default backend; REWIRE_LINALG=js forces JavaScript)', () => {
    expect(linalgBackend()).toBe(process.env.REWIRE_LINALG === 'js' ? 'js' : 'wasm');
    setLinalgBackend('js');
    expect(linalgBackend()).toBe('js');
  });

  it.each([
    [13, 17, 9],
    [40, 33, 41],
    [81, 81, 81],
    [64, 9, 127],
  ])('C += A·B (%i×%i · %i columns) is bit for bit the JavaScript kernel', (n, K, m) => {
    for (const holes of [0, 0.5]) {
      const a = rand(n, K, 1 + n, holes), b = rand(K, m, 2 + m), c0 = rand(n, m, 3);
      const cj = { ...c0, re: c0.re.slice(), im: c0.im.slice() }, cw = { ...c0, re: c0.re.slice(), im: c0.im.slice() };
      withBackend('js', () => cmulAdd(a, b, cj));
      withBackend('wasm', () => cmulAdd(a, b, cw));
      expectSameBits(cj, cw);
      expectSameBits(withBackend('js', () => cmul(a, b)), withBackend('wasm', () => cmul(a, b)));
    }
  });

  it.each([21, 50, 81, 108, 131])('LU, solve and inverse of a %i×%i matrix are bit for bit the JavaScript ones', (n) => {
    for (const holes of [0, 0.6]) {
      const a = rand(n, n, 7 * n, holes);
      for (let i = 0; i < n; i++) a.re[i * n + i]! += 3; // keep it well conditioned with the holes
      const fj = withBackend('js', () => cluFactor(a)), fw = withBackend('wasm', () => cluFactor(a));
      expect(Array.from(fw.piv)).toEqual(Array.from(fj.piv));
      expectSameBits(fj.lu, fw.lu);
      const b = rand(n, 23, 11);
      const xj = withBackend('js', () => cluSolve(fj, b)), xw = withBackend('wasm', () => cluSolve(fw, b));
      expectSameBits(xj, xw);
      expectSameBits(withBackend('js', () => cluInverse(fj)), withBackend('wasm', () => cluInverse(fw)));
      // and the inverse is one: A·A⁻¹ = I to round-off
      const p = cmul(a, withBackend('wasm', () => cinverse(a)));
      let err = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) err = Math.max(err, Math.hypot(p.re[i * n + j]! - (i === j ? 1 : 0), p.im[i * n + j]!));
      expect(err).toBeLessThan(1e-10);
    }
  });

  it('a solve after factoring another matrix uses the right factors (the resident LU is swapped)', () => {
    setLinalgBackend('wasm');
    const a = rand(40, 40, 5), c = rand(40, 40, 6), b = rand(40, 7, 8);
    const fa = cluFactor(a), fc = cluFactor(c);
    const xa = cluSolve(fa, b), xc = cluSolve(fc, b);
    setLinalgBackend('js');
    expectSameBits(xa, cluSolve(cluFactor(a), b));
    expectSameBits(xc, cluSolve(cluFactor(c), b));
  });

  it.each([9, 18, 27])('López Sancho decimation of a %i-orbital lead: the same bits and iterations (and the reversed lead)', (b) => {
    const x = rand(b, b, 3 * b), h00 = caddInPlace(cadjoint(x), x, 1), h01 = rand(b, b, 5 * b);
    for (let i = 0; i < b * b; i++) (h01.re[i]! *= 0.3), (h01.im[i]! *= 0.3);
    for (const E of [-0.7, 0.2]) {
      const j = withBackend('js', () => surfaceGreenBoth({ h00, h01 }, E, { eta: 1e-4 })), w = withBackend('wasm', () => surfaceGreenBoth({ h00, h01 }, E, { eta: 1e-4 }));
      expect(w.iterations).toBe(j.iterations);
      expect(j.iterations).toBeGreaterThan(3);
      expectSameBits(j.g, w.g);
      expectSameBits(j.gReversed, w.gReversed);
      expectSameBits(withBackend('js', () => surfaceGreen({ h00, h01 }, E, { eta: 1e-4 }).g), w.g);
    }
  });

  it('inertia counts (Bunch–Kaufman) are those of the JavaScript factorization, 2×2 pivots included', () => {
    for (const n of [7, 30, 81]) {
      const x = rand(n, n, 13 * n), h = caddInPlace(cadjoint(x), x, 1);
      for (const shift of [-2, -0.3, 0, 0.4, 2]) expect(withBackend('wasm', () => hermitianCountAbove(h, shift))).toBe(withBackend('js', () => hermitianCountAbove(h, shift)));
      const z = cmat(2 * n, 2 * n); // zero diagonal: the 2×2 pivots
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        (z.re[i * 2 * n + n + j] = x.re[i * n + j]!), (z.im[i * 2 * n + n + j] = x.im[i * n + j]!);
        (z.re[(n + j) * 2 * n + i] = x.re[i * n + j]!), (z.im[(n + j) * 2 * n + i] = -x.im[i * n + j]!);
      }
      expect(withBackend('wasm', () => hermitianCountAbove(z, 0))).toBe(n);
      expect(withBackend('js', () => hermitianCountAbove(z, 0))).toBe(n);
    }
  });

  it('a singular matrix gets the named solver error on the wasm path too', () => {
    const a = rand(30, 30, 9);
    for (let j = 0; j < 30; j++) (a.re[5 * 30 + j] = 0), (a.im[5 * 30 + j] = 0);
    setLinalgBackend('wasm');
    expect(() => cluFactor(a)).toThrow(/singular matrix in LU/);
  });

  it('the committed module is what the *.as.ts sources compile to (npm run build:wasm)', async () => {
    const fresh = await buildKernels();
    expect(readFileSync(new URL('../../src/transport/linalg/wasm/kernels.wasm.ts', import.meta.url), 'utf8')).toBe(fresh);
  }, 60_000);
});
