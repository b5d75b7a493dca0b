/**
 * SPMD thread pool contract for the float64 CPU backend. A pass ("kernel") runs over rows [0, n)
 * split into fixed chunks of CHUNK rows; the calling thread and every worker claim chunks until none
 * is left, then the call returns (a barrier). Kernels write only their own rows, so with FULL
 * neighbour lists each row is computed in the same order whatever the partition. Reductions go
 * through per-chunk partial sums (`red[chunk·K + k]`) that the caller adds in chunk order: results
 * are bit-identical for any thread count, including the serial pool.
 *
 * A kernel sees a context: a plain object of typed arrays (shared memory when threads > 1) and
 * numbers, bound once per layout change. Scalars that change between passes live in a typed
 * array of the context (e.g. `sc`), never in the object itself.
 *
 * Implementations: SerialPool (one thread, any platform) and the Node worker_threads pool
 * (nodePool.ts). A browser port (Web Workers, needs crossOriginIsolated) implements the same Pool.
 */

/** Rows per chunk: fixed, so chunk reductions do not depend on the thread count. */
export const CHUNK = 32;

/** One pass over rows [lo, hi) of chunk `chunk`. */
export type Kernel = (ctx: any, lo: number, hi: number, chunk: number) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A second kernel fused into a pass (Pool.run): it runs on each chunk right after the first. */
export interface PassTail {
  name: string;
  slot: number;
}

export interface Pool {
  /** Threads taking part in a pass (1 = serial). */
  readonly threads: number;
  /** Typed arrays for contexts (SharedArrayBuffer-backed when threads > 1). */
  f64(n: number): Float64Array;
  u32(n: number): Uint32Array;
  i32(n: number): Int32Array;
  i8(n: number): Int8Array;
  /** Whether `a` can be handed to the workers as it is. */
  isShared(a: ArrayBufferView): boolean;
  /** Binds a context; returns its slot. rebind() replaces a slot's context (arrays reallocated). */
  bind(ctx: object): number;
  rebind(slot: number, ctx: object): void;
  /** Frees a slot (its arrays can then be collected on every thread). */
  release(slot: number): void;
  /**
   * Runs kernel `name` on slot over rows [0, n) in chunks of `chunk` rows (default CHUNK; 1 for
   * passes over a fixed number of blocks). Throws a worker's error. With `then`, each chunk runs
   * kernel then.name on then.slot over the same rows right after (a fused pass: one barrier for
   * two passes, valid when row i of the second reads only row i of the first's output).
   */
  run(name: string, slot: number, n: number, chunk?: number, then?: PassTail): void;
  /** Stops the workers (the pool is unusable afterwards). */
  dispose(): void;
}

export function chunksOf(n: number): number {
  return Math.ceil(n / CHUNK);
}

/** Σ over chunks (in chunk order) of component k of K-wide partial sums. */
export function sumChunks(red: Float64Array, nChunks: number, K: number, k: number): number {
  let s = 0;
  for (let c = 0; c < nChunks; c++) s += red[c * K + k]!;
  return s;
}

/** max over chunks of component k. */
export function maxChunks(red: Float64Array, nChunks: number, K: number, k: number): number {
  let s = -Infinity;
  for (let c = 0; c < nChunks; c++) s = Math.max(s, red[c * K + k]!);
  return s;
}
