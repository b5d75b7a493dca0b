/**
 * Extended XYZ (the ASE / OVITO / QUIP convention). One frame:
 *   line 1: N
 *   line 2: key=value pairs, e.g.
 *     Lattice="Lx 0 0 0 Ly 0 0 0 Lz" Origin="xlo ylo zlo" pbc="F F F" Time=12.0 Step=12
 *     Properties=species:S:1:pos:R:3:vel:R:3:q:R:1:phi:R:1:fixed:I:1:origin:I:1
 *   N lines of columns in the Properties order.
 * Units: positions Å, vel Å/fs, q e, phi V, Time fs. For free boundaries Lattice is the box that
 * bounds the structure and pbc is "F F F". Origin (box lo; OVITO reads it, ASE ignores it) is written
 * when the box does not start at 0. Only orthorhombic Lattices are read.
 * The reader also accepts velo/velocities, charge/charges/initial_charges, type, mass/masses,
 * electrode and Z; species other than Ag need a mass column.
 */
import { RewireError } from '../core/errors.ts';
import { AG_MASS } from '../core/units.ts';
import type { Box, System, Vec3 } from '../system/types.ts';
import { emptySystem } from '../system/types.ts';
import { validateSystem } from '../system/validate.ts';
import { FIXED_TYPE, inferTipGroups } from '../system/select.ts';

/** Margin (Å) around the atoms when a frame has no Lattice. */
const FREE_BOX_MARGIN = 10;

const MASS_OF: Record<string, number> = { Ag: AG_MASS };

export interface ExtXyzFrame {
  positions: Float64Array;
  species?: string[] | string;
  velocities?: Float64Array;
  charges?: Float64Array;
  phi?: Float64Array;
  fixed?: Uint8Array;
  origin?: Int8Array;
  electrode?: Int8Array;
  step: number;
  /** fs */
  time: number;
  box: Box;
  /** Extra scalar key=value pairs for the comment line. */
  info?: Record<string, number | string>;
}

export interface ExtXyzWriteOptions {
  /** Digits after the decimal point for pos (Å); vel, q and phi get 3 more. Default 6. */
  decimals?: number;
  /** Shortest round-trip numbers instead of fixed decimals (exact, larger files). */
  exact?: boolean;
}

/** One frame as text (ends with a newline); append frames to make a trajectory. */
export function writeExtXyzFrame(f: ExtXyzFrame, opts: ExtXyzWriteOptions = {}): string {
  const n = f.positions.length / 3;
  const dec = opts.decimals ?? 6;
  const fx = opts.exact ? (x: number) => String(x) : (x: number) => x.toFixed(dec);
  const fv = opts.exact ? (x: number) => String(x) : (x: number) => x.toPrecision(dec + 3);
  const { lo, hi, periodic } = f.box;
  const L = [hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]];
  const props = ['species:S:1', 'pos:R:3'];
  if (f.velocities) props.push('vel:R:3');
  if (f.charges) props.push('q:R:1');
  if (f.phi) props.push('phi:R:1');
  if (f.fixed) props.push('fixed:I:1');
  if (f.origin) props.push('origin:I:1');
  if (f.electrode) props.push('electrode:I:1');
  const head = [
    `Lattice="${L[0]} 0 0 0 ${L[1]} 0 0 0 ${L[2]}"`,
    ...(lo.some((x) => x !== 0) ? [`Origin="${lo[0]} ${lo[1]} ${lo[2]}"`] : []),
    `pbc="${periodic.map((p) => (p ? 'T' : 'F')).join(' ')}"`,
    `Time=${f.time}`,
    `Step=${f.step}`,
    ...Object.entries(f.info ?? {}).map(([k, v]) => `${k}=${typeof v === 'number' ? v : JSON.stringify(v)}`),
    `Properties=${props.join(':')}`,
  ].join(' ');
  const rows: string[] = new Array(n + 2);
  rows[0] = String(n);
  rows[1] = head;
  const p = f.positions;
  for (let i = 0; i < n; i++) {
    const sp = typeof f.species === 'string' ? f.species : f.species?.[i] ?? 'Ag';
    let r = `${sp} ${fx(p[3 * i]!)} ${fx(p[3 * i + 1]!)} ${fx(p[3 * i + 2]!)}`;
    if (f.velocities) r += ` ${fv(f.velocities[3 * i]!)} ${fv(f.velocities[3 * i + 1]!)} ${fv(f.velocities[3 * i + 2]!)}`;
    if (f.charges) r += ` ${fv(f.charges[i]!)}`;
    if (f.phi) r += ` ${fv(f.phi[i]!)}`;
    if (f.fixed) r += ` ${f.fixed[i]}`;
    if (f.origin) r += ` ${f.origin[i]}`;
    if (f.electrode) r += ` ${f.electrode[i]}`;
    rows[i + 2] = r;
  }
  return rows.join('\n') + '\n';
}

