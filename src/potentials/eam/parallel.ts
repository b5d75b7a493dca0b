/**
 * EAM on the SPMD pool (src/parallel): the LAMMPS PairEAM::compute algorithm (each pair once,
 * half of the full list: j > i, contributions scattered to both atoms) made deterministic by a
 * FIXED number of blocks (EAM_BLOCKS, independent of the thread count): block b owns rows
 * [b·n/B, (b+1)·n/B) and scatters into its own buffers; per-atom passes add the B buffers in block
 * order. So results are bit-identical for every thread count (and match compute.ts to round-off).
 *
 *   half   (rows)    once per neighbour list: the half list (j > i) and each row's reach
 *   compact(rows)    once per list: the half list in CSR order, each row sorted into SHELLS by its
 *                    distance r⁰ at the list's first use: shell 0 holds r⁰ < rc, shell s ≥ 1 holds
 *                    rc + (s−1)·δ ≤ r⁰ < rc + s·δ (δ = skin/SHELLS; the last shell is open above)
 *   pairs  (blocks)  ρ: for j > i, r < cutoff: ρ_buf[b][i] += ρ_{e(j)}(r), ρ_buf[b][j] += ρ_{e(i)}(r);
 *                    reads only the shells that can hold a pair inside the cutoff: with D the largest
 *                    displacement of any atom since the list's first use, |r − r⁰| ≤ 2D, so shell s
 *                    can be skipped when its lower edge rc + (s−1)·δ ≥ rc + 2D (dynamic pruning:
 *                    the same pairs in the same order as reading every entry, fewer distance tests);
 *                    keeps j of the pairs inside the cutoff (the force pass recomputes x_i − x_j, as
 *                    LAMMPS does: 4 bytes a pair of memory traffic instead of 40)
 *   embed  (rows)    ρ_i = Σ_b ρ_buf[b][i];  F_i, F'_i (linear extension above rhomax)
 *   force  (blocks)  f_ij = −(F'_i ρ'_{e(j)} + F'_j ρ'_{e(i)} + φ')/r · (x_i − x_j) → f_i in registers,
 *                    f_buf[b][j] −= f_ij;  ½φ to both atoms
 *   sum    (rows)    f_i = Σ_b f_buf[b][i],  E_i = F_i + Σ_b e_buf[b][i]; copied into the caller's
 *                    arrays (outF, outE) chunk by chunk, so a fused caller pass can read them at once
 * Block buffers are zeroed and reduced only over the block's reach (Σ_b skips blocks whose reach
 * does not contain i: their entries are exact zeros), so the bookkeeping costs O(n), not O(B·n).
 * One-element tables run pairs, embed, force and sum as WebAssembly (wasmKernels.ts: the same
 * operations, bit-identical, ≈ 2× faster in V8); alloys run the TypeScript passes below. The input list may be full or half (j > i only).
 * Units: Å, eV, eV/Å.
 */
import { defineKernels } from '../../parallel/registry.ts';
import { eamWasmInstance, type EamWasmExports } from './wasmKernels.ts';

/**
 * Blocks of rows (fixed: results do not depend on the thread count). Many more than threads, so the
 * threads claiming them dynamically finish together (and a thread the OS preempts holds up little);
 * their scatter buffers cover only each block's reach, so memory stays O(n).
 */
export const EAM_BLOCKS = 32;

/** Distance shells of the skin region per half-list row (dynamic pruning; see the header). */
export const EAM_SHELLS = 8;

