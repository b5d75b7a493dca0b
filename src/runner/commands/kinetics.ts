/**
 * `rewire kinetics`: time to the first bridging contact against voltage and gap, with statistics
 * over seeds (paper Fig. S3: higher voltage → faster filament formation). Every (tip size, gap, V,
 * seed) is an independent ReaxFF + QEq + EChemDID trajectory that stops at its first bridge or at
 * the allowed time; seeds run in parallel worker threads (../seedPool.ts), results are appended to
 * <out>/seeds.jsonl as each seed ends, and --resume skips the seeds already there.
 */
import { parseArgs } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RewireError } from '../../core/errors.ts';
import type { CliIo } from '../cli.ts';
import { defaultWorkers, runSeedPool, type SeedRecord, type SeedTask } from '../seedPool.ts';
import { bridgeStats, type BridgeStats } from '../../analysis/bridgeStats.ts';
import { LATTICE_FOR_POTENTIAL } from '../../config/defaults.ts';
import { formatDuration } from '../progress.ts';
import type { BridgeTrialInput, BridgeTrialResult } from '../jobs/bridgeTrial.ts';

export const KINETICS_HELP = `Usage: rewire kinetics [options]
       rewire kinetics --preset fig-s3 [--out DIR]      the full Fig. S3 set (hours of CPU)
       rewire kinetics --resume DIR                      finish an interrupted set

Time to first bridge (paper Fig. S3, with statistics). For every tip size × gap × voltage × seed
it builds two Ag tips, runs ReaxFF + QEq + EChemDID NVT MD and stops at the first bridging contact
(a chain of atoms with every bond < 3.4 Å joining the two tips) or at --max-ps. Per point it
reports: the fraction of seeds that bridged within the allowed time, the median, quartiles (IQR)
and min–max of the time to first bridge (seeds that did not bridge count as "> allowed", so a
median is only given when more than half bridged), and which tip the gap atoms came from.

Bias: the lower tip's base is held at Φ = +V/2 (it becomes the negatively charged cathode), the
upper tip's base at Φ = −V/2 (χ → χ + Φ makes it the positively charged anode that dissolves,
md-physics.md §3.2–3.3). "from anode" counts gap atoms that left the upper tip.

Seeds run in parallel, one per worker thread (each engine single-threaded on the CPU backend).
Results are written as each seed ends (<out>/seeds.jsonl, kinetics.json, kinetics.csv,
seeds.csv); --resume DIR reruns nothing that finished and reuses DIR/plan.json.

Options:
  --volts LIST      voltages, V                                  [default 0,8]
  --gaps LIST       apex–apex gaps, Å                            [default 5.5]
  --seeds N         seeds per point                              [default 3]
  --base Å          tip base edge, Å (18 → 280 atoms, 30 → 1012, 42 = the paper's 2480) [default 18]
  --temperature K   thermostat target                            [default 800]
  --max-ps PS       time allowed per seed, ps                    [default 20]
  --check-ps PS     bridge test interval (time resolution), ps   [default 0.1]
  --potential P     reaxff | eam (eam: 0 V only, a thermal control) [default reaxff]
  --plan FILE       a JSON plan of several groups (see configs/kinetics-fig-s3.json)
  --preset NAME     a ready plan: fig-s3 (configs/kinetics-fig-s3.json)
  --workers N       parallel seeds                               [default: all cores]
  --threads N       the same as --workers: N threads, one seed on each
  --out DIR         output folder                                [default runs/kinetics-<time>]
  --resume DIR      continue DIR (its plan.json), skipping finished seeds
  --json            print the per-point statistics as JSON
  -h, --help        this text

Example (a few minutes on 2 cores):
  rewire kinetics --gaps 5.5,6 --volts 0,8 --seeds 2 --max-ps 5 --out runs/kin
`;

/** One group of the plan: every gap × volt of it gets `seeds` seeds of `maxPs`. */
export interface KineticsGroup {
  base: number;
  gaps: number[];
  volts: number[];
  seeds: number;
  maxPs: number;
  /** seeds per voltage, overriding `seeds` (e.g. {"2": 5, "4": 5}) */
  seedsByVolt?: Record<string, number>;
}

export interface KineticsPlan {
  title?: string;
  potential: 'reaxff' | 'eam';
  temperature: number;
  checkPs: number;
  groups: KineticsGroup[];
}

