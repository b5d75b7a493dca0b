/**
 * A minimal worker pool over a platform port: jobs are sent round-robin to the least busy worker;
 * each worker keeps its own surface-GF cache, so a worker that already saw the leads is cheaper.
 */
import type { ConductanceRow, PipelineOptions } from '../conductanceRow.ts';
import type { ThreadTask } from './tasks.ts';
import { RewireError } from '../../core/errors.ts';

/** a conductance row of a snapshot (text), or a share of one snapshot's work (tasks.ts) */
export type WorkerRequest = { id: number; text: string; opts: PipelineOptions } | { id: number; task: ThreadTask };

export interface WorkerPort {
  post(msg: WorkerRequest): void;
  onMessage(cb: (m: { id: number; row?: ConductanceRow; result?: unknown; error?: string; rewire?: { where: string; problem: string; fix: string } }) => void): void;
  /** the worker died (load failure, crash): its pending jobs are rejected */
  onError(cb: (e: Error) => void): void;
  terminate(): void;
}

export class WorkerPool {
  private busy: number[];
  private pending = new Map<number, { resolve: (r: never) => void; reject: (e: Error) => void; worker: number }>();
  private nextId = 0;
  constructor(private ports: WorkerPort[]) {
    this.busy = ports.map(() => 0);
    ports.forEach((p, w) =>
      p.onMessage((m) => {
        const job = this.pending.get(m.id);
        if (!job) return;
        this.pending.delete(m.id);
        this.busy[w]!--;
        if (m.error !== undefined) job.reject(m.rewire ? new RewireError(m.rewire.where, m.rewire.problem, m.rewire.fix) : new Error(m.error));
        else if (m.row) job.resolve(m.row as never);
        else if (m.result !== undefined) job.resolve(m.result as never);
        else job.reject(new Error('worker failed'));
      }),
    );
    ports.forEach((p, w) =>
      p.onError((e) => {
        for (const [id, job] of this.pending) {
          if (job.worker !== w) continue;
          this.pending.delete(id);
          job.reject(new Error(`transport worker ${w} failed: ${e.message}`));
        }
      }),
    );
  }
  run(text: string, opts: PipelineOptions): Promise<ConductanceRow> {
    let w = 0;
    for (let i = 1; i < this.ports.length; i++) if (this.busy[i]! < this.busy[w]!) w = i;
    const id = this.nextId++;
    this.busy[w]!++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker: w });
      this.ports[w]!.post({ id, text, opts });
    });
  }
  get size(): number {
    return this.ports.length;
  }
  /** Runs a task on worker w (a fixed worker per share keeps its lead caches warm). */
  call<T>(w: number, task: ThreadTask): Promise<T> {
    const id = this.nextId++;
    this.busy[w]!++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: never) => void, reject, worker: w });
      this.ports[w]!.post({ id, task });
    });
  }
  terminate(): void {
    for (const p of this.ports) p.terminate();
  }
}
