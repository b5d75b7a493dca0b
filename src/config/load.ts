/**
 * loadRunConfig(path?): read a JSON config, merge it onto the defaults, check it against the
 * schema (ajv) and a few cross-field rules, resolve file paths, and return a RunConfig.
 * Every problem is one RewireError naming the JSON path, e.g.
 *   config.md.dt (run.json): must be > 0 (got -1). Fix: time step, fs; e.g. 1
 *
 * Merge rules: objects merge recursively, arrays and scalars replace; system/potential defaults come
 * from the variant the user picked (system.builder, potential.kind); the lattice of built systems
 * defaults to the potential's (4.09 Å EAM, 4.22 Å ReaxFF); a given echemdid object is completed
 * from the EChemDID defaults; null switches it off.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { RewireError } from '../core/errors.ts';
import { layersForBase } from '../system/builders/tips.ts';
import { ECHEMDID_DEFAULTS, LATTICE_FOR_POTENTIAL, POTENTIAL_DEFAULTS, SYSTEM_DEFAULTS, defaultRunConfig } from './defaults.ts';
import { configSchema } from './schema.ts';
import type { RunConfig } from './types.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validate = ajv.compile(configSchema);

export interface ResolveOptions {
  /** Name used in messages (the config file, or 'defaults'). */
  source?: string;
  /** Directory relative file paths are resolved against (default: cwd). */
  baseDir?: string;
  /** Check that referenced files exist (default true). */
  checkFiles?: boolean;
  /** Time used for "{timestamp}" in output.dir (default: now). */
  now?: Date;
}

/** Loads, merges, validates. Without a path: the defaults (the short EAM tips run). */
export function loadRunConfig(file?: string, opts: Omit<ResolveOptions, 'source' | 'baseDir'> = {}): RunConfig {
  if (file === undefined) return resolveRunConfig({}, { ...opts, source: 'defaults' });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new RewireError(file, code === 'ENOENT' ? 'config file not found' : `config file cannot be read (${code})`, 'check the path, or run without a config for the default short EAM run');
  }
  return resolveRunConfig(parseJsonWithLines(text, file), { ...opts, source: file, baseDir: path.dirname(path.resolve(file)) });
}

/** JSON.parse with the error position turned into line:column. */
export function parseJsonWithLines(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    let where = source;
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos).split('\n');
      where = `${source}:${before.length}:${before[before.length - 1]!.length + 1}`;
    }
    throw new RewireError(where, `is not valid JSON (${msg.replace(/\s*in JSON at position \d+.*$/, '')})`, 'fix the JSON syntax (no trailing commas or comments; keys in double quotes)');
  }
}

/** Merges `raw` onto the defaults, validates and resolves it. */
export function resolveRunConfig(raw: unknown, opts: ResolveOptions = {}): RunConfig {
  const source = opts.source ?? 'config';
  const tag = source === 'defaults' || source === 'config' ? '' : ` (${source})`;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new RewireError(`config${tag}`, `must be a JSON object (got ${Array.isArray(raw) ? 'an array' : JSON.stringify(raw)})`, 'write { "md": { … }, … }; rewire config prints the defaults');
  }
  const merged = mergeDefaults(raw as Record<string, Json>);
  if (!validate(merged)) throw schemaError(validate.errors ?? [], merged, tag);
  const cfg = merged as unknown as RunConfig;
  checkCrossFields(cfg, tag);
  resolvePaths(cfg, opts.baseDir ?? process.cwd(), opts.checkFiles ?? true, tag);
  cfg.output.dir = cfg.output.dir.replace(/\{timestamp\}/g, timestamp(opts.now ?? new Date()));
  return cfg;
}

function isObj(v: unknown): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Recursive merge: objects merge, everything else (arrays, null, scalars) replaces. */
export function deepMerge(base: Json, over: Json | undefined): Json {
  if (over === undefined) return structuredClone(base);
  if (isObj(base) && isObj(over)) {
    const out: Record<string, Json> = structuredClone(base);
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k]!, v) : structuredClone(v);
    return out;
  }
  return structuredClone(over);
}

