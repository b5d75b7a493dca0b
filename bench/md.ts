/**
 * Benchmark: EAM (Ag_u3) NVT at 800 K on the paper's geometry (two pyramidal tips) scaled to
 * ~1k, 4k, 16k, 64k (and optionally 100k) atoms, for each backend; plus the exact LAMMPS anchor
 * system (test/fixtures/tips42.data, 2652 atoms; LAMMPS 20220106 on 1 core: 1.48 M atom-steps/s)
 * and per-stage GPU times from timestamp queries. CPU rows run on `threads` threads; with a LAMMPS
 * executable (bench/lammps.ts) each CPU row gets the same case timed in LAMMPS (OpenMP, same
 * threads) and `ratioToLammps` = rewire / LAMMPS atom-steps/s; with `repeat` > 1 both codes run
 * alternately that many times and the row compares their best runs (samples listed).
 */
import { fileURLToPath } from 'node:url';
import { lammpsEam, type LammpsInfo, type LammpsTiming } from './lammps.ts';
import { buildTips } from '../src/system/builders/tips.ts';
import { readStructure } from '../src/io/structure.ts';
import type { System } from '../src/system/types.ts';
import type { GpuContext } from '../src/gpu/device.ts';
import type { MDEngine } from '../src/md/engine.ts';
import { createEngine } from '../src/runner/backend.ts';

const A = 4.09;
/** m layers per tip → 2·m(m+1)(2m+1)/6 atoms; base edge (m−1)·a/√2. */
function tipsWithLayers(m: number): System {
  return buildTips({ base: ((m - 1) * A) / Math.SQRT2, gap: 8.3, lattice: A, fixedLayers: 1 });
}

export const SIZES: Record<string, number> = { '1k': 11, '4k': 18, '16k': 28, '64k': 45, '100k': 53 };

async function timeEngine(sys: System, backend: 'cpu' | 'webgpu', gpu: GpuContext | undefined, targetAtomSteps: number, threads: number) {
  const engine: MDEngine = await createEngine(sys, { kind: 'eam' }, backend, gpu, { dt: 1, skin: 1, seed: 1, thermostat: { kind: 'nvt', temperature: 800, tdamp: 100, chain: 3 }, threads });
  try {
    const steps = Math.max(10, Math.round(targetAtomSteps / sys.n / 10) * 10);
    // warm-up: pipelines, first rebuilds, and the JIT tiering up the kernels on every thread (a
    // quarter of the timed steps: after 20 steps alone the CPU rows read 10-30 % low)
    await engine.run(Math.max(20, Math.round(steps / 4)));
    await engine.thermo();
    const t0 = performance.now();
    await engine.run(steps);
    const th = await engine.thermo(); // forces completion of the GPU work
    const sec = (performance.now() - t0) / 1000;
    const row: Record<string, unknown> = {
      backend, ...(backend === 'cpu' ? { threads } : {}), atoms: sys.n, steps, seconds: +sec.toFixed(3),
      stepsPerSecond: +(steps / sec).toFixed(1), atomStepsPerSecond: Math.round((sys.n * steps) / sec),
      temperature: +th.temperature.toFixed(1),
    };
    const prof = (engine as { profile?: (n: number) => Promise<Record<string, number> | null> }).profile;
    if (backend === 'webgpu' && prof) {
      const p = await prof.call(engine, 3);
      if (p) row.gpuMsPerStepByStage = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, +v.toFixed(4)]));
    }
    return row;
  } finally {
    engine.dispose();
  }
}

/**
 * One bench row: rewire's engine and, for CPU rows with a LAMMPS executable, the same case in LAMMPS
 * (same atoms, steps, thermostat, threads), `repeat` times alternating the two codes. The row keeps
 * each code's best run (the least disturbed on a shared machine; both get the same chance) and lists
 * every sample, so the spread is visible: ratioToLammps = best rewire / best LAMMPS atom-steps/s.
 */
