/**
 * `rewire run` end to end on the CPU backend: outputs exist and are readable by our own readers,
 * the conductance trace has one row per snapshot, a resumed run reproduces an uninterrupted one,
 * and bad input exits non-zero with a one-line error naming the field.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/runner/cli.ts';
import { readExtXyz } from '../../src/io/extxyz.ts';

function capture() {
  const out: string[] = [], err: string[] = [];
  return { io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) }, out, err };
}

function writeConfig(dir: string, over: Record<string, unknown> = {}): string {
  const cfg = {
    system: { builder: 'tips', base: 12, gap: 8.3 },
    md: { steps: 200, equilibrationSteps: 0, seed: 9 },
    output: { trajectoryEvery: 100, thermoEvery: 50, checkpointEvery: 100, snapshotEvery: 100 },
    transport: { enabled: true, model: 's', mode: 'paper', kpoints: [2, 2] },
    backend: 'cpu',
    ...over,
  };
  const p = path.join(dir, 'cfg.json');
  fs.writeFileSync(p, JSON.stringify(cfg));
  return p;
}

describe('rewire run', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rewire-run-'));

  it('writes thermo, an ext-XYZ trajectory, snapshots and a conductance trace', async () => {
    const out = path.join(tmp, 'a');
    const c = capture();
    expect(await main(['run', writeConfig(tmp), '--out', out, '--quiet'], c.io)).toBe(0);
    const thermo = fs.readFileSync(path.join(out, 'thermo.csv'), 'utf8').trim().split('\n');
    expect(thermo[0]).toMatch(/^step,time_fs,T_K,PE_eV,KE_eV,Etot_eV,conserved_eV/);
    expect(thermo.length).toBe(1 + 5); // steps 0, 50, 100, 150, 200
    const xyz = fs.readFileSync(path.join(out, 'trajectory.xyz'), 'utf8');
    const last = readExtXyz(xyz, 'trajectory.xyz', { frame: -1 });
    expect(last.n).toBeGreaterThan(0);
    const cond = fs.readFileSync(path.join(out, 'conductance.csv'), 'utf8').trim().split('\n');
    expect(cond.length).toBe(1 + 2); // snapshots at 100 and 200
    expect(fs.readdirSync(path.join(out, 'snapshots')).length).toBe(2);
    expect(fs.readFileSync(path.join(out, 'conductance.svg'), 'utf8')).toMatch(/^<svg/);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.steps).toBe(200);
    expect(summary.conductance.length).toBe(2);
    expect(summary.transport).toEqual({ model: 's', mode: 'paper', kpoints: [2, 2] });
    expect(c.out.join('')).toMatch(/Conductance trace/);
  });

  it('summary.json and the figure title state the tips-mode settings with the defaults resolved (s: every layer)', async () => {
    const out = path.join(tmp, 'tips');
    const cfg = writeConfig(tmp, { transport: { enabled: true, model: 's', mode: 'tips', kpoints: [1, 1] } });
    expect(await main(['run', cfg, '--out', out, '--quiet'], capture().io)).toBe(0);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.transport).toEqual({ model: 's', mode: 'tips', tipsLeads: 'bulk', depth: 'all' });
    expect(fs.readFileSync(path.join(out, 'conductance.vl.json'), 'utf8')).toMatch(/s model, tips leads, depth all/);
  });

  it('continues a stopped run with --resume and reproduces the uninterrupted thermo', async () => {
    const out = path.join(tmp, 'b');
    const cfg = writeConfig(tmp, { md: { steps: 100, equilibrationSteps: 0, seed: 9 } });
    expect(await main(['run', cfg, '--out', out, '--quiet'], capture().io)).toBe(0);
    expect(await main(['run', '--resume', out, '--steps', '200', '--quiet'], capture().io)).toBe(0);
    const a = fs.readFileSync(path.join(tmp, 'a', 'thermo.csv'), 'utf8').trim().split('\n');
    const b = fs.readFileSync(path.join(out, 'thermo.csv'), 'utf8').trim().split('\n');
    expect(b.length).toBe(a.length);
    // same numbers to the printed precision (CPU backend, same seed)
    for (let k = 1; k < a.length; k++) {
      const x = a[k]!.split(',').slice(0, 7).map(Number), y = b[k]!.split(',').slice(0, 7).map(Number);
      for (let j = 0; j < 7; j++) expect(Math.abs(x[j]! - y[j]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(x[j]!)));
    }
    expect(fs.readFileSync(path.join(out, 'conductance.csv'), 'utf8').trim().split('\n').length).toBe(3);
  });

  it('rejects a config outside the schema with the field name', async () => {
    const c = capture();
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ md: { dt: -1 } }));
    expect(await main(['run', bad, '--quiet'], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/md\.dt.*Fix:/);
  });

  it('rejects an impossible gap', async () => {
    const c = capture();
    expect(await main(['run', writeConfig(tmp, { system: { builder: 'tips', base: 12, gap: 0 } }), '--quiet'], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/gap/);
  });
});
