/** One atom between two (001) pyramid apexes (test/transport/targetGeometries.ts, another generator), tips mode, Γ:
 *     npx tsx scripts/tb-fit/check-tips.ts [MODEL] [BRIDGE_ATOMS] */
import { snapshotTransmission } from '../../src/transport/snapshotTransmission.ts';
import { pyramidPair } from '../../test/transport/targetGeometries.ts';
const model = process.argv[2] ?? 'spd-pbe', nb = Number(process.argv[3] ?? 1);
const t = performance.now();
const r = snapshotTransmission(pyramidPair(4.09, 6, 0, { bridge: nb, bond: 2.85 }), { model, mode: 'tips', kpoints: [1, 1] });
console.log(`tips ${model}, ${nb}-atom bridge: T = ${r.T[0]!.toFixed(3)}, channels ${r.channels[0]!.slice(0, 3).map((x) => x.toFixed(3)).join(' ')} (${((performance.now() - t) / 1000).toFixed(0)} s)`);
