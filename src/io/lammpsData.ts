/**
 * LAMMPS data files (read_data / write_data), units metal, orthorhombic boxes.
 *
 * Reader: header counts ("N atoms", "N atom types"), box ("lo hi xlo xhi" …), sections Masses,
 * Atoms (styles `atomic`: id type x y z [ix iy iz], and `charge`: id type q x y z [ix iy iz]; the
 * style comes from the "Atoms # style" hint or else from the column count) and Velocities
 * (id vx vy vz in Å/ps, converted to Å/fs; Å/fs as they are when the title notes "units real", as
 * `rewire export lammps` writes for ReaxFF). Atoms are returned in id order. Every problem names the
 * file line. Data files carry no boundary: it comes from `opts.periodic`, else from a
 * "boundary p p f" note in the title line (our writer puts one there), else it is guessed per axis
 * (periodic when the atoms fill the box to within 3.5 Å, i.e. about one fcc layer spacing).
 * Masses default to Ag (107.8682 g/mol) when the file has no Masses section (ASE writes none).
 * Type 2 marks fixed atoms (project convention); two fixed slabs along z become the electrodes.
 */
import { RewireError } from '../core/errors.ts';
import { AG_MASS } from '../core/units.ts';
import type { Box, System, Vec3 } from '../system/types.ts';
import { emptySystem } from '../system/types.ts';
import { validateSystem } from '../system/validate.ts';
import { fixedFromTypes, inferTipGroups } from '../system/select.ts';

/** LAMMPS metal velocity unit Å/ps → our Å/fs. */
const PS_PER_FS = 1e-3;

/** Gap (Å) between the atoms and both box faces below which an axis is taken to be periodic. */
const PERIODIC_GUESS_GAP = 3.5;

const SECTION_NAMES = new Set([
  'Atoms', 'Velocities', 'Masses', 'Ellipsoids', 'Lines', 'Triangles', 'Bodies', 'Bonds', 'Angles', 'Dihedrals', 'Impropers',
  'Pair Coeffs', 'PairIJ Coeffs', 'Bond Coeffs', 'Angle Coeffs', 'Dihedral Coeffs', 'Improper Coeffs',
]);

export interface LammpsReadOptions {
  /** Boundary per axis; overrides the title note and the guess. */
  periodic?: [boolean, boolean, boolean];
}

interface Line {
  /** 1-based line number */
  no: number;
  /** text with the comment removed, trimmed */
  text: string;
  /** the comment after '#', trimmed ('' if none) */
  comment: string;
}