export interface KineticsPoint extends BridgeStats {
  base: number;
  atoms: number | null;
  gap: number;
  volt: number;
  /** time allowed per seed, ps */
  allowed_ps: number;
  seeds_planned: number;
}

const PLAN_FILE = 'plan.json';
const PRESETS: Record<string, string> = { 'fig-s3': 'configs/kinetics-fig-s3.json' };

function list(s: string, name: string): number[] {
  const v = s.split(',').map((x) => Number(x.trim()));
  if (!s.trim() || v.some((x) => !Number.isFinite(x))) throw new RewireError(name, `not a comma-separated list of numbers: '${s}'`, `e.g. ${name} 2,8`);
  return v;
}

function positive(s: string, name: string, integer = false): number {
  const x = Number(s);
  if (!Number.isFinite(x) || x <= 0 || (integer && !Number.isInteger(x))) throw new RewireError(name, `must be a positive ${integer ? 'integer' : 'number'} (got ${s})`, `see rewire kinetics --help`);
  return x;
}

/** Checks a plan read from JSON; every problem names the field. */
export function validatePlan(raw: unknown, source: string): KineticsPlan {
  const bad = (where: string, problem: string, fix: string): never => {
    throw new RewireError(`${source}: ${where}`, problem, fix);
  };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) bad('plan', 'must be a JSON object', 'see configs/kinetics-fig-s3.json');
  const r = raw as Record<string, unknown>;
  const known = ['title', 'potential', 'temperature', 'checkPs', 'groups', '$comment'];
  for (const k of Object.keys(r)) if (!known.includes(k)) bad(k, 'unknown field', `known fields: ${known.join(', ')}`);
  const potential = (r.potential ?? 'reaxff') as string;
  if (potential !== 'reaxff' && potential !== 'eam') bad('potential', `must be "reaxff" or "eam" (got ${JSON.stringify(potential)})`, 'use "reaxff"');
  const num = (v: unknown, where: string, dflt?: number): number => {
    const x = v === undefined ? dflt : v;
    if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) bad(where, `must be a positive number (got ${JSON.stringify(v)})`, 'e.g. 20');
    return x as number;
  };
  const temperature = num(r.temperature, 'temperature', 800), checkPs = num(r.checkPs, 'checkPs', 0.1);
  if (!Array.isArray(r.groups) || r.groups.length === 0) bad('groups', 'must be a non-empty array', 'e.g. [{"base": 18, "gaps": [5.5], "volts": [0, 8], "seeds": 10, "maxPs": 20}]');
  const groups = (r.groups as unknown[]).map((g, i): KineticsGroup => {
    const w = `groups[${i}]`;
    if (!g || typeof g !== 'object') bad(w, 'must be an object', 'see configs/kinetics-fig-s3.json');
    const o = g as Record<string, unknown>;
    const gk = ['base', 'gaps', 'volts', 'seeds', 'maxPs', 'seedsByVolt', '$comment'];
    for (const k of Object.keys(o)) if (!gk.includes(k)) bad(`${w}.${k}`, 'unknown field', `known fields: ${gk.join(', ')}`);
    const arr = (v: unknown, where: string): number[] => {
      if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) bad(where, 'must be a non-empty array of numbers', 'e.g. [5, 5.5, 6]');
      return v as number[];
    };
    const seeds = num(o.seeds, `${w}.seeds`);
    if (!Number.isInteger(seeds)) bad(`${w}.seeds`, `must be an integer (got ${seeds})`, 'e.g. 10');
    const volts = arr(o.volts, `${w}.volts`);
    if (potential === 'eam' && volts.some((v) => v !== 0)) bad(`${w}.volts`, 'EAM has no QEq, so only 0 V is possible', 'use "potential": "reaxff" for biased runs');
    let seedsByVolt: Record<string, number> | undefined;
    if (o.seedsByVolt !== undefined) {
      if (!o.seedsByVolt || typeof o.seedsByVolt !== 'object') bad(`${w}.seedsByVolt`, 'must be an object', 'e.g. {"2": 5, "4": 5}');
      seedsByVolt = {};
      for (const [k, v] of Object.entries(o.seedsByVolt as Record<string, unknown>)) {
        if (!Number.isFinite(Number(k))) bad(`${w}.seedsByVolt.${k}`, 'key is not a voltage', 'e.g. "2"');
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) bad(`${w}.seedsByVolt.${k}`, `must be a non-negative integer (got ${JSON.stringify(v)})`, 'e.g. 5');
        seedsByVolt[String(Number(k))] = v as number;
      }
    }
    const gaps = arr(o.gaps, `${w}.gaps`);
    if (gaps.some((x) => x < 0.5)) bad(`${w}.gaps`, 'a gap below 0.5 Å puts the apex atoms on top of each other', 'use gaps ≥ 0.5 Å');
    return { base: num(o.base, `${w}.base`), gaps, volts, seeds, maxPs: num(o.maxPs, `${w}.maxPs`), ...(seedsByVolt ? { seedsByVolt } : {}) };
  });
  return { ...(typeof r.title === 'string' ? { title: r.title } : {}), potential: potential as 'reaxff' | 'eam', temperature, checkPs, groups };
}

