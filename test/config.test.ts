/**
 * Run configuration: defaults are a valid short real run, the ready configs encode the paper's
 * protocol, and every kind of bad input is one RewireError naming the JSON path.
 */
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { RewireError } from '../src/core/errors.ts';
import { configSchema, configWarnings, defaultRunConfig, describeConfig, loadRunConfig, resolveRunConfig } from '../src/config/index.ts';
import { buildTips } from '../src/system/builders/tips.ts';
import { buildSystem } from '../src/system/builders/index.ts';
import { referenceDir } from './helpers/reference.ts';

const root = new URL('..', import.meta.url).pathname;
const now = new Date(2026, 0, 2, 3, 4, 5);

function expectConfigError(raw: unknown, where: string | RegExp, problem?: RegExp): RewireError {
  try {
    resolveRunConfig(raw, { now });
  } catch (e) {
    expect(e).toBeInstanceOf(RewireError);
    const err = e as RewireError;
    if (typeof where === 'string') expect(err.where).toBe(where);
    else expect(err.where).toMatch(where);
    if (problem) expect(err.message).toMatch(problem);
    expect(err.message).toMatch(/\. Fix: \S/);
    expect(err.message).not.toContain('\n');
    return err;
  }
  throw new Error(`expected a RewireError for ${JSON.stringify(raw)}`);
}

