/**
 * Benchmark: ReaxFF-Ag + QEq + EChemDID atom-steps/s on the CPU (float64) and WebGPU backends, for
 * the paper's two tips (42 Å base, 2480 atoms at a = 4.22 Å) and a larger pair (60 Å base), with
 * QEq CG iterations per step. 2 V between the fixed base layers, 1 fs.
 *
 * Step = EChemDID (10 sub-steps) + QEq (warm start) + density + force passes. When the engines
 * (src/md/cpuEngine.ts, src/gpu/engine.ts) exist, the steps run through them (NVT 800 K: atoms move,
 * so the QEq warm start is realistic); otherwise the potentials' per-step stages are timed directly
 * with the atoms held still (then QEq needs fewer iterations than in MD — reported as `mode`).
 *
 * Usage: npx tsx bench/reaxff.ts [--quick]   (prints JSON; --quick = paper size only)
 */
import { buildTips } from '../src/system/builders/tips.ts';
import type { System } from '../src/system/types.ts';
import { buildNeighborList } from '../src/neighbor/cellList.ts';
import { loadReaxffAg } from '../src/potentials/reaxff/ffield.ts';
import { ReaxffPotential } from '../src/potentials/reaxff/potential.ts';
import { ReaxffGpuPotential } from '../src/gpu/reaxff/potential.ts';
import { acquireGpu, type GpuContext } from '../src/gpu/device.ts';
import { createAtomBuffers, destroyAtomBuffers, simParamsFor } from '../src/gpu/atoms.ts';
import { GpuNeighborList } from '../src/gpu/neighborList.ts';

const VOLT = 2;
const SKIN = 1;

interface Case {
  label: string;
  system: System;
}

function cases(quick: boolean): Case[] {
  const out: Case[] = [{ label: 'paper tips (42 Å base)', system: buildTips({ base: 42, gap: 8.3, lattice: 4.22 }) }];
  if (!quick) out.push({ label: 'larger tips (60 Å base)', system: buildTips({ base: 60, gap: 8.3, lattice: 4.22 }) });
  return out;
}

async function cpuDirect(sys: System, steps: number): Promise<Record<string, unknown>> {
  const pot = new ReaxffPotential(sys, await loadReaxffAg(), { volt: VOLT, qeqTol: 1e-6 });
  const f = new Float64Array(3 * sys.n), e = new Float64Array(sys.n);
  const iters: number[] = [];
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    // The engine rebuilds lists only on skin violation; with still atoms one build per step is an upper bound.
    const nl = buildNeighborList(sys.positions, sys.n, sys.box, pot.cutoff + SKIN);
    pot.preForce(sys.positions, sys.box, nl, 1);
    pot.compute(sys.positions, sys.box, nl, f, e);
    iters.push(pot.extras().qeqIterations!);
  }
  const sec = (performance.now() - t0) / 1000;
  return { backend: 'cpu', mode: 'direct (atoms held still)', steps, seconds: sec, atomStepsPerSecond: (sys.n * steps) / sec, qeqIterationsPerStep: iters };
}

