/**
 * The demo's simulation: composition only. The system, the potentials, the engine and every
 * default come from src/ (the same modules and WGSL as `rewire run`); nothing physical is computed
 * here. Voltage and temperature changes rebuild the engine from its own checkpoint (positions,
 * velocities, thermostat, Φ and charge histories), so the trajectory continues.
 */
import type { GpuContext } from '../src/gpu/device.ts';
import { GpuEngine } from '../src/gpu/engine.ts';
import { ReaxffGpuPotential } from '../src/gpu/reaxff/potential.ts';
import { parseReaxffAg, DEFAULT_FFIELD } from '../src/potentials/reaxff/ffield.ts';
import { optionsFromSpec } from '../src/potentials/reaxff/index.ts';
import { createEngine, type PotentialSpec } from '../src/runner/backend.ts';
import { buildSystemFromConfig, engineOptionsFromConfig, potentialSpecFromConfig } from '../src/runner/fromConfig.ts';
import { defaultRunConfig, ECHEMDID_DEFAULTS, LATTICE_FOR_POTENTIAL, POTENTIAL_DEFAULTS, SYSTEM_DEFAULTS } from '../src/config/defaults.ts';
import type { RunConfig } from '../src/config/types.ts';
import type { System } from '../src/system/types.ts';
import type { ThermoSample } from '../src/md/engine.ts';
import { snapshotFromSystem, tipsOf, type Snapshot } from '../src/transport/snapshot.ts';
import { writeExtXyzFrame } from '../src/io/extxyz.ts';

// Data files as page assets (Vite copies them into the static build).
const FFIELD_URL = new URL('../data/potentials/ffield.reax.2016X19.CHONSiCuAgZn', import.meta.url).href;
const EAM_URL = new URL('../data/potentials/Ag_u3.eam', import.meta.url).href;

export type PotentialKind = 'reaxff' | 'eam';

export interface SimSettings {
  potential: PotentialKind;
  /** nominal tip base edge, Å */
  base: number;
  /** apex-to-apex gap, Å */
  gap: number;
  /** EChemDID voltage, V (ReaxFF only): +V/2 on the lower tip's base, −V/2 on the upper */
  volt: number;
  /** Nosé–Hoover target, K */
  temperature: number;
  seed: number;
}

/**
 * The demo's default: the rewiring run of `rewire run` (branch `rewiring`: REWIRING_DEFAULT in
 * src/config/defaults.ts): ReaxFF + QEq + EChemDID at 8 V, 800 K, 1 fs, on small tips (1.8 nm
 * base, 280 atoms) 5 Å apart, so that rewiring starts within a page visit.
 */
export const DEMO_DEFAULTS: SimSettings = { potential: 'reaxff', base: 18, gap: 5, volt: 8, temperature: 800, seed: 1 };

/** A RunConfig for the settings, from the runner's defaults. */
export function configFor(s: SimSettings): RunConfig {
  const c = defaultRunConfig();
  c.system = { ...SYSTEM_DEFAULTS.tips, base: s.base, gap: s.gap, lattice: LATTICE_FOR_POTENTIAL[s.potential] };
  c.potential = s.potential === 'reaxff' ? { ...POTENTIAL_DEFAULTS.reaxff } : { ...POTENTIAL_DEFAULTS.eam };
  c.echemdid = s.potential === 'reaxff' ? { ...ECHEMDID_DEFAULTS, volt: s.volt } : null;
  c.md.thermostat = { ...c.md.thermostat, temperature: s.temperature };
  c.md.seed = s.seed;
  return c;
}

let ffieldText: Promise<string> | null = null;
function ffield(): Promise<string> {
  ffieldText ??= fetch(FFIELD_URL).then((r) => {
    if (!r.ok) throw new Error(`${DEFAULT_FFIELD}: HTTP ${r.status}`);
    return r.text();
  });
  return ffieldText;
}

