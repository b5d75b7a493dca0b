/**
 * EAM on the GPU: two gather passes over the full neighbour list (shaders/eam/density.wgsl, which
 * also evaluates the embedding function and writes the neighbours inside the cutoff to an inner
 * list, then shaders/eam/force.wgsl over that inner list). Spline tables live in ONE
 * storage buffer of vec4 knots (c3, c4, c5, c6) — derivatives are formed from them — with the
 * offsets in the EamParams uniform. Float64 CPU twin: src/potentials/eam/compute.ts.
 *
 * Table buffer layout (array<vec4f>, index = knot m, 1-based like LAMMPS, slot 0 unused):
 *   frho: frhoOffset + e·rhoStride + m   (rhoStride = nrho + 1)
 *   rhor: rhorOffset + e·rStride + m     (rStride = nr + 1)
 *   z2r:  z2rOffset + pairIndex(e_i, e_j)·rStride + m
 */
import type { GpuContext } from './device.ts';
import type { GpuAtomBuffers, GpuPotential } from './types.ts';
import { registerStruct } from './layout.ts';
import { bindKernel, createKernel, dispatch, type Kernel } from './kernel.ts';
import type { EamTables } from '../potentials/eam/tables.ts';
import { elementIndices, type EamTypeMap } from '../potentials/eam/potential.ts';

export const EAM_PARAMS = registerStruct('EamParams', [
  { name: 'nr', type: 'u32', doc: 'r knots (1-based, m ≤ nr − 1 used as interval start)' },
  { name: 'nrho', type: 'u32', doc: 'ρ knots' },
  { name: 'nelem', type: 'u32', doc: 'number of elements' },
  { name: 'rStride', type: 'u32', doc: 'nr + 1: knots per r table' },
  { name: 'rhoStride', type: 'u32', doc: 'nrho + 1: knots per F(ρ) table' },
  { name: 'frhoOffset', type: 'u32', doc: 'first knot of F(ρ) tables' },
  { name: 'rhorOffset', type: 'u32', doc: 'first knot of ρ(r) tables' },
  { name: 'z2rOffset', type: 'u32', doc: 'first knot of r·φ(r) tables' },
  { name: 'rdr', type: 'f32', doc: '1/dr, 1/Å' },
  { name: 'rdrho', type: 'f32', doc: '1/drho' },
  { name: 'rhomax', type: 'f32', doc: 'ρ above which F is extended linearly' },
  { name: 'cutforcesq', type: 'f32', doc: 'interaction cutoff², Å²' },
]);

/** Packs the spline tables (c3..c6 of each knot) and the EamParams uniform. */
export function packEamTables(t: EamTables): { knots: Float32Array<ArrayBuffer>; params: ArrayBuffer } {
  const ne = t.elements.length;
  const rStride = t.nr + 1;
  const rhoStride = t.nrho + 1;
  const frhoOffset = 0;
  const rhorOffset = frhoOffset + ne * rhoStride;
  const z2rOffset = rhorOffset + ne * rStride;
  const total = z2rOffset + ((ne * (ne + 1)) / 2) * rStride;
  const knots = new Float32Array(4 * total);
  const put = (base: number, spline: Float64Array, count: number) => {
    for (let m = 0; m < count; m++) for (let c = 0; c < 4; c++) knots[4 * (base + m) + c] = spline[m * 7 + 3 + c]!;
  };
  for (let e = 0; e < ne; e++) {
    put(frhoOffset + e * rhoStride, t.frho[e]!, rhoStride);
    put(rhorOffset + e * rStride, t.rhor[e]!, rStride);
  }
  for (let p = 0; p < t.z2r.length; p++) put(z2rOffset + p * rStride, t.z2r[p]!, rStride);
  const params = new ArrayBuffer(EAM_PARAMS.size);
  const u = new Uint32Array(params);
  const f = new Float32Array(params);
  const o = (name: string) => EAM_PARAMS.offsets[name]! / 4;
  u[o('nr')] = t.nr;
  u[o('nrho')] = t.nrho;
  u[o('nelem')] = ne;
  u[o('rStride')] = rStride;
  u[o('rhoStride')] = rhoStride;
  u[o('frhoOffset')] = frhoOffset;
  u[o('rhorOffset')] = rhorOffset;
  u[o('z2rOffset')] = z2rOffset;
  f[o('rdr')] = t.rdr;
  f[o('rdrho')] = t.rdrho;
  f[o('rhomax')] = t.rhomax;
  f[o('cutforcesq')] = t.cutforcesq;
  return { knots, params };
}

export interface EamGpuOptions extends EamTypeMap {
  /** Threads per workgroup (WGSL override WG). */
  workgroupSize?: number;
}

export class EamGpuPotential implements GpuPotential {
  readonly name = 'eam';
  readonly cutoff: number;
  private gpu: GpuContext | null = null;
  private atoms: GpuAtomBuffers | null = null;
  private kernels: { density: Kernel; force: Kernel } | null = null;
  private tableBuf: GPUBuffer | null = null;
  private paramBuf: GPUBuffer | null = null;
  private elemBuf: GPUBuffer | null = null;
  /** array<vec4f> [n]: (F'_i, F_i, ρ_i, bitcast inner count) written by the density pass. */
  embedBuf: GPUBuffer | null = null;
  /** array<u32> [n·stride]: neighbours inside the interaction cutoff (density → force pass). */
  private innerBuf: GPUBuffer | null = null;
  private innerStride = 0;
  private bgDensity: GPUBindGroup | null = null;
  private bgForce: GPUBindGroup | null = null;
  private readonly wg: number;

