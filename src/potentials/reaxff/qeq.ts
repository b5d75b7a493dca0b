/**
 * QEq (LAMMPS fix qeq/reaxff form with the EChemDID shift χ_i → χ_i + Φ_i; docs/md-physics.md §2.11)
 * — float64 CPU twin of shaders/reaxff/qeq*.wgsl, same passes:
 *
 *   H_ii = η (eV, doubled),  H_ij = 14.4·Tap(r)/(r³ + γ^-3)^(1/3) (eV), r < swb;  full list, x·H·x symmetric
 *   H s = −(χ + Φ),  H t = −1;   q = s − (Σs/Σt)·t                      (Σq = Q_tot = 0 exactly)
 *   Warm start from the histories (0 = last), per atom and vector: the least-squares quadratic through
 *   the last 4 solutions, one step on: x⁰ = (9x₀ − 3x₁ − 5x₂ + 3x₃)/4 (qeqGuess). LAMMPS's init_matvec
 *   extrapolates exactly through them (s: 4s₀ − 6s₁ + 4s₂ − s₃, t: 3t₀ − 3t₁ + t₂), which amplifies the
 *   CG error of the past solutions (weights' norm 8.3 and 4.4 against 2.8): same tolerance, fewer iterations.
 *   Fused s/t Jacobi-preconditioned CG (z = r/η). Converged when √(r·z)/‖b‖ < tol (LAMMPS test), per vector.
 *
 * The CG iteration is written as two passes that the GPU runs as two dispatches:
 *   pass A: β = σ/σ_old; d_i ← z_i + β d_i;  u_i ← (H z)_i + β u_i   (u = H d without reading neighbours' d)
 *   pass B: α = σ/(d·u); x += α d; r −= α u; z = r/η; σ_old = σ; σ = r·z
 */
import type { Box } from '../../system/types.ts';
import type { NeighborList } from '../types.ts';
import { coulombKernel, QEQ_COULOMB_EV, type AgModel } from './terms.ts';
import { forNeighbors } from './compute.ts';

/** Sparse H in the neighbour-list layout: hval[i*stride + k] pairs with nl.neighbors[i*stride + k]. */
export interface QeqMatrix {
  stride: number;
  counts: Uint32Array;
  neighbors: Uint32Array;
  hval: Float64Array;
  eta: number;
}

export function buildQeqMatrix(m: AgModel, positions: Float64Array, box: Box, nl: NeighborList): QeqMatrix {
  const n = positions.length / 3;
  const hval = new Float64Array(n * nl.stride);
  const rc2 = m.p.swb * m.p.swb;
  for (let i = 0; i < n; i++) {
    let k = 0;
    forNeighbors(positions, box, nl, i, (_j, _x, _y, _z, rsq) => {
      hval[i * nl.stride + k] = rsq < rc2 ? QEQ_COULOMB_EV * coulombKernel(m, Math.sqrt(rsq)).j : 0;
      k++;
    });
  }
  return { stride: nl.stride, counts: nl.counts, neighbors: nl.neighbors, hval, eta: m.p.eta };
}

/** y = H x for two vectors at once (x, y interleaved [2n]: s, t). */
export function qeqMatvec2(h: QeqMatrix, x: Float64Array, y: Float64Array): void {
  const n = h.counts.length;
  for (let i = 0; i < n; i++) {
    let a = h.eta * x[2 * i]!, b = h.eta * x[2 * i + 1]!;
    const row = i * h.stride;
    for (let k = 0, c = h.counts[i]!; k < c; k++) {
      const j = h.neighbors[row + k]!;
      const v = h.hval[row + k]!;
      a += v * x[2 * j]!;
      b += v * x[2 * j + 1]!;
    }
    y[2 * i] = a;
    y[2 * i + 1] = b;
  }
}

/**
 * QEq initial guess of one vector component from its last solutions h0 (last) … h3: the
 * least-squares quadratic through the 4 last values at t = 0, −1, −2, −3, evaluated at t = 1,
 *   x⁰ = (9h₀ − 3h₁ − 5h₂ + 3h₃)/4   (exact for quadratic trajectories).
 * Slots not yet written (exact zeros: a run's first steps, or a restart without histories) are not
 * extrapolated through: with the leading k slots filled the guess is the polynomial through them
 * (k = 0: 0, 1: h₀, 2: 2h₀ − h₁, 3: 3(h₀ − h₁) + h₂). A solved s or t is never exactly 0.
 * Twin of shaders/reaxff/qeq.wgsl guessOf().
 *
 * Measured against LAMMPS's weights (bench tips, NVT 800 K, 2 V with Φ at its steady state, tol 1e-6,
 * mean CG iterations per step once warm): 4.6 → 2.6 (1k atoms), 4.8 → 2.7 (4k), 4.0 → 2.3 (280); at
 * tol 1e-8 4.6 → 4.55 (1k). Exact extrapolation through 3 points gives 3.1, linear 2.8 (10.6 at 1e-8).
 */