async function makeEngine(gpu: GpuContext, system: System, config: RunConfig): Promise<GpuEngine> {
  const spec: PotentialSpec = potentialSpecFromConfig(config);
  const opts = engineOptionsFromConfig(config);
  if (spec.kind === 'eam') return (await createEngine(system, { ...spec, file: EAM_URL }, 'webgpu', gpu, opts)) as GpuEngine;
  // As createGpuPotential (src/runner/backend.ts), with the force field fetched instead of read from disk.
  const pot = new ReaxffGpuPotential(system, parseReaxffAg(await ffield(), DEFAULT_FFIELD), optionsFromSpec(spec));
  return GpuEngine.create(gpu, system, pot, opts);
}

export class DemoSim {
  private constructor(
    readonly gpu: GpuContext,
    readonly settings: SimSettings,
    readonly system: System,
    public engine: GpuEngine,
  ) {}

  static async create(gpu: GpuContext, settings: SimSettings): Promise<DemoSim> {
    const s = { ...settings, volt: settings.potential === 'reaxff' ? settings.volt : 0 };
    const config = configFor(s);
    const system = await buildSystemFromConfig(config);
    return new DemoSim(gpu, s, system, await makeEngine(gpu, system, config));
  }

  get n(): number {
    return this.system.n;
  }
  get dt(): number {
    return this.engine.opts.dt;
  }
  get timeFs(): number {
    return this.engine.step * this.engine.opts.dt;
  }
  get hasVoltage(): boolean {
    return this.settings.potential === 'reaxff';
  }

  run(steps: number): Promise<void> {
    return this.engine.run(steps);
  }

  thermo(): Promise<ThermoSample> {
    return this.engine.thermo();
  }

  /** Continues the trajectory with new voltage and/or temperature (a new engine restored from a checkpoint). */
  async change(p: { volt?: number; temperature?: number }): Promise<void> {
    const next = { ...this.settings, ...p };
    if (!this.hasVoltage) next.volt = 0;
    const ck = await this.engine.checkpoint();
    const engine = await makeEngine(this.gpu, this.system, configFor(next));
    await engine.restore(ck);
    this.engine.dispose();
    this.engine = engine;
    Object.assign(this.settings, next);
  }

  /** Total charge (e) of the atoms that started in each tip; plus = the lower tip, EChemDID group at +V/2. */
  async tipCharges(): Promise<{ plusTip: number; minusTip: number }> {
    const q = (await this.engine.potential.readCharges?.()) ?? new Float64Array(this.n);
    let plusTip = 0, minusTip = 0;
    for (let i = 0; i < this.n; i++) {
      if (this.system.origin[i] === 0) plusTip += q[i]!;
      else minusTip += q[i]!;
    }
    return { plusTip, minusTip };
  }

  /** A transport snapshot of the current state (the runner's format). */
  async snapshot(): Promise<Snapshot> {
    const st = await this.engine.snapshot();
    return snapshotFromSystem(this.system, st.positions, { step: this.engine.step, timeFs: this.timeFs, ...(st.charges ? { charges: st.charges } : {}), ...(st.phi ? { phi: st.phi } : {}) });
  }

  /** The current structure as one extended-XYZ frame (as the runner's trajectory.xyz). */
  async extxyz(): Promise<string> {
    const st = await this.engine.snapshot();
    const sys = this.system;
    return writeExtXyzFrame({
      positions: st.positions, velocities: st.velocities,
      ...(st.charges ? { charges: st.charges } : {}), ...(st.phi ? { phi: st.phi } : {}),
      fixed: sys.fixed, origin: sys.origin, step: this.engine.step, time: this.timeFs, box: sys.box,
      info: { volt: this.settings.volt, temperature_K: this.settings.temperature, potential: this.settings.potential },
    });
  }

  /** Gap box for the view (Å): between the two apex planes, one lattice constant wide. */
  gapBox(): { lo: number[]; hi: number[] } {
    const t = tipsOf(this.system)!;
    const w = t.lattice;
    return {
      lo: [t.baseCenter[0] - w, t.baseCenter[1] - w, Math.min(t.lowerApex[2], t.upperApex[2])],
      hi: [t.baseCenter[0] + w, t.baseCenter[1] + w, Math.max(t.lowerApex[2], t.upperApex[2])],
    };
  }

  dispose(): void {
    this.engine.dispose();
  }
}
