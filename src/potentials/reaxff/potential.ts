/**
 * ReaxFF-Ag + QEq + EChemDID on the CPU (float64), as a CpuPotential for the engine.
 * Per MD step (LAMMPS order, docs/md-physics.md §3.5): preForce = EChemDID (n_elec Jacobi sub-steps
 * on the network r < r_c) → QEq (warm-started CG) ; compute = density pass → force pass.
 * Internally LAMMPS real units; the CpuPotential interface returns eV and eV/Å (÷ EV_TO_KCAL).
 */
import type { Box, System } from '../../system/types.ts';
import type { CpuPotential, ForceResult, NeighborList } from '../types.ts';
import { RewireError } from '../../core/errors.ts';
import { EV_TO_KCAL } from '../../core/units.ts';
import { buildNeighborList } from '../../neighbor/cellList.ts';
import type { ReaxffAgParams } from './ffield.ts';
import { agModel, type AgModel } from './terms.ts';
import { reaxffDensity, reaxffForce, totalEnergy, type ReaxffTerms } from './compute.ts';
import { checkElectrodes, ECHEMDID_DEFAULTS, echemdidNetwork, echemdidNorm, echemdidStep, type EchemdidParams } from './echemdid.ts';
import { buildQeqMatrix, emptyHistory, solveQeq, type QeqHistory, type QeqResult } from './qeq.ts';

export interface ReaxffOptions {
  /** EChemDID voltage (V) between group_plus (+V/2) and group_minus (−V/2); default 0. */
  volt?: number;
  /** EChemDID diffusivity k (Å²/fs, default 6), cutoff r_c (Å, default 4), sub-steps (default 10). */
  k?: number;
  rc?: number;
  nelec?: number;
  /** Laplacian normalisation; 'auto' (default) = ⟨Σw⟩/6 of the initial structure. */
  norm?: number | 'auto';
  /** Run QEq every step (default true). A voltage without QEq is an error. */
  qeq?: boolean;
  /** QEq tolerance on √(r·z)/‖b‖ (default 1e-8) and iteration cap (default 200). */
  qeqTol?: number;
  qeqMaxIter?: number;
}

export const QEQ_DEFAULTS = { tol: 1e-8, maxIter: 200 } as const;

/** Resolved EChemDID + QEq settings shared by the CPU and GPU potentials. */
export interface ReaxffSettings {
  echemdid: Required<EchemdidParams> | null;
  qeq: { tol: number; maxIter: number } | null;
}

/**
 * Validates the options against the system: electrodes non-empty and connected when a voltage is
 * applied, a voltage only with QEq; computes norm from the initial structure when 'auto'.
 * EChemDID runs when a voltage is applied or electrodes exist.
 */
