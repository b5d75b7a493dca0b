// Lead unfolding (solver/unfold.ts): the 3×3 Ag(111) lead layer decimated per primitive k equals
// the full decimation of the supercell; a lead without the symmetry falls back to the full one.
import { describe, expect, it } from 'vitest';
import { getModel } from '../../src/transport/models/registry.ts';
import { blocksAtK, prepareGeometry } from '../../src/transport/device/blocks.ts';
import { paperGeometry } from '../../src/transport/device/paperDevice.ts';
import { surfaceGreen } from '../../src/transport/solver/surfaceGreen.ts';
import { leadSurfaceGreen, registerMirror, unfoldedOf, unfoldedSelfEnergy, unfoldedSide, unfoldStats } from '../../src/transport/solver/unfold.ts';
import { hermitianCountAbove } from '../../src/transport/linalg/hermitian.ts';
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
          const before = unfoldStats.sigmaPeriodic;
          const s = unfoldedSelfEnergy(v, g);
          expect(s).toBeDefined();
          expect(unfoldStats.sigmaPeriodic).toBe(before + 1); // the buffer layer is periodic: Σ from σ'_pq
          expect(diff(s!, ref)).toBeLessThan(1e-12 * cmaxAbs(ref));
          expect(cmaxAbs(ref)).toBeGreaterThan(0.1);
          // Γ = i(Σ − Σ†) has the eigenvalues of the blocks i(σ'_pq − σ'_pq†): the open-channel count is their sum
          const gam = (x: CMat) => { const d = cadjoint(x); return { rows: x.rows, cols: x.cols, re: x.im.map((y, i) => -(y - d.im[i]!)), im: x.re.map((y, i) => y - d.re[i]!) }; };
          const parts = unfoldedSide(v, g)!.blocks!;
          expect(parts.length).toBe(9);
          for (const thr of [1e-2, 0.3]) expect(parts.reduce((n, b) => n + hermitianCountAbove(gam(b), thr), 0)).toBe(hermitianCountAbove(gam(ref), thr));
          expect(hermitianCountAbove(gam(ref), 1e-2)).toBeGreaterThan(0);
          // a coupling that breaks the periodicity (one atom's bond changed) takes W Y and is still V g V†
          const vb = { rows: v.rows, cols: v.cols, re: v.re.slice(), im: v.im.slice() };
          for (let j = 0; j < 9; j++) vb.re[4 * 9 * v.cols + 9 + j] += 0.05 * (j + 1);
          const w0 = unfoldStats.sigmaW, sb = unfoldedSelfEnergy(vb, g)!;
          expect(unfoldStats.sigmaW).toBe(w0 + 1);
          const refB = cmul(cmul(vb, g), cadjoint(vb));
          expect(diff(sb, refB)).toBeLessThan(1e-12 * cmaxAbs(refB));
          expect(diff(refB, ref)).toBeGreaterThan(1e-3);
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