export interface EamCtx {
  n: number;
  pos: Float64Array;
  lx: number;
  ly: number;
  lz: number;
  stride: number;
  counts: Uint32Array;
  nbr: Uint32Array;
  /** half list (j > i, list order) in the full list's layout: [n] counts, [n·stride] j (built once per list) */
  hcnt: Uint32Array;
  hnbr: Uint32Array;
  /** the half list compacted in CSR order (row i from hoff[i], hcnt[i] entries, in shell order): read every step */
  hcsr: Uint32Array;
  /** [n·(EAM_SHELLS+1)] absolute end in hcsr of each shell of row i */
  hshell: Uint32Array;
  /** [3n] positions at the list's first use (r⁰ and the displacements D are measured from them) */
  ref: Float64Array;
  /** scalars: [0] interaction cutoff rc, [1] shell width δ (Å), [2] shells to read this step (1 … EAM_SHELLS+1) */
  sc: Float64Array;
  single: number;
  elem: Int32Array;
  nr: number;
  nrho: number;
  rdr: number;
  rdrho: number;
  rhomax: number;
  cutforcesq: number;
  /** per-element / per-pair tables, each (nr+1)·7 (frho: (nrho+1)·7), concatenated */
  rhor: Float64Array;
  frho: Float64Array;
  z2r: Float64Array;
  /** per block slices over its reach (Σ_b reach_b entries; fBuf 3 per entry): ρ, force, ½φ */
  rhoBuf: Float64Array;
  fBuf: Float64Array;
  eBuf: Float64Array;
  /** [n+1] exclusive prefix sum of hcnt: row i's pairs are stored from hoff[i] (CSR) */
  hoff: Uint32Array;
  /** pairs inside the cutoff (kept by the density pass): [n] counts, j at cnbr[hoff[i] + k] */
  ccnt: Uint32Array;
  cnbr: Uint32Array;
  /**
   * per kept pair, its r-only factors (same index as cnbr), PK per pair: one element
   * (ρ'/r, φ'/r); several (ρ'_{e(j)}/r, ρ'_{e(i)}/r, φ'/r)
   */
  pk: Float64Array;
  /** [n] 1 + the largest atom index row i touches (i itself or its half-list j) */
  hmax: Uint32Array;
  /**
   * [B+1] block row boundaries (equal shares of half-list entries: equal work); [2B] per block its
   * reach [first row, 1 + largest atom index touched); [B] its buffers' base: entry of atom i in the
   * block's buffers is base_b + i (base_b = offset of the block's slice − its first row; may be < 0);
   * [n] the first block whose reach contains atom i
   */
  blk: Uint32Array;
  brange: Uint32Array;
  bbase: Int32Array;
  afirst: Uint32Array;
  /**
   * per atom, its slots in the block buffers (base_b + i for each block b whose reach holds i, in
   * block order): atom i's from aoff[i] to aoff[i+1] in aslot (set by eamBlocks / eamSlots)
   */
  aoff: Uint32Array;
  aslot: Uint32Array;
  rho: Float64Array;
  fp: Float64Array;
  embed: Float64Array;
  forces: Float64Array;
  energies: Float64Array;
  /** [chunks·2] partial Σ F_i, Σ E_i */
  red: Float64Array;
  /**
   * One-element tables: the WebAssembly memory that holds pos, hshell, hcsr, hoff, ccnt, cnbr, pk,
   * rhor, z2r, rhoBuf, eBuf, fp and fBuf (wasmKernels.ts), or null (TypeScript passes)
   */
  wmem: WebAssembly.Memory | null;
  /** 1 when wmem is shared (the threads' copies of the context then see one memory) */
  wshared: number;
  /** the caller's force [3n] and energy [n] arrays (pool memory), written by the sum pass; null: the caller copies */
  outF: Float64Array | null;
  outE: Float64Array | null;
}

/** Kernels per memory (each thread instantiates the module on its own view of the memory). */
const wasmByMem = new WeakMap<WebAssembly.Memory, EamWasmExports>();
function wasmOf(c: EamCtx): EamWasmExports {
  const mem = c.wmem!;
  let e = wasmByMem.get(mem);
  if (!e) {
    e = eamWasmInstance(mem, c.wshared === 1);
    wasmByMem.set(mem, e);
  }
  return e;
}

function wasmOn(c: EamCtx): boolean {
  return c.wmem !== null;
}

