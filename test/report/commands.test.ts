import { afterAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/runner/cli.ts';
import { Rng } from '../../src/core/rng.ts';
import { G0_SIEMENS_EXACT, addSeriesResistance } from '../../src/analysis/conductanceUnits.ts';
import { pngSize } from '../../src/report/figure.ts';
import FFT from 'fft.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rewire-analysis-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function capture() {
  const out: string[] = [], err: string[] = [];
  return { io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) }, out: () => out.join(''), err: () => err.join('') };
}

/** A run-like conductance.csv: open gap, then plateaus near 1, 2 and a long noisy 2.55 G0 one. */
function runCsv(dir: string, seed = 1): string {
  const rng = new Rng(seed), rows = ['time_fs,T_EF,channel_1,gap_atoms,cross_section,bridged,step'];
  for (let i = 0; i < 300; i++) {
    const lvl = i < 20 ? 0 : i < 60 ? 0.97 : i < 100 ? 1.92 : 2.55;
    const T = i < 20 ? 1e-5 : lvl + 0.02 * rng.normal();
    rows.push(`${i * 8600},${T.toFixed(6)},${Math.min(1, T).toFixed(6)},${i < 20 ? 1 : 4},${i < 20 ? 0 : i < 60 ? 1 : i < 100 ? 2 : 3},${i < 20 ? 0 : 1},${i * 8600 + 1000}`);
  }
  fs.mkdirSync(dir, { recursive: true });
  const f = path.join(dir, 'conductance.csv');
  fs.writeFileSync(f, rows.join('\n') + '\n');
  return f;
}

/** A measured current sweep (tab separated) of a gap with plateaus at 1, 2, 3 G0 behind R_s. */
function smuFile(name: string, rs: number, seed = 2): string {
  const rng = new Rng(seed), rows = ['Time\tVoltage\tCurrent'];
  for (let i = 0; i < 3000; i++) {
    const I = (20e-6 * i) / 3000, gGap = [1, 2, 3][Math.floor(i / 1000)]! + 0.04 * rng.normal();
    rows.push(`${(0.01 * i).toFixed(2)}\t${(I / (addSeriesResistance(gGap, rs) * G0_SIEMENS_EXACT)).toExponential(8)}\t${I.toExponential(8)}`);
  }
  const f = path.join(tmp, name);
  fs.writeFileSync(f, rows.join('\n') + '\n');
  return f;
}

const SMU = ['--smu', '--time-col', 'Time', '--v-col', 'Voltage', '--i-col', 'Current'];

describe('CLI registration', () => {
  it('the main help lists the analysis commands and each has --help', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    for (const cmd of ['histogram', 'plateaus', 'noise', 'report']) {
      expect(c.out()).toContain(`  ${cmd} `);
      const h = capture();
      expect(await main([cmd, '--help'], h.io)).toBe(0);
      expect(h.out()).toMatch(new RegExp(`^Usage: rewire ${cmd}`));
    }
  });
});