/** Parses key=value pairs of a comment line (values may be "double quoted"). */
export function parseExtXyzInfo(line: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /\s*([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|\{([^}]*)\}|(\S+))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.set(m[1]!, m[2] ?? m[3] ?? m[4] ?? m[5] ?? '');
  return out;
}

interface Column {
  name: string;
  kind: 'S' | 'R' | 'I' | 'L';
  count: number;
  offset: number;
}

export interface ExtXyzReadOptions {
  /** Frame to read: 0 = first (default), −1 = last. */
  frame?: number;
}

/** Number of frames in a (multi-frame) extended XYZ text, with their first line numbers (0-based). */
export function indexExtXyzFrames(lines: string[], source: string): number[] {
  const starts: number[] = [];
  let k = 0;
  while (k < lines.length) {
    if (lines[k]!.trim() === '') {
      k++;
      continue;
    }
    const n = Number(lines[k]!.trim());
    if (!Number.isInteger(n) || n <= 0) throw new RewireError(`${source}:${k + 1}`, `expected an atom count, found '${lines[k]!.trim().slice(0, 40)}'`, 'each frame starts with the number of atoms, then a comment line, then one row per atom');
    starts.push(k);
    k += n + 2;
  }
  if (starts.length === 0) throw new RewireError(source, 'the file is empty', 'give an extended XYZ file');
  return starts;
}