async function gpuDirect(gpu: GpuContext, sys: System, steps: number): Promise<Record<string, unknown>> {
  const pot = new ReaxffGpuPotential(sys, await loadReaxffAg(), { volt: VOLT });
  const params = simParamsFor(sys, pot.cutoff, SKIN, 1, 64);
  const atoms = createAtomBuffers(gpu, sys, 64, params);
  const nl = await GpuNeighborList.create(gpu, atoms, params);
  try {
    await nl.buildNow();
    await pot.bind(gpu, atoms);
    const encodeSteps = (m: number) => {
      const enc = gpu.device.createCommandEncoder();
      const pass = enc.beginComputePass();
      for (let s = 0; s < m; s++) {
        pot.encodePreForce(pass);
        pot.encodeForces(pass);
      }
      pass.end();
      gpu.device.queue.submit([enc.finish()]);
    };
    // Iterations per step (one readback per step), also the warm-up.
    const iters: number[] = [];
    for (let s = 0; s < Math.min(5, steps); s++) {
      encodeSteps(1);
      iters.push((await pot.readExtras()).qeqIterations!);
    }
    // Timed: batches of 10 steps, one readback at the end (as the engine does between thermo outputs).
    const t0 = performance.now();
    for (let done = 0; done < steps; done += 10) encodeSteps(Math.min(10, steps - done));
    const extras = await pot.readExtras();
    const sec = (performance.now() - t0) / 1000;
    return {
      backend: 'webgpu',
      adapter: gpu.description,
      mode: 'direct (atoms held still)',
      steps,
      seconds: sec,
      atomStepsPerSecond: (sys.n * steps) / sec,
      qeqIterationsPerStep: [...iters, extras.qeqIterations],
      qeqIterationsEncodedPerStep: pot.settings.qeq!.maxIter,
    };
  } finally {
    nl.dispose();
    destroyAtomBuffers(atoms);
    pot.dispose();
  }
}

/** Through the MD engines (runner/backend.ts createEngine), NVT 800 K; null when an engine is missing. */
async function viaEngine(backend: 'cpu' | 'webgpu', gpu: GpuContext | undefined, sys: System, steps: number): Promise<Record<string, unknown> | null> {
  let engine: import('../src/md/engine.ts').MDEngine;
  try {
    const { createEngine } = await import('../src/runner/backend.ts');
    const spec = { kind: 'reaxff' as const, echemdid: { volt: VOLT, k: 6, rc: 4, nelec: 10, norm: 'auto' as const }, qeq: { tol: 1e-6, maxIter: 200 } };
    engine = await createEngine(sys, spec, backend, gpu, { dt: 1, thermostat: { kind: 'nvt', temperature: 800, tdamp: 100, chain: 3 }, skin: SKIN, seed: 1 });
  } catch (e) {
    if (/Cannot find module|ERR_MODULE_NOT_FOUND|Failed to load/.test(String((e as Error).message))) return null;
    throw e;
  }
  try {
    const iters: number[] = [];
    for (let s = 0; s < 3; s++) {
      await engine.run(1);
      iters.push(Number((await engine.thermo()).extra?.qeqIterations ?? NaN));
    }
    const t0 = performance.now();
    await engine.run(steps);
    const th = await engine.thermo();
    const sec = (performance.now() - t0) / 1000;
    iters.push(Number(th.extra?.qeqIterations ?? NaN));
    return { backend, mode: 'engine, NVT 800 K', steps, seconds: sec, atomStepsPerSecond: (sys.n * steps) / sec, qeqIterationsPerStep: iters, temperature: th.temperature };
  } finally {
    engine.dispose();
  }
}

export async function benchReaxff(opts: { quick?: boolean; cpuSteps?: number; gpuSteps?: number } = {}): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { benchmark: 'reaxff', volt: VOLT, dt_fs: 1, results: [] as unknown[] };
  let gpu: GpuContext | null = null;
  try {
    gpu = await acquireGpu();
  } catch (e) {
    out.gpuError = (e as Error).message;
  }
  for (const c of cases(opts.quick ?? false)) {
    const row: Record<string, unknown> = { case: c.label, atoms: c.system.n };
    const cpuSteps = opts.cpuSteps ?? 5, gpuSteps = opts.gpuSteps ?? (gpu?.isFallback ? 10 : 200);
    row.cpu = (await viaEngine('cpu', undefined, c.system, cpuSteps)) ?? (await cpuDirect(c.system, cpuSteps));
    if (gpu) row.webgpu = (await viaEngine('webgpu', gpu, c.system, gpuSteps)) ?? (await gpuDirect(gpu, c.system, gpuSteps));
    (out.results as unknown[]).push(row);
  }
  gpu?.device.destroy();
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchReaxff({ quick: process.argv.includes('--quick') });
  console.log(JSON.stringify(r, null, 2));
}
