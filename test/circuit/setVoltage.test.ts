/**
 * setVoltage on a running engine (the hook `rewire sweep` drives): changing the EChemDID voltage
 * before a step is the same trajectory as starting at that voltage; reversing it reverses Φ and
 * the charges of the tips; bad values and potentials without a voltage get named errors.
 */
import { describe, expect, it } from 'vitest';
import { buildTips } from '../../src/system/builders/tips.ts';
import { createEngine, type PotentialSpec } from '../../src/runner/backend.ts';
import type { EngineOptions, MDEngine } from '../../src/md/engine.ts';

const opts: EngineOptions = { dt: 1, skin: 1, seed: 3, thermostat: { kind: 'nvt', temperature: 300, tdamp: 100, chain: 3 } };
const reax = (volt: number): PotentialSpec => ({ kind: 'reaxff', echemdid: { volt, k: 6, rc: 4, nelec: 10, norm: 'auto' }, qeq: { tol: 1e-8, maxIter: 200 } });
const tips = () => buildTips({ base: 12, gap: 5.5, lattice: 4.22, fixedLayers: 1, seed: 1 });

/** Mean over the mobile atoms of one tip (origin 0 = lower, group_plus side). */
function tipMean(sys: ReturnType<typeof tips>, a: Float64Array, origin: number): number {
  let s = 0, c = 0;
  for (let i = 0; i < sys.n; i++) if (!sys.fixed[i] && sys.origin[i] === origin) { s += a[i]!; c++; }
  return s / c;
}

describe('MDEngine.setVoltage (CPU ReaxFF + QEq + EChemDID)', () => {
  it('switching to V before a step gives the trajectory of a run started at V', async () => {
    const sys = tips();
    const a = await createEngine(sys, reax(3), 'cpu', undefined, opts);
    const b = await createEngine(sys, reax(1), 'cpu', undefined, opts);
    b.setVoltage!(3);
    await a.run(15);
    await b.run(15);
    const sa = await a.snapshot(), sb = await b.snapshot();
    expect(Array.from(sb.positions)).toEqual(Array.from(sa.positions));
    expect(Array.from(sb.phi!)).toEqual(Array.from(sa.phi!));
    expect(Array.from(sb.charges!)).toEqual(Array.from(sa.charges!));
  });

  it('reversing the voltage reverses Φ and the tip charges', async () => {
    const sys = tips();
    const e: MDEngine = await createEngine(sys, reax(2), 'cpu', undefined, opts);
    await e.run(40);
    const s1 = await e.snapshot();
    // +V/2 on the lower tip's base: its mobile atoms sit at Φ > 0 (and carry a net charge)
    expect(tipMean(sys, s1.phi!, 0)).toBeGreaterThan(0.2);
    expect(tipMean(sys, s1.phi!, 1)).toBeLessThan(-0.2);
    const q1 = tipMean(sys, s1.charges!, 0);
    expect(Math.abs(q1)).toBeGreaterThan(0.005);
    e.setVoltage!(-2);
    await e.run(40);
    const s2 = await e.snapshot();
    expect(tipMean(sys, s2.phi!, 0)).toBeLessThan(-0.2);
    expect(tipMean(sys, s2.phi!, 1)).toBeGreaterThan(0.2);
    // QEq charges are linear in Φ: the reversed voltage reverses the tip's net charge
    expect(Math.sign(tipMean(sys, s2.charges!, 0))).toBe(-Math.sign(q1));
    expect(Math.abs(tipMean(sys, s2.charges!, 0))).toBeGreaterThan(0.005);
    // back to 0 V: Φ relaxes towards 0 everywhere
    e.setVoltage!(0);
    await e.run(60);
    const s3 = await e.snapshot();
    expect(Math.max(...Array.from(s3.phi!, Math.abs))).toBeLessThan(0.05);
  });

  it('names bad voltages and potentials without one', async () => {
    const sys = tips();
    const e = await createEngine(sys, reax(1), 'cpu', undefined, opts);
    expect(() => e.setVoltage!(NaN)).toThrow(/setVoltage: not a finite number/);
    const eam = await createEngine(buildTips({ base: 12, gap: 5.5, lattice: 4.09 }), { kind: 'eam' }, 'cpu', undefined, opts);
    expect(() => eam.setVoltage!(1)).toThrow(/eam potential has no applied voltage.*Fix: use the ReaxFF/);
  });
});
