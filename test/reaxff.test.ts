/**
 * ReaxFF-Ag (Lloyd 2016) + QEq + EChemDID, float64 CPU reference: against the float64 oracle golden
 * file (reaxff_tips42_2V.json), the dimer/bulk values of md-physics §7 (LAMMPS eam/alloy table of the
 * same functions), finite-difference forces with charges, and the physical invariants.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { referenceDir } from './helpers/reference.ts';
import { emptySystem, type Box, type System } from '../src/system/types.ts';
import { buildFccBox } from '../src/system/builders/fcc.ts';
import { buildTips } from '../src/system/builders/tips.ts';
import { buildNeighborList } from '../src/neighbor/cellList.ts';
import { EV_TO_KCAL } from '../src/core/units.ts';
import { RewireError } from '../src/core/errors.ts';
import { parseReaxffAg, loadReaxffAg, type ReaxffAgParams } from '../src/potentials/reaxff/ffield.ts';
import { agModel, bondOrder } from '../src/potentials/reaxff/terms.ts';
import { ReaxffPotential } from '../src/potentials/reaxff/index.ts';
import { evaluateReaxff } from '../src/runner/evaluate.ts';

/** Golden tolerances (brief): 1e-6 relative on energies, 1e-5 e on charges. Φ and forces: see comments. */
const TOL_E_REL = 1e-6;
const TOL_Q = 1e-5;
/** Φ after 50 steps: same float64 recursion as the oracle → round-off only. */
const TOL_PHI = 1e-9;
/** Forces: |F| up to 70 kcal/mol/Å; the oracle's S_i agree to 2e-10, forces to ~2e-8. */
const TOL_F = 1e-6;

const FFIELD_TEXT = readFileSync(`${referenceDir()}/ffield.reax.2016X19.CHONSiCuAgZn`, 'utf8');
const PARAMS: ReaxffAgParams = parseReaxffAg(FFIELD_TEXT, 'ffield.reax.2016X19.CHONSiCuAgZn');

interface Golden {
  system: System;
  phi: number[];
  charges: number[];
  terms: Record<string, number>;
  energy: number;
  forces: number[][];
  bondOrderSum: number[];
  norm: number;
}

function freeBox(pos: Float64Array, n: number, margin = 10): Box {
  const lo: [number, number, number] = [Infinity, Infinity, Infinity], hi: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++) for (let a = 0; a < 3; a++) {
    lo[a] = Math.min(lo[a]!, pos[3 * i + a]!);
    hi[a] = Math.max(hi[a]!, pos[3 * i + a]!);
  }
  return { lo: lo.map((x) => x - margin) as [number, number, number], hi: hi.map((x) => x + margin) as [number, number, number], periodic: [false, false, false] };
}

function loadGolden(): Golden {
  const d = JSON.parse(readFileSync(`${referenceDir()}/reaxff_tips42_2V.json`, 'utf8'));
  const n = d.natoms as number;
  const pos = Float64Array.from((d.positions as number[][]).flat());
  const sys = emptySystem(n, freeBox(pos, n));
  sys.positions = pos;
  sys.masses.fill(PARAMS.mass);
  for (const i of d.group_plus as number[]) sys.electrode[i] = 1;
  for (const i of d.group_minus as number[]) sys.electrode[i] = -1;
  return { system: sys, phi: d.phi, charges: d.charges, terms: d.energy_terms, energy: d.potential_energy, forces: d.forces, bondOrderSum: d.bond_order_sum, norm: d.echemdid.norm };
}

const golden = loadGolden();

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function cluster(positions: number[][], electrode?: number[]): System {
  const n = positions.length;
  const pos = Float64Array.from(positions.flat());
  const s = emptySystem(n, freeBox(pos, n));
  s.positions = pos;
  s.masses.fill(PARAMS.mass);
  if (electrode) s.electrode.set(electrode);
  return s;
}

