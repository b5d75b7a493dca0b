/**
 * The options of `rewire sweep` as one table (flag, type, unit, default, bounds, help): the help
 * text is generated from it and every value is checked against it, so a bad option is a
 * RewireError naming the flag, what is wrong and an example.
 */
import { RewireError } from '../core/errors.ts';
import type { CircuitParams } from './circuit.ts';
import type { RampCycle, RampSpec } from './ramp.ts';
import type { SweepMode } from './sweep.ts';

interface OptionSpec {
  flag: string;
  /** placeholder in --help (enums list their values) */
  arg?: string;
  kind: 'number' | 'integer' | 'enum' | 'string';
  unit?: string;
  /** shown in --help; the parsed default lives in parseSweepOptions */
  dflt: string;
  values?: string[];
  /** value must be > min (exclusive) or ≥ min (inclusive) */
  min?: number;
  minInclusive?: boolean;
  help: string;
}

export const SWEEP_OPTIONS: OptionSpec[] = [
  { flag: 'mode', kind: 'enum', values: ['voltage', 'current'], dflt: 'voltage', help: 'what the source ramps: its voltage (Fig. 2) or its current (Fig. 3a)' },
  { flag: 'vmax', arg: 'V', kind: 'number', unit: 'V', dflt: '0.6', min: 0, help: 'voltage mode: ramp peak; current mode: the source\'s voltage limit' },
  { flag: 'imax', arg: 'A', kind: 'number', unit: 'A', dflt: '2e-5', min: 0, help: 'current mode: ramp peak (Fig. 3a: 20 µA)' },
  { flag: 'rate', arg: 'RATE', kind: 'number', unit: 'V/s or A/s', dflt: '0.01 V/s | 9e-8 A/s', min: 0, help: 'device sweep rate; labels the device time axis t_s only (paper: 2.6–17 mV/s, 90 nA/s)' },
  { flag: 'points', arg: 'N', kind: 'integer', dflt: '8', min: 1, minInclusive: true, help: 'sweep points per quarter cycle (0 → peak); a full cycle has 4·points + 1' },
  { flag: 'cycle', kind: 'enum', values: ['full', 'positive'], dflt: 'full', help: 'full: 0 → +peak → 0 → −peak → 0 (SET, then RESET); positive: 0 → +peak → 0' },
  { flag: 'compliance', arg: 'A', kind: 'number', unit: 'A', dflt: '1e-4 | imax', min: 0, help: 'compliance current I_cc: |I| never exceeds it (paper: 100–400 µA)' },
  { flag: 'series-resistance', arg: 'OHM', kind: 'number', unit: 'Ω', dflt: '1000', min: 0, minInclusive: true, help: 'R_s = contacts + the two nanowire halves, in series with the gap' },
  { flag: 'md-scale', arg: 'S', kind: 'number', unit: 'V/V', dflt: '10', min: 0, help: 'MD EChemDID volts per device gap volt (mdVoltsPerDeviceVolt)' },
  { flag: 'md-steps', arg: 'N', kind: 'integer', dflt: '250', min: 1, minInclusive: true, help: 'MD steps per sweep point (the segment between two transport snapshots)' },
  { flag: 'equilibration', arg: 'N', kind: 'integer', dflt: '0', min: 0, minInclusive: true, help: 'MD steps at 0 V before the sweep starts' },
  { flag: 'gap', arg: 'MODEL', kind: 'string', dflt: 'md', help: 'md (MD + EChemDID + transport) | fixed:G (G0) | threshold:VSET:VRESET:GON (V, V, G0; no MD)' },
  { flag: 'threshold', arg: 'G', kind: 'number', unit: 'G0', dflt: '0.5', min: 0, help: 'G at or above which the gap counts as SET (low-resistance state)' },
  { flag: 'model', kind: 'enum', values: ['s', 'spd-pbe', 'spd-lcn', 'spd'], dflt: 'config (s)', help: 'tight-binding model of the transport (s is fast)' },
  { flag: 'backend', kind: 'enum', values: ['auto', 'cpu', 'webgpu'], dflt: 'config (auto)', help: 'MD backend' },
  { flag: 'out', arg: 'DIR', kind: 'string', dflt: 'runs/sweep-<timestamp>', help: 'output folder' },
];

export type GapChoice = { kind: 'md' } | { kind: 'fixed'; G: number } | { kind: 'threshold'; vSet: number; vReset: number; gOn: number };

export interface SweepParams {
  mode: SweepMode;
  ramp: RampSpec;
  circuit: CircuitParams;
  mdVoltsPerDeviceVolt: number;
  mdSteps: number;
  equilibration: number;
  gap: GapChoice;
  threshold: number;
  model?: 's' | 'spd' | 'spd-lcn' | 'spd-pbe';
  backend?: 'auto' | 'cpu' | 'webgpu';
  out?: string;
}

export function sweepOptionsHelp(): string {
  return SWEEP_OPTIONS.map((o) => {
    const name = `--${o.flag} ${o.kind === 'enum' ? o.values!.join('|') : o.arg ?? 'VALUE'}`;
    return `  ${name.padEnd(26)} ${o.help} [default ${o.dflt}${o.unit && o.kind === 'number' && !o.dflt.includes(' ') ? ` ${o.unit}` : ''}]`.replace(/ \]$/, ']');
  }).join('\n');
}

