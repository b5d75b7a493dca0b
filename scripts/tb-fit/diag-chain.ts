/**
 * Diagnosis of an n-atom chain between two (001) pyramid apexes (the tips-mode target of
 * test/transport/spdPbe.test.ts: pyramidPair(4.09, 7, 0, { bridge: n, bond: 2.85 }), Γ):
 *     npx tsx scripts/tb-fit/diag-chain.ts [BRIDGE_ATOMS=2] [DEPTH=2] [lcn|bare] [EMIN:EMAX:STEP]
 * prints, for every device atom below bulk coordination: height z (Å), coordination Z, the
 * neutrality shift (eV), its s / p (pz, px+py) / d (d3z²−r²) electrons (both spins); then T(E) and
 * the eigenchannels at E − E_F = EMIN..EMAX. Experiment knobs (diagnosis only, not model options):
 *   MODEL=s                         another registered model (orbital rows only for 9-orbital models)
 *   PARAMS='{"up":-2}'              spd-pbe with some fit parameters overridden (agSpdPbeParams.ts names)
 *   EXTRA='{"zmax":3,"d":-0.2}'     an extra rigid shift d (eV) on device atoms with Z < zmax, after the loop
 *   PZ='{"zmax":3,"d":-1}'          pz (orbital 3, the chain axis) of device atoms with Z < zmax shifted by d (eV) before
 *                                   the loop: an axial crystal field on the chain atoms (no refit)
 *   ENVFIT=fit.json                 spd-pbe-env with the parameters of a fit_ag_spd_pbe.py --screen … output
 * scripts/tb-fit/README.md ("The two-atom chain between pyramid apexes") has what it measured.
 */