export function resolveSettings(system: System, o: ReaxffOptions): ReaxffSettings {
  const volt = o.volt ?? 0;
  if (!Number.isFinite(volt)) throw new RewireError('volt', `not a finite number (${volt})`, 'give the EChemDID voltage in V, e.g. 2');
  const useQeq = o.qeq ?? true;
  if (volt !== 0 && !useQeq) throw new RewireError('volt', `a voltage of ${volt} V was given but QEq is off: EChemDID acts only through the QEq electronegativities`, 'enable QEq or set the voltage to 0');
  const k = o.k ?? ECHEMDID_DEFAULTS.k, rc = o.rc ?? ECHEMDID_DEFAULTS.rc, nelec = o.nelec ?? ECHEMDID_DEFAULTS.nelec;
  if (!(k > 0) || !(rc > 0) || !Number.isInteger(nelec) || nelec < 1) throw new RewireError('echemdid', `k = ${k}, rc = ${rc}, nelec = ${nelec} are not valid`, 'use k > 0 (Å²/fs), rc > 0 (Å) and an integer nelec ≥ 1');
  const tol = o.qeqTol ?? QEQ_DEFAULTS.tol, maxIter = o.qeqMaxIter ?? QEQ_DEFAULTS.maxIter;
  if (!(tol > 0) || !Number.isInteger(maxIter) || maxIter < 1) throw new RewireError('qeq', `tol = ${tol}, maxIter = ${maxIter} are not valid`, 'use tol > 0 and an integer maxIter ≥ 1');
  let hasElectrodes = false;
  for (let i = 0; i < system.n; i++) if (system.electrode[i] !== 0) hasElectrodes = true;
  let echemdid: Required<EchemdidParams> | null = null;
  if (volt !== 0 || hasElectrodes) {
    const nl = buildNeighborList(system.positions, system.n, system.box, rc);
    if (volt !== 0) checkElectrodes(system.electrode, system.positions, system.box, nl, rc);
    const norm = o.norm === undefined || o.norm === 'auto' ? echemdidNorm(system.positions, system.box, nl, rc) : o.norm;
    if (!(norm > 0)) throw new RewireError('echemdid.norm', `must be > 0 (got ${norm})`, "give a positive number or 'auto'");
    echemdid = { volt, k, rc, nelec, norm };
  }
  return { echemdid, qeq: useQeq ? { tol, maxIter } : null };
}

/** The settings' EChemDID parameters with a new voltage; a named error without EChemDID or QEq. Shared with the GPU potential. */
export function checkedVoltage(s: ReaxffSettings, volt: number): Required<EchemdidParams> {
  if (!Number.isFinite(volt)) throw new RewireError('setVoltage', `not a finite number (${volt})`, 'give the EChemDID voltage in V, e.g. 2');
  if (!s.echemdid) throw new RewireError('setVoltage', 'this ReaxFF potential has no EChemDID electrodes', 'mark electrode atoms (group_plus/group_minus; the tips builder does) or start with a voltage');
  if (!s.qeq && volt !== 0) throw new RewireError('setVoltage', `a voltage of ${volt} V needs QEq, which is off`, 'enable QEq');
  return { ...s.echemdid, volt };
}

export class ReaxffPotential implements CpuPotential {
  readonly name = 'reaxff';
  readonly cutoff: number;
  readonly model: AgModel;
  readonly settings: ReaxffSettings;
  private readonly electrode: Int8Array;
  private readonly phiV: Float64Array;
  private q: Float64Array;
  private history: QeqHistory;
  private S: Float64Array;
  private F: Float64Array;
  private Fp: Float64Array;
  private last: { qeq: QeqResult | null; js: [number, number]; terms: ReaxffTerms | null } = { qeq: null, js: [0, 0], terms: null };

  constructor(system: System, params: ReaxffAgParams, opts: ReaxffOptions = {}) {
    this.model = agModel(params);
    this.cutoff = params.swb;
    this.settings = resolveSettings(system, opts);
    const n = system.n;
    this.electrode = Int8Array.from(system.electrode);
    this.phiV = system.phi ? Float64Array.from(system.phi) : new Float64Array(n);
    // Charges until the first QEq solve (and always when QEq is off): the system's, else 0 — as the GPU's pos.w.
    this.q = system.charges ? Float64Array.from(system.charges) : new Float64Array(n);
    this.history = emptyHistory(n);
    this.S = new Float64Array(n);
    this.F = new Float64Array(n);
    this.Fp = new Float64Array(n);
  }

  /** EChemDID only: `steps` MD steps of n_elec sub-steps with the positions held still. */
  evolvePhi(positions: Float64Array, box: Box, nl: NeighborList, dt: number, steps = 1): void {
    const e = this.settings.echemdid;
    if (!e || steps <= 0) return;
    const net = echemdidNetwork(positions, box, nl, e.rc);
    const scratch = new Float64Array(this.phiV.length);
    for (let s = 0; s < steps; s++) this.last.js = echemdidStep(net, this.electrode, this.phiV, e, dt, scratch);
  }

