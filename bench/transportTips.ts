/**
 * Tips-mode transport of the accurate model per MD snapshot: spd-pbe, bulk-reservoir leads
 * (solver/reservoir.ts), default depth, local charge neutrality included, one thread (the
 * `rewire run` pipeline gives each snapshot to one worker). The snapshot is a real `rewire run`
 * frame (test/fixtures/transport/rewire_run_default_step1000.json); "next" frames are copies with
 * every mobile atom moved by ±0.1 Å (a later snapshot: warm start and the reservoir sums cached).
 *   npx tsx bench/transportTips.ts      (about 15 s)
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

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(benchTipsAccurate(), null, 2));
