/**
 * AssemblyScript source of the WebAssembly (SIMD) twin of the dense complex kernels of ../cmat.ts:
 * C += A·B, LU with partial pivoting, the multi-RHS solve and the inverse from the LU. Compiled by
 * `npm run build:wasm` (scripts/build-wasm.mjs) into kernels.wasm.ts; not part of the TypeScript build.
 *
 * Storage: split re/im float64 arrays, row-major, addressed by byte offsets into linear memory (the
 * caller, ./wasmLinalg.ts, copies the operands in and the results out). f64x2 lanes run over two
 * neighbouring columns j, so every output element sees exactly the operations of the scalar
 * kernel of cmat.ts in the same order (no fused multiply–add in WebAssembly): the results are the
 * same bits as the JavaScript path, which the parity test checks entry by entry.
 */

// complex products, per f64x2 lane (two neighbouring columns) and in scalar form: re = xr·yr − xi·yi, im = xr·yi + xi·yr
@inline function vre(xr: v128, xi: v128, yr: v128, yi: v128): v128 { return f64x2.sub(f64x2.mul(xr, yr), f64x2.mul(xi, yi)); }
@inline function vim(xr: v128, xi: v128, yr: v128, yi: v128): v128 { return f64x2.add(f64x2.mul(xr, yi), f64x2.mul(xi, yr)); }
@inline function sre(xr: f64, xi: f64, yr: f64, yi: f64): f64 { return xr * yr - xi * yi; }
@inline function sim(xr: f64, xi: f64, yr: f64, yi: f64): f64 { return xr * yi + xi * yr; }

/** the four weights w[k … k+3] times sign, re and im interleaved (a0r, a0i, …, a3i) */
@inline function w4(wr: usize, wi: usize, ko: usize, sign: f64, q: i32): f64 {
  return sign * load<f64>((q & 1 ? wi : wr) + ko + ((<usize>q >> 1) << 3));
}

/**
 * dst[j] += (((P0 + P1) + P2) + P3) for j < len, P_q = a_q · src[(k + q)·m + j] (one group of four k
 * of rowAccumulate in cmat.ts: the same operations in the same order for every element).
 */
@inline function group4(dr: usize, di: usize, r0: usize, i0: usize, stride: usize, len: i32,
  a0r: f64, a0i: f64, a1r: f64, a1i: f64, a2r: f64, a2i: f64, a3r: f64, a3i: f64): void {
  const x0r = f64x2.splat(a0r), x0i = f64x2.splat(a0i), x1r = f64x2.splat(a1r), x1i = f64x2.splat(a1i);
  const x2r = f64x2.splat(a2r), x2i = f64x2.splat(a2i), x3r = f64x2.splat(a3r), x3i = f64x2.splat(a3i);
  const s2 = stride << 1, s3 = s2 + stride;
  let j = 0;
  for (; j + 1 < len; j += 2) {
    const jo = <usize>j << 3;
    const y0r = v128.load(r0 + jo), y0i = v128.load(i0 + jo), y1r = v128.load(r0 + stride + jo), y1i = v128.load(i0 + stride + jo);
    const y2r = v128.load(r0 + s2 + jo), y2i = v128.load(i0 + s2 + jo), y3r = v128.load(r0 + s3 + jo), y3i = v128.load(i0 + s3 + jo);
    const p = f64x2.add(f64x2.add(f64x2.add(vre(x0r, x0i, y0r, y0i), vre(x1r, x1i, y1r, y1i)), vre(x2r, x2i, y2r, y2i)), vre(x3r, x3i, y3r, y3i));
    const q = f64x2.add(f64x2.add(f64x2.add(vim(x0r, x0i, y0r, y0i), vim(x1r, x1i, y1r, y1i)), vim(x2r, x2i, y2r, y2i)), vim(x3r, x3i, y3r, y3i));
    v128.store(dr + jo, f64x2.add(v128.load(dr + jo), p));
    v128.store(di + jo, f64x2.add(v128.load(di + jo), q));
  }
  for (; j < len; j++) {
    const jo = <usize>j << 3;
    const y0r = load<f64>(r0 + jo), y0i = load<f64>(i0 + jo), y1r = load<f64>(r0 + stride + jo), y1i = load<f64>(i0 + stride + jo);
    const y2r = load<f64>(r0 + s2 + jo), y2i = load<f64>(i0 + s2 + jo), y3r = load<f64>(r0 + s3 + jo), y3i = load<f64>(i0 + s3 + jo);
    store<f64>(dr + jo, load<f64>(dr + jo) + (sre(a0r, a0i, y0r, y0i) + sre(a1r, a1i, y1r, y1i) + sre(a2r, a2i, y2r, y2i) + sre(a3r, a3i, y3r, y3i)));
    store<f64>(di + jo, load<f64>(di + jo) + (sim(a0r, a0i, y0r, y0i) + sim(a1r, a1i, y1r, y1i) + sim(a2r, a2i, y2r, y2i) + sim(a3r, a3i, y3r, y3i)));
  }
}

