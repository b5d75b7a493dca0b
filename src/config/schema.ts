/**
 * JSON Schema (draft-07, checked with ajv) of a RunConfig after defaults are merged in.
 * Every leaf has a `description` ("what, unit") and a `default`; the loader builds its error fixes
 * and describeConfig() its field list from them, so this file is the single source of truth.
 * Variants (system.builder, potential.kind) are if/then branches, each closed with
 * additionalProperties: false so misspelt fields are reported.
 */
import { ECHEMDID_DEFAULTS, POTENTIAL_DEFAULTS, SYSTEM_DEFAULTS, defaultRunConfig } from './defaults.ts';

type Schema = Record<string, unknown>;

const D = defaultRunConfig();
const T = SYSTEM_DEFAULTS.tips, F = SYSTEM_DEFAULTS.fcc, R = POTENTIAL_DEFAULTS.reaxff, E = ECHEMDID_DEFAULTS;

const num = (description: string, dflt: unknown, limits: Schema = {}): Schema => ({ type: 'number', description, default: dflt, ...limits });
const int = (description: string, dflt: unknown, limits: Schema = {}): Schema => ({ type: 'integer', description, default: dflt, ...limits });
const str = (description: string, dflt: unknown, extra: Schema = {}): Schema => ({ type: 'string', description, default: dflt, ...extra });
const oneOfValues = (description: string, values: readonly unknown[], dflt: unknown): Schema => ({ enum: [...values], description, default: dflt });

const variant = (key: string, value: string, properties: Schema, required: string[] = []): Schema => ({
  if: { properties: { [key]: { const: value } }, required: [key] },
  then: { properties: { [key]: {}, ...properties }, required, additionalProperties: false },
});

const tipsProps = {
  base: num('nominal base edge of each pyramid, Å (paper: 42 = 4.2 nm)', T.base, { exclusiveMinimum: 0 }),
  gap: num('apex-to-apex gap, Å (paper: 8.3)', T.gap, { exclusiveMinimum: 0 }),
  lattice: { type: 'number', description: 'fcc lattice constant, Å (default by potential: 4.09 EAM, 4.22 ReaxFF)', exclusiveMinimum: 0 },
  fixedLayers: int('fixed base layers per tip (the electrodes)', T.fixedLayers, { minimum: 0 }),
  rattle: num('σ of a Gaussian displacement of every coordinate, Å', T.rattle, { minimum: 0 }),
  seed: int('seed of the rattle', T.seed),
};
const fccProps = {
  cells: { type: 'array', description: 'cubic fcc cells along x, y, z (4 atoms each)', default: F.cells, items: { type: 'integer', minimum: 1, description: 'cells along one axis, integer ≥ 1' }, minItems: 3, maxItems: 3 },
  lattice: { type: 'number', description: 'fcc lattice constant, Å (default by potential: 4.09 EAM, 4.22 ReaxFF)', exclusiveMinimum: 0 },
  rattle: num('σ of a Gaussian displacement, Å', F.rattle, { minimum: 0 }),
  seed: int('seed of the rattle', F.seed),
};
const fileProps = {
  path: { type: 'string', description: 'structure file: .data/.lmp (LAMMPS data), .xyz (extended XYZ) or .json (reference layout); relative to the config file', minLength: 1 },
};

