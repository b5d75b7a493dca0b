/**
 * ReaxFF-Ag + QEq + EChemDID WGSL kernels vs the golden file and vs their float64 CPU twins
 * (SwiftShader in CI). Tolerances (f32 kernels, float64 host sums):
 *   - energy terms 2e-6 relative: f32 ulp ≈ 6e-8, but the lattice repeats the same r_ij, so rounding
 *     of exp/pow is correlated, not random; measured ≤ 6e-7 on tips42 (vdW: exp(α(1 − f13/r_vdW)),
 *     α ≈ 11, amplifies the f13 rounding);
 *   - charges 1e-5 e (the brief's CPU bound): CG in f32 stops at √(r·z)/‖b‖ < 1e-6, measured 7e-7 e;
 *   - Φ 1e-6 V: 500 f32 Jacobi sub-steps of a contraction, measured 9e-8 V;
 *   - forces 1e-3 kcal/mol/Å (|F| ≤ 70): per-atom sums of ~300 pair terms of up to ~50 in f32,
 *     measured 1.2e-4.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gpuContext } from './helpers/gpu.ts';
import { referenceDir } from './helpers/reference.ts';
import { emptySystem, type Box, type System } from '../src/system/types.ts';
import { buildTips } from '../src/system/builders/tips.ts';
import { buildFccBox } from '../src/system/builders/fcc.ts';
import { buildNeighborList } from '../src/neighbor/cellList.ts';
import { createAtomBuffers, destroyAtomBuffers, readForces, simParamsFor } from '../src/gpu/atoms.ts';
import { GpuNeighborList } from '../src/gpu/neighborList.ts';
import { parseReaxffAg } from '../src/potentials/reaxff/ffield.ts';
import { ReaxffPotential } from '../src/potentials/reaxff/index.ts';
import { evaluateReaxff } from '../src/runner/evaluate.ts';
import { ReaxffGpuPotential, type QeqSolverKind } from '../src/gpu/reaxff/index.ts';

const TOL_E_REL = 2e-6;
const TOL_Q = 1e-5;
const TOL_PHI = 1e-6;
const TOL_F = 1e-3;

const PARAMS = parseReaxffAg(readFileSync(`${referenceDir()}/ffield.reax.2016X19.CHONSiCuAgZn`, 'utf8'));
const gpu = await gpuContext();

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function freeBox(pos: Float64Array, n: number, margin = 10): Box {
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++) for (let a = 0; a < 3; a++) {
    lo[a] = Math.min(lo[a]!, pos[3 * i + a]!);
    hi[a] = Math.max(hi[a]!, pos[3 * i + a]!);
  }
  return { lo: lo.map((x) => x - margin) as [number, number, number], hi: hi.map((x) => x + margin) as [number, number, number], periodic: [false, false, false] };
}

describe.skipIf(!gpu)('ReaxFF WGSL vs golden reaxff_tips42_2V (2480 atoms, 2 V, 50 Φ steps)', async () => {
  const d = JSON.parse(readFileSync(`${referenceDir()}/reaxff_tips42_2V.json`, 'utf8'));
  const pos = Float64Array.from((d.positions as number[][]).flat());
  const sys: System = emptySystem(d.natoms, freeBox(pos, d.natoms));
  sys.positions = pos;
  sys.masses.fill(PARAMS.mass);
  for (const i of d.group_plus as number[]) sys.electrode[i] = 1;
  for (const i of d.group_minus as number[]) sys.electrode[i] = -1;
  const r = gpu ? await evaluateReaxff(sys, { volt: 2, phiSteps: 50, backend: 'webgpu', gpu }) : null;

  it('Φ, charges (neutral), QEq converged', () => {
    expect(maxAbsDiff(r!.phi, d.phi)).toBeLessThan(TOL_PHI);
    expect(r!.qeq.converged).toBe(true);
    expect(r!.qeq.iterations).toBeGreaterThan(0);
    expect(maxAbsDiff(r!.charges, d.charges)).toBeLessThan(TOL_Q);
    expect(Math.abs(r!.charges.reduce((a, b) => a + b, 0))).toBeLessThan(1e-4);
  });

  it('energy terms and forces', () => {
    for (const k of ['bond', 'over', 'vdw', 'coul', 'pol'] as const) {
      expect(Math.abs(r!.terms[k] - d.energy_terms[k]) / Math.abs(d.energy_terms[k]), k).toBeLessThan(TOL_E_REL);
    }
    expect(Math.abs(r!.energy - d.potential_energy) / Math.abs(d.potential_energy)).toBeLessThan(TOL_E_REL);
    expect(maxAbsDiff(r!.forces.flat(), (d.forces as number[][]).flat())).toBeLessThan(TOL_F);
  });
});

/** Runs `steps` MD-style steps (preForce + forces, positions still) on both backends. */
async function runBoth(sys: System, opts: { volt: number; qeqTol?: number; qeqMaxIter?: number; qeqSolver?: QeqSolverKind }, steps: number) {
  const g = gpu!;
  const cpu = new ReaxffPotential(sys, PARAMS, { volt: opts.volt, qeqTol: 1e-6, qeqMaxIter: 1000 });
  const pot = new ReaxffGpuPotential(sys, PARAMS, opts);
  const nl = buildNeighborList(sys.positions, sys.n, sys.box, 11);
  const params = simParamsFor(sys, pot.cutoff, 1, 1, 64);
  const atoms = createAtomBuffers(g, sys, 64, params);
  const gnl = await GpuNeighborList.create(g, atoms, params);
  await gnl.buildNow();
  await pot.bind(g, atoms);
  const iters: number[][] = [];
  const fCpu = new Float64Array(3 * sys.n), eCpu = new Float64Array(sys.n);
  let extras: Record<string, number> = {};
  for (let s = 0; s < steps; s++) {
    cpu.preForce(sys.positions, sys.box, nl, 1);
    const enc = g.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pot.encodePreForce(pass);
    pot.encodeForces(pass);
    pass.end();
    g.device.queue.submit([enc.finish()]);
    extras = await pot.readExtras();
    iters.push([cpu.extras().qeqIterations!, extras.qeqIterations!]);
  }
  if (process.env.REWIRE_VERBOSE) console.log('QEq iterations per step [cpu, gpu]:', JSON.stringify(iters));
  {
  }
  const energy = cpu.compute(sys.positions, sys.box, nl, fCpu, eCpu).energy;
  const { forces, atomEnergies } = await readForces(g, atoms);
  const state = await pot.saveState();
  const out = { cpu, state, iters, extras, fCpu, eCpu, energy, forces, atomEnergies, q: await pot.readCharges(), phi: await pot.readPhi(), terms: await pot.readTerms() };
  gnl.dispose();
  destroyAtomBuffers(atoms);
  pot.dispose();
  return out;
}

