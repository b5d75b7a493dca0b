/**
 * Tips-mode transport of the accurate model per MD snapshot: spd-pbe, bulk-reservoir leads
 * (solver/reservoir.ts), default depth, local charge neutrality included, one thread (the
 * `rewire run` pipeline gives each snapshot to one worker). The snapshot is a real `rewire run`
 * frame (test/fixtures/transport/rewire_run_default_step1000.json); "next" frames are copies with
 * every mobile atom moved by ±0.1 Å (a later snapshot: warm start and the reservoir sums cached).
 *   npx tsx bench/transportTips.ts              (about 5 s)
 *   npx tsx bench/transportTips.ts --spectrum   also the 201-point T(E) over ±1 eV of the single-atom
 *                                               bridge between two (001) pyramids (about 2.5 min):
 *                                               its largest jump between energies 0.01 eV apart
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseSnapshot } from '../src/transport/snapshot.ts';
import { displaced } from './snapshots.ts';
import { snapshotTransmission } from '../src/transport/snapshotTransmission.ts';
import { clearSurfaceCache } from '../src/transport/transmission.ts';
import { clearNeutralityCache, clearWarmStart } from '../src/transport/neutrality.ts';
import { clearReservoirTables, reservoirStats } from '../src/transport/solver/reservoir.ts';
import { pyramidPair } from '../test/transport/targetGeometries.ts';
import { getModel } from '../src/transport/models/registry.ts';

const FIXTURE = fileURLToPath(new URL('../test/fixtures/transport/rewire_run_default_step1000.json', import.meta.url));

export function benchTipsAccurate(model = 'spd-pbe'): Record<string, unknown> {
  const snap = parseSnapshot(readFileSync(FIXTURE, 'utf8'), FIXTURE);
  clearSurfaceCache();
  clearNeutralityCache();
  clearWarmStart();
  clearReservoirTables();
  const rows: Record<string, unknown>[] = [];
  for (const [name, s] of [['cold', snap], ['next_0p1_a', displaced(snap, 0.1, 1)], ['next_0p1_b', displaced(snap, 0.1, 2)]] as const) {
    const t = performance.now(), k0 = reservoirStats.kpoints;
    const r = snapshotTransmission(s, { model, mode: 'tips', kpoints: [1, 1] });
    rows.push({
      snapshot: name, ms: +(performance.now() - t).toFixed(0), T_EF: +r.T[0]!.toFixed(4), tau1: +r.channels[0]![0]!.toFixed(4),
      broydenSteps: (r.info.neutrality as { iterations: number } | undefined)?.iterations ?? 0, reservoirDecimations: reservoirStats.kpoints - k0,
      depth: r.info.depth, deviceAtoms: r.info.deviceAtoms,
    });
  }
  return { note: `${model}, tips mode, bulk-reservoir leads, default depth, neutrality included, 1 thread; a rewire run frame (step 1000) and two ±0.1 Å displaced copies; load average at start ${os.loadavg()[0]!.toFixed(1)}`, rows };
}

/** 201-point T(E), −1 … 1 eV, of one atom between two 7-layer (001) pyramids (the spdPbe.test.ts contact), one thread */
export function benchTipsSpectrum(model = 'spd-pbe'): Record<string, unknown> {
  const m = getModel(model), snap = pyramidPair(m.lattice, 7, 0, { bridge: 1 });
  const E = Array.from({ length: 201 }, (_, i) => +(-1 + 0.01 * i).toFixed(2));
  const t = performance.now();
  const r = snapshotTransmission(snap, { model, mode: 'tips', energies: E });
  const jumps = r.T.slice(1).map((x, i) => Math.abs(x - r.T[i]!)), worst = Math.max(...jumps);
  return {
    note: `${model}, tips mode, one atom between two (001) pyramids, 201 energies, 1 thread; load average at start ${os.loadavg()[0]!.toFixed(1)}`,
    ms: +(performance.now() - t).toFixed(0), T_EF: +r.T[100]!.toFixed(4), maxJumpPer0p01eV: +worst.toFixed(4), atE: E[jumps.indexOf(worst)],
    T: Object.fromEntries(E.filter((_, i) => i % 20 === 0).map((e) => [e, +r.T[E.indexOf(e)]!.toFixed(3)])),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify({ perSnapshot: benchTipsAccurate(), ...(process.argv.includes('--spectrum') ? { spectrum: benchTipsSpectrum() } : {}) }, null, 2));
}
