/**
 * Spline tables exactly as LAMMPS builds them (pair_eam.cpp, PairEAM::file2array(),
 * PairEAM::array2spline(), PairEAM::interpolate(); PairEAMAlloy::file2array() for setfl), so the
 * float64 path reproduces LAMMPS to round-off.
 *
 * funcfl: each function is resampled onto the common grid with 4-point Lagrange interpolation
 * (1-based arrays; nr = int(rmax/dr + 0.5) with rmax = (Nr−1)·dr, so nr = Nr − 1), and the pair
 * term is r·φ(r) = 27.2·0.529·Z_i(r)·Z_j(r) (Hartree·Bohr → eV·Å, LAMMPS's constants).
 * setfl: tables are copied as they are.
 *
 * Each table gets 7 coefficients per knot m (1-based): value = ((c3·p + c4)·p + c5)·p + c6 and
 * derivative = (c0·p + c1)·p + c2 with c0 = 3c3/Δ, c1 = 2c4/Δ, c2 = c5/Δ, p ∈ [0,1] the fraction
 * within the knot interval.
 */
import type { EamFileData, FuncflData } from '../../io/eamFile.ts';

export interface EamTables {
  /** Interaction cutoff, Å (LAMMPS cutmax). */
  cutoff: number;
  /** cutoff², Å² (LAMMPS cutforcesq). */
  cutforcesq: number;
  nr: number;
  nrho: number;
  dr: number;
  drho: number;
  /** 1/dr, 1/drho */
  rdr: number;
  rdrho: number;
  /** (file Nrho − 1)·drho: above it F(ρ) is extrapolated linearly. */
  rhomax: number;
  /** Element names (funcfl: one, from the file name or 'Z=…'). */
  elements: string[];
  /** Masses per element, g/mol. */
  masses: number[];
  /** Per element, [(nrho+1)·7] spline of F(ρ), eV. */
  frho: Float64Array[];
  /** Per element, [(nr+1)·7] spline of ρ(r) (the density an atom of this element creates). */
  rhor: Float64Array[];
  /** Per element pair (index z2rIndex(i,j)), [(nr+1)·7] spline of r·φ(r), eV·Å. */
  z2r: Float64Array[];
}

/** Index of the (i, j) pair table (symmetric): irow = max, icol = min, n = irow(irow+1)/2 + icol. */
export function z2rIndex(i: number, j: number): number {
  const irow = Math.max(i, j);
  const icol = Math.min(i, j);
  return (irow * (irow + 1)) / 2 + icol;
}

/** LAMMPS 4-point Lagrange resampling of a 1-based file array f (spacing fdr, fn points) at x. */
function lagrange(f: Float64Array, fn: number, fdr: number, x: number): number {
  const sixth = 1.0 / 6.0;
  let p = x / fdr + 1.0;
  let k = Math.trunc(p);
  k = Math.min(k, fn - 2);
  k = Math.max(k, 2);
  p -= k;
  p = Math.min(p, 2.0);
  const cof1 = -sixth * p * (p - 1.0) * (p - 2.0);
  const cof2 = 0.5 * (p * p - 1.0) * (p - 2.0);
  const cof3 = -0.5 * p * (p + 1.0) * (p - 2.0);
  const cof4 = sixth * p * (p * p - 1.0);
  return cof1 * f[k - 1]! + cof2 * f[k]! + cof3 * f[k + 1]! + cof4 * f[k + 2]!;
}