/** dst[j] += a · src[j] for j < len (one single k of rowAccumulate's tail) */
@inline function group1(dr: usize, di: usize, r0: usize, i0: usize, len: i32, ar: f64, ai: f64): void {
  const xr = f64x2.splat(ar), xi = f64x2.splat(ai);
  let j = 0;
  for (; j + 1 < len; j += 2) {
    const jo = <usize>j << 3;
    const yr = v128.load(r0 + jo), yi = v128.load(i0 + jo);
    v128.store(dr + jo, f64x2.add(v128.load(dr + jo), vre(xr, xi, yr, yi)));
    v128.store(di + jo, f64x2.add(v128.load(di + jo), vim(xr, xi, yr, yi)));
  }
  for (; j < len; j++) {
    const jo = <usize>j << 3;
    const yr = load<f64>(r0 + jo), yi = load<f64>(i0 + jo);
    store<f64>(dr + jo, load<f64>(dr + jo) + sre(ar, ai, yr, yi));
    store<f64>(di + jo, load<f64>(di + jo) + sim(ar, ai, yr, yi));
  }
}

/**
 * dst[j] += sign · Σ_{k0 ≤ k < k1} w[k] · src[k·m + j] for j < len (rowAccumulate of cmat.ts): groups
 * of four k, skipped when all four weights are zero, then the remaining k one by one.
 */
@inline function rowAcc(dr: usize, di: usize, wr: usize, wi: usize, sr: usize, si: usize, m: i32, k0: i32, k1: i32, sign: f64, len: i32): void {
  const stride = <usize>m << 3;
  let k = k0;
  for (; k + 3 < k1; k += 4) {
    const ko = <usize>k << 3;
    const a0r = w4(wr, wi, ko, sign, 0), a0i = w4(wr, wi, ko, sign, 1), a1r = w4(wr, wi, ko, sign, 2), a1i = w4(wr, wi, ko, sign, 3);
    const a2r = w4(wr, wi, ko, sign, 4), a2i = w4(wr, wi, ko, sign, 5), a3r = w4(wr, wi, ko, sign, 6), a3i = w4(wr, wi, ko, sign, 7);
    if (a0r == 0 && a0i == 0 && a1r == 0 && a1i == 0 && a2r == 0 && a2i == 0 && a3r == 0 && a3i == 0) continue;
    group4(dr, di, sr + <usize>k * stride, si + <usize>k * stride, stride, len, a0r, a0i, a1r, a1i, a2r, a2i, a3r, a3i);
  }
  for (; k < k1; k++) {
    const ko = <usize>k << 3;
    const ar = sign * load<f64>(wr + ko), ai = sign * load<f64>(wi + ko);
    if (ar == 0 && ai == 0) continue;
    group1(dr, di, sr + <usize>k * stride, si + <usize>k * stride, len, ar, ai);
  }
}

/**
 * rowAcc for two destination rows (d0 with weights w0, d1 with w1) over the same src rows, each src
 * vector loaded once for both (≈ 10 % faster products). A group of four k is skipped only when both
 * weight rows are zero there; the other row then adds exact zeros, which leaves its values as they were.
 */
