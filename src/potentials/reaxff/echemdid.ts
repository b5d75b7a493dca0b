/**
 * EChemDID (Onofrio & Strachan, JCP 143, 054109 (2015); LAMMPS fix echemdid, docs/md-physics.md §3)
 * — float64 CPU twin of shaders/reaxff/echemdid.wgsl.
 *
 * Every atom carries a potential Φ_i (V) that diffuses over the metal network (pairs with r < r_c):
 *   Φ̃_j = +V/2 (j ∈ g+), −V/2 (j ∈ g−), Φ_j otherwise                    (Dirichlet, every sub-step)
 *   Φ_i ← Φ̃_i + (k·dt/n_elec/norm)·Σ_j w_ij (Φ̃_j − Φ̃_i)/r_ij²,  w = (1 − r²/r_c²)²   (Jacobi)
 * n_elec sub-steps per MD step; k in Å²/fs, dt in fs. norm = ⟨Σ_j w_ij⟩/6 of the initial structure.
 * Boundary "current": js± = Σ_{i∈g±} (±V/2 − Φ_i)/dt (V/fs), Φ just before the reset of the last sub-step.
 */
import type { Box } from '../../system/types.ts';
import type { NeighborList } from '../types.ts';
import { RewireError } from '../../core/errors.ts';
import { forNeighbors } from './compute.ts';

export interface EchemdidParams {
  /** Applied voltage V (V): g+ at +V/2, g− at −V/2. */
  volt: number;
  /** Fictitious diffusivity k, Å²/fs (default 6). */
  k: number;
  /** Network cutoff r_c, Å (default 4). */
  rc: number;
  /** Explicit sub-steps per MD step (default 10). */
  nelec: number;
  /** Laplacian normalisation; computed from the initial structure when undefined. */
  norm?: number;
}

export const ECHEMDID_DEFAULTS = { k: 6, rc: 4, nelec: 10 } as const;

/** norm = mean over all atoms of Σ_j w_ij / 6 (w = (1 − r²/r_c²)², r < r_c). */
export function echemdidNorm(positions: Float64Array, box: Box, nl: NeighborList, rc: number): number {
  const n = positions.length / 3;
  const rc2 = rc * rc;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    forNeighbors(positions, box, nl, i, (_j, _x, _y, _z, rsq) => {
      if (rsq < rc2) sum += (1 - rsq / rc2) ** 2;
    });
  }
  const norm = sum / n / 6;
  if (!(norm > 0)) throw new RewireError('EChemDID', `no two atoms are closer than r_c = ${rc} Å, so the metal network is empty (norm = 0)`, 'check the structure and the EChemDID cutoff');
  return norm;
}

/**
 * Checks the electrode groups: both non-empty, and each connected (within r_c) to the rest of the
 * metal network (an isolated electrode can never change any Φ).
 */
export function checkElectrodes(electrode: Int8Array, positions: Float64Array, box: Box, nl: NeighborList, rc: number): void {
  const n = electrode.length;
  let nPlus = 0, nMinus = 0;
  for (let i = 0; i < n; i++) {
    if (electrode[i] === 1) nPlus++;
    else if (electrode[i] === -1) nMinus++;
  }
  if (nPlus === 0) throw new RewireError('group_plus', 'the EChemDID electrode at +V/2 is empty', 'mark its atoms (group_plus in JSON, electrode = +1 in the System)');
  if (nMinus === 0) throw new RewireError('group_minus', 'the EChemDID electrode at −V/2 is empty', 'mark its atoms (group_minus in JSON, electrode = −1 in the System)');
  const rc2 = rc * rc;
  for (const g of [1, -1]) {
    let linked = false;
    for (let i = 0; i < n && !linked; i++) {
      if (electrode[i] !== g) continue;
      forNeighbors(positions, box, nl, i, (j, _x, _y, _z, rsq) => {
        if (rsq < rc2 && electrode[j] !== g) linked = true;
      });
    }
    if (!linked) {
      throw new RewireError(g === 1 ? 'group_plus' : 'group_minus', `no atom of the electrode is within r_c = ${rc} Å of a non-electrode atom: it is disconnected from the metal network`, 'choose electrode atoms that touch the metal (e.g. the base layer of a tip)');
    }
  }
}

