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

// complex products, per f64x2 lane (two neighbouring columns): re = xr·yr − xi·yi, im = xr·yi + xi·yr
@inline function vre(xr: v128, xi: v128, yr: v128, yi: v128): v128 { return f64x2.sub(f64x2.mul(xr, yr), f64x2.mul(xi, yi)); }
@inline function vim(xr: v128, xi: v128, yr: v128, yi: v128): v128 { return f64x2.add(f64x2.mul(xr, yi), f64x2.mul(xi, yr)); }

/**
 * dst[j] += sign · Σ_{k0 ≤ k < k1} w[k] · src[k·m + j] for j < len (rowAccumulate of cmat.ts): per
 * element ((d + P_k0) + P_k0+1) + …, k ascending, P = (sign·w)·src, zero weights skipped. Register
 * tiles of four columns (two f64x2 lanes, re and im) held over the whole k range, then two, then one.
 */
@inline function rowAcc(dr: usize, di: usize, wr: usize, wi: usize, sr: usize, si: usize, m: i32, k0: i32, k1: i32, sign: f64, len: i32): void {
  const stride = <usize>m << 3;
  let j = 0;
  for (; j + 3 < len; j += 4) {
    const jo = <usize>j << 3;
    let c0r = v128.load(dr + jo), c0i = v128.load(di + jo), c1r = v128.load(dr + jo + 16), c1i = v128.load(di + jo + 16);
    let yr = sr + <usize>k0 * stride + jo, yi = si + <usize>k0 * stride + jo;
    for (let k = k0; k < k1; k++) {
      const ko = <usize>k << 3, ar = sign * load<f64>(wr + ko), ai = sign * load<f64>(wi + ko);
      if (ar != 0 || ai != 0) {
        const xr = f64x2.splat(ar), xi = f64x2.splat(ai);
        const y0r = v128.load(yr), y0i = v128.load(yi), y1r = v128.load(yr + 16), y1i = v128.load(yi + 16);
        c0r = f64x2.add(c0r, vre(xr, xi, y0r, y0i)); c0i = f64x2.add(c0i, vim(xr, xi, y0r, y0i));
        c1r = f64x2.add(c1r, vre(xr, xi, y1r, y1i)); c1i = f64x2.add(c1i, vim(xr, xi, y1r, y1i));
      }
      yr += stride; yi += stride;
    }
    v128.store(dr + jo, c0r); v128.store(di + jo, c0i); v128.store(dr + jo + 16, c1r); v128.store(di + jo + 16, c1i);
  }
  for (; j + 1 < len; j += 2) {
    const jo = <usize>j << 3;
    let c0r = v128.load(dr + jo), c0i = v128.load(di + jo);
    let yr = sr + <usize>k0 * stride + jo, yi = si + <usize>k0 * stride + jo;
    for (let k = k0; k < k1; k++) {
      const ko = <usize>k << 3, ar = sign * load<f64>(wr + ko), ai = sign * load<f64>(wi + ko);
      if (ar != 0 || ai != 0) {
        const xr = f64x2.splat(ar), xi = f64x2.splat(ai), y0r = v128.load(yr), y0i = v128.load(yi);
        c0r = f64x2.add(c0r, vre(xr, xi, y0r, y0i)); c0i = f64x2.add(c0i, vim(xr, xi, y0r, y0i));
      }
      yr += stride; yi += stride;
    }
    v128.store(dr + jo, c0r); v128.store(di + jo, c0i);
  }
  for (; j < len; j++) {
    const jo = <usize>j << 3;
    let cr = load<f64>(dr + jo), ci = load<f64>(di + jo);
    for (let k = k0; k < k1; k++) {
      const ko = <usize>k << 3, ar = sign * load<f64>(wr + ko), ai = sign * load<f64>(wi + ko);
      if (ar != 0 || ai != 0) {
        const o = <usize>k * stride + jo, yr = load<f64>(sr + o), yi = load<f64>(si + o);
        cr = cr + (ar * yr - ai * yi);
        ci = ci + (ar * yi + ai * yr);
      }
    }
    store<f64>(dr + jo, cr); store<f64>(di + jo, ci);
  }
}

/**
 * rowAcc for two destination rows (d0 with weights w0, d1 with w1) over the same src rows: tiles of
 * two rows × four columns, each src vector loaded once for both rows. A k is skipped only when both
 * weights are zero; the other row then adds exact zeros, which leaves its values as they were.
 */
