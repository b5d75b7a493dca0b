/**
 * Per-atom GPU buffers (layout in src/gpu/types.ts) and their host transfers.
 * Positions are double-single: hi = f32(x), lo = f32(x − hi), so x = hi + lo to ~1e-14 relative and
 * r_ij = (hi_i − hi_j) + (lo_i − lo_j) keeps f32 precision on the DIFFERENCE even far from the origin.
 */
import type { GpuContext } from './device.ts';
import type { GpuAtomBuffers } from './types.ts';
import type { System } from '../system/types.ts';
import { packSimParams, SIM_PARAMS, type SimParamsValues } from './layout.ts';
import { FTM2V } from '../core/units.ts';
import { cellGrid } from '../neighbor/grid.ts';

const STORAGE = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

/** Free-boundary grid margin in units of the list cutoff (atoms beyond it are clamped to edge cells). */
export const FREE_GRID_MARGIN = 2;

/** GPU cells are one list cutoff wide (27-cell stencil); see CELLS_PER_CUTOFF in src/neighbor/grid.ts. */
export const GPU_CELLS_PER_CUTOFF = 1;

/** Splits x into (hi, lo) f32s with hi + lo ≈ x (double-single). */
export function splitDouble(x: number): [number, number] {
  const hi = Math.fround(x);
  return [hi, Math.fround(x - hi)];
}

function storageBuffer(gpu: GpuContext, bytes: number, label: string): GPUBuffer {
  return gpu.device.createBuffer({ label, size: Math.max(16, Math.ceil(bytes / 16) * 16), usage: STORAGE() });
}

/**
 * SimParams for `sys`: interaction `cutoff` and `skin` (Å), `dt` (fs), neighbour `stride`.
 * The cell grid (src/neighbor/grid.ts) uses the list cutoff; free axes get a margin of
 * FREE_GRID_MARGIN list cutoffs around the current bounding box.
 */
export function simParamsFor(sys: System, cutoff: number, skin: number, dt: number, stride: number): SimParamsValues {
  const listCutoff = cutoff + skin;
  const g = cellGrid(sys.positions, sys.n, sys.box, listCutoff, FREE_GRID_MARGIN * listCutoff, GPU_CELLS_PER_CUTOFF);
  let nMobile = 0;
  for (let i = 0; i < sys.n; i++) if (!sys.fixed[i]) nMobile++;
  return {
    n: sys.n,
    stride,
    nMobile,
    boxLo: [...g.lo],
    boxLen: [...g.len],
    periodic: [...g.periodic],
    cells: [...g.cells],
    cellSize: [...g.cellSize],
    listCutoff,
    skin,
    dt,
    cutoff,
  };
}

/** Writes SimParams into atoms.sim (queue write, ordered before later submits). */
export function writeSimParams(gpu: GpuContext, atoms: GpuAtomBuffers, v: SimParamsValues): void {
  gpu.device.queue.writeBuffer(atoms.sim, 0, packSimParams(v));
}

/**
 * Allocates and fills the per-atom buffers (positions hi/lo + charge, velocities + FTM2V/m,
 * zero forces, empty neighbour list of capacity `stride`). `params` (optional) is written into
 * the SimParams uniform; otherwise the caller must call writeSimParams before dispatching.
 */
export function createAtomBuffers(gpu: GpuContext, sys: System, stride: number, params?: SimParamsValues): GpuAtomBuffers {
  const n = sys.n;
  const atoms: GpuAtomBuffers = {
    n,
    pos: storageBuffer(gpu, 16 * n, 'atoms.pos'),
    posLo: storageBuffer(gpu, 16 * n, 'atoms.posLo'),
    vel: storageBuffer(gpu, 16 * n, 'atoms.vel'),
    force: storageBuffer(gpu, 16 * n, 'atoms.force'),
    nbrCount: storageBuffer(gpu, 4 * n, 'atoms.nbrCount'),
    nbrList: storageBuffer(gpu, 4 * n * stride, 'atoms.nbrList'),
    stride,
    sim: gpu.device.createBuffer({ label: 'atoms.sim', size: SIM_PARAMS.size, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
  };
  uploadPositions(gpu, atoms, sys.positions, sys.charges);
  uploadVelocities(gpu, atoms, sys.velocities ?? new Float64Array(3 * n), sys.masses, sys.fixed);
  if (params) writeSimParams(gpu, atoms, params);
  return atoms;
}

/** Replaces the neighbour-list buffer with one of capacity `stride` (contents undefined until rebuilt). */
export function resizeNeighborBuffer(gpu: GpuContext, atoms: GpuAtomBuffers, stride: number): void {
  atoms.nbrList.destroy();
  atoms.nbrList = storageBuffer(gpu, 4 * atoms.n * stride, 'atoms.nbrList');
  atoms.stride = stride;
}

/** Uploads positions [3n] Å as hi/lo, with charges [n] e in pos.w (0 when absent). */
export function uploadPositions(gpu: GpuContext, atoms: GpuAtomBuffers, positions: Float64Array, charges?: Float64Array): void {
  const n = atoms.n;
  const hi = new Float32Array(4 * n);
  const lo = new Float32Array(4 * n);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < 3; a++) {
      const [h, l] = splitDouble(positions[3 * i + a]!);
      hi[4 * i + a] = h;
      lo[4 * i + a] = l;
    }
    hi[4 * i + 3] = charges ? charges[i]! : 0;
  }
  gpu.device.queue.writeBuffer(atoms.pos, 0, hi);
  gpu.device.queue.writeBuffer(atoms.posLo, 0, lo);
}

