// The imaginary-axis contour of the neutrality loop (neutrality.ts: CONTOUR_NODES Gauss–Legendre
// nodes at width CONTOUR_WIDTH) against a 48-node contour, on the hardest structure of the accuracy
// table (bench/neutralityNodes.ts): the MD snapshot with a compressed deposited atom, whose broad
// local spectrum the former 8-node contour at w = 2 eV missed by 8e-3 e.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture } from '../helpers/reference.ts';
import { parseSnapshot } from '../../src/transport/snapshot.ts';
import { getModel } from '../../src/transport/models/registry.ts';
import { prepareGeometry } from '../../src/transport/device/blocks.ts';
import { geometryFromSnapshot } from '../../src/transport/device/fromSnapshot.ts';
import { chargeKpoints, chargePairs, deviceCharges, solveNeutrality } from '../../src/transport/neutrality.ts';
import { neutralityStart } from '../../src/transport/models/spdModel.ts';

describe('imaginary-axis contour of the neutrality loop', () => {
  it('spd-pbe, paper mode, MD snapshot rewire_widening_step14000 (4×4 charge k): at the self-consistent shifts every atom holds the 48-node charge within 1e-3 e (a tenth of the 0.01 e tolerance)', () => {
    const m = getModel('spd-pbe');
    const snap = parseSnapshot(readFileSync(fixture('transport/rewire_widening_step14000.json'), 'utf8'), 'fixture');
    const geo = geometryFromSnapshot(m, snap, 'paper'), prep = prepareGeometry(m, geo);
    const kpoints = chargeKpoints([6, 6], geo);
    const r = solveNeutrality(prep, { kpoints, start: Float64Array.from(prep.Zdevice, neutralityStart(m)) });
    expect(r.maxError).toBeLessThan(0.01);
    const ref = deviceCharges(prep, r.shifts, { kpoints, nodes: 48, width: 2, localFrom: Infinity });
    const q = deviceCharges(prep, r.shifts, { kpoints });
    expect(Math.max(...q.map((x, i) => Math.abs(x - ref[i]!)))).toBeLessThan(1e-3);
    // the structure tells contours apart: 8 nodes at the former width 2 eV are off by more than 2e-3 e
    const q8 = deviceCharges(prep, r.shifts, { kpoints, nodes: 8, width: 2, localFrom: Infinity });
    expect(Math.max(...q8.map((x, i) => Math.abs(x - ref[i]!)))).toBeGreaterThan(2e-3);
    // the far nodes (y ≥ LOCAL_FROM, paper mode's 3×3 cell) at one k-point: the same charges as the whole grid there within 5e-4 e (measured 2.2e-4), on fewer (k, node) pairs
    const whole = deviceCharges(prep, r.shifts, { kpoints, localFrom: Infinity });
    expect(Math.max(...q.map((x, i) => Math.abs(x - whole[i]!)))).toBeLessThan(5e-4);
    expect(Math.max(...q.map((x, i) => Math.abs(x - whole[i]!)))).toBeGreaterThan(0);
    expect(chargePairs(prep, { kpoints }).length).toBeLessThan(chargePairs(prep, { kpoints, localFrom: Infinity }).length);
  }, 300_000);
});