/** pairsSingle in WebAssembly (same operations, bit-identical). */
function pairsWasm(c: EamCtx, b0: number, b1: number): void {
  const { rhoBuf, eBuf, brange, bbase, blk, sc } = c;
  const ex = wasmOf(c);
  const last = sc[2]! - 1;
  for (let b = b0; b < b1; b++) {
    const base = bbase[b]!, lo = brange[2 * b]!, top = brange[2 * b + 1]!;
    rhoBuf.fill(0, base + lo, base + top);
    eBuf.fill(0, base + lo, base + top);
    ex.pairs(lo, blk[b + 1]!, base, last);
  }
}

/** forcePass (one element) in WebAssembly (same operations, bit-identical). */
function forceWasm(c: EamCtx, b0: number, b1: number): void {
  const { fBuf, brange, bbase, blk } = c;
  const ex = wasmOf(c);
  for (let b = b0; b < b1; b++) {
    const base = bbase[b]!, lo = brange[2 * b]!, top = brange[2 * b + 1]!;
    fBuf.fill(0, 3 * (base + lo), 3 * (base + top));
    ex.force(lo, blk[b + 1]!, base);
  }
}

/**
 * Half list of the current full list (rows; once per neighbour-list build) and each row's reach
 * hmax[i]; eamBlocks() then sets the blocks from them.
 */
function halfPass(c: EamCtx, lo: number, hi: number): void {
  const { stride, counts, nbr, hcnt, hnbr, hmax } = c;
  for (let i = lo; i < hi; i++) {
    const row = i * stride;
    let h = row, top = i + 1;
    for (let k = row, end = row + counts[i]!; k < end; k++) {
      const j = nbr[k]!;
      if (j > i) {
        hnbr[h++] = j;
        if (j >= top) top = j + 1;
      }
    }
    hcnt[i] = h - row;
    hmax[i] = top;
  }
}

/**
 * Copies the half list into CSR order (rows; after eamBlocks() has set hoff), each row sorted by
 * shell of r⁰ (stable: list order within a shell) from the positions in `ref`; sets hshell.
 */
function compactPass(c: EamCtx, lo: number, hi: number): void {
  const { stride, hcnt, hnbr, hoff, hcsr, hshell, ref, lx, ly, lz, sc } = c;
  const K1 = EAM_SHELLS + 1;
  const rc = sc[0]!, inv = 1 / sc[1]!;
  const periodic = lx !== 0 || ly !== 0 || lz !== 0;
  const counts = new Uint32Array(K1);
  let shell = new Uint8Array(256);
  for (let i = lo; i < hi; i++) {
    const row = i * stride, o = hoff[i]!, cnt = hcnt[i]!;
    if (cnt > shell.length) shell = new Uint8Array(2 * cnt);
    const xi = ref[3 * i]!, yi = ref[3 * i + 1]!, zi = ref[3 * i + 2]!;
    counts.fill(0);
    for (let k = 0; k < cnt; k++) {
      const j = hnbr[row + k]!;
      let dx = xi - ref[3 * j]!, dy = yi - ref[3 * j + 1]!, dz = zi - ref[3 * j + 2]!;
      if (periodic) {
        if (lx) dx -= lx * Math.round(dx / lx);
        if (ly) dy -= ly * Math.round(dy / ly);
        if (lz) dz -= lz * Math.round(dz / lz);
      }
      const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
      // shell 0: r < rc (+1e-9 Å for round-off); shell s ≥ 1: rc + (s−1)δ ≤ r < rc + sδ; the last one open above
      const s = r < rc + 1e-9 ? 0 : Math.min(EAM_SHELLS, 1 + Math.floor((r - rc) * inv));
      shell[k] = s;
      counts[s]++;
    }
    // exclusive offsets → fill in shell order, stable
    let at = o;
    for (let s = 0; s < K1; s++) { const m = counts[s]!; counts[s] = at; at += m; hshell[i * K1 + s] = at; }
    for (let k = 0; k < cnt; k++) hcsr[counts[shell[k]!]!++] = hnbr[row + k]!;
  }
}

