/**
 * What sits in the gap of the circuit. The sweep loop (./sweep.ts) asks a GapModel for the gap
 * conductance G (in G0) at the start, and after each sweep point hands it the bias of the next
 * segment; the model advances through that segment and returns G at its end.
 *
 * Implementations: FixedGap (constant G, analytic I-V), SteppedGap (G changes at known sweep
 * points, for tests), ThresholdGap (a phenomenological ECM cell: SET above +V_set, RESET below
 * −V_reset), and the real simulation in src/runner/sweep/mdGap.ts (MD + EChemDID + transport).
 */
import { RewireError } from '../core/errors.ts';

export interface GapSegment {
  /** Index of the sweep point whose bias drives this segment. */
  index: number;
  /** Gap voltage of that point, V (device volts). */
  vGap: number;
  /** The bias the MD applies during the segment, V (= mdVoltsPerDeviceVolt · vGap). */
  mdBias: number;
}

export interface GapState {
  /** Gap conductance, G0 (≥ 0; T(E_F) of the transport). */
  G: number;
  /** MD step at which G was measured (MD models only). */
  mdStep?: number;
  /** MD time at which G was measured, fs (MD models only). */
  mdTimeFs?: number;
  /** Extra per-point numbers written to sweep.csv (gap atoms, bridged, …). */
  extra?: Record<string, number>;
}

export interface GapModel {
  readonly name: string;
  /** The gap before the first segment. */
  initial(): Promise<GapState>;
  /** Advance through one segment under `seg.mdBias` and return the gap at its end. */
  advance(seg: GapSegment): Promise<GapState>;
  dispose?(): void;
}

function checkConductance(G: number, where: string): void {
  if (!(G >= 0) || !Number.isFinite(G)) throw new RewireError(where, `must be a finite conductance ≥ 0 in G0 (got ${G})`, 'e.g. 1 (one conductance quantum) or 0 (open gap)');
}

/** A gap whose conductance never changes. */
export class FixedGap implements GapModel {
  readonly name = 'fixed';
  constructor(readonly G: number) {
    checkConductance(G, 'fixed gap G');
  }
  async initial(): Promise<GapState> { return { G: this.G }; }
  async advance(): Promise<GapState> { return { G: this.G }; }
}

/**
 * G steps at known sweep points: `steps` = [{ fromIndex, G }] sorted by fromIndex; the gap after
 * the segment of point k (the G used at point k + 1) is the G of the last entry with
 * fromIndex ≤ k + 1. The first entry must have fromIndex 0 (the initial G).
 */
export class SteppedGap implements GapModel {
  readonly name = 'stepped';
  constructor(readonly steps: { fromIndex: number; G: number }[]) {
    if (steps.length === 0 || steps[0]!.fromIndex !== 0) throw new RewireError('stepped gap', 'needs a first entry with fromIndex 0 (the initial conductance)', 'e.g. [{ fromIndex: 0, G: 0 }, { fromIndex: 5, G: 1 }]');
    for (let i = 0; i < steps.length; i++) {
      checkConductance(steps[i]!.G, `stepped gap steps[${i}].G`);
      if (i > 0 && !(steps[i]!.fromIndex > steps[i - 1]!.fromIndex)) throw new RewireError(`stepped gap steps[${i}].fromIndex`, 'must increase', 'sort the steps by fromIndex');
    }
  }
  /** G at sweep point k. */
  at(k: number): number {
    let G = this.steps[0]!.G;
    for (const s of this.steps) if (s.fromIndex <= k) G = s.G;
    return G;
  }
  async initial(): Promise<GapState> { return { G: this.at(0) }; }
  async advance(seg: GapSegment): Promise<GapState> { return { G: this.at(seg.index + 1) }; }
}

/**
 * A phenomenological electrochemical-metallization cell (no MD): the filament forms (G → gOn) when
 * the gap voltage of a segment exceeds +vSet and dissolves (G → gOff) below −vReset. It shows the
 * closed loop (SET → compliance → low V_gap; RESET under reversed bias) without atoms.
 */
export class ThresholdGap implements GapModel {
  readonly name = 'threshold';
  private G: number;
  constructor(readonly vSet: number, readonly vReset: number, readonly gOn: number, readonly gOff = 0) {
    if (!(vSet > 0) || !(vReset > 0)) throw new RewireError('threshold gap', `vSet = ${vSet} V and vReset = ${vReset} V must both be > 0 (thresholds on |V_gap|)`, 'e.g. threshold:0.3:0.1:1');
    checkConductance(gOn, 'threshold gap gOn');
    checkConductance(gOff, 'threshold gap gOff');
    this.G = gOff;
  }
  async initial(): Promise<GapState> { return { G: this.G }; }
  async advance(seg: GapSegment): Promise<GapState> {
    if (seg.vGap >= this.vSet) this.G = this.gOn;
    else if (seg.vGap <= -this.vReset) this.G = this.gOff;
    return { G: this.G };
  }
}
