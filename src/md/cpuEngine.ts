/**
 * The float64 reference engine (`--backend cpu`). Same step order as the GPU engine and LAMMPS
 * (md-physics.md §3.5, §6):
 *   NHC half-step → v += ½dt F/m → x += dt v → [rebuild list if an atom moved > skin/2]
 *   → potential.preForce (EChemDID, QEq) → forces → v += ½dt F/m → NHC half-step.
 * Units: Å, eV, fs, amu; a = F/m · FTM2V. Fixed atoms never move and carry no degrees of freedom.
 */
import { RewireError } from '../core/errors.ts';
import { FTM2V } from '../core/units.ts';
import { maxDisplacementExceeded } from '../neighbor/cellList.ts';
import { buildNeighborListPool } from '../neighbor/parallel.ts';
import { createPool, type Pool } from '../parallel/index.ts';
import type { CpuPotential, NeighborList } from '../potentials/types.ts';
import type { System } from '../system/types.ts';
import type { AtomState, EngineCheckpoint, EngineOptions, MDEngine, ThermoSample } from './engine.ts';
import { createNhc, nhcEnergy, nhcHalfStep, type NhcParams, type NhcState } from './nhc.ts';
import { degreesOfFreedom, kineticEnergy, maxwellBoltzmann, temperatureOf } from './velocities.ts';

export class CpuEngine implements MDEngine {
  readonly backend = 'cpu' as const;
  step = 0;
  private x: Float64Array;
  private v: Float64Array;
  private f: Float64Array;
  private e: Float64Array;
  private pe = 0;
  private terms: Record<string, number> | undefined;
  private nl!: NeighborList;
  private ref!: Float64Array;
  private readonly invMass: Float64Array;
  private readonly nhcParams: NhcParams;
  private nhc: NhcState;
  private rebuilds = 0;
  private running = false;
  /** SPMD pool of the neighbour list and the potential passes (shared memory when threads > 1). */
  private pool!: Pool;

