// spd-pbe, the accurate model (fitted by us to PBE bands, scripts/tb-fit/README.md): its bulk
// bands against our PBE levels (test/fixtures/tb/ag-pbe-levels.json), and the issue-8 contact
// targets with self-consistent local charge neutrality against physics bounds and the PWCOND values
// (test/fixtures/dft). Smaller k-grids than the DFT ones where neutrality makes a case slow (said
// in each title): the charge loop costs one dense device inversion per (k, imaginary energy) and
// Broyden step.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getModel } from '../../src/transport/models/registry.ts';
import { bulkBands, bulkCoordination, bulkFermiLevel } from '../../src/transport/models/bulk.ts';
import { parsePeriodicXyz, slabGeometry } from '../../src/transport/device/slabDevice.ts';
import { prepareGeometry } from '../../src/transport/device/blocks.ts';
import { deviceCharges } from '../../src/transport/neutrality.ts';
import { slabTransmission } from '../../src/transport/slabTransmission.ts';
import { geometryTransmission, snapshotTransmission } from '../../src/transport/snapshotTransmission.ts';
import { fcc111Frame } from '../../src/transport/device/paperDevice.ts';
import { bareGap, chain, constriction, pyramidPair } from './targetGeometries.ts';

const m = getModel('spd-pbe');
const fixture = (p: string) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));
const cell = (name: string) => parsePeriodicXyz(readFileSync(fixture(`dft/${name}`), 'utf8'), name);
const PBE = JSON.parse(readFileSync(fixture('tb/ag-pbe-levels.json'), 'utf8')) as { a: number; levels: Record<string, { E: number }[]> };
const SLOW = 1_200_000;

describe('spd-pbe bulk bands against PBE (fcc, a = 4.153 Å)', () => {
  // onsite energies of the smooth bulk coordination (11.89 at 4.153 Å), as in the leads and in the fit
  const a = m.lattice, g = (2 * Math.PI) / a, Z = bulkCoordination(a);
  const K: Record<string, [number, number, number]> = { Gamma: [0, 0, 0], X: [0, g, 0], L: [g / 2, g / 2, g / 2] };
  it('the model lattice is the PBE one of the references', () => expect(a).toBeCloseTo(PBE.a, 3));
  it('its Fermi level holds 11 electrons per atom (24³ mesh, ±0.02 eV mesh noise)', () => {
    expect(Math.abs(bulkFermiLevel(m, 24, Z) - m.fermiEnergy)).toBeLessThan(0.02);
  });
  it('L2′ (the neck of the Fermi surface) lies below E_F as in PBE (−0.24 eV), within 0.1 eV', () => {
    const ev = Array.from(bulkBands(m, K.L!, Z), (e) => e - m.fermiEnergy);
    const l2p = ev.filter((e) => e < 1).at(-1)!;
    expect(l2p).toBeLessThan(0);
    expect(Math.abs(l2p - PBE.levels['L']!.at(-2)!.E)).toBeLessThan(0.1);
  });
  it('every PBE level at Γ, X, L below E_F + 2 eV within 0.25 eV (band bottom Γ1 within 0.3 eV)', () => {
    for (const [name, k] of Object.entries(K)) {
      const ev = Array.from(bulkBands(m, k, Z), (e) => e - m.fermiEnergy);
      PBE.levels[name]!.filter((l) => l.E < 2).forEach((l, i) => expect(Math.abs(ev[i]! - l.E), `${name} band ${i}`).toBeLessThan(i === 0 ? 0.3 : 0.25));
    }
  });
  it('every atom of perfect Ag(111) is neutral (11 e within 0.01 e) with no onsite shift', () => {
    const bulk = cell('bulk1x1_lead.xyz');
    const q = deviceCharges(prepareGeometry(m, slabGeometry(bulk, bulk, m.lattice / 4.153, m.name)), new Float64Array(3), { kpoints: [12, 12] });
    for (const x of q) expect(Math.abs(x - 11)).toBeLessThan(0.01);
  });
});

