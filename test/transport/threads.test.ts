// One snapshot on several threads (threads.ts): the shares of the (k, node) and (k, energy) pairs
// add up to the single-threaded charges and spectrum (to summation order), and a threaded snapshot
// gives the same T and channels as the inline one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModel } from '../../src/transport/models/registry.ts';
import { prepareGeometry } from '../../src/transport/device/blocks.ts';
import { orbitalChargeSums } from '../../src/transport/neutrality.ts';
import { spectrum } from '../../src/transport/transmission.ts';
import { TransportThreads, snapshotTransmissionThreaded } from '../../src/transport/threads.ts';
import { snapshotTransmission } from '../../src/transport/snapshotTransmission.ts';
import { constriction, pyramidPair } from './targetGeometries.ts';

let threads: TransportThreads;
beforeAll(async () => {
  threads = await TransportThreads.start(2);
});
afterAll(() => threads.terminate());

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(0, ...Array.from(a, (x, i) => Math.abs(x - b[i]!)));

describe('transport threads', () => {
  it('charge sums of the threads equal the single-threaded sums (spd-lcn, 2×2 k, 3 nodes)', async () => {
    const m = getModel('spd-lcn');
    const prep = prepareGeometry(m, constriction(m.lattice, 1));
    const shifts = Float64Array.from({ length: prep.geometry.device.length / 3 }, (_, i) => 0.2 * Math.cos(i));
    const opt = { kpoints: [2, 2] as [number, number], nodes: 3 };
    expect(maxDiff(await threads.chargeSums(prep, shifts, opt), orbitalChargeSums(prep, shifts, opt))).toBeLessThan(1e-12);
  }, 120_000);
  it('a spectrum on the threads equals the single-threaded one (s, paper, 3×3 k, 5 energies)', async () => {
    const m = getModel('s');
    const prep = prepareGeometry(m, constriction(m.lattice, 2));
    const opt = { energies: [-0.5, -0.1, 0, 0.2, 0.6].map((e) => e + m.fermiEnergy), kpoints: [3, 3] as [number, number] };
    const a = await threads.spectrum(prep, opt), b = spectrum(m, prep, opt);
    expect(maxDiff(a.T, b.T)).toBeLessThan(1e-12);
    expect(maxDiff(a.channels.flat(), b.channels.flat())).toBeLessThan(1e-12);
    expect(maxDiff(a.open, b.open)).toBeLessThan(1e-12);
  }, 120_000);
  it('with progress: the share goes in chunks of whole k-points, done rises to the total, and the spectrum is the same', async () => {
    const m = getModel('s');
    const prep = prepareGeometry(m, constriction(m.lattice, 2));
    // 18 irreducible k × 56 energies ≥ PROGRESS_MIN_POINTS (a shorter spectrum goes in one call per thread, without progress)
    const opt = { energies: Array.from({ length: 56 }, (_, i) => -0.55 + 0.02 * i + m.fermiEnergy), kpoints: [6, 6] as [number, number] };
    const calls: [number, number][] = [];
    const a = await threads.spectrum(prep, opt, (done, total) => calls.push([done, total])), b = spectrum(m, prep, opt);
    const total = calls[0]![1];
    expect(total).toBe(18 * 56); // the 18 irreducible k of the 6×6 grid (time reversal) × 56 energies
    expect(calls[0]![0]).toBe(0);
    expect(calls.at(-1)![0]).toBe(total);
    expect(calls.length).toBeGreaterThan(3);
    for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThan(calls[i - 1]![0]);
    for (const [done] of calls.slice(1)) expect(done % 56).toBe(0); // whole k-points only
    expect(maxDiff(a.T, b.T)).toBeLessThan(1e-12);
    expect(maxDiff(a.channels.flat(), b.channels.flat())).toBeLessThan(1e-12);
    const few: number[] = [];
    await threads.spectrum(prep, { ...opt, energies: opt.energies.slice(0, 3) }, (done) => few.push(done));
    expect(few).toEqual([]);
  }, 120_000);
  it('a threaded snapshot (tips mode, s) gives the inline T and channels', async () => {
    const snap = pyramidPair(4.086, 7, 0, { bridge: 1, bond: 2.85 });
    const o = { model: 's', mode: 'tips', energies: [0, 0.3] };
    const a = await snapshotTransmissionThreaded(snap, o, threads), b = snapshotTransmission(snap, o);
    expect(maxDiff(a.T, b.T)).toBeLessThan(1e-12);
    expect(maxDiff(a.channels.flat(), b.channels.flat())).toBeLessThan(1e-12);
  }, 120_000);
});
