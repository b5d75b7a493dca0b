/**
 * The sweep circuit against hand-written analytic formulas (Ohm's law in series, compliance clip),
 * the ramp shape, the closed loop with known gap conductances, and named errors for bad options.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.ts';
import { RewireError } from '../../src/core/errors.ts';
import {
  FixedGap, SteppedGap, ThresholdGap, runSweep, solveCurrentDriven, solveVoltageDriven, summarizeSweep, sweepCsv, triangularRamp,
  parseSweepOptions, type GapModel, type GapState, type SweepSpec,
} from '../../src/circuit/index.ts';

/** 1/G0 = h/2e² in Ω with G0 = 7.748091729e-5 S written out, not imported. */
const R0 = 1 / 7.748091729e-5;

/** Analytic series circuit: I = V/(R_s + R0/G), clipped at ±I_cc; V_gap = I·R0/G (V for G = 0). */
function analyticVoltage(V: number, G: number, Rs: number, Icc: number) {
  if (G === 0) return { I: 0, vGap: V, vSrc: V, clipped: false };
  const I = V / (Rs + R0 / G);
  if (Math.abs(I) <= Icc) return { I, vGap: I * (R0 / G), vSrc: V, clipped: false };
  const Ic = Math.sign(I) * Icc;
  return { I: Ic, vGap: Ic * (R0 / G), vSrc: Ic * (Rs + R0 / G), clipped: true };
}

const close = (a: number, b: number, rel = 1e-12) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(Math.abs(b), 1e-30));

describe('circuit: series R_s + gap under a compliance', () => {
  const Rs = 1500, Icc = 5e-5;
  it('reproduces the analytic voltage-driven I-V with the compliance clip, open and tiny gaps', () => {
    let clipped = 0, free = 0;
    for (const G of [0, 1e-300, 1e-12, 0.01, 0.5, 1, 2.5, 7]) {
      for (let k = -20; k <= 20; k++) {
        const V = 0.05 * k;
        const a = analyticVoltage(V, G, Rs, Icc);
        const c = solveVoltageDriven(V, G, { seriesResistance: Rs, compliance: Icc });
        close(c.current, a.I);
        close(c.vGap, a.vGap);
        close(c.vSrc, a.vSrc);
        expect(c.limit).toBe(a.clipped ? 'current' : 'none');
        expect(Math.abs(c.current)).toBeLessThanOrEqual(Icc);
        expect(Math.abs(c.vGap)).toBeLessThanOrEqual(Math.abs(V) * (1 + 1e-15));
        close(c.vSrc, c.current * Rs + c.vGap, 1e-12);
        if (a.clipped) clipped++; else free++;
      }
    }
    expect(clipped).toBeGreaterThan(50); // the grid exercises both branches
    expect(free).toBeGreaterThan(50);
  });
  it('an open gap takes the whole source voltage and no current; a tiny G stays finite', () => {
    const o = solveVoltageDriven(0.4, 0, { seriesResistance: Rs, compliance: Icc });
    expect(o).toMatchObject({ current: 0, vGap: 0.4, vSrc: 0.4, limit: 'none' });
    const t = solveVoltageDriven(0.4, 1e-300, { seriesResistance: Rs, compliance: Icc });
    expect(Number.isFinite(t.vGap) && Number.isFinite(t.current)).toBe(true);
    close(t.vGap, 0.4);
  });
  it('current-driven: I follows the program, clipped at I_cc, and the source stops at its voltage limit', () => {
    const p = { seriesResistance: Rs, compliance: Icc, voltageLimit: 0.5 };
    // G = 1: V needed = I (Rs + R0); at 20 µA that is 0.288 V < 0.5 V
    const a = solveCurrentDriven(2e-5, 1, p);
    close(a.current, 2e-5); close(a.vGap, 2e-5 * R0); close(a.vSrc, 2e-5 * (Rs + R0)); expect(a.limit).toBe('none');
    // 45 µA would need 0.648 V: the source stays at 0.5 V and I = 0.5/(Rs + R0)
    const b = solveCurrentDriven(4.5e-5, 1, p);
    close(b.vSrc, 0.5); close(b.current, 0.5 / (Rs + R0)); expect(b.limit).toBe('voltage');
    // above I_cc at G = 10 (1/G = 1290 Ω): clipped to I_cc
    const c = solveCurrentDriven(-9e-5, 10, p);
    close(c.current, -Icc); expect(c.limit).toBe('current');
    // an open gap: no current, the source sits at −V_lim
    const d = solveCurrentDriven(-1e-6, 0, p);
    expect(d).toMatchObject({ current: 0, vSrc: -0.5, vGap: -0.5, limit: 'voltage' });
    expect(() => solveCurrentDriven(1e-6, 0, { seriesResistance: Rs, compliance: Icc })).toThrow(/voltage limit/);
  });
  it('rejects a negative or non-finite conductance by name', () => {
    expect(() => solveVoltageDriven(0.1, -1, { seriesResistance: 0, compliance: 1 })).toThrow(/G_gap/);
    expect(() => solveVoltageDriven(0.1, NaN, { seriesResistance: 0, compliance: 1 })).toThrow(/G_gap/);
  });
});