export function loadPlan(file: string): KineticsPlan {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new RewireError(file, 'plan file not found', 'give a JSON plan such as configs/kinetics-fig-s3.json');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new RewireError(file, `is not valid JSON (${(e as Error).message})`, 'fix the JSON syntax');
  }
  return validatePlan(raw, file);
}

function seedsFor(g: KineticsGroup, volt: number): number {
  return g.seedsByVolt?.[String(volt)] ?? g.seeds;
}

function pointKey(base: number, gap: number, volt: number): string {
  return `base=${base},gap=${gap},V=${volt}`;
}

/** The plan's tasks, seed-major (seed 1 of every point, then seed 2, …) so trends show early. */
export function planTasks(plan: KineticsPlan): SeedTask<BridgeTrialInput>[] {
  const tasks: SeedTask<BridgeTrialInput>[] = [];
  const maxSeeds = Math.max(...plan.groups.flatMap((g) => g.volts.map((v) => seedsFor(g, v))));
  for (let seed = 1; seed <= maxSeeds; seed++) {
    for (const g of plan.groups) for (const gap of g.gaps) for (const volt of g.volts) {
      if (seed > seedsFor(g, volt)) continue;
      tasks.push({
        key: `${pointKey(g.base, gap, volt)},seed=${seed}`,
        input: { potential: plan.potential, base: g.base, gap, volt, seed, temperature: plan.temperature, lattice: LATTICE_FOR_POTENTIAL[plan.potential], maxPs: g.maxPs, checkPs: plan.checkPs },
      });
    }
  }
  // the longest seeds first, so that they do not finish alone at the end
  return tasks.map((t, i) => ({ t, i })).sort((a, b) => b.t.input.maxPs * b.t.input.base ** 3 - a.t.input.maxPs * a.t.input.base ** 3 || a.i - b.i).map((x) => x.t);
}

/** Per-point statistics of the finished seeds (points in plan order). */
export function summarize(plan: KineticsPlan, recs: SeedRecord<BridgeTrialInput, BridgeTrialResult>[]): KineticsPoint[] {
  const points: KineticsPoint[] = [];
  for (const g of plan.groups) for (const gap of g.gaps) for (const volt of g.volts) {
    const mine = recs.filter((r) => r.input.base === g.base && r.input.gap === gap && r.input.volt === volt && r.input.maxPs === g.maxPs);
    points.push({ base: g.base, atoms: mine[0]?.result.atoms ?? null, gap, volt, allowed_ps: g.maxPs, seeds_planned: seedsFor(g, volt), ...bridgeStats(mine.map((r) => r.result)) });
  }
  return points;
}

const CSV_COLUMNS: (keyof KineticsPoint)[] = ['base', 'atoms', 'gap', 'volt', 'allowed_ps', 'seeds_planned', 'seeds', 'bridged', 'fraction', 'median_ps', 'q1_ps', 'q3_ps', 'iqr_ps', 'min_ps', 'max_ps', 'censored_after_ps', 'gap_from_lower', 'gap_from_upper', 'upper_fraction'];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'number' && !Number.isInteger(v) ? String(+v.toFixed(4)) : String(v);
}

export function pointsCsv(points: KineticsPoint[]): string {
  return [CSV_COLUMNS.join(','), ...points.map((p) => CSV_COLUMNS.map((c) => csvCell(p[c])).join(','))].join('\n') + '\n';
}

