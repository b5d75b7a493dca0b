// Tips-mode leads are built from whole measured (001) layers of each tip (src/transport/device/tipLayers.ts):
// the prism repeats them, the bulk reservoir (default) is the ideal crystal fitted to them.
// Regression: a `rewire run` snapshot whose tips stretched toward each other at 800 K made the old
// z-window (counted in ideal spacings from the apex atom) cut through a layer, and the lead coupled
// two periods away. Ideal geometries must give exactly what the window gave (the two agree there).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture } from '../helpers/reference.ts';
import { getModel } from '../../src/transport/models/registry.ts';
import { parseSnapshot, type Snapshot } from '../../src/transport/snapshot.ts';
import { tipApexes, tipsFromSnapshot } from '../../src/transport/device/fromSnapshot.ts';
import { geometryTransmission, snapshotTransmission } from '../../src/transport/snapshotTransmission.ts';
import type { TransportGeometry } from '../../src/transport/device/geometry.ts';
import { pyramidPair } from './targetGeometries.ts';

const s = getModel('s');

/** The ideal-layer definition, written out: device within (depth − ½)h of the apexes, leads the next 2h. */
function windowGeometry(snap: Snapshot, depth: number, lower: [number, number, number], upper: [number, number, number]): TransportGeometry {
  const f = s.lattice / snap.tips!.lattice, h = f * snap.tips!.layerSpacing;
  const zU = f * (upper[2] - lower[2]), zMin = -(depth - 0.5) * h, zMax = zU + (depth - 0.5) * h;
  const dev: number[] = [], left: number[] = [], right: number[] = [];
  for (let i = 0; i < snap.n; i++) {
    const p = [0, 1, 2].map((d) => f * (snap.positions[3 * i + d]! - lower[d]!));
    const z = p[2]!;
    if (z > zMin && z < zMax) dev.push(...p);
    else if (z <= zMin && z > zMin - 2 * h) left.push(...p);
    else if (z >= zMax && z < zMax + 2 * h) right.push(...p);
  }
  return {
    device: new Float64Array(dev), left: { cell: new Float64Array(left), T: [0, 0, -2 * h] }, right: { cell: new Float64Array(right), T: [0, 0, 2 * h] },
    lateral: null, rightMirrorsLeft: false, leadKey: `window-${snap.n}-${depth}`, info: {},
  };
}

