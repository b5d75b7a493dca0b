/**
 * `rewire ensemble config.json --seeds N`: N independent trajectories of one config (seeds 1…N set
 * md.seed, and system.seed for a rattled start), run in parallel worker threads by the shared seed
 * pool (../seedPool.ts). Each seed is a complete `rewire run` in <out>/seed_NNN/; the ensemble's
 * conductance.csv gathers every snapshot's T of every seed, with a seed column, and is rewritten as
 * each seed ends. --resume skips finished seeds and continues a cut-off one from its checkpoint.
 */
import { parseArgs } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RewireError } from '../../core/errors.ts';
import type { CliIo } from '../cli.ts';
import { loadRunConfig, type RunConfig } from '../../config/index.ts';
import { defaultWorkers, runSeedPool, type SeedRecord, type SeedTask } from '../seedPool.ts';
import { readConductanceCsv, type RunSeedInput, type RunSeedResult } from '../jobs/runSeed.ts';
import { defaultRunConfigForCli } from './run.ts';
import { formatDuration } from '../progress.ts';

export const ENSEMBLE_HELP = `Usage: rewire ensemble [config.json] --seeds N [--out DIR] [--resume] [--workers N]

Runs N independent trajectories of one run config (seed s = 1…N sets md.seed, the Maxwell–
Boltzmann velocities, and system.seed, the rattle of a built structure) on all cores, one seed per
worker thread. Seed s is a complete 'rewire run' in DIR/seed_00s/ (thermo.csv, trajectory,
snapshots, conductance.csv, summary.json). The ensemble files, rewritten as each seed ends:
  DIR/conductance.csv   every snapshot of every seed: seed, time_fs, T_EF, channels, gap atoms,
                        cross-section, bridged, … (one data set for statistics of T)
  DIR/ensemble.json     per seed: snapshots, first bridge (fs), max T, wall time
  DIR/seeds.jsonl       the seed pool's record of finished seeds (what --resume skips)
Without a config it uses the default run (configs/rewiring-default.json).

Options:
  --seeds N      number of seeds                                  [required]
  --out DIR      output folder                                    [default runs/ensemble-<time>]
  --resume       continue DIR: finished seeds are kept, a cut-off seed resumes from its checkpoint
  --workers N    parallel seeds                                   [default: all cores]
  --steps N      production steps of every seed (overrides md.steps)
  --backend B    cpu (default here: one single-threaded engine per seed) | webgpu | auto
  -h, --help     this text

Example:
  rewire ensemble configs/rewiring-default.json --seeds 10 --out runs/ens
  rewire ensemble configs/rewiring-default.json --seeds 20 --out runs/ens --resume   # 10 more
`;

export interface EnsembleSeedRow extends RunSeedResult {
  seed: number;
}

/** Seed-pool tasks for seeds 1…n of `config`, each into <dir>/seed_NNN. */
export function ensembleTasks(config: RunConfig, n: number, dir: string): SeedTask<RunSeedInput>[] {
  return Array.from({ length: n }, (_, k) => {
    const seed = k + 1;
    const c: RunConfig = structuredClone(config);
    c.md.seed = seed;
    if (c.system.builder !== 'file') c.system.seed = seed;
    const out = path.resolve(dir, `seed_${String(seed).padStart(3, '0')}`);
    c.output.dir = out;
    return { key: `seed=${seed}`, input: { config: c, out } };
  });
}

/** The ensemble conductance.csv: every seed's rows, seed first. */
export function ensembleConductanceCsv(recs: SeedRecord<RunSeedInput, RunSeedResult>[]): string {
  let header: string | null = null;
  const body: string[] = [];
  for (const r of [...recs].sort((a, b) => a.input.config.md.seed - b.input.config.md.seed)) {
    const f = path.join(r.result.out, 'conductance.csv');
    if (!fs.existsSync(f)) continue;
    const lines = fs.readFileSync(f, 'utf8').trim().split('\n');
    header ??= `seed,${lines[0]}`;
    for (const l of lines.slice(1)) if (l.trim()) body.push(`${r.input.config.md.seed},${l}`);
  }
  return header === null ? 'seed\n' : [header, ...body].join('\n') + '\n';
}

