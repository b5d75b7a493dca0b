/**
 * summary.json reports the thermo of the run's last step, also when the last step is off the
 * output.thermoEvery cadence (`rewire run configs/paper-8V.json --steps 40` with thermoEvery 1000
 * used to report step 0). The reported sample must be the engine's state at that step: its step
 * and time match, and its energy equals the last thermo.csv row when the cadence does hit.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/runner/cli.ts';

const quiet = { stdout: () => {}, stderr: () => {} };

function run(dir: string, steps: number, thermoEvery: number): Promise<number> {
  const cfg = path.join(dir, `cfg-${steps}-${thermoEvery}.json`);
  fs.writeFileSync(cfg, JSON.stringify({
    system: { builder: 'tips', base: 12, gap: 8.3 },
    md: { steps, equilibrationSteps: 0, seed: 9 },
    output: { trajectoryEvery: 0, thermoEvery, checkpointEvery: 0, snapshotEvery: 0 },
    transport: { enabled: false },
    backend: 'cpu',
  }));
  return main(['run', cfg, '--out', path.join(dir, `out-${steps}-${thermoEvery}`), '--quiet'], quiet);
}

const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

describe('summary.json final_thermo', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rewire-summary-'));

  it('is the last step, not the last thermo.csv row, when the cadence misses the end', async () => {
    expect(await run(tmp, 40, 1000)).toBe(0);
    const dir = path.join(tmp, 'out-40-1000');
    const s = JSON.parse(read(dir, 'summary.json'));
    expect(s.steps).toBe(40);
    expect(s.final_thermo.step).toBe(40);
    expect(s.final_thermo.time).toBeCloseTo(40 * 1, 9); // dt = 1 fs (default)
    // thermo.csv keeps its cadence: only step 0
    expect(read(dir, 'thermo.csv').trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]))).toEqual([0]);
  });

  it('equals the thermo.csv row of the same step when the cadence hits it (same state, same numbers)', async () => {
    expect(await run(tmp, 40, 20)).toBe(0);
    const dir = path.join(tmp, 'out-40-20');
    const s = JSON.parse(read(dir, 'summary.json'));
    const rows = read(dir, 'thermo.csv').trim().split('\n');
    const lastRow = rows[rows.length - 1]!.split(',').map(Number);
    expect(lastRow[0]).toBe(40);
    expect(s.final_thermo.step).toBe(40);
    expect(Math.abs(s.final_thermo.potential - lastRow[3]!)).toBeLessThan(1e-7);
    expect(Math.abs(s.final_thermo.total - lastRow[5]!)).toBeLessThan(1e-7);
    // and the off-cadence run of the same seed reports the same step-40 state
    const off = JSON.parse(read(path.join(tmp, 'out-40-1000'), 'summary.json'));
    expect(Math.abs(off.final_thermo.potential - s.final_thermo.potential)).toBeLessThan(1e-9 * Math.abs(s.final_thermo.potential));
  });
});
