/**
 * Physics of the float64 CPU engine on the EAM tips of test/fixtures (LAMMPS's own system):
 * NVE energy conservation, NVT mean temperature, fixed atoms, checkpoint continuity, blow-up errors.
 */
import { describe, expect, it } from 'vitest';
import { readStructure } from '../src/io/structure.ts';
import { loadEamPotential } from '../src/potentials/eam/index.ts';
import { CpuEngine } from '../src/md/cpuEngine.ts';
import { maxwellBoltzmann, kineticEnergy, temperatureOf, degreesOfFreedom } from '../src/md/velocities.ts';
import { createNhc, nhcHalfStep } from '../src/md/nhc.ts';
import { buildTips } from '../src/system/builders/tips.ts';
import type { CpuPotential } from '../src/potentials/types.ts';
import type { EngineOptions } from '../src/md/engine.ts';
import { fixture } from './helpers/reference.ts';

const TIPS = fixture('tips42.data');
const nvt = (T: number): EngineOptions['thermostat'] => ({ kind: 'nvt', temperature: T, tdamp: 100, chain: 3 });

describe('Maxwell-Boltzmann velocities', () => {
  it('have zero net momentum, the exact temperature, and zero for fixed atoms', () => {
    const sys = buildTips({ base: 20, gap: 8.3, lattice: 4.09 });
    const v = maxwellBoltzmann(sys.masses, sys.fixed, 800, 7);
    const p = [0, 0, 0];
    for (let i = 0; i < sys.n; i++) for (let d = 0; d < 3; d++) p[d]! += sys.masses[i]! * v[3 * i + d]!;
    for (const c of p) expect(Math.abs(c)).toBeLessThan(1e-10);
    expect(temperatureOf(kineticEnergy(v, sys.masses, sys.fixed), degreesOfFreedom(sys.fixed))).toBeCloseTo(800, 8);
    for (let i = 0; i < sys.n; i++) if (sys.fixed[i]) expect(Math.hypot(v[3 * i]!, v[3 * i + 1]!, v[3 * i + 2]!)).toBe(0);
  });
});

describe('Nosé-Hoover chain', () => {
  it('leaves velocities alone at the target temperature with a resting chain, and cools a hot system', () => {
    const p = { temperature: 800, tdamp: 100, dof: 3000, chain: 3 };
    const kt2 = p.dof * 8.617343e-5 * 800;
    expect(nhcHalfStep(createNhc(p), p, kt2, 1)).toBeCloseTo(1, 12);
    const s = createNhc(p);
    let f = 1;
    for (let k = 0; k < 50; k++) f = nhcHalfStep(s, p, 2 * kt2, 1);
    expect(f).toBeLessThan(1);
  });
});

describe('CPU engine on the EAM tips (2652 atoms, 882 fixed)', async () => {
  const pot = await loadEamPotential();

  it('conserves energy in NVE (1600 K start, 2 ps at 1 fs)', async () => {
    const sys = await readStructure(TIPS);
    const eng = await CpuEngine.create(sys, pot, { dt: 1, skin: 1, seed: 4242, initialTemperature: 1600, thermostat: { ...nvt(800), kind: 'nve' } });
    await eng.run(500); // let the kinetic/potential exchange settle, as the LAMMPS reference does
    const e0 = (await eng.thermo()).total;
    let worst = 0;
    for (let k = 0; k < 3; k++) {
      await eng.run(500);
      worst = Math.max(worst, Math.abs((await eng.thermo()).total - e0) / sys.n);
    }
    // LAMMPS (f64) keeps this run within ~1 meV total = 4e-7 eV/atom; measured here ~2e-7.
    expect(worst).toBeLessThan(2e-6);
  });

  it('holds the mean mobile temperature within 2% of 800 K and never moves fixed atoms', async () => {
    const sys = await readStructure(TIPS);
    const fixed0 = Float64Array.from(sys.positions);
    const eng = await CpuEngine.create(sys, pot, { dt: 1, skin: 1, seed: 11, thermostat: nvt(800) });
    await eng.run(1000);
    let sum = 0, n = 0;
    for (let k = 0; k < 30; k++) {
      await eng.run(100);
      const t = await eng.thermo();
      sum += t.temperature; n++;
      expect(Number.isFinite(t.conserved)).toBe(true);
    }
    expect(Math.abs(sum / n - 800) / 800).toBeLessThan(0.02);
    const st = await eng.snapshot();
    for (let i = 0; i < sys.n; i++) if (sys.fixed[i]) for (let d = 0; d < 3; d++) expect(st.positions[3 * i + d]).toBe(fixed0[3 * i + d]);
  });

  it('gives the same bits whether a run is split or not (NVT: the thermostat state crosses run() calls)', async () => {
    const sys = buildTips({ base: 14, gap: 8.3, lattice: 4.09, rattle: 0.05, seed: 5 });
    const opts: EngineOptions = { dt: 1, skin: 1, seed: 3, thermostat: nvt(800) };
    const a = await CpuEngine.create(sys, pot, opts);
    await a.run(60);
    const b = await CpuEngine.create(sys, pot, opts);
    await b.run(25);
    await b.thermo();
    await b.run(1);
    await b.run(34);
    const sa = await a.snapshot(), sb = await b.snapshot();
    expect(Array.from(sb.positions)).toEqual(Array.from(sa.positions));
    expect(Array.from(sb.velocities)).toEqual(Array.from(sa.velocities));
    expect((await b.thermo()).conserved).toBe((await a.thermo()).conserved);
    a.dispose();
    b.dispose();
  });

  it('resumes from a checkpoint on the same trajectory', async () => {
    const opts: EngineOptions = { dt: 1, skin: 1, seed: 3, thermostat: nvt(800) };
    const a = await CpuEngine.create(await readStructure(TIPS), pot, opts);
    await a.run(100);
    const ck = await a.checkpoint();
    await a.run(100);
    const b = await CpuEngine.create(await readStructure(TIPS), pot, opts);
    await b.restore(ck);
    await b.run(100);
    const pa = (await a.snapshot()).positions, pb = (await b.snapshot()).positions;
    let d = 0;
    for (let k = 0; k < pa.length; k++) d = Math.max(d, Math.abs(pa[k]! - pb[k]!));
    expect(d).toBeLessThan(1e-9);
    expect(b.step).toBe(200);
    expect((await b.thermo()).conserved).toBeCloseTo((await a.thermo()).conserved, 6);
  });

  it('stops with a clear error when the simulation blows up', async () => {
    const sys = buildTips({ base: 12, gap: 8.3, lattice: 4.09 });
    let calls = 0;
    const bad: CpuPotential = {
      name: 'nan-after-3', cutoff: 3,
      compute: (_x, _b, _nl, f, e) => { calls++; f.fill(calls > 3 ? NaN : 0); e.fill(0); return { energy: calls > 3 ? NaN : 0 }; },
    };
    const eng = await CpuEngine.create(sys, bad, { dt: 1, skin: 1, seed: 1, thermostat: nvt(300) });
    await expect(eng.run(10)).rejects.toThrow(/step 3: atom \d+ has a non-finite force.*Fix:/);
  });
});
