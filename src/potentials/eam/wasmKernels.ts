/**
 * The one-element EAM pair and force passes (parallel.ts pairsSingle / forcePass) as WebAssembly,
 * assembled here from a few opcodes (no toolchain, no binary in the repository). Same operations in
 * the same order as the TypeScript passes, and WebAssembly float64 arithmetic is IEEE-exact like
 * JavaScript's, so both give bit-identical results (test/eam.test.ts checks it); WebAssembly only
 * drops the per-access typed-array checks that dominate these loops in V8 (≈ 2× faster here).
 *
 * The kernels read and write one linear memory (shared between the pool's threads when they run in
 * parallel). Its first HEADER_BYTES hold the byte addresses of the arrays (H, i32) and the scalars
 * (HF, f64: rdr, cutforcesq, rdrho, rhomax and the periodic lengths lx, ly, lz, 0 along free axes);
 * every array a kernel touches lives in the same memory.
 *
 *   pairs(lo, hi, base, last)  rows [lo, hi) of one block: the shells 0 … last of each half-list
 *                              row → kept pairs, ρ and ½φ into the block's buffers (base = bbase_b)
 *   force(lo, hi, base)        rows [lo, hi) of one block: f_i and the scattered −f_ij
 *   embed(lo, hi)              atoms [lo, hi): ρ_i = Σ of its block-buffer slots (aslot, in block
 *                              order), F_i, F'_i (linear above rhomax)
 *   sum(lo, hi, chunk)         atoms [lo, hi): f_i, E_i from the slots; red[2·chunk] = Σ F_i, [+1] = Σ E_i
 */

/** Bytes reserved at address 0 for the header. */
export const HEADER_BYTES = 256;

/** Header slots (i32 words) holding byte addresses of the arrays. */
export const H = {
  pos: 0, hshell: 1, hcsr: 2, hoff: 3, ccnt: 4, cnbr: 5, pk: 6, rhor: 7, z2r: 8, rhoBuf: 9, eBuf: 10, fp: 11, fBuf: 12, k1: 13, mMax: 14,
  aoff: 15, aslot: 16, frho: 17, rho: 18, embed: 19, forces: 20, energies: 21, red: 22, nrho: 23,
} as const;
/** Header f64 slots (byte offsets). */
export const HF = { rdr: 128, cutforcesq: 136, rdrho: 144, rhomax: 152, lx: 160, ly: 168, lz: 176 } as const;

// ---- a minimal WebAssembly assembler ------------------------------------------------------------
type Bytes = number[];
const uleb = (v: number): Bytes => { const o: Bytes = []; do { let b = v & 0x7f; v >>>= 7; if (v) b |= 0x80; o.push(b); } while (v); return o; };
const sleb = (v: number): Bytes => {
  const o: Bytes = [];
  for (;;) { const b = v & 0x7f; v >>= 7; if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) { o.push(b); return o; } o.push(b | 0x80); }
};
const f64c = (x: number): Bytes => { const b = new Uint8Array(new Float64Array([x]).buffer); return [0x44, ...b]; };
const i32c = (x: number): Bytes => [0x41, ...sleb(x)];
const get = (l: number): Bytes => [0x20, ...uleb(l)];
const set = (l: number, ...v: Bytes[]): Bytes => [...v.flat(), 0x21, ...uleb(l)];
const ldF = (addr: Bytes, off = 0): Bytes => [...addr, 0x2b, 3, ...uleb(off)];
const ldI = (addr: Bytes, off = 0): Bytes => [...addr, 0x28, 2, ...uleb(off)];
const stF = (addr: Bytes, v: Bytes, off = 0): Bytes => [...addr, ...v, 0x39, 3, ...uleb(off)];
const stI = (addr: Bytes, v: Bytes, off = 0): Bytes => [...addr, ...v, 0x36, 2, ...uleb(off)];
const op = (code: number) => (...a: Bytes[]): Bytes => [...a.flat(), code];
const iadd = op(0x6a), isub = op(0x6b), imul = op(0x6c), ilts = op(0x48), igts = op(0x4a);
const fgt = op(0x64), fmax = op(0xa5), fceil = op(0x9b), fne = op(0x62);
const fadd = op(0xa0), fsub = op(0xa1), fmul = op(0xa2), fdiv = op(0xa3), fmin = op(0xa4), fsqrt = op(0x9f), fneg = op(0x9a), flt = op(0x63);
const select = op(0x1b);
const truncSat = (a: Bytes): Bytes => [...a, 0xfc, 0x02];
const cvt = op(0xb7);
/** for (v = from; v < to; v++) body — `to` re-evaluated each iteration (keep it a local). */
const forRange = (v: number, from: Bytes, to: Bytes, body: Bytes[]): Bytes => [
  ...set(v, from), 0x02, 0x40, 0x03, 0x40,
  ...ilts(get(v), to), 0x45, 0x0d, 1, // br_if 1 (exit) when !(v < to)
  ...body.flat(), ...set(v, iadd(get(v), i32c(1))), 0x0c, 0, 0x0b, 0x0b,
];
/**
 * Minimum image along one axis, as the TS passes do it: d −= L·Math.round(d/L) when L ≠ 0, with
 * Math.round(x) = ceil(x) − (ceil(x) − 0.5 > x ? 1 : 0) (half-way cases up, as in JavaScript).
 * `d`, `tx`, `tc` are f64 locals; `L` is the f64 local holding the period.
 */
