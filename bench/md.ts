/**
 * Benchmark: EAM (Ag_u3) NVT at 800 K on the paper's geometry (two pyramidal tips) scaled to
 * ~1k, 4k, 16k, 64k (and optionally 100k) atoms, for each backend; plus the exact LAMMPS anchor
 * system (test/fixtures/tips42.data, 2652 atoms; LAMMPS 20220106 on 1 core: 1.48 M atom-steps/s)
 * and per-stage GPU times from timestamp queries.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

async function timeEngine(sys: System, backend: 'cpu' | 'webgpu', gpu: GpuContext | undefined, targetAtomSteps: number) {
  const engine: MDEngine = await createEngine(sys, { kind: 'eam' }, backend, gpu, { dt: 1, skin: 1, seed: 1, thermostat: { kind: 'nvt', temperature: 800, tdamp: 100, chain: 3 } });
  try {
    const steps = Math.max(10, Math.round(targetAtomSteps / sys.n / 10) * 10);
    await engine.run(Math.min(20, steps)); // warm-up: pipelines, first rebuilds
    await engine.thermo();
    const t0 = performance.now();
    await engine.run(steps);
    const th = await engine.thermo(); // forces completion of the GPU work
    const sec = (performance.now() - t0) / 1000;
    const row: Record<string, unknown> = {
      backend, atoms: sys.n, steps, seconds: +sec.toFixed(3),
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

/** The LAMMPS anchor's files: test/fixtures (see its README.md) and the shipped EAM file. */
const FIXTURES = fileURLToPath(new URL('../test/fixtures', import.meta.url));
const EAM_FILE = fileURLToPath(new URL('../data/potentials/Ag_u3.eam', import.meta.url));

/** LAMMPS on the same tips run, if `lmp` is installed (test/fixtures/lammps/in.bench_tips). */
function timeLammps(): Record<string, unknown> | null {
  try {
    execFileSync('lmp', ['-h'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewire-lmp-'));
  fs.copyFileSync(EAM_FILE, path.join(dir, 'Ag_u3.eam'));
  fs.copyFileSync(path.join(FIXTURES, 'lammps/in.bench_tips'), path.join(dir, 'in.bench_tips'));
  fs.copyFileSync(path.join(FIXTURES, 'tips42.data'), path.join(dir, 'tips.data'));
  const out = execFileSync('lmp', ['-in', 'in.bench_tips'], { cwd: dir, env: { ...process.env, OMP_NUM_THREADS: '1' }, encoding: 'utf8' });
  const m = /Loop time of ([\d.]+) on \d+ procs for (\d+) steps with (\d+) atoms/.exec(out);
  if (!m) return { error: 'could not parse LAMMPS output' };
  const sec = Number(m[1]), steps = Number(m[2]), atoms = Number(m[3]);
  return { code: 'LAMMPS (lmp on PATH), 1 core', atoms, steps, seconds: sec, atomStepsPerSecond: Math.round((atoms * steps) / sec) };
}

export async function benchMd(opts: { sizes?: string[]; backends?: ('cpu' | 'webgpu')[]; gpu?: GpuContext; quick?: boolean } = {}): Promise<Record<string, unknown>> {
  const sizes = opts.sizes ?? (opts.quick ? ['1k', '4k'] : ['1k', '4k', '16k', '64k']);
  const backends = opts.backends ?? (opts.gpu ? ['cpu', 'webgpu'] : ['cpu']);
  const soft = opts.gpu?.isFallback ?? true;
  const budget = { cpu: 3e6, webgpu: soft ? 4e5 : 2e8 };
  const results: Record<string, unknown>[] = [];
  // The LAMMPS anchor: the very same 2652-atom tips LAMMPS timed.
  const anchor = await readStructure(path.join(FIXTURES, 'tips42.data'));
  for (const b of backends) {
    if (b === 'webgpu' && !opts.gpu) continue;
    results.push({ system: 'tips42.data (LAMMPS anchor)', ...(await timeEngine(anchor, b, opts.gpu, budget[b])) });
  }
  for (const label of sizes) {
    const sys = tipsWithLayers(SIZES[label]!);
    for (const b of backends) {
      if (b === 'webgpu' && !opts.gpu) continue;
      results.push({ system: `tips ${label}`, ...(await timeEngine(sys, b, opts.gpu, budget[b])) });
    }
  }
  return {
    benchmark: 'md-eam-nvt',
    potential: 'EAM Ag_u3 (Foiles 1986), NVT 800 K, dt 1 fs, skin 1 Å',
    reference: { code: 'LAMMPS 20220106, 1 core (test/fixtures/README.md)', atoms: 2652, atomStepsPerSecond: 1.48e6 },
    lammpsHere: timeLammps(),
    results,
  };
}
