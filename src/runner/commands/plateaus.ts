/**
 * `rewire plateaus FILE...`: the conductance plateaus of each trace (level, duration, distance from
 * the nearest integer) joined with the filament structure of their snapshots.
 */
import { parseArgs } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { csvTable } from '../../io/csv.ts';
import { RewireError } from '../../core/errors.ts';
import type { CliIo } from '../cli.ts';
import { findPlateaus, PLATEAU_DEFAULTS, type Plateau } from '../../analysis/plateaus.ts';
import type { Trace } from '../../analysis/samples.ts';
import { INPUT_ARGS, INPUT_HELP, inputOptions, readSampleFiles, displayTime } from '../../report/inputs.ts';
import { lineSpec, writeFigure, type VlSpec } from '../../report/figure.ts';

export const PLATEAUS_HELP = `Usage: rewire plateaus FILE... [options]

Finds the conductance plateaus of each trace: maximal runs of at least --min-points consecutive
samples that all lie within ±--tolerance of the run's mean. For each: level (mean G/G0), its
standard deviation, start, end, duration, the nearest integer and the distance from it, and for
simulated traces the filament structure over its snapshots: fraction bridged, gap atoms and the
narrowest cross-section (min / median / max; columns gap_atoms, cross_section, bridged).

Options:
  --tolerance G      half-width of a plateau, G0                                [default ${PLATEAU_DEFAULTS.tolerance}]
  --min-points N     shortest plateau, samples                                  [default ${PLATEAU_DEFAULTS.minPoints}]
  --out DIR          where the figure and tables go        [default: the first file's folder]
  --name NAME        file name of the figure and tables                         [default plateaus]
  --json             print {tolerance, minPoints, timeUnit, plateaus:[…], errors} instead
${INPUT_HELP}
Times are in ps for simulated traces (time_fs / 1000) and in --time-unit for measured ones.
Plateau numbers (#) are the ones 'rewire noise --plateau K' takes.
Writes NAME.svg/.png/.vl.json (traces with the plateaus drawn on them), NAME.csv (one row per
plateau) and NAME_samples.csv (every sample with its plateau number and structure).
Several files: a bad file is reported and left out; exit code 1 then.
`;

export function plateauOptions(v: Record<string, unknown>): { tolerance: number; minPoints: number } {
  const tol = v.tolerance === undefined ? PLATEAU_DEFAULTS.tolerance : Number(v.tolerance);
  const mp = v['min-points'] === undefined ? PLATEAU_DEFAULTS.minPoints : Number(v['min-points']);
  if (!(tol > 0) || !Number.isFinite(tol)) throw new RewireError('--tolerance', `must be a positive number of G0 (got '${v.tolerance}')`, `e.g. --tolerance ${PLATEAU_DEFAULTS.tolerance}`);
  if (!Number.isInteger(mp) || mp < 2) throw new RewireError('--min-points', `must be an integer ≥ 2 (got '${v['min-points']}')`, `e.g. --min-points ${PLATEAU_DEFAULTS.minPoints}`);
  return { tolerance: tol, minPoints: mp };
}

export const PLATEAU_ARGS = { tolerance: { type: 'string' }, 'min-points': { type: 'string' } } as const;

/** Plateaus with times converted to the display unit. */
export function plateausForDisplay(ps: Plateau[], scale: number): Plateau[] {
  return ps.map((p) => ({ ...p, tStart: p.tStart * scale, tEnd: p.tEnd * scale, duration: p.duration * scale }));
}

export function plateauFigure(traces: Trace[], ps: Plateau[], unit: string, scale: number, title: string): VlSpec {
  return lineSpec({
    title, xTitle: `time (${unit})`, yTitle: 'G / G0',
    series: traces.map((t) => ({ name: t.label, x: Array.from(t.time, (x) => x * scale), y: t.g })),
    points: traces.every((t) => t.g.length <= 400),
    hlines: Array.from({ length: Math.max(1, Math.ceil(traces.reduce((m, t) => t.g.reduce((a, v) => (v > a ? v : a), m), 0))) }, (_, i) => i + 1),
    spans: ps.map((p) => ({ x0: p.tStart, x1: p.tEnd, y: p.level, label: `#${p.index}: ${p.level.toFixed(3)} G0` })),
    ymin: 0,
  });
}

const mm = (s?: { min: number; median: number; max: number }) => (s ? `${s.min}/${s.median}/${s.max}` : '-');

