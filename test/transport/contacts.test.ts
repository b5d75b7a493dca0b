// Atomic contacts (transport.md §3.2): single-atom fcc(111) contact with s and spd, bridge steps,
// bounds and symmetries, far-apart tips, tips mode, error cases.
import { describe, expect, it } from 'vitest';
import { getModel } from '../../src/transport/models/registry.ts';
import { makeSModel } from '../../src/transport/models/sModel.ts';
import { fcc111Frame, paperGeometry } from '../../src/transport/device/paperDevice.ts';
import { blocksAtK, prepareGeometry } from '../../src/transport/device/blocks.ts';
import { spectrum } from '../../src/transport/transmission.ts';
import { caroli } from '../../src/transport/solver/caroli.ts';
import { surfaceGreen } from '../../src/transport/solver/surfaceGreen.ts';
import { hermitianEigenvalues } from '../../src/transport/linalg/hermitian.ts';
import { buildTips } from '../../src/system/builders/tips.ts';
import { snapshotFromSystem, type Snapshot } from '../../src/transport/snapshot.ts';
import { snapshotTransmission } from '../../src/transport/snapshotTransmission.ts';

const s = getModel('s');
/** nearest-neighbour s model (no tunnelling tail): the transport.md §3.2 reference-script numbers */
const sNN = makeSModel(undefined, undefined, { tail: false });
const F = fcc111Frame(s.lattice);
/** hollow sites of the 3×3 cell, each bonded to the previous ones */
const sites = [[0, 0], [1, 0], [0, 1], [1, 1]].map(([i, j]) => [F.hollow[0] + i! * F.a1[0] + j! * F.a2[0], F.hollow[1] + j! * F.a2[1]]);
function contact(nAtoms: number, a = s.lattice) {
  const Fa = fcc111Frame(a);
  const g: number[] = [];
  for (let i = 0; i < nAtoms; i++) g.push(sites[i]![0]! * (a / s.lattice), sites[i]![1]! * (a / s.lattice), Fa.c);
  return paperGeometry(a, 2 * Fa.c, new Float64Array(g), 2, 'test');
}

/** two tips (gap = one lattice constant) bridged by one atom at the midpoint of the apexes */
function bridgedTips(base = 12): Snapshot {
  const sys = buildTips({ base, gap: 4.22, lattice: 4.22 });
  const snap = snapshotFromSystem(sys, sys.positions, { step: 1, timeFs: 10 });
  return { ...snap, n: sys.n + 1, positions: Float64Array.from([...sys.positions, 0, 0, 2.11]), origin: Int8Array.from([...sys.origin, 0]), fixed: Uint8Array.from([...sys.fixed, 0]) };
}

describe('single-atom fcc(111) contact (adatom in the 3+3 hollow, 3×3 cell)', () => {
  it('s model without tail: T(E_F) ≈ 1 in one channel (reference 0.9995, 12×12 k)', () => {
    const r = spectrum(sNN, contact(1), { energies: [s.fermiEnergy], kpoints: [12, 12] });
    expect(Math.abs(r.T[0]! - 0.9995)).toBeLessThan(2e-3);
    expect(r.channels[0]![0]!).toBeGreaterThan(0.99);
    expect(r.channels[0]![1]!).toBeLessThan(1e-3);
  });
  it('s model without tail: T(E) over ±1 eV is smooth, 0 < T ≤ 1, no steps', () => {
    const Es = Array.from({ length: 21 }, (_, i) => -1 + 0.1 * i);
    const r = spectrum(sNN, contact(1), { energies: Es.map((e) => e + s.fermiEnergy), kpoints: [6, 6] });
    for (let i = 0; i < Es.length; i++) {
      expect(r.T[i]!).toBeGreaterThan(0.5);
      expect(r.T[i]!).toBeLessThanOrEqual(1 + 1e-9);
      if (i > 0) expect(Math.abs(r.T[i]! - r.T[i - 1]!)).toBeLessThan(0.08);
      // a step would show up as a large second difference; the smooth curve has |Δ²T| ≈ 0.01
      if (i > 0 && i < Es.length - 1) expect(Math.abs(r.T[i + 1]! - 2 * r.T[i]! + r.T[i - 1]!)).toBeLessThan(0.03);
    }
  });
  it('spd with bulk onsite energies: T(E_F ± 1 eV) rises smoothly from ~0.14 to ~0.6 (§3.2: 0.142, 0.369, 0.586 at 6×6)', () => {
    const m = getModel('spd-bulk-onsite');
    const r = spectrum(m, contact(1, m.lattice), { energies: [-1, 0, 1].map((e) => e + m.fermiEnergy), kpoints: [3, 3] });
    expect(r.T[0]!).toBeCloseTo(0.144, 2);
    expect(r.T[1]!).toBeCloseTo(0.34, 2);
    expect(r.T[2]!).toBeCloseTo(0.614, 2);
    expect(r.channels[1]![1]!).toBeLessThan(0.01);
  });
  it('spd with charge-neutrality shifts: one channel, T(E_F) in the §3.2 range 0.59–0.70', () => {
    const m = getModel('spd');
    const r = spectrum(m, contact(1, m.lattice), { energies: [m.fermiEnergy], kpoints: [3, 3] });
    expect(r.T[0]!).toBeGreaterThan(0.59);
    expect(r.T[0]!).toBeLessThan(0.7);
    expect(r.channels[0]![1]!).toBeLessThan(0.01);
  });
});