  /** QEq with the current Φ (warm start from the histories). Throws if CG does not converge. */
  equilibrate(positions: Float64Array, box: Box, nl: NeighborList): QeqResult | null {
    const c = this.settings.qeq;
    if (!c) return null;
    const h = buildQeqMatrix(this.model, positions, box, nl);
    const r = solveQeq(h, this.model.p.chi, this.phiV, this.history, c.tol, c.maxIter);
    this.last.qeq = r;
    if (!r.converged) {
      throw new RewireError('QEq', `CG did not converge in ${c.maxIter} iterations (relative residual ${r.residual.toExponential(2)} > tol ${c.tol})`, 'raise qeq.maxIter or tol, or check the structure for overlapping atoms');
    }
    this.q = r.q;
    return r;
  }

  preForce(positions: Float64Array, box: Box, nl: NeighborList, dt: number): void {
    this.evolvePhi(positions, box, nl, dt, 1);
    this.equilibrate(positions, box, nl);
  }

  /** Energy terms and forces in real units (kcal/mol, kcal/mol/Å). */
  computeReal(positions: Float64Array, box: Box, nl: NeighborList, forces: Float64Array, atomEnergies: Float64Array): ReaxffTerms {
    reaxffDensity(this.model, positions, box, nl, this.S, this.F, this.Fp);
    const t = reaxffForce(this.model, positions, box, nl, this.q, this.F, this.Fp, forces, atomEnergies);
    this.last.terms = t;
    return t;
  }

  compute(positions: Float64Array, box: Box, nl: NeighborList, forces: Float64Array, atomEnergies: Float64Array): ForceResult {
    const t = this.computeReal(positions, box, nl, forces, atomEnergies);
    const s = 1 / EV_TO_KCAL;
    for (let i = 0; i < forces.length; i++) forces[i]! *= s;
    for (let i = 0; i < atomEnergies.length; i++) atomEnergies[i]! *= s;
    return { energy: totalEnergy(t) * s, terms: { bond: t.bond * s, over: t.over * s, vdw: t.vdw * s, coul: t.coul * s, pol: t.pol * s } };
  }

  /** Bond-order sums S_i of the last compute (for tests). */
  bondOrderSums(): Float64Array {
    return this.S;
  }

  charges(): Float64Array {
    return this.q;
  }

  phi(): Float64Array {
    return this.phiV;
  }

  /** Changes the EChemDID voltage from the next MD step on (echemdidStep reads settings.echemdid.volt). */
  setVoltage(volt: number): void {
    this.settings.echemdid = checkedVoltage(this.settings, volt);
  }

  extras(): Record<string, number> {
    const q = this.last.qeq;
    return {
      qeqIterations: q ? q.iterations : 0,
      qeqResidual: q ? q.residual : 0,
      echemdidJsPlus: this.last.js[0],
      echemdidJsMinus: this.last.js[1],
    };
  }

  saveState(): Record<string, number[]> {
    const out: Record<string, number[]> = { phi: Array.from(this.phiV), q: Array.from(this.q) };
    for (let k = 0; k < 4; k++) {
      out[`sHist${k}`] = Array.from(this.history.s[k]!);
      out[`tHist${k}`] = Array.from(this.history.t[k]!);
    }
    return out;
  }

  loadState(s: Record<string, number[]>): void {
    const n = this.phiV.length;
    const take = (key: string, dst: Float64Array) => {
      const v = s[key];
      if (!v) return;
      if (v.length !== n) throw new RewireError(`checkpoint ${key}`, `has ${v.length} entries for ${n} atoms`, 'restore a checkpoint of the same system');
      dst.set(v);
    };
    take('phi', this.phiV);
    take('q', this.q);
    for (let k = 0; k < 4; k++) {
      take(`sHist${k}`, this.history.s[k]!);
      take(`tHist${k}`, this.history.t[k]!);
    }
  }
}
