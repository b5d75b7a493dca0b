import { describe, expect, it } from 'vitest';
import { main } from '../../src/runner/cli.ts';
import { formatDuration, ProgressBar } from '../../src/runner/progress.ts';

function capture() {
  const out: string[] = [], err: string[] = [];
  return { io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) }, out, err };
}

describe('rewire CLI dispatch', () => {
  it('prints help that lists every command', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    const text = c.out.join('');
    for (const cmd of ['run', 'eval', 'transmission', 'kinetics', 'config', 'gpu-info']) expect(text).toContain(cmd);
  });
  it('rejects an unknown command with a fix', async () => {
    const c = capture();
    expect(await main(['frobnicate'], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/unknown command 'frobnicate'.*Fix:/);
  });
  it('eval names a missing potential and an unknown one', async () => {
    const c = capture();
    expect(await main(['eval', 'x.data'], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/--potential: missing/);
    const d = capture();
    expect(await main(['eval', 'x.data', '--potential', 'lj'], d.io)).toBe(2);
    expect(d.err.join('')).toMatch(/unknown potential 'lj'/);
  });
  it('eval refuses a voltage with EAM (no QEq)', async () => {
    const c = capture();
    expect(await main(['eval', 'x.data', '--potential', 'eam', '--volt', '2'], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/no charge equilibration/);
  });
});

describe('progress and plots', () => {
  it('formats durations and reports ETA and atom-steps/s', () => {
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(65)).toBe('01:05');
    const lines: string[] = [];
    const bar = new ProgressBar({ total: 100, atoms: 1000, stream: { write: (s: string) => (lines.push(s), true), isTTY: false }, logEvery: 0 });
    bar.update(100);
    expect(lines.join('')).toMatch(/100\.0% 100\/100 .*ETA .*atom-steps\/s/);
  });
});