describe('spd-pbe slab mode against PWCOND (self-consistent neutrality)', () => {
  it('monatomic chain (lead neutralized on its own): T(E_F) = 1.00 ± 0.03 in one channel', () => {
    const c = cell('chain_lead.xyz');
    const r = slabTransmission(c, c, { model: 'spd-pbe', kpoints: [1, 1] });
    expect(Math.abs(r.T[0]! - 1)).toBeLessThan(0.03);
    expect(r.channels[0]![1] ?? 0).toBeLessThan(0.01);
  });
  it('perfect Ag(111), 36×36: 0.78 ± 0.08 open channels per surface atom, integer per k, Γ̄ closed (L2′ below E_F)', () => {
    const bulk = cell('bulk1x1_lead.xyz');
    const r = slabTransmission(bulk, bulk, { model: 'spd-pbe', kpoints: [36, 36] });
    expect(r.info['neutrality']).toMatchObject({ iterations: 0 });
    for (const k of r.kResolved) expect(Math.abs(k.T[0]! - Math.round(k.T[0]!))).toBeLessThan(1e-3);
    expect(Math.abs(r.T[0]! - 0.78)).toBeLessThan(0.08);
    expect(r.kResolved.find((k) => k.k[0] === 0 && k.k[1] === 0)!.T[0]!).toBeLessThan(1e-3);
  }, SLOW);
  it('two-atom chain between Ag(111) 2×2 surfaces, 6×6 (DFT grid): T = 0.88 ± 0.10 (DFT 0.876), one dominant channel', () => {
    const r = slabTransmission(cell('c2_atom2_scatt.xyz'), cell('lead_2x2.xyz'), { model: 'spd-pbe', kpoints: [6, 6] });
    expect(Math.abs(r.T[0]! - 0.88)).toBeLessThan(0.1);
    expect(r.channels[0]![0]! / r.T[0]!).toBeGreaterThan(0.9);
  }, SLOW);
});

describe('spd-pbe contacts between Ag(111) 3×3 surfaces (paper mode; 3×3 k for T and charges instead of 6×6: the cost of the charge loop)', () => {
  it('single atom in the fcc hollow: T(E_F) in [0.85, 1]; the first channel carries ≥ 95 % of what the atom adds to the bare gap (the surfaces, 4.8 Å apart, tunnel in parallel)', () => {
    const F = fcc111Frame(m.lattice);
    const r = geometryTransmission(m, constriction(m.lattice, 1), { energies: [m.fermiEnergy], kpoints: [3, 3] });
    const bare = geometryTransmission(m, bareGap(m.lattice, 2 * F.c), { energies: [m.fermiEnergy], kpoints: [3, 3] });
    const T = r.T[0]!, tau = r.channels[0]![0]!;
    expect(r.neutrality!.maxError).toBeLessThan(0.01);
    expect(T).toBeGreaterThanOrEqual(0.85);
    expect(T).toBeLessThanOrEqual(1 + 1e-9);
    expect(bare.T[0]!).toBeGreaterThan(0);
    expect(tau / (T - bare.T[0]!)).toBeGreaterThanOrEqual(0.95);
  }, SLOW);
  it('three-atom chain (2.70 Å): T(E_F) in [0.85, 1] in one dominant channel (≥ 95 %)', () => {
    const r = geometryTransmission(m, chain(m.lattice, 3).geometry, { energies: [m.fermiEnergy], kpoints: [3, 3] });
    expect(r.T[0]!).toBeGreaterThanOrEqual(0.85);
    expect(r.T[0]!).toBeLessThanOrEqual(1 + 1e-9);
    expect(r.channels[0]![0]! / r.T[0]!).toBeGreaterThanOrEqual(0.95);
  }, SLOW);
  it('constriction of n = 1..4 atoms in neighbouring hollows: T(E_F) increases with n', () => {
    const T = [1, 2, 3, 4].map((n) => geometryTransmission(m, constriction(m.lattice, n), { energies: [m.fermiEnergy], kpoints: [3, 3] }).T[0]!);
    for (let n = 1; n < 4; n++) expect(T[n]!).toBeGreaterThan(T[n - 1]! + 0.3);
  }, SLOW);
  // Met since the refit with a coordination-independent p level (scripts/tb-fit/README.md; before: 0.71).
  // DFT (PWCOND) on its own two-atom chain geometry: 0.876 (6×6), 0.928 (12×12), one dominant channel.
  it('two-atom chain (2.70 Å) on the hollow axis: T(E_F) in [0.85, 1] in one dominant channel (≥ 95 %)', () => {
    const r = geometryTransmission(m, chain(m.lattice, 2).geometry, { energies: [m.fermiEnergy], kpoints: [3, 3] });
    expect(r.channels[0]![0]! / r.T[0]!).toBeGreaterThanOrEqual(0.95);
    expect(r.T[0]!).toBeGreaterThanOrEqual(0.85);
    expect(r.T[0]!).toBeLessThanOrEqual(1 + 1e-9);
  }, SLOW);
});

