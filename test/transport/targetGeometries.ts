/**
 * Contact geometries for the conductance targets, built here with code independent of the
 * builders in src/system (a second "generator"): fcc(111) contacts in the paper cell, chains, and a
 * pair of (001) pyramids written in a frame rotated 45° from the builder's (x along [110]).
 */
import { fcc111Frame, paperGeometry } from '../../src/transport/device/paperDevice.ts';
import { SNAPSHOT_FORMAT, type Snapshot } from '../../src/transport/snapshot.ts';

/** n atoms in neighbouring fcc hollows of the lower surface (cross-section n), surfaces 2c apart. */
export function constriction(a: number, n: number) {
  const F = fcc111Frame(a);
  const sites = [[0, 0], [1, 0], [0, 1], [1, 1]].slice(0, n);
  const g: number[] = [];
  for (const [i, j] of sites) g.push(F.hollow[0] + i! * F.a1[0] + j! * F.a2[0], F.hollow[1] + j! * F.a2[1], F.c);
  return paperGeometry(a, 2 * F.c, new Float64Array(g), 2, `target-constriction`);
}

/** the same surfaces without any atom in between (the parallel vacuum path) */
export function bareGap(a: number, G: number) {
  return paperGeometry(a, G, new Float64Array(0), 2, 'target-bare');
}

/** chain of n atoms on the hollow axis, bonds `bond` Å, each end atom in the fcc hollow at height c */
export function chain(a: number, n: number, bond = 2.7) {
  const F = fcc111Frame(a);
  const g: number[] = [];
  for (let k = 0; k < n; k++) g.push(F.hollow[0], F.hollow[1], F.c + k * bond);
  return { geometry: paperGeometry(a, 2 * F.c + (n - 1) * bond, new Float64Array(g), 2, `target-chain${n}`), G: 2 * F.c + (n - 1) * bond };
}

/**
 * Two (001) pyramids, m layers each, apex to apex `gap` Å, optionally bridged by `bridge` atoms on
 * the axis (bond `bond`): layer k from the apex is a (k+1)×(k+1) square grid of spacing a/√2 along
 * x and y (the [110] and [1−10] directions), centred on the axis, layers a/2 apart. The upper tip
 * is written first with origin 0 (the builder puts the lower tip first), `fixedLayers` base layers
 * fixed; tips meta carries only lattice and layer spacing (the apexes must be found from the atoms).
 */
export function pyramidPair(a: number, m: number, gap: number, opts: { bridge?: number; bond?: number; fixedLayers?: number; offset?: [number, number] } = {}): Snapshot {
  const d = a / Math.SQRT2, h = a / 2, fixedLayers = opts.fixedLayers ?? 2, [ox, oy] = opts.offset ?? [0.37, -0.21];
  const pos: number[] = [], origin: number[] = [], fixed: number[] = [];
  const tip = (sign: 1 | -1, z0: number, org: number) => {
    for (let k = 0; k < m; k++) for (let i = 0; i <= k; i++) for (let j = 0; j <= k; j++) {
      pos.push(ox + (i - k / 2) * d, oy + (j - k / 2) * d, z0 + sign * k * h);
      origin.push(org);
      fixed.push(k >= m - fixedLayers ? 1 : 0);
    }
  };
  const nb = opts.bridge ?? 0, bond = opts.bond ?? d;
  const span = nb > 0 ? (nb + 1) * bond : gap;
  tip(1, span, 0); // upper tip, apex at z = span, written first
  tip(-1, 0, 1); // lower tip, apex at z = 0
  for (let k = 1; k <= nb; k++) (pos.push(ox, oy, k * bond), origin.push(-1), fixed.push(0));
  const n = origin.length;
  return {
    format: SNAPSHOT_FORMAT, step: 0, timeFs: 0, n,
    positions: Float64Array.from(pos), origin: Int8Array.from(origin), fixed: Uint8Array.from(fixed),
    tips: { axis: 'z', lattice: a, layerSpacing: h, gap: span, lowerApex: [ox, oy, span], upperApex: [ox, oy, 0], baseCenter: [ox, oy], layersPerTip: m, atomsPerTip: (m * (m + 1) * (2 * m + 1)) / 6, lowerBaseZ: span + (m - 1) * h, upperBaseZ: -(m - 1) * h },
  };
}

/** two (111) tetrahedral tips of m layers (layer k: the triangle i + j ≤ k), apexes 2·bond apart on z, one atom between them */
export function tetrahedraPair(a: number, m: number, bond: number): Snapshot {
  const d = a / Math.SQRT2, c = a / Math.sqrt(3);
  const a1 = [d, 0], a2 = [d / 2, (d * Math.sqrt(3)) / 2], s = [(a1[0]! + a2[0]!) / 3, (a1[1]! + a2[1]!) / 3];
  const pos: number[] = [], origin: number[] = [], fixed: number[] = [];
  const tip = (sign: 1 | -1, z0: number, org: number) => {
    for (let k = 0; k < m; k++) for (let i = 0; i <= k; i++) for (let j = 0; i + j <= k; j++) {
      pos.push(i * a1[0]! + j * a2[0]! - k * s[0]!, i * a1[1]! + j * a2[1]! - k * s[1]!, z0 + sign * k * c);
      origin.push(org);
      fixed.push(k >= m - 2 ? 1 : 0);
    }
  };
  const gap = 2 * bond;
  tip(-1, 0, 0);
  tip(1, gap, 1);
  pos.push(0, 0, bond), origin.push(-1), fixed.push(0);
  return {
    format: SNAPSHOT_FORMAT, step: 0, timeFs: 0, n: origin.length,
    positions: Float64Array.from(pos), origin: Int8Array.from(origin), fixed: Uint8Array.from(fixed),
    tips: { axis: 'z', lattice: a, layerSpacing: c, gap, lowerApex: [0, 0, 0], upperApex: [0, 0, gap], baseCenter: [0, 0], layersPerTip: m, atomsPerTip: (m * (m + 1) * (m + 2)) / 6, lowerBaseZ: -(m - 1) * c, upperBaseZ: gap + (m - 1) * c },
  };
}
