/**
 * `spd-pbe-env` (EXPERIMENTAL, issue 8 item 2): the `spd-pbe` form (agSpdPbe.ts) with
 * environment-dependent, screened s/p bonds in the Tang–Wang form (Tang, Wang, Chan, Ho, PRB 53,
 * 979 (1996), eqs. 3–4, their exponent β₃ = 1):
 *     h_b,ij = V_b(r_ij) · (1 − S_b,ij),   S_b,ij = tanh(α_b ξ_b,ij),
 *     ξ_b,ij = Σ_{l≠i,j} exp(−λ_b (r_il + r_jl)/r_ij) · F_c(r_il) F_c(r_jl)
 * (F_c the hopping cutoff of agSpdPbe.ts, exactly 0 from 4.85 Å: only third bodies within the hopping
 * range of both atoms screen). A bond in an open structure (a chain: no third body within range of
 * both ends) is screened less, i.e. stronger, than a bulk bond of the same length. Fitted with
 * `scripts/tb-fit/fit_ag_spd_pbe.py --screen …` to the same PBE bands, the chain states up to
 * E_F + 4 eV (scripts/tb-fit/README.md, "The two-atom chain between pyramid apexes").
 * The vacuum tail is agSpdPbe.ts's, from the unscreened bonds at rc.
 */
import { fermiCutoff, type TBModel } from './types.ts';
import { skBlock, type SKBonds } from './slaterKoster.ts';
import { makeAgSpdPbeModel, type SpdPbeParams } from './agSpdPbe.ts';
import { AG_SPD_PBE_ENV_FIT } from './agSpdPbeEnvParams.ts';

const BONDS = ['sss', 'sps', 'pps', 'ppp', 'sds', 'pds', 'pdp', 'dds', 'ddp', 'ddd'] as const;

export interface SpdPbeEnvParams extends SpdPbeParams {
  /** [α_b, λ_b] of the screened bonds (the others unscreened) */
  screen: Partial<Record<(typeof BONDS)[number], [number, number]>>;
}

export function makeAgSpdPbeEnvModel(p: SpdPbeEnvParams = AG_SPD_PBE_ENV_FIT, name = 'spd-pbe-env'): TBModel {
  const base = makeAgSpdPbeModel(p, name);
  const V: SKBonds = { sss: 0, sps: 0, pps: 0, ppp: 0, sds: 0, pds: 0, pdp: 0, dds: 0, ddp: 0, ddd: 0 };
  const fc = (r: number) => (r >= p.cutoff ? 0 : fermiCutoff(r, p.rc, p.width));
  const screened = Object.entries(p.screen) as [(typeof BONDS)[number], [number, number]][];
  return {
    ...base,
    screened: {
      range: p.cutoff,
      hop(dx, dy, dz, third, n, out) {
        const r = Math.hypot(dx, dy, dz);
        if (r >= p.cutoff || r === 0) {
          out.fill(0);
          return;
        }
        const x = r - p.d0, f = fc(r);
        for (const b of BONDS) {
          const [A, B, L] = p.bonds[b];
          V[b] = (A + B * x) * Math.exp(-L * x) * f;
        }
        for (const [b, [alpha, lambda]] of screened) {
          let xi = 0;
          for (let l = 0; l < n; l++) {
            const a = third[2 * l]!, c = third[2 * l + 1]!;
            xi += Math.exp((-lambda * (a + c)) / r) * fc(a) * fc(c);
          }
          V[b] *= 1 - Math.tanh(alpha * xi);
        }
        skBlock(dx / r, dy / r, dz / r, V, out);
      },
    },
    describe: `${name} (EXPERIMENTAL): spd-pbe form with Tang–Wang screened ${screened.map(([b]) => b).join('/')} bonds (PRB 53, 979), refitted to the same PBE bands (chain window E_F + 4 eV); ${base.describe.split(': ').slice(1).join(': ')}`,
  };
}