/** PairEAM::interpolate(): 7 coefficients per knot for a 1-based array f[1..n] with spacing delta. */
export function interpolate(n: number, delta: number, f: Float64Array): Float64Array {
  const s = new Float64Array((n + 1) * 7);
  const S = (m: number, c: number) => s[m * 7 + c]!;
  const set = (m: number, c: number, v: number) => {
    s[m * 7 + c] = v;
  };
  for (let m = 1; m <= n; m++) set(m, 6, f[m]!);
  set(1, 5, S(2, 6) - S(1, 6));
  set(2, 5, 0.5 * (S(3, 6) - S(1, 6)));
  set(n - 1, 5, 0.5 * (S(n, 6) - S(n - 2, 6)));
  set(n, 5, S(n, 6) - S(n - 1, 6));
  for (let m = 3; m <= n - 2; m++) set(m, 5, (S(m - 2, 6) - S(m + 2, 6) + 8.0 * (S(m + 1, 6) - S(m - 1, 6))) / 12.0);
  for (let m = 1; m <= n - 1; m++) {
    set(m, 4, 3.0 * (S(m + 1, 6) - S(m, 6)) - 2.0 * S(m, 5) - S(m + 1, 5));
    set(m, 3, S(m, 5) + S(m + 1, 5) - 2.0 * (S(m + 1, 6) - S(m, 6)));
  }
  set(n, 4, 0.0);
  set(n, 3, 0.0);
  for (let m = 1; m <= n; m++) {
    set(m, 2, S(m, 5) / delta);
    set(m, 1, (2.0 * S(m, 4)) / delta);
    set(m, 0, (3.0 * S(m, 3)) / delta);
  }
  return s;
}

function funcflTables(file: FuncflData): EamTables {
  // PairEAM::file2array() for one funcfl file mapped to every atom type.
  const dr = file.dr;
  const drho = file.drho;
  const rmax = (file.nr - 1) * file.dr;
  const rhomax = (file.nrho - 1) * file.drho;
  const nr = Math.trunc(rmax / dr + 0.5);
  const nrho = Math.trunc(rhomax / drho + 0.5);
  const frho = new Float64Array(nrho + 1);
  for (let m = 1; m <= nrho; m++) frho[m] = lagrange(file.frho, file.nrho, file.drho, (m - 1) * drho);
  const rhor = new Float64Array(nr + 1);
  for (let m = 1; m <= nr; m++) rhor[m] = lagrange(file.rhor, file.nr, file.dr, (m - 1) * dr);
  const z2r = new Float64Array(nr + 1);
  for (let m = 1; m <= nr; m++) {
    const zri = lagrange(file.zr, file.nr, file.dr, (m - 1) * dr);
    z2r[m] = 27.2 * 0.529 * zri * zri;
  }
  const base = file.source.split(/[\\/]/).pop() ?? file.source;
  return {
    cutoff: file.cut,
    cutforcesq: file.cut * file.cut,
    nr,
    nrho,
    dr,
    drho,
    rdr: 1.0 / dr,
    rdrho: 1.0 / drho,
    rhomax,
    elements: [base.replace(/[._].*$/, '') || `Z=${file.z}`],
    masses: [file.mass],
    frho: [interpolate(nrho, drho, frho)],
    rhor: [interpolate(nr, dr, rhor)],
    z2r: [interpolate(nr, dr, z2r)],
  };
}

/** Builds the LAMMPS spline tables from a parsed funcfl or setfl file. */
export function buildEamTables(data: EamFileData): EamTables {
  if (data.format === 'funcfl') return funcflTables(data);
  // PairEAMAlloy::file2array(): grid and tables taken as they are.
  const { nr, nrho, dr, drho } = data;
  const z2r: Float64Array[] = [];
  for (let i = 0; i < data.elements.length; i++) for (let j = 0; j <= i; j++) z2r[z2rIndex(i, j)] = interpolate(nr, dr, data.z2r[i]![j]!);
  return {
    cutoff: data.cut,
    cutforcesq: data.cut * data.cut,
    nr,
    nrho,
    dr,
    drho,
    rdr: 1.0 / dr,
    rdrho: 1.0 / drho,
    rhomax: (nrho - 1) * drho,
    elements: [...data.elements],
    masses: [...data.masses],
    frho: data.frho.map((f) => interpolate(nrho, drho, f)),
    rhor: data.rhor.map((f) => interpolate(nr, dr, f)),
    z2r,
  };
}
