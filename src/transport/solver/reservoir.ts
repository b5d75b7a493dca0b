/**
 * Surface Green's function of a bulk-reservoir lead: an ideal semi-infinite crystal, laterally
 * infinite, seen on a finite set of sites of its first principal layer (the sites within reach of a
 * tips-mode device; the scheme of nanocontact tight-binding work in which cluster tips are coupled
 * to the surface Green's functions of ideal semi-infinite crystals, Pauly et al., PRB 74, 235106 (2006)).
 *
 * The principal layer is a primitive lateral cell with a few basis atoms (one per atomic layer) and
 * blocks h00(k), h01(k) at lateral k = f1 b1 + f2 b2. Per k the surface Green's function g(k) of the
 * half-crystal is a López Sancho decimation of those small blocks; on sites R_i = m_i·(a1, a2) + basis
 * b_i the real-space surface Green's function is the lateral Fourier sum (Bloch sums with phase
 * e^{2πi f·m} on the atom of column j, as linalg/bloch.ts builds them: |f, b⟩ = Σ_m e^{2πi f·m}|m, b⟩/√N)
 *     g(i, j) = ⟨m_i, b_i| g |m_j, b_j⟩ = (1/n²) Σ_f g_{b_i b_j}(f) · e^{−2πi f·(m_j − m_i)}
 * over a Γ-centred n×n grid (f = (p/n, q/n)); time reversal (real hoppings: g(−f) = g(f)ᵀ) pairs ±f.
 * The finite grid is the exact Green's function of the same contact repeated with period n·a1, n·a2
 * (its images lie ≥ n·|a1| away), and the lead broadening η smooths the sum's sub-band edges; both
 * are set by reservoirGrid (convergence measured in docs/transport.md, tips mode).
 */
import { cmat, cmul, type CMat } from '../linalg/cmat.ts';
import { assemble, type PairTable } from '../linalg/bloch.ts';
import { surfaceGreen, type LeadBlocks } from './surfaceGreen.ts';
import { bitsHash } from './leadCache.ts';

const blocksAt = (r: ReservoirLead, f: [number, number]): LeadBlocks => ({ h00: assemble(r.h00, r.nb, f), h01: assemble(r.h01, r.nb, f) });

export interface ReservoirLead {
  /** the primitive principal layer: h00 and h01 (to the next layer deeper) as Bloch tables over the primitive lateral lattice */
  h00: PairTable;
  h01: PairTable;
  /** orbitals per atom */
  nb: number;
  /** per site: basis atom, m1, m2 */
  sites: Int32Array;
}

/**
 * Lead broadening and lateral grid of a reservoir at broadening η (eV): on the real axis the
 * reservoir uses at least RESERVOIR_ETA; far from it (contour nodes, η ≫ 0.1 eV) the real-space
 * Green's function decays within a few sites and a coarser grid suffices.
 */
export const RESERVOIR_ETA = 0.02;
export const RESERVOIR_N = 32;
export function reservoirGrid(eta: number): { eta: number; n: number } {
  const e = Math.max(eta, RESERVOIR_ETA);
  const n = Math.max(8, Math.min(RESERVOIR_N, Math.ceil(RESERVOIR_N * Math.sqrt(RESERVOIR_ETA / e))));
  return { eta: e, n };
}

export const reservoirStats = { calls: 0, kpoints: 0, tableHits: 0 };

/**
 * The Fourier sums of one reservoir at one (E, η, n) over a box of separations |Δ1| ≤ D1, |Δ2| ≤ D2,
 * shared by every cell of the same crystal (a tip whose cut layers moved keeps its crystal: the
 * primitive blocks are built from relative positions and the orientation of the tip's deepest
 * layer, so they are bit-identical from snapshot to snapshot). Looked up by a content hash and then
 * checked entry by entry against the primitive blocks it was computed from.
 */
interface DeltaTable {
  h: Float64Array;
  D1: number;
  D2: number;
  B: number;
  re: Float64Array;
  im: Float64Array;
}
const TABLE_LIMIT_BYTES = 256 * 1024 * 1024;
const tables = new Map<string, DeltaTable>();
let tableBytes = 0;

/** all numbers of the primitive blocks, flat (the identity of the crystal and its orbitals) */
function flat(r: ReservoirLead): Float64Array {
  const out: number[] = [r.nb, r.h00.rows, r.h00.cols];
  for (const t of [r.h00, r.h01]) {
    out.push(t.pairs.length, ...(t.onsite ?? []));
    for (const p of t.pairs) out.push(p.i, p.j, p.m1, p.m2, ...p.h);
  }
  return Float64Array.from(out);
}
const flats = new WeakMap<ReservoirLead, { h: Float64Array; hash: string }>();
function identity(r: ReservoirLead): { h: Float64Array; hash: string } {
  let e = flats.get(r);
  if (!e) {
    const h = flat(r);
    e = { h, hash: `${bitsHash([h])}:${h.length}` };
    flats.set(r, e);
  }
  return e;
}
const sameArray = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((x, i) => x === b[i]);

