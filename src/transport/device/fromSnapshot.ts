/**
 * Transport geometries from an MD snapshot of the two tips (snapshot.tips = TipsMeta).
 * Both modes first rescale MD lengths to the model's lattice, f = a_model / a_MD (ReaxFF Ag has
 * a ≈ 4.22 Å, the TB parameters belong to 4.086 Å), so bonds are measured in the model's units.
 *
 * paper: the MD tips are replaced by flat Ag(111) 3×3 slabs. The apex atoms are kept as adatoms on
 *   those slabs: the slab surface planes lie one (111) spacing c below the lower apex plane and c
 *   above the upper one (G = f·(upperApex.z − lowerApex.z) + 2c), so the lower apex atom sits in the
 *   fcc hollow with ideal bonds (height c) and an atom resting on the apex keeps its MD bond length.
 *   (Putting the surfaces AT the apex planes instead removes the apex atoms and stretches every bond
 *   of the first gap atom to the surface to √(d² + d²/3) = 3.34 Å: an MD apex–atom–apex bridge then
 *   gives T = 0.42 instead of ≈ 1 with the s model.) Placed atoms = mobile atoms of the apex layers
 *   and the gap (z within half a (001) layer outside the apex planes or between them); each keeps
 *   its height above the lower apex plane and its lateral offset from the lower apex, which is
 *   placed on the fcc hollow nearest the cell centre; lateral positions
 *   are periodic in the 8.67 Å cell (as in the paper's PWCOND setup). A gap atom that would come
 *   closer than 1.5 Å to an atom already placed (periodic wrap of a wide filament) is dropped and
 *   counted in info.dropped.
 * tips: the device is the apex region of both tips — every atom within `depth` (001) layers of the
 *   apex planes — plus the gap atoms, all at their MD positions. The layers are measured from the
 *   atoms (tipLayers: walked from the tip's base, so a strained or thermally stretched tip is cut
 *   between whole layers, never through one); the cut at (depth − ½)·h from the apex is moved to the
 *   gap before the first layer whose centre lies beyond it (for ideal layers: layers depth and
 *   depth+1 from the apex). Off-layer atoms (> 0.3 h from their layer) on the apex side of the first
 *   lead layer join the device; those beyond it are left out and counted (info.leadStrays). The
 *   apexes are found from the atoms (tipApexes: either tip on top). Leads (`leadsKind`):
 *   - 'bulk' (default): behind each cut an ideal semi-infinite fcc crystal, laterally infinite
 *     (LeadGeometry.reservoir; solver/reservoir.ts), fitted to the two measured layers beyond the
 *     cut (layerLattice.ts: (001) or (111), orientation from the tip's deepest layer, registry from
 *     the cut layers or, when they are disordered, carried up from the deepest one). Its sites
 *     within reach of the device atoms form the lead cell; a device atom within 1.5 Å of a site (an
 *     off-lattice atom beside the cut layer) is replaced by the crystal and counted as dropped.
 *     No hard wall and no narrowing where device and lead meet.
 *   - 'prism': the structure's own two layers beyond the cut (atoms as they are in the file),
 *     repeated with period 2h = a along the axis: the pyramid's widening is not continued, the
 *     thermal displacements there are frozen into the lead, and its sub-band edges put sharp
 *     structure near E_F (T does not converge in depth; docs/transport.md).
 *   Γ only (the device is finite laterally). T depends on depth; it is reported with the result.
 */
import { RewireError } from '../../core/errors.ts';
import type { Vec3 } from '../../system/types.ts';
import type { TBModel } from '../models/types.ts';
import { OVERLAP_DISTANCE, checkNoOverlap, splitAtWidestSlab, type Snapshot, type SnapshotTips } from '../snapshot.ts';
import { within, type TransportGeometry } from './geometry.ts';
import { fcc111Frame, paperGeometry } from './paperDevice.ts';
import { STRAY_TOLERANCE, nearestLayer, tipLayers } from './tipLayers.ts';
import { deeperLayers, fitLayerLattice, type LayerLattice } from './layerLattice.ts';
import { COORDINATION_RANGE } from '../models/coordination.ts';

