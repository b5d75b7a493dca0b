/**
 * GPU neighbour list: cell list by counting sort, full list by 27-cell gather, Verlet skin with
 * the LAMMPS displacement criterion, rebuilds decided ON THE GPU (indirect dispatch with 0
 * workgroups when not needed), fixed stride with an overflow flag that the host turns into
 * regrowth. CPU twin: src/neighbor/cellList.ts (same passes; on the same grid, the same lists in the
 * same order — test/neighbor.gpu.test.ts checks it).
 *
 * Per step, encodeRebuildIfNeeded(pass) records 7 dispatches:
 *   checkDisplacement (n) → prepare (1) → [binAtoms (n) → scanCells (1 wg) → scatterAtoms (n)
 *   → sortCells (ncells) → buildList (n)]   (bracket: indirect, 0 workgroups unless needed)
 * Host side, at batch boundaries: checkStatus(); on overflow call regrow(), re-bind the potential
 * (its bind groups reference atoms.nbrList) and re-run the batch.
 * An engine that fuses the displacement check into its own drift kernel (saving one dispatch per
 * step) binds `status` and `refPositions`, sets status[STATUS_WORD.NEED_REBUILD] = 1 when
 * |x − x_ref|² > (skin/2)², and calls encodeRebuildIfFlagged(pass) instead.
 *
 * The grid (atoms.sim: boxLo/boxLen/cells) is fixed at creation; for free boundaries it covers the
 * initial bounding box plus a margin, atoms outside are clamped into edge cells (flag OUTSIDE_GRID).
 */
import type { GpuContext } from './device.ts';
import type { GpuAtomBuffers } from './types.ts';
import type { SimParamsValues } from './layout.ts';
import { readBufferBytes, resizeNeighborBuffer, writeSimParams } from './atoms.ts';
import { bindKernel, createKernel, dispatch, dispatchIndirect, type Kernel } from './kernel.ts';
import { decodeStatus, STATUS_WORD, STATUS_WORDS, type NeighborStatus } from './status.ts';
import { grownStride } from '../neighbor/cellList.ts';
import { RewireError } from '../core/errors.ts';

export interface GpuNeighborListOptions {
  /** Threads per workgroup of the per-atom and per-cell kernels (WGSL override WG). */
  workgroupSize?: number;
}

interface Kernels {
  check: Kernel;
  prepare: Kernel;
  request: Kernel;
  bin: Kernel;
  scan: Kernel;
  scatter: Kernel;
  sort: Kernel;
  build: Kernel;
}

interface BindGroups {
  check: GPUBindGroup;
  prepare: GPUBindGroup;
  request: GPUBindGroup;
  bin: GPUBindGroup;
  scan: GPUBindGroup;
  scatter: GPUBindGroup;
  sort: GPUBindGroup;
  build: GPUBindGroup;
}

const ARGS_ATOMS = 0;
const ARGS_CELLS = 12;
const ARGS_SCAN = 24;

export class GpuNeighborList {
  private bgs!: BindGroups;
  /** vec4f [n]: hi positions at the last build (read by the displacement check). */
  private readonly refPos: GPUBuffer;
  private readonly cellOf: GPUBuffer;
  private readonly cellCount: GPUBuffer;
  private readonly cellStart: GPUBuffer;
  /** vec4f [n]: cell-ordered (hi position, bitcast atom index). */
  private readonly cellAtoms: GPUBuffer;
  /** Status words (see status.ts). */
  readonly status: GPUBuffer;
  private readonly args: GPUBuffer;

