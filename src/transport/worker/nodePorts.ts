/** Node: worker_threads running nodeWorker.ts through tsx (nodeBootstrap.mjs registers the loader). */
import { Worker } from 'node:worker_threads';
import type { WorkerPort } from './pool.ts';

export function nodePorts(n: number): WorkerPort[] {
  return Array.from({ length: n }, () => {
    const w = new Worker(new URL('./nodeBootstrap.mjs', import.meta.url));
    return {
      post: (m) => w.postMessage(m),
      onMessage: (cb) => void w.on('message', cb),
      onError: (cb) => void w.on('error', cb),
      terminate: () => void w.terminate(),
    };
  });
}
