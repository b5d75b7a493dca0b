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
import { cmat, type CMat } from '../linalg/cmat.ts';
import { assemble, type PairTable } from '../linalg/bloch.ts';
import { surfaceGreen, type LeadBlocks } from './surfaceGreen.ts';

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

export const reservoirStats = { calls: 0, kpoints: 0 };

/** g on the reservoir's sites at E + iη (η and the grid from reservoirGrid unless given). */
export function reservoirSurfaceGreen(r: ReservoirLead, E: number, eta: number, grid = reservoirGrid(eta)): CMat {
  const { nb, sites } = r, M = sites.length / 3, n = grid.n;
  // distinct lateral separations Δ = m_j − m_i
  const index = new Map<string, number>(), deltas: [number, number][] = [];
  const pairDelta = new Int32Array(M * M);
  for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) {
    const d1 = sites[3 * j + 1]! - sites[3 * i + 1]!, d2 = sites[3 * j + 2]! - sites[3 * i + 2]!, key = `${d1},${d2}`;
    let k = index.get(key);
    if (k === undefined) (k = deltas.length), index.set(key, k), deltas.push([d1, d2]);
    pairDelta[i * M + j] = k;
  }
  const first = blocksAt(r, [0, 0]);
  const B = first.h00.rows, B2 = B * B, nD = deltas.length;
  const accRe = new Float64Array(nD * B2), accIm = new Float64Array(nD * B2);
  const cs = new Float64Array(nD), sn = new Float64Array(nD);
  for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) {
    const pp = (n - p) % n, qq = (n - q) % n;
    const self = pp === p && qq === q;
    if (!self && (pp < p || (pp === p && qq < q))) continue; // the partner −f carries this one
    const f: [number, number] = [p / n, q / n];
    const g = surfaceGreen(p === 0 && q === 0 ? first : blocksAt(r, f), E, { eta: grid.eta }).g;
    reservoirStats.kpoints++;
    for (let d = 0; d < nD; d++) {
      const ph = -2 * Math.PI * (f[0] * deltas[d]![0] + f[1] * deltas[d]![1]);
      cs[d] = Math.cos(ph);
      sn[d] = Math.sin(ph);
    }
    for (let d = 0; d < nD; d++) {
      const c = cs[d]!, s = sn[d]!, o = d * B2;
      for (let a = 0; a < B; a++) for (let b = 0; b < B; b++) {
        const x = g.re[a * B + b]!, y = g.im[a * B + b]!;
        // g(f) e^{iφ}, φ = −2π f·Δ
        accRe[o + a * B + b]! += x * c - y * s;
        accIm[o + a * B + b]! += x * s + y * c;
        if (!self) {
          // g(−f) e^{−iφ} = g(f)ᵀ e^{−iφ}: element (b, a) of g(f)
          const u = g.re[b * B + a]!, v = g.im[b * B + a]!;
          accRe[o + a * B + b]! += u * c + v * s;
          accIm[o + a * B + b]! += v * c - u * s;
        }
      }
    }
  }
  reservoirStats.calls++;
  const inv = 1 / (n * n), N = M * nb, out = cmat(N, N);
  for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) {
    const o = pairDelta[i * M + j]! * B2, bi = sites[3 * i]! * nb, bj = sites[3 * j]! * nb;
    for (let a = 0; a < nb; a++) for (let c = 0; c < nb; c++) {
      const src = o + (bi + a) * B + bj + c, dst = (i * nb + a) * N + j * nb + c;
      out.re[dst] = accRe[src]! * inv;
      out.im[dst] = accIm[src]! * inv;
    }
  }
  return out;
}