const minImage = (d: number, L: number, tx: number, tc: number): Bytes => [
  ...fne(get(L), f64c(0)), 0x04, 0x40,
  ...set(tx, fdiv(get(d), get(L))),
  ...set(tc, fceil(get(tx))),
  ...set(tc, select(fsub(get(tc), f64c(1.0)), get(tc), fgt(fsub(get(tc), f64c(0.5)), get(tx)))),
  ...set(d, fsub(get(d), fmul(get(L), get(tc)))),
  0x0b,
];
/** a·p + b (Horner step) */
const hs = (a: Bytes, p: Bytes, b: Bytes): Bytes => fadd(fmul(a, p), b);
/** Address base + idx·scale. */
const at = (base: Bytes, idx: Bytes, scale: number): Bytes => iadd(base, imul(idx, i32c(scale)));

function func(nParams: number, locals: { i32: number; f64: number }, body: Bytes): Bytes {
  const decl = [...uleb(2), ...uleb(locals.i32), 0x7f, ...uleb(locals.f64), 0x7c];
  const code = [...decl, ...body, 0x0b];
  void nParams;
  return [...uleb(code.length), ...code];
}

function pairsBody(): { body: Bytes; i32: number; f64: number } {
  // params: 0 lo, 1 hi, 2 base, 3 last; i32 locals from 4
  let L = 4;
  const I = () => L++;
  const i = I(), k = I(), end = I(), j = I(), w = I(), w0 = I(), m = I(), q = I(), t = I(), z = I(), a = I();
  const POS = I(), HSHELL = I(), HCSR = I(), HOFF = I(), CCNT = I(), CNBR = I(), PK = I(), RHOR = I(), Z2R = I(), RB = I(), EB = I(), K1 = I(), MMAX = I();
  const nI = L - 4;
  let F = L;
  const D = () => F++;
  const xi = D(), yi = D(), zi = D(), dx = D(), dy = D(), dz = D(), rsq = D(), r = D(), p = D(), v = D(), acc = D(), ehi = D(), z2p = D(), z2 = D(), recip = D(), phi = D(), hphi = D(), rdr = D(), cut = D();
  const lx = D(), ly = D(), lz = D(), tx = D(), tc = D();
  const nF = F - L;
  const hdr = (loc: number, slot: number) => set(loc, ldI(i32c(0), 4 * slot));
  const body: Bytes = [
    ...hdr(POS, H.pos), ...hdr(HSHELL, H.hshell), ...hdr(HCSR, H.hcsr), ...hdr(HOFF, H.hoff), ...hdr(CCNT, H.ccnt), ...hdr(CNBR, H.cnbr), ...hdr(PK, H.pk),
    ...hdr(RHOR, H.rhor), ...hdr(Z2R, H.z2r), ...hdr(RB, H.rhoBuf), ...hdr(EB, H.eBuf), ...hdr(K1, H.k1), ...hdr(MMAX, H.mMax),
    ...set(rdr, ldF(i32c(0), HF.rdr)), ...set(cut, ldF(i32c(0), HF.cutforcesq)),
    ...set(lx, ldF(i32c(0), HF.lx)), ...set(ly, ldF(i32c(0), HF.ly)), ...set(lz, ldF(i32c(0), HF.lz)),
    ...forRange(i, get(0), get(1), [
      set(a, at(get(POS), get(i), 24)),
      set(xi, ldF(get(a), 0)), set(yi, ldF(get(a), 8)), set(zi, ldF(get(a), 16)),
      set(w0, ldI(at(get(HOFF), get(i), 4))), set(w, get(w0)),
      set(end, ldI(at(get(HSHELL), iadd(imul(get(i), get(K1)), get(3)), 4))),
      // 1) branch-free filter
      forRange(k, get(w0), get(end), [
        set(j, ldI(at(get(HCSR), get(k), 4))),
        set(a, at(get(POS), get(j), 24)),
        set(dx, fsub(get(xi), ldF(get(a), 0))), set(dy, fsub(get(yi), ldF(get(a), 8))), set(dz, fsub(get(zi), ldF(get(a), 16))),
        minImage(dx, lx, tx, tc), minImage(dy, ly, tx, tc), minImage(dz, lz, tx, tc),
        set(rsq, fadd(fadd(fmul(get(dx), get(dx)), fmul(get(dy), get(dy))), fmul(get(dz), get(dz)))),
        stI(at(get(CNBR), get(w), 4), get(j)),
        stF(at(get(PK), get(w), 16), get(rsq)),
        set(w, iadd(get(w), flt(get(rsq), get(cut)))),
      ]),
      stI(at(get(CCNT), get(i), 4), isub(get(w), get(w0))),
      // 2) the pairs inside the cutoff
      set(acc, f64c(0)), set(ehi, f64c(0)),
      forRange(q, get(w0), get(w), [
        set(j, ldI(at(get(CNBR), get(q), 4))),
        set(a, at(get(PK), get(q), 16)),
        set(r, fsqrt(ldF(get(a), 0))),
        set(p, fadd(fmul(get(r), get(rdr)), f64c(1.0))),
        set(m, truncSat(get(p))),
        set(m, select(get(MMAX), get(m), igts(get(m), get(MMAX)))),
        set(p, fsub(get(p), cvt(get(m)))),
        set(p, fmin(get(p), f64c(1.0))),
        set(t, at(get(RHOR), get(m), 56)), set(z, at(get(Z2R), get(m), 56)),
        set(v, hs(hs(hs(ldF(get(t), 24), get(p), ldF(get(t), 32)), get(p), ldF(get(t), 40)), get(p), ldF(get(t), 48))),
        set(acc, fadd(get(acc), get(v))),
        stF(at(get(RB), iadd(get(2), get(j)), 8), fadd(ldF(at(get(RB), iadd(get(2), get(j)), 8)), get(v))),
        set(z2p, hs(hs(ldF(get(z), 0), get(p), ldF(get(z), 8)), get(p), ldF(get(z), 16))),
        set(z2, hs(hs(hs(ldF(get(z), 24), get(p), ldF(get(z), 32)), get(p), ldF(get(z), 40)), get(p), ldF(get(z), 48))),
        set(recip, fdiv(f64c(1.0), get(r))),
        set(phi, fmul(get(z2), get(recip))),
        set(hphi, fmul(f64c(0.5), get(phi))),
        set(ehi, fadd(get(ehi), get(hphi))),
        stF(at(get(EB), iadd(get(2), get(j)), 8), fadd(ldF(at(get(EB), iadd(get(2), get(j)), 8)), get(hphi))),
        stF(get(a), fmul(hs(hs(ldF(get(t), 0), get(p), ldF(get(t), 8)), get(p), ldF(get(t), 16)), get(recip)), 0),
        stF(get(a), fmul(fsub(fmul(get(z2p), get(recip)), fmul(get(phi), get(recip))), get(recip)), 8),
      ]),
      stF(at(get(RB), iadd(get(2), get(i)), 8), fadd(ldF(at(get(RB), iadd(get(2), get(i)), 8)), get(acc))),
      stF(at(get(EB), iadd(get(2), get(i)), 8), fadd(ldF(at(get(EB), iadd(get(2), get(i)), 8)), get(ehi))),
    ]),
  ];
  return { body, i32: nI, f64: nF };
}