function leafPaths(v: unknown, prefix = ''): string[] {
  if (v && typeof v === 'object' && !Array.isArray(v)) return Object.entries(v).flatMap(([k, x]) => leafPaths(x, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}

describe('defaults', () => {
  it('are a schema-valid short EAM run of the paper tips that yields several conductance snapshots', () => {
    const c = loadRunConfig(undefined, { now });
    expect(new Ajv({ strict: false }).validate(configSchema, c)).toBe(true);
    expect(c.potential.kind).toBe('eam');
    expect(c.echemdid).toBeNull();
    expect(c.system).toMatchObject({ builder: 'tips', base: 42, gap: 8.3, lattice: 4.09, fixedLayers: 1 });
    expect(c.md.thermostat).toMatchObject({ kind: 'nvt', temperature: 800 });
    expect(c.md.dt).toBe(1);
    const snapshots = Math.floor(c.md.steps / c.output.snapshotEvery);
    expect(snapshots).toBeGreaterThanOrEqual(3);
    expect((c.md.steps + c.md.equilibrationSteps) * c.md.dt).toBeLessThanOrEqual(10_000); // a few ps
    expect(c.transport.enabled).toBe(true);
    expect(c.output.dir).toBe('runs/20260102-030405');
    expect(configWarnings(c)).toEqual([]);
    if (c.system.builder !== 'tips') throw new Error('unreachable');
    const sys = buildTips(c.system);
    expect(sys.n).toBe(2 * 1496); // m = 16 layers at a = 4.09 Å
  });

  it('configs/eam-tips-short.json is the default config', () => {
    expect(loadRunConfig(path.join(root, 'configs/eam-tips-short.json'), { now })).toEqual(loadRunConfig(undefined, { now }));
  });

  it('describeConfig lists every field of the defaults with its default', () => {
    const text = describeConfig();
    for (const p of leafPaths(defaultRunConfig())) expect(text).toMatch(new RegExp(`^  ${p.replace(/\./g, '\\.')}\\s`, 'm'));
    expect(text).toMatch(/md\.dt\s+number\s+= 1\s+time step, fs/);
    expect(text).toContain('echemdid.volt');
    expect(text).toContain('potential.qeq.tol');
  });
});

describe('paper configs', () => {
  for (const v of [2, 8]) {
    it(`configs/paper-${v}V.json: ReaxFF tips at a = 4.22 Å, ${v} V, 800 K, 1 fs, 50 ps + 3 ns, snapshots every 8.6 ps`, () => {
      const c = loadRunConfig(path.join(root, `configs/paper-${v}V.json`), { now });
      expect(c.potential).toMatchObject({ kind: 'reaxff', qeq: { tol: 1e-6, maxIter: 200 } });
      expect(c.system).toMatchObject({ builder: 'tips', base: 42, gap: 8.3, lattice: 4.22, fixedLayers: 1 });
      expect(c.echemdid).toMatchObject({ volt: v, k: 6, rc: 4, nelec: 10, norm: 'auto' });
      expect(c.md.thermostat).toMatchObject({ kind: 'nvt', temperature: 800 });
      expect(c.md.dt).toBe(1);
      expect(c.md.equilibrationSteps * c.md.dt).toBe(50_000); // fs = 50 ps
      expect(c.md.steps * c.md.dt).toBe(3_000_000); // fs = 3 ns
      expect(c.output.snapshotEvery * c.md.dt).toBe(8600); // fs = 8.6 ps
      expect(c.output.checkpointEvery).toBeGreaterThan(0);
      expect(Math.floor(c.md.steps / c.output.snapshotEvery)).toBe(348);
      expect(configWarnings(c)).toEqual([]);
    });
  }
});

describe('merging', () => {
  it('transport.depth: an integer number of layers, "max" or "all"; anything else is a named error', () => {
    const t = { enabled: true, model: 's', mode: 'tips', kpoints: [1, 1] };
    expect(resolveRunConfig({ transport: { ...t, depth: 'max' } }, { now }).transport.depth).toBe('max');
    expect(resolveRunConfig({ transport: { ...t, depth: 'all' } }, { now }).transport.depth).toBe('all');
    expect(resolveRunConfig({ transport: { ...t, depth: 3 } }, { now }).transport.depth).toBe(3);
    expect(resolveRunConfig({ transport: t }, { now }).transport.depth).toBeUndefined();
    expectConfigError({ transport: { ...t, depth: 0 } }, /transport\.depth/);
    expectConfigError({ transport: { ...t, depth: 'deep' } }, /transport\.depth/);
  });

  it('takes the lattice from the potential unless given, and completes echemdid from its defaults', () => {
    const r = resolveRunConfig({ potential: { kind: 'reaxff' }, echemdid: { volt: 8 } }, { now });
    expect(r.system).toMatchObject({ builder: 'tips', lattice: 4.22 });
    expect(r.echemdid).toEqual({ volt: 8, k: 6, rc: 4, nelec: 10, norm: 'auto' });
    expect(r.potential).toEqual({ kind: 'reaxff', qeq: { tol: 1e-6, maxIter: 200 } });
    expect(resolveRunConfig({ potential: { kind: 'reaxff' }, system: { lattice: 4.1 } }, { now }).system).toMatchObject({ lattice: 4.1 });
    const f = resolveRunConfig({ system: { builder: 'fcc', cells: [3, 3, 3] } }, { now });
    expect(f.system).toEqual({ builder: 'fcc', cells: [3, 3, 3], lattice: 4.09, rattle: 0, seed: 1 });
    expect(resolveRunConfig({ md: { thermostat: { temperature: 300 } } }, { now }).md.thermostat).toEqual({ kind: 'nvt', temperature: 300, tdamp: 100, chain: 3 });
  });

  it('resolves structure paths relative to the config file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rewire-cfg-'));
    copyFileSync(`${referenceDir()}/bulk6.data`, path.join(dir, 'bulk6.data'));
    writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ system: { builder: 'file', path: 'bulk6.data' }, output: { dir: 'out' } }));
    const c = loadRunConfig(path.join(dir, 'run.json'), { now });
    expect(c.system).toEqual({ builder: 'file', path: path.join(dir, 'bulk6.data') });
  });

  it('config.system feeds buildSystem directly for every builder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rewire-cfg-'));
    copyFileSync(`${referenceDir()}/bulk6.data`, path.join(dir, 'bulk6.data'));
    const fcc = resolveRunConfig({ system: { builder: 'fcc', cells: [2, 1, 1] } }, { now });
    expect((await buildSystem(fcc.system)).n).toBe(8);
    const file = resolveRunConfig({ system: { builder: 'file', path: 'bulk6.data' } }, { now, baseDir: dir });
    expect((await buildSystem(file.system)).n).toBe(864);
    const tips = resolveRunConfig({ potential: { kind: 'reaxff' }, system: { base: 12 } }, { now });
    const sys = await buildSystem(tips.system);
    expect((sys.meta!.tips as { lattice: number }).lattice).toBe(4.22);
  });
});

