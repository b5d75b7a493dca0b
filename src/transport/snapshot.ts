/**
 * MD snapshot for transport, JSON format `rewire-snapshot/1`:
 *   { format, step, timeFs, n, positions: [3n] Å, origin: [n] (0 lower tip, 1 upper tip, −1 unknown),
 *     fixed: [n] 0/1, charges?: [n] e, phi?: [n] V, tips: TipsMeta | null }
 * `tips` is system.meta.tips (builders/tips.ts) or inferTipsMeta() for structures read from files.
 */
import { RewireError } from '../core/errors.ts';
import { inferTipsMeta, medianNearestDistance } from '../system/select.ts';
import type { System, TipsGeometry } from '../system/types.ts';

export const SNAPSHOT_FORMAT = 'rewire-snapshot/1';

/** The tip geometry a snapshot carries (system.meta.tips: built or inferred), plus any extra fields. */
export type SnapshotTips = TipsGeometry & { [extra: string]: unknown };

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  step: number;
  timeFs: number;
  n: number;
  positions: Float64Array;
  origin: Int8Array;
  fixed: Uint8Array;
  charges?: Float64Array;
  phi?: Float64Array;
  tips: SnapshotTips | null;
}

export function tipsOf(system: System): SnapshotTips | null {
  const t = system.meta?.['tips'] as SnapshotTips | undefined;
  if (t && Array.isArray(t.lowerApex)) return t;
  return inferTipsMeta(system) as SnapshotTips | null;
}

export function snapshotFromSystem(system: System, positions: Float64Array, extra: { step: number; timeFs: number; charges?: Float64Array; phi?: Float64Array }): Snapshot {
  if (positions.length !== 3 * system.n) throw new RewireError('snapshot', `positions have ${positions.length} entries for ${system.n} atoms`, 'pass the engine positions of this system');
  const s: Snapshot = {
    format: SNAPSHOT_FORMAT,
    step: extra.step,
    timeFs: extra.timeFs,
    n: system.n,
    positions: Float64Array.from(positions),
    origin: Int8Array.from(system.origin),
    fixed: Uint8Array.from(system.fixed),
    tips: tipsOf(system),
  };
  if (extra.charges) s.charges = Float64Array.from(extra.charges);
  if (extra.phi) s.phi = Float64Array.from(extra.phi);
  return s;
}

/**
 * The atoms below and above the widest empty z slab (ascending z in each), and the slab's width in Å;
 * null for fewer than two atoms. How two tips without groups are told apart.
 */
export function splitAtWidestSlab(positions: Float64Array): { below: number[]; above: number[]; width: number } | null {
  const n = positions.length / 3, z = (i: number) => positions[3 * i + 2]!;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => z(a) - z(b));
  let best = -1, at = -1;
  for (let k = 0; k + 1 < n; k++) if (z(order[k + 1]!) - z(order[k]!) > best) (best = z(order[k + 1]!) - z(order[k]!)), (at = k);
  return at < 0 ? null : { below: order.slice(0, at + 1), above: order.slice(at + 1), width: best };
}

/**
 * The tips geometry of a bare structure (a plain XYZ of two tips along z: no groups, no fixed atoms),
 * as far as transport needs it: the fcc lattice a = √2·d (d = median nearest-neighbour distance) and
 * the spacing of the layers normal to z (median |Δz| of the nearest-neighbour bonds that leave their
 * layer: a/2 for (001) tips, a/√3 for (111)); the two tips are the atoms below and above the widest
 * empty z slab (the apexes are found again by the transport modes). Null when there is no such slab.
 */
export function tipsFromAtoms(positions: Float64Array): SnapshotTips | null {
  const n = positions.length / 3;
  if (n < 4) return null;
  const z = (i: number) => positions[3 * i + 2]!;
  const split = splitAtWidestSlab(positions);
  if (!split || split.width <= 0) return null;
  const { below: lo, above: up } = split;
  const dist = (i: number, j: number) => Math.hypot(positions[3 * j]! - positions[3 * i]!, positions[3 * j + 1]! - positions[3 * i + 1]!, z(j) - z(i));
  const step = Math.max(1, Math.floor(n / 300));
  const all = Array.from({ length: n }, (_, i) => i), sample = all.filter((i) => i % step === 0);
  const d = medianNearestDistance(positions, sample, all);
  const dz: number[] = [];
  for (const i of sample) for (let j = 0; j < n; j++) {
    if (j !== i && dist(i, j) < 1.15 * d && Math.abs(z(j) - z(i)) > 0.25 * d) dz.push(Math.abs(z(j) - z(i)));
  }
  dz.sort((a, b) => a - b);
  const a = Math.SQRT2 * d, h = dz.length ? dz[dz.length >> 1]! : a / 2;
  const top = lo[lo.length - 1]!, bottom = up[0]!;
  const v = (i: number): [number, number, number] => [positions[3 * i]!, positions[3 * i + 1]!, z(i)];
  let cx = 0, cy = 0;
  for (let i = 0; i < n; i++) (cx += positions[3 * i]!), (cy += positions[3 * i + 1]!);
  return {
    axis: 'z', lattice: a, layerSpacing: h, gap: z(bottom) - z(top), lowerApex: v(top), upperApex: v(bottom), baseCenter: [cx / n, cy / n],
    layersPerTip: Math.round((z(top) - z(lo[0]!)) / h) + 1, atomsPerTip: lo.length, lowerBaseZ: z(lo[0]!), upperBaseZ: z(up[up.length - 1]!), inferred: `from the atoms: a = ${a.toFixed(3)} Å, layer spacing ${h.toFixed(3)} Å, ${lo.length} + ${up.length} atoms`,
  };
}

