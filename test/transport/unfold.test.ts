// Lead unfolding (solver/unfold.ts): the 3×3 Ag(111) lead layer decimated per primitive k equals
// the full decimation of the supercell; a lead without the symmetry falls back to the full one.
import { describe, expect, it } from 'vitest';
import { getModel } from '../../src/transport/models/registry.ts';
import { blocksAtK, prepareGeometry } from '../../src/transport/device/blocks.ts';
import { paperGeometry } from '../../src/transport/device/paperDevice.ts';
import { surfaceGreen } from '../../src/transport/solver/surfaceGreen.ts';
import { leadSurfaceGreen, unfoldStats } from '../../src/transport/solver/unfold.ts';
import { cmaxAbs, type CMat } from '../../src/transport/linalg/cmat.ts';

const diff = (a: CMat, b: CMat) => Math.max(...Array.from(a.re, (x, i) => Math.hypot(x - b.re[i]!, a.im[i]! - b.im[i]!)));

describe('lead unfolding', () => {
  for (const name of ['s', 'spd-lcn']) {
    it(`${name}: unfolded g(E, k) of the paper lead = full decimation (real and imaginary energies, several k)`, () => {
      const m = getModel(name);
      const geo = paperGeometry(m.lattice, 5, new Float64Array(0), 2, 'unfold-test');
      const prep = prepareGeometry(m, geo);
      for (const f of [[0, 0], [0.1, 0.23], [1 / 3, -1 / 6], [0.5, 0.5]] as [number, number][]) {
        const b = blocksAtK(prep, f);
        for (const [E, eta] of [[m.fermiEnergy, 1e-5], [m.fermiEnergy - 0.8, 1e-5], [m.fermiEnergy, 0.7]]) {
          const before = unfoldStats.unfolded;
          const u = leadSurfaceGreen(b.left.lead, m.norb, geo.left.unfold, f, E!, { eta: eta! });
          expect(unfoldStats.unfolded).toBe(before + 1);
          const full = surfaceGreen(b.left.lead, E!, { eta: eta! }).g;
          expect(diff(u, full)).toBeLessThan(1e-7 * cmaxAbs(full));
        }
      }
    });
  }
  it('a lead whose atoms break the 3×3 symmetry is decimated in full', () => {
    const m = getModel('s');
    const geo = paperGeometry(m.lattice, 5, new Float64Array(0), 2, 'unfold-test-broken');
    geo.left.cell[0] += 0.05; // one lead atom displaced
    const b = blocksAtK(prepareGeometry(m, geo), [0.1, 0.2]);
    const before = unfoldStats.full;
    const u = leadSurfaceGreen(b.left.lead, m.norb, geo.left.unfold, [0.1, 0.2], m.fermiEnergy, { eta: 1e-5 });
    expect(unfoldStats.full).toBe(before + 1);
    expect(diff(u, surfaceGreen(b.left.lead, m.fermiEnergy, { eta: 1e-5 }).g)).toBe(0);
  });
});
