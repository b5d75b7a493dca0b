/**
 * `rewire ensemble` on a tiny system (EAM tips, base 12 Å, 100 steps): every seed is a full run in
 * its own folder, the ensemble conductance.csv holds every snapshot of every seed with a seed
 * column, seeds differ (their own velocities), and --resume adds seeds without redoing finished ones.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/runner/cli.ts';

function capture() {
  const out: string[] = [], err: string[] = [];
  return { io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) }, out, err };
}

describe('rewire ensemble', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rewire-ens-'));
  const cfg = path.join(tmp, 'tiny.json');
  fs.writeFileSync(cfg, JSON.stringify({
    system: { builder: 'tips', base: 12, gap: 8.3 },
    md: { steps: 100, equilibrationSteps: 0 },
    output: { trajectoryEvery: 50, thermoEvery: 50, checkpointEvery: 50, snapshotEvery: 50 },
    transport: { enabled: true, model: 's', mode: 'paper', kpoints: [1, 1] },
    backend: 'cpu',
  }));

  it('runs N seeds into one conductance.csv with a seed column, and resumes without redoing seeds', async () => {
    const out = path.join(tmp, 'ens');
    const c = capture();
    expect(await main(['ensemble', cfg, '--seeds', '2', '--out', out, '--workers', '2'], c.io)).toBe(0);
    const rows = fs.readFileSync(path.join(out, 'conductance.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toMatch(/^seed,time_fs,T_EF,/);
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['1', '1', '2', '2']);
    const thermo = (s: number) => fs.readFileSync(path.join(out, `seed_00${s}`, 'thermo.csv'), 'utf8');
    expect(thermo(1)).not.toEqual(thermo(2)); // independent velocities
    const mtime = fs.statSync(path.join(out, 'seed_001', 'summary.json')).mtimeMs;
    const d = capture();
    expect(await main(['ensemble', cfg, '--seeds', '3', '--out', out, '--workers', '2', '--resume'], d.io)).toBe(0);
    expect(d.err.join('')).toMatch(/\(done before\) seed=1/);
    expect(fs.statSync(path.join(out, 'seed_001', 'summary.json')).mtimeMs).toBe(mtime);
    expect(fs.readFileSync(path.join(out, 'seeds.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
    expect(fs.readFileSync(path.join(out, 'conductance.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 6);
    const e = capture();
    expect(await main(['ensemble', cfg, '--seeds', '1', '--out', out], e.io)).toBe(2);
    expect(e.err.join('')).toMatch(/--resume/);
  }, 120_000);

  it('names a missing --seeds', async () => {
    const c = capture();
    expect(await main(['ensemble', cfg], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/--seeds: missing/);
  });
});
