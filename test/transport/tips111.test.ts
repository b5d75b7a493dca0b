// Tips mode on (111)-oriented tips (issue 8 item 4: any two-tip structure): two tetrahedral fcc tips
// written by an independent generator here (triangular (111) layers in ABC order, the upper tip the
// mirror of the lower one), one atom on the axis bonded to both apexes. The accurate model against
// the single-atom targets (T in [0.85, 1], one channel, < 5 % change per added layer); the bulk-
// reservoir leads are (111) crystals here, fitted to the tips' triangular layers.
import { describe, expect, it } from 'vitest';
import { getModel } from '../../src/transport/models/registry.ts';
import { snapshotTransmission } from '../../src/transport/snapshotTransmission.ts';
import { pyramidPair, tetrahedraPair } from './targetGeometries.ts';

describe('tips mode between (111) tetrahedral tips', () => {
  it('spd-pbe, one atom between the apexes: T in [0.85, 1] in one channel at depth 2, 3, 4, < 5 % per added layer', () => {
    const m = getModel('spd-pbe');
    const snap = tetrahedraPair(m.lattice, 8, m.lattice / Math.SQRT2);
    const T: number[] = [];
    for (const depth of [2, 3, 4]) {
      const r = snapshotTransmission(snap, { model: 'spd-pbe', mode: 'tips', depth });
      const t = r.T[0]!;
      expect(t).toBeGreaterThan(0.85);
      expect(t).toBeLessThanOrEqual(1.0001);
      expect(r.channels[0]![0]! / t).toBeGreaterThan(0.95);
      T.push(t);
    }
    for (let i = 1; i < T.length; i++) expect(Math.abs(T[i]! - T[i - 1]!) / T[i - 1]!).toBeLessThan(0.05);
  }, 300_000);

  it('the s model says it is out of its range there (info.warnings), and only there', () => {
    const s = getModel('s');
    const r111 = snapshotTransmission(tetrahedraPair(s.lattice, 8, s.lattice / Math.SQRT2), { model: 's', mode: 'tips' });
    expect(r111.info.reservoirLattice).toEqual(['111', '111']);
    expect((r111.info.warnings as string[])[0]).toMatch(/\(111\)-oriented tips.*use --model spd-pbe/);
    const r001 = snapshotTransmission(pyramidPair(s.lattice, 7, 0, { bridge: 1 }), { model: 's', mode: 'tips' });
    expect(r001.info.warnings).toBeUndefined();
  });
});
