/**
 * `rewire kinetics` end to end on a tiny thermal control (EAM, 0 V, 110-atom tips, 0.1 ps): tips
 * 3 Å apart are bonded at once and tips 8 Å apart never bridge, seeds run in worker threads, the
 * per-point CSV and per-seed JSON lines are written, and --resume DIR reruns nothing.
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

describe('rewire kinetics', () => {
  it('reports the bridged fraction per point and resumes without rerunning seeds', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rewire-kin-')), 'k');
    const args = ['kinetics', '--potential', 'eam', '--volts', '0', '--gaps', '3,8', '--base', '12', '--max-ps', '0.1', '--check-ps', '0.02', '--seeds', '2', '--threads', '2', '--out', out];
    const c = capture();
    expect(await main(args, c.io)).toBe(0);
    const csv = fs.readFileSync(path.join(out, 'kinetics.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const col = (name: string) => csv[0]!.indexOf(name);
    expect(csv.slice(1).map((r) => [r[col('gap')], r[col('bridged')], r[col('seeds')]])).toEqual([['3', '2', '2'], ['8', '0', '2']]);
    expect(csv[2]![col('median_ps')]).toBe(''); // none bridged: the median is only known to be > 0.1 ps
    expect(fs.readFileSync(path.join(out, 'seeds.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
    expect(c.out.join('')).toMatch(/Time to first bridge/);
    const d = capture();
    expect(await main(['kinetics', '--resume', out], d.io)).toBe(0);
    expect(d.err.join('').match(/\(done before\)/g)).toHaveLength(4);
    const e = capture();
    expect(await main(['kinetics', '--volts', 'x'], e.io)).toBe(2);
    expect(e.err.join('')).toMatch(/--volts.*Fix/);
    const f = capture();
    expect(await main(['kinetics', '--threads', '2', '--workers', '3', '--out', out + '-x'], f.io)).toBe(2);
    expect(f.err.join('')).toMatch(/--threads.*disagree/);
  }, 60_000);
});
