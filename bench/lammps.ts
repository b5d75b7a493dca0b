/**
 * LAMMPS side of the benchmarks: finds an `lmp` (flag --lammps PATH, else `lmp` on PATH), writes
 * the same case rewire runs, runs it with OpenMP on N threads (OMP_NUM_THREADS=N, -sf omp -pk omp N)
 * and parses the loop time.
 *
 *   EAM:    shared/reference/lammps/in.bench_tips style — metal units, pair eam Ag_u3, NVT 800 K
 *           (Tdamp 0.1 ps) on the mobile atoms, fixed type-2 base, neighbor 1.0 bin, dt 1 fs.
 *   ReaxFF: a TypeScript port of shared/tools/lammps/json2lammps.py --mode bench — real units,
 *           pair reaxff + fix qeq/reaxff (tol 1e-6, cutoff 10 Å), the EChemDID steady state of two
 *           separate tips as χ = 0.5 ± V/2 per tip (4 types: tip × mobile/fixed), fixed bases
 *           (setforce 0), NVT 800 K (Tdamp 100 fs), neighbor 2.0 bin, dt 1 fs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { System } from '../src/system/types.ts';
import { writeLammpsData } from '../src/io/lammpsData.ts';

export interface LammpsInfo {
  exe: string;
  packages: string[];
}

/** The LAMMPS executable and its packages, or null when none is found. */
export function findLammps(exe?: string): LammpsInfo | null {
  const cand = exe ?? 'lmp';
  try {
    const help = execFileSync(cand, ['-h'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
    const m = /Installed packages:\s*\n\s*\n?([^\n]*)/.exec(help);
    return { exe: cand, packages: m ? m[1]!.trim().split(/\s+/) : [] };
  } catch {
    return null;
  }
}

export interface LammpsTiming {
  code: string;
  threads: number;
  atoms: number;
  steps: number;
  seconds: number;
  atomStepsPerSecond: number;
}

function runDeck(lmp: LammpsInfo, dir: string, threads: number): LammpsTiming {
  const omp = lmp.packages.includes('OPENMP');
  const args = ['-in', 'in.lammps', '-log', 'log.lammps', ...(omp ? ['-sf', 'omp', '-pk', 'omp', String(threads)] : [])];
  const out = execFileSync(lmp.exe, args, { cwd: dir, env: { ...process.env, OMP_NUM_THREADS: String(threads) }, encoding: 'utf8', maxBuffer: 256 << 20 });
  const m = /Loop time of ([\d.eE+-]+) on \d+ procs for (\d+) steps with (\d+) atoms/.exec(out);
  if (!m) throw new Error(`could not parse the LAMMPS loop time in ${dir}/log.lammps`);
  const seconds = Number(m[1]), steps = Number(m[2]), atoms = Number(m[3]);
  return { code: `LAMMPS (${lmp.exe}${omp ? `, OpenMP ${threads} threads` : ', no OPENMP package: 1 thread'})`, threads: omp ? threads : 1, atoms, steps, seconds, atomStepsPerSecond: Math.round((atoms * steps) / seconds) };
}

function tmpDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `rewire-lmp-${tag}-`));
}

/** EAM Ag_u3 NVT 800 K on `sys` (types: 1 mobile, 2 fixed), `steps` steps. */
export function lammpsEam(lmp: LammpsInfo, sys: System, steps: number, threads: number, eamFile = 'data/potentials/Ag_u3.eam'): LammpsTiming {
  const dir = tmpDir('eam');
  const typed: System = { ...sys, types: Int32Array.from(sys.fixed, (f) => (f ? 2 : 1)), velocities: undefined } as System;
  fs.writeFileSync(path.join(dir, 'tips.data'), writeLammpsData(typed, { style: 'atomic', velocities: false }));
  fs.copyFileSync(path.resolve(eamFile), path.join(dir, 'Ag_u3.eam'));
  fs.writeFileSync(path.join(dir, 'in.lammps'), `units metal
atom_style atomic
boundary f f f
read_data tips.data
pair_style eam
pair_coeff * * Ag_u3.eam
group fixed type 2
group mobile type 1
velocity mobile create 800 4928459 dist gaussian
fix 1 mobile nvt temp 800 800 0.1
neighbor 1.0 bin
neigh_modify every 1 delay 0 check yes
timestep 0.001
thermo ${steps}
run ${steps}
`);
  return runDeck(lmp, dir, threads);
}