export function readLammpsData(text: string, source: string, opts: LammpsReadOptions = {}): System {
  const raw = text.split(/\r?\n/);
  const lines: Line[] = raw.map((l, k) => {
    const h = l.indexOf('#');
    return { no: k + 1, text: (h >= 0 ? l.slice(0, h) : l).trim(), comment: h >= 0 ? l.slice(h + 1).trim() : '' };
  });
  const at = (ln: Line) => `${source}:${ln.no}`;
  const title = raw[0] ?? '';

  // ---- header ----
  let natoms = -1, ntypes = -1, atomsLine = 0;
  const lo: Vec3 = [NaN, NaN, NaN], hi: Vec3 = [NaN, NaN, NaN];
  let k = 1;
  for (; k < lines.length; k++) {
    const ln = lines[k]!;
    if (ln.text === '') continue;
    if (SECTION_NAMES.has(ln.text)) break;
    const w = ln.text.split(/\s+/);
    const num = (s: string, what: string) => {
      const v = Number(s);
      if (!Number.isFinite(v)) throw new RewireError(at(ln), `${what} '${s}' is not a number`, 'fix the header line');
      return v;
    };
    if (w.length === 2 && w[1] === 'atoms') {
      natoms = num(w[0]!, 'atom count');
      atomsLine = ln.no;
      if (!Number.isInteger(natoms) || natoms <= 0) throw new RewireError(at(ln), `atom count must be a positive integer (got ${w[0]})`, 'fix the "N atoms" line');
    } else if (w.length === 3 && w[1] === 'atom' && w[2] === 'types') {
      ntypes = num(w[0]!, 'type count');
      if (!Number.isInteger(ntypes) || ntypes <= 0) throw new RewireError(at(ln), `atom type count must be a positive integer (got ${w[0]})`, 'fix the "N atom types" line');
    } else if (w.length === 4 && /^[xyz]lo$/.test(w[2]!) && w[3] === `${w[2]![0]}hi`) {
      const d = 'xyz'.indexOf(w[2]![0]!);
      lo[d] = num(w[0]!, `${w[2]}`);
      hi[d] = num(w[1]!, `${w[3]}`);
    } else if (w.length === 6 && w[3] === 'xy') {
      throw new RewireError(at(ln), 'triclinic boxes (xy xz yz) are not supported', 'use an orthorhombic box');
    } else if (w.length >= 2 && /^\d+$/.test(w[0]!) && /^(bonds|angles|dihedrals|impropers|bond|angle|dihedral|improper|extra|ellipsoids|lines|triangles|bodies)$/.test(w[1]!)) {
      // molecular counts: irrelevant for atomic Ag; sections they announce are skipped below
    } else {
      throw new RewireError(at(ln), `unrecognised header line '${ln.text}'`, 'expected "N atoms", "N atom types", "lo hi xlo xhi" … or a section name (Masses, Atoms)');
    }
  }
  if (natoms < 0) throw new RewireError(source, 'the header has no "N atoms" line', 'add e.g. "2480 atoms" before the sections');
  if (ntypes < 0) throw new RewireError(source, 'the header has no "N atom types" line', 'add e.g. "2 atom types"');
  for (let d = 0; d < 3; d++) {
    if (!Number.isFinite(lo[d]!)) throw new RewireError(source, `the header has no "${'xyz'[d]}lo ${'xyz'[d]}hi" line`, `add e.g. "-40 40 ${'xyz'[d]}lo ${'xyz'[d]}hi"`);
  }

  // ---- sections ----
  const masses = new Float64Array(ntypes + 1).fill(NaN);
  let haveMasses = false;
  let atomRows: { ln: Line; w: string[] }[] | null = null;
  let style = '';
  let velRows: { ln: Line; w: string[] }[] | null = null;
  const sectionCount = (name: string): number | null => (name === 'Masses' ? ntypes : name === 'Atoms' || name === 'Velocities' ? natoms : null);
  while (k < lines.length) {
    const head = lines[k]!;
    if (head.text === '') {
      k++;
      continue;
    }
    if (!SECTION_NAMES.has(head.text)) throw new RewireError(at(head), `expected a section name, found '${head.text}'`, natoms > 0 ? `check the count in the header (line ${atomsLine}: ${natoms} atoms) against the rows` : 'fix the file');
    const name = head.text;
    k++;
    const rows: { ln: Line; w: string[] }[] = [];
    while (k < lines.length && lines[k]!.text === '') k++;
    while (k < lines.length && lines[k]!.text !== '' && !SECTION_NAMES.has(lines[k]!.text)) {
      rows.push({ ln: lines[k]!, w: lines[k]!.text.split(/\s+/) });
      k++;
    }
    const want = sectionCount(name);
    if (want !== null && rows.length !== want) {
      const what = name === 'Masses' ? `${ntypes} atom types` : `${natoms} atoms`;
      const where = rows.length > want ? at(rows[want]!.ln) : rows.length > 0 ? at(rows[rows.length - 1]!.ln) : at(head);
      throw new RewireError(where, `the ${name} section has ${rows.length} rows but the header (line ${name === 'Masses' ? '"atom types"' : atomsLine}) declares ${what}`, 'make the header count match the rows');
    }
    if (name === 'Masses') {
      haveMasses = true;
      for (const { ln, w } of rows) {
        const t = Number(w[0]), m = Number(w[1]);
        if (w.length < 2 || !Number.isInteger(t) || !Number.isFinite(m)) throw new RewireError(at(ln), `malformed Masses row '${ln.text}'`, 'write "type mass", e.g. "1 107.8682"');
        if (t < 1 || t > ntypes) throw new RewireError(at(ln), `type ${t} is outside 1..${ntypes} (header: ${ntypes} atom types)`, 'fix the type or the "atom types" count');
        if (!(m > 0)) throw new RewireError(at(ln), `mass of type ${t} must be > 0 g/mol (got ${m})`, 'e.g. 107.8682 for Ag');
        masses[t] = m;
      }
    } else if (name === 'Atoms') {
      atomRows = rows;
      style = head.comment.split(/\s+/)[0] ?? '';
    } else if (name === 'Velocities') {
      velRows = rows;
    }
  }
  if (!atomRows) throw new RewireError(source, 'the file has no Atoms section', 'add an "Atoms # atomic" section with one "id type x y z" row per atom');

  // ---- atoms ----
  const ncol = atomRows[0]!.w.length;
  if (style === '') style = ncol === 5 || ncol === 8 ? 'atomic' : ncol === 6 || ncol === 9 ? 'charge' : '';
  if (style !== 'atomic' && style !== 'charge') {
    throw new RewireError(at(atomRows[0]!.ln), `atom style '${style || `${ncol} columns`}' is not supported`, 'use atom_style atomic (id type x y z) or charge (id type q x y z)');
  }
  const cols = style === 'atomic' ? { type: 1, q: -1, x: 2 } : { type: 1, q: 2, x: 3 };
  const ncolOk = style === 'atomic' ? [5, 8] : [6, 9];
  const box: Box = { lo, hi, periodic: [false, false, false] };
  const sys = emptySystem(natoms, box);
  if (style === 'charge') sys.charges = new Float64Array(natoms);
  const parsed = atomRows.map(({ ln, w }) => {
    if (!ncolOk.includes(w.length)) throw new RewireError(at(ln), `malformed Atoms row '${ln.text}': ${w.length} columns`, `atom_style ${style} rows are "${style === 'atomic' ? 'id type x y z' : 'id type q x y z'}" (+ 3 optional image flags)`);
    const v = w.map(Number);
    if (v.some((x) => !Number.isFinite(x))) throw new RewireError(at(ln), `malformed Atoms row '${ln.text}': not all columns are numbers`, 'write numbers only');
    const id = v[0]!, type = v[cols.type]!;
    if (!Number.isInteger(id) || id < 1) throw new RewireError(at(ln), `atom id must be a positive integer (got ${w[0]})`, 'number atoms 1..N');
    if (!Number.isInteger(type) || type < 1 || type > ntypes) throw new RewireError(at(ln), `unknown atom type ${w[cols.type]} (header: ${ntypes} atom types)`, `use a type in 1..${ntypes} or raise the "atom types" count`);
    return { id, ln, v };
  });
  const order = parsed.map((_, i) => i).sort((a, b) => parsed[a]!.id - parsed[b]!.id);
  const lineOf: Line[] = new Array(natoms);
  const indexOfId = new Map<number, number>();
  for (let i = 0; i < natoms; i++) {
    const r = parsed[order[i]!]!;
    if (indexOfId.has(r.id)) throw new RewireError(at(r.ln), `duplicate atom id ${r.id} (also on line ${lineOf[indexOfId.get(r.id)!]!.no})`, 'give every atom a unique id');
    indexOfId.set(r.id, i);
    lineOf[i] = r.ln;
    sys.types[i] = r.v[cols.type]!;
    for (let d = 0; d < 3; d++) sys.positions[3 * i + d] = r.v[cols.x + d]!;
    if (sys.charges) sys.charges[i] = r.v[cols.q]!;
  }
  for (let i = 0; i < natoms; i++) {
    const t = sys.types[i]!;
    if (haveMasses && !Number.isFinite(masses[t]!)) throw new RewireError(at(lineOf[i]!), `type ${t} has no entry in the Masses section`, `add "${t} 107.8682" to Masses`);
    sys.masses[i] = haveMasses ? masses[t]! : AG_MASS;
  }
  if (velRows) {
    const velScale = /\bunits\s+real\b/.test(title) ? 1 : PS_PER_FS;
    sys.velocities = new Float64Array(3 * natoms);
    for (const { ln, w } of velRows) {
      const v = w.map(Number);
      if (w.length !== 4 || v.some((x) => !Number.isFinite(x))) throw new RewireError(at(ln), `malformed Velocities row '${ln.text}'`, 'write "id vx vy vz" in Å/ps');
      const i = indexOfId.get(v[0]!);
      if (i === undefined) throw new RewireError(at(ln), `velocity for unknown atom id ${w[0]}`, 'use the ids of the Atoms section');
      for (let d = 0; d < 3; d++) sys.velocities[3 * i + d] = v[1 + d]! * velScale;
    }
  }

  // ---- boundary, groups ----
  const note = /boundary\s+([pfsm]{1,2})\s+([pfsm]{1,2})\s+([pfsm]{1,2})/.exec(title);
  let boundarySource: 'option' | 'title' | 'guessed';
  if (opts.periodic) {
    box.periodic = [...opts.periodic];
    boundarySource = 'option';
  } else if (note) {
    box.periodic = [note[1] === 'p', note[2] === 'p', note[3] === 'p'];
    boundarySource = 'title';
  } else {
    box.periodic = guessPeriodic(sys.positions, natoms, box);
    boundarySource = 'guessed';
  }
  fixedFromTypes(sys);
  inferTipGroups(sys);
  sys.meta = { source, format: 'lammps-data', title: title.trim(), atomStyle: style, boundarySource };
  validateSystem(sys, source, (i) => `line ${lineOf[i]!.no} (atom id ${parsed[order[i]!]!.id})`);
  return sys;
}