/** Uploads velocities [3n] Å/fs with w = FTM2V/mass (0 for fixed atoms; fixed atoms get v = 0). */
export function uploadVelocities(gpu: GpuContext, atoms: GpuAtomBuffers, velocities: Float64Array, masses: Float64Array, fixed: Uint8Array): void {
  const n = atoms.n;
  const v = new Float32Array(4 * n);
  for (let i = 0; i < n; i++) {
    const isFixed = fixed[i] === 1;
    for (let a = 0; a < 3; a++) v[4 * i + a] = isFixed ? 0 : velocities[3 * i + a]!;
    v[4 * i + 3] = isFixed || !(masses[i]! > 0) ? 0 : FTM2V / masses[i]!;
  }
  gpu.device.queue.writeBuffer(atoms.vel, 0, v);
}

/** Copies `bytes` of `src` into a mappable buffer and returns the bytes. */
export async function readBufferBytes(gpu: GpuContext, src: GPUBuffer, bytes: number, offset = 0): Promise<ArrayBuffer> {
  const size = Math.max(4, Math.ceil(bytes / 4) * 4);
  const staging = gpu.device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const enc = gpu.device.createCommandEncoder();
  enc.copyBufferToBuffer(src, offset, staging, 0, size);
  gpu.device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = staging.getMappedRange().slice(0);
  staging.unmap();
  staging.destroy();
  return out;
}

/** Positions [3n] Å as hi + lo in f64. */
export async function readPositions(gpu: GpuContext, atoms: GpuAtomBuffers): Promise<Float64Array> {
  const n = atoms.n;
  const hi = new Float32Array(await readBufferBytes(gpu, atoms.pos, 16 * n));
  const lo = new Float32Array(await readBufferBytes(gpu, atoms.posLo, 16 * n));
  const out = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) for (let a = 0; a < 3; a++) out[3 * i + a] = hi[4 * i + a]! + lo[4 * i + a]!;
  return out;
}

/** Charges [n] e from pos.w. */
export async function readCharges(gpu: GpuContext, atoms: GpuAtomBuffers): Promise<Float64Array> {
  const hi = new Float32Array(await readBufferBytes(gpu, atoms.pos, 16 * atoms.n));
  const out = new Float64Array(atoms.n);
  for (let i = 0; i < atoms.n; i++) out[i] = hi[4 * i + 3]!;
  return out;
}

/** Velocities [3n] Å/fs. */
export async function readVelocities(gpu: GpuContext, atoms: GpuAtomBuffers): Promise<Float64Array> {
  const v = new Float32Array(await readBufferBytes(gpu, atoms.vel, 16 * atoms.n));
  const out = new Float64Array(3 * atoms.n);
  for (let i = 0; i < atoms.n; i++) for (let a = 0; a < 3; a++) out[3 * i + a] = v[4 * i + a]!;
  return out;
}

/** Forces [3n] eV/Å and per-atom energies [n] eV (force.w). */
export async function readForces(gpu: GpuContext, atoms: GpuAtomBuffers): Promise<{ forces: Float64Array; atomEnergies: Float64Array }> {
  const f = new Float32Array(await readBufferBytes(gpu, atoms.force, 16 * atoms.n));
  const forces = new Float64Array(3 * atoms.n);
  const atomEnergies = new Float64Array(atoms.n);
  for (let i = 0; i < atoms.n; i++) {
    for (let a = 0; a < 3; a++) forces[3 * i + a] = f[4 * i + a]!;
    atomEnergies[i] = f[4 * i + 3]!;
  }
  return { forces, atomEnergies };
}

/** Neighbour list as read from the GPU (counts and the stride-padded index array). */
export async function readNeighborList(gpu: GpuContext, atoms: GpuAtomBuffers): Promise<{ stride: number; counts: Uint32Array; neighbors: Uint32Array }> {
  const counts = new Uint32Array(await readBufferBytes(gpu, atoms.nbrCount, 4 * atoms.n));
  const neighbors = new Uint32Array(await readBufferBytes(gpu, atoms.nbrList, 4 * atoms.n * atoms.stride));
  return { stride: atoms.stride, counts: counts.slice(0, atoms.n), neighbors: neighbors.slice(0, atoms.n * atoms.stride) };
}

export function destroyAtomBuffers(atoms: GpuAtomBuffers): void {
  for (const b of [atoms.pos, atoms.posLo, atoms.vel, atoms.force, atoms.nbrCount, atoms.nbrList, atoms.sim]) b.destroy();
}
