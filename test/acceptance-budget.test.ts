/**
 * The acceptance run's small logic (bench/acceptanceBudget.ts, bench/acceptance.ts): time slices
 * shrink after an overrun and never exceed the time left; timed runs stop at their window with a
 * fake clock; the paper protocol constants equal configs/paper-2V.json; tips sizes; exit codes.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { nextChunkSteps, runForSeconds, TimeBudget } from '../bench/acceptanceBudget.ts';
import { acceptancePlan, exitCodeFor, isSoftwareAdapter, layersForAtoms, PAPER_PROTOCOL, projectPaperProtocol, tipsAtoms } from '../bench/acceptance.ts';
import { judge } from '../bench/parity.ts';
import { buildTips } from '../src/system/builders/tips.ts';

/** A clock the test advances by hand. */
function fakeClock(t0 = 100) {
  let t = t0;
  return { now: () => t, advance: (s: number) => { t += s; } };
}

describe('TimeBudget', () => {
  it('splits the time left by weight and lets later parts share an overrun', () => {
    const c = fakeClock();
    const b = new TimeBudget(100, [{ name: 'a', weight: 1 }, { name: 'b', weight: 1 }, { name: 'c', weight: 2 }], c.now, 4);
    expect(b.sliceFor('a')).toBeCloseTo(24, 10); // 96 × 1/4
    c.advance(48); // part a overran: took 48 s instead of 24
    expect(b.sliceFor('b')).toBeCloseTo(16, 10); // 48 left × 1/3
    c.advance(16);
    expect(b.sliceFor('c')).toBeCloseTo(32, 10); // all that is left
    c.advance(40);
    expect(b.remaining()).toBe(0);
  });

  it('rejects unknown parts and bad weights with the name', () => {
    expect(() => new TimeBudget(10, [{ name: 'x', weight: 0 }])).toThrow(/'x'.*weight/);
    expect(() => new TimeBudget(10, [{ name: 'x', weight: 1 }]).sliceFor('y')).toThrow(/unknown part 'y'/);
  });
});

describe('nextChunkSteps / runForSeconds', () => {
  it('aims at the chunk length, never past the time left, at least one step', () => {
    expect(nextChunkSteps({ stepsPerSecond: 1000, chunkSeconds: 2, secondsLeft: 10, firstSteps: 5, maxSteps: 1e6 })).toBe(2000);
    expect(nextChunkSteps({ stepsPerSecond: 1000, chunkSeconds: 2, secondsLeft: 0.5, firstSteps: 5, maxSteps: 1e6 })).toBe(500);
    expect(nextChunkSteps({ stepsPerSecond: 0.1, chunkSeconds: 2, secondsLeft: 10, firstSteps: 5, maxSteps: 1e6 })).toBe(1);
    expect(nextChunkSteps({ stepsPerSecond: 1e9, chunkSeconds: 2, secondsLeft: 10, firstSteps: 5, maxSteps: 1000 })).toBe(1000);
    expect(nextChunkSteps({ stepsPerSecond: 0, chunkSeconds: 2, secondsLeft: 10, firstSteps: 5, maxSteps: 1000 })).toBe(5);
  });

  it('measures for the window at a constant rate and reports that rate', async () => {
    const c = fakeClock();
    const rate = 250; // steps/s of a fake engine
    let total = 0;
    const r = await runForSeconds(async (n) => { total += n; c.advance(n / rate + 0.001); }, 20, { warmupSteps: 10, clock: c.now });
    expect(r.warmupSteps).toBe(10);
    expect(r.seconds).toBeGreaterThanOrEqual(20);
    expect(r.seconds).toBeLessThan(20 * 1.05); // the last chunk is cut to the time left
    expect(r.stepsPerSecond).toBeGreaterThan(rate * 0.98);
    expect(r.stepsPerSecond).toBeLessThanOrEqual(rate);
    expect(r.chunks).toBeGreaterThanOrEqual(8);
    expect(total).toBe(r.steps + 10);
  });

  it('still times one chunk when a single step is longer than the window', async () => {
    const c = fakeClock();
    const r = await runForSeconds(async (n) => { c.advance(30 * n); }, 5, { warmupSteps: 1, clock: c.now });
    expect(r.steps).toBe(1);
    expect(r.chunks).toBe(1);
    expect(r.stepsPerSecond).toBeCloseTo(1 / 30, 10);
  });
});

describe('acceptance plan and projection', () => {
  it('paper protocol constants equal configs/paper-2V.json and the builder', () => {
    const cfg = JSON.parse(readFileSync(new URL('../configs/paper-2V.json', import.meta.url), 'utf8'));
    expect(PAPER_PROTOCOL.productionSteps).toBe(cfg.md.steps);
    expect(PAPER_PROTOCOL.equilibrationSteps).toBe(cfg.md.equilibrationSteps);
    expect(PAPER_PROTOCOL.dtFs).toBe(cfg.md.dt);
    for (const k of ['base', 'gap', 'lattice', 'fixedLayers'] as const) expect(PAPER_PROTOCOL.tips[k]).toBe(cfg.system[k]);
    expect(buildTips({ ...PAPER_PROTOCOL.tips }).n).toBe(PAPER_PROTOCOL.atoms);
  });

  it('projects 3.05 M steps at the measured rate', () => {
    const p = projectPaperProtocol(100);
    expect(p.steps).toBe(3_050_000);
    expect(p.projectedSeconds).toBe(30_500);
    expect(p.projectedHours).toBeCloseTo(8.47, 2);
  });

  it('tips sizes: m layers hold 2·Σk² atoms; the plan reaches 100k, 1M and 25k', () => {
    expect(tipsAtoms(15)).toBe(2480);
    expect(buildTips({ base: ((15 - 1) * 4.22) / Math.SQRT2, gap: 8.3, lattice: 4.22 }).n).toBe(2480);
    expect(tipsAtoms(layersForAtoms(1_000_000))).toBeGreaterThanOrEqual(1_000_000);
    expect(tipsAtoms(layersForAtoms(1_000_000) - 1)).toBeLessThan(1_000_000);
    const full = acceptancePlan({ quick: false, anchor: null });
    expect(full.cases.map((c) => c.part)).toEqual(['eam-2.6k', 'eam-100k', 'eam-1M', 'reaxff-2.5k', 'reaxff-25k']);
    expect(full.hardLimitSeconds).toBeLessThanOrEqual(360);
    expect(acceptancePlan({ quick: true, anchor: null }).cases.every((c) => !/1M|100k|25k/.test(c.part))).toBe(true);
  });

  it('software adapters are recognised; exit codes follow the verdict', () => {
    expect(isSoftwareAdapter({ isFallback: false, description: 'google swiftshader' })).toBe(true);
    expect(isSoftwareAdapter({ isFallback: false, description: 'nvidia hopper NVIDIA H200' })).toBe(false);
    expect(exitCodeFor({ verdict: { pass: true, complete: true } })).toBe(0);
    expect(exitCodeFor({ verdict: { pass: false, complete: true } })).toBe(1);
    expect(exitCodeFor({ verdict: { pass: false, reason: 'no WebGPU adapter' } })).toBe(2);
    expect(exitCodeFor({ verdict: { pass: false, complete: false } })).toBe(3);
  });

  it('a parity check passes only when every error is finite and within its bound', () => {
    expect(judge({ a: 1e-7, b: 0 }, { a: 1e-6, b: 0 })).toBe(true);
    expect(judge({ a: 2e-6 }, { a: 1e-6 })).toBe(false);
    expect(judge({ a: NaN }, { a: 1 })).toBe(false);
    expect(judge({}, { a: 1 })).toBe(false);
  });
});
