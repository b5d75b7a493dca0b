/**
 * Transport benchmark: ms per snapshot for T(E_F) and for a 201-point T(E) (−1…1 eV), per model and
 * mode, cold (lead surface Green's functions computed) and warm (cached, as for every snapshot after
 * the first in a run); and cost per (E, k) point vs device size. spd 201-point spectra are
 * extrapolated from 5 energies (marked). Budget ≲ 60 s on 2 cores, plus ≈ 190 s CPU for `accurate`.
 * `accurate`: the accurate model (spd-pbe, as configs/paper-*.json; REWIRE_BENCH_ACCURATE_MODELS=spd-pbe,spd-lcn
 * adds the previous one) on all threads (threads.ts), paper mode, the k-grid that converges T(E_F) to 2 %
 * (ACCURATE_KPOINTS; REWIRE_BENCH_KPOINTS=NxN overrides, REWIRE_BENCH_SPECTRUM_KPOINTS=NxN the grid of the
 * measured 201-point T(E)), neutrality loop included: T(E_F) cold (fresh threads,
 * no warm start), warm (the same snapshot again), next (a thermally displaced snapshot, warm-started
 * from the previous one), a 201-point T(E) of further displaced snapshots on SPECTRUM_KPOINTS (first: leads at the
 * 200 new energies computed; warm: cached) and two on the accurate grid itself (measured, not
 * extrapolated: the first computes every lead; its 201 × 50 lead pairs do not fit the 256 MB lead
 * cache folded, so they are kept compact, and the next snapshot's spectrum skips the decimations). `linalg` says which dense-kernel backend ran (REWIRE_LINALG=js for the JavaScript one).
 */
import * as os from 'node:os';
import { bridgedSnapshot, displaced } from './snapshots.ts';
import { snapshotTransmission } from '../src/transport/snapshotTransmission.ts';
import { clearSurfaceCache, spectrum } from '../src/transport/transmission.ts';
import { getModel } from '../src/transport/models/registry.ts';
import { fcc111Frame, paperGeometry } from '../src/transport/device/paperDevice.ts';
import { blocksAtK, prepareGeometry } from '../src/transport/device/blocks.ts';
import { caroli } from '../src/transport/solver/caroli.ts';
import { surfaceGreen } from '../src/transport/solver/surfaceGreen.ts';
import { TransportThreads, snapshotTransmissionThreaded } from '../src/transport/threads.ts';
import { clearNeutralityCache, clearWarmStart } from '../src/transport/neutrality.ts';
import { linalgBackend } from '../src/transport/linalg/wasm/wasmLinalg.ts';

/**
 * transverse k-grid of paper mode that converges T(E_F) of the bench snapshots to 2 % (docs/transport.md,
 * Speed: MP n×n, n = 4…24, on the bench snapshot and a ±0.1 Å displaced one). spd-pbe: n = 10 is within
 * 0.4 % of the 16–24 mean on both (n = 8: −2.1 % on the displaced one); spd-lcn: every n ≥ 16 within 1 %, n ≤ 12 not reliably.
 */
export const ACCURATE_KPOINTS: Record<string, [number, number]> = { 'spd-pbe': [10, 10], 'spd-lcn': [16, 16] };
/** the accurate model (configs/paper-*.json) */
export const ACCURATE_MODEL = 'spd-pbe';
/** k-grid of the cheap 201-point T(E) rows (T201_first, T201_warm: leads cached); the one on the accurate grid is measured too (T201_accurate_grid) */
export const SPECTRUM_KPOINTS: [number, number] = [3, 3];

/** wall ms and CPU ms of the whole process (all threads: on an idle machine wall ≈ CPU / threads) */
async function timed<T>(f: () => Promise<T>): Promise<[{ wall: number; cpu: number }, T]> {
  const t = performance.now(), c = process.cpuUsage();
  const r = await f();
  const u = process.cpuUsage(c);
  return [{ wall: +(performance.now() - t).toFixed(0), cpu: +((u.user + u.system) / 1000).toFixed(0) }, r];
}