function forceBody(): { body: Bytes; i32: number; f64: number } {
  // params: 0 lo, 1 hi, 2 base
  let L = 3;
  const I = () => L++;
  const i = I(), q = I(), end = I(), j = I(), a = I(), t = I();
  const POS = I(), HOFF = I(), CCNT = I(), CNBR = I(), PK = I(), FP = I(), FB = I();
  const nI = L - 3;
  let F = L;
  const D = () => F++;
  const xi = D(), yi = D(), zi = D(), fpi = D(), fxi = D(), fyi = D(), fzi = D(), dx = D(), dy = D(), dz = D(), fpair = D(), fx = D(), fy = D(), fz = D();
  const lx = D(), ly = D(), lz = D(), tx = D(), tc = D();
  const nF = F - L;
  const hdr = (loc: number, slot: number) => set(loc, ldI(i32c(0), 4 * slot));
  const body: Bytes = [
    ...hdr(POS, H.pos), ...hdr(HOFF, H.hoff), ...hdr(CCNT, H.ccnt), ...hdr(CNBR, H.cnbr), ...hdr(PK, H.pk), ...hdr(FP, H.fp), ...hdr(FB, H.fBuf),
    ...set(lx, ldF(i32c(0), HF.lx)), ...set(ly, ldF(i32c(0), HF.ly)), ...set(lz, ldF(i32c(0), HF.lz)),
    ...forRange(i, get(0), get(1), [
      set(a, at(get(POS), get(i), 24)),
      set(xi, ldF(get(a), 0)), set(yi, ldF(get(a), 8)), set(zi, ldF(get(a), 16)),
      set(fpi, ldF(at(get(FP), get(i), 8))),
      set(fxi, f64c(0)), set(fyi, f64c(0)), set(fzi, f64c(0)),
      set(q, ldI(at(get(HOFF), get(i), 4))),
      set(end, iadd(get(q), ldI(at(get(CCNT), get(i), 4)))),
      forRange(q, get(q), get(end), [
        set(j, ldI(at(get(CNBR), get(q), 4))),
        set(a, at(get(POS), get(j), 24)),
        set(dx, fsub(get(xi), ldF(get(a), 0))), set(dy, fsub(get(yi), ldF(get(a), 8))), set(dz, fsub(get(zi), ldF(get(a), 16))),
        minImage(dx, lx, tx, tc), minImage(dy, ly, tx, tc), minImage(dz, lz, tx, tc),
        set(a, at(get(PK), get(q), 16)),
        // fpair = −((F'_i + F'_j)·ρ'/r + φ'/r)
        set(fpair, fneg(fadd(fmul(fadd(get(fpi), ldF(at(get(FP), get(j), 8))), ldF(get(a), 0)), ldF(get(a), 8)))),
        set(fx, fmul(get(dx), get(fpair))), set(fy, fmul(get(dy), get(fpair))), set(fz, fmul(get(dz), get(fpair))),
        set(fxi, fadd(get(fxi), get(fx))), set(fyi, fadd(get(fyi), get(fy))), set(fzi, fadd(get(fzi), get(fz))),
        set(t, at(get(FB), iadd(get(2), get(j)), 24)),
        stF(get(t), fsub(ldF(get(t), 0), get(fx)), 0),
        stF(get(t), fsub(ldF(get(t), 8), get(fy)), 8),
        stF(get(t), fsub(ldF(get(t), 16), get(fz)), 16),
      ]),
      set(t, at(get(FB), iadd(get(2), get(i)), 24)),
      stF(get(t), fadd(ldF(get(t), 0), get(fxi)), 0),
      stF(get(t), fadd(ldF(get(t), 8), get(fyi)), 8),
      stF(get(t), fadd(ldF(get(t), 16), get(fzi)), 16),
    ]),
  ];
  return { body, i32: nI, f64: nF };
}

