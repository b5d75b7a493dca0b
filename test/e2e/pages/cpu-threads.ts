/**
 * Page for test/e2e/cpu-threads.test.ts: the float64 CPU backend in a page, on the serial pool and
 * on the Web Worker pool (createPool → BrowserPool when the page is cross-origin isolated). The same
 * 20-step NVT trajectories (EAM, and ReaxFF + QEq + EChemDID at 8 V) are run with 1 and 2 threads;
 * the test checks that the pool really used workers and that the results are identical.
 */
import { buildTips } from '../../../src/system/builders/tips.ts';
import { loadEamPotential } from '../../../src/potentials/eam/index.ts';
import { parseReaxffAg } from '../../../src/potentials/reaxff/ffield.ts';
import { ReaxffPotential } from '../../../src/potentials/reaxff/potential.ts';
import { CpuEngine } from '../../../src/md/cpuEngine.ts';
import type { CpuPotential } from '../../../src/potentials/types.ts';
import type { System } from '../../../src/system/types.ts';

const FFIELD_URL = new URL('../../../data/potentials/ffield.reax.2016X19.CHONSiCuAgZn', import.meta.url).href;

export interface CpuThreadsResult {
  crossOriginIsolated: boolean;
  cases: { name: string; threads: number[]; poolThreads: number[]; maxDx: number; energies: number[]; ms: number[] }[];
  error?: string;
}

const MD = { dt: 1, skin: 1, seed: 7, thermostat: { kind: 'nvt' as const, temperature: 800, tdamp: 100, chain: 3 } };

async function trajectory(sys: System, pot: CpuPotential, threads: number) {
  const t0 = performance.now();
  const eng = await CpuEngine.create(sys, pot, { ...MD, threads });
  try {
    await eng.run(20);
    const snap = await eng.snapshot();
    const thermo = await eng.thermo();
    return { x: snap.positions, energy: thermo.potential, poolThreads: eng.threads, ms: performance.now() - t0 };
  } finally {
    eng.dispose();
  }
}

async function compare(name: string, make: () => Promise<{ sys: System; pot: () => CpuPotential }>) {
  const { sys, pot } = await make();
  const a = await trajectory(sys, pot(), 1);
  const b = await trajectory(sys, pot(), 2);
  let maxDx = 0;
  for (let i = 0; i < a.x.length; i++) maxDx = Math.max(maxDx, Math.abs(a.x[i]! - b.x[i]!));
  return { name, threads: [1, 2], poolThreads: [a.poolThreads, b.poolThreads], maxDx, energies: [a.energy, b.energy], ms: [a.ms, b.ms] };
}

async function main(): Promise<CpuThreadsResult> {
  const res: CpuThreadsResult = { crossOriginIsolated, cases: [] };
  res.cases.push(await compare('eam', async () => {
    const sys = buildTips({ base: 16, gap: 6, lattice: 4.09, rattle: 0.05, seed: 3 });
    const a = await loadEamPotential(), b = await loadEamPotential();
    const pots = [a, b];
    return { sys, pot: () => pots.shift()! };
  }));
  res.cases.push(await compare('reaxff', async () => {
    const sys = buildTips({ base: 16, gap: 6, lattice: 4.22, rattle: 0.05, seed: 3 });
    const params = parseReaxffAg(await (await fetch(FFIELD_URL)).text());
    return { sys, pot: () => new ReaxffPotential(sys, params, { volt: 8, qeqTol: 1e-8, tabulate: true }) };
  }));
  return res;
}

const out = document.getElementById('out')!;
main().then(
  (r) => {
    (window as unknown as { __cpuThreads: CpuThreadsResult }).__cpuThreads = r;
    out.textContent = JSON.stringify(r, null, 1);
  },
  (e: Error) => {
    (window as unknown as { __cpuThreads: CpuThreadsResult }).__cpuThreads = { crossOriginIsolated, cases: [], error: e.stack ?? String(e) };
    out.textContent = String(e.stack ?? e);
  },
);
