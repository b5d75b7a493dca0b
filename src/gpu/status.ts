/**
 * The neighbour-list status words (GPU → host), decoded into named fields, JAX-MD style: kernels
 * never abort; they set a bit, and the host checks at batch boundaries and reacts (regrow, warn).
 * The numbers mirror shaders/lib/status.wgsl (test/neighbor*.test.ts checks they agree).
 */

/** Word indices in the status buffer (array<atomic<u32>>). */
export const STATUS_WORD = {
  FLAGS: 0,
  NEED_REBUILD: 1,
  REBUILDS: 2,
  MAX_NEIGHBORS: 3,
} as const;

/** Number of u32 words in the status buffer. */
export const STATUS_WORDS = 8;

/** Bits of STATUS_WORD.FLAGS. */
export const STATUS_FLAG = {
  /** Some atom had more neighbours than the stride: the list is incomplete; grow and re-run. */
  NBR_OVERFLOW: 1,
  /** An atom left the free-boundary cell grid (clamped into edge cells: still correct, slower). */
  OUTSIDE_GRID: 2,
} as const;

export interface NeighborStatus {
  /** The list is incomplete: grow the stride, rebuild and re-run the batch. */
  overflow: boolean;
  outsideGrid: boolean;
  /** A rebuild was requested but not yet executed. */
  rebuildPending: boolean;
  /** Number of list builds so far. */
  rebuilds: number;
  /** Largest neighbour count seen (before clamping to the stride). */
  maxNeighbors: number;
  /** Raw flag word. */
  flags: number;
}

export function decodeStatus(words: Uint32Array): NeighborStatus {
  const flags = words[STATUS_WORD.FLAGS]!;
  return {
    overflow: (flags & STATUS_FLAG.NBR_OVERFLOW) !== 0,
    outsideGrid: (flags & STATUS_FLAG.OUTSIDE_GRID) !== 0,
    rebuildPending: words[STATUS_WORD.NEED_REBUILD]! !== 0,
    rebuilds: words[STATUS_WORD.REBUILDS]!,
    maxNeighbors: words[STATUS_WORD.MAX_NEIGHBORS]!,
    flags,
  };
}

/** Human-readable names of the set flag bits. */
export function statusFlagNames(flags: number): string[] {
  return Object.entries(STATUS_FLAG)
    .filter(([, bit]) => (flags & bit) !== 0)
    .map(([name]) => name);
}