/**
 * Block layout from the half list (serial, once per list): CSR offsets hoff, block boundaries at
 * equal shares of half-list entries, reaches, buffer bases and afirst. Returns the buffer entries
 * needed (Σ_b reach width); the caller grows rhoBuf/eBuf (×1) and fBuf (×3) to it.
 */
export function eamBlocks(c: EamCtx): number {
  const { n, hcnt, hoff, hmax, blk, brange, bbase, afirst } = c;
  let total = 0;
  for (let i = 0; i < n; i++) { hoff[i] = total; total += hcnt[i]!; }
  hoff[n] = total;
  let i = 0;
  blk[0] = 0;
  for (let b = 1; b < EAM_BLOCKS; b++) {
    const goal = (total * b) / EAM_BLOCKS;
    while (i < n && hoff[i]! < goal) i++;
    blk[b] = i;
  }
  blk[EAM_BLOCKS] = n;
  afirst.fill(EAM_BLOCKS);
  let off = 0;
  for (let b = 0; b < EAM_BLOCKS; b++) {
    const lo = blk[b]!, hi = blk[b + 1]!;
    let top = hi;
    for (let r = lo; r < hi; r++) if (hmax[r]! > top) top = hmax[r]!;
    brange[2 * b] = lo;
    brange[2 * b + 1] = top;
    bbase[b] = off - lo;
    off += top - lo;
    for (let a = lo; a < top; a++) if (afirst[a]! > b) afirst[a] = b;
  }
  // slot counts per atom → aoff (eamSlots() fills aslot once the caller has made room for aoff[n])
  const { aoff } = c;
  let ns = 0;
  for (let a = 0; a < n; a++) {
    aoff[a] = ns;
    for (let b = afirst[a]!; b < EAM_BLOCKS && brange[2 * b]! <= a; b++) if (a < brange[2 * b + 1]!) ns++;
  }
  aoff[n] = ns;
  return off;
}

/** Fills aslot (serial, once per list, after eamBlocks()): the block-buffer slots of each atom in block order. */
export function eamSlots(c: EamCtx): void {
  const { n, afirst, brange, bbase, aslot } = c;
  let k = 0;
  for (let a = 0; a < n; a++) {
    for (let b = afirst[a]!; b < EAM_BLOCKS && brange[2 * b]! <= a; b++) if (a < brange[2 * b + 1]!) aslot[k++] = bbase[b]! + a;
  }
}

function embedPass(c: EamCtx, lo: number, hi: number): void {
  const { rhoBuf, brange, bbase, afirst, elem, rdrho, nrho, rhomax, frho, rho, fp, embed } = c;
  const LF = (nrho + 1) * 7;
  for (let i = lo; i < hi; i++) {
    // Σ_b in block order over the blocks whose reach holds i (the others hold exact zeros for i)
    let r = 0;
    for (let b = afirst[i]!; b < EAM_BLOCKS && brange[2 * b]! <= i; b++) if (i < brange[2 * b + 1]!) r += rhoBuf[bbase[b]! + i]!;
    rho[i] = r;
    let p = r * rdrho + 1.0;
    let m = Math.trunc(p);
    m = Math.max(1, Math.min(m, nrho - 1));
    p -= m;
    p = Math.min(p, 1.0);
    const o = elem[i]! * LF + m * 7;
    const f1 = (frho[o]! * p + frho[o + 1]!) * p + frho[o + 2]!;
    let F = ((frho[o + 3]! * p + frho[o + 4]!) * p + frho[o + 5]!) * p + frho[o + 6]!;
    if (r > rhomax) F += f1 * (r - rhomax);
    fp[i] = f1;
    embed[i] = F;
  }
}