  constructor(
    readonly tables: EamTables,
    private readonly opts: EamGpuOptions = {},
  ) {
    this.cutoff = tables.cutoff;
    this.wg = opts.workgroupSize ?? 64;
  }

  async bind(gpu: GpuContext, atoms: GpuAtomBuffers): Promise<void> {
    const dev = gpu.device;
    if (this.gpu !== gpu || !this.kernels) {
      this.disposeBuffers();
      this.gpu = gpu;
      const multi = this.tables.elements.length > 1 ? 1 : 0;
      const c = { WG: this.wg, MULTI_ELEMENT: multi };
      const common: ('uniform' | 'read-only-storage' | 'storage')[] = [
        'uniform', 'uniform', 'read-only-storage', 'read-only-storage', 'read-only-storage', 'read-only-storage', 'read-only-storage', 'read-only-storage',
      ];
      const ro = 'read-only-storage' as const;
      const [density, force] = await Promise.all([
        createKernel(gpu, 'eam/density.wgsl', 'main', [...common, 'storage', 'storage'], c),
        createKernel(gpu, 'eam/force.wgsl', 'main', ['uniform', 'uniform', ro, ro, ro, ro, ro, ro, 'storage'], c),
      ]);
      this.kernels = { density, force };
      const { knots, params } = packEamTables(this.tables);
      this.tableBuf = dev.createBuffer({ label: 'eam.tables', size: knots.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
      dev.queue.writeBuffer(this.tableBuf, 0, knots as Float32Array<ArrayBuffer>);
      this.paramBuf = dev.createBuffer({ label: 'eam.params', size: params.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
      dev.queue.writeBuffer(this.paramBuf, 0, params);
    }
    if (!this.atoms || this.atoms.n !== atoms.n || !this.elemBuf || !this.embedBuf) {
      this.elemBuf?.destroy();
      this.embedBuf?.destroy();
      const elem = Uint32Array.from(elementIndices(this.tables, atoms.n, this.opts));
      this.elemBuf = dev.createBuffer({ label: 'eam.elem', size: Math.max(16, 4 * atoms.n), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
      dev.queue.writeBuffer(this.elemBuf, 0, elem);
      this.embedBuf = dev.createBuffer({ label: 'eam.embed', size: Math.max(16, 16 * atoms.n), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    }
    if (!this.innerBuf || this.innerStride !== atoms.stride || this.atoms?.n !== atoms.n) {
      this.innerBuf?.destroy();
      this.innerBuf = dev.createBuffer({ label: 'eam.inner', size: Math.max(16, 4 * atoms.n * atoms.stride), usage: GPUBufferUsage.STORAGE });
      this.innerStride = atoms.stride;
    }
    this.atoms = atoms;
    const k = this.kernels!;
    const u = [atoms.sim, this.paramBuf!, atoms.pos, atoms.posLo];
    this.bgDensity = bindKernel(gpu, k.density, [...u, atoms.nbrCount, atoms.nbrList, this.tableBuf!, this.elemBuf, this.embedBuf, this.innerBuf]);
    this.bgForce = bindKernel(gpu, k.force, [...u, this.innerBuf, this.tableBuf!, this.elemBuf, this.embedBuf, atoms.force]);
  }

  /** Density (+ embedding) pass only: fills embedBuf. */
  encodeDensity(pass: GPUComputePassEncoder): void {
    const groups = Math.ceil(this.atoms!.n / this.wg);
    dispatch(pass, this.kernels!.density, this.bgDensity!, groups);
  }

  /** Force pass only (needs the density pass of the same positions before it). */
  encodeForcePass(pass: GPUComputePassEncoder): void {
    const groups = Math.ceil(this.atoms!.n / this.wg);
    dispatch(pass, this.kernels!.force, this.bgForce!, groups);
  }

  encodeForces(pass: GPUComputePassEncoder): void {
    if (!this.bgDensity || !this.atoms) throw new Error('EamGpuPotential.encodeForces called before bind()');
    this.encodeDensity(pass);
    this.encodeForcePass(pass);
  }

  private disposeBuffers(): void {
    for (const b of [this.tableBuf, this.paramBuf, this.elemBuf, this.embedBuf, this.innerBuf]) b?.destroy();
    this.tableBuf = this.paramBuf = this.elemBuf = this.embedBuf = this.innerBuf = null;
    this.kernels = null;
  }

  dispose(): void {
    this.disposeBuffers();
    this.atoms = null;
    this.gpu = null;
  }
}

/** Loads an EAM file (default data/potentials/Ag_u3.eam) as a GPU potential. */
export async function loadEamGpuPotential(spec?: string, opts: EamGpuOptions = {}): Promise<EamGpuPotential> {
  const { loadEamTables } = await import('../potentials/eam/potential.ts');
  return new EamGpuPotential(await loadEamTables(spec), opts);
}