  private constructor(readonly system: System, readonly potential: CpuPotential, readonly opts: EngineOptions) {
    const n = system.n;
    this.x = Float64Array.from(system.positions);
    const t0 = opts.initialTemperature ?? opts.thermostat.temperature;
    this.v = system.velocities ? Float64Array.from(system.velocities) : maxwellBoltzmann(system.masses, system.fixed, t0, opts.seed);
    this.f = new Float64Array(3 * n);
    this.e = new Float64Array(n);
    this.invMass = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (!(system.masses[i]! > 0)) throw new RewireError(`atom ${i + 1}`, `mass ${system.masses[i]} is not positive`, 'give every atom type a mass (LAMMPS data Masses section)');
      this.invMass[i] = system.fixed[i] ? 0 : FTM2V / system.masses[i]!;
      if (system.fixed[i]) this.v[3 * i] = this.v[3 * i + 1] = this.v[3 * i + 2] = 0;
    }
    this.nhcParams = { temperature: opts.thermostat.temperature, tdamp: opts.thermostat.tdamp, dof: degreesOfFreedom(system.fixed), chain: opts.thermostat.chain };
    this.nhc = createNhc(this.nhcParams);
  }

  static async create(system: System, potential: CpuPotential, opts: EngineOptions): Promise<CpuEngine> {
    const eng = new CpuEngine(system, potential, opts);
    eng.pool = await createPool(opts.threads);
    const x = eng.pool.f64(eng.x.length);
    x.set(eng.x);
    eng.x = x;
    potential.usePool?.(eng.pool);
    eng.rebuild();
    eng.computeForces(false);
    return eng;
  }

  private wrap(): void {
    const { lo, hi, periodic } = this.system.box;
    for (let d = 0; d < 3; d++) {
      if (!periodic[d]) continue;
      const L = hi[d] - lo[d];
      for (let i = d; i < this.x.length; i += 3) {
        const u = this.x[i]! - lo[d];
        if (u < 0 || u >= L) this.x[i] = this.x[i]! - L * Math.floor(u / L);
      }
    }
  }

  private rebuild(): void {
    this.wrap();
    this.nl = buildNeighborListPool(this.pool, this.x, this.system.n, this.system.box, this.potential.cutoff + this.opts.skin, this.nl?.stride ?? 64);
    this.ref = Float64Array.from(this.x);
    this.rebuilds++;
  }

  private computeForces(withPreForce: boolean): void {
    if (withPreForce) this.potential.preForce?.(this.x, this.system.box, this.nl, this.opts.dt);
    const r = this.potential.compute(this.x, this.system.box, this.nl, this.f, this.e);
    this.pe = r.energy;
    this.terms = r.terms;
    if (!Number.isFinite(this.pe)) this.failNonFinite();
  }

  private failNonFinite(): never {
    const step = this.running ? this.step + 1 : this.step;
    for (let i = 0; i < this.system.n; i++) {
      for (let d = 0; d < 3; d++) {
        if (!Number.isFinite(this.x[3 * i + d]!) || !Number.isFinite(this.f[3 * i + d]!)) {
          throw new RewireError(`step ${step}`, `atom ${i + 1} has a non-finite ${Number.isFinite(this.x[3 * i + d]!) ? 'force' : 'position'} (the simulation blew up)`, 'use a smaller md.dt, check the structure for overlapping atoms, or lower the temperature');
        }
      }
    }
    throw new RewireError(`step ${step}`, `the potential energy is ${this.pe}`, 'use a smaller md.dt or check the structure for overlapping atoms');
  }

  private ke2(): number {
    return 2 * kineticEnergy(this.v, this.system.masses, this.system.fixed);
  }

  private scaleVelocities(s: number): void {
    for (let k = 0; k < this.v.length; k++) this.v[k] = this.v[k]! * s;
  }

  async run(nSteps: number): Promise<void> {
    const { dt } = this.opts;
    const nvt = this.opts.thermostat.kind === 'nvt';
    const n = this.system.n, x = this.x, v = this.v, f = this.f, im = this.invMass;
    const hdt = 0.5 * dt;
    this.running = true;
    for (let s = 0; s < nSteps; s++) {
      if (nvt) this.scaleVelocities(nhcHalfStep(this.nhc, this.nhcParams, this.ke2(), dt));
      for (let i = 0; i < n; i++) {
        const a = hdt * im[i]!;
        if (a === 0) continue;
        const k = 3 * i;
        v[k] = v[k]! + a * f[k]!; v[k + 1] = v[k + 1]! + a * f[k + 1]!; v[k + 2] = v[k + 2]! + a * f[k + 2]!;
        x[k] = x[k]! + dt * v[k]!; x[k + 1] = x[k + 1]! + dt * v[k + 1]!; x[k + 2] = x[k + 2]! + dt * v[k + 2]!;
      }
      if (maxDisplacementExceeded(x, this.ref, this.opts.skin)) this.rebuild();
      this.computeForces(true);
      for (let i = 0; i < n; i++) {
        const a = hdt * im[i]!;
        if (a === 0) continue;
        const k = 3 * i;
        v[k] = v[k]! + a * f[k]!; v[k + 1] = v[k + 1]! + a * f[k + 1]!; v[k + 2] = v[k + 2]! + a * f[k + 2]!;
      }
      if (nvt) this.scaleVelocities(nhcHalfStep(this.nhc, this.nhcParams, this.ke2(), dt));
      this.step++;
    }
    this.running = false;
  }

  async thermo(): Promise<ThermoSample> {
    const ke = 0.5 * this.ke2();
    const nvt = this.opts.thermostat.kind === 'nvt';
    const extra: Record<string, number> = { ...(this.potential.extras?.() ?? {}), neighborRebuilds: this.rebuilds };
    for (const [k, val] of Object.entries(this.terms ?? {})) extra[`E_${k}`] = val;
    return {
      step: this.step,
      time: this.step * this.opts.dt,
      temperature: temperatureOf(ke, this.nhcParams.dof),
      potential: this.pe,
      kinetic: ke,
      total: this.pe + ke,
      conserved: this.pe + ke + (nvt ? nhcEnergy(this.nhc, this.nhcParams) : 0),
      extra,
    };
  }

  async snapshot(): Promise<AtomState> {
    const q = this.potential.charges?.(), phi = this.potential.phi?.();
    return {
      positions: Float64Array.from(this.x),
      velocities: Float64Array.from(this.v),
      forces: Float64Array.from(this.f),
      atomEnergies: Float64Array.from(this.e),
      ...(q ? { charges: Float64Array.from(q) } : {}),
      ...(phi ? { phi: Float64Array.from(phi) } : {}),
    };
  }

  async checkpoint(): Promise<EngineCheckpoint> {
    return {
      step: this.step,
      positions: Float64Array.from(this.x),
      velocities: Float64Array.from(this.v),
      state: {
        nhcEta: Array.from(this.nhc.eta), nhcEtaDot: Array.from(this.nhc.etaDot), nhcEtaDotDot: Array.from(this.nhc.etaDotDot),
        ...(this.potential.saveState?.() ?? {}),
      },
    };
  }

  async restore(c: EngineCheckpoint): Promise<void> {
    if (c.positions.length !== this.x.length) throw new RewireError('checkpoint', `has ${c.positions.length / 3} atoms, the system has ${this.system.n}`, 'resume with the config the checkpoint was written with');
    this.step = c.step;
    this.x.set(c.positions);
    this.v.set(c.velocities);
    const s = c.state;
    if (s.nhcEta) { this.nhc.eta.set(s.nhcEta); this.nhc.etaDot.set(s.nhcEtaDot!); this.nhc.etaDotDot.set(s.nhcEtaDotDot!); }
    this.potential.loadState?.(s);
    this.nl = undefined as unknown as NeighborList;
    this.rebuild();
    this.computeForces(false);
  }

  setVoltage(volt: number): void {
    if (!this.potential.setVoltage) throw new RewireError('setVoltage', `the ${this.potential.name} potential has no applied voltage`, 'use the ReaxFF potential (QEq + EChemDID)');
    this.potential.setVoltage(volt);
  }

  /** Threads of the pool (1 = serial). */
  get threads(): number {
    return this.pool.threads;
  }

  dispose(): void {
    this.pool.dispose();
  }
}
