/** T of the bare (111) gap of the single-atom contact (surfaces 2c apart, no atom): the parallel vacuum path.
 *     npx tsx scripts/tb-fit/bare-gap.ts [MODEL] [K] */
import { getModel } from '../../src/transport/models/registry.ts';
import { geometryTransmission } from '../../src/transport/snapshotTransmission.ts';
import { fcc111Frame } from '../../src/transport/device/paperDevice.ts';
import { bareGap } from '../../test/transport/targetGeometries.ts';
const m = getModel(process.argv[2] ?? 'spd-pbe'), K = Number(process.argv[3] ?? 3), F = fcc111Frame(m.lattice);
const t = performance.now();
const r = geometryTransmission(m, bareGap(m.lattice, 2 * F.c), { energies: [m.fermiEnergy], kpoints: [K, K] });
console.log(`bare gap ${m.name} ${K}x${K}: T = ${r.T[0]!.toFixed(3)}, channels ${r.channels[0]!.slice(0, 3).map((x) => x.toFixed(3)).join(' ')} (${((performance.now() - t) / 1000).toFixed(0)} s)`);