describe('tips mode: leads are whole measured (001) layers', () => {
  it('rewire run snapshot (step 1000, stretched 800 K tips): finite T in [0, 3], each lead two whole pyramid layers (25 + 36 atoms)', () => {
    const snap = parseSnapshot(readFileSync(fixture('transport/rewire_run_default_step1000.json'), 'utf8'), 'fixture');
    const r = snapshotTransmission(snap, { model: 's', mode: 'tips', kpoints: [1, 1], tipsLeads: 'prism' });
    expect(Number.isFinite(r.T[0]!)).toBe(true);
    expect(r.T[0]!).toBeGreaterThanOrEqual(0);
    expect(r.T[0]!).toBeLessThanOrEqual(3);
    // depth 4: layers 5 and 6 of the 7-layer pyramids (5×5 and 6×6 atoms), complete
    expect(r.info.depth).toBe(4);
    expect(r.info.leadAtomsPerLayerPair).toEqual([61, 61]);
    // the default bulk reservoirs are fitted to the same two layers: (001), within the thermal spread
    const b = snapshotTransmission(snap, { model: 's', mode: 'tips', kpoints: [1, 1] });
    expect(b.info.tipsLeads).toBe('bulk');
    expect(b.info.reservoirLattice).toEqual(['001', '001']);
    for (const rms of b.info.reservoirFitRms as number[]) expect(rms).toBeLessThan(0.3);
    expect(b.T[0]!).toBeGreaterThanOrEqual(0);
    expect(b.T[0]!).toBeLessThanOrEqual(3);
  });
  it("depth 'max': every layer but the two the leads are fitted to (here the 6×6 layer and the fixed 7×7 base); tips too short for it are a named error", () => {
    const snap = parseSnapshot(readFileSync(fixture('transport/rewire_run_default_step1000.json'), 'utf8'), 'fixture');
    const r = snapshotTransmission(snap, { model: 's', mode: 'tips', kpoints: [1, 1], depth: 'max', tipsLeads: 'prism' });
    expect(r.info.depth).toBe(5);
    expect(r.info.leadAtomsPerLayerPair).toEqual([36 + 49, 36 + 49]);
    expect(() => snapshotTransmission(pyramidPair(4.086, 2, 0, { bridge: 1, bond: 2.85 }), { model: 's', mode: 'tips', depth: 'max' })).toThrow(/--depth: max leaves no layer/);
  });
  it('rewire run snapshot (step 14000 of a 200 ps run) with an anode atom deposited below the cathode apex: the tips are split at the gap centre, T finite and bridged-like', () => {
    const snap = parseSnapshot(readFileSync(fixture('transport/rewire_widening_step14000.json'), 'utf8'), 'fixture');
    // the precondition of the regression: by origin alone the tips' z ranges overlap
    const zs = (o: number) => Array.from({ length: snap.n }, (_, i) => i).filter((i) => snap.origin[i] === o).map((i) => snap.positions[3 * i + 2]!);
    expect(Math.min(...zs(1))).toBeLessThan(Math.max(...zs(0)));
    const ap = tipApexes(snap);
    expect(ap.upper[2]).toBeGreaterThan(ap.lower[2]);
    expect(ap.lowerSet.length + ap.upperSet.length).toBe(snap.n);
    const r = snapshotTransmission(snap, { model: 's', mode: 'tips', kpoints: [1, 1] });
    expect(Number.isFinite(r.T[0]!)).toBe(true);
    expect(r.T[0]!).toBeGreaterThan(0.05); // a bridged contact, not a vacuum gap
    expect(r.T[0]!).toBeLessThanOrEqual(3);
  });
  it('rewire run snapshot (step 2700, re-formed contact) whose cut layers are disordered: the bulk reservoirs are still fitted ((001), registry carried up from the deepest layer), T finite', () => {
    const snap = parseSnapshot(readFileSync(fixture('transport/rewire_run_default_step2700.json'), 'utf8'), 'fixture');
    for (const depth of [2, 3]) {
      const r = snapshotTransmission(snap, { model: 's', mode: 'tips', depth, kpoints: [1, 1] });
      expect(r.info.reservoirLattice).toEqual(['001', '001']);
      expect(Number.isFinite(r.T[0]!)).toBe(true);
      expect(r.T[0]!).toBeGreaterThan(0.05); // bridged
      expect(r.T[0]!).toBeLessThanOrEqual(3);
    }
  });
  it('an ideal pyramid pair (bridged, both depths) gives exactly the T of the ideal-layer window geometry', () => {
    const snap = pyramidPair(4.09, 7, 0, { bridge: 1, bond: 2.85 });
    const up = Array.from(snap.positions.subarray(0, 3)) as [number, number, number]; // upper apex written first
    const lowerFirst = (7 * 8 * 15) / 6; // the lower tip follows the upper one
    const lo = Array.from(snap.positions.subarray(3 * lowerFirst, 3 * lowerFirst + 3)) as [number, number, number];
    for (const depth of [3, 4]) {
      const ref = geometryTransmission(s, windowGeometry(snap, depth, lo, up), { energies: [s.fermiEnergy], kpoints: [1, 1] }).T[0]!;
      const T = snapshotTransmission(snap, { model: 's', mode: 'tips', depth, kpoints: [1, 1], tipsLeads: 'prism' }).T[0]!;
      expect(ref).toBeGreaterThan(0.5);
      expect(T).toBeCloseTo(ref, 10);
    }
  });
  it('an adatom off the (001) planes between the two lead layers is left out (counted), and the lead stays two whole layers', () => {
    const a = 4.09, d = a / Math.SQRT2, h = a / 2, m = 7, depth = 4;
    const snap = pyramidPair(a, m, 6);
    // lower tip (apex z = 0): adatom beside layer `depth` (which has depth+1 atoms per side), 0.45 h deeper than it
    const [ox, oy] = [0.37, -0.21];
    const ad = [ox + (depth / 2) * d + d / 2, oy - (depth / 2) * d, -(depth + 0.45) * h];
    const grown: Snapshot = {
      ...snap, n: snap.n + 1,
      positions: Float64Array.from([...snap.positions, ...ad]),
      origin: Int8Array.from([...snap.origin, 1]), fixed: Uint8Array.from([...snap.fixed, 0]),
    };
    const g = tipsFromSnapshot(s, grown, depth, 'prism'), g0 = tipsFromSnapshot(s, snap, depth, 'prism');
    expect(g.info.leadStrays).toEqual({ inDevice: 0, dropped: 1 });
    expect(g.info.leadAtomsPerLayerPair).toEqual([25 + 36, 25 + 36]);
    expect(Array.from(g.left.cell)).toEqual(Array.from(g0.left.cell));
    expect(Number.isFinite(snapshotTransmission(grown, { model: 's', mode: 'tips', depth, kpoints: [1, 1], tipsLeads: 'prism' }).T[0]!)).toBe(true);
    // bulk reservoirs: the same adatom is left out, and the reservoir sites are those of the ideal crystal
    const gb = tipsFromSnapshot(s, grown, depth), gb0 = tipsFromSnapshot(s, snap, depth);
    expect(gb.info.leadStrays).toEqual({ inDevice: 0, dropped: 1 });
    expect(Array.from(gb.left.cell)).toEqual(Array.from(gb0.left.cell));
  });
});
