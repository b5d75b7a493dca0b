/**
 * `npm run bench -- --acceptance [--quick]` and the GPU bundle (scripts/gpu-bundle.mjs): the GPU
 * acceptance run, ONE JSON document in at most ~6 minutes on a real GPU:
 *   parity      every WGSL stage vs its float64 CPU twin (bench/parity.ts)
 *   eam         EAM Ag_u3 NVT 800 K: LAMMPS anchor tips (2652 atoms), tips of ~100k and ~1M atoms
 *   reaxff      ReaxFF-Ag + QEq + EChemDID (2 V) NVT 800 K: paper tips (2480 atoms), tips of ~25k
 *   projection  wall time of the paper protocol (50 ps + 3 ns at 1 fs, 2480 atoms) at the
 *               measured ReaxFF steps/s
 * Every timed part runs for a share of the time left (bench/acceptanceBudget.ts), not for a fixed
 * number of steps; a watchdog returns what is done when the hard limit is reached.
 * On a software adapter (SwiftShader) the quick sizes are used and the JSON says `software: true`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { acquireGpu, type GpuContext } from '../src/gpu/device.ts';
import { buildTips } from '../src/system/builders/tips.ts';
import type { System } from '../src/system/types.ts';
import type { MDEngine } from '../src/md/engine.ts';
import { createEngine, type PotentialSpec } from '../src/runner/backend.ts';
import { runParity } from './parity.ts';
import { runForSeconds, TimeBudget, wallClock, type Clock } from './acceptanceBudget.ts';

// Held in a variable (see src/gpu/shaders.ts); the GPU bundle relocates it to the bundle's tree.
const MODULE_URL = import.meta.url;

/** The paper protocol (configs/paper-2V.json; test/acceptance-budget.test.ts checks they agree). */
export const PAPER_PROTOCOL = { equilibrationSteps: 50_000, productionSteps: 3_000_000, dtFs: 1, atoms: 2480, tips: { base: 42, gap: 8.3, lattice: 4.22, fixedLayers: 1 } } as const;

/** LAMMPS 20220106 on one core, the same 2652-atom tips (test/fixtures/README.md). */
export const LAMMPS_EAM_ANCHOR = { code: 'LAMMPS 20220106, 1 CPU core', atoms: 2652, atomStepsPerSecond: 1.48e6 } as const;

/** A part given less than this (after earlier overruns) is skipped rather than started. */
const MIN_PART_SECONDS = 1;

const EAM_A = 4.09;
const REAX_A = 4.22;
const NVT = { kind: 'nvt' as const, temperature: 800, tdamp: 100, chain: 3 };
const EAM_SPEC: PotentialSpec = { kind: 'eam' };
const REAX_SPEC: PotentialSpec = { kind: 'reaxff', echemdid: { volt: 2, k: 6, rc: 4, nelec: 10, norm: 'auto' }, qeq: { tol: 1e-6, maxIter: 200 } };

/** Tips with m layers each: 2·m(m+1)(2m+1)/6 atoms, base edge (m−1)·a/√2. */
export function tipsWithLayers(m: number, lattice: number, gap = 8.3): System {
  return buildTips({ base: ((m - 1) * lattice) / Math.SQRT2, gap, lattice, fixedLayers: 1 });
}

/** Atoms of a pair of m-layer tips. */
export function tipsAtoms(m: number): number {
  return (2 * m * (m + 1) * (2 * m + 1)) / 6;
}

/** Smallest m whose pair of tips has at least `atoms` atoms. */
export function layersForAtoms(atoms: number): number {
  let m = 1;
  while (tipsAtoms(m) < atoms) m++;
  return m;
}

interface Case {
  /** Budget part name. */
  part: string;
  label: string;
  kind: 'eam' | 'reaxff';
  make: () => Promise<System>;
  weight: number;
  warmupSteps: number;
}

export interface AcceptancePlan {
  quick: boolean;
  totalSeconds: number;
  hardLimitSeconds: number;
  cases: Case[];
}

