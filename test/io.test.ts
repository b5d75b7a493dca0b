/**
 * Structure readers and writers: the LAMMPS data files of test/fixtures against their JSON
 * goldens, exact round trips (LAMMPS data, extended XYZ, dump), and every bad-input case giving a
 * RewireError that names the file line or field.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RewireError } from '../src/core/errors.ts';
import { readLammpsData, writeLammpsData } from '../src/io/lammpsData.ts';
import { readExtXyz, writeExtXyzFrame, parseExtXyzInfo } from '../src/io/extxyz.ts';
import { readReferenceJson } from '../src/io/referenceJson.ts';
import { readStructure, structureFormat } from '../src/io/structure.ts';
import { readLammpsDump, writeLammpsDumpFrame } from '../src/io/lammpsDump.ts';
import { csvTable, parseCsv, thermoHeader, thermoRow, THERMO_COLUMNS } from '../src/io/csv.ts';
import { buildTips } from '../src/system/builders/tips.ts';
import { buildFccBox } from '../src/system/builders/fcc.ts';
import { Rng } from '../src/core/rng.ts';
import type { System } from '../src/system/types.ts';
import { loadEamGolden, referenceDir } from './helpers/reference.ts';

const REF = referenceDir();

function expectRewireError(fn: () => unknown, where: RegExp, problem?: RegExp): RewireError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RewireError);
    expect((e as RewireError).where).toMatch(where);
    if (problem) expect((e as RewireError).message).toMatch(problem);
    expect((e as RewireError).message).toContain('Fix:');
    return e as RewireError;
  }
  throw new Error('expected a RewireError');
}

async function expectRejects(p: Promise<unknown>, where: RegExp): Promise<void> {
  await expect(p).rejects.toBeInstanceOf(RewireError);
  await expect(p).rejects.toMatchObject({ where: expect.stringMatching(where) });
}

function expectSameSystem(a: System, b: System, exact = true, tol = 0): void {
  expect(b.n).toBe(a.n);
  const cmp = (x: ArrayLike<number>, y: ArrayLike<number>) => {
    expect(y.length).toBe(x.length);
    for (let k = 0; k < x.length; k++) {
      if (exact) expect(Object.is(x[k], y[k]) || x[k] === y[k]).toBe(true);
      else expect(Math.abs(x[k]! - y[k]!)).toBeLessThanOrEqual(tol);
    }
  };
  cmp(a.positions, b.positions);
  expect(Array.from(b.types)).toEqual(Array.from(a.types));
  expect(Array.from(b.fixed)).toEqual(Array.from(a.fixed));
  expect(b.box.periodic).toEqual(a.box.periodic);
}

describe('reference files', () => {
  it('tips42.data: header, types, boundary (free), and the fixed atoms equal eam_tips42.json exactly', async () => {
    const s = await readStructure(`${REF}/tips42.data`);
    const g = loadEamGolden('eam_tips42.json');
    expect(s.n).toBe(2652);
    expect(s.box.lo).toEqual(g.box.lo);
    expect(s.box.hi).toEqual(g.box.hi);
    expect(s.box.periodic).toEqual([false, false, false]);
    expect(Array.from(s.types)).toEqual(Array.from(g.types));
    let maxFixed = 0, maxMobile = 0, nFixed = 0;
    for (let i = 0; i < s.n; i++) {
      for (let d = 0; d < 3; d++) {
        const dd = Math.abs(s.positions[3 * i + d]! - g.positions[3 * i + d]!);
        if (s.fixed[i]) maxFixed = Math.max(maxFixed, dd);
        else maxMobile = Math.max(maxMobile, dd);
      }
      nFixed += s.fixed[i]!;
    }
    // fixed (type 2) atoms never move in the LAMMPS run; mobile ones moved for 300 fs at 800 K
    expect(maxFixed).toBeLessThan(1e-9);
    expect(maxMobile).toBeGreaterThan(0.1);
    expect(maxMobile).toBeLessThan(3);
    expect(nFixed).toBe(g.types.filter((t) => t === 2).length);
    // two fixed slabs → electrodes: lower +1, upper −1, same size
    let plus = 0, minus = 0;
    for (let i = 0; i < s.n; i++) {
      if (s.electrode[i] === 1) (plus++, expect(s.positions[3 * i + 2]).toBeLessThan(30));
      if (s.electrode[i] === -1) (minus++, expect(s.positions[3 * i + 2]).toBeGreaterThan(30));
    }
    expect(plus).toBe(nFixed / 2);
    expect(minus).toBe(nFixed / 2);
    expect(s.masses.every((m) => m === 107.8682)).toBe(true);
  });

  it('bulk6.data (ASE, no Masses): periodic box guessed, positions equal eam_bulk6.json to its 10 digits', async () => {
    const s = await readStructure(`${REF}/bulk6.data`);
    const g = loadEamGolden('eam_bulk6.json');
    expect(s.n).toBe(864);
    expect(s.box.periodic).toEqual([true, true, true]);
    expect(s.box.hi).toEqual(g.box.hi);
    for (let k = 0; k < 3 * s.n; k++) expect(Math.abs(s.positions[k]! - g.positions[k]!)).toBeLessThan(1e-8);
    expect(s.masses.every((m) => m === 107.8682)).toBe(true);
  });

  it('reference JSON: reaxff groups become electrodes, charges and phi are read, no box → free', async () => {
    const s = await readStructure(`${REF}/reaxff_tips42_2V.json`);
    const d = JSON.parse(readFileSync(`${REF}/reaxff_tips42_2V.json`, 'utf8')) as { group_plus: number[]; charges: number[]; phi: number[] };
    expect(s.n).toBe(2480);
    expect(s.box.periodic).toEqual([false, false, false]);
    for (const i of d.group_plus) expect(s.electrode[i]).toBe(1);
    expect(s.electrode.filter((e) => e === -1).length).toBe(225);
    expect(s.fixed.reduce((a, b) => a + b, 0)).toBe(450);
    expect(s.charges![7]).toBe(d.charges[7]);
    expect(s.phi![0]).toBe(d.phi[0]);
    // same electrodes, fixed flags and tip membership as the builder
    const b = buildTips({ base: 42, gap: 8.3, lattice: 4.22 });
    expect(Array.from(s.electrode)).toEqual(Array.from(b.electrode));
    expect(Array.from(s.origin)).toEqual(Array.from(b.origin));
    expect(Array.from(s.types)).toEqual(Array.from(b.types));
    const e = await readStructure(`${REF}/eam_tips42.json`);
    expect(e.box.periodic).toEqual([false, false, false]);
    expect(e.fixed.reduce((a, b) => a + b, 0)).toBe(e.types.filter((t) => t === 2).length);
  });

  it('dispatches by extension and names the file on errors', async () => {
    expect(structureFormat('a/b.lmp')).toBe('lammps-data');
    expect(structureFormat('x.EXTXYZ')).toBe('extxyz');
    expectRewireError(() => structureFormat('x.pdb'), /x\.pdb/, /unknown structure format/);
    await expectRejects(readStructure('/nonexistent/tips.data'), /nonexistent\/tips\.data/);
  });
});

describe('LAMMPS data', () => {
  it('round trip write → read is exact (atomic style, boundary kept in the title)', () => {
    const s = buildTips({ base: 12, lattice: 4.22, rattle: 0.1, seed: 3 });
    const r = readLammpsData(writeLammpsData(s), 'rt.data');
    expectSameSystem(s, r);
    expect(Array.from(r.electrode)).toEqual(Array.from(s.electrode));
    expect(Array.from(r.origin)).toEqual(Array.from(s.origin));
    expect(r.box).toEqual(s.box);
    expect(r.meta!.boundarySource).toBe('title');
  });

  it('round trip with charges (charge style) and velocities (Å/ps in the file, Å/fs in memory)', () => {
    const s = buildFccBox({ cells: [2, 2, 2], lattice: 4.09, rattle: 0.05, seed: 2 });
    const rng = new Rng(9);
    s.charges = Float64Array.from({ length: s.n }, () => rng.normal() * 0.1);
    s.velocities = Float64Array.from({ length: 3 * s.n }, () => rng.normal() * 0.005);
    const text = writeLammpsData(s);
    expect(text).toContain('Atoms # charge');
    const r = readLammpsData(text, 'q.data');
    expectSameSystem(s, r);
    expect(Array.from(r.charges!)).toEqual(Array.from(s.charges));
    for (let k = 0; k < 3 * s.n; k++) expect(r.velocities![k]).toBeCloseTo(s.velocities[k]!, 15);
    expect(r.box.periodic).toEqual([true, true, true]);
  });

  const good = ['title', '', '3 atoms', '2 atom types', '0 10 xlo xhi', '0 10 ylo yhi', '0 10 zlo zhi', '', 'Masses', '', '1 107.8682', '2 107.8682', '', 'Atoms # atomic', '', '1 1 1 1 1', '2 1 4 4 4', '3 2 7 7 7', ''];
  const edit = (f: (l: string[]) => void) => {
    const l = [...good];
    f(l);
    return l.join('\n');
  };

  it('reads atoms out of id order and returns them sorted by id', () => {
    const s = readLammpsData(edit((l) => ([l[15], l[17]] = [l[17]!, l[15]!])), 'o.data');
    expect(Array.from(s.positions.slice(0, 3))).toEqual([1, 1, 1]);
    expect(Array.from(s.types)).toEqual([1, 1, 2]);
  });

  it.each([
    ['atom count mismatch (header 4, 3 rows)', (l: string[]) => (l[2] = '4 atoms'), /bad\.data:18$/, /3 rows but the header \(line 3\) declares 4 atoms/],
    ['more rows than the header', (l: string[]) => (l[2] = '2 atoms'), /bad\.data:18$/, /3 rows/],
    ['malformed line', (l: string[]) => (l[16] = '2 1 4 4'), /bad\.data:17$/, /malformed Atoms row/],
    ['non-numeric column', (l: string[]) => (l[16] = '2 1 4 x 4'), /bad\.data:17$/, /not all columns are numbers/],
    ['unknown type', (l: string[]) => (l[17] = '3 5 7 7 7'), /bad\.data:18$/, /unknown atom type 5/],
    ['duplicate id', (l: string[]) => (l[17] = '2 2 7 7 7'), /bad\.data:1[78]$/, /duplicate atom id 2/],
    ['overlapping atoms (0.3 Å)', (l: string[]) => (l[17] = '3 2 1.3 1 1'), /bad\.data: line 16 \(atom id 1\) and line 18 \(atom id 3\)/, /0\.300 Å apart/],
    ['atom outside a periodic box', (l: string[]) => ((l[0] = 'x boundary p p p'), (l[17] = '3 2 7 7 11')), /bad\.data: line 18/, /outside the periodic box/],
    ['missing box', (l: string[]) => l.splice(5, 1), /bad\.data$/, /ylo yhi/],
    ['bad header line', (l: string[]) => (l[3] = '2 atom kinds'), /bad\.data:4$/, /unrecognised header/],
    ['mass missing for a type', (l: string[]) => ((l[11] = ''), l.splice(11, 1), (l[3] = '2 atom types')), /bad\.data:/, /Masses section has 1 rows/],
    ['unsupported style', (l: string[]) => (l[13] = 'Atoms # full'), /bad\.data:16$/, /atom style 'full'/],
    ['triclinic', (l: string[]) => l.splice(7, 0, '0 0 0 xy xz yz'), /bad\.data:8$/, /triclinic/],
    ['no Atoms section', (l: string[]) => l.splice(13), /bad\.data$/, /no Atoms section/],
  ])('%s → RewireError naming the line', (_name, f, where, problem) => {
    expectRewireError(() => readLammpsData(edit(f), 'bad.data'), where, problem);
  });
});

describe('extended XYZ', () => {
  function decorated(): System {
    const s = buildTips({ base: 9, lattice: 4.09, rattle: 0.02, seed: 5 });
    const rng = new Rng(4);
    s.velocities = Float64Array.from({ length: 3 * s.n }, () => rng.normal() * 0.004);
    s.charges = Float64Array.from({ length: s.n }, () => rng.normal() * 0.05);
    s.phi = Float64Array.from({ length: s.n }, () => rng.normal());
    return s;
  }
  const frameOf = (s: System, step: number) => ({ positions: s.positions, velocities: s.velocities!, charges: s.charges!, phi: s.phi!, fixed: s.fixed, origin: s.origin, electrode: s.electrode, step, time: step * 0.5, box: s.box });

  it('exact mode round trips every per-atom property bitwise, with Origin and pbc', () => {
    const s = decorated();
    const text = writeExtXyzFrame(frameOf(s, 40), { exact: true });
    const info = parseExtXyzInfo(text.split('\n')[1]!);
    expect(info.get('Properties')).toBe('species:S:1:pos:R:3:vel:R:3:q:R:1:phi:R:1:fixed:I:1:origin:I:1:electrode:I:1');
    expect(info.get('pbc')).toBe('F F F');
    expect(info.get('Time')).toBe('20');
    expect(info.get('Step')).toBe('40');
    const r = readExtXyz(text, 't.xyz');
    expectSameSystem(s, r);
    for (const key of ['velocities', 'charges', 'phi'] as const) expect(Array.from(r[key]!)).toEqual(Array.from(s[key]!));
    expect(Array.from(r.origin)).toEqual(Array.from(s.origin));
    expect(Array.from(r.electrode)).toEqual(Array.from(s.electrode));
    // Lattice = hi − lo and Origin = lo: hi comes back as lo + (hi − lo), exact to round-off
    expect(r.box.lo).toEqual(s.box.lo);
    for (let d = 0; d < 3; d++) expect(r.box.hi[d]).toBeCloseTo(s.box.hi[d]!, 12);
    expect(r.meta).toMatchObject({ step: 40, time: 20 });
  });

  it('default precision keeps positions to 1e-6 Å; multi-frame files read the chosen frame', () => {
    const s = decorated();
    const frames = [0, 1, 2].map((k) => {
      const p = s.positions.map((x, i) => (i % 3 === 2 ? x + 0.01 * k : x));
      return writeExtXyzFrame({ ...frameOf(s, k), positions: p });
    });
    const text = frames.join('');
    const last = readExtXyz(text, 'traj.xyz', { frame: -1 });
    expect(last.meta).toMatchObject({ frame: 2, frames: 3, step: 2 });
    for (let k = 0; k < 3 * s.n; k++) expect(Math.abs(last.positions[k]! - (s.positions[k]! + (k % 3 === 2 ? 0.02 : 0)))).toBeLessThan(6e-7);
    expect(readExtXyz(text, 'traj.xyz').meta).toMatchObject({ frame: 0 });
    expectRewireError(() => readExtXyz(text, 'traj.xyz', { frame: 5 }), /traj\.xyz/, /frame 5 does not exist/);
  });

  it('reads an ASE-style periodic file (Lattice, no Origin, Ag only)', () => {
    const s = buildFccBox({ cells: [1, 1, 2], lattice: 4.09 });
    const rows = Array.from({ length: s.n }, (_, i) => `Ag ${s.positions[3 * i]} ${s.positions[3 * i + 1]} ${s.positions[3 * i + 2]}`);
    const text = `${s.n}\nLattice="4.09 0.0 0.0 0.0 4.09 0.0 0.0 0.0 8.18" Properties=species:S:1:pos:R:3 energy=-1.5 pbc="T T T"\n${rows.join('\n')}\n`;
    const r = readExtXyz(text, 'ase.xyz');
    expect(r.box).toEqual({ lo: [0, 0, 0], hi: [4.09, 4.09, 8.18], periodic: [true, true, true] });
    expect(Array.from(r.positions)).toEqual(Array.from(s.positions));
    expect(r.masses[0]).toBe(107.8682);
  });

  const head = 'Lattice="10 0 0 0 10 0 0 0 10" pbc="T T T" Properties=species:S:1:pos:R:3';
  it.each([
    ['count larger than rows', `3\n${head}\nAg 1 1 1\nAg 4 4 4\n`, /bad\.xyz:1$/, /says 3 atoms but only 2/],
    ['row with missing column', `2\n${head}\nAg 1 1 1\nAg 4 4\n`, /bad\.xyz:4$/, /columns/],
    ['non-numeric position', `2\n${head}\nAg 1 1 1\nAg 4 a 4\n`, /bad\.xyz:4$/, /pos 'a'/],
    ['unknown species', `2\n${head}\nAg 1 1 1\nCu 4 4 4\n`, /bad\.xyz:4$/, /unknown species 'Cu'/],
    ['triclinic lattice', `1\nLattice="10 1 0 0 10 0 0 0 10" Properties=species:S:1:pos:R:3\nAg 1 1 1\n`, /bad\.xyz:2$/, /not orthorhombic/],
    ['atom outside the periodic box', `2\n${head}\nAg 1 1 1\nAg 4 4 12\n`, /bad\.xyz: line 4 \(atom 2\)/, /outside the periodic box/],
    ['overlap', `2\n${head}\nAg 1 1 1\nAg 1 1 1.2\n`, /bad\.xyz: line 3 \(atom 1\) and line 4 \(atom 2\)/, /0\.200 Å apart/],
    ['no count line', `Ag 1 1 1\n`, /bad\.xyz:1$/, /expected an atom count/],
  ])('%s → RewireError naming the line', (_n, text, where, problem) => {
    expectRewireError(() => readExtXyz(text, 'bad.xyz'), where, problem);
  });
});

describe('reference JSON errors', () => {
  const base = { natoms: 2, positions: [[0, 0, 0], [3, 0, 0]], box_lo: [-5, -5, -5], box_hi: [5, 5, 5], boundary: ['p', 'p', 'p'] };
  it.each([
    ['natoms mismatch', { ...base, natoms: 3 }, /bad\.json: natoms/],
    ['bad position entry', { ...base, positions: [[0, 0, 0], [1, 2]] }, /bad\.json: positions\[1\]/],
    ['group index out of range', { ...base, group_plus: [0, 2] }, /bad\.json: group_plus\[1\]/],
    ['atom in both groups', { ...base, group_plus: [0], group_minus: [0] }, /bad\.json: group_minus\[0\]/],
    ['charges of the wrong length', { ...base, charges: [0.1] }, /bad\.json: charges/],
    ['periodic without a box', { positions: base.positions, boundary: 'p p p' }, /bad\.json: box_lo/],
    ['outside the periodic box', { ...base, positions: [[0, 0, 0], [6, 0, 0]] }, /bad\.json: positions\[1\] \(atom 2\)/],
    ['bad boundary', { ...base, boundary: ['p', 'q', 'p'] }, /bad\.json: boundary/],
  ])('%s', (_n, d, where) => {
    expectRewireError(() => readReferenceJson(JSON.stringify(d), 'bad.json'), where);
  });
  it('invalid JSON names the file', () => {
    expectRewireError(() => readReferenceJson('{"positions": [', 'bad.json'), /^bad\.json$/, /not valid JSON/);
  });
});

describe('LAMMPS dump and CSV', () => {
  it('dump frames have the LAMMPS layout and read back (velocities in Å/ps in the file)', () => {
    const s = buildFccBox({ cells: [1, 1, 1], lattice: 4.09 });
    const v = Float64Array.from({ length: 12 }, (_, k) => 0.001 * (k - 6));
    const q = Float64Array.from({ length: 4 }, (_, k) => 0.1 * k);
    const text = writeLammpsDumpFrame({ step: 7, box: s.box, positions: s.positions, types: s.types, velocities: v, charges: q }) + writeLammpsDumpFrame({ step: 8, box: s.box, positions: s.positions });
    const lines = text.split('\n');
    expect(lines.slice(0, 5)).toEqual(['ITEM: TIMESTEP', '7', 'ITEM: NUMBER OF ATOMS', '4', 'ITEM: BOX BOUNDS pp pp pp']);
    expect(lines[8]).toBe('ITEM: ATOMS id type x y z vx vy vz q');
    expect(lines[9]!.split(' ')[5]).toBe('-6.0000000'); // 0.001·(0−6) Å/fs = −6 Å/ps
    const f = readLammpsDump(text, 'd.lammpstrj');
    expect(f.length).toBe(2);
    expect(f[1]!.step).toBe(8);
    for (let k = 0; k < 12; k++) {
      expect(f[0]!.positions[k]).toBeCloseTo(s.positions[k]!, 6);
      expect(f[0]!.velocities![k]).toBeCloseTo(v[k]!, 9);
    }
    expect(Array.from(f[0]!.charges!)).toEqual(Array.from(q).map((x) => Number(x.toPrecision(8))));
  });

  it('thermo rows carry the documented columns and parse back', () => {
    const t = { step: 100, time: 100, temperature: 799.123456, potential: -6934.123456789, kinetic: 250.5, total: -6683.623456789, conserved: -6683.6, extra: { qeqIter: 12, current: 1.234567891e-5 } };
    const text = thermoHeader(t) + thermoRow(t);
    const { header, rows } = parseCsv(text);
    expect(header).toEqual([...THERMO_COLUMNS, 'qeqIter', 'current']);
    expect(rows[0]).toEqual([100, 100, 799.1235, -6934.12345679, 250.5, -6683.62345679, -6683.6, 12, 0.000012345679]);
    const tbl = csvTable(['name', 'x'], [['a,b', 1 / 3], ['q"t', 2]]);
    expect(parseCsv(tbl).rows).toEqual([['a,b', 0.3333333333], ['q"t', 2]]);
  });
});

describe('readStructure on files', () => {
  it('reads what the writers wrote, by extension', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rewire-io-'));
    const s = buildTips({ base: 9, lattice: 4.09, rattle: 0.03, seed: 1 });
    writeFileSync(path.join(dir, 's.lmp'), writeLammpsData(s));
    writeFileSync(path.join(dir, 's.extxyz'), writeExtXyzFrame({ positions: s.positions, fixed: s.fixed, origin: s.origin, step: 0, time: 0, box: s.box }, { exact: true }));
    expectSameSystem(s, await readStructure(path.join(dir, 's.lmp')));
    expectSameSystem(s, await readStructure(path.join(dir, 's.extxyz')));
    expectSameSystem(s, await readStructure(`${path.join(dir, 's.extxyz')}@-1`));
  });
});