export type TransportMode = 'paper' | 'tips';
export const MODES: TransportMode[] = ['paper', 'tips'];

export function requireTips(s: Snapshot, where: string): SnapshotTips {
  if (!s.tips) throw new RewireError(where, 'the snapshot has no tips geometry (meta.tips)', 'use a snapshot of the two-tip system (rewire run) or a structure with origin and electrode groups');
  return s.tips;
}

export function paperFromSnapshot(model: TBModel, s: Snapshot, layers = 2): TransportGeometry {
  const tips = requireTips(s, 'paper mode');
  const f = model.lattice / tips.lattice;
  const ap = tipApexes(s);
  const zLo = ap.lower[2], zHi = ap.upper[2], delta = tips.layerSpacing / 2;
  const F = fcc111Frame(model.lattice);
  const G = f * (zHi - zLo) + 2 * F.c;
  const probe = paperGeometry(model.lattice, G, new Float64Array(0), layers, model.name);
  const placed: number[] = Array.from(probe.device);
  const gap: number[] = [];
  let dropped = 0;
  const [A1, A2] = [F.A1, F.A2];
  for (let i = 0; i < s.n; i++) {
    const z = s.positions[3 * i + 2]!;
    if (s.fixed[i] || z <= zLo - delta || z >= zHi + delta) continue;
    const x = F.hollow[0] + f * (s.positions[3 * i]! - ap.lower[0]);
    const y = F.hollow[1] + f * (s.positions[3 * i + 1]! - ap.lower[1]);
    const zz = F.c + f * (z - zLo);
    let clash = false;
    for (let j = 0; j < placed.length / 3 && !clash; j++) {
      for (let a = -2; a <= 2 && !clash; a++) for (let b = -2; b <= 2 && !clash; b++) {
        const r = Math.hypot(placed[3 * j]! + a * A1[0] + b * A2[0] - x, placed[3 * j + 1]! + a * A1[1] + b * A2[1] - y, placed[3 * j + 2]! - zz);
        if (r < OVERLAP_DISTANCE) clash = true;
      }
    }
    if (clash) {
      dropped++;
      continue;
    }
    placed.push(x, y, zz);
    gap.push(x, y, zz);
  }
  const g = paperGeometry(model.lattice, G, new Float64Array(gap), layers, model.name);
  g.info = { ...g.info, scale: f, dropped, timeFs: s.timeFs, step: s.step };
  return g;
}


/**
 * Default tips-mode depth per model: `s` takes every layer ('all': on 800 K MD snapshots T then moves
 * by < 5 % when the fixed base joins, and the whole tip costs it ~0.1–0.4 s), the spd models two
 * layers (a speed choice: ~2 min per 280-atom snapshot for spd-pbe with every layer). With the prism
 * leads, which cannot continue behind the tip, 'all' falls back to PRISM_DEPTH_DEFAULT.
 */
export const TIPS_DEPTH_DEFAULT: Record<string, TipsDepth> = { s: 'all', 's-nn': 'all', spd: 2, 'spd-bulk-onsite': 2, 'spd-lcn': 2, 'spd-pbe': 2 };
export const PRISM_DEPTH_DEFAULT = 4;

/** The depth a model takes when none is asked for (before the cap to the tip's layers). */
export function defaultTipsDepth(model: string, leads: TipsLeads = 'bulk'): TipsDepth {
  const d = TIPS_DEPTH_DEFAULT[model] ?? 3;
  return d === 'all' && leads !== 'bulk' ? PRISM_DEPTH_DEFAULT : d;
}

