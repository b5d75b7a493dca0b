/**
 * Statistics of the time to first bridge over seeds (paper Fig. S3 with error bars). A seed that
 * did not bridge within its allowed time is right-censored: its bridge time is only known to be
 * > allowed. Quantiles are therefore taken over all seeds with censored times as +∞ (Hazen-free,
 * the common linear interpolation between order statistics, R type 7); a quantile that falls on or
 * next to a censored seed is unknown and reported as null ("> allowed"). min/max are over the seeds
 * that bridged.
 */
export interface SeedOutcome {
  bridged: boolean;
  /** ps, null when not bridged */
  bridge_ps: number | null;
  /** ps simulated (= allowed time when not bridged) */
  simulated_ps: number;
  gap_atoms: number;
  from_lower: number;
  from_upper: number;
}

export interface BridgeStats {
  seeds: number;
  bridged: number;
  /** bridged / seeds */
  fraction: number;
  median_ps: number | null;
  q1_ps: number | null;
  q3_ps: number | null;
  /** q3 − q1 (null when either is unknown) */
  iqr_ps: number | null;
  min_ps: number | null;
  max_ps: number | null;
  /** shortest simulated time among the seeds that did not bridge (null: all bridged) */
  censored_after_ps: number | null;
  /** gap atoms summed over seeds, by the tip they came from */
  gap_from_lower: number;
  gap_from_upper: number;
  /** gap_from_upper / (gap_from_lower + gap_from_upper); null when no gap atoms */
  upper_fraction: number | null;
}

/** Quantile p ∈ [0, 1] of ascending `v` (may end in +∞), linear interpolation; null if it touches +∞. */
export function quantile(v: number[], p: number): number | null {
  if (v.length === 0) return null;
  const h = (v.length - 1) * p, lo = Math.floor(h), hi = Math.ceil(h);
  const a = v[lo]!, b = v[hi]!;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  return a + (h - lo) * (b - a);
}

export function bridgeStats(outcomes: SeedOutcome[]): BridgeStats {
  const times = outcomes.map((o) => (o.bridged && o.bridge_ps !== null ? o.bridge_ps : Infinity)).sort((a, b) => a - b);
  const finite = times.filter(Number.isFinite);
  const censored = outcomes.filter((o) => !o.bridged).map((o) => o.simulated_ps);
  const q1 = quantile(times, 0.25), q3 = quantile(times, 0.75);
  const lower = outcomes.reduce((s, o) => s + o.from_lower, 0), upper = outcomes.reduce((s, o) => s + o.from_upper, 0);
  return {
    seeds: outcomes.length,
    bridged: finite.length,
    fraction: outcomes.length ? finite.length / outcomes.length : 0,
    median_ps: quantile(times, 0.5),
    q1_ps: q1,
    q3_ps: q3,
    iqr_ps: q1 !== null && q3 !== null ? q3 - q1 : null,
    min_ps: finite.length ? finite[0]! : null,
    max_ps: finite.length ? finite[finite.length - 1]! : null,
    censored_after_ps: censored.length ? Math.min(...censored) : null,
    gap_from_lower: lower,
    gap_from_upper: upper,
    upper_fraction: lower + upper > 0 ? upper / (lower + upper) : null,
  };
}
