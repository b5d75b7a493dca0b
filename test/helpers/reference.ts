/** Test-only loader of the LAMMPS golden files in /work/shared/reference (or ../shared beside the clone). */
import { existsSync, readFileSync } from 'node:fs';
import type { Box, Vec3 } from '../../src/system/types.ts';

export interface EamGolden {
  natoms: number;
  types: Int32Array;
  positions: Float64Array;
  forces: Float64Array;
  atomEnergies: Float64Array;
  energy: number;
  box: Box;
}

const candidates = [process.env.REWIRE_REFERENCE_DIR, new URL('../../../shared/reference', import.meta.url).pathname, '/work/shared/reference'];

export function referenceDir(): string {
  for (const c of candidates) if (c && existsSync(c)) return c;
  throw new Error('reference data not found: set REWIRE_REFERENCE_DIR or put shared/reference beside the clone');
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
