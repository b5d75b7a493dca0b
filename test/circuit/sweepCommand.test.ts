/**
 * `rewire sweep` end to end: the circuit-only gap models write the documented files and respect
 * the compliance; a tiny MD sweep (110-atom ReaxFF tips) runs the closed loop (MD steps per point,
 * bias = md-scale × V_gap, snapshots); bad options and configs get named errors.
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

function readCsv(file: string): Record<string, number>[] {
  const [head, ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const keys = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i]!, Number(v)])));
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'rewire-sweep-'));

describe('rewire sweep', () => {
  it('is listed in the main help and teaches its options', async () => {
    const c = capture();
    await main(['--help'], c.io);
    expect(c.out.join('')).toMatch(/sweep\s+device I-V sweep/);
    const h = capture();
    expect(await main(['sweep', '--help'], h.io)).toBe(0);
    for (const f of ['--vmax', '--compliance', '--series-resistance', '--md-scale', '--mode voltage|current', '--out DIR', 'G0 = 2e²/h']) expect(h.out.join('')).toContain(f);
  });

  it('a threshold cell: SET, compliance, RESET, and the files', async () => {
    const dir = tmp();
    const c = capture();
    expect(await main(['sweep', '--gap', 'threshold:0.3:0.1:1.5', '--compliance', '2e-5', '--points', '5', '--out', dir], c.io)).toBe(0);
    for (const f of ['sweep.csv', 'sweep.json', 'iv.svg', 'iv.png', 'g-steps.svg', 'g-steps.png', 'iv.json']) expect(fs.existsSync(path.join(dir, f))).toBe(true);
    const rows = readCsv(path.join(dir, 'sweep.csv'));
    expect(rows.length).toBe(21);
    for (const r of rows) expect(Math.abs(r['I_A']!)).toBeLessThanOrEqual(2e-5);
    expect(rows.filter((r) => r['compliance'] === 1).length).toBeGreaterThan(0);
    const s = JSON.parse(fs.readFileSync(path.join(dir, 'sweep.json'), 'utf8'));
    expect(s.result.set.index).toBe(4);
    expect(s.result.reset).not.toBeNull();
    expect(c.out.join('')).toMatch(/SET at point 4/);
  });

  it('a current sweep of a fixed gap: V_src = I (R_s + 1/G) below the voltage limit', async () => {
    const dir = tmp();
    expect(await main(['sweep', '--mode', 'current', '--imax', '2e-5', '--vmax', '0.2', '--cycle', 'positive', '--points', '4', '--gap', 'fixed:2', '--series-resistance', '500', '--out', dir], capture().io)).toBe(0);
    const R = 500 + 1 / (2 * 7.748091729e-5);
    for (const r of readCsv(path.join(dir, 'sweep.csv'))) {
      const want = Math.min(r['I_prog_A']! * R, 0.2);
      expect(Math.abs(r['V_src_V']! - want)).toBeLessThan(1e-9);
      expect(r['voltage_limit']).toBe(r['I_prog_A']! * R > 0.2 ? 1 : 0);
    }
  });

  it('closes the loop around a real (tiny) MD: md-steps per point, bias = md-scale × V_gap, snapshots', async () => {
    const dir = tmp();
    const cfg = path.join(dir, 'tiny.json');
    fs.writeFileSync(cfg, JSON.stringify({ system: { builder: 'tips', base: 12, gap: 5.5, lattice: 4.22 }, potential: { kind: 'reaxff' }, echemdid: {}, md: { thermostat: { temperature: 300 } }, transport: { model: 's', mode: 'paper', kpoints: [2, 2] } }));
    const c = capture();
    expect(await main(['sweep', cfg, '--points', '1', '--md-steps', '5', '--md-scale', '5', '--backend', 'cpu', '--quiet', '--out', dir], c.io)).toBe(0);
    const rows = readCsv(path.join(dir, 'sweep.csv'));
    expect(rows.map((r) => r['md_step'])).toEqual([0, 5, 10, 15, 20]);
    // sweep.csv holds 10 significant digits: equal to ~1e-9 relative
    for (const r of rows) expect(Math.abs(r['md_bias_V']! - 5 * r['V_gap_V']!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(r['md_bias_V']!)));
    // open gap (vacuum tunnelling only): V_gap = V_src / (1 + R_s G), R_s = 1 kΩ (default), G in S
    const G = rows[1]!['G_gap_G0']! * 7.748091729e-5;
    expect(rows[1]!['G_gap_G0']!).toBeLessThan(0.05);
    expect(Math.abs(rows[1]!['md_bias_V']! - (5 * 0.6) / (1 + 1000 * G))).toBeLessThan(1e-8);
    expect(fs.readdirSync(path.join(dir, 'snapshots')).length).toBe(5);
    const s = JSON.parse(fs.readFileSync(path.join(dir, 'sweep.json'), 'utf8'));
    expect(s.md.atoms).toBe(110);
    expect(s.time_mapping.md_fs_per_point).toBe(5);
  });

  it('names bad options and configs', async () => {
    const c = capture();
    expect(await main(['sweep', '--compliance=-1e-5'], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/--compliance: must be > 0 A.*Fix:/);
    const dir = tmp();
    const cfg = path.join(dir, 'eam.json');
    fs.writeFileSync(cfg, JSON.stringify({ potential: { kind: 'eam' } }));
    const d = capture();
    expect(await main(['sweep', cfg, '--out', dir], d.io)).toBe(2);
    expect(d.err.join('')).toMatch(/config.potential.kind.*needs ReaxFF/);
    const e = capture();
    expect(await main(['sweep', cfg, '--gap', 'fixed:1', '--out', dir], e.io)).toBe(2);
    expect(e.err.join('')).toMatch(/--gap: fixed needs no MD/);
  });
});