const SOLVERS = ['single-workgroup', 'multi-workgroup'] as const;

describe.skipIf(!gpu)('ReaxFF WGSL vs float64 twins (small tips, MD-style warm-started steps)', () => {
  it.each(SOLVERS)('EChemDID Φ, QEq (%s) charges and iterations, boundary currents, density and force passes', async (qeqSolver) => {
    const sys = buildTips({ base: 12, gap: 6, lattice: 4.22, rattle: 0.05, seed: 5 });
    const r = await runBoth(sys, { volt: 2, qeqSolver }, 6);
    expect(maxAbsDiff(r.phi, r.cpu.phi())).toBeLessThan(TOL_PHI);
    expect(maxAbsDiff(r.q, r.cpu.charges())).toBeLessThan(TOL_Q);
    // Warm start works on the GPU as on the CPU (same tol 1e-6): later steps need fewer iterations.
    expect(r.iters[5]![1]!).toBeLessThan(r.iters[0]![1]!);
    for (const [c, g] of r.iters) expect(Math.abs(c! - g!)).toBeLessThanOrEqual(Math.max(3, 0.5 * c!));
    // Restart state in the CPU layout: Φ and the s/t histories agree with the float64 twin's.
    const cs = r.cpu.saveState();
    expect(maxAbsDiff(r.state.phi!, cs.phi!)).toBeLessThan(TOL_PHI);
    for (const k of ['sHist0', 'sHist3', 'tHist0', 'tHist3']) expect(maxAbsDiff(r.state[k]!, cs[k]!), k).toBeLessThan(1e-4);
    const ce = r.cpu.extras();
    expect(r.extras.echemdidJsPlus!).toBeCloseTo(ce.echemdidJsPlus!, 4);
    expect(r.extras.echemdidJsMinus!).toBeCloseTo(ce.echemdidJsMinus!, 4);
    // Density pass: S_i.
    const S = r.cpu.bondOrderSums();
    for (let i = 0; i < sys.n; i++) expect(Math.abs(r.terms.embed[4 * i + 2]! - S[i]!)).toBeLessThan(1e-5 * Math.max(1, S[i]!));
    // Force pass: eV/Å and per-atom energies (eV).
    expect(maxAbsDiff(r.forces, r.fCpu)).toBeLessThan(TOL_F / 23);
    expect(maxAbsDiff(r.atomEnergies, r.eCpu)).toBeLessThan(1e-5);
    let e = 0;
    for (const x of r.atomEnergies) e += x;
    expect(Math.abs(e - r.energy) / Math.abs(r.energy)).toBeLessThan(TOL_E_REL);
  });

  it('a CPU checkpoint (Φ, s/t histories) restores on the GPU: the next step agrees with the CPU', async () => {
    const g = gpu!;
    const sys = buildTips({ base: 12, gap: 6, lattice: 4.22, rattle: 0.05, seed: 8 });
    const cpu = new ReaxffPotential(sys, PARAMS, { volt: 2, qeqTol: 1e-6 });
    const nl = buildNeighborList(sys.positions, sys.n, sys.box, 11);
    for (let s = 0; s < 4; s++) cpu.preForce(sys.positions, sys.box, nl, 1);
    const pot = new ReaxffGpuPotential(sys, PARAMS, { volt: 2 });
    const params = simParamsFor(sys, pot.cutoff, 1, 1, 64);
    const atoms = createAtomBuffers(g, sys, 64, params);
    const gnl = await GpuNeighborList.create(g, atoms, params);
    await gnl.buildNow();
    await pot.bind(g, atoms);
    pot.loadState(cpu.saveState());
    cpu.preForce(sys.positions, sys.box, nl, 1);
    const enc = g.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pot.encodePreForce(pass);
    pass.end();
    g.device.queue.submit([enc.finish()]);
    const ex = await pot.readExtras();
    expect(Math.abs(ex.qeqIterations! - cpu.extras().qeqIterations!)).toBeLessThanOrEqual(2);
    expect(maxAbsDiff(await pot.readPhi(), cpu.phi())).toBeLessThan(TOL_PHI);
    expect(maxAbsDiff(await pot.readCharges(), cpu.charges())).toBeLessThan(TOL_Q);
    gnl.dispose();
    destroyAtomBuffers(atoms);
    pot.dispose();
  });

  it('periodic bulk fcc (rattled, minimum image): energy and forces equal the float64 twin', async () => {
    const sys = buildFccBox({ cells: [6, 6, 6], lattice: 4.216, rattle: 0.05, seed: 2 });
    const c = await evaluateReaxff(sys, { volt: 0, phiSteps: 0, backend: 'cpu' });
    const g = await evaluateReaxff(sys, { volt: 0, phiSteps: 0, backend: 'webgpu', gpu: gpu! });
    expect(Math.abs(g.energy - c.energy) / Math.abs(c.energy)).toBeLessThan(TOL_E_REL);
    expect(maxAbsDiff(g.forces.flat(), c.forces.flat())).toBeLessThan(TOL_F);
    expect(Math.max(...g.charges.map(Math.abs))).toBeLessThan(1e-6);
  });

  it('without voltage the charges vanish (to f32 round-off)', async () => {
    const sys = buildTips({ base: 12, gap: 6, lattice: 4.22, rattle: 0.05, seed: 6 });
    const r = await runBoth(sys, { volt: 0 }, 2);
    expect(Math.max(...Array.from(r.q, Math.abs))).toBeLessThan(1e-6);
  });

  it.each(SOLVERS)('a QEq (%s) that does not converge within the encoded iterations is reported as an error', async (qeqSolver) => {
    const sys = buildTips({ base: 12, gap: 6, lattice: 4.22, rattle: 0.05, seed: 7 });
    await expect(runBoth(sys, { volt: 2, qeqTol: 1e-12, qeqMaxIter: 2, qeqSolver }, 1)).rejects.toThrow(/QEq \(webgpu\).*did not converge/);
  });
});
