/**
 * WebGPU engine with ReaxFF + QEq + EChemDID: a checkpoint of the engine itself (thermostat chain +
 * Φ + charge histories) restores into a fresh engine and continues the same trajectory. (Before the
 * fix, restore() handed the thermostat's nhcEta arrays to the potential, which rejected them.)
 * The browser demo changes voltage and temperature this way.
 */
import { describe, expect, it } from 'vitest';
import { buildTips } from '../src/system/builders/tips.ts';
import { createEngine, type PotentialSpec } from '../src/runner/backend.ts';
import type { EngineOptions } from '../src/md/engine.ts';
import { gpuContext } from './helpers/gpu.ts';

const g = await gpuContext();
const tips = () => buildTips({ base: 12, gap: 6, lattice: 4.22, rattle: 0.05, seed: 4 });
const spec = (volt: number): PotentialSpec => ({ kind: 'reaxff', echemdid: { volt, k: 6, rc: 4, nelec: 10, norm: 'auto' }, qeq: { tol: 1e-6, maxIter: 200 } });
const opts: EngineOptions = { dt: 1, skin: 1, seed: 5, thermostat: { kind: 'nvt', temperature: 800, tdamp: 100, chain: 3 } };
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describe('WebGPU ReaxFF engine checkpoint/restore', () => {
  it.skipIf(!g)('continues the same trajectory (positions, charges, Φ) from its own checkpoint', async () => {
    const a = await createEngine(tips(), spec(2), 'webgpu', g!, opts);
    await a.run(10);
    const ck = await a.checkpoint();
    await a.run(10);
    const b = await createEngine(tips(), spec(2), 'webgpu', g!, opts);
    await b.restore(ck);
    await b.run(10);
    const sa = await a.snapshot(), sb = await b.snapshot();
    expect(b.step).toBe(20);
    // f32 forces re-evaluated after the restore may differ in the last bits (neighbour order)
    expect(maxAbsDiff(sa.positions, sb.positions)).toBeLessThan(1e-4);
    expect(maxAbsDiff(sa.charges!, sb.charges!)).toBeLessThan(1e-4);
    expect(maxAbsDiff(sa.phi!, sb.phi!)).toBeLessThan(1e-4);
    a.dispose();
    b.dispose();
  });

  it.skipIf(!g)('restored at the reversed voltage, the tips charge with the opposite sign', async () => {
    const sys = tips();
    const a = await createEngine(sys, spec(4), 'webgpu', g!, opts);
    await a.run(20);
    const tipQ = (q: Float64Array) => {
      let lower = 0;
      for (let i = 0; i < sys.n; i++) if (sys.origin[i] === 0) lower += q[i]!;
      return lower;
    };
    const q0 = tipQ((await a.snapshot()).charges!);
    const b = await createEngine(sys, spec(-4), 'webgpu', g!, opts);
    await b.restore(await a.checkpoint());
    await b.run(20);
    const q1 = tipQ((await b.snapshot()).charges!);
    expect(q0).toBeLessThan(-0.5); // the +V/2 tip is the cathode (md-physics.md §3.3)
    expect(q1).toBeGreaterThan(0.5);
    a.dispose();
    b.dispose();
  });
});
