/**
 * The threaded CPU backend (src/parallel): 1 vs N threads give the same energies, forces and
 * trajectories (the passes are row-independent with fixed-chunk reductions, so they are in fact
 * bit-identical; the bounds are the issue's: 1e-12 relative energy, 1e-12·max|F| forces, 1e-9 Å
 * after 100 steps), for EAM and ReaxFF + QEq + EChemDID; and the tabulated ReaxFF nonbonded
 * kernel against the analytic one (bounds stated in src/potentials/reaxff/table.ts).
 * Small systems keep this fast.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildTips } from '../src/system/builders/tips.ts';
import type { System } from '../src/system/types.ts';
import { buildNeighborList } from '../src/neighbor/cellList.ts';
import { buildNeighborListPool } from '../src/neighbor/parallel.ts';
import { createPool, SerialPool, type Pool } from '../src/parallel/index.ts';
import { loadEamPotential } from '../src/potentials/eam/index.ts';
import { loadReaxffAg } from '../src/potentials/reaxff/ffield.ts';
import { ReaxffPotential, type ReaxffOptions } from '../src/potentials/reaxff/potential.ts';
import type { CpuPotential } from '../src/potentials/types.ts';
import { agModel, bondEnergy, bondOrder } from '../src/potentials/reaxff/terms.ts';
import { BOND_TABLE_MARGIN, buildBondTable } from '../src/potentials/reaxff/table.ts';
import { CpuEngine } from '../src/md/cpuEngine.ts';
import type { EngineOptions } from '../src/md/engine.ts';
import '../src/parallel/selfTest.ts';
import type { SelfTestCtx } from '../src/parallel/selfTest.ts';

const pools: Pool[] = [];
async function pool(threads: number): Promise<Pool> {
  const p = await createPool(threads);
  pools.push(p);
  return p;
}
afterAll(() => pools.forEach((p) => p.dispose()));

const maxAbs = (a: ArrayLike<number>) => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!)); return m; };
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!)); return m; };

function eamTips(): System {
  return buildTips({ base: 20, gap: 8.3, lattice: 4.09, rattle: 0.05, seed: 3 });
}
function reaxTips(): System {
  return buildTips({ base: 20, gap: 8.3, lattice: 4.22, rattle: 0.05, seed: 3 });
}

function evaluate(pot: CpuPotential, sys: System, p: Pool | null) {
  if (p) pot.usePool?.(p);
  const nl = buildNeighborList(sys.positions, sys.n, sys.box, pot.cutoff + 1);
  pot.preForce?.(sys.positions, sys.box, nl, 1);
  const f = new Float64Array(3 * sys.n), e = new Float64Array(sys.n);
  const r = pot.compute(sys.positions, sys.box, nl, f, e);
  return { energy: r.energy, f, e, q: pot.charges?.(), phi: pot.phi?.() };
}

const MD: EngineOptions = { dt: 1, skin: 1, seed: 7, thermostat: { kind: 'nvt', temperature: 800, tdamp: 100, chain: 3 } };

async function trajectory(sys: System, pot: CpuPotential, threads: number, steps: number): Promise<Float64Array> {
  const eng = await CpuEngine.create(sys, pot, { ...MD, threads });
  try {
    await eng.run(steps);
    return (await eng.snapshot()).positions;
  } finally {
    eng.dispose();
  }
}

describe('pool protocol', () => {
  it('runs every row once (home ranges + stealing) and a fused kernel sees its chunk, for 1, 2 and 3 threads', async () => {
    for (const threads of [1, 2, 3]) {
      const p = threads === 1 ? new SerialPool() : await pool(threads);
      for (const [n, chunk] of [[1, 32], [95, 32], [1000, 32], [7, 1], [32, 1]] as const) {
        const ctx: SelfTestCtx = { visits: p.i32(n), val: p.f64(n), out: p.f64(n), red: p.f64(Math.ceil(n / chunk)) };
        const slot = p.bind(ctx);
        p.run('pool.mark', slot, n, chunk, { name: 'pool.after', slot });
        p.run('pool.mark', slot, n, chunk);
        p.release(slot);
        expect(Array.from(ctx.visits)).toEqual(Array(n).fill(2));
        expect(Array.from(ctx.out)).toEqual(Array.from({ length: n }, (_, i) => 2 * i + 2));
        let s = 0;
        for (let c = 0; c < ctx.red.length; c++) s += ctx.red[c]!;
        expect(s).toBe(n * n); // Σ (2i + 1) over i < n
      }
    }
  });
});

describe('threaded neighbour list', () => {
  it('has the same rows for 1 and 3 threads and the same pair sets as the serial builder', async () => {
    const sys = eamTips();
    const p3 = await pool(3);
    const x = p3.f64(3 * sys.n);
    x.set(sys.positions);
    const a = buildNeighborListPool(new SerialPool(), sys.positions, sys.n, sys.box, 6.55, 8);
    const b = buildNeighborListPool(p3, x, sys.n, sys.box, 6.55, 8);
    const ref = buildNeighborList(sys.positions, sys.n, sys.box, 6.55);
    expect(b.stride).toBe(a.stride);
    expect(Array.from(b.counts)).toEqual(Array.from(a.counts));
    for (let i = 0; i < sys.n; i++) {
      const ra = Array.from(a.neighbors.subarray(i * a.stride, i * a.stride + a.counts[i]!));
      expect(Array.from(b.neighbors.subarray(i * b.stride, i * b.stride + b.counts[i]!))).toEqual(ra);
      const rr = Array.from(ref.neighbors.subarray(i * ref.stride, i * ref.stride + ref.counts[i]!));
      expect([...ra].sort((u, v) => u - v)).toEqual(rr.sort((u, v) => u - v));
    }
  });

  it('half build: row i holds exactly the full row\'s j > i, in the same order, for 1 and 3 threads', async () => {
    const sys = eamTips();
    const p3 = await pool(3);
    const x = p3.f64(3 * sys.n);
    x.set(sys.positions);
    const full = buildNeighborListPool(new SerialPool(), sys.positions, sys.n, sys.box, 6.55, 8);
    const h1 = buildNeighborListPool(new SerialPool(), sys.positions, sys.n, sys.box, 6.55, 8, { half: true });
    const h3 = buildNeighborListPool(p3, x, sys.n, sys.box, 6.55, 8, { half: true });
    expect(h1.half).toBe(true);
    expect(full.half).toBeUndefined();
    let pairs = 0;
    for (let i = 0; i < sys.n; i++) {
      const fr = Array.from(full.neighbors.subarray(i * full.stride, i * full.stride + full.counts[i]!)).filter((j) => j > i);
      expect(Array.from(h1.neighbors.subarray(i * h1.stride, i * h1.stride + h1.counts[i]!))).toEqual(fr);
      expect(Array.from(h3.neighbors.subarray(i * h3.stride, i * h3.stride + h3.counts[i]!))).toEqual(fr);
      pairs += fr.length;
    }
    expect(2 * pairs).toBe(Array.from(full.counts).reduce((s, c) => s + c, 0));
  });
});

describe('EAM: 1 vs N threads', () => {
  it('energy, per-atom energies and forces agree (≤ 1e-12)', async () => {
    const sys = eamTips();
    const one = evaluate(await loadEamPotential(), sys, null);
    const two = evaluate(await loadEamPotential(), sys, await pool(2));
    const three = evaluate(await loadEamPotential(), sys, await pool(3));
    for (const r of [two, three]) {
      expect(Math.abs(r.energy - one.energy)).toBeLessThanOrEqual(1e-12 * Math.abs(one.energy));
      expect(maxDiff(r.f, one.f)).toBeLessThanOrEqual(1e-12 * maxAbs(one.f));
      expect(maxDiff(r.e, one.e)).toBeLessThanOrEqual(1e-12 * maxAbs(one.e));
    }
  });

  it('a 100-step NVT trajectory agrees to 1e-9 Å', async () => {
    const sys = eamTips();
    const a = await trajectory(sys, await loadEamPotential(), 1, 100);
    const b = await trajectory(sys, await loadEamPotential(), 2, 100);
    expect(maxDiff(a, b)).toBeLessThanOrEqual(1e-9);
  });
});

const REAX: ReaxffOptions = { volt: 2, qeqTol: 1e-8 };

describe('ReaxFF + QEq + EChemDID: 1 vs N threads', () => {
  for (const tabulate of [false, true]) {
    it(`energy, forces, charges and Φ agree (≤ 1e-12), ${tabulate ? 'tabulated' : 'analytic'}`, async () => {
      const sys = reaxTips();
      const params = await loadReaxffAg();
      const one = evaluate(new ReaxffPotential(sys, params, { ...REAX, tabulate }), sys, null);
      const two = evaluate(new ReaxffPotential(sys, params, { ...REAX, tabulate }), sys, await pool(2));
      const three = evaluate(new ReaxffPotential(sys, params, { ...REAX, tabulate }), sys, await pool(3));
      for (const r of [two, three]) {
        expect(Math.abs(r.energy - one.energy)).toBeLessThanOrEqual(1e-12 * Math.abs(one.energy));
        expect(maxDiff(r.f, one.f)).toBeLessThanOrEqual(1e-12 * maxAbs(one.f));
        expect(maxDiff(r.q!, one.q!)).toBeLessThanOrEqual(1e-12 * maxAbs(one.q!));
        expect(maxDiff(r.phi!, one.phi!)).toBeLessThanOrEqual(1e-12);
      }
      expect(maxAbs(one.q!)).toBeGreaterThan(1e-3); // the voltage really charged the tips
    });
  }

  it('a 100-step NVT trajectory (tabulated) agrees to 1e-9 Å', async () => {
    const sys = reaxTips();
    const params = await loadReaxffAg();
    const opts: ReaxffOptions = { ...REAX, qeqTol: 1e-6, tabulate: true };
    const a = await trajectory(sys, new ReaxffPotential(sys, params, opts), 1, 100);
    const b = await trajectory(sys, new ReaxffPotential(sys, params, opts), 2, 100);
    expect(maxDiff(a, b)).toBeLessThanOrEqual(1e-9);
  });
});

describe('tabulated ReaxFF (nonbonded and bond tables) vs analytic', () => {
  it('energy ≤ 1e-7 relative, forces ≤ 1e-4 kcal/mol/Å, charges ≤ 1e-6 e (paper tips, 2 V)', async () => {
    const sys = buildTips({ base: 42, gap: 8.3, lattice: 4.22, rattle: 0.05, seed: 5 });
    const params = await loadReaxffAg();
    const evalReal = (tabulate: boolean) => {
      const pot = new ReaxffPotential(sys, params, { ...REAX, tabulate });
      const nl = buildNeighborList(sys.positions, sys.n, sys.box, pot.cutoff + 1);
      pot.evolvePhi(sys.positions, sys.box, nl, 1, 20);
      pot.equilibrate(sys.positions, sys.box, nl);
      const f = new Float64Array(3 * sys.n), e = new Float64Array(sys.n);
      const t = pot.computeReal(sys.positions, sys.box, nl, f, e);
      return { t, energy: t.bond + t.over + t.vdw + t.coul + t.pol, f, q: Float64Array.from(pot.charges()) };
    };
    const an = evalReal(false), tb = evalReal(true);
    const dE = Math.abs(tb.energy - an.energy) / Math.abs(an.energy);
    const dF = maxDiff(tb.f, an.f), dQ = maxDiff(tb.q, an.q);
    console.log(`table vs analytic: energy ${dE.toExponential(2)} relative (bond ${Math.abs(tb.t.bond - an.t.bond).toExponential(2)}, over ${Math.abs(tb.t.over - an.t.over).toExponential(2)}, vdW ${Math.abs(tb.t.vdw - an.t.vdw).toExponential(2)}, Coulomb ${Math.abs(tb.t.coul - an.t.coul).toExponential(2)} kcal/mol), forces ${dF.toExponential(2)} kcal/mol/Å, charges ${dQ.toExponential(2)} e`);
    expect(dE).toBeLessThanOrEqual(1e-7);
    expect(dF).toBeLessThanOrEqual(1e-4);
    expect(dQ).toBeLessThanOrEqual(1e-6);
    expect(maxAbs(an.q)).toBeGreaterThan(1e-2);
  });
});

describe('ReaxFF bond table (tabulated path)', () => {
  it('BO, dBO/dr, E_bond and CEbo within 1e-9 relative of terms.ts over the table; the table ends 0.1 Å before the bond cutoff', async () => {
    const m = agModel(await loadReaxffAg());
    const T = buildBondTable(m);
    expect(Math.sqrt(T.s1)).toBeCloseTo(m.rBond - BOND_TABLE_MARGIN, 12);
    const ev = (k: number, o: number, t: number) => T.c[o]! + t * (T.c[o + 1]! + t * (T.c[o + 2]! + t * T.c[o + 3]!));
    let worst = 0;
    for (let s = T.s0; s < T.s1; s += 0.00377) {
      const u = (s - T.s0) * T.invH, k = u | 0, t = u - k, r = Math.sqrt(s);
      const { bo, dbo } = bondOrder(m, r), b = bondEnergy(m, bo);
      const got = [ev(k, 16 * k, t) - m.p.boCut, ev(k, 16 * k + 4, t) * r, ev(k, 16 * k + 8, t), ev(k, 16 * k + 12, t)];
      const want = [bo, dbo, b.e, b.de];
      for (let q = 0; q < 4; q++) worst = Math.max(worst, Math.abs(got[q]! - want[q]!) / Math.abs(want[q]!));
    }
    expect(worst).toBeLessThan(1e-9);
  });
});
