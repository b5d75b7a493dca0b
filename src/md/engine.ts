/**
 * The backend-agnostic MD engine contract. `cpu` (float64 reference twin) and `webgpu` engines
 * implement it with the same step order (LAMMPS fix nvt + fix echemdid + fix qeq, md-physics.md §3.5):
 *   NHC half-step → v += ½dt F/m → x += dt v → [EChemDID] → [neighbour rebuild if needed]
 *   → [QEq] → forces → v += ½dt F/m → NHC half-step.
 * The runner, the demo and the benchmarks only talk to this interface.
 */
import type { System } from '../system/types.ts';

export type BackendName = 'cpu' | 'webgpu';

export interface ThermostatConfig {
  /** 'nvt' = Nosé-Hoover chain (LAMMPS fix nvt), 'nve' = plain velocity Verlet. */
  kind: 'nvt' | 'nve';
  /** Target temperature, K. */
  temperature: number;
  /** Damping time, fs (LAMMPS Tdamp; paper does not give it, 100 fs default). */
  tdamp: number;
  /** Chain length (LAMMPS default 3). */
  chain: number;
}

export interface EngineOptions {
  /** Time step, fs. */
  dt: number;
  thermostat: ThermostatConfig;
  /** Neighbour-list skin, Å. */
  skin: number;
  /** Seed for Maxwell-Boltzmann velocities (when the system has none). */
  seed: number;
  /** Initial temperature for velocities, K (defaults to the thermostat target). */
  initialTemperature?: number;
  /** CPU backend threads (default: every core); results are bit-identical for any count. */
  threads?: number;
}

export interface ThermoSample {
  step: number;
  /** fs */
  time: number;
  /** K, mobile atoms, N_f = 3 N_mobile − 3 */
  temperature: number;
  /** eV */
  potential: number;
  /** eV */
  kinetic: number;
  /** eV, PE + KE */
  total: number;
  /** eV, total + thermostat energy (conserved by NVT and NVE) */
  conserved: number;
  /** Extra per-potential scalars (e.g. QEq iterations, EChemDID boundary current). */
  extra?: Record<string, number>;
}

/** Per-atom state in input order. */
export interface AtomState {
  positions: Float64Array;
  velocities: Float64Array;
  forces: Float64Array;
  atomEnergies: Float64Array;
  charges?: Float64Array;
  phi?: Float64Array;
}

/** Everything needed to resume exactly: plain JSON-able numbers + typed arrays. */
export interface EngineCheckpoint {
  step: number;
  positions: Float64Array;
  velocities: Float64Array;
  /** Thermostat chain state (eta, eta_dot) and any potential state (charge histories, phi). */
  state: Record<string, number[]>;
}

export interface MDEngine {
  readonly backend: BackendName;
  readonly system: System;
  /** Current step count. */
  readonly step: number;
  /** Advance nSteps MD steps (GPU: many steps per submission, no per-step readback). */
  run(nSteps: number): Promise<void>;
  thermo(): Promise<ThermoSample>;
  snapshot(): Promise<AtomState>;
  checkpoint(): Promise<EngineCheckpoint>;
  /**
   * Optional: change the EChemDID voltage (V) of the running engine from the next step on
   * (`rewire sweep`). Throws a RewireError when the potential has no voltage (EAM).
   */
  setVoltage?(volt: number): void;
  restore(c: EngineCheckpoint): Promise<void>;
  dispose(): void;
}
