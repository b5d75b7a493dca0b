/**
 * `--mode slab`: T(E) of a periodic scattering cell between two bulk leads in the PWCOND ikind = 1
 * layout (device/slabDevice.ts), one-to-one with the DFT reference (test/fixtures/dft/). The cell
 * is rescaled to the model's lattice constant by f = a_model / a_cell, a_cell from the `a0_A=`
 * key of the lead file or, without it, from the nearest-neighbour distance of the lead (a = √2·d_NN).
 * Γ-centred n×n grid k = (i/n, j/n) of the lateral reciprocal lattice (the PWCOND grid).
 * T per lateral cell and per spin in G0 (the solver's spinless trace).
 */
import { readFileSync } from 'node:fs';
import { RewireError } from '../core/errors.ts';
import { getModel } from './models/registry.ts';
import { parsePeriodicXyz, slabGeometry, type PeriodicCell } from './device/slabDevice.ts';
import { prepareGeometry } from './device/blocks.ts';
import { spectrum, type KResolved } from './transmission.ts';
import { leadNeutralShift, neutralize, shiftLeads } from './neutrality.ts';
import { neutralityStart } from './models/spdModel.ts';

export interface SlabResult {
  energies: number[];
  T: number[];
  channels: number[][];
  kResolved: KResolved[];
  info: Record<string, unknown>;
}

function nnDistance(c: PeriodicCell): number {
  const p = c.positions, n = p.length / 3, [A1, A2, A3] = c.lattice;
  let best = Infinity;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let a = -1; a <= 1; a++) for (let b = -1; b <= 1; b++) for (let l = -1; l <= 1; l++) {
    const d = Math.hypot(...[0, 1, 2].map((x) => p[3 * j + x]! + a * A1[x]! + b * A2[x]! + l * A3[x]! - p[3 * i + x]!));
    if (d > 0.5) best = Math.min(best, d);
  }
  return best;
}

export function readCell(path: string): PeriodicCell {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new RewireError(path, `cannot read the file (${(e as Error).message})`, 'check the path');
  }
  return parsePeriodicXyz(text, path);
}

export function slabTransmission(scatter: PeriodicCell, lead: PeriodicCell, o: { model: string; energies?: number[]; kpoints?: [number, number]; eta?: number; channels?: number }): SlabResult {
  const model = getModel(o.model);
  const aCell = lead.meta['a0_A'] ? Number(lead.meta['a0_A']) : Math.SQRT2 * nnDistance(lead);
  if (!(aCell > 0)) throw new RewireError('--lead', `a0_A=${lead.meta['a0_A']} is not a lattice constant`, 'write a0_A=<Å> in the comment line or remove it');
  const f = model.lattice / aCell;
  const geo = slabGeometry(scatter, lead, f, model.name);
  const prep = prepareGeometry(model, geo);
  const kpoints = o.kpoints ?? [6, 6];
  let lcn: Record<string, unknown> = {};
  if (model.selfConsistentNeutrality) {
    // the lead first (its own Fermi level), then every scattering atom
    const leadShift = leadNeutralShift(prepareGeometry(model, slabGeometry(lead, lead, f, model.name)), kpoints);
    if (leadShift !== 0) shiftLeads(prep, leadShift);
    const n = neutralize(prep, { kpoints, guess: (Z) => leadShift + neutralityStart(model)(Z) });
    lcn = { leadShift: +leadShift.toFixed(4), neutrality: { iterations: n.iterations, maxChargeError: +n.maxError.toFixed(4), shifts: Array.from(n.shifts, (x) => +x.toFixed(3)) } };
  }
  const energies = o.energies ?? [0];
  const r = spectrum(model, prep, { energies: energies.map((e) => e + model.fermiEnergy), kpoints, grid: 'gamma', perK: true, ...(o.eta ? { eta: o.eta } : {}), ...(o.channels ? { channels: o.channels } : {}) });
  return {
    energies, T: r.T, channels: r.channels, kResolved: r.kResolved ?? [],
    info: { ...geo.info, ...lcn, model: model.name, fermiEnergy: model.fermiEnergy, scale: +f.toFixed(6), cellLattice: aCell, kgrid: `Γ-centred ${kpoints[0]}x${kpoints[1]}, k = (i/n, j/n)`, nk: r.nk, perSpin: true },
  };
}