describe('spd-pbe between two (001) pyramid apexes (tips mode, bulk-reservoir leads, Γ; pyramids from another generator: upper tip first, off-axis, 2 fixed layers)', () => {
  const tips = (bridge: number, depth?: number) =>
    snapshotTransmission(pyramidPair(4.09, 7, 0, { bridge, bond: 2.85 }), { model: 'spd-pbe', mode: 'tips', kpoints: [1, 1], ...(depth ? { depth } : {}) });
  it('one atom: T(E_F) in [0.85, 1], first channel ≥ 95 %, and < 5 % change when one more layer of each tip joins the device (depth 2 → 3)', () => {
    const T = [2, 3].map((depth) => {
      const r = tips(1, depth);
      expect(r.channels[0]![0]! / r.T[0]!, `depth ${depth}`).toBeGreaterThanOrEqual(0.95);
      expect(r.T[0]!, `depth ${depth}`).toBeGreaterThanOrEqual(0.85);
      expect(r.T[0]!).toBeLessThanOrEqual(1 + 1e-9);
      return r.T[0]!;
    });
    expect(Math.abs(T[1]! - T[0]!) / T[0]!).toBeLessThan(0.05);
  }, SLOW);
  it('three-atom chain: T(E_F) in [0.85, 1] in one dominant channel', () => {
    const r = tips(3);
    expect(r.channels[0]![0]! / r.T[0]!).toBeGreaterThanOrEqual(0.95);
    expect(r.T[0]!).toBeGreaterThanOrEqual(0.85);
    expect(r.T[0]!).toBeLessThanOrEqual(1 + 1e-9);
  }, SLOW);
  // Known shortfall: the even chain between pyramid apexes transmits 0.72 (1/2/3 atoms: 0.93 / 0.72 /
  // 0.94, bond 2.89 Å; 0.74 at 2.74 Å), an even/odd oscillation with the even chain LOWER — the
  // opposite phase of DFT-NEGF for noble metals (Lee et al., PRB 69, 125409 (2004): even higher) and
  // larger than its "moderate" amplitude. Between Ag(111) surfaces (paper mode) it is 0.86.
  // Kept as a test that must fail until the model meets the target.
  it.fails('two-atom chain: T(E_F) in [0.85, 1] — NOT MET yet (0.72)', () => {
    const r = tips(2);
    expect(r.channels[0]![0]! / r.T[0]!).toBeGreaterThanOrEqual(0.95);
    expect(r.T[0]!).toBeGreaterThanOrEqual(0.85);
  }, SLOW);
});