describe('ffield reader', () => {
  it('selects Ag with LAMMPS conventions (η doubled, mass fixed, mixing)', () => {
    const p = PARAMS;
    expect(p.elementIndex).toBe(7);
    expect(p.eta).toBe(12);
    expect(p.chi).toBe(0.5);
    expect(p.mass).toBe(107.8682);
    expect(p.rVdw).toBeCloseTo(3.9792, 12);
    expect(p.shield).toBeCloseTo(Math.pow(0.42 * 0.42, -1.5), 12);
    expect([p.deS, p.pBe1, p.pBe2, p.pBo1, p.pBo2, p.pOvun1, p.pOvun2]).toEqual([59.5179, -0.2379, 0.2271, -0.2376, 5.197, 0.334, -5.1872]);
    expect([p.boCut, p.swa, p.swb, p.pVdw1, p.gammaW, p.alpha, p.dVdw]).toEqual([0.001, 0, 10, 1.5591, 100, 11.3629, 0.4]);
    const m = agModel(p);
    expect(m.rBond).toBeCloseTo(4.5221, 3);
    // md-physics §2.3 bond orders
    expect(bondOrder(m, 2.5).bo).toBeCloseTo(0.7277, 4);
    expect(bondOrder(m, 2.9).bo).toBeCloseTo(0.5028, 4);
    expect(bondOrder(m, 3.5).bo).toBeCloseTo(0.1605, 4);
  });

  it('loads the repository copy by default', async () => {
    const p = await loadReaxffAg();
    expect(p.deS).toBe(PARAMS.deS);
    // The repository copy is the reference file, byte for byte.
    expect(readFileSync(new URL('../data/potentials/ffield.reax.2016X19.CHONSiCuAgZn', import.meta.url), 'utf8')).toBe(FFIELD_TEXT);
  });

  it('rejects a file without Ag, naming the line', () => {
    const noAg = FFIELD_TEXT.replace(/^ Ag /m, ' Xx ');
    expect(() => parseReaxffAg(noAg, 'f')).toThrow(/no element 'Ag'.*Fix/);
  });

  it('rejects a malformed number with the file line', () => {
    const lines = FFIELD_TEXT.split('\n');
    const agLine = lines.findIndex((l) => /^ Ag /.test(l));
    lines[agLine + 1] = lines[agLine + 1]!.replace('11.3629', '11.36x9');
    try {
      parseReaxffAg(lines.join('\n'), 'bad.ff');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RewireError);
      expect((e as RewireError).where).toBe(`bad.ff:${agLine + 2}`);
    }
  });

  it('rejects a truncated file and an unreadable path', async () => {
    expect(() => parseReaxffAg(FFIELD_TEXT.split('\n').slice(0, 70).join('\n'), 't')).toThrow(/ended while reading/);
    await expect(loadReaxffAg('/nonexistent/ffield')).rejects.toThrow(/cannot read/);
  });
});

describe('golden reaxff_tips42_2V (float64 oracle, 2480 atoms, 2 V, Φ after 50 steps)', async () => {
  const r = await evaluateReaxff(golden.system, { volt: 2, phiSteps: 50, backend: 'cpu', qeqTol: 1e-10, qeqMaxIter: 1000 });

  it('Φ after 50 EChemDID steps from zero', () => {
    expect(maxAbsDiff(r.phi, golden.phi)).toBeLessThan(TOL_PHI);
  });

  it('QEq charges, total charge zero', () => {
    expect(r.qeq.converged).toBe(true);
    expect(maxAbsDiff(r.charges, golden.charges)).toBeLessThan(TOL_Q);
    expect(Math.abs(r.charges.reduce((a, b) => a + b, 0))).toBeLessThan(1e-9);
  });

  it('each energy term and the total to 1e-6 relative', () => {
    for (const k of ['bond', 'over', 'vdw', 'coul', 'pol'] as const) {
      expect(Math.abs(r.terms[k] - golden.terms[k]!) / Math.abs(golden.terms[k]!), k).toBeLessThan(TOL_E_REL);
    }
    expect(Math.abs(r.energy - golden.energy) / Math.abs(golden.energy)).toBeLessThan(TOL_E_REL);
    expect(r.units.energy).toBe('kcal/mol');
  });

  it('forces', () => {
    expect(maxAbsDiff(r.forces.flat(), golden.forces.flat())).toBeLessThan(TOL_F);
  });

  it('bond-order sums and EChemDID norm', () => {
    const pot = new ReaxffPotential(golden.system, PARAMS, { volt: 2 });
    expect(pot.settings.echemdid!.norm).toBeCloseTo(golden.norm, 12);
    const nl = buildNeighborList(golden.system.positions, golden.system.n, golden.system.box, 11);
    pot.compute(golden.system.positions, golden.system.box, nl, new Float64Array(3 * golden.system.n), new Float64Array(golden.system.n));
    expect(maxAbsDiff(pot.bondOrderSums(), golden.bondOrderSum)).toBeLessThan(1e-8);
  });
});