/** The LAMMPS anchor structure (2652-atom tips) if a copy is at hand, else null. */
export function findAnchor(explicit?: string): string | null {
  const candidates = [
    explicit,
    process.env.REWIRE_ANCHOR,
    fileURLToPath(new URL('../data/reference/tips42.data', MODULE_URL)), // the GPU bundle's copy
    fileURLToPath(new URL('../test/fixtures/tips42.data', MODULE_URL)), // the repository's fixture copy
  ];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  return null;
}

export function acceptancePlan(opts: { quick: boolean; budgetSeconds?: number; anchor?: string | null }): AcceptancePlan {
  const anchorFile = opts.anchor;
  const anchor = async (): Promise<System> => {
    if (anchorFile) return (await import('../src/io/structure.ts')).readStructure(anchorFile);
    return buildTips({ base: 42, gap: 8.3, lattice: EAM_A, fixedLayers: 1 }); // 2992 atoms
  };
  const anchorLabel = anchorFile ? 'LAMMPS anchor tips (tips42.data)' : 'tips 42 Å base (a = 4.09 Å; tips42.data not found)';
  // Warm-up (pipelines, first list builds, the overflow regrow) is a fixed number of steps: few on
  // the quick (software) plan, where a step of 16k atoms takes ~1 s.
  const eamWarmup = opts.quick ? 3 : 20;
  const eam = (part: string, label: string, atoms: number, weight: number): Case => ({
    part, label, kind: 'eam', weight, warmupSteps: eamWarmup, make: async () => tipsWithLayers(layersForAtoms(atoms), EAM_A),
  });
  const reax = (part: string, label: string, atoms: number, weight: number): Case => ({
    part, label, kind: 'reaxff', weight, warmupSteps: 3, make: async () => tipsWithLayers(layersForAtoms(atoms), REAX_A),
  });
  const paper = (weight: number): Case => ({
    part: 'reaxff-2.5k', label: 'paper tips (42 Å base, a = 4.22 Å)', kind: 'reaxff', weight, warmupSteps: 3, make: async () => buildTips({ ...PAPER_PROTOCOL.tips }),
  });
  if (opts.quick) {
    return {
      quick: true,
      totalSeconds: opts.budgetSeconds ?? 200,
      hardLimitSeconds: (opts.budgetSeconds ?? 200) + 30,
      cases: [
        { part: 'eam-2.6k', label: anchorLabel, kind: 'eam', weight: 1, warmupSteps: 5, make: anchor },
        eam('eam-16k', 'tips ~16k atoms', 15_000, 1.5),
        reax('reaxff-0.4k', 'small tips (~400 atoms, a = 4.22 Å)', 400, 1),
        paper(2),
      ],
    };
  }
  return {
    quick: false,
    totalSeconds: opts.budgetSeconds ?? 300,
    hardLimitSeconds: (opts.budgetSeconds ?? 300) + 40,
    cases: [
      { part: 'eam-2.6k', label: anchorLabel, kind: 'eam', weight: 1, warmupSteps: 20, make: anchor },
      eam('eam-100k', 'tips ~100k atoms', 100_000, 1.2),
      eam('eam-1M', 'tips ~1M atoms', 1_000_000, 2),
      paper(2),
      reax('reaxff-25k', 'tips ~25k atoms (a = 4.22 Å)', 25_000, 2.5),
    ],
  };
}

/** True for software rasterisers/compute (SwiftShader, llvmpipe/lavapipe) and Dawn's fallback flag. */
export function isSoftwareAdapter(gpu: { isFallback: boolean; description: string }): boolean {
  return gpu.isFallback || /swiftshader|llvmpipe|lavapipe|software/i.test(gpu.description);
}

/** Wall time of the paper protocol at a measured ReaxFF rate. */
export function projectPaperProtocol(stepsPerSecond: number): Record<string, unknown> {
  const steps = PAPER_PROTOCOL.equilibrationSteps + PAPER_PROTOCOL.productionSteps;
  const sec = steps / stepsPerSecond;
  return {
    protocol: `paper: ${PAPER_PROTOCOL.equilibrationSteps * PAPER_PROTOCOL.dtFs / 1000} ps equilibration + ${PAPER_PROTOCOL.productionSteps * PAPER_PROTOCOL.dtFs / 1e6} ns production at ${PAPER_PROTOCOL.dtFs} fs, ${PAPER_PROTOCOL.atoms}-atom tips, ReaxFF + QEq + EChemDID`,
    steps,
    measuredStepsPerSecond: +stepsPerSecond.toFixed(2),
    projectedSeconds: Math.round(sec),
    projectedHours: +(sec / 3600).toFixed(2),
    projectedDays: +(sec / 86400).toFixed(2),
    note: 'MD only: excludes the transport snapshots (NEGF on the CPU, every 8.6 ps) and trajectory I/O',
  };
}