/** the accurate model per snapshot on `threads` threads (see the file comment) */
export async function benchAccurate(threads: number, kpoints?: [number, number], specK: [number, number] = SPECTRUM_KPOINTS, model = ACCURATE_MODEL): Promise<Record<string, unknown>> {
  kpoints ??= ACCURATE_KPOINTS[model] ?? [16, 16];
  const snap = bridgedSnapshot();
  const E201 = Array.from({ length: 201 }, (_, i) => +(-1 + 0.01 * i).toFixed(2));
  clearSurfaceCache();
  clearNeutralityCache();
  clearWarmStart();
  const pool = await TransportThreads.start(threads);
  try {
    const o = { model, mode: 'paper', kpoints, energies: [0] };
    const row = (ms: { wall: number; cpu: number }, r: Awaited<ReturnType<typeof snapshotTransmissionThreaded>>) => ({ ms: ms.wall, cpu_ms: ms.cpu, T_EF: +r.T[0]!.toFixed(4), tau1: +r.channels[0]![0]!.toFixed(4), broydenSteps: (r.info.neutrality as { iterations: number }).iterations });
    const [cold, a] = await timed(() => snapshotTransmissionThreaded(snap, o, pool));
    const [warm, b] = await timed(() => snapshotTransmissionThreaded(snap, o, pool));
    const [next, c] = await timed(() => snapshotTransmissionThreaded(displaced(snap, 0.03, 1), o, pool));
    const o201 = { ...o, kpoints: specK, energies: E201 };
    const [first201, d] = await timed(() => snapshotTransmissionThreaded(displaced(snap, 0.03, 2), o201, pool));
    const [warm201, e] = await timed(() => snapshotTransmissionThreaded(displaced(snap, 0.03, 3), o201, pool));
    // a larger step between snapshots (±0.1 Å, ~ 300 K thermal amplitude): the warm start needs Broyden steps
    const [far, f] = await timed(() => snapshotTransmissionThreaded(displaced(snap, 0.1, 5), o, pool));
    // the 201-point T(E) on the accurate grid itself (the target), from a fresh displaced snapshot
    const [acc201, g] = await timed(() => snapshotTransmissionThreaded(displaced(snap, 0.03, 6), { ...o, energies: E201 }, pool));
    // and of the next snapshot: its leads come from the compact lead cache (unfolded primitive blocks)
    const [acc201next, h] = await timed(() => snapshotTransmissionThreaded(displaced(snap, 0.03, 7), { ...o, energies: E201 }, pool));
    const jump = (r: typeof e) => +Math.max(...r.T.slice(1).map((t, i) => Math.abs(t - r.T[i]!))).toFixed(4);
    const steps = (r: typeof e) => (r.info.neutrality as { iterations: number }).iterations;
    return {
      note: `${model}, paper mode, bench snapshot (single-atom bridge, base-12 tips), ${kpoints.join('x')} Monkhorst–Pack k (T) and the capped charge grid, RGF, the outer buffer layer of each side with one neutrality shift and absorbed into its lead (solver/absorb.ts; spectra and charges, from 2 energies or nodes per k-point), ${threads} threads, dense kernels: ${linalgBackend()}; ms (wall) and cpu_ms (all threads) per snapshot including the neutrality loop; load average at start ${os.loadavg()[0]!.toFixed(1)}; displaced = mobile atoms moved by ±0.03 Å (0p1: ±0.1 Å)`,
      kpoints: kpoints.join('x'), threads, linalg: linalgBackend(),
      T_EF_cold: row(cold, a), T_EF_warm_same: row(warm, b), T_EF_warm_displaced: row(next, c), T_EF_warm_displaced_0p1: row(far, f),
      T201_first: { kpoints: specK.join('x'), nk: d.info.nk, ms: first201.wall, cpu_ms: first201.cpu, broydenSteps: steps(d) },
      T201_warm: { kpoints: specK.join('x'), nk: e.info.nk, ms: warm201.wall, cpu_ms: warm201.cpu, broydenSteps: steps(e), T_EF: +e.T[100]!.toFixed(4), maxJumpPer0p01eV: jump(e) },
      T201_accurate_grid: { kpoints: kpoints.join('x'), nk: g.info.nk, ms: acc201.wall, cpu_ms: acc201.cpu, broydenSteps: steps(g), T_EF: +g.T[100]!.toFixed(4), maxJumpPer0p01eV: jump(g), note: 'measured, the first spectrum on this grid: every lead decimated' },
      T201_accurate_grid_next: { kpoints: kpoints.join('x'), nk: h.info.nk, ms: acc201next.wall, cpu_ms: acc201next.cpu, broydenSteps: steps(h), T_EF: +h.T[100]!.toFixed(4), maxJumpPer0p01eV: jump(h), note: 'the next snapshot: its 201 × 50 lead pairs do not fit the lead cache folded, so they are kept compact (unfolded primitive blocks) and not decimated again' },
    };
  } finally {
    pool.terminate();
  }
}

const ms = (f: () => void) => {
  const t = performance.now();
  f();
  return +(performance.now() - t).toFixed(1);
};