/** Energy (eV) and forces (eV/Å) of a small system with q = 0 through the CpuPotential interface. */
function evalEv(sys: System, pot = new ReaxffPotential(sys, PARAMS)): { energy: number; forces: Float64Array; terms: Record<string, number> } {
  const nl = buildNeighborList(sys.positions, sys.n, sys.box, pot.cutoff + 1);
  const forces = new Float64Array(3 * sys.n);
  const r = pot.compute(sys.positions, sys.box, nl, forces, new Float64Array(sys.n));
  return { energy: r.energy, forces, terms: r.terms! };
}

describe('md-physics §7 reference values (q = 0)', () => {
  it('Ag2 dimer: energies, forces, minimum near 2.70 Å', () => {
    const dimer = (r: number) => evalEv(cluster([[0, 0, 0], [r, 0, 0]]));
    const ref: [number, number, number][] = [[2.5, -1.01641, -1.5557], [2.7, -1.15733, 0], [3.0, -0.96687, 1.0718]];
    for (const [r, e, f] of ref) {
      const d = dimer(r);
      expect(d.energy).toBeCloseTo(e, 4);
      expect(d.forces[0]!).toBeCloseTo(f, 3);
    }
    // Terms at 2.70 Å (kcal/mol): bond −36.154, over −0.043, vdW +9.508.
    const t = dimer(2.7).terms;
    expect(t.bond! * EV_TO_KCAL).toBeCloseTo(-36.154, 2);
    expect(t.over! * EV_TO_KCAL).toBeCloseTo(-0.043, 2);
    expect(t.vdw! * EV_TO_KCAL).toBeCloseTo(9.508, 2);
    // Minimum by golden section on E(r): within 0.02 Å of 2.70.
    let a = 2.5, b = 3.0;
    for (let k = 0; k < 40; k++) {
      const c = b - (b - a) / 1.618, d = a + (b - a) / 1.618;
      if (dimer(c).energy < dimer(d).energy) b = d;
      else a = c;
    }
    expect(Math.abs(0.5 * (a + b) - 2.7)).toBeLessThan(0.02);
  });

  it('bulk fcc: E(a) table, a0 ≈ 4.216 Å, E_coh ≈ 3.042 eV', () => {
    const eAtom = (a: number) => {
      const s = buildFccBox({ cells: [6, 6, 6], lattice: a });
      return evalEv(s).energy / s.n;
    };
    // LAMMPS eam/alloy table of the same functions (md-physics §7).
    for (const [a, e] of [[4.0, -2.89257], [4.1, -3.00262], [4.2, -3.04107], [4.3, -3.02467]] as const) expect(eAtom(a)).toBeCloseTo(e, 4);
    // Parabola through three points around the minimum.
    const [a1, a2, a3] = [4.19, 4.216, 4.24];
    const [e1, e2, e3] = [eAtom(a1), eAtom(a2), eAtom(a3)];
    const num = (a2 - a1) ** 2 * (e2 - e3) - (a2 - a3) ** 2 * (e2 - e1);
    const den = (a2 - a1) * (e2 - e3) - (a2 - a3) * (e2 - e1);
    const a0 = a2 - 0.5 * (num / den);
    expect(Math.abs(a0 - 4.216)).toBeLessThan(0.005);
    expect(-e2).toBeCloseTo(3.042, 3);
  });
});

/** Small two-tip system (~110 atoms) with electrodes on the base layers. */
function smallTips(): System {
  return buildTips({ base: 12, gap: 6, lattice: 4.22, rattle: 0.05, seed: 3 });
}