@inline function rowAcc2(d0r: usize, d0i: usize, d1r: usize, d1i: usize, w0r: usize, w0i: usize, w1r: usize, w1i: usize, sr: usize, si: usize, m: i32, k0: i32, k1: i32, sign: f64, len: i32): void {
  const stride = <usize>m << 3, s2 = stride << 1, s3 = s2 + stride;
  let k = k0;
  for (; k + 3 < k1; k += 4) {
    const ko = <usize>k << 3;
    const a0r = w4(w0r, w0i, ko, sign, 0), a0i = w4(w0r, w0i, ko, sign, 1), a1r = w4(w0r, w0i, ko, sign, 2), a1i = w4(w0r, w0i, ko, sign, 3);
    const a2r = w4(w0r, w0i, ko, sign, 4), a2i = w4(w0r, w0i, ko, sign, 5), a3r = w4(w0r, w0i, ko, sign, 6), a3i = w4(w0r, w0i, ko, sign, 7);
    const b0r = w4(w1r, w1i, ko, sign, 0), b0i = w4(w1r, w1i, ko, sign, 1), b1r = w4(w1r, w1i, ko, sign, 2), b1i = w4(w1r, w1i, ko, sign, 3);
    const b2r = w4(w1r, w1i, ko, sign, 4), b2i = w4(w1r, w1i, ko, sign, 5), b3r = w4(w1r, w1i, ko, sign, 6), b3i = w4(w1r, w1i, ko, sign, 7);
    if (a0r == 0 && a0i == 0 && a1r == 0 && a1i == 0 && a2r == 0 && a2i == 0 && a3r == 0 && a3i == 0
      && b0r == 0 && b0i == 0 && b1r == 0 && b1i == 0 && b2r == 0 && b2i == 0 && b3r == 0 && b3i == 0) continue;
    const r0 = sr + <usize>k * stride, i0 = si + <usize>k * stride;
    const x0r = f64x2.splat(a0r), x0i = f64x2.splat(a0i), x1r = f64x2.splat(a1r), x1i = f64x2.splat(a1i);
    const x2r = f64x2.splat(a2r), x2i = f64x2.splat(a2i), x3r = f64x2.splat(a3r), x3i = f64x2.splat(a3i);
    const u0r = f64x2.splat(b0r), u0i = f64x2.splat(b0i), u1r = f64x2.splat(b1r), u1i = f64x2.splat(b1i);
    const u2r = f64x2.splat(b2r), u2i = f64x2.splat(b2i), u3r = f64x2.splat(b3r), u3i = f64x2.splat(b3i);
    let j = 0;
    for (; j + 1 < len; j += 2) {
      const jo = <usize>j << 3;
      const y0r = v128.load(r0 + jo), y0i = v128.load(i0 + jo), y1r = v128.load(r0 + stride + jo), y1i = v128.load(i0 + stride + jo);
      const y2r = v128.load(r0 + s2 + jo), y2i = v128.load(i0 + s2 + jo), y3r = v128.load(r0 + s3 + jo), y3i = v128.load(i0 + s3 + jo);
      v128.store(d0r + jo, f64x2.add(v128.load(d0r + jo), f64x2.add(f64x2.add(f64x2.add(vre(x0r, x0i, y0r, y0i), vre(x1r, x1i, y1r, y1i)), vre(x2r, x2i, y2r, y2i)), vre(x3r, x3i, y3r, y3i))));
      v128.store(d0i + jo, f64x2.add(v128.load(d0i + jo), f64x2.add(f64x2.add(f64x2.add(vim(x0r, x0i, y0r, y0i), vim(x1r, x1i, y1r, y1i)), vim(x2r, x2i, y2r, y2i)), vim(x3r, x3i, y3r, y3i))));
      v128.store(d1r + jo, f64x2.add(v128.load(d1r + jo), f64x2.add(f64x2.add(f64x2.add(vre(u0r, u0i, y0r, y0i), vre(u1r, u1i, y1r, y1i)), vre(u2r, u2i, y2r, y2i)), vre(u3r, u3i, y3r, y3i))));
      v128.store(d1i + jo, f64x2.add(v128.load(d1i + jo), f64x2.add(f64x2.add(f64x2.add(vim(u0r, u0i, y0r, y0i), vim(u1r, u1i, y1r, y1i)), vim(u2r, u2i, y2r, y2i)), vim(u3r, u3i, y3r, y3i))));
    }
    if (j < len) {
      // the odd last column: the scalar tails of group4
      group4(d0r + (<usize>j << 3), d0i + (<usize>j << 3), r0 + (<usize>j << 3), i0 + (<usize>j << 3), stride, 1, a0r, a0i, a1r, a1i, a2r, a2i, a3r, a3i);
      group4(d1r + (<usize>j << 3), d1i + (<usize>j << 3), r0 + (<usize>j << 3), i0 + (<usize>j << 3), stride, 1, b0r, b0i, b1r, b1i, b2r, b2i, b3r, b3i);
    }
  }
  if (k < k1) {
    rowAcc(d0r, d0i, w0r, w0i, sr, si, m, k, k1, sign, len);
    rowAcc(d1r, d1i, w1r, w1i, sr, si, m, k, k1, sign, len);
  }
}

