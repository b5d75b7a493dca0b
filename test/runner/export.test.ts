/**
 * `rewire export lammps`: the deck reproduces the run's system, thermostat, bias and outputs.
 * Content checks always run (CI has no LAMMPS): the data file round-trips through our LAMMPS data
 * reader to the very atoms, start velocities and groups `rewire run` would use; the four atom types
 * map back to tips and fixed bases; qeq.params holds χ ± V/2 from the ffield; the deck states the
 * thermostat, time step, QEq, dumps and what differs from EChemDID.
 * With a LAMMPS on this machine (`lmp` on PATH, or REWIRE_LMP=/path/to/lmp) the decks are also run:
 * LAMMPS's step-0 energy and charges equal rewire's at the same per-tip Φ, and 20 NVT steps of EAM
 * and of ReaxFF without bias follow rewire's own run step for step.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/runner/cli.ts';
import { loadRunConfig } from '../../src/config/index.ts';
import { buildSystemFromConfig } from '../../src/runner/fromConfig.ts';
import { readLammpsData } from '../../src/io/lammpsData.ts';
import { readLammpsDump } from '../../src/io/lammpsDump.ts';
import { readExtXyz } from '../../src/io/extxyz.ts';
import { applyExportTypes, exportTypes } from '../../src/io/lammpsDeck.ts';
import { maxwellBoltzmann } from '../../src/md/velocities.ts';
import { loadReaxffAg } from '../../src/potentials/reaxff/ffield.ts';
import { emptySystem } from '../../src/system/types.ts';

function capture() {
  const out: string[] = [], err: string[] = [];
  return { io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) }, out, err };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rewire-export-'));
function config(name: string, over: Record<string, unknown>): string {
  const p = path.join(tmp, `${name}.json`);
  fs.writeFileSync(p, JSON.stringify({
    title: name,
    system: { builder: 'tips', base: 12, gap: 8.3 },
    md: { steps: 20, equilibrationSteps: 0, seed: 9 },
    output: { trajectoryEvery: 10, thermoEvery: 5, checkpointEvery: 0, snapshotEvery: 10 },
    transport: { enabled: false },
    backend: 'cpu',
    ...over,
  }));
  return p;
}
const REAXFF = { potential: { kind: 'reaxff', qeq: { tol: 1e-8, maxIter: 500 } } };
const BIAS = { echemdid: { volt: 2, k: 6, rc: 4, nelec: 10, norm: 'auto' } };

async function exportTo(cfg: string, dir: string): Promise<string> {
  const c = capture();
  expect(await main(['export', 'lammps', cfg, dir], c.io), c.err.join('')).toBe(0);
  return fs.readFileSync(path.join(dir, 'in.lammps'), 'utf8');
}

describe('rewire export lammps: ReaxFF + QEq with an EChemDID bias', () => {
  const cfg = config('reaxff-2V', { ...REAXFF, ...BIAS });
  const dir = path.join(tmp, 'reaxff-2V');
  let deck = '';
  beforeAll(async () => void (deck = await exportTo(cfg, dir)));

  it('the data file holds the run\'s atoms, start velocities (Å/fs, units real) and zero charges', async () => {
    const config = loadRunConfig(cfg);
    const built = await buildSystemFromConfig(config);
    const text = fs.readFileSync(path.join(dir, 'system.data'), 'utf8');
    expect(text.split('\n')[0]).toMatch(/units real/);
    const back = readLammpsData(text, 'system.data');
    expect(back.n).toBe(built.n);
    expect(Array.from(back.positions)).toEqual(Array.from(built.positions));
    expect(Array.from(back.masses)).toEqual(Array.from(built.masses));
    const v = maxwellBoltzmann(built.masses, built.fixed, 800, 9);
    expect(Array.from(back.velocities!)).toEqual(Array.from(v));
    expect(Array.from(back.charges!).every((q) => q === 0)).toBe(true);
    // the four types are the tips × fixed/mobile groups of the run
    expect(Array.from(back.types)).toEqual(Array.from(exportTypes(built)));
    const groups = emptySystem(back.n, back.box);
    expect(applyExportTypes(groups, back.types)).toBe(true);
    expect(Array.from(groups.fixed)).toEqual(Array.from(built.fixed));
    expect(Array.from(groups.electrode)).toEqual(Array.from(built.electrode));
    expect(Array.from(groups.origin)).toEqual(Array.from(built.origin));
    expect(new Set(back.types)).toEqual(new Set([1, 2, 3, 4]));
    // system.xyz: the same start for rewire, with the per-tip Φ that LAMMPS holds
    const xyz = readExtXyz(fs.readFileSync(path.join(dir, 'system.xyz'), 'utf8'), 'system.xyz');
    expect(Array.from(xyz.positions)).toEqual(Array.from(built.positions));
    expect(Array.from(xyz.electrode)).toEqual(Array.from(built.electrode));
    expect(Array.from(xyz.phi!)).toEqual(Array.from(back.types, (t) => (t <= 2 ? 1 : -1)));
  });

  it('qeq.params gives each type χ + Φ with Φ = +V/2 (plus tip) and −V/2 (minus tip), η and γ of the ffield', async () => {
    const p = await loadReaxffAg();
    const rows = fs.readFileSync(path.join(dir, 'qeq.params'), 'utf8').trim().split('\n').map((l) => l.split(/\s+/).map(Number));
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3, 4]);
    expect(rows.map((r) => r[1])).toEqual([p.chi + 1, p.chi + 1, p.chi - 1, p.chi - 1]);
    for (const r of rows) expect([r[2], r[3]]).toEqual([p.eta, p.gamma]);
    expect(p.eta).toBe(12); // the file's 6.0 eV, doubled as LAMMPS stores it
  });

  it('the deck states potential, QEq, groups, thermostat, time step, dumps with q, and the EChemDID difference', async () => {
    const d = deck;
    for (const line of [
      'units real', 'atom_style charge', 'boundary s s s', 'read_data system.data',
      'pair_style reaxff NULL checkqeq yes', 'pair_coeff * * ffield.reax.2016X19.CHONSiCuAgZn Ag Ag Ag Ag',
      'fix qeq all qeq/reaxff 1 0.0 10 1e-8 qeq.params maxiter 500',
      'group fixed type 2 4', 'group mobile type 1 3', 'fix hold fixed setforce 0.0 0.0 0.0',
      'timestep 1', 'neighbor 1 bin', 'fix md mobile nvt temp 800 800 100 tchain 3',
      'compute tmob mobile temp', 'thermo 5',
      'dump traj all custom 10 trajectory.lammpstrj id type x y z vx vy vz q',
      'variable snap equal stride(10,30,10)', 'run 20',
    ]) expect(d.split('\n')).toContain(line);
    expect(d).toMatch(/dump_modify snap every v_snap first no/);
    expect(d).toMatch(/holds Φ fixed per tip[\s\S]*differs once a bridge forms/);
    expect(fs.readFileSync(path.join(dir, 'ffield.reax.2016X19.CHONSiCuAgZn'), 'utf8')).toMatch(/Ag/);
    const back = loadRunConfig(path.join(dir, 'config.json'));
    expect(back.system).toEqual(loadRunConfig(cfg).system);
    expect(back.echemdid).toEqual(loadRunConfig(cfg).echemdid);
  });
});

describe('rewire export lammps: EAM', () => {
  const cfg = config('eam', {});
  const dir = path.join(tmp, 'eam');
  let deck = '';
  beforeAll(async () => void (deck = await exportTo(cfg, dir)));

  it('writes pair_style eam in metal units (ps), rewire\'s mass, no QEq and no q', async () => {
    const d = deck.split('\n');
    for (const line of ['units metal', 'atom_style atomic', 'pair_style eam', 'pair_coeff * * Ag_u3.eam', 'mass * 107.8682', 'timestep 0.001', 'fix md mobile nvt temp 800 800 0.1 tchain 3', 'dump traj all custom 10 trajectory.lammpstrj id type x y z vx vy vz']) expect(d).toContain(line);
    expect(d.some((l) => /qeq/.test(l) && !l.startsWith('#'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'qeq.params'))).toBe(false);
    const built = await buildSystemFromConfig(loadRunConfig(cfg));
    const back = readLammpsData(fs.readFileSync(path.join(dir, 'system.data'), 'utf8'), 'system.data');
    const v = maxwellBoltzmann(built.masses, built.fixed, 800, 9);
    for (let k = 0; k < v.length; k++) expect(back.velocities![k]).toBeCloseTo(v[k]!, 14); // Å/ps in the file
  });

  it('--help teaches; bad input names the field and the fix', async () => {
    const h = capture();
    expect(await main(['export', '--help'], h.io)).toBe(0);
    expect(h.out.join('')).toMatch(/Φ fixed per tip[\s\S]*bridge[\s\S]*Example:/);
    const a = capture();
    expect(await main(['export', 'lammps', config('eam-volt', BIAS), path.join(tmp, 'x')], a.io)).toBe(2);
    expect(a.err.join('')).toMatch(/config\.echemdid.*no charge equilibration.*Fix:/);
    const b = capture();
    expect(await main(['export', 'gromacs', cfg, path.join(tmp, 'y')], b.io)).toBe(2);
    expect(b.err.join('')).toMatch(/unknown export format 'gromacs'.*Fix:/);
  });
});

/** A LAMMPS binary with REAXFF, if this machine has one. */
function findLammps(): string | null {
  for (const c of [process.env['REWIRE_LMP'], 'lmp'].filter((x): x is string => !!x)) {
    try {
      if (/reaxff/i.test(execFileSync(c, ['-h'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))) return c;
    } catch {
      /* not there */
    }
  }
  return null;
}
const LMP = findLammps();

/** Runs in.lammps in dir; returns the thermo rows (step → columns by name). */
function runLammps(dir: string): Map<number, Record<string, number>> {
  const out = execFileSync(LMP!, ['-in', 'in.lammps', '-log', 'none'], { cwd: dir, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  const lines = out.split('\n');
  const h = lines.findIndex((l) => /^\s*Step\s/.test(l));
  const names = lines[h]!.trim().split(/\s+/);
  const rows = new Map<number, Record<string, number>>();
  for (const l of lines.slice(h + 1)) {
    const w = l.trim().split(/\s+/).map(Number);
    if (w.length !== names.length || w.some((x) => !Number.isFinite(x))) break;
    rows.set(w[0]!, Object.fromEntries(names.map((n, k) => [n, w[k]!])));
  }
  return rows;
}

describe.skipIf(!LMP)('the exported decks in LAMMPS (REWIRE_LMP or lmp on PATH)', () => {
  it('ReaxFF at 2 V: step-0 energy and charges equal rewire eval of system.xyz (the same per-tip Φ)', async () => {
    const dir = path.join(tmp, 'reaxff-2V');
    await exportTo(config('reaxff-2V', { ...REAXFF, ...BIAS }), dir);
    const thermo = runLammps(dir);
    const sys = readLammpsData(fs.readFileSync(path.join(dir, 'system.data'), 'utf8'), 'system.data');
    const e = capture();
    expect(await main(['eval', path.join(dir, 'system.xyz'), '--potential', 'reaxff', '--volt', '2', '--json'], e.io)).toBe(0);
    const r = JSON.parse(e.out.join('')) as { energy: number; charges: number[]; phi: number[] };
    expect(r.phi.filter((p) => Math.abs(Math.abs(p) - 1) > 1e-12)).toEqual([]); // Φ held at ±V/2, as in LAMMPS
    expect(Math.abs(thermo.get(0)!['PotEng']! - r.energy)).toBeLessThan(1e-6 * Math.abs(r.energy));
    const q0 = readLammpsDump(fs.readFileSync(path.join(dir, 'trajectory.lammpstrj'), 'utf8'), 'dump')[0]!;
    expect(q0.step).toBe(0);
    for (let i = 0; i < sys.n; i++) expect(Math.abs(q0.charges![i]! - r.charges[i]!)).toBeLessThan(1e-6);
    const qplus = r.charges.reduce((s, q, i) => s + (sys.types[i]! <= 2 ? q : 0), 0);
    expect(qplus).toBeLessThan(-0.5); // the bias moves charge between the tips
    expect(Math.abs(thermo.get(0)!['c_qplus']! - qplus)).toBeLessThan(1e-6);
    // the snapshot dump follows rewire's schedule
    expect(readLammpsDump(fs.readFileSync(path.join(dir, 'snapshots.lammpstrj'), 'utf8'), 'snap').map((f) => [f.step, f.timeFs])).toEqual([[10, 10], [20, 20]]);
  });

  for (const [name, over] of [['eam', {}], ['reaxff-0V', { ...REAXFF, echemdid: null }]] as const) {
    it(`${name}: 20 NVT steps follow rewire's own run (same start, thermostat, time step)`, async () => {
      const cfg = config(name, over);
      const dir = path.join(tmp, `${name}-lmp`);
      await exportTo(cfg, dir);
      const lmp = runLammps(dir);
      const out = path.join(tmp, `${name}-run`);
      expect(await main(['run', cfg, '--out', out, '--quiet', '--no-transport'], capture().io)).toBe(0);
      const rows = fs.readFileSync(path.join(out, 'thermo.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
      const toEv = name === 'eam' ? 1 : 1 / 23.060549;
      for (const r of rows) {
        const l = lmp.get(r[0]!)!;
        expect(Math.abs(l['c_tmob']! - r[2]!)).toBeLessThan(1e-3); // K (thermo.csv keeps 4 decimals)
        expect(Math.abs(l['PotEng']! * toEv - r[3]!)).toBeLessThan(1e-6 * Math.abs(r[3]!));
      }
      expect(rows.map((r) => r[0])).toEqual([0, 5, 10, 15, 20]);
    });
  }
});
