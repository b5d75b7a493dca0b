/**
 * Accuracy of the local far-contour nodes (neutrality.ts LOCAL_FROM): on the structures of
 * bench/neutralityNodes.ts (spd-pbe, paper mode), the shifts φ are solved with the whole charge grid
 * at every node (localFrom = Infinity); then N_i(φ) with the default (nodes with y ≥ LOCAL_FROM at one
 * k-point) is compared with the whole grid (max_i |ΔN_i|, e), and T(E_F) after solving the loop each
 * way. `npx tsx bench/neutralityLocal.ts [localFrom eV]` → JSON (a few minutes, one thread).
 */
import { getModel } from '../src/transport/models/registry.ts';
import { prepareGeometry, type PreparedGeometry } from '../src/transport/device/blocks.ts';
import { chargeKpoints, chargePairs, deviceCharges, solveNeutrality } from '../src/transport/neutrality.ts';
import { neutralityStart } from '../src/transport/models/spdModel.ts';
import { spectrum } from '../src/transport/transmission.ts';
import type { TransportGeometry } from '../src/transport/device/geometry.ts';
import { cases } from './neutralityNodes.ts';

const m = getModel('spd-pbe');

function withShifts(geo: TransportGeometry, phi: Float64Array): PreparedGeometry {
  const p = prepareGeometry(m, geo), nb = m.norb;
  for (let i = 0; i < phi.length; i++) for (let a = 0; a < nb; a++) p.hDD.onsite![i * nb + a]! += phi[i]!;
  return p;
}

export function localStudy(localFrom?: number): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const [name, make, kT] of cases) {
    const geo = make(), prep = prepareGeometry(m, geo), kq = chargeKpoints(kT, geo);
    const guess = neutralityStart(m), start = Float64Array.from(prep.Zdevice, (z) => guess(z));
    const full = solveNeutrality(prep, { kpoints: kq, localFrom: Infinity, start });
    const local = solveNeutrality(prep, { kpoints: kq, start, ...(localFrom !== undefined ? { localFrom } : {}) });
    const p = withShifts(geo, full.shifts);
    const zero = new Float64Array(full.shifts.length);
    const nFull = deviceCharges(p, zero, { kpoints: kq, localFrom: Infinity }), nLocal = deviceCharges(p, zero, { kpoints: kq, ...(localFrom !== undefined ? { localFrom } : {}) });
    const dN = Math.max(...nFull.map((x, i) => Math.abs(x - nLocal[i]!)));
    const T = (phi: Float64Array) => spectrum(m, withShifts(geo, phi), { energies: [m.fermiEnergy], kpoints: kT }).T[0]!;
    const Tf = T(full.shifts), Tl = T(local.shifts);
    rows.push({ structure: name, chargeGrid: kq.join('x'), pairs: `${chargePairs(prep, { kpoints: kq, ...(localFrom !== undefined ? { localFrom } : {}) }).length} of ${chargePairs(prep, { kpoints: kq, localFrom: Infinity }).length}`, maxChargeChange_e: +dN.toExponential(2), T_full: +Tf.toFixed(5), T_local: +Tl.toFixed(5), dT_rel: +((Tl - Tf) / Tf).toExponential(1) });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const from = process.argv[2] ? Number(process.argv[2]) : undefined;
  console.log(JSON.stringify({ localFrom_eV: from ?? 'default (LOCAL_FROM in cells ≥ LOCAL_MIN_PERIOD cutoffs wide)', rows: localStudy(from) }, null, 2));
}
