/**
 * Dense complex matrices on split Float64Array storage (row-major, re/im separate), and the
 * kernels NEGF needs: product, LU with partial pivoting (zgetrf) + multi-RHS solve (zgetrs),
 * adjoint. All float64; no dependencies, so it runs unchanged in Node workers and Web Workers.
 */
import { RewireError } from '../../core/errors.ts';
import { wasmFor, wasmLuFactor, wasmLuInverse, wasmLuSolve, wasmMulAdd } from './wasm/wasmLinalg.ts';

export interface CMat {
  rows: number;
  cols: number;
  re: Float64Array;
  im: Float64Array;
}

export function cmat(rows: number, cols: number): CMat {
  return { rows, cols, re: new Float64Array(rows * cols), im: new Float64Array(rows * cols) };
}

/**
 * An n×m matrix whose entries are made on first read (memoized): for results that the fast paths
 * never read (a folded lead g whose self-energies come from its unfolded blocks, solver/unfold.ts).
 */
export function lazyCMat(rows: number, cols: number, make: () => CMat): CMat {
  let m: CMat | undefined;
  const get = () => (m ??= make());
  return {
    rows, cols,
    get re() { return get().re; },
    get im() { return get().im; },
  };
}

export function cidentity(n: number, scale = 1): CMat {
  const m = cmat(n, n);
  for (let i = 0; i < n; i++) m.re[i * n + i] = scale;
  return m;
}

export function cclone(a: CMat): CMat {
  return { rows: a.rows, cols: a.cols, re: a.re.slice(), im: a.im.slice() };
}

/**
 * C = A·B (i-k-j loop order, cache friendly for row-major; four rows of B per pass over a row of C,
 * so C is loaded and stored a quarter as often: ≈ 2× the plain loop in V8).
 */
export function cmul(a: CMat, b: CMat): CMat {
  if (a.cols !== b.rows) throw new Error(`cmul: ${a.rows}x${a.cols} · ${b.rows}x${b.cols}`);
  const c = cmat(a.rows, b.cols);
  cmulAdd(a, b, c, true);
  return c;
}

/** C += A·B (the kernel of cmul; the WebAssembly twin, same bits, where it loads: wasm/wasmLinalg.ts). `cZero`: C is known to be all zeros. */
export function cmulAdd(a: CMat, b: CMat, c: CMat, cZero = false): void {
  const n = a.rows, m = b.cols, K = a.cols;
  const w = wasmFor(n * K * m);
  if (w) return wasmMulAdd(w, a.re, a.im, b.re, b.im, c.re, c.im, n, K, m, cZero);
  for (let i = 0; i < n; i++) rowAccumulate(c.re, c.im, i * m, a.re, a.im, i * K, b.re, b.im, m, 0, K, 1);
}

/**
 * dst[o + j] += sign · Σ_{k0 ≤ k < k1} w[wo + k] · src[k·m + j] for j < m (complex, split re/im;
 * sign = ±1): four rows of src per pass over the destination row, so it is loaded and stored a
 * quarter as often; groups of zero weights are skipped. The sign is applied to the weights as they
 * are loaded, so sign = −1 gives exactly (bit for bit) the subtraction. src may be the array of dst
 * when the rows k0 … k1−1 exclude the destination row (the LU solves). `len` ≤ m: only the first
 * len columns (src rows keep the stride m).
 */