function embedBody(): { body: Bytes; i32: number; f64: number } {
  // params: 0 lo, 1 hi (single element: elem = 0)
  let L = 2;
  const I = () => L++;
  const i = I(), k = I(), end = I(), m = I(), o = I(), NR = I();
  const AOFF = I(), ASLOT = I(), RB = I(), FRHO = I(), RHO = I(), FP = I(), EMB = I();
  const nI = L - 2;
  let F = L;
  const D = () => F++;
  const r = D(), p = D(), f1 = D(), e = D(), rdrho = D(), rhomax = D();
  const nF = F - L;
  const hdr = (loc: number, slot: number) => set(loc, ldI(i32c(0), 4 * slot));
  const body: Bytes = [
    ...hdr(AOFF, H.aoff), ...hdr(ASLOT, H.aslot), ...hdr(RB, H.rhoBuf), ...hdr(FRHO, H.frho), ...hdr(RHO, H.rho), ...hdr(FP, H.fp), ...hdr(EMB, H.embed), ...hdr(NR, H.nrho),
    ...set(rdrho, ldF(i32c(0), HF.rdrho)), ...set(rhomax, ldF(i32c(0), HF.rhomax)),
    ...forRange(i, get(0), get(1), [
      set(r, f64c(0)),
      set(end, ldI(at(get(AOFF), get(i), 4), 4)),
      forRange(k, ldI(at(get(AOFF), get(i), 4)), get(end), [
        set(r, fadd(get(r), ldF(at(get(RB), ldI(at(get(ASLOT), get(k), 4)), 8)))),
      ]),
      stF(at(get(RHO), get(i), 8), get(r)),
      set(p, fadd(fmul(get(r), get(rdrho)), f64c(1.0))),
      // m = max(1, min(trunc p, nrho − 1))
      set(m, truncSat(get(p))),
      set(m, select(isub(get(NR), i32c(1)), get(m), igts(get(m), isub(get(NR), i32c(1))))),
      set(m, select(i32c(1), get(m), ilts(get(m), i32c(1)))),
      set(p, fmin(fsub(get(p), cvt(get(m))), f64c(1.0))),
      set(o, at(get(FRHO), get(m), 56)),
      set(f1, hs(hs(ldF(get(o), 0), get(p), ldF(get(o), 8)), get(p), ldF(get(o), 16))),
      set(e, hs(hs(hs(ldF(get(o), 24), get(p), ldF(get(o), 32)), get(p), ldF(get(o), 40)), get(p), ldF(get(o), 48))),
      [...fgt(get(r), get(rhomax)), 0x04, 0x40, ...set(e, fadd(get(e), fmul(get(f1), fsub(get(r), get(rhomax))))), 0x0b],
      stF(at(get(FP), get(i), 8), get(f1)),
      stF(at(get(EMB), get(i), 8), get(e)),
    ]),
  ];
  void fmax;
  return { body, i32: nI, f64: nF };
}

