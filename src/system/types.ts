/**
 * The atomic system: flat, typed arrays (structure of arrays) in input order.
 * Every module (builders, readers, potentials, engines, transport) speaks this type.
 * Units: positions Å, velocities Å/fs, masses g/mol, charges e, phi V.
 */

export type Vec3 = [number, number, number];

/** Orthorhombic box. For free ('f') directions lo/hi only bound the initial structure. */
export interface Box {
  lo: Vec3;
  hi: Vec3;
  /** true = periodic in that direction (LAMMPS 'p'), false = free ('f'/'s'). */
  periodic: [boolean, boolean, boolean];
}

/**
 * Geometry of two opposing tips along z (system.meta.tips): filled by the tips builder, or
 * inferred for two-tip structures read from files. Transport and filament analysis rely on it.
 * The lower tip points +z with its apex at lowerApex; the upper tip points −z.
 */
export interface TipsGeometry {
  axis: 'z';
  /** fcc lattice constant, Å */
  lattice: number;
  /** apex-to-apex distance, Å */
  gap: number;
  lowerApex: Vec3;
  upperApex: Vec3;
  /** [x, y] of both tips' axis, Å */
  baseCenter: [number, number];
  /** distance between consecutive (001) layers = a/2, Å */
  layerSpacing: number;
  /** layers per tip = atoms along one base edge */
  layersPerTip: number;
  atomsPerTip: number;
  /** z of the lower and upper tip's base layers, Å */
  lowerBaseZ: number;
  upperBaseZ: number;
}

export interface System {
  n: number;
  /** [3n] Å */
  positions: Float64Array;
  /** [n] LAMMPS-style type ids, 1-based. */
  types: Int32Array;
  /** [n] g/mol */
  masses: Float64Array;
  /** [n] 1 = atom is held fixed (never moves, excluded from thermostat DOF). */
  fixed: Uint8Array;
  /**
   * [n] EChemDID electrode membership: +1 = group_plus (Φ = +V/2), −1 = group_minus (Φ = −V/2),
   * 0 = free. For the paper's tips these are the fixed base atoms.
   */
  electrode: Int8Array;
  /** [n] which tip the atom was built in (0 = lower/plus tip, 1 = upper/minus tip), −1 unknown. */
  origin: Int8Array;
  box: Box;
  /** [3n] Å/fs, optional initial velocities. */
  velocities?: Float64Array;
  /** [n] e, optional charges. */
  charges?: Float64Array;
  /** [n] V, optional EChemDID potential. */
  phi?: Float64Array;
  /** Free-form provenance (builder parameters, source file). */
  meta?: Record<string, unknown>;
}

/** Allocates a system of n atoms with zeroed arrays (type 1, mass 0, nothing fixed). */
export function emptySystem(n: number, box: Box): System {
  return {
    n,
    positions: new Float64Array(3 * n),
    types: new Int32Array(n).fill(1),
    masses: new Float64Array(n),
    fixed: new Uint8Array(n),
    electrode: new Int8Array(n),
    origin: new Int8Array(n).fill(-1),
    box,
  };
}
