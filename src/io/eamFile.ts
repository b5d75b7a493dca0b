/**
 * Readers for LAMMPS EAM potential files (the formats of PairEAM::read_file and
 * PairEAMAlloy::read_file):
 *
 * funcfl (`pair_style eam`, e.g. Ag_u3.eam), one element per file:
 *   line 1: comment
 *   line 2: Z  mass(g/mol)  a0(Å)  lattice
 *   line 3: Nrho  drho  Nr  dr(Å)  cutoff(Å)
 *   then Nrho values of F(ρ) (eV), Nr values of Z(r) (effective charge, √(Hartree·Bohr)),
 *   Nr values of ρ(r); values may wrap across lines freely.
 * setfl (`pair_style eam/alloy`):
 *   lines 1–3: comments
 *   line 4: Nelements  Element1 Element2 …
 *   line 5: Nrho  drho  Nr  dr  cutoff
 *   per element: a line "Z mass a0 lattice", then Nrho values of F(ρ), Nr values of ρ(r);
 *   then for i = 1..N, j = 1..i: Nr values of r·φ_ij(r) (eV·Å).
 *
 * Arrays are returned 1-BASED (index 0 unused) exactly as LAMMPS stores them, because
 * PairEAM::file2array() indexes them that way. Every error names the file and line.
 */
import { RewireError } from '../core/errors.ts';

export interface FuncflData {
  format: 'funcfl';
  source: string;
  comment: string;
  /** Atomic number. */
  z: number;
  mass: number;
  nrho: number;
  drho: number;
  nr: number;
  dr: number;
  /** Cutoff, Å. */
  cut: number;
  /** [nrho+1], 1-based: embedding energy F(ρ), eV. */
  frho: Float64Array;
  /** [nr+1], 1-based: effective charge Z(r). */
  zr: Float64Array;
  /** [nr+1], 1-based: electron density ρ(r). */
  rhor: Float64Array;
}

export interface SetflData {
  format: 'setfl';
  source: string;
  comment: string;
  elements: string[];
  masses: number[];
  nrho: number;
  drho: number;
  nr: number;
  dr: number;
  cut: number;
  /** Per element [nrho+1], 1-based. */
  frho: Float64Array[];
  /** Per element [nr+1], 1-based. */
  rhor: Float64Array[];
  /** z2r[i][j] for j ≤ i, [nr+1] 1-based: r·φ_ij(r), eV·Å. */
  z2r: Float64Array[][];
}

export type EamFileData = FuncflData | SetflData;

/** A whitespace token with its 1-based line number. */
interface Tok {
  text: string;
  line: number;
}

class Reader {
  private toks: Tok[] = [];
  private k = 0;
  constructor(
    readonly source: string,
    private readonly lines: string[],
    firstLine: number,
  ) {
    for (let l = firstLine; l < lines.length; l++) {
      for (const t of lines[l]!.trim().split(/\s+/)) if (t) this.toks.push({ text: t, line: l + 1 });
    }
  }
  /** Next number; `what` names the quantity for the error message. */
  num(what: string): number {
    const t = this.toks[this.k++];
    if (!t) {
      throw new RewireError(
        `${this.source}:${this.lines.length}`,
        `file ended while reading ${what}`,
        'the file is truncated or its Nrho/Nr header does not match the tables; re-download the potential',
      );
    }
    const v = Number(t.text.replace(/[dD]/, 'e'));
    if (!Number.isFinite(v)) {
      throw new RewireError(`${this.source}:${t.line}`, `'${t.text}' is not a number (reading ${what})`, 'fix or re-download the potential file');
    }
    return v;
  }
  /** Next token as text (element line fields). */
  word(what: string): Tok {
    const t = this.toks[this.k++];
    if (!t) throw new RewireError(`${this.source}:${this.lines.length}`, `file ended while reading ${what}`, 're-download the potential file');
    return t;
  }
  /** Fills out[1..count] (1-based). */
  array(count: number, what: string): Float64Array {
    const out = new Float64Array(count + 1);
    for (let m = 1; m <= count; m++) out[m] = this.num(`${what} value ${m} of ${count}`);
    return out;
  }
  /** Current line (for errors). */
  get line(): number {
    return this.toks[Math.min(this.k, this.toks.length - 1)]?.line ?? this.lines.length;
  }
}

function isNumber(s: string | undefined): boolean {
  return s !== undefined && s !== '' && Number.isFinite(Number(s.replace(/[dD]/, 'e')));
}

function tokens(line: string | undefined): string[] {
  return (line ?? '').trim().split(/\s+/).filter((t) => t);
}

