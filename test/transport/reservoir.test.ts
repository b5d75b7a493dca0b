// Bulk-reservoir leads of tips mode (solver/reservoir.ts, device/layerLattice.ts).
// (1) The lateral Fourier sum is exact: on a grid of n×n primitive k it equals the surface Green's
//     function of the n×n supercell lead at Γ (one López Sancho decimation of the whole supercell).
// (2) The lattice fit recovers ideal (001) and (111) layers at any orientation and registry.
// (3) Physics with the s model: converged in depth (< 5 % per added layer from depth 2) and in the
//     reservoir's own grid, one channel, for pyramids of another generator.
import { describe, expect, it } from 'vitest';
import { getModel } from '../../src/transport/models/registry.ts';
import { blocksAtK, prepareGeometry } from '../../src/transport/device/blocks.ts';
import type { TransportGeometry } from '../../src/transport/device/geometry.ts';
import { surfaceGreen } from '../../src/transport/solver/surfaceGreen.ts';
import { reservoirSurfaceGreen } from '../../src/transport/solver/reservoir.ts';
import { fitLayerLattice } from '../../src/transport/device/layerLattice.ts';
import { snapshotTransmission } from '../../src/transport/snapshotTransmission.ts';
import type { Vec3 } from '../../src/system/types.ts';
import { pyramidPair } from './targetGeometries.ts';

/** fcc(001) principal layer (two layers) as primitive basis, its n×n sites, and a device adatom above */
function fcc001(a: number, n: number) {
  const d = a / Math.SQRT2, h = a / 2;
  const a1: Vec3 = [d, 0, 0], a2: Vec3 = [0, d, 0];
  const basis = new Float64Array([0, 0, 0, d / 2, d / 2, -h]);
  const T: Vec3 = [d, d, -2 * h];
  const sites: number[] = [], pos: number[] = [];
  for (let b = 0; b < 2; b++) for (let m1 = 0; m1 < n; m1++) for (let m2 = 0; m2 < n; m2++) {
    sites.push(b, m1, m2);
    pos.push(basis[3 * b]! + m1 * d, basis[3 * b + 1]! + m2 * d, basis[3 * b + 2]!);
  }
  const device = new Float64Array([d / 2, d / 2, h]);
  return { a1, a2, basis, T, sites: Int32Array.from(sites), cell: Float64Array.from(pos), device };
}

/** fcc(111) principal layer (two layers, ABC stacking shift s = (a1 + a2)/3), its n×n sites, and a device adatom above */
function fcc111(a: number, n: number) {
  const d = a / Math.SQRT2, c = a / Math.sqrt(3);
  const a1: Vec3 = [d, 0, 0], a2: Vec3 = [d / 2, (d * Math.sqrt(3)) / 2, 0], s = [(a1[0] + a2[0]) / 3, (a1[1] + a2[1]) / 3];
  const basis = new Float64Array([0, 0, 0, s[0]!, s[1]!, -c]);
  const T: Vec3 = [2 * s[0]!, 2 * s[1]!, -2 * c];
  const sites: number[] = [], pos: number[] = [];
  for (let b = 0; b < 2; b++) for (let m1 = 0; m1 < n; m1++) for (let m2 = 0; m2 < n; m2++) {
    sites.push(b, m1, m2);
    pos.push(basis[3 * b]! + m1 * a1[0] + m2 * a2[0], basis[3 * b + 1]! + m1 * a1[1] + m2 * a2[1], basis[3 * b + 2]!);
  }
  return { a1, a2, basis, T, sites: Int32Array.from(sites), cell: Float64Array.from(pos), device: new Float64Array([-s[0]!, -s[1]!, c]) };
}

describe('bulk reservoir: the lateral Fourier sum', () => {
  for (const [name, n, face] of [['s', 3, '001'], ['spd-pbe', 2, '001'], ['s', 3, '111'], ['spd-pbe', 2, '111']] as const) {
    it(`${name}, (${face}): g on the sites of an ${n}×${n} patch equals the ${n}×${n} supercell lead's surface Green's function at Γ (1e-9)`, () => {
      const model = getModel(name), c = (face === '001' ? fcc001 : fcc111)(model.lattice, n);
      const lead = { cell: c.cell, T: c.T };
      const reservoirGeo: TransportGeometry = {
        device: c.device, left: { ...lead, reservoir: { a1: c.a1, a2: c.a2, origin: [0, 0, 0], basis: c.basis, sites: c.sites } }, right: lead,
        lateral: null, leadKey: 'test-reservoir', info: {},
      };
      const supercellGeo: TransportGeometry = { device: c.device, left: lead, right: lead, lateral: [[n * c.a1[0], n * c.a1[1], 0], [n * c.a2[0], n * c.a2[1], 0]], leadKey: 'test-supercell', info: {} };
      const E = model.fermiEnergy + 0.13, eta = 0.02;
      const g1 = reservoirSurfaceGreen(prepareGeometry(model, reservoirGeo).reservoirs.left!, E, eta, { n, eta });
      const g2 = surfaceGreen(blocksAtK(prepareGeometry(model, supercellGeo), [0, 0]).left.lead, E, { eta }).g;
      expect(g1.rows).toBe(g2.rows);
      let max = 0, scale = 0;
      for (let i = 0; i < g1.re.length; i++) {
        max = Math.max(max, Math.abs(g1.re[i]! - g2.re[i]!), Math.abs(g1.im[i]! - g2.im[i]!));
        scale = Math.max(scale, Math.abs(g2.re[i]!), Math.abs(g2.im[i]!));
      }
      expect(scale).toBeGreaterThan(0.01);
      expect(max).toBeLessThan(1e-9 * Math.max(1, scale));
    });
  }
});

