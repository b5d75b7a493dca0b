/**
 * One snapshot's transport spread over all cores: the (k, contour node) pairs of every charge
 * evaluation of the neutrality loop and the (k, energy) pairs of the spectrum are split into
 * contiguous shares, one per worker thread (worker/tasks.ts), and the partial k-weighted sums are
 * added. The split is fixed for a given grid, so each thread sees the same k-points every snapshot
 * and its lead caches stay warm. Results equal the single-threaded path up to summation order.
 */
import type { PreparedGeometry } from './device/blocks.ts';
import { chargePairs, neutralizeAsync, type ChargeOptions } from './neutrality.ts';
import { addSpectrumSums, spectrumPairs, type Spectrum, type SpectrumOptions, type SpectrumSums } from './transmission.ts';
import type { Snapshot } from './snapshot.ts';
import { neutralityOptionsFor, prepareSnapshot, snapshotResult, spectrumOptionsFor, type SnapshotTransmission, type SnapshotTransmissionOptions } from './snapshotTransmission.ts';
import { WorkerPool, type WorkerPort } from './worker/pool.ts';
import { packPrep } from './worker/tasks.ts';

const isNode = typeof process !== 'undefined' && !!process.versions?.node;

/** contiguous shares of a list, one per worker (empty shares dropped) */
function shares<T>(list: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let w = 0; w < n; w++) out.push(list.slice(Math.floor((w * list.length) / n), Math.floor(((w + 1) * list.length) / n)));
  return out;
}

export class TransportThreads {
  private constructor(private pool: WorkerPool) {}

  /** n worker threads (Node worker_threads or Web Workers) */
  static async start(n: number): Promise<TransportThreads> {
    let ports: WorkerPort[];
    if (isNode) ports = (await import('./worker/nodePorts.ts')).nodePorts(n);
    else ports = (await import('./worker/browserPorts.ts')).browserPorts(n);
    return new TransportThreads(new WorkerPool(ports));
  }

  get size(): number {
    return this.pool.size;
  }

  /** orbitalChargeSums over all (k, node) pairs, spread over the threads */
  async chargeSums(prep: PreparedGeometry, shifts: Float64Array, opt: ChargeOptions): Promise<Float64Array> {
    const packed = packPrep(prep);
    const parts = await Promise.all(
      shares(chargePairs(prep, opt), this.size).map((pairs, w) => (pairs.length ? this.pool.call<Float64Array>(w, { kind: 'charges', prep: packed, shifts, opt, pairs }) : null)),
    );
    const out = new Float64Array(prep.hDD.rows);
    for (const p of parts) if (p) for (let i = 0; i < out.length; i++) out[i]! += p[i]!;
    return out;
  }

  /** spectrum() with its (k, energy) pairs spread over the threads (no perK) */
  async spectrum(prep: PreparedGeometry, opt: SpectrumOptions): Promise<Spectrum> {
    const packed = packPrep(prep);
    const parts = await Promise.all(
      shares(spectrumPairs(prep, opt), this.size).filter((p) => p.length > 0).map((pairs, w) => this.pool.call<SpectrumSums>(w, { kind: 'spectrum', prep: packed, opt, pairs })),
    );
    return addSpectrumSums(parts);
  }

  terminate(): void {
    this.pool.terminate();
  }
}

/** snapshotTransmission() on all threads: the neutrality loop and the spectrum spread over k and energies. */
export async function snapshotTransmissionThreaded(s: Snapshot, o: SnapshotTransmissionOptions, threads: TransportThreads): Promise<SnapshotTransmission> {
  const u = prepareSnapshot(s, o);
  const n = u.model.selfConsistentNeutrality ? await neutralizeAsync(u.prep, neutralityOptionsFor(u), (phi, co) => threads.chargeSums(u.prep, phi, co)) : undefined;
  return snapshotResult(u, n, await threads.spectrum(u.prep, spectrumOptionsFor(u, o)), { threads: threads.size });
}