describe('ramp', () => {
  it('is 0 → +A → 0 → −A → 0 in 4N + 1 exact points, with device time k·(A/N)/rate', () => {
    const r = triangularRamp({ amplitude: 0.6, pointsPerQuarter: 3, cycle: 'full', rate: 0.02 });
    expect(r.map((p) => +p.drive.toFixed(12))).toEqual([0, 0.2, 0.4, 0.6, 0.4, 0.2, 0, -0.2, -0.4, -0.6, -0.4, -0.2, 0]);
    close(r[12]!.t, 12 * 0.2 / 0.02);
    const pos = triangularRamp({ amplitude: 1, pointsPerQuarter: 2, cycle: 'positive', rate: 1 });
    expect(pos.map((p) => p.drive)).toEqual([0, 0.5, 1, 0.5, 0]);
    expect(Object.is(pos[4]!.drive, -0)).toBe(false);
  });
});

/** A gap that jumps to a random conductance every segment (for the compliance invariant). */
class RandomGap implements GapModel {
  readonly name = 'random';
  private rng = new Rng(7);
  async initial(): Promise<GapState> { return { G: 0 }; }
  async advance(): Promise<GapState> {
    const u = this.rng.uniform();
    return { G: u < 0.2 ? 0 : u < 0.3 ? 1e-9 * u : 20 * u };
  }
}

describe('closed loop', () => {
  const base = (over: Partial<SweepSpec> = {}): SweepSpec => ({
    mode: 'voltage', ramp: { amplitude: 0.8, pointsPerQuarter: 10, cycle: 'full', rate: 0.01 },
    circuit: { seriesResistance: 1000, compliance: 3e-5 }, mdVoltsPerDeviceVolt: 10, ...over,
  });

  it('never exceeds the compliance, in either mode, whatever the gap does', async () => {
    for (const spec of [base(), base({ mode: 'current', ramp: { amplitude: 1e-4, pointsPerQuarter: 25, cycle: 'full', rate: 1e-7 }, circuit: { seriesResistance: 1000, compliance: 3e-5, voltageLimit: 0.7 } })]) {
      const rows = await runSweep(spec, new RandomGap());
      expect(rows.length).toBe(4 * spec.ramp.pointsPerQuarter + 1);
      for (const r of rows) {
        expect(Math.abs(r.current)).toBeLessThanOrEqual(3e-5);
        if (spec.mode === 'current') expect(Math.abs(r.vSrc)).toBeLessThanOrEqual(0.7);
      }
      expect(rows.some((r) => r.limit !== 'none')).toBe(true);
    }
  });

  it('with a fixed gap it is the analytic I-V, and the MD bias is md-scale × V_gap', async () => {
    const rows = await runSweep(base(), new FixedGap(1));
    let clipped = 0;
    for (const r of rows) {
      const a = analyticVoltage(r.drive, 1, 1000, 3e-5);
      close(r.current, a.I); close(r.vGap, a.vGap); close(r.vSrc, a.vSrc);
      expect(r.limit === 'current').toBe(a.clipped);
      close(r.mdBias, 10 * a.vGap);
      if (a.clipped) clipped++;
    }
    // 30 µA at G0 is reached at |V| = 30e-6 · (1000 + R0) = 0.417 V: |V| = 0.48 … 0.8 clip,
    // 9 points per polarity (0.48 0.56 0.64 0.72 up, 0.8, down again)
    expect(clipped).toBe(18);
  });

  it('with a conductance that steps at known points it reproduces the step sequence', async () => {
    const steps = [{ fromIndex: 0, G: 0 }, { fromIndex: 4, G: 1 }, { fromIndex: 9, G: 2 }, { fromIndex: 22, G: 0.2 }, { fromIndex: 30, G: 0 }];
    const G = (k: number) => [...steps].reverse().find((s) => s.fromIndex <= k)!.G;
    const rows = await runSweep(base(), new SteppedGap(steps));
    expect(rows.map((r) => r.G)).toEqual(rows.map((r) => G(r.index)));
    for (const r of rows) {
      const a = analyticVoltage(r.drive, G(r.index), 1000, 3e-5);
      close(r.current, a.I); close(r.vGap, a.vGap);
    }
    const s = summarizeSweep(rows, 0.5);
    expect(s.set).toMatchObject({ index: 4, from: 0, to: 1 });
    expect(s.reset).toMatchObject({ index: 22, from: 2, to: 0.2 });
    expect(s.gMaxPositive).toBe(2);
    expect(s.crossings.map((c) => [c.index, c.direction])).toEqual([[4, 'up'], [22, 'down']]);
    expect(s.gFinal).toBe(0);
  });

  it('a threshold cell SETs under positive bias, is held by the compliance, and RESETs under reversed bias', async () => {
    const rows = await runSweep(base(), new ThresholdGap(0.3, 0.2, 1.5));
    const s = summarizeSweep(rows);
    // the first point with V_gap ≥ 0.3 V is 0.32 V (open gap: V_gap = V_src), so G = 1.5 from the next point
    expect(s.set?.index).toBe(5);
    close(s.set!.vGap, 0.32);
    // after SET, V_gap = V/(1 + Rs·G) stays below V_set; the compliance clips the high-bias points
    expect(rows.slice(5, 21).some((r) => r.limit === 'current')).toBe(true);
    expect(s.reset).not.toBeNull();
    expect(s.reset!.vGap).toBeLessThanOrEqual(-0.2);
    expect(rows[rows.length - 1]!.G).toBe(0);
    const csv = sweepCsv(rows, 'voltage');
    expect(csv.split('\n')[0]).toBe('index,t_s,V_prog_V,V_src_V,V_gap_V,I_A,G_gap_G0,compliance,voltage_limit,md_bias_V,md_step,md_time_fs');
    expect(csv.trim().split('\n').length).toBe(rows.length + 1);
  });
});

