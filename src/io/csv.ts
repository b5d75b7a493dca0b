/**
 * Tiny CSV helpers for the run outputs (thermo.csv, conductance.csv, …): comma separated, one
 * header line, numbers printed so that they survive a round trip at the stated precision.
 */
import type { ThermoSample } from '../md/engine.ts';

/** Columns of thermo.csv before the potential-specific extras. Units in the names. */
export const THERMO_COLUMNS = ['step', 'time_fs', 'T_K', 'PE_eV', 'KE_eV', 'Etot_eV', 'conserved_eV'] as const;

/** Integers as they are; other finite numbers with `digits` significant digits; NaN/±Inf as text. */
export function formatNumber(x: number, digits = 10): string {
  if (Number.isInteger(x)) return String(x);
  if (!Number.isFinite(x)) return String(x);
  return Number(x.toPrecision(digits)).toString();
}

/** Quotes a cell if it contains a comma, quote or newline. */
export function csvCell(v: string | number | boolean | null | undefined, digits = 10): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return formatNumber(v, digits);
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: (string | number | boolean | null | undefined)[], digits = 10): string {
  return cells.map((c) => csvCell(c, digits)).join(',') + '\n';
}

/** A whole table: header + rows. */
export function csvTable(header: string[], rows: (string | number | boolean | null | undefined)[][], digits = 10): string {
  return csvRow(header) + rows.map((r) => csvRow(r, digits)).join('');
}

/** thermo.csv header for a sample (extras in insertion order). */
export function thermoHeader(t: ThermoSample): string {
  return csvRow([...THERMO_COLUMNS, ...Object.keys(t.extra ?? {})]);
}

/** One thermo.csv row: time to 1e-3 fs, T to 1e-4 K, energies to 1e-8 eV, extras with 8 digits. */
export function thermoRow(t: ThermoSample, extraKeys: string[] = Object.keys(t.extra ?? {})): string {
  return [
    String(t.step), t.time.toFixed(3), t.temperature.toFixed(4), t.potential.toFixed(8), t.kinetic.toFixed(8), t.total.toFixed(8), t.conserved.toFixed(8),
    ...extraKeys.map((k) => csvCell(t.extra?.[k], 8)),
  ].join(',') + '\n';
}

/** Parses a CSV written by these helpers (no embedded newlines) into header + numeric-or-text rows. */
export function parseCsv(text: string): { header: string[]; rows: (number | string)[][] } {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const split = (l: string): string[] => {
    const out: string[] = [];
    let cur = '', q = false;
    for (let i = 0; i < l.length; i++) {
      const ch = l[i]!;
      if (q) {
        if (ch === '"' && l[i + 1] === '"') (cur += '"'), i++;
        else if (ch === '"') q = false;
        else cur += ch;
      } else if (ch === '"') q = true;
      else if (ch === ',') out.push(cur), (cur = '');
      else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const header = lines.length ? split(lines[0]!) : [];
  const rows = lines.slice(1).map((l) => split(l).map((c) => (c !== '' && Number.isFinite(Number(c)) ? Number(c) : c)));
  return { header, rows };
}