function rowAccumulate(dr: Float64Array, di: Float64Array, o: number, wr: Float64Array, wi: Float64Array, wo: number, sr: Float64Array, si: Float64Array, m: number, k0: number, k1: number, sign: 1 | -1, len = m): void {
  let k = k0;
  for (; k + 3 < k1; k += 4) {
    const x0r = sign * wr[wo + k]!, x0i = sign * wi[wo + k]!, x1r = sign * wr[wo + k + 1]!, x1i = sign * wi[wo + k + 1]!;
    const x2r = sign * wr[wo + k + 2]!, x2i = sign * wi[wo + k + 2]!, x3r = sign * wr[wo + k + 3]!, x3i = sign * wi[wo + k + 3]!;
    if (x0r === 0 && x0i === 0 && x1r === 0 && x1i === 0 && x2r === 0 && x2i === 0 && x3r === 0 && x3i === 0) continue;
    const b0 = k * m, b1 = b0 + m, b2 = b1 + m, b3 = b2 + m;
    for (let j = 0; j < len; j++) {
      const y0r = sr[b0 + j]!, y0i = si[b0 + j]!, y1r = sr[b1 + j]!, y1i = si[b1 + j]!;
      const y2r = sr[b2 + j]!, y2i = si[b2 + j]!, y3r = sr[b3 + j]!, y3i = si[b3 + j]!;
      // (((d + P0) + P1) + P2) + P3: the k-ascending sum of the WebAssembly register tiles
      dr[o + j] = dr[o + j]! + (x0r * y0r - x0i * y0i) + (x1r * y1r - x1i * y1i) + (x2r * y2r - x2i * y2i) + (x3r * y3r - x3i * y3i);
      di[o + j] = di[o + j]! + (x0r * y0i + x0i * y0r) + (x1r * y1i + x1i * y1r) + (x2r * y2i + x2i * y2r) + (x3r * y3i + x3i * y3r);
    }
  }
  for (; k < k1; k++) {
    const xr = sign * wr[wo + k]!, xi = sign * wi[wo + k]!;
    if (xr === 0 && xi === 0) continue;
    const bk = k * m;
    for (let j = 0; j < len; j++) {
      const yr = sr[bk + j]!, yi = si[bk + j]!;
      dr[o + j]! += xr * yr - xi * yi;
      di[o + j]! += xr * yi + xi * yr;
    }
  }
}

/** A and B equal entry by entry (same shape, same bits): the test of every cache keyed by a matrix. */
export function cequal(a: CMat, b: CMat): boolean {
  if (a.rows !== b.rows || a.cols !== b.cols) return false;
  for (let i = 0; i < a.re.length; i++) if (a.re[i] !== b.re[i] || a.im[i] !== b.im[i]) return false;
  return true;
}

/** A† (conjugate transpose). */
export function cadjoint(a: CMat): CMat {
  const c = cmat(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      c.re[j * a.rows + i] = a.re[i * a.cols + j]!;
      c.im[j * a.rows + i] = -a.im[i * a.cols + j]!;
    }
  }
  return c;
}

/** In place: a += s·b (s real). */
export function caddInPlace(a: CMat, b: CMat, s = 1): CMat {
  for (let i = 0; i < a.re.length; i++) {
    a.re[i]! += s * b.re[i]!;
    a.im[i]! += s * b.im[i]!;
  }
  return a;
}

/** max |a_ij| (modulus). */
export function cmaxAbs(a: CMat): number {
  let m = 0;
  for (let i = 0; i < a.re.length; i++) m = Math.max(m, a.re[i]! * a.re[i]! + a.im[i]! * a.im[i]!);
  return Math.sqrt(m);
}

/** Tr(A). */
export function ctrace(a: CMat): [number, number] {
  let r = 0, im = 0;
  for (let i = 0; i < Math.min(a.rows, a.cols); i++) (r += a.re[i * a.cols + i]!), (im += a.im[i * a.cols + i]!);
  return [r, im];
}

export interface CLU {
  n: number;
  lu: CMat;
  piv: Int32Array;
}

/**
 * LU with partial pivoting: P·A = L·U (L unit lower). Throws when a pivot is exactly zero
 * (A singular: at a real energy without broadening, z = E + iη with η = 0).
 * Blocked by panels of four columns (LAPACK zgetrf order): each panel is factored column by column
 * (whole rows swapped), then the rows of U right of it and the trailing rows are updated four
 * panel rows per pass (rowAccumulate), so the trailing matrix is read and written a quarter as often.
 * inPlace: the factors overwrite A (a temporary the caller does not read again).
 */