/**
 * Density pass (blocks): ρ and ½φ scattered into the block's buffers (both depend on r only);
 * keeps, for each pair inside the cutoff, j and its r-only force factors (pk) for the force pass,
 * which then needs no sqrt, division or spline: f_ij = −(F'_i ρ'_{e(j)}/r + F'_j ρ'_{e(i)}/r + φ'/r)·d.
 */
function pairsPass(c: EamCtx, b0: number, b1: number): void {
  const { pos, lx, ly, lz, hshell, sc, hcsr, hoff, ccnt, cnbr, pk, elem, nr, rdr, cutforcesq, rhor, z2r, rhoBuf, eBuf, brange, bbase } = c;
  const mMax = nr - 1;
  const L = (nr + 1) * 7;
  const periodic = lx !== 0 || ly !== 0 || lz !== 0;
  const K1 = EAM_SHELLS + 1, last = sc[2]! - 1;
  for (let b = b0; b < b1; b++) {
    const base = bbase[b]!;
    const lo = brange[2 * b]!, top = brange[2 * b + 1]!;
    const hi = c.blk[b + 1]!;
    rhoBuf.fill(0, base + lo, base + top);
    eBuf.fill(0, base + lo, base + top);
    for (let i = lo; i < hi; i++) {
      const xi = pos[3 * i]!, yi = pos[3 * i + 1]!, zi = pos[3 * i + 2]!;
      const ei = elem[i]!;
      let acc = 0, ehi = 0;
      const w0 = hoff[i]!;
      let w = w0;
      for (let k = w0, end = hshell[i * K1 + last]!; k < end; k++) {
        const j = hcsr[k]!;
        let dx = xi - pos[3 * j]!, dy = yi - pos[3 * j + 1]!, dz = zi - pos[3 * j + 2]!;
        if (periodic) {
          if (lx) dx -= lx * Math.round(dx / lx);
          if (ly) dy -= ly * Math.round(dy / ly);
          if (lz) dz -= lz * Math.round(dz / lz);
        }
        const rsq = dx * dx + dy * dy + dz * dz;
        if (rsq >= cutforcesq) continue;
        const r = Math.sqrt(rsq);
        let p = r * rdr + 1.0;
        let m = p | 0;
        if (m > mMax) m = mMax;
        p -= m;
        if (p > 1.0) p = 1.0;
        const o = m * 7;
        const ej = elem[j]!;
        const oi = ei * L + o, oj = ej * L + o;
        acc += ((rhor[oj + 3]! * p + rhor[oj + 4]!) * p + rhor[oj + 5]!) * p + rhor[oj + 6]!;
        rhoBuf[base + j] += ((rhor[oi + 3]! * p + rhor[oi + 4]!) * p + rhor[oi + 5]!) * p + rhor[oi + 6]!;
        const irow = ei > ej ? ei : ej, icol = ei > ej ? ej : ei;
        const oz = ((irow * (irow + 1)) / 2 + icol) * L + o;
        const z2p = (z2r[oz]! * p + z2r[oz + 1]!) * p + z2r[oz + 2]!;
        const z2 = ((z2r[oz + 3]! * p + z2r[oz + 4]!) * p + z2r[oz + 5]!) * p + z2r[oz + 6]!;
        const recip = 1.0 / r;
        const phi = z2 * recip;
        const hphi = 0.5 * phi;
        ehi += hphi;
        eBuf[base + j] += hphi;
        cnbr[w] = j;
        pk[3 * w] = ((rhor[oj]! * p + rhor[oj + 1]!) * p + rhor[oj + 2]!) * recip;
        pk[3 * w + 1] = ((rhor[oi]! * p + rhor[oi + 1]!) * p + rhor[oi + 2]!) * recip;
        pk[3 * w + 2] = (z2p * recip - phi * recip) * recip;
        w++;
      }
      ccnt[i] = w - w0;
      rhoBuf[base + i] += acc;
      eBuf[base + i] += ehi;
    }
  }
}

