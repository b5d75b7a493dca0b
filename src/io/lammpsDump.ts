/**
 * LAMMPS text dump frames (`dump custom`), readable by OVITO, VMD and LAMMPS' own tools:
 *   ITEM: TIMESTEP / ITEM: NUMBER OF ATOMS / ITEM: BOX BOUNDS pp pp ff / ITEM: ATOMS id type x y z vx vy vz q [phi]
 * Units metal: positions Å, velocities Å/ps (we hold Å/fs and multiply by 1000), q e, phi V.
 * Ids are 1-based in input order. The reader also takes the optional `ITEM: UNITS` and `ITEM: TIME`
 * items of `dump_modify … units yes time yes` (units real: velocities Å/fs, time fs; metal: ps).
 */
import { RewireError } from '../core/errors.ts';
import type { Box } from '../system/types.ts';

/** Å/fs → Å/ps */
const FS_PER_PS = 1000;

export interface DumpFrame {
  step: number;
  box: Box;
  positions: Float64Array;
  /** [n] type ids (default 1) */
  types?: Int32Array;
  /** [3n] Å/fs */
  velocities?: Float64Array;
  charges?: Float64Array;
  phi?: Float64Array;
  /** Simulation time of the frame, fs (from ITEM: TIME, when the dump has it). */
  timeFs?: number;
  /** LAMMPS units style (from ITEM: UNITS, when the dump has it). */
  units?: string;
}

export function writeLammpsDumpFrame(f: DumpFrame, decimals = 6): string {
  const n = f.positions.length / 3;
  const cols = ['id', 'type', 'x', 'y', 'z'];
  if (f.velocities) cols.push('vx', 'vy', 'vz');
  if (f.charges) cols.push('q');
  if (f.phi) cols.push('phi');
  const bb = f.box.periodic.map((p) => (p ? 'pp' : 'ff')).join(' ');
  const out: string[] = ['ITEM: TIMESTEP', String(f.step), 'ITEM: NUMBER OF ATOMS', String(n), `ITEM: BOX BOUNDS ${bb}`];
  for (let d = 0; d < 3; d++) out.push(`${f.box.lo[d]} ${f.box.hi[d]}`);
  out.push(`ITEM: ATOMS ${cols.join(' ')}`);
  const p = f.positions;
  for (let i = 0; i < n; i++) {
    let r = `${i + 1} ${f.types ? f.types[i] : 1} ${p[3 * i]!.toFixed(decimals)} ${p[3 * i + 1]!.toFixed(decimals)} ${p[3 * i + 2]!.toFixed(decimals)}`;
    if (f.velocities) for (let d = 0; d < 3; d++) r += ` ${(f.velocities[3 * i + d]! * FS_PER_PS).toPrecision(decimals + 2)}`;
    if (f.charges) r += ` ${f.charges[i]!.toPrecision(decimals + 2)}`;
    if (f.phi) r += ` ${f.phi[i]!.toPrecision(decimals + 2)}`;
    out.push(r);
  }
  return out.join('\n') + '\n';
}

/** Reads all frames of a dump written by LAMMPS or by writeLammpsDumpFrame (atoms sorted by id). */
export function readLammpsDump(text: string, source: string): DumpFrame[] {
  const lines = text.split(/\r?\n/);
  const frames: DumpFrame[] = [];
  let k = 0;
  const expect = (prefix: string) => {
    if (!(lines[k] ?? '').startsWith(prefix)) throw new RewireError(`${source}:${k + 1}`, `expected '${prefix}', found '${(lines[k] ?? '').slice(0, 40)}'`, 'give a LAMMPS text dump (dump custom)');
    return lines[k++]!;
  };
  let units: string | undefined;
  while (k < lines.length && lines[k]!.trim() !== '') {
    if ((lines[k] ?? '').startsWith('ITEM: UNITS')) {
      units = (lines[k + 1] ?? '').trim();
      k += 2;
    }
    let time: number | undefined;
    if ((lines[k] ?? '').startsWith('ITEM: TIME') && !(lines[k] ?? '').startsWith('ITEM: TIMESTEP')) {
      time = Number(lines[k + 1]);
      if (!Number.isFinite(time)) throw new RewireError(`${source}:${k + 2}`, `time '${lines[k + 1]}' is not a number`, 'fix the dump');
      k += 2;
    }
    expect('ITEM: TIMESTEP');
    const step = Number(lines[k++]);
    expect('ITEM: NUMBER OF ATOMS');
    const n = Number(lines[k++]);
    if (!Number.isInteger(n) || n <= 0) throw new RewireError(`${source}:${k}`, `atom count '${lines[k - 1]}' is not a positive integer`, 'fix the dump');
    const bb = expect('ITEM: BOX BOUNDS').split(/\s+/).slice(3);
    const lo = [0, 0, 0] as [number, number, number], hi = [0, 0, 0] as [number, number, number];
    for (let d = 0; d < 3; d++) {
      const w = lines[k++]!.trim().split(/\s+/).map(Number);
      lo[d] = w[0]!;
      hi[d] = w[1]!;
    }
    const cols = expect('ITEM: ATOMS').split(/\s+/).slice(2);
    const c = (name: string) => cols.indexOf(name);
    const [ci, ct, cx, cvx, cq, cphi] = [c('id'), c('type'), c('x'), c('vx'), c('q'), c('phi')];
    if (ci < 0 || cx < 0) throw new RewireError(`${source}:${k}`, 'ATOMS needs id and x y z columns', 'dump custom … id type x y z');
    const f: DumpFrame = { step, box: { lo, hi, periodic: bb.map((b) => b.startsWith('p')) as [boolean, boolean, boolean] }, positions: new Float64Array(3 * n), types: new Int32Array(n) };
    // velocities: metal Å/ps → Å/fs; real is Å/fs already. Time: real fs, metal ps → fs.
    const velPerFs = units === 'real' ? 1 : FS_PER_PS;
    if (units) f.units = units;
    if (time !== undefined) f.timeFs = units === 'metal' ? time * FS_PER_PS : time;
    if (cvx >= 0) f.velocities = new Float64Array(3 * n);
    if (cq >= 0) f.charges = new Float64Array(n);
    if (cphi >= 0) f.phi = new Float64Array(n);
    for (let r = 0; r < n; r++, k++) {
      const w = (lines[k] ?? '').trim().split(/\s+/).map(Number);
      if (w.length !== cols.length || w.some((x) => !Number.isFinite(x))) throw new RewireError(`${source}:${k + 1}`, `malformed atom row (expected ${cols.length} numbers)`, `check the row and the NUMBER OF ATOMS (${n})`);
      const i = w[ci]! - 1;
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new RewireError(`${source}:${k + 1}`, `atom id ${w[ci]} is outside 1..${n}`, 'ids must be 1..N');
      for (let d = 0; d < 3; d++) f.positions[3 * i + d] = w[cx + d]!;
      f.types![i] = ct >= 0 ? w[ct]! : 1;
      if (f.velocities) for (let d = 0; d < 3; d++) f.velocities[3 * i + d] = w[cvx + d]! / velPerFs;
      if (f.charges) f.charges[i] = w[cq]!;
      if (f.phi) f.phi[i] = w[cphi]!;
    }
    frames.push(f);
  }
  return frames;
}