export function cluFactor(a: CMat, inPlace = false): CLU {
  const n = a.rows;
  const lu = inPlace ? a : cclone(a);
  const r = lu.re, im = lu.im;
  const piv = new Int32Array(n);
  const w = wasmFor((n * n * n) / 3);
  if (w) {
    const zero = wasmLuFactor(w, r, im, piv, n);
    if (zero >= 0) throw singular(zero, n);
    return { n, lu, piv };
  }
  for (let kb = 0; kb < n; kb += 4) {
    const ke = Math.min(kb + 4, n);
    for (let k = kb; k < ke; k++) {
      let p = k, best = -1;
      for (let i = k; i < n; i++) {
        const v = Math.abs(r[i * n + k]!) + Math.abs(im[i * n + k]!);
        if (v > best) (best = v), (p = i);
      }
      piv[k] = p;
      if (best === 0) throw singular(k, n);
      if (p !== k) {
        for (let j = 0; j < n; j++) {
          const tr = r[k * n + j]!, ti = im[k * n + j]!;
          r[k * n + j] = r[p * n + j]!; im[k * n + j] = im[p * n + j]!;
          r[p * n + j] = tr; im[p * n + j] = ti;
        }
      }
      const pr = r[k * n + k]!, pi = im[k * n + k]!;
      const d = pr * pr + pi * pi;
      const ir = pr / d, ii = -pi / d; // 1/pivot
      for (let i = k + 1; i < n; i++) {
        const xr = r[i * n + k]!, xi = im[i * n + k]!;
        if (xr === 0 && xi === 0) continue;
        const lr = xr * ir - xi * ii, li = xr * ii + xi * ir;
        r[i * n + k] = lr; im[i * n + k] = li;
        for (let j = k + 1; j < ke; j++) {
          const ur = r[k * n + j]!, ui = im[k * n + j]!;
          r[i * n + j]! -= lr * ur - li * ui;
          im[i * n + j]! -= lr * ui + li * ur;
        }
      }
    }
    if (ke === n) break;
    // columns ke … n−1: U rows of the panel (A[k, ke:] −= Σ_{kb ≤ l < k} L[k, l] A[l, ke:]), then every row below
    const sr = r.subarray(ke), si = im.subarray(ke);
    for (let k = kb + 1; k < ke; k++) rowAccumulate(r, im, k * n + ke, r, im, k * n, sr, si, n, kb, k, -1, n - ke);
    for (let i = ke; i < n; i++) rowAccumulate(r, im, i * n + ke, r, im, i * n, sr, si, n, kb, ke, -1, n - ke);
  }
  return { n, lu, piv };
}

function singular(k: number, n: number): RewireError {
  return new RewireError('transport solver', `singular matrix in LU (pivot ${k} of ${n} is zero)`, 'use a nonzero broadening eta or move the energy off an exact eigenvalue');
}

/** Solves A·X = B for all columns of B with a factorization from cluFactor. */
export function cluSolve(f: CLU, b: CMat): CMat {
  const n = f.n, m = b.cols;
  const w = wasmFor(n * n * m);
  if (w) {
    const x = cmat(n, m);
    wasmLuSolve(w, f.lu.re, f.lu.im, f.piv, n, b.re, b.im, x.re, x.im, m);
    return x;
  }
  const x = cclone(b);
  const xr = x.re, xi = x.im, r = f.lu.re, im = f.lu.im;
  for (let k = 0; k < n; k++) {
    const p = f.piv[k]!;
    if (p !== k) {
      for (let j = 0; j < m; j++) {
        const tr = xr[k * m + j]!, ti = xi[k * m + j]!;
        xr[k * m + j] = xr[p * m + j]!; xi[k * m + j] = xi[p * m + j]!;
        xr[p * m + j] = tr; xi[p * m + j] = ti;
      }
    }
  }
  // forward: L y = Pb;  backward: U x = y (X[i, :] −= Σ_k F[i, k] X[k, :], four rows k at a time)
  for (let i = 0; i < n; i++) rowAccumulate(xr, xi, i * m, r, im, i * n, xr, xi, m, 0, i, -1);
  backSubstitute(xr, xi, m, r, im, n);
  return x;
}