function seedsCsv(recs: SeedRecord<BridgeTrialInput, BridgeTrialResult>[]): string {
  const cols = ['base', 'atoms', 'gap', 'volt', 'seed', 'bridged', 'bridge_ps', 'simulated_ps', 'gap_atoms', 'from_lower', 'from_upper', 'cross_section', 'wall_s'];
  const rows = recs.map((r) => [r.input.base, r.result.atoms, r.input.gap, r.input.volt, r.input.seed, r.result.bridged ? 1 : 0, r.result.bridge_ps, r.result.simulated_ps, r.result.gap_atoms, r.result.from_lower, r.result.from_upper, r.result.cross_section, r.result.wall_s].map(csvCell).join(','));
  return [cols.join(','), ...rows].join('\n') + '\n';
}

function fmtPs(x: number | null, censored: number | null): string {
  return x === null ? (censored === null ? '–' : `>${censored}`) : x.toFixed(2);
}

export function formatTable(points: KineticsPoint[]): string {
  const head = '  base(Å) atoms gap(Å)  V     bridged      median(ps)  IQR(ps)        min–max(ps)   gap atoms: from anode (upper, Φ=−V/2) / from cathode (lower)\n';
  const rows = points.map((p) => {
    const frac = `${p.bridged}/${p.seeds}${p.seeds < p.seeds_planned ? ` (of ${p.seeds_planned})` : ''}`;
    const iqr = p.q1_ps === null && p.q3_ps === null ? '–' : `${fmtPs(p.q1_ps, p.censored_after_ps)}–${fmtPs(p.q3_ps, p.censored_after_ps)}`;
    const mm = p.min_ps === null ? '–' : `${p.min_ps.toFixed(2)}–${p.max_ps!.toFixed(2)}`;
    const src = p.gap_from_lower + p.gap_from_upper === 0 ? '–' : `${p.gap_from_upper} / ${p.gap_from_lower} (${(100 * p.upper_fraction!).toFixed(0)} % anode)`;
    return `  ${String(p.base).padEnd(7)} ${String(p.atoms ?? '?').padEnd(5)} ${String(p.gap).padEnd(7)} ${String(p.volt).padEnd(5)} ${frac.padEnd(12)} ${fmtPs(p.median_ps, p.censored_after_ps).padEnd(11)} ${iqr.padEnd(14)} ${mm.padEnd(13)} ${src}`;
  });
  return head + rows.join('\n') + '\n';
}