function mergeDefaults(user: Record<string, Json>): Record<string, Json> {
  const d = defaultRunConfig() as unknown as Record<string, Json>;
  const out = deepMerge(d, { ...user, system: {}, potential: {}, echemdid: null }) as Record<string, Json>;
  // potential: defaults of the chosen kind
  const up = user.potential;
  const kind = isObj(up) && typeof up.kind === 'string' ? up.kind : 'eam';
  const pdef = (POTENTIAL_DEFAULTS as Record<string, Json>)[kind];
  out.potential = pdef ? deepMerge(pdef, isObj(up) ? up : (up as Json)) : (up as Json);
  // system: defaults of the chosen builder, lattice of the chosen potential
  const us = user.system;
  const builder = isObj(us) && typeof us.builder === 'string' ? us.builder : 'tips';
  const sdef = (SYSTEM_DEFAULTS as Record<string, Json>)[builder];
  if (sdef && isObj(sdef)) {
    const withLattice = 'lattice' in sdef && kind in LATTICE_FOR_POTENTIAL ? { ...sdef, lattice: LATTICE_FOR_POTENTIAL[kind as keyof typeof LATTICE_FOR_POTENTIAL] } : sdef;
    out.system = deepMerge(withLattice, isObj(us) ? us : (us as Json));
  } else {
    out.system = us === undefined ? structuredClone(SYSTEM_DEFAULTS.tips) : (us as Json);
  }
  // echemdid: completed from its defaults when given as an object
  const ue = user.echemdid;
  out.echemdid = ue === undefined ? null : isObj(ue) ? deepMerge(ECHEMDID_DEFAULTS as unknown as Json, ue) : ue;
  return out;
}

/** The JSON path of an ajv instancePath: /md/thermostat/kind → config.md.thermostat.kind, /kpoints/0 → kpoints[0]. */
function jsonPath(instancePath: string): string {
  let s = 'config';
  for (const part of instancePath.split('/').slice(1)) s += /^\d+$/.test(part) ? `[${part}]` : `.${part.replace(/~1/g, '/').replace(/~0/g, '~')}`;
  return s;
}

