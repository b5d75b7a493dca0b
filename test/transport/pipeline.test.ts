// Snapshot format, filament analysis, conductance pipeline (inline and worker_threads), CLI.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTips } from '../../src/system/builders/tips.ts';
import { parseSnapshot, serializeSnapshot, snapshotFromSystem, type Snapshot } from '../../src/transport/snapshot.ts';
import { analyzeFilament, BRIDGE_BOND } from '../../src/analysis/filament.ts';
import { ConductancePipeline } from '../../src/transport/pipeline.ts';
import { spectrumProgress, transmissionCommand } from '../../src/transport/cli.ts';
import type { System } from '../../src/system/types.ts';
import { fixture } from '../helpers/reference.ts';
import { pyramidPair } from './targetGeometries.ts';

/** tips with a gap of `gap` Å and extra mobile atoms (origin 0) at the given positions */
function tipsWith(gap: number, extra: number[][]): { sys: System; snap: Snapshot } {
  const base = buildTips({ base: 12, gap, lattice: 4.22 });
  const n = base.n + extra.length;
  const sys: System = {
    ...base, n,
    positions: Float64Array.from([...base.positions, ...extra.flat()]),
    types: Int32Array.from([...base.types, ...extra.map(() => 1)]),
    masses: Float64Array.from([...base.masses, ...extra.map(() => 107.8682)]),
    fixed: Uint8Array.from([...base.fixed, ...extra.map(() => 0)]),
    electrode: Int8Array.from([...base.electrode, ...extra.map(() => 0)]),
    origin: Int8Array.from([...base.origin, ...extra.map(() => 0)]),
  };
  return { sys, snap: snapshotFromSystem(sys, sys.positions, { step: 100, timeFs: 50 }) };
}

describe('snapshot format', () => {
  it('round-trips positions, origin, fixed, charges, tips', () => {
    const { sys } = tipsWith(8.3, []);
    const q = new Float64Array(sys.n).map((_, i) => 0.01 * i);
    const s = snapshotFromSystem(sys, sys.positions, { step: 7, timeFs: 3.5, charges: q });
    const back = parseSnapshot(serializeSnapshot(s), 'x.json');
    expect(back.n).toBe(sys.n);
    expect(back.step).toBe(7);
    expect(Array.from(back.positions)).toEqual(Array.from(sys.positions, (x) => +x.toFixed(6)));
    expect(Array.from(back.origin)).toEqual(Array.from(sys.origin));
    expect(back.charges![5]).toBeCloseTo(0.05, 9);
    expect(back.tips!.upperApex[2]).toBeCloseTo(8.3, 9);
  });
  it('bad input names the field and the fix', () => {
    expect(() => parseSnapshot('{', 'a.json')).toThrow(/a.json: not valid JSON/);
    expect(() => parseSnapshot('{"format":"xyz"}', 'a.json')).toThrow(/a.json: format.*rewire-snapshot\/1/);
    const ok = JSON.parse(serializeSnapshot(tipsWith(8.3, []).snap)) as Record<string, unknown>;
    expect(() => parseSnapshot(JSON.stringify({ ...ok, positions: [1, 2] }), 'b.json')).toThrow(/b.json: positions: expected an array of \d+ numbers/);
    expect(() => parseSnapshot(JSON.stringify({ ...ok, origin: (ok['origin'] as number[]).map(() => 5) }), 'c.json')).toThrow(/c.json: origin\[0\]/);
  });
});

describe('rewire transmission progress', () => {
  it('a long spectrum: a line with the rate and ETA at most once per interval, and the last one; none for a short spectrum', () => {
    const out: string[] = [];
    let t = 0;
    const p = spectrumProgress((s) => out.push(s), 2000, () => t);
    p(0, 5000);
    t = 1000; p(1000, 5000);
    t = 2500; p(2000, 5000);
    t = 2600; p(2100, 5000);
    t = 5000; p(5000, 5000);
    expect(out).toEqual([
      'rewire transmission: 1000 / 5000 (E, k) points, 1000 /s, ETA 4 s\n',
      'rewire transmission: 5000 / 5000 (E, k) points, 1000 /s, done in 5.0 s\n',
    ]);
    const short: string[] = [];
    const q = spectrumProgress((s) => short.push(s), 2000, () => t);
    q(0, 500);
    t = 9000; q(500, 500);
    expect(short).toEqual([]);
  });
});