/** pairsPass for one-element tables (ρ'_{e(i)} = ρ'_{e(j)}: two factors a pair, no element lookups). */
function pairsSingle(c: EamCtx, b0: number, b1: number): void {
  const { pos, lx, ly, lz, hshell, sc, hcsr, hoff, ccnt, cnbr, pk, nr, rdr, cutforcesq, rhor, z2r, rhoBuf, eBuf, brange, bbase } = c;
  const mMax = nr - 1;
  const periodic = lx !== 0 || ly !== 0 || lz !== 0;
  const K1 = EAM_SHELLS + 1, last = sc[2]! - 1;
  for (let b = b0; b < b1; b++) {
    const base = bbase[b]!;
    const lo = brange[2 * b]!, top = brange[2 * b + 1]!;
    const hi = c.blk[b + 1]!;
    rhoBuf.fill(0, base + lo, base + top);
    eBuf.fill(0, base + lo, base + top);
    for (let i = lo; i < hi; i++) {
      const xi = pos[3 * i]!, yi = pos[3 * i + 1]!, zi = pos[3 * i + 2]!;
      const w0 = hoff[i]!;
      // 1) branch-free filter: every entry is written, the cursor advances only inside the cutoff;
      //    r² waits in pk (overwritten below) — the unpredictable cutoff test costs no mispredicts
      let w = w0;
      for (let k = w0, end = hshell[i * K1 + last]!; k < end; k++) {
        const j = hcsr[k]!;
        let dx = xi - pos[3 * j]!, dy = yi - pos[3 * j + 1]!, dz = zi - pos[3 * j + 2]!;
        if (periodic) {
          if (lx) dx -= lx * Math.round(dx / lx);
          if (ly) dy -= ly * Math.round(dy / ly);
          if (lz) dz -= lz * Math.round(dz / lz);
        }
        const rsq = dx * dx + dy * dy + dz * dz;
        cnbr[w] = j;
        pk[2 * w] = rsq;
        w += rsq < cutforcesq ? 1 : 0;
      }
      ccnt[i] = w - w0;
      // 2) the pairs inside the cutoff
      let acc = 0, ehi = 0;
      for (let q = w0; q < w; q++) {
        const j = cnbr[q]!;
        const r = Math.sqrt(pk[2 * q]!);
        let p = r * rdr + 1.0;
        let m = p | 0;
        if (m > mMax) m = mMax;
        p -= m;
        if (p > 1.0) p = 1.0;
        const o = m * 7;
        const v = ((rhor[o + 3]! * p + rhor[o + 4]!) * p + rhor[o + 5]!) * p + rhor[o + 6]!;
        acc += v;
        rhoBuf[base + j] += v;
        const z2p = (z2r[o]! * p + z2r[o + 1]!) * p + z2r[o + 2]!;
        const z2 = ((z2r[o + 3]! * p + z2r[o + 4]!) * p + z2r[o + 5]!) * p + z2r[o + 6]!;
        const recip = 1.0 / r;
        const phi = z2 * recip;
        const hphi = 0.5 * phi;
        ehi += hphi;
        eBuf[base + j] += hphi;
        pk[2 * q] = ((rhor[o]! * p + rhor[o + 1]!) * p + rhor[o + 2]!) * recip;
        pk[2 * q + 1] = (z2p * recip - phi * recip) * recip;
      }
      rhoBuf[base + i] += acc;
      eBuf[base + i] += ehi;
    }
  }
}

