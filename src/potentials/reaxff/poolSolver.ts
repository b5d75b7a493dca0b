/**
 * Main-thread driver of the ReaxFF pool passes (parallel.ts): owns the pass context (positions,
 * rows, EChemDID/QEq state) in pool memory, runs the passes, adds the chunk partials in fixed
 * order. One instance per potential; a new pool (usePool) moves the state over.
 */
import type { Box } from '../../system/types.ts';
import type { NeighborList } from '../types.ts';
import { sharedListArrays } from '../../neighbor/shared.ts';
import type { Pool } from '../../parallel/pool.ts';
import { chunksOf, maxChunks, sumChunks } from '../../parallel/pool.ts';
import { grownStride } from '../../neighbor/cellList.ts';
import type { AgModel } from './terms.ts';
import type { ReaxffTerms } from './compute.ts';
import type { EchemdidParams } from './echemdid.ts';
import type { QeqResult } from './qeq.ts';
import { buildBondTable, buildNonbondTable } from './table.ts';
import './parallel.ts';
import { RED_FORCE, RED_GEOM, RED_QEQ, SC, type ReaxCtx } from './parallel.ts';

/** The J half (coefficients 4–7 of each interval) of a NonbondTable's coefficients, into `out`. */
function jOnly(c: Float64Array, out: Float64Array): Float64Array {
  for (let k = 0; k < out.length / 4; k++) for (let q = 0; q < 4; q++) out[4 * k + q] = c[8 * k + 4 + q]!;
  return out;
}

export class ReaxffPoolSolver {
  private slot = -1;
  readonly c: ReaxCtx;
  private list: NeighborList | null = null;
  private geomValid = false;
  /** QEq has run: from then on the geom pass also forms H x⁰ (SC.fuse). */
  private qeqUsed = false;
  /** History head for which c.hx = H x⁰ of the current geometry holds (−1: none). */
  private hxHead = -1;
  private readonly nChunks: number;

  constructor(readonly pool: Pool, model: AgModel, n: number, electrode: Int8Array, echemRc: number, tabulate: boolean, state?: { phi: Float64Array; q: Float64Array; hist: Float64Array; head: number }) {
    const P = pool;
    const p = model.p;
    const nc = chunksOf(n);
    this.nChunks = nc;
    const tab = tabulate ? buildNonbondTable(model, undefined, (k) => P.f64(k)) : null;
    const btab = tabulate ? buildBondTable(model, undefined, (k) => P.f64(k)) : null;
    if (btab && tab && btab.s0 !== tab.s0) throw new Error('bond and nonbonded tables must start at the same r²');
    const el = P.i8(n);
    el.set(electrode);
    const f64 = (k: number) => P.f64(k);
    this.c = {
      n, pos: f64(3 * n), lx: NaN, ly: NaN, lz: NaN, model,
      rb2: (model.rBond + 1e-6) ** 2, swb2: p.swb * p.swb, ec2: echemRc * echemRc,
      tab: tab ? 1 : 0, tc: tab ? tab.c : f64(8), tj: tab ? jOnly(tab.c, f64(tab.c.length / 2)) : f64(4), ts0: tab ? tab.s0 : Infinity, tinv: tab ? tab.invH : 0,
      bt: btab ? btab.c : f64(16), bs1: btab ? btab.s1 : -Infinity, binv: btab ? btab.invH : 0,
      stride: 1, counts: P.u32(0), nbr: P.u32(0),
      hcnt: P.u32(n), hj: P.u32(0), hv: f64(0),
      bstride: 32, bcnt: P.u32(n), bj: P.u32(32 * n), bdr: f64(32 * n), bce: f64(32 * n), be: f64(32 * n),
      estride: 32, ecnt: P.u32(n), ej: P.u32(32 * n), ec: f64(32 * n),
      S: f64(n), F: f64(n), Fp: f64(n),
      el, tA: f64(n), tB: f64(n), rA: f64(n), rB: f64(n),
      eta: p.eta, chi: p.chi, phi: f64(n), x: f64(2 * n), b: f64(2 * n), r: f64(2 * n), z: f64(2 * n), d: f64(2 * n), u: f64(2 * n), hx: f64(2 * n),
      hist: f64(8 * n), q: f64(n),
      forces: f64(3 * n), energies: f64(n), sc: f64(SC.size),
      redG: f64(RED_GEOM * nc + 1), redQ: f64(RED_QEQ * nc + 1), redF: f64(RED_FORCE * nc + 1),
    };
    if (state) {
      this.c.phi.set(state.phi);
      this.c.q.set(state.q);
      this.c.hist.set(state.hist);
      this.c.sc[SC.head] = state.head;
    }
  }

