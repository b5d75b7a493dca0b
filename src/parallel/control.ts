/** Layout of the shared control block (Int32Array) between the calling thread and the workers. */
export const GEN = 0; // generation: bumped once per pass (workers wait on it)
export const KID = 1; // kernel id of the pass
export const SLOT = 2; // context slot of the pass
export const NROWS = 3; // rows of the pass
export const NEXT = 4; // next chunk to claim (Atomics.add)
export const DONE = 5; // workers finished with this generation
export const ERR = 6; // a worker's kernel threw (its message follows on its port)
export const QUIT = 7; // 1 = workers exit
export const SENT = 8; // messages posted to every worker so far (a worker drains its port until it has them all)
export const CHUNKSZ = 9; // rows per chunk of the pass
export const CONTROL_WORDS = 16;
/**
 * Busy-wait iterations before sleeping in Atomics.wait: 2^11 loads ≈ 15-20 µs, enough to bridge the
 * gaps inside a step (end-of-pass imbalance of one block, the caller between passes). Measured on
 * 2 cores (EAM, 2652 atoms, 2 threads): 2^14 (≈ 120 µs) spun away the core the partner thread
 * needed whenever the machine was oversubscribed (1.0 M vs 1.3 M atom-steps/s with 2^11) and was no
 * faster on a quiet machine (2.27 M vs 2.46 M).
 */
export const SPIN = 1 << 11;
