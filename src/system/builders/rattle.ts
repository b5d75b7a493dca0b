/**
 * Gaussian displacement of every Cartesian coordinate: x ← x + σ·N(0,1), drawn from the seeded
 * xoshiro128** stream (src/core/rng.ts) in atom order x, y, z — the same seed gives the same structure.
 */
import { RewireError } from '../../core/errors.ts';
import { Rng } from '../../core/rng.ts';

/** Adds N(0, sigma²) (Å) to each of the 3n coordinates in place. sigma = 0 leaves them untouched. */
export function rattlePositions(positions: Float64Array, sigma: number, seed: number, where = 'rattle'): void {
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new RewireError(where, `must be a finite number ≥ 0 Å (got ${sigma})`, 'use e.g. 0.1 for a Gaussian displacement of 0.1 Å, or 0 for none');
  if (sigma === 0) return;
  const rng = new Rng(seed);
  for (let k = 0; k < positions.length; k++) positions[k]! += sigma * rng.normal();
}