  private bind(): void {
    if (this.slot < 0) this.slot = this.pool.bind(this.c);
    else this.pool.rebind(this.slot, this.c);
  }

  release(): void {
    if (this.slot >= 0) this.pool.release(this.slot);
    this.slot = -1;
  }

  /** Makes the per-step rows valid for these positions (recomputed only if something changed). */
  ensureGeometry(positions: Float64Array, box: Box, nl: NeighborList): void {
    const c = this.c, n = c.n;
    const L = (a: number) => (box.periodic[a] ? box.hi[a]! - box.lo[a]! : 0);
    let rebind = this.slot < 0;
    if (c.lx !== L(0) || c.ly !== L(1) || c.lz !== L(2)) {
      c.lx = L(0); c.ly = L(1); c.lz = L(2);
      rebind = true;
      this.geomValid = false;
    }
    if (nl !== this.list) {
      const P = this.pool;
      c.stride = nl.stride;
      ({ counts: c.counts, nbr: c.nbr } = sharedListArrays(P, nl, n));
      if (c.hj.length < n * nl.stride) {
        c.hj = P.u32(n * nl.stride);
        c.hv = P.f64(n * nl.stride);
      }
      this.list = nl;
      rebind = true;
      this.geomValid = false;
    }
    if (this.geomValid) {
      const pos = c.pos;
      for (let k = 0; k < 3 * n; k++) {
        if (pos[k] !== positions[k]) { this.geomValid = false; break; }
      }
    }
    if (this.geomValid && !rebind) return;
    c.pos.set(positions.subarray(0, 3 * n));
    if (rebind) this.bind();
    c.sc[SC.fuse] = this.qeqUsed ? 1 : 0;
    if (this.qeqUsed) this.pool.run('qeq.guess', this.slot, n);
    for (;;) {
      this.pool.run('reax.geom', this.slot, n);
      const maxB = maxChunks(c.redG, this.nChunks, RED_GEOM, 0), maxE = maxChunks(c.redG, this.nChunks, RED_GEOM, 1);
      if (maxB <= c.bstride && maxE <= c.estride) break;
      const P = this.pool;
      if (maxB > c.bstride) {
        const bs = grownStride(maxB);
        c.bstride = bs;
        c.bj = P.u32(bs * n); c.bdr = P.f64(bs * n); c.bce = P.f64(bs * n); c.be = P.f64(bs * n);
      }
      if (maxE > c.estride) {
        const es = grownStride(maxE);
        c.estride = es;
        c.ej = P.u32(es * n); c.ec = P.f64(es * n);
      }
      this.bind();
    }
    this.geomValid = true;
    this.hxHead = this.qeqUsed ? c.sc[SC.head]! : -1;
  }

  /** `steps` MD steps of EChemDID (n_elec Jacobi sub-steps each) on Φ; returns the last boundary currents (V/fs). */
  echemdid(prm: Required<EchemdidParams>, dt: number, steps: number): [number, number] {
    const c = this.c, n = c.n, half = 0.5 * prm.volt;
    c.sc[SC.alpha] = (prm.k * dt) / (prm.nelec * prm.norm);
    c.sc[SC.half] = half;
    let js: [number, number] = [0, 0];
    for (let st = 0; st < steps; st++) {
      const phi = c.phi, tA = c.tA, el = c.el;
      for (let i = 0; i < n; i++) {
        const e = el[i]!;
        tA[i] = e === 1 ? half : e === -1 ? -half : phi[i]!;
      }
      for (let s = 0; s < prm.nelec; s++) {
        c.sc[SC.parity] = s & 1;
        this.pool.run('reax.echem', this.slot, n);
      }
      const nl = prm.nelec;
      const lastIn = nl === 1 ? phi : ((nl - 2) & 1 ? c.rA : c.rB);
      let jp = 0, jm = 0;
      for (let i = 0; i < n; i++) {
        const e = el[i]!;
        if (e === 1) jp += (half - lastIn[i]!) / dt;
        else if (e === -1) jm += (-half - lastIn[i]!) / dt;
      }
      js = [jp, jm];
      phi.set((nl - 1) & 1 ? c.rA : c.rB);
    }
    return js;
  }