function timestamp(d = new Date()): string {
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export async function kineticsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      volts: { type: 'string' },
      gaps: { type: 'string' },
      seeds: { type: 'string' },
      base: { type: 'string' },
      temperature: { type: 'string' },
      'max-ps': { type: 'string' },
      'check-ps': { type: 'string' },
      potential: { type: 'string' },
      plan: { type: 'string' },
      preset: { type: 'string' },
      workers: { type: 'string' },
      threads: { type: 'string' },
      out: { type: 'string' },
      resume: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(KINETICS_HELP);
    return 0;
  }
  const log = (m: string) => io.stderr(m + '\n');
  const planOptions = ['volts', 'gaps', 'seeds', 'base', 'temperature', 'max-ps', 'check-ps', 'potential', 'plan', 'preset'] as const;
  let plan: KineticsPlan;
  let dir: string;
  if (values.resume) {
    dir = values.resume;
    const pf = path.join(dir, PLAN_FILE);
    if (!fs.existsSync(pf)) throw new RewireError('--resume', `no ${PLAN_FILE} in ${dir}`, 'pass the --out folder of an earlier rewire kinetics');
    plan = loadPlan(pf);
    const given = planOptions.filter((k) => values[k] !== undefined);
    if (given.length) log(`warning: --resume uses ${pf}; ignoring ${given.map((k) => `--${k}`).join(', ')}`);
  } else {
    if (values.plan && values.preset) throw new RewireError('--plan', 'both --plan and --preset were given', 'use one of them');
    if (values.preset || values.plan) {
      let file = values.plan;
      if (values.preset) {
        const rel = PRESETS[values.preset];
        if (!rel) throw new RewireError('--preset', `unknown preset '${values.preset}'`, `use one of ${Object.keys(PRESETS).join(', ')}`);
        file = path.join(PACKAGE_ROOT, rel);
      }
      plan = loadPlan(file!);
      const given = planOptions.filter((k) => k !== 'plan' && k !== 'preset' && values[k] !== undefined);
      if (given.length) throw new RewireError(`--${given[0]}`, 'cannot be combined with a plan', 'edit a copy of the plan file instead');
    } else {
      const potential = values.potential ?? 'reaxff';
      plan = validatePlan({
        potential,
        temperature: values.temperature === undefined ? 800 : positive(values.temperature, '--temperature'),
        checkPs: values['check-ps'] === undefined ? 0.1 : positive(values['check-ps'], '--check-ps'),
        groups: [{
          base: values.base === undefined ? 18 : positive(values.base, '--base'),
          gaps: list(values.gaps ?? '5.5', '--gaps'),
          volts: list(values.volts ?? '0,8', '--volts'),
          seeds: values.seeds === undefined ? 3 : positive(values.seeds, '--seeds', true),
          maxPs: values['max-ps'] === undefined ? 20 : positive(values['max-ps'], '--max-ps'),
        }],
      }, 'options');
    }
    dir = values.out ?? `runs/kinetics-${timestamp()}`;
    fs.mkdirSync(dir, { recursive: true });
    const pf = path.join(dir, PLAN_FILE);
    if (fs.existsSync(pf) && fs.readFileSync(pf, 'utf8') !== JSON.stringify(plan, null, 2) + '\n') {
      throw new RewireError('--out', `${dir} holds another kinetics plan`, `use --resume ${dir} to continue it, or another --out folder`);
    }
    fs.writeFileSync(pf, JSON.stringify(plan, null, 2) + '\n');
  }
  if (values.workers !== undefined && values.threads !== undefined && values.workers !== values.threads) {
    throw new RewireError('--threads', `--threads ${values.threads} and --workers ${values.workers} disagree (both count one seed per thread)`, 'give one of them');
  }
  const workers = values.workers !== undefined ? positive(values.workers, '--workers', true) : values.threads !== undefined ? positive(values.threads, '--threads', true) : defaultWorkers();
  const tasks = planTasks(plan);
  const recs: SeedRecord<BridgeTrialInput, BridgeTrialResult>[] = [];
  const writeOutputs = () => {
    const points = summarize(plan, recs);
    fs.writeFileSync(path.join(dir, 'kinetics.json'), JSON.stringify({ plan, points, seeds: recs.map((r) => ({ ...r.input, ...r.result })) }, null, 2) + '\n');
    fs.writeFileSync(path.join(dir, 'kinetics.csv'), pointsCsv(points));
    fs.writeFileSync(path.join(dir, 'seeds.csv'), seedsCsv(recs));
    return points;
  };
  log(`rewire kinetics: ${tasks.length} seed(s) over ${summarize(plan, []).length} point(s), ${Math.min(workers, tasks.length)} in parallel → ${dir}`);
  const t0 = performance.now();
  let fresh = 0;
  const todoPs = tasks.reduce((s, t) => s + t.input.maxPs, 0);
  let donePs = 0, freshPs = 0;
  await runSeedPool<BridgeTrialInput, BridgeTrialResult>({
    tasks,
    job: new URL('../jobs/bridgeTrial.ts', import.meta.url),
    workers,
    dir,
    resume: !!values.resume,
    onResult: (rec, cached) => {
      recs.push(rec);
      donePs += rec.input.maxPs;
      if (!cached) (fresh++, (freshPs += rec.input.maxPs));
      writeOutputs();
      const r = rec.result;
      const el = (performance.now() - t0) / 1000;
      // ETA from the allowed time still to do (an upper bound: seeds stop at their first bridge)
      const eta = fresh > 0 ? formatDuration((el / freshPs) * (todoPs - donePs)) : '--:--';
      log(`${cached ? '(done before) ' : ''}${rec.key}: ${r.bridged ? `bridge at ${r.bridge_ps} ps` : `no bridge in ${r.simulated_ps} ps`}; ${r.gap_atoms} gap atoms (${r.from_upper} from the anode/upper tip, ${r.from_lower} from the cathode/lower tip); ${r.wall_s} s  [${recs.length}/${tasks.length}, ETA ≤ ${eta}]`);
    },
  });
  const points = writeOutputs();
  if (values.json) io.stdout(JSON.stringify(points, null, 2) + '\n');
  else io.stdout(`\nTime to first bridge (${plan.potential}, ${plan.temperature} K, checked every ${plan.checkPs} ps):\n` + formatTable(points) + `Outputs in ${dir}/ (kinetics.csv, kinetics.json, seeds.csv, seeds.jsonl)\n`);
  return 0;
}
