// Tips mode with --depth all (issue 8 item 4): every layer of both tips in the device, the fixed
// bases included, and behind each tip the ideal crystal continued (fitted to its two deepest layers,
// registry and stacking carried on). Checks:
// - identity: an ideal pair cut at depth d is the same transport problem whether the layers behind
//   the cut are atoms of a taller tip or the continued crystal of a tip that ends there, so T agrees
//   to round-off — for (001) pyramids (the crystal carried one and two layers on), (111)
//   tetrahedra (ABC stacking, where the direction of the stacking shift matters), and with spd-pbe
//   (its second-shell bonds reach two layers into the crystal; the neutrality loop included);
// - convergence on 800 K MD snapshots: T moves by < 5 % when the last layer (the fixed base) joins
//   the device (depth 6 → all), where cuts through the disordered layers moved it by up to 22 %.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture } from '../helpers/reference.ts';
import { parseSnapshot } from '../../src/transport/snapshot.ts';
import { snapshotTransmission } from '../../src/transport/snapshotTransmission.ts';
import { clearWarmStart } from '../../src/transport/neutrality.ts';
import { pyramidPair, tetrahedraPair } from './targetGeometries.ts';

const tipsT = (snap: Parameters<typeof snapshotTransmission>[0], depth: number | 'all') =>
  snapshotTransmission(snap, { model: 's', mode: 'tips', kpoints: [1, 1], depth });

describe("tips mode, depth 'all': the ideal crystal continued behind the tips", () => {
  it('(001) pyramids: a pair of 4-layer tips at depth all = 5-layer tips at depth 4 = 6-layer tips at depth 4 (one atom between the apexes)', () => {
    const pair = (m: number) => pyramidPair(4.086, m, 0, { bridge: 1, bond: 2.85, fixedLayers: 1 });
    const all = tipsT(pair(4), 'all'), one = tipsT(pair(5), 4), two = tipsT(pair(6), 4);
    expect(all.info.depth).toBe(4);
    expect(all.info.deviceAtoms).toBe(2 * 30 + 1);
    expect(all.info.fixedInDevice).toBe(2 * 16);
    expect(one.info.deviceAtoms).toBe(2 * 30 + 1);
    expect(all.T[0]!).toBeGreaterThan(0.1);
    expect(Math.abs(one.T[0]! - two.T[0]!)).toBeLessThan(1e-9);
    expect(Math.abs(all.T[0]! - two.T[0]!)).toBeLessThan(1e-9);
  });
  it('(111) tetrahedra (ABC stacking): 4-layer tips at depth all = 5-layer tips at depth 4 = 6-layer tips at depth 4', () => {
    const pair = (m: number) => tetrahedraPair(4.086, m, 4.086 / Math.SQRT2);
    const all = tipsT(pair(4), 'all'), one = tipsT(pair(5), 4), two = tipsT(pair(6), 4);
    expect(all.info.reservoirLattice).toEqual(['111', '111']);
    expect(all.info.deviceAtoms).toBe(2 * 20 + 1);
    expect(all.T[0]!).toBeGreaterThan(0.01);
    expect(Math.abs(one.T[0]! - two.T[0]!)).toBeLessThan(1e-9);
    expect(Math.abs(all.T[0]! - two.T[0]!)).toBeLessThan(1e-9);
  });
  it('spd-pbe (second-shell bonds reach two layers into the crystal; local charge neutrality): 3-layer tips at depth all = 4- and 5-layer tips at depth 3', () => {
    const pair = (m: number) => pyramidPair(4.153, m, 0, { bridge: 1, bond: 2.85, fixedLayers: 1 });
    const T = ([[3, 'all'], [4, 3], [5, 3]] as const).map(([m, depth]) => {
      clearWarmStart(); // the same start for each: the loop then takes the same steps
      return snapshotTransmission(pair(m), { model: 'spd-pbe', mode: 'tips', kpoints: [1, 1], depth }).T[0]!;
    });
    expect(T[0]!).toBeGreaterThan(0.5);
    expect(Math.abs(T[1]! - T[0]!)).toBeLessThan(1e-9);
    expect(Math.abs(T[2]! - T[0]!)).toBeLessThan(1e-9);
  });
  it('800 K MD snapshots (s): every atom in the device, and T changes by < 5 % when the fixed base joins (depth 6 → all)', () => {
    for (const name of ['rewire_run_default_step1000', 'rewire_run_default_step2700', 'rewire_widening_step14000']) {
      const snap = parseSnapshot(readFileSync(fixture(`transport/${name}.json`), 'utf8'), name);
      const all = tipsT(snap, 'all'), six = tipsT(snap, 6);
      expect(all.info.deviceAtoms, name).toBe(snap.n);
      expect(all.info.fixedInDevice, name).toBe(98);
      expect(six.info.fixedInDevice, name).toBe(0);
      expect(Math.abs(all.T[0]! - six.T[0]!) / six.T[0]!, name).toBeLessThan(0.05);
    }
  });
  it('named errors: all with the prism leads, a depth deeper than the shorter tip', () => {
    const snap = pyramidPair(4.086, 4, 0, { bridge: 1, bond: 2.85 });
    expect(() => snapshotTransmission(snap, { model: 's', mode: 'tips', depth: 'all', tipsLeads: 'prism' })).toThrow(/--depth: all needs the bulk-reservoir leads/);
    expect(() => tipsT(snap, 5)).toThrow(/--depth: 5 is deeper than the shorter tip \(4 layers\)/);
  });
});