export async function benchTransport(opts: { threads?: number; accurateOnly?: boolean; kpoints?: [number, number]; specK?: [number, number]; models?: string[] } = {}): Promise<Record<string, unknown>> {
  const accurate: Record<string, unknown> = {};
  for (const m of opts.models ?? [ACCURATE_MODEL]) accurate[m] = await benchAccurate(opts.threads ?? 2, opts.kpoints, opts.specK, m);
  if (opts.accurateOnly) return { accurate };
  const snap = bridgedSnapshot();
  const E201 = Array.from({ length: 201 }, (_, i) => +(-1 + 0.01 * i).toFixed(2));
  const E5 = [-1, -0.5, 0, 0.5, 1];
  const perSnapshot: Record<string, unknown>[] = [];
  const cases: { model: string; mode: string; kpoints: [number, number]; full201: boolean; skipSpectrum?: boolean }[] = [
    { model: 's', mode: 'paper', kpoints: [6, 6], full201: true },
    { model: 's', mode: 'tips', kpoints: [1, 1], full201: true },
    { model: 'spd', mode: 'paper', kpoints: [3, 3], full201: false },
    { model: 'spd', mode: 'tips', kpoints: [1, 1], full201: false },
    // accurate model: self-consistent neutrality included (cold = first snapshot, warm = warm-started next one)
    { model: 'spd-lcn', mode: 'paper', kpoints: [3, 3], full201: false, skipSpectrum: true },
  ];
  for (const c of cases) {
    clearSurfaceCache();
    let T = 0;
    const cold = ms(() => (T = snapshotTransmission(snap, { ...c, energies: [0] }).T[0]!));
    const warm = ms(() => snapshotTransmission(snap, { ...c, energies: [0] }));
    clearSurfaceCache();
    const Es = c.full201 ? E201 : E5;
    const specCold = c.skipSpectrum ? NaN : ms(() => snapshotTransmission(snap, { ...c, energies: Es }));
    const specWarm = c.skipSpectrum ? NaN : ms(() => snapshotTransmission(snap, { ...c, energies: Es }));
    const f = 201 / Es.length;
    perSnapshot.push({
      model: c.model, mode: c.mode, kpoints: c.kpoints.join('x'), T_EF: +T.toFixed(4),
      ms_T_EF_cold: cold, ms_T_EF_warm: warm,
      ms_T201_cold: +(specCold * f).toFixed(0), ms_T201_warm: +(specWarm * f).toFixed(0),
      ...(c.full201 ? {} : { T201_extrapolated_from: Es.length }),
    });
  }
  // cost vs device size: one (E, k) point of the paper geometry with n gap atoms (blob in the gap)
  const vsSize: Record<string, unknown>[] = [];
  for (const name of ['s', 'spd']) {
    const m = getModel(name);
    const F = fcc111Frame(m.lattice);
    for (const nGap of name === 's' ? [1, 9, 27, 81] : [1, 9, 27]) {
      const layers = 2 + Math.ceil(nGap / 9) * 2;
      const G = (layers + 1) * F.c;
      const gap: number[] = [];
      for (let k = 0; k < nGap; k++) {
        const l = Math.floor(k / 9), i = k % 3, j = Math.floor((k % 9) / 3);
        gap.push(i * F.a1[0] + j * F.a2[0] + (l + 1) * F.s[0], j * F.a2[1] + (l + 1) * F.s[1], (l + 1) * F.c);
      }
      const g = paperGeometry(m.lattice, G, new Float64Array(gap), 2, `bench-${name}`);
      const p = prepareGeometry(m, g);
      const b = blocksAtK(p, [0.1, 0.2]);
      const E = m.fermiEnergy;
      const lead = ms(() => surfaceGreen(b.left.lead, E, { eta: 1e-5 }));
      const gL = surfaceGreen(b.left.lead, E, { eta: 1e-5 }).g, gR = surfaceGreen(b.right.lead, E, { eta: 1e-5 }).g;
      const dev = ms(() => caroli(b, E, { eta: 1e-5, gL, gR }));
      vsSize.push({ model: name, gapAtoms: nGap, orbitals: b.hDD.rows, ms_device_point: dev, ms_lead_decimation: lead });
    }
  }
  // cache effect on a spectrum (s, paper)
  return {
    accurate,
    note: 'single-atom bridge between two base-12 tips (a = 4.22 Å, apex–atom bonds a/√2 = 2.98 Å); cold = lead surface GFs computed, warm = cached across snapshots; ms per snapshot on one core',
    perSnapshot,
    costVsDeviceSize: vsSize,
    spectrumNote: `spd 201-point values extrapolated (×201/5) from ${E5.length} energies`,
    _unused: spectrum.name,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const threads = Number(process.env.REWIRE_BENCH_THREADS ?? 2);
  const grid = (v?: string) => v?.split('x').map(Number) as [number, number] | undefined;
  const k = grid(process.env.REWIRE_BENCH_KPOINTS), specK = grid(process.env.REWIRE_BENCH_SPECTRUM_KPOINTS);
  const models = process.env.REWIRE_BENCH_ACCURATE_MODELS?.split(',');
  console.log(JSON.stringify(await benchTransport({ threads, accurateOnly: process.argv.includes('--accurate'), ...(k ? { kpoints: k } : {}), ...(specK ? { specK } : {}), ...(models ? { models } : {}) }), null, 2));
}