/** Force pass (blocks) over the kept pairs: f_i in registers, f_j scattered to the block's buffer (LAMMPS newton on). */
function forcePass(c: EamCtx, b0: number, b1: number): void {
  const { pos, lx, ly, lz, hoff, ccnt, cnbr, pk, single, fp, fBuf, brange, bbase } = c;
  const periodic = lx !== 0 || ly !== 0 || lz !== 0;
  for (let b = b0; b < b1; b++) {
    const base = bbase[b]!;
    const lo = brange[2 * b]!, top = brange[2 * b + 1]!;
    const hi = c.blk[b + 1]!;
    fBuf.fill(0, 3 * (base + lo), 3 * (base + top));
    for (let i = lo; i < hi; i++) {
      const xi = pos[3 * i]!, yi = pos[3 * i + 1]!, zi = pos[3 * i + 2]!;
      const fpi = fp[i]!;
      let fxi = 0, fyi = 0, fzi = 0;
      for (let q = hoff[i]!, end = q + ccnt[i]!; q < end; q++) {
        const j = cnbr[q]!;
        let dx = xi - pos[3 * j]!, dy = yi - pos[3 * j + 1]!, dz = zi - pos[3 * j + 2]!;
        if (periodic) {
          if (lx) dx -= lx * Math.round(dx / lx);
          if (ly) dy -= ly * Math.round(dy / ly);
          if (lz) dz -= lz * Math.round(dz / lz);
        }
        // fpair = −ψ'/r with ψ' = F'_i ρ'_{e(j)} + F'_j ρ'_{e(i)} + φ'
        const fpair = single ? -((fpi + fp[j]!) * pk[2 * q]! + pk[2 * q + 1]!) : -(fpi * pk[3 * q]! + fp[j]! * pk[3 * q + 1]! + pk[3 * q + 2]!);
        const fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
        fxi += fx;
        fyi += fy;
        fzi += fz;
        const t = 3 * (base + j);
        fBuf[t] -= fx;
        fBuf[t + 1] -= fy;
        fBuf[t + 2] -= fz;
      }
      const t = 3 * (base + i);
      fBuf[t] += fxi;
      fBuf[t + 1] += fyi;
      fBuf[t + 2] += fzi;
    }
  }
}

function sumPass(c: EamCtx, lo: number, hi: number, chunk: number): void {
  const { fBuf, eBuf, brange, bbase, afirst, embed, forces, energies } = c;
  let sF = 0, sE = 0;
  for (let i = lo; i < hi; i++) {
    let fx = 0, fy = 0, fz = 0, e = embed[i]!;
    for (let b = afirst[i]!; b < EAM_BLOCKS && brange[2 * b]! <= i; b++) {
      if (i >= brange[2 * b + 1]!) continue;
      const q = bbase[b]! + i;
      fx += fBuf[3 * q]!;
      fy += fBuf[3 * q + 1]!;
      fz += fBuf[3 * q + 2]!;
      e += eBuf[q]!;
    }
    forces[3 * i] = fx;
    forces[3 * i + 1] = fy;
    forces[3 * i + 2] = fz;
    energies[i] = e;
    sF += embed[i]!;
    sE += e;
  }
  c.red[2 * chunk] = sF;
  c.red[2 * chunk + 1] = sE;
}

defineKernels({
  'eam.half': halfPass,
  'eam.compact': compactPass,
  'eam.pairs': (c: EamCtx, b0: number, b1: number) => (c.single ? (wasmOn(c) ? pairsWasm(c, b0, b1) : pairsSingle(c, b0, b1)) : pairsPass(c, b0, b1)),
  'eam.embed': (c: EamCtx, lo: number, hi: number) => (c.single && wasmOn(c) ? wasmOf(c).embed(lo, hi) : embedPass(c, lo, hi)),
  'eam.force': (c: EamCtx, b0: number, b1: number) => (c.single && wasmOn(c) ? forceWasm(c, b0, b1) : forcePass(c, b0, b1)),
  'eam.sum': (c: EamCtx, lo: number, hi: number, chunk: number) => {
    if (c.single && wasmOn(c)) wasmOf(c).sum(lo, hi, chunk);
    else sumPass(c, lo, hi, chunk);
    if (c.outF) c.outF.set(c.forces.subarray(3 * lo, 3 * hi), 3 * lo);
    if (c.outE) c.outE.set(c.energies.subarray(lo, hi), lo);
  },
});
