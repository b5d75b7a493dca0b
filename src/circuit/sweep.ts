/**
 * The closed loop of a device sweep. For every point k of the ramp:
 *   1. the circuit is solved with the gap conductance G_k the gap model last reported
 *      (./circuit.ts: series R_s, compliance I_cc) → V_src, V_gap, I;
 *   2. the gap model advances one segment under the MD bias  V_md = mdVoltsPerDeviceVolt · V_gap_k
 *      and returns G_{k+1} (an MD model: EChemDID at V_md for the MD steps of one point, then the
 *      transport of a snapshot).
 * So the bias of a segment is the gap voltage of the point before it; under compliance a
 * conducting gap sees a small V_gap = I_cc/G, the feedback that stops a real SET.
 * Sign: V_gap > 0 puts the lower tip (EChemDID group_plus) at +V_md/2.
 */
import { RewireError } from '../core/errors.ts';
import { solveCurrentDriven, solveVoltageDriven, type CircuitParams, type SourceLimit } from './circuit.ts';
import type { GapModel } from './gapModel.ts';
import { triangularRamp, type RampSpec } from './ramp.ts';

export type SweepMode = 'voltage' | 'current';

export interface SweepSpec {
  mode: SweepMode;
  ramp: RampSpec;
  circuit: CircuitParams;
  /** MD bias per device gap volt (the MD needs volts where a device reads tenths of a volt). */
  mdVoltsPerDeviceVolt: number;
  /** MD time of one segment, fs (0 when the gap model is not an MD). */
  mdFsPerPoint?: number;
}

export interface SweepRow {
  index: number;
  /** Device time, s (labels only; see ramp.ts). */
  t: number;
  /** Programmed drive: V (voltage mode) or A (current mode). */
  drive: number;
  vSrc: number;
  vGap: number;
  current: number;
  /** Gap conductance at this point, G0. */
  G: number;
  limit: SourceLimit;
  /** EChemDID bias of the segment that follows this point, V. */
  mdBias: number;
  /** MD step at which G was measured (−1 without MD). */
  mdStep: number;
  /** MD time at which G was measured, fs (−1 without MD). */
  mdTimeFs: number;
  extra: Record<string, number>;
}

export function solvePoint(mode: SweepMode, drive: number, G: number, c: CircuitParams) {
  return mode === 'voltage' ? solveVoltageDriven(drive, G, c) : solveCurrentDriven(drive, G, c);
}

export async function runSweep(spec: SweepSpec, model: GapModel, onPoint?: (row: SweepRow, total: number) => void): Promise<SweepRow[]> {
  if (!(spec.mdVoltsPerDeviceVolt > 0) || !Number.isFinite(spec.mdVoltsPerDeviceVolt)) {
    throw new RewireError('mdVoltsPerDeviceVolt', `must be a finite number > 0 (got ${spec.mdVoltsPerDeviceVolt})`, 'e.g. 10: a 0.5 V gap voltage drives the MD at 5 V');
  }
  const ramp = triangularRamp(spec.ramp);
  const rows: SweepRow[] = [];
  let state = await model.initial();
  for (const p of ramp) {
    const c = solvePoint(spec.mode, p.drive, state.G, spec.circuit);
    const mdBias = spec.mdVoltsPerDeviceVolt * c.vGap;
    const row: SweepRow = {
      index: p.index, t: p.t, drive: p.drive, vSrc: c.vSrc, vGap: c.vGap, current: c.current, G: c.G, limit: c.limit,
      mdBias, mdStep: state.mdStep ?? -1, mdTimeFs: state.mdTimeFs ?? -1, extra: state.extra ?? {},
    };
    rows.push(row);
    onPoint?.(row, ramp.length);
    if (p.index < ramp.length - 1) state = await model.advance({ index: p.index, vGap: c.vGap, mdBias });
  }
  return rows;
}

