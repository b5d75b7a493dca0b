/**
 * The EAM potential on the CPU (float64), as a CpuPotential: density → embedding → force passes
 * (compute.ts) over the engine's full neighbour list. Energies eV, forces eV/Å.
 */
import type { Box } from '../../system/types.ts';
import type { CpuPotential, ForceResult, NeighborList } from '../types.ts';
import { RewireError } from '../../core/errors.ts';
import { parseEamFile } from '../../io/eamFile.ts';
import { buildEamTables, type EamTables } from './tables.ts';
import { EamPairs, eamDensity, eamEmbed, eamForce } from './compute.ts';

// Held in a variable so bundlers (Vite) do not rewrite `new URL(template, import.meta.url)` into a
// glob import; files are resolved against this module at run time (fs in Node, fetch in a page).
const MODULE_URL = import.meta.url;

/** Repository copy of Ag_u3.eam (Foiles, Baskes, Daw 1986; LAMMPS potentials/), the default potential. */
export const DEFAULT_EAM_FILE = 'data/potentials/Ag_u3.eam';

export interface EamTypeMap {
  /** [n] LAMMPS atom types (1-based); needed only for multi-element tables. */
  types?: Int32Array;
  /** typeToElement[t] = element index (0-based) of atom type t (index 0 unused); default: type t → element t−1. */
  typeToElement?: number[];
}

/** Element index per atom; all zero for single-element tables (every type maps to the one element). */
export function elementIndices(tables: EamTables, n: number, map: EamTypeMap = {}): Int32Array {
  const elem = new Int32Array(n);
  if (tables.elements.length === 1) return elem;
  if (!map.types) throw new RewireError('EAM potential', `the tables have ${tables.elements.length} elements but no atom types were given`, 'pass the system types');
  for (let i = 0; i < n; i++) {
    const t = map.types[i]!;
    const e = map.typeToElement ? map.typeToElement[t] : t - 1;
    if (e === undefined || e < 0 || e >= tables.elements.length) {
      throw new RewireError(`atom ${i + 1}`, `type ${t} maps to no element of ${tables.elements.join(' ')}`, 'give a type → element map covering every atom type');
    }
    elem[i] = e;
  }
  return elem;
}

export class EamPotential implements CpuPotential {
  readonly name = 'eam';
  readonly cutoff: number;
  private elem: Int32Array = new Int32Array(0);
  private rho = new Float64Array(0);
  private embed = new Float64Array(0);
  private fp = new Float64Array(0);
  private readonly pairs = new EamPairs();

  constructor(
    readonly tables: EamTables,
    private readonly typeMap: EamTypeMap = {},
  ) {
    this.cutoff = tables.cutoff;
  }

  private ensure(n: number): void {
    if (this.rho.length === n) return;
    this.elem = elementIndices(this.tables, n, this.typeMap);
    this.rho = new Float64Array(n);
    this.embed = new Float64Array(n);
    this.fp = new Float64Array(n);
  }

  compute(positions: Float64Array, box: Box, nl: NeighborList, forces: Float64Array, atomEnergies: Float64Array): ForceResult {
    const n = positions.length / 3;
    this.ensure(n);
    eamDensity(this.tables, positions, box, nl, this.elem, this.rho, this.pairs);
    eamEmbed(this.tables, this.rho, this.elem, this.embed, this.fp);
    const energy = eamForce(this.tables, this.pairs, this.elem, this.embed, this.fp, forces, atomEnergies);
    let embedding = 0;
    for (let i = 0; i < n; i++) embedding += this.embed[i]!;
    return { energy, terms: { embedding, pair: energy - embedding } };
  }

  /** Last computed densities ρ_i and F'(ρ_i) (for parity tests). */
  densities(): { rho: Float64Array; fp: Float64Array; embed: Float64Array } {
    return { rho: this.rho, fp: this.fp, embed: this.embed };
  }
}

function isNode(): boolean {
  return typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';
}

/** Tables from the text of a funcfl or setfl file (`sourceName` appears in errors). */
export function eamTablesFromText(text: string, sourceName: string): EamTables {
  return buildEamTables(parseEamFile(text, sourceName));
}

/**
 * Reads a potential file: `spec` is a path (Node) or URL (browser), funcfl or setfl (detected);
 * default DEFAULT_EAM_FILE (Ag_u3.eam shipped in the repository).
 */
export async function loadEamTables(spec?: string): Promise<EamTables> {
  const url = new URL(`../../../${DEFAULT_EAM_FILE}`, MODULE_URL);
  const name = spec ?? DEFAULT_EAM_FILE;
  let text: string;
  try {
    if (isNode()) {
      const fs = await import('node:fs/promises');
      text = await fs.readFile(spec ?? url, 'utf8');
    } else {
      const res = await fetch(spec ?? url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      text = await res.text();
    }
  } catch (e) {
    throw new RewireError(name, `cannot read the potential file (${(e as Error).message})`, 'give the path of a LAMMPS .eam (funcfl) or .eam.alloy (setfl) file');
  }
  return eamTablesFromText(text, name);
}

/** Loads an EAM potential (default Ag_u3.eam) ready for the CPU engine. */
export async function loadEamPotential(spec?: string, typeMap: EamTypeMap = {}): Promise<EamPotential> {
  return new EamPotential(await loadEamTables(spec), typeMap);
}
