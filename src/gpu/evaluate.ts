/**
 * Single-point evaluation on the GPU (`rewire eval --backend webgpu`): upload the system, build
 * the neighbour list (regrowing on overflow), run the potential's force passes, read back.
 * The total energy is the float64 sum of the per-atom energies (force.w) on the host.
 */
import type { GpuContext } from './device.ts';
import type { GpuPotential } from './types.ts';
import type { System } from '../system/types.ts';
import { createAtomBuffers, destroyAtomBuffers, readForces, simParamsFor } from './atoms.ts';
import { GpuNeighborList } from './neighborList.ts';

export interface GpuEvaluation {
  /** eV */
  energy: number;
  /** [3n] eV/Å */
  forces: Float64Array;
  /** [n] eV */
  atomEnergies: Float64Array;
}

/** Initial neighbour capacity; the list regrows on overflow. */
export const INITIAL_STRIDE = 64;

export async function evaluateGpu(gpu: GpuContext, sys: System, potential: GpuPotential, skin = 1): Promise<GpuEvaluation> {
  const params = simParamsFor(sys, potential.cutoff, skin, 1, INITIAL_STRIDE);
  const atoms = createAtomBuffers(gpu, sys, INITIAL_STRIDE, params);
  const nl = await GpuNeighborList.create(gpu, atoms, params);
  try {
    await nl.buildNow();
    await potential.bind(gpu, atoms);
    const enc = gpu.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    potential.encodePreForce?.(pass);
    potential.encodeForces(pass);
    pass.end();
    gpu.device.queue.submit([enc.finish()]);
    const { forces, atomEnergies } = await readForces(gpu, atoms);
    let energy = 0;
    for (let i = 0; i < sys.n; i++) energy += atomEnergies[i]!;
    return { energy, forces, atomEnergies };
  } finally {
    nl.dispose();
    destroyAtomBuffers(atoms);
  }
}
