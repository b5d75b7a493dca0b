/**
 * The WebAssembly SIMD backend of the dense complex kernels (kernels.as.ts, compiled into
 * kernels.wasm.ts): C += A·B, LU with partial pivoting, the multi-RHS solve and the inverse from
 * the LU, on split re/im Float64Arrays copied into the module's linear memory and back. The results
 * are bit for bit those of the JavaScript kernels of ../cmat.ts (same operations in the same order;
 * test/transport/wasmLinalg.test.ts); the module only runs them about twice as fast (f64x2 lanes, no
 * bounds checks). Instantiated lazily, once per thread (Node worker or Web Worker); where
 * WebAssembly SIMD is missing, or REWIRE_LINALG=js, every call falls back to JavaScript.
 *
 * Memory: one growable arena from byte 64 KiB. The LU factors of the last factorization stay at
 * its start (`resident`), so a solve or an inverse right after cluFactor does not copy them in
 * again; the other operands go after them.
 */
import { KERNELS_WASM_BASE64 } from './kernels.wasm.ts';

interface Kernels {
  memory: WebAssembly.Memory;
  gemmAcc(cr: number, ci: number, ar: number, ai: number, br: number, bi: number, n: number, K: number, m: number): void;
  luFactor(r: number, im: number, piv: number, n: number): number;
  luSolve(r: number, im: number, piv: number, n: number, xr: number, xi: number, m: number): void;
  luInverse(r: number, im: number, n: number, zr: number, zi: number): void;
  decimateScratchBytes(b: number): number;
  countPositive(re: number, im: number, n: number): number;
  decimate(h00r: number, h00i: number, h01r: number, h01i: number, b: number, E: number, eta: number, tol: number, maxIter: number, both: number, scratch: number, gr: number, gi: number, gRr: number, gRi: number): number;
}

export type LinalgBackend = 'wasm' | 'js';

const ARENA = 65536;
let kernels: Kernels | null | undefined;
let forced: LinalgBackend | undefined;
let f64 = new Float64Array(0), i32 = new Int32Array(0);
/** the LU whose factors sit at the arena start (identified by its re array), and their size in bytes */
let resident: { re: Float64Array; bytes: number } | null = null;

function decode(b64: string): Uint8Array {
  if (typeof atob === 'function') return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new Uint8Array((globalThis as unknown as { Buffer: { from(s: string, e: string): Uint8Array } }).Buffer.from(b64, 'base64'));
}

/** REWIRE_LINALG from the environment, read once (process.env is slow to read per call) */
const fromEnv: LinalgBackend | undefined = (() => {
  const v = typeof process !== 'undefined' ? process.env?.REWIRE_LINALG : undefined;
  return v === 'js' || v === 'wasm' ? v : undefined;
})();

function load(): Kernels | null {
  if (kernels !== undefined) return kernels;
  try {
    const mod = new WebAssembly.Module(decode(KERNELS_WASM_BASE64) as BufferSource);
    kernels = new WebAssembly.Instance(mod, {}).exports as unknown as Kernels;
  } catch {
    kernels = null; // no SIMD, or a browser main thread that refuses synchronous compilation
  }
  return kernels;
}

/** Which backend the kernels of cmat.ts use now ('wasm' only where the module loads). */
export function linalgBackend(): LinalgBackend {
  const want = forced ?? fromEnv ?? 'wasm';
  return want === 'wasm' && load() ? 'wasm' : 'js';
}

/** Forces a backend for this thread (tests, benchmarks); undefined restores the default (REWIRE_LINALG, else wasm). */
export function setLinalgBackend(b: LinalgBackend | undefined): void {
  forced = b;
}

/** below this many complex multiply–adds the copies cost more than the kernel saves (9×9 products still gain ≈ 2×) */
const WASM_MIN_WORK = 256;

/** The kernels when the wasm backend is on and the work (complex multiply–adds) is worth the copies. */
export function wasmFor(work: number): Kernels | null {
  if (work < WASM_MIN_WORK) return null;
  return linalgBackend() === 'wasm' ? kernels! : null;
}

/** Grows the memory to hold `bytes` from byte `from` on, and renews the views when it grew. */
function scratch(k: Kernels, from: number, bytes: number): void {
  const need = from + bytes;
  const have = k.memory.buffer.byteLength;
  if (need > have) k.memory.grow(Math.ceil((need - have) / 65536));
  if (f64.buffer !== k.memory.buffer) (f64 = new Float64Array(k.memory.buffer)), (i32 = new Int32Array(k.memory.buffer));
}

const residentEnd = () => ARENA + (resident ? resident.bytes : 0);

/** C (n×m) += A (n×K) · B (K×m), split re/im; `cZero`: C is known to be zero (not copied in). */
export function wasmMulAdd(k: Kernels, ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array, cr: Float64Array, ci: Float64Array, n: number, K: number, m: number, cZero = false): void {
  const o = residentEnd(), sa = n * K * 8, sb = K * m * 8, sc = n * m * 8;
  scratch(k, o, 2 * (sa + sb + sc));
  const pAr = o, pAi = pAr + sa, pBr = pAi + sa, pBi = pBr + sb, pCr = pBi + sb, pCi = pCr + sc;
  f64.set(ar, pAr / 8); f64.set(ai, pAi / 8); f64.set(br, pBr / 8); f64.set(bi, pBi / 8);
  if (cZero) f64.fill(0, pCr / 8, (pCi + sc) / 8);
  else (f64.set(cr, pCr / 8), f64.set(ci, pCi / 8));
  k.gemmAcc(pCr, pCi, pAr, pAi, pBr, pBi, n, K, m);
  cr.set(f64.subarray(pCr / 8, pCr / 8 + n * m));
  ci.set(f64.subarray(pCi / 8, pCi / 8 + n * m));
}