  /** QEq by fused s/t CG (qeq.ts semantics) with the warm start from the history ring. */
  qeq(tol: number, maxIter: number): QeqResult {
    const c = this.c, sc = c.sc, P = this.pool, slot = this.slot, nc = this.nChunks, n = c.n;
    const sum = (k: number) => sumChunks(c.redQ, nc, RED_QEQ, k);
    // x⁰ and H x⁰ from the geom pass when it ran for this geometry and history; else here
    const fused = this.hxHead === sc[SC.head]! && this.geomValid;
    if (!fused) P.run('qeq.guess', slot, n);
    P.run('qeq.init', slot, n);
    const bn = [Math.sqrt(sum(0)), Math.sqrt(sum(1))];
    P.run(fused ? 'qeq.res0' : 'qeq.res', slot, n);
    this.hxHead = -1;
    this.qeqUsed = true;
    const sig = [sum(0), sum(1)], sigOld = [1, 1];
    const active = (k: number) => Math.sqrt(sig[k]!) / bn[k]! > tol;
    let it = 0;
    while (it < maxIter && (active(0) || active(1))) {
      const aS = active(0), aT = active(1);
      sc[SC.actS] = aS ? 1 : 0;
      sc[SC.actT] = aT ? 1 : 0;
      sc[SC.betaS] = sig[0]! / sigOld[0]!;
      sc[SC.betaT] = sig[1]! / sigOld[1]!;
      P.run('qeq.A', slot, n);
      sc[SC.alphaS] = aS ? sig[0]! / sum(0) : 0;
      sc[SC.alphaT] = aT ? sig[1]! / sum(1) : 0;
      P.run('qeq.B', slot, n);
      if (aS) { sigOld[0] = sig[0]!; sig[0] = sum(0); }
      if (aT) { sigOld[1] = sig[1]!; sig[1] = sum(1); }
      it++;
    }
    P.run('qeq.sums', slot, n);
    sc[SC.ratio] = sum(0) / sum(1);
    sc[SC.head] = (sc[SC.head]! + 3) % 4;
    P.run('qeq.fin', slot, n);
    const residual = Math.max(Math.sqrt(sig[0]!) / bn[0]!, Math.sqrt(sig[1]!) / bn[1]!);
    return { q: c.q, iterations: it, residual, converged: residual <= tol };
  }

  /** Force pass: forces [3n] kcal/mol/Å and per-atom energies [n] kcal/mol into the given arrays. */
  force(forces: Float64Array, atomEnergies: Float64Array): ReaxffTerms {
    const c = this.c, nc = this.nChunks;
    this.pool.run('reax.force', this.slot, c.n);
    forces.set(c.forces.subarray(0, 3 * c.n));
    atomEnergies.set(c.energies.subarray(0, c.n));
    const t = (k: number) => sumChunks(c.redF, nc, RED_FORCE, k);
    return { bond: t(0), over: t(1), vdw: t(2), coul: t(3), pol: t(4) };
  }

  /** History slot k (0 = last) of s (comp 0) or t (comp 1), as a fresh array. */
  history(k: number, comp: number): Float64Array {
    const c = this.c, n = c.n, h = ((c.sc[SC.head]! + k) % 4) * 2 * n;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = c.hist[h + 2 * i + comp]!;
    return out;
  }

  setHistory(k: number, comp: number, v: ArrayLike<number>): void {
    this.hxHead = -1;
    const c = this.c, n = c.n, h = ((c.sc[SC.head]! + k) % 4) * 2 * n;
    for (let i = 0; i < n; i++) c.hist[h + 2 * i + comp] = v[i]!;
  }

  state(): { phi: Float64Array; q: Float64Array; hist: Float64Array; head: number } {
    const c = this.c;
    return { phi: Float64Array.from(c.phi), q: Float64Array.from(c.q), hist: Float64Array.from(c.hist), head: c.sc[SC.head]! };
  }
}
