// Self-consistent neutrality and the screened tunnelling tail: invariants (bulk charge = valence,
// screening zero inside crystals/chains and one across open gaps, Gauss–Legendre exactness).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getModel } from '../../src/transport/models/registry.ts';
import { parsePeriodicXyz, slabGeometry } from '../../src/transport/device/slabDevice.ts';
import { prepareGeometry } from '../../src/transport/device/blocks.ts';
import { deviceCharges, gaussLegendre } from '../../src/transport/neutrality.ts';
import { screening } from '../../src/transport/device/tail.ts';
import { makeAgSpdModel } from '../../src/transport/models/agSpdLcn.ts';
import { bulkFermiLevel } from '../../src/transport/models/bulk.ts';

const bulkCell = parsePeriodicXyz(readFileSync(fileURLToPath(new URL('../fixtures/dft/bulk1x1_lead.xyz', import.meta.url)), 'utf8'), 'bulk');

describe('imaginary-axis electron count', () => {
  it('Gauss–Legendre integrates polynomials of degree 2n−1 exactly', () => {
    const { x, w } = gaussLegendre(8, 0, 2);
    const I = Array.from(x).reduce((a, xi, i) => a + w[i]! * xi ** 15, 0);
    expect(I).toBeCloseTo(2 ** 16 / 16, 8);
  });
  for (const [name, N0] of [['s', 1], ['spd-lcn', 11]] as const) {
    it(`${name}: every atom of perfect Ag(111) (device = one ABC cell between its own leads) holds ${N0} e within 0.01 e`, () => {
      const m = getModel(name);
      const prep = prepareGeometry(m, slabGeometry(bulkCell, bulkCell, m.lattice / 4.153, m.name));
      const q = deviceCharges(prep, new Float64Array(3), { kpoints: [12, 12] });
      for (const x of q) expect(Math.abs(x - N0)).toBeLessThan(0.01);
    });
  }
  it('the model Fermi level of spd-lcn is the 11-electron bulk level (24³ mesh, ±0.02 eV mesh noise)', () => {
    const m = makeAgSpdModel();
    expect(Math.abs(bulkFermiLevel(m, 24) - m.fermiEnergy)).toBeLessThan(0.02);
  });
});

describe('MEAM ellipse screening of the tunnelling tail', () => {
  const a = 4.086, d = a / Math.SQRT2;
  it('fcc second neighbours are fully screened by their four common neighbours (C = 1)', () => {
    const env = new Float64Array([a / 2, a / 2, 0, a / 2, -a / 2, 0, a / 2, 0, a / 2, a / 2, 0, -a / 2]);
    expect(screening([0, 0, 0], [a, 0, 0], env)).toBe(0);
  });
  it('the second neighbour of a chain is screened by the atom between (C = 0)', () => {
    expect(screening([0, 0, 0], [2 * d, 0, 0], new Float64Array([d, 0, 0]))).toBe(0);
  });
  it('an open gap (atoms behind the pair) is unscreened', () => {
    const env = new Float64Array([0, 0, -d, 1, 1, -2, 0, 0, 5 + d]);
    expect(screening([0, 0, 0], [0, 0, 5], env)).toBe(1);
  });
  it('an atom beside the gap screens partially (0 < S < 1)', () => {
    const S = screening([0, 0, 0], [0, 0, 5], new Float64Array([3.87, 0, 2.5]));
    expect(S).toBeGreaterThan(0);
    expect(S).toBeLessThan(1);
  });
});
