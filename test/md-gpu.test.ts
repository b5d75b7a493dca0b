/**
 * The WebGPU engine against its float64 twin (CpuEngine) and physical invariants, on SwiftShader
 * in CI: same trajectory for a few hundred steps, NVE conservation, NVT mean temperature, fixed
 * atoms, checkpoint continuity, and exactness of the double-single two-sum the drift relies on.
 */
import { describe, expect, it } from 'vitest';
import { gpuContext } from './helpers/gpu.ts';
import { buildTips } from '../src/system/builders/tips.ts';
import { loadEamPotential } from '../src/potentials/eam/index.ts';
import { loadEamGpuPotential } from '../src/gpu/eam.ts';
import { CpuEngine } from '../src/md/cpuEngine.ts';
import { GpuEngine } from '../src/gpu/engine.ts';
import type { EngineOptions } from '../src/md/engine.ts';

const tips = () => buildTips({ base: 20, gap: 8.3, lattice: 4.09, fixedLayers: 1 });
const opts = (kind: 'nve' | 'nvt', T0 = 800): EngineOptions => ({ dt: 1, skin: 1, seed: 5, initialTemperature: T0, thermostat: { kind, temperature: 800, tdamp: 100, chain: 3 } });

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let k = 0; k < a.length; k++) d = Math.max(d, Math.abs(a[k]! - b[k]!));
  return d;
}

describe('WebGPU engine vs the float64 CPU engine (EAM tips, 408 atoms)', async () => {
  const g = await gpuContext();
  const cpuPot = await loadEamPotential();

  it.skipIf(!g)('follows the CPU trajectory (NVT, 200 steps) and matches thermo', async () => {
    const gpu = await GpuEngine.create(g!, tips(), await loadEamGpuPotential(), opts('nvt'));
    const cpu = await CpuEngine.create(tips(), cpuPot, opts('nvt'));
    // one step: integration-step parity (kick, drift, NHC) on identical inputs
    await gpu.run(1); await cpu.run(1);
    let a = await gpu.snapshot(), b = await cpu.snapshot();
    expect(maxAbsDiff(a.positions, b.positions)).toBeLessThan(1e-6); // f32 velocity × 1 fs
    expect(maxAbsDiff(a.velocities, b.velocities)).toBeLessThan(1e-6); // Å/fs; |v| ~ 0.03
    await gpu.run(199); await cpu.run(199);
    a = await gpu.snapshot(); b = await cpu.snapshot();
    // chaotic divergence from f32 forces stays small over 200 fs
    expect(maxAbsDiff(a.positions, b.positions)).toBeLessThan(2e-3);
    const tg = await gpu.thermo(), tc = await cpu.thermo();
    expect(Math.abs(tg.temperature - tc.temperature)).toBeLessThan(1);
    expect(Math.abs(tg.potential - tc.potential) / Math.abs(tc.potential)).toBeLessThan(1e-5);
    expect(Math.abs(tg.conserved - tc.conserved)).toBeLessThan(0.02);
    gpu.dispose();
  });

  it.skipIf(!g)('conserves energy in NVE and never moves fixed atoms', async () => {
    const sys = tips();
    const x0 = Float64Array.from(sys.positions);
    const gpu = await GpuEngine.create(g!, sys, await loadEamGpuPotential(), opts('nve', 1600));
    await gpu.run(200);
    const e0 = (await gpu.thermo()).total;
    let worst = 0;
    for (let k = 0; k < 4; k++) {
      await gpu.run(200);
      worst = Math.max(worst, Math.abs((await gpu.thermo()).total - e0) / sys.n);
    }
    // f32 forces + double-single positions: measured ~1e-6 eV/atom here; bound at 2e-5.
    expect(worst).toBeLessThan(2e-5);
    console.log(`GPU NVE: max |E(t) − E(0)| per atom over 0.8 ps = ${worst.toExponential(2)} eV`);
    const x = (await gpu.snapshot()).positions;
    // hi + lo reproduces the uploaded coordinate to ~1e-14 Å; a moved atom would differ by ≥ 1e-4 Å.
    let moved = 0;
    for (let i = 0; i < sys.n; i++) if (sys.fixed[i]) for (let d = 0; d < 3; d++) moved = Math.max(moved, Math.abs(x[3 * i + d]! - x0[3 * i + d]!));
    expect(moved).toBeLessThan(1e-12);
    gpu.dispose();
  });

  it.skipIf(!g)('keeps the mean temperature within 2% in NVT', async () => {
    const gpu = await GpuEngine.create(g!, tips(), await loadEamGpuPotential(), opts('nvt'));
    await gpu.run(500);
    let sum = 0;
    const m = 30;
    for (let k = 0; k < m; k++) { await gpu.run(50); sum += (await gpu.thermo()).temperature; }
    // 408 atoms: instantaneous T fluctuates by sqrt(2/N_f) ≈ 4%; the mean over 1.5 ps is well inside 2%.
    expect(Math.abs(sum / m - 800) / 800).toBeLessThan(0.02);
    gpu.dispose();
  });

  it.skipIf(!g)('resumes from a checkpoint on the same trajectory', async () => {
    const a = await GpuEngine.create(g!, tips(), await loadEamGpuPotential(), opts('nvt'));
    await a.run(50);
    const ck = await a.checkpoint();
    await a.run(50);
    const b = await GpuEngine.create(g!, tips(), await loadEamGpuPotential(), opts('nvt'));
    await b.restore(ck);
    await b.run(50);
    // the checkpoint stores hi+lo positions and f32 chain state exactly; only the re-evaluated
    // forces after restore may differ in the last bit (list order), so allow f32-level noise.
    expect(maxAbsDiff((await a.snapshot()).positions, (await b.snapshot()).positions)).toBeLessThan(1e-4);
    expect(b.step).toBe(100);
    a.dispose(); b.dispose();
  });
});
