// The recursive Green's function (solver/rgf.ts, the default) against the dense reference (one LU
// of the whole device): same T, T_RL, eigenchannels and per-orbital charges to 1e-10 on a chain, a
// bridge (paper mode), two pyramids (tips mode), a slab cell, a disconnected device; and the
// partition is block tridiagonal with the interfaces in the end blocks.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cmat, type CMat } from '../../src/transport/linalg/cmat.ts';
import { caroli, interfaceRows, rgfFor, type DeviceBlocks } from '../../src/transport/solver/caroli.ts';
import { surfaceGreen } from '../../src/transport/solver/surfaceGreen.ts';
import { getModel } from '../../src/transport/models/registry.ts';
import { blocksAtK, prepareGeometry, type PreparedGeometry } from '../../src/transport/device/blocks.ts';
import { orbitalCharges } from '../../src/transport/neutrality.ts';
import { tipsFromSnapshot } from '../../src/transport/device/fromSnapshot.ts';
import { parsePeriodicXyz, slabGeometry } from '../../src/transport/device/slabDevice.ts';
import { paperGeometry } from '../../src/transport/device/paperDevice.ts';
import type { TransportGeometry } from '../../src/transport/device/geometry.ts';
import { chain, constriction, pyramidPair } from './targetGeometries.ts';

const TOL = 1e-10;
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(0, ...Array.from(a, (x, i) => Math.abs(x - b[i]!)));

function real(rows: number, cols: number, entries: [number, number, number][]): CMat {
  const m = cmat(rows, cols);
  for (const [i, j, v] of entries) m.re[i * cols + j] = v;
  return m;
}

/** dense vs RGF at one energy: T, T_RL, channels, open channels */
function compare(dev: DeviceBlocks, E: number, eta: number) {
  const gL = surfaceGreen(dev.left.lead, E, { eta }).g, gR = surfaceGreen(dev.right.lead, E, { eta }).g;
  const d = caroli(dev, E, { eta, gL, gR, reverse: true, solver: 'dense' });
  const r = caroli(dev, E, { eta, gL, gR, reverse: true });
  expect(Math.abs(d.T - r.T)).toBeLessThan(TOL);
  expect(Math.abs(d.TRL! - r.TRL!)).toBeLessThan(TOL);
  expect(r.channels.length).toBe(d.channels.length);
  expect(maxDiff(d.channels, r.channels)).toBeLessThan(TOL);
  expect([r.openL, r.openR]).toEqual([d.openL, d.openR]);
  // transmission alone takes the LU-solve sweep (no inverses)
  const f = caroli(dev, E, { eta, gL, gR });
  expect(Math.abs(d.T - f.T)).toBeLessThan(TOL);
  expect(maxDiff(d.channels, f.channels)).toBeLessThan(TOL);
  return { dense: d, rgf: r };
}

/** the partition couples only neighbouring blocks, covers every orbital once, and holds IL / IR in the end blocks */
function checkPlan(dev: DeviceBlocks) {
  const { plan } = rgfFor(dev);
  const n = dev.hDD.rows, owner = new Int32Array(n).fill(-1);
  plan.blocks.forEach((b, k) => b.forEach((i) => (expect(owner[i]).toBe(-1), (owner[i] = k))));
  plan.free.forEach((b) => b.forEach((i) => (expect(owner[i]).toBe(-1), (owner[i] = -2))));
  expect(Array.from(owner).every((o) => o !== -1)).toBe(true);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    if (dev.hDD.re[i * n + j] === 0 && dev.hDD.im[i * n + j] === 0) continue;
    if (i === j) continue;
    if (owner[i] === -2 || owner[j] === -2) expect(owner[i]).toBe(owner[j]);
    else expect(Math.abs(owner[i]! - owner[j]!)).toBeLessThanOrEqual(1);
  }
  for (const i of interfaceRows(dev.left.vDL)) expect(owner[i]).toBe(0);
  for (const i of interfaceRows(dev.right.vDL)) expect(owner[i]).toBe(plan.blocks.length - 1);
  return plan;
}

function chargesAgree(prep: PreparedGeometry, kpoints: [number, number], nodes: number) {
  const na = prep.geometry.device.length / 3;
  const shifts = Float64Array.from({ length: na }, (_, i) => 0.3 * Math.sin(1.7 * i));
  const d = orbitalCharges(prep, shifts, { kpoints, nodes, solver: 'dense' });
  const r = orbitalCharges(prep, shifts, { kpoints, nodes });
  expect(maxDiff(d, r)).toBeLessThan(TOL);
}

function geometryCase(name: string, model: string, geo: () => TransportGeometry, k: [number, number], energies: number[], chargeK: [number, number] = [2, 2], nodes = 3) {
  it(`${name} (${model}): T, T_RL, channels and charges equal the dense solver`, () => {
    const m = getModel(model);
    const prep = prepareGeometry(m, geo());
    const b = blocksAtK(prep, k);
    const plan = checkPlan(b);
    expect(plan.blocks.length).toBeGreaterThan(2); // a real partition, not one dense block
    for (const dE of energies) compare(b, m.fermiEnergy + dE, 1e-5);
    chargesAgree(prep, prep.geometry.lateral ? chargeK : [1, 1], nodes);
  });
}

