// Rotating a structure about the transport axis must not change its conductance (an invariant of
// the physics). `s` is exactly invariant; `spd-pbe` takes its t2g/eg onsite split in the x, y, z
// frame (models/agSpdPbe.ts), a known ≤ 0.1 % frame dependence, bounded here at 0.5 %.
import { describe, expect, it } from 'vitest';
import { snapshotTransmission } from '../../src/transport/snapshotTransmission.ts';
import type { Snapshot } from '../../src/transport/snapshot.ts';
import { pyramidPair } from './targetGeometries.ts';

function rotated(s: Snapshot, th: number): Snapshot {
  const p = Float64Array.from(s.positions), c = Math.cos(th), sn = Math.sin(th);
  for (let i = 0; i < s.n; i++) {
    const x = p[3 * i]!, y = p[3 * i + 1]!;
    p[3 * i] = c * x - sn * y;
    p[3 * i + 1] = sn * x + c * y;
  }
  return { ...s, positions: p };
}

describe('T(E_F) does not depend on how the structure is turned about z (tips mode, pyramid apexes bridged)', () => {
  for (const [model, tol] of [['s', 1e-9], ['spd-pbe', 5e-3]] as const) {
    it(`${model}: 1- and 2-atom bridges at 0°, 25.7° and 45° (relative ${tol})`, () => {
      for (const bridge of [1, 2]) {
        const s = pyramidPair(4.09, 6, 0, { bridge, bond: 2.85 });
        const T = [0, Math.PI / 7, Math.PI / 4].map((th) => snapshotTransmission(rotated(s, th), { model, mode: 'tips', depth: 2 }).T[0]!);
        expect(T[0]!).toBeGreaterThan(0.5);
        for (const t of T) expect(Math.abs(t / T[0]! - 1)).toBeLessThan(tol);
      }
    });
  }
});
