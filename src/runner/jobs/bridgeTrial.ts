/**
 * Seed-pool job of `rewire kinetics`: one trajectory of two Ag tips under a bias, stopped at the
 * first bridging contact (analysis/filament.ts `bridged`) or after maxPs. The tips are rebuilt
 * from (base, gap, lattice); `seed` sets the Maxwell–Boltzmann velocities (and the rattle, if any).
 * The engine is the float64 CPU backend, single-threaded: the pool runs one seed per core.
 */
import { buildTips } from '../../system/builders/tips.ts';
import { createEngine } from '../backend.ts';
import { analyzeFilament } from '../../analysis/filament.ts';
import type { SeedOutcome } from '../../analysis/bridgeStats.ts';
import type { PotentialSpec } from '../backend.ts';

export interface BridgeTrialInput {
  potential: 'reaxff' | 'eam';
  /** tip base edge, Å */
  base: number;
  /** apex–apex gap, Å */
  gap: number;
  /** bias, V (lower tip Φ = +V/2, upper tip Φ = −V/2) */
  volt: number;
  seed: number;
  /** K */
  temperature: number;
  /** Å */
  lattice: number;
  /** give up after this much simulated time, ps */
  maxPs: number;
  /** bridge test interval, ps (the resolution of the bridge time) */
  checkPs: number;
}

/**
 * One seed's outcome (SeedOutcome, what the kinetics statistics read: bridged, bridge_ps,
 * simulated_ps, gap atoms by source tip — origin 0 = lower tip, Φ = +V/2, the negatively charged
 * cathode; origin 1 = upper tip, Φ = −V/2, the positively charged anode) plus the run's bookkeeping.
 */
export interface BridgeTrialResult extends SeedOutcome {
  atoms: number;
  cross_section: number;
  wall_s: number;
}

export async function runJob(i: BridgeTrialInput, progress: (p: { step: number; total: number }) => void = () => {}): Promise<BridgeTrialResult> {
  const system = buildTips({ base: i.base, gap: i.gap, lattice: i.lattice, fixedLayers: 1, seed: i.seed });
  const spec: PotentialSpec = i.potential === 'reaxff'
    ? { kind: 'reaxff', echemdid: { volt: i.volt, k: 6, rc: 4, nelec: 10, norm: 'auto' }, qeq: { tol: 1e-6, maxIter: 200 } }
    : { kind: 'eam' };
  const engine = await createEngine(system, spec, 'cpu', undefined, { dt: 1, skin: 1, seed: i.seed, thermostat: { kind: 'nvt', temperature: i.temperature, tdamp: 100, chain: 3 } });
  const maxSteps = Math.round(i.maxPs * 1000), check = Math.max(1, Math.round(i.checkPs * 1000));
  const t0 = performance.now();
  let a = analyzeFilament(system, system.positions);
  let bridgeStep: number | null = null;
  try {
    while (engine.step < maxSteps) {
      await engine.run(Math.min(check, maxSteps - engine.step));
      a = analyzeFilament(system, (await engine.snapshot()).positions);
      progress({ step: engine.step, total: maxSteps });
      if (a.bridged) {
        bridgeStep = engine.step;
        break;
      }
    }
  } finally {
    engine.dispose();
  }
  return {
    atoms: system.n,
    bridged: bridgeStep !== null,
    bridge_ps: bridgeStep === null ? null : bridgeStep / 1000,
    simulated_ps: engine.step / 1000,
    gap_atoms: a.gapAtoms,
    from_lower: a.fromLower,
    from_upper: a.fromUpper,
    cross_section: a.crossSection,
    wall_s: +((performance.now() - t0) / 1000).toFixed(2),
  };
}