/**
 * The two apexes from the atoms themselves (any generator, either tip on top): the tips are the
 * origin groups 0 and 1 (or, without origins, the atoms below and above the widest empty z slab);
 * the lower tip is the one with the lower mean z; its apex is its highest atom, the other's apex its
 * lowest. When rewiring has carried atoms of one group past the other's apex, the tips are split at
 * the plane halfway between the groups' mean heights instead. Throws when the tips cannot be told apart.
 */
export function tipApexes(s: Snapshot): { lower: Vec3; upper: Vec3; lowerSet: number[]; upperSet: number[] } {
  let g0: number[] = [], g1: number[] = [];
  for (let i = 0; i < s.n; i++) (s.origin[i] === 0 ? g0 : s.origin[i] === 1 ? g1 : []).push(i);
  if (g0.length === 0 || g1.length === 0) {
    const split = splitAtWidestSlab(s.positions);
    if (!split) throw new RewireError('tips mode', 'the two tips cannot be told apart (no origin groups and no empty slab between them)', 'give the atoms origin 0 (lower tip) and 1 (upper tip)');
    g0 = split.below;
    g1 = split.above;
  }
  const z = (i: number) => s.positions[3 * i + 2]!;
  const meanZ = (g: number[]) => g.reduce((a, i) => a + z(i), 0) / g.length;
  let [lo, up] = meanZ(g0) <= meanZ(g1) ? [g0, g1] : [g1, g0];
  const ext = (g: number[], top: boolean) => g.reduce((b, i) => ((top ? z(i) > z(b) : z(i) < z(b)) ? i : b), g[0]!);
  let li = ext(lo, true), ui = ext(up, false);
  if (!(z(ui) > z(li))) {
    // Rewiring moved atoms of one tip past the other's apex (e.g. an anode atom deposited on the
    // cathode): for the transport geometry the tips are then the atoms on either side of the plane
    // halfway between the two tips' mean heights (the gap centre for tips of equal size).
    // Only for tips that are still told apart by their groups: at most 10 % of either group crossed.
    const mid = 0.5 * (meanZ(lo) + meanZ(up));
    const crossed = (g: number[], below: boolean) => g.filter((i) => (z(i) <= mid) !== below).length / g.length;
    if (crossed(lo, true) <= 0.1 && crossed(up, false) <= 0.1) {
      const all = [...lo, ...up];
      lo = all.filter((i) => z(i) <= mid);
      up = all.filter((i) => z(i) > mid);
      (li = ext(lo, true)), (ui = ext(up, false));
    }
  }
  const v = (i: number): Vec3 => [s.positions[3 * i]!, s.positions[3 * i + 1]!, s.positions[3 * i + 2]!];
  if (!(z(ui) > z(li))) throw new RewireError('tips mode', 'the two tips cannot be told apart (their z ranges overlap)', 'check the origin groups of the two tips');
  return { lower: v(li), upper: v(ui), lowerSet: lo, upperSet: up };
}

/** tips-mode leads: 'bulk' (default) ideal semi-infinite crystals behind each tip; 'prism' the tip's two cut layers repeated */
export type TipsLeads = 'bulk' | 'prism';
export const TIPS_LEADS: TipsLeads[] = ['bulk', 'prism'];

/**
 * Tips-mode depth: (001) layers of each tip inside the device; 'max': every layer but the two the
 * leads are fitted to (on an MD snapshot with one fixed base layer, the cut then sits next to the base
 * and the next mobile layer is replaced by the ideal crystal); 'all' (bulk reservoirs only): every
 * layer of both tips, the fixed base included, with the ideal crystal continued behind the deepest
 * layer (fitted to the two deepest layers: registry and stacking carried one and two layers on).
 */
export type TipsDepth = number | 'max' | 'all';

/** whether x is a TipsDepth: a positive integer, 'max' or 'all' */
export const isTipsDepth = (x: unknown): x is TipsDepth => x === 'max' || x === 'all' || (typeof x === 'number' && Number.isInteger(x) && x >= 1);

