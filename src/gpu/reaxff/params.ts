/**
 * The ReaxffParams uniform (WGSL struct generated from this table via registerStruct) and its
 * packing from the float64 model. Units as in src/potentials/reaxff/terms.ts (real units, eV for QEq).
 * tapLo/tapHi hold the scaled taper coefficients T_k swb^k (documentation and tests; the kernel uses the
 * factored swa = 0 form of shaders/reaxff/terms.wgsl).
 */
import { registerStruct } from '../layout.ts';
import { RewireError } from '../../core/errors.ts';
import { EV_TO_KCAL } from '../../core/units.ts';
import { C_ELE, POL_EV_TO_KCAL, QEQ_COULOMB_EV, type AgModel } from '../../potentials/reaxff/terms.ts';
import type { ReaxffSettings } from '../../potentials/reaxff/potential.ts';

export const REAXFF_PARAMS = registerStruct('ReaxffParams', [
  { name: 'tapLo', type: 'vec4f', doc: 'scaled taper coefficients T0..T3 (T_k swb^k)' },
  { name: 'tapHi', type: 'vec4f', doc: 'scaled taper coefficients T4..T7' },
  { name: 'r0s', type: 'f32', doc: 'σ bond radius, Å' },
  { name: 'pBo1', type: 'f32', doc: 'bond-order exponent prefactor' },
  { name: 'pBo2', type: 'f32', doc: 'bond-order power' },
  { name: 'boCut', type: 'f32', doc: 'bond-order cutoff (0.01 gp[29])' },
  { name: 'rBond2', type: 'f32', doc: '(r where BO′ = bo_cut)², Å²' },
  { name: 'valency', type: 'f32', doc: 'Val' },
  { name: 'deS', type: 'f32', doc: 'De_s, kcal/mol' },
  { name: 'pBe1', type: 'f32', doc: 'bond energy p_be1' },
  { name: 'pBe2', type: 'f32', doc: 'bond energy p_be2' },
  { name: 'overA', type: 'f32', doc: 'p_ovun1·De_s, kcal/mol' },
  { name: 'pOvun2', type: 'f32', doc: 'over-coordination p_ovun2' },
  { name: 'dVdw', type: 'f32', doc: 'vdW D, kcal/mol' },
  { name: 'rVdw', type: 'f32', doc: 'vdW r_vdW, Å' },
  { name: 'alpha', type: 'f32', doc: 'vdW α' },
  { name: 'gwPow', type: 'f32', doc: '(1/γ_w)^p_vdW1' },
  { name: 'pVdw1', type: 'f32', doc: 'vdW shielding power' },
  { name: 'swb', type: 'f32', doc: 'non-bonded cutoff, Å' },
  { name: 'invSwb', type: 'f32', doc: '1/swb' },
  { name: 'shield', type: 'f32', doc: '(γ_iγ_j)^(-3/2), Å³' },
  { name: 'chi', type: 'f32', doc: 'χ, eV' },
  { name: 'eta', type: 'f32', doc: 'η (doubled), eV' },
  { name: 'cEle', type: 'f32', doc: 'C_ele, kcal·Å/(mol e²)' },
  { name: 'qeqCoul', type: 'f32', doc: '14.4 eV·Å (QEq matrix)' },
  { name: 'polK', type: 'f32', doc: '23.02 (eV → kcal/mol for E_pol)' },
  { name: 'kcalToEv', type: 'f32', doc: '1/23.060549' },
  { name: 'halfVolt', type: 'f32', doc: 'V/2, V' },
  { name: 'echemK', type: 'f32', doc: 'k/(n_elec·norm), Å²/fs (times sim.dt = α)' },
  { name: 'rc2', type: 'f32', doc: 'EChemDID cutoff², Å²' },
  { name: 'qeqTol', type: 'f32', doc: 'QEq tolerance on √(r·z)/‖b‖' },
  { name: 'netCap', type: 'u32', doc: 'EChemDID network capacity per atom' },
  { name: 'nWg', type: 'u32', doc: 'workgroups per atom dispatch (= partial sums per reduction)' },
  { name: 'partA', type: 'u32', doc: 'offset (vec4) of pass-A partials in the QEq scratch buffer' },
  { name: 'partB', type: 'u32', doc: 'offset of pass-B / residual partials' },
  { name: 'partS', type: 'u32', doc: 'offset of the Σs, Σt partials' },
  { name: 'qeqMaxIter', type: 'u32', doc: 'CG iteration cap of the single-workgroup solver' },
]);

/** vec4 slots of QEq state at the start of the scratch buffer (see shaders/reaxff/qeq.wgsl). */
export const QEQ_STATE_SLOTS = 4;

export function packReaxffParams(m: AgModel, s: ReaxffSettings, nWg: number, netCap: number): ArrayBuffer {
  const p = m.p;
  if (p.swa !== 0) throw new RewireError(`${p.source}: general parameter 12`, `lower taper radius swa = ${p.swa} Å; the GPU kernels implement swa = 0 only`, 'use --backend cpu for this force field');
  const buf = new ArrayBuffer(REAXFF_PARAMS.size);
  const f = new Float32Array(buf);
  const u = new Uint32Array(buf);
  const o = (k: string) => REAXFF_PARAMS.offsets[k]! / 4;
  for (let k = 0; k < 8; k++) f[o(k < 4 ? 'tapLo' : 'tapHi') + (k % 4)] = m.tap[k]! * Math.pow(p.swb, k);
  const e = s.echemdid;
  const vals: Record<string, number> = {
    r0s: p.r0s, pBo1: p.pBo1, pBo2: p.pBo2, boCut: p.boCut, rBond2: m.rBond * m.rBond, valency: p.valency,
    deS: p.deS, pBe1: p.pBe1, pBe2: p.pBe2, overA: m.overA, pOvun2: p.pOvun2,
    dVdw: p.dVdw, rVdw: p.rVdw, alpha: p.alpha, gwPow: m.gwPow, pVdw1: p.pVdw1, swb: p.swb, invSwb: 1 / p.swb,
    shield: p.shield, chi: p.chi, eta: p.eta, cEle: C_ELE, qeqCoul: QEQ_COULOMB_EV, polK: POL_EV_TO_KCAL, kcalToEv: 1 / EV_TO_KCAL,
    halfVolt: e ? 0.5 * e.volt : 0, echemK: e ? e.k / (e.nelec * e.norm) : 0, rc2: e ? e.rc * e.rc : 0, qeqTol: s.qeq ? s.qeq.tol : 0,
  };
  for (const [k, v] of Object.entries(vals)) f[o(k)] = v;
  u[o('netCap')] = netCap;
  u[o('nWg')] = nWg;
  u[o('partA')] = QEQ_STATE_SLOTS;
  u[o('partB')] = QEQ_STATE_SLOTS + nWg;
  u[o('partS')] = QEQ_STATE_SLOTS + 2 * nWg;
  u[o('qeqMaxIter')] = s.qeq ? s.qeq.maxIter : 0;
  return buf;
}
