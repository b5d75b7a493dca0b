/**
 * `rewire eval <structure> --potential eam[:FILE] | reaxff[:FFIELD] [--backend cpu|webgpu] --json`
 * Single-point energy and forces in input order — the command used to compare with other codes.
 */
import { parseArgs } from 'node:util';
import { RewireError } from '../../core/errors.ts';
import type { CliIo } from '../cli.ts';
import { readStructure } from '../../io/structure.ts';
import { buildNeighborList } from '../../neighbor/cellList.ts';
import { createCpuPotential, createGpuPotential, resolveBackend } from '../backend.ts';

export const EVAL_HELP = `Usage: rewire eval <structure> --potential SPEC [options]

Prints the energy, per-atom energies and forces of one structure (positions held still).
Structure: LAMMPS data (.data/.lmp), extended XYZ (.xyz), or the JSON layout of
test/fixtures/*.json (positions, box_lo/box_hi, boundary, type, group_plus/group_minus, phi).

Potentials:
  eam[:FILE]        EAM, LAMMPS funcfl or setfl file (default data/potentials/Ag_u3.eam, Foiles 1986).
                    Output in metal units: eV, eV/Å.
  reaxff[:FFIELD]   ReaxFF-Ag (Lloyd 2016) + QEq + EChemDID (default data/potentials/
                    ffield.reax.2016X19.CHONSiCuAgZn). Output in LAMMPS real units: kcal/mol,
                    kcal/mol/Å, charges in e, Φ in V, with the energy terms bond/over/vdw/coul/pol.

Options:
  --backend B       cpu (float64 reference) | webgpu (f32 kernels) | auto   [default cpu]
  --volt V          EChemDID voltage between group_plus (+V/2) and group_minus (−V/2) [reaxff, default 0]
  --phi-steps N     evolve Φ for N EChemDID MD steps from zero first [default 0]; with 0,
                    Φ is the file's phi if it has one (else zero)
  --skin S          neighbour skin, Å [default 1]
  --threads N       CPU threads [default: every core; results do not depend on it]
  --json            print JSON (default is a short human summary)
  -h, --help        this text

Example:
  rewire eval test/fixtures/tips42.data --potential eam --json
  rewire eval test/fixtures/reaxff_tips42_2V.json --potential reaxff --volt 2 --phi-steps 50 --json
`;

function parsePotential(spec: string): { kind: 'eam' | 'reaxff'; file?: string } {
  const i = spec.indexOf(':');
  const kind = i < 0 ? spec : spec.slice(0, i);
  const file = i < 0 ? undefined : spec.slice(i + 1);
  if (kind !== 'eam' && kind !== 'reaxff') throw new RewireError('--potential', `unknown potential '${kind}'`, 'use eam[:FILE] or reaxff[:FFIELD]');
  return file ? { kind, file } : { kind };
}

export async function evalCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      potential: { type: 'string' },
      backend: { type: 'string', default: 'cpu' },
      volt: { type: 'string', default: '0' },
      'phi-steps': { type: 'string', default: '0' },
      skin: { type: 'string', default: '1' },
      threads: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(EVAL_HELP);
    return 0;
  }
  if (!positionals[0]) throw new RewireError('structure', 'no structure file given', 'rewire eval <file> --potential eam --json');
  if (!values.potential) throw new RewireError('--potential', 'missing', 'add --potential eam or --potential reaxff');
  const pot = parsePotential(values.potential);
  const volt = Number(values.volt), phiSteps = Number(values['phi-steps']), skin = Number(values.skin);
  if (!Number.isFinite(volt)) throw new RewireError('--volt', `not a number (${values.volt})`, 'e.g. --volt 2');
  if (!Number.isInteger(phiSteps) || phiSteps < 0) throw new RewireError('--phi-steps', `must be a non-negative integer (got ${values['phi-steps']})`, 'e.g. --phi-steps 50');
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new RewireError('--threads', `must be a positive integer (got ${values.threads})`, 'e.g. --threads 2');
  if (!(skin >= 0)) throw new RewireError('--skin', `must be ≥ 0 (got ${values.skin})`, 'e.g. --skin 1');
  if (pot.kind === 'eam' && (volt !== 0 || phiSteps !== 0)) throw new RewireError('--volt', 'a voltage was given, but EAM has no charge equilibration (QEq)', 'use --potential reaxff, or drop --volt/--phi-steps');
  const requested = values.backend as 'cpu' | 'webgpu' | 'auto';
  if (!['cpu', 'webgpu', 'auto'].includes(requested)) throw new RewireError('--backend', `unknown backend '${requested}'`, 'use cpu, webgpu or auto');

  const system = await readStructure(positionals[0]);
  const { backend, gpu } = await resolveBackend(requested, (m) => io.stderr(m + '\n'));
  let result: Record<string, unknown>;
  if (pot.kind === 'reaxff') {
    if (phiSteps > 0 && system.phi) {
      // The protocol: Φ is evolved N steps from zero; a file's phi is used only with --phi-steps 0.
      io.stderr(`note: --phi-steps ${phiSteps} evolves Φ from zero; the phi stored in ${positionals[0]} is ignored (use --phi-steps 0 to evaluate at it)\n`);
      delete system.phi;
    }
    const { evaluateReaxff } = await import('../evaluate.ts');
    result = { ...(await evaluateReaxff(system, { ...(pot.file ? { ffield: pot.file } : {}), volt, phiSteps, backend, ...(gpu ? { gpu } : {}), ...(threads ? { threads } : {}) })) };
  } else if (backend === 'cpu') {
    const p = await createCpuPotential(pot, system);
    const { createPool } = await import('../../parallel/index.ts');
    const pool = await createPool(threads);
    p.usePool?.(pool);
    const nl = buildNeighborList(system.positions, system.n, system.box, p.cutoff + skin);
    const forces = new Float64Array(3 * system.n), atomEnergies = new Float64Array(system.n);
    const r = p.compute(system.positions, system.box, nl, forces, atomEnergies);
    pool.dispose();
    result = { units: { energy: 'eV', forces: 'eV/Angstrom' }, energy: r.energy, forces: rows3(forces), atom_energies: Array.from(atomEnergies) };
  } else {
    const { evaluateGpu } = await import('../../gpu/evaluate.ts');
    const p = await createGpuPotential(pot, system);
    const r = await evaluateGpu(gpu!, system, p, skin);
    result = { units: { energy: 'eV', forces: 'eV/Angstrom' }, energy: r.energy, forces: rows3(r.forces), atom_energies: Array.from(r.atomEnergies) };
  }
  result = { potential: pot.kind, backend, natoms: system.n, ...result };
  gpu?.device.destroy();
  if (values.json) io.stdout(JSON.stringify(result) + '\n');
  else io.stdout(`${system.n} atoms, ${pot.kind} on ${backend}: energy = ${result.energy} ${(result.units as { energy: string }).energy}\n`);
  return 0;
}

function rows3(a: Float64Array): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.length; i += 3) out.push([a[i]!, a[i + 1]!, a[i + 2]!]);
  return out;
}
