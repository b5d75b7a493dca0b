/**
 * The pass protocol shared by the caller (sharedPool.ts) and the workers (workerSide.ts): the
 * layout of the shared control block (Int32Array), the chunk-claiming loop, and the shared error text.
 */
import type { Kernel } from './pool.ts';

export const GEN = 0; // generation: bumped once per pass (workers wait on it)
export const KID = 1; // kernel id of the pass
export const SLOT = 2; // context slot of the pass
export const NROWS = 3; // rows of the pass
export const NEXT = 4; // next chunk to claim (Atomics.add)
export const DONE = 5; // workers finished with this generation
export const ERR = 6; // a worker's kernel threw (its message is in the error buffer)
export const QUIT = 7; // 1 = workers exit
export const SENT = 8; // messages posted to every worker so far (a worker waits until it has them all)
export const CHUNKSZ = 9; // rows per chunk of the pass
export const CONTROL_WORDS = 16;
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

/** Claims chunks of the current pass until none is left, running kernel k on each. */
export function claimChunks(ctrl: Int32Array, k: Kernel, ctx: unknown): void {
  const n = ctrl[NROWS]!;
  const chunk = ctrl[CHUNKSZ]!;
  const nChunks = Math.ceil(n / chunk);
  for (;;) {
    const ch = Atomics.add(ctrl, NEXT, 1);
    if (ch >= nChunks) break;
    const lo = ch * chunk;
    k(ctx, lo, Math.min(n, lo + chunk), ch);
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