describe('filament analysis', () => {
  it('open gap: no gap atoms, not bridged', () => {
    const { sys } = tipsWith(8.3, []);
    expect(analyzeFilament(sys, sys.positions)).toEqual({ bridged: false, gapAtoms: 0, fromLower: 0, fromUpper: 0, crossSection: 0 });
  });
  it('a chain of atoms spaced below the bond cutoff bridges; one atom missing breaks it', () => {
    const gap = 8.3, nChain = 3, dz = gap / (nChain + 1); // 2.075 Å spacing < BRIDGE_BOND
    expect(dz).toBeLessThan(BRIDGE_BOND);
    const chain = Array.from({ length: nChain }, (_, i) => [0, 0, (i + 1) * dz]);
    const { sys } = tipsWith(gap, chain);
    const a = analyzeFilament(sys, sys.positions);
    expect(a).toMatchObject({ bridged: true, gapAtoms: 3, fromLower: 3, fromUpper: 0, crossSection: 1 });
    const broken = tipsWith(gap, [chain[0]!, chain[2]!]);
    expect(analyzeFilament(broken.sys, broken.sys.positions).bridged).toBe(false);
  });
});

describe('conductance pipeline', () => {
  const bridged = tipsWith(4.22, [[0, 0, 2.11]]).snap;
  /** apex–atom–apex bridge with MD bond lengths (d = a/√2 = 2.98 Å for a = 4.22 Å) */
  const physical = tipsWith(4.22 * Math.SQRT2, [[0, 0, 4.22 / Math.SQRT2]]).snap;
  const open = tipsWith(8.3, []).snap;
  it('inline (workers: 0): rows with T, channels, gap atoms, bridged; CSV', async () => {
    const p = new ConductancePipeline({ model: 's', mode: 'paper', kpoints: [3, 3], workers: 0 });
    p.submit(open);
    p.submit(physical);
    const rows = await p.drain();
    p.dispose();
    expect(rows.length).toBe(2);
    expect(rows[0]!.T).toBeLessThan(1e-3); // 8.3 Å vacuum gap: tunnelling only
    expect(rows[0]!.bridged).toBe(false);
    expect(rows[1]!.T).toBeGreaterThan(0.9);
    expect(rows[1]!).toMatchObject({ gapAtoms: 1, bridged: true, crossSection: 1, timeFs: 50, step: 100 });
    expect(ConductancePipeline.csvHeader()).toBe('time_fs,T_EF,channel_1,channel_2,channel_3,gap_atoms,cross_section,bridged,step,model');
    expect(ConductancePipeline.csvRow(rows[1]!).split(',').length).toBe(10);
    expect(ConductancePipeline.csvRow(rows[1]!).endsWith(',s')).toBe(true);
  });
  it('tips mode: transport.tipsLeads reaches the geometry (bulk by default, prism on request); a bad value is a named error', async () => {
    const rowsOf = async (tipsLeads?: 'bulk' | 'prism') => {
      const p = new ConductancePipeline({ model: 's', mode: 'tips', kpoints: [1, 1], workers: 0, ...(tipsLeads ? { tipsLeads } : {}) });
      p.submit(physical);
      const r = await p.drain();
      p.dispose();
      return r[0]!;
    };
    const [def, bulk, prism] = [await rowsOf(), await rowsOf('bulk'), await rowsOf('prism')];
    expect(def.T).toBe(bulk.T);
    expect(bulk.T).toBeGreaterThan(0.85);
    expect(Number.isFinite(prism.T)).toBe(true);
    expect(prism.T).not.toBe(bulk.T);
    expect(() => new ConductancePipeline({ model: 's', mode: 'tips', kpoints: [1, 1], tipsLeads: 'wall' as 'bulk' })).toThrow(/transport.tipsLeads.*Fix:/);
  });
  it('worker_threads give the same rows as inline', async () => {
    const p = new ConductancePipeline({ model: 's', mode: 'tips', kpoints: [1, 1], workers: 2 });
    p.submit(bridged);
    p.submit(open);
    const rows = await p.drain();
    p.dispose();
    const q = new ConductancePipeline({ model: 's', mode: 'tips', kpoints: [1, 1], workers: 0 });
    q.submit(bridged);
    q.submit(open);
    const ref = await q.drain();
    rows.forEach((r, i) => expect(Math.abs(r.T - ref[i]!.T)).toBeLessThan(1e-12));
    expect(rows[0]!.T).toBeGreaterThan(0.9);
  }, 60_000);
  it('rejects an unknown model', () => {
    expect(() => new ConductancePipeline({ model: 'x' as 's', mode: 'paper', kpoints: [3, 3] })).toThrow(/transport.model/);
  });
});

