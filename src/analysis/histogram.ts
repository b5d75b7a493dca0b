/**
 * Conductance histograms (paper Fig. 4: 0.05 G0 bins over all points of many sweeps).
 *   edges_k = k·bin for integer k (never accumulated; k/m when bin = 1/m, see edgeAt);
 *   a value v falls in [edge_k, edge_k+1); counts are raw integers, density = count / (n·bin)
 *   (1/G0, integrates to 1).
 * With a series resistance R_s the values are first mapped to the gap conductance
 * G_gap = 1/(1/G − R_s); values with 1/G ≤ R_s are counted as `excluded` and left out.
 */
import { RewireError } from '../core/errors.ts';
import { subtractSeriesResistance } from './conductanceUnits.ts';
import { findPeaks, type Peak, type PeakOptions } from './peaks.ts';

export interface Histogram {
  bin: number;
  /** points read (kept + skipped + excluded) */
  read: number;
  /** points dropped before binning (instrument floor, NaN, negative) */
  skipped: number;
  /** points dropped by the series-resistance correction (1/G ≤ R_s) */
  excluded: number;
  /** points binned = Σ counts */
  n: number;
  edges: number[];
  counts: number[];
  density: number[];
  peaks: Peak[];
}

/**
 * Edge k of bins of width `bin`: k·bin, computed as k/m when bin = 1/m for an integer m (0.05 = 1/20),
 * so that edges are the correctly rounded decimals (3/20 = 0.15, where 3·0.05 = 0.15000000000000002).
 */
export function edgeAt(k: number, bin: number): number {
  const m = Math.round(1 / bin);
  return Math.abs(1 / bin - m) <= 1e-9 * m ? k / m : k * bin;
}

/** Bin index of v: edgeAt(k) ≤ v < edgeAt(k + 1), consistent with the edges as computed. */
export function binIndex(v: number, bin: number): number {
  let k = Math.floor(v / bin);
  while (v < edgeAt(k, bin)) k--;
  while (v >= edgeAt(k + 1, bin)) k++;
  return k;
}

/** Histogram of values (G0 units). `read`/`skipped`/`excluded` are carried for the bookkeeping. */
export function histogram(values: ArrayLike<number>, bin: number, book: { read?: number; skipped?: number; excluded?: number } = {}, peakOptions: PeakOptions = {}): Histogram {
  if (!(bin > 0) || !Number.isFinite(bin)) throw new RewireError('--bin', `bin width must be a positive number (got ${bin})`, 'e.g. --bin 0.05 (G0)');
  const n = values.length;
  let kmin = Infinity, kmax = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new RewireError('histogram', `value ${i} is not finite (${v})`, 'drop NaN/Inf values before binning');
    const k = binIndex(v, bin);
    if (k < kmin) kmin = k;
    if (k > kmax) kmax = k;
  }
  if (n === 0) (kmin = 0), (kmax = -1);
  if (kmax - kmin > 10_000_000) throw new RewireError('--bin', `${kmax - kmin + 1} bins is too many`, 'use a wider --bin');
  const nb = kmax - kmin + 1;
  const counts = new Array<number>(nb).fill(0);
  for (let i = 0; i < n; i++) counts[binIndex(values[i]!, bin) - kmin]!++;
  const edges = Array.from({ length: nb + 1 }, (_, j) => edgeAt(kmin + j, bin));
  const density = counts.map((c) => (n ? c / (n * bin) : 0));
  const skipped = book.skipped ?? 0, excluded = book.excluded ?? 0;
  return { bin, read: book.read ?? n + skipped + excluded, skipped, excluded, n, edges, counts, density, peaks: findPeaks(edges, counts, peakOptions) };
}

/** Maps values through G_gap = 1/(1/G − R_s); returns the kept values and how many were excluded. */
export function correctSeries(values: ArrayLike<number>, rsOhm: number): { values: Float64Array; excluded: number } {
  if (!(rsOhm >= 0) || !Number.isFinite(rsOhm)) throw new RewireError('--series-resistance', `must be a non-negative resistance in ohm (got ${rsOhm})`, 'e.g. --series-resistance 1200');
  const out: number[] = [];
  let excluded = 0;
  for (let i = 0; i < values.length; i++) {
    const c = subtractSeriesResistance(values[i]!, rsOhm);
    if (c === null) excluded++;
    else out.push(c);
  }
  return { values: Float64Array.from(out), excluded };
}

export interface HistogramPair {
  /** the histogram as analysed: of G_gap when a series resistance is given, else of G */
  analysed: Histogram;
  /** the uncorrected histogram, when a series resistance is given */
  raw?: Histogram;
  seriesResistance: number | null;
}

/**
 * Histogram of pooled conductance values (G0 units), with optional series-resistance correction.
 * `read`/`skipped` describe how the values were obtained (instrument floor, NaN, …):
 * n + skipped + excluded = read holds for both histograms (raw has excluded = 0).
 */
export function conductanceHistograms(values: ArrayLike<number>, book: { read: number; skipped: number }, bin: number, rsOhm: number | null, peakOptions: PeakOptions = {}): HistogramPair {
  const raw = histogram(values, bin, { read: book.read, skipped: book.skipped, excluded: 0 }, peakOptions);
  if (rsOhm === null) return { analysed: raw, seriesResistance: null };
  const c = correctSeries(values, rsOhm);
  return { analysed: histogram(c.values, bin, { read: book.read, skipped: book.skipped, excluded: c.excluded }, peakOptions), raw, seriesResistance: rsOhm };
}
