/**
 * Contracts on the GPU side. The engine owns the per-atom buffers; potentials read positions and
 * write forces. Layout is declared once in src/gpu/layout.ts; these are the handles.
 */
import type { GpuContext } from './device.ts';

export interface GpuAtomBuffers {
  n: number;
  /** array<vec4f>: xyz = position, high part (Å); w = charge q (e). */
  pos: GPUBuffer;
  /** array<vec4f>: xyz = low-order part of the position (double-single, Å); w unused. */
  posLo: GPUBuffer;
  /** array<vec4f>: xyz = velocity (Å/fs); w = FTM2V / mass, 0 for fixed atoms. */
  vel: GPUBuffer;
  /** array<vec4f>: xyz = force (eV/Å); w = per-atom potential energy (eV). */
  force: GPUBuffer;
  /** array<u32> [n]: neighbour counts. */
  nbrCount: GPUBuffer;
  /** array<u32> [n*stride]: full neighbour list (same layout as the CPU NeighborList). */
  nbrList: GPUBuffer;
  /** Neighbour capacity per atom (changes when the list regrows; potentials must rebind). */
  stride: number;
  /** uniform SimParams (see layout.ts). */
  sim: GPUBuffer;
}

export interface GpuPotential {
  readonly name: string;
  /** Interaction cutoff, Å. */
  readonly cutoff: number;
  /** Create pipelines and potential-owned buffers; called again after the neighbour list regrows. */
  bind(gpu: GpuContext, atoms: GpuAtomBuffers): Promise<void>;
  /** Optional per-step stage after the drift and before forces (EChemDID, QEq), into an open pass. */
  encodePreForce?(pass: GPUComputePassEncoder): void;
  /** Encode the passes that fill atoms.force (xyz and w) from atoms.pos/posLo, into an open pass. */
  encodeForces(pass: GPUComputePassEncoder): void;
  /** Extra thermo scalars, read back from the GPU (called only at thermo output). */
  readExtras?(): Promise<Record<string, number>>;
  /** Per-atom state to read back (charges, Φ). */
  readCharges?(): Promise<Float64Array>;
  readPhi?(): Promise<Float64Array>;
  /** Change the applied (EChemDID) voltage, V, from the next submitted step on (ReaxFF only). */
  setVoltage?(volt: number): void;
  /** array<f32> [n] of Φ (V) on the GPU, for drawing without a readback (null before bind / without EChemDID). */
  phiBuffer?(): GPUBuffer | null;
  dispose(): void;
}
