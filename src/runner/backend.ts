/**
 * Composition root for engines: picks the backend (auto → webgpu if an adapter exists, else cpu),
 * builds the potential for it and creates the engine. Physics lives in the modules it imports.
 */
import { RewireError } from '../core/errors.ts';
import { acquireGpu, type GpuContext } from '../gpu/device.ts';
import type { BackendName, EngineOptions, MDEngine } from '../md/engine.ts';
import type { CpuPotential, PotentialSpec } from '../potentials/types.ts';
import type { GpuPotential } from '../gpu/types.ts';
import type { System } from '../system/types.ts';

export type { PotentialSpec } from '../potentials/types.ts';

export async function resolveBackend(requested: 'auto' | BackendName, log: (m: string) => void): Promise<{ backend: BackendName; gpu?: GpuContext }> {
  if (requested === 'cpu') return { backend: 'cpu' };
  try {
    const gpu = await acquireGpu({ log: requested === 'auto' ? () => {} : log });
    if (requested === 'auto' && gpu.isFallback) {
      // A software adapter (SwiftShader) emulates the GPU on the CPU; the float64 CPU backend is
      // both faster and exact there, so 'auto' only picks WebGPU on real hardware.
      log(`auto backend: only a software adapter (${gpu.description}) is available; using the float64 CPU backend (force it with --backend webgpu)`);
      gpu.device.destroy();
      return { backend: 'cpu' };
    }
    return { backend: 'webgpu', gpu };
  } catch (e) {
    if (requested === 'webgpu') throw e;
    log(`no WebGPU adapter (${(e as Error).message}); using the float64 CPU backend`);
    return { backend: 'cpu' };
  }
}

/** EChemDID acts through QEq (χ_i → χ_i + Φ_i); EAM has no charges, so a voltage needs ReaxFF. */
function requireQeqForVoltage(spec: PotentialSpec): void {
  if (spec.echemdid) throw new RewireError('config.echemdid', 'a voltage was given, but the EAM potential has no charge equilibration (QEq)', 'use potential.kind = "reaxff", or set echemdid to null');
}

export async function createCpuPotential(spec: PotentialSpec, system: System): Promise<CpuPotential> {
  if (spec.kind === 'eam') {
    requireQeqForVoltage(spec);
    const { loadEamPotential } = await import('../potentials/eam/index.ts');
    return loadEamPotential(spec.file, { types: system.types });
  }
  const { ReaxffPotential, loadReaxffAg, optionsFromSpec } = await import('../potentials/reaxff/index.ts');
  return new ReaxffPotential(system, await loadReaxffAg(spec.file), { ...optionsFromSpec(spec), tabulate: spec.tabulate ?? true });
}

export async function createGpuPotential(spec: PotentialSpec, system: System): Promise<GpuPotential> {
  if (spec.kind === 'eam') {
    requireQeqForVoltage(spec);
    const { loadEamGpuPotential } = await import('../gpu/eam.ts');
    return loadEamGpuPotential(spec.file, { types: system.types });
  }
  const { createReaxffGpuPotential } = await import('../gpu/reaxff/index.ts');
  return createReaxffGpuPotential(system, spec);
}

export async function createEngine(system: System, spec: PotentialSpec, backend: BackendName, gpu: GpuContext | undefined, opts: EngineOptions): Promise<MDEngine> {
  if (backend === 'cpu') {
    const { CpuEngine } = await import('../md/cpuEngine.ts');
    return CpuEngine.create(system, await createCpuPotential(spec, system), opts);
  }
  const { GpuEngine } = await import('../gpu/engine.ts');
  return GpuEngine.create(gpu!, system, await createGpuPotential(spec, system), opts);
}
