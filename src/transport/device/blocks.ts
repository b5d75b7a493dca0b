/**
 * Assembles the k-dependent Hamiltonian blocks of a TransportGeometry for a model:
 *     H_ij(k) = Σ_R h(r_j + s + R − r_i) · exp(2πi (f1 m1 + f2 m2)),   R = m1 A1 + m2 A2
 * (s = the translation between the two atom sets of the block, f = k in fractions of the supercell
 * reciprocal vectors). Real-space pair lists are built once per geometry (PairTable); each k only
 * multiplies by phases. Onsite energies use the smooth coordination of every atom counted over the
 * device and both leads (lead atoms: over the infinite lead), so the model's neutrality shifts are
 * identical in the lead and in the device buffer (a perfect crystal device gives integer T).
 * Range checks: couplings L1↔L1+2T or D↔L1+T must vanish (principal layer / buffer too thin).
 */
import { RewireError } from '../../core/errors.ts';
import { assemble, type Pair, type PairTable } from '../linalg/bloch.ts';
import type { DeviceBlocks } from '../solver/caroli.ts';
import { coordinationWeight, COORDINATION_RANGE } from '../models/coordination.ts';
import { thirdBodies, type TBModel } from '../models/types.ts';
import { beyond, within, type TransportGeometry } from './geometry.ts';
import type { Vec3 } from '../../system/types.ts';
import { tailPairs } from './tail.ts';
import type { ReservoirLead } from '../solver/reservoir.ts';

export interface PreparedGeometry {
  model: TBModel;
  geometry: TransportGeometry;
  hDD: PairTable;
  vL: PairTable;
  vR: PairTable;
  l00: PairTable;
  l01: PairTable;
  r00: PairTable;
  r01: PairTable;
  /** coordination of the device atoms */
  Zdevice: Float64Array;
  /** bulk-reservoir leads (LeadGeometry.reservoir): their primitive principal layers */
  reservoirs: { left?: ReservoirLead; right?: ReservoirLead };
}

function images(g: TransportGeometry, range: number): [number, number, Vec3][] {
  if (!g.lateral) return [[0, 0, [0, 0, 0]]];
  const [A1, A2] = g.lateral;
  // conservative image range: |m| ≤ range / (height of the cell across the other vector) + 1
  const cross = Math.abs(A1[0] * A2[1] - A1[1] * A2[0]);
  const h1 = cross / Math.hypot(A2[0], A2[1]), h2 = cross / Math.hypot(A1[0], A1[1]);
  const M1 = Math.ceil(range / h1) + 1, M2 = Math.ceil(range / h2) + 1;
  const out: [number, number, Vec3][] = [];
  for (let a = -M1; a <= M1; a++) for (let b = -M2; b <= M2; b++) out.push([a, b, [a * A1[0] + b * A2[0], a * A1[1] + b * A2[1], a * A1[2] + b * A2[2]]]);
  return out;
}

const NONE = new Float64Array(0);

/** atoms of `env` (with lateral images) within `range` of each atom of A: [x, y, z, …] per atom */
function envNeighbours(g: TransportGeometry, A: Float64Array, env: { pos: Float64Array; shift: Vec3 }[], range: number): Float64Array[] {
  const imgs = images(g, range), out: Float64Array[] = [];
  for (let i = 0; i < A.length / 3; i++) {
    const near: number[] = [];
    for (const e of env) for (let l = 0; l < e.pos.length / 3; l++) for (const [, , R] of imgs) {
      const x = e.pos[3 * l]! + e.shift[0] + R[0], y = e.pos[3 * l + 1]! + e.shift[1] + R[1], z = e.pos[3 * l + 2]! + e.shift[2] + R[2];
      if (within(x - A[3 * i]!, y - A[3 * i + 1]!, z - A[3 * i + 2]!, range)) near.push(x, y, z);
    }
    out.push(Float64Array.from(near));
  }
  return out;
}

/**
 * Pairs of A × (B + shift + lateral images) with a nonzero block. A model with screened hoppings
 * (TBModel.screened) gets each pair's third bodies from `env` (every atom that can lie within the
 * screening range of an atom of A: the device and the lead layers next to it; for a lead layer, the
 * layers on both sides); without env (the range checks) its bonds are unscreened.
 */
