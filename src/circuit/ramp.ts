/**
 * The programmed drive of a sweep: a triangular ramp of voltage (V) or current (A).
 *   'full':     0 → +A → 0 → −A → 0   (4N + 1 points; SET on the way up, RESET under reversed bias)
 *   'positive': 0 → +A → 0            (2N + 1 points; the unipolar current sweeps of Fig. 3a)
 * N = points per quarter (0 → A), so the step is A/N; values are computed as A·k/N (no drift).
 * Device time: each point lasts (A/N)/rate seconds (rate in V/s or A/s), so t_k = k·A/(N·rate).
 * The device time only labels the axis (the MD time of a point is set by the MD steps per point;
 * see docs/sweep.md for the mapping).
 */
import { RewireError } from '../core/errors.ts';

export type RampCycle = 'full' | 'positive';

export interface RampSpec {
  /** Peak |drive|, V (voltage mode) or A (current mode), > 0. */
  amplitude: number;
  /** Points per quarter cycle (0 → amplitude), integer ≥ 1. */
  pointsPerQuarter: number;
  cycle: RampCycle;
  /** Device sweep rate, V/s or A/s, > 0 (labels the time axis only). */
  rate: number;
}

export interface RampPoint {
  index: number;
  /** Device time, s. */
  t: number;
  /** Programmed drive, V or A. */
  drive: number;
}

export function triangularRamp(r: RampSpec): RampPoint[] {
  if (!(r.amplitude > 0) || !Number.isFinite(r.amplitude)) throw new RewireError('ramp.amplitude', `must be a finite number > 0 (got ${r.amplitude})`, 'e.g. 0.5 (V) or 2e-5 (A)');
  if (!Number.isInteger(r.pointsPerQuarter) || r.pointsPerQuarter < 1) throw new RewireError('ramp.pointsPerQuarter', `must be an integer ≥ 1 (got ${r.pointsPerQuarter})`, 'e.g. 10');
  if (!(r.rate > 0) || !Number.isFinite(r.rate)) throw new RewireError('ramp.rate', `must be a finite number > 0 (got ${r.rate})`, 'e.g. 0.01 (V/s)');
  if (r.cycle !== 'full' && r.cycle !== 'positive') throw new RewireError('ramp.cycle', `is '${String(r.cycle)}'`, "use 'full' or 'positive'");
  const N = r.pointsPerQuarter, A = r.amplitude;
  const quarters = r.cycle === 'full' ? 4 : 2;
  const dt = A / N / r.rate;
  const out: RampPoint[] = [];
  for (let k = 0; k <= quarters * N; k++) {
    const q = Math.floor(k / N), j = k - q * N; // quarter q, position j in it
    // up (0), down (1), down-negative (2), up-to-zero (3)
    let u: number;
    if (q === 0) u = j;
    else if (q === 1) u = N - j;
    else if (q === 2) u = -j;
    else if (q === 3) u = -(N - j);
    else u = 0; // the final point k = quarters·N
    out.push({ index: k, t: k * dt, drive: (A * u) / N + 0 });
  }
  return out;
}
