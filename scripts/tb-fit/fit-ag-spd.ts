/**
 * Refits the s/p block of the Ag NN spd model (src/transport/models/agSpdLcn.ts) to PBE data:
 * open channels per (111) surface atom of bulk Ag, N(E) = ⟨#right-moving bulk states at (k∥, E)⟩
 * over a Γ-centred n×n grid of the 1×1 (111) surface BZ, PWCOND values (test/fixtures/dft/
 * bulk1.cond_kpts.table, 36×36): 0.621, 0.700, 0.780, 0.822, 0.822 at E − E_F = −1, −0.5, 0, 0.5,
 * 1 eV, and the k-resolved counts of that table: Γ̄ closed for E ≥ −0.25 eV, open at −0.5 eV, i.e.
 * the L2′ state (top of the sp band on the ΓL line) at −0.37 eV (M̄, where the other L points
 * project, opens at the same energy). The band bottom Γ1 is kept at −7.9 eV (the Papacon value).
 * Channel count at k∥: half the number of crossings of E by the bands along the k_z line through
 * k∥ (period 2π/c, c = a/√3). E_F from the bulk 11-electron count at every trial.
 * Nelder–Mead in the 9 s/p parameters (Ry), d block fixed to Papacon. Run:
 *     npx tsx scripts/tb-fit/fit-ag-spd.ts [--grid 18] [--iter 300]
 * Prints the fitted set as JSON (copy into data/tb/ag-spd-lcn.json and AG_SPD_LCN_RY).
 */
import { hermitianEigenvalues } from '../../src/transport/linalg/hermitian.ts';
import { cmat } from '../../src/transport/linalg/cmat.ts';
import { makeAgSpdModel, type AgSpdParams } from '../../src/transport/models/agSpdLcn.ts';
import { AG_PAPACON_RY } from '../../src/transport/models/spdModel.ts';
import { bulkFermiLevel } from '../../src/transport/models/bulk.ts';
import type { TBModel } from '../../src/transport/models/types.ts';

const args = process.argv.slice(2);
const opt = (k: string, d: number) => (args.includes(k) ? Number(args[args.indexOf(k) + 1]) : d);
const GRID = opt("--grid", 18), ITER = opt("--iter", 300), NZ = 24, FIT_GRID = opt("--fit-grid", 12);

const a = 4.086, d = a / Math.SQRT2, c = a / Math.sqrt(3);
const a1 = [d, 0, 0], a2 = [d / 2, (d * Math.sqrt(3)) / 2, 0], t = [(a1[0]! + a2[0]!) / 3, (a1[1]! + a2[1]!) / 3, c];
const lat: number[][] = [];
for (let i = -3; i <= 3; i++) for (let j = -3; j <= 3; j++) for (let l = -2; l <= 2; l++) {
  const R = [0, 1, 2].map((x) => i * a1[x]! + j * a2[x]! + l * t[x]!);
  const r = Math.hypot(...R);
  if (r > 0.1 && r < 3.6) lat.push(R);
}
const area = a1[0]! * a2[1]!;
const b1 = [(2 * Math.PI * a2[1]!) / area, (-2 * Math.PI * a2[0]!) / area], b2 = [0, (2 * Math.PI * a1[0]!) / area];

function bands(m: TBModel, k: number[]): Float64Array {
  const h = cmat(9, 9), blk = new Float64Array(81), on = new Float64Array(9);
  m.onsite(12, on);
  for (let i = 0; i < 9; i++) h.re[i * 9 + i] = on[i]!;
  for (const R of lat) {
    m.hop(R[0]!, R[1]!, R[2]!, blk);
    const ph = k[0]! * R[0]! + k[1]! * R[1]! + k[2]! * R[2]!, cs = Math.cos(ph), sn = Math.sin(ph);
    for (let i = 0; i < 81; i++) (h.re[i]! += blk[i]! * cs), (h.im[i]! += blk[i]! * sn);
  }
  return hermitianEigenvalues(h);
}

/** channels at fractional k∥ = (f1, f2) for each energy (absolute, eV) */
export function channels(m: TBModel, f: [number, number], Es: number[]): number[] {
  const kx = f[0] * b1[0]! + f[1] * b2[0]!, ky = f[0] * b1[1]! + f[1] * b2[1]!;
  const below: number[][] = [];
  for (let j = 0; j < NZ; j++) {
    const ev = bands(m, [kx, ky, ((2 * Math.PI) / c) * (j / NZ)]);
    below.push(Es.map((E) => ev.filter((x) => x < E).length));
  }
  return Es.map((_, ie) => {
    let cr = 0;
    for (let j = 0; j < NZ; j++) cr += Math.abs(below[(j + 1) % NZ]![ie]! - below[j]![ie]!);
    return cr / 2;
  });
}