function valueAt(obj: unknown, instancePath: string): unknown {
  let v: unknown = obj;
  for (const part of instancePath.split('/').slice(1)) v = (v as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

function show(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}

function fixFrom(schema: Record<string, unknown> | undefined): string {
  if (!schema) return 'see rewire config --fields';
  const desc = typeof schema.description === 'string' ? schema.description : '';
  const dflt = schema.default;
  const eg = dflt !== undefined && dflt !== '' ? `; e.g. ${JSON.stringify(dflt)}` : '';
  return `${desc || 'see rewire config --fields'}${eg}`;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

/** One RewireError from ajv's errors: the most specific one, in words. */
function schemaError(errors: ErrorObject[], data: unknown, tag: string): RewireError {
  const useful = errors.filter((e) => e.keyword !== 'if');
  // anyOf children are noise when the anyOf itself failed: report the anyOf
  const anyOf = useful.find((e) => e.keyword === 'anyOf');
  const e = anyOf ?? useful.find((x) => !useful.some((y) => y.keyword === 'anyOf' && x.schemaPath.startsWith(y.schemaPath.replace(/\/anyOf$/, '')))) ?? useful[0] ?? errors[0]!;
  const where = jsonPath(e.instancePath);
  const got = valueAt(data, e.instancePath);
  const ps = e.parentSchema as Record<string, unknown> | undefined;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = Object.keys((ps?.properties ?? {}) as object);
      const close = known.map((k) => [k, editDistance(key, k)] as const).sort((a, b) => a[1] - b[1])[0];
      const hint = close && close[1] <= Math.max(2, key.length / 3) ? `did you mean '${close[0]}'? ` : '';
      return new RewireError(`${where}.${key}${tag}`, `unknown field '${key}'`, `${hint}known fields here: ${known.join(', ')}`);
    }
    case 'required':
      return new RewireError(`${where}.${String(p.missingProperty)}${tag}`, 'missing', fixFrom((ps?.properties as Record<string, Record<string, unknown>> | undefined)?.[String(p.missingProperty)]));
    case 'type':
      return new RewireError(`${where}${tag}`, `must be ${String(p.type).split(',').map((t) => (t === 'integer' || t === 'object' || t === 'array' ? `an ${t}` : t === 'null' ? 'null' : `a ${t}`)).join(' or ')} (got ${show(got)})`, fixFrom(ps));
    case 'enum':
      return new RewireError(`${where}${tag}`, `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (got ${show(got)})`, fixFrom(ps));
    case 'const':
      return new RewireError(`${where}${tag}`, `must be ${JSON.stringify(p.allowedValue)} (got ${show(got)})`, fixFrom(ps));
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return new RewireError(`${where}${tag}`, `must be ${String(p.comparison).replace('>=', '≥').replace('<=', '≤')} ${String(p.limit)} (got ${show(got)})`, fixFrom(ps));
    case 'minItems':
    case 'maxItems': {
      const want = (ps?.minItems === ps?.maxItems ? `exactly ${String(ps?.minItems)}` : `${e.keyword === 'minItems' ? 'at least' : 'at most'} ${String(p.limit)}`);
      return new RewireError(`${where}${tag}`, `must have ${want} entries (got ${Array.isArray(got) ? got.length : show(got)})`, fixFrom(ps));
    }
    case 'minLength':
      return new RewireError(`${where}${tag}`, 'must not be empty', fixFrom(ps));
    case 'anyOf':
      return new RewireError(`${where}${tag}`, `must be ${String(ps?.$comment ?? 'one of the allowed forms')} (got ${show(got)})`, fixFrom(ps));
    default:
      return new RewireError(`${where}${tag}`, `${e.message ?? 'is invalid'} (got ${show(got)})`, fixFrom(ps));
  }
}

function checkCrossFields(c: RunConfig, tag: string): void {
  if (c.echemdid && c.potential.kind === 'eam') {
    throw new RewireError(`config.echemdid${tag}`, `a voltage (${c.echemdid.volt} V) was given, but EAM has no charge equilibration (QEq)`, 'use "potential": {"kind": "reaxff"}, or set "echemdid": null');
  }
  if (c.system.builder === 'tips') {
    const m = layersForBase(c.system.base, c.system.lattice);
    if (m < 2) throw new RewireError(`config.system.base${tag}`, `${c.system.base} Å is too small for one layer of a pyramid at a = ${c.system.lattice} Å`, `use at least ${(c.system.lattice / Math.SQRT2).toFixed(2)} Å (paper: 42)`);
    if (c.system.fixedLayers >= m) throw new RewireError(`config.system.fixedLayers${tag}`, `must be < ${m}, the number of layers per tip (got ${c.system.fixedLayers})`, 'use 1 (the base layer, as in the paper)');
    if (c.system.gap < 0.5) throw new RewireError(`config.system.gap${tag}`, `${c.system.gap} Å would put the apex atoms closer than 0.5 Å`, 'use a gap ≥ 0.5 Å (paper: 8.3)');
  }
}

function resolvePaths(c: RunConfig, baseDir: string, check: boolean, tag: string): void {
  const fix = (field: string, p: string): string => {
    const abs = path.isAbsolute(p) ? p : path.resolve(baseDir, p);
    if (check && !existsSync(abs)) throw new RewireError(`${field}${tag}`, `file not found: ${abs}`, `give a path that exists (relative paths are relative to ${baseDir})`);
    return abs;
  };
  if (c.system.builder === 'file') c.system.path = fix('config.system.path', c.system.path);
  if (c.potential.kind === 'eam' && c.potential.file) c.potential.file = fix('config.potential.file', c.potential.file);
  if (c.potential.kind === 'reaxff' && c.potential.ffield) c.potential.ffield = fix('config.potential.ffield', c.potential.ffield);
}

function timestamp(d: Date): string {
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** Advice that is not an error (printed by the runner before it starts). */
export function configWarnings(c: RunConfig): string[] {
  const w: string[] = [];
  const o = c.output;
  if (c.transport.enabled && (o.snapshotEvery === 0 || o.snapshotEvery > c.md.steps)) {
    w.push(`output.snapshotEvery (${o.snapshotEvery}) gives no snapshot in ${c.md.steps} production steps: the conductance trace will be empty`);
  }
  if (o.checkpointEvery === 0) w.push('output.checkpointEvery is 0: only a final checkpoint is written, so an interrupted run cannot resume');
  if (c.potential.kind === 'reaxff' && c.md.dt > 1) w.push(`md.dt = ${c.md.dt} fs is large for ReaxFF (the paper uses 1 fs)`);
  if (c.potential.kind === 'reaxff' && !c.echemdid) w.push('echemdid is null: ReaxFF runs without an applied voltage');
  if ((c.system.builder === 'tips' || c.system.builder === 'fcc') && c.potential.kind in LATTICE_FOR_POTENTIAL) {
    const a0 = LATTICE_FOR_POTENTIAL[c.potential.kind];
    if (Math.abs(c.system.lattice - a0) > 0.05) w.push(`system.lattice = ${c.system.lattice} Å differs from the ${c.potential.kind} equilibrium lattice (${a0} Å): the tips start strained`);
  }
  return w;
}