/** exchange the n entries at byte offsets a and b of both planes (one row of a split complex matrix) */
@inline function swapRows(r: usize, im: usize, a: usize, b: usize, n: i32): void {
  for (let j = 0; j < n; j++) {
    const jo = <usize>j << 3;
    const tr = load<f64>(r + a + jo), ti = load<f64>(im + a + jo);
    store<f64>(r + a + jo, load<f64>(r + b + jo)); store<f64>(im + a + jo, load<f64>(im + b + jo));
    store<f64>(r + b + jo, tr); store<f64>(im + b + jo, ti);
  }
}

/** C (n×m) += A (n×K) · B (K×m); rows of C in pairs */
export function gemmAcc(cr: usize, ci: usize, ar: usize, ai: usize, br: usize, bi: usize, n: i32, K: i32, m: i32): void {
  const cs = <usize>m << 3, as = <usize>K << 3;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const c0 = <usize>i * cs, a0 = <usize>i * as;
    rowAcc2(cr + c0, ci + c0, cr + c0 + cs, ci + c0 + cs, ar + a0, ai + a0, ar + a0 + as, ai + a0 + as, br, bi, m, 0, K, 1.0, m);
  }
  if (i < n) rowAcc(cr + <usize>i * cs, ci + <usize>i * cs, ar + <usize>i * as, ai + <usize>i * as, br, bi, m, 0, K, 1.0, m);
}

/**
 * In place P·A = L·U of the n×n matrix (r, im), pivot rows into piv (i32): cluFactor of cmat.ts,
 * panels of four columns. Returns −1, or the column whose pivot is exactly zero (singular).
 */
export function luFactor(r: usize, im: usize, piv: usize, n: i32): i32 {
  const rs = <usize>n << 3;
  for (let kb = 0; kb < n; kb += 4) {
    const ke = min(kb + 4, n);
    for (let k = kb; k < ke; k++) {
      const kc = <usize>k << 3;
      let p = k, best = -1.0;
      for (let i = k; i < n; i++) {
        const o = <usize>i * rs + kc;
        const v = abs<f64>(load<f64>(r + o)) + abs<f64>(load<f64>(im + o));
        if (v > best) { best = v; p = i; }
      }
      store<i32>(piv + (<usize>k << 2), p);
      if (best == 0) return k;
      if (p != k) swapRows(r, im, <usize>k * rs, <usize>p * rs, n);
      const rk = <usize>k * rs;
      const pr = load<f64>(r + rk + kc), pi = load<f64>(im + rk + kc);
      const d = pr * pr + pi * pi;
      const ir = pr / d, ii = -pi / d;
      for (let i = k + 1; i < n; i++) {
        const ri = <usize>i * rs;
        const xr = load<f64>(r + ri + kc), xi = load<f64>(im + ri + kc);
        if (xr == 0 && xi == 0) continue;
        const lr = xr * ir - xi * ii, li = xr * ii + xi * ir;
        store<f64>(r + ri + kc, lr); store<f64>(im + ri + kc, li);
        for (let j = k + 1; j < ke; j++) {
          const jo = <usize>j << 3;
          const ur = load<f64>(r + rk + jo), ui = load<f64>(im + rk + jo);
          store<f64>(r + ri + jo, load<f64>(r + ri + jo) - (lr * ur - li * ui));
          store<f64>(im + ri + jo, load<f64>(im + ri + jo) - (lr * ui + li * ur));
        }
      }
    }
    if (ke == n) break;
    // columns ke … n−1: U rows of the panel, then every row below (two at a time)
    const ko = <usize>ke << 3, sr = r + ko, si = im + ko, len = n - ke;
    for (let k = kb + 1; k < ke; k++) {
      const rk = <usize>k * rs;
      rowAcc(r + rk + ko, im + rk + ko, r + rk, im + rk, sr, si, n, kb, k, -1.0, len);
    }
    let i = ke;
    for (; i + 1 < n; i += 2) {
      const ri = <usize>i * rs;
      rowAcc2(r + ri + ko, im + ri + ko, r + ri + rs + ko, im + ri + rs + ko, r + ri, im + ri, r + ri + rs, im + ri + rs, sr, si, n, kb, ke, -1.0, len);
    }
    if (i < n) {
      const ri = <usize>i * rs;
      rowAcc(r + ri + ko, im + ri + ko, r + ri, im + ri, sr, si, n, kb, ke, -1.0, len);
    }
  }
  return -1;
}