  private constructor(
    private readonly gpu: GpuContext,
    readonly atoms: GpuAtomBuffers,
    /** The SimParams last written to atoms.sim (stride updated by regrow()). */
    readonly params: SimParamsValues,
    private readonly k: Kernels,
    readonly workgroupSize: number,
  ) {
    const dev = gpu.device;
    const st = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const n = atoms.n;
    const ncells = params.cells[0] * params.cells[1] * params.cells[2];
    const sz = (b: number) => Math.max(16, Math.ceil(b / 16) * 16);
    this.refPos = dev.createBuffer({ label: 'nl.refPos', size: sz(16 * n), usage: st });
    this.cellOf = dev.createBuffer({ label: 'nl.cellOf', size: sz(4 * n), usage: st });
    this.cellCount = dev.createBuffer({ label: 'nl.cellCount', size: sz(4 * ncells), usage: st });
    this.cellStart = dev.createBuffer({ label: 'nl.cellStart', size: sz(4 * (ncells + 1)), usage: st });
    this.cellAtoms = dev.createBuffer({ label: 'nl.cellAtoms', size: sz(16 * n), usage: st });
    this.status = dev.createBuffer({ label: 'nl.status', size: 4 * STATUS_WORDS, usage: st });
    this.args = dev.createBuffer({ label: 'nl.indirectArgs', size: 48, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.INDIRECT | GPUBufferUsage.COPY_DST });
    this.bindAll();
  }

  /**
   * Creates the kernels and buffers for `atoms` with the grid/cutoff/stride in `params` (from
   * simParamsFor(); written into atoms.sim here). The first encodeRebuildIfNeeded() builds the list.
   */
  static async create(gpu: GpuContext, atoms: GpuAtomBuffers, params: SimParamsValues, opts: GpuNeighborListOptions = {}): Promise<GpuNeighborList> {
    const wg = opts.workgroupSize ?? 64;
    const c = { WG: wg };
    const [check, prepare, request, bin, scan, scatter, sort, build] = await Promise.all([
      createKernel(gpu, 'neighbor/checkDisplacement.wgsl', 'main', ['uniform', 'read-only-storage', 'read-only-storage', 'storage'], c),
      createKernel(gpu, 'neighbor/prepareRebuild.wgsl', 'prepare', ['uniform', 'storage', 'storage'], c),
      createKernel(gpu, 'neighbor/prepareRebuild.wgsl', 'request', ['uniform', 'storage', 'storage'], c),
      createKernel(gpu, 'neighbor/binAtoms.wgsl', 'main', ['uniform', 'read-only-storage', 'storage', 'storage', 'storage', 'storage'], c),
      createKernel(gpu, 'neighbor/scanCells.wgsl', 'main', ['uniform', 'storage', 'storage']),
      createKernel(gpu, 'neighbor/scatterAtoms.wgsl', 'main', ['uniform', 'read-only-storage', 'storage', 'read-only-storage', 'storage', 'read-only-storage'], c),
      createKernel(gpu, 'neighbor/sortCells.wgsl', 'main', ['uniform', 'storage', 'read-only-storage', 'storage'], c),
      createKernel(gpu, 'neighbor/buildList.wgsl', 'main', [
        'uniform', 'read-only-storage', 'read-only-storage', 'read-only-storage', 'read-only-storage', 'read-only-storage', 'storage', 'storage', 'storage',
      ], c),
    ]);
    if (params.stride !== atoms.stride) {
      throw new RewireError('GpuNeighborList', `params.stride ${params.stride} ≠ atoms.stride ${atoms.stride}`, 'build SimParams with simParamsFor(sys, cutoff, skin, dt, atoms.stride)');
    }
    writeSimParams(gpu, atoms, params);
    const nl = new GpuNeighborList(gpu, atoms, { ...params }, { check, prepare, request, bin, scan, scatter, sort, build }, wg);
    nl.requestRebuildOnHost();
    return nl;
  }

  private bindAll(): void {
    const g = this.gpu;
    const a = this.atoms;
    const k = this.k;
    this.bgs = {
      check: bindKernel(g, k.check, [a.sim, a.pos, this.refPos, this.status]),
      prepare: bindKernel(g, k.prepare, [a.sim, this.status, this.args]),
      request: bindKernel(g, k.request, [a.sim, this.status, this.args]),
      bin: bindKernel(g, k.bin, [a.sim, a.pos, this.cellOf, this.cellCount, this.status, this.refPos]),
      scan: bindKernel(g, k.scan, [a.sim, this.cellCount, this.cellStart]),
      scatter: bindKernel(g, k.scatter, [a.sim, this.cellOf, this.cellCount, this.cellStart, this.cellAtoms, a.pos]),
      sort: bindKernel(g, k.sort, [a.sim, this.cellCount, this.cellStart, this.cellAtoms]),
      build: bindKernel(g, k.build, [a.sim, a.pos, a.posLo, this.cellOf, this.cellStart, this.cellAtoms, a.nbrCount, a.nbrList, this.status]),
    };
  }

