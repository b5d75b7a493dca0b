/**
 * Wall-time budgeting for the GPU acceptance run (bench/acceptance.ts): the whole run must end
 * within a fixed wall time (6 min on a lent GPU machine), whatever the adapter's speed. So every
 * timed part runs for a share of the time that is left rather than for a fixed number of steps,
 * and an overrun of one part (a slow setup, a slow adapter) shrinks the parts after it.
 *
 * Pure logic with an injectable clock (seconds), unit-tested in test/acceptance-budget.test.ts.
 */

/** Monotonic seconds. */
export type Clock = () => number;

export const wallClock: Clock = () => performance.now() / 1000;

export interface BudgetPart {
  name: string;
  /** Relative weight of this part in the time left. */
  weight: number;
}

/**
 * Splits `totalSeconds` among named parts by weight. `sliceFor(name)` gives the part its weight's
 * fraction of the time left to it and the parts after it; `reserveSeconds` is kept back for the
 * untimed tail (writing the JSON, destroying the device).
 */
export class TimeBudget {
  private readonly start: number;
  private readonly done = new Set<string>();

  constructor(
    readonly totalSeconds: number,
    readonly parts: BudgetPart[],
    private readonly clock: Clock = wallClock,
    readonly reserveSeconds = 0,
  ) {
    if (!(totalSeconds > 0)) throw new Error(`TimeBudget: totalSeconds must be > 0 (got ${totalSeconds})`);
    for (const p of parts) if (!(p.weight > 0)) throw new Error(`TimeBudget: part '${p.name}' needs a weight > 0 (got ${p.weight})`);
    this.start = clock();
  }

  elapsed(): number {
    return this.clock() - this.start;
  }

  /** Seconds left before the reserve. */
  remaining(): number {
    return Math.max(0, this.totalSeconds - this.reserveSeconds - this.elapsed());
  }

  /**
   * Seconds part `name` may take: remaining × weight / (sum of the weights of the parts not yet
   * finished, this one included). Marks the part as finished, so later parts share what it leaves.
   */
  sliceFor(name: string): number {
    const part = this.parts.find((p) => p.name === name);
    if (!part) throw new Error(`TimeBudget: unknown part '${name}' (parts: ${this.parts.map((p) => p.name).join(', ')})`);
    let open = 0;
    for (const p of this.parts) if (!this.done.has(p.name)) open += p.weight;
    this.done.add(name);
    return (this.remaining() * part.weight) / Math.max(open, part.weight);
  }
}

/**
 * Steps for the next timed chunk: enough for about `chunkSeconds` at the measured rate, never more
 * than fits into the time left, at least 1, at most `maxSteps`. Before any rate is known
 * (`stepsPerSecond` ≤ 0 or not finite) it returns `firstSteps`.
 */
export function nextChunkSteps(opts: { stepsPerSecond: number; chunkSeconds: number; secondsLeft: number; firstSteps: number; maxSteps: number }): number {
  const { stepsPerSecond: r, chunkSeconds, secondsLeft, firstSteps, maxSteps } = opts;
  if (!(r > 0) || !Number.isFinite(r)) return Math.max(1, Math.min(firstSteps, maxSteps));
  const seconds = Math.min(chunkSeconds, Math.max(0, secondsLeft));
  return Math.max(1, Math.min(maxSteps, Math.floor(r * seconds)));
}

export interface TimedRun {
  /** Steps inside the timed window. */
  steps: number;
  /** Seconds of the timed window. */
  seconds: number;
  stepsPerSecond: number;
  /** Number of run+sync chunks. */
  chunks: number;
  /** Warm-up steps run before the window (pipeline compilation, first list builds). */
  warmupSteps: number;
  warmupSeconds: number;
}

/**
 * Runs `advance(n)` (which must return only when the n steps are done, e.g. engine.run + thermo)
 * for about `seconds` of wall time after a warm-up of `warmupSteps`, in chunks of about
 * seconds/`chunksTarget`, and reports the rate over the timed window. At least one chunk is timed,
 * however long it takes (a too-slow adapter still gives a rate).
 */
export async function runForSeconds(
  advance: (steps: number) => Promise<void>,
  seconds: number,
  opts: { warmupSteps?: number; firstSteps?: number; maxSteps?: number; chunksTarget?: number; clock?: Clock } = {},
): Promise<TimedRun> {
  const clock = opts.clock ?? wallClock;
  const warmupSteps = opts.warmupSteps ?? 5;
  const maxSteps = opts.maxSteps ?? 100_000;
  const chunkSeconds = seconds / (opts.chunksTarget ?? 8);
  const w0 = clock();
  if (warmupSteps > 0) await advance(warmupSteps);
  const t0 = clock();
  const warmupSeconds = t0 - w0;
  // The warm-up rate (pipelines already compiled by the first step) seeds the first chunk.
  const warmRate = warmupSteps > 0 && warmupSeconds > 0 ? warmupSteps / warmupSeconds : 0;
  let steps = 0;
  let chunks = 0;
  for (;;) {
    const elapsed = clock() - t0;
    if (chunks > 0 && elapsed >= seconds) break;
    const rate = steps > 0 && elapsed > 0 ? steps / elapsed : warmRate;
    const n = nextChunkSteps({ stepsPerSecond: rate, chunkSeconds, secondsLeft: seconds - elapsed, firstSteps: opts.firstSteps ?? 1, maxSteps });
    await advance(n);
    steps += n;
    chunks++;
  }
  const sec = clock() - t0;
  return { steps, seconds: sec, stepsPerSecond: steps / sec, chunks, warmupSteps, warmupSeconds };
}