/** U X = Y in place on the n×m right-hand sides (xr, xi), U the upper triangle of the LU (backSubstitute of cmat.ts). */
function backSubstitute(xr: usize, xi: usize, m: i32, r: usize, im: usize, n: i32): void {
  const xs = <usize>m << 3, rs = <usize>n << 3;
  for (let i = n - 1; i >= 0; i--) {
    const xo = <usize>i * xs, ro = <usize>i * rs;
    rowAcc(xr + xo, xi + xo, r + ro, im + ro, xr, xi, m, i + 1, n, -1.0, m);
    const pr = load<f64>(r + ro + (<usize>i << 3)), pi = load<f64>(im + ro + (<usize>i << 3));
    const d = pr * pr + pi * pi;
    for (let j = 0; j < m; j++) {
      const jo = xo + (<usize>j << 3);
      const yr = load<f64>(xr + jo), yi = load<f64>(xi + jo);
      store<f64>(xr + jo, (yr * pr + yi * pi) / d);
      store<f64>(xi + jo, (yi * pr - yr * pi) / d);
    }
  }
}

/** A X = B in place on the n×m right-hand sides (xr, xi) from the LU (r, im, piv): cluSolve of cmat.ts. */
export function luSolve(r: usize, im: usize, piv: usize, n: i32, xr: usize, xi: usize, m: i32): void {
  const xs = <usize>m << 3, rs = <usize>n << 3;
  for (let k = 0; k < n; k++) {
    const p = load<i32>(piv + (<usize>k << 2));
    if (p != k) swapRows(xr, xi, <usize>k * xs, <usize>p * xs, m);
  }
  for (let i = 0; i < n; i++) rowAcc(xr + <usize>i * xs, xi + <usize>i * xs, r + <usize>i * rs, im + <usize>i * rs, xr, xi, m, 0, i, -1.0, m);
  backSubstitute(xr, xi, m, r, im, n);
}

/**
 * Z = U⁻¹ L⁻¹ (n×n, zeroed by the caller) from the LU (r, im): cluInverse of cmat.ts before its
 * column permutation, which the caller applies while copying out.
 */
export function luInverse(r: usize, im: usize, n: i32, zr: usize, zi: usize): void {
  const rs = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    const o = <usize>i * rs;
    for (let k = 0; k < i; k += 4) {
      const e = min(k + 4, i);
      rowAcc(zr + o, zi + o, r + o, im + o, zr, zi, n, k, e, -1.0, e);
    }
    store<f64>(zr + o + (<usize>i << 3), 1.0);
  }
  backSubstitute(zr, zi, n, r, im, n);
}

// ---- López Sancho–Rubio decimation (surfaceGreen.ts decimate), for the small primitive leads ----

/** dst = src (n entries of re and im) */
@inline function copyC(dr: usize, di: usize, sr: usize, si: usize, n: i32): void {
  memory.copy(dr, sr, <usize>n << 3);
  memory.copy(di, si, <usize>n << 3);
}

/** a = z·I − m (zMinus of surfaceGreen.ts: −m, then E added to the real and η to the imaginary diagonal) */
function zMinus(ar: usize, ai: usize, mr: usize, mi: usize, b: i32, E: f64, eta: f64): void {
  const nn = b * b;
  for (let i = 0; i < nn; i++) {
    const o = <usize>i << 3;
    store<f64>(ar + o, -load<f64>(mr + o));
    store<f64>(ai + o, -load<f64>(mi + o));
  }
  for (let i = 0; i < b; i++) {
    const o = (<usize>(i * b + i)) << 3;
    store<f64>(ar + o, load<f64>(ar + o) + E);
    store<f64>(ai + o, load<f64>(ai + o) + eta);
  }
}

