/**
 * Units and constants. The engine works in "metal-fs" units:
 *   length Å, energy eV, time fs, mass g/mol (amu), charge e, potential V, temperature K.
 * ReaxFF is parametrised in LAMMPS `real` units (kcal/mol); conversions live here only.
 */

/** Boltzmann constant, eV/K (CODATA 2018, as LAMMPS metal units). */
export const KB_EV = 8.617343e-5;

/** Acceleration conversion: a[Å/fs²] = F[eV/Å] / m[amu] * FTM2V. (eV/(Å·amu) → Å/fs²) */
export const FTM2V = 1 / 1.0364269e2; // = 9.6485e-3; LAMMPS metal ftm2v = 1/1.0364269e-4 in Å/ps²

/** Kinetic energy conversion: KE[eV] = ½ m[amu] v²[Å²/fs²] * MVV2E. */
export const MVV2E = 1.0364269e2;

/** 1 eV in kcal/mol (LAMMPS `real` ↔ `metal` conversion factor). */
export const EV_TO_KCAL = 23.060549;

/** LAMMPS real units: Boltzmann constant in kcal/mol/K. */
export const KB_KCAL = 0.0019872067;

/** Ag mass (g/mol). */
export const AG_MASS = 107.8682;

/** Conductance quantum G0 = 2e²/h in siemens, and its inverse in ohms. */
export const G0_SIEMENS = 7.748091729e-5;
export const G0_OHM = 1 / G0_SIEMENS;

/** Rydberg in eV, Bohr in Å. */
export const RYDBERG_EV = 13.605693122994;
export const BOHR_A = 0.529177210903;
