/** Web Worker entry (browser): same protocol as nodeWorker.ts. */
import type { WorkerRequest } from './pool.ts';
import { handleRequest } from './handle.ts';

const ctx = globalThis as unknown as { onmessage: ((e: { data: WorkerRequest }) => void) | null; postMessage: (m: unknown) => void };
ctx.onmessage = (e) => ctx.postMessage(handleRequest(e.data));
