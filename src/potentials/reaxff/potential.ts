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
import { totalEnergy, type ReaxffTerms } from './compute.ts';
import { checkElectrodes, ECHEMDID_DEFAULTS, echemdidNorm, type EchemdidParams } from './echemdid.ts';
import type { QeqResult } from './qeq.ts';
import type { Pool } from '../../parallel/pool.ts';
import { SerialPool } from '../../parallel/serialPool.ts';
import { ReaxffPoolSolver } from './poolSolver.ts';

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
  /**
   * Nonbonded vdW + Coulomb (force pass and QEq matrix) from the cubic Hermite table in r²
   * (table.ts) instead of the analytic functions. Default false here (the LAMMPS-exact reference
   * path); the MD runner turns it on (runner/backend.ts).
   */
  tabulate?: boolean;
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

/**
 * ReaxFF-Ag + QEq + EChemDID as a CpuPotential. The passes run on a pool (poolSolver.ts,
 * parallel.ts): one thread by default, usePool() for more; results are bit-identical for every
 * thread count. preForce() = EChemDID → QEq, compute() = force pass; the per-step rows (bond, QEq,
 * EChemDID) are built once per set of positions.
 */
export class ReaxffPotential implements CpuPotential {
  readonly name = 'reaxff';
  readonly cutoff: number;
  readonly model: AgModel;
  readonly settings: ReaxffSettings;
  readonly tabulate: boolean;
  private readonly electrode: Int8Array;
  private solver: ReaxffPoolSolver;
  private last: { qeq: QeqResult | null; js: [number, number]; terms: ReaxffTerms | null } = { qeq: null, js: [0, 0], terms: null };

  constructor(system: System, params: ReaxffAgParams, opts: ReaxffOptions = {}) {
    this.model = agModel(params);
    this.cutoff = params.swb;
    this.settings = resolveSettings(system, opts);
    this.tabulate = opts.tabulate ?? false;
    const n = system.n;
    this.electrode = Int8Array.from(system.electrode);
    this.solver = this.makeSolver(new SerialPool(), n);
    if (system.phi) this.solver.c.phi.set(system.phi);
    // Charges until the first QEq solve (and always when QEq is off): the system's, else 0 — as the GPU's pos.w.
    if (system.charges) this.solver.c.q.set(system.charges);
  }

  private makeSolver(pool: Pool, n: number, state?: ReturnType<ReaxffPoolSolver['state']>): ReaxffPoolSolver {
    const rc = this.settings.echemdid?.rc ?? ECHEMDID_DEFAULTS.rc;
    return new ReaxffPoolSolver(pool, this.model, n, this.electrode, rc, this.tabulate, state);
  }

  /** Runs the passes on `pool` from now on (state carried over; the caller owns the pool). */
  usePool(pool: Pool): void {
    const state = this.solver.state();
    this.solver.release();
    this.solver = this.makeSolver(pool, this.electrode.length, state);
  }

  /** EChemDID only: `steps` MD steps of n_elec sub-steps with the positions held still. */
  evolvePhi(positions: Float64Array, box: Box, nl: NeighborList, dt: number, steps = 1): void {
    const e = this.settings.echemdid;
    if (!e || steps <= 0) return;
    this.solver.ensureGeometry(positions, box, nl);
    this.last.js = this.solver.echemdid(e, dt, steps);
  }

  /** QEq with the current Φ (warm start from the histories). Throws if CG does not converge. */
  equilibrate(positions: Float64Array, box: Box, nl: NeighborList): QeqResult | null {
    const c = this.settings.qeq;
    if (!c) return null;
    this.solver.ensureGeometry(positions, box, nl);
    const r = this.solver.qeq(c.tol, c.maxIter);
    this.last.qeq = r;
    if (!r.converged) {
      throw new RewireError('QEq', `CG did not converge in ${c.maxIter} iterations (relative residual ${r.residual.toExponential(2)} > tol ${c.tol})`, 'raise qeq.maxIter or tol, or check the structure for overlapping atoms');
    }
    return r;
  }

  preForce(positions: Float64Array, box: Box, nl: NeighborList, dt: number): void {
    this.evolvePhi(positions, box, nl, dt, 1);
    this.equilibrate(positions, box, nl);
  }

  /** Energy terms and forces in real units (kcal/mol, kcal/mol/Å). */
  computeReal(positions: Float64Array, box: Box, nl: NeighborList, forces: Float64Array, atomEnergies: Float64Array): ReaxffTerms {
    this.solver.ensureGeometry(positions, box, nl);
    const t = this.solver.force(forces, atomEnergies);
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

  /** Bond-order sums S_i of the last geometry (for tests). */
  bondOrderSums(): Float64Array {
    return this.solver.c.S;
  }

  charges(): Float64Array {
    return this.solver.c.q;
  }

  phi(): Float64Array {
    return this.solver.c.phi;
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
    const out: Record<string, number[]> = { phi: Array.from(this.phi()), q: Array.from(this.charges()) };
    for (let k = 0; k < 4; k++) {
      out[`sHist${k}`] = Array.from(this.solver.history(k, 0));
      out[`tHist${k}`] = Array.from(this.solver.history(k, 1));
    }
    return out;
  }

  loadState(s: Record<string, number[]>): void {
    const n = this.electrode.length;
    const check = (key: string): number[] | undefined => {
      const v = s[key];
      if (v && v.length !== n) throw new RewireError(`checkpoint ${key}`, `has ${v.length} entries for ${n} atoms`, 'restore a checkpoint of the same system');
      return v;
    };
    const phi = check('phi'), q = check('q');
    if (phi) this.solver.c.phi.set(phi);
    if (q) this.solver.c.q.set(q);
    for (let k = 0; k < 4; k++) {
      const hs = check(`sHist${k}`), ht = check(`tHist${k}`);
      if (hs) this.solver.setHistory(k, 0, hs);
      if (ht) this.solver.setHistory(k, 1, ht);
    }
  }
}
