/**
 * Conductance plateaus of a trace: maximal runs of ≥ minPoints consecutive samples that all lie
 * within ±tolerance (G0) of the run's own mean. Found greedily from the start: a run grows while
 * max − mean ≤ tol and mean − min ≤ tol (running sum, min, max); when it cannot grow, it is kept
 * if long enough and the next run starts after it, otherwise the start moves on by one sample.
 * Defaults: tolerance 0.1 G0 (half the spacing that tells neighbouring tenths of G0 apart, and
 * about the ±0.1 G0 fluctuation of the paper's 2.5 G0 plateau, Fig. 5), minPoints 5.
 * Each plateau is joined with the filament structure of its snapshots when the trace has it.
 */
import type { Trace } from './samples.ts';

export interface PlateauOptions {
  /** G0 [0.1] */
  tolerance?: number;
  /** samples [5] */
  minPoints?: number;
}

export const PLATEAU_DEFAULTS = { tolerance: 0.1, minPoints: 5 } as const;

export interface Plateau {
  /** 1-based, over all traces in the order given */
  index: number;
  trace: string;
  seed: number | null;
  /** sample range [start, end) in the trace */
  start: number;
  end: number;
  points: number;
  tStart: number;
  tEnd: number;
  duration: number;
  /** mean G/G0, and its standard deviation */
  level: number;
  std: number;
  nearestInteger: number;
  /** level − nearest integer */
  deviation: number;
  /** structure over the plateau's snapshots (simulations) */
  bridgedFraction?: number;
  gapAtoms?: { min: number; median: number; max: number };
  crossSection?: { min: number; median: number; max: number };
}

/** Sample ranges [start, end) of the plateaus of y. */
export function plateauRanges(y: ArrayLike<number>, o: PlateauOptions = {}): [number, number][] {
  const tol = o.tolerance ?? PLATEAU_DEFAULTS.tolerance, minP = Math.max(1, o.minPoints ?? PLATEAU_DEFAULTS.minPoints);
  const n = y.length, out: [number, number][] = [];
  let i = 0;
  while (i < n) {
    let sum = y[i]!, lo = y[i]!, hi = y[i]!, j = i + 1;
    for (; j < n; j++) {
      const v = y[j]!, s = sum + v, m = s / (j - i + 1), l = Math.min(lo, v), h = Math.max(hi, v);
      if (h - m > tol || m - l > tol) break;
      (sum = s), (lo = l), (hi = h);
    }
    if (j - i >= minP) {
      out.push([i, j]);
      i = j;
    } else i++;
  }
  return out;
}

function stats(a: number[]): { min: number; median: number; max: number } {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return { min: s[0]!, median: s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2, max: s[s.length - 1]! };
}

export function findPlateaus(traces: Trace[], o: PlateauOptions = {}): Plateau[] {
  const out: Plateau[] = [];
  for (const tr of traces) {
    for (const [a, b] of plateauRanges(tr.g, o)) {
      const seg = Array.from(tr.g.subarray(a, b));
      const level = seg.reduce((s, v) => s + v, 0) / seg.length;
      const std = Math.sqrt(seg.reduce((s, v) => s + (v - level) ** 2, 0) / seg.length);
      const nearestInteger = Math.round(level);
      const p: Plateau = {
        index: out.length + 1, trace: tr.label, seed: tr.seed, start: a, end: b, points: b - a,
        tStart: tr.time[a]!, tEnd: tr.time[b - 1]!, duration: tr.time[b - 1]! - tr.time[a]!,
        level, std, nearestInteger, deviation: level - nearestInteger,
      };
      if (tr.bridged) p.bridgedFraction = Array.from(tr.bridged.subarray(a, b)).reduce((s, v) => s + v, 0) / (b - a);
      if (tr.gapAtoms) p.gapAtoms = stats(Array.from(tr.gapAtoms.subarray(a, b)));
      if (tr.crossSection) p.crossSection = stats(Array.from(tr.crossSection.subarray(a, b)));
      out.push(p);
    }
  }
  return out;
}
