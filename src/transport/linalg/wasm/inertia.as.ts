/**
 * The inertia count of ../hermitian.ts (hermitianCountAbove) in AssemblyScript (part of the module
 * kernels.as.ts): Bunch–Kaufman pivots and updates as the JavaScript ones, the 1×1 updates two
 * columns per f64x2.
 */
import { swapRows } from './dense.as';

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
