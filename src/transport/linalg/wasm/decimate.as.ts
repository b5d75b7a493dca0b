/**
 * The López Sancho–Rubio decimation of surfaceGreen.ts in AssemblyScript (part of the module
 * kernels.as.ts), for the small primitive leads: every step as the JavaScript one, on the dense
 * kernels of dense.as.ts, in a scratch area the caller provides.
 */
import { gemmAcc, luFactor, luInverse } from './dense.as';

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

/** g = (z − ε_s)⁻¹ and, with both, gR = (z − ε_s,R)⁻¹ (the last step of decimate); false on an exactly zero pivot */
@inline function surfaces(gr: usize, gi: usize, gRr: usize, gRi: usize, esr: usize, esi: usize, eRr: usize, eRi: usize, both: i32, tr: usize, ti: usize, zr: usize, zi: usize, piv: usize, perm: usize, b: i32, E: f64, eta: f64): bool {
  zMinus(tr, ti, esr, esi, b, E, eta);
  if (!inverseInto(gr, gi, tr, ti, zr, zi, piv, perm, b)) return false;
  if (!both) return true;
  zMinus(tr, ti, eRr, eRi, b, E, eta);
  return inverseInto(gRr, gRi, tr, ti, zr, zi, piv, perm, b);
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
  if (h01max == 0) return surfaces(gr, gi, gRr, gRi, esr, esi, eRr, eRi, both, tr, ti, zr, zi, piv, perm, b, E, eta) ? 0 : -2;
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
    if (maxAbs(alr, ali, nn) < thr && maxAbs(ber, bei, nn) < thr) return surfaces(gr, gi, gRr, gRi, esr, esi, eRr, eRi, both, tr, ti, zr, zi, piv, perm, b, E, eta) ? it : -2;
    const m = maxAbs(esr, esi, nn);
    if (!isFinite(m)) break;
  }
  return -1;
}
