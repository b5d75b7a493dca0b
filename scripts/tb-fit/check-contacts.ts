/**
 * Contact targets of a model with its self-consistent neutrality (issue 8 items 2–3), printed:
 *     npx tsx scripts/tb-fit/check-contacts.ts [--model spd-pbe] [--only atom,chain2,slab2,bulk] [--k 6]
 * atom: one atom in the fcc hollow between Ag(111) 3×3 surfaces (paper mode, k×k);
 * chain2/chain3: 2-/3-atom chains (2.70 Å) between the same surfaces; constrN: N atoms in neighbouring hollows;
 * slab2: the DFT two-atom chain (test/fixtures/dft, 2×2 cell, 6×6 Γ-centred; DFT 0.876, τ1 0.849);
 * bulk: perfect Ag(111) 1×1, 12×12 (DFT 36×36: 0.780, Γ̄ closed); chain: the DFT monatomic chain.
 */
import { readFileSync } from 'node:fs';
import { getModel } from '../../src/transport/models/registry.ts';
import { geometryTransmission } from '../../src/transport/snapshotTransmission.ts';
import { parsePeriodicXyz } from '../../src/transport/device/slabDevice.ts';
import { slabTransmission } from '../../src/transport/slabTransmission.ts';
import { chain, constriction } from '../../test/transport/targetGeometries.ts';

const args = process.argv.slice(2);
const opt = (k: string, d: string) => (args.includes(k) ? args[args.indexOf(k) + 1]! : d);
const model = getModel(opt('--model', 'spd-pbe'));
const only = opt('--only', 'atom,slab2,bulk,chain').split(',');
const K = Number(opt('--k', '6'));
const cell = (n: string) => parsePeriodicXyz(readFileSync(new URL(`../../test/fixtures/dft/${n}`, import.meta.url), 'utf8'), n);
const t0 = () => performance.now();
const fmt = (x: number[]) => x.slice(0, 3).map((v) => v.toFixed(3)).join(' ');
for (const what of only) {
  const t = t0();
  if (what === 'atom' || what.startsWith('constr') || (what.startsWith('chain') && what !== 'chain')) {
    const g = what === 'atom' ? constriction(model.lattice, 1) : what.startsWith('constr') ? constriction(model.lattice, Number(what.slice(6))) : chain(model.lattice, Number(what.slice(5))).geometry;
    const r = geometryTransmission(model, g, { energies: [model.fermiEnergy], kpoints: [K, K] });
    console.log(`${what}: T = ${r.T[0]!.toFixed(3)}, channels ${fmt(r.channels[0]!)}, shifts ${r.neutrality ? Array.from(r.neutrality.shifts).slice(-4).map((x) => x.toFixed(2)).join(' ') : '-'} (${((t0() - t) / 1000).toFixed(0)} s)`);
  } else if (what === 'slab2') {
    const r = slabTransmission(cell('c2_atom2_scatt.xyz'), cell('lead_2x2.xyz'), { model: model.name, kpoints: [6, 6] });
    console.log(`slab2: T = ${r.T[0]!.toFixed(3)} (DFT 0.876), channels ${fmt(r.channels[0]!)}, k: ${r.kResolved.map((k) => `${k.k.map((x) => x.toFixed(2)).join(',')}:${k.T[0]!.toFixed(2)}`).join(' ')} (${((t0() - t) / 1000).toFixed(0)} s)`);
  } else if (what === 'bulk') {
    const n = Number(opt('--kbulk', '12'));
    const r = slabTransmission(cell('bulk1x1_lead.xyz'), cell('bulk1x1_lead.xyz'), { model: model.name, kpoints: [n, n] });
    const g = r.kResolved.find((k) => k.k[0] === 0 && k.k[1] === 0)!;
    console.log(`bulk ${n}x${n}: T = ${r.T[0]!.toFixed(3)} (DFT 36x36 0.780), Γ̄ ${g.T[0]!.toFixed(3)} (${((t0() - t) / 1000).toFixed(0)} s)`);
  } else if (what === 'chain') {
    const c = cell('chain_lead.xyz');
    const r = slabTransmission(c, c, { model: model.name, kpoints: [1, 1] });
    console.log(`chain: T = ${r.T[0]!.toFixed(3)} (DFT 1.000), channels ${fmt(r.channels[0]!)}, lead shift ${String(r.info['leadShift'])} (${((t0() - t) / 1000).toFixed(0)} s)`);
  }
}