describe('spd-pbe between the same pyramids in paper mode (3×3 k): the apex atoms become adatoms on the Ag(111) slabs, so n bridge atoms make a chain of n + 2 between the surfaces', () => {
  const paper = (bridge: number) => snapshotTransmission(pyramidPair(4.09, 6, 0, { bridge, bond: 2.85 }), { model: 'spd-pbe', mode: 'paper', kpoints: [3, 3] });
  it('one and three bridge atoms (3- and 5-atom chains): T(E_F) in [0.85, 1] in one dominant channel (≥ 95 %)', () => {
    for (const nb of [1, 3]) {
      const r = paper(nb);
      expect(r.channels[0]![0]! / r.T[0]!, `${nb}`).toBeGreaterThanOrEqual(0.95);
      expect(r.T[0]!, `${nb}`).toBeGreaterThanOrEqual(0.85);
      expect(r.T[0]!).toBeLessThanOrEqual(1 + 1e-9);
    }
  }, SLOW);
  // Known shortfall, the same even/odd swing as in tips mode: two bridge atoms (a 4-atom chain of
  // 2.85 Å bonds) give 0.79 (1 / 2 / 3 bridge atoms: 0.90 / 0.79 / 0.91); the 2-atom chain of 2.70 Å
  // bonds above gives 0.86. Kept as a test that must fail until the model meets the target.
  it.fails('two bridge atoms: T(E_F) in [0.85, 1] — NOT MET yet (0.79)', () => {
    expect(paper(2).T[0]!).toBeGreaterThanOrEqual(0.85);
  }, SLOW);
});

describe('spd-pbe tunnelling and T(E) (slow: ~6 min each on a loaded 2-core machine)', () => {
  it('vacuum tunnelling between two (001) pyramid apexes (tips mode, Γ): ln T linear in 4–7 Å (R² ≥ 0.98), 2κ within 30 % of 2.2 Å⁻¹', () => {
    const d = [4, 5, 6, 7];
    const y = d.map((g) => Math.log(snapshotTransmission(pyramidPair(4.09, 6, g), { model: 'spd-pbe', mode: 'tips' }).T[0]!));
    const n = d.length, mx = d.reduce((a, b) => a + b) / n, my = y.reduce((a, b) => a + b) / n;
    const sxy = d.reduce((a, x, i) => a + (x - mx) * (y[i]! - my), 0), sxx = d.reduce((a, x) => a + (x - mx) ** 2, 0), syy = y.reduce((a, v) => a + (v - my) ** 2, 0);
    expect((sxy * sxy) / (sxx * syy)).toBeGreaterThanOrEqual(0.98);
    expect(Math.abs(-sxy / sxx - 2.2) / 2.2).toBeLessThan(0.3);
  }, SLOW);
  // measured: 2κ = 2.67 Å⁻¹, R² 0.983 (the flat surfaces, one (111) spacing behind the apex atoms, tunnel in parallel)
  it('vacuum tunnelling between the same apexes in paper mode (3×3 k): ln T linear in 4–7 Å (R² ≥ 0.98), 2κ within 30 % of 2.2 Å⁻¹', () => {
    const d = [4, 5, 6, 7];
    const y = d.map((g) => Math.log(snapshotTransmission(pyramidPair(4.09, 6, g), { model: 'spd-pbe', mode: 'paper', kpoints: [3, 3] }).T[0]!));
    const n = d.length, mx = d.reduce((a, b) => a + b) / n, my = y.reduce((a, b) => a + b) / n;
    const sxy = d.reduce((a, x, i) => a + (x - mx) * (y[i]! - my), 0), sxx = d.reduce((a, x) => a + (x - mx) ** 2, 0), syy = y.reduce((a, v) => a + (v - my) ** 2, 0);
    expect((sxy * sxy) / (sxx * syy)).toBeGreaterThanOrEqual(0.98);
    expect(Math.abs(-sxy / sxx - 2.2) / 2.2).toBeLessThan(0.3);
  }, SLOW);
  it('T(E) of the single-atom contact over ±1 eV (2×2 k): no jump above 0.1 between energies 0.01 eV apart', () => {
    const Es = Array.from({ length: 201 }, (_, i) => -1 + 0.01 * i);
    const r = geometryTransmission(m, constriction(m.lattice, 1), { energies: Es.map((e) => e + m.fermiEnergy), kpoints: [2, 2] });
    for (let i = 1; i < Es.length; i++) expect(Math.abs(r.T[i]! - r.T[i - 1]!)).toBeLessThan(0.1);
  }, SLOW);
});
