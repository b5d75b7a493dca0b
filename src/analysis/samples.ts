/**
 * Conductance samples for the analyses, from either source:
 *   - a simulated trace (conductance.csv of `rewire run`, or an ensemble file with a `seed` column):
 *     column T (or T_EF, G_G0) is G/G0 directly (NaN and negative values are skipped and counted);
 *     gap_atoms, cross_section, bridged ride along;
 *   - a measured export (time / voltage / current): G = I/V, in G0 units, for every point whose
 *     |I| and |V| are above the instrument floors; points below are skipped and counted.
 */
import { RewireError } from '../core/errors.ts';
import { parseTable, findColumn, requireColumn, numericColumn, type TextTable, type SmuTable } from '../io/smuCsv.ts';
import { G0_SIEMENS_EXACT } from './conductanceUnits.ts';

/** One conductance time trace (one run, one seed, or one measured file). */
export interface Trace {
  /** file (and seed) it came from, for labels */
  label: string;
  seed: number | null;
  /** time in `timeUnit` */
  time: Float64Array;
  /** G/G0 */
  g: Float64Array;
  timeUnit: string;
  /** per-sample filament structure (simulations only) */
  gapAtoms?: Float64Array;
  crossSection?: Float64Array;
  bridged?: Uint8Array;
  /** 1-based source lines */
  lines: number[];
}

/** A set of conductance values with the bookkeeping of what was read and dropped. */
export interface SampleSet {
  name: string;
  read: number;
  skipped: number;
  skippedReasons: Record<string, number>;
  /** G/G0 of the points kept */
  g: Float64Array;
  traces: Trace[];
}

/** Column names accepted as G/G0 in a simulated trace, in order of preference. */
export const G_COLUMNS = ['T', 'T_EF', 'G_G0'];
/** Column names accepted as time (fs) in a simulated trace. */
export const TIME_COLUMNS = ['time_fs', 'time'];

/** Reads a conductance.csv (one trace, or one per seed when a `seed` column is present). */
export function readConductanceTable(text: string, name: string, gColumn?: string): SampleSet {
  const t = parseTable(text, name);
  if (!t.rows.length) throw new RewireError(name, 'no data rows (only a header)', 'give a trace with at least one snapshot (did the run reach its first snapshot?)');
  const kg = gColumn !== undefined ? requireColumn(t, gColumn, 'conductance (--col)') : firstColumn(t, G_COLUMNS, 'conductance');
  const kt = firstColumn(t, TIME_COLUMNS, 'time');
  const g = numericColumn(t, kg, true), time = numericColumn(t, kt);
  const opt = (c: string) => {
    const k = findColumn(t, c);
    return k === undefined ? undefined : numericColumn(t, k);
  };
  const seedCol = opt('seed'), gap = opt('gap_atoms'), cross = opt('cross_section');
  const kb = findColumn(t, 'bridged');
  const bridged = kb === undefined ? undefined : Uint8Array.from(t.rows.map((r, i) => parseBool(r[kb]!, t, i, kb)));
  // group rows by seed in order of first appearance; time must not go back within a seed
  const groups = new Map<number | null, number[]>();
  for (let r = 0; r < t.rows.length; r++) {
    const s = seedCol ? seedCol[r]! : null;
    let rows = groups.get(s);
    if (!rows) groups.set(s, (rows = []));
    if (rows.length && time[r]! < time[rows[rows.length - 1]!]!) {
      throw new RewireError(`${name}:${t.lines[r]} column '${t.header[kt]}'`, `time goes back (${time[r]} after ${time[rows[rows.length - 1]!]}${s !== null ? ` for seed ${s}` : ''})`, 'sort the rows by time (within each seed)');
    }
    rows.push(r);
  }
  const unit = t.header[kt] === 'time_fs' ? 'fs' : 'time unit';
  const pick = (a: Float64Array | undefined, rows: number[]) => (a ? Float64Array.from(rows, (r) => a[r]!) : undefined);
  const traces: Trace[] = [];
  let notFinite = 0, negative = 0;
  const keep: number[] = [];
  for (const [seed, rows] of groups) {
    const ok: number[] = [];
    for (const r of rows) {
      if (!Number.isFinite(g[r]!)) notFinite++;
      else if (g[r]! < 0) negative++;
      else ok.push(r);
    }
    for (const r of ok) keep.push(r);
    const tr: Trace = {
      label: seed === null ? name : `${name} seed ${seed}`, seed, timeUnit: unit, lines: ok.map((r) => t.lines[r]!),
      time: pick(time, ok)!, g: pick(g, ok)!,
    };
    const ga = pick(gap, ok), cs = pick(cross, ok), br = bridged ? Uint8Array.from(ok, (r) => bridged[r]!) : undefined;
    if (ga) tr.gapAtoms = ga;
    if (cs) tr.crossSection = cs;
    if (br) tr.bridged = br;
    traces.push(tr);
  }
  return { name, read: t.rows.length, skipped: notFinite + negative, skippedReasons: { notFinite, negative }, g: Float64Array.from(keep.map((r) => g[r]!)), traces };
}