/**
 * U X = Y in place on the n×m right-hand sides X (re xr, im xi), U the upper triangle of the n×n LU
 * (re r, im im): row i −= Σ_{k>i} U[i, k] X[k, :] (four rows k at a time), then ÷ U[i, i].
 */
function backSubstitute(xr: Float64Array, xi: Float64Array, m: number, r: Float64Array, im: Float64Array, n: number): void {
  for (let i = n - 1; i >= 0; i--) {
    rowAccumulate(xr, xi, i * m, r, im, i * n, xr, xi, m, i + 1, n, -1);
    const pr = r[i * n + i]!, pi = im[i * n + i]!;
    const d = pr * pr + pi * pi;
    for (let j = 0; j < m; j++) {
      const yr = xr[i * m + j]!, yi = xi[i * m + j]!;
      xr[i * m + j] = (yr * pr + yi * pi) / d;
      xi[i * m + j] = (yi * pr - yr * pi) / d;
    }
  }
}

/** A⁻¹ (LU with partial pivoting, then cluInverse). */
export function cinverse(a: CMat): CMat {
  return cluInverse(cluFactor(a));
}

/**
 * A⁻¹ from P·A = L·U as U⁻¹ · L⁻¹ · P: Y = L⁻¹ row by row (unit lower triangular, so row i needs
 * only the columns < i of the rows above it), then U Z = Y by back substitution, then the columns
 * permuted. n³ complex multiply–adds (LU n³/3, L⁻¹ n³/6, back substitution n³/2) instead of the
 * 4n³/3 of cluSolve against the identity; the same values up to round-off.
 */
export function cluInverse(f: CLU): CMat {
  const n = f.n, z = cmat(n, n), zr = z.re, zi = z.im, r = f.lu.re, im = f.lu.im;
  const w = wasmFor(n * n * n);
  if (w) wasmLuInverse(w, r, im, f.piv, n, zr, zi);
  else invertFactors(zr, zi, r, im, n);
  // (P·A)[l, :] = A[perm[l], :]  ⇒  A⁻¹[:, perm[l]] = Z[:, l]
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < n; k++) {
    const p = f.piv[k]!, t = perm[k]!;
    perm[k] = perm[p]!;
    perm[p] = t;
  }
  const x = cmat(n, n), xr = x.re, xi = x.im;
  for (let i = 0; i < n; i++) for (let l = 0; l < n; l++) (xr[i * n + perm[l]!] = zr[i * n + l]!), (xi[i * n + perm[l]!] = zi[i * n + l]!);
  return x;
}

/** Z = U⁻¹ L⁻¹ into the zeroed n×n (zr, zi) from the LU factors (r, im). */
function invertFactors(zr: Float64Array, zi: Float64Array, r: Float64Array, im: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    // Y[i, :] = e_i − Σ_{k<i} L[i, k] Y[k, :], rows k … k+3 nonzero only in columns ≤ k + 3 (< i)
    for (let k = 0; k < i; k += 4) rowAccumulate(zr, zi, i * n, r, im, i * n, zr, zi, n, k, Math.min(k + 4, i), -1, Math.min(k + 4, i));
    zr[i * n + i] = 1;
  }
  backSubstitute(zr, zi, n, r, im, n);
}

/** Sub-matrix with the given row and column index lists. */
export function csub(a: CMat, rows: ArrayLike<number>, cols: ArrayLike<number>): CMat {
  const c = cmat(rows.length, cols.length);
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < cols.length; j++) {
      c.re[i * cols.length + j] = a.re[rows[i]! * a.cols + cols[j]!]!;
      c.im[i * cols.length + j] = a.im[rows[i]! * a.cols + cols[j]!]!;
    }
  }
  return c;
}
