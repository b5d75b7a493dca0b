/**
 * `rewire trace`: the conductance of a trajectory equals the conductance `rewire run` computed
 * while it wrote that trajectory (within 1e-4 in T, the rounding of trajectory positions), both
 * with the run's config and from the atom types of a LAMMPS dump alone. The run is tiny and fast
 * (110-atom EAM tips, 2.9 Å apart so that T is far from zero, s model, 2×2 k-points).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/runner/cli.ts';
import { indexExtXyzFrames, readExtXyz } from '../../src/io/extxyz.ts';
import { readLammpsDump, writeLammpsDumpFrame } from '../../src/io/lammpsDump.ts';
import { exportTypes } from '../../src/io/lammpsDeck.ts';
import { loadRunConfig } from '../../src/config/index.ts';
import { buildSystemFromConfig } from '../../src/runner/fromConfig.ts';

function capture() {
  const out: string[] = [], err: string[] = [];
  return { io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) }, out, err };
}

/** conductance.csv rows as numbers, keyed by column name. */
function readCsv(file: string): Record<string, number>[] {
  const [head, ...rows] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const names = head!.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((x, k) => [names[k]!, Number(x)])));
}

let maxDiff = 0;
function expectSameTrace(a: Record<string, number>[], b: Record<string, number>[]): void {
  expect(b.length).toBe(a.length);
  for (let k = 0; k < a.length; k++) {
    expect(b[k]!['time_fs']).toBe(a[k]!['time_fs']);
    expect(b[k]!['step']).toBe(a[k]!['step']);
    expect(Math.abs(b[k]!['T_EF']! - a[k]!['T_EF']!)).toBeLessThan(1e-4);
    maxDiff = Math.max(maxDiff, Math.abs(b[k]!['T_EF']! - a[k]!['T_EF']!));
    expect(Math.abs(b[k]!['channel_1']! - a[k]!['channel_1']!)).toBeLessThan(1e-4);
    expect(b[k]!['gap_atoms']).toBe(a[k]!['gap_atoms']);
    expect(b[k]!['bridged']).toBe(a[k]!['bridged']);
  }
}