/** a --depth value as typed ('max', 'all' or a number; checked where it is used) */
export const parseTipsDepth = (text: string): TipsDepth => (text === 'max' || text === 'all' ? text : Number(text));

export function tipsFromSnapshot(model: TBModel, s: Snapshot, depthOpt?: TipsDepth, leadsKind: TipsLeads = 'bulk'): TransportGeometry {
  if (!TIPS_LEADS.includes(leadsKind)) throw new RewireError('--tips-leads', `is "${String(leadsKind)}"`, `use one of ${TIPS_LEADS.join(', ')}`);
  const tips = requireTips(s, 'tips mode');
  const f = model.lattice / tips.lattice, h = f * tips.layerSpacing;
  const ap = tipApexes(s);
  const lo = ap.lower, up = ap.upper;
  const map = (i: number): Vec3 => [f * (s.positions[3 * i]! - lo[0]), f * (s.positions[3 * i + 1]! - lo[1]), f * (s.positions[3 * i + 2]! - lo[2])];
  const upApex: Vec3 = [f * (up[0] - lo[0]), f * (up[1] - lo[1]), f * (up[2] - lo[2])];
  // depth of a (mapped) position into each tip, measured from its apex
  const tipsDef = [
    { name: 'lower', set: ap.lowerSet, depthOf: (p: Vec3) => -p[2] },
    { name: 'upper', set: ap.upperSet, depthOf: (p: Vec3) => p[2] - upApex[2] },
  ] as const;
  const measured = tipsDef.map((t) => tipLayers(t.set.map((i) => t.depthOf(map(i))), h));
  // (001) layers each tip has (measured); the lead needs two layers beyond the cut, which for the
  // bulk reservoirs may lie behind the tip's deepest layer (the ideal crystal continued: depth 'all')
  const available = Math.min(...measured.map((L) => L.centres.length));
  const bulk = leadsKind === 'bulk';
  const dflt = defaultTipsDepth(model.name, leadsKind);
  const wanted: TipsDepth | undefined = depthOpt ?? (dflt === 'all' ? 'all' : undefined);
  const depth = wanted === 'all' ? available : wanted === 'max' ? available - 2 : wanted ?? Math.max(1, Math.min(dflt as number, available - 2));
  if (depthOpt === 'all' && !bulk) throw new RewireError('--depth', "all needs the bulk-reservoir leads (the prism repeats two of the tip's own layers)", "use --tips-leads bulk, or --depth max");
  if (depthOpt === 'max' && depth < 1) throw new RewireError('--depth', `max leaves no layer for the device (the shorter tip has ${available} layers; the leads need two)`, 'use tips of at least three (001) layers');
  if (!(depth >= 1 && Number.isInteger(depth))) throw new RewireError('--depth', `is ${depth}`, "a positive integer number of (001) layers, 'max' or 'all'");
  if (!bulk && depth + 2 > available) throw new RewireError('--depth', `${depth} leaves no two (001) layers beyond the cut to continue as a lead (the shorter tip has ${available} layers)`, `use --depth ${Math.max(1, available - 2)} or less`);
  if (depth > available) throw new RewireError('--depth', `${depth} is deeper than the shorter tip (${available} layers)`, `use --depth ${available} or less ('all': every layer, the crystal continued behind the deepest)`);
  // the cut at (depth − ½)·h from the apex, moved to the gap between whole measured layers: the
  // lead's principal layer is the first two layers whose centres lie beyond it. Layers behind the
  // deepest measured one continue its spacing h (ideal crystal; bulk reservoirs only).
  const leads = tipsDef.map((t, ti) => {
    const L = measured[ti]!, n = L.centres.length;
    const centre = (k: number) => (k < n ? L.centres[k]! : L.centres[n - 1]! + (k - n + 1) * h);
    let l1 = L.centres.findIndex((c) => c > (depth - 0.5) * h);
    if (l1 < 0 || wanted === 'all') l1 = n; // every measured layer in the device
    if (!bulk && (l1 + 1 >= n || L.members[l1]!.length === 0 || L.members[l1 + 1]!.length === 0)) {
      throw new RewireError('tips mode', `the ${t.name} tip has no two (001) layers beyond the cut at depth ${depth} to continue as a lead`, `use a smaller --depth (the tip has ${n} layers)`);
    }
    if (bulk && (L.members[l1]?.length === 0 || L.members[l1 + 1]?.length === 0)) {
      throw new RewireError('tips mode', `the ${t.name} tip has an empty (001) layer beyond the cut at depth ${depth}`, `use a smaller --depth (the tip has ${n} layers)`);
    }
    if (bulk && l1 + 1 >= n && n < 2) throw new RewireError('tips mode', `the ${t.name} tip has ${n} (001) layer: the crystal behind it needs two to be fitted`, 'use a smaller --depth');
    const boundary = l1 > 0 ? (centre(l1 - 1) + centre(l1)) / 2 : L.centres[0]! - h / 2;
    // the layers the reservoir is fitted to: the two cut layers, or, behind the tip, its two deepest
    const fitLayers: [number, number] = l1 + 1 < n ? [l1, l1 + 1] : [n - 2, n - 1];
    return { L, l1, n, centre, boundary, fitLayers, cell: [] as number[], layerA: [] as [number, number][], layerB: [] as [number, number][] };
  });
  const dev: number[] = [];
  let fixedIn = 0, straysInDevice = 0, straysDropped = 0;
  for (let i = 0; i < s.n; i++) {
    const p = map(i);
    let inDevice = true;
    for (let ti = 0; ti < 2 && inDevice; ti++) {
      const x = tipsDef[ti]!.depthOf(p), ld = leads[ti]!;
      if (x <= ld.boundary) continue;
      const k = nearestLayer(ld.L, x), off = x - ld.L.centres[k]!;
      const onLayer = Math.abs(off) <= STRAY_TOLERANCE * h;
      if ((k === ld.l1 || k === ld.l1 + 1) && onLayer) {
        ld.cell.push(...p);
        (k === ld.l1 ? ld.layerA : ld.layerB).push([p[0], p[1]]);
        inDevice = false;
      }
      else if (k === ld.l1 && off < 0) straysInDevice++; // off the first lead layer, toward the apex: part of the device
      else {
        // deeper layers are replaced by the lead; an off-layer atom beyond the cut has no place in the prism
        if (k <= ld.l1 + 1) straysDropped++;
        inDevice = false;
      }
    }
    if (!inDevice) continue;
    if (s.fixed[i]) fixedIn++;
    dev.push(...p);
  }
  if (dev.length === 0) throw new RewireError('tips mode', 'no atoms in the apex region', 'check the snapshot tips geometry');
  const spacing = leads.map((ld) => +(ld.centre(ld.l1 + 1) - ld.centre(ld.l1)).toFixed(3));
  const baseInfo = {
    mode: 'tips', tipsLeads: leadsKind, lattice: model.lattice, scale: f, depth, leadLayerSpacing: spacing,
    leadStrays: { inDevice: straysInDevice, dropped: straysDropped }, fixedInDevice: fixedIn, timeFs: s.timeFs, step: s.step,
  };
  if (leadsKind === 'prism') {
    const [leftCell, rightCell] = [leads[0]!.cell, leads[1]!.cell];
    const device = new Float64Array(dev);
    checkNoOverlap(new Float64Array([...dev, ...leftCell, ...rightCell]), 'tips mode device + leads');
    return {
      device,
      left: { cell: new Float64Array(leftCell), T: [0, 0, -2 * h] },
      right: { cell: new Float64Array(rightCell), T: [0, 0, 2 * h] },
      lateral: null,
      rightMirrorsLeft: false,
      leadKey: `tips|${model.name}|a=${model.lattice}|depth=${depth}|${leftCell.map((x) => x.toFixed(3)).join(',')}|${rightCell.map((x) => x.toFixed(3)).join(',')}`,
      info: { ...baseInfo, deviceAtoms: dev.length / 3, leadAtomsPerLayerPair: [leftCell.length / 3, rightCell.length / 3] },
    };
  }
  // bulk reservoirs: the ideal crystal of each tip's two cut layers, laterally infinite (layerLattice.ts)
  const frames = leads.map((ld, ti) => {
    const name = tipsDef[ti]!.name;
    // orientation from the tip's deepest layer (in an MD run its fixed base: the same crystal in every snapshot)
    // (scaled raw positions, no apex offset: the bond angles are then bit-identical while the base stays put)
    const last = ld.L.members.length - 1;
    const deepest = ld.L.members[last]!.map((k) => tipsDef[ti]!.set[k]!).map((i) => [f * s.positions[3 * i]!, f * s.positions[3 * i + 1]!] as [number, number]);
    // (its registry in the apex frame, carried up when the cut layers are too disordered)
    const membersXY = (k: number) => ld.L.members[k]!.map((j) => map(tipsDef[ti]!.set[j]!)).map((p) => [p[0], p[1]] as [number, number]);
    const deepestHere = membersXY(last);
    const [fa, fb] = ld.fitLayers;
    const layerXY = (k: number) => (k === ld.l1 ? ld.layerA : k === ld.l1 + 1 ? ld.layerB : membersXY(k));
    const measuredFit = fitLayerLattice(layerXY(fa), layerXY(fb), model.lattice, `tips mode, ${name} lead`, { points: deepestHere, below: last - fa, bonds: deepest });
    // behind the tip (depth 'all', or a cut at its deepest layer): the fitted crystal carried on to the lead's first layer
    const fit = ld.l1 === fa ? measuredFit : deeperLayers(measuredFit, ld.l1 - fa);
    const dir = ti === 0 ? -1 : 1; // into the tip
    const zA = ti === 0 ? -ld.centre(ld.l1) : upApex[2] + ld.centre(ld.l1);
    // relative to the first layer's site at `origin`: the blocks then depend only on the crystal
    const origin: Vec3 = [fit.origin[0], fit.origin[1], zA];
    const basis = new Float64Array([0, 0, 0, fit.shift[0], fit.shift[1], dir * fit.h]);
    const T: Vec3 = [2 * fit.shift[0], 2 * fit.shift[1], 2 * dir * fit.h];
    return { fit, origin, basis, T };
  });
  const reach = Math.max(model.cutoff, COORDINATION_RANGE);
  let device = new Float64Array(dev);
  let overlapping = 0;
  let built = frames.map((fr) => reservoirSites(fr.fit, fr.origin, fr.basis, device, reach));
  // a device atom on a site of the ideal crystal (an off-layer atom beside the cut layer) is replaced by the crystal
  const keep = (i: number) => built.every((b) => b.pos.every((_, k) => k % 3 !== 0 || !within(b.pos[k]! - device[3 * i]!, b.pos[k + 1]! - device[3 * i + 1]!, b.pos[k + 2]! - device[3 * i + 2]!, OVERLAP_DISTANCE)));
  const kept: number[] = [];
  for (let i = 0; i < device.length / 3; i++) (keep(i) ? kept.push(device[3 * i]!, device[3 * i + 1]!, device[3 * i + 2]!) : overlapping++);
  if (overlapping > 0) {
    device = new Float64Array(kept);
    built = frames.map((fr) => reservoirSites(fr.fit, fr.origin, fr.basis, device, reach));
  }
  if (device.length === 0) throw new RewireError('tips mode', 'no atoms in the apex region', 'check the snapshot tips geometry');
  checkNoOverlap(new Float64Array([...device, ...built[0]!.pos, ...built[1]!.pos]), 'tips mode device + leads');
  const lead = (ti: number) => ({
    cell: built[ti]!.pos, T: frames[ti]!.T,
    reservoir: { a1: frames[ti]!.fit.a1, a2: frames[ti]!.fit.a2, origin: frames[ti]!.origin, basis: frames[ti]!.basis, sites: built[ti]!.sites },
  });
  return {
    device,
    left: lead(0),
    right: lead(1),
    lateral: null,
    rightMirrorsLeft: false,
    // the crystals (not where their cut layers sit: the warm start of the next snapshot finds this key again)
    leadKey: `tips-bulk|${model.name}|a=${model.lattice}|depth=${depth}|${frames.map((fr) => `${fr.fit.kind}:${[...fr.fit.a1, ...fr.fit.a2, ...fr.T].map((x) => x.toFixed(4)).join(',')}`).join('|')}`,
    info: {
      ...baseInfo, deviceAtoms: device.length / 3, reservoirSites: built.map((b) => b.sites.length / 3), reservoirLattice: frames.map((fr) => fr.fit.kind),
      reservoirFitRms: frames.map((fr) => +fr.fit.rms.toFixed(3)), leadStrays: { inDevice: straysInDevice, dropped: straysDropped + overlapping },
    },
  };
}

