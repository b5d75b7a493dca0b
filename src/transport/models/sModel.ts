/**
 * `s` model: one s orbital per Ag atom (transport.md §1a, after Todorov & Sutton 1993, Brandbyge 1997):
 *     H_ii = ε0 = 0,   t(r) = t0 · exp(−β (r − d0)) · f_c(r)/f_c(d0)
 * t0 = −0.61 eV: band bottom (12 t0) to half filling (E_F = 0.915|t0|) = 7.9 eV, Ag's Γ1 depth;
 * β = 1.05 Å⁻¹ ≈ vacuum tunnelling decay κ = 0.5123·√(4.5 eV) Å⁻¹, so a stretched bond closes like
 * tunnelling; d0 = a/√2 = 2.889 Å; f_c smooth cutoff rc = 3.5 Å, Δ = 0.1 Å (between 1st and 2nd shell).
 * One electron per atom (half filling) fixes E_F; by particle-hole-like symmetry of this model all
 * atoms stay close to neutral without onsite shifts, and a single-atom contact conducts through one
 * open channel (T ≈ 1).
 */
import { fermiCutoff, tailWindow, TAIL_FROM, TAIL_OUTER, type TBModel } from './types.ts';

export const S_MODEL_PARAMS = { t0: -0.61, beta: 1.05, d0: 4.086 / Math.SQRT2, rc: 3.5, width: 0.1, eps0: 0, lattice: 4.086 } as const;

/** `tail: false` gives the nearest-neighbour model of transport.md §1a/§3.2 (the reference-script numbers). */
export function makeSModel(p = S_MODEL_PARAMS, fermiEnergy = S_MODEL_FERMI, opts: { tail?: boolean } = {}): TBModel {
  const norm = fermiCutoff(p.d0, p.rc, p.width);
  const cutoff = p.rc + 10 * p.width;
  const tail: TBModel['tail'] = {
    from: TAIL_FROM,
    to: TAIL_OUTER + 1,
    hop(dx, dy, dz, out) {
      const r = Math.hypot(dx, dy, dz);
      out[0] = p.t0 * Math.exp(-p.beta * (r - p.d0)) * tailWindow(r, p.rc, p.width, TAIL_OUTER);
    },
  };
  return {
    name: opts.tail === false ? 's-nn' : 's',
    norb: 1,
    cutoff,
    lattice: p.lattice,
    fermiEnergy,
    electrons: 1,
    mirrorZParity: Int8Array.of(1),
    onsite(_Z, out) {
      out[0] = p.eps0;
    },
    hop(dx, dy, dz, out) {
      const r = Math.hypot(dx, dy, dz);
      out[0] = r >= cutoff ? 0 : (p.t0 * Math.exp(-p.beta * (r - p.d0)) * fermiCutoff(r, p.rc, p.width)) / norm;
    },
    // beyond the cutoff the same exponential continues across open gaps (screened, device/tail.ts): β ≈ κ of Ag
    ...(opts.tail === false ? {} : { tail }),
    describe: `s: one s orbital/atom, t(r) = ${p.t0} eV·exp(−${p.beta}(r − ${p.d0.toFixed(3)} Å)), smooth cutoff ${p.rc} Å, screened exponential tail to ${TAIL_OUTER} Å across gaps; E_F at half filling`,
  };
}

/** Half-filling Fermi level of the model above (bulk fcc, a = 4.086 Å), eV; checked (±0.005 eV, the mesh noise of the step count) by test/transport/models.test.ts. */
export const S_MODEL_FERMI = 0.560;