function pairTable(model: TBModel, g: TransportGeometry, A: Float64Array, B: Float64Array, shift: Vec3, skipSelf: boolean, env?: { pos: Float64Array; shift: Vec3 }[]): PairTable {
  const nb = model.norb, na = A.length / 3, nB = B.length / 3;
  const pairs: Pair[] = [];
  const rc = model.cutoff;
  const imgs = images(g, rc);
  const buf = new Float64Array(nb * nb);
  const scr = model.screened;
  const near = scr && env ? envNeighbours(g, A, env, scr.range) : undefined;
  let third: Float64Array = new Float64Array(64);
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nB; j++) {
      for (const [m1, m2, R] of imgs) {
        const dx = B[3 * j]! + shift[0] + R[0] - A[3 * i]!;
        const dy = B[3 * j + 1]! + shift[1] + R[1] - A[3 * i + 1]!;
        const dz = B[3 * j + 2]! + shift[2] + R[2] - A[3 * i + 2]!;
        if (beyond(dx * dx + dy * dy + dz * dz, rc)) continue;
        const r = Math.hypot(dx, dy, dz);
        if (r >= rc) continue;
        if (skipSelf && r < 1e-9) continue;
        if (scr) {
          // third bodies l: within range of i (near[i]) and of j, neither i nor j
          const t = thirdBodies(near ? near[i]! : NONE, A[3 * i]!, A[3 * i + 1]!, A[3 * i + 2]!, dx, dy, dz, scr.range, third);
          third = t.third;
          scr.hop(dx, dy, dz, third, t.n, buf);
        } else model.hop(dx, dy, dz, buf);
        if (buf.every((x) => x === 0)) continue;
        pairs.push({ i, j, m1, m2, h: buf.slice() });
      }
    }
  }
  return { rows: na * nb, cols: nB * nb, pairs };
}

function coordination(g: TransportGeometry, atoms: Float64Array, env: { pos: Float64Array; shift: Vec3 }[]): Float64Array {
  const n = atoms.length / 3, Z = new Float64Array(n);
  const imgs = images(g, COORDINATION_RANGE);
  for (let i = 0; i < n; i++) {
    for (const e of env) {
      for (let j = 0; j < e.pos.length / 3; j++) {
        for (const [, , R] of imgs) {
          const dx = e.pos[3 * j]! + e.shift[0] + R[0] - atoms[3 * i]!, dy = e.pos[3 * j + 1]! + e.shift[1] + R[1] - atoms[3 * i + 1]!, dz = e.pos[3 * j + 2]! + e.shift[2] + R[2] - atoms[3 * i + 2]!;
          if (beyond(dx * dx + dy * dy + dz * dz, COORDINATION_RANGE)) continue; // weight 0 there
          const r = Math.hypot(dx, dy, dz);
          if (r > 1e-9) Z[i]! += coordinationWeight(r);
        }
      }
    }
  }
  return Z;
}

const add = (a: Vec3, b: Vec3, s = 1): Vec3 => [a[0] + s * b[0], a[1] + s * b[1], a[2] + s * b[2]];
const ZERO: Vec3 = [0, 0, 0];

/** the environment of a lead's principal layer `pos` (translation T into the lead): the layers on both sides of it, the infinite lead */
const layerEnv = (pos: Float64Array, T: Vec3) => [{ pos, shift: add(ZERO, T, -1) }, { pos, shift: ZERO }, { pos, shift: T }];

/** Real-space preparation (k-independent), with the range checks. */
export function prepareGeometry(model: TBModel, g: TransportGeometry): PreparedGeometry {
  const D = g.device, L = g.left, Rl = g.right;
  // checks: lead couples only to the next PL; device couples only to L1/R1
  for (const [name, lead] of [['left', L], ['right', Rl]] as const) {
    if (pairTable(model, g, lead.cell, lead.cell, add(lead.T, lead.T), false).pairs.length > 0) {
      throw new RewireError(`${name} lead`, 'principal layer thinner than the hopping range (couples beyond the next layer)', 'use a thicker principal layer');
    }
    if (pairTable(model, g, D, lead.cell, lead.T, false).pairs.length > 0) {
      throw new RewireError('device', `device atoms couple to the second ${name}-lead layer`, 'add buffer layers of the lead to the device');
    }
  }
  const envDevice = [
    { pos: D, shift: ZERO }, { pos: L.cell, shift: ZERO }, { pos: L.cell, shift: L.T },
    { pos: Rl.cell, shift: ZERO }, { pos: Rl.cell, shift: Rl.T },
  ];
  const Zd = coordination(g, D, envDevice);
  const leadZ = (lead: typeof L) => {
    if (!lead.reservoir) return coordination(g, lead.cell, [{ pos: lead.cell, shift: ZERO }, { pos: lead.cell, shift: lead.T }, { pos: lead.cell, shift: add(ZERO, lead.T, -1) }]);
    // every site of a reservoir is a bulk site of the ideal crystal
    const Zb = primitiveZ(g, lead.reservoir, lead.T), sites = lead.reservoir.sites;
    return Float64Array.from({ length: sites.length / 3 }, (_, i) => Zb[sites[3 * i]!]!);
  };
  const onsites = (Z: Float64Array) => {
    const nb = model.norb, out = new Float64Array(Z.length * nb), tmp = new Float64Array(nb);
    Z.forEach((z, i) => {
      model.onsite(z, tmp);
      out.set(tmp, i * nb);
    });
    return out;
  };
  const hDD = pairTable(model, g, D, D, ZERO, true, envDevice);
  if (model.tail) hDD.pairs.push(...tailPairs(model, g, images(g, model.tail.to)));
  hDD.onsite = onsites(Zd);
  // a lead layer's third bodies: the layers on both sides (the infinite lead)
  const envLead = (lead: typeof L) => layerEnv(lead.cell, lead.T);
  const l00 = pairTable(model, g, L.cell, L.cell, ZERO, true, envLead(L));
  l00.onsite = onsites(leadZ(L));
  const r00 = pairTable(model, g, Rl.cell, Rl.cell, ZERO, true, envLead(Rl));
  r00.onsite = onsites(leadZ(Rl));
  const reservoirs: PreparedGeometry['reservoirs'] = {};
  if (L.reservoir) reservoirs.left = reservoirLead(model, g, L.reservoir, L.T, onsites);
  if (Rl.reservoir) reservoirs.right = reservoirLead(model, g, Rl.reservoir, Rl.T, onsites);
  return {
    model, geometry: g, hDD, l00, r00, reservoirs,
    l01: pairTable(model, g, L.cell, L.cell, L.T, false, envLead(L)),
    r01: pairTable(model, g, Rl.cell, Rl.cell, Rl.T, false, envLead(Rl)),
    vL: pairTable(model, g, D, L.cell, ZERO, false, envDevice),
    vR: pairTable(model, g, D, Rl.cell, ZERO, false, envDevice),
    Zdevice: Zd,
  };
}