  private requestRebuildOnHost(): void {
    this.gpu.device.queue.writeBuffer(this.status, 4 * STATUS_WORD.NEED_REBUILD, new Uint32Array([1]));
  }

  private atomGroups(): number {
    return Math.ceil(this.atoms.n / this.workgroupSize);
  }

  /** The indirect rebuild chain (runs only if status[NEED_REBUILD] was set when `prepare` ran). */
  private encodeChain(pass: GPUComputePassEncoder): void {
    const b = this.bgs;
    dispatch(pass, this.k.prepare, b.prepare, 1);
    dispatchIndirect(pass, this.k.bin, b.bin, this.args, ARGS_ATOMS);
    dispatchIndirect(pass, this.k.scan, b.scan, this.args, ARGS_SCAN);
    dispatchIndirect(pass, this.k.scatter, b.scatter, this.args, ARGS_ATOMS);
    dispatchIndirect(pass, this.k.sort, b.sort, this.args, ARGS_CELLS);
    dispatchIndirect(pass, this.k.build, b.build, this.args, ARGS_ATOMS);
  }

  /** Positions (vec4f hi part) at the last build, for an engine's fused displacement check. */
  get refPositions(): GPUBuffer {
    return this.refPos;
  }

  /** Rebuild only if status[NEED_REBUILD] is set (by a fused check elsewhere, or by the host). */
  encodeRebuildIfFlagged(pass: GPUComputePassEncoder): void {
    this.encodeChain(pass);
  }

  /** Displacement check, then a rebuild only if some atom moved more than skin/2 (or one was requested). */
  encodeRebuildIfNeeded(pass: GPUComputePassEncoder): void {
    dispatch(pass, this.k.check, this.bgs.check, this.atomGroups());
    this.encodeChain(pass);
  }

  /** Unconditional rebuild. */
  encodeRebuild(pass: GPUComputePassEncoder): void {
    dispatch(pass, this.k.request, this.bgs.request, 1);
    this.encodeChain(pass);
  }

  /** Reads and decodes the status words (one small readback). */
  async checkStatus(): Promise<NeighborStatus> {
    return decodeStatus(new Uint32Array(await readBufferBytes(this.gpu, this.status, 4 * STATUS_WORDS)));
  }

  /**
   * After an overflow: grows the stride to fit `maxNeighbors` (+25 %), re-creates atoms.nbrList,
   * rewrites SimParams, clears the overflow bits and requests a rebuild. The caller must re-bind
   * potentials (potential.bind(gpu, atoms)) and re-run the batch. Returns the new stride.
   */
  async regrow(minStride = 0): Promise<number> {
    const st = await this.checkStatus();
    const stride = Math.max(grownStride(st.maxNeighbors), minStride, this.atoms.stride + 8);
    resizeNeighborBuffer(this.gpu, this.atoms, stride);
    this.params.stride = stride;
    writeSimParams(this.gpu, this.atoms, this.params);
    const words = new Uint32Array(STATUS_WORDS);
    words[STATUS_WORD.REBUILDS] = st.rebuilds;
    words[STATUS_WORD.NEED_REBUILD] = 1;
    this.gpu.device.queue.writeBuffer(this.status, 0, words);
    this.bindAll();
    return stride;
  }

  /**
   * Builds the list now (own submit) and regrows until it fits. Returns true when the stride
   * changed (potentials must then re-bind). For set-up and single-point evaluation.
   */
  async buildNow(): Promise<boolean> {
    let grew = false;
    for (;;) {
      const enc = this.gpu.device.createCommandEncoder();
      const pass = enc.beginComputePass();
      this.encodeRebuild(pass);
      pass.end();
      this.gpu.device.queue.submit([enc.finish()]);
      const st = await this.checkStatus();
      if (!st.overflow) return grew;
      await this.regrow();
      grew = true;
    }
  }

  dispose(): void {
    for (const b of [this.refPos, this.cellOf, this.cellCount, this.cellStart, this.cellAtoms, this.status, this.args]) b.destroy();
  }
}
