/** Node: worker_threads running nodeWorker.ts through tsx. */
import { Worker } from 'node:worker_threads';
import type { WorkerPort } from './pool.ts';

export function nodePorts(n: number): WorkerPort[] {
  return Array.from({ length: n }, () => {
    const w = new Worker(new URL('./nodeWorker.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
    return {
      post: (m) => w.postMessage(m),
      onMessage: (cb) => void w.on('message', cb),
      terminate: () => void w.terminate(),
    };
  });
}
