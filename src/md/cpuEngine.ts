/**
 * The float64 reference engine (`--backend cpu`). Same step order as the GPU engine and LAMMPS
 * (md-physics.md §3.5, §6):
 *   NHC half-step → v += ½dt F/m → x += dt v → [rebuild list if an atom moved > skin/2]
 *   → potential.preForce (EChemDID, QEq) → forces → v += ½dt F/m → NHC half-step.
 * The per-atom updates run as pool passes (integrate.ts), so results do not depend on --threads.
 * Fewer barriers per step: the closing NHC scaling v ← s₂·v is applied by the next step's
 * kick-drift pass (v ← (s₂v)·s₁ + ½dt F/m; by a scale pass after a run's last step, which gives
 * the same bits), its kinetic energy taken as s₂²·KE as LAMMPS fix_nh does (t_current *=
 * factor²); the second half-kick runs fused into the potential's last per-atom pass when it
 * offers that (ComputeOptions.tail). So run(a) + run(b) is bit-identical to run(a + b).
 * Units: Å, eV, fs, amu; a = F/m · FTM2V. Fixed atoms never move and carry no degrees of freedom.
 */
import { RewireError } from '../core/errors.ts';
import { FTM2V, MVV2E } from '../core/units.ts';
import { buildNeighborListPool } from '../neighbor/parallel.ts';
import { createPool, chunksOf, maxChunks, sumChunks, type PassTail, type Pool } from '../parallel/index.ts';
import './integrate.ts';
import type { MdCtx } from './integrate.ts';
import type { ComputeOptions, CpuPotential, NeighborList } from '../potentials/types.ts';
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
  private readonly invMass: Float64Array;
  private readonly nhcParams: NhcParams;
  private nhc: NhcState;
  private rebuilds = 0;
  /**
   * NVT: 2·KE (eV) of the current velocities as the thermostat carries it from step to step
   * (s₂²·KE after each closing half-step, as LAMMPS fix_nh); kept across run() calls so that
   * splitting a run changes no bit; undefined = measure it (start, restore without it).
   */
  private ke2Carry: number | undefined;
  private running = false;
  /** SPMD pool of the neighbour list, the potential and the integrator passes (shared memory when threads > 1). */
  private pool!: Pool;
  /** integrator passes (integrate.ts): context and its pool slot */
  private md!: MdCtx;
  private mdSlot = -1;

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
    const P = (eng.pool = await createPool(opts.threads));
    const inPool = (a: Float64Array) => { const b = P.f64(a.length); b.set(a); return b; };
    eng.x = inPool(eng.x);
    eng.v = inPool(eng.v);
    eng.f = inPool(eng.f);
    eng.e = inPool(eng.e);
    const n = system.n;
    const km = P.f64(n);
    for (let i = 0; i < n; i++) km[i] = system.fixed[i] ? 0 : system.masses[i]!;
    eng.md = { x: eng.x, v: eng.v, f: eng.f, im: inPool(eng.invMass), km, ref: P.f64(3 * n), sc: P.f64(4), red: P.f64(2 * chunksOf(n) + 2) };
    eng.md.sc[1] = opts.dt;
    eng.md.sc[2] = 0.5 * opts.dt;
    eng.mdSlot = P.bind(eng.md);
    potential.usePool?.(eng.pool);
    eng.rebuild();
    eng.computeForces(false, 0); // right after the build: no atom has moved
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
    // the old list's arrays are reused (potentials key what they derive from a list on the list object)
    const old = this.nl;
    this.nl = buildNeighborListPool(this.pool, this.x, this.system.n, this.system.box, this.potential.cutoff + this.opts.skin, old?.stride ?? 64, { half: this.potential.halfList === true, ...(old ? { reuse: old } : {}) });
    this.md.ref.set(this.x);
    this.rebuilds++;
  }

  /**
   * Forces at the current positions. In a step: `maxDisp2` = the largest squared displacement
   * since the list was built, and `tail` = the second half-kick to fuse; returns whether it ran.
   */
  private computeForces(withPreForce: boolean, maxDisp2?: number, tail?: PassTail): boolean {
    if (withPreForce) this.potential.preForce?.(this.x, this.system.box, this.nl, this.opts.dt);
    const opts: ComputeOptions | undefined = maxDisp2 === undefined ? undefined : { maxDisplacement2: maxDisp2, ...(tail ? { tail } : {}) };
    const r = this.potential.compute(this.x, this.system.box, this.nl, this.f, this.e, opts);
    this.pe = r.energy;
    this.terms = r.terms;
    if (!Number.isFinite(this.pe)) this.failNonFinite();
    return r.tailRan === true;
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

  /** Σ m|v|²·MVV2E of the mobile atoms from the last kick/scale pass's chunk sums (= 2·KE, eV). */
  private ke2FromPass(): number {
    return 2 * (0.5 * sumChunks(this.md.red, chunksOf(this.system.n), 2, 1) * MVV2E);
  }

  async run(nSteps: number): Promise<void> {
    const { dt, skin } = this.opts;
    const nvt = this.opts.thermostat.kind === 'nvt';
    const n = this.system.n, P = this.pool, slot = this.mdSlot, sc = this.md.sc, nc = chunksOf(n);
    const lim2 = 0.25 * skin * skin;
    this.running = true;
    const kick: PassTail = { name: 'md.kick', slot };
    // 2·KE of the current velocities: carried from the last run, else measured (the scale pass
    // with s = 1 leaves them as they are)
    let ke2 = this.ke2Carry ?? 0;
    if (nvt && this.ke2Carry === undefined) {
      sc[0] = 1;
      P.run('md.scale', slot, n);
      ke2 = this.ke2FromPass();
    }
    // s₂: the last NHC half-step's velocity factor, not yet applied to v
    let s2 = 1;
    for (let s = 0; s < nSteps; s++) {
      // NHC half-step → v ← (s₂v)·s₁, v += ½dt F/m, x += dt v, and the largest displacement since the build
      sc[0] = s2;
      sc[3] = nvt ? nhcHalfStep(this.nhc, this.nhcParams, ke2, dt) : 1;
      P.run('md.kickDrift', slot, n);
      // LAMMPS rebuild criterion (neigh_modify check yes): some atom moved more than skin/2
      let d2 = n > 0 ? maxChunks(this.md.red, nc, 2, 0) : 0;
      if (d2 > lim2) {
        this.rebuild();
        d2 = 0;
      }
      // forces, then v += ½dt F/m (fused into the potential's last pass when it can)
      if (!this.computeForces(true, d2, kick)) P.run('md.kick', slot, n);
      if (nvt) {
        const k2 = this.ke2FromPass();
        s2 = nhcHalfStep(this.nhc, this.nhcParams, k2, dt);
        ke2 = s2 * s2 * k2; // 2·KE of s₂·v (LAMMPS fix_nh: t_current *= factor²)
      }
      this.step++;
    }
    if (s2 !== 1) {
      sc[0] = s2;
      P.run('md.scale', slot, n);
    }
    if (nvt && nSteps > 0) this.ke2Carry = ke2;
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
        ...(this.ke2Carry !== undefined ? { nhcKe2: [this.ke2Carry] } : {}),
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
    this.ke2Carry = s.nhcKe2?.[0];
    this.potential.loadState?.(s);
    this.nl = undefined as unknown as NeighborList;
    this.rebuild();
    this.computeForces(false, 0); // right after the build: no atom has moved
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
    if (this.mdSlot >= 0) this.pool.release(this.mdSlot);
    this.mdSlot = -1;
    this.pool.dispose();
  }
}