function nvidiaSmi(): string | null {
  try {
    return execFileSync('nvidia-smi', ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function buildInfo(): unknown {
  if (process.env.REWIRE_BUILD) {
    try {
      return JSON.parse(process.env.REWIRE_BUILD);
    } catch {
      return process.env.REWIRE_BUILD;
    }
  }
  try {
    return { commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(), bundle: false };
  } catch {
    return null;
  }
}

async function timeCase(gpu: GpuContext, c: Case, seconds: number, clock: Clock, log: (m: string) => void): Promise<Record<string, unknown>> {
  const t0 = clock();
  const sys = await c.make();
  const spec = c.kind === 'eam' ? EAM_SPEC : REAX_SPEC;
  const engine: MDEngine = await createEngine(sys, spec, 'webgpu', gpu, { dt: 1, skin: 1, seed: 1, thermostat: NVT });
  const setupSeconds = clock() - t0;
  try {
    const window = Math.max(0.25 * seconds, seconds - setupSeconds);
    log(`acceptance: ${c.part} ${c.label}: ${sys.n} atoms, setup ${setupSeconds.toFixed(1)} s, measuring ~${window.toFixed(0)} s`);
    let last: Awaited<ReturnType<MDEngine['thermo']>> | null = null;
    const timed = await runForSeconds(async (n) => {
      await engine.run(n);
      last = await engine.thermo(); // forces completion of the GPU work
    }, window, { warmupSteps: c.warmupSteps, firstSteps: 1, clock });
    const th = last! as Awaited<ReturnType<MDEngine['thermo']>>;
    const row: Record<string, unknown> = {
      system: c.label,
      atoms: sys.n,
      setupSeconds: +setupSeconds.toFixed(2),
      warmupSteps: timed.warmupSteps,
      warmupSeconds: +timed.warmupSeconds.toFixed(2),
      steps: timed.steps,
      seconds: +timed.seconds.toFixed(2),
      chunks: timed.chunks,
      stepsPerSecond: +timed.stepsPerSecond.toFixed(2),
      atomStepsPerSecond: Math.round(timed.stepsPerSecond * sys.n),
      temperature: +th.temperature.toFixed(1),
      temperatureSane: Number.isFinite(th.temperature) && th.temperature > 10 && th.temperature < 3000,
      neighborRebuilds: th.extra?.neighborRebuilds,
    };
    if (c.kind === 'reaxff') row.qeqIterationsLastStep = th.extra?.qeqIterations;
    const prof = (engine as { profile?: (n: number) => Promise<Record<string, number> | null> }).profile;
    if (prof && gpu.hasTimestamps && seconds > 2) {
      const p = await prof.call(engine, 3);
      if (p) row.gpuMsPerStepByStage = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, +v.toFixed(4)]));
    }
    log(`acceptance: ${c.part}: ${row.stepsPerSecond} steps/s, ${(Number(row.atomStepsPerSecond) / 1e6).toFixed(2)} M atom-steps/s, T = ${row.temperature} K`);
    return row;
  } finally {
    engine.dispose();
  }
}

export const ACCEPTANCE_HELP = `npm run bench -- --acceptance [--quick] [--budget S] [--out FILE] [--anchor FILE] [--only parity,eam,reaxff,PART]
  GPU acceptance: parity of every WGSL stage with its float64 twin, EAM at 2.6k/100k/1M atoms,
  ReaxFF + QEq + EChemDID at 2.5k/25k atoms, the paper protocol's projected wall time; ONE JSON on
  stdout within ~6 min. --quick (automatic on a software adapter): smaller sizes, shorter budget.
  --budget S: seconds for the timed parts (default 300, quick 200); a watchdog stops at S + 40 s (quick: S + 30 s).
  --only: parity, eam, reaxff or part names (eam-2.6k, eam-100k, eam-1M, reaxff-2.5k, reaxff-25k;
  quick: eam-2.6k, eam-16k, reaxff-0.4k, reaxff-2.5k); --only adapter reports the adapter only.
  --full: the full sizes even on a software adapter (to try the big cases' setup there).
  --anchor FILE: the LAMMPS anchor structure (tips42.data; default: the bundle's copy or test/fixtures).`;