describe('RGF = dense: model chains', () => {
  const lead = { h00: real(1, 1, []), h01: real(1, 1, [[0, 0, -1]]) };
  function chainDevice(eps: number[], hop: number[], extra: [number, number, number][] = []): DeviceBlocks {
    const n = eps.length, e: [number, number, number][] = eps.map((v, i) => [i, i, v]);
    hop.forEach((h, i) => e.push([i, i + 1, h], [i + 1, i, h]));
    for (const [i, j, v] of extra) e.push([i, j, v], [j, i, v]);
    return { hDD: real(n, n, e), left: { lead, vDL: real(n, 1, [[0, 0, -1]]) }, right: { lead, vDL: real(n, 1, [[n - 1, 0, -1]]) } };
  }
  it('disordered chain with second-neighbour bonds: one block per two sites, T equal at every energy', () => {
    const eps = [0.3, -0.2, 0.5, 0, -0.4, 0.1, 0.2, -0.1];
    const dev = chainDevice(eps, [-1, -0.8, -1.1, -0.9, -1, -0.7, -1], [[1, 3, -0.2], [4, 6, 0.15]]);
    const plan = checkPlan(dev);
    expect(plan.blocks.length).toBeGreaterThan(3);
    for (const E of [-1.7, -0.5, 0.01, 0.9, 1.8]) compare(dev, E, 1e-7);
  });
  it('a broken chain (no path from left to right): T = 0 exactly in both, charges-like diagonal equal', () => {
    const dev = chainDevice([0, 0, 0, 0], [-1, 0, -1]);
    const plan = checkPlan(dev);
    expect(plan.blocks.length).toBe(4);
    const { rgf } = compare(dev, 0.3, 1e-7);
    expect(rgf.T).toBe(0);
  });
  it('a site coupled to nothing is a free block', () => {
    const dev = chainDevice([0, 0, 0.2, 0], [-1, 0, 0]);
    dev.hDD.re[1 * 4 + 3] = dev.hDD.re[3 * 4 + 1] = -1; // 0–1–3 connected, site 2 isolated
    const plan = checkPlan(dev);
    expect(plan.free.map((b) => Array.from(b))).toEqual([[2]]);
    compare(dev, 0.4, 1e-7);
  });
});

describe('RGF = dense: transport geometries', () => {
  const fixture = (name: string) => parsePeriodicXyz(readFileSync(fileURLToPath(new URL(`../fixtures/dft/${name}`, import.meta.url)), 'utf8'), name);
  geometryCase('single-atom bridge, paper mode', 's', () => constriction(getModel('s').lattice, 1), [0.1, 0.23], [0, -0.7, 0.5]);
  geometryCase('single-atom bridge, paper mode', 'spd-lcn', () => constriction(getModel('spd-lcn').lattice, 1), [0.1, 0.23], [0, 0.4], [1, 1]);
  geometryCase('three-atom chain, paper mode', 'spd-lcn', () => chain(getModel('spd-lcn').lattice, 3).geometry, [0.3, -0.1], [0]);
  geometryCase('open 5 Å gap (tunnelling tail only), paper mode', 'spd-lcn', () => paperGeometry(getModel('spd-lcn').lattice, 5, new Float64Array(0), 2, 'rgf-gap'), [0.2, 0.1], [0]);
  geometryCase('bridged (001) pyramids, tips mode', 's', () => tipsFromSnapshot(getModel('s'), pyramidPair(4.086, 6, 0, { bridge: 1, bond: 2.85 })), [0, 0], [0, 0.3]);
  geometryCase('bridged (001) pyramids, tips mode (depth 1)', 'spd-lcn', () => tipsFromSnapshot(getModel('spd-lcn'), pyramidPair(4.086, 4, 0, { bridge: 1, bond: 2.85 }), 1), [0, 0], [0]);
  geometryCase('two-atom chain cell, slab mode', 'spd-lcn', () => {
    const m = getModel('spd-lcn');
    return slabGeometry(fixture('c2_atom2_scatt.xyz'), fixture('lead_2x2.xyz'), m.lattice / 4.153, m.name);
  }, [1 / 6, 1 / 3], [0]);
});

describe('cross-section transmission (rgfCrossSection: the device folded onto its narrowest block)', () => {
  it('two-atom chain (spd-pbe, paper mode): cut at a chain atom, T and channels equal the G[IL, IR] sweep and the dense solver', () => {
    const m = getModel('spd-pbe');
    const b = blocksAtK(prepareGeometry(m, chain(m.lattice, 2).geometry), [0.1, 0.23]);
    const sys = rgfFor(b);
    expect(sys.cut).toBeGreaterThanOrEqual(0);
    expect(sys.plan.blocks[sys.cut]!.length).toBe(9); // one chain atom
    const sweep = { ...sys, cut: -1 };
    for (const dE of [0, 0.3]) {
      const E = m.fermiEnergy + dE;
      const gL = surfaceGreen(b.left.lead, E, { eta: 1e-5 }).g, gR = surfaceGreen(b.right.lead, E, { eta: 1e-5 }).g;
      const x = caroli(b, E, { eta: 1e-5, gL, gR, rgf: sys });
      const s = caroli(b, E, { eta: 1e-5, gL, gR, rgf: sweep });
      const d = caroli(b, E, { eta: 1e-5, gL, gR, solver: 'dense' });
      expect(x.T).toBeGreaterThan(0.05);
      for (const o of [s, d]) {
        expect(Math.abs(x.T - o.T)).toBeLessThan(TOL);
        expect(x.channels.length).toBe(o.channels.length);
        expect(maxDiff(o.channels, x.channels)).toBeLessThan(TOL);
        expect([x.openL, x.openR]).toEqual([o.openL, o.openR]);
      }
    }
  });
});
