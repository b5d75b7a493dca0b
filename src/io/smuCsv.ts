/**
 * Delimited text tables with a header line (CSV, TSV, semicolon or whitespace separated), as
 * written by source-measure units (Keithley 4200/2614 exports) and by `rewire run`
 * (conductance.csv), with errors that name the file, the line and the column.
 *
 *   - the delimiter is taken from the header line: tab, else comma, else semicolon, else runs of
 *     whitespace; comma/semicolon/tab cells may be "quoted";
 *   - blank lines and lines starting with '#' are skipped (before and after the header);
 *   - a column is chosen by its header name (exact, then case-insensitive) or by a 1-based index.

 */
import { RewireError } from '../core/errors.ts';

export interface TextTable {
  /** file name used in messages */
  name: string;
  header: string[];
  /** cells per data row */
  rows: string[][];
  /** 1-based source line of each data row, and of the header */
  lines: number[];
  headerLine: number;
  delimiter: 'tab' | 'comma' | 'semicolon' | 'whitespace';
}

function splitQuoted(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '', q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (q) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === sep) out.push(cur.trim()), (cur = '');
    else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** Parses a delimited table; every data row must have as many cells as the header. */
export function parseTable(text: string, name: string): TextTable {
  const all = text.split(/\r?\n/);
  let h = 0;
  while (h < all.length && (all[h]!.trim() === '' || all[h]!.trimStart().startsWith('#'))) h++;
  if (h >= all.length) throw new RewireError(name, 'no header line (the file is empty or only comments)', 'give a table whose first line names the columns');
  const head = all[h]!;
  const delimiter: TextTable['delimiter'] = head.includes('\t') ? 'tab' : head.includes(',') ? 'comma' : head.includes(';') ? 'semicolon' : 'whitespace';
  const split = delimiter === 'whitespace' ? (l: string) => l.trim().split(/\s+/) : (l: string) => splitQuoted(l, delimiter === 'tab' ? '\t' : delimiter === 'comma' ? ',' : ';');
  const header = split(head);
  const rows: string[][] = [], lines: number[] = [];
  for (let i = h + 1; i < all.length; i++) {
    const l = all[i]!;
    if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
    const cells = split(l);
    if (cells.length !== header.length) {
      throw new RewireError(`${name}:${i + 1}`, `${cells.length} cell(s) where the header (line ${h + 1}) has ${header.length} (${delimiter}-separated)`, 'make every row have one value per header column');
    }
    rows.push(cells);
    lines.push(i + 1);
  }
  return { name, header, rows, lines, headerLine: h + 1, delimiter };
}

/** Index of a column given by name (exact, then case-insensitive) or 1-based number; undefined if absent. */
export function findColumn(t: TextTable, spec: string): number | undefined {
  const exact = t.header.indexOf(spec);
  if (exact >= 0) return exact;
  const lower = t.header.findIndex((c) => c.toLowerCase() === spec.toLowerCase());
  if (lower >= 0) return lower;
  if (/^\d+$/.test(spec)) {
    const k = Number(spec);
    if (k >= 1 && k <= t.header.length) return k - 1;
  }
  return undefined;
}

/** Like findColumn but throws an error that lists the columns there are. */
export function requireColumn(t: TextTable, spec: string, role: string): number {
  const k = findColumn(t, spec);
  if (k === undefined) {
    throw new RewireError(`${t.name}:${t.headerLine}`, `no ${role} column '${spec}' (columns: ${t.header.map((c, i) => `${i + 1}:${c}`).join(', ')})`, `name one of these columns or give its 1-based index`);
  }
  return k;
}

/**
 * A numeric column; a cell that is not a finite number is an error naming its line and column
 * (with `allowNaN`, the literal text NaN is accepted as NaN: a failed value the caller skips).
 */
export function numericColumn(t: TextTable, k: number, allowNaN = false): Float64Array {
  const out = new Float64Array(t.rows.length);
  for (let r = 0; r < t.rows.length; r++) {
    const s = t.rows[r]![k]!;
    const v = s === '' ? NaN : Number(s);
    if (allowNaN && s === 'NaN') {
      out[r] = NaN;
      continue;
    }
    if (!Number.isFinite(v)) {
      throw new RewireError(`${t.name}:${t.lines[r]} column '${t.header[k]}'`, `'${s}' is not a finite number`, 'fix or delete this row');
    }
    out[r] = v;
  }
  return out;
}

/** Throws unless x is non-decreasing, naming the first line where it goes back. */
export function requireSorted(t: TextTable, k: number, x: ArrayLike<number>, rows?: number[]): void {
  for (let i = 1; i < x.length; i++) {
    if (x[i]! < x[i - 1]!) {
      const r = rows ? rows[i]! : i;
      throw new RewireError(`${t.name}:${t.lines[r]} column '${t.header[k]}'`, `time goes back (${x[i]} after ${x[i - 1]})`, 'sort the rows by time, or split the file into one file per sweep');
    }
  }
}

export interface SmuColumns {
  /** time column (name or 1-based index); optional for histograms */
  time?: string;
  voltage: string;
  current: string;
}

export interface SmuTable {
  name: string;
  /** time of each row (null when no time column was asked for), non-decreasing */
  time: Float64Array | null;
  /** voltage, V, and current, A, of each row */
  voltage: Float64Array;
  current: Float64Array;
  /** 1-based source line of each row */
  lines: number[];
  timeColumn: string | null;
}

/** The time / voltage / current columns of a measured export. Time, if given, must be non-decreasing. */
export function readSmuTable(text: string, name: string, cols: SmuColumns): SmuTable {
  const t = parseTable(text, name);
  if (!t.rows.length) throw new RewireError(name, 'no data rows (only a header)', 'give an export with at least one measurement');
  const kv = requireColumn(t, cols.voltage, 'voltage (--v-col)');
  const ki = requireColumn(t, cols.current, 'current (--i-col)');
  const kt = cols.time !== undefined ? requireColumn(t, cols.time, 'time (--time-col)') : undefined;
  const voltage = numericColumn(t, kv), current = numericColumn(t, ki);
  const time = kt !== undefined ? numericColumn(t, kt) : null;
  if (time && kt !== undefined) requireSorted(t, kt, time);
  return { name, time, voltage, current, lines: t.lines, timeColumn: kt !== undefined ? t.header[kt]! : null };
}