function sumBody(): { body: Bytes; i32: number; f64: number } {
  // params: 0 lo, 1 hi, 2 chunk
  let L = 3;
  const I = () => L++;
  const i = I(), k = I(), end = I(), q = I(), a = I();
  const AOFF = I(), ASLOT = I(), FB = I(), EB = I(), EMB = I(), FO = I(), EN = I(), RED = I();
  const nI = L - 3;
  let F = L;
  const D = () => F++;
  const fx = D(), fy = D(), fz = D(), e = D(), sF = D(), sE = D();
  const nF = F - L;
  const hdr = (loc: number, slot: number) => set(loc, ldI(i32c(0), 4 * slot));
  const body: Bytes = [
    ...hdr(AOFF, H.aoff), ...hdr(ASLOT, H.aslot), ...hdr(FB, H.fBuf), ...hdr(EB, H.eBuf), ...hdr(EMB, H.embed), ...hdr(FO, H.forces), ...hdr(EN, H.energies), ...hdr(RED, H.red),
    ...set(sF, f64c(0)), ...set(sE, f64c(0)),
    ...forRange(i, get(0), get(1), [
      set(fx, f64c(0)), set(fy, f64c(0)), set(fz, f64c(0)),
      set(e, ldF(at(get(EMB), get(i), 8))),
      set(end, ldI(at(get(AOFF), get(i), 4), 4)),
      forRange(k, ldI(at(get(AOFF), get(i), 4)), get(end), [
        set(q, ldI(at(get(ASLOT), get(k), 4))),
        set(a, at(get(FB), get(q), 24)),
        set(fx, fadd(get(fx), ldF(get(a), 0))), set(fy, fadd(get(fy), ldF(get(a), 8))), set(fz, fadd(get(fz), ldF(get(a), 16))),
        set(e, fadd(get(e), ldF(at(get(EB), get(q), 8)))),
      ]),
      set(a, at(get(FO), get(i), 24)),
      stF(get(a), get(fx), 0), stF(get(a), get(fy), 8), stF(get(a), get(fz), 16),
      stF(at(get(EN), get(i), 8), get(e)),
      set(sF, fadd(get(sF), ldF(at(get(EMB), get(i), 8)))),
      set(sE, fadd(get(sE), get(e))),
    ]),
    ...stF(at(get(RED), get(2), 16), get(sF), 0),
    ...stF(at(get(RED), get(2), 16), get(sE), 8),
  ];
  return { body, i32: nI, f64: nF };
}