/**
 * The metal network of one MD step (positions are fixed during the n_elec sub-steps): for each atom
 * the neighbours j with r_ij < r_c and c_ij = w_ij/r_ij² (1/Å²), in neighbour-list order, at most
 * `cap` per atom (the GPU kernel's layout: idx/c[i*cap + k], k < count[i]).
 */
export interface EchemdidNetwork {
  cap: number;
  count: Uint32Array;
  idx: Uint32Array;
  c: Float64Array;
}

/** Network capacity per atom: 12 in fcc bulk at r_c = 4 Å; 64 leaves room for compressed clusters. */
export const NETWORK_CAP = 64;

export function echemdidNetwork(positions: Float64Array, box: Box, nl: NeighborList, rc: number, cap = NETWORK_CAP): EchemdidNetwork {
  const n = positions.length / 3;
  const rc2 = rc * rc;
  const count = new Uint32Array(n), idx = new Uint32Array(n * cap), c = new Float64Array(n * cap);
  for (let i = 0; i < n; i++) {
    let k = 0;
    forNeighbors(positions, box, nl, i, (j, _x, _y, _z, rsq) => {
      if (rsq >= rc2) return;
      if (k >= cap) throw new RewireError(`atom ${i + 1}`, `more than ${cap} atoms within the EChemDID cutoff r_c = ${rc} Å`, 'check the structure for overlapping atoms or reduce r_c');
      idx[i * cap + k] = j;
      c[i * cap + k] = (1 - rsq / rc2) ** 2 / rsq;
      k++;
    });
    count[i] = k;
  }
  return { cap, count, idx, c };
}

/** Boundary value of atom i: ±V/2 on the electrodes, Φ_i elsewhere. */
function boundary(electrode: Int8Array, phi: Float64Array, i: number, half: number): number {
  const e = electrode[i]!;
  return e === 1 ? half : e === -1 ? -half : phi[i]!;
}

/**
 * One Jacobi sub-step (the GPU kernel's twin): phiOut_i = Φ̃_i + α Σ_j c_ij (Φ̃_j − Φ̃_i),
 * α = k·dt/(n_elec·norm). Returns the boundary currents (V/fs) of this sub-step.
 */
export function echemdidSubstep(net: EchemdidNetwork, electrode: Int8Array, phiIn: Float64Array, phiOut: Float64Array, volt: number, alpha: number, dt: number): [number, number] {
  const n = phiIn.length;
  const half = 0.5 * volt;
  let jsPlus = 0, jsMinus = 0;
  for (let i = 0; i < n; i++) {
    const e = electrode[i]!;
    if (e === 1) jsPlus += (half - phiIn[i]!) / dt;
    else if (e === -1) jsMinus += (-half - phiIn[i]!) / dt;
    const pi = boundary(electrode, phiIn, i, half);
    let lap = 0;
    const row = i * net.cap;
    for (let k = 0, cnt = net.count[i]!; k < cnt; k++) lap += net.c[row + k]! * (boundary(electrode, phiIn, net.idx[row + k]!, half) - pi);
    phiOut[i] = pi + alpha * lap;
  }
  return [jsPlus, jsMinus];
}

/**
 * One MD step of EChemDID (n_elec sub-steps) on `phi` in place. Returns the currents of the last sub-step.
 */
export function echemdidStep(net: EchemdidNetwork, electrode: Int8Array, phi: Float64Array, prm: Required<EchemdidParams>, dt: number, scratch: Float64Array = new Float64Array(phi.length)): [number, number] {
  const alpha = (prm.k * dt) / (prm.nelec * prm.norm);
  let a = phi, b = scratch;
  let js: [number, number] = [0, 0];
  for (let s = 0; s < prm.nelec; s++) {
    js = echemdidSubstep(net, electrode, a, b, prm.volt, alpha, dt);
    [a, b] = [b, a];
  }
  if (a !== phi) phi.set(a);
  return js;
}
