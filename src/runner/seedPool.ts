/**
 * A pool of independent seeds (trajectories) for `rewire kinetics`, `rewire ensemble` and
 * bench/rewiring.ts: every task is one seed, run by a job module (`export async function
 * runJob(input, progress)`) in its own worker thread, at most `workers` at once (default: all
 * cores). Each seed's engine is single-threaded, so N workers use N cores.
 *
 * Results are written incrementally to `<dir>/seeds.jsonl`, one line {key, input, result} per
 * finished seed (appended and flushed as soon as the seed ends, so a killed run loses only the
 * seeds in flight). With `resume`, finished keys are read back and skipped; a line whose input
 * differs from the task with the same key is an error (the parameters changed: use a new folder).
 * A truncated last line (a kill mid-write) is ignored.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { RewireError } from '../core/errors.ts';

export interface SeedTask<I> {
  /** Unique, stable name of the task, e.g. "V=8,gap=5.5,seed=3". */
  key: string;
  input: I;
}

export interface SeedRecord<I, R> {
  key: string;
  input: I;
  result: R;
}

export interface SeedPoolOptions<I, R> {
  tasks: SeedTask<I>[];
  /** file URL (or absolute path) of the job module */
  job: string | URL;
  /** concurrent worker threads; 0 runs the jobs inline, one after the other (tests) */
  workers?: number;
  /** folder of seeds.jsonl (null: keep results in memory only) */
  dir?: string | null;
  /** skip the tasks already in <dir>/seeds.jsonl */
  resume?: boolean;
  /** called once per task when it finishes (cached = read back from seeds.jsonl) */
  onResult?: (rec: SeedRecord<I, R>, cached: boolean) => void;
  onStart?: (task: SeedTask<I>) => void;
  onProgress?: (task: SeedTask<I>, progress: unknown) => void;
}

export const SEEDS_FILE = 'seeds.jsonl';

/** Cores to use by default: all that the OS offers. */
export function defaultWorkers(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** Reads <dir>/seeds.jsonl (missing file → []); a damaged last line is dropped. */
export function readSeedRecords<I, R>(dir: string): SeedRecord<I, R>[] {
  const file = path.join(dir, SEEDS_FILE);
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const out: SeedRecord<I, R>[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line) as SeedRecord<I, R>);
    } catch {
      if (i < lines.length - 2) throw new RewireError(`${file}:${i + 1}`, 'is not a JSON line', 'delete the damaged line (the seed is then run again)');
    }
  });
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Runs every task not already finished; resolves to all records (cached and new) in task order. */
export async function runSeedPool<I, R>(o: SeedPoolOptions<I, R>): Promise<SeedRecord<I, R>[]> {
  const keys = new Set<string>();
  for (const t of o.tasks) {
    if (keys.has(t.key)) throw new RewireError('seedPool', `two tasks share the key '${t.key}'`, 'give every seed a unique key');
    keys.add(t.key);
  }
  const done = new Map<string, SeedRecord<I, R>>();
  if (o.dir) {
    fs.mkdirSync(o.dir, { recursive: true });
    const file = path.join(o.dir, SEEDS_FILE);
    if (o.resume) {
      const byKey = new Map(o.tasks.map((t) => [t.key, t]));
      const old = readSeedRecords<I, R>(o.dir);
      // rewrite without a damaged tail, so that new lines do not continue a truncated one
      if (fs.existsSync(file)) fs.writeFileSync(file, old.map((r) => JSON.stringify(r) + '\n').join(''));
      for (const rec of old) {
        const t = byKey.get(rec.key);
        if (!t) continue;
        if (!sameJson(t.input, rec.input)) {
          throw new RewireError(`${file} (${rec.key})`, 'was computed with other parameters than the ones asked for now', 'resume with the same options, or write to a new --out folder');
        }
        done.set(rec.key, rec);
        o.onResult?.(rec, true);
      }
    } else if (fs.existsSync(file) && fs.statSync(file).size > 0) {
      throw new RewireError(o.dir, `already holds results (${SEEDS_FILE})`, 'add --resume to continue it, or choose another --out folder');
    }
  }
  const todo = o.tasks.filter((t) => !done.has(t.key));
  const jobUrl = typeof o.job === 'string' && !o.job.startsWith('file:') ? new URL(`file://${path.resolve(o.job)}`).href : String(o.job);
  const record = (t: SeedTask<I>, result: R) => {
    const rec: SeedRecord<I, R> = { key: t.key, input: t.input, result };
    if (o.dir) fs.appendFileSync(path.join(o.dir, SEEDS_FILE), JSON.stringify(rec) + '\n');
    done.set(t.key, rec);
    o.onResult?.(rec, false);
  };
  const workers = Math.max(0, Math.floor(o.workers ?? defaultWorkers()));
  if (workers === 0) {
    const mod = (await import(jobUrl)) as { runJob: (i: I, p: (x: unknown) => void) => Promise<R> };
    for (const t of todo) {
      o.onStart?.(t);
      record(t, await mod.runJob(t.input, (p) => o.onProgress?.(t, p)));
    }
  } else {
    let next = 0;
    const lane = async () => {
      while (next < todo.length) {
        const t = todo[next++]!;
        o.onStart?.(t);
        record(t, await runInWorker<I, R>(jobUrl, t, (p) => o.onProgress?.(t, p)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(workers, todo.length) }, lane));
  }
  return o.tasks.map((t) => done.get(t.key)!);
}

function runInWorker<I, R>(job: string, t: SeedTask<I>, progress: (p: unknown) => void): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const w = new Worker(new URL('./jobs/bootstrap.mjs', import.meta.url), { workerData: { job } });
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      void w.terminate();
      f();
    };
    w.on('message', (m: { ready?: boolean; progress?: unknown; result?: R; error?: string; message?: string; where?: string; fix?: string }) => {
      if (m.ready) w.postMessage({ input: t.input });
      else if ('progress' in m) progress(m.progress);
      else if (m.error !== undefined) finish(() => reject(m.where && m.fix ? new RewireError(m.where, `${t.key}: ${(m.message ?? '').replace(`${m.where}: `, '').replace(/\. Fix: [\s\S]*$/, '')}`, m.fix) : new Error(`seed ${t.key} failed: ${m.error}`)));
      else finish(() => resolve(m.result as R));
    });
    w.on('error', (e) => finish(() => reject(e)));
    w.on('exit', (code) => finish(() => reject(new Error(`seed ${t.key}: worker exited with code ${code} before it answered`))));
  });
}
