/**
 * Reading the analysis commands' input files (Node only): a conductance.csv of `rewire run` /
 * `rewire ensemble`, or with `--smu` a measured export (time / voltage / current columns).
 * Several files: each is read on its own; a bad one is reported and the others are still used
 * (`readSampleFiles` returns the good sets and the errors; the commands exit 1 when any file failed).
 */
import * as fs from 'node:fs';
import { RewireError } from '../core/errors.ts';
import { readSmuTable } from '../io/smuCsv.ts';
import { readConductanceTable, conductanceFromSmu, DEFAULT_FLOORS, type SampleSet } from '../analysis/samples.ts';

export interface InputOptions {
  smu?: boolean;
  timeCol?: string;
  vCol?: string;
  iCol?: string;
  /** A */
  minCurrent?: number;
  /** V */
  minVoltage?: number;
  /** conductance column of a simulated trace (default T, T_EF or G_G0) */
  col?: string;
  /** unit of the measured time column [s] */
  timeUnit?: string;
  /** the command needs a time axis (plateaus, noise) */
  needTime?: boolean;
}

/** parseArgs option table shared by histogram, plateaus, noise and report. */
export const INPUT_ARGS = {
  smu: { type: 'boolean' },
  'time-col': { type: 'string' },
  'v-col': { type: 'string' },
  'i-col': { type: 'string' },
  'min-current': { type: 'string' },
  'min-voltage': { type: 'string' },
  col: { type: 'string' },
  'time-unit': { type: 'string' },
} as const;

export const INPUT_HELP = `Input (FILE):
  a conductance.csv of 'rewire run' or 'rewire ensemble' (G/G0 in column T, T_EF or G_G0; time in
  time_fs; an ensemble's seed column gives one trace per seed), or with --smu a measured export:
  --smu               FILE is a source-measure-unit export (CSV, TSV, ; or whitespace separated, one
                      header line, '#' comments): G = I/V in units of G0 = 2e²/h = 7.748091729e-5 S
  --time-col C        time column (name or 1-based index; required by plateaus and noise)
  --v-col C           voltage column, V        --i-col C   current column, A
  --min-current A     |I| below this is the instrument floor: point skipped   [default 1e-9 A]
  --min-voltage V     |V| below this is the instrument floor: point skipped   [default 1e-4 V]
  --time-unit U       unit of the measured time column, for labels            [default s]
  --col C             conductance column of a simulated trace (default: T, else T_EF, else G_G0)
`;

function num(s: string | undefined, name: string, dflt: number): number {
  if (s === undefined) return dflt;
  const v = Number(s);
  if (!Number.isFinite(v) || v < 0) throw new RewireError(name, `must be a non-negative number (got '${s}')`, `e.g. ${name} ${dflt}`);
  return v;
}

export function inputOptions(v: Record<string, unknown>, needTime = false): InputOptions {
  const o: InputOptions = { needTime };
  if (v.smu) o.smu = true;
  for (const [k, key] of [['time-col', 'timeCol'], ['v-col', 'vCol'], ['i-col', 'iCol'], ['col', 'col'], ['time-unit', 'timeUnit']] as const) if (typeof v[k] === 'string') o[key] = v[k] as string;
  o.minCurrent = num(v['min-current'] as string | undefined, '--min-current', DEFAULT_FLOORS.minCurrent);
  o.minVoltage = num(v['min-voltage'] as string | undefined, '--min-voltage', DEFAULT_FLOORS.minVoltage);
  if (!o.smu && (o.vCol || o.iCol)) throw new RewireError('--v-col/--i-col', 'given without --smu', 'add --smu to read a measured export');
  if (o.smu && (!o.vCol || !o.iCol)) throw new RewireError('--smu', 'needs --v-col and --i-col', 'name the voltage and current columns, e.g. --smu --time-col Time --v-col V --i-col I');
  if (o.smu && needTime && !o.timeCol) throw new RewireError('--time-col', 'a time trace needs the time column of the measured file', 'add --time-col NAME (or its 1-based index)');
  return o;
}

export function readSampleFile(file: string, o: InputOptions): SampleSet {
  if (!fs.existsSync(file)) throw new RewireError(file, 'no such file', 'give the path of a conductance.csv or of a measured export');
  const text = fs.readFileSync(file, 'utf8');
  if (o.smu) {
    const tab = readSmuTable(text, file, { ...(o.timeCol !== undefined ? { time: o.timeCol } : {}), voltage: o.vCol!, current: o.iCol! });
    return conductanceFromSmu(tab, { minCurrent: o.minCurrent ?? DEFAULT_FLOORS.minCurrent, minVoltage: o.minVoltage ?? DEFAULT_FLOORS.minVoltage }, o.timeUnit ?? 's');
  }
  return readConductanceTable(text, file, o.col);
}

export interface FileError {
  file: string;
  error: string;
}

/** Reads every file; a file that fails is reported through `warn` and listed in `errors`. */
export function readSampleFiles(files: string[], o: InputOptions, warn: (m: string) => void): { sets: SampleSet[]; errors: FileError[] } {
  const sets: SampleSet[] = [], errors: FileError[] = [];
  for (const f of files) {
    try {
      sets.push(readSampleFile(f, o));
    } catch (e) {
      if (!(e instanceof RewireError)) throw e;
      errors.push({ file: f, error: e.message });
      warn(`error: ${e.message} (file skipped; the other files are still analysed)`);
    }
  }
  if (!sets.length) throw new RewireError(files.length === 1 ? files[0]! : 'FILE...', files.length ? 'no file could be read' : 'no input file given', files.length ? 'fix the errors above' : 'give one or more conductance.csv files (or measured exports with --smu)');
  return { sets, errors };
}

/** Time axis for output: simulation femtoseconds are shown in ps; measured time in its own unit. */
export function displayTime(timeUnit: string): { scale: number; unit: string } {
  return timeUnit === 'fs' ? { scale: 1e-3, unit: 'ps' } : { scale: 1, unit: timeUnit };
}