function spec(flag: string): OptionSpec {
  return SWEEP_OPTIONS.find((o) => o.flag === flag)!;
}

function num(values: Record<string, string | undefined>, flag: string, dflt: number): number {
  const o = spec(flag), raw = values[flag];
  if (raw === undefined) return dflt;
  const x = Number(raw);
  const eg = o.dflt.split(' ')[0];
  if (raw.trim() === '' || !Number.isFinite(x)) throw new RewireError(`--${flag}`, `'${raw}' is not a number`, `${o.help}; e.g. --${flag} ${eg}`);
  if (o.kind === 'integer' && !Number.isInteger(x)) throw new RewireError(`--${flag}`, `must be an integer (got ${raw})`, `e.g. --${flag} ${eg}`);
  if (o.min !== undefined && (o.minInclusive ? x < o.min : x <= o.min)) throw new RewireError(`--${flag}`, `must be ${o.minInclusive ? '≥' : '>'} ${o.min}${o.unit ? ` ${o.unit}` : ''} (got ${raw})`, `${o.help}; e.g. --${flag} ${eg}`);
  return x;
}

function choice<T extends string>(values: Record<string, string | undefined>, flag: string, dflt: T | undefined): T | undefined {
  const o = spec(flag), raw = values[flag];
  if (raw === undefined) return dflt;
  if (!o.values!.includes(raw)) throw new RewireError(`--${flag}`, `unknown value '${raw}'`, `use one of ${o.values!.join(', ')}`);
  return raw as T;
}

export function parseGapChoice(raw: string): GapChoice {
  const parts = raw.split(':');
  const fix = 'use md, fixed:G (e.g. fixed:1) or threshold:VSET:VRESET:GON (e.g. threshold:0.3:0.1:1)';
  const nums = (xs: string[]) => xs.map((s) => {
    const x = Number(s);
    if (s.trim() === '' || !Number.isFinite(x)) throw new RewireError('--gap', `'${s}' in '${raw}' is not a number`, fix);
    return x;
  });
  if (parts[0] === 'md' && parts.length === 1) return { kind: 'md' };
  if (parts[0] === 'fixed' && parts.length === 2) {
    const [G] = nums(parts.slice(1));
    if (!(G! >= 0)) throw new RewireError('--gap', `fixed conductance must be ≥ 0 G0 (got ${G})`, fix);
    return { kind: 'fixed', G: G! };
  }
  if (parts[0] === 'threshold' && parts.length === 4) {
    const [vSet, vReset, gOn] = nums(parts.slice(1));
    if (!(vSet! > 0 && vReset! > 0 && gOn! >= 0)) throw new RewireError('--gap', `threshold needs VSET > 0, VRESET > 0 (|V_gap| thresholds, V) and GON ≥ 0 (got '${raw}')`, fix);
    return { kind: 'threshold', vSet: vSet!, vReset: vReset!, gOn: gOn! };
  }
  throw new RewireError('--gap', `unknown gap model '${raw}'`, fix);
}

/** Checks and converts the raw option strings (as node:util parseArgs returns them). */
export function parseSweepOptions(values: Record<string, string | undefined>): SweepParams {
  const mode = choice<SweepMode>(values, 'mode', 'voltage')!;
  const cycle = choice<RampCycle>(values, 'cycle', 'full')!;
  const vmax = num(values, 'vmax', 0.6);
  const imax = num(values, 'imax', 2e-5);
  const rate = num(values, 'rate', mode === 'voltage' ? 0.01 : 9e-8);
  const points = num(values, 'points', 8);
  const compliance = num(values, 'compliance', mode === 'voltage' ? 1e-4 : imax);
  const seriesResistance = num(values, 'series-resistance', 1000);
  const mdVoltsPerDeviceVolt = num(values, 'md-scale', 10);
  const mdSteps = num(values, 'md-steps', 250);
  const equilibration = num(values, 'equilibration', 0);
  const threshold = num(values, 'threshold', 0.5);
  if (mode === 'current' && values['imax'] === undefined) throw new RewireError('--imax', 'current mode needs the peak current of the ramp', 'e.g. --imax 2e-5 (20 µA, as in Fig. 3a)');
  if (mode === 'voltage' && values['imax'] !== undefined) throw new RewireError('--imax', 'is for --mode current', 'drop --imax, or add --mode current');
  const model = choice<'s' | 'spd' | 'spd-lcn' | 'spd-pbe'>(values, 'model', undefined);
  const backend = choice<'auto' | 'cpu' | 'webgpu'>(values, 'backend', undefined);
  const out = values['out'];
  if (out !== undefined && out.trim() === '') throw new RewireError('--out', 'is empty', 'give a folder, e.g. --out runs/sweep1');
  return {
    mode,
    ramp: { amplitude: mode === 'voltage' ? vmax : imax, pointsPerQuarter: points, cycle, rate },
    circuit: { seriesResistance, compliance, ...(mode === 'current' ? { voltageLimit: vmax } : {}) },
    mdVoltsPerDeviceVolt, mdSteps, equilibration, gap: parseGapChoice(values['gap'] ?? 'md'), threshold,
    ...(model ? { model } : {}), ...(backend ? { backend } : {}), ...(out !== undefined ? { out } : {}),
  };
}