describe('rewire trace reproduces the conductance of the run that wrote the trajectory', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rewire-trace-'));
  const run = path.join(tmp, 'run');
  let runRows: Record<string, number>[] = [];

  beforeAll(async () => {
    const cfg = path.join(tmp, 'cfg.json');
    fs.writeFileSync(cfg, JSON.stringify({
      system: { builder: 'tips', base: 12, gap: 2.9 },
      md: { steps: 80, equilibrationSteps: 20, seed: 9 },
      output: { trajectoryEvery: 20, thermoEvery: 20, checkpointEvery: 0, snapshotEvery: 40 },
      transport: { enabled: true, model: 's', mode: 'paper', kpoints: [2, 2] },
      backend: 'cpu',
    }));
    const c = capture();
    expect(await main(['run', cfg, '--out', run, '--quiet'], c.io), c.err.join('')).toBe(0);
    runRows = readCsv(path.join(run, 'conductance.csv'));
  });

  it('the run has snapshots with a non-trivial conductance (the comparison can fail)', () => {
    expect(runRows.map((r) => r['step'])).toEqual([60, 100]);
    expect(runRows.map((r) => r['time_fs'])).toEqual([40, 80]);
    expect(Math.min(...runRows.map((r) => r['T_EF']!))).toBeGreaterThan(0.05);
  });

  it('trajectory.xyz + --config: the same conductance.csv (and a figure)', async () => {
    const out = path.join(tmp, 'trace-xyz');
    const c = capture();
    expect(await main(['trace', path.join(run, 'trajectory.xyz'), '--config', path.join(run, 'config.json'), '--out', out, '--quiet'], c.io), c.err.join('')).toBe(0);
    expectSameTrace(runRows, readCsv(path.join(out, 'conductance.csv')));
    expect(fs.readFileSync(path.join(out, 'conductance.svg'), 'utf8')).toMatch(/^<svg/);
    expect(c.out.join('')).toMatch(/Conductance trace \(T = G\/G0\), 2 snapshot/);
  });

  it('a LAMMPS dump with the export atom types, without a config (groups and tips from the types)', async () => {
    // the run's frames as a LAMMPS dump, types 1..4 as `rewire export lammps` writes them
    const built = await buildSystemFromConfig(loadRunConfig(path.join(run, 'config.json')));
    const types = exportTypes(built);
    const lines = fs.readFileSync(path.join(run, 'trajectory.xyz'), 'utf8').split('\n');
    let dump = '';
    for (const k0 of indexExtXyzFrames(lines, 'trajectory.xyz')) {
      const f = readExtXyz(lines.slice(k0, k0 + Number(lines[k0]) + 2).join('\n'), 'frame');
      dump += writeLammpsDumpFrame({ step: f.meta!['step'] as number, box: f.box, positions: f.positions, types });
    }
    const file = path.join(tmp, 'traj.lammpstrj');
    fs.writeFileSync(file, dump);
    const out = path.join(tmp, 'trace-dump');
    const c = capture();
    expect(await main(['trace', file, '--dt', '1', '--equilibration', '20', '--every', '40', '--kpoints', '2x2', '--model', 's', '--out', out, '--quiet'], c.io), c.err.join('')).toBe(0);
    expectSameTrace(runRows, readCsv(path.join(out, 'conductance.csv')));
  });

  it('--mode tips --depth: every tip layer (all) and one layer give different traces; a bad depth names the field', async () => {
    const xyz = path.join(run, 'trajectory.xyz'), cfg = path.join(run, 'config.json');
    const rows = async (depth: string) => {
      const out = path.join(tmp, `trace-depth-${depth}`), c = capture();
      expect(await main(['trace', xyz, '--config', cfg, '--mode', 'tips', '--depth', depth, '--out', out, '--quiet'], c.io), c.err.join('')).toBe(0);
      return readCsv(path.join(out, 'conductance.csv')).map((r) => r['T_EF']!);
    };
    const all = await rows('all'), one = await rows('1');
    expect(all.length).toBe(2);
    expect(all.every((t) => t > 0)).toBe(true);
    expect(all).not.toEqual(one);
    const bad = capture();
    expect(await main(['trace', xyz, '--config', cfg, '--mode', 'tips', '--depth', 'deep', '--out', path.join(tmp, 'w')], bad.io)).toBe(2);
    expect(bad.err.join('')).toMatch(/transport\.depth.*Fix:/);
  });

  it('bad input: no matching frames, wrong atom count, no time step — each names the fix', async () => {
    const xyz = path.join(run, 'trajectory.xyz');
    const a = capture();
    expect(await main(['trace', xyz, '--config', path.join(run, 'config.json'), '--every', '7', '--out', path.join(tmp, 'x')], a.io)).toBe(2);
    expect(a.err.join('')).toMatch(/multiple of 7.*Fix:/);
    const other = path.join(tmp, 'other.json');
    fs.writeFileSync(other, JSON.stringify({ system: { builder: 'tips', base: 16, gap: 2.9 }, md: { equilibrationSteps: 20 }, output: { snapshotEvery: 40 }, transport: { kpoints: [2, 2] } }));
    const b = capture();
    expect(await main(['trace', xyz, '--config', other, '--out', path.join(tmp, 'y')], b.io)).toBe(2);
    expect(b.err.join('')).toMatch(/frames hold 110 atoms but the config builds \d+.*Fix:/);
    const dump = path.join(tmp, 'notime.lammpstrj');
    fs.writeFileSync(dump, fs.readFileSync(path.join(tmp, 'traj.lammpstrj'), 'utf8'));
    const c = capture();
    expect(await main(['trace', dump, '--out', path.join(tmp, 'z')], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/--dt.*Fix:.*--dt/);
    const h = capture();
    expect(await main(['trace', '--help'], h.io)).toBe(0);
    expect(h.out.join('')).toMatch(/--config C[\s\S]*--every K[\s\S]*Example:/);
  });
});

describe('LAMMPS dump items of dump_modify units/time', () => {
  it('reads ITEM: UNITS and ITEM: TIME (real: fs, velocities Å/fs; metal: ps → fs, Å/ps → Å/fs)', () => {
    const frame = (units: string, time: string) => `ITEM: UNITS\n${units}\nITEM: TIME\n${time}\nITEM: TIMESTEP\n20\nITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS ss ss ss\n-1 1\n-1 1\n-1 1\nITEM: ATOMS id type x y z vx vy vz q\n1 3 0.5 0 0 2 0 0 -0.1\n`;
    const [r] = readLammpsDump(frame('real', '20'), 'r');
    expect([r!.units, r!.timeFs, r!.step, r!.velocities![0], r!.charges![0], r!.types![0]]).toEqual(['real', 20, 20, 2, -0.1, 3]);
    const [m] = readLammpsDump(frame('metal', '0.02'), 'm');
    expect(m!.timeFs).toBeCloseTo(20, 12);
    expect(m!.velocities![0]).toBeCloseTo(0.002, 15);
  });
});
