/**
 * ReaxFF-Ag + QEq + EChemDID on the GPU (GpuPotential). Per MD step, all in one compute pass with
 * no readback:
 *   encodePreForce: EChemDID network → n_elec Jacobi sub-steps (ping-pong Φ) → QEq (H build, guess,
 *                   residual, qeqMaxIter × (passA, passB, check) as indirect dispatches that become
 *                   empty after convergence, sums, finish → q into pos.w)
 *   encodeForces:   density pass (S_i, F, F') → force pass (force.xyz eV/Å, force.w eV, terms)
 * Float64 CPU twins: src/potentials/reaxff/{echemdid,qeq,compute}.ts. Shaders: shaders/reaxff/.
 * QEq convergence is checked when the engine reads extras (readExtras throws if it failed).
 */
import type { GpuContext } from '../device.ts';
import type { GpuAtomBuffers, GpuPotential } from '../types.ts';
import type { System } from '../../system/types.ts';
import { RewireError } from '../../core/errors.ts';
import { readBufferBytes, readCharges } from '../atoms.ts';
import { bindKernel, createKernel, dispatch, dispatchIndirect, type BindingKind, type Kernel } from '../kernel.ts';
import type { ReaxffAgParams } from '../../potentials/reaxff/ffield.ts';
import { agModel, type AgModel } from '../../potentials/reaxff/terms.ts';
import { checkedVoltage, resolveSettings, type ReaxffOptions, type ReaxffSettings } from '../../potentials/reaxff/potential.ts';
import { NETWORK_CAP } from '../../potentials/reaxff/echemdid.ts';
import { packReaxffParams, QEQ_STATE_SLOTS, REAXFF_PARAMS } from './params.ts';

/** Threads per workgroup of every ReaxFF kernel (qeq.wgsl's WGC must agree). */
export const REAXFF_WG = 64;

/** Default QEq iterations encoded per MD step on the GPU (warm start needs ~5–20). */
export const GPU_QEQ_MAX_ITER = 60;
/** f32 CG reaches ~1e-6 relative; LAMMPS EChemDID examples use 1e-6. */
export const GPU_QEQ_TOL = 1e-6;

export interface QeqStatus {
  iterations: number;
  residual: number;
  converged: boolean;
}

interface Kernels {
  density: Kernel;
  force: Kernel;
  network: Kernel;
  substep: Kernel;
  copy: Kernel;
  matrix: Kernel;
  guess: Kernel;
  residual: Kernel;
  passA: Kernel;
  passB: Kernel;
  sums: Kernel;
  finish: Kernel;
  ctlInit: Kernel;
  ctlCheck: Kernel;
  solve: Kernel;
}

/**
 * QEq solver on the GPU: 'single-workgroup' = one persistent dispatch (qeq.wgsl `solve`), best while
 * dispatch latency dominates; 'multi-workgroup' = 3 indirect dispatches per CG iteration over all
 * atoms (empty after convergence). 'auto' picks single-workgroup up to SINGLE_WORKGROUP_MAX atoms.
 */
export type QeqSolverKind = 'auto' | 'single-workgroup' | 'multi-workgroup';
export const SINGLE_WORKGROUP_MAX = 8192;

export interface ReaxffGpuOptions extends ReaxffOptions {
  qeqSolver?: QeqSolverKind;
}

const U: BindingKind = 'uniform', R: BindingKind = 'read-only-storage', W: BindingKind = 'storage';

export class ReaxffGpuPotential implements GpuPotential {
  readonly name = 'reaxff';
  readonly cutoff: number;
  readonly model: AgModel;
  readonly settings: ReaxffSettings;
  private readonly electrode: Int32Array<ArrayBuffer>;
  private readonly phi0: Float32Array<ArrayBuffer>;
  private gpu: GpuContext | null = null;
  private atoms: GpuAtomBuffers | null = null;
  private k: Kernels | null = null;
  private buf: Record<string, GPUBuffer> = {};
  private bg: Record<string, GPUBindGroup> = {};
  private bgStride = -1;
  private groups = 0;
  readonly qeqSolver: 'single-workgroup' | 'multi-workgroup';