export const configSchema: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://rewire.local/run-config.schema.json',
  title: 'rewire run configuration',
  type: 'object',
  additionalProperties: false,
  required: ['system', 'potential', 'echemdid', 'md', 'output', 'transport', 'backend'],
  properties: {
    title: str('free text describing the run', D.title),
    system: {
      type: 'object',
      description: 'the atoms: built tips, a periodic fcc box, or a file',
      required: ['builder'],
      properties: { builder: oneOfValues("'tips' (two opposing pyramids), 'fcc' (periodic box) or 'file'", ['tips', 'fcc', 'file'], 'tips') },
      allOf: [variant('builder', 'tips', tipsProps), variant('builder', 'fcc', fccProps), variant('builder', 'file', fileProps, ['path'])],
    },
    potential: {
      type: 'object',
      description: 'interatomic potential',
      required: ['kind'],
      properties: { kind: oneOfValues("'eam' (Foiles Ag_u3) or 'reaxff' (Ag 2016 + QEq)", ['eam', 'reaxff'], 'eam') },
      allOf: [
        variant('kind', 'eam', { file: { type: 'string', description: 'EAM funcfl/setfl file (default data/potentials/Ag_u3.eam)', minLength: 1 } }),
        variant('kind', 'reaxff', {
          ffield: { type: 'string', description: 'ReaxFF force-field file (default data/potentials/ffield.reax.2016X19.CHONSiCuAgZn)', minLength: 1 },
          qeq: {
            type: 'object',
            description: 'charge equilibration (conjugate gradients)',
            additionalProperties: false,
            required: ['tol', 'maxIter'],
            properties: {
              tol: num('relative residual ‖r‖/‖b‖ at which CG stops', R.qeq.tol, { exclusiveMinimum: 0, maximum: 0.1 }),
              maxIter: int('maximum CG iterations per step', R.qeq.maxIter, { minimum: 1 }),
            },
          },
        }),
      ],
    },
    echemdid: {
      type: ['object', 'null'],
      description: 'EChemDID electrochemical potential Φ (needs ReaxFF/QEq); null = no voltage',
      additionalProperties: false,
      required: ['volt', 'k', 'rc', 'nelec', 'norm'],
      properties: {
        volt: num('voltage between the electrodes, V (+V/2 on group_plus = lower tip base)', E.volt),
        k: num('Φ diffusion constant, Å²/fs', E.k, { exclusiveMinimum: 0 }),
        rc: num('Laplacian cutoff, Å', E.rc, { exclusiveMinimum: 0 }),
        nelec: int('explicit-Euler Φ sub-steps per MD step', E.nelec, { minimum: 1 }),
        norm: {
          description: "Laplacian normalisation: 'auto' (mean Σ_j w_ij / 6 at the start) or a number > 0",
          default: E.norm,
          $comment: "'auto' or a number > 0",
          anyOf: [{ const: 'auto' }, { type: 'number', exclusiveMinimum: 0 }],
        },
      },
    },
    md: {
      type: 'object',
      description: 'molecular dynamics',
      additionalProperties: false,
      required: ['dt', 'steps', 'equilibrationSteps', 'thermostat', 'skin', 'seed'],
      properties: {
        dt: num('time step, fs', D.md.dt, { exclusiveMinimum: 0, maximum: 10 }),
        steps: int('production steps (after equilibration)', D.md.steps, { minimum: 1 }),
        equilibrationSteps: int('equilibration steps before production (no snapshots)', D.md.equilibrationSteps, { minimum: 0 }),
        thermostat: {
          type: 'object',
          description: 'thermostat',
          additionalProperties: false,
          required: ['kind', 'temperature', 'tdamp', 'chain'],
          properties: {
            kind: oneOfValues("'nvt' (Nosé–Hoover chain, LAMMPS fix nvt) or 'nve'", ['nvt', 'nve'], D.md.thermostat.kind),
            temperature: num('target (and initial) temperature, K', D.md.thermostat.temperature, { exclusiveMinimum: 0 }),
            tdamp: num('Nosé–Hoover damping time, fs', D.md.thermostat.tdamp, { exclusiveMinimum: 0 }),
            chain: int('Nosé–Hoover chain length', D.md.thermostat.chain, { minimum: 1, maximum: 10 }),
          },
        },
        skin: num('neighbour-list skin, Å', D.md.skin, { minimum: 0 }),
        seed: int('seed of the Maxwell–Boltzmann velocities', D.md.seed),
        threads: {
          description: "CPU backend threads: 'auto' (every core) or an integer ≥ 1 (results are bit-identical for any count)",
          default: 'auto',
          $comment: "'auto' or an integer ≥ 1",
          anyOf: [{ const: 'auto' }, { type: 'integer', minimum: 1 }],
        },
      },
    },
    output: {
      type: 'object',
      description: 'output folder and cadences (in steps; 0 = never)',
      additionalProperties: false,
      required: ['dir', 'trajectoryEvery', 'thermoEvery', 'checkpointEvery', 'snapshotEvery', 'dumpFormat'],
      properties: {
        dir: str('output folder ("{timestamp}" → YYYYMMDD-HHMMSS)', D.output.dir, { minLength: 1 }),
        trajectoryEvery: int('steps between trajectory frames', D.output.trajectoryEvery, { minimum: 0 }),
        thermoEvery: int('steps between thermo.csv rows', D.output.thermoEvery, { minimum: 0 }),
        checkpointEvery: int('steps between checkpoints', D.output.checkpointEvery, { minimum: 0 }),
        snapshotEvery: int('production steps between transport snapshots (paper: 8600 = 8.6 ps)', D.output.snapshotEvery, { minimum: 0 }),
        dumpFormat: oneOfValues("trajectory format: 'extxyz' (OVITO/ASE, with q and Φ) or 'lammps' (dump custom)", ['extxyz', 'lammps'], D.output.dumpFormat),
      },
    },
    transport: {
      type: 'object',
      description: 'tight-binding conductance of the snapshots',
      additionalProperties: false,
      required: ['enabled', 'model', 'mode', 'kpoints'],
      properties: {
        enabled: { type: 'boolean', description: 'compute the conductance trace', default: D.transport.enabled },
        model: oneOfValues("tight-binding model: 's' (one s orbital, fast), 'spd-pbe' (accurate: spd fitted to PBE with local charge neutrality, seconds per snapshot), 'spd-lcn' or 'spd' (Papaconstantopoulos set; docs/transport.md)", ['s', 'spd-pbe', 'spd-lcn', 'spd'], D.transport.model),
        mode: oneOfValues("'paper' (gap region between 3×3 fcc(111) leads) or 'tips' (the MD tips as leads)", ['paper', 'tips'], D.transport.mode),
        kpoints: { type: 'array', description: 'transverse k-points n1 × n2 of the lead supercell', default: D.transport.kpoints, items: { type: 'integer', minimum: 1, description: 'k-points along one reciprocal axis, integer ≥ 1 (1 = Γ only)' }, minItems: 2, maxItems: 2 },
        tipsLeads: oneOfValues("tips mode leads: 'bulk' (an ideal semi-infinite crystal behind each cut, laterally infinite; default) or 'prism' (the tip's two cut layers repeated)", ['bulk', 'prism'], 'bulk'),
        depth: { description: "tips mode: (001) layers of each tip inside the device, an integer ≥ 1 (default per model: s 'all', spd-pbe 2), 'max' (every layer but the two the leads are fitted to) or 'all' (every layer of both tips, fixed bases included, the ideal crystal continued behind them: on MD snapshots every thermally disordered atom explicit; docs/transport.md)", oneOf: [{ type: 'integer', minimum: 1 }, { const: 'max' }, { const: 'all' }] },
      },
    },
    backend: oneOfValues("'auto' (WebGPU when an adapter exists, else CPU), 'cpu' (float64 reference) or 'webgpu'", ['auto', 'cpu', 'webgpu'], D.backend),
  },
};
