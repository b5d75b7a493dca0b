/**
 * The surface Green's functions g_L, g_R of a prepared geometry's two leads at one (z, k), through a
 * cache (leadCache.ts: keyed by the lead blocks' content, checked entry by entry):
 *   - a bulk-reservoir lead (tips mode): the lateral Fourier sum of solver/reservoir.ts;
 *   - a periodic lead: López Sancho decimation, unfolded to the primitive cell when the principal
 *     layer is a supercell of one (solver/unfold.ts);
 *   - a right lead that mirrors the left one (paper mode): g_R = P g_L P; one that is the left one
 *     reversed (slab mode): from the same decimation.
 * z = E + iη (transmission: η the lead broadening; charges: η = y, a node on the imaginary axis).
 */
import type { CMat } from './linalg/cmat.ts';
import type { DeviceBlocks } from './solver/caroli.ts';
import type { PreparedGeometry } from './device/blocks.ts';
import type { LeadGreenCache, LeadStore } from './solver/leadCache.ts';
import { leadSignature } from './solver/leadCache.ts';
import { leadSurfaceGreen, registerMirror, reversedSurfaceGreen, unfoldedOf } from './solver/unfold.ts';
import { lazyCMat } from './linalg/cmat.ts';
import { reservoirGrid, reservoirSurfaceGreen } from './solver/reservoir.ts';

/** P g P with diagonal ±1 per orbital (repeated per atom). */
export function mirrored(g: CMat, parity: Int8Array): CMat {
  const n = g.rows, nb = parity.length, out = { rows: n, cols: n, re: new Float64Array(n * n), im: new Float64Array(n * n) };
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const s = parity[i % nb]! * parity[j % nb]!;
    out.re[i * n + j] = s * g.re[i * n + j]!;
    out.im[i * n + j] = s * g.im[i * n + j]!;
  }
  return out;
}

/** `key` identifies (model, z, k) for the cache; the leads' own content is added to it. `store`: keep new entries (LeadGreenCache.get). */
export function leadGreens(prep: PreparedGeometry, b: DeviceBlocks, f: [number, number], E: number, eta: number, cache: LeadGreenCache, key: string, store: LeadStore = true): { gL: CMat; gR: CMat } {
  const geo = prep.geometry, nb = prep.model.norb, res = prep.reservoirs;
  const resKey = () => {
    const r = reservoirGrid(eta);
    return `|reservoir n=${r.n} eta=${r.eta}`;
  };
  const gL = cache.get(`${leadSignature(b.left.lead)}|${key}|L${res.left ? resKey() : ''}`, b.left.lead, () =>
    res.left ? reservoirSurfaceGreen(res.left, E, eta) : leadSurfaceGreen(b.left.lead, nb, geo.left.unfold, f, E, { eta }, geo.rightMirrorsLeft ? undefined : b.right.lead), store);
  const gR = cache.get(`${leadSignature(b.right.lead)}|${key}|R${res.right ? resKey() : ''}`, b.right.lead, () => {
    if (res.right) return reservoirSurfaceGreen(res.right, E, eta);
    if (geo.rightMirrorsLeft) {
      // an unfolded gL gives gR its unfolded form with the parities (registerMirror): the folded P gL P is made only if read
      const parity = prep.model.mirrorZParity;
      const gR = unfoldedOf(gL) ? lazyCMat(gL.rows, gL.cols, () => mirrored(gL, parity)) : mirrored(gL, parity);
      registerMirror(gL, gR, parity);
      return gR;
    }
    return reversedSurfaceGreen(gL, b.left.lead, b.right.lead) ?? leadSurfaceGreen(b.right.lead, nb, geo.right.unfold, f, E, { eta });
  }, store);
  return { gL, gR };
}
