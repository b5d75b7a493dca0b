/**
 * The dense complex kernels of ../cmat.ts in AssemblyScript (part of the module kernels.as.ts):
 * C += A·B, LU with partial pivoting, the multi-RHS solve and the inverse from the LU.
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
@inline export function swapRows(r: usize, im: usize, a: usize, b: usize, n: i32): void {
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
