/**
 * Seeded Maxwell–Boltzmann velocities (LAMMPS `velocity ... create T seed dist gaussian`):
 * v_i,α ~ N(0, k_B T / m_i), net momentum of the mobile atoms removed, then rescaled so the
 * instantaneous temperature (N_f = 3 N_mobile − 3) equals T exactly. Fixed atoms get v = 0.
 * Units: Å/fs.
 */
import { KB_EV, MVV2E } from '../core/units.ts';
import { Rng } from '../core/rng.ts';

export function degreesOfFreedom(fixed: Uint8Array): number {
  let m = 0;
  for (const f of fixed) if (!f) m++;
  return Math.max(1, 3 * m - 3);
}

/** Kinetic energy (eV) of the mobile atoms. */
export function kineticEnergy(v: Float64Array, masses: Float64Array, fixed: Uint8Array): number {
  let ke = 0;
  for (let i = 0; i < masses.length; i++) {
    if (fixed[i]) continue;
    ke += masses[i]! * (v[3 * i]! ** 2 + v[3 * i + 1]! ** 2 + v[3 * i + 2]! ** 2);
  }
  return 0.5 * ke * MVV2E;
}

export function temperatureOf(ke: number, dof: number): number {
  return (2 * ke) / (dof * KB_EV);
}

export function maxwellBoltzmann(masses: Float64Array, fixed: Uint8Array, temperature: number, seed: number): Float64Array {
  const n = masses.length;
  const v = new Float64Array(3 * n);
  const rng = new Rng(seed);
  const p = [0, 0, 0];
  let mtot = 0;
  for (let i = 0; i < n; i++) {
    if (fixed[i]) continue;
    const s = Math.sqrt((KB_EV * temperature) / (masses[i]! * MVV2E));
    for (let d = 0; d < 3; d++) {
      v[3 * i + d] = s * rng.normal();
      p[d]! += masses[i]! * v[3 * i + d]!;
    }
    mtot += masses[i]!;
  }
  for (let i = 0; i < n; i++) {
    if (fixed[i] || mtot === 0) continue;
    for (let d = 0; d < 3; d++) v[3 * i + d] = v[3 * i + d]! - p[d]! / mtot;
  }
  const dof = degreesOfFreedom(fixed);
  const t = temperatureOf(kineticEnergy(v, masses, fixed), dof);
  const scale = t > 0 && temperature > 0 ? Math.sqrt(temperature / t) : 0;
  for (let k = 0; k < v.length; k++) v[k] = v[k]! * scale;
  return v;
}
