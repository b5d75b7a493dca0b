/**
 * Test-only loader of the reference files in test/fixtures (LAMMPS goldens, the float64 ReaxFF
 * oracle, DFT transmissions; provenance in test/fixtures/README.md), and small deterministic
 * reference systems (fcc Ag, random boxes) for the neighbour-list and EAM tests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { emptySystem, type Box, type System, type Vec3 } from '../../src/system/types.ts';
import { AG_MASS } from '../../src/core/units.ts';
import { Rng } from '../../src/core/rng.ts';

export interface EamGolden {
  natoms: number;
  types: Int32Array;
  positions: Float64Array;
  forces: Float64Array;
  atomEnergies: Float64Array;
  energy: number;
  box: Box;
}

/** test/fixtures of this checkout: everything the tests compare against travels with the repository. */
const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));

/** The folder of the reference files (test/fixtures). */
export function referenceDir(): string {
  return FIXTURES;
}

/** The absolute path of one fixture, e.g. fixture('tips42.data') or fixture('dft/chain_lead.xyz'). */
export function fixture(name: string): string {
  return `${FIXTURES}/${name}`;
}

export function loadEamGolden(name: 'eam_tips42.json' | 'eam_bulk6.json'): EamGolden {
  const d = JSON.parse(readFileSync(`${referenceDir()}/${name}`, 'utf8')) as {
    natoms: number;
    type: number[];
    positions: number[][];
    forces: number[][];
    atom_energies: number[];
    potential_energy: number;
    box_lo: number[];
    box_hi: number[];
    boundary: string[];
  };
  return {
    natoms: d.natoms,
    types: Int32Array.from(d.type),
    positions: Float64Array.from(d.positions.flat()),
    forces: Float64Array.from(d.forces.flat()),
    atomEnergies: Float64Array.from(d.atom_energies),
    energy: d.potential_energy,
    box: { lo: d.box_lo as Vec3, hi: d.box_hi as Vec3, periodic: d.boundary.map((b) => b === 'p') as [boolean, boolean, boolean] },
  };
}


/** Seeded uniform [0,1) generator for test geometry. */
export function makeRng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.nextU32() / 4294967296;
}

/** fcc Ag (a = 4.09 Å) with nx×ny×nz cells, Gaussian-ish jitter `sigma` Å, given periodicity. */
export function fccSystem(nx: number, ny: number, nz: number, periodic: [boolean, boolean, boolean], sigma = 0.1, seed = 1): System {
  const a = 4.09;
  const basis = [
    [0, 0, 0],
    [0.5, 0.5, 0],
    [0.5, 0, 0.5],
    [0, 0.5, 0.5],
  ];
  const n = 4 * nx * ny * nz;
  const box: Box = { lo: [0, 0, 0], hi: [nx * a, ny * a, nz * a], periodic };
  const sys = emptySystem(n, box);
  const rng = makeRng(seed);
  let i = 0;
  for (let x = 0; x < nx; x++)
    for (let y = 0; y < ny; y++)
      for (let z = 0; z < nz; z++)
        for (const b of basis) {
          const c = [x, y, z];
          for (let d = 0; d < 3; d++) sys.positions[3 * i + d] = (c[d]! + b[d]!) * a + sigma * (rng() + rng() + rng() - 1.5);
          i++;
        }
  sys.masses.fill(AG_MASS);
  return sys;
}

/** The golden structure as a System (types as in LAMMPS; type 2 = fixed base atoms in the tips). */
export function goldenSystem(g: EamGolden): System {
  const sys = emptySystem(g.natoms, g.box);
  sys.positions.set(g.positions);
  sys.types.set(g.types);
  sys.masses.fill(AG_MASS);
  return sys;
}

/** The knot values f[1..count] of a LAMMPS spline table (7 coefficients per knot, value at c6). */
function knotValues(spline: Float64Array, count: number, scale = 1): string {
  const out: string[] = [];
  for (let m = 1; m <= count; m++) out.push((scale * spline[m * 7 + 6]!).toExponential(16));
  return out.join('\n');
}

/**
 * A synthetic 2-element setfl (eam/alloy) file built from single-element tables: element A = the
 * tables as they are, element B with F×0.8 and ρ×1.3, cross pair r·φ×0.9, B–B ×1.1. The two
 * elements differ in every function, so a swapped i/j term shows up in FD and parity tests.
 */
export function syntheticAlloySetfl(t: { nrho: number; drho: number; nr: number; dr: number; cutoff: number; frho: Float64Array[]; rhor: Float64Array[]; z2r: Float64Array[] }): string {
  const lines = ['synthetic A-B alloy for tests', 'from Ag_u3.eam tables', '-', '2 A B'];
  lines.push(`${t.nrho} ${t.drho.toExponential(16)} ${t.nr} ${t.dr.toExponential(16)} ${t.cutoff.toExponential(16)}`);
  lines.push('47 107.87 4.09 fcc', knotValues(t.frho[0]!, t.nrho), knotValues(t.rhor[0]!, t.nr));
  lines.push('29 63.55 3.61 fcc', knotValues(t.frho[0]!, t.nrho, 0.8), knotValues(t.rhor[0]!, t.nr, 1.3));
  lines.push(knotValues(t.z2r[0]!, t.nr), knotValues(t.z2r[0]!, t.nr, 0.9), knotValues(t.z2r[0]!, t.nr, 1.1));
  return lines.join('\n') + '\n';
}
