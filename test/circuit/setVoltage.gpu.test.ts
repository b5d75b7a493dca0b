/**
 * GpuEngine.setVoltage (ReaxFF + QEq + EChemDID on WebGPU; SwiftShader in CI): a run switched to
 * V before its first step equals a run started at V, and reversing the voltage reverses Φ.
 */
import { describe, expect, it } from 'vitest';
import { gpuContext } from '../helpers/gpu.ts';
import { buildTips } from '../../src/system/builders/tips.ts';
import { createEngine, type PotentialSpec } from '../../src/runner/backend.ts';
import type { EngineOptions } from '../../src/md/engine.ts';

const opts: EngineOptions = { dt: 1, skin: 1, seed: 3, thermostat: { kind: 'nvt', temperature: 300, tdamp: 100, chain: 3 } };
const reax = (volt: number): PotentialSpec => ({ kind: 'reaxff', echemdid: { volt, k: 6, rc: 4, nelec: 10, norm: 'auto' }, qeq: { tol: 1e-6, maxIter: 200 } });
const tips = () => buildTips({ base: 12, gap: 5.5, lattice: 4.22, fixedLayers: 1, seed: 1 });

describe('GpuEngine.setVoltage', async () => {
  const g = await gpuContext();
  it.skipIf(!g)('switching before the first step equals starting at that voltage; reversing reverses Φ', async () => {
    const sys = tips();
    const a = await createEngine(sys, reax(3), 'webgpu', g!, opts);
    const b = await createEngine(sys, reax(1), 'webgpu', g!, opts);
    b.setVoltage!(3);
    await a.run(10);
    await b.run(10);
    const pa = await a.snapshot(), pb = await b.snapshot();
    let d = 0;
    for (let k = 0; k < pa.phi!.length; k++) d = Math.max(d, Math.abs(pa.phi![k]! - pb.phi![k]!));
    expect(d).toBeLessThan(1e-6);
    let dx = 0;
    for (let k = 0; k < pa.positions.length; k++) dx = Math.max(dx, Math.abs(pa.positions[k]! - pb.positions[k]!));
    expect(dx).toBeLessThan(1e-5);
    b.setVoltage!(-3);
    await b.run(40);
    const pr = await b.snapshot();
    let lower = 0, c = 0;
    for (let i = 0; i < sys.n; i++) if (!sys.fixed[i] && sys.origin[i] === 0) { lower += pr.phi![i]!; c++; }
    expect(lower / c).toBeLessThan(-0.2);
    expect(() => b.setVoltage!(Infinity)).toThrow(/setVoltage: not a finite number/);
    a.dispose();
    b.dispose();
  });
});