/** Runs the acceptance; resolves with the JSON document (also written to --out FILE). */
export async function runAcceptance(argv: string[], opts: { log?: (m: string) => void; clock?: Clock; onResult?: (doc: Record<string, unknown>) => void } = {}): Promise<Record<string, unknown>> {
  const { values } = parseArgs({ args: argv, options: { quick: { type: 'boolean' }, budget: { type: 'string' }, out: { type: 'string' }, anchor: { type: 'string' }, only: { type: 'string' }, full: { type: 'boolean' }, help: { type: 'boolean' }, acceptance: { type: 'boolean' } } });
  const log = opts.log ?? ((m: string) => process.stderr.write(m + '\n'));
  const clock = opts.clock ?? wallClock;
  if (values.help) return { help: ACCEPTANCE_HELP };
  const budgetSeconds = values.budget !== undefined ? Number(values.budget) : undefined;
  if (budgetSeconds !== undefined && !(budgetSeconds > 0)) throw new Error(`--budget must be a positive number of seconds (got ${values.budget})`);
  const only = values.only ? values.only.split(',') : ['parity', 'eam', 'reaxff'];
  const t0 = clock();
  const cpus = os.cpus();
  const out: Record<string, unknown> = {
    benchmark: 'gpu-acceptance',
    date: new Date().toISOString(),
    build: buildInfo(),
    machine: { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1), node: process.version, platform: `${os.platform()} ${os.release()} ${os.arch()}`, nvidiaSmi: nvidiaSmi() },
    env: { VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? null, LD_LIBRARY_PATH: process.env.LD_LIBRARY_PATH ?? null },
  };
  let gpu: GpuContext;
  try {
    gpu = await acquireGpu({ log });
  } catch (e) {
    out.adapter = { error: (e as Error).message };
    out.verdict = { pass: false, reason: 'no WebGPU adapter' };
    const doc = finish(out, values.out, t0, clock);
    opts.onResult?.(doc);
    return doc;
  }
  const software = isSoftwareAdapter(gpu);
  const info = gpu.adapter.info;
  out.adapter = {
    description: gpu.description, vendor: info.vendor, architecture: info.architecture, device: info.device,
    fallback: gpu.isFallback, software, timestampQuery: gpu.hasTimestamps,
    maxStorageBufferBindingSize: gpu.adapter.limits.maxStorageBufferBindingSize, maxBufferSize: gpu.adapter.limits.maxBufferSize,
  };
  const quick = !!values.quick || (software && !values.full);
  if (software && !values.quick && !values.full) log(`acceptance: ${gpu.description} is a software adapter: using the --quick sizes`);
  const plan = acceptancePlan({ quick, ...(budgetSeconds !== undefined ? { budgetSeconds } : {}), anchor: findAnchor(values.anchor) });
  out.plan = { quick, reason: values.quick ? '--quick' : software ? 'software adapter' : 'full', budgetSeconds: plan.totalSeconds, hardLimitSeconds: plan.hardLimitSeconds, parts: plan.cases.map((c) => c.part) };

  const selected = (c: Case) => only.includes(c.kind) || only.includes(c.part);
  const work = async () => {
    if (only.includes('parity')) {
      out.parity = await runParity(gpu, log);
    }
    const budget = new TimeBudget(Math.max(1, plan.totalSeconds - (clock() - t0)), plan.cases.filter(selected).map((c) => ({ name: c.part, weight: c.weight })), clock, 5);
    for (const kind of ['eam', 'reaxff'] as const) {
      if (!plan.cases.some((c) => c.kind === kind && selected(c))) continue;
      const rows: Record<string, unknown> = {};
      out[kind] = {
        potential: kind === 'eam' ? 'EAM Ag_u3 (Foiles 1986), NVT 800 K, dt 1 fs, skin 1 Å' : 'ReaxFF-Ag (Lloyd 2016) + QEq (tol 1e-6) + EChemDID (2 V), NVT 800 K, dt 1 fs, skin 1 Å',
        ...(kind === 'eam' ? { reference: LAMMPS_EAM_ANCHOR } : {}),
        note: 'rates exclude setup and warm-up; temperature is the instantaneous value at the end: the runs start from perfect lattices with 800 K velocities, so short runs show the equipartition dip (to ~400 K and below) before the thermostat restores 800 K',
        results: rows,
      };
      for (const c of plan.cases.filter((x) => x.kind === kind && selected(x))) {
        const slice = budget.sliceFor(c.part);
        if (slice < MIN_PART_SECONDS) {
          rows[c.part] = { system: c.label, skipped: `no time left in the budget (${slice.toFixed(1)} s)` };
          log(`acceptance: ${c.part} skipped: no time left`);
          continue;
        }
        try {
          rows[c.part] = await timeCase(gpu, c, slice, clock, log);
        } catch (e) {
          rows[c.part] = { system: c.label, error: (e as Error).message };
          log(`acceptance: ${c.part} failed: ${(e as Error).message}`);
        }
      }
    }
    const paper = (out.reaxff as { results?: Record<string, { stepsPerSecond?: number; atoms?: number }> } | undefined)?.results?.['reaxff-2.5k'];
    if (paper?.stepsPerSecond) out.projection = { ...projectPaperProtocol(paper.stepsPerSecond), measuredAtoms: paper.atoms, ...(software ? { software: true } : {}) };
    return 'done' as const;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watchdog = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), Math.max(1, plan.hardLimitSeconds - (clock() - t0)) * 1000); });
  const how = await Promise.race([work(), watchdog]);
  clearTimeout(timer);
  const failures: string[] = [];
  if (how === 'timeout') failures.push(`watchdog: stopped at the hard limit of ${plan.hardLimitSeconds} s; parts not shown did not finish`);
  const parity = out.parity as { pass: boolean; checks: { name: string; pass: boolean }[] } | undefined;
  if (parity && !parity.pass) failures.push(`parity failed: ${parity.checks.filter((c) => !c.pass).map((c) => c.name).join('; ')}`);
  for (const kind of ['eam', 'reaxff']) {
    const rows = (out[kind] as { results?: Record<string, Record<string, unknown>> } | undefined)?.results ?? {};
    for (const [k, r] of Object.entries(rows)) {
      if (r.error) failures.push(`${k}: ${String(r.error)}`);
      else if (r.skipped) failures.push(`${k}: skipped, ${String(r.skipped)}`);
      else if (r.temperatureSane === false) failures.push(`${k}: temperature ${String(r.temperature)} K is not near 800 K`);
    }
  }
  out.verdict = { pass: failures.length === 0, complete: how === 'done', software, ...(failures.length ? { failures } : {}) };
  const doc = finish(out, values.out, t0, clock);
  opts.onResult?.(doc);
  // Destroyed also after a timeout: exiting with GPU work in flight crashes dawn.node at exit. It
  // waits for that work (on a GPU at most one submission; on SwiftShader it can take a minute),
  // so the document is written (--out, onResult) before.
  gpu.device.destroy();
  return doc;
}

/** Exit status of the standalone runner: 0 pass, 1 a check or part failed, 2 no adapter, 3 stopped by the watchdog. */
export function exitCodeFor(doc: Record<string, unknown>): number {
  const v = doc.verdict as { pass?: boolean; complete?: boolean; reason?: string } | undefined;
  if (!v) return 0; // --help
  if (v.reason === 'no WebGPU adapter') return 2;
  if (v.complete === false) return 3;
  return v.pass ? 0 : 1;
}

function finish(out: Record<string, unknown>, file: string | undefined, t0: number, clock: Clock): Record<string, unknown> {
  out.wallSeconds = +(clock() - t0).toFixed(1);
  if (file) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  }
  return out;
}
