/** Snapshot → T(E) (energies relative to E_F, eV) for a model and mode; the one entry point of CLI and pipeline. */
import { getModel } from './models/registry.ts';
import { geometryFromSnapshot } from './device/fromSnapshot.ts';
import { spectrum, type Spectrum, type SpectrumOptions } from './transmission.ts';
import type { TBModel } from './models/types.ts';
import type { TransportGeometry } from './device/geometry.ts';
import type { NeutralityResult } from './neutrality.ts';
import { prepareGeometry } from './device/blocks.ts';
import { neutralize } from './neutrality.ts';
import { neutralityShift } from './models/spdModel.ts';
import type { Snapshot } from './snapshot.ts';

export interface SnapshotTransmissionOptions {
  model: string;
  mode: string;
  /** eV relative to E_F */
  energies?: number[];
  kpoints?: [number, number];
  eta?: number;
  depth?: number;
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
  const n = model.selfConsistentNeutrality ? neutralize(prep, { kpoints: o.kpoints, guess: (Z) => (model.neutralityGuess ?? neutralityShift)(Z) }) : undefined;
  return { ...spectrum(model, prep, o), ...(n ? { neutrality: n } : {}) };
}

export function snapshotTransmission(s: Snapshot, o: SnapshotTransmissionOptions): SnapshotTransmission {
  const model = getModel(o.model);
  const geo = geometryFromSnapshot(model, s, o.mode, { ...(o.depth !== undefined ? { depth: o.depth } : {}), ...(o.layers !== undefined ? { layers: o.layers } : {}) });
  const energies = o.energies ?? [0];
  const prep = prepareGeometry(model, geo);
  let lcn: Record<string, unknown> = {};
  if (model.selfConsistentNeutrality) {
    const n = neutralize(prep, { kpoints: o.kpoints ?? [6, 6], guess: (Z) => (model.neutralityGuess ?? neutralityShift)(Z) });
    lcn = { neutrality: { iterations: n.iterations, maxChargeError: +n.maxError.toFixed(4), shifts: Array.from(n.shifts, (x) => +x.toFixed(3)) } };
  }
  const r = spectrum(model, prep, { energies: energies.map((e) => e + model.fermiEnergy), kpoints: o.kpoints ?? [6, 6], ...(o.eta !== undefined ? { eta: o.eta } : {}), ...(o.channels !== undefined ? { channels: o.channels } : {}) });
  return { energies, T: r.T, channels: r.channels, open: r.open, info: { ...geo.info, ...lcn, model: model.name, fermiEnergy: model.fermiEnergy, kpoints: geo.lateral ? o.kpoints ?? [6, 6] : [1, 1], nk: r.nk } };
}