export function serializeSnapshot(s: Snapshot): string {
  return JSON.stringify({
    format: s.format,
    step: s.step,
    timeFs: s.timeFs,
    n: s.n,
    tips: s.tips,
    origin: Array.from(s.origin),
    fixed: Array.from(s.fixed),
    positions: Array.from(s.positions, (x) => +x.toFixed(6)),
    ...(s.charges ? { charges: Array.from(s.charges, (x) => +x.toFixed(6)) } : {}),
    ...(s.phi ? { phi: Array.from(s.phi, (x) => +x.toFixed(6)) } : {}),
  });
}

function numArray(v: unknown, len: number, field: string, source: string): number[] {
  if (!Array.isArray(v) || v.length !== len) throw new RewireError(`${source}: ${field}`, `expected an array of ${len} numbers`, `write ${field} with one entry per atom${field === 'positions' ? ' coordinate (3n)' : ''}`);
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'number' || !Number.isFinite(v[i])) throw new RewireError(`${source}: ${field}[${i}]`, `is ${JSON.stringify(v[i])}, not a finite number`, 'fix or regenerate the snapshot');
  }
  return v as number[];
}

export function parseSnapshot(text: string, source: string): Snapshot {
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new RewireError(source, `not valid JSON (${(e as Error).message})`, 'pass a rewire-snapshot/1 JSON file written by `rewire run`');
  }
  if (j['format'] !== SNAPSHOT_FORMAT) throw new RewireError(`${source}: format`, `is ${JSON.stringify(j['format'])}`, `expected "${SNAPSHOT_FORMAT}"`);
  const n = j['n'];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new RewireError(`${source}: n`, `is ${JSON.stringify(n)}`, 'a positive atom count');
  for (const f of ['step', 'timeFs'] as const) {
    if (typeof j[f] !== 'number' || !Number.isFinite(j[f])) throw new RewireError(`${source}: ${f}`, `is ${JSON.stringify(j[f])}`, 'a finite number');
  }
  const s: Snapshot = {
    format: SNAPSHOT_FORMAT,
    step: j['step'] as number,
    timeFs: j['timeFs'] as number,
    n,
    positions: Float64Array.from(numArray(j['positions'], 3 * n, 'positions', source)),
    origin: Int8Array.from(numArray(j['origin'], n, 'origin', source)),
    fixed: Uint8Array.from(numArray(j['fixed'], n, 'fixed', source)),
    tips: null,
  };
  s.origin.forEach((o, i) => {
    if (o < -1 || o > 1) throw new RewireError(`${source}: origin[${i}]`, `is ${o}`, 'use 0 (lower tip), 1 (upper tip) or −1 (unknown)');
  });
  if (j['charges'] !== undefined) s.charges = Float64Array.from(numArray(j['charges'], n, 'charges', source));
  if (j['phi'] !== undefined) s.phi = Float64Array.from(numArray(j['phi'], n, 'phi', source));
  const t = j['tips'];
  if (t !== null && t !== undefined) {
    const tt = t as Record<string, unknown>;
    const vec = (f: string, len: number) => {
      const v = tt[f];
      if (!Array.isArray(v) || v.length !== len || v.some((x) => typeof x !== 'number')) throw new RewireError(`${source}: tips.${f}`, `expected ${len} numbers`, 'regenerate the snapshot from a tips system');
    };
    vec('lowerApex', 3); vec('upperApex', 3); vec('baseCenter', 2);
    for (const f of ['lattice', 'layerSpacing']) {
      if (typeof tt[f] !== 'number' || !((tt[f] as number) > 0)) throw new RewireError(`${source}: tips.${f}`, `is ${JSON.stringify(tt[f])}`, 'a positive length in Å');
    }
    s.tips = t as SnapshotTips;
  }
  return s;
}

/** Pairs closer than this are "overlapping" (Ag–Ag never comes closer than ~2.2 Å at 800 K), Å. */
export const OVERLAP_DISTANCE = 1.5;

/** Throws a RewireError naming the first pair of atoms closer than OVERLAP_DISTANCE (cell list, O(n)). */
export function checkNoOverlap(positions: Float64Array, where: string): void {
  const n = positions.length / 3, h = OVERLAP_DISTANCE;
  const cells = new Map<string, number[]>();
  const key = (a: number, b: number, c: number) => `${a},${b},${c}`;
  for (let i = 0; i < n; i++) {
    const c = [0, 1, 2].map((d) => Math.floor(positions[3 * i + d]! / h));
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) for (let dz = -1; dz <= 1; dz++) {
      for (const j of cells.get(key(c[0]! + dx, c[1]! + dy, c[2]! + dz)) ?? []) {
        const r = Math.hypot(positions[3 * i]! - positions[3 * j]!, positions[3 * i + 1]! - positions[3 * j + 1]!, positions[3 * i + 2]! - positions[3 * j + 2]!);
        if (r < h) throw new RewireError(where, `atoms ${j} and ${i} overlap (${r.toFixed(3)} Å apart, below ${h} Å)`, 'remove duplicate atoms or fix the coordinates');
      }
    }
    const k = key(c[0]!, c[1]!, c[2]!);
    const list = cells.get(k);
    if (list) list.push(i);
    else cells.set(k, [i]);
  }
}
