/**
 * The velocity-Verlet + NHC updates of the CPU engine as pool passes (rows in fixed chunks, partial
 * sums per chunk added in chunk order by the caller): the same per-atom arithmetic as a serial loop,
 * so trajectories do not depend on the thread count. Units: Å, fs, amu, eV (a = F/m · FTM2V).
 *
 *   md.kickDrift  v ← (s₂·v)·s₁;  v += ½dt·F/m;  x += dt·v   (mobile atoms; s₂ the previous step's
 *                 closing NHC factor not yet applied, s₁ this step's opening one; 1 in NVE)
 *                 red[2c]   = max over the chunk of |x − x_ref|²   (the list's rebuild test)
 *   md.kick       v += ½dt·F/m                           red[2c+1] = Σ m|v|² of the chunk's mobile atoms
 *   md.scale      v ← s₂·v                               red[2c+1] = Σ m|v|² after scaling
 */
import { defineKernels } from '../parallel/registry.ts';

export interface MdCtx {
  x: Float64Array;
  v: Float64Array;
  f: Float64Array;
  /** [n] FTM2V/m, 0 for fixed atoms */
  im: Float64Array;
  /** [n] mass (amu), 0 for fixed atoms (they carry no kinetic energy) */
  km: Float64Array;
  /** [3n] positions at the last neighbour-list build */
  ref: Float64Array;
  /** [0] s (scale's factor; kickDrift's s₂), [1] dt, [2] ½dt, [3] kickDrift's s₁ */
  sc: Float64Array;
  /** [2·chunks] per-chunk max displacement², Σ m|v|² */
  red: Float64Array;
}

function kickDrift(c: MdCtx, lo: number, hi: number, chunk: number): void {
  const { x, v, f, im, ref, sc } = c;
  const s2 = sc[0]!, dt = sc[1]!, hdt = sc[2]!, s1 = sc[3]!;
  let d2 = 0;
  for (let i = lo; i < hi; i++) {
    const k = 3 * i;
    const a = hdt * im[i]!;
    // (v·s₂)·s₁ in this order: a scale pass by s₂ then s₂ = 1 here gives the same bits
    if (a === 0) {
      v[k] = v[k]! * s2 * s1; v[k + 1] = v[k + 1]! * s2 * s1; v[k + 2] = v[k + 2]! * s2 * s1;
      continue;
    }
    const vx = v[k]! * s2 * s1 + a * f[k]!, vy = v[k + 1]! * s2 * s1 + a * f[k + 1]!, vz = v[k + 2]! * s2 * s1 + a * f[k + 2]!;
    v[k] = vx; v[k + 1] = vy; v[k + 2] = vz;
    const px = x[k]! + dt * vx, py = x[k + 1]! + dt * vy, pz = x[k + 2]! + dt * vz;
    x[k] = px; x[k + 1] = py; x[k + 2] = pz;
    const dx = px - ref[k]!, dy = py - ref[k + 1]!, dz = pz - ref[k + 2]!;
    const q = dx * dx + dy * dy + dz * dz;
    if (q > d2) d2 = q;
  }
  c.red[2 * chunk] = d2;
}

function kick(c: MdCtx, lo: number, hi: number, chunk: number): void {
  const { v, f, im, km, sc } = c;
  const hdt = sc[2]!;
  let ke = 0;
  for (let i = lo; i < hi; i++) {
    const a = hdt * im[i]!;
    if (a === 0) continue;
    const k = 3 * i;
    const vx = v[k]! + a * f[k]!, vy = v[k + 1]! + a * f[k + 1]!, vz = v[k + 2]! + a * f[k + 2]!;
    v[k] = vx; v[k + 1] = vy; v[k + 2] = vz;
    ke += km[i]! * (vx * vx + vy * vy + vz * vz);
  }
  c.red[2 * chunk + 1] = ke;
}

function scale(c: MdCtx, lo: number, hi: number, chunk: number): void {
  const { v, km, sc } = c;
  const s = sc[0]!;
  let ke = 0;
  for (let i = lo; i < hi; i++) {
    const k = 3 * i;
    const vx = v[k]! * s, vy = v[k + 1]! * s, vz = v[k + 2]! * s;
    v[k] = vx; v[k + 1] = vy; v[k + 2] = vz;
    ke += km[i]! * (vx * vx + vy * vy + vz * vz);
  }
  c.red[2 * chunk + 1] = ke;
}

defineKernels({ 'md.kickDrift': kickDrift, 'md.kick': kick, 'md.scale': scale });