export function qeqGuess(h0: number, h1: number, h2: number, h3: number): number {
  if (h0 === 0) return 0;
  if (h1 === 0) return h0;
  if (h2 === 0) return 2 * h0 - h1;
  if (h3 === 0) return 3 * (h0 - h1) + h2;
  return 0.25 * (9 * h0 - 3 * h1 - 5 * h2 + 3 * h3);
}

/** Charge histories (4 past solutions of s and t, index 0 = last). */
export interface QeqHistory {
  s: Float64Array[];
  t: Float64Array[];
}

export function emptyHistory(n: number): QeqHistory {
  return { s: [0, 1, 2, 3].map(() => new Float64Array(n)), t: [0, 1, 2, 3].map(() => new Float64Array(n)) };
}

export interface QeqResult {
  /** [n] charges, e */
  q: Float64Array;
  /** CG iterations (matvecs after the initial residual) until both vectors converged or the cap. */
  iterations: number;
  /** max over s and t of √(r·z)/‖b‖ at exit. */
  residual: number;
  converged: boolean;
}

/** Solves QEq for χ_i + Φ_i; updates the histories when `history` is given. */
export function solveQeq(h: QeqMatrix, chi: number, phi: Float64Array, history: QeqHistory | null, tol: number, maxIter: number): QeqResult {
  const n = phi.length;
  const x = new Float64Array(2 * n), b = new Float64Array(2 * n), r = new Float64Array(2 * n);
  const z = new Float64Array(2 * n), d = new Float64Array(2 * n), u = new Float64Array(2 * n), hz = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    b[2 * i] = -(chi + phi[i]!);
    b[2 * i + 1] = -1;
    if (history) {
      const s = history.s, t = history.t;
      x[2 * i] = qeqGuess(s[0]![i]!, s[1]![i]!, s[2]![i]!, s[3]![i]!);
      x[2 * i + 1] = qeqGuess(t[0]![i]!, t[1]![i]!, t[2]![i]!, t[3]![i]!);
    }
  }
  // Initial residual r = b − Hx, z = r/η, σ = r·z, ‖b‖.
  qeqMatvec2(h, x, r);
  const sig = [0, 0], bn = [0, 0];
  for (let i = 0; i < 2 * n; i++) {
    r[i] = b[i]! - r[i]!;
    z[i] = r[i]! / h.eta;
    sig[i & 1] += r[i]! * z[i]!;
    bn[i & 1] += b[i]! * b[i]!;
  }
  bn[0] = Math.sqrt(bn[0]!);
  bn[1] = Math.sqrt(bn[1]!);
  const sigOld = [1, 1];
  const active = (c: number) => Math.sqrt(sig[c]!) / bn[c]! > tol;
  let it = 0;
  while (it < maxIter && (active(0) || active(1))) {
    const act = [active(0), active(1)];
    // pass A
    qeqMatvec2(h, z, hz);
    const du = [0, 0];
    for (let i = 0; i < 2 * n; i++) {
      const c = i & 1;
      if (!act[c]) continue;
      const beta = sig[c]! / sigOld[c]!;
      d[i] = z[i]! + beta * d[i]!;
      u[i] = hz[i]! + beta * u[i]!;
      du[c] += d[i]! * u[i]!;
    }
    // pass B
    const sigNew = [0, 0];
    for (let i = 0; i < 2 * n; i++) {
      const c = i & 1;
      if (!act[c]) continue;
      const alpha = sig[c]! / du[c]!;
      x[i] += alpha * d[i]!;
      r[i] -= alpha * u[i]!;
      z[i] = r[i]! / h.eta;
      sigNew[c] += r[i]! * z[i]!;
    }
    for (const c of [0, 1]) {
      if (!act[c]) continue;
      sigOld[c] = sig[c]!;
      sig[c] = sigNew[c]!;
    }
    it++;
  }
  let ss = 0, st = 0;
  for (let i = 0; i < n; i++) {
    ss += x[2 * i]!;
    st += x[2 * i + 1]!;
  }
  const q = new Float64Array(n);
  const ratio = ss / st;
  for (let i = 0; i < n; i++) q[i] = x[2 * i]! - ratio * x[2 * i + 1]!;
  if (history) {
    for (const arr of [history.s, history.t]) arr.unshift(arr.pop()!);
    for (let i = 0; i < n; i++) {
      history.s[0]![i] = x[2 * i]!;
      history.t[0]![i] = x[2 * i + 1]!;
    }
  }
  const residual = Math.max(Math.sqrt(sig[0]!) / bn[0]!, Math.sqrt(sig[1]!) / bn[1]!);
  return { q, iterations: it, residual, converged: residual <= tol };
}