function guessPeriodic(p: Float64Array, n: number, box: Box): [boolean, boolean, boolean] {
  const out: [boolean, boolean, boolean] = [false, false, false];
  for (let d = 0; d < 3; d++) {
    let a = Infinity, b = -Infinity;
    for (let i = 0; i < n; i++) {
      a = Math.min(a, p[3 * i + d]!);
      b = Math.max(b, p[3 * i + d]!);
    }
    out[d] = a - box.lo[d]! + (box.hi[d]! - b) < PERIODIC_GUESS_GAP && a >= box.lo[d]! - 1e-6 && b <= box.hi[d]! + 1e-6;
  }
  return out;
}

export interface LammpsWriteOptions {
  /** Title line (a "boundary x y z" note is appended so the reader restores the boundary). */
  title?: string;
  /** 'charge' writes q (from sys.charges, else 0). Default: 'charge' if the system has charges. */
  style?: 'atomic' | 'charge';
  /** Write a Velocities section (Å/ps) when the system has velocities. Default true. */
  velocities?: boolean;
  /** LAMMPS units of the file: 'metal' (default; velocities Å/ps) or 'real' (velocities Å/fs). */
  units?: 'metal' | 'real';
}

/** Writes a LAMMPS data file; numbers in shortest round-trip form, so read(write(s)) is exact. */
export function writeLammpsData(sys: System, opts: LammpsWriteOptions = {}): string {
  const style = opts.style ?? (sys.charges ? 'charge' : 'atomic');
  const bnd = sys.box.periodic.map((p) => (p ? 'p' : 'f')).join(' ');
  let ntypes = 1;
  for (let i = 0; i < sys.n; i++) ntypes = Math.max(ntypes, sys.types[i]!);
  const massOf = new Float64Array(ntypes + 1).fill(AG_MASS);
  for (let i = 0; i < sys.n; i++) massOf[sys.types[i]!] = sys.masses[i]!;
  const out: string[] = [];
  const units = opts.units ?? 'metal';
  const velScale = units === 'real' ? 1 : PS_PER_FS;
  out.push(`${(opts.title ?? 'rewire structure').replace(/[\r\n]/g, ' ')} (units ${units}, boundary ${bnd})`, '');
  out.push(`${sys.n} atoms`, `${ntypes} atom types`, '');
  for (let d = 0; d < 3; d++) out.push(`${sys.box.lo[d]} ${sys.box.hi[d]} ${'xyz'[d]}lo ${'xyz'[d]}hi`);
  out.push('', 'Masses', '');
  for (let t = 1; t <= ntypes; t++) out.push(`${t} ${massOf[t]}`);
  out.push('', `Atoms # ${style}`, '');
  const p = sys.positions;
  for (let i = 0; i < sys.n; i++) {
    const q = style === 'charge' ? ` ${sys.charges ? sys.charges[i]! : 0}` : '';
    out.push(`${i + 1} ${sys.types[i]}${q} ${p[3 * i]} ${p[3 * i + 1]} ${p[3 * i + 2]}`);
  }
  if (sys.velocities && opts.velocities !== false) {
    out.push('', 'Velocities', '');
    const v = sys.velocities;
    for (let i = 0; i < sys.n; i++) out.push(`${i + 1} ${v[3 * i]! / velScale} ${v[3 * i + 1]! / velScale} ${v[3 * i + 2]! / velScale}`);
  }
  return out.join('\n') + '\n';
}
