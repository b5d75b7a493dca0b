/**
 * Pool on a page's module Web Workers (the pass protocol is in sharedPool.ts / control.ts). Needs
 * SharedArrayBuffer, i.e. a cross-origin-isolated page (served with
 * `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`;
 * `npm run demo` and `vite preview` send both). A page's main thread may not block in Atomics.wait,
 * so there the caller spins on DONE for the length of a pass; inside a worker it sleeps as in Node.
 * createPool() uses this pool only when `crossOriginIsolated` is true, else the serial pool.
 */
import { SPIN } from './control.ts';
import { SharedPool, waitForWorkers, type PoolMessage } from './sharedPool.ts';

/** Can this thread block in Atomics.wait? (not a window's main thread) */
function canBlock(): boolean {
  return typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
}

export class BrowserPool extends SharedPool {
  private readonly workers: Worker[] = [];
  private readonly sleep = canBlock();

  static async create(threads: number): Promise<BrowserPool> {
    const pool = new BrowserPool(threads);
    const ready: Promise<void>[] = [];
    for (let w = 1; w < threads; w++) {
      const worker = new Worker(new URL('./entry/browserWorker.ts', import.meta.url), { type: 'module', name: `rewire-cpu-${w}` });
      ready.push(new Promise((resolve, reject) => {
        worker.onmessage = (e) => (e.data === 'ready' ? resolve() : reject(new Error(String(e.data))));
        worker.onerror = (e) => reject(new Error(`parallel Web Worker failed to start: ${e.message}`));
      }));
      worker.postMessage({ type: 'init', init: pool.workerInit(w) });
      pool.workers.push(worker);
    }
    await pool.awaitReady(ready);
    for (const w of pool.workers) w.onmessage = null;
    return pool;
  }

  protected postAll(msg: PoolMessage): void {
    for (const w of this.workers) w.postMessage(msg);
  }

  protected waitDone(workers: number): void {
    waitForWorkers(this.ctrl, workers, this.sleep ? SPIN : Number.MAX_SAFE_INTEGER, this.sleep);
  }

  protected stopWorkers(): void {
    for (const w of this.workers) w.terminate();
  }
}