/**
 * ReaxFF-Ag + QEq with the bias as χ ± V/2 per tip (json2lammps.py --mode bench): the electrode
 * atoms (System.electrode +1/−1) are the fixed bases; the tip of the +1 electrode is the one on the
 * same side of the gap's mid-plane (z).
 */
/**
 * Which atoms belong to the tip of the +1 electrode (System.electrode): the tip on the same side of
 * the gap's mid-plane (z) as the mean +1 electrode atom. The bias as χ ± V/2 per tip uses it, and so
 * does the EChemDID steady state of two disconnected tips (Φ = ±V/2 per tip, bench/reaxff.ts).
 */
export function plusTipMask(sys: System): boolean[] {
  const n = sys.n, x = sys.positions;
  let zmin = Infinity, zmax = -Infinity, zPlus = 0, nPlus = 0;
  for (let i = 0; i < n; i++) {
    const z = x[3 * i + 2]!;
    zmin = Math.min(zmin, z);
    zmax = Math.max(zmax, z);
    if (sys.electrode[i] === 1) { zPlus += z; nPlus++; }
  }
  const zmid = (zmin + zmax) / 2;
  const plusLow = nPlus ? zPlus / nPlus < zmid : true;
  return Array.from({ length: n }, (_, i) => (x[3 * i + 2]! < zmid) === plusLow);
}

export function lammpsReaxff(lmp: LammpsInfo, sys: System, volt: number, steps: number, threads: number, ffield = 'data/potentials/ffield.reax.2016X19.CHONSiCuAgZn'): LammpsTiming {
  const dir = tmpDir('reaxff');
  const n = sys.n, x = sys.positions;
  const plusTip = plusTipMask(sys);
  const chi = [0.5 + volt / 2, 0.5 + volt / 2, 0.5 - volt / 2, 0.5 - volt / 2];
  const types: number[] = [];
  for (let i = 0; i < n; i++) {
    types.push(plusTip[i] ? (sys.electrode[i] === 1 ? 2 : 1) : (sys.electrode[i] === -1 ? 4 : 3));
  }
  const nt = Math.max(...types);
  const lo = [0, 1, 2].map((k) => { let m = Infinity; for (let i = 0; i < n; i++) m = Math.min(m, x[3 * i + k]!); return m - 20; });
  const hi = [0, 1, 2].map((k) => { let m = -Infinity; for (let i = 0; i < n; i++) m = Math.max(m, x[3 * i + k]!); return m + 20; });
  const data: string[] = [`rewire bench (bench)`, '', `${n} atoms`, `${nt} atom types`, ''];
  for (let k = 0; k < 3; k++) data.push(`${lo[k]} ${hi[k]} ${'xyz'[k]}lo ${'xyz'[k]}hi`);
  data.push('', 'Masses', '', ...Array.from({ length: nt }, (_, t) => `${t + 1} 107.8682`), '', 'Atoms # charge', '');
  for (let i = 0; i < n; i++) data.push(`${i + 1} ${types[i]} 0.0 ${x[3 * i]!.toFixed(10)} ${x[3 * i + 1]!.toFixed(10)} ${x[3 * i + 2]!.toFixed(10)}`);
  fs.writeFileSync(path.join(dir, 'system.data'), data.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'qeq.params'), Array.from({ length: nt }, (_, t) => `${t + 1} ${chi[t]!.toFixed(12)} 12.0 0.42\n`).join(''));
  fs.writeFileSync(path.join(dir, 'in.lammps'), `units real
atom_style charge
boundary f f f
atom_modify map array
read_data system.data
pair_style reaxff NULL checkqeq yes
pair_coeff * * ${path.resolve(ffield)} ${Array(nt).fill('Ag').join(' ')}
fix q all qeq/reaxff 1 0.0 10.0 1.0e-6 qeq.params
group fixed type 2 4
group mobile type 1 3
neighbor 2.0 bin
neigh_modify every 1 delay 0 check yes
timestep 1.0
velocity mobile create 800.0 4928459 dist gaussian
velocity fixed set 0.0 0.0 0.0
fix zero fixed setforce 0.0 0.0 0.0
fix nvt mobile nvt temp 800.0 800.0 100.0
thermo ${steps}
run ${steps}
`);
  return runDeck(lmp, dir, threads);
}