function headerNumbers(source: string, lines: string[], index: number): [number, number, number, number, number] {
  const t = tokens(lines[index]);
  if (t.length < 5 || !t.slice(0, 5).every(isNumber)) {
    throw new RewireError(`${source}:${index + 1}`, `expected 'Nrho drho Nr dr cutoff', found '${(lines[index] ?? '').trim()}'`, 'fix the header line of the potential file');
  }
  const [nrho, drho, nr, dr, cut] = t.slice(0, 5).map((s) => Number(s.replace(/[dD]/, 'e'))) as [number, number, number, number, number];
  const bad = !Number.isInteger(nrho) || nrho < 5 || !Number.isInteger(nr) || nr < 5 || !(drho > 0) || !(dr > 0) || !(cut > 0);
  if (bad) {
    throw new RewireError(`${source}:${index + 1}`, `invalid table header (Nrho=${nrho}, drho=${drho}, Nr=${nr}, dr=${dr}, cutoff=${cut})`, 'Nrho and Nr must be integers ≥ 5, drho, dr and cutoff positive');
  }
  return [nrho, drho, nr, dr, cut];
}

/** Guesses the format from the content: setfl has "N El1 … ElN" on line 4. */
export function detectEamFormat(text: string, source: string): 'funcfl' | 'setfl' {
  const lines = text.split(/\r?\n/);
  const l4 = tokens(lines[3]);
  const nel = Number(l4[0]);
  if (l4.length >= 2 && Number.isInteger(nel) && nel >= 1 && l4.length === nel + 1 && l4.slice(1).every((s) => !isNumber(s)) && tokens(lines[4]).length >= 5) {
    return 'setfl';
  }
  const l2 = tokens(lines[1]);
  const l3 = tokens(lines[2]);
  if (l2.length >= 2 && isNumber(l2[0]) && isNumber(l2[1]) && l3.length >= 5 && l3.slice(0, 5).every(isNumber)) return 'funcfl';
  throw new RewireError(
    `${source}:1`,
    'unknown potential file format (neither LAMMPS funcfl nor setfl)',
    "give a LAMMPS 'pair_style eam' funcfl file (e.g. Ag_u3.eam) or an 'eam/alloy' setfl file",
  );
}

/** Parses a funcfl or setfl file (`format` detected from the content when omitted). */
export function parseEamFile(text: string, sourceName: string, format?: 'funcfl' | 'setfl'): EamFileData {
  const fmt = format ?? detectEamFormat(text, sourceName);
  const lines = text.split(/\r?\n/);
  return fmt === 'funcfl' ? parseFuncfl(lines, sourceName) : parseSetfl(lines, sourceName);
}

function parseFuncfl(lines: string[], source: string): FuncflData {
  const l2 = tokens(lines[1]);
  if (l2.length < 2 || !isNumber(l2[0]) || !isNumber(l2[1])) {
    throw new RewireError(`${source}:2`, `expected 'Z mass a0 lattice', found '${(lines[1] ?? '').trim()}'`, 'fix line 2 of the funcfl file');
  }
  const z = Number(l2[0]);
  const mass = Number(l2[1]);
  const [nrho, drho, nr, dr, cut] = headerNumbers(source, lines, 2);
  const r = new Reader(source, lines, 3);
  const frho = r.array(nrho, 'F(rho)');
  const zr = r.array(nr, 'Z(r)');
  const rhor = r.array(nr, 'rho(r)');
  return { format: 'funcfl', source, comment: (lines[0] ?? '').trim(), z, mass, nrho, drho, nr, dr, cut, frho, zr, rhor };
}

function parseSetfl(lines: string[], source: string): SetflData {
  const l4 = tokens(lines[3]);
  const nel = Number(l4[0]);
  const elements = l4.slice(1);
  const [nrho, drho, nr, dr, cut] = headerNumbers(source, lines, 4);
  const r = new Reader(source, lines, 5);
  const masses: number[] = [];
  const frho: Float64Array[] = [];
  const rhor: Float64Array[] = [];
  for (let i = 0; i < nel; i++) {
    const el = elements[i]!;
    r.num(`atomic number of ${el}`);
    masses.push(r.num(`mass of ${el}`));
    r.num(`lattice constant of ${el}`);
    const lat = r.word(`lattice type of ${el}`);
    if (isNumber(lat.text)) {
      throw new RewireError(`${source}:${lat.line}`, `expected the lattice type of ${el} (e.g. fcc), found the number '${lat.text}'`, "each element block starts with 'Z mass a0 lattice'");
    }
    frho.push(r.array(nrho, `F(rho) of ${el}`));
    rhor.push(r.array(nr, `rho(r) of ${el}`));
  }
  const z2r: Float64Array[][] = [];
  for (let i = 0; i < nel; i++) {
    z2r.push([]);
    for (let j = 0; j <= i; j++) z2r[i]!.push(r.array(nr, `r*phi(r) of ${elements[i]}-${elements[j]}`));
  }
  return { format: 'setfl', source, comment: lines.slice(0, 3).map((l) => l.trim()).join(' | '), elements, masses, nrho, drho, nr, dr, cut, frho, rhor, z2r };
}
