// Lead unfolding (solver/unfold.ts): the 3×3 Ag(111) lead layer decimated per primitive k equals
// the full decimation of the supercell; a lead without the symmetry falls back to the full one.
import { describe, expect, it } from 'vitest';
import { getModel } from '../../src/transport/models/registry.ts';
import { blocksAtK, prepareGeometry } from '../../src/transport/device/blocks.ts';
import { paperGeometry } from '../../src/transport/device/paperDevice.ts';
import { surfaceGreen } from '../../src/transport/solver/surfaceGreen.ts';
import { leadSurfaceGreen, registerMirror, unfoldedOf, unfoldedSelfEnergy, unfoldStats } from '../../src/transport/solver/unfold.ts';
import { mirrored } from '../../src/transport/leadGreens.ts';
import { interfaceRows } from '../../src/transport/solver/caroli.ts';
import { cadjoint, cmaxAbs, cmul, csub, type CMat } from '../../src/transport/linalg/cmat.ts';

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
  it('Σ = V g V† from the unfolded g (unfoldedSelfEnergy) equals the product through the folded g, for the left lead and the mirrored right one', () => {
    const m = getModel('spd-pbe');
    const geo = paperGeometry(m.lattice, 5, Float64Array.of(0, 0, 0), 2, 'unfold-sigma-test');
    const prep = prepareGeometry(m, geo);
    for (const f of [[0.05, 0.15], [0.35, -0.25]] as [number, number][]) {
      const b = blocksAtK(prep, f);
      for (const E of [m.fermiEnergy, m.fermiEnergy - 0.6]) {
        const gL = leadSurfaceGreen(b.left.lead, m.norb, geo.left.unfold, f, E, { eta: 1e-5 });
        const gR = mirrored(gL, m.mirrorZParity);
        registerMirror(gL, gR, m.mirrorZParity);
        expect(unfoldedOf(gR)?.sign).toBeDefined();
        for (const [c, g] of [[b.left, gL], [b.right, gR]] as const) {
          const rows = interfaceRows(c.vDL);
          const v = csub(c.vDL, rows, Array.from({ length: c.vDL.cols }, (_, j) => j));
          const ref = cmul(cmul(v, g), cadjoint(v));
          const s = unfoldedSelfEnergy(v, g);
          expect(s).toBeDefined();
          expect(diff(s!, ref)).toBeLessThan(1e-12 * cmaxAbs(ref));
          expect(cmaxAbs(ref)).toBeGreaterThan(0.1);
        }
      }
    }
    // a g without an unfolded form (the full decimation) is not handled
    const b = blocksAtK(prep, [0.1, 0.2]);
    expect(unfoldedSelfEnergy(b.left.vDL, surfaceGreen(b.left.lead, m.fermiEnergy, { eta: 1e-5 }).g)).toBeUndefined();
  });

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
