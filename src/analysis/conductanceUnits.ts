/**
 * The conductance quantum from the exact SI constants (2019 redefinition, CODATA 2018):
 *   e = 1.602176634e-19 C, h = 6.62607015e-34 J s (both exact)  →  G0 = 2e²/h = 7.748091729…e-5 S.
 * Series resistance (Note S1 of the paper): the measured G = 1/(R_gap + R_s), so
 *   G_gap = 1/(1/G − R_s), defined only while 1/G > R_s.
 */
export const E_CHARGE = 1.602176634e-19;
export const PLANCK = 6.62607015e-34;
export const G0_SIEMENS_EXACT = (2 * E_CHARGE * E_CHARGE) / PLANCK;

/**
 * Removes a series resistance R_s (Ω) from a conductance g given in G0 units:
 *   G_gap/G0 = g / (1 − R_s·G0·g), which is 1/(1/G − R_s) written in G0 units.
 * Returns null when 1/G ≤ R_s (the gap would have a negative or infinite conductance); g = 0
 * (an open gap) stays 0.
 */
export function subtractSeriesResistance(g: number, rsOhm: number): number | null {
  if (g === 0) return 0;
  const x = rsOhm * G0_SIEMENS_EXACT * g; // = R_s / (1/G)
  if (x >= 1) return null;
  return g / (1 - x);
}

/** The inverse: what an instrument in series with R_s measures for a gap of conductance g (G0 units). */
export function addSeriesResistance(g: number, rsOhm: number): number {
  return g / (1 + rsOhm * G0_SIEMENS_EXACT * g);
}
