/**
 * The pass protocol shared by the caller (sharedPool.ts) and the workers (workerSide.ts): the
 * layout of the shared control block (Int32Array), the chunk-claiming loop, and the shared error text.
 *
 * Chunks are claimed with affinity: of a pass's C chunks, thread t (0 = the caller, workers 1 …
 * T−1) owns the home range [⌊t·C/T⌋, ⌊(t+1)·C/T⌋) and claims it front to back through its own
 * cursor (Atomics.add); once its range is empty it steals from the others' cursors in turn. So
 * every pass over the same rows gives each thread the same rows as the pass before (its caches
 * already hold them: positions the drift wrote, the pairs the density pass kept for the force
 * pass), and load imbalance is still evened out by stealing. Which thread runs a chunk never
 * changes the results (pool.ts).
 */
import type { Kernel } from './pool.ts';

export const GEN = 0; // generation: bumped once per pass (workers wait on it)
export const KID = 1; // kernel id of the pass
export const SLOT = 2; // context slot of the pass
export const NROWS = 3; // rows of the pass
export const NTHREADS = 4; // threads taking part (caller + workers): the home ranges' divisor
export const DONE = 5; // workers finished with this generation
export const ERR = 6; // a worker's kernel threw (its message is in the error buffer)
export const QUIT = 7; // 1 = workers exit
export const SENT = 8; // messages posted to every worker so far (a worker waits until it has them all)
export const CHUNKSZ = 9; // rows per chunk of the pass
export const KID2 = 10; // kernel id of the fused second kernel (−1: none; see Pool.run `then`)
export const SLOT2 = 11; // its context slot
export const CONTROL_WORDS = 16;
/** Words per claim cursor: one 64-byte cache line each, so threads claiming never share a line. */
export const CURSOR_WORDS = 16;
/** Word index of thread t's claim cursor (after the header). */
export function cursorAt(t: number): number {
  return CONTROL_WORDS + CURSOR_WORDS * t;
}
/** Words of the control block of a pool of `threads` threads. */
export function controlWords(threads: number): number {
  return cursorAt(threads);
}
/** Bytes of the shared error buffer: a 4-byte length, then UTF-8 text (truncated). */
export const ERR_BYTES = 4096;
/**
 * Busy-wait iterations before sleeping in Atomics.wait: 2^11 loads ≈ 15-20 µs, enough to bridge the
 * gaps inside a step (end-of-pass imbalance of one block, the caller between passes). Measured on
 * 2 cores (EAM, 2652 atoms, 2 threads): 2^14 (≈ 120 µs) spun away the core the partner thread
 * needed whenever the machine was oversubscribed (1.0 M vs 1.3 M atom-steps/s with 2^11) and was no
 * faster on a quiet machine (2.27 M vs 2.46 M).
 */
export const SPIN = 1 << 11;

/** First chunk of thread t's home range (of C chunks over T threads; t = T gives C). */
export function homeStart(t: number, chunks: number, threads: number): number {
  return Math.floor((t * chunks) / threads);
}

/** Chunks of the current pass. */
function chunksOfPass(ctrl: Int32Array): number {
  return Math.ceil(ctrl[NROWS]! / ctrl[CHUNKSZ]!);
}

/** Caller, before a pass is announced: every cursor at the start of its thread's home range. */
export function resetCursors(ctrl: Int32Array): void {
  const T = ctrl[NTHREADS]!, C = chunksOfPass(ctrl);
  for (let t = 0; t < T; t++) Atomics.store(ctrl, cursorAt(t), homeStart(t, C, T));
}

/** Empties every home range (a thread whose kernel threw lets the others stop early). */
export function abandonPass(ctrl: Int32Array): void {
  const T = ctrl[NTHREADS]!, C = chunksOfPass(ctrl);
  for (let t = 0; t < T; t++) Atomics.store(ctrl, cursorAt(t), C);
}

/**
 * Thread `me` claims chunks of the current pass until none is left (its home range first, then
 * the others'), running kernel k on each chunk — and k2 on the same rows right after, when the
 * pass is fused (k2 ≠ null).
 */
export function claimChunks(ctrl: Int32Array, me: number, k: Kernel, ctx: unknown, k2: Kernel | null, ctx2: unknown): void {
  const n = ctrl[NROWS]!, chunk = ctrl[CHUNKSZ]!, T = ctrl[NTHREADS]!;
  const C = Math.ceil(n / chunk);
  for (let s = 0; s < T; s++) {
    const v = (me + s) % T;
    const end = homeStart(v + 1, C, T), cur = cursorAt(v);
    for (;;) {
      const ch = Atomics.add(ctrl, cur, 1);
      if (ch >= end) break;
      const lo = ch * chunk, hi = Math.min(n, lo + chunk);
      k(ctx, lo, hi, ch);
      if (k2) k2(ctx2, lo, hi, ch);
    }
  }
}

/** Records the first error of a pass (later ones are dropped) and raises ERR. */
export function writeError(ctrl: Int32Array, buf: Uint8Array, text: string): void {
  if (Atomics.compareExchange(ctrl, ERR, 0, 2) !== 0) return; // 2 = being written
  const bytes = new TextEncoder().encode(text).subarray(0, buf.length - 4);
  new DataView(buf.buffer, buf.byteOffset, 4).setUint32(0, bytes.length, true);
  buf.set(bytes, 4);
  Atomics.store(ctrl, ERR, 1);
}

/** The recorded error text (copied out of shared memory: TextDecoder refuses shared views). */
export function readError(buf: Uint8Array): string {
  const len = new DataView(buf.buffer, buf.byteOffset, 4).getUint32(0, true);
  return new TextDecoder().decode(buf.slice(4, 4 + len));
}