/** Sites of a reservoir's first principal layer within `reach` of any device atom (basis b, m1, m2) and their positions. */
function reservoirSites(fit: LayerLattice, origin: Vec3, basis: Float64Array, device: Float64Array, reach: number): { sites: Int32Array; pos: Float64Array } {
  const { a1, a2 } = fit, det = a1[0] * a2[1] - a1[1] * a2[0];
  let lo1 = Infinity, hi1 = -Infinity, lo2 = Infinity, hi2 = -Infinity;
  for (let i = 0; i < device.length / 3; i++) {
    const x = device[3 * i]! - origin[0], y = device[3 * i + 1]! - origin[1];
    const u = (x * a2[1] - y * a2[0]) / det, v = (a1[0] * y - a1[1] * x) / det;
    (lo1 = Math.min(lo1, u)), (hi1 = Math.max(hi1, u)), (lo2 = Math.min(lo2, v)), (hi2 = Math.max(hi2, v));
  }
  const pad = Math.ceil((2 * reach) / Math.hypot(a1[0], a1[1])) + 1;
  const sites: number[] = [], pos: number[] = [];
  for (let b = 0; b < basis.length / 3; b++) {
    for (let m1 = Math.floor(lo1) - pad; m1 <= Math.ceil(hi1) + pad; m1++) for (let m2 = Math.floor(lo2) - pad; m2 <= Math.ceil(hi2) + pad; m2++) {
      const x = origin[0] + basis[3 * b]! + m1 * a1[0] + m2 * a2[0], y = origin[1] + basis[3 * b + 1]! + m1 * a1[1] + m2 * a2[1], z = origin[2] + basis[3 * b + 2]!;
      let near = false;
      for (let i = 0; i < device.length / 3 && !near; i++) near = within(device[3 * i]! - x, device[3 * i + 1]! - y, device[3 * i + 2]! - z, reach);
      if (near) (sites.push(b, m1, m2), pos.push(x, y, z));
    }
  }
  return { sites: Int32Array.from(sites), pos: Float64Array.from(pos) };
}

export function geometryFromSnapshot(model: TBModel, s: Snapshot, mode: string, opts: { depth?: TipsDepth; layers?: number; tipsLeads?: TipsLeads } = {}): TransportGeometry {
  checkNoOverlap(s.positions, `snapshot step ${s.step}`);
  if (mode === 'paper') return paperFromSnapshot(model, s, opts.layers ?? 2);
  if (mode === 'tips') return tipsFromSnapshot(model, s, opts.depth, opts.tipsLeads);
  throw new RewireError('--mode', `unknown transport mode "${mode}"`, `use one of ${MODES.join(', ')}`);
}
