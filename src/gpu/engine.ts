/**
 * The WebGPU MD engine. Many steps are encoded into one compute pass per submission with no
 * per-step readback: thermostat, reductions, neighbour-list rebuild decisions and the non-finite
 * check all stay on the GPU (shaders/md/integrate.wgsl). The host reads a few words per run().
 * Step order and physics are those of the float64 CpuEngine (src/md/cpuEngine.ts).
 * Positions are double-single (hi + lo f32) so the drift keeps ~1e-12 Å resolution.
 */
import { RewireError } from '../core/errors.ts';
import { KB_EV } from '../core/units.ts';
import type { AtomState, EngineCheckpoint, EngineOptions, MDEngine, ThermoSample } from '../md/engine.ts';
import { createNhc, nhcEnergy, type NhcParams } from '../md/nhc.ts';
import { degreesOfFreedom, maxwellBoltzmann } from '../md/velocities.ts';
import type { System } from '../system/types.ts';
import type { GpuContext } from './device.ts';
import type { GpuAtomBuffers, GpuPotential } from './types.ts';
import { createAtomBuffers, destroyAtomBuffers, readBufferBytes, readForces, readPositions, readVelocities, simParamsFor, uploadPositions, uploadVelocities } from './atoms.ts';
import { GpuNeighborList } from './neighborList.ts';
import { INITIAL_STRIDE } from './evaluate.ts';
import { bindKernel, createKernel, dispatch, submitRepeated, type Kernel } from './kernel.ts';
import { registerStruct } from './layout.ts';

const WG = 128;
/** Steps encoded per command buffer (bounded so that one submission stays well under a second on real GPUs). */
const STEPS_PER_SUBMIT = 100;

export const MD_PARAMS = registerStruct('MdParams', [
  { name: 'dt', type: 'f32', doc: 'time step, fs' },
  { name: 'kt', type: 'f32', doc: 'k_B T_target, eV' },
  { name: 'keTarget', type: 'f32', doc: 'N_f k_B T_target, eV' },
  { name: 'dof', type: 'f32', doc: 'degrees of freedom N_f' },
  { name: 'chain', type: 'u32', doc: 'Nosé–Hoover chain length (≤ 3)' },
  { name: 'nvt', type: 'u32', doc: '1 = NVT (Nosé–Hoover chain), 0 = NVE' },
  { name: 'nPartials', type: 'u32', doc: 'number of per-atom (KE, PE) terms to reduce (= n)' },
  { name: 'pad', type: 'u32', doc: '' },
]);

export const MD_STATE = registerStruct('MdState', [
  { name: 'vscale', type: 'f32', doc: 'velocity scale applied by the next integrate_start' },
  { name: 'pending', type: 'f32', doc: 'NHC end-of-step factor not yet applied to vel (host multiplies on readback)' },
  { name: 'keEnd', type: 'f32', doc: 'KE after the last step, eV' },
  { name: 'keHi', type: 'f32', doc: 'KE, double-single high part, eV' },
  { name: 'keLo', type: 'f32', doc: 'KE, low part, eV' },
  { name: 'peHi', type: 'f32', doc: 'PE, double-single high part, eV' },
  { name: 'peLo', type: 'f32', doc: 'PE, low part, eV' },
  { name: 'pad', type: 'f32', doc: '' },
  { name: 'eta', type: 'vec4f', doc: 'chain positions η_k' },
  { name: 'etaDot', type: 'vec4f', doc: 'chain velocities, 1/fs (etaDot[M] = 0)' },
  { name: 'etaDotDot', type: 'vec4f', doc: 'chain accelerations, 1/fs²' },
  { name: 'mass', type: 'vec4f', doc: 'chain masses Q_k, eV fs²' },
]);

interface Kernels { nhcStart: Kernel; start: Kernel; finish: Kernel; nhcEnd: Kernel }