describe('bad configs', () => {
  it.each([
    ['negative time step', { md: { dt: -1 } }, 'config.md.dt', /must be > 0 \(got -1\)/],
    ['gap 0', { system: { gap: 0 } }, 'config.system.gap', /must be > 0 \(got 0\)/],
    ['negative gap', { system: { builder: 'tips', gap: -8.3 } }, 'config.system.gap', /> 0/],
    ['gap too small', { system: { gap: 0.2 } }, 'config.system.gap', /closer than 0\.5/],
    ['misspelt field', { md: { stpes: 10 } }, 'config.md.stpes', /unknown field 'stpes'.*did you mean 'steps'/],
    ['unknown top-level section', { thermostat: {} }, 'config.thermostat', /unknown field/],
    ['voltage without QEq', { echemdid: { volt: 2 } }, 'config.echemdid', /EAM has no charge equilibration \(QEq\)/],
    ['bad norm', { potential: { kind: 'reaxff' }, echemdid: { norm: 'x' } }, 'config.echemdid.norm', /'auto' or a number > 0/],
    ['unknown potential', { potential: { kind: 'lj' } }, 'config.potential.kind', /one of "eam", "reaxff"/],
    ['field of the other variant', { system: { builder: 'fcc', base: 42 } }, 'config.system.base', /unknown field/],
    ['fcc cells of wrong length', { system: { builder: 'fcc', cells: [2, 2] } }, 'config.system.cells', /exactly 3 entries/],
    ['k-points < 1', { transport: { kpoints: [0, 3] } }, 'config.transport.kpoints[0]', /≥ 1 \(got 0\)/],
    ['non-integer steps', { md: { steps: 10.5 } }, 'config.md.steps', /must be an integer/],
    ['string instead of number', { md: { thermostat: { temperature: '800' } } }, 'config.md.thermostat.temperature', /must be a number \(got "800"\)/],
    ['unknown backend', { backend: 'cuda' }, 'config.backend', /"auto", "cpu", "webgpu"/],
    ['too many fixed layers', { system: { base: 10, fixedLayers: 4 } }, 'config.system.fixedLayers', /< 4/],
    ['base too small', { system: { base: 1 } }, 'config.system.base', /too small/],
    ['file builder without path', { system: { builder: 'file' } }, 'config.system.path', /must not be empty/],
    ['missing structure file', { system: { builder: 'file', path: '/nonexistent/x.data' } }, 'config.system.path', /file not found/],
    ['missing potential file', { potential: { kind: 'eam', file: '/nonexistent/Ag.eam' } }, 'config.potential.file', /file not found/],
    ['qeq tolerance 0', { potential: { kind: 'reaxff', qeq: { tol: 0 } } }, 'config.potential.qeq.tol', /> 0/],
    ['not an object', [1, 2], 'config', /must be a JSON object/],
    ['negative cadence', { output: { snapshotEvery: -5 } }, 'config.output.snapshotEvery', /≥ 0/],
  ])('%s → %s', (_name, raw, where, problem) => {
    expectConfigError(raw, where, problem);
  });

  it('names the file and line:column of a JSON syntax error, and a missing config file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rewire-cfg-'));
    const f = path.join(dir, 'broken.json');
    writeFileSync(f, '{\n  "md": {\n    "dt": 1,\n  }\n}\n');
    expect(() => loadRunConfig(f)).toThrow(RewireError);
    try {
      loadRunConfig(f);
    } catch (e) {
      expect((e as RewireError).where).toMatch(new RegExp(`broken\\.json:4:\\d+$`));
    }
    expect(() => loadRunConfig(path.join(dir, 'none.json'))).toThrow(/none\.json: config file not found/);
    writeFileSync(f, JSON.stringify({ md: { dt: 0 } }));
    expect(() => loadRunConfig(f)).toThrow(/^config\.md\.dt \(.*broken\.json\): must be > 0/);
  });

  it('warns (without failing) when a run would give no conductance points', () => {
    const c = resolveRunConfig({ md: { steps: 500 }, output: { snapshotEvery: 1000 } }, { now });
    expect(configWarnings(c).join('\n')).toMatch(/snapshotEvery \(1000\) gives no snapshot in 500 production steps/);
  });
});