describe('bulk reservoir: lattice of two measured layers', () => {
  const a = 4.153, d = a / Math.SQRT2;
  let seed = 7;
  const noise = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 0.2; // ±0.1 Å
  const layer = (kind: '001' | '111', th: number, o: [number, number], k: number) => {
    const g = kind === '001' ? Math.PI / 2 : Math.PI / 3, s = kind === '001' ? 0.5 : 1 / 3;
    const a1 = [d * Math.cos(th), d * Math.sin(th)], a2 = [d * Math.cos(th + g), d * Math.sin(th + g)];
    const out: [number, number][] = [];
    for (let i = -3; i <= 3; i++) for (let j = -3; j <= 3; j++) {
      const u = i + k * s, v = j + k * s;
      out.push([o[0] + u * a1[0]! + v * a2[0]! + noise(), o[1] + u * a1[1]! + v * a2[1]! + noise()]);
    }
    return out;
  };
  for (const kind of ['001', '111'] as const) {
    it(`(${kind}) layers rotated by 0.3 rad with an offset and ±0.1 Å noise: kind, spacing, stacking shift and registry recovered`, () => {
      const o: [number, number] = [0.37, -1.21];
      const f = fitLayerLattice(layer(kind, 0.3, o, 0), layer(kind, 0.3, o, 1), a, 'test');
      expect(f.kind).toBe(kind);
      expect(f.h).toBeCloseTo(kind === '001' ? a / 2 : a / Math.sqrt(3), 12);
      expect(f.rms).toBeLessThan(0.12);
      // the shift is the ideal one (a1 + a2)/2 or ±(a1 + a2)/3 of the fitted lattice, length d/√2 or d/√3
      expect(Math.hypot(...f.shift)).toBeCloseTo(kind === '001' ? d / Math.SQRT2 : d / Math.sqrt(3), 9);
      // the origin is a lattice site of the first layer: within the noise of one of its atoms
      const near = Math.min(...layer(kind, 0.3, o, 0).map((p) => Math.hypot(p[0] - f.origin[0], p[1] - f.origin[1])));
      expect(near).toBeLessThan(0.15);
    });
  }
  it('layers that are not fcc layers of the lattice are a named error with a fix', () => {
    const random = Array.from({ length: 40 }, (_, i) => [Math.sin(i * 12.9898) * 10, Math.sin(i * 78.233) * 10] as [number, number]);
    expect(() => fitLayerLattice(random, random, a, 'tips mode, lower lead')).toThrow(/tips mode, lower lead.*Fix:/);
  });
});

describe('bulk reservoir: s model, (001) pyramids from another generator', () => {
  it('single atom between the apexes: T in [0.85, 1], first channel ≥ 95 %, < 5 % change per added layer from depth 2 to 5', () => {
    const snap = pyramidPair(4.09, 8, 0, { bridge: 1, bond: 2.85 });
    const T = [2, 3, 4, 5].map((depth) => {
      const r = snapshotTransmission(snap, { model: 's', mode: 'tips', depth, kpoints: [1, 1] });
      expect(r.T[0]!, `depth ${depth}`).toBeGreaterThanOrEqual(0.85);
      expect(r.T[0]!).toBeLessThanOrEqual(1);
      expect(r.channels[0]![0]! / r.T[0]!).toBeGreaterThanOrEqual(0.95);
      return r.T[0]!;
    });
    for (let i = 1; i < T.length; i++) expect(Math.abs(T[i]! - T[i - 1]!) / T[i - 1]!, `depth ${i + 1} → ${i + 2}`).toBeLessThan(0.05);
  });
  it('the reservoir grid is converged: n = 16 and 64 primitive k per axis agree with the default to 0.5 %', async () => {
    const { prepareSnapshot } = await import('../../src/transport/snapshotTransmission.ts');
    const { caroli } = await import('../../src/transport/solver/caroli.ts');
    const u = prepareSnapshot(pyramidPair(4.09, 8, 0, { bridge: 1, bond: 2.85 }), { model: 's', mode: 'tips', depth: 3, kpoints: [1, 1] });
    const b = blocksAtK(u.prep, [0, 0]), E = u.model.fermiEnergy;
    const T = (grid?: { n: number; eta: number }) => {
      const gL = reservoirSurfaceGreen(u.prep.reservoirs.left!, E, 1e-5, grid), gR = reservoirSurfaceGreen(u.prep.reservoirs.right!, E, 1e-5, grid);
      return caroli(b, E, { eta: 1e-5, gL, gR }).T;
    };
    const ref = T();
    for (const n of [16, 64]) expect(Math.abs(T({ n, eta: 0.02 }) - ref) / ref).toBeLessThan(0.005);
    expect(Math.abs(T({ n: 64, eta: 0.005 }) - ref) / ref).toBeLessThan(0.005);
  });
  it('T(E) of the single-atom contact is smooth over ±1 eV (no jump > 0.1 between energies 0.01 eV apart)', () => {
    const Es = Array.from({ length: 201 }, (_, i) => -1 + 0.01 * i);
    const r = snapshotTransmission(pyramidPair(4.09, 7, 0, { bridge: 1, bond: 2.85 }), { model: 's', mode: 'tips', kpoints: [1, 1], energies: Es });
    for (let i = 1; i < Es.length; i++) expect(Math.abs(r.T[i]! - r.T[i - 1]!)).toBeLessThan(0.1);
  });
});
