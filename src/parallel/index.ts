/**
 * createPool(threads): the CPU backend's SPMD pool. threads = 1 → SerialPool (any platform);
 * > 1 → worker_threads in Node, module Web Workers in a cross-origin-isolated page (SharedArrayBuffer
 * needs it), and the serial pool in a page that is not isolated. Every pool gives bit-identical results.
 */
import { RewireError } from '../core/errors.ts';
import type { Pool } from './pool.ts';
import { SerialPool } from './serialPool.ts';

export type { Pool, Kernel, PassTail } from './pool.ts';
export { CHUNK, chunksOf, sumChunks, maxChunks } from './pool.ts';
export { SerialPool } from './serialPool.ts';

function isNode(): boolean {
  return typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';
}

/** Default thread count: every core (os.availableParallelism() in Node, hardwareConcurrency in a page). */
export async function defaultThreads(): Promise<number> {
  if (isNode()) {
    const os = await import('node:os');
    return Math.max(1, (os.availableParallelism?.() ?? os.cpus().length) | 0);
  }
  return Math.max(1, (globalThis.navigator?.hardwareConcurrency ?? 1) | 0);
}

/** A page can run the threaded pool only when cross-origin isolated (SharedArrayBuffer available). */
export function pageCanShareMemory(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined';
}

export function checkThreads(threads: number, field = 'threads'): void {
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw new RewireError(field, `must be an integer from 1 to 256 (got ${threads})`, 'e.g. --threads 2, or leave it out to use every core');
}

/** A pool of `threads` threads (default: all cores). Dispose it when done. */
export async function createPool(threads?: number): Promise<Pool> {
  const t = threads ?? (await defaultThreads());
  checkThreads(t);
  if (t === 1) return new SerialPool();
  if (isNode()) {
    const { NodePool } = await import('./nodePool.ts');
    return NodePool.create(t);
  }
  if (!pageCanShareMemory()) return new SerialPool();
  const { BrowserPool } = await import('./browserPool.ts');
  return BrowserPool.create(t);
}