async function benchRow(sys: System, b: 'cpu' | 'webgpu', gpu: GpuContext | undefined, atomSteps: number, threads: number, lammps: LammpsInfo | null, repeat: number): Promise<Record<string, unknown>> {
  const withL = b === 'cpu' && lammps !== null;
  const ours: Record<string, unknown>[] = [], theirs: LammpsTiming[] = [];
  let lammpsError: string | null = null;
  for (let k = 0; k < (withL ? repeat : 1); k++) {
    ours.push(await timeEngine(sys, b, gpu, atomSteps, threads));
    if (withL && lammpsError === null) {
      try {
        theirs.push(lammpsEam(lammps, sys, ours[0]!.steps as number, threads));
      } catch (e) {
        lammpsError = (e as Error).message;
      }
    }
  }
  const rate = (r: { atomStepsPerSecond: unknown }) => r.atomStepsPerSecond as number;
  const row = ours.reduce((a, r) => (rate(r) > rate(a) ? r : a));
  if (!withL) return row;
  if (lammpsError !== null && theirs.length === 0) return { ...row, lammps: { error: lammpsError } };
  const best = theirs.reduce((a, r) => (r.atomStepsPerSecond > a.atomStepsPerSecond ? r : a));
  return {
    ...row, lammps: best, ratioToLammps: +(rate(row) / best.atomStepsPerSecond).toFixed(3),
    ...(repeat > 1 ? { samples: { rewire: ours.map(rate), lammps: theirs.map((t) => t.atomStepsPerSecond) } } : {}),
  };
}

export async function benchMd(opts: { sizes?: string[]; backends?: ('cpu' | 'webgpu')[]; gpu?: GpuContext; quick?: boolean; threads?: number; lammps?: LammpsInfo | null; repeat?: number } = {}): Promise<Record<string, unknown>> {
  const threads = opts.threads ?? 1;
  const lammps = opts.lammps ?? null;
  const repeat = Math.max(1, opts.repeat ?? 1);
  const sizes = opts.sizes ?? (opts.quick ? ['1k', '4k'] : ['1k', '4k', '16k', '64k']);
  const backends = opts.backends ?? (opts.gpu ? ['cpu', 'webgpu'] : ['cpu']);
  const soft = opts.gpu?.isFallback ?? true;
  const budget = { cpu: 3e6, webgpu: soft ? 4e5 : 2e8 };
  const results: Record<string, unknown>[] = [];
  // The LAMMPS anchor: the very same 2652-atom tips LAMMPS timed.
  const anchor = await readStructure(fileURLToPath(new URL('../test/fixtures/tips42.data', import.meta.url)));
  for (const b of backends) {
    if (b === 'webgpu' && !opts.gpu) continue;
    results.push({ system: 'tips42.data (LAMMPS anchor)', ...(await benchRow(anchor, b, opts.gpu, budget[b], threads, lammps, repeat)) });
  }
  for (const label of sizes) {
    const sys = tipsWithLayers(SIZES[label]!);
    for (const b of backends) {
      if (b === 'webgpu' && !opts.gpu) continue;
      results.push({ system: `tips ${label}`, ...(await benchRow(sys, b, opts.gpu, budget[b], threads, lammps, repeat)) });
    }
  }
  return {
    benchmark: 'md-eam-nvt',
    potential: 'EAM Ag_u3 (Foiles 1986), NVT 800 K, dt 1 fs, skin 1 Å',
    reference: { code: 'LAMMPS 20220106, 1 core (test/fixtures/README.md)', atoms: 2652, atomStepsPerSecond: 1.48e6 },
    threads,
    results,
    scalingCpu: scaling(results),
  };
}

/** CPU atom-steps/s of the scaled tips relative to the smallest (the issue: < 1.5× variation from 1k to 64k). */
function scaling(results: Record<string, unknown>[]): Record<string, number> | null {
  const rows = results.filter((r) => r.backend === 'cpu' && String(r.system).startsWith('tips '));
  if (rows.length < 2) return null;
  const rates = rows.map((r) => r.atomStepsPerSecond as number);
  const out: Record<string, number> = {};
  rows.forEach((r, k) => (out[String(r.system).slice(5)] = rates[k]!));
  out.maxOverMin = +(Math.max(...rates) / Math.min(...rates)).toFixed(3);
  return out;
}