/**
 * x = a⁻¹ (cinverse of cmat.ts: LU in place on a, Z = U⁻¹L⁻¹ into z, columns permuted into x);
 * false when a pivot is exactly zero.
 */
function inverseInto(xr: usize, xi: usize, ar: usize, ai: usize, zr: usize, zi: usize, piv: usize, perm: usize, b: i32): bool {
  if (luFactor(ar, ai, piv, b) >= 0) return false;
  memory.fill(zr, 0, <usize>(b * b) << 3);
  memory.fill(zi, 0, <usize>(b * b) << 3);
  luInverse(ar, ai, b, zr, zi);
  for (let i = 0; i < b; i++) store<i32>(perm + (<usize>i << 2), i);
  for (let k = 0; k < b; k++) {
    const p = load<i32>(piv + (<usize>k << 2)), t = load<i32>(perm + (<usize>k << 2));
    store<i32>(perm + (<usize>k << 2), load<i32>(perm + (<usize>p << 2)));
    store<i32>(perm + (<usize>p << 2), t);
  }
  for (let i = 0; i < b; i++) for (let l = 0; l < b; l++) {
    const s = (<usize>(i * b + l)) << 3, d = (<usize>(i * b + load<i32>(perm + (<usize>l << 2)))) << 3;
    store<f64>(xr + d, load<f64>(zr + s));
    store<f64>(xi + d, load<f64>(zi + s));
  }
  return true;
}

/** c = a·b (b×b; cmul: zeroed, then gemmAcc) */
@inline function mulInto(cr: usize, ci: usize, ar: usize, ai: usize, br: usize, bi: usize, b: i32): void {
  memory.fill(cr, 0, <usize>(b * b) << 3);
  memory.fill(ci, 0, <usize>(b * b) << 3);
  gemmAcc(cr, ci, ar, ai, br, bi, b, b, b);
}

/** a += s (b×b complex) */
@inline function addInto(ar: usize, ai: usize, sr: usize, si: usize, nn: i32): void {
  for (let i = 0; i < nn; i++) {
    const o = <usize>i << 3;
    store<f64>(ar + o, load<f64>(ar + o) + load<f64>(sr + o));
    store<f64>(ai + o, load<f64>(ai + o) + load<f64>(si + o));
  }
}

/** max |a_ij| as cmaxAbs: √(max re² + im²) */
function maxAbs(ar: usize, ai: usize, nn: i32): f64 {
  let m = 0.0;
  for (let i = 0; i < nn; i++) {
    const o = <usize>i << 3;
    const x = load<f64>(ar + o), y = load<f64>(ai + o);
    m = max(m, x * x + y * y);
  }
  return sqrt(m);
}

/** bytes of scratch decimate() needs for a b×b principal layer */
export function decimateScratchBytes(b: i32): i32 {
  return 13 * 2 * b * b * 8 + 2 * b * 4 + 16;
}

/**
 * g_surface(E + iη) of the lead {h00, h01} into g (and, with both ≠ 0, the reversed lead's into gR):
 * decimate() of surfaceGreen.ts step for step, so the same bits and the same iteration count.
 * Returns the iterations (0: h01 = 0), −1 when not converged in maxIter, −2 on an exactly singular pivot.
 */