export class GpuEngine implements MDEngine {
  readonly backend = 'webgpu' as const;
  step = 0;
  private nl!: GpuNeighborList;
  private k!: Kernels;
  private bg!: GPUBindGroup;
  private readonly mdParams: GPUBuffer;
  private readonly state: GPUBuffer;
  private readonly partials: GPUBuffer;
  private readonly flags: GPUBuffer;
  private readonly nhcParams: NhcParams;
  private readonly nGroups: number;
  private backups: { src: GPUBuffer; dst: GPUBuffer }[] = [];

  private constructor(readonly gpu: GpuContext, readonly system: System, readonly potential: GpuPotential, readonly opts: EngineOptions, readonly atoms: GpuAtomBuffers) {
    const d = gpu.device;
    if (opts.thermostat.kind === 'nvt' && opts.thermostat.chain > 3) {
      throw new RewireError('md.thermostat.chain', `the WebGPU engine supports Nosé–Hoover chains of length ≤ 3 (got ${opts.thermostat.chain})`, 'use chain 3 (the LAMMPS default) or --backend cpu');
    }
    this.nGroups = Math.ceil(system.n / WG);
    this.nhcParams = { temperature: opts.thermostat.temperature, tdamp: opts.thermostat.tdamp, dof: degreesOfFreedom(system.fixed), chain: opts.thermostat.chain };
    const st = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    this.mdParams = d.createBuffer({ label: 'md.params', size: MD_PARAMS.size, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.state = d.createBuffer({ label: 'md.state', size: MD_STATE.size, usage: st });
    this.partials = d.createBuffer({ label: 'md.partials', size: 16 * system.n, usage: st });
    this.flags = d.createBuffer({ label: 'md.flags', size: 16, usage: st });
  }

  static async create(gpu: GpuContext, system: System, potential: GpuPotential, opts: EngineOptions): Promise<GpuEngine> {
    const params = simParamsFor(system, potential.cutoff, opts.skin, opts.dt, INITIAL_STRIDE);
    const atoms = createAtomBuffers(gpu, system, INITIAL_STRIDE, params);
    const eng = new GpuEngine(gpu, system, potential, opts, atoms);
    eng.nl = await GpuNeighborList.create(gpu, atoms, params);
    const path = 'md/integrate.wgsl';
    const kinds = ['uniform', 'uniform', 'storage', 'storage', 'storage', 'storage', 'read-only-storage', 'storage', 'storage'] as const;
    const c = { WG };
    eng.k = {
      nhcStart: await createKernel(gpu, path, 'nhc_start', [...kinds], c),
      start: await createKernel(gpu, path, 'integrate_start', [...kinds], c),
      finish: await createKernel(gpu, path, 'integrate_finish', [...kinds], c),
      nhcEnd: await createKernel(gpu, path, 'nhc_end', [...kinds], c),
    };
    const v = system.velocities ?? maxwellBoltzmann(system.masses, system.fixed, opts.initialTemperature ?? opts.thermostat.temperature, opts.seed);
    uploadVelocities(gpu, atoms, v, system.masses, system.fixed);
    eng.writeChain(createNhc(eng.nhcParams));
    await eng.settle();
    return eng;
  }

  private bindAll(): void {
    const a = this.atoms;
    this.bg = bindKernel(this.gpu, this.k.start, [a.sim, this.mdParams, this.state, a.pos, a.posLo, a.vel, a.force, this.partials, this.flags]);
    this.backups.forEach((b) => b.dst.destroy());
    this.backups = [a.pos, a.posLo, a.vel, a.force, this.state].map((src) => ({ src, dst: this.gpu.device.createBuffer({ label: `backup.${src.label}`, size: src.size, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST }) }));
  }

  private writeMdParams(dt: number, nvt: boolean): void {
    const b = new ArrayBuffer(MD_PARAMS.size);
    const f = new Float32Array(b), u = new Uint32Array(b);
    const o = (k: string) => MD_PARAMS.offsets[k]! / 4;
    const kt = KB_EV * this.nhcParams.temperature;
    f[o('dt')] = dt;
    f[o('kt')] = kt;
    f[o('keTarget')] = this.nhcParams.dof * kt;
    f[o('dof')] = this.nhcParams.dof;
    u[o('chain')] = this.nhcParams.chain;
    u[o('nvt')] = nvt ? 1 : 0;
    u[o('nPartials')] = this.system.n;
    this.gpu.device.queue.writeBuffer(this.mdParams, 0, b);
  }

  private writeChain(c: { eta: ArrayLike<number>; etaDot: ArrayLike<number>; etaDotDot: ArrayLike<number>; mass: ArrayLike<number> }): void {
    const b = new ArrayBuffer(MD_STATE.size);
    const f = new Float32Array(b);
    const o = (k: string) => MD_STATE.offsets[k]! / 4;
    f[o('vscale')] = 1;
    f[o('pending')] = 1;
    for (let k = 0; k < 4; k++) {
      f[o('eta') + k] = c.eta[k] ?? 0;
      f[o('etaDot') + k] = c.etaDot[k] ?? 0;
      f[o('etaDotDot') + k] = c.etaDotDot[k] ?? 0;
      f[o('mass') + k] = c.mass[k] ?? 1;
    }
    this.gpu.device.queue.writeBuffer(this.state, 0, b);
  }

  /** (Re)builds the list, binds the potential and evaluates forces + KE/PE at the current state (no time advance). */
  private async settle(): Promise<void> {
    await this.nl.buildNow();
    await this.potential.bind(this.gpu, this.atoms);
    this.bindAll();
    this.gpu.device.queue.writeBuffer(this.flags, 0, new Uint32Array([0, 0xffffffff, 0, 0]));
    this.writeMdParams(0, false); // dt = 0: the finish kernel only reduces KE and PE
    const enc = this.gpu.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    this.potential.encodeForces(pass);
    dispatch(pass, this.k.finish, this.bg, this.nGroups);
    dispatch(pass, this.k.nhcEnd, this.bg, 1);
    pass.end();
    this.gpu.device.queue.submit([enc.finish()]);
    this.writeMdParams(this.opts.dt, this.opts.thermostat.kind === 'nvt');
    await this.checkFlags(0);
  }

  /** Encodes one MD step into an open pass. */
  private encodeStep(pass: GPUComputePassEncoder): void {
    dispatch(pass, this.k.nhcStart, this.bg, 1);
    dispatch(pass, this.k.start, this.bg, this.nGroups);
    this.nl.encodeRebuildIfNeeded(pass);
    this.potential.encodePreForce?.(pass);
    this.potential.encodeForces(pass);
    dispatch(pass, this.k.finish, this.bg, this.nGroups);
    dispatch(pass, this.k.nhcEnd, this.bg, 1);
  }

  async run(nSteps: number): Promise<void> {
    const d = this.gpu.device;
    for (;;) {
      // GPU-side backup of the state, for a re-run if the neighbour list overflows.
      const enc0 = d.createCommandEncoder();
      for (const b of this.backups) enc0.copyBufferToBuffer(b.src, 0, b.dst, 0, b.src.size);
      d.queue.submit([enc0.finish()]);
      submitRepeated(this.gpu, nSteps, STEPS_PER_SUBMIT, (pass) => this.encodeStep(pass));
      const st = await this.nl.checkStatus();
      if (!st.overflow) break;
      // Some atom had more neighbours than the list holds: grow, restore, run the batch again.
      const enc1 = d.createCommandEncoder();
      for (const b of this.backups) enc1.copyBufferToBuffer(b.dst, 0, b.src, 0, b.src.size);
      d.queue.submit([enc1.finish()]);
      await this.nl.regrow();
      await this.potential.bind(this.gpu, this.atoms);
      this.bindAll();
    }
    await this.checkFlags(nSteps);
    this.step += nSteps;
  }

  private async checkFlags(nSteps: number): Promise<void> {
    const f = new Uint32Array(await readBufferBytes(this.gpu, this.flags, 8));
    if (f[0]! & 1) {
      throw new RewireError(nSteps ? `steps ${this.step + 1}–${this.step + nSteps}` : `step ${this.step}`, `atom ${f[1]! + 1} has a non-finite velocity or force (the simulation blew up)`, 'use a smaller md.dt, check the structure for overlapping atoms, or lower the temperature');
    }
  }

  private async readState(): Promise<Record<string, number | number[]>> {
    const f = new Float32Array(await readBufferBytes(this.gpu, this.state, MD_STATE.size));
    const out: Record<string, number | number[]> = {};
    for (const fl of MD_STATE.fields) {
      const o = MD_STATE.offsets[fl.name]! / 4;
      out[fl.name] = fl.type === 'vec4f' ? Array.from(f.subarray(o, o + 4)) : f[o]!;
    }
    return out;
  }

  async thermo(): Promise<ThermoSample> {
    const s = await this.readState();
    const ke = (s.keHi as number) + (s.keLo as number);
    const pe = (s.peHi as number) + (s.peLo as number);
    const nvt = this.opts.thermostat.kind === 'nvt';
    const chain = { eta: Float64Array.from(s.eta as number[]), etaDot: Float64Array.from(s.etaDot as number[]), etaDotDot: Float64Array.from(s.etaDotDot as number[]), mass: Float64Array.from(s.mass as number[]) };
    const extra: Record<string, number> = { ...((await this.potential.readExtras?.()) ?? {}), neighborRebuilds: (await this.nl.checkStatus()).rebuilds };
    return {
      step: this.step,
      time: this.step * this.opts.dt,
      temperature: (2 * ke) / (this.nhcParams.dof * KB_EV),
      potential: pe,
      kinetic: ke,
      total: pe + ke,
      conserved: pe + ke + (nvt ? nhcEnergy(chain, this.nhcParams) : 0),
      extra,
    };
  }

  /** True velocities: the stored ones times the pending NHC end-of-step factor. */
  private async velocities(): Promise<Float64Array> {
    const v = await readVelocities(this.gpu, this.atoms);
    const pending = (await this.readState()).pending as number;
    if (pending !== 1) for (let k = 0; k < v.length; k++) v[k] = v[k]! * pending;
    return v;
  }

  async snapshot(): Promise<AtomState> {
    const { forces, atomEnergies } = await readForces(this.gpu, this.atoms);
    const q = await this.potential.readCharges?.();
    const phi = await this.potential.readPhi?.();
    return {
      positions: await readPositions(this.gpu, this.atoms),
      velocities: await this.velocities(),
      forces,
      atomEnergies,
      ...(q ? { charges: q } : {}),
      ...(phi ? { phi } : {}),
    };
  }

  /**
   * The live GPU buffers a renderer may bind read-only (no copy): pos = array<vec4f> [n] (xyz Å, w = q e),
   * phi = array<f32> [n] (V) or null. Valid until dispose(); fetch again after a restore.
   */
  renderBuffers(): { n: number; pos: GPUBuffer; phi: GPUBuffer | null } {
    return { n: this.system.n, pos: this.atoms.pos, phi: this.potential.phiBuffer?.() ?? null };
  }

  async checkpoint(): Promise<EngineCheckpoint> {
    const s = await this.readState();
    const pot = this.potential as GpuPotential & { saveState?: () => Promise<Record<string, number[]>> };
    return {
      step: this.step,
      positions: await readPositions(this.gpu, this.atoms),
      velocities: await this.velocities(),
      state: { nhcEta: s.eta as number[], nhcEtaDot: s.etaDot as number[], nhcEtaDotDot: s.etaDotDot as number[], ...((await pot.saveState?.()) ?? {}) },
    };
  }

  async restore(c: EngineCheckpoint): Promise<void> {
    if (c.positions.length !== 3 * this.system.n) throw new RewireError('checkpoint', `has ${c.positions.length / 3} atoms, the system has ${this.system.n}`, 'resume with the config the checkpoint was written with');
    this.step = c.step;
    const pot = this.potential as GpuPotential & { loadState?: (s: Record<string, number[]>) => void };
    // The thermostat's entries are the engine's; the potential gets only its own (per-atom) state.
    const { nhcEta: _e, nhcEtaDot: _ed, nhcEtaDotDot: _edd, nhcKe2: _k2, ...potState } = c.state; // nhcKe2: the CPU engine's thermostat KE
    pot.loadState?.(potState);
    uploadPositions(this.gpu, this.atoms, c.positions, c.state.q ? Float64Array.from(c.state.q) : this.system.charges);
    uploadVelocities(this.gpu, this.atoms, c.velocities, this.system.masses, this.system.fixed);
    const nhc = createNhc(this.nhcParams);
    if (c.state.nhcEta) { nhc.eta.set(c.state.nhcEta.slice(0, this.nhcParams.chain)); nhc.etaDot.set(c.state.nhcEtaDot!.slice(0, this.nhcParams.chain + 1)); nhc.etaDotDot.set(c.state.nhcEtaDotDot!.slice(0, this.nhcParams.chain)); }
    this.writeChain(nhc);
    await this.settle();
  }

  /**
   * Per-stage GPU time (ms per step) from timestamp queries, one pass per stage (a profiling
   * layout, slower than run()). Returns null when the adapter has no timestamp queries.
   */
  async profile(nSteps = 10): Promise<Record<string, number> | null> {
    if (!this.gpu.hasTimestamps) return null;
    const stages: [string, (p: GPUComputePassEncoder) => void][] = [
      ['nhc_start', (p) => dispatch(p, this.k.nhcStart, this.bg, 1)],
      ['integrate_start', (p) => dispatch(p, this.k.start, this.bg, this.nGroups)],
      ['neighbor_check_rebuild', (p) => this.nl.encodeRebuildIfNeeded(p)],
      ['pre_force', (p) => this.potential.encodePreForce?.(p)],
      ['forces', (p) => this.potential.encodeForces(p)],
      ['integrate_finish', (p) => dispatch(p, this.k.finish, this.bg, this.nGroups)],
      ['nhc_end', (p) => dispatch(p, this.k.nhcEnd, this.bg, 1)],
    ];
    const d = this.gpu.device;
    const count = 2 * stages.length * nSteps;
    const qs = d.createQuerySet({ type: 'timestamp', count });
    const res = d.createBuffer({ size: 8 * count, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    const enc = d.createCommandEncoder();
    let q = 0;
    for (let s = 0; s < nSteps; s++) {
      for (const [, fn] of stages) {
        const pass = enc.beginComputePass({ timestampWrites: { querySet: qs, beginningOfPassWriteIndex: q, endOfPassWriteIndex: q + 1 } });
        fn(pass);
        pass.end();
        q += 2;
      }
    }
    enc.resolveQuerySet(qs, 0, count, res, 0);
    d.queue.submit([enc.finish()]);
    const t = new BigUint64Array(await readBufferBytes(this.gpu, res, 8 * count));
    this.step += nSteps;
    const out: Record<string, number> = {};
    stages.forEach(([name], k) => {
      let sum = 0;
      for (let s = 0; s < nSteps; s++) {
        const i = 2 * (s * stages.length + k);
        sum += Number(t[i + 1]! - t[i]!);
      }
      out[name] = sum / nSteps / 1e6;
    });
    qs.destroy();
    res.destroy();
    return out;
  }

  setVoltage(volt: number): void {
    if (!this.potential.setVoltage) throw new RewireError('setVoltage', `the ${this.potential.name} potential has no applied voltage`, 'use the ReaxFF potential (QEq + EChemDID)');
    this.potential.setVoltage(volt);
  }

  dispose(): void {
    this.potential.dispose();
    this.nl.dispose();
    destroyAtomBuffers(this.atoms);
    for (const b of [this.mdParams, this.state, this.partials, this.flags, ...this.backups.map((x) => x.dst)]) b.destroy();
  }
}
