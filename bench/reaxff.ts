/**
 * Benchmark: ReaxFF-Ag + QEq + EChemDID atom-steps/s on the CPU (float64) and WebGPU backends, for
 * the paper's two tips (42 Å base, 2480 atoms at a = 4.22 Å) and a larger pair (60 Å base), with
 * QEq CG iterations per step. 2 V between the fixed base layers, 1 fs; Φ starts at its EChemDID
 * steady state (±V/2 per tip, withSteadyPhi), the biased state LAMMPS gets as χ ± V/2.
 *
 * Step = EChemDID (10 sub-steps) + QEq (warm start) + density + force passes. When the engines
 * (src/md/cpuEngine.ts, src/gpu/engine.ts) exist, the steps run through them (NVT 800 K: atoms move,
 * so the QEq warm start is realistic); otherwise the potentials' per-step stages are timed directly
 * with the atoms held still (then QEq needs fewer iterations than in MD — reported as `mode`).
 *
 * CPU rows run on `threads` threads with the tabulated nonbonded kernel (the MD default); with a
 * LAMMPS executable (bench/lammps.ts) each CPU row gets the same case in LAMMPS (REAXFF + qeq/reaxff,
 * OpenMP on the same threads, bias as χ ± V/2 per tip) and `ratioToLammps`. `sizes` adds tips of
 * ~1k … 64k atoms for the scaling.
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
import { lammpsReaxff, plusTipMask, type LammpsInfo } from './lammps.ts';
import { SIZES } from './md.ts';

const VOLT = 2;
const SKIN = 1;

interface Case {
  label: string;
  system: System;
}

/**
 * Φ at the EChemDID steady state of the two disconnected tips (+V/2 on the +1 electrode's tip, −V/2
 * on the other): the same biased system LAMMPS gets as χ ± V/2 per tip, so neither code times the
 * charging transient of the first ~50 fs (Φ spreading from the bases, the QEq right-hand side
 * changing every step). EChemDID still runs its sub-steps every step (on a stationary Φ).
 */
function withSteadyPhi(sys: System): System {
  const plus = plusTipMask(sys);
  return { ...sys, phi: Float64Array.from(plus, (p) => (p ? VOLT / 2 : -VOLT / 2)) };
}

const A = 4.22;
function cases(quick: boolean, sizes: string[]): Case[] {
  const out: Case[] = [{ label: 'paper tips (42 Å base)', system: withSteadyPhi(buildTips({ base: 42, gap: 8.3, lattice: A })) }];
  if (!quick && sizes.length === 0) out.push({ label: 'larger tips (60 Å base)', system: withSteadyPhi(buildTips({ base: 60, gap: 8.3, lattice: A })) });
  for (const label of sizes) {
    const m = SIZES[label];
    if (!m) throw new Error(`--reaxff-sizes: unknown size '${label}' (use ${Object.keys(SIZES).join(', ')})`);
    out.push({ label: `tips ${label}`, system: withSteadyPhi(buildTips({ base: ((m - 1) * A) / Math.SQRT2, gap: 8.3, lattice: A, fixedLayers: 1 })) });
  }
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
async function viaEngine(backend: 'cpu' | 'webgpu', gpu: GpuContext | undefined, sys: System, steps: number, threads = 1): Promise<Record<string, unknown> | null> {
  let engine: import('../src/md/engine.ts').MDEngine;
  try {
    const { createEngine } = await import('../src/runner/backend.ts');
    const spec = { kind: 'reaxff' as const, echemdid: { volt: VOLT, k: 6, rc: 4, nelec: 10, norm: 'auto' as const }, qeq: { tol: 1e-6, maxIter: 200 } };
    engine = await createEngine(sys, spec, backend, gpu, { dt: 1, thermostat: { kind: 'nvt', temperature: 800, tdamp: 100, chain: 3 }, skin: SKIN, seed: 1, threads });
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
    const qeqMean = Number(th.extra?.qeqIterations ?? NaN);
    return { backend, ...(backend === 'cpu' ? { threads, nonbonded: 'tabulated (r² Hermite table)' } : {}), mode: 'engine, NVT 800 K', steps, seconds: sec, atomStepsPerSecond: Math.round((sys.n * steps) / sec), qeqIterationsPerStep: iters, qeqIterationsLast: qeqMean, temperature: th.temperature };
  } finally {
    engine.dispose();
  }
}

export async function benchReaxff(opts: { quick?: boolean; cpuSteps?: number; gpuSteps?: number; threads?: number; lammps?: LammpsInfo | null; sizes?: string[]; backends?: ('cpu' | 'webgpu')[] } = {}): Promise<Record<string, unknown>> {
  const threads = opts.threads ?? 1;
  const out: Record<string, unknown> = { benchmark: 'reaxff', volt: VOLT, dt_fs: 1, threads, results: [] as unknown[] };
  let gpu: GpuContext | null = null;
  if (!opts.backends || opts.backends.includes('webgpu')) {
    try {
      gpu = await acquireGpu();
    } catch (e) {
      out.gpuError = (e as Error).message;
    }
  }
  const lammps = opts.lammps && opts.lammps.packages.includes('REAXFF') ? opts.lammps : null;
  if (opts.lammps && !lammps) out.lammps = 'the LAMMPS executable has no REAXFF package: no ratio';
  for (const c of cases(opts.quick ?? false, opts.sizes ?? [])) {
    const row: Record<string, unknown> = { case: c.label, atoms: c.system.n };
    // ~2e5 atom-steps per CPU case (≥ 5 steps), after 3 warm-up steps (QEq cold start, first rebuild)
    const cpuSteps = opts.cpuSteps ?? Math.max(5, Math.round(2e5 / c.system.n / 5) * 5);
    const gpuSteps = opts.gpuSteps ?? (gpu?.isFallback ? 10 : 200);
    const cpu = (await viaEngine('cpu', undefined, c.system, cpuSteps, threads)) ?? (await cpuDirect(c.system, cpuSteps));
    row.cpu = cpu;
    if (lammps) {
      try {
        const l = lammpsReaxff(lammps, c.system, VOLT, cpuSteps, threads);
        row.lammps = l;
        row.ratioToLammps = +((cpu.atomStepsPerSecond as number) / l.atomStepsPerSecond).toFixed(3);
      } catch (e) {
        row.lammps = { error: (e as Error).message };
      }
    }
    if (gpu) row.webgpu = (await viaEngine('webgpu', gpu, c.system, gpuSteps)) ?? (await gpuDirect(gpu, c.system, gpuSteps));
    (out.results as unknown[]).push(row);
  }
  const scal = (out.results as Record<string, unknown>[]).filter((r) => String(r.case).startsWith('tips '));
  if (scal.length >= 2) {
    const rates = scal.map((r) => (r.cpu as Record<string, number>).atomStepsPerSecond!);
    out.scalingCpu = { ...Object.fromEntries(scal.map((r, k) => [String(r.case).slice(5), rates[k]])), maxOverMin: +(Math.max(...rates) / Math.min(...rates)).toFixed(3) };
  }
  gpu?.device.destroy();
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchReaxff({ quick: process.argv.includes('--quick') });
  console.log(JSON.stringify(r, null, 2));
}
