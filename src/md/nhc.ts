/**
 * Nosé–Hoover chain thermostat exactly as LAMMPS `fix nvt` (src/fix_nh.cpp, nhc_temp_integrate,
 * tloop = 1, no drag; md-physics.md §6). Pure data + functions so the CPU engine and the WGSL
 * thermostat kernel share one definition.
 *   Q_1 = N_f k_B T / ω²,  Q_k = k_B T / ω²  (ω = 1/Tdamp)
 *   one half-step (dt/2): chain update from the top, v *= exp(−dt/2 · ξ̇_1), chain update back up.
 * Conserved contribution: N_f k T η_1 + Σ_{k>1} k T η_k + ½ Σ Q_k ξ̇_k².
 * Units: energies eV, time fs, ξ̇ in 1/fs.
 */
import { KB_EV } from '../core/units.ts';

export interface NhcState {
  /** chain positions η_k (dimensionless) */
  eta: Float64Array;
  /** chain velocities ξ̇_k = dη/dt (1/fs), length M+1 with eta_dot[M] = 0 */
  etaDot: Float64Array;
  /** chain accelerations (1/fs²) */
  etaDotDot: Float64Array;
  /** chain masses Q_k (eV fs²) */
  mass: Float64Array;
}

export interface NhcParams {
  /** target temperature, K */
  temperature: number;
  /** damping time, fs */
  tdamp: number;
  /** degrees of freedom N_f */
  dof: number;
  chain: number;
}

export function createNhc(p: NhcParams): NhcState {
  const M = p.chain;
  const w = 1 / p.tdamp;
  const kt = KB_EV * p.temperature;
  const s: NhcState = {
    eta: new Float64Array(M),
    etaDot: new Float64Array(M + 1),
    etaDotDot: new Float64Array(M),
    mass: new Float64Array(M),
  };
  s.mass[0] = (p.dof * kt) / (w * w);
  for (let k = 1; k < M; k++) s.mass[k] = kt / (w * w);
  // LAMMPS setup(): eta_dotdot[k>0] from the (zero) chain velocities
  for (let k = 1; k < M; k++) s.etaDotDot[k] = (s.mass[k - 1]! * s.etaDot[k - 1]! ** 2 - kt) / s.mass[k]!;
  return s;
}

/**
 * One NHC half-step. `ke2` = 2·KE (eV) of the mobile atoms now. Returns the velocity scale factor
 * to apply to every mobile atom (the caller applies it), and mutates the chain state.
 */
export function nhcHalfStep(s: NhcState, p: NhcParams, ke2: number, dt: number): number {
  const M = p.chain;
  const kt = KB_EV * p.temperature;
  const keTarget = p.dof * kt;
  const dthalf = 0.5 * dt, dt4 = 0.25 * dt, dt8 = 0.125 * dt;
  const { eta, etaDot, etaDotDot, mass } = s;
  let kecurrent = ke2;
  etaDotDot[0] = mass[0]! > 0 ? (kecurrent - keTarget) / mass[0]! : 0;
  for (let k = M - 1; k > 0; k--) {
    const e = Math.exp(-dt8 * etaDot[k + 1]!);
    etaDot[k] = (etaDot[k]! * e + etaDotDot[k]! * dt4) * e;
  }
  let e = Math.exp(-dt8 * etaDot[1]!);
  etaDot[0] = (etaDot[0]! * e + etaDotDot[0]! * dt4) * e;
  const factor = Math.exp(-dthalf * etaDot[0]!);
  kecurrent *= factor * factor;
  etaDotDot[0] = mass[0]! > 0 ? (kecurrent - keTarget) / mass[0]! : 0;
  for (let k = 0; k < M; k++) eta[k] = eta[k]! + dthalf * etaDot[k]!;
  etaDot[0] = (etaDot[0]! * e + etaDotDot[0]! * dt4) * e;
  for (let k = 1; k < M; k++) {
    e = Math.exp(-dt8 * etaDot[k + 1]!);
    etaDot[k] = etaDot[k]! * e;
    etaDotDot[k] = (mass[k - 1]! * etaDot[k - 1]! ** 2 - kt) / mass[k]!;
    etaDot[k] = (etaDot[k]! + etaDotDot[k]! * dt4) * e;
  }
  return factor;
}

/** Thermostat energy (eV) added to PE + KE to give the conserved quantity (LAMMPS compute_scalar). */
export function nhcEnergy(s: NhcState, p: NhcParams): number {
  const kt = KB_EV * p.temperature;
  let e = p.dof * kt * s.eta[0]! + 0.5 * s.mass[0]! * s.etaDot[0]! ** 2;
  for (let k = 1; k < p.chain; k++) e += kt * s.eta[k]! + 0.5 * s.mass[k]! * s.etaDot[k]! ** 2;
  return e;
}
