/**
 * `rewire export lammps CONFIG DIR`: the run of CONFIG as a LAMMPS case, for users who outgrow one
 * machine. Writes DIR/system.data (4 atom types, rewire's start velocities), DIR/in.lammps,
 * DIR/qeq.params (ReaxFF), a copy of the potential file and DIR/config.json (the resolved config,
 * which `rewire trace` reads back). The deck and the atom types are described in io/lammpsDeck.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RewireError } from '../../core/errors.ts';
import type { CliIo } from '../cli.ts';
import { loadRunConfig, type RunConfig } from '../../config/index.ts';
import { buildSystemFromConfig, potentialSpecFromConfig } from '../fromConfig.ts';
import { writeLammpsData } from '../../io/lammpsData.ts';
import { writeExtXyzFrame } from '../../io/extxyz.ts';
import { detectEamFormat, parseEamFile } from '../../io/eamFile.ts';
import { ECHEMDID_DIFFERENCE, deckUnits, exportTypes, lammpsDeck, qeqParamsText, type DeckPotential } from '../../io/lammpsDeck.ts';
import { maxwellBoltzmann } from '../../md/velocities.ts';
import { DEFAULT_FFIELD, loadReaxffAg } from '../../potentials/reaxff/ffield.ts';
import { DEFAULT_EAM_FILE } from '../../potentials/eam/potential.ts';
import type { System } from '../../system/types.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const EXPORT_HELP = `Usage: rewire export lammps CONFIG DIR [--steps N] [--equilibration N]

Writes the run that CONFIG describes as a LAMMPS case in DIR, to run on a cluster with a LAMMPS
built with REAXFF + QEQ (ReaxFF configs) or MANYBODY (EAM configs):
  system.data     the structure (LAMMPS data file, 4 atom types, rewire's start velocities)
  in.lammps       the input deck: the same potential, thermostat (fix nvt: T, Tdamp, chain),
                  fixed bases, time step, thermo, and dumps with q
  qeq.params      fix qeq/reaxff parameters per type: χ + Φ, η, γ   (ReaxFF only)
  <potential>     a copy of the ffield / EAM file
  config.json     the resolved config, for 'rewire trace ... --config DIR/config.json'
  system.xyz      the same start as extended XYZ, with the per-tip Φ LAMMPS uses (ReaxFF), so
                  'rewire eval DIR/system.xyz --potential reaxff --volt V --json' prints the energy
                  and charges LAMMPS starts from (its step-0 thermo and dump)
Run it:  cd DIR && lmp -in in.lammps      (OpenMP: lmp -sf omp -pk omp 8 -in in.lammps)
Bring it back:  rewire trace DIR/snapshots.lammpstrj --config DIR/config.json --out DIR/trace

Atom types: 1 plus tip mobile, 2 plus tip fixed base, 3 minus tip mobile, 4 minus tip fixed base
(plus = EChemDID group_plus at +V/2, the lower tip). EAM decks use pair_style eam (funcfl) or
eam/alloy (one-element setfl), units metal; ReaxFF decks use pair_style reaxff + fix qeq/reaxff,
units real (kcal/mol, fs).

What differs from rewire's EChemDID (ReaxFF with a voltage):
  ${ECHEMDID_DIFFERENCE.join('\n  ')}
The start (positions, velocities) is the same; the trajectories themselves diverge after some
hundred steps, as any two MD codes do: compare statistics (T, charges, time to bridge), not paths.

Options:
  --steps N          production steps (overrides config.md.steps)
  --equilibration N  equilibration steps (overrides config.md.equilibrationSteps)
  -h, --help         this text

Example:
  rewire export lammps configs/paper-2V.json lammps-2V
  rewire export lammps configs/paper-8V.json /tmp/check --equilibration 0 --steps 20
`;

function intOption(v: string | undefined, name: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isInteger(x) || x < min) throw new RewireError(name, `must be an integer ≥ ${min} (got ${v})`, `e.g. ${name} 1000`);
  return x;
}

/** The potential part of the deck, and the file to copy beside it. */
async function deckPotential(config: RunConfig, mass: number): Promise<{ potential: DeckPotential; source: string }> {
  const spec = potentialSpecFromConfig(config);
  if (spec.kind === 'reaxff') {
    const source = spec.file ?? path.join(REPO_ROOT, DEFAULT_FFIELD);
    const p = await loadReaxffAg(source);
    const qeq = config.potential.kind === 'reaxff' ? config.potential.qeq : { tol: 1e-6, maxIter: 200 };
    return {
      source,
      potential: { kind: 'reaxff', ffield: path.basename(source), chi: p.chi, eta: p.eta, gamma: p.gamma, cutoff: p.swb, qeqTol: qeq.tol, qeqMaxIter: qeq.maxIter, volt: spec.echemdid?.volt ?? 0 },
    };
  }
  if (spec.echemdid) throw new RewireError('config.echemdid', 'a voltage was given, but the EAM potential has no charge equilibration (QEq)', 'use potential.kind = "reaxff", or set echemdid to null');
  const source = spec.file ?? path.join(REPO_ROOT, DEFAULT_EAM_FILE);
  const text = fs.readFileSync(source, 'utf8');
  if (detectEamFormat(text, source) === 'funcfl') return { source, potential: { kind: 'eam', file: path.basename(source), style: 'eam', mass } };
  const d = parseEamFile(text, source, 'setfl');
  const elements = d.format === 'setfl' ? d.elements : ['Ag'];
  if (elements.length !== 1) throw new RewireError(`config.potential.file (${source})`, `the setfl file has ${elements.length} elements (${elements.join(' ')}); the export maps its 4 atom types to one element`, 'export a one-element potential (Ag)');
  return { source, potential: { kind: 'eam', file: path.basename(source), style: 'eam/alloy', element: elements[0]!, mass } };
}