export function clearReservoirTables(): void {
  tables.clear();
  tableBytes = 0;
}

/** Σ_f g(f) e^{−2πi f·Δ} (times 1/n²) for every Δ in the box, every basis-orbital pair */
function deltaTable(r: ReservoirLead, E: number, grid: { eta: number; n: number }, D1: number, D2: number): DeltaTable {
  const id = identity(r), key = `${id.hash}|${E}|${grid.eta}|${grid.n}`;
  const old = tables.get(key);
  if (old && old.D1 >= D1 && old.D2 >= D2 && sameArray(old.h, id.h)) {
    reservoirStats.tableHits++;
    return old;
  }
  if (old) {
    (D1 = Math.max(D1, old.D1)), (D2 = Math.max(D2, old.D2));
    tables.delete(key);
    tableBytes -= 16 * old.re.length;
  }
  const n = grid.n, W1 = 2 * D1 + 1, W2 = 2 * D2 + 1, nD = W1 * W2;
  const first = blocksAt(r, [0, 0]);
  const B = first.h00.rows, B2 = B * B;
  // one product: acc (nD × B²) = Phase (nD × K) · G (K × B²), a row of G per k-point of the grid, the
  // partner −f of each pair (time reversal) as the transpose g(f)ᵀ in the next row; Phase = e^{−2πi f·Δ}/n²
  const rows: { f: [number, number]; transposeOf: number }[] = [];
  for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) {
    const pp = (n - p) % n, qq = (n - q) % n;
    const self = pp === p && qq === q;
    if (!self && (pp < p || (pp === p && qq < q))) continue; // the partner −f carries this one
    rows.push({ f: [p / n, q / n], transposeOf: -1 });
    if (!self) rows.push({ f: [-p / n, -q / n], transposeOf: rows.length - 1 });
  }
  const K = rows.length, G = cmat(K, B2), P = cmat(nD, K), norm = 1 / (n * n);
  rows.forEach(({ f, transposeOf }, row) => {
    if (transposeOf >= 0) {
      const o = transposeOf * B2;
      for (let a = 0; a < B; a++) for (let b = 0; b < B; b++) (G.re[row * B2 + a * B + b] = G.re[o + b * B + a]!), (G.im[row * B2 + a * B + b] = G.im[o + b * B + a]!);
    } else {
      const g = surfaceGreen(f[0] === 0 && f[1] === 0 ? first : blocksAt(r, f), E, { eta: grid.eta }).g;
      reservoirStats.kpoints++;
      G.re.set(g.re, row * B2);
      G.im.set(g.im, row * B2);
    }
    for (let d = 0; d < nD; d++) {
      const ph = -2 * Math.PI * (f[0] * (Math.floor(d / W2) - D1) + f[1] * ((d % W2) - D2));
      P.re[d * K + row] = norm * Math.cos(ph);
      P.im[d * K + row] = norm * Math.sin(ph);
    }
  });
  const acc = cmul(P, G), accRe = acc.re, accIm = acc.im;
  const t: DeltaTable = { h: id.h, D1, D2, B, re: accRe, im: accIm };
  if (tableBytes + 16 * accRe.length <= TABLE_LIMIT_BYTES) {
    tables.set(key, t);
    tableBytes += 16 * accRe.length;
  }
  return t;
}

/** g on the reservoir's sites at E + iη (η and the grid from reservoirGrid unless given). */
export function reservoirSurfaceGreen(r: ReservoirLead, E: number, eta: number, grid = reservoirGrid(eta)): CMat {
  const { nb, sites } = r, M = sites.length / 3;
  let D1 = 0, D2 = 0;
  for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) {
    D1 = Math.max(D1, Math.abs(sites[3 * j + 1]! - sites[3 * i + 1]!));
    D2 = Math.max(D2, Math.abs(sites[3 * j + 2]! - sites[3 * i + 2]!));
  }
  // a margin of two sites: the cells of later snapshots (device atoms moved) fit in the same table
  const t = deltaTable(r, E, grid, D1 + 2, D2 + 2), W2 = 2 * t.D2 + 1, B = t.B, B2 = B * B;
  reservoirStats.calls++;
  const N = M * nb, out = cmat(N, N);
  for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) {
    const d = (sites[3 * j + 1]! - sites[3 * i + 1]! + t.D1) * W2 + (sites[3 * j + 2]! - sites[3 * i + 2]! + t.D2);
    const o = d * B2, bi = sites[3 * i]! * nb, bj = sites[3 * j]! * nb;
    for (let a = 0; a < nb; a++) for (let c = 0; c < nb; c++) {
      const src = o + (bi + a) * B + bj + c, dst = (i * nb + a) * N + j * nb + c;
      out.re[dst] = t.re[src]!;
      out.im[dst] = t.im[src]!;
    }
  }
  return out;
}