/** L2′ − E_F, eV: between −0.5 and −0.25 eV, where the PWCOND Γ̄ count drops from 1 to 0 */
const L2P_TARGET = -0.37;
const DE = [-1, -0.5, 0, 0.5, 1], TARGET = [0.621, 0.7, 0.78, 0.822, 0.822];
function averaged(m: TBModel, n: number): number[] {
  const acc = DE.map(() => 0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const ch = channels(m, [i / n, j / n], DE.map((e) => e + m.fermiEnergy));
    ch.forEach((x, k) => (acc[k]! += x / (n * n)));
  }
  return acc;
}

const KEYS = ['es', 'ep', 'sss', 'sps', 'pps', 'ppp', 'sds', 'pds', 'pdp'] as const;
function paramsOf(x: number[]): AgSpdParams {
  const p = AG_PAPACON_RY;
  const b = { ...p.bonds };
  KEYS.slice(2).forEach((k, i) => ((b as Record<string, number>)[k] = x[i + 2]!));
  return { es: x[0]!, ep: x[1]!, edT2g: p.edT2g, edEg: p.edEg, bonds: b };
}
function modelOf(x: number[]): TBModel {
  const m0 = makeAgSpdModel(paramsOf(x), 0, 'fit');
  return makeAgSpdModel(paramsOf(x), bulkFermiLevel(m0, 16), 'fit');
}
/** Γ̄ channel count must be 0 at E_F − 0.25 eV and 1 at E_F − 0.5 eV (L2′ between); Γ1 depth kept. */
function cost(x: number[]): number {
  const m = modelOf(x);
  const avg = averaged(m, FIT_GRID);
  let s = 0;
  avg.forEach((v, i) => (s += ((v - TARGET[i]!) / 0.02) ** 2));
  // ascending bands: index 8 at Γ = Γ1 (lowest), index 3 at L (k = (π/c) ẑ on the Γ̄ line) = L2′
  const g = bands(m, [0, 0, 0]);
  s += ((g[8]! - m.fermiEnergy + 7.9) / 0.3) ** 2;
  const L = bands(m, [0, 0, Math.PI / c]);
  s += ((L[3]! - m.fermiEnergy - L2P_TARGET) / 0.05) ** 2;
  return s;
}

function nelderMead(f: (x: number[]) => number, x0: number[], step: number[], iters: number): number[] {
  let simplex = [x0, ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + step[j]! : v)))];
  let vals = simplex.map(f);
  for (let it = 0; it < iters; it++) {
    const order = vals.map((v, i) => [v, i] as const).sort((p, q) => p[0] - q[0]).map((p) => p[1]);
    simplex = order.map((i) => simplex[i]!);
    vals = order.map((i) => vals[i]!);
    if (it % 10 === 0) console.error(`iter ${it}: cost ${vals[0]!.toFixed(4)}`);
    const n = x0.length, cen = x0.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + p[j]!, 0) / n);
    const w = simplex[n]!, pt = (tq: number) => cen.map((cv, j) => cv + tq * (w[j]! - cv));
    const xr = pt(-1), fr = f(xr);
    if (fr < vals[0]!) {
      const xe = pt(-2), fe = f(xe);
      [simplex[n], vals[n]] = fe < fr ? [xe, fe] : [xr, fr];
    } else if (fr < vals[n - 1]!) {
      [simplex[n], vals[n]] = [xr, fr];
    } else {
      const xc = pt(0.5), fc = f(xc);
      if (fc < vals[n]!) [simplex[n], vals[n]] = [xc, fc];
      else {
        simplex = simplex.map((p, i) => (i === 0 ? p : p.map((v, j) => simplex[0]![j]! + 0.5 * (v - simplex[0]![j]!))));
        vals = simplex.map((p, i) => (i === 0 ? vals[0]! : f(p)));
      }
    }
  }
  const best = vals.indexOf(Math.min(...vals));
  return simplex[best]!;
}

const p0 = AG_PAPACON_RY;
const x0 = [p0.es, p0.ep, ...KEYS.slice(2).map((k) => (p0.bonds as unknown as Record<string, number>)[k]!)];
console.error('start cost', cost(x0).toFixed(3), 'averaged', averaged(modelOf(x0), FIT_GRID).map((v) => v.toFixed(3)).join(' '));
const x = nelderMead(cost, x0, x0.map((v) => 0.1 * Math.abs(v) + 0.005), ITER);
const m = modelOf(x);
const Lf = bands(m, [0, 0, Math.PI / c]), Gf = bands(m, [0, 0, 0]);
const out = { L2prime: Lf[3]! - m.fermiEnergy, Gamma1: Gf[8]! - m.fermiEnergy, ...paramsOf(x), fermiEnergyEv: m.fermiEnergy, channels36: averaged(m, GRID), grid: GRID, finalCost: cost(x) };
console.log(JSON.stringify(out, null, 1));
