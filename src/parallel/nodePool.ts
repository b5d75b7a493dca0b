/**
 * Pool on Node worker_threads (the pass protocol is in sharedPool.ts / control.ts): the calling
 * thread plus threads−1 workers. Bind and kernel-name messages go over a MessagePort per worker and
 * are read synchronously (receiveMessageOnPort) when the worker wakes for a pass. The calling
 * thread blocks in Atomics.wait, which Node allows on its main thread.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { SPIN } from './control.ts';
import { SharedPool, waitForWorkers, type PoolMessage } from './sharedPool.ts';

/** The single worker entry (TypeScript, loaded through tsx by workerBootstrap.mjs in development). */
export const WORKER_BOOTSTRAP = new URL('./entry/workerBootstrap.mjs', import.meta.url);

export class NodePool extends SharedPool {
  private readonly ports: MessagePort[] = [];
  private readonly workers: Worker[] = [];

  static async create(threads: number): Promise<NodePool> {
    const pool = new NodePool(threads);
    const ready: Promise<void>[] = [];
    for (let w = 1; w < threads; w++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(WORKER_BOOTSTRAP, { workerData: { init: pool.workerInit(w), port: port2 }, transferList: [port2] });
      ready.push(new Promise((resolve, reject) => {
        worker.once('message', (m) => (m === 'ready' ? resolve() : reject(new Error(String(m)))));
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`parallel worker exited with code ${code} before it was ready`)));
      }));
      pool.ports.push(port1);
      pool.workers.push(worker);
    }
    await pool.awaitReady(ready);
    for (const w of pool.workers) {
      w.removeAllListeners();
      w.on('error', () => {});
      w.unref();
    }
    for (const p of pool.ports) p.unref();
    return pool;
  }

  protected postAll(msg: PoolMessage): void {
    for (const p of this.ports) p.postMessage(msg);
  }

  protected waitDone(workers: number): void {
    waitForWorkers(this.ctrl, workers, SPIN, true);
  }

  protected stopWorkers(): void {
    for (const w of this.workers) void w.terminate();
    for (const p of this.ports) p.close();
  }
}