export function decimate(h00r: usize, h00i: usize, h01r: usize, h01i: usize, b: i32, E: f64, eta: f64, tol: f64, maxIter: i32, both: i32, scratch: usize, gr: usize, gi: usize, gRr: usize, gRi: usize): i32 {
  const nn = b * b, M = <usize>nn << 3;
  let p = scratch;
  const esr = p, esi = p + M; p += 2 * M;
  const er = p, ei = p + M; p += 2 * M;
  const alr = p, ali = p + M; p += 2 * M;
  const ber = p, bei = p + M; p += 2 * M;
  const eRr = p, eRi = p + M; p += 2 * M;
  const g_r = p, g_i = p + M; p += 2 * M;
  const agr = p, agi = p + M; p += 2 * M;
  const bgr = p, bgi = p + M; p += 2 * M;
  const agbr = p, agbi = p + M; p += 2 * M;
  const bgar = p, bgai = p + M; p += 2 * M;
  const tr = p, ti = p + M; p += 2 * M;
  const zr = p, zi = p + M; p += 2 * M;
  const nr = p, ni = p + M; p += 2 * M;
  const piv = p, perm = p + (<usize>b << 2);
  copyC(esr, esi, h00r, h00i, nn);
  copyC(er, ei, h00r, h00i, nn);
  copyC(alr, ali, h01r, h01i, nn);
  // β = h01† (cadjoint)
  for (let i = 0; i < b; i++) for (let j = 0; j < b; j++) {
    const s = (<usize>(i * b + j)) << 3, d = (<usize>(j * b + i)) << 3;
    store<f64>(ber + d, load<f64>(h01r + s));
    store<f64>(bei + d, -load<f64>(h01i + s));
  }
  if (both) copyC(eRr, eRi, h00r, h00i, nn);
  const h01max = maxAbs(h01r, h01i, nn);
  const thr = tol * max(1.0, h01max);
  if (h01max == 0) {
    zMinus(tr, ti, esr, esi, b, E, eta);
    if (!inverseInto(gr, gi, tr, ti, zr, zi, piv, perm, b)) return -2;
    if (both) {
      zMinus(tr, ti, eRr, eRi, b, E, eta);
      if (!inverseInto(gRr, gRi, tr, ti, zr, zi, piv, perm, b)) return -2;
    }
    return 0;
  }
  for (let it = 1; it <= maxIter; it++) {
    zMinus(tr, ti, er, ei, b, E, eta);
    if (!inverseInto(g_r, g_i, tr, ti, zr, zi, piv, perm, b)) return -2;
    mulInto(agr, agi, alr, ali, g_r, g_i, b);
    mulInto(bgr, bgi, ber, bei, g_r, g_i, b);
    mulInto(agbr, agbi, agr, agi, ber, bei, b);
    mulInto(bgar, bgai, bgr, bgi, alr, ali, b);
    addInto(esr, esi, agbr, agbi, nn);
    if (both) addInto(eRr, eRi, bgar, bgai, nn);
    addInto(er, ei, agbr, agbi, nn);
    addInto(er, ei, bgar, bgai, nn);
    mulInto(nr, ni, agr, agi, alr, ali, b);
    copyC(alr, ali, nr, ni, nn);
    mulInto(nr, ni, bgr, bgi, ber, bei, b);
    copyC(ber, bei, nr, ni, nn);
    if (maxAbs(alr, ali, nn) < thr && maxAbs(ber, bei, nn) < thr) {
      zMinus(tr, ti, esr, esi, b, E, eta);
      if (!inverseInto(gr, gi, tr, ti, zr, zi, piv, perm, b)) return -2;
      if (both) {
        zMinus(tr, ti, eRr, eRi, b, E, eta);
        if (!inverseInto(gRr, gRi, tr, ti, zr, zi, piv, perm, b)) return -2;
      }
      return it;
    }
    const m = maxAbs(esr, esi, nn);
    if (!isFinite(m)) break;
  }
  return -1;
}

// ---- inertia of a Hermitian matrix (hermitianCountAbove of ../hermitian.ts) ----

@inline function cabs1(r: usize, i: usize, o: usize): f64 {
  return abs<f64>(load<f64>(r + o)) + abs<f64>(load<f64>(i + o));
}

/** symmetric interchange of rows and columns a, b of the n×n matrix (rows first, then columns) */
function swapRowsCols(re: usize, im: usize, n: i32, a: i32, b: i32): void {
  if (a == b) return;
  const rs = <usize>n << 3;
  swapRows(re, im, <usize>a * rs, <usize>b * rs, n);
  const ca = <usize>a << 3, cb = <usize>b << 3;
  for (let j = 0; j < n; j++) {
    const ro = <usize>j * rs;
    const x = load<f64>(re + ro + ca), y = load<f64>(im + ro + ca);
    store<f64>(re + ro + ca, load<f64>(re + ro + cb)); store<f64>(im + ro + ca, load<f64>(im + ro + cb));
    store<f64>(re + ro + cb, x); store<f64>(im + ro + cb, y);
  }
}

/**
 * Positive eigenvalues of D in the Bunch–Kaufman factorization of the Hermitian n×n matrix (re, im)
 * (destroyed; full storage, already shifted and symmetrized by the caller): the same pivots and
 * updates as hermitianCountAbove, the trailing updates two columns per f64x2.
 */
