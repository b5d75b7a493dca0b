/**
 * The device circuit of a switching measurement (Milano et al. 2024, Fig. 1b inset, Note S1): a
 * source in series with R_s (Pt contacts 2R_C plus the two nanowire halves R_NWa + R_NWb) and the
 * nanogap of conductance G_gap (in units of G0 = 2e²/h = 7.748091729e-5 S).
 *
 *   voltage source (programmed V_p, current compliance I_cc):
 *     I_free = V_p·G/(1 + R_s·G)            (= V_p/(R_s + 1/G), written so that G → 0 is exact)
 *     |I_free| ≤ I_cc:  I = I_free,  V_src = V_p,  V_gap = V_p/(1 + R_s·G)
 *     |I_free| > I_cc:  I = ±I_cc,   V_src = I·(R_s + 1/G) (the source lowers its output),
 *                       V_gap = I/G                                          → flag 'current'
 *     G = 0 (open gap): I = 0, V_gap = V_src = V_p.
 *   current source (programmed I_p, clipped to ±I_cc → flag 'current'; voltage limit V_lim):
 *     the source needs V = I·(R_s + 1/G); if that exceeds V_lim it stays at ±V_lim and
 *     I = V_lim·G/(1 + R_s·G)                                                → flag 'voltage'
 *     G = 0: I = 0, V_src = ±V_lim (sign of I_p), V_gap = V_src.
 * Invariants: |I| ≤ I_cc always; |V_gap| ≤ |V_src|; V_src = I·R_s + V_gap.
 * Units: V, A, Ω; G in G0.
 */
import { G0_SIEMENS } from '../core/units.ts';
import { RewireError } from '../core/errors.ts';

export { G0_SIEMENS };

export interface CircuitParams {
  /** Series resistance R_s (contacts + nanowire halves), Ω, ≥ 0. */
  seriesResistance: number;
  /** Compliance current I_cc, A, > 0 (Infinity = none). */
  compliance: number;
  /** Current mode only: the source's voltage limit, V, > 0 (Infinity = none). */
  voltageLimit?: number;
}

/** Which limit of the source is active at this point. */
export type SourceLimit = 'none' | 'current' | 'voltage';

export interface CircuitPoint {
  /** Source output actually applied, V (lower than programmed under compliance). */
  vSrc: number;
  /** Voltage across the gap, V. */
  vGap: number;
  /** Current through the series circuit, A. */
  current: number;
  /** Gap conductance used, G0. */
  G: number;
  limit: SourceLimit;
}

function checkG(G: number): void {
  if (!(G >= 0) || !Number.isFinite(G)) throw new RewireError('G_gap', `must be a finite conductance ≥ 0 in units of G0 (got ${G})`, 'return T(E_F) = G/G0 from the gap model (0 for an open gap)');
}

/** Voltage-driven circuit with a current compliance. `vProg` = programmed source voltage, V. */
export function solveVoltageDriven(vProg: number, G: number, p: CircuitParams): CircuitPoint {
  checkG(G);
  const g = G * G0_SIEMENS; // S
  const Rs = p.seriesResistance, Icc = p.compliance;
  if (g === 0) return { vSrc: vProg, vGap: vProg, current: 0, G, limit: 'none' };
  const iFree = (vProg * g) / (1 + Rs * g);
  if (Math.abs(iFree) <= Icc) return { vSrc: vProg, vGap: vProg / (1 + Rs * g), current: iFree, G, limit: 'none' };
  const I = Math.sign(vProg) * Icc;
  const vGap = I / g;
  return { vSrc: I * Rs + vGap, vGap, current: I, G, limit: 'current' };
}

/** Current-driven circuit: `iProg` = programmed current, A, clipped to ±I_cc; the source stops at ±V_lim. */
export function solveCurrentDriven(iProg: number, G: number, p: CircuitParams): CircuitPoint {
  checkG(G);
  const g = G * G0_SIEMENS;
  const Rs = p.seriesResistance, Vlim = p.voltageLimit ?? Infinity;
  let limit: SourceLimit = 'none';
  let I = iProg;
  if (Math.abs(I) > p.compliance) { I = Math.sign(I) * p.compliance; limit = 'current'; }
  if (g === 0 && Vlim === Infinity && I !== 0) throw new RewireError('voltageLimit', 'a current source driving an open gap (G = 0) needs a finite voltage limit', 'give the source a voltage limit (rewire sweep --vmax in current mode)');
  // the largest current the source can push at its voltage limit
  const iAtLimit = g === 0 ? 0 : Vlim === Infinity ? Infinity : (Vlim * g) / (1 + Rs * g);
  if (Math.abs(I) > iAtLimit) {
    const s = Math.sign(I);
    const vSrc = s * Vlim;
    const current = s * iAtLimit || 0; // no −0 for an open gap
    return { vSrc, vGap: g === 0 ? vSrc : vSrc / (1 + Rs * g), current, G, limit: 'voltage' };
  }
  if (I === 0) return { vSrc: 0, vGap: 0, current: 0, G, limit };
  const vGap = I / g;
  return { vSrc: I * Rs + vGap, vGap, current: I, G, limit };
}