@inline function rowAcc2(d0r: usize, d0i: usize, d1r: usize, d1i: usize, w0r: usize, w0i: usize, w1r: usize, w1i: usize, sr: usize, si: usize, m: i32, k0: i32, k1: i32, sign: f64, len: i32): void {
  const stride = <usize>m << 3;
  let j = 0;
  for (; j + 3 < len; j += 4) {
    const jo = <usize>j << 3;
    let a0r = v128.load(d0r + jo), a0i = v128.load(d0i + jo), a1r = v128.load(d0r + jo + 16), a1i = v128.load(d0i + jo + 16);
    let b0r = v128.load(d1r + jo), b0i = v128.load(d1i + jo), b1r = v128.load(d1r + jo + 16), b1i = v128.load(d1i + jo + 16);
    let yr = sr + <usize>k0 * stride + jo, yi = si + <usize>k0 * stride + jo;
    for (let k = k0; k < k1; k++) {
      const ko = <usize>k << 3;
      const pr = sign * load<f64>(w0r + ko), pi = sign * load<f64>(w0i + ko), qr = sign * load<f64>(w1r + ko), qi = sign * load<f64>(w1i + ko);
      if (pr != 0 || pi != 0 || qr != 0 || qi != 0) {
        const y0r = v128.load(yr), y0i = v128.load(yi), y1r = v128.load(yr + 16), y1i = v128.load(yi + 16);
        const xr = f64x2.splat(pr), xi = f64x2.splat(pi);
        a0r = f64x2.add(a0r, vre(xr, xi, y0r, y0i)); a0i = f64x2.add(a0i, vim(xr, xi, y0r, y0i));
        a1r = f64x2.add(a1r, vre(xr, xi, y1r, y1i)); a1i = f64x2.add(a1i, vim(xr, xi, y1r, y1i));
        const ur = f64x2.splat(qr), ui = f64x2.splat(qi);
        b0r = f64x2.add(b0r, vre(ur, ui, y0r, y0i)); b0i = f64x2.add(b0i, vim(ur, ui, y0r, y0i));
        b1r = f64x2.add(b1r, vre(ur, ui, y1r, y1i)); b1i = f64x2.add(b1i, vim(ur, ui, y1r, y1i));
      }
      yr += stride; yi += stride;
    }
    v128.store(d0r + jo, a0r); v128.store(d0i + jo, a0i); v128.store(d0r + jo + 16, a1r); v128.store(d0i + jo + 16, a1i);
    v128.store(d1r + jo, b0r); v128.store(d1i + jo, b0i); v128.store(d1r + jo + 16, b1r); v128.store(d1i + jo + 16, b1i);
  }
  if (j < len) {
    const jo = <usize>j << 3;
    rowAcc(d0r + jo, d0i + jo, w0r, w0i, sr + jo, si + jo, m, k0, k1, sign, len - j);
    rowAcc(d1r + jo, d1i + jo, w1r, w1i, sr + jo, si + jo, m, k0, k1, sign, len - j);
  }
}

/** exchange the n entries at byte offsets a and b of both planes (one row of a split complex matrix) */
@inline export function swapRows(r: usize, im: usize, a: usize, b: usize, n: i32): void {
  let j = 0;
  for (; j + 1 < n; j += 2) {
    const jo = <usize>j << 3;
    const tr = v128.load(r + a + jo), ti = v128.load(im + a + jo);
    v128.store(r + a + jo, v128.load(r + b + jo)); v128.store(im + a + jo, v128.load(im + b + jo));
    v128.store(r + b + jo, tr); v128.store(im + b + jo, ti);
  }
  for (; j < n; j++) {
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
  for (let kb = 0; kb < n; kb += 8) {
    const ke = min(kb + 8, n);
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
        // the rest of the panel row, a[i, j] −= l·u[k, j], two columns per f64x2 lane
        let j = k + 1;
        const vlr = f64x2.splat(lr), vli = f64x2.splat(li);
        for (; j + 1 < ke; j += 2) {
          const jo = <usize>j << 3;
          const ur = v128.load(r + rk + jo), ui = v128.load(im + rk + jo);
          v128.store(r + ri + jo, f64x2.sub(v128.load(r + ri + jo), vre(vlr, vli, ur, ui)));
          v128.store(im + ri + jo, f64x2.sub(v128.load(im + ri + jo), vim(vlr, vli, ur, ui)));
        }
        if (j < ke) {
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
  // forward: L y = Pb, rows in pairs (both take k < i together; row i+1 then takes k = i from the
  // finished row i: each row still sums k = 0, 1, … in order)
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const x0 = <usize>i * xs, x1 = x0 + xs, l0 = <usize>i * rs, l1 = l0 + rs;
    rowAcc2(xr + x0, xi + x0, xr + x1, xi + x1, r + l0, im + l0, r + l1, im + l1, xr, xi, m, 0, i, -1.0, m);
    rowAcc(xr + x1, xi + x1, r + l1, im + l1, xr, xi, m, i, i + 1, -1.0, m);
  }
  if (i < n) rowAcc(xr + <usize>i * xs, xi + <usize>i * xs, r + <usize>i * rs, im + <usize>i * rs, xr, xi, m, 0, i, -1.0, m);
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
