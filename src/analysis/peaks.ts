/**
 * Peaks of a histogram (counts per bin on edges[k]..edges[k+1]).
 *   1. smooth the counts with a Gaussian of σ = `smooth` bins (default 1; 0 = none), truncated at
 *      3σ and renormalised at the ends;
 *   2. local maxima of the smoothed counts s; prominence = s_peak − the higher of the two lowest
 *      points between the peak and the nearest higher peak (or the end) on each side (the
 *      topographic prominence, as scipy.signal.peak_prominences);
 *   3. keep peaks with prominence ≥ minProminence·max(s) (default 0.05) and ≥ 2·√s_peak (twice
 *      the Poisson noise of one bin, so counting noise makes no peaks);
 *   4. position: vertex of the parabola through the three smoothed bins around the maximum;
 *      width: full width at half prominence (scipy.signal.peak_widths, rel_height 0.5), linearly
 *      interpolated between bin centres, which is the FWHM for a peak on a zero background;
 *      height: smoothed counts at the maximum (count = raw counts of that bin).
 * Sorted by height, highest first.
 */
export interface Peak {
  /** G/G0 of the maximum */
  position: number;
  /** full width at half prominence, G0 */
  width: number;
  /** smoothed counts per bin at the maximum */
  height: number;
  /** raw counts of the peak bin */
  count: number;
  prominence: number;
}

export interface PeakOptions {
  /** Gaussian smoothing σ in bins [1] */
  smooth?: number;
  /** minimum prominence as a fraction of the highest smoothed bin [0.05] */
  minProminence?: number;
}

export function smoothCounts(c: ArrayLike<number>, sigma: number): number[] {
  const n = c.length;
  if (!(sigma > 0)) return Array.from(c);
  const r = Math.ceil(3 * sigma);
  const w = Array.from({ length: 2 * r + 1 }, (_, j) => Math.exp(-0.5 * ((j - r) / sigma) ** 2));
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = 0, ws = 0;
    for (let j = -r; j <= r; j++) {
      const k = i + j;
      if (k < 0 || k >= n) continue;
      s += w[j + r]! * c[k]!;
      ws += w[j + r]!;
    }
    out[i] = s / ws;
  }
  return out;
}

export function findPeaks(edges: ArrayLike<number>, counts: ArrayLike<number>, o: PeakOptions = {}): Peak[] {
  const n = counts.length;
  if (n === 0) return [];
  const s = smoothCounts(counts, o.smooth ?? 1);
  const top = s.reduce((m, v) => (v > m ? v : m), -Infinity);
  if (!(top > 0)) return [];
  const bin = (edges[n]! - edges[0]!) / n;
  const centre = (k: number) => edges[0]! + (k + 0.5) * bin;
  const peaks: Peak[] = [];
  for (let k = 0; k < n; k++) {
    const left = k > 0 ? s[k - 1]! : -Infinity;
    // a flat top counts once, at its first bin
    let e = k;
    while (e + 1 < n && s[e + 1] === s[k]) e++;
    const right = e + 1 < n ? s[e + 1]! : -Infinity;
    if (!(s[k]! > left && s[k]! > right)) continue;
    // prominence bases
    let lmin = s[k]!, li = k;
    for (let j = k - 1; j >= 0 && s[j]! <= s[k]!; j--) if (s[j]! < lmin) (lmin = s[j]!), (li = j);
    let rmin = s[k]!, ri = e;
    for (let j = e + 1; j < n && s[j]! <= s[k]!; j++) if (s[j]! < rmin) (rmin = s[j]!), (ri = j);
    if (k === 0) lmin = Math.min(lmin, 0);
    if (e === n - 1) rmin = Math.min(rmin, 0);
    const base = Math.max(lmin, rmin);
    const prominence = s[k]! - base;
    if (prominence < (o.minProminence ?? 0.05) * top || prominence < 2 * Math.sqrt(s[k]!)) continue;
    // position: parabolic vertex (flat tops: their middle)
    let pos = (k + e) / 2;
    if (e === k && k > 0 && k < n - 1) {
      const a = s[k - 1]!, b = s[k]!, c = s[k + 1]!;
      const d = a - 2 * b + c;
      if (d < 0) pos = k + Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / d));
    }
    // width at half prominence, between the bases
    const level = s[k]! - prominence / 2;
    let xl = li - 0.5;
    for (let j = k; j > li; j--) if (s[j - 1]! <= level) { xl = j - 1 + (level - s[j - 1]!) / (s[j]! - s[j - 1]!); break; }
    if (li === 0 && s[0]! > level) xl = -0.5;
    let xr = ri + 0.5;
    for (let j = e; j < ri; j++) if (s[j + 1]! <= level) { xr = j + (s[j]! - level) / (s[j]! - s[j + 1]!); break; }
    if (ri === n - 1 && s[n - 1]! > level) xr = n - 0.5;
    peaks.push({ position: centre(pos), width: (xr - xl) * bin, height: s[k]!, count: counts[k]!, prominence });
    k = e;
  }
  return peaks.sort((a, b) => b.height - a.height);
}