describe('rewire transmission CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rewire-tr-'));
  const file = join(dir, 'snap.json');
  writeFileSync(file, serializeSnapshot(tipsWith(4.22 * Math.SQRT2, [[0, 0, 4.22 / Math.SQRT2]]).snap));
  const run = async (args: string[]) => {
    let out = '', err = '';
    const rc = await transmissionCommand(args, { stdout: (s) => void (out += s), stderr: (s) => void (err += s) });
    return { rc, out, err };
  };
  it('tips and paper mode on a plain XYZ file from another generator (no groups, no fixed atoms): one atom between the apexes T in [0.85, 1] (tips: bulk-reservoir leads)', async () => {
    const snap = pyramidPair(4.09, 7, 0, { bridge: 1, bond: 2.85 });
    const xyz = join(dir, 'pyramids.xyz');
    const lines = [`${snap.n}`, 'two (001) Ag pyramids and one atom between the apexes (plain XYZ, Å)'];
    for (let i = 0; i < snap.n; i++) lines.push(`Ag ${snap.positions[3 * i]!.toFixed(6)} ${snap.positions[3 * i + 1]!.toFixed(6)} ${snap.positions[3 * i + 2]!.toFixed(6)}`);
    writeFileSync(xyz, lines.join('\n') + '\n');
    const r = await run([xyz, '--mode', 'tips', '--model', 's', '--json']);
    expect(r.rc, r.err).toBe(0);
    const j = JSON.parse(r.out) as { T: number[]; channels: number[][]; info: Record<string, unknown> };
    expect(j.info.tipsLeads).toBe('bulk');
    expect(j.info.reservoirLattice).toEqual(['001', '001']);
    expect(j.T[0]!).toBeGreaterThanOrEqual(0.85);
    expect(j.T[0]!).toBeLessThanOrEqual(1);
    expect(j.channels[0]![0]! / j.T[0]!).toBeGreaterThanOrEqual(0.95);
    // the lattice and layer spacing come from the atoms (a = √2 · nearest-neighbour distance, h = a/2)
    expect(j.info.scale as number).toBeCloseTo(4.086 / 4.09, 3);
    const p = await run([xyz, '--mode', 'paper', '--model', 's', '--kpoints', '3x3', '--json']);
    expect(p.rc, p.err).toBe(0);
    expect((JSON.parse(p.out) as { T: number[] }).T[0]!).toBeGreaterThanOrEqual(0.85);
  });
  it('--json with an energy range prints energies, T, channels', async () => {
    const r = await run([file, '--model', 's', '--mode', 'paper', '--energies', '-0.2:0.2:0.1', '--kpoints', '3x3', '--json']);
    expect(r.rc).toBe(0);
    const j = JSON.parse(r.out) as { energies: number[]; T: number[]; channels: number[][] };
    expect(j.energies).toEqual([-0.2, -0.1, 0, 0.1, 0.2]);
    expect(j.T.length).toBe(5);
    expect(j.channels[2]![0]!).toBeGreaterThan(0.9);
  });
  it('without --energies: T(E_F) alone; --help teaches; bad input is rc 1 with a fix', async () => {
    const r = await run([file, '--kpoints', '2x2', '--json']);
    expect((JSON.parse(r.out) as { energies: number[] }).energies).toEqual([0]);
    expect((await run(['--help'])).out).toMatch(/Models[\s\S]*\bs\b[\s\S]*spd-lcn[\s\S]*Validated[\s\S]*Limits[\s\S]*Examples:/);
    const bad = await run([file, '--model', 'gold']);
    expect(bad.rc).toBe(1);
    expect(bad.err).toMatch(/unknown tight-binding model "gold".*Fix:/);
    expect((await run([file, '--energies', '1:0:0.1'])).err).toMatch(/--energies.*Fix:/);
  });
  it('several files: one JSON line each, with its file, and each T the same as the file run alone; a missing file is a named error', async () => {
    const second = join(dir, 'snap2.json');
    writeFileSync(second, serializeSnapshot(tipsWith(4.22 * Math.SQRT2, [[0.3, 0, 4.22 / Math.SQRT2]]).snap));
    const args = ['--model', 's', '--mode', 'paper', '--energies', '-0.1,0', '--kpoints', '3x3', '--json'];
    const both = await run([file, second, ...args]);
    expect(both.rc, both.err).toBe(0);
    const lines = both.out.trim().split('\n').map((l) => JSON.parse(l) as { file: string; T: number[] });
    expect(lines.map((l) => l.file)).toEqual([file, second]);
    for (const l of lines) expect(l.T).toEqual((JSON.parse((await run([l.file, ...args])).out) as { T: number[] }).T);
    expect(lines[0]!.T[1]).not.toBe(lines[1]!.T[1]);
    const text = await run([file, second, '--model', 's', '--kpoints', '2x2']);
    expect(text.out.match(/^# file /gm)?.length).toBe(2);
    const missing = await run([file, join(dir, 'nope.json'), '--model', 's', '--kpoints', '2x2']);
    expect(missing.rc).toBe(1);
    expect(missing.err).toMatch(/nope\.json: cannot read the file.*Fix:/);
    expect((await run(['--model', 's'])).err).toMatch(/no input file.*Fix:/);
  });
  it('reads a structure file (the LAMMPS ReaxFF reference tips)', async () => {
    const r = await run([fixture('reaxff_tips42_2V.json'), '--mode', 'tips', '--json']);
    expect(r.rc).toBe(0);
    expect((JSON.parse(r.out) as { T: number[] }).T[0]).toBeLessThan(1e-3); // 8.3 Å vacuum gap: tunnelling only
  });
});
