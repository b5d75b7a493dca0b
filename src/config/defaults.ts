/**
 * Field defaults (what a config that omits a field gets): a short but real run of the paper's geometry with EAM — two Ag tips (4.2 nm base,
 * 8.3 Å gap, a = 4.09 Å, 2992 atoms), 800 K Nosé–Hoover, 1 fs, 1 ps equilibration + 4 ps
 * production, a transport snapshot every 1 ps (4 conductance points).
 * Per-variant defaults (tips/fcc/file, eam/reaxff) are merged only into the variant the user picks.
 */
import type { EChemDIDConfig, FccSystemConfig, FileSystemConfig, ReaxffPotentialConfig, RunConfig, TipsSystemConfig } from './types.ts';

/** Lattice constant (Å) at which each potential's fcc Ag is at rest (EAM Ag_u3; ReaxFF-Ag 2016). */
export const LATTICE_FOR_POTENTIAL = { eam: 4.09, reaxff: 4.22 } as const;

export const SYSTEM_DEFAULTS = {
  tips: { builder: 'tips', base: 42, gap: 8.3, lattice: LATTICE_FOR_POTENTIAL.eam, fixedLayers: 1, rattle: 0, seed: 1 } satisfies TipsSystemConfig,
  fcc: { builder: 'fcc', cells: [6, 6, 6], lattice: LATTICE_FOR_POTENTIAL.eam, rattle: 0, seed: 1 } satisfies FccSystemConfig,
  file: { builder: 'file', path: '' } satisfies FileSystemConfig,
};

export const POTENTIAL_DEFAULTS = {
  eam: { kind: 'eam' as const },
  reaxff: { kind: 'reaxff', qeq: { tol: 1e-6, maxIter: 200 } } satisfies ReaxffPotentialConfig,
};

export const ECHEMDID_DEFAULTS: EChemDIDConfig = { volt: 2, k: 6, rc: 4, nelec: 10, norm: 'auto' };

/** A fresh copy of the default configuration ("{timestamp}" in output.dir is expanded by the loader). */
export function defaultRunConfig(): RunConfig {
  return {
    title: 'Paper tips, EAM, short run (800 K, 1 ps equilibration + 4 ps production)',
    system: { ...SYSTEM_DEFAULTS.tips },
    potential: { ...POTENTIAL_DEFAULTS.eam },
    echemdid: null,
    md: {
      dt: 1,
      steps: 4000,
      equilibrationSteps: 1000,
      thermostat: { kind: 'nvt', temperature: 800, tdamp: 100, chain: 3 },
      skin: 1,
      seed: 12345,
    },
    output: {
      dir: 'runs/{timestamp}',
      trajectoryEvery: 500,
      thermoEvery: 100,
      checkpointEvery: 1000,
      snapshotEvery: 1000,
      dumpFormat: 'extxyz',
    },
    transport: { enabled: true, model: 's', mode: 'paper', kpoints: [6, 6] },
    backend: 'auto',
  };
}

/**
 * The run `rewire run` does without a config (configs/rewiring-default.json holds the same, resolved;
 * a test checks that they agree): electrochemical rewiring you can watch in about two minutes on two
 * cores. Two small Ag tips (2 nm base, 7 layers, 280 atoms, a = 4.22 Å) 5.2 Å apart, ReaxFF + QEq +
 * EChemDID at 8 V, 800 K Nosé–Hoover, a snapshot every 0.1 ps with its `s`-model conductance in
 * `tips` mode (the MD apexes are the leads: the bias pulls the apex atoms out of their sites, and the
 * `paper` mode, which rebuilds ideal (111) surfaces below the apex planes, decouples such atoms).
 * Everything that makes it fast accelerates the dynamics (paper Methods: the time axis is
 * arbitrary): high bias and temperature, a short gap, small tips; measured outcome in
 * bench/rewiring.ts (bias on vs off over seeds). md.seed = 2 is a seed whose contact re-forms into a
 * 2.5-ps fluctuating plateau (on the CPU backend as of Dec 2026); with seeds 1 and 3 the first contact
 * lives ~0.3 ps and does not re-form within 5 ps — the bench gives the statistics over seeds.
 */
export const REWIRING_DEFAULT = {
  title: 'Rewiring demo: 2 nm Ag tips, 5.2 Å gap, ReaxFF + QEq + EChemDID at 8 V, 800 K, 5 ps, a snapshot every 0.1 ps',
  system: { builder: 'tips', base: 18, gap: 5.2, lattice: LATTICE_FOR_POTENTIAL.reaxff, fixedLayers: 1, rattle: 0, seed: 1 },
  potential: { kind: 'reaxff', qeq: { tol: 1e-6, maxIter: 200 } },
  echemdid: { volt: 8, k: 6, rc: 4, nelec: 10, norm: 'auto' },
  md: { dt: 1, steps: 5000, equilibrationSteps: 0, thermostat: { kind: 'nvt', temperature: 800, tdamp: 100, chain: 3 }, skin: 1, seed: 2 },
  output: { dir: 'runs/{timestamp}', trajectoryEvery: 100, thermoEvery: 100, checkpointEvery: 1000, snapshotEvery: 100, dumpFormat: 'extxyz' },
  transport: { enabled: true, model: 's', mode: 'tips', kpoints: [1, 1] },
  backend: 'auto',
} as const;