type Reservoir = NonNullable<TransportGeometry['left']['reservoir']>;
const latticeOf = (g: TransportGeometry, r: Reservoir): TransportGeometry => ({ ...g, lateral: [r.a1, r.a2] });

/** coordination of the basis atoms of a reservoir's primitive principal layer in the infinite crystal */
function primitiveZ(g: TransportGeometry, r: Reservoir, T: Vec3): Float64Array {
  return coordination(latticeOf(g, r), r.basis, [{ pos: r.basis, shift: ZERO }, { pos: r.basis, shift: T }, { pos: r.basis, shift: add(ZERO, T, -1) }]);
}

/** the primitive principal layer of a reservoir as k-dependent blocks (k in fractions of its own reciprocal vectors) */
function reservoirLead(model: TBModel, g: TransportGeometry, r: Reservoir, T: Vec3, onsites: (Z: Float64Array) => Float64Array): ReservoirLead {
  const lat = latticeOf(g, r), nb = model.norb;
  if (pairTable(model, lat, r.basis, r.basis, add(T, T), false).pairs.length > 0) {
    throw new RewireError('reservoir lead', 'principal layer thinner than the hopping range (couples beyond the next layer)', 'use a thicker principal layer');
  }
  const env = layerEnv(r.basis, T);
  const p00 = pairTable(model, lat, r.basis, r.basis, ZERO, true, env);
  p00.onsite = onsites(primitiveZ(g, r, T));
  const p01 = pairTable(model, lat, r.basis, r.basis, T, false, env);
  return { nb, sites: r.sites, h00: p00, h01: p01 };
}

/** k-dependent blocks for the solver; f = k in fractions of the supercell reciprocal vectors. */
export function blocksAtK(p: PreparedGeometry, f: [number, number]): DeviceBlocks {
  const nb = p.model.norb;
  return {
    hDD: assemble(p.hDD, nb, f),
    left: { lead: { h00: assemble(p.l00, nb, f), h01: assemble(p.l01, nb, f) }, vDL: assemble(p.vL, nb, f) },
    right: { lead: { h00: assemble(p.r00, nb, f), h01: assemble(p.r01, nb, f) }, vDL: assemble(p.vR, nb, f) },
  };
}

/** Monkhorst–Pack fractions of an n1×n2 grid (Γ only for 1×1 or no lateral periodicity). */
export function kGrid(n: [number, number], lateral: boolean): [number, number][] {
  if (!lateral) return [[0, 0]];
  const out: [number, number][] = [];
  for (let i = 0; i < n[0]; i++) for (let j = 0; j < n[1]; j++) out.push([(2 * i - n[0] + 1) / (2 * n[0]), (2 * j - n[1] + 1) / (2 * n[1])]);
  return out;
}

/** Γ-centred n1×n2 grid k = (i/n1, j/n2) (PWCOND nkpts = 0; includes Γ̄). */
export function kGridGamma(n: [number, number]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < n[0]; i++) for (let j = 0; j < n[1]; j++) out.push([i / n[0], j / n[1]]);
  return out;
}
