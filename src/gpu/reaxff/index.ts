/** ReaxFF-Ag + QEq + EChemDID on the GPU (WGSL kernels in shaders/reaxff/). */
import type { System } from '../../system/types.ts';
import type { PotentialSpec } from '../../potentials/types.ts';
import { loadReaxffAg } from '../../potentials/reaxff/ffield.ts';
import { optionsFromSpec } from '../../potentials/reaxff/index.ts';
import { ReaxffGpuPotential } from './potential.ts';

export { ReaxffGpuPotential, GPU_QEQ_MAX_ITER, GPU_QEQ_TOL, SINGLE_WORKGROUP_MAX, type QeqStatus, type QeqSolverKind, type ReaxffGpuOptions } from './potential.ts';
export { evaluateReaxffGpu } from './evaluate.ts';

/** The GPU potential for the engine (runner/backend.ts). */
export async function createReaxffGpuPotential(system: System, spec: PotentialSpec): Promise<ReaxffGpuPotential> {
  return new ReaxffGpuPotential(system, await loadReaxffAg(spec.file), optionsFromSpec(spec));
}