describe('invariants', () => {
  it('without voltage all charges are exactly zero', async () => {
    const r = await evaluateReaxff(smallTips(), { volt: 0, phiSteps: 20, backend: 'cpu' });
    expect(Math.max(...r.charges.map(Math.abs))).toBeLessThan(1e-12);
    expect(r.terms.coul).toBe(0);
  });

  it('charge neutrality and linearity in V at steady state; the +V/2 tip is negative', async () => {
    const sys = smallTips();
    const q1 = (await evaluateReaxff(sys, { volt: 1, phiSteps: 300, backend: 'cpu', qeqTol: 1e-12, qeqMaxIter: 2000 })).charges;
    const q3 = (await evaluateReaxff(sys, { volt: 3, phiSteps: 300, backend: 'cpu', qeqTol: 1e-12, qeqMaxIter: 2000 })).charges;
    expect(Math.abs(q1.reduce((a, b) => a + b, 0))).toBeLessThan(1e-10);
    expect(Math.abs(q3.reduce((a, b) => a + b, 0))).toBeLessThan(1e-10);
    let scale = 0;
    for (const q of q1) scale = Math.max(scale, Math.abs(q));
    expect(scale).toBeGreaterThan(1e-3);
    for (let i = 0; i < q1.length; i++) expect(Math.abs(q3[i]! - 3 * q1[i]!)).toBeLessThan(1e-7 * scale);
    let plus = 0;
    for (let i = 0; i < sys.n; i++) if (sys.origin[i] === 0) plus += q1[i]!;
    expect(plus).toBeLessThan(0);
  });

  it('steady-state tip charge of the paper-size tips at 2 V ≈ ∓14.87 e (md-physics §7)', async () => {
    const r = await evaluateReaxff(golden.system, { volt: 2, phiSteps: 250, backend: 'cpu', qeqTol: 1e-10, qeqMaxIter: 1000 });
    let lower = 0;
    for (let i = 0; i < 1240; i++) lower += r.charges[i]!;
    // §7 lists ∓14.87 e for the unrattled a = 4.22 Å tips; the golden geometry is rattled by 0.1 Å.
    expect(Math.abs(lower + 14.87)).toBeLessThan(0.3);
  });

  it('finite-difference forces with charges and Φ present', async () => {
    const sys = smallTips();
    const pot = new ReaxffPotential(sys, PARAMS, { volt: 2, qeqTol: 1e-12, qeqMaxIter: 2000 });
    const nl = buildNeighborList(sys.positions, sys.n, sys.box, 30);
    pot.evolvePhi(sys.positions, sys.box, nl, 1, 30);
    pot.equilibrate(sys.positions, sys.box, nl);
    expect(Math.max(...Array.from(pot.charges(), Math.abs))).toBeGreaterThan(1e-3);
    const f = new Float64Array(3 * sys.n), e = new Float64Array(sys.n);
    pot.compute(sys.positions, sys.box, nl, f, e);
    const x = Float64Array.from(sys.positions);
    const energyAt = () => pot.compute(x, sys.box, nl, new Float64Array(3 * sys.n), new Float64Array(sys.n)).energy;
    const h = 1e-5;
    let worst = 0, fmax = 0;
    for (const i of [0, 7, 31, Math.floor(sys.n / 2), sys.n - 3]) {
      for (let a = 0; a < 3; a++) {
        const x0 = x[3 * i + a]!;
        x[3 * i + a] = x0 + h;
        const ep = energyAt();
        x[3 * i + a] = x0 - h;
        const em = energyAt();
        x[3 * i + a] = x0;
        worst = Math.max(worst, Math.abs(-(ep - em) / (2 * h) - f[3 * i + a]!));
        fmax = Math.max(fmax, Math.abs(f[3 * i + a]!));
      }
    }
    expect(fmax).toBeGreaterThan(0.1);
    expect(worst).toBeLessThan(1e-6 * Math.max(1, fmax));
  });

  it('Σ forces = 0 (isolated system, charges present)', async () => {
    const r = await evaluateReaxff(smallTips(), { volt: 2, phiSteps: 30, backend: 'cpu' });
    const s = [0, 0, 0];
    for (const f of r.forces) for (let a = 0; a < 3; a++) s[a] += f[a]!;
    expect(Math.max(...s.map(Math.abs))).toBeLessThan(1e-9);
  });
});

describe('bad input', () => {
  it('an empty electrode group', () => {
    const s = smallTips();
    for (let i = 0; i < s.n; i++) if (s.electrode[i] === -1) s.electrode[i] = 0;
    expect(() => new ReaxffPotential(s, PARAMS, { volt: 2 })).toThrow(/group_minus.*empty/);
  });

  it('a disconnected electrode group', () => {
    const s = cluster([[0, 0, 0], [2.9, 0, 0], [0, 2.9, 0], [30, 0, 0]], [1, 0, 0, -1]);
    expect(() => new ReaxffPotential(s, PARAMS, { volt: 1 })).toThrow(/group_minus.*disconnected/);
  });

  it('a voltage without QEq', () => {
    expect(() => new ReaxffPotential(smallTips(), PARAMS, { volt: 2, qeq: false })).toThrow(/QEq is off/);
  });

  it('QEq that cannot converge in the iteration cap is an error', async () => {
    await expect(evaluateReaxff(smallTips(), { volt: 2, phiSteps: 5, backend: 'cpu', qeqTol: 1e-14, qeqMaxIter: 2 })).rejects.toThrow(/did not converge/);
  });
});

