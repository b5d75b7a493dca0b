// A periodic outer buffer layer joins its lead (solver/absorb.ts) and the neutrality shifts that make
// it periodic (neutrality.ts tiedShifts): the absorbed solve equals the dense solve of the whole
// device, and every atom stays neutral within the tolerance.
import { describe, expect, it } from 'vitest';
import { getModel } from '../../src/transport/models/registry.ts';
import { prepareGeometry } from '../../src/transport/device/blocks.ts';
import { spectrum } from '../../src/transport/transmission.ts';
import { ABSORB_MIN_ENERGIES, absorbStats } from '../../src/transport/solver/absorb.ts';
import { chargeKpoints, deviceCharges, orbitalCharges, solveNeutrality } from '../../src/transport/neutrality.ts';
import { chain, constriction, pyramidPair } from './targetGeometries.ts';
import { snapshotTransmission } from '../../src/transport/snapshotTransmission.ts';
import { paperGeometry } from '../../src/transport/device/paperDevice.ts';

/** adds per-atom onsite shifts (eV) to a prepared device */
function shift(prep: ReturnType<typeof prepareGeometry>, phi: (i: number) => number): void {
  const nb = prep.model.norb, on = prep.hDD.onsite!;
  for (let i = 0; i < on.length / nb; i++) for (let a = 0; a < nb; a++) on[i * nb + a]! += phi(i);
}

describe('outer buffer layer absorbed into its lead', () => {
  for (const name of ['s', 'spd-pbe']) {
    it(`${name}: T, eigenchannels and open channels equal the dense solve of the whole device (uniform outer shifts, random inner ones)`, () => {
      const m = getModel(name);
      for (const geo of [constriction(m.lattice, 1), chain(m.lattice, 2).geometry]) {
        const prep = prepareGeometry(m, geo);
        const na = geo.device.length / 3;
        // one shift per outer layer (atoms 0–8 and the last 9), other atoms their own
        shift(prep, (i) => (i < 9 ? -0.08 : i >= na - 9 ? -0.11 : 0.3 * Math.sin(1.7 * i)));
        const opt = { energies: [m.fermiEnergy - 0.4, m.fermiEnergy, m.fermiEnergy + 0.25], kpoints: [3, 3] as [number, number], perK: true };
        const before = { ...absorbStats };
        const a = spectrum(m, prep, opt);
        expect(absorbStats.left - before.left).toBe(5 * 3); // 5 irreducible k × 3 energies
        expect(absorbStats.right - before.right).toBe(5 * 3);
        const d = spectrum(m, prep, { ...opt, solver: 'dense' });
        expect(Math.max(...a.T)).toBeGreaterThan(0.05);
        a.T.forEach((t, i) => expect(Math.abs(t - d.T[i]!)).toBeLessThan(1e-10));
        a.open.forEach((o, i) => expect(o).toBe(d.open[i]));
        a.channels.forEach((c, i) => c.forEach((x, j) => expect(Math.abs(x - d.channels[i]![j]!)).toBeLessThan(1e-10)));
        a.kResolved!.forEach((k, ik) => k.T.forEach((t, i) => expect(Math.abs(t - d.kResolved![ik]!.T[i]!)).toBeLessThan(1e-10)));
      }
    });
  }
  it('an outer layer whose atoms differ (per-atom shifts) is not absorbed, and T still equals the dense solve', () => {
    expect(ABSORB_MIN_ENERGIES).toBeLessThanOrEqual(2);
    const m = getModel('spd-pbe');
    const prep = prepareGeometry(m, constriction(m.lattice, 1));
    shift(prep, (i) => 0.02 * ((i * 7) % 5));
    const opt = { energies: [m.fermiEnergy, m.fermiEnergy + 0.1], kpoints: [2, 2] as [number, number] }; // ≥ ABSORB_MIN_ENERGIES: absorption is tried
    const before = absorbStats.left + absorbStats.right;
    const a = spectrum(m, prep, opt), d = spectrum(m, prep, { ...opt, solver: 'dense' });
    expect(absorbStats.left + absorbStats.right).toBe(before);
    a.T.forEach((t, i) => expect(Math.abs(t - d.T[i]!)).toBeLessThan(1e-10));
  });
});

describe('charges with the outer layers absorbed', () => {
  for (const name of ['s', 'spd-pbe']) {
    it(`${name}: every orbital's charge (the absorbed layers' from their Dyson equation) equals the dense solve of the whole device`, () => {
      const m = getModel(name);
      for (const geo of [constriction(m.lattice, 1), chain(m.lattice, 2).geometry]) {
        const prep = prepareGeometry(m, geo);
        const na = geo.device.length / 3;
        const phi = Float64Array.from({ length: na }, (_, i) => (i < 9 ? -0.08 : i >= na - 9 ? -0.11 : 0.3 * Math.sin(1.7 * i)));
        const before = absorbStats.left + absorbStats.right;
        const a = orbitalCharges(prep, phi, { kpoints: [3, 3] }), d = orbitalCharges(prep, phi, { kpoints: [3, 3], solver: 'dense' });
        expect(absorbStats.left + absorbStats.right - before).toBeGreaterThan(0);
        a.forEach((q, i) => expect(Math.abs(q - d[i]!)).toBeLessThan(1e-10));
        // the absorbed layers' own charges are not trivially bulk: they differ from one another across the two layers
        expect(Math.abs(a[0]! - a[a.length - 1]!)).toBeGreaterThan(1e-4);
      }
    });
  }
});

describe('neutrality with the outer layers tied (paper mode)', () => {
  const m = getModel('spd-pbe');
  const geo = constriction(m.lattice, 1);
  const kpoints = chargeKpoints([3, 3], geo);
  it('one shift per outer layer; every atom, tied ones included, neutral within 0.01 e', () => {
    expect(geo.tiedShifts).toHaveLength(2);
    const prep = prepareGeometry(m, geo);
    const r = solveNeutrality(prep, { kpoints });
    expect(r.tied).toBe(true);
    for (const g of geo.tiedShifts!) for (const i of g) expect(r.shifts[i]).toBe(r.shifts[g[0]!]!);
    const q = deviceCharges(prep, r.shifts, { kpoints });
    q.forEach((x) => expect(Math.abs(x - m.electrons)).toBeLessThan(0.01));
    expect(r.maxError).toBeLessThan(0.01);
  });
  it('a snapshot in paper mode reports its tied layers; a single buffer layer (the surface) is not tied', () => {
    const r = snapshotTransmission(pyramidPair(4.09, 6, 0, { bridge: 1, bond: 2.85 }), { model: 'spd-pbe', mode: 'paper', kpoints: [2, 2] });
    expect((r.info.neutrality as { outerLayersTied?: boolean }).outerLayersTied).toBe(true);
    expect(paperGeometry(m.lattice, 5, new Float64Array(0), 1, 'x').tiedShifts).toEqual([]);
  });
  it('a tolerance the tied layer cannot meet unties it: then every atom is neutral within that tolerance', () => {
    const prep = prepareGeometry(m, geo);
    const tol = 2e-4;
    const r = solveNeutrality(prep, { kpoints, tol });
    expect(r.tied).toBe(false);
    const outer = geo.tiedShifts![0]!;
    expect(Math.max(...outer.map((i) => r.shifts[i]!)) - Math.min(...outer.map((i) => r.shifts[i]!))).toBeGreaterThan(1e-4);
    const q = deviceCharges(prep, r.shifts, { kpoints });
    q.forEach((x) => expect(Math.abs(x - m.electrons)).toBeLessThan(tol));
  });
});