describe('sweep options', () => {
  const bad = (v: Record<string, string>, flag: string, re: RegExp) => {
    let err: unknown;
    try { parseSweepOptions(v); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(RewireError);
    expect((err as RewireError).where).toBe(flag);
    expect((err as Error).message).toMatch(re);
    expect((err as Error).message).toMatch(/Fix:/);
  };
  it('defaults are a full voltage cycle with a compliance', () => {
    const p = parseSweepOptions({});
    expect(p).toMatchObject({ mode: 'voltage', ramp: { amplitude: 0.6, cycle: 'full' }, circuit: { compliance: 1e-4, seriesResistance: 1000 }, mdVoltsPerDeviceVolt: 10, gap: { kind: 'md' } });
    expect(parseSweepOptions({ mode: 'current', imax: '2e-5', vmax: '1' }).circuit).toEqual({ seriesResistance: 1000, compliance: 2e-5, voltageLimit: 1 });
    expect(parseSweepOptions({ gap: 'threshold:0.3:0.1:1' }).gap).toEqual({ kind: 'threshold', vSet: 0.3, vReset: 0.1, gOn: 1 });
  });
  it('bad options get named errors', () => {
    bad({ vmax: 'abc' }, '--vmax', /not a number/);
    bad({ vmax: '-1' }, '--vmax', /must be > 0/);
    bad({ compliance: '0' }, '--compliance', /must be > 0/);
    bad({ 'series-resistance': '-5' }, '--series-resistance', /≥ 0/);
    bad({ points: '2.5' }, '--points', /integer/);
    bad({ 'md-steps': '0' }, '--md-steps', /≥ 1/);
    bad({ 'md-scale': 'NaN' }, '--md-scale', /not a number/);
    bad({ mode: 'ac' }, '--mode', /unknown value 'ac'/);
    bad({ cycle: 'half' }, '--cycle', /unknown value/);
    bad({ mode: 'current' }, '--imax', /peak current/);
    bad({ imax: '1e-5' }, '--imax', /--mode current/);
    bad({ gap: 'fixed:-1' }, '--gap', /≥ 0/);
    bad({ gap: 'magic' }, '--gap', /unknown gap model/);
    bad({ gap: 'threshold:0.3:x:1' }, '--gap', /not a number/);
    bad({ model: 'dft' }, '--model', /use one of s, spd/);
  });
});