describe('CpuPotential wrapper', () => {
  it('preForce warm start: fewer CG iterations, same charges as a cold solve; save/load state', () => {
    const sys = smallTips();
    const pot = new ReaxffPotential(sys, PARAMS, { volt: 2, qeqTol: 1e-10 });
    const nl = buildNeighborList(sys.positions, sys.n, sys.box, 11);
    const iters: number[] = [];
    for (let s = 0; s < 6; s++) {
      pot.preForce(sys.positions, sys.box, nl, 1);
      iters.push(pot.extras().qeqIterations!);
    }
    expect(iters[5]!).toBeLessThan(iters[0]!);
    const cold = new ReaxffPotential(sys, PARAMS, { volt: 2, qeqTol: 1e-10 });
    cold.loadState({ phi: Array.from(pot.phi()) });
    cold.equilibrate(sys.positions, sys.box, nl);
    expect(maxAbsDiff(cold.charges(), pot.charges())).toBeLessThan(1e-8);
    const js = pot.extras();
    expect(js.echemdidJsPlus).not.toBe(0);
    const state = pot.saveState();
    const other = new ReaxffPotential(sys, PARAMS, { volt: 2, qeqTol: 1e-10 });
    other.loadState(state);
    pot.preForce(sys.positions, sys.box, nl, 1);
    other.preForce(sys.positions, sys.box, nl, 1);
    expect(maxAbsDiff(other.charges(), pot.charges())).toBe(0);
    expect(maxAbsDiff(other.phi(), pot.phi())).toBe(0);
  });
});

describe('NVE with the voltage off (potential-level check; the engines have their own NVE tests)', () => {
  it('velocity Verlet, 1 fs: total energy drift stays small against the kinetic energy', () => {
    // 0.5 fs-scale errors: the total energy must stay within 1e-3 of the kinetic energy scale;
    // a sign or factor error in any force term makes it drift by O(KE).
    const sys = buildTips({ base: 12, gap: 6, lattice: 4.22, rattle: 0.1, seed: 11 });
    const n = sys.n;
    const pot = new ReaxffPotential(sys, PARAMS, { volt: 0 });
    const x = Float64Array.from(sys.positions), v = new Float64Array(3 * n), f = new Float64Array(3 * n), e = new Float64Array(n);
    const FTM2V_ = 1 / 1.0364269e2, MVV2E_ = 1.0364269e2;
    let seed = 1;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
    for (let i = 0; i < 3 * n; i++) v[i] = 0.02 * rnd();
    const forces = () => pot.compute(x, sys.box, buildNeighborList(x, n, sys.box, 11), f, e).energy;
    const ke = () => {
      let k = 0;
      for (let i = 0; i < 3 * n; i++) k += 0.5 * PARAMS.mass * v[i]! * v[i]! * MVV2E_;
      return k;
    };
    let pe = forces();
    const e0 = pe + ke();
    const dt = 1;
    let worst = 0, keMean = 0;
    const steps = 300;
    for (let s = 0; s < steps; s++) {
      for (let i = 0; i < 3 * n; i++) v[i] += (0.5 * dt * f[i]! * FTM2V_) / PARAMS.mass;
      for (let i = 0; i < 3 * n; i++) x[i] += dt * v[i]!;
      pe = forces();
      for (let i = 0; i < 3 * n; i++) v[i] += (0.5 * dt * f[i]! * FTM2V_) / PARAMS.mass;
      const k = ke();
      keMean += k / steps;
      worst = Math.max(worst, Math.abs(pe + k - e0));
    }
    if (process.env.REWIRE_VERBOSE) console.log(`NVE ${n} atoms: max |ΔE| = ${worst.toExponential(2)} eV, <KE> = ${keMean.toFixed(3)} eV`);
    expect(keMean).toBeGreaterThan(0.5);
    expect(worst).toBeLessThan(1e-3 * keMean);
  });
});