/** The structure as the data file holds it: export types, start velocities, zero charges (ReaxFF). */
export function exportSystem(system: System, config: RunConfig, withCharges: boolean): System {
  const v = system.velocities ?? maxwellBoltzmann(system.masses, system.fixed, config.md.thermostat.temperature, config.md.seed);
  const out: System = { ...system, types: exportTypes(system), velocities: v };
  if (withCharges) out.charges = system.charges ?? new Float64Array(system.n);
  else delete out.charges;
  delete out.phi;
  return out;
}

export async function exportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { steps: { type: 'string' }, equilibration: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(EXPORT_HELP);
    return 0;
  }
  const [format, cfgPath, dir] = positionals;
  if (format !== 'lammps') throw new RewireError('format', format ? `unknown export format '${format}'` : 'no format given', 'use: rewire export lammps CONFIG DIR');
  if (!cfgPath || !dir) throw new RewireError('arguments', 'need a config and an output folder', 'rewire export lammps configs/paper-2V.json lammps-2V');
  const config = loadRunConfig(cfgPath);
  const steps = intOption(values.steps, '--steps', 1), equil = intOption(values.equilibration, '--equilibration', 0);
  if (steps !== undefined) config.md.steps = steps;
  if (equil !== undefined) config.md.equilibrationSteps = equil;

  const system = await buildSystemFromConfig(config);
  const mass = system.masses[0]!;
  if (system.masses.some((m) => m !== mass)) throw new RewireError('system', 'atoms of different masses', 'the export writes one element (Ag)');
  const { potential, source } = await deckPotential(config, mass);
  const units = deckUnits(potential);
  fs.mkdirSync(dir, { recursive: true });
  const data = exportSystem(system, config, potential.kind === 'reaxff');
  fs.writeFileSync(path.join(dir, 'system.data'), writeLammpsData(data, { title: `rewire export of ${config.title || path.basename(cfgPath)}`, units }));
  fs.copyFileSync(source, path.join(dir, path.basename(source)));
  if (potential.kind === 'reaxff') fs.writeFileSync(path.join(dir, 'qeq.params'), qeqParamsText(potential));
  // the start as rewire reads it, with Φ = ±V/2 per tip (what LAMMPS holds through qeq.params)
  const volt = potential.kind === 'reaxff' ? potential.volt : 0;
  fs.writeFileSync(path.join(dir, 'system.xyz'), writeExtXyzFrame({
    positions: data.positions, velocities: data.velocities!, fixed: data.fixed, origin: data.origin, electrode: data.electrode, step: 0, time: 0, box: data.box,
    ...(volt ? { phi: Float64Array.from(data.types, (t) => (t <= 2 ? volt / 2 : -volt / 2)) } : {}),
  }, { exact: true }));
  const o = config.output;
  fs.writeFileSync(
    path.join(dir, 'in.lammps'),
    lammpsDeck({
      title: config.title || path.basename(cfgPath),
      potential,
      periodic: system.box.periodic,
      dt: config.md.dt,
      thermostat: config.md.thermostat,
      skin: config.md.skin,
      equilibrationSteps: config.md.equilibrationSteps,
      steps: config.md.steps,
      thermoEvery: o.thermoEvery,
      trajectoryEvery: o.trajectoryEvery,
      snapshotEvery: o.snapshotEvery,
      dataFile: 'system.data',
      ...(potential.kind === 'reaxff' ? { qeqFile: 'qeq.params' } : {}),
    }),
  );
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...config, output: { ...o, dir: path.join(dir, 'rewire') } }, null, 2) + '\n');
  const bias = potential.kind === 'reaxff' && potential.volt ? `, bias ±${potential.volt / 2} V held fixed per tip (see in.lammps)` : '';
  io.stdout(`wrote ${dir}/in.lammps, system.data (${system.n} atoms, 4 types), ${potential.kind === 'reaxff' ? 'qeq.params, ' : ''}${path.basename(source)}, config.json, system.xyz: ${potential.kind} in units ${units}${bias}\nrun: cd ${dir} && lmp -in in.lammps\n`);
  return 0;
}
