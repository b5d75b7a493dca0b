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

/**
 * Progress of a spectrum on the threads: (k, energy) points done and in all; called with done = 0
 * when the work is sent out, then after each chunk.
 */
export type SpectrumProgress = (done: number, total: number) => void;

/** chunks of a share sent one after another when progress is asked for (whole k-points each) */
const PROGRESS_CHUNKS = 16;
/** spectra of fewer (k, energy) points go in one call per thread and report no progress (each chunk costs a copy of the prepared geometry) */
export const PROGRESS_MIN_POINTS = 1000;

/**
 * A share of (k, energy) pairs (k-major) cut into about n runs of whole k-points (a worker builds
 * the blocks of a k-point once per task, so a k-point is never split).
 */
function kChunks(pairs: [number, number][], n: number): [number, number][][] {
  const out: [number, number][][] = [];
  const target = Math.max(1, Math.ceil(pairs.length / n));
  let cur: [number, number][] = [];
  for (let i = 0; i < pairs.length; i++) {
    cur.push(pairs[i]!);
    const kEnds = i + 1 === pairs.length || pairs[i + 1]![0] !== pairs[i]![0];
    if (kEnds && cur.length >= target) (out.push(cur), (cur = []));
  }
  if (cur.length > 0) out.push(cur);
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

  /**
   * spectrum() with its (k, energy) pairs spread over the threads (no perK). With `onProgress` and at
   * least PROGRESS_MIN_POINTS pairs, each thread's share goes in chunks of whole k-points, one after
   * another, and progress is reported after each (the sums then differ from the one-call form only in
   * summation order).
   */
  async spectrum(prep: PreparedGeometry, opt: SpectrumOptions, onProgress?: SpectrumProgress): Promise<Spectrum> {
    const packed = packPrep(prep);
    const all = spectrumPairs(prep, opt);
    const report = all.length >= PROGRESS_MIN_POINTS ? onProgress : undefined;
    let done = 0;
    report?.(0, all.length);
    const parts = await Promise.all(
      shares(all, this.size).filter((p) => p.length > 0).map(async (share, w) => {
        const sums: SpectrumSums[] = [];
        const chunks = report ? kChunks(share, PROGRESS_CHUNKS) : [share];
        for (const pairs of chunks) {
          // the lead cache decides for the thread's whole share (a first chunk that fits must not take the room)
          sums.push(await this.pool.call<SpectrumSums>(w, { kind: 'spectrum', prep: packed, opt: chunks.length > 1 ? { ...opt, cachePairs: share.length } : opt, pairs }));
          done += pairs.length;
          report?.(done, all.length);
        }
        return sums;
      }),
    );
    return addSpectrumSums(parts.flat());
  }

  terminate(): void {
    this.pool.terminate();
  }
}

/** snapshotTransmission() on all threads: the neutrality loop and the spectrum spread over k and energies (progress: of the spectrum). */
export async function snapshotTransmissionThreaded(s: Snapshot, o: SnapshotTransmissionOptions, threads: TransportThreads, onProgress?: SpectrumProgress): Promise<SnapshotTransmission> {
  const u = prepareSnapshot(s, o);
  const n = u.model.selfConsistentNeutrality ? await neutralizeAsync(u.prep, neutralityOptionsFor(u), (phi, co) => threads.chargeSums(u.prep, phi, co)) : undefined;
  return snapshotResult(u, n, await threads.spectrum(u.prep, spectrumOptionsFor(u, o), onProgress), { threads: threads.size });
}
