/**
 * Single-point ReaxFF evaluation on the chosen backend: the float64 CPU reference
 * (src/potentials/reaxff/evaluate.ts) or the WGSL kernels (src/gpu/reaxff/evaluate.ts). The
 * dispatch lives here, in the runner, so that src/potentials/ never imports src/gpu/.
 */
import type { System } from '../system/types.ts';
import type { GpuContext } from '../gpu/device.ts';
import { RewireError } from '../core/errors.ts';
import { evaluateReaxffCpu, reaxffEvalSettings, type ReaxffEvalOptions, type ReaxffEvaluation } from '../potentials/reaxff/evaluate.ts';

export interface ReaxffBackendOptions extends ReaxffEvalOptions {
  backend: 'cpu' | 'webgpu';
  /** Required with backend 'webgpu'. */
  gpu?: GpuContext;
}

export async function evaluateReaxff(system: System, opts: ReaxffBackendOptions): Promise<ReaxffEvaluation> {
  if (opts.backend === 'cpu') return evaluateReaxffCpu(system, opts);
  if (!opts.gpu) throw new RewireError('--backend webgpu', 'no GPU device was passed', 'acquire one with acquireGpu() or use --backend cpu');
  const { params, popts } = await reaxffEvalSettings(opts);
  const { evaluateReaxffGpu } = await import('../gpu/reaxff/evaluate.ts');
  return evaluateReaxffGpu(opts.gpu, system, params, popts, opts.phiSteps, opts.skin ?? 1);
}