/** The LU's place at the arena start: byte offsets of re, im and the pivots, and its size padded to 8 bytes. */
function luLayout(n: number): { re: number; im: number; piv: number; bytes: number } {
  const s = n * n * 8;
  return { re: ARENA, im: ARENA + s, piv: ARENA + 2 * s, bytes: 2 * s + 8 * Math.ceil(n / 2) };
}

/** Places the LU (re, im, piv) at the arena start unless it is there already. */
function makeResident(k: Kernels, re: Float64Array, im: Float64Array, piv: Int32Array, n: number): void {
  if (resident?.re === re) return;
  const L = luLayout(n);
  resident = null;
  scratch(k, ARENA, L.bytes);
  f64.set(re, L.re / 8); f64.set(im, L.im / 8); i32.set(piv, L.piv / 4);
  resident = { re, bytes: L.bytes };
}

/**
 * P·A = L·U in place on (re, im) (n×n), pivots into piv: −1, or the column of an exactly zero pivot
 * (then re, im, piv hold the partial factorization, as in JavaScript).
 */
export function wasmLuFactor(k: Kernels, re: Float64Array, im: Float64Array, piv: Int32Array, n: number): number {
  const L = luLayout(n);
  resident = null;
  scratch(k, ARENA, L.bytes);
  f64.set(re, L.re / 8); f64.set(im, L.im / 8);
  const zero = k.luFactor(L.re, L.im, L.piv, n);
  re.set(f64.subarray(L.re / 8, L.re / 8 + n * n));
  im.set(f64.subarray(L.im / 8, L.im / 8 + n * n));
  piv.set(i32.subarray(L.piv / 4, L.piv / 4 + n));
  if (zero < 0) resident = { re, bytes: L.bytes };
  return zero;
}

/** X = A⁻¹ B (n×m, split re/im; X may be B) from the LU (re, im, piv) of A. */
export function wasmLuSolve(k: Kernels, re: Float64Array, im: Float64Array, piv: Int32Array, n: number, br: Float64Array, bi: Float64Array, xr: Float64Array, xi: Float64Array, m: number): void {
  makeResident(k, re, im, piv, n);
  const L = luLayout(n), o = residentEnd(), sx = n * m * 8;
  scratch(k, o, 2 * sx);
  f64.set(br, o / 8); f64.set(bi, (o + sx) / 8);
  k.luSolve(L.re, L.im, L.piv, n, o, o + sx, m);
  xr.set(f64.subarray(o / 8, o / 8 + n * m));
  xi.set(f64.subarray((o + sx) / 8, (o + sx) / 8 + n * m));
}

/** Z = U⁻¹ L⁻¹ (n×n, before the column permutation) from the LU (re, im, piv), into (zr, zi). */
export function wasmLuInverse(k: Kernels, re: Float64Array, im: Float64Array, piv: Int32Array, n: number, zr: Float64Array, zi: Float64Array): void {
  makeResident(k, re, im, piv, n);
  const L = luLayout(n), s = n * n * 8, o = residentEnd();
  scratch(k, o, 2 * s);
  f64.fill(0, o / 8, (o + 2 * s) / 8);
  k.luInverse(L.re, L.im, n, o, o + s);
  zr.set(f64.subarray(o / 8, o / 8 + n * n));
  zi.set(f64.subarray((o + s) / 8, (o + s) / 8 + n * n));
}

/**
 * López Sancho decimation of the lead {h00, h01} (b×b, split re/im) at E + iη, step for step as
 * surfaceGreen.ts: g (and gR of the reversed lead when `both`) and the iteration count, or −1 (not
 * converged in maxIter) or −2 (an exactly singular pivot).
 */
export function wasmDecimate(k: Kernels, h00: { re: Float64Array; im: Float64Array }, h01: { re: Float64Array; im: Float64Array }, b: number, E: number, eta: number, tol: number, maxIter: number, both: boolean): { code: number; g?: [Float64Array, Float64Array]; gR?: [Float64Array, Float64Array] } {
  const M = b * b * 8, o = residentEnd();
  scratch(k, o, 8 * M + k.decimateScratchBytes(b));
  const h00r = o, h00i = o + M, h01r = o + 2 * M, h01i = o + 3 * M, gr = o + 4 * M, gi = o + 5 * M, gRr = o + 6 * M, gRi = o + 7 * M;
  f64.set(h00.re, h00r / 8); f64.set(h00.im, h00i / 8); f64.set(h01.re, h01r / 8); f64.set(h01.im, h01i / 8);
  const code = k.decimate(h00r, h00i, h01r, h01i, b, E, eta, tol, maxIter, both ? 1 : 0, o + 8 * M, gr, gi, gRr, gRi);
  if (code < 0) return { code };
  const view = (p: number) => f64.slice(p / 8, p / 8 + b * b);
  return { code, g: [view(gr), view(gi)], ...(both ? { gR: [view(gRr), view(gRi)] as [Float64Array, Float64Array] } : {}) };
}

/** Positive eigenvalues of D in the Bunch–Kaufman factorization of the Hermitian n×n (re, im) (full storage; not modified). */
export function wasmCountPositive(k: Kernels, re: Float64Array, im: Float64Array, n: number): number {
  const o = residentEnd(), M = n * n * 8;
  scratch(k, o, 2 * M);
  f64.set(re, o / 8); f64.set(im, (o + M) / 8);
  return k.countPositive(o, o + M, n);
}