describe('bounds, symmetry and channel counting', () => {
  it('adding atoms to the bridge steps T up one channel at a time (s model)', () => {
    let prevOpen = 0;
    for (let n = 1; n <= 3; n++) {
      const r = spectrum(s, contact(n), { energies: [s.fermiEnergy], kpoints: [4, 4] });
      const open = r.channels[0]!.filter((c) => c > 0.5).length;
      expect(open).toBe(prevOpen + 1);
      expect(Math.abs(r.T[0]! - n)).toBeLessThan(0.2);
      prevOpen = open;
    }
  });
  it('T_LR = T_RL, 0 ≤ τ ≤ 1, Σ τ = T ≤ open channels, Γ Hermitian PSD (disordered 3-atom bridge)', () => {
    const g = contact(3);
    g.device[g.device.length / 2 + 1]! += 0.17; // break symmetries: shift a gap atom
    const b = blocksAtK(prepareGeometry(s, g), [0.21, -0.08]);
    for (const E of [s.fermiEnergy - 0.7, s.fermiEnergy, s.fermiEnergy + 0.4]) {
      const r = caroli(b, E, { eta: 1e-6, reverse: true, keepGamma: true });
      expect(Math.abs(r.T - r.TRL!)).toBeLessThan(1e-9);
      expect(r.T).toBeGreaterThanOrEqual(-1e-12);
      expect(r.T).toBeLessThanOrEqual(Math.min(r.openL, r.openR) + 1e-9);
      for (const c of r.channels) expect(c).toBeGreaterThan(-1e-9), expect(c).toBeLessThan(1 + 1e-9);
      expect(Math.abs(r.channels.reduce((x, y) => x + y, 0) - r.T)).toBeLessThan(1e-9);
      const G = r.gammaL!, n = G.rows;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        expect(Math.abs(G.re[i * n + j]! - G.re[j * n + i]!)).toBeLessThan(1e-12);
        expect(Math.abs(G.im[i * n + j]! + G.im[j * n + i]!)).toBeLessThan(1e-12);
      }
      expect(Math.min(...hermitianEigenvalues(G))).toBeGreaterThan(-1e-10);
    }
  });
  it('two tips far apart (8.3 Å gap) give only a tunnelling T (0 < T < 1e-3) in both modes', () => {
    const sys = buildTips({ base: 12, gap: 8.3, lattice: 4.22 });
    const snap = snapshotFromSystem(sys, sys.positions, { step: 0, timeFs: 0 });
    for (const mode of ['paper', 'tips']) expect(snapshotTransmission(snap, { model: 's', mode, kpoints: [3, 3] }).T[0]!).toBeLessThan(1e-3);
  });
  it('T decays with distance when a contact is stretched (tunnelling regime, s model)', () => {
    const Ts = [0, 1, 2].map((dz) => {
      const Fa = fcc111Frame(s.lattice);
      const g = paperGeometry(s.lattice, 2 * Fa.c + dz, new Float64Array([F.hollow[0], F.hollow[1], Fa.c]), 2, 't');
      return spectrum(s, g, { energies: [s.fermiEnergy], kpoints: [3, 3] }).T[0]!;
    });
    expect(Ts[1]!).toBeLessThan(Ts[0]!);
    expect(Ts[2]!).toBeLessThan(Ts[1]!);
  });
});

describe('tips mode and snapshots', () => {
  it('single atom bridging two MD tip apexes: T(E_F) and channels (s: one channel ≈ 1; depends weakly on tip size)', () => {
    const snap = bridgedTips(16); // 6 layers per tip: depth 4 leaves two layers for the lead
    const r3 = snapshotTransmission(snap, { model: 's', mode: 'tips', depth: 3, energies: [0] });
    const r4 = snapshotTransmission(snap, { model: 's', mode: 'tips', depth: 4, energies: [0] });
    for (const r of [r3, r4]) {
      expect(r.T[0]!).toBeGreaterThan(0.9);
      expect(r.T[0]!).toBeLessThanOrEqual(1 + 1e-9);
      expect(r.channels[0]![1]!).toBeLessThan(0.01);
    }
    expect(Math.abs(r3.T[0]! - r4.T[0]!)).toBeLessThan(0.05);
  });
  it('a snapshot with overlapping atoms is a clear error', () => {
    const snap = bridgedTips();
    snap.positions[snap.positions.length - 1] = snap.positions[2]! + 0.3; // the bridge atom onto the lower apex
    snap.positions[snap.positions.length - 3] = snap.positions[0]!;
    snap.positions[snap.positions.length - 2] = snap.positions[1]!;
    expect(() => snapshotTransmission(snap, { model: 's', mode: 'paper' })).toThrow(/overlap.*Fix:/);
  });
  it('decimation that does not converge is a clear error', () => {
    const b = blocksAtK(prepareGeometry(s, contact(1)), [0, 0]);
    expect(() => surfaceGreen(b.left.lead, s.fermiEnergy, { eta: 1e-9, maxIter: 3 })).toThrow(/did not converge in 3 iterations.*Fix:/);
  });
  it('an unknown mode is a clear error', () => {
    expect(() => snapshotTransmission(bridgedTips(), { model: 's', mode: 'wire' })).toThrow(/unknown transport mode "wire"/);
  });
});
