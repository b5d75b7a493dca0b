/**
 * Accuracy of the imaginary-axis charge quadrature (neutrality.ts) vs the number of Gauss–Legendre
 * nodes n and the width w of y = w·tan θ, spd-pbe, paper mode, on the charge k-grid of
 * chargeKpoints(T grid): for each structure the shifts φ are solved with 32 nodes (w = 2 eV), then
 * N_i(φ) is evaluated with each (n, w) and compared with 48 nodes (max_i |N_i − N_i^(48)|, e); and
 * T(E_F) (T k-grid in the row) after solving the loop with the former default (12 nodes, 2 eV) and
 * the current one (CONTOUR_NODES, CONTOUR_WIDTH). Structures: the issue-8 targets (single atom in the hollow, 2-
 * and 3-atom chains), the bench snapshot (single-atom bridge between base-12 tips), it displaced by
 * ±0.1 Å, and the two MD snapshots of test/fixtures/transport. One thread; a few minutes.
 * `npx tsx bench/neutralityNodes.ts` → JSON.
 */
import { readFileSync } from 'node:fs';
import { bridgedSnapshot, displaced } from './snapshots.ts';
import { parseSnapshot } from '../src/transport/snapshot.ts';
import { getModel } from '../src/transport/models/registry.ts';
import { prepareGeometry, type PreparedGeometry } from '../src/transport/device/blocks.ts';
import { geometryFromSnapshot } from '../src/transport/device/fromSnapshot.ts';
import { CONTOUR_NODES, CONTOUR_WIDTH, chargeKpoints, deviceCharges, solveNeutrality } from '../src/transport/neutrality.ts';
import { neutralityStart } from '../src/transport/models/spdModel.ts';
import { spectrum } from '../src/transport/transmission.ts';
import type { TransportGeometry } from '../src/transport/device/geometry.ts';
import { chain, constriction } from '../test/transport/targetGeometries.ts';

const m = getModel('spd-pbe');

const fixture = (name: string) => parseSnapshot(readFileSync(new URL(`../test/fixtures/transport/${name}`, import.meta.url), 'utf8'), name);

function withShifts(geo: TransportGeometry, phi: Float64Array): PreparedGeometry {
  const p = prepareGeometry(m, geo), nb = m.norb;
  for (let i = 0; i < phi.length; i++) for (let a = 0; a < nb; a++) p.hDD.onsite![i * nb + a]! += phi[i]!;
  return p;
}

export const cases: [string, () => TransportGeometry, [number, number]][] = [
  ['single atom in the fcc hollow', () => constriction(m.lattice, 1), [6, 6]],
  ['2-atom chain', () => chain(m.lattice, 2).geometry, [6, 6]],
  ['3-atom chain', () => chain(m.lattice, 3).geometry, [6, 6]],
  ['bench snapshot', () => geometryFromSnapshot(m, bridgedSnapshot(), 'paper'), [10, 10]],
  ['bench snapshot ±0.1 Å', () => geometryFromSnapshot(m, displaced(bridgedSnapshot(), 0.1, 5), 'paper'), [10, 10]],
  ['MD rewire_run_default_step1000', () => geometryFromSnapshot(m, fixture('rewire_run_default_step1000.json'), 'paper'), [6, 6]],
  ['MD rewire_widening_step14000', () => geometryFromSnapshot(m, fixture('rewire_widening_step14000.json'), 'paper'), [6, 6]],
];

export function nodeStudy(only?: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const [name, make, kT] of cases) {
    if (only && !name.includes(only)) continue;
    const geo = make(), prep = prepareGeometry(m, geo);
    const kpoints = chargeKpoints(kT, geo), na = geo.device.length / 3, guess = neutralityStart(m);
    const start = Float64Array.from(prep.Zdevice, guess);
    const ref = solveNeutrality(prep, { kpoints, nodes: 32, width: 2, start });
    const q48 = deviceCharges(prep, ref.shifts, { kpoints, nodes: 48, width: 2 });
    const err: Record<string, number> = {};
    for (const [n, w] of [[8, 2], [12, 2], [8, 3], [CONTOUR_NODES, CONTOUR_WIDTH]] as const) {
      const q = deviceCharges(prep, ref.shifts, { kpoints, nodes: n, width: w });
      err[`n${n}_w${w}`] = +Math.max(...q.map((x, i) => Math.abs(x - q48[i]!))).toExponential(2);
    }
    const T: number[] = [];
    for (const [n, w] of [[12, 2], [CONTOUR_NODES, CONTOUR_WIDTH]] as const) {
      const r = solveNeutrality(prepareGeometry(m, geo), { kpoints, nodes: n, width: w, start });
      T.push(spectrum(m, withShifts(geo, r.shifts), { energies: [m.fermiEnergy], kpoints: kT }).T[0]!);
    }
    rows.push({ name, atoms: na, chargeK: kpoints.join('x'), maxChargeErrorVs48: err, TkGrid: kT.join('x'), T_EF: { n12_w2: +T[0]!.toFixed(5), current: +T[1]!.toFixed(5), relChange: +((T[1]! - T[0]!) / T[0]!).toExponential(2) } });
    console.error(JSON.stringify(rows.at(-1)));
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(nodeStudy(process.argv[2]), null, 2));
