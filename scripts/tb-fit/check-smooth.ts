/** T(E) of the single-atom (111) contact over ±1 eV in 0.01 eV steps (paper mode, K×K k): the largest jump.
 *     npx tsx scripts/tb-fit/check-smooth.ts [MODEL] [K] */
import { getModel } from '../../src/transport/models/registry.ts';
import { geometryTransmission } from '../../src/transport/snapshotTransmission.ts';
import { constriction } from '../../test/transport/targetGeometries.ts';
const m = getModel(process.argv[2] ?? 'spd-pbe'), K = Number(process.argv[3] ?? 2);
const Es = Array.from({ length: 201 }, (_, i) => -1 + 0.01 * i), t = performance.now();
const r = geometryTransmission(m, constriction(m.lattice, 1), { energies: Es.map((e) => e + m.fermiEnergy), kpoints: [K, K] });
let jump = 0;
for (let i = 1; i < Es.length; i++) jump = Math.max(jump, Math.abs(r.T[i]! - r.T[i - 1]!));
console.log(`T(E) ${m.name} ${K}x${K}: T(-1, -0.5, 0, 0.5, 1 eV) = ${[0, 50, 100, 150, 200].map((i) => r.T[i]!.toFixed(3)).join(' ')}, max jump ${jump.toFixed(4)} (${((performance.now() - t) / 1000).toFixed(0)} s)`);