import { prepareSnapshot, spectrumOptionsFor } from '../../src/transport/snapshotTransmission.ts';
import { neutralize, orbitalCharges } from '../../src/transport/neutrality.ts';
import { neutralityStart } from '../../src/transport/models/spdModel.ts';
import { spectrum } from '../../src/transport/transmission.ts';
import { pyramidPair } from '../../test/transport/targetGeometries.ts';
import { makeAgSpdPbeModel } from '../../src/transport/models/agSpdPbe.ts';
import { AG_SPD_PBE_FIT } from '../../src/transport/models/agSpdPbeParams.ts';
import { geometryFromSnapshot } from '../../src/transport/device/fromSnapshot.ts';
import { prepareGeometry } from '../../src/transport/device/blocks.ts';
import { makeAgSpdPbeEnvModel, type SpdPbeEnvParams } from '../../src/transport/models/agSpdPbeEnv.ts';
import { readFileSync } from 'node:fs';
const nb = Number(process.argv[2] ?? 2), depth = Number(process.argv[3] ?? 2), lcn = (process.argv[4] ?? 'lcn') === 'lcn';
const [e0, e1, de] = (process.argv[5] ?? '0:0:1').split(':').map(Number) as [number, number, number];
const model = process.env.MODEL ?? 'spd-pbe';
const t0 = performance.now();
const u = prepareSnapshot(pyramidPair(4.09, 7, 0, { bridge: nb, bond: 2.85 }), { model, mode: 'tips', kpoints: [1, 1], depth });
// PARAMS='{"up":-2}' overrides fit parameters (experiments only)
if (process.env.PARAMS) {
  u.model = makeAgSpdPbeModel({ ...AG_SPD_PBE_FIT, ...JSON.parse(process.env.PARAMS) }, 'spd-pbe-test');
  u.geo = geometryFromSnapshot(u.model, pyramidPair(4.09, 7, 0, { bridge: nb, bond: 2.85 }), 'tips', { depth });
  u.prep = prepareGeometry(u.model, u.geo);
}
// ENVFIT=fit.json: spd-pbe-env with the parameters of a screened fit (experiments only)
if (process.env.ENVFIT) {
  const f = JSON.parse(readFileSync(process.env.ENVFIT, 'utf8')), q = f.params;
  const bonds = Object.fromEntries(['sss', 'sps', 'pps', 'ppp', 'sds', 'pds', 'pdp', 'dds', 'ddp', 'ddd'].map((b) => [b, q[b]]));
  const screen = Object.fromEntries((f.screen as string[]).map((b) => [b, q['scr_' + b]]));
  const par = { d0: f.d0, rc: f.rc, width: f.width, cutoff: f.cutoff, lattice: 4.153, fermiEnergy: f.fermiEnergyBulk, ep: q.ep, et2g: q.et2g, eeg: q.eeg, up: q.up, ut2g: q.ut2g, ueg: q.ueg, vp: q.vp, vt2g: q.vt2g, veg: q.veg, bonds, screen } as SpdPbeEnvParams;
  u.model = makeAgSpdPbeEnvModel(par, 'spd-pbe-env-test');
  u.geo = geometryFromSnapshot(u.model, pyramidPair(4.09, 7, 0, { bridge: nb, bond: 2.85 }), 'tips', { depth });
  u.prep = prepareGeometry(u.model, u.geo);
}
if (process.env.PZ) {
  const { zmax, d } = JSON.parse(process.env.PZ) as { zmax: number; d: number };
  const on = u.prep.hDD.onsite!;
  for (let i = 0; i < u.prep.Zdevice.length; i++) if (u.prep.Zdevice[i]! < zmax) on[9 * i + 3]! += d;
}
const n = lcn && u.model.selfConsistentNeutrality ? neutralize(u.prep, { kpoints: [1, 1], guess: neutralityStart(u.model) }) : undefined;
// EXTRA='{"zmax":3,"d":0.2}': an extra rigid shift on device atoms with Z < zmax after the loop (experiments only)
if (process.env.EXTRA) {
  const { zmax, d } = JSON.parse(process.env.EXTRA) as { zmax: number; d: number };
  const on = u.prep.hDD.onsite!;
  for (let i = 0; i < u.prep.Zdevice.length; i++) if (u.prep.Zdevice[i]! < zmax) for (let a = 0; a < 9; a++) on[9 * i + a]! += d;
}
const q = orbitalCharges(u.prep, new Float64Array(u.prep.geometry.device.length / 3), { kpoints: [1, 1] });
const D = u.prep.geometry.device, na = D.length / 3;
const rows = [];
for (let i = 0; i < na; i++) {
  if (u.model.norb !== 9) break;
  const o = q.slice(9 * i, 9 * i + 9), s = o[0]!, p = o[1]! + o[2]! + o[3]!, d = o.slice(4).reduce((a, b) => a + b, 0);
  rows.push({ z: D[3 * i + 2]!, Z: u.prep.Zdevice[i]!, shift: n ? n.shifts[i]! : 0, s, pz: o[3]!, pxy: o[1]! + o[2]!, p, dz2: o[8]!, d, N: s + p + d });
}
rows.sort((a, b) => a.z - b.z);
for (const r of rows) if (u.model.norb === 9 && r.Z < 11.5) console.log(`z ${r.z.toFixed(2).padStart(6)} Z ${r.Z.toFixed(2).padStart(5)} shift ${r.shift.toFixed(3).padStart(6)}  s ${r.s.toFixed(3)} p ${r.p.toFixed(3)} (pz ${r.pz.toFixed(3)} pxy ${r.pxy.toFixed(3)}) d ${r.d.toFixed(3)} (dz2 ${r.dz2.toFixed(3)}) N ${r.N.toFixed(3)}`);
const Es: number[] = [];
for (let e = e0; e <= e1 + 1e-9; e += de) Es.push(+e.toFixed(6));
const sp = spectrum(u.model, u.prep, spectrumOptionsFor({ ...u, energies: Es }, { model, mode: 'tips', channels: 4 }));
for (let k = 0; k < Es.length; k++) console.log(`E-EF ${Es[k]!.toFixed(3).padStart(7)}  T ${sp.T[k]!.toFixed(4)}  ch ${sp.channels[k]!.map((x) => x.toFixed(3)).join(' ')}`);
console.log(`${model} ${nb}-atom bridge, depth ${depth}, ${n ? `LCN (${n.iterations} it)` : 'no neutrality loop'}: device ${na} atoms, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
