/** Vacuum tunnelling between two (001) pyramid apexes (tips mode, Γ) at apex distances 4..7 Å: ln T slope and R².
 *     npx tsx scripts/tb-fit/check-tunnel.ts [MODEL] */
import { snapshotTransmission } from '../../src/transport/snapshotTransmission.ts';
import { pyramidPair } from '../../test/transport/targetGeometries.ts';
const model = process.argv[2] ?? 'spd-pbe', d = [4, 5, 6, 7], lnT: number[] = [];
for (const g of d) {
  const t = performance.now(), T = snapshotTransmission(pyramidPair(4.09, 6, g), { model, mode: 'tips' }).T[0]!;
  lnT.push(Math.log(T));
  console.log(`gap ${g} Å: T = ${T.toExponential(3)} (${((performance.now() - t) / 1000).toFixed(0)} s)`);
}
const n = d.length, mx = d.reduce((a, b) => a + b) / n, my = lnT.reduce((a, b) => a + b) / n;
const sxy = d.reduce((a, x, i) => a + (x - mx) * (lnT[i]! - my), 0), sxx = d.reduce((a, x) => a + (x - mx) ** 2, 0), syy = lnT.reduce((a, y) => a + (y - my) ** 2, 0);
console.log(`${model}: d ln T / d gap = ${(sxy / sxx).toFixed(3)} 1/Å (target −2.2 ± 30 %), R² = ${((sxy * sxy) / (sxx * syy)).toFixed(4)}`);
