/**
 * The paper's MD through the engines: ReaxFF-Ag + QEq (+ EChemDID) in NVE without voltage
 * (energy conservation), and the WebGPU engine against the float64 engine with 8 V applied.
 */
import { describe, expect, it } from 'vitest';
import { buildTips } from '../src/system/builders/tips.ts';
import { createEngine, type PotentialSpec } from '../src/runner/backend.ts';
import type { EngineOptions } from '../src/md/engine.ts';
import { gpuContext } from './helpers/gpu.ts';

const tips = () => buildTips({ base: 20, gap: 8.3, lattice: 4.22 }); // 408 atoms
const spec = (volt: number): PotentialSpec => ({ kind: 'reaxff', echemdid: volt ? { volt, k: 6, rc: 4, nelec: 10, norm: 'auto' } : null, qeq: { tol: 1e-8, maxIter: 200 } });
const opts = (kind: 'nve' | 'nvt'): EngineOptions => ({ dt: 1, skin: 1, seed: 3, initialTemperature: 800, thermostat: { kind, temperature: 800, tdamp: 100, chain: 3 } });

describe('ReaxFF-Ag MD', async () => {
  it('conserves energy in NVE with the voltage off (CPU, 408 atoms, 0.3 ps)', async () => {
    const eng = await createEngine(tips(), spec(0), 'cpu', undefined, opts('nve'));
    await eng.run(100);
    const e0 = (await eng.thermo()).conserved;
    let worst = 0;
    for (let k = 0; k < 3; k++) {
      await eng.run(100);
      const t = await eng.thermo();
      worst = Math.max(worst, Math.abs(t.conserved - e0) / 408);
      expect(Math.abs(t.extra!.E_coul!)).toBeLessThan(1e-10); // no voltage → no charges
    }
    // measured ~5e-7 eV/atom over 0.8 ps (the BO cutoff at 4.52 Å has a small force jump)
    expect(worst).toBeLessThan(5e-6);
  });

  const g = await gpuContext();
  it.skipIf(!g)('WebGPU engine follows the CPU engine at 8 V (charges, Φ, thermo)', async () => {
    const cpu = await createEngine(tips(), spec(8), 'cpu', undefined, opts('nvt'));
    const gpu = await createEngine(tips(), { ...spec(8), qeq: { tol: 1e-6, maxIter: 200 } }, 'webgpu', g!, opts('nvt'));
    await cpu.run(20);
    await gpu.run(20);
    const a = await cpu.snapshot(), b = await gpu.snapshot();
    let dq = 0, dphi = 0, dx = 0, qsum = 0;
    for (let i = 0; i < 408; i++) {
      dq = Math.max(dq, Math.abs(a.charges![i]! - b.charges![i]!));
      dphi = Math.max(dphi, Math.abs(a.phi![i]! - b.phi![i]!));
      qsum += b.charges![i]!;
    }
    for (let k = 0; k < a.positions.length; k++) dx = Math.max(dx, Math.abs(a.positions[k]! - b.positions[k]!));
    expect(dx).toBeLessThan(1e-4);
    expect(dphi).toBeLessThan(1e-4);
    expect(dq).toBeLessThan(1e-4);
    expect(Math.abs(qsum)).toBeLessThan(1e-4);
    const tc = await cpu.thermo(), tg = await gpu.thermo();
    expect(Math.abs(tc.temperature - tg.temperature)).toBeLessThan(0.5);
    cpu.dispose();
    gpu.dispose();
  });
});