function firstColumn(t: TextTable, names: string[], role: string): number {
  for (const n of names) {
    const k = findColumn(t, n);
    if (k !== undefined) return k;
  }
  throw new RewireError(`${t.name}:${t.headerLine}`, `no ${role} column (looked for ${names.join(', ')}; the file has ${t.header.join(', ')})`, role === 'conductance' ? 'give a conductance.csv from rewire run, name the column with --col, or read a measured file with --smu' : 'give a conductance.csv from rewire run or a measured file with --smu --time-col');
}

function parseBool(s: string, t: TextTable, r: number, k: number): number {
  const v = s.toLowerCase();
  if (v === '1' || v === 'true') return 1;
  if (v === '0' || v === 'false') return 0;
  throw new RewireError(`${t.name}:${t.lines[r]} column '${t.header[k]}'`, `'${s}' is not a boolean`, 'use 1/0 or true/false');
}

export interface Floors {
  /** |I| below this (A) is under the instrument floor [default 1e-9 A] */
  minCurrent: number;
  /** |V| below this (V) is under the instrument floor [default 1e-4 V] */
  minVoltage: number;
}

/** 1 nA and 0.1 mV: well above a Keithley 4200-SCS's noise floor in its µA/V ranges, far below the 0-20 µA sweeps. */
export const DEFAULT_FLOORS: Floors = { minCurrent: 1e-9, minVoltage: 1e-4 };

/** G = I/V in G0 units for a measured table; below-floor and non-positive points are skipped and counted. */
export function conductanceFromSmu(tab: SmuTable, floors: Floors = DEFAULT_FLOORS, timeUnit = 's'): SampleSet {
  const time: number[] = [], g: number[] = [], lines: number[] = [];
  let belowFloor = 0, nonPositive = 0;
  for (let r = 0; r < tab.voltage.length; r++) {
    const v = tab.voltage[r]!, i = tab.current[r]!;
    if (Math.abs(i) < floors.minCurrent || Math.abs(v) < floors.minVoltage) {
      belowFloor++;
      continue;
    }
    const G = i / v / G0_SIEMENS_EXACT;
    if (!(G > 0)) {
      nonPositive++;
      continue;
    }
    g.push(G);
    time.push(tab.time ? tab.time[r]! : r);
    lines.push(tab.lines[r]!);
  }
  const gg = Float64Array.from(g);
  return {
    name: tab.name, read: tab.voltage.length, skipped: belowFloor + nonPositive, skippedReasons: { belowFloor, nonPositive }, g: gg,
    traces: [{ label: tab.name, seed: null, time: Float64Array.from(time), g: gg, timeUnit: tab.time ? timeUnit : 'sample', lines }],
  };
}
