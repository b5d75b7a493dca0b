/** Pure-Ag ReaxFF (Lloyd 2016) + QEq + EChemDID: float64 reference implementation. */
import type { System } from '../../system/types.ts';
import type { PotentialSpec } from '../types.ts';
import { loadReaxffAg } from './ffield.ts';
import { ReaxffPotential, type ReaxffOptions } from './potential.ts';

export { parseReaxffAg, loadReaxffAg, DEFAULT_FFIELD, type ReaxffAgParams } from './ffield.ts';
export { ReaxffPotential, resolveSettings, QEQ_DEFAULTS, type ReaxffOptions, type ReaxffSettings } from './potential.ts';
export { evaluateReaxffCpu, reaxffEvalSettings, REAL_UNITS, EVAL_DT, type ReaxffEvaluation, type ReaxffEvalOptions } from './evaluate.ts';
export { ECHEMDID_DEFAULTS, type EchemdidParams } from './echemdid.ts';

/** ReaxffOptions from a PotentialSpec (echemdid null/absent = no voltage). */
export function optionsFromSpec(spec: PotentialSpec): ReaxffOptions {
  const o: ReaxffOptions = {};
  if (spec.echemdid) Object.assign(o, { volt: spec.echemdid.volt, k: spec.echemdid.k, rc: spec.echemdid.rc, nelec: spec.echemdid.nelec, norm: spec.echemdid.norm });
  if (spec.qeq === null) o.qeq = false;
  else if (spec.qeq) Object.assign(o, { qeqTol: spec.qeq.tol, qeqMaxIter: spec.qeq.maxIter });
  return o;
}

/** The CPU potential for the engine (runner/backend.ts). */
export async function createReaxffPotential(system: System, spec: PotentialSpec): Promise<ReaxffPotential> {
  return new ReaxffPotential(system, await loadReaxffAg(spec.file), optionsFromSpec(spec));
}
