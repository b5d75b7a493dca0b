// One López Sancho decimation gives both surfaces of a lead (solver/surfaceGreen.ts surfaceGreenBoth):
// the lead traversed the other way ({h00, h01†}, the right lead of a slab device) equals its own
// decimation to round-off, and leadSurfaceGreen hands it out only for a right lead that is the left
// one reversed (unfold.ts reversedSurfaceGreen).
import { describe, expect, it } from 'vitest';
import { cadjoint, cmat, type CMat } from '../../src/transport/linalg/cmat.ts';
import { surfaceGreen, surfaceGreenBoth } from '../../src/transport/solver/surfaceGreen.ts';
import { leadSurfaceGreen, reversedSurfaceGreen } from '../../src/transport/solver/unfold.ts';

const maxDiff = (a: CMat, b: CMat) => Math.max(...Array.from(a.re, (x, i) => Math.hypot(x - b.re[i]!, a.im[i]! - b.im[i]!)));

/** a three-orbital lead with complex, non-Hermitian inter-layer coupling (a k-point of a 3D lead) */
function lead(): { h00: CMat; h01: CMat } {
  const h00 = cmat(3, 3), h01 = cmat(3, 3);
  const on = [0.3, -0.4, 0.9], t = [[-1, 0.2, 0.1], [0.3, -0.8, 0.05], [-0.15, 0.25, -0.6]];
  for (let i = 0; i < 3; i++) {
    h00.re[i * 3 + i] = on[i]!;
    for (let j = 0; j < 3; j++) {
      if (i !== j) (h00.re[i * 3 + j] = 0.1 * (i + j)), (h00.im[i * 3 + j] = 0.05 * (i - j));
      h01.re[i * 3 + j] = t[i]![j]! * Math.cos(0.7 * (i + 2 * j));
      h01.im[i * 3 + j] = t[i]![j]! * Math.sin(0.7 * (i + 2 * j));
    }
  }
  return { h00, h01 };
}

describe('both surfaces of a lead from one decimation', () => {
  it('g equals surfaceGreen of the lead exactly, gReversed that of {h00, h01†} to 1e-10 (round-off over ~30 doublings at η = 1e-6), in the band and on the contour', () => {
    const L = lead(), R = { h00: L.h00, h01: cadjoint(L.h01) };
    for (const [E, eta] of [[0.1, 1e-6], [-1.2, 1e-6], [0.3, 0.5], [0, 20]] as const) {
      const both = surfaceGreenBoth(L, E, { eta });
      expect(maxDiff(both.g, surfaceGreen(L, E, { eta }).g)).toBe(0);
      const sep = surfaceGreen(R, E, { eta }).g;
      expect(maxDiff(both.gReversed, sep)).toBeLessThan(1e-10);
      if (eta < 1) expect(maxDiff(both.gReversed, both.g)).toBeGreaterThan(1e-3); // the two surfaces differ (h01 not Hermitian)
    }
  });
  it('leadSurfaceGreen hands the reversed g to a right lead that is the left one reversed, and to no other', () => {
    const L = lead(), R = { h00: L.h00, h01: cadjoint(L.h01) };
    const gL = leadSurfaceGreen(L, 3, undefined, [0, 0], 0.2, { eta: 1e-6 }, R);
    const other = { h00: L.h00, h01: L.h01 };
    expect(reversedSurfaceGreen(gL, L, other)).toBeUndefined();
    const gR = reversedSurfaceGreen(gL, L, R)!;
    expect(maxDiff(gR, surfaceGreen(R, 0.2, { eta: 1e-6 }).g)).toBeLessThan(1e-10);
    expect(reversedSurfaceGreen(gL, L, R)).toBeUndefined(); // handed out once
  });
});
