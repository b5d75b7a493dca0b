// Models: bulk Fermi levels and bands (transport.md §1), Hermitian blocks, perfect-crystal integer T (§3.2).
import { describe, expect, it } from 'vitest';
import { getModel } from '../../src/transport/models/registry.ts';
import { bulkBands, bulkFermiLevel } from '../../src/transport/models/bulk.ts';
import type { TBModel } from '../../src/transport/models/types.ts';
import { blocksAtK, prepareGeometry } from '../../src/transport/device/blocks.ts';
import { fcc111Frame } from '../../src/transport/device/paperDevice.ts';
import type { TransportGeometry } from '../../src/transport/device/geometry.ts';
import { caroli } from '../../src/transport/solver/caroli.ts';
import { RYDBERG_EV } from '../../src/core/units.ts';

/** A model defined entirely in the test (adding a model touches no solver code): NN s band, t = −1. */
const nnModel: TBModel = {
  name: 'test-nn', norb: 1, cutoff: 3.2, lattice: 4.086, fermiEnergy: 0.915, electrons: 1,
  mirrorZParity: Int8Array.of(1),
  onsite: (_z, out) => void (out[0] = 0),
  hop: (dx, dy, dz, out) => void (out[0] = Math.hypot(dx, dy, dz) < 3.2 ? -1 : 0),
  describe: 'test',
};

/** n perfect fcc(111) 3×3 layers continuing ABC into both leads. */
function perfectCrystal(a: number, layers: number): TransportGeometry {
  const F = fcc111Frame(a);
  const layer = (n: number) => {
    const out: number[] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) out.push(i * F.a1[0] + j * F.a2[0] + n * F.s[0], i * F.a1[1] + j * F.a2[1] + n * F.s[1], n * F.c);
    return out;
  };
  const dev: number[] = [];
  for (let n = 0; n < layers; n++) dev.push(...layer(n));
  return {
    device: new Float64Array(dev),
    left: { cell: new Float64Array(layer(-1)), T: [-F.s[0], -F.s[1], -F.c] },
    right: { cell: new Float64Array(layer(layers)), T: [F.s[0], F.s[1], F.c] },
    lateral: [F.A1, F.A2], leadKey: 'perfect', info: {},
  };
}

describe('tight-binding models', () => {
  it('s model: half-filling E_F matches the stored constant', () => {
    const m = getModel('s');
    expect(Math.abs(bulkFermiLevel(m, 32) - m.fermiEnergy)).toBeLessThan(0.005);
  });
  it('spd model: E_F (11 e) and band energies match transport.md §1c (0.47614 Ry; Γ1 −7.93, Γ25′ −5.40, Γ12 −4.23, X4′ +0.38 eV)', () => {
    const m = getModel('spd');
    const ef = bulkFermiLevel(m, 12);
    expect(Math.abs(ef - m.fermiEnergy)).toBeLessThan(0.02);
    expect(Math.abs(m.fermiEnergy - 0.47614 * RYDBERG_EV)).toBeLessThan(0.005);
    const g = Array.from(bulkBands(m, [0, 0, 0])).map((e) => e - m.fermiEnergy);
    expect(g[0]).toBeCloseTo(-7.93, 1);
    expect(g[1]).toBeCloseTo(-5.4, 1);
    expect(g[4]).toBeCloseTo(-4.23, 1);
    const x = Array.from(bulkBands(m, [(2 * Math.PI) / m.lattice, 0, 0])).map((e) => e - m.fermiEnergy);
    expect(x[5]).toBeCloseTo(0.38, 1);
  });
  it('an unknown model is a clear error', () => {
    expect(() => getModel('gold')).toThrow(/unknown tight-binding model "gold".*Fix: use one of s, spd/);
  });
  it('H(k) blocks are Hermitian (spd, off-symmetric k)', () => {
    const m = getModel('spd');
    const p = prepareGeometry(m, perfectCrystal(m.lattice, 2));
    const b = blocksAtK(p, [0.13, 0.37]);
    const h = b.hDD, n = h.rows;
    let err = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) err = Math.max(err, Math.abs(h.re[i * n + j]! - h.re[j * n + i]!), Math.abs(h.im[i * n + j]! + h.im[j * n + i]!));
    expect(err).toBeLessThan(1e-12);
  });
  it('perfect crystal between its own leads: integer T(E, k) = open channels (transport.md §3.2 table)', () => {
    const p = prepareGeometry(nnModel, perfectCrystal(4.086, 2));
    const table: [[number, number], number[]][] = [
      [[0, 0], [1, 1, 7, 6, 6]],
      [[0.13, 0.37], [0, 2, 5, 6, 6]],
      [[0.5, 0.25], [0, 3, 5, 8, 6]],
    ];
    const Es = [-11, -6.3, -2.2, 0.915, 3.1];
    for (const [k, want] of table) {
      const b = blocksAtK(p, k);
      Es.forEach((E, i) => {
        const r = caroli(b, E, { eta: 1e-7 });
        expect(Math.abs(r.T - want[i]!)).toBeLessThan(1e-5);
        expect(r.openL).toBe(want[i]);
      });
    }
  });
  it('perfect crystal with the s, spd and spd-pbe (second-shell) models: T integer at every k (3×3 grid)', () => {
    for (const name of ['s', 'spd', 'spd-pbe']) {
      const m = getModel(name);
      const p = prepareGeometry(m, perfectCrystal(m.lattice, 2));
      for (const k of [[0, 0], [1 / 3, 0], [1 / 3, 1 / 3]] as [number, number][]) {
        const r = caroli(blocksAtK(p, k), m.fermiEnergy + 0.1, { eta: 1e-7 });
        expect(Math.abs(r.T - Math.round(r.T))).toBeLessThan(1e-5);
        expect(Math.round(r.T)).toBe(r.openL);
      }
    }
  });
});
