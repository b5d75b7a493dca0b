/** Snapshot → T(E) (energies relative to E_F, eV) for a model and mode; the one entry point of CLI and pipeline. */
import { getModel } from './models/registry.ts';
import { geometryFromSnapshot, type TipsDepth, type TipsLeads } from './device/fromSnapshot.ts';
import { spectrum, type Spectrum, type SpectrumOptions } from './transmission.ts';
import type { TBModel } from './models/types.ts';
import type { TransportGeometry } from './device/geometry.ts';
import type { NeutralityResult } from './neutrality.ts';
import { prepareGeometry, type PreparedGeometry } from './device/blocks.ts';
import { neutralize } from './neutrality.ts';
import { neutralityStart } from './models/spdModel.ts';
import type { Snapshot } from './snapshot.ts';

export interface SnapshotTransmissionOptions {
  model: string;
  mode: string;
  /** eV relative to E_F */
  energies?: number[];
  kpoints?: [number, number];
  eta?: number;
  /** tips mode: (001) layers of each tip in the device, 'max' or 'all' (fromSnapshot.ts TipsDepth) */
  depth?: TipsDepth;
  /** tips mode: 'bulk' (default, semi-infinite crystals) or 'prism' leads */
  tipsLeads?: TipsLeads;
  layers?: number;
  channels?: number;
}

export interface SnapshotTransmission {
  energies: number[];
  T: number[];
  channels: number[][];
  open: number[];
  info: Record<string, unknown>;
}

/**
 * T(E) of a geometry with a model, including the model's self-consistent neutrality (when it has
 * one) on the charge grid of chargeKpoints(kpoints). Energies absolute (model scale), eV.
 */
export function geometryTransmission(model: TBModel, geo: TransportGeometry, o: SpectrumOptions): Spectrum & { neutrality?: NeutralityResult } {
  const prep = prepareGeometry(model, geo);
  const n = model.selfConsistentNeutrality ? neutralize(prep, { kpoints: o.kpoints, guess: neutralityStart(model) }) : undefined;
  return { ...spectrum(model, prep, o), ...(n ? { neutrality: n } : {}) };
}

/** A snapshot's device, prepared, with the options resolved (energies relative to E_F; k-grid default 6×6). */
export interface SnapshotSetup {
  model: TBModel;
  geo: TransportGeometry;
  prep: PreparedGeometry;
  energies: number[];
  kpoints: [number, number];
}

export function prepareSnapshot(s: Snapshot, o: SnapshotTransmissionOptions): SnapshotSetup {
  const model = getModel(o.model);
  const geo = geometryFromSnapshot(model, s, o.mode, { ...(o.depth !== undefined ? { depth: o.depth } : {}), ...(o.tipsLeads !== undefined ? { tipsLeads: o.tipsLeads } : {}), ...(o.layers !== undefined ? { layers: o.layers } : {}) });
  return { model, geo, prep: prepareGeometry(model, geo), energies: o.energies ?? [0], kpoints: o.kpoints ?? [6, 6] };
}

/** The neutrality loop's options: the transport k-grid and the model's own start guess. */
export function neutralityOptionsFor(u: SnapshotSetup): { kpoints: [number, number]; guess: (Z: number) => number } {
  return { kpoints: u.kpoints, guess: neutralityStart(u.model) };
}

/** The spectrum's options: absolute energies (E_F + E), the k-grid, η and the channel count. */
export function spectrumOptionsFor(u: SnapshotSetup, o: SnapshotTransmissionOptions): SpectrumOptions {
  return { energies: u.energies.map((e) => e + u.model.fermiEnergy), kpoints: u.kpoints, ...(o.eta !== undefined ? { eta: o.eta } : {}), ...(o.channels !== undefined ? { channels: o.channels } : {}) };
}

/**
 * Known limits of a model that this geometry runs into (info.warnings; the CLI prints them): the
 * one-orbital s model between (111)-oriented tips, whose thin (111) wires are evanescent at E_F
 * (T falls with depth: 0.58 / 0.22 / 0.10 at depth 2 / 3 / 4 and 0.002 with all 8 layers on ideal tetrahedral tips).
 */
export function modelWarnings(model: TBModel, info: Record<string, unknown>): string[] {
  const lattices = info['reservoirLattice'];
  if (model.norb === 1 && Array.isArray(lattices) && lattices.includes('111')) {
    return [`the ${model.name} model between (111)-oriented tips: its thin (111) wires are evanescent at E_F, so T falls as more tip layers join the device; use --model spd-pbe (0.98 / 0.98 / 0.97 at depth 2 / 3 / 4 on ideal tips)`];
  }
  return [];
}

/** The result record (info: the geometry's, the neutrality summary, model, E_F, k-grid, warnings, and `extra`). */
export function snapshotResult(u: SnapshotSetup, n: NeutralityResult | undefined, r: Spectrum, extra: Record<string, unknown> = {}): SnapshotTransmission {
  const lcn = n ? { neutrality: { iterations: n.iterations, maxChargeError: +n.maxError.toFixed(4), ...(n.tied !== undefined ? { outerLayersTied: n.tied } : {}), shifts: Array.from(n.shifts, (x) => +x.toFixed(3)) } } : {};
  const warnings = modelWarnings(u.model, u.geo.info);
  return { energies: u.energies, T: r.T, channels: r.channels, open: r.open, info: { ...u.geo.info, ...lcn, model: u.model.name, fermiEnergy: u.model.fermiEnergy, kpoints: u.geo.lateral ? u.kpoints : [1, 1], nk: r.nk, ...(warnings.length > 0 ? { warnings } : {}), ...extra } };
}

export function snapshotTransmission(s: Snapshot, o: SnapshotTransmissionOptions): SnapshotTransmission {
  const u = prepareSnapshot(s, o);
  const n = u.model.selfConsistentNeutrality ? neutralize(u.prep, neutralityOptionsFor(u)) : undefined;
  return snapshotResult(u, n, spectrum(u.model, u.prep, spectrumOptionsFor(u, o)));
}
