/** Browser: module Web Workers running browserWorker.ts (the bundler resolves the URL). */
import type { WorkerPort } from './pool.ts';

export function browserPorts(n: number): WorkerPort[] {
  const W = (globalThis as unknown as { Worker: new (u: URL, o: { type: 'module' }) => { postMessage(m: unknown): void; onmessage: ((e: { data: unknown }) => void) | null; onerror: ((e: { message?: string }) => void) | null; terminate(): void } }).Worker;
  return Array.from({ length: n }, () => {
    const w = new W(new URL('./browserWorker.ts', import.meta.url), { type: 'module' });
    return {
      post: (m) => w.postMessage(m),
      onMessage: (cb) => {
        w.onmessage = (e) => cb(e.data as Parameters<typeof cb>[0]);
      },
      onError: (cb) => {
        w.onerror = (e) => cb(new Error(e.message ?? 'Web Worker error'));
      },
      terminate: () => w.terminate(),
    };
  });
}
