/** One conductance.csv row from a snapshot (shared by the inline path and both worker kinds). */
import { analyzeWithTips } from '../analysis/filament.ts';
import { requireTips, type TipsDepth, type TipsLeads } from './device/fromSnapshot.ts';
import { snapshotTransmission } from './snapshotTransmission.ts';
import type { Snapshot } from './snapshot.ts';

/** leading eigenchannels written per row */
export const ROW_CHANNELS = 3;

export interface ConductanceRow {
  step: number;
  timeFs: number;
  /** T(E_F) = G/G0 */
  T: number;
  /** leading eigenchannel transmissions at E_F (descending, ROW_CHANNELS entries) */
  channels: number[];
  gapAtoms: number;
  crossSection: number;
  bridged: boolean;
  /** tight-binding model that computed T */
  model: string;
  /** set when the transmission failed (row still written, T = NaN) */
  error?: string;
}

export interface PipelineOptions {
  model: 's' | 'spd' | 'spd-lcn' | 'spd-pbe';
  mode: 'paper' | 'tips';
  kpoints: [number, number];
  /** tips mode leads (default bulk) */
  tipsLeads?: TipsLeads;
  /** tips mode depth (default per model; 'max': every layer but the two of the leads; 'all': every layer) */
  depth?: TipsDepth;
}

export function conductanceRow(s: Snapshot, o: PipelineOptions): ConductanceRow {
  const tips = requireTips(s, `snapshot step ${s.step}`);
  const a = analyzeWithTips(tips, s.positions, s.origin, s.fixed);
  const base = { step: s.step, timeFs: s.timeFs, gapAtoms: a.gapAtoms, crossSection: a.crossSection, bridged: a.bridged, model: o.model };
  try {
    const r = snapshotTransmission(s, { model: o.model, mode: o.mode, kpoints: o.kpoints, channels: ROW_CHANNELS, ...(o.tipsLeads ? { tipsLeads: o.tipsLeads } : {}), ...(o.depth !== undefined ? { depth: o.depth } : {}) });
    return { ...base, T: r.T[0]!, channels: r.channels[0]!.slice(0, ROW_CHANNELS) };
  } catch (e) {
    return { ...base, T: NaN, channels: new Array<number>(ROW_CHANNELS).fill(NaN), error: (e as Error).message };
  }
}
