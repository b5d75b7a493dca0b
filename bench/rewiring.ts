/**
 * bench/rewiring.ts — does the default run show rewiring, and is the bias the cause?
 *
 *   npx tsx bench/rewiring.ts --seeds 10 [--config FILE] [--out DIR] [--resume] [--workers N]
 *
 * Runs the default rewiring config (configs/rewiring-default.json, or --config) for seeds 1…N with
 * the bias on (its echemdid.volt) and off (echemdid.volt = 0: the same ReaxFF + QEq + EChemDID
 * run without a potential difference), every seed a complete `rewire run` with the conductance of
 * every snapshot, on all cores through the seed pool (src/runner/seedPool.ts, resumable). Prints one
 * JSON line per seed {bias, seed, bridged, first_bridge_ps, max_T, bridged_T08} and a closing JSON
 * summary with the goal of issue 7 item 4: with the bias ≥ 8 of 10 seeds bridge and reach T ≥ 0.8,
 * without it ≤ 2 of 10 bridge. Slow (minutes per seed): a benchmark, not a unit test.
 */
import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { loadRunConfig, type RunConfig } from '../src/config/index.ts';
import { defaultRunConfigForCli } from '../src/runner/commands/run.ts';
import { ensembleTasks } from '../src/runner/commands/ensemble.ts';
import { defaultWorkers, runSeedPool, type SeedTask } from '../src/runner/seedPool.ts';
import type { RunSeedInput, RunSeedResult } from '../src/runner/jobs/runSeed.ts';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '10' }, config: { type: 'string' }, out: { type: 'string', default: 'runs/bench-rewiring' }, resume: { type: 'boolean' }, workers: { type: 'string' }, only: { type: 'string' } } });
const n = Number(values.seeds);
const base: RunConfig = values.config ? loadRunConfig(values.config) : defaultRunConfigForCli();
base.backend = 'cpu';
if (!base.echemdid) throw new Error('the config has no echemdid block: nothing to switch off');
const volt = base.echemdid.volt;
const off: RunConfig = structuredClone(base);
off.echemdid!.volt = 0;
const arms = (values.only ?? 'on,off').split(',');
const tasks: SeedTask<RunSeedInput>[] = [];
// interleave on/off so that a partial run has both arms
const on = ensembleTasks(base, n, path.join(values.out!, 'bias-on')), offT = ensembleTasks(off, n, path.join(values.out!, 'bias-off'));
for (let k = 0; k < n; k++) {
  if (arms.includes('on')) tasks.push({ key: `on,${on[k]!.key}`, input: on[k]!.input });
  if (arms.includes('off')) tasks.push({ key: `off,${offT[k]!.key}`, input: offT[k]!.input });
}
const workers = values.workers ? Number(values.workers) : defaultWorkers();
process.stderr.write(`bench/rewiring: ${tasks.length} runs of "${base.title}" (bias ${volt} V on / 0 V off), ${workers} in parallel → ${values.out}\n`);
const rows: Record<string, unknown>[] = [];
const t0 = performance.now();
await runSeedPool<RunSeedInput, RunSeedResult>({
  tasks, job: new URL('../src/runner/jobs/runSeed.ts', import.meta.url), workers, dir: values.out!, resume: !!values.resume,
  onResult: (rec, cached) => {
    const r = rec.result;
    const row = {
      bias: rec.key.startsWith('on') ? 'on' : 'off', volt: rec.input.config.echemdid!.volt, seed: rec.input.config.md.seed,
      bridged: r.first_bridge_fs !== null, first_bridge_ps: r.first_bridge_fs === null ? null : r.first_bridge_fs / 1000,
      max_T: +r.max_T.toFixed(4), bridged_T08: r.first_bridge_fs !== null && r.max_T >= 0.8, snapshots: r.snapshots, wall_s: r.wall_s, cached,
    };
    rows.push(row);
    process.stdout.write(JSON.stringify(row) + '\n');
  },
});
const count = (bias: string, f: (r: Record<string, unknown>) => boolean) => rows.filter((r) => r.bias === bias && f(r)).length;
const nOn = count('on', () => true), nOff = count('off', () => true);
const summary = {
  config: base.title, seeds: n, volt, ps_per_run: (base.md.steps * base.md.dt) / 1000,
  on: { runs: nOn, bridged: count('on', (r) => r.bridged as boolean), bridged_T08: count('on', (r) => r.bridged_T08 as boolean) },
  off: { runs: nOff, bridged: count('off', (r) => r.bridged as boolean) },
  goal: 'bias on: ≥ 80 % of seeds bridge and reach T ≥ 0.8; bias off: ≤ 20 % bridge',
  pass: nOn > 0 && nOff > 0 && count('on', (r) => r.bridged_T08 as boolean) >= 0.8 * nOn && count('off', (r) => r.bridged as boolean) <= 0.2 * nOff,
  wall_s: +((performance.now() - t0) / 1000).toFixed(1),
};
process.stdout.write(JSON.stringify({ summary }) + '\n');
process.exit(0);
