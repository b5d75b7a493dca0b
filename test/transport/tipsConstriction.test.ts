// Tips mode, issue 8 item 2: a constriction of n = 1, 2, 3, 4 atoms in cross-section between two
// (001) pyramids whose apex layers are 2×2 squares (an independent generator here: truncated
// pyramids, the neck layer on the fcc sites between them). T(E_F) must increase with n, for `s` and
// for the accurate model (whose second shell, to 4.85 Å, also couples the two apex layers 4.15 Å
// apart directly: T > 1 already for n = 1).
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_FORMAT, type Snapshot } from '../../src/transport/snapshot.ts';
import { getModel } from '../../src/transport/models/registry.ts';
import { snapshotTransmission } from '../../src/transport/snapshotTransmission.ts';

/**
 * Two (001) pyramids of m layers with the apex atom removed (apex layers 2×2, a/2 above and below the
 * neck), lower tip first, 2 fixed base layers; the neck: n of the fcc sites (0, 0), (d, 0), (−d, 0), (0, d)
 * of the layer between them (d = a/√2: the first neck atom bonds to 4 atoms of each apex layer, the others to 2).
 */
function necked(a: number, m: number, n: number): Snapshot {
  const d = a / Math.SQRT2, h = a / 2;
  const pos: number[] = [], origin: number[] = [], fixed: number[] = [];
  const tip = (sign: 1 | -1, z0: number, org: number) => {
    for (let k = 1; k < m; k++) for (let i = 0; i <= k; i++) for (let j = 0; j <= k; j++) {
      pos.push((i - k / 2) * d, (j - k / 2) * d, z0 + sign * (k - 1) * h);
      origin.push(org);
      fixed.push(k >= m - 2 ? 1 : 0);
    }
  };
  tip(-1, 0, 0);
  tip(1, 2 * h, 1);
  for (const [i, j] of [[0, 0], [1, 0], [-1, 0], [0, 1]].slice(0, n)) pos.push(i! * d, j! * d, h), origin.push(-1), fixed.push(0);
  return {
    format: SNAPSHOT_FORMAT, step: 0, timeFs: 0, n: origin.length,
    positions: Float64Array.from(pos), origin: Int8Array.from(origin), fixed: Uint8Array.from(fixed),
    tips: { axis: 'z', lattice: a, layerSpacing: h, gap: 2 * h, lowerApex: [0, 0, 0], upperApex: [0, 0, 2 * h], baseCenter: [0, 0], layersPerTip: m - 1, atomsPerTip: 0, lowerBaseZ: -(m - 2) * h, upperBaseZ: 2 * h + (m - 2) * h },
  };
}

describe('tips mode: a constriction of n = 1..4 atoms between truncated (001) pyramids', () => {
  it.each(['s', 'spd-pbe'])('%s: T(E_F) increases with n', (model) => {
    const m = getModel(model);
    const T = [1, 2, 3, 4].map((n) => snapshotTransmission(necked(m.lattice, 7, n), { model, mode: 'tips' }).T[0]!);
    for (let i = 1; i < T.length; i++) expect(T[i]!, `n = ${i + 1} against n = ${i}: ${T.map((t) => t.toFixed(3)).join(', ')}`).toBeGreaterThan(T[i - 1]!);
    expect(T[0]!).toBeGreaterThan(0.5);
  }, 600_000);
});
