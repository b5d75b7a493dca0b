/**
 * The JSON layout of test/fixtures/*.json (LAMMPS goldens and the float64 ReaxFF oracle):
 *   positions [[x, y, z], …] Å, natoms?, box_lo/box_hi? [3] Å, boundary? ['p'|'f'|'s'|'m' ×3 or
 *   "p p f"], type? [n] (2 = fixed base), group_plus?/group_minus? [0-based indices] (EChemDID
 *   electrodes +1/−1, fixed), charges? [n] e, phi? [n] V, velocities? [[vx, vy, vz]] Å/fs.
 * Without a box the boundary is free and the box is the atoms' bounding box + 10 Å.
 * Without groups, two fixed (type 2) slabs along z become the electrodes (src/system/select.ts).
 */
import { RewireError } from '../core/errors.ts';
import { AG_MASS } from '../core/units.ts';
import type { System, Vec3 } from '../system/types.ts';
import { emptySystem } from '../system/types.ts';
import { validateSystem } from '../system/validate.ts';
import { FIXED_TYPE, fixedFromTypes, inferTipGroups } from '../system/select.ts';

const FREE_BOX_MARGIN = 10;

export function readReferenceJson(text: string, source: string): System {
  let d: Record<string, unknown>;
  try {
    d = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new RewireError(source, `is not valid JSON (${(e as Error).message})`, 'check the file syntax');
  }
  if (typeof d !== 'object' || d === null || Array.isArray(d)) throw new RewireError(source, 'the top level must be a JSON object', 'use the layout of test/fixtures/*.json');
  const pos = d.positions;
  if (!Array.isArray(pos) || pos.length === 0) throw new RewireError(`${source}: positions`, 'missing or empty', 'give "positions": [[x, y, z], …] in Å');
  const n = pos.length;
  if (d.natoms !== undefined && d.natoms !== n) throw new RewireError(`${source}: natoms`, `says ${String(d.natoms)} but positions has ${n} entries`, 'make natoms match the number of positions');

  const perAtom = (key: string, width: 1 | 3): Float64Array | undefined => {
    const v = d[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.length !== n) throw new RewireError(`${source}: ${key}`, `must have one entry per atom (${n}), got ${Array.isArray(v) ? v.length : typeof v}`, `give ${n} entries`);
    const out = new Float64Array(width * n);
    for (let i = 0; i < n; i++) {
      const e = v[i] as unknown;
      if (width === 3) {
        if (!Array.isArray(e) || e.length !== 3 || e.some((x) => typeof x !== 'number')) throw new RewireError(`${source}: ${key}[${i}]`, `must be [x, y, z] numbers (got ${JSON.stringify(e)})`, 'fix the entry');
        out[3 * i] = e[0] as number;
        out[3 * i + 1] = e[1] as number;
        out[3 * i + 2] = e[2] as number;
      } else {
        if (typeof e !== 'number') throw new RewireError(`${source}: ${key}[${i}]`, `must be a number (got ${JSON.stringify(e)})`, 'fix the entry');
        out[i] = e;
      }
    }
    return out;
  };

  const positions = perAtom('positions', 3)!;
  // ---- box ----
  let lo: Vec3, hi: Vec3, periodic: [boolean, boolean, boolean];
  const bnd = typeof d.boundary === 'string' ? d.boundary.trim().split(/\s+/) : d.boundary;
  if (bnd !== undefined && (!Array.isArray(bnd) || bnd.length !== 3 || bnd.some((b) => !['p', 'f', 's', 'm'].includes(b as string)))) {
    throw new RewireError(`${source}: boundary`, `must be three of p/f/s/m (got ${JSON.stringify(d.boundary)})`, 'e.g. ["p", "p", "p"] or ["f", "f", "f"]');
  }
  periodic = bnd ? ((bnd as string[]).map((b) => b === 'p') as [boolean, boolean, boolean]) : [false, false, false];
  const vec3 = (key: string): Vec3 | undefined => {
    const v = d[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.length !== 3 || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) throw new RewireError(`${source}: ${key}`, `must be three numbers (got ${JSON.stringify(v)})`, 'e.g. [0, 0, 0]');
    return v as Vec3;
  };
  const blo = vec3('box_lo'), bhi = vec3('box_hi');
  if (!!blo !== !!bhi) throw new RewireError(`${source}: ${blo ? 'box_hi' : 'box_lo'}`, 'missing (box_lo and box_hi go together)', 'give both box_lo and box_hi');
  if (blo && bhi) {
    lo = blo;
    hi = bhi;
  } else {
    if (periodic.some((p) => p)) throw new RewireError(`${source}: box_lo`, 'periodic boundary without a box', 'give box_lo and box_hi');
    lo = [Infinity, Infinity, Infinity];
    hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 3; k++) {
        lo[k] = Math.min(lo[k]!, positions[3 * i + k]!);
        hi[k] = Math.max(hi[k]!, positions[3 * i + k]!);
      }
    }
    lo = lo.map((x) => x - FREE_BOX_MARGIN) as Vec3;
    hi = hi.map((x) => x + FREE_BOX_MARGIN) as Vec3;
  }

  const sys = emptySystem(n, { lo, hi, periodic });
  sys.positions = positions;
  sys.masses.fill(AG_MASS);
  const types = perAtom('type', 1);
  if (types) {
    for (let i = 0; i < n; i++) {
      if (!Number.isInteger(types[i]!) || types[i]! < 1) throw new RewireError(`${source}: type[${i}]`, `must be a positive integer (got ${types[i]})`, 'use 1 (mobile) or 2 (fixed)');
      sys.types[i] = types[i]!;
    }
    fixedFromTypes(sys);
  }
  const groups: [string, 1 | -1][] = [['group_plus', 1], ['group_minus', -1]];
  let haveGroups = false;
  for (const [key, sign] of groups) {
    const g = d[key];
    if (g === undefined) continue;
    if (!Array.isArray(g)) throw new RewireError(`${source}: ${key}`, 'must be an array of 0-based atom indices', 'e.g. [0, 1, 2]');
    haveGroups = true;
    for (let k = 0; k < g.length; k++) {
      const i = g[k] as unknown;
      if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= n) throw new RewireError(`${source}: ${key}[${k}]`, `atom index ${JSON.stringify(i)} is not in 0..${n - 1}`, 'use 0-based indices into positions');
      if (sys.electrode[i] !== 0 && sys.electrode[i] !== sign) throw new RewireError(`${source}: ${key}[${k}]`, `atom ${i} is in both group_plus and group_minus`, 'put each electrode atom in one group');
      sys.electrode[i] = sign;
      sys.fixed[i] = 1;
      if (!types) sys.types[i] = FIXED_TYPE;
    }
  }
  if (haveGroups) {
    // origin by the mid-plane between the two electrodes, if both exist
    let zp = 0, np = 0, zm = 0, nm = 0;
    for (let i = 0; i < n; i++) {
      if (sys.electrode[i] === 1) (zp += positions[3 * i + 2]!), np++;
      if (sys.electrode[i] === -1) (zm += positions[3 * i + 2]!), nm++;
    }
    if (np > 0 && nm > 0) {
      const mid = 0.5 * (zp / np + zm / nm);
      const plusBelow = zp / np < zm / nm;
      for (let i = 0; i < n; i++) sys.origin[i] = positions[3 * i + 2]! < mid === plusBelow ? 0 : 1;
    }
  } else {
    inferTipGroups(sys);
  }
  const charges = perAtom('charges', 1);
  if (charges) sys.charges = charges;
  const phi = perAtom('phi', 1);
  if (phi) sys.phi = phi;
  const vel = perAtom('velocities', 3);
  if (vel) sys.velocities = vel;
  sys.meta = { source, format: 'reference-json', ...(typeof d.note === 'string' ? { note: d.note } : {}), ...(typeof d.geometry === 'string' ? { geometry: d.geometry } : {}) };
  validateSystem(sys, source, (i) => `positions[${i}] (atom ${i + 1})`);
  return sys;
}