/** The module's bytes: imports env.mem (shared when `shared`), exports pairs and force. */
export function eamWasmBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  const sec = (id: number, content: Bytes): Bytes => [id, ...uleb(content.length), ...content];
  const str = (s: string): Bytes => [...uleb(s.length), ...[...s].map((ch) => ch.charCodeAt(0))];
  const types = [3, 0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 0, 0x60, 3, 0x7f, 0x7f, 0x7f, 0, 0x60, 2, 0x7f, 0x7f, 0];
  // memory limits: shared needs a maximum (65536 pages = 4 GiB)
  const limits = shared ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const imports = [1, ...str('env'), ...str('mem'), 0x02, ...limits];
  const funcs = [4, 0, 1, 2, 1];
  const exports = [4, ...str('pairs'), 0x00, 0, ...str('force'), 0x00, 1, ...str('embed'), 0x00, 2, ...str('sum'), 0x00, 3];
  const pb = pairsBody(), fb = forceBody(), eb = embedBody(), sb = sumBody();
  const code = [4, ...func(4, pb, pb.body), ...func(3, fb, fb.body), ...func(2, eb, eb.body), ...func(3, sb, sb.body)];
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...sec(1, types), ...sec(2, imports), ...sec(3, funcs), ...sec(7, exports), ...sec(10, code)]);
}

export interface EamWasmExports {
  pairs(lo: number, hi: number, base: number, last: number): void;
  force(lo: number, hi: number, base: number): void;
  embed(lo: number, hi: number): void;
  sum(lo: number, hi: number, chunk: number): void;
}

const modules = new Map<boolean, WebAssembly.Module>();
let usable: boolean | undefined;

/** Whether this runtime compiles the kernels (no WebAssembly, or a page whose CSP forbids it: false). */
export function eamWasmUsable(): boolean {
  if (usable === undefined) {
    try {
      modules.set(false, new WebAssembly.Module(eamWasmBytes(false)));
      usable = true;
    } catch {
      usable = false;
    }
  }
  return usable;
}

/** The kernels bound to `mem` (compiled once per thread and kind of memory). */
export function eamWasmInstance(mem: WebAssembly.Memory, shared: boolean): EamWasmExports {
  let mod = modules.get(shared);
  if (!mod) {
    mod = new WebAssembly.Module(eamWasmBytes(shared));
    modules.set(shared, mod);
  }
  return new WebAssembly.Instance(mod, { env: { mem } }).exports as unknown as EamWasmExports;
}