  constructor(system: System, params: ReaxffAgParams, opts: ReaxffGpuOptions = {}) {
    this.model = agModel(params);
    this.cutoff = params.swb;
    this.settings = resolveSettings(system, { qeqTol: GPU_QEQ_TOL, qeqMaxIter: GPU_QEQ_MAX_ITER, ...opts });
    this.electrode = Int32Array.from(system.electrode);
    this.phi0 = system.phi ? Float32Array.from(system.phi) : new Float32Array(system.n);
    const kind = opts.qeqSolver ?? 'auto';
    this.qeqSolver = kind === 'auto' ? (system.n <= SINGLE_WORKGROUP_MAX ? 'single-workgroup' : 'multi-workgroup') : kind;
  }

  private async compile(gpu: GpuContext): Promise<Kernels> {
    const c = { WG: REAXFF_WG };
    const atomPass = [U, U, R, R, R, R];
    const qeq = [U, U, W, R, R, R, W, W, R, W];
    const ech = [U, U, R, R, R, R, W];
    const [density, force, network, substep, copy, matrix, guess, residual, passA, passB, sums, finish] = await Promise.all([
      createKernel(gpu, 'reaxff/density.wgsl', 'main', [...atomPass, W], c),
      createKernel(gpu, 'reaxff/force.wgsl', 'main', [...atomPass, R, W, W], c),
      createKernel(gpu, 'reaxff/network.wgsl', 'main', [...atomPass, W, W], c),
      createKernel(gpu, 'reaxff/echemdid.wgsl', 'substep', ech, c),
      createKernel(gpu, 'reaxff/echemdid.wgsl', 'copy', ech, c),
      createKernel(gpu, 'reaxff/qeqMatrix.wgsl', 'main', [...atomPass, W], c),
      ...['guess', 'residual', 'passA', 'passB', 'sums', 'finish'].map((e) => createKernel(gpu, 'reaxff/qeq.wgsl', e, qeq)),
    ]);
    const [ctlInit, ctlCheck, solve] = await Promise.all([
      createKernel(gpu, 'reaxff/qeqControl.wgsl', 'init', [U, U, R, W, W]),
      createKernel(gpu, 'reaxff/qeqControl.wgsl', 'check', [U, U, R, W]),
      createKernel(gpu, 'reaxff/qeq.wgsl', 'solve', qeq),
    ]);
    return { density: density!, force: force!, network: network!, substep: substep!, copy: copy!, matrix: matrix!, guess: guess!, residual: residual!, passA: passA!, passB: passB!, sums: sums!, finish: finish!, ctlInit, ctlCheck, solve };
  }