export function readExtXyz(text: string, source: string, opts: ExtXyzReadOptions = {}): System {
  const lines = text.split(/\r?\n/);
  const starts = indexExtXyzFrames(lines, source);
  const fi = opts.frame === undefined ? 0 : opts.frame < 0 ? starts.length + opts.frame : opts.frame;
  if (fi < 0 || fi >= starts.length) throw new RewireError(source, `frame ${opts.frame} does not exist (${starts.length} frames)`, `choose a frame in 0..${starts.length - 1} or −1 for the last`);
  const k0 = starts[fi]!;
  const at = (k: number) => `${source}:${k + 1}`;
  const n = Number(lines[k0]!.trim());
  let have = 0;
  while (have < n && (lines[k0 + 2 + have] ?? '').trim() !== '') have++;
  if (have < n) throw new RewireError(at(k0), `the header says ${n} atoms but only ${have} atom rows follow`, 'make the count on this line match the rows');
  const info = parseExtXyzInfo(lines[k0 + 1] ?? '');

  // ---- columns ----
  const propText = info.get('Properties') ?? 'species:S:1:pos:R:3';
  const parts = propText.split(':');
  if (parts.length % 3 !== 0) throw new RewireError(at(k0 + 1), `malformed Properties '${propText}'`, 'use name:type:count triples, e.g. species:S:1:pos:R:3');
  const columns: Column[] = [];
  let width = 0;
  for (let c = 0; c < parts.length; c += 3) {
    const kind = parts[c + 1] as Column['kind'];
    const count = Number(parts[c + 2]);
    if (!['S', 'R', 'I', 'L'].includes(kind) || !Number.isInteger(count) || count < 1) throw new RewireError(at(k0 + 1), `malformed Properties entry '${parts.slice(c, c + 3).join(':')}'`, 'type is S, R, I or L and count ≥ 1');
    columns.push({ name: parts[c]!, kind, count, offset: width });
    width += count;
  }
  const col = (...names: string[]) => columns.find((c) => names.includes(c.name));
  const pos = col('pos', 'positions');
  if (!pos || pos.count !== 3) throw new RewireError(at(k0 + 1), 'Properties has no pos:R:3 column', 'add pos:R:3 to Properties');
  const species = col('species', 'element', 'symbols');
  const vel = col('vel', 'velo', 'velocities');
  const q = col('q', 'charge', 'charges', 'initial_charges');
  const phiC = col('phi');
  const fixedC = col('fixed');
  const originC = col('origin');
  const electrodeC = col('electrode');
  const typeC = col('type', 'types');
  const massC = col('mass', 'masses');

  // ---- box ----
  const lattice = info.get('Lattice');
  let box: Box;
  const pbcText = info.get('pbc');
  const pbc = pbcText ? pbcText.trim().split(/\s+/).map((s) => /^(T|True|true|1)$/.test(s)) : null;
  if (pbc && pbc.length !== 3) throw new RewireError(at(k0 + 1), `pbc must have three entries (got "${pbcText}")`, 'e.g. pbc="T T T"');
  const originText = info.get('Origin');
  const o = originText ? originText.trim().split(/\s+/).map(Number) : [0, 0, 0];
  if (o.length !== 3 || o.some((x) => !Number.isFinite(x))) throw new RewireError(at(k0 + 1), `Origin must be three numbers (got "${originText}")`, 'e.g. Origin="0 0 0"');
  if (lattice) {
    const v = lattice.trim().split(/\s+/).map(Number);
    if (v.length !== 9 || v.some((x) => !Number.isFinite(x))) throw new RewireError(at(k0 + 1), `Lattice must be nine numbers (got "${lattice}")`, 'e.g. Lattice="24.54 0 0 0 24.54 0 0 0 24.54"');
    if ([1, 2, 3, 5, 6, 7].some((k) => Math.abs(v[k]!) > 1e-9)) throw new RewireError(at(k0 + 1), 'Lattice is not orthorhombic (off-diagonal entries)', 'use an orthorhombic cell');
    box = { lo: [o[0]!, o[1]!, o[2]!], hi: [o[0]! + v[0]!, o[1]! + v[4]!, o[2]! + v[8]!], periodic: (pbc ?? [true, true, true]) as [boolean, boolean, boolean] };
  } else {
    if (pbc?.some((p) => p)) throw new RewireError(at(k0 + 1), 'pbc is periodic but there is no Lattice', 'add Lattice="Lx 0 0 0 Ly 0 0 0 Lz"');
    box = { lo: [0, 0, 0], hi: [1, 1, 1], periodic: [false, false, false] }; // replaced below
  }

  // ---- rows ----
  const sys = emptySystem(n, box);
  if (vel) sys.velocities = new Float64Array(3 * n);
  if (q) sys.charges = new Float64Array(n);
  if (phiC) sys.phi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = k0 + 2 + i;
    const w = (lines[k] ?? '').trim().split(/\s+/);
    if (w.length !== width || w[0] === '') throw new RewireError(at(k), `atom row has ${w[0] === '' ? 0 : w.length} columns but Properties declares ${width}`, `check the row, or the atom count on line ${k0 + 1}`);
    const num = (c: Column, m: number, what: string) => {
      const x = Number(w[c.offset + m]);
      if (!Number.isFinite(x) || (c.kind === 'I' && !Number.isInteger(x))) throw new RewireError(at(k), `${what} '${w[c.offset + m]}' is not ${c.kind === 'I' ? 'an integer' : 'a number'}`, 'fix the row');
      return x;
    };
    for (let d = 0; d < 3; d++) sys.positions[3 * i + d] = num(pos, d, 'pos');
    if (vel) for (let d = 0; d < 3; d++) sys.velocities![3 * i + d] = num(vel, d, 'vel');
    if (q) sys.charges![i] = num(q, 0, 'q');
    if (phiC) sys.phi![i] = num(phiC, 0, 'phi');
    if (fixedC) sys.fixed[i] = fixedC.kind === 'L' ? (/^(T|True|1)$/.test(w[fixedC.offset]!) ? 1 : 0) : num(fixedC, 0, 'fixed') ? 1 : 0;
    if (originC) sys.origin[i] = num(originC, 0, 'origin');
    if (electrodeC) sys.electrode[i] = Math.sign(num(electrodeC, 0, 'electrode'));
    sys.types[i] = typeC ? num(typeC, 0, 'type') : sys.fixed[i] ? FIXED_TYPE : 1;
    if (massC) sys.masses[i] = num(massC, 0, 'mass');
    else {
      const sp = species ? w[species.offset]! : 'Ag';
      const m = MASS_OF[sp];
      if (m === undefined) throw new RewireError(at(k), `unknown species '${sp}'`, 'rewire simulates Ag; use species Ag or add a mass:R:1 column');
      sys.masses[i] = m;
    }
    if (typeC && !fixedC) sys.fixed[i] = sys.types[i] === FIXED_TYPE ? 1 : 0;
  }
  if (!lattice) {
    const lo: Vec3 = [Infinity, Infinity, Infinity], hi: Vec3 = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < 3; d++) {
        lo[d] = Math.min(lo[d]!, sys.positions[3 * i + d]!);
        hi[d] = Math.max(hi[d]!, sys.positions[3 * i + d]!);
      }
    }
    sys.box = { lo: lo.map((x) => x - FREE_BOX_MARGIN) as Vec3, hi: hi.map((x) => x + FREE_BOX_MARGIN) as Vec3, periodic: [false, false, false] };
  }
  if (!electrodeC) inferTipGroups(sys);
  const time = Number(info.get('Time')), step = Number(info.get('Step'));
  sys.meta = { source, format: 'extxyz', frame: fi, frames: starts.length, ...(Number.isFinite(time) ? { time } : {}), ...(Number.isFinite(step) ? { step } : {}) };
  validateSystem(sys, source, (i) => `line ${k0 + 3 + i} (atom ${i + 1})`);
  return sys;
}
