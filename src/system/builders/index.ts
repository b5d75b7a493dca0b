/**
 * buildSystem(spec): the System a config's `system` section describes — built tips, a periodic fcc
 * box, or a structure file (LAMMPS data, extended XYZ, reference JSON). Field names in errors are
 * prefixed with `where` (default 'config.system').
 */
import type { System } from '../types.ts';
import { buildTips, type TipsOptions } from './tips.ts';
import { buildFccBox } from './fcc.ts';

export { buildTips, layersForBase, halfOctahedronSites, TIPS_DEFAULTS, type TipsMeta, type TipsOptions } from './tips.ts';
export { buildFccBox, type FccBoxOptions } from './fcc.ts';

export type SystemSpec =
  | ({ builder: 'tips' } & TipsOptions)
  | { builder: 'fcc'; cells: [number, number, number]; lattice: number; rattle?: number; seed?: number }
  | { builder: 'file'; path: string };

export async function buildSystem(spec: SystemSpec, where = 'config.system'): Promise<System> {
  switch (spec.builder) {
    case 'tips': {
      const { builder: _b, ...opts } = spec;
      return buildTips(opts, where);
    }
    case 'fcc':
      return buildFccBox({ cells: spec.cells, lattice: spec.lattice, ...(spec.rattle !== undefined ? { rattle: spec.rattle } : {}), ...(spec.seed !== undefined ? { seed: spec.seed } : {}) }, where);
    case 'file': {
      const { readStructure } = await import('../../io/structure.ts');
      return readStructure(spec.path); // infers meta.tips for two-tip files
    }
  }
}
