/**
 * Smooth coordination number Z_i = Σ_j w(r_ij), w(r) = 1/(1 + exp((r − 3.4 Å)/0.1 Å)): 1 for the
 * Ag first shell (2.89 Å, even stretched by 0.3 Å), ≈ 0.003 for the second shell (4.09 Å).
 * Bulk fcc gives Z = 12.
 */
import { fermiCutoff } from './types.ts';

export const COORDINATION_RC = 3.4;
export const COORDINATION_WIDTH = 0.1;
/** w(r) < 1e-6 beyond this distance, Å */
export const COORDINATION_RANGE = COORDINATION_RC + 14 * COORDINATION_WIDTH;

export function coordinationWeight(r: number): number {
  return r >= COORDINATION_RANGE ? 0 : fermiCutoff(r, COORDINATION_RC, COORDINATION_WIDTH);
}
