/**
 * `spd` model: orthogonal nearest-neighbour Slater–Koster set for Ag ("Papacon", ANT.G BLDAT/BL047.dat,
 * copied in test/fixtures/tb/BL047_Ag_ANTGaussian.dat; Rydberg, converted to eV on load),
 * transport.md §1c.
 *
 * Distance scaling (Harrison): V_ll'm(d) = V_ll'm(d0)·(d0/d)^q · f_c(d)/f_c(d0), q = 2 (ss, sp, pp),
 * 3.5 (sd, pd), 5 (dd); d0 = a/√2 = 2.889 Å; f_c Fermi cutoff rc = 3.5 Å, Δ = 0.1 Å; zero beyond 4.5 Å.
 *
 * Local charge neutrality (Cuevas et al. PRL 80, 1066; transport.md §1c): an under-coordinated atom
 * gets a rigid onsite shift Δ(Z) of all its orbitals, piecewise linear in the smooth coordination Z
 * through the neutral points computed in transport.md §1c for this parameter set: Z = 12 → 0 (bulk),
 * Z = 9 (fcc(111) surface) → −0.66 eV, Z = 6 (adatom in a 3+3 hollow) → −1.16 eV, extrapolated below
 * Z = 6 with the last slope (chain atom Z = 2: −1.83 eV); Z > 12 → 0. This is a fitted table, not a
 * self-consistent charge loop.
 */
import { RYDBERG_EV } from '../../core/units.ts';
import { skBlock, type SKBonds } from './slaterKoster.ts';
import { fermiCutoff, type TBModel } from './types.ts';

/** BL047 "Papacon" set, Ry (verbatim numbers of the reference file). */
export const AG_PAPACON_RY = {
  es: 0.68297, ep: 1.13432, edEg: 0.12249, edT2g: 0.12006,
  bonds: { sss: -0.06581, sps: 0.09781, pps: 0.15752, ppp: 0.00649, sds: -0.0311, pds: -0.03905, pdp: 0.01519, dds: -0.03151, ddp: 0.01757, ddd: -0.00336 } as SKBonds,
};

export const SPD_SCALING = { d0: 4.086 / Math.SQRT2, rc: 3.5, width: 0.1, lattice: 4.086, qSP: 2, qPD: 3.5, qDD: 5 } as const;

/** Hoppings are exactly zero from here on (rc + 10 Δ), Å. */
export const SPD_CUTOFF = SPD_SCALING.rc + 10 * SPD_SCALING.width;

/**
 * The nearest-neighbour hopping block of the spd models (eV): bonds b0 (eV, at d0) scaled by
 * Harrison's (d0/r)^q and the Fermi cutoff f_c(r)/f_c(d0), then rotated by skBlock; 0 for r ≥ SPD_CUTOFF.
 */
export function harrisonHop(b0: SKBonds): TBModel['hop'] {
  const sc = SPD_SCALING;
  const norm = fermiCutoff(sc.d0, sc.rc, sc.width);
  const scaled: SKBonds = { ...b0 };
  return (dx, dy, dz, out) => {
    const r = Math.hypot(dx, dy, dz);
    if (r >= SPD_CUTOFF || r === 0) {
      out.fill(0);
      return;
    }
    const f = fermiCutoff(r, sc.rc, sc.width) / norm, x = sc.d0 / r;
    const a = f * x ** sc.qSP, b = f * x ** sc.qPD, c = f * x ** sc.qDD;
    scaled.sss = b0.sss * a; scaled.sps = b0.sps * a; scaled.pps = b0.pps * a; scaled.ppp = b0.ppp * a;
    scaled.sds = b0.sds * b; scaled.pds = b0.pds * b; scaled.pdp = b0.pdp * b;
    scaled.dds = b0.dds * c; scaled.ddp = b0.ddp * c; scaled.ddd = b0.ddd * c;
    skBlock(dx / r, dy / r, dz / r, scaled, out);
  };
}

/** Neutrality table (Z, Δ eV), ascending Z. */
export const SPD_NEUTRALITY_SHIFTS: [number, number][] = [[6, -1.16], [9, -0.66], [12, 0]];

export function neutralityShift(Z: number, table = SPD_NEUTRALITY_SHIFTS): number {
  if (Z >= table[table.length - 1]![0]) return 0;
  for (let i = table.length - 1; i > 0; i--) {
    const [z0, s0] = table[i - 1]!, [z1, s1] = table[i]!;
    if (Z >= z0 || i === 1) return s0 + ((s1 - s0) * (Z - z0)) / (z1 - z0);
  }
  return table[0]![1];
}

/** The start guess of a model's neutrality loop: its own (TBModel.neutralityGuess), else the spd table above. */
export function neutralityStart(model: TBModel): (Z: number) => number {
  return (Z) => (model.neutralityGuess ?? neutralityShift)(Z);
}

export function makeSpdModel(opts: { neutrality?: boolean } = {}): TBModel {
  const neutral = opts.neutrality ?? true;
  const R = RYDBERG_EV, p = AG_PAPACON_RY, sc = SPD_SCALING;
  const on = [p.es, p.ep, p.ep, p.ep, p.edT2g, p.edT2g, p.edT2g, p.edEg, p.edEg].map((x) => x * R);
  const b0 = Object.fromEntries(Object.entries(p.bonds).map(([k, v]) => [k, v * R])) as unknown as SKBonds;
  return {
    name: neutral ? 'spd' : 'spd-bulk-onsite',
    norb: 9,
    cutoff: SPD_CUTOFF,
    lattice: sc.lattice,
    fermiEnergy: SPD_FERMI_EV,
    electrons: 11,
    mirrorZParity: Int8Array.of(1, 1, 1, -1, 1, -1, -1, 1, 1),
    onsite(Z, out) {
      const s = neutral ? neutralityShift(Z) : 0;
      for (let i = 0; i < 9; i++) out[i] = on[i]! + s;
    },
    hop: harrisonHop(b0),
    describe: `spd: Ag NN Slater–Koster (ANT.G BL047 "Papacon"), Harrison d-scaling, ${neutral ? 'coordination-based neutrality shifts' : 'bulk onsite energies'}`,
  };
}

/** Bulk Fermi level (11 e/atom, a = 4.086 Å), eV on the set's absolute scale; transport.md: 0.47614 Ry = 6.478 eV; our 20³ mesh: 6.4763 eV. Checked by test. */
export const SPD_FERMI_EV = 6.4763;