export async function ensembleCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      seeds: { type: 'string' },
      out: { type: 'string' },
      resume: { type: 'boolean' },
      workers: { type: 'string' },
      steps: { type: 'string' },
      backend: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(ENSEMBLE_HELP);
    return 0;
  }
  const log = (m: string) => io.stderr(m + '\n');
  const n = Number(values.seeds);
  if (values.seeds === undefined || !Number.isInteger(n) || n < 1) throw new RewireError('--seeds', values.seeds === undefined ? 'missing' : `must be a positive integer (got ${values.seeds})`, 'e.g. --seeds 10');
  const config = positionals[0] ? loadRunConfig(positionals[0]) : defaultRunConfigForCli();
  config.backend = (values.backend ?? 'cpu') as RunConfig['backend'];
  if (!['auto', 'cpu', 'webgpu'].includes(config.backend)) throw new RewireError('--backend', `unknown backend '${values.backend}'`, 'use cpu, webgpu or auto');
  if (values.steps !== undefined) {
    const s = Number(values.steps);
    if (!Number.isInteger(s) || s <= 0) throw new RewireError('--steps', `must be a positive integer (got ${values.steps})`, 'e.g. --steps 5000');
    config.md.steps = s;
  }
  const dir = path.resolve(values.out ?? `runs/ensemble-${new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`);
  const workers = values.workers === undefined ? defaultWorkers() : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1) throw new RewireError('--workers', `must be a positive integer (got ${values.workers})`, 'e.g. --workers 2');
  const tasks = ensembleTasks(config, n, dir);
  const recs: SeedRecord<RunSeedInput, RunSeedResult>[] = [];
  const write = () => {
    fs.writeFileSync(path.join(dir, 'conductance.csv'), ensembleConductanceCsv(recs));
    const seeds: EnsembleSeedRow[] = recs.map((r) => ({ seed: r.input.config.md.seed, ...r.result })).sort((a, b) => a.seed - b.seed);
    fs.writeFileSync(path.join(dir, 'ensemble.json'), JSON.stringify({ title: config.title, seeds_planned: n, seeds }, null, 2) + '\n');
  };
  log(`rewire ensemble: ${n} seed(s) of "${config.title}", ${Math.min(workers, n)} in parallel → ${dir}`);
  const t0 = performance.now();
  let fresh = 0;
  await runSeedPool<RunSeedInput, RunSeedResult>({
    tasks,
    job: new URL('../jobs/runSeed.ts', import.meta.url),
    workers,
    dir,
    resume: !!values.resume,
    onResult: (rec, cached) => {
      recs.push(rec);
      if (!cached) fresh++;
      write();
      const el = (performance.now() - t0) / 1000, left = n - recs.length;
      const eta = fresh ? formatDuration((el / fresh) * left) : '--:--';
      const r = rec.result;
      log(`${cached ? '(done before) ' : ''}${rec.key}: ${r.snapshots} snapshots, ${r.first_bridge_fs === null ? 'no bridge' : `first bridge at ${r.first_bridge_fs} fs`}, max T = ${r.max_T.toFixed(3)}  [${recs.length}/${n}, ETA ${eta}]`);
    },
  });
  write();
  const bridged = recs.filter((r) => r.result.first_bridge_fs !== null).length;
  const rows = readConductanceCsv(path.join(dir, 'conductance.csv'));
  io.stdout(`\nEnsemble of ${n} seed(s): ${bridged} bridged; ${rows.length} snapshots in ${dir}/conductance.csv (seed column), per-seed folders seed_NNN/\n`);
  return 0;
}
