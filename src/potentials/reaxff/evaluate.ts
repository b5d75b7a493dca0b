/**
 * Single-point ReaxFF-Ag evaluation on the float64 CPU (`rewire eval --potential reaxff[:FFIELD]
 * --volt V --phi-steps N`): Φ is evolved N EChemDID MD steps (dt = 1 fs, positions held still) from
 * system.phi (or 0), then QEq (cold start) and forces. Output in input order and LAMMPS real units,
 * like the reference JSON. The WebGPU twin is src/gpu/reaxff/evaluate.ts; the choice between the
 * two is made above this layer (src/runner/evaluate.ts).
 */
import type { System } from '../../system/types.ts';
import { RewireError } from '../../core/errors.ts';
import { buildNeighborList } from '../../neighbor/cellList.ts';
import { loadReaxffAg, type ReaxffAgParams } from './ffield.ts';
import { ReaxffPotential, type ReaxffOptions } from './potential.ts';
import { totalEnergy, type ReaxffTerms } from './compute.ts';

export interface ReaxffEvalOptions {
  /** Force-field path (default data/potentials/ffield.reax.2016X19.CHONSiCuAgZn). */
  ffield?: string;
  volt: number;
  phiSteps: number;
  qeqTol?: number;
  qeqMaxIter?: number;
  /** Neighbour skin, Å (default 1). */
  skin?: number;
  /** CPU threads (default: every core); results do not depend on it. */
  threads?: number;
  /** Further EChemDID settings (k, rc, nelec, norm). */
  echemdid?: Pick<ReaxffOptions, 'k' | 'rc' | 'nelec' | 'norm'>;
}

export interface ReaxffEvaluation {
  units: { energy: string; forces: string; charges: string; phi: string };
  /** kcal/mol */
  energy: number;
  terms: ReaxffTerms;
  /** kcal/mol/Å, [n][3] */
  forces: number[][];
  /** e */
  charges: number[];
  /** V */
  phi: number[];
  qeq: { iterations: number; residual: number; converged: boolean };
}

export const REAL_UNITS = { energy: 'kcal/mol', forces: 'kcal/mol/Angstrom', charges: 'e', phi: 'V' } as const;

/** MD step used for the Φ evolution of a single point, fs (the paper's 1 fs). */
export const EVAL_DT = 1;

export function rows3(a: Float64Array): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.length; i += 3) out.push([a[i]!, a[i + 1]!, a[i + 2]!]);
  return out;
}

/** The force field and potential options of a single point (shared by the CPU and GPU evaluations). */
export async function reaxffEvalSettings(opts: ReaxffEvalOptions): Promise<{ params: ReaxffAgParams; popts: ReaxffOptions }> {
  if (!Number.isInteger(opts.phiSteps) || opts.phiSteps < 0) throw new RewireError('--phi-steps', `must be a non-negative integer (got ${opts.phiSteps})`, 'e.g. --phi-steps 50');
  const params = await loadReaxffAg(opts.ffield);
  const popts: ReaxffOptions = {
    volt: opts.volt,
    ...(opts.echemdid ?? {}),
    ...(opts.qeqTol !== undefined ? { qeqTol: opts.qeqTol } : {}),
    ...(opts.qeqMaxIter !== undefined ? { qeqMaxIter: opts.qeqMaxIter } : {}),
  };
  return { params, popts };
}

export async function evaluateReaxffCpu(system: System, opts: ReaxffEvalOptions): Promise<ReaxffEvaluation> {
  const { params, popts } = await reaxffEvalSettings(opts);
  const pot = new ReaxffPotential(system, params, popts);
  const { createPool } = await import('../../parallel/index.ts');
  const pool = await createPool(opts.threads);
  pot.usePool(pool);
  try {
    return evaluateOnCpu(pot, system, opts);
  } finally {
    pool.dispose();
  }
}

function evaluateOnCpu(pot: ReaxffPotential, system: System, opts: ReaxffEvalOptions): ReaxffEvaluation {
  const nl = buildNeighborList(system.positions, system.n, system.box, pot.cutoff + (opts.skin ?? 1));
  pot.evolvePhi(system.positions, system.box, nl, EVAL_DT, opts.phiSteps);
  const qeq = pot.equilibrate(system.positions, system.box, nl);
  const forces = new Float64Array(3 * system.n), atomEnergies = new Float64Array(system.n);
  const terms = pot.computeReal(system.positions, system.box, nl, forces, atomEnergies);
  return {
    units: { ...REAL_UNITS },
    energy: totalEnergy(terms),
    terms,
    forces: rows3(forces),
    charges: Array.from(pot.charges()),
    phi: Array.from(pot.phi()),
    qeq: qeq ? { iterations: qeq.iterations, residual: qeq.residual, converged: qeq.converged } : { iterations: 0, residual: 0, converged: true },
  };
}