/** sweep.csv: one row per point; extra columns (gap atoms, bridged, …) after the fixed ones. */
export function sweepCsv(rows: SweepRow[], mode: SweepMode): string {
  const extraKeys = [...new Set(rows.flatMap((r) => Object.keys(r.extra)))];
  const head = ['index', 't_s', mode === 'voltage' ? 'V_prog_V' : 'I_prog_A', 'V_src_V', 'V_gap_V', 'I_A', 'G_gap_G0', 'compliance', 'voltage_limit', 'md_bias_V', 'md_step', 'md_time_fs', ...extraKeys];
  const g = (x: number) => (Number.isInteger(x) ? String(x) : String(+x.toPrecision(10)));
  const lines = rows.map((r) => [r.index, g(r.t), g(r.drive), g(r.vSrc), g(r.vGap), g(r.current), g(r.G), r.limit === 'current' ? 1 : 0, r.limit === 'voltage' ? 1 : 0, g(r.mdBias), r.mdStep, g(r.mdTimeFs), ...extraKeys.map((k) => (k in r.extra ? g(r.extra[k]!) : ''))].join(','));
  return [head.join(','), ...lines].join('\n') + '\n';
}

export interface SwitchEvent {
  index: number;
  /** programmed drive at the event */
  drive: number;
  vGap: number;
  /** G before → after, G0 */
  from: number;
  to: number;
}

export interface SweepSummary {
  points: number;
  /** |I| never exceeded the compliance */
  maxAbsCurrent: number;
  compliancePoints: number;
  voltageLimitPoints: number;
  /** G ≥ threshold counts as the low-resistance state */
  threshold: number;
  /** first crossing of the threshold upwards under positive drive */
  set: SwitchEvent | null;
  /** first crossing downwards under negative drive after a SET */
  reset: SwitchEvent | null;
  /** every threshold crossing, in order: a 'down' under positive drive is a spontaneous rupture, not a RESET */
  crossings: (SwitchEvent & { direction: 'up' | 'down' })[];
  gInitial: number;
  gMaxPositive: number;
  /** G at the end of the positive half (drive back to 0) */
  gAfterPositive: number;
  gMinNegative: number;
  gFinal: number;
  /** distinct conductance plateaus visited (G rounded to 0.1 G0, held for ≥ 2 points) */
  plateaus: number[];
}

export function summarizeSweep(rows: SweepRow[], threshold = 0.5): SweepSummary {
  let set: SwitchEvent | null = null, reset: SwitchEvent | null = null;
  let gMaxPos = 0, gMinNeg = Infinity, gAfterPos = rows[0]?.G ?? 0, maxI = 0, nc = 0, nv = 0;
  let seenNegative = false;
  const crossings: SweepSummary['crossings'] = [];
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!, prev = rows[k - 1];
    maxI = Math.max(maxI, Math.abs(r.current));
    if (r.limit === 'current') nc++;
    if (r.limit === 'voltage') nv++;
    if (r.drive < 0) seenNegative = true;
    if (!seenNegative) { gMaxPos = Math.max(gMaxPos, r.G); gAfterPos = r.G; }
    else gMinNeg = Math.min(gMinNeg, r.G);
    if (!prev) continue;
    if ((prev.G < threshold) !== (r.G < threshold)) crossings.push({ index: k, direction: r.G >= threshold ? 'up' : 'down', drive: prev.drive, vGap: prev.vGap, from: prev.G, to: r.G });
    // the G at point k is the result of the segment driven by point k − 1
    if (!set && prev.drive > 0 && prev.G < threshold && r.G >= threshold) set = { index: k, drive: prev.drive, vGap: prev.vGap, from: prev.G, to: r.G };
    if (set && !reset && prev.drive < 0 && prev.G >= threshold && r.G < threshold) reset = { index: k, drive: prev.drive, vGap: prev.vGap, from: prev.G, to: r.G };
  }
  const plateaus: number[] = [];
  for (let k = 1; k < rows.length; k++) {
    const a = Math.round(rows[k - 1]!.G * 10) / 10, b = Math.round(rows[k]!.G * 10) / 10;
    if (a === b && !plateaus.includes(a)) plateaus.push(a);
  }
  return {
    points: rows.length, maxAbsCurrent: maxI, compliancePoints: nc, voltageLimitPoints: nv, threshold, set, reset, crossings,
    gInitial: rows[0]?.G ?? 0, gMaxPositive: gMaxPos, gAfterPositive: gAfterPos,
    gMinNegative: Number.isFinite(gMinNeg) ? gMinNeg : NaN, gFinal: rows[rows.length - 1]?.G ?? 0, plateaus: plateaus.sort((x, y) => x - y),
  };
}
