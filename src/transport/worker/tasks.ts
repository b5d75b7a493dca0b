/**
 * Work a transport thread does for one snapshot: a share of the (k, contour node) pairs of a charge
 * evaluation, or of the (k, energy) pairs of a spectrum. The prepared geometry travels as plain data
 * (the model by name); each thread keeps its own lead caches, and a fixed split of the pairs sends
 * the same k-points to the same thread every snapshot, so those caches stay warm.
 */
import type { PreparedGeometry } from '../device/blocks.ts';
import { getModel } from '../models/registry.ts';
import { orbitalChargeSums, type ChargeOptions } from '../neutrality.ts';
import { spectrumSums, type SpectrumOptions, type SpectrumSums } from '../transmission.ts';

export type PackedPrep = Omit<PreparedGeometry, 'model'> & { modelName: string };

export type ThreadTask =
  | { kind: 'charges'; prep: PackedPrep; shifts: Float64Array; opt: ChargeOptions; pairs: [number, number][] }
  | { kind: 'spectrum'; prep: PackedPrep; opt: SpectrumOptions; pairs: [number, number][] };

export function packPrep(p: PreparedGeometry): PackedPrep {
  const { model, ...rest } = p;
  return { ...rest, modelName: model.name };
}

function unpackPrep(p: PackedPrep): PreparedGeometry {
  const { modelName, ...rest } = p;
  return { ...rest, model: getModel(modelName) };
}

export function runTask(t: ThreadTask): Float64Array | SpectrumSums {
  const prep = unpackPrep(t.prep);
  if (t.kind === 'charges') return orbitalChargeSums(prep, t.shifts, t.opt, t.pairs);
  return spectrumSums(prep.model, prep, t.opt, t.pairs);
}
