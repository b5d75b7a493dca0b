/**
 * The seed pool (src/runner/seedPool.ts) and the kinetics statistics: results are appended as seeds
 * finish, --resume skips finished seeds and refuses changed parameters, worker threads return the
 * same results as inline jobs, and the statistics of synthetic bridge times (censored seeds count
 * as "> allowed") match values worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readSeedRecords, runSeedPool, SEEDS_FILE } from '../../src/runner/seedPool.ts';
import { bridgeStats, quantile, type SeedOutcome } from '../../src/analysis/bridgeStats.ts';
import { planTasks, summarize, validatePlan, pointsCsv } from '../../src/runner/commands/kinetics.ts';

const job = new URL('./fixtures/squareJob.ts', import.meta.url);
const tasks = (xs: number[]) => xs.map((x) => ({ key: `x=${x}`, input: { x } }));

describe('seed pool', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rewire-pool-'));

  it('runs every task, appends one JSON line per finished seed, and resumes without rerunning', async () => {
    const dir = path.join(tmp, 'a');
    const first = await runSeedPool<{ x: number }, { y: number }>({ tasks: tasks([1, 2, 3]), job, workers: 0, dir });
    expect(first.map((r) => r.result.y)).toEqual([1, 4, 9]);
    expect(fs.readFileSync(path.join(dir, SEEDS_FILE), 'utf8').trim().split('\n')).toHaveLength(3);
    // a kill mid-write leaves a truncated last line: it is ignored
    fs.appendFileSync(path.join(dir, SEEDS_FILE), '{"key":"x=4","inp');
    const started: string[] = [], cached: string[] = [];
    const all = await runSeedPool<{ x: number }, { y: number }>({
      tasks: tasks([1, 2, 3, 4, 5]), job, workers: 0, dir, resume: true,
      onStart: (t) => void started.push(t.key),
      onResult: (r, c) => void (c && cached.push(r.key)),
    });
    expect(started).toEqual(['x=4', 'x=5']);
    expect(cached).toEqual(['x=1', 'x=2', 'x=3']);
    expect(all.map((r) => r.result.y)).toEqual([1, 4, 9, 16, 25]);
    expect(readSeedRecords(dir).map((r) => r.key).sort()).toEqual(['x=1', 'x=2', 'x=3', 'x=4', 'x=5']);
  });

  it('refuses to overwrite a folder without --resume, and a resume with changed parameters', async () => {
    const dir = path.join(tmp, 'b');
    await runSeedPool({ tasks: tasks([1]), job, workers: 0, dir });
    await expect(runSeedPool({ tasks: tasks([1]), job, workers: 0, dir })).rejects.toThrow(/--resume/);
    await expect(runSeedPool({ tasks: [{ key: 'x=1', input: { x: 7 } }], job, workers: 0, dir, resume: true })).rejects.toThrow(/other parameters/);
    await expect(runSeedPool({ tasks: [...tasks([2]), ...tasks([2])], job, workers: 0 })).rejects.toThrow(/share the key/);
  });

  it('runs seeds in worker threads with the same results, and reports a failing seed', async () => {
    const recs = await runSeedPool<{ x: number }, { y: number; thread: boolean }>({ tasks: tasks([2, 3, 4]), job, workers: 2, dir: null });
    expect(recs.map((r) => r.result)).toEqual([{ y: 4, thread: true }, { y: 9, thread: true }, { y: 16, thread: true }]);
    await expect(runSeedPool({ tasks: tasks([13]), job, workers: 1 })).rejects.toThrow(/thirteen/);
  }, 30_000);
});

const seed = (t: number | null, allowed = 20, lower = 0, upper = 1): SeedOutcome => ({ bridged: t !== null, bridge_ps: t, simulated_ps: t ?? allowed, gap_atoms: lower + upper, from_lower: lower, from_upper: upper });

describe('bridge statistics', () => {
  it('quantiles interpolate between order statistics and are unknown when they touch a censored seed', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([1, 2, Infinity], 0.5)).toBe(2);
    expect(quantile([1, 2, Infinity, Infinity], 0.5)).toBeNull();
    expect(quantile([], 0.5)).toBeNull();
  });

  it('counts the bridged fraction, median, IQR, min–max and the source tip over seeds', () => {
    // bridge times 0.5, 1.0, 1.5, 3.0 ps and one seed without a bridge in 20 ps
    const s = bridgeStats([seed(1.0, 20, 0, 2), seed(null, 20, 1, 0), seed(0.5), seed(3.0), seed(1.5, 20, 1, 1)]);
    expect(s.seeds).toBe(5);
    expect(s.bridged).toBe(4);
    expect(s.fraction).toBeCloseTo(0.8, 12);
    expect(s.median_ps).toBe(1.5); // sorted 0.5, 1, 1.5, 3, ∞
    expect(s.q1_ps).toBe(1.0);
    expect(s.q3_ps).toBe(3.0);
    expect(s.iqr_ps).toBe(2.0);
    expect([s.min_ps, s.max_ps]).toEqual([0.5, 3.0]);
    expect(s.censored_after_ps).toBe(20);
    expect([s.gap_from_lower, s.gap_from_upper]).toEqual([2, 5]);
    expect(s.upper_fraction).toBeCloseTo(5 / 7, 12);
  });

  it('gives no median when at most half of the seeds bridged', () => {
    const s = bridgeStats([seed(2), seed(null), seed(null), seed(4)]);
    expect(s.fraction).toBe(0.5);
    expect(s.median_ps).toBeNull();
    expect(s.q1_ps).toBe(3.5); // (n−1)p = 0.75 between 2 and 4
    expect(s.q3_ps).toBeNull();
    const none = bridgeStats([seed(null, 5, 0, 0)]);
    expect([none.bridged, none.median_ps, none.min_ps, none.upper_fraction, none.censored_after_ps]).toEqual([0, null, null, null, 5]);
  });
});

describe('kinetics plans', () => {
  it('the fig-s3 preset is a valid plan with the issue\'s seeds per voltage', () => {
    const raw = JSON.parse(fs.readFileSync(new URL('../../configs/kinetics-fig-s3.json', import.meta.url), 'utf8'));
    const plan = validatePlan(raw, 'kinetics-fig-s3.json');
    const t = planTasks(plan);
    const count = (base: number, gap: number, volt: number) => t.filter((x) => x.input.base === base && x.input.gap === gap && x.input.volt === volt).length;
    for (const gap of [5, 5.5, 6]) expect([count(18, gap, 0), count(18, gap, 2), count(18, gap, 4), count(18, gap, 8)]).toEqual([10, 5, 5, 10]);
    expect(count(30, 8.3, 8)).toBe(1);
    expect(t[0]!.input).toMatchObject({ base: 30, maxPs: 100 }); // the longest seed starts first
    expect(new Set(t.map((x) => x.key)).size).toBe(t.length);
  });

  it('names the field of a bad plan', () => {
    expect(() => validatePlan({ groups: [{ base: 18, gaps: [5], volts: [8], seeds: 2, maxPs: -1 }] }, 'p.json')).toThrow(/groups\[0\]\.maxPs.*positive/);
    expect(() => validatePlan({ groups: [{ base: 18, gaps: [5], volts: [8], seeds: 2, maxPs: 1, sedes: 3 }] }, 'p.json')).toThrow(/unknown field/);
    expect(() => validatePlan({ potential: 'eam', groups: [{ base: 18, gaps: [5], volts: [8], seeds: 1, maxPs: 1 }] }, 'p.json')).toThrow(/only 0 V/);
  });

  it('summarizes finished seeds per point and writes one CSV row per point', () => {
    const plan = validatePlan({ groups: [{ base: 18, gaps: [5, 6], volts: [8], seeds: 2, maxPs: 10 }] }, 'p');
    const recs = planTasks(plan).map((t, k) => ({ key: t.key, input: t.input, result: { atoms: 280, cross_section: 1, wall_s: 1, ...seed(t.input.gap === 5 ? 1 + k : null, 10) } }));
    const pts = summarize(plan, recs);
    expect(pts.map((p) => [p.gap, p.bridged, p.seeds])).toEqual([[5, 2, 2], [6, 0, 2]]);
    const csv = pointsCsv(pts).trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toMatch(/^base,atoms,gap,volt,allowed_ps,seeds_planned,seeds,bridged,fraction,median_ps/);
  });
});