export function countPositive(re: usize, im: usize, n: i32): i32 {
  const alpha = (1.0 + sqrt(17.0)) / 8.0;
  const rs = <usize>n << 3;
  let positive = 0;
  let k = 0;
  while (k < n) {
    const kc = <usize>k << 3;
    const akk = abs<f64>(load<f64>(re + <usize>k * rs + kc));
    let r = k, colmax = 0.0;
    for (let i = k + 1; i < n; i++) {
      const v = cabs1(re, im, <usize>i * rs + kc);
      if (v > colmax) { colmax = v; r = i; }
    }
    if (max(akk, colmax) == 0) { k++; continue; }
    let size = 1;
    if (akk < alpha * colmax) {
      let rowmax = 0.0;
      for (let j = k; j < n; j++) if (j != r) rowmax = max(rowmax, cabs1(re, im, <usize>r * rs + (<usize>j << 3)));
      if (akk * rowmax >= alpha * colmax * colmax) {
        // 1×1, no interchange
      } else if (abs<f64>(load<f64>(re + <usize>r * rs + (<usize>r << 3))) >= alpha * rowmax) {
        swapRowsCols(re, im, n, k, r);
      } else {
        size = 2;
        swapRowsCols(re, im, n, k + 1, r);
      }
    }
    if (size == 1) {
      const rk = <usize>k * rs;
      const d = load<f64>(re + rk + kc);
      if (d > 0) positive++;
      for (let i = k + 1; i < n; i++) {
        const ri = <usize>i * rs;
        const xr = load<f64>(re + ri + kc) / d, xi = load<f64>(im + ri + kc) / d;
        if (xr == 0 && xi == 0) continue;
        const vr = f64x2.splat(xr), vi = f64x2.splat(xi);
        let j = k + 1;
        for (; j + 1 < n; j += 2) {
          const jo = <usize>j << 3;
          const yr = v128.load(re + rk + jo), yi = v128.load(im + rk + jo);
          v128.store(re + ri + jo, f64x2.sub(v128.load(re + ri + jo), f64x2.sub(f64x2.mul(vr, yr), f64x2.mul(vi, yi))));
          v128.store(im + ri + jo, f64x2.sub(v128.load(im + ri + jo), f64x2.add(f64x2.mul(vr, yi), f64x2.mul(vi, yr))));
        }
        for (; j < n; j++) {
          const jo = <usize>j << 3;
          const yr = load<f64>(re + rk + jo), yi = load<f64>(im + rk + jo);
          store<f64>(re + ri + jo, load<f64>(re + ri + jo) - (xr * yr - xi * yi));
          store<f64>(im + ri + jo, load<f64>(im + ri + jo) - (xr * yi + xi * yr));
        }
      }
      k++;
    } else {
      const rk = <usize>k * rs, rk1 = rk + rs, k1c = kc + 8;
      const a = load<f64>(re + rk + kc), c = load<f64>(re + rk1 + k1c), br = load<f64>(re + rk1 + kc), bi = load<f64>(im + rk1 + kc);
      const det = a * c - (br * br + bi * bi);
      positive += det < 0 ? 1 : a > 0 ? 2 : 0;
      for (let i = k + 2; i < n; i++) {
        const ri = <usize>i * rs;
        const pr = load<f64>(re + ri + kc), pi = load<f64>(im + ri + kc), qr = load<f64>(re + ri + k1c), qi = load<f64>(im + ri + k1c);
        const w0r = (pr * c - (qr * br - qi * bi)) / det, w0i = (pi * c - (qr * bi + qi * br)) / det;
        const w1r = (-(pr * br + pi * bi) + qr * a) / det, w1i = (-(pi * br - pr * bi) + qi * a) / det;
        for (let j = k + 2; j < n; j++) {
          const jo = <usize>j << 3;
          const ur = load<f64>(re + rk + jo), ui = load<f64>(im + rk + jo), vr = load<f64>(re + rk1 + jo), vi = load<f64>(im + rk1 + jo);
          store<f64>(re + ri + jo, load<f64>(re + ri + jo) - (w0r * ur - w0i * ui + (w1r * vr - w1i * vi)));
          store<f64>(im + ri + jo, load<f64>(im + ri + jo) - (w0r * ui + w0i * ur + (w1r * vi + w1i * vr)));
        }
      }
      k += 2;
    }
  }
  return positive;
}