export function formatPlateaus(ps: Plateau[], unit: string): string {
  if (!ps.length) return 'no plateaus (try a larger --tolerance or a smaller --min-points)\n';
  const lines = [`  #  trace${' '.repeat(20)} start(${unit})   end(${unit})  points  level(G0)   std    n  level−n  bridged  gap atoms  cross-section`];
  for (const p of ps) {
    lines.push(`${String(p.index).padStart(3)}  ${(p.trace.length > 24 ? "…" + p.trace.slice(-23) : p.trace).padEnd(25)} ${p.tStart.toPrecision(6).padStart(10)} ${p.tEnd.toPrecision(6).padStart(10)} ${String(p.points).padStart(7)}  ${p.level.toFixed(4).padStart(9)} ${p.std.toFixed(4).padStart(6)} ${String(p.nearestInteger).padStart(4)} ${p.deviation.toFixed(3).padStart(8)}  ${p.bridgedFraction === undefined ? '      -' : p.bridgedFraction.toFixed(2).padStart(7)}  ${mm(p.gapAtoms).padStart(9)}  ${mm(p.crossSection).padStart(13)}`);
  }
  lines.push('  (gap atoms and cross-section: min/median/max over the plateau)');
  return lines.join('\n') + '\n';
}

export async function plateausCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { ...PLATEAU_ARGS, out: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...INPUT_ARGS },
  });
  if (values.help) {
    io.stdout(PLATEAUS_HELP);
    return 0;
  }
  const po = plateauOptions(values);
  const { sets, errors } = readSampleFiles(positionals, inputOptions(values, true), (m) => io.stderr(`rewire plateaus: ${m}\n`));
  const traces = sets.flatMap((s) => s.traces);
  const { scale, unit } = displayTime(traces[0]!.timeUnit);
  const ps = plateausForDisplay(findPlateaus(traces, po), scale);
  if (values.json) {
    io.stdout(JSON.stringify({ tolerance: po.tolerance, minPoints: po.minPoints, timeUnit: unit, plateaus: ps, errors }, null, 1) + '\n');
    return errors.length ? 1 : 0;
  }
  const dir = values.out ?? path.dirname(sets[0]!.name);
  const name = values.name ?? 'plateaus';
  const header = ['index', 'trace', 'seed', `t_start_${unit}`, `t_end_${unit}`, `duration_${unit}`, 'points', 'level_G0', 'std_G0', 'nearest_integer', 'deviation_G0', 'bridged_fraction', 'gap_atoms_min', 'gap_atoms_median', 'gap_atoms_max', 'cross_section_min', 'cross_section_median', 'cross_section_max'];
  const rows = ps.map((p) => [p.index, p.trace, p.seed, p.tStart, p.tEnd, p.duration, p.points, p.level, p.std, p.nearestInteger, p.deviation, p.bridgedFraction ?? null, p.gapAtoms?.min ?? null, p.gapAtoms?.median ?? null, p.gapAtoms?.max ?? null, p.crossSection?.min ?? null, p.crossSection?.median ?? null, p.crossSection?.max ?? null]);
  const fig = await writeFigure(dir, name, plateauFigure(traces, ps, unit, scale, `Conductance plateaus (±${po.tolerance} G0, ≥ ${po.minPoints} samples)`), { table: { header, rows } });
  // every sample with its plateau: the join of conductance and structure per snapshot
  const sHeader = ['trace', 'seed', `time_${unit}`, 'G_G0', 'plateau', 'gap_atoms', 'cross_section', 'bridged'];
  const sRows: (number | string | null)[][] = [];
  for (const t of traces) {
    const mine = ps.filter((p) => p.trace === t.label);
    for (let i = 0; i < t.g.length; i++) {
      const p = mine.find((q) => i >= q.start && i < q.end);
      sRows.push([t.label, t.seed, t.time[i]! * scale, t.g[i]!, p ? p.index : null, t.gapAtoms?.[i] ?? null, t.crossSection?.[i] ?? null, t.bridged?.[i] ?? null]);
    }
  }
  fs.writeFileSync(path.join(dir, `${name}_samples.csv`), csvTable(sHeader, sRows));
  io.stdout(formatPlateaus(ps, unit) + `Figure: ${fig.svg} (+ .png, .vl.json); tables: ${fig.csv}, ${path.join(dir, `${name}_samples.csv`)}\n`);
  return errors.length ? 1 : 0;
}