describe('rewire histogram', () => {
  it('--json: counts add up, n + skipped + excluded = read, peaks of the gap conductance with R_s', async () => {
    const f = smuFile('sweep1.tsv', 1200);
    const c = capture();
    expect(await main(['histogram', f, ...SMU, '--series-resistance', '1200', '--json'], c.io)).toBe(0);
    const j = JSON.parse(c.out());
    expect(Object.keys(j).slice(0, 9)).toEqual(['bin', 'read', 'skipped', 'excluded', 'n', 'edges', 'counts', 'density', 'peaks']);
    expect(j.read).toBe(3000);
    expect(j.skipped).toBe(2); // I = 0 and then V = 93 µV < 0.1 mV at the start of the sweep: below the floors, not divided by ~0
    for (const h of [j, j.raw]) {
      expect(h.counts.reduce((a: number, b: number) => a + b, 0)).toBe(h.n);
      expect(h.n + h.skipped + h.excluded).toBe(h.read);
      expect(h.edges.length).toBe(h.counts.length + 1);
    }
    const pos = j.peaks.map((p: { position: number }) => p.position).sort((a: number, b: number) => a - b);
    expect(pos.length).toBe(3);
    pos.forEach((p: number, i: number) => expect(Math.abs(p - (i + 1))).toBeLessThan(0.05));
    const raw = j.raw.peaks.map((p: { position: number }) => p.position).sort((a: number, b: number) => a - b);
    raw.forEach((p: number, i: number) => expect(Math.abs(p - addSeriesResistance(i + 1, 1200))).toBeLessThan(0.05));
  });
  it('R_s larger than 1/G: points are excluded with a clear message, never negative', async () => {
    const f = smuFile('sweep2.tsv', 0);
    const c = capture();
    const rs = 6000; // 1/(6000 Ω · G0) = 2.15 G0: the 3 G0 plateau has 1/G < R_s
    expect(await main(['histogram', f, ...SMU, '--series-resistance', String(rs), '--json'], c.io)).toBe(0);
    const j = JSON.parse(c.out());
    expect(j.excluded).toBeGreaterThan(900);
    expect(j.edges[0]).toBeGreaterThanOrEqual(0);
    expect(j.n + j.skipped + j.excluded).toBe(j.read);
    expect(c.err()).toMatch(/1\/G ≤ R_s = 6000 Ω.*excluded/);
  });
  it('a bad file is reported (file, line, column); the others are still analysed; exit 1', async () => {
    const good = runCsv(path.join(tmp, 'good'));
    const bad = path.join(tmp, 'bad.csv');
    fs.writeFileSync(bad, 'time_fs,T_EF\n0,0.5\n8600,oops\n');
    const c = capture();
    expect(await main(['histogram', good, bad, '--json'], c.io)).toBe(1);
    expect(c.err()).toMatch(/bad\.csv:3 column 'T_EF': 'oops' is not a finite number/);
    const j = JSON.parse(c.out());
    expect(j.read).toBe(300);
    expect(j.errors).toHaveLength(1);
    const none = capture();
    expect(await main(['histogram', bad], none.io)).toBe(2);
  });
  it('without --json writes the figure (both histograms with R_s) and prints a table', async () => {
    const f = smuFile('sweep3.tsv', 1000);
    const out = path.join(tmp, 'hfig');
    const c = capture();
    expect(await main(['histogram', f, ...SMU, '--series-resistance', '1000', '--out', out], c.io)).toBe(0);
    const svg = fs.readFileSync(path.join(out, 'histogram.svg'), 'utf8');
    for (const s of ['(a) measured G', '(b) series resistance R_s = 1000 Ω removed', 'G / G0', 'counts per 0.05 G0 bin']) expect(svg).toContain(s);
    expect(pngSize(fs.readFileSync(path.join(out, 'histogram.png'))).width).toBeGreaterThan(600);
    expect(fs.readFileSync(path.join(out, 'histogram.csv'), 'utf8').split('\n')[0]).toBe('G_lo_G0,G_hi_G0,count,density_per_G0');
    expect(c.out()).toMatch(/gap G \(R_s = 1000 Ω removed\): 3 peak/);
  });
});

describe('rewire plateaus and rewire noise', () => {
  it('plateaus joins levels with the filament structure', async () => {
    const f = runCsv(path.join(tmp, 'pl'));
    const c = capture();
    expect(await main(['plateaus', f, '--json'], c.io)).toBe(0);
    const j = JSON.parse(c.out());
    expect(j.timeUnit).toBe('ps');
    expect(j.plateaus.map((p: { nearestInteger: number }) => p.nearestInteger)).toEqual([0, 1, 2, 3]);
    expect(j.plateaus[3].points).toBe(200);
    expect(j.plateaus[3].crossSection.median).toBe(3);
    expect(j.plateaus[1].tStart).toBeCloseTo(20 * 8.6, 9);
    const d = capture();
    expect(await main(['plateaus', f], d.io)).toBe(0);
    expect(fs.readFileSync(path.join(tmp, 'pl', 'plateaus_samples.csv'), 'utf8').split('\n')[0]).toBe('trace,seed,time_ps,G_G0,plateau,gap_atoms,cross_section,bridged');
  });
  it('noise on the longest plateau: ΔG/G, a flat spectrum for white noise, Parseval', async () => {
    const f = runCsv(path.join(tmp, 'nz'));
    const c = capture();
    expect(await main(['noise', f, '--json'], c.io)).toBe(0);
    const j = JSON.parse(c.out());
    expect(j.plateau).toBe(4);
    expect(j.relativeFluctuation).toBeCloseTo(0.02 / 2.55, 2);
    expect(Math.abs(j.alpha)).toBeLessThan(0.3);
    const integral = j.psd.psd.reduce((a: number, p: number) => a + p * j.psd.df, 0);
    expect(integral / j.psd.power).toBeCloseTo(1, 10);
    const w = capture();
    expect(await main(['noise', f, '--from', '1000', '--to', '2000', '--json'], w.io)).toBe(0);
    expect(JSON.parse(w.out()).points).toBe(116); // samples 117…232 (8.6 ps apart) lie in 1000…2000 ps
    const bad = capture();
    expect(await main(['noise', f, '--plateau', '9'], bad.io)).toBe(2);
    expect(bad.err()).toMatch(/there are 4 plateau/);
  });
  it('noise of a measured 1/f trace (whitespace-separated, seconds): α within 0.1 with the default Welch settings', async () => {
    const n = 1 << 14, rng = new Rng(11), fft = new FFT(n);
    const spec = fft.createComplexArray() as number[];
    for (let k = 1; k < n / 2; k++) {
      const a = k ** -0.5, re = a * rng.normal(), im = a * rng.normal();
      (spec[2 * k] = re), (spec[2 * k + 1] = im), (spec[2 * (n - k)] = re), (spec[2 * (n - k) + 1] = -im);
    }
    const x = fft.createComplexArray() as number[];
    fft.inverseTransform(x, spec);
    let rms = 0;
    for (let i = 0; i < n; i++) rms += x[2 * i]! ** 2 / n;
    const rows = ['t  V  I'];
    for (let i = 0; i < n; i++) rows.push(`${(1e-3 * i).toFixed(3)}  0.1  ${(0.1 * (2.5 + (0.05 * x[2 * i]!) / Math.sqrt(rms)) * G0_SIEMENS_EXACT).toExponential(10)}`);
    const f = path.join(tmp, 'pink.dat');
    fs.writeFileSync(f, rows.join('\n') + '\n');
    const c = capture();
    expect(await main(['noise', f, '--smu', '--time-col', 't', '--v-col', 'V', '--i-col', 'I', '--from', '0', '--to', '100', '--json'], c.io)).toBe(0);
    const j = JSON.parse(c.out());
    expect(j.frequencyUnit).toBe('Hz');
    expect(j.psd.segment).toBe(4096);
    expect(Math.abs(j.alpha - 1)).toBeLessThan(0.1);
    expect(j.relativeFluctuation).toBeCloseTo(0.02, 3);
  });
  it('noise of a measured file needs its time column', async () => {
    const f = smuFile('sweep4.tsv', 0);
    const c = capture();
    expect(await main(['noise', f, '--smu', '--v-col', 'Voltage', '--i-col', 'Current'], c.io)).toBe(2);
    expect(c.err()).toMatch(/--time-col/);
  });
});

