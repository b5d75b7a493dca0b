/**
 * RunConfig: everything `rewire run` needs, as one JSON document (schema in ./schema.ts, defaults
 * in ./defaults.ts). Units: Å, fs, K, V, eV. Every field has a default, so `{}` is a valid config
 * (the short EAM run of the paper's tips).
 */
import type { ThermostatConfig } from '../md/engine.ts';

export interface TipsSystemConfig {
  builder: 'tips';
  /** Nominal base edge, Å. */
  base: number;
  /** Apex-to-apex gap, Å. */
  gap: number;
  /** fcc lattice constant, Å (default: 4.09 for EAM, 4.22 for ReaxFF). */
  lattice: number;
  /** Fixed base layers per tip (= EChemDID electrodes). */
  fixedLayers: number;
  /** σ of a Gaussian displacement of the built lattice, Å. */
  rattle: number;
  /** Seed of the rattle. */
  seed: number;
}

export interface FccSystemConfig {
  builder: 'fcc';
  cells: [number, number, number];
  /** Å */
  lattice: number;
  /** Å */
  rattle: number;
  seed: number;
}

export interface FileSystemConfig {
  builder: 'file';
  /** LAMMPS data, extended XYZ or reference JSON; relative paths are relative to the config file. */
  path: string;
}

export type SystemConfig = TipsSystemConfig | FccSystemConfig | FileSystemConfig;

export interface EamPotentialConfig {
  kind: 'eam';
  /** funcfl/setfl file (default: data/potentials/Ag_u3.eam). */
  file?: string;
}

export interface ReaxffPotentialConfig {
  kind: 'reaxff';
  /** ffield file (default: data/potentials/ffield.reax.2016X19.CHONSiCuAgZn). */
  ffield?: string;
  qeq: {
    /** Relative residual ‖r‖/‖b‖ at which CG stops. */
    tol: number;
    maxIter: number;
  };
}

export type PotentialConfig = EamPotentialConfig | ReaxffPotentialConfig;

export interface EChemDIDConfig {
  /** Voltage between the electrodes, V (group_plus at +V/2, group_minus at −V/2). */
  volt: number;
  /** Diffusion constant k, Å²/fs. */
  k: number;
  /** Laplacian cutoff, Å. */
  rc: number;
  /** Explicit-Euler sub-steps per MD step. */
  nelec: number;
  /** Laplacian normalisation; 'auto' = mean over atoms of Σ_j w_ij / 6 at the start. */
  norm: 'auto' | number;
}

export interface MdConfig {
  /** Time step, fs. */
  dt: number;
  /** Production steps (after equilibration). */
  steps: number;
  /** Equilibration steps before production (no snapshots). */
  equilibrationSteps: number;
  thermostat: ThermostatConfig;
  /** Neighbour-list skin, Å. */
  skin: number;
  /** Seed of the Maxwell–Boltzmann velocities. */
  seed: number;
  /** CPU backend threads: 'auto' (default, every core) or a count; results do not depend on it. */
  threads?: number | 'auto';
}

export interface OutputConfig {
  /** Output folder; "{timestamp}" is replaced by the start time (YYYYMMDD-HHMMSS). */
  dir: string;
  /** Steps between trajectory frames (0 = none). */
  trajectoryEvery: number;
  /** Steps between thermo.csv rows (0 = none). */
  thermoEvery: number;
  /** Steps between checkpoints (0 = only at the end). */
  checkpointEvery: number;
  /** Production steps between transport snapshots (0 = none). Paper: 8600 (8.6 ps). */
  snapshotEvery: number;
  dumpFormat: 'extxyz' | 'lammps';
}

export interface TransportConfig {
  enabled: boolean;
  /** Tight-binding model: single s orbital or nearest-neighbour spd. */
  model: 's' | 'spd' | 'spd-lcn' | 'spd-pbe';
  /** 'paper': gap region between 3×3 periodic fcc(111) leads; 'tips': the MD tips themselves as leads. */
  mode: 'paper' | 'tips';
  /** Transverse Monkhorst–Pack k-points of the lead supercell. */
  kpoints: [number, number];
  /** tips mode: 'bulk' (ideal semi-infinite crystals behind the cuts, default) or 'prism' leads */
  tipsLeads?: 'bulk' | 'prism';
  /** tips mode: (001) layers of each tip in the device (default per model), 'max' (all but the two of the leads) or 'all' (every layer, the crystal continued behind the tips) */
  depth?: number | 'max' | 'all';
}

export type BackendChoice = 'auto' | 'cpu' | 'webgpu';

export interface RunConfig {
  /** Free text shown in the output. */
  title: string;
  system: SystemConfig;
  potential: PotentialConfig;
  /** Electrochemical dynamics; null = no voltage. Needs ReaxFF (QEq). */
  echemdid: EChemDIDConfig | null;
  md: MdConfig;
  output: OutputConfig;
  transport: TransportConfig;
  backend: BackendChoice;
}