  private storage(label: string, bytes: number, init?: ArrayBufferView<ArrayBuffer>): GPUBuffer {
    const b = this.gpu!.device.createBuffer({ label: `reaxff.${label}`, size: Math.max(16, Math.ceil(bytes / 16) * 16), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    if (init) this.gpu!.device.queue.writeBuffer(b, 0, init);
    return b;
  }

  async bind(gpu: GpuContext, atoms: GpuAtomBuffers): Promise<void> {
    const n = atoms.n;
    if (n !== this.electrode.length) throw new RewireError('ReaxffGpuPotential.bind', `the atom buffers hold ${n} atoms but the potential was built for ${this.electrode.length}`, 'create the potential from the same System');
    if (this.gpu !== gpu || !this.k) {
      this.disposeBuffers();
      this.gpu = gpu;
      this.k = await this.compile(gpu);
    }
    const dev = gpu.device;
    this.groups = Math.ceil(n / REAXFF_WG);
    if (!this.buf.params) {
      const params = packReaxffParams(this.model, this.settings, this.groups, NETWORK_CAP);
      this.buf.params = dev.createBuffer({ label: 'reaxff.params', size: REAXFF_PARAMS.size, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
      dev.queue.writeBuffer(this.buf.params, 0, params);
      this.buf.embed = this.storage('embed', 16 * n);
      this.buf.terms = this.storage('terms', 16 * n);
      this.buf.electrode = this.storage('electrode', 4 * n, this.electrode);
      this.buf.net = this.storage('net', 8 * n * NETWORK_CAP);
      this.buf.netCount = this.storage('netCount', 4 * n);
      this.buf.phiA = this.storage('phiA', 4 * n, this.phi0);
      this.buf.phiB = this.storage('phiB', 4 * n, this.phi0);
      this.buf.cg = this.storage('cg', 8 * 5 * n);
      this.buf.hist = this.storage('hist', 16 * 2 * n);
      this.buf.red = this.storage('red', 16 * (QEQ_STATE_SLOTS + 3 * this.groups));
      const slots = 32 * ((this.settings.qeq?.maxIter ?? 0) + 1);
      for (const name of ['args0', 'args1']) {
        this.buf[name] = dev.createBuffer({ label: `reaxff.${name}`, size: slots, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.INDIRECT | GPUBufferUsage.COPY_SRC });
      }
    }
    if (this.bgStride !== atoms.stride || this.atoms !== atoms) {
      this.buf.hval?.destroy();
      this.buf.hval = this.storage('hval', 4 * n * atoms.stride);
    }
    this.atoms = atoms;
    this.bgStride = atoms.stride;
    const k = this.k!, b = this.buf;
    const base = [atoms.sim, b.params!, atoms.pos, atoms.posLo, atoms.nbrCount, atoms.nbrList];
    const qeq = [atoms.sim, b.params!, atoms.pos, atoms.nbrCount, atoms.nbrList, b.hval!, b.cg!, b.hist!, b.phiA!, b.red!];
    this.bg = {
      density: bindKernel(gpu, k.density, [...base, b.embed!]),
      force: bindKernel(gpu, k.force, [...base, b.embed!, atoms.force, b.terms!]),
      network: bindKernel(gpu, k.network, [...base, b.net!, b.netCount!]),
      subAB: bindKernel(gpu, k.substep, [atoms.sim, b.params!, b.electrode!, b.net!, b.netCount!, b.phiA!, b.phiB!]),
      subBA: bindKernel(gpu, k.substep, [atoms.sim, b.params!, b.electrode!, b.net!, b.netCount!, b.phiB!, b.phiA!]),
      copyBA: bindKernel(gpu, k.copy, [atoms.sim, b.params!, b.electrode!, b.net!, b.netCount!, b.phiB!, b.phiA!]),
      matrix: bindKernel(gpu, k.matrix, [...base, b.hval!]),
      qeq: bindKernel(gpu, k.guess, qeq),
      ctlInit: bindKernel(gpu, k.ctlInit, [atoms.sim, b.params!, b.red!, b.args0!, b.args1!]),
      ctlTo0: bindKernel(gpu, k.ctlCheck, [atoms.sim, b.params!, b.red!, b.args0!]),
      ctlTo1: bindKernel(gpu, k.ctlCheck, [atoms.sim, b.params!, b.red!, b.args1!]),
    };
  }

  /** One MD step of EChemDID: network, n_elec sub-steps; Φ ends in phiA. */
  encodeEchemdid(pass: GPUComputePassEncoder): void {
    const e = this.settings.echemdid;
    if (!e) return;
    const k = this.k!, g = this.groups;
    dispatch(pass, k.network, this.bg.network!, g);
    for (let s = 0; s < e.nelec; s++) dispatch(pass, k.substep, s % 2 === 0 ? this.bg.subAB! : this.bg.subBA!, g);
    if (e.nelec % 2 === 1) dispatch(pass, k.copy, this.bg.copyBA!, g);
  }

  /** QEq with the current Φ: q into pos.w, histories shifted, status into the scratch buffer. */
  encodeQeq(pass: GPUComputePassEncoder): void {
    const c = this.settings.qeq;
    if (!c) return;
    const k = this.k!, g = this.groups, bg = this.bg.qeq!;
    dispatch(pass, k.matrix, this.bg.matrix!, g);
    if (this.qeqSolver === 'single-workgroup') {
      dispatch(pass, k.solve, bg, 1);
      return;
    }
    dispatch(pass, k.guess, bg, g);
    dispatch(pass, k.residual, bg, g);
    // Iteration `it` reads its workgroup counts from slot `it` of args[it % 2] (qeqControl.wgsl):
    // after convergence every remaining dispatch launches zero workgroups.
    dispatch(pass, k.ctlInit, this.bg.ctlInit!, 1);
    const args = [this.buf.args0!, this.buf.args1!];
    for (let it = 0; it < c.maxIter; it++) {
      const a = args[it % 2]!;
      dispatchIndirect(pass, k.passA, bg, a, 32 * it);
      dispatchIndirect(pass, k.passB, bg, a, 32 * it);
      dispatchIndirect(pass, k.ctlCheck, it % 2 === 0 ? this.bg.ctlTo1! : this.bg.ctlTo0!, a, 32 * it + 16);
    }
    dispatch(pass, k.sums, bg, g);
    dispatch(pass, k.finish, bg, g);
  }

  encodePreForce(pass: GPUComputePassEncoder): void {
    if (!this.k || !this.atoms) throw new Error('ReaxffGpuPotential.encodePreForce called before bind()');
    this.encodeEchemdid(pass);
    this.encodeQeq(pass);
  }

  encodeForces(pass: GPUComputePassEncoder): void {
    if (!this.k || !this.atoms) throw new Error('ReaxffGpuPotential.encodeForces called before bind()');
    dispatch(pass, this.k.density, this.bg.density!, this.groups);
    dispatch(pass, this.k.force, this.bg.force!, this.groups);
  }

  /** QEq iterations/residual of the last solve (no throw). */
  async readQeqStatus(): Promise<QeqStatus> {
    const s = new Float32Array(await readBufferBytes(this.gpu!, this.buf.red!, 16 * QEQ_STATE_SLOTS));
    return { iterations: s[6]!, residual: s[8]!, converged: s[9]! === 1 };
  }

  /** Checks the EChemDID network did not overflow its capacity. */
  private async checkNetwork(): Promise<void> {
    if (!this.settings.echemdid) return;
    const counts = new Uint32Array(await readBufferBytes(this.gpu!, this.buf.netCount!, 4 * this.electrode.length));
    for (let i = 0; i < this.electrode.length; i++) {
      if (counts[i]! > NETWORK_CAP) throw new RewireError(`atom ${i + 1}`, `${counts[i]} atoms within the EChemDID cutoff (capacity ${NETWORK_CAP})`, 'check the structure for overlapping atoms or reduce r_c');
    }
  }

  async readExtras(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    const c = this.settings.qeq;
    if (c) {
      const st = await this.readQeqStatus();
      if (!st.converged) {
        throw new RewireError('QEq (webgpu)', `CG did not converge in ${c.maxIter} iterations (relative residual ${st.residual.toExponential(2)} > tol ${c.tol})`, 'raise qeq.maxIter or qeq.tol, or check the structure for overlapping atoms');
      }
      out.qeqIterations = st.iterations;
      out.qeqResidual = st.residual;
    }
    const e = this.settings.echemdid;
    if (e) {
      await this.checkNetwork();
      // Boundary currents of the last sub-step from its input Φ (phiB for even n_elec; for odd n_elec the
      // copy overwrote it and the currents are not reported).
      if (e.nelec % 2 === 1) return { ...out, echemdidJsPlus: NaN, echemdidJsMinus: NaN };
      const dt = new Float32Array(await readBufferBytes(this.gpu!, this.buf.red!, 16 * QEQ_STATE_SLOTS))[12]!;
      const last = new Float32Array(await readBufferBytes(this.gpu!, this.buf.phiB!, 4 * this.electrode.length));
      let jp = 0, jm = 0;
      for (let i = 0; i < this.electrode.length; i++) {
        if (this.electrode[i] === 1) jp += (0.5 * e.volt - last[i]!) / dt;
        else if (this.electrode[i] === -1) jm += (-0.5 * e.volt - last[i]!) / dt;
      }
      out.echemdidJsPlus = jp;
      out.echemdidJsMinus = jm;
    }
    return out;
  }

  async readCharges(): Promise<Float64Array> {
    return readCharges(this.gpu!, this.atoms!);
  }

  /** The Φ buffer the next step starts from (phiA; array<f32> [n], V), for renderers. */
  phiBuffer(): GPUBuffer | null {
    return this.buf.phiA ?? null;
  }

  async readPhi(): Promise<Float64Array> {
    return Float64Array.from(new Float32Array(await readBufferBytes(this.gpu!, this.buf.phiA!, 4 * this.electrode.length)));
  }

  /**
   * Restart state in the CPU potential's layout (phi, q, sHist0..3, tHist0..3; float64 arrays of n),
   * so checkpoints move between backends. Call after bind().
   */
  async saveState(): Promise<Record<string, number[]>> {
    const n = this.electrode.length;
    const hist = new Float32Array(await readBufferBytes(this.gpu!, this.buf.hist!, 32 * n));
    const out: Record<string, number[]> = { phi: Array.from(await this.readPhi()), q: Array.from(await this.readCharges()) };
    for (let k = 0; k < 4; k++) {
      out[`sHist${k}`] = Array.from({ length: n }, (_, i) => hist[4 * i + k]!);
      out[`tHist${k}`] = Array.from({ length: n }, (_, i) => hist[4 * (n + i) + k]!);
    }
    return out;
  }

  /** Writes Φ and the charge histories of saveState() (either backend); charges go with the positions (pos.w). */
  loadState(s: Record<string, number[]>): void {
    const n = this.electrode.length;
    const dev = this.gpu!.device;
    for (const [key, v] of Object.entries(s)) {
      if (Array.isArray(v) && v.length !== n) throw new RewireError(`checkpoint ${key}`, `has ${v.length} entries for ${n} atoms`, 'restore a checkpoint of the same system');
    }
    if (s.phi) {
      const phi = Float32Array.from(s.phi);
      dev.queue.writeBuffer(this.buf.phiA!, 0, phi);
      dev.queue.writeBuffer(this.buf.phiB!, 0, phi);
    }
    if (s.sHist0) {
      const hist = new Float32Array(8 * n);
      for (let k = 0; k < 4; k++) {
        const sk = s[`sHist${k}`], tk = s[`tHist${k}`];
        for (let i = 0; i < n; i++) {
          hist[4 * i + k] = sk ? sk[i]! : 0;
          hist[4 * (n + i) + k] = tk ? tk[i]! : 0;
        }
      }
      dev.queue.writeBuffer(this.buf.hist!, 0, hist);
    }
  }

  /** Per-atom (F', F, S) of the density pass and (bond, vdW, Coulomb, pol) terms, kcal/mol. */
  async readTerms(): Promise<{ embed: Float32Array; terms: Float32Array }> {
    const n = this.electrode.length;
    return {
      embed: new Float32Array(await readBufferBytes(this.gpu!, this.buf.embed!, 16 * n)),
      terms: new Float32Array(await readBufferBytes(this.gpu!, this.buf.terms!, 16 * n)),
    };
  }

  /** New EChemDID voltage: the params uniform (halfVolt) is rewritten; queue order puts it before the next submitted step. */
  setVoltage(volt: number): void {
    this.settings.echemdid = checkedVoltage(this.settings, volt);
    if (this.buf.params) this.gpu!.device.queue.writeBuffer(this.buf.params, 0, packReaxffParams(this.model, this.settings, this.groups, NETWORK_CAP));
  }

  private disposeBuffers(): void {
    for (const b of Object.values(this.buf)) b.destroy();
    this.buf = {};
    this.bg = {};
    this.k = null;
    this.bgStride = -1;
  }

  dispose(): void {
    this.disposeBuffers();
    this.atoms = null;
    this.gpu = null;
  }
}