describe('rewire report', () => {
  it('writes one self-contained HTML page with the trace, histogram, noise, kinetics and summary', async () => {
    const dir = path.join(tmp, 'rep');
    runCsv(dir);
    fs.writeFileSync(path.join(dir, 'summary.json'), JSON.stringify({ atoms: 2992, backend: 'cpu', conductance: [] }));
    fs.writeFileSync(path.join(dir, 'kinetics.json'), JSON.stringify([{ volt: 2, gap: 8.3, seed: 1, bridge_ps: 12.5, simulated_ps: 12.5 }, { volt: 0, gap: 8.3, seed: 1, bridge_ps: null, simulated_ps: 50 }]));
    const c = capture();
    expect(await main(['report', dir], c.io)).toBe(0);
    const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(html.match(/<svg/g)!.length).toBe(5);
    for (const s of ['first bridge, 172.0 ps', 'Conductance histogram', 'PSD of plateau #4', 'Time to the first bridging contact', 'backend']) expect(html).toContain(s);
    expect(html).not.toMatch(/<script|<link|src="http/);
    // ids are unique across the inlined figures
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('a kinetics folder: per-point statistics and per-seed rows ({points, seeds})', async () => {
    const dir = path.join(tmp, 'kin');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'kinetics.json'), JSON.stringify({
      plan: { potential: 'reaxff' },
      points: [{ gap: 5.5, volt: 0, seeds: 2, bridged: 0, median_ps: null }, { gap: 5.5, volt: 8, seeds: 2, bridged: 2, median_ps: 3.5 }],
      seeds: [{ gap: 5.5, volt: 8, seed: 1, bridge_ps: 3, simulated_ps: 3 }, { gap: 5.5, volt: 8, seed: 2, bridge_ps: 4, simulated_ps: 4 }, { gap: 5.5, volt: 0, seed: 1, bridge_ps: null, simulated_ps: 20 }],
    }));
    const c = capture();
    expect(await main(['report', dir], c.io)).toBe(0);
    const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(html).toContain('Time to the first bridging contact');
    expect(html).toContain('median, gap 5.5 Å');
    expect(html).toContain('per seed (3)');
    expect(c.err()).toMatch(/no conductance\.csv/);
    const empty = path.join(tmp, 'empty-dir');
    fs.mkdirSync(empty, { recursive: true });
    expect(await main(['report', empty], capture().io)).toBe(2);
  });
  it('an ensemble folder (one sub-folder per run) gets one trace per run', async () => {
    const dir = path.join(tmp, 'ens');
    runCsv(path.join(dir, 'seed-1'), 1);
    runCsv(path.join(dir, 'seed-2'), 2);
    const c = capture();
    expect(await main(['report', dir], c.io)).toBe(0);
    const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(html).toContain('Conductance traces (2)');
    expect(html).toContain('seed-2');
  });
});
